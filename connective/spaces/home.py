"""The sections' share of the home page's "waiting for you": requests to join the sections the
viewer decides on (one query, and none for a viewer who moderates nothing)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from connective.core.home import Waiting
from connective.spaces.access import MODERATING_ROLES
from connective.spaces.choices import MembershipState, SpaceKind
from connective.spaces.models import Membership

SHOWN = 5  # sections listed at most; the busiest first


def home_waiting_for_moderator(viewer: Any) -> list[Waiting]:
    """Requests to join waiting in each section the viewer moderates, coordinates (their
    network's sections) or, for staff, in the sections across networks."""
    moderated = [space_id for space_id, role in viewer.memberships.items() if role in MODERATING_ROLES]
    where = Q(space_id__in=moderated) if moderated else Q(pk__in=[])
    if viewer.coordinates:
        where |= Q(space__region__in=sorted(viewer.coordinates), space__kind=SpaceKind.SECTION)
    if viewer.is_staff:
        where |= Q(space__kind=SpaceKind.GLOBAL_SECTION)
    if not (moderated or viewer.coordinates or viewer.is_staff):
        return []
    rows = (
        Membership.objects.filter(where, state=MembershipState.REQUESTED, space__archived_at__isnull=True)
        .values("space__slug", "space__name", "space__name_translations")
        .annotate(count=Count("pk"))
        .order_by("-count", "space__name")[:SHOWN]
    )
    language = (get_language() or "en").split("-")[0]
    items = []
    for row in rows:
        name = (row["space__name_translations"] or {}).get(language) or row["space__name"]
        # The section's name is member text: it keeps its own direction inside the sentence.
        label = mark_safe(  # noqa: S308 - the sentence is escaped, the name escaped inside <bdi>
            conditional_escape(
                ngettext(
                    "request to join the section %(section)s",
                    "requests to join the section %(section)s",
                    row["count"],
                )
            )
            % {"section": format_html("<bdi>{}</bdi>", name)}
        )
        items.append(
            Waiting(label=label, count=row["count"], url=reverse("spaces:detail", args=[row["space__slug"]]))
        )
    return items
