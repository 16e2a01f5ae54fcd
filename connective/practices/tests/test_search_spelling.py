"""Did you mean: a misspelt search is offered a corrected one, built from the library's words.

Practices go through `practice_changed` with the on-commit tasks run, as the services do: the
vocabulary is then refreshed in the background, under the index's stamp.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.search import spelling
from connective.practices.search.index import DOCUMENTS_STAMP, practice_changed
from connective.practices.search.selectors import SearchParams, practice_search
from connective.practices.search.semantic import stamp_renew
from connective.practices.search.spelling import Vocabulary, fold, suggestion, vocabulary_build

pytestmark = pytest.mark.django_db
URL = reverse("practices:list")


@pytest.fixture
def library(publish: Callable[..., Practice]) -> list[Practice]:
    return [
        publish(title="Water kiosks in Amman", summary="Kiosks sell clean water where pipes do not reach."),
        publish(
            title="Recyclage des déchets ménagers", summary="Les habitants trient leurs déchets.",
            challenge="", language_id="fr", city="Tunis", country="TN", themes=[],
        ),
        publish(
            title="إدارة النفايات الصلبة في الأحياء", summary="تقوم البلدية بجمع النفايات من المنازل.",
            challenge="", language_id="ar", city="Amman", country="JO", themes=[],
        ),
        publish(
            title="Bus lanes in Sarajevo", summary="Buses on their own lanes.", challenge="Traffic jams.",
            country="BA", city="Sarajevo", themes=[],
        ),
    ]  # fmt: skip


def suggested(query: str) -> str:
    return practice_search(SearchParams(query=query), record=False).suggestion


def test_a_misspelt_english_word_is_corrected(library: list[Practice]) -> None:
    assert practice_search(SearchParams(query="watr"), record=False).total == 0
    assert suggested("watr") == "water"


def test_a_misspelt_french_word_is_corrected(library: list[Practice]) -> None:
    # Found by meaning perhaps, but not by its words: the correction is still offered.
    assert suggested("recylage") == "recyclage"


def test_a_misspelt_arabic_word_is_corrected(library: list[Practice]) -> None:
    assert suggested("النفيات") == "النفايات"  # a missing alef


@pytest.mark.parametrize("query", ["water", "kiosk", "Kiosks", "déchets", "dechets", "النفايات", "buses"])
def test_a_word_that_already_matches_gets_no_suggestion(library: list[Practice], query: str) -> None:
    assert suggested(query) == ""


def test_only_the_misspelt_words_change_and_the_rest_stays_as_typed(library: list[Practice]) -> None:
    assert suggested('Watr "kiosks" -bus') == 'Water "kiosks" -bus'
    assert suggested("zzzqqqxx") == ""  # nothing close enough: no guess


def test_words_are_compared_without_case_accents_or_arabic_marks() -> None:
    assert fold("Déchets") == "dechets"
    assert fold("إدارة") == "اداره"
    known = vocabulary_build(["Déchets ménagers", "Déchets verts", "Water meters"], [])
    assert suggestion("dechet menagers", known=known) == ""  # one stem away, one accent away
    assert suggestion("méters", known=known) == ""
    assert suggestion("watter", known=known) == "water"


def test_a_word_with_short_vowels_is_one_word() -> None:
    known = vocabulary_build(["إدارة النفايات"], [])
    assert suggestion("النفَيات", known=known) == "النفايات"  # a fatha, and a missing alef


def test_the_most_frequent_neighbour_wins(library: list[Practice]) -> None:
    known = vocabulary_build(["Solar lamps", "Solar roofs", "Polar bears"], [])
    assert suggestion("yolar", known=known) == "solar"


def test_the_vocabulary_follows_the_published_library(
    library: list[Practice], publish: Callable[..., Practice], django_capture_on_commit_callbacks: Any
) -> None:
    assert suggested("compst") == ""
    practice = publish(title="Compost from market waste", summary="Markets turn food waste into compost.")
    assert suggested("compst") == "compost"
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    assert suggested("compst") == ""


def test_a_search_finding_enough_by_its_words_is_not_second_guessed(publish: Callable[..., Practice]) -> None:
    for n in range(3):
        publish(title=f"Water kiosks {n}", summary="Meters for kiosks.")
    # "meters" matches the practices (in their summaries): no correction towards "water".
    assert suggested("meters") == ""


# -- the page ------------------------------------------------------------------------------


def test_one_click_runs_the_suggestion(visitor: Client, library: list[Practice]) -> None:
    html = visitor.get(URL, {"q": "watr", "country": "JO"}).content.decode()
    assert "Did you mean" in html
    assert 'href="?q=water&amp;country=JO"' in html
    html = visitor.get(URL, {"q": "water", "country": "JO"}).content.decode()
    assert "Water kiosks in Amman" in html
    assert "Did you mean" not in html


def test_nothing_found_offers_no_orders_or_facets_but_each_filter_to_remove(
    visitor: Client, library: list[Practice]
) -> None:
    area = {"HX-Request": "true", "HX-Target": "search-area"}  # the results area alone
    html = visitor.get(URL, {"q": "watr", "country": "TN", "language": "fr"}, headers=area).content.decode()
    assert "No practice matches" in html
    assert "Sort by" not in html and "sort=" not in html
    assert "Narrow the results" not in html and "search-filters" not in html
    assert "Did you mean" in html
    # Each active filter is removed by one link, and all of them by another.
    assert 'href="?q=watr&amp;language=fr"' in html  # without the country
    assert 'href="?q=watr&amp;country=TN"' in html  # without the language
    assert 'href="?q=watr"' in html
    assert "without Country: Tunisia" in html and "without Language: Français" in html


def test_changes_committed_together_build_the_vocabulary_once(
    library: list[Practice], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert spelling.vocabulary_refresh() == 0  # kept already, after the library's last change
    builds: list[Vocabulary] = []

    def build(*sources: Any) -> Vocabulary:
        builds.append(vocabulary_build(*sources))
        return builds[-1]

    monkeypatch.setattr(spelling, "vocabulary_build", build)
    stamp_renew(DOCUMENTS_STAMP)  # a change to the index
    assert spelling.vocabulary_refresh() > 0
    assert spelling.vocabulary_refresh() == 0  # the refresh queued by a second change
    assert len(builds) == 1
