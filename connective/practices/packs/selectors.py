"""Reads about packs: a pack's published practices in order, and what its page and PDF show.

Public content only, whoever reads: the practices' own text (never contacts or authors) and
the owner's name only for a reader who may see members (`Viewer.can_see_members`) or the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from connective.members.roles import Viewer
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, PracticePack


@dataclass
class PackContents:
    """What a pack shows: its published practices in its order, how many dropped out (no
    longer published), and who may be named as its maker."""

    title: str
    practices: list[Practice]
    missing: int
    made_by: str
    updated_at: datetime | None
    public_id: UUID | None = None


def pack_item_ids(pack: PracticePack) -> list[int]:
    return list(pack.items.order_by("position").values_list("practice_id", flat=True))


def published_in_order(ids: list[int], *, full: bool = False) -> tuple[list[Practice], int]:
    """The published practices among `ids`, in that order, and how many of `ids` are not (any
    more). Two queries (practices with their language, then their themes; with `full`, the
    goals too, for the PDF), whatever the size of the library."""
    rows: QuerySet[Practice] = Practice.objects.filter(id__in=ids, status=PracticeStatus.PUBLISHED)
    rows = rows.select_related("language").prefetch_related(*(("themes", "sdgs") if full else ("themes",)))
    by_id = {practice.pk: practice for practice in rows}
    practices = [by_id[pk] for pk in ids if pk in by_id]
    return practices, len(ids) - len(practices)


def made_by(*, owner_name: str | None, viewer: Viewer, is_owner: bool) -> str:
    """Who the cover names: the owner for readers who may see members, else no name."""
    if owner_name and (is_owner or viewer.can_see_members):
        return owner_name
    return _("a reader of Connective Cities")


def pack_list_mine(*, viewer: Viewer, limit: int = 20) -> list[PracticePack]:
    """The viewer's own packs, the current one (changed last) first: one query."""
    if viewer.user_id is None:
        return []
    return list(
        PracticePack.objects.filter(owner_id=viewer.user_id)
        .select_related("owner")
        .order_by("-updated_at", "-id")[:limit]
    )


def pack_contents(*, pack: PracticePack, viewer: Viewer, full: bool = False) -> PackContents:
    practices, missing = published_in_order(pack_item_ids(pack), full=full)
    is_owner = viewer.user_id == pack.owner_id
    owner_name = pack.owner.full_name if (is_owner or viewer.can_see_members) else None
    return PackContents(
        title=pack.title,
        practices=practices,
        missing=missing,
        made_by=made_by(owner_name=owner_name, viewer=viewer, is_owner=is_owner),
        updated_at=pack.updated_at,
        public_id=pack.public_id,
    )
