"""The shell works in a real browser: the home page, the skip link, and switching to Arabic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_a_visitor_opens_the_home_page_and_switches_it_to_arabic(
    page: Any, screenshot: Callable[[Any, str], Path]
) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").count() == 1
    screenshot(page, "home-en")

    with page.expect_navigation():
        page.get_by_role("button", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.url.rstrip("/").endswith(page.evaluate("location.host"))
    screenshot(page, "home-ar")


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    # Hidden above the page until focused, then shown at the top.
    assert page.evaluate("getComputedStyle(document.activeElement).top") == "8px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_htmx_loads_from_our_own_server(page: Any) -> None:
    page.goto("/")
    page.wait_for_function("window.htmx !== undefined")
    assert page.evaluate("htmx.version").startswith("2.")
