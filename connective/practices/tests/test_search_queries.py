"""The search page costs the same number of queries with 10 and with 1,000 practices.

The practices are bulk-created (with themes, goals and an embedding each) and indexed with
`rebuild`, as an import would; every practice shares one embedding so no model runs per row.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.core.embeddings import embed, to_bytes
from connective.core.models import Theme
from connective.core.regions import region_for_country
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, PracticeEmbedding, SearchQuery
from connective.practices.search.index import practice_changed, rebuild
from connective.practices.search.semantic import embedding_text, stamp_renew, text_hash

pytestmark = pytest.mark.django_db
URL = reverse("practices:list")
WORDS = [
    "water",
    "kiosk",
    "waste",
    "bus",
    "lane",
    "compost",
    "solar",
    "roof",
    "market",
    "park",
    "tree",
    "shade",
    "school",
    "meter",
]


def make_library(count: int) -> None:
    rng = random.Random(count)
    themes = list(Theme.objects.all()[:6])
    now = timezone.now()
    practices = [
        Practice(
            slug=f"practice-{n}", status=PracticeStatus.PUBLISHED, title=" ".join(rng.sample(WORDS, 3)).capitalize(),
            summary=" ".join(rng.sample(WORDS, 6)), challenge=" ".join(rng.sample(WORDS, 5)),
            city="Amman", country=country, region=region_for_country(country), language_id=rng.choice(["en", "fr", "ar"]),
            period_start=rng.randint(2010, 2024), published_at=now, version=1,
        )
        for n in range(count)
        for country in [rng.choice(["JO", "TN", "BA", "KE"])]
    ]  # fmt: skip
    Practice.objects.bulk_create(practices, batch_size=500)
    Through, Goals = Practice.themes.through, Practice.sdgs.through
    Through.objects.bulk_create([Through(practice=p, theme=rng.choice(themes)) for p in practices])
    Goals.objects.bulk_create(
        [Goals(practice=p, sustainabledevelopmentgoal_id=rng.randint(1, 17)) for p in practices]
    )
    vector = to_bytes(embed(["water kiosks"])[0])
    PracticeEmbedding.objects.bulk_create(
        [
            PracticeEmbedding(
                practice=p, vector=vector, model="usem3",
                text_hash=text_hash(embedding_text(p.title, p.summary, p.challenge)),
            )
            for p in practices
        ]
    )  # fmt: skip
    stamp_renew()
    rebuild(embeddings=False)


def queries_for(client: Client, params: dict[str, str]) -> int:
    client.get(URL, {"q": "warm up"})  # loads the embeddings into this process once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [10, 1000])
def test_a_search_with_words_and_a_filter_costs_the_same_queries_at_any_size(
    visitor: Client, count: int
) -> None:
    make_library(count)
    # A search not asked before in this version of the library: 1 the library's version (the
    # stamps, one read; the results area is then cached under it); 2 the embeddings' stamp;
    # 3 full-text ranking within the filtered set; 4 which neighbours by meaning pass the
    # filters; 5 facet counts (one statement); 6 the page of practices; 7 their themes; 8 facet
    # labels of the goals (themes' and languages' come from the taxonomy cache); 9 the
    # SearchQuery record. PostgreSQL adds the planner setting for the search's transaction and
    # the count in one sample bucket, which decides between exact and estimated counts (outside
    # a test's transaction, one more sets the record's commit to not wait for the disk).
    expected = 11 if connection.vendor == "postgresql" else 9
    assert queries_for(visitor, {"q": "water kiosk", "region": "mena"}) == expected
    assert SearchQuery.objects.filter(query="water kiosk").count() == 1


@pytest.mark.parametrize("count", [10, 1000])
def test_browsing_without_words_costs_the_same_queries_at_any_size(visitor: Client, count: int) -> None:
    make_library(count)
    # 1 the library's version; 2 facet counts; 3 the page of practices; 4 their themes; 5 the
    # goals' facet labels (themes' and languages' are cached with the taxonomy).
    assert queries_for(visitor, {"country": "TN", "sort": "title"}) == 5


@pytest.mark.parametrize("count", [10, 1000])
def test_browsing_the_whole_library_counts_its_facets_once_per_change_to_the_index(
    visitor: Client, count: int
) -> None:
    make_library(count)
    first = visitor.get(URL)
    # Asked again: 1 the library's version, under which the results area was kept.
    assert queries_for(visitor, {}) == 1
    # In another order (another area to write): 1 the library's version, 2 the index's stamp
    # (the cached counts are read under it), 3 the page of practices, 4 their themes, 5 the
    # goals' facet labels: no pass over the library.
    assert queries_for(visitor, {"sort": "title"}) == 5
    assert first.context["result"].total == count
    newest = Practice.objects.order_by("pk").first()
    assert newest is not None
    Practice.objects.filter(pk=newest.pk).update(status=PracticeStatus.DRAFT)
    practice_changed(newest.pk)  # what every service calls: renews the index's stamp
    again = visitor.get(URL)
    assert again.context["result"].total == count - 1


def test_the_kept_results_show_a_renamed_theme_and_a_saved_practice_at_once(visitor: Client) -> None:
    make_library(10)
    practice = Practice.objects.order_by("pk").first()
    assert practice is not None
    theme = practice.themes.get()
    visitor.get(URL)  # the area is now kept
    theme.translations = {**(theme.translations or {}), "en": "Renamed theme"}
    theme.save()
    assert "Renamed theme" in visitor.get(URL).content.decode()
    practice.title = "Retitled practice"
    practice.save()  # no reindex: the practices' ORM changes move the library's version too

    assert "Retitled practice" in visitor.get(URL, {"sort": "title"}).content.decode()
    assert "Retitled practice" in visitor.get(URL).content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_a_misspelt_search_is_offered_a_correction_at_the_same_cost_at_any_size(
    visitor: Client, count: int
) -> None:
    make_library(count)
    # The vocabulary is built once per change to the index (here by the warm-up search, as the
    # background refresh after `rebuild` would): then kept by the process under the stamp the
    # page reads anyway. 1 the library's version; 2 the embeddings' stamp; 3 full-text ranking
    # (nothing: "watr" is no word of the library); 4 which neighbours by meaning are published
    # (here all: every practice has the same embedding); 5 facet counts; 6 the page of
    # practices; 7 their themes; 8 the goals' facet labels; 9 the SearchQuery record. The
    # suggestion itself reads nothing. PostgreSQL adds the planner setting and the sample count.
    assert queries_for(visitor, {"q": "watr"}) == (11 if connection.vendor == "postgresql" else 9)
    response = visitor.get(URL, {"q": "watr", "region": "mena"})
    assert response.context["result"].suggestion == "water"
    assert 'href="?q=water&amp;region=mena"' in response.content.decode()


def test_the_vocabulary_is_read_from_the_cache_not_rebuilt_by_another_process(
    visitor: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connective.practices.search import spelling

    make_library(10)
    assert visitor.get(URL, {"q": "kiosc"}).context["result"].suggestion == "kiosk"  # built once
    monkeypatch.setattr(spelling, "_held", None)  # another process: nothing held yet

    def no_pass_over_the_practices() -> None:
        raise AssertionError("the vocabulary was built again")

    monkeypatch.setattr(spelling, "_published_titles", no_pass_over_the_practices)
    assert visitor.get(URL, {"q": "kiosc", "region": "see"}).context["result"].suggestion == "kiosk"
