"""Searches whose words match a large share of the library (PostgreSQL): counted and ranked
from one sample bucket, shown as estimates, at a bounded cost.

`EXACT_LIMIT` is lowered so that 1,000 practices are a "large" library here.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from connective.practices.models import Practice
from connective.practices.search import selectors
from connective.practices.search.backends import PostgresBackend, backend
from connective.practices.search.selectors import SearchParams, practice_search
from connective.practices.search.semantic import similar_ids
from connective.practices.tests.test_search_queries import make_library

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite always counts exactly"),
]


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    make_library(1000)
    monkeypatch.setattr(selectors, "EXACT_LIMIT", 100)


def exact_count(word: str) -> int:
    either = Q(title__icontains=word) | Q(summary__icontains=word) | Q(challenge__icontains=word)
    return Practice.objects.filter(either).count()


def test_a_common_word_gets_an_estimated_total_and_facets(large: None) -> None:
    result = practice_search(SearchParams(query="water"), record=False)
    exact = exact_count("water")
    assert exact > 300
    assert result.approximate
    # One bucket in 16 of ~500 matches: the estimate is within a third of the truth.
    assert abs(result.total - exact) < exact / 3
    assert result.truncated
    assert sum(value.count for value in result.facets["region"]) == pytest.approx(result.total, rel=0.1)
    assert all(practice.title for practice in result.practices)
    assert len(result.practices) == selectors.PAGE_SIZE


@pytest.mark.parametrize("fine", [False, True])
def test_the_ranked_sample_holds_only_matches_of_its_bucket_and_the_neighbours(
    large: None, monkeypatch: pytest.MonkeyPatch, fine: bool
) -> None:
    # About 500 match: above FINE_LIMIT the finer sample (one in 64) is read, else one in 16.
    monkeypatch.setattr(selectors, "FINE_LIMIT", 200 if fine else 10_000)
    params = SearchParams(query="water")
    bucket = PostgresBackend.sample_bucket(params.query)
    buckets = PostgresBackend.SAMPLE_BUCKETS * (PostgresBackend.FINE_SAMPLE if fine else 1)
    result = practice_search(params, record=False)
    assert result.approximate
    neighbours = {
        pk for pk, _score in similar_ids(params.query, limit=selectors.SEMANTIC_LIMIT, min_similarity=0)
    }
    lexical = [practice.pk for practice in result.practices if practice.pk not in neighbours]
    assert lexical, "the words' ranking shows on the first page"
    assert all(pk % buckets == bucket % buckets for pk in lexical)
    assert abs(result.total - exact_count("water")) < exact_count("water") / 2


def test_the_same_words_give_the_same_estimate(large: None) -> None:
    first = practice_search(SearchParams(query="water kiosk"), record=False)
    again = practice_search(SearchParams(query="Kiosk   WATER"), record=False)
    assert (first.total, first.approximate) == (again.total, again.approximate)


def test_other_orders_show_the_first_thousand_of_an_estimate(
    large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "LEXICAL_LIMIT", 60)
    result = practice_search(SearchParams(query="water", sort="newest", page=99), record=False)
    assert result.approximate
    assert (result.pages, result.page, result.shown) == (3, 3, 60)
    newest = list(
        Practice.objects.filter(search_document__isnull=False)
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    shown = [practice.pk for practice in result.practices]
    assert shown == sorted(shown, key=newest.index)


def test_a_rare_word_stays_exact(large: None) -> None:
    first = Practice.objects.order_by("pk").first()
    assert first is not None
    Practice.objects.filter(pk=first.pk).update(title="Zebra crossings")
    backend().index([first.pk])
    result = practice_search(SearchParams(query="zebra"), record=False)
    assert not result.approximate
    # Every practice here shares one embedding, so the fifty neighbours by meaning join it.
    assert first.pk in [practice.pk for practice in result.practices]
    assert selectors.SEMANTIC_LIMIT <= result.total <= selectors.SEMANTIC_LIMIT + 1


def test_the_page_says_about(large: None, visitor: Client) -> None:
    response = visitor.get(reverse("practices:list"), {"q": "water"})
    text = response.content.decode()
    assert "About " in text
    assert "(~" in text
