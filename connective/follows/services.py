"""Writes of follows and bookmarks, and the handlers that turn what happened elsewhere (a new
discussion, a published practice, a question under a practice) into news for the followers.

A handler runs after commit, in the background, and may run twice: it records its news event
once per source event (looked up by the source's id), and only when someone follows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.conversations.choices import ConversationEvent
from connective.conversations.models import PracticeThread
from connective.core.errors import NotAllowed
from connective.core.events import event_target, record_event, subscribe
from connective.core.models import AuditEvent, Theme
from connective.discussions.access import may_see_thread
from connective.discussions.choices import DiscussionEvent
from connective.discussions.models import Post, Thread
from connective.follows.choices import FollowEvent
from connective.follows.models import Bookmark, Follow
from connective.members.roles import viewer_for
from connective.practices.access import may_see
from connective.practices.choices import PracticeEvent
from connective.practices.models import Practice
from connective.spaces.access import can_read
from connective.spaces.choices import SpaceKind
from connective.spaces.models import Space

Target = Theme | Space | Practice | Thread


def _may_follow(actor: User, target: Target) -> bool:
    viewer = viewer_for(actor)
    if not viewer.can_see_members:
        return False
    if isinstance(target, Theme):
        return target.merged_into_id is None
    if isinstance(target, Space):
        return target.kind != SpaceKind.CONVERSATION and can_read(viewer, target)
    if isinstance(target, Practice):
        return may_see(viewer=viewer, practice=target)
    return may_see_thread(viewer, target) and target.space.kind != SpaceKind.CONVERSATION


def _field(target: Target) -> str:
    return {Theme: "theme", Space: "space", Practice: "practice", Thread: "thread"}[type(target)]


@transaction.atomic
def follow_set(*, actor: User, target: Theme | Space | Practice, on: bool) -> bool:
    """Follow a theme, a section or a practice (`on`), or stop. Returns whether the actor now
    follows it. Members only, and only what they may read."""
    if not _may_follow(actor, target) or isinstance(target, Thread):
        raise NotAllowed(_("You cannot follow this."))
    field = _field(target)
    if on:
        lookup: dict[str, object] = {field: target}
        _follow, created = Follow.objects.get_or_create(user=actor, **lookup)  # type: ignore[arg-type]
        if created:
            record_event(kind=FollowEvent.FOLLOWED, actor=actor, target=target)
    elif Follow.objects.filter(user=actor, **{field: target}).delete()[0]:
        record_event(kind=FollowEvent.UNFOLLOWED, actor=actor, target=target)
    return on


@transaction.atomic
def bookmark_set(*, actor: User, target: Practice | Thread, on: bool) -> bool:
    """Save a practice or a discussion to find it again (`on`), or take it away."""
    if not isinstance(target, Practice | Thread):
        raise ValidationError({"kind": _("Only practices and discussions can be saved.")})
    if not _may_follow(actor, target):
        raise NotAllowed(_("You cannot save this."))
    field = _field(target)
    if on:
        lookup: dict[str, object] = {field: target}
        _bookmark, created = Bookmark.objects.get_or_create(user=actor, **lookup)  # type: ignore[arg-type]
        if created:
            record_event(kind=FollowEvent.BOOKMARKED, actor=actor, target=target)
    elif Bookmark.objects.filter(user=actor, **{field: target}).delete()[0]:
        record_event(kind=FollowEvent.UNBOOKMARKED, actor=actor, target=target)
    return on


# -- news for followers ---------------------------------------------------------------------


def _once(kind: FollowEvent, source: AuditEvent, target: Practice | Thread | Post, **data: object) -> None:
    if AuditEvent.objects.filter(action=kind.value, data__source=source.pk).exists():
        return
    record_event(kind=kind, actor=source.actor, target=target, source=source.pk, **data)


def on_thread_started(event: AuditEvent) -> None:
    thread = event_target(event, Thread)
    if thread is None or thread.space.kind == SpaceKind.CONVERSATION:
        return
    if Follow.objects.filter(space_id=thread.space_id).exists():
        _once(FollowEvent.NEW_THREAD, event, thread, space=thread.space_id)


def on_practice_published(event: AuditEvent) -> None:
    practice = event_target(event, Practice)
    if practice is None or not practice.is_published:
        return
    themes = list(practice.themes.values_list("pk", flat=True))
    if Follow.objects.filter(theme_id__in=themes).exists():
        _once(FollowEvent.NEW_PRACTICE, event, practice, themes=themes)


def on_question_asked(event: AuditEvent) -> None:
    post = event_target(event, Post)
    if post is None:
        return
    link = (
        PracticeThread.objects.filter(thread_id=post.thread_id).values_list("practice_id", flat=True).first()
    )
    if link is not None and Follow.objects.filter(practice_id=link).exists():
        _once(FollowEvent.NEW_QUESTION, event, post, practice=link)


def subscribe_handlers() -> None:
    subscribe(DiscussionEvent.STARTED, handler=on_thread_started)
    subscribe(PracticeEvent.PUBLISHED, handler=on_practice_published)
    subscribe(ConversationEvent.QUESTION_ASKED, handler=on_question_asked)
