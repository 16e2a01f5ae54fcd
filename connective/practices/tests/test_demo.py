"""Demo practices: realistic, multilingual, placed in real cities, bulk-inserted."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.demo import CITIES, PLAIN_TITLES, seed_practices
from connective.practices.mapping import locate
from connective.practices.models import Practice, PracticeRevision

pytestmark = pytest.mark.django_db


def test_every_demo_city_is_in_the_gazetteer_under_both_its_names() -> None:
    for cities in CITIES.values():
        for city, country, arabic in cities:
            found = locate(city, country)
            assert not found.approximate, (city, country)
            if arabic:
                assert locate(arabic, country) == found, (arabic, country)


def test_every_demo_language_has_a_plain_title_shape_and_stories() -> None:
    from connective.practices.demo_catalogue import STORIES

    assert set(PLAIN_TITLES) == set(STORIES)
    for template in PLAIN_TITLES.values():
        assert "{city}" in template and ("{Measure}" in template or "{measure}" in template)


def test_seeding_makes_published_practices_in_several_languages_with_contacts(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    made = seed_practices(count=300, rng=random.Random(7), contacts=[alice, bob, charlie], index=False)
    assert made == 300 == Practice.objects.count()
    languages = set(Practice.objects.values_list("language_id", flat=True))
    assert {"en", "fr", "ar", "pt"} <= languages and languages & {"de", "es"}
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    assert published.count() >= 270
    assert PracticeRevision.objects.filter(number=1, practice__in=published).count() == published.count()
    assert not Practice.objects.filter(themes=None).exists()
    assert not Practice.objects.filter(latitude=None).exists()
    assert not Practice.objects.filter(location_is_approximate=True).exists()
    assert not published.filter(sdgs=None).exists()
    # Contacts come from the members given, preferring the practice's region.
    for practice in Practice.objects.prefetch_related("contacts").filter(region__in=["mena", "see"]):
        assert {c.region for c in practice.contacts.all()} <= {practice.region}
        assert practice.contacts.exists()
    arabic = Practice.objects.filter(language_id="ar").first()
    assert arabic is not None and arabic.region == "mena"
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic.city + arabic.title)
    assert locate(arabic.city, arabic.country.code).latitude == arabic.latitude
    assert "**" in arabic.challenge and "1." in arabic.approach


def test_the_same_seed_makes_the_same_practices(alice: MemberProfile) -> None:
    seed_practices(count=20, rng=random.Random(11), contacts=[alice], index=False)
    first = list(Practice.objects.order_by("pk").values_list("title", "city", "results"))
    Practice.objects.all().delete()
    seed_practices(count=20, rng=random.Random(11), contacts=[alice], index=False)
    assert list(Practice.objects.order_by("pk").values_list("title", "city", "results")) == first


@pytest.mark.parametrize("count", [10, 1000])
def test_seeding_costs_the_same_queries_for_10_or_1000_practices(alice: MemberProfile, count: int) -> None:
    with CaptureQueriesContext(connection) as queries:
        seed_practices(count=count, rng=random.Random(5), contacts=[alice], index=False)
    assert Practice.objects.count() == count
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    # Practices, their themes, SDGs, contacts, authors and revisions go in by the batch (SQLite
    # splits a batch by its limit on query parameters): never a statement per practice.
    assert len(inserts) < count // 10 + 12
    # The rest: the contacts' expertise, the themes (twice), the SDGs, the slugs already taken,
    # the batch's savepoint and its release, and ANALYZE: the same for any count up to a batch.
    assert len(queries) - len(inserts) == 8, [
        q["sql"][:80] for q in queries if not q["sql"].startswith("INSERT")
    ]


def test_seeding_rebuilds_the_search_index_once(alice: MemberProfile) -> None:
    from connective.practices.search.selectors import SearchParams, practice_search

    seed_practices(count=40, rng=random.Random(2), contacts=[alice], embeddings=False)
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED).count()
    assert practice_search(SearchParams(), record=False).total == published
    hit = Practice.objects.filter(status=PracticeStatus.PUBLISHED, language_id="en").first()
    if hit is not None:
        words = hit.title.split()[0]
        assert practice_search(SearchParams(query=words), record=False).total >= 1


def _themes() -> list[object]:
    from types import SimpleNamespace

    from connective.practices.demo_catalogue import THEMES

    return [SimpleNamespace(slug=slug, name=slug, translations={}) for slug in sorted(THEMES)]


def test_the_catalogue_has_distinct_measures_for_every_theme_and_keeps_the_first_eight() -> None:
    from connective.practices.demo_catalogue import LEGACY, MEASURES, THEMES, measures_of_theme

    for theme in THEMES:
        assert len(measures_of_theme(theme)) >= 3, theme
    for measure in MEASURES.values():
        assert measure.key.split("/")[0] == measure.theme and measure.theme not in measure.also
        assert set(measure.also) <= set(THEMES) and "en" in measure.phrases, measure.key
        for _noun, _problem, result in measure.phrases.values():
            assert "{n}" in result and "{pct}" in result, measure.key
    # The first demo's eight measures keep their keys (the first evaluation set names them by theme).
    assert all(MEASURES[key].theme == theme for theme, key in LEGACY.items())


def test_twenty_thousand_practices_never_share_a_title_and_follow_their_measure() -> None:
    from connective.practices.demo import generate_community
    from connective.practices.demo_catalogue import MEASURES

    community = generate_community(members=400, practices=20_000, seed=3, themes=_themes())  # type: ignore[arg-type]
    titles = [spec.texts["title"] for spec in community.practices]
    assert len(set(titles)) == len(titles)
    # They fit the title column (SQLite does not check a length; PostgreSQL refuses the batch).
    assert max(map(len, titles)) <= (Practice._meta.get_field("title").max_length or 0)
    assert len({spec.measure for spec in community.practices}) == len(MEASURES)
    with_measure = 0
    for spec in community.practices:
        measure = MEASURES[spec.measure]
        assert spec.themes[0] == measure.theme and set(spec.themes[1:]) <= set(measure.also)
        assert all("{" not in text for text in spec.texts.values())
        for index in spec.contacts:
            person = community.people[index]
            assert person.status == "approved"
        with_measure += any(spec.measure in community.people[i].measures for i in spec.contacts)
    assert with_measure > 0.5 * len(community.practices)


def test_members_bios_and_expertise_follow_their_measures() -> None:
    from connective.practices.demo import generate_community
    from connective.practices.demo_catalogue import MEASURES

    community = generate_community(members=300, practices=0, seed=5, themes=_themes())  # type: ignore[arg-type]
    for person in community.people:
        assert 1 <= len(person.measures) <= 3
        slugs = [theme.slug for theme in person.themes]
        assert {MEASURES[key].theme for key in person.measures} <= set(slugs)
        assert len(slugs) <= len(person.measures) + 1
        assert "{" not in person.bio
    english = [p for p in community.people if p.country.bio_language == "en"]
    assert english and all(MEASURES[p.measures[0]].phrases["en"][0] in p.bio for p in english)


def test_a_large_demo_embeds_a_few_practices_per_measure_and_language_and_close_copies_for_the_rest(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    from connective.practices.demo import embeddings_sampled
    from connective.practices.search.models import PracticeEmbedding, PracticeNeighbour
    from connective.practices.search.semantic import embeddings_refresh

    seed_practices(count=120, rng=random.Random(5), contacts=[alice, bob, charlie], embeddings=False)
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)

    real, stored = embeddings_sampled(rng=random.Random(1), real_per_group=1)

    assert stored == published.count() == PracticeEmbedding.objects.count()
    groups = {(p.slug.rsplit("-", 2)[0], p.language_id) for p in published}
    assert real <= len(groups) < stored
    # Every vector carries its own text's hash: a refresh finds nothing to encode again.
    assert embeddings_refresh() == 0
    assert PracticeNeighbour.objects.exists()
