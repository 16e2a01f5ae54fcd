"""Coordinators are the coordinator role of their network's space; staff appoint them, and
coordinators appoint the moderators of their network's sections."""

from __future__ import annotations

import pytest

from connective.accounts.models import User
from connective.core.errors import NotAllowed, ValidationError
from connective.core.models import AuditEvent
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.spaces.choices import SpaceEvent, SpaceRole
from connective.spaces.models import Membership
from connective.spaces.selectors import coordinated_regions, coordinators_of, is_coordinator, network_space
from connective.spaces.services import membership_role_set
from connective.spaces.tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def test_every_network_has_its_space_with_the_networks_slug() -> None:
    from connective.networks.models import Network

    for network in Network.objects.all():
        space = network_space(region=network.region)
        assert space.slug == network.slug and space.name == network.name


def test_dina_coordinates_mena_through_a_membership_of_its_space(dina: User) -> None:
    assert coordinated_regions(user_id=dina.pk) == ["mena"]
    assert is_coordinator(user_id=dina.pk)
    assert list(coordinators_of(region="mena")) == [dina]
    assert viewer_for(dina).coordinates == frozenset({"mena"})


def test_staff_appoint_a_coordinator_and_the_viewer_follows(sam: User, alice: MemberProfile) -> None:
    space = network_space(region="mena")
    membership_role_set(
        actor=sam, viewer=viewer_for(sam), space=space, user=alice.user, role=SpaceRole.COORDINATOR
    )
    assert viewer_for(alice.user).coordinates == frozenset({"mena"})
    event = AuditEvent.objects.get(action=SpaceEvent.ROLE_SET.value)
    assert event.data["role"] == "coordinator" and event.data["user"] == alice.user.pk

    membership_role_set(
        actor=sam, viewer=viewer_for(sam), space=space, user=alice.user, role=SpaceRole.MEMBER
    )
    assert viewer_for(alice.user).coordinates == frozenset()
    assert not Membership.objects.filter(space=space, user=alice.user).exists()


def test_a_coordinator_cannot_appoint_another_coordinator(dina: User, alice: MemberProfile) -> None:
    with pytest.raises(NotAllowed):
        membership_role_set(
            actor=dina,
            viewer=viewer_for(dina),
            space=network_space(region="mena"),
            user=alice.user,
            role=SpaceRole.COORDINATOR,
        )
    assert viewer_for(alice.user).coordinates == frozenset()


def test_a_coordinator_appoints_moderators_of_their_networks_sections_only(
    dina: User, alice: MemberProfile, charlie: MemberProfile
) -> None:
    mena = SectionFactory.create()
    see = SectionFactory.create(network_region="see")
    membership_role_set(
        actor=dina, viewer=viewer_for(dina), space=mena, user=alice.user, role=SpaceRole.MODERATOR
    )
    assert viewer_for(alice.user).memberships[mena.pk] == "moderator"
    with pytest.raises(NotAllowed):
        membership_role_set(
            actor=dina, viewer=viewer_for(dina), space=see, user=charlie.user, role=SpaceRole.MODERATOR
        )
    assert not Membership.objects.filter(space=see).exists()


def test_a_member_appoints_nobody(alice: MemberProfile, bob: MemberProfile) -> None:
    section = SectionFactory.create()
    with pytest.raises(NotAllowed):
        membership_role_set(
            actor=alice.user,
            viewer=viewer_for(alice.user),
            space=section,
            user=bob.user,
            role=SpaceRole.MODERATOR,
        )


def test_a_section_has_no_coordinator_role_and_a_network_no_moderators(
    sam: User, alice: MemberProfile
) -> None:
    section = SectionFactory.create()
    with pytest.raises(ValidationError):
        membership_role_set(
            actor=sam, viewer=viewer_for(sam), space=section, user=alice.user, role=SpaceRole.COORDINATOR
        )
    with pytest.raises(ValidationError):
        membership_role_set(
            actor=sam,
            viewer=viewer_for(sam),
            space=network_space(region="mena"),
            user=alice.user,
            role=SpaceRole.MODERATOR,
        )
    assert Membership.objects.filter(user=alice.user).count() == 0


def test_the_coordinators_second_factor_follows_the_membership(dina: User) -> None:
    from connective.accounts.middleware import _needs_second_factor

    class Request:
        pass

    assert _needs_second_factor(Request(), dina)  # type: ignore[arg-type]
    Membership.objects.filter(user=dina).delete()
    assert not _needs_second_factor(Request(), dina)  # type: ignore[arg-type]


def test_retention_never_removes_a_coordinator(dina: User) -> None:
    from connective.accounts.retention import _candidates

    assert dina not in _candidates()
