"""The home page's registry: the apps above core plug their parts in; core imports none of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils.safestring import mark_safe

from connective.core import home
from connective.core.home import Waiting, home_showcase, home_waiting_for, register_showcase, register_waiting


class _Viewer:
    def __init__(self, *, authenticated: bool) -> None:
        self.is_authenticated = authenticated


@pytest.fixture
def registry() -> Iterator[None]:
    """An empty registry for the test, the apps' registrations back afterwards."""
    showcases, waiting = dict(home._showcases), dict(home._waiting)
    home._showcases.clear()
    home._waiting.clear()
    yield
    home._showcases.clear()
    home._waiting.clear()
    home._showcases.update(showcases)
    home._waiting.update(waiting)


def test_the_apps_register_their_parts_when_django_starts() -> None:
    assert set(home._showcases) == {"practices", "networks"}
    assert set(home._waiting) >= {
        "consultations.member",
        "practices.author",
        "networks.declarations",
        "practices.reviewer",
        "consultations.services",
    }


def test_showcases_are_joined_in_their_order_and_kept_safe(registry: None) -> None:
    register_showcase("b", order=20, render=lambda: mark_safe("<p>second</p>"))
    register_showcase("a", order=10, render=lambda: mark_safe("<p>first</p>"))
    assert home_showcase() == "<p>first</p>\n<p>second</p>"


def test_waiting_items_come_in_their_order_and_a_visitor_asks_no_provider(registry: None) -> None:
    asked: list[Any] = []

    def late(viewer: Any) -> list[Waiting]:
        asked.append(viewer)
        return [Waiting(label="late", count=2, url="/late/")]

    register_waiting("late", order=50, provider=late)
    register_waiting("early", order=10, provider=lambda viewer: [Waiting(label="early", count=0, url="/")])
    member = _Viewer(authenticated=True)
    assert [item.label for item in home_waiting_for(viewer=member)] == ["early", "late"]
    assert home_waiting_for(viewer=_Viewer(authenticated=False)) == []
    assert asked == [member]


def test_registering_a_part_again_replaces_it(registry: None) -> None:
    register_showcase("x", order=10, render=lambda: mark_safe("old"))
    register_showcase("x", order=10, render=lambda: mark_safe("new"))
    assert home_showcase() == "new"
