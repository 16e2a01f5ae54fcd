"""Roles: who a person is (the Viewer), and what they may see of other members.

There are four roles: a visitor (no account), a member (an approved declaration of
membership), a regional coordinator (per region) and programme staff. A person signed in but
not yet approved is treated as a visitor everywhere except their own profile.

Views never test `is_staff` or coordinator rows themselves: they ask a `Viewer`, built once
per request by `ViewerMiddleware` (one query), or an access helper that does. The Viewer carries
identity and memberships (user, staff, member, region, the regions coordinated, the spaces and
roles held) and the rules that are members' own (who sees which profile field); what each app
lets a viewer do is a function of that app's `access.py`, taking the viewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Q

from connective.accounts.choices import Role
from connective.members.choices import MembershipStatus, Visibility


@dataclass(frozen=True)
class Viewer:
    """Who is asking, reduced to what the rules need."""

    user_id: int | None = None
    is_staff: bool = False
    is_member: bool = False
    region: str | None = None
    coordinates: frozenset[str] = field(default_factory=frozenset)
    # space id -> role (connective.spaces.choices.SpaceRole), active memberships only.
    memberships: Mapping[int, str] = field(default_factory=dict)
    # Their unread notifications: the bell in the header (read in the same query, so the bell
    # costs a signed-in page nothing).
    unread_notifications: int = 0

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def role(self) -> Role:
        if self.is_staff:
            return Role.STAFF
        if self.coordinates:
            return Role.COORDINATOR
        if self.is_member:
            return Role.MEMBER
        return Role.VISITOR

    def coordinates_region(self, region: str) -> bool:
        """Staff act for every network; a coordinator for their own regions."""
        return self.is_staff or region in self.coordinates

    # -- what they may see -------------------------------------------------------------

    @property
    def can_see_members(self) -> bool:
        """The directory, profiles and anything personal: members, coordinators and staff."""
        return self.is_member or self.is_staff or bool(self.coordinates)

    def can_see_field(self, *, owner_id: int, owner_region: str, level: int) -> bool:
        """Whether one field of a member's profile, shared at `level`, is shown to this viewer."""
        if self.user_id is not None and self.user_id == owner_id:
            return True
        if not self.can_see_members:
            return False
        if self.coordinates_region(owner_region):
            return True
        if level == Visibility.MEMBERS:
            return True
        if level == Visibility.NETWORK:
            return self.is_member and self.region == owner_region
        return False

    def visible_field_q(self, field_name: str, *, prefix: str = "") -> Q:
        """A filter matching the profiles whose `field_name` this viewer may see.

        Searching by a field must only match where the field is visible, or the search
        itself would reveal it.
        """
        if not self.can_see_members:
            return Q(pk__in=[])
        level = f"{prefix}{field_name}_visibility"
        region = f"{prefix}region"
        if self.is_staff:
            return Q()
        q = Q(**{level: Visibility.MEMBERS}) | Q(**{f"{region}__in": list(self.coordinates)})
        if self.is_member and self.region:
            q |= Q(**{level: Visibility.NETWORK, region: self.region})
        if self.user_id is not None:
            q |= Q(**{f"{prefix}user_id": self.user_id})
        return q

    def can_see_profile(self, *, owner_id: int, owner_region: str, status: str) -> bool:
        """Whether a member's profile page opens for this viewer.

        Approved profiles are seen by everyone who may see members; a pending or declined one
        only by its owner, the coordinators of its region and staff (who decide on it). The
        emptied profile of a deleted account opens for no one.
        """
        if status == MembershipStatus.ERASED:
            return False
        if self.user_id is not None and self.user_id == owner_id:
            return True
        if not self.can_see_members:
            return False
        return status == MembershipStatus.APPROVED or self.coordinates_region(owner_region)

    def visible_profiles_q(self, *, prefix: str = "") -> Q:
        """A filter matching the profiles `can_see_profile` opens (same rule, in SQL)."""
        owner = Q(**{f"{prefix}user_id": self.user_id}) if self.user_id is not None else Q(pk__in=[])
        erased = Q(**{f"{prefix}status": MembershipStatus.ERASED})
        if not self.can_see_members:
            return owner & ~erased
        if self.is_staff:
            return ~erased
        return (
            Q(**{f"{prefix}status": MembershipStatus.APPROVED})
            | Q(**{f"{prefix}region__in": list(self.coordinates)})
            | owner
        ) & ~erased

    # -- what they may do --------------------------------------------------------------

    def can_edit_profile(self, *, owner_id: int) -> bool:
        """Only the member themselves changes their profile, preferences and field visibility."""
        return self.user_id is not None and self.user_id == owner_id

    # What each app lets a viewer do lives in that app's access.py (practices.access,
    # consultations.access, networks.access...), asked of these facts.


