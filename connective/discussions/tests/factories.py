from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from connective.accounts.tests.factories import UserFactory
from connective.discussions.models import Post, Thread
from connective.spaces.choices import SpaceAccess, SpaceKind
from connective.spaces.models import Space


def network_space(region: str) -> Space:
    """The space of a regional network (one per region), made if missing."""
    space, _created = Space.objects.get_or_create(
        kind=SpaceKind.NETWORK,
        region=region,
        defaults={"slug": f"{region}-network", "name": f"{region.upper()} network"},
    )
    return space


class SpaceFactory(DjangoModelFactory[Space]):
    """An open section of the MENA network."""

    class Meta:
        model = Space

    slug = factory.Sequence(lambda n: f"section-{n}")
    kind = SpaceKind.SECTION
    name = factory.Sequence(lambda n: f"Water section {n}")
    region = "mena"
    access = SpaceAccess.OPEN
    parent = factory.LazyAttribute(lambda o: network_space(o.region) if o.region else None)


class ThreadFactory(DjangoModelFactory[Thread]):
    """A discussion with its opening post (number 1)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Night flows and leak detection, question {n}")
    author = factory.SubFactory(UserFactory)
    language = "en"
    last_post_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(thread: Thread, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            Post.objects.create(
                thread=thread,
                number=1,
                author=thread.author,
                body=extracted or "How do you find leaks?",
                language="en",
            )
