"""The library on a small phone: the filters wait behind one button above the results, closed,
and open without JavaScript; nothing is wider than a 360 px screen, even with fifty countries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django_countries import countries
from playwright.sync_api import expect

from connective.practices.search.index import rebuild
from connective.practices.tests.factories import PracticeFactory

SMALL_PHONE = {"width": 360, "height": 740}


def test_the_library_filters_fold_behind_one_button_on_a_small_phone(
    new_page: Callable[..., Any], screenshot: Callable[[Any, str], Path]
) -> None:
    for n, (code, _name) in enumerate(list(countries)[:50]):
        PracticeFactory.create(title=f"Water kiosks {n}", country=code, city="Somewhere")
    rebuild(embeddings=False)
    page = new_page(viewport=SMALL_PHONE, java_script_enabled=False)
    page.goto("/practices/?q=water&language=en")

    filters = page.locator("details.search-filters")
    expect(filters.locator(":scope > summary")).to_have_text("Filters (1)")
    assert filters.get_attribute("open") is None
    # Above the first result card, and the facets hidden until asked for.
    button_top = filters.locator(":scope > summary").bounding_box()["y"]
    assert button_top < page.locator(".practice-list .card").first.bounding_box()["y"]
    expect(page.locator("#facet-country")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "library-phone-closed")

    filters.locator(":scope > summary").click()  # a <details>: no script needed
    expect(page.locator("#facet-country")).to_be_visible()
    assert page.locator("#facet-country option").count() == 51  # "Any" and fifty countries
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "library-phone-open")

    chosen = list(countries)[7][0]  # one of the fifty
    page.select_option("#facet-country", chosen)
    with page.expect_navigation():
        page.locator("form.facet-select button").click()
    assert f"country={chosen}" in page.url and "q=water" in page.url
