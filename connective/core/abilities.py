"""What a person may do, asked by name from a template that belongs to a lower app.

Each app owns its rules in its `access.py` (functions taking the viewer). A view passes the
answers its own template needs in its context; a template shared across apps (the navigation)
or one of a lower app (a member's page offering "Ask for advice", which consultations decide)
asks here by name, `{% if viewer|can:"consultations.request" %}`, and the owning app registers
the rule from its `ready()`:

    register_ability("consultations.request", can_request_consultation)

An ability no installed app registered is False, so a template never breaks for an app left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_abilities: dict[str, Callable[[Any], bool]] = {}


def register_ability(name: str, check: Callable[[Any], bool]) -> None:
    _abilities[name] = check


def viewer_can(viewer: Any, name: str) -> bool:
    check = _abilities.get(name)
    return bool(viewer is not None and check is not None and check(viewer))
