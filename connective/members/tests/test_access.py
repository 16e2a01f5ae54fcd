"""Who may open which member profile: `member_profile_get_for` and the role rules behind it."""

from __future__ import annotations

import pytest
from django.http import Http404

from connective.members.access import member_profile_get_for
from connective.members.choices import MembershipStatus, Visibility
from connective.members.models import MemberProfile
from connective.members.roles import VISITOR, viewer_for
from connective.members.tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db


def user_of(person: object) -> object:
    return person.user if isinstance(person, MemberProfile) else person


def test_a_visitor_opens_no_profile(alice: MemberProfile):
    with pytest.raises(Http404):
        member_profile_get_for(viewer=VISITOR, slug=alice.slug)


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "dina", "emil", "sam"])
def test_members_coordinators_and_staff_open_an_approved_profile(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str
):
    viewer = viewer_for(user_of(request.getfixturevalue(persona)))

    assert member_profile_get_for(viewer=viewer, slug=alice.slug) == alice


@pytest.mark.parametrize(
    ("persona", "opens"),
    [("bob", False), ("charlie", False), ("dina", True), ("emil", False), ("sam", True)],
)
def test_a_pending_profile_opens_for_its_network_coordinator_and_staff_only(
    request: pytest.FixtureRequest, persona: str, opens: bool
):
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, country="LB", city="Beirut")
    viewer = viewer_for(user_of(request.getfixturevalue(persona)))

    if opens:
        assert member_profile_get_for(viewer=viewer, slug=pending.slug) == pending
    else:
        with pytest.raises(Http404):
            member_profile_get_for(viewer=viewer, slug=pending.slug)


def test_a_declined_member_opens_only_their_own_profile(alice: MemberProfile):
    declined = MemberProfileFactory.create(status=MembershipStatus.DECLINED)
    viewer = viewer_for(declined.user)

    assert member_profile_get_for(viewer=viewer, slug=declined.slug) == declined
    with pytest.raises(Http404):
        member_profile_get_for(viewer=viewer, slug=alice.slug)


@pytest.mark.parametrize(
    ("persona", "level", "sees"),
    [
        ("bob", Visibility.NETWORK, True),
        ("dina", Visibility.NETWORK, True),
        ("charlie", Visibility.NETWORK, False),
        ("emil", Visibility.NETWORK, False),
        ("bob", Visibility.COORDINATORS, False),
        ("emil", Visibility.COORDINATORS, False),
        ("dina", Visibility.COORDINATORS, True),
        ("sam", Visibility.COORDINATORS, True),
        ("charlie", Visibility.MEMBERS, True),
    ],
)
def test_field_visibility_per_persona(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str, level: int, sees: bool
):
    viewer = viewer_for(user_of(request.getfixturevalue(persona)))

    assert viewer.can_see_field(owner_id=alice.user_id, owner_region=alice.region, level=level) is sees
    visible = MemberProfile.objects.filter(pk=alice.pk).filter(viewer.visible_field_q("bio"))
    MemberProfile.objects.filter(pk=alice.pk).update(bio_visibility=level)
    assert visible.exists() is sees


@pytest.mark.parametrize("persona", ["bob", "charlie", "dina", "emil", "sam"])
def test_only_the_owner_may_edit_a_profile(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str
):
    assert viewer_for(alice.user).can_edit_profile(owner_id=alice.user_id)
    viewer = viewer_for(user_of(request.getfixturevalue(persona)))
    assert not viewer.can_edit_profile(owner_id=alice.user_id)
    assert not VISITOR.can_edit_profile(owner_id=alice.user_id)


def test_the_viewer_is_read_in_one_query_whoever_asks(
    alice: MemberProfile, dina: object, sam: object, django_assert_num_queries: object
) -> None:
    from connective.accounts.tests.factories import RegionalCoordinatorFactory

    # A coordinator of two networks who is also a member of one of them.
    both = RegionalCoordinatorFactory.create(region="see").user
    RegionalCoordinatorFactory.create(user=both, region="ssa")
    MemberProfileFactory.create(user=both, region="see", country="RS", city="Niš")
    expected = {
        alice.user: (False, True, "mena", frozenset()),
        dina: (False, False, None, frozenset({"mena"})),
        sam: (True, False, None, frozenset()),
        both: (False, True, "see", frozenset({"see", "ssa"})),
    }
    for user, (is_staff, is_member, region, coordinates) in expected.items():
        with django_assert_num_queries(1):  # type: ignore[operator]
            viewer = viewer_for(user)
        assert (viewer.is_staff, viewer.is_member, viewer.region, viewer.coordinates) == (
            is_staff, is_member, region, coordinates,
        ), user  # fmt: skip
