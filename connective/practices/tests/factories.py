"""Factories for good practices. `PracticeFactory` makes a published practice by default.

    PracticeFactory.create()                                  # published, in Amman (MENA), English
    PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice])   # alice's draft
    PracticeFactory.create(country="BA", city="Sarajevo", themes=["urban-mobility"], sdgs=[11])
    PracticeFactory.create(contacts=[alice])                  # alice is who to ask

`themes` takes Theme objects or slugs (default: water supply); `authors` takes users or member
profiles; `contacts` takes member profiles; `sdgs` takes goal numbers. A published practice gets
its published revision 1 (pass `revision=False` to skip it, e.g. for bulk data).
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from connective.core.models import Theme
from connective.core.regions import region_for_country
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.models import Practice, PracticeRevision, SustainableDevelopmentGoal


def _published(o: Any) -> bool:
    return bool(o.status == PracticeStatus.PUBLISHED)


class PracticeFactory(DjangoModelFactory[Practice]):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Community water kiosks {n}")
    slug = factory.Sequence(lambda n: f"community-water-kiosks-{n}")
    status = PracticeStatus.PUBLISHED
    summary = "Neighbourhood kiosks sell clean water at a fair price where pipes do not reach."
    challenge = "Informal districts had **no piped water** and paid vendors ten times the tariff."
    approach = "The utility and residents' committees ran kiosks together."
    results = "Forty kiosks serve 60,000 people; prices fell by 80 percent."
    lessons_learned = "Involve the committees from the start."
    transfer_conditions = "A utility willing to share revenue with neighbourhood committees."
    costs_and_financing = "About 5,000 euros per kiosk, financed by the utility."
    partners = "Water utility, residents' committees"
    period_start = 2018
    period_end = 2021
    city = "Amman"
    country = "JO"
    region = factory.LazyAttribute(lambda o: region_for_country(str(o.country)))
    language_id = "en"
    links = factory.LazyFunction(lambda: [{"title": "Utility report", "url": "https://example.org/report"}])
    published_at = factory.LazyAttribute(lambda o: timezone.now() if _published(o) else None)
    first_published_at = factory.LazyAttribute(lambda o: o.published_at)
    version = factory.LazyAttribute(lambda o: 1 if _published(o) else 0)

    @factory.post_generation
    def themes(
        practice: Practice, create: bool, extracted: list[Theme | str] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        items = extracted if extracted is not None else ["water-supply"]
        slugs = [item for item in items if isinstance(item, str)]
        objects = [item for item in items if isinstance(item, Theme)]
        practice.themes.set([*objects, *Theme.objects.filter(slug__in=slugs)])

    @factory.post_generation
    def sdgs(practice: Practice, create: bool, extracted: list[int] | None, **kwargs: object) -> None:
        if create and extracted:
            practice.sdgs.set(SustainableDevelopmentGoal.objects.filter(number__in=extracted))

    @factory.post_generation
    def authors(practice: Practice, create: bool, extracted: list[Any] | None, **kwargs: object) -> None:
        if create and extracted:
            practice.authors.set([p.user if isinstance(p, MemberProfile) else p for p in extracted])

    @factory.post_generation
    def contacts(
        practice: Practice, create: bool, extracted: list[MemberProfile] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            practice.contacts.set(extracted)

    @factory.post_generation
    def revision(practice: Practice, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """The published version 1 (as `practice_publish` records it)."""
        if not create or extracted is False or practice.status != PracticeStatus.PUBLISHED:
            return
        from connective.practices.services import PracticeData

        PracticeRevision.objects.create(
            practice=practice,
            number=1,
            state=RevisionState.PUBLISHED,
            data=PracticeData.from_practice(practice).snapshot(),
        )