VISITOR = Viewer()


def viewer_for(user: Any) -> Viewer:
    """Build the Viewer for a user (anonymous or not): one query.

    Every signed-in page asks, so the profile's status and region, the regions the person
    coordinates and their memberships of spaces come back together, as the rows of one UNION
    ALL ("p" for the profile, "c" for each coordinator role, "m" for each active membership,
    "n" for the count of unread notifications that the header's bell shows).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return VISITOR
    status: str | None = None
    region: str | None = None
    coordinates = set()
    memberships: dict[int, str] = {}
    unread = 0
    with connection.cursor() as cursor:
        cursor.execute(_viewer_sql(), [user.pk, user.pk, user.pk, user.pk])
        for kind, first, second in cursor.fetchall():
            if kind == "p":
                status, region = first, second
            elif kind == "m":
                memberships[int(second)] = first
            elif kind == "n":
                unread = int(second)
            else:
                coordinates.add(second)
    return Viewer(
        user_id=user.pk,
        is_staff=bool(user.is_staff),
        is_member=status == MembershipStatus.APPROVED,
        region=region,
        coordinates=frozenset(coordinates),
        memberships=memberships,
        unread_notifications=unread,
    )


def viewer_of_recipient(user: Any) -> Viewer:
    """`viewer_for(user)`, kept on the user object: a notification's `render` asks what its
    recipient may still see, and a page of 20 notifications of one person asks once."""
    viewer = getattr(user, "_recipient_viewer", None)
    if viewer is None:
        viewer = viewer_for(user)
        user._recipient_viewer = viewer
    return viewer


@cache
def _viewer_sql() -> str:
    """Plain SQL on purpose: every signed-in request runs it, and the ORM's compiling of this
    union took 0.5 ms, three times the query's own round trip (PostgreSQL, measured)."""
    from connective.members.models import MemberProfile
    from connective.notifications.models import Notification
    from connective.spaces.choices import MembershipState, SpaceKind, SpaceRole
    from connective.spaces.models import Membership, Space

    profiles = connection.ops.quote_name(MemberProfile._meta.db_table)
    memberships = connection.ops.quote_name(Membership._meta.db_table)
    notifications = connection.ops.quote_name(Notification._meta.db_table)
    spaces = connection.ops.quote_name(Space._meta.db_table)
    active = MembershipState.ACTIVE.value
    coordinator = SpaceRole.COORDINATOR.value
    network = SpaceKind.NETWORK.value
    # spelled into the SQL below
    assert active.isalpha() and coordinator.isalpha() and network.isalpha()
    # The table names come from the models, quoted; the user's id is a parameter. A coordinator
    # is the coordinator role of a network's space: its "c" row names the region.
    return (
        f"SELECT 'p', status, region FROM {profiles} WHERE user_id = %s UNION ALL "  # noqa: S608
        f"SELECT 'c', '', s.region FROM {memberships} m INNER JOIN {spaces} s ON s.id = m.space_id "
        f"WHERE m.user_id = %s AND m.state = '{active}' AND m.role = '{coordinator}' "
        f"AND s.kind = '{network}' UNION ALL "
        f"SELECT 'm', role, CAST(space_id AS VARCHAR(20)) FROM {memberships} "
        f"WHERE user_id = %s AND state = '{active}' UNION ALL "
        f"SELECT 'n', '', CAST(COUNT(*) AS VARCHAR(20)) FROM {notifications} "
        f"WHERE recipient_id = %s AND read_at IS NULL"
    )
