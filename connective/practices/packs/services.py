"""Writes about a member's packs. Each checks that the actor owns the pack, follows `rules`,
and writes an audit event in the same transaction; bad input raises `ValidationError` with a
message for the reader and changes nothing."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.accounts.models import User
from connective.core.events import record_event
from connective.practices.choices import PackEvent
from connective.practices.packs import rules
from connective.practices.packs.models import PracticePack, PracticePackItem
from connective.practices.search.selectors import SearchParams, practice_search_ids


def _ids(pack: PracticePack) -> list[int]:
    return list(pack.items.order_by("position").values_list("practice_id", flat=True))


def _require_owner(actor: User, pack: PracticePack) -> None:
    if actor.pk is None or pack.owner_id != actor.pk:
        raise ValidationError(_("This pack is not yours: only its owner changes it."))


def _store(pack: PracticePack, ids: list[int]) -> None:
    """Write the pack's items in this order (a pack is small: rewritten whole)."""
    pack.items.all().delete()
    PracticePackItem.objects.bulk_create(
        PracticePackItem(pack=pack, practice_id=pk, position=position) for position, pk in enumerate(ids)
    )
    pack.updated_at = timezone.now()
    pack.save(update_fields=["updated_at"])


@transaction.atomic
def pack_create(*, actor: User, title: str, practice_ids: list[int] | None = None) -> PracticePack:
    """A new pack of `actor`'s (it becomes their current pack), with these practices in order.
    Precondition: the ids are of published practices (`rules.published_id`, a search)."""
    title = rules.clean_title(title)
    ids = list(dict.fromkeys(practice_ids or []))
    if len(ids) > rules.PACK_MAX:
        raise ValidationError(_("A pack holds at most %(max)d practices.") % {"max": rules.PACK_MAX})
    pack = PracticePack.objects.create(owner=actor, title=title)
    _store(pack, ids)
    record_event(actor=actor, kind=PackEvent.CREATED, target=pack, practices=len(ids))
    return pack


@transaction.atomic
def pack_add(*, actor: User, pack: PracticePack | None, slug: str) -> bool:
    """Add the published practice `slug` at the end; False when it was already in the pack.
    Without a pack (`pack` None), the practice starts the actor's first one."""
    practice_id = rules.published_id(slug)
    if pack is None:
        pack_create(actor=actor, title=_("My pack of good practices"), practice_ids=[practice_id])
        return True
    _require_owner(actor, pack)
    ids = _ids(pack)
    if practice_id in ids:
        return False
    _store(pack, rules.with_added(ids, practice_id))
    record_event(actor=actor, kind=PackEvent.ADDED, target=pack, practice=practice_id)
    return True


@transaction.atomic
def pack_remove(*, actor: User, pack: PracticePack, slug: str) -> None:
    _require_owner(actor, pack)
    ids = _ids(pack)
    (practice_id,) = rules.slugs_to_ids(ids, [slug])
    _store(pack, rules.without(ids, practice_id))
    record_event(actor=actor, kind=PackEvent.REMOVED, target=pack, practice=practice_id)


@transaction.atomic
def pack_reorder(*, actor: User, pack: PracticePack, slugs: list[str]) -> None:
    """Put the pack's practices in the order of `slugs`, which must name each of them once."""
    _require_owner(actor, pack)
    ids = _ids(pack)
    _store(pack, rules.reordered(ids, rules.slugs_to_ids(ids, slugs)))
    record_event(actor=actor, kind=PackEvent.REORDERED, target=pack)


@transaction.atomic
def pack_move(*, actor: User, pack: PracticePack, slug: str, step: int) -> None:
    """Move one practice up (step -1) or down (+1): the page's buttons, which work without JavaScript."""
    _require_owner(actor, pack)
    ids = _ids(pack)
    (practice_id,) = rules.slugs_to_ids(ids, [slug])
    _store(pack, rules.moved(ids, practice_id, step))
    record_event(actor=actor, kind=PackEvent.REORDERED, target=pack)


@transaction.atomic
def pack_rename(*, actor: User, pack: PracticePack, title: str) -> None:
    _require_owner(actor, pack)
    pack.title = rules.clean_title(title)
    pack.save(update_fields=["title", "updated_at"])
    record_event(actor=actor, kind=PackEvent.RENAMED, target=pack)


@transaction.atomic
def pack_make_current(*, actor: User, pack: PracticePack) -> None:
    """Work on an earlier pack again: it becomes the actor's current pack (changed last)."""
    _require_owner(actor, pack)
    pack.save(update_fields=["updated_at"])


@transaction.atomic
def pack_rotate_link(*, actor: User, pack: PracticePack) -> PracticePack:
    """Revoke the shared link: a new `public_id`; the old link answers 404 from now on."""
    _require_owner(actor, pack)
    pack.public_id = uuid.uuid4()
    pack.save(update_fields=["public_id", "updated_at"])
    record_event(actor=actor, kind=PackEvent.LINK_ROTATED, target=pack)
    return pack


def pack_from_search(
    *, actor: User, params: SearchParams, title: str, ui_language: str
) -> tuple[PracticePack, str]:
    """A new pack of a search's first `rules.PACK_MAX` results in the search's order, and a
    message when more matched. A search that finds nothing makes no pack."""
    ids, total = practice_search_ids(params, limit=rules.PACK_MAX, ui_language=ui_language)
    if not ids:
        raise ValidationError(_("This search finds no practice: there is nothing to put in a pack."))
    ids, note = rules.capped(ids, total)
    return pack_create(actor=actor, title=title, practice_ids=ids), note
