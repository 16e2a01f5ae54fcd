"""What follows keep about a person, declared to the registry (`core.personal_data`): what they
follow and what they saved. Both are deleted with the account."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, register


def _follows(user: Any) -> Rows:
    from connective.follows.models import Follow

    rows = (
        Follow.objects.filter(user=user).select_related("theme", "space", "practice").order_by("created_at")
    )
    return [
        {
            "theme": follow.theme.name if follow.theme else None,
            "section": follow.space.name if follow.space else None,
            "practice": follow.practice.title if follow.practice else None,
            "since": follow.created_at,
        }
        for follow in rows
    ]


def _bookmarks(user: Any) -> Rows:
    from connective.follows.models import Bookmark

    rows = Bookmark.objects.filter(user=user).select_related("practice", "thread").order_by("created_at")
    return [
        {
            "practice": bookmark.practice.title if bookmark.practice else None,
            "discussion": bookmark.thread.title if bookmark.thread else None,
            "saved": bookmark.created_at,
        }
        for bookmark in rows
    ]


def _erase_follows(user: Any) -> int:
    from connective.follows.models import Follow

    return Follow.objects.filter(user=user).delete()[0]


def _erase_bookmarks(user: Any) -> int:
    from connective.follows.models import Bookmark

    return Bookmark.objects.filter(user=user).delete()[0]


def register_parts() -> None:
    from connective.follows.models import Bookmark, Follow

    register(
        Part(
            name="follows",
            models=(Follow,),
            what=_("The themes, sections and practices you follow"),
            why=_("To tell you what is new there"),
            kept=_("Until you stop following; deleted with your account"),
            seen_by=_("Only you"),
            erasure=Erasure.DELETE,
            export=_follows,
            erase=_erase_follows,
        )
    )
    register(
        Part(
            name="bookmarks",
            models=(Bookmark,),
            what=_("The practices and discussions you bookmarked"),
            why=_("To let you find them again"),
            kept=_("Until you remove them; deleted with your account"),
            seen_by=_("Only you"),
            erasure=Erasure.DELETE,
            export=_bookmarks,
            erase=_erase_bookmarks,
        )
    )
