"""The rules every pack follows, whether kept in the database (a member's) or in the session
(a visitor's): published practices only, each once, at most `PACK_MAX`, a title that fits.

Each function takes the pack's practice ids in order and returns the new order, or raises
`ValidationError` with a message for the reader; nothing is changed by the caller then.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice

# A pack is for a workshop or an evening's reading: fifty practices make a PDF of a hundred
# pages or so, which WeasyPrint writes in seconds.
PACK_MAX = 50
TITLE_MAX = 120


def published_id(slug: str) -> int:
    """The id of the published practice with this slug; a clear error for anything else."""
    found = (
        Practice.objects.filter(slug=slug, status=PracticeStatus.PUBLISHED)
        .values_list("id", flat=True)
        .first()
    )
    if found is None:
        raise ValidationError(_("There is no published practice “%(slug)s” to add.") % {"slug": slug})
    return int(found)


def slugs_to_ids(ids: list[int], slugs: Iterable[str]) -> list[int]:
    """The ids of `slugs` among the pack's practices (`ids`), in the order given."""
    by_slug = dict(Practice.objects.filter(id__in=ids).values_list("slug", "id"))
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        raise ValidationError(
            _("“%(slug)s” is not in this pack; reload the page and try again.") % {"slug": missing[0]}
        )
    return [by_slug[slug] for slug in slugs]


def with_added(ids: list[int], practice_id: int) -> list[int]:
    if practice_id in ids:
        return ids
    if len(ids) >= PACK_MAX:
        raise ValidationError(
            ngettext(
                "A pack holds at most %(max)d practice: remove one before adding another.",
                "A pack holds at most %(max)d practices: remove one before adding another.",
                PACK_MAX,
            )
            % {"max": PACK_MAX}
        )
    return [*ids, practice_id]


def without(ids: list[int], practice_id: int) -> list[int]:
    if practice_id not in ids:
        raise ValidationError(_("This practice is not in the pack."))
    return [pk for pk in ids if pk != practice_id]


def reordered(ids: list[int], new_order: list[int]) -> list[int]:
    """`new_order` must hold exactly the pack's practices, each once."""
    if len(new_order) != len(ids) or set(new_order) != set(ids):
        raise ValidationError(_("The new order must list every practice of the pack once; reload the page."))
    return new_order


def moved(ids: list[int], practice_id: int, step: int) -> list[int]:
    """The order with one practice moved up (step -1) or down (+1); unchanged at either end."""
    if practice_id not in ids:
        raise ValidationError(_("This practice is not in the pack."))
    at = ids.index(practice_id)
    to = max(0, min(len(ids) - 1, at + step))
    order = list(ids)
    order.insert(to, order.pop(at))
    return order


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give the pack a title."))
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("A title has at most %(max)d characters (this one has %(count)d).")
            % {"max": TITLE_MAX, "count": len(title)}
        )
    return title


def capped(ids: list[int], total: int) -> tuple[list[int], str]:
    """The first `PACK_MAX` of a search's results, and what to tell the reader when more matched."""
    if total <= PACK_MAX:
        return ids[:PACK_MAX], ""
    return ids[:PACK_MAX], ngettext(
        "%(total)d practice matched: the pack holds the first %(max)d. Add words or filters to choose others.",
        "%(total)d practices matched: the pack holds the first %(max)d. Add words or filters to choose others.",
        total,
    ) % {"total": total, "max": PACK_MAX}
