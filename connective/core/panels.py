"""Parts of a lower app's page that a higher app adds: the "Send a message" button on a member's
profile, the questions and the follow and bookmark buttons under a practice.

A page belongs to its app (`members:detail`, `practices:detail`), but what some of its parts
show comes from apps above it, which it may not import (see the layers in pyproject.toml). So
the higher app registers a panel for a named place from its `AppConfig.ready()`, as it does for
the home page (`core/home.py`), and the page's view asks for the panels of its place:

    register_panel("practices.detail", name="questions", order=20, render=practice_questions)
    panels("practices.detail", request, practice)   # the panels' HTML, in order

A panel's `render(request, obj)` returns its HTML (empty when it has nothing for this viewer);
it checks itself what the viewer may see, and costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest, Any], SafeString | str]

_panels: dict[str, dict[str, tuple[int, Panel]]] = {}


def register_panel(place: str, *, name: str, order: int, render: Panel) -> None:
    """Show `render(request, obj)` on the pages of `place`, sorted by `order` (re-registering replaces)."""
    _panels.setdefault(place, {})[name] = (order, render)


def panels(place: str, request: HttpRequest, obj: Any) -> SafeString:
    """The HTML of the panels registered for `place`, in order."""
    registered = sorted(_panels.get(place, {}).values(), key=lambda panel: panel[0])
    parts = [render(request, obj) for _order, render in registered]
    # A panel's HTML comes from its template (a SafeString); a plain string would be escaped.
    return format_html_join("\n", "{}", ((part,) for part in parts if part))
