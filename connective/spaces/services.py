"""Writes about spaces: sections created, joined, left, asked to join; roles appointed.

Each service takes the acting user and their viewer (`members.roles.Viewer`, or any
`SpaceViewer`), checks the rule in `spaces.access`, changes the rows in one transaction and
records a `SpaceEvent`. Sections sit below a network's space (or, for staff, across networks);
a network's own space holds no member rows, only its coordinators.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from connective.core.errors import NotAllowed, ValidationError
from connective.core.events import record_event
from connective.spaces import access
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceEvent, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space
from connective.spaces.scoping import SpaceViewer

NAME_MAX = 160
DESCRIPTION_MAX = 4000


def _check_viewer(*, actor: Any, viewer: SpaceViewer) -> None:
    if actor is None or viewer.user_id != actor.pk:
        raise NotAllowed(_("Please sign in first."))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60].strip("-") or "section"
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def section_create(
    *,
    actor: Any,
    viewer: SpaceViewer,
    network: Space | None,
    name: str,
    description: str,
    access_mode: str,
) -> Space:
    """A thematic section of `network` (its coordinators and staff), or across networks when
    `network` is None (staff only). The creator becomes its first moderator."""
    _check_viewer(actor=actor, viewer=viewer)
    if network is None:
        if not viewer.is_staff:
            raise NotAllowed(_("Only programme staff create sections across networks."))
    else:
        if network.kind != SpaceKind.NETWORK:
            raise ValidationError(_("A section belongs to a regional network."), code="not_a_network")
        if not (viewer.is_staff or network.region in viewer.coordinates):
            raise NotAllowed(
                _("Only the coordinators of this network and programme staff create its sections.")
            )
    name = (name or "").strip()
    description = (description or "").strip()
    if not name:
        raise ValidationError(_("Please give the section a name."), code="name_required")
    if len(name) > NAME_MAX:
        raise ValidationError(
            _("The name is too long: at most %(max)s characters.") % {"max": NAME_MAX}, code="name_too_long"
        )
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError(
            _("The description is too long: at most %(max)s characters.") % {"max": DESCRIPTION_MAX},
            code="description_too_long",
        )
    if access_mode not in SpaceAccess.values:
        raise ValidationError(_("Please choose whether the section is open or closed."), code="access")
    space = Space.objects.create(
        slug=_unique_slug(name),
        kind=SpaceKind.SECTION if network is not None else SpaceKind.GLOBAL_SECTION,
        name=name,
        description=description,
        parent=network,
        region=network.region if network is not None else "",
        access=access_mode,
    )
    Membership.objects.create(space=space, user=actor, role=SpaceRole.MODERATOR, decided_by=actor)
    record_event(kind=SpaceEvent.CREATED, actor=actor, target=space, slug=space.slug, access=access_mode)
    return space


def _check_section(space: Space) -> None:
    if space.kind not in (SpaceKind.SECTION, SpaceKind.GLOBAL_SECTION):
        raise ValidationError(_("Only sections are joined this way."), code="not_a_section")
    if space.archived_at is not None:
        raise ValidationError(_("This section is archived."), code="archived")


@transaction.atomic
def space_join(*, actor: Any, viewer: SpaceViewer, space: Space) -> Membership:
    """Join an open section, or ask to join a closed one (its moderators decide).

    Members only; joining twice, or asking again while a request waits, changes nothing.
    """
    _check_viewer(actor=actor, viewer=viewer)
    _check_section(space)
    if not viewer.is_member:
        raise NotAllowed(_("Only members of the community join sections."))
    existing = Membership.objects.select_for_update().filter(space=space, user=actor).first()
    if existing is not None:
        if existing.state == MembershipState.ACTIVE:
            raise ValidationError(_("You are already a member of this section."), code="already_member")
        raise ValidationError(_("You have already asked to join this section."), code="already_requested")
    if space.is_closed:
        membership = Membership.objects.create(space=space, user=actor, state=MembershipState.REQUESTED)
        record_event(
            kind=SpaceEvent.JOIN_REQUESTED, actor=actor, target=space, space=space.slug, user=actor.pk
        )
    else:
        membership = Membership.objects.create(space=space, user=actor)
        record_event(kind=SpaceEvent.JOINED, actor=actor, target=space, space=space.slug, user=actor.pk)
    return membership


@transaction.atomic
def space_leave(*, actor: Any, viewer: SpaceViewer, space: Space) -> None:
    """Leave a section (or withdraw a request to join it)."""
    _check_viewer(actor=actor, viewer=viewer)
    _check_section(space)
    membership = Membership.objects.select_for_update().filter(space=space, user=actor).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this section."), code="not_member")
    record_event(kind=SpaceEvent.LEFT, actor=actor, target=space, space=space.slug, was=membership.state)
    membership.delete()


@transaction.atomic
def join_request_decide(
    *, actor: Any, viewer: SpaceViewer, space: Space, user_id: int, approve: bool
) -> Membership | None:
    """Approve or decline a request to join `space` (its moderators, its network's
    coordinators, staff). Approving makes an active membership; declining removes the request.
    The member is told (the notification kinds registered for JOIN_APPROVED / JOIN_DECLINED)."""
    _check_viewer(actor=actor, viewer=viewer)
    if not access.can_moderate(viewer, space):
        raise NotAllowed(_("Only the moderators of this section decide who joins it."))
    membership = (
        Membership.objects.select_for_update()
        .filter(space=space, user_id=user_id, state=MembershipState.REQUESTED)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This request was already decided or withdrawn."), code="no_request")
    if approve:
        membership.state = MembershipState.ACTIVE
        membership.decided_by = actor
        membership.save(update_fields=["state", "decided_by", "updated_at"])
        record_event(kind=SpaceEvent.JOIN_APPROVED, actor=actor, target=space, space=space.slug, user=user_id)
        return membership
    membership.delete()
    record_event(kind=SpaceEvent.JOIN_DECLINED, actor=actor, target=space, space=space.slug, user=user_id)
    return None


@transaction.atomic
def membership_role_set(
    *, actor: Any, viewer: SpaceViewer, space: Space, user: Any, role: str
) -> Membership | None:
    """Appoint or remove a coordinator or a moderator.

    A network's coordinators are appointed and removed by staff only (and only in a network's
    space); a section's moderators by its network's coordinators, the section's coordinators and
    staff. Setting `member` removes the role: in a network's space the row goes (network
    membership follows the declaration), in a section the person stays a member. Returns the
    membership, or None when the row went.
    """
    _check_viewer(actor=actor, viewer=viewer)
    if role not in SpaceRole.values:
        raise ValidationError(_("Unknown role: %(role)s.") % {"role": role}, code="role")
    is_network = space.kind == SpaceKind.NETWORK
    if role == SpaceRole.COORDINATOR and not is_network:
        raise ValidationError(
            _("Coordinators are appointed to a regional network."), code="coordinator_network"
        )
    if is_network:
        if not viewer.is_staff:
            raise NotAllowed(_("Only programme staff appoint and remove a network's coordinators."))
        if role == SpaceRole.MODERATOR:
            raise ValidationError(_("A network has coordinators, not moderators."), code="network_moderator")
    elif not (
        viewer.is_staff
        or (space.region and space.region in viewer.coordinates)
        or viewer.memberships.get(space.pk) == SpaceRole.COORDINATOR
    ):
        raise NotAllowed(_("Only the coordinators of this network and programme staff appoint moderators."))
    if not getattr(user, "is_active", False):
        raise ValidationError(_("This account is not active."), code="inactive")
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    previous = (
        membership.role if membership is not None and membership.state == MembershipState.ACTIVE else None
    )
    if is_network and role == SpaceRole.MEMBER:
        if membership is None:
            raise ValidationError(_("This person does not coordinate this network."), code="not_coordinator")
        membership.delete()
        record_event(
            kind=SpaceEvent.ROLE_SET,
            actor=actor,
            target=space,
            space=space.slug,
            user=user.pk,
            role=role,
            previous=previous,
        )
        return None
    if membership is None:
        membership = Membership(space=space, user=user)
    membership.role = role
    membership.state = MembershipState.ACTIVE
    membership.decided_by = actor
    membership.save()
    record_event(
        kind=SpaceEvent.ROLE_SET,
        actor=actor,
        target=space,
        space=space.slug,
        user=user.pk,
        role=role,
        previous=previous,
    )
    return membership
