"""Real-browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Every test here is marked `browser`. They skip, saying why, only when /usr/bin/chromium is
missing; Playwright's own browser downloads are never used. The live server runs in a thread
of this process, so `django.core.mail.outbox` holds the mails it sends (Celery runs eagerly
in tests). Screenshots go to test-artifacts/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
# A mid-range phone: the members' most common screen.
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            # The data migrations' rows (networks, languages, legal documents) must survive the
            # flush that the live server's transactional database does after each test.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def chromium(django_db_setup: None) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Once Playwright runs its event loop in this thread, Django looks its connections up per
    # async context and opens new ones, which lack the serialized rows `serialized_rollback`
    # restores (so after the first browser test of a worker that already ran other tests, the
    # data migrations' rows would be gone). Carry them over to the new connections.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents")  # noqa: B009
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            setattr(connections[alias], "_test_serialized_contents", contents)  # noqa: B010
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (own cookies) on the live server; call it once per person."""
    contexts: list[Any] = []

    def make(*, viewport: dict[str, int] | None = None, locale: str = "en-GB", **options: Any) -> Any:
        """`options` go to Playwright's new_context (java_script_enabled=False, say)."""
        context = chromium.new_context(
            base_url=live_server.url, viewport=viewport or PHONE, locale=locale, **options
        )
        context.set_default_timeout(30_000)  # CI runs two workers on two cores
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
