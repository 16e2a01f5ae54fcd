"""What a visitor may type: overlong queries, punctuation, control characters, a flood of
words; none is dropped silently, none fails. And the page's filters on a small screen."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from connective.practices.models import Practice
from connective.practices.search.backends import SqliteBackend
from connective.practices.search.text import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    clean_query,
    clean_query_parts,
    query_words,
)
from connective.practices.templatetags.library_html import COMPACT_ABOVE

URL = reverse("practices:list")
AREA = {"HX-Request": "true", "HX-Target": "search-area"}  # the results area alone


@pytest.fixture
def library(publish: Callable[..., Practice]) -> list[Practice]:
    return [
        publish(title="Water kiosks in Amman", summary="Kiosks sell clean water."),
        publish(
            title="Bus lanes in Sarajevo", summary="Buses on their own lanes.", challenge="Traffic jams.",
            approach="Paint.", results="Faster buses.", lessons_learned="", transfer_conditions="",
            costs_and_financing="", partners="", country="BA", city="Sarajevo", themes=[],
        ),
    ]  # fmt: skip


def area(client: Client, **params: str) -> str:
    response = client.get(URL, params, headers=AREA)
    assert response.status_code == 200
    return response.content.decode()


# -- the query parser ------------------------------------------------------------------------


def test_an_overlong_query_is_cut_at_a_word_boundary() -> None:
    words = " ".join(f"word{n}" for n in range(20))  # 20 words, 129 characters
    raw = words + " " + "x" * 60 + " " + "waterkiosk" * 3
    parts = clean_query_parts(raw)
    assert parts.shortened == "length"
    assert len(parts.text) <= MAX_QUERY_LENGTH
    assert raw.startswith(parts.text) and raw[len(parts.text)] == " "


def test_a_single_overlong_word_is_cut_at_the_limit() -> None:
    parts = clean_query_parts("a" * 500)
    assert (parts.text, parts.shortened) == ("a" * MAX_QUERY_LENGTH, "length")
    # However long the address, only the start is read.
    parts = clean_query_parts("water " * 100_000)
    assert (parts.text, parts.shortened) == (" ".join(["water"] * MAX_QUERY_WORDS), "words")


def test_more_words_than_the_limit_keep_the_first() -> None:
    parts = clean_query_parts(" ".join(["water"] * 40))
    assert (parts.shortened, len(parts.text.split())) == ("words", MAX_QUERY_WORDS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("water\tkiosks", "water kiosks"), ("water\nkiosks", "water kiosks"), ("water\x00kiosks", "water kiosks"),
        ("water\u200bkiosks", "water kiosks"), ("water\u2028kiosks", "water kiosks"),
        ("\u200fالنفايات\u200e", "النفايات"),  # noqa: RUF001  # Arabic between direction marks
        ("co\u00adoperation", "cooperation"), ("  water   kiosks  ", "water kiosks"),
    ],
)  # fmt: skip
def test_control_and_invisible_characters_separate_or_vanish(raw: str, expected: str) -> None:
    assert clean_query(raw) == expected


@given(st.text(max_size=600))
def test_any_text_becomes_a_query_within_the_limits(raw: str) -> None:
    parts = clean_query_parts(raw)
    assert len(parts.text) <= MAX_QUERY_LENGTH
    assert len(parts.text.split()) <= MAX_QUERY_WORDS
    assert parts.text == parts.text.strip() and "  " not in parts.text
    assert all(ch == " " or not ch.isspace() for ch in parts.text)
    assert clean_query(parts.text) == parts.text  # cleaning twice changes nothing
    # What reaches FTS5 is quoted words of letters and digits, whatever was typed.
    expression = SqliteBackend._expression(parts.text)
    if query_words(parts.text):
        assert expression is not None
        assert re.fullmatch(r'"(?:[^"]|"")+"(?: "(?:[^"]|"")+")*', expression), expression
    else:
        assert expression is None


# -- the page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_overlong_query_is_searched_shortened_with_a_notice(
    visitor: Client, library: list[Practice]
) -> None:
    html = area(visitor, q=" ".join(["water kiosks"] * 20))  # 259 characters
    assert f"may be up to {MAX_QUERY_LENGTH} characters" in html
    assert "Water kiosks in Amman" in html
    assert "Bus lanes in Sarajevo" not in html  # not every practice
    # The links carry the words as searched.
    searched = clean_query(" ".join(["water kiosks"] * 20))
    assert f"?q={searched.replace(' ', '+')}&amp;sort=title" in html


@pytest.mark.django_db
def test_a_query_over_the_old_hard_limit_is_still_searched(visitor: Client, library: list[Practice]) -> None:
    html = area(visitor, q="water " + "x" * 600)
    assert "may be up to" in html
    assert "not understood" not in html
    assert "Bus lanes in Sarajevo" not in html


@pytest.mark.django_db
def test_a_flood_of_words_is_searched_for_its_first_words(visitor: Client, library: list[Practice]) -> None:
    html = area(visitor, q=" ".join(["water"] * 33 + ["buses"]))  # 34 words, 203 characters
    assert f"may have up to {MAX_QUERY_WORDS} words" in html
    assert "Water kiosks in Amman" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["!!!", "---", '"', "*", "&|!", "()", "-- --"])
def test_punctuation_alone_finds_nothing_and_says_why(
    visitor: Client, library: list[Practice], query: str
) -> None:
    html = area(visitor, q=query)
    assert "no letters or digits" in html
    assert 'class="card"' not in html
    assert "Sort by" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["water\x00kiosks", "water\tkiosks", "water\u200bkiosks", "\x07water\x1bkiosks"]
)
def test_control_characters_do_not_hide_the_words(
    visitor: Client, library: list[Practice], query: str
) -> None:
    html = area(visitor, q=query)
    assert "Water kiosks in Amman" in html
    assert "not understood" not in html


# -- the filters on a phone --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_filters_wait_behind_one_closed_button_above_the_results(
    visitor: Client, library: list[Practice]
) -> None:
    html = area(visitor, q="water", country="JO", sort="title")
    details = re.search(r"<details class=\"search-filters\"[^>]*>\s*<summary[^>]*>([^<]*)</summary>", html)
    assert details is not None
    assert "open" not in details.group(0)
    assert details.group(1) == "Filters (1)"
    assert html.index("search-filters") < html.index('class="practice-list"')
    assert "Filters</summary>" in area(visitor, q="water")


@pytest.mark.django_db
def test_a_long_facet_is_a_drop_down_list_that_keeps_the_search(
    visitor: Client, publish: Callable[..., Practice]
) -> None:
    countries = ["JO", "TN", "MA", "EG", "LB", "BA", "RS", "AL", "MK", "ME", "KE", "GH"]
    assert len(countries) > COMPACT_ABOVE
    for code in countries:
        publish(title=f"Water kiosks in {code}", country=code)
    html = area(visitor, q="water", sort="title", theme="water-supply")
    form = re.search(r'<form method="get" action="/practices/" class="facet-select">.*?</form>', html, re.S)
    assert form is not None
    assert '<select id="facet-country" name="country">' in form.group(0)
    assert '<input type="hidden" name="q" value="water">' in form.group(0)
    assert '<input type="hidden" name="theme" value="water-supply">' in form.group(0)
    assert re.search(r'<option value="TN">Tunisia \(1\)</option>', form.group(0))
    assert "?q=water&amp;sort=title&amp;theme=water-supply&amp;country=" not in html  # no 12 links
    # Shorter facets keep their links.
    assert "?q=water&amp;sort=title&amp;theme=water-supply&amp;language=en" in html
