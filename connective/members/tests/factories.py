from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from connective.accounts.tests.factories import UserFactory
from connective.core.models import Theme
from connective.core.regions import region_for_country
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import Language, MemberProfile


class ThemeFactory(DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class MemberProfileFactory(DjangoModelFactory[MemberProfile]):
    """An approved member; pass status=MembershipStatus.PENDING for a fresh declaration."""

    class Meta:
        model = MemberProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    member_type = MemberType.PRACTITIONER
    organisation = factory.Faker("company")
    position = "Head of planning"
    city = "Amman"
    country = "JO"
    region = factory.LazyAttribute(lambda o: region_for_country(str(o.country)))
    bio = "Works on water and waste."
    status = MembershipStatus.APPROVED

    @factory.post_generation
    def languages(
        profile: MemberProfile, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create:
            profile.languages.set(Language.objects.filter(code__in=extracted or ["en"]))

    @factory.post_generation
    def expertise(
        profile: MemberProfile, create: bool, extracted: list[Theme] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            profile.expertise.set(extracted)
