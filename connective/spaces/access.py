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


# -- the only way a view gets a space it will show or change ---------------------------------


def section_get(*, slug: str) -> Space:
    """A section (of a network or across networks), archived or not. Its name and description
    are public, so any section is found; what the page shows beyond them asks `can_read`."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Space.objects.select_related("parent"),
        slug=slug,
        kind__in=[SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION],
    )


def section_get_for_moderation(*, viewer: SpaceViewer, slug: str) -> Space:
    """A section `viewer` moderates; 404 otherwise (whether it exists stays theirs to know)."""
    from django.http import Http404

    space = section_get(slug=slug)
    if not can_moderate(viewer, space):
        raise Http404
    return space


def can_create_section(viewer: SpaceViewer) -> bool:
    """A network's coordinators create its sections; staff create any, and those across networks."""
    return viewer.user_id is not None and (viewer.is_staff or bool(viewer.coordinates))


def can_join(viewer: SpaceViewer, space: Space) -> bool:
    """Members join (or ask to join) a section they are not in."""
    return (
        viewer.user_id is not None
        and viewer.is_member
        and space.archived_at is None
        and space.kind in (SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION)
    )


def space_get_for_roles(*, viewer: SpaceViewer, slug: str) -> Space:
    """A space whose roles `viewer` manages: a network's space (its coordinators: staff only) or a
    section (its moderators: its network's coordinators, its own coordinators, staff); 404
    otherwise."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    space = get_object_or_404(
        Space.objects.select_related("parent"),
        slug=slug,
        kind__in=[SpaceKind.NETWORK, SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION],
    )
    if not can_manage_roles(viewer, space):
        raise Http404
    return space


def can_manage_roles(viewer: SpaceViewer, space: Space) -> bool:
    if viewer.user_id is None:
        return False
    if viewer.is_staff:
        return True
    if space.kind == SpaceKind.NETWORK:
        return False
    if space.region and space.region in viewer.coordinates:
        return True
    return viewer.memberships.get(space.pk) == SpaceRole.COORDINATOR.value
