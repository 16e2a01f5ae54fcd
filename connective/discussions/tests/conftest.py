from __future__ import annotations

import pytest

from connective.accounts.models import User
from connective.core.tests.test_mail import smtp  # noqa: F401  # the real SMTP server fixture
from connective.discussions.tests.factories import SpaceFactory, ThreadFactory, network_space
from connective.members.models import MemberProfile
from connective.spaces.choices import SpaceAccess, SpaceRole
from connective.spaces.models import Membership, Space


@pytest.fixture
def mena(db: None) -> Space:
    """The MENA network's space: alice, bob and dina belong to it by their region."""
    return network_space("mena")


@pytest.fixture
def closed_section(alice: MemberProfile) -> Space:
    """A closed MENA section: alice is a member; bob is not; dina coordinates its region."""
    space = SpaceFactory.create(
        slug="water-closed", name="Water utilities (closed)", access=SpaceAccess.CLOSED
    )
    Membership.objects.create(space=space, user=alice.user, role=SpaceRole.MEMBER)
    return space


@pytest.fixture
def open_section(alice: MemberProfile) -> Space:
    """An open MENA section alice has joined."""
    space = SpaceFactory.create(slug="waste-open", name="Waste (open)")
    Membership.objects.create(space=space, user=alice.user, role=SpaceRole.MEMBER)
    return space


@pytest.fixture
def moderator(open_section: Space, closed_section: Space) -> User:
    """A MENA member who moderates both sections."""
    from connective.members.tests.factories import MemberProfileFactory

    profile = MemberProfileFactory.create(user__full_name="Mona Moderator", country="JO")
    for space in (open_section, closed_section):
        Membership.objects.create(space=space, user=profile.user, role=SpaceRole.MODERATOR)
    return profile.user


@pytest.fixture
def closed_thread(closed_section: Space, alice: MemberProfile) -> object:
    return ThreadFactory.create(
        space=closed_section, author=alice.user, title="Secret pipes", opening="Closed words"
    )
