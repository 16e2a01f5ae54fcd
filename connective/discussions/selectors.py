"""Reads of discussions, scoped to the viewer (spaces.scoping) and prefetched: every list and
page reads a fixed number of queries whatever the number of threads and posts."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from connective.discussions.access import moderated_spaces_q, visible_threads_q
from connective.discussions.mentions import MentionedMember, slugs_in
from connective.discussions.models import Post, PostAttachment, PostReport, PostRevision, Thread
from connective.members.models import MemberProfile
from connective.members.roles import Viewer
from connective.spaces.choices import SpaceKind
from connective.spaces.models import Space
from connective.spaces.scoping import readable_spaces_q

POSTS_PER_PAGE = 20


def _with_reading(threads: QuerySet[Thread], viewer: Viewer) -> QuerySet[Thread]:
    """Each thread with `read_number`: how far the viewer has read it (0: never opened)."""
    from connective.discussions.models import ThreadRead

    if viewer.user_id is None:
        return threads.annotate(read_number=F("reply_count") + 1)
    last_read = ThreadRead.objects.filter(user_id=viewer.user_id, thread=OuterRef("pk")).values(
        "last_read_number"
    )[:1]
    return threads.annotate(read_number=Coalesce(Subquery(last_read), 0))


def thread_list_for(*, viewer: Viewer, space: Space | None = None) -> QuerySet[Thread]:
    """The discussions `viewer` may read, newest activity first (in one space: pinned first),
    each with `read_number` to mark what is unread."""
    # Conversations (direct messages) have their own pages (conversations app), never these lists.
    threads = (
        Thread.objects.for_viewer(viewer)
        .filter(visible_threads_q(viewer))
        .exclude(space__kind=SpaceKind.CONVERSATION)
        .select_related("space", "author")
    )
    if space is not None:
        threads = threads.filter(space=space).order_by("-pinned", "-last_post_at", "-id")
    else:
        threads = threads.order_by("-last_post_at", "-id")
    return _with_reading(threads, viewer)


def spaces_readable_by(*, viewer: Viewer) -> QuerySet[Space]:
    """The spaces whose discussions the viewer may filter by."""
    return (
        Space.objects.filter(readable_spaces_q(viewer))
        .exclude(kind=SpaceKind.CONVERSATION)
        .order_by("kind", "name")
    )


def spaces_moderated_by(*, viewer: Viewer) -> QuerySet[Space]:
    """Where a moderator may move a discussion (archived spaces left out)."""
    return Space.objects.filter(moderated_spaces_q(viewer), archived_at__isnull=True).order_by("kind", "name")


@dataclass(frozen=True)
class PostPage:
    posts: list[Post]
    number: int
    pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def last_number(self) -> int:
        return self.posts[-1].number if self.posts else 0


def page_count(thread: Thread, per_page: int = POSTS_PER_PAGE) -> int:
    return max(1, math.ceil(thread.post_count / per_page))


def thread_posts_page(
    *, viewer: Viewer, thread: Thread, page: int, per_page: int = POSTS_PER_PAGE
) -> PostPage:
    """One page of a thread's posts, by their numbers (an index range, never an OFFSET), with
    their authors and files. A page past the end gives the last page."""
    pages = page_count(thread, per_page)
    page = min(max(1, page), pages)
    first = (page - 1) * per_page + 1
    posts = list(
        Post.objects.for_viewer(viewer)
        .filter(thread=thread, number__gte=first, number__lt=first + per_page)
        .select_related("author")
        .prefetch_related(
            Prefetch("attachments", queryset=PostAttachment.objects.order_by("created_at", "id"))
        )
        .order_by("number")
    )
    return PostPage(posts=posts, number=page, pages=pages)


def page_of_post(number: int, per_page: int = POSTS_PER_PAGE) -> int:
    return (number - 1) // per_page + 1


def post_revisions(*, post: Post) -> QuerySet[PostRevision]:
    """A post's earlier texts, newest first (the viewer's access to the post is checked by access)."""
    return PostRevision.objects.filter(post=post).select_related("editor").order_by("-edited_at", "-id")


def report_queue_for(*, viewer: Viewer) -> QuerySet[PostReport]:
    """Open reports on posts in the spaces `viewer` moderates, oldest first."""
    return (
        PostReport.objects.filter(resolved_at__isnull=True)
        .filter(moderated_spaces_q(viewer, path="post__thread__space__"))
        .select_related("post", "post__author", "post__thread", "post__thread__space", "reporter")
        .order_by("created_at", "id")
    )


def page_size() -> int:
    return int(getattr(settings, "PAGE_SIZE", 20))


def subscription_state(*, user_id: int, thread: Thread) -> str | None:
    """Whether the member follows (`subscribed`) or muted the thread; None: neither."""
    from connective.discussions.models import ThreadSubscription

    state: str | None = (
        ThreadSubscription.objects.filter(user_id=user_id, thread=thread)
        .values_list("state", flat=True)
        .first()
    )
    return state


SEARCH_TERMS_MAX = 6


def thread_search_for(*, viewer: Viewer, query: str) -> QuerySet[Thread]:
    """The discussions `viewer` may read whose title or a visible post holds every word of
    `query`, newest activity first; conversations (direct messages) are never searched. Hidden
    posts' words find nothing, so their text does not leak through a result."""
    from django.db.models import Exists, Q

    threads = thread_list_for(viewer=viewer)
    words = query.split()[:SEARCH_TERMS_MAX]
    if not words:
        return threads.none()
    for word in words:
        in_posts = Post.objects.unscoped().filter(
            thread=OuterRef("pk"), hidden_at__isnull=True, body__icontains=word
        )
        threads = threads.filter(Q(title__icontains=word) | Exists(in_posts))
    return threads


def mentioned_members_for(*, viewer: Viewer, texts: Iterable[str]) -> dict[uuid.UUID, MentionedMember]:
    """The members `texts` mention whose profile `viewer` may open (`Viewer.visible_profiles_q`),
    by profile slug: one query for a whole page of posts, none when nothing mentions anyone.
    A slug missing from the answer is shown as `@member` (mentions.link_mentions)."""
    slugs = slugs_in(texts)
    if not slugs:
        return {}
    rows = (
        MemberProfile.objects.filter(slug__in=slugs)
        .filter(viewer.visible_profiles_q())
        .values_list("slug", "user__full_name")
    )
    return {
        slug: MentionedMember(name=name, path=reverse("members:detail", args=[slug])) for slug, name in rows
    }
