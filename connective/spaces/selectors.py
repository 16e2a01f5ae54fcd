"""Reads about spaces: a region's network space and coordinators, the sections a viewer may read,
a section's moderators and the requests to join it.

Spaces sit below accounts and members, so people are named through the user model
(`get_user_model()`), never an import of a higher app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from connective.spaces.choices import MembershipState, SpaceAccess, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.scoping import SpaceViewer, can_read_space, readable_spaces_q

SECTION_KINDS = (SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION)


def network_space(*, region: str) -> Space:
    """The space of the regional network of `region` (one per region, made by a data migration)."""
    return Space.objects.get(kind=SpaceKind.NETWORK, region=region)


def coordinator_memberships(*, region: str | None = None) -> QuerySet[Membership]:
    """The active coordinator roles of networks' spaces (of one region, or of all)."""
    memberships = Membership.objects.filter(
        role=SpaceRole.COORDINATOR, state=MembershipState.ACTIVE, space__kind=SpaceKind.NETWORK
    )
    if region is not None:
        memberships = memberships.filter(space__region=region)
    return memberships


def coordinators_of(*, region: str) -> QuerySet[Any]:
    """The people who coordinate the network of `region` (active accounts only), by name."""
    user_ids = coordinator_memberships(region=region).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "pk")


def coordinated_regions(*, user_id: int) -> list[str]:
    return sorted(coordinator_memberships().filter(user_id=user_id).values_list("space__region", flat=True))


def is_coordinator(*, user_id: int) -> bool:
    return coordinator_memberships().filter(user_id=user_id).exists()


@dataclass(frozen=True)
class SectionRow:
    """A section as the list shows it: its members counted, and the viewer's own place in it."""

    space: Space
    member_count: int
    joined: bool
    requested: bool
    # False for a closed section the viewer may ask to join: its name and description only.
    readable: bool


@dataclass(frozen=True)
class SectionGroup:
    """The sections of one network (or, with `network` None, those across networks)."""

    network: Space | None
    sections: list[SectionRow]


def section_list_for(*, viewer: SpaceViewer) -> list[SectionGroup]:
    """The sections `viewer` may read, grouped by network, each with its number of members and
    whether the viewer has joined it (`joined`) or asked to (`requested`); for a member, the
    closed sections they may ask to join too (their name and description are public, their
    members are not: `readable` is False and the count is left out). Two queries."""
    own = dict(Membership.objects.filter(user_id=viewer.user_id or 0).values_list("space_id", "state"))
    sections = list(
        Space.objects.filter(
            readable_spaces_q(viewer) | (Q(access=SpaceAccess.CLOSED) if viewer.is_member else Q(pk__in=[])),
            kind__in=SECTION_KINDS,
            archived_at__isnull=True,
        )
        .select_related("parent")
        .annotate(member_count=Count("memberships", filter=Q(memberships__state=MembershipState.ACTIVE)))
        .order_by("parent__region", "name", "pk")
    )
    groups: dict[int | None, SectionGroup] = {}
    for section in sections:
        state = own.get(section.pk)
        readable = can_read_space(
            viewer, space_id=section.pk, access=section.access, region=section.region, kind=section.kind
        )
        group = groups.setdefault(section.parent_id, SectionGroup(network=section.parent, sections=[]))
        group.sections.append(
            SectionRow(
                space=section,
                member_count=section.member_count if readable else 0,
                joined=state == MembershipState.ACTIVE,
                requested=state == MembershipState.REQUESTED,
                readable=readable,
            )
        )
    ordered = sorted(groups.values(), key=lambda g: (g.network is None, g.network.label if g.network else ""))
    return ordered


def section_moderators(*, space: Space) -> list[Any]:
    """The moderators and coordinators of a section, by name (users)."""
    rows = (
        Membership.objects.filter(
            space=space,
            state=MembershipState.ACTIVE,
            role__in=[SpaceRole.MODERATOR, SpaceRole.COORDINATOR],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    return [membership.user for membership in rows]


def section_member_count(*, space: Space) -> int:
    return Membership.objects.filter(space=space, state=MembershipState.ACTIVE).count()


def join_requests(*, space: Space) -> QuerySet[Membership]:
    """Who asked to join a closed section, oldest first (for its moderators)."""
    return (
        Membership.objects.filter(space=space, state=MembershipState.REQUESTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def own_membership(*, viewer: SpaceViewer, space: Space) -> Membership | None:
    if viewer.user_id is None:
        return None
    return Membership.objects.filter(space=space, user_id=viewer.user_id).first()


def networks_for_sections(*, viewer: SpaceViewer) -> QuerySet[Space]:
    """The network spaces where `viewer` may create a section (staff: all)."""
    spaces = Space.objects.filter(kind=SpaceKind.NETWORK)
    if viewer.is_staff:
        return spaces.order_by("name")
    return spaces.filter(region__in=list(viewer.coordinates)).order_by("name")


def access_label(space: Space) -> str:
    return _("Closed") if space.is_closed else _("Open")


def role_holders(*, space: Space) -> list[Membership]:
    """Who holds a role in `space`: its coordinators (a network) or moderators (a section)."""
    roles = (
        [SpaceRole.COORDINATOR]
        if space.kind == SpaceKind.NETWORK
        else [SpaceRole.MODERATOR, SpaceRole.COORDINATOR]
    )
    return list(
        Membership.objects.filter(space=space, state=MembershipState.ACTIVE, role__in=roles)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def plain_members(*, space: Space) -> QuerySet[Membership]:
    """A section's members without a role: those a moderator may be chosen from."""
    return (
        Membership.objects.filter(
            space=space, state=MembershipState.ACTIVE, role=SpaceRole.MEMBER, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
