"""Reads of follows and bookmarks: what the viewer saved and follows, and whether they follow
or saved one thing (for its buttons). Fixed query counts whatever the number of rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from connective.discussions.access import visible_threads_q
from connective.discussions.models import Thread
from connective.follows.models import Bookmark, Follow
from connective.members.roles import Viewer
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.spaces.choices import SpaceKind
from connective.spaces.scoping import readable_spaces_q


def bookmarks_for(*, viewer: Viewer) -> QuerySet[Bookmark]:
    """The viewer's bookmarks, newest first, of what they may still read (a practice unpublished
    since, a discussion in a section they left, drop out of the list)."""
    if viewer.user_id is None:
        return Bookmark.objects.none()
    readable_thread = (
        Q(thread__isnull=False)
        & readable_spaces_q(viewer, path="thread__space__")
        & ~Q(thread__space__kind=SpaceKind.CONVERSATION)
    )
    visible_thread = visible_threads_q(viewer, path="thread__")
    return (
        Bookmark.objects.filter(user_id=viewer.user_id)
        .filter(Q(practice__status=PracticeStatus.PUBLISHED) | (readable_thread & visible_thread))
        .select_related("practice", "thread", "thread__space")
        .order_by("-created_at", "-id")
    )


def follows_for(*, viewer: Viewer) -> QuerySet[Follow]:
    if viewer.user_id is None:
        return Follow.objects.none()
    return (
        Follow.objects.filter(user_id=viewer.user_id)
        .filter(Q(practice__isnull=True) | Q(practice__status=PracticeStatus.PUBLISHED))
        .filter(Q(space__isnull=True) | readable_spaces_q(viewer, path="space__"))
        .select_related("theme", "space", "practice")
        .order_by("-created_at", "-id")
    )


def follows(*, user_id: int | None, **target: object) -> bool:
    return user_id is not None and Follow.objects.filter(user_id=user_id, **target).exists()


def saved(*, user_id: int | None, **target: object) -> bool:
    return user_id is not None and Bookmark.objects.filter(user_id=user_id, **target).exists()


def practice_follows(*, user_id: int, practice: Practice, themes: list[Any]) -> tuple[bool, set[int]]:
    """Whether the member follows `practice`, and which of `themes` they follow (one query)."""
    rows = Follow.objects.filter(
        Q(practice=practice) | Q(theme__in=[theme.pk for theme in themes]), user_id=user_id
    ).values_list("practice_id", "theme_id")
    following = False
    followed: set[int] = set()
    for practice_id, theme_id in rows:
        following = following or practice_id == practice.pk
        if theme_id is not None:
            followed.add(theme_id)
    return following, followed


def followed_theme_ids(*, user_id: int) -> set[int]:
    return set(Follow.objects.filter(user_id=user_id, theme__isnull=False).values_list("theme_id", flat=True))


def new_practices_on_followed_themes(*, user_id: int, since: datetime, limit: int = 10) -> list[Practice]:
    """Published practices on the themes the member follows, published since `since`."""
    themes = Follow.objects.filter(user_id=user_id, theme__isnull=False).values("theme_id")
    return list(
        Practice.objects.filter(status=PracticeStatus.PUBLISHED, published_at__gte=since, themes__in=themes)
        .distinct()
        .order_by("-published_at", "-id")[:limit]
    )


def new_threads_in_followed_spaces(*, viewer: Viewer, since: datetime, limit: int = 10) -> list[Thread]:
    """Discussions started since `since` in the sections the member follows and may read."""
    spaces = Follow.objects.filter(user_id=viewer.user_id or 0, space__isnull=False).values("space_id")
    return list(
        Thread.objects.for_viewer(viewer)
        .filter(visible_threads_q(viewer), space__in=spaces, created_at__gte=since)
        .exclude(space__kind=SpaceKind.CONVERSATION)
        .select_related("space")
        .order_by("-created_at", "-id")[:limit]
    )
