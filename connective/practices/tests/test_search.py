"""Searching the good-practice library: words in three languages, ranking, facets, filters,
no-result help, hostile input, and who may find what (only published practices, for anyone).

Every practice here goes through `practice_changed` (or `rebuild`) as the services do, with
the on-commit embedding task run, so the full-text and the embedding side are both real.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, SearchQuery
from connective.practices.search.index import practice_changed
from connective.practices.search.selectors import SearchParams, practice_search
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db
URL = reverse("practices:list")


def titles(params: SearchParams) -> list[str]:
    return [p.title for p in practice_search(params, record=False).practices]


def search(query: str, **filters: Any) -> list[str]:
    return titles(SearchParams(query=query, **filters))


# -- words and languages -------------------------------------------------------------------


def test_an_english_search_finds_other_forms_of_the_word(publish: Callable[..., Practice]) -> None:
    publish(title="Recycling plastic bottles", summary="Schools collect bottles for recycling.")
    assert search("bottle") == ["Recycling plastic bottles"]
    assert search("recycled bottles") == ["Recycling plastic bottles"]


def test_a_french_search_finds_the_singular_and_the_plural(publish: Callable[..., Practice]) -> None:
    publish(
        title="Tri des déchets à la source", summary="Les habitants trient leurs déchets ménagers.",
        language_id="fr", city="Tunis", country="TN",
    )  # fmt: skip
    publish(
        title="Un seul déchet par jour", summary="Une campagne contre le déchet plastique.", language_id="fr"
    )
    assert set(search("déchet")) == {"Tri des déchets à la source", "Un seul déchet par jour"}
    assert set(search("déchets")) == {"Tri des déchets à la source", "Un seul déchet par jour"}


def test_words_joined_by_hyphens_or_apostrophes_are_found(publish: Callable[..., Practice]) -> None:
    publish(
        title="Kiosques à eau de quartier", summary="L'eau potable au tarif officiel, grâce au porte-à-porte.",
        language_id="fr", city="Bamako", country="ML",
    )  # fmt: skip
    publish(title="Door-to-door collection of sorted waste", summary="Households sort their waste.")
    publish(title="Bicycle lanes along the river", summary="Protected lanes for cyclists.")
    assert search("l'eau potable")[0] == "Kiosques à eau de quartier"
    assert search("l\u2019eau")[0] == "Kiosques à eau de quartier"
    assert search("porte-à-porte")[0] == "Kiosques à eau de quartier"
    assert search("door-to-door")[0] == "Door-to-door collection of sorted waste"
    assert "Bicycle lanes along the river" not in search("door-to-door")


def test_an_arabic_search_finds_the_word_with_its_article(publish: Callable[..., Practice]) -> None:
    publish(
        title="إدارة النفايات الصلبة في الأحياء", summary="تقوم البلدية بجمع النفايات من المنازل مرتين في الأسبوع.",
        language_id="ar", city="Amman", country="JO",
    )  # fmt: skip
    publish(title="Bicycle lanes along the river", summary="Protected lanes for cyclists.")
    assert search("نفايات")[0] == "إدارة النفايات الصلبة في الأحياء"
    assert search("النفايات")[0] == "إدارة النفايات الصلبة في الأحياء"


def test_a_french_query_finds_an_english_practice_through_its_meaning(
    publish: Callable[..., Practice],
) -> None:
    publish(
        title="Household waste collection with community sorting",
        summary="Residents sort their household waste at home and the municipality collects recyclables.",
        challenge="Landfills were full and rubbish was burned in the streets.",
    )
    publish(
        title="Bus rapid transit corridor", summary="A dedicated bus lane halved travel times.",
        challenge="Traffic congestion blocked the city centre.",
    )  # fmt: skip
    found = search("collecte des ordures ménagères")
    assert found[0] == "Household waste collection with community sorting"
    assert "Bus rapid transit corridor" not in found


def test_an_arabic_query_finds_a_french_practice_through_its_meaning(
    publish: Callable[..., Practice],
) -> None:
    publish(
        title="Collecte des déchets ménagers", summary="La commune collecte les ordures ménagères deux fois par semaine.",
        language_id="fr",
    )  # fmt: skip
    publish(title="Bicycle lanes along the river", summary="Protected lanes for cyclists.", challenge="")
    assert search("جمع النفايات المنزلية")[0] == "Collecte des déchets ménagers"


def test_a_title_match_ranks_above_a_match_in_the_text(publish: Callable[..., Practice]) -> None:
    publish(
        title="Street lighting plan",
        summary="New lamps in every district.",
        approach="We mapped every lamp; compost came later.",
    )
    publish(title="Compost from market waste", summary="Markets turn food waste into compost.")
    assert search("compost")[0] == "Compost from market waste"


def test_the_summary_ranks_above_the_rest_of_the_text(publish: Callable[..., Practice]) -> None:
    publish(
        title="Neighbourhood plan A",
        summary="Parks and shade.",
        results="Shade trees were planted.",
        lessons_learned="kiosk",
    )
    publish(
        title="Neighbourhood plan B", summary="A kiosk in each park.", results="Shade trees were planted."
    )
    assert search("kiosk")[0] == "Neighbourhood plan B"


# -- facets, filters, sorting, pages -------------------------------------------------------


@pytest.fixture
def library(publish: Callable[..., Practice]) -> list[Practice]:
    return [
        publish(title="Water kiosks in Amman", country="JO", city="Amman", themes=["water-supply"], sdgs=[6],
                period_start=2018, language_id="en"),
        publish(title="Water meters in Tunis", country="TN", city="Tunis", themes=["water-supply", "municipal-finance"],
                sdgs=[6, 11], period_start=2020, language_id="fr"),
        publish(title="Water safety in Sarajevo", country="BA", city="Sarajevo", themes=["water-supply"], sdgs=[6],
                period_start=2020, language_id="en"),
        publish(title="Bus lanes in Sarajevo", country="BA", city="Sarajevo", themes=["urban-mobility"], sdgs=[11],
                period_start=2019, language_id="en", summary="Buses on their own lanes.", challenge="Traffic jams.",
                approach="Paint and cameras.", results="Faster buses.", lessons_learned="", transfer_conditions="",
                costs_and_financing="", partners="Transport company"),
    ]  # fmt: skip


def counts(result_facet: list[Any]) -> dict[str, int]:
    return {value.value: value.count for value in result_facet}


def test_facets_count_the_practices_matching_the_query(library: list[Practice]) -> None:
    result = practice_search(SearchParams(query="water"), record=False)
    # The three water practices match by their words; the bus practice may join by meaning
    # only if it is close, so the counts are checked against what was found.
    found = {p.title for p in result.practices}
    assert {"Water kiosks in Amman", "Water meters in Tunis", "Water safety in Sarajevo"} <= found
    expected_regions: dict[str, int] = {}
    for practice in Practice.objects.filter(title__in=found):
        expected_regions[practice.region] = expected_regions.get(practice.region, 0) + 1
    assert counts(result.facets["region"]) == expected_regions
    assert result.total == len(found)


def test_facets_without_a_query_count_every_published_practice(
    library: list[Practice], publish: Callable[..., Practice]
) -> None:
    publish(title="Draft about water", status=PracticeStatus.DRAFT, country="JO")
    result = practice_search(SearchParams(), record=False)
    assert result.total == 4
    assert counts(result.facets["region"]) == {"mena": 2, "see": 2}
    assert counts(result.facets["country"]) == {"JO": 1, "TN": 1, "BA": 2}
    assert counts(result.facets["theme"]) == {"water-supply": 3, "municipal-finance": 1, "urban-mobility": 1}
    assert counts(result.facets["sdg"]) == {"6": 3, "11": 2}
    assert counts(result.facets["language"]) == {"en": 3, "fr": 1}
    assert counts(result.facets["year"]) == {"2018": 1, "2019": 1, "2020": 2}


def test_facets_follow_the_filters(library: list[Practice]) -> None:
    result = practice_search(SearchParams(region="see"), record=False)
    assert result.total == 2
    assert counts(result.facets["theme"]) == {"water-supply": 1, "urban-mobility": 1}
    assert [v.value for v in result.facets["region"] if v.selected] == ["see"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": "mena"}, {"Water kiosks in Amman", "Water meters in Tunis"}),
        ({"country": "BA"}, {"Water safety in Sarajevo", "Bus lanes in Sarajevo"}),
        ({"theme": "municipal-finance"}, {"Water meters in Tunis"}),
        ({"sdg": 11}, {"Water meters in Tunis", "Bus lanes in Sarajevo"}),
        ({"language": "fr"}, {"Water meters in Tunis"}),
        ({"year": 2020}, {"Water meters in Tunis", "Water safety in Sarajevo"}),
        ({"year": 2020, "country": "BA"}, {"Water safety in Sarajevo"}),
    ],
)
def test_each_filter_narrows_the_practices(
    library: list[Practice], filters: dict[str, Any], expected: set[str]
) -> None:
    assert set(titles(SearchParams(**filters))) == expected


def test_a_filter_also_narrows_what_the_query_finds_by_meaning(library: list[Practice]) -> None:
    assert set(search("water", country="TN")) == {"Water meters in Tunis"}


def test_practices_sort_by_title_and_by_newest(library: list[Practice]) -> None:
    assert titles(SearchParams(sort="title")) == sorted(p.title for p in library)
    assert titles(SearchParams(sort="newest")) == [p.title for p in reversed(library)]


def test_results_come_in_pages_of_twenty(publish: Callable[..., Practice]) -> None:
    for n in range(23):
        PracticeFactory.create(title=f"Rain garden {n:02d}")
    from connective.practices.search.index import rebuild

    rebuild(embeddings=False)
    first = practice_search(SearchParams(query="rain garden", sort="title"), record=False)
    second = practice_search(SearchParams(query="rain garden", sort="title", page=2), record=False)
    assert (first.total, first.pages, len(first.practices), len(second.practices)) == (23, 2, 20, 3)
    assert second.practices[0].title == "Rain garden 20"


# -- the page ------------------------------------------------------------------------------


def test_a_visitor_searches_the_library_page(visitor: Client, library: list[Practice]) -> None:
    response = visitor.get(URL, {"q": "water", "country": "BA"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Water safety in Sarajevo" in html
    assert "Water kiosks in Amman" not in html
    assert "Remove all filters" in html


def test_the_page_lists_practices_without_a_query(visitor: Client, library: list[Practice]) -> None:
    response = visitor.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 4


def test_an_htmx_request_gets_only_the_search_area(visitor: Client, library: list[Practice]) -> None:
    response = visitor.get(URL, {"q": "water"}, headers={"HX-Request": "true", "HX-Target": "search-area"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-area"')
    assert "<html" not in html


def test_a_search_without_results_says_so_and_suggests_what_to_try(
    visitor: Client, library: list[Practice]
) -> None:
    response = visitor.get(URL, {"q": "zzzqqq xxyyzz", "country": "TN"})
    html = response.content.decode()
    assert "No practice matches" in html
    assert "removing the filters" in html
    assert "?q=zzzqqq" in html  # a broader search: one word at a time
    assert "another language" in html
    assert "?theme=water-supply" in html  # a popular theme


def test_filters_the_page_does_not_understand_are_named_and_left_out(
    visitor: Client, library: list[Practice]
) -> None:
    response = visitor.get(URL, {"country": "ZZ", "year": "soon", "sdg": "99"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a country code" in html
    assert html.count('class="card"') == 4


@pytest.mark.parametrize(
    "query",
    [
        '"', '""', "'", "*", "-", "--", ":", "title:water", "water*", '"water', "water OR", "AND OR NOT",
        "NEAR(water bus)", "^water", "(water", "water)", "{water}", "\\", "'; DROP TABLE practices_practice; --",
        "!!!", "&|!", "<script>alert(1)</script>", "a" * 500, "\x00water", "water\u200bkiosk", "🚰",
    ],
)  # fmt: skip
def test_queries_with_search_syntax_never_fail(visitor: Client, library: list[Practice], query: str) -> None:
    response = visitor.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert Practice.objects.count() == 4


# -- who finds what ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["visitor", "alice", "bob", "charlie", "dina", "emil", "sam"])
def test_drafts_and_practices_in_review_never_appear_in_search(
    request: pytest.FixtureRequest, client_for: Callable[[User | MemberProfile], Client],
    publish: Callable[..., Practice], alice: MemberProfile, persona: str,
) -> None:  # fmt: skip
    publish(title="Published water kiosks")
    for status in (
        PracticeStatus.DRAFT,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.CHANGES_REQUESTED,
        PracticeStatus.DECLINED,
    ):
        publish(title=f"Hidden water kiosks {status}", status=status, authors=[alice])
    person = request.getfixturevalue(persona)
    client = person if persona == "visitor" else client_for(person)
    for params in ({"q": "water kiosks"}, {}, {"q": "kiosques à eau"}, {"sort": "title"}):
        html = client.get(URL, params).content.decode()
        assert "Published water kiosks" in html
        assert "Hidden" not in html


def test_an_unpublished_practice_leaves_the_results(
    publish: Callable[..., Practice], django_capture_on_commit_callbacks: Any
) -> None:
    practice = publish(title="Water kiosks in Amman")
    assert search("kiosks") == ["Water kiosks in Amman"]
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    assert search("kiosks") == []
    assert search("kiosques") == []


# -- what is recorded ----------------------------------------------------------------------


def test_a_search_is_recorded_without_who_asked(
    client_for: Callable[[User | MemberProfile], Client], alice: MemberProfile, library: list[Practice]
) -> None:
    client_for(alice).get(URL, {"q": "water", "country": "BA"})
    record = SearchQuery.objects.get()
    assert (record.query, record.language, record.filters, record.result_count) == (
        "water",
        "en",
        {"country": "BA"},
        1,
    )
    fields = {f.name for f in SearchQuery._meta.get_fields()}
    assert fields == {"id", "query", "language", "filters", "result_count", "at"}
    assert alice.user.email not in str(record.__dict__)


def test_the_search_language_follows_the_words(visitor: Client, library: list[Practice]) -> None:
    visitor.get(URL, {"q": "gestion des déchets"})
    visitor.get(URL, {"q": "إدارة النفايات"})
    assert sorted(SearchQuery.objects.values_list("language", flat=True)) == ["ar", "fr"]


def test_a_latin_word_typed_on_the_arabic_pages_is_not_read_as_arabic(
    publish: Callable[..., Practice],
) -> None:
    publish(title="Municipal service portal", summary="Residents file their requests online.")
    english = practice_search(SearchParams(query="service"), ui_language="en", record=False)
    arabic = practice_search(SearchParams(query="service"), ui_language="ar", record=False)
    assert arabic.query_language == "en"
    assert [p.title for p in arabic.practices] == [p.title for p in english.practices]
    assert "Municipal service portal" in [p.title for p in arabic.practices]
    assert practice_search(SearchParams(query="خدمات"), ui_language="fr", record=False).query_language == "ar"


def test_browsing_without_words_and_turning_pages_are_not_recorded(
    visitor: Client, library: list[Practice]
) -> None:
    visitor.get(URL, {"country": "BA"})
    visitor.get(URL, {"q": "water", "page": "2"})
    assert not SearchQuery.objects.exists()
