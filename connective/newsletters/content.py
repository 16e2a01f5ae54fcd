"""What a newsletter can propose: sources of news since the last issue, in one registry.

The newsletters app sits above the domain apps, so it reads practices and consultations itself;
the apps that come later (discussions that drew replies, the members' programme's decisions)
plug in without the newsletters app knowing them:

    register_content_source("programme.decisions", _("Programme decisions"), collect_decisions)

`collect(network, since)` returns the items of `network` (None: every network) that happened
after `since`, newest first, each with an absolute link (`core.links`). A sent issue's body is
public in the archive, so a source of what only members read (discussions) says
`members_only=True`: its items are proposed for the issue's members-only part, and even there
only what every member of the network may read (never a closed section's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ContentItem:
    """One piece of news: a title, its absolute link, and a line about it (plain text)."""

    title: str
    link: str
    summary: str = ""


Collect = Callable[[Any, datetime], list[ContentItem]]


@dataclass(frozen=True)
class ContentSource:
    key: str
    title: str | Promise
    collect: Collect
    order: int = 50
    members_only: bool = False


_sources: dict[str, ContentSource] = {}


def register_content_source(
    key: str, title: str | Promise, collect: Collect, *, order: int = 50, members_only: bool = False
) -> None:
    """Add (or replace, as tests do) the source `key`; its items are proposed under `title`."""
    _sources[key] = ContentSource(
        key=key, title=title, collect=collect, order=order, members_only=members_only
    )


def unregister_content_source(key: str) -> None:
    _sources.pop(key, None)


def content_sources() -> list[ContentSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.key))
