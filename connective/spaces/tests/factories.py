from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from connective.accounts.tests.factories import network_space_get_or_create
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceKind, SpaceRole
from connective.spaces.models import Membership, Space


class SectionFactory(DjangoModelFactory[Space]):
    """A thematic section of a network (MENA unless `region=` says otherwise)."""

    class Meta:
        model = Space
        exclude = ("network_region",)

    network_region = "mena"
    kind = SpaceKind.SECTION
    slug = factory.Sequence(lambda n: f"section-{n}")
    name = factory.Sequence(lambda n: f"Water loss reduction {n}")
    description = "Utilities comparing how they find and fix leaks."
    parent = factory.LazyAttribute(lambda o: network_space_get_or_create(o.network_region))
    region = factory.LazyAttribute(lambda o: o.network_region)
    access = SpaceAccess.OPEN


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    space = factory.SubFactory(SectionFactory)
    user = factory.SubFactory("connective.accounts.tests.factories.UserFactory")
    role = SpaceRole.MEMBER
    state = MembershipState.ACTIVE
