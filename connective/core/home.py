"""The home page's parts that belong to the apps above core, gathered through a registry.

The home page is core's (`core:home`, linked from every page), but what it shows comes from
higher layers: the library's featured and newest practices, the networks' figures, and what
waits for a signed-in person in each app. Core may not import those apps (see the layers in
pyproject.toml), so each registers its part in its `AppConfig.ready()`, and the home view asks
the registry. A new app (events, discussions) plugs in the same way.

- A **showcase** is a piece of HTML every visitor of a language sees alike. Its app keeps it in
  the cache under its own version, so a warm home page costs a visitor no query.
- A **to-do** provider returns what waits for one viewer: a count and where to deal with it.
  It returns an empty list, without a query, to a viewer the part is not for, and costs at
  most one query otherwise, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Waiting:
    """Things of one kind waiting for the viewer: `count` of them, dealt with at `url`.

    `label` is the translated phrase that follows the number ("invitations to advise").
    """

    label: str
    count: int
    url: str


Showcase = Callable[[], SafeString]
# Given the request's Viewer (connective.members.roles; typed loosely: core is below members).
WaitingFor = Callable[[Any], list[Waiting]]

_showcases: dict[str, tuple[int, Showcase]] = {}
_waiting: dict[str, tuple[int, WaitingFor]] = {}


def register_showcase(name: str, *, order: int, render: Showcase) -> None:
    """Show `render()` to everyone on the home page, sorted by `order` (re-registering replaces)."""
    _showcases[name] = (order, render)


def register_waiting(name: str, *, order: int, provider: WaitingFor) -> None:
    """Add `provider(viewer)` to the signed-in person's "waiting for you", sorted by `order`."""
    _waiting[name] = (order, provider)


def home_showcase() -> SafeString:
    """The registered showcases' HTML, in order."""
    parts = sorted(_showcases.values(), key=lambda part: part[0])
    return format_html_join("\n", "{}", ((render(),) for _order, render in parts))


def home_waiting_for(*, viewer: Any) -> list[Waiting]:
    """What waits for `viewer` across the apps, in the registered order."""
    if not viewer.is_authenticated:
        return []
    providers = sorted(_waiting.values(), key=lambda part: part[0])
    return [item for _order, provider in providers for item in provider(viewer)]
