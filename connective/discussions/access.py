"""The only way a view gets a discussion, a post, a file or a report: each helper answers 404 to
whoever may not read it, so a closed section's discussions do not even show they exist.

Reading follows the space (spaces.scoping); a hidden thread stays readable to the space's
moderators and its author only; a hidden post's text to the moderators and its author (others
see that it was hidden). Moderating follows `spaces.access.can_moderate`.
"""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404

from connective.discussions.models import Post, PostAttachment, PostReport, Thread
from connective.spaces.access import MODERATING_ROLES, can_moderate, can_read
from connective.spaces.models import Space
from connective.spaces.scoping import SpaceViewer


def moderated_spaces_q(viewer: SpaceViewer, *, path: str = "") -> Q:
    """A filter on `Space` (or rows reaching one through `path`, e.g. "space__") for the spaces
    `viewer` moderates: the same rule as `can_moderate`, in SQL."""
    if viewer.is_staff:
        return Q()
    if viewer.user_id is None:
        return Q(**{f"{path}pk__in": []})
    moderated = [pk for pk, role in viewer.memberships.items() if role in MODERATING_ROLES]
    return Q(**{f"{path}pk__in": moderated}) | Q(**{f"{path}region__in": list(viewer.coordinates)})


def visible_threads_q(viewer: SpaceViewer, *, path: str = "") -> Q:
    """Among readable threads, those shown to `viewer`: not hidden, or hidden and theirs or in a
    space they moderate."""
    q = Q(**{f"{path}hidden_at__isnull": True}) | moderated_spaces_q(viewer, path=f"{path}space__")
    if viewer.user_id is not None:
        q |= Q(**{f"{path}author_id": viewer.user_id})
    return q


def may_see_thread(viewer: SpaceViewer, thread: Thread) -> bool:
    if not can_read(viewer, thread.space):
        return False
    if thread.hidden_at is None:
        return True
    return thread.author_id == viewer.user_id or can_moderate(viewer, thread.space)


def may_see_post_text(viewer: SpaceViewer, post: Post) -> bool:
    """A hidden post's text: its author and the space's moderators only."""
    return (
        post.hidden_at is None or post.author_id == viewer.user_id or can_moderate(viewer, post.thread.space)
    )


def space_get_for(*, viewer: SpaceViewer, slug: str) -> Space:
    space = Space.objects.filter(slug=slug).first()
    if space is None or not can_read(viewer, space):
        raise Http404
    return space


def thread_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> Thread:
    thread = (
        Thread.objects.for_viewer(viewer)
        .select_related("space", "space__parent", "author", "moved_from")
        .filter(public_id=public_id)
        .first()
    )
    if thread is None or not may_see_thread(viewer, thread):
        raise Http404
    return thread


def post_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> Post:
    post = (
        Post.objects.for_viewer(viewer)
        .select_related("thread", "thread__space", "author")
        .filter(public_id=public_id)
        .first()
    )
    if post is None or not may_see_thread(viewer, post.thread):
        raise Http404
    return post


def post_text_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> Post:
    """A post whose text (and history) the viewer may read."""
    post = post_get_for(viewer=viewer, public_id=public_id)
    if not may_see_post_text(viewer, post):
        raise Http404
    return post


def moderated_thread_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> Thread:
    thread = thread_get_for(viewer=viewer, public_id=public_id)
    if not can_moderate(viewer, thread.space):
        raise Http404
    return thread


def moderated_post_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> Post:
    post = post_get_for(viewer=viewer, public_id=public_id)
    if not can_moderate(viewer, post.thread.space):
        raise Http404
    return post


def attachment_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> PostAttachment:
    attachment = (
        PostAttachment.objects.select_related("post", "post__thread", "post__thread__space")
        .filter(public_id=public_id)
        .first()
    )
    if attachment is None:
        raise Http404
    post = attachment.post
    if not may_see_thread(viewer, post.thread) or not may_see_post_text(viewer, post):
        raise Http404
    return attachment


def report_get_for(*, viewer: SpaceViewer, public_id: uuid.UUID) -> PostReport:
    report = (
        PostReport.objects.select_related("post", "post__thread", "post__thread__space")
        .filter(public_id=public_id)
        .first()
    )
    if report is None or not can_moderate(viewer, report.post.thread.space):
        raise Http404
    return report
