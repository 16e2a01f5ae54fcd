"""Who may do what in a space, asked of the viewer's memberships (never of a per-app flag).

Reading is `scoping.can_read_space` / `ScopedQuerySet.for_viewer`. Taking part (writing in a
space) needs belonging to it: an active membership, or, for a regional network's space, being an
approved member of its region (network membership follows the declaration, not a row).
Moderating needs the moderator or coordinator role there, the coordination of its region, or
staff.
"""

from __future__ import annotations

from connective.spaces.choices import SpaceKind, SpaceRole
from connective.spaces.models import Space
from connective.spaces.scoping import SpaceViewer, can_read_space

MODERATING_ROLES = frozenset({SpaceRole.MODERATOR.value, SpaceRole.COORDINATOR.value})


def space_role_of(viewer: SpaceViewer, space: Space) -> str | None:
    """The viewer's role in `space` (a SpaceRole value), or None when they do not belong to it."""
    role = viewer.memberships.get(space.pk)
    if role is not None:
        return role
    if space.kind == SpaceKind.NETWORK and viewer.is_member and viewer.region == space.region:
        return SpaceRole.MEMBER.value
    return None


def can_read(viewer: SpaceViewer, space: Space) -> bool:
    return can_read_space(
        viewer, space_id=space.pk, access=space.access, region=space.region, kind=space.kind
    )


def can_take_part(viewer: SpaceViewer, space: Space) -> bool:
    """Start a discussion, reply, propose: those who belong (moderators and coordinators too)."""
    if space.archived_at is not None or viewer.user_id is None:
        return False
    if not (viewer.is_member or viewer.is_staff or viewer.coordinates):
        return False
    return space_role_of(viewer, space) is not None or can_moderate(viewer, space)


def can_moderate(viewer: SpaceViewer, space: Space) -> bool:
    """Pin, lock, move, hide; decide requests to join: moderators and coordinators of the space,
    the coordinators of its region, staff."""
    if viewer.is_staff:
        return True
    if viewer.user_id is None:
        return False
    if space.region and space.region in viewer.coordinates:
        return True
    return viewer.memberships.get(space.pk) in MODERATING_ROLES
