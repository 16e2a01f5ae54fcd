"""A visitor's pack, kept in their session (no account, nothing in the database).

It follows the same `rules` as a member's pack, downloads the same PDF, but has no shared
link: a link that outlives the session needs an owner who can revoke it, so sharing asks the
visitor to sign in. Signing in starts a new session, so the pack does not follow the visitor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from connective.practices.packs import rules
from connective.practices.search.selectors import SearchParams, practice_search_ids

KEY = "practice_pack"


@dataclass
class SessionPack:
    title: str = ""
    ids: list[int] = field(default_factory=list)
    updated_at: datetime | None = None


def session_pack(session: SessionBase) -> SessionPack:
    raw = session.get(KEY) or {}
    try:
        updated = datetime.fromisoformat(raw["updated"]) if raw.get("updated") else None
        ids = [int(pk) for pk in raw.get("ids", [])][: rules.PACK_MAX]
    except (TypeError, ValueError):
        return SessionPack()
    return SessionPack(title=str(raw.get("title", "")), ids=ids, updated_at=updated)


def _save(session: SessionBase, pack: SessionPack) -> None:
    session[KEY] = {"title": pack.title, "ids": pack.ids, "updated": timezone.now().isoformat()}


def session_pack_add(session: SessionBase, *, slug: str) -> bool:
    pack = session_pack(session)
    practice_id = rules.published_id(slug)
    if practice_id in pack.ids:
        return False
    pack.ids = rules.with_added(pack.ids, practice_id)
    pack.title = pack.title or _("My pack of good practices")
    _save(session, pack)
    return True


def session_pack_remove(session: SessionBase, *, slug: str) -> None:
    pack = session_pack(session)
    (practice_id,) = rules.slugs_to_ids(pack.ids, [slug])
    pack.ids = rules.without(pack.ids, practice_id)
    _save(session, pack)


def session_pack_move(session: SessionBase, *, slug: str, step: int) -> None:
    pack = session_pack(session)
    (practice_id,) = rules.slugs_to_ids(pack.ids, [slug])
    pack.ids = rules.moved(pack.ids, practice_id, step)
    _save(session, pack)


def session_pack_rename(session: SessionBase, *, title: str) -> None:
    pack = session_pack(session)
    pack.title = rules.clean_title(title)
    _save(session, pack)


def session_pack_from_search(
    session: SessionBase, *, params: SearchParams, title: str, ui_language: str
) -> str:
    """Replace the session's pack by a search's first results; the note when more matched."""
    title = rules.clean_title(title)
    ids, total = practice_search_ids(params, limit=rules.PACK_MAX, ui_language=ui_language)
    if not ids:
        raise ValidationError(_("This search finds no practice: there is nothing to put in a pack."))
    ids, note = rules.capped(ids, total)
    _save(session, SessionPack(title=title, ids=ids))
    return note
