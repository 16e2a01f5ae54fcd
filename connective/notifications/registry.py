"""What each app tells the notification pipeline: which events concern whom, and how they read.

An app registers, from its `ready()`, one `NotificationKind` per event kind that concerns
people (a reply, a mention, a consultation step, an approval, a programme decision):

    register_kind(NotificationKind(
        kind=DiscussionEvent.REPLIED,
        label=_("Replies in discussions you follow"),
        recipients=reply_recipients,          # (event) -> user ids; the actor is left out for you
        render=reply_render,                  # (event, recipient) -> Rendered | None
        template="discussions/notifications/reply",
    ))

`recipients` runs in the background after commit. `render` runs when the notification is shown
or delivered, in the recipient's language (already active), and returns None when the recipient
may no longer see what it is about (then nothing is shown or sent). The pipeline renders the
mail from `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html` with the
context `render` returns (plus `recipient`, `link`, `SITE_URL`, the unsubscribe link).

Digest sections (`register_digest_section`) add what is new for a member beyond their own
notifications: new practices on their themes, and later upcoming events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise

from connective.core.events import EventKind, subscribe
from connective.notifications.choices import Frequency


@dataclass(frozen=True)
class Rendered:
    """One notification as its recipient reads it: a line for the bell and the list, a link,
    and the context of its mail templates."""

    line: str
    link: str
    context: dict[str, Any] = field(default_factory=dict)
    # The language and direction of member-written text in `line`, if any (core.text).
    text_language: str = ""
    # Where a reply to the mail goes: a signed reply address (`connective.inbound`) when the
    # feature takes replies by email, as the recipient; empty for the no-reply sender.
    reply_to: str = ""


@dataclass(frozen=True)
class NotificationKind:
    kind: EventKind
    label: str | Promise
    recipients: Callable[[Any], Iterable[int]]
    render: Callable[[Any, Any], Rendered | None]
    template: str
    default: str = Frequency.IMMEDIATELY
    # A kind a member cannot turn off by mail (e.g. the decision on their declaration).
    required: bool = False
    # The model of the events' targets, and what `render` reads of it: the notification list
    # loads the targets of a page's events in one query per kind and hands them to `render`
    # through `target_of`, so the list costs the same at 10 and at 1,000 notifications.
    target_model: Any = None
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestItem:
    title: str
    link: str
    summary: str = ""
    language: str = ""


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str | Promise
    order: int
    collect: Callable[[Any, datetime], list[DigestItem]]
    # The same for many members at once ({user id: items}), given each one's `since`: the digest
    # of 100,000 members asks this once per batch instead of `collect` once per member.
    collect_batch: Callable[[list[Any], dict[int, datetime]], dict[int, list[DigestItem]]] | None = None


_kinds: dict[str, NotificationKind] = {}
_sections: dict[str, DigestSection] = {}


def register_kind(kind: NotificationKind) -> None:
    """Register `kind` and subscribe its event to the fan-out (one notification per recipient)."""
    from connective.notifications.pipeline import fan_out

    _kinds[kind.kind.value] = kind
    subscribe(kind.kind, handler=fan_out)


def target_of(event: Any, model: type[Any]) -> Any:
    """The event's target as an instance of `model` (None when gone): the one the notification
    list loaded for a whole page when there is one, else read now (`core.events.event_target`)."""
    from connective.core.events import event_target

    loaded = getattr(event, "_notification_target", _MISSING)
    if loaded is not _MISSING:
        return loaded if isinstance(loaded, model) else None
    return event_target(event, model)


_MISSING = object()


def notification_kind(value: str) -> NotificationKind | None:
    return _kinds.get(value)


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind.value)


def register_digest_section(section: DigestSection) -> None:
    """`collect(user, since)` returns what is new for `user` since `since` (empty: nothing)."""
    _sections[section.key] = section


def digest_sections() -> list[DigestSection]:
    return sorted(_sections.values(), key=lambda s: s.order)


def registered_event_kinds() -> Iterable[EventKind]:
    return [k.kind for k in _kinds.values()]
