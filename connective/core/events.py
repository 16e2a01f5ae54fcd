"""Domain events: what happened, recorded by services, heard by subscribers after commit.

A service records what it did as a typed event, in the same transaction as the change:

    record_event(kind=PracticeEvent.PUBLISHED, actor=actor, target=practice, region=practice.region)

The record is the audit log entry (`AuditEvent`, never edited, never deleted); pretix's log
entries driving its notifications are the model. Each app declares its kinds in its
`choices.py` as a subclass of `EventKind` (the value is "<thing>.<what happened>", stored as
the audit action), so a kind is an enum member, never a free string.

An app that must react to what another (lower) app did subscribes from its `ready()`:

    subscribe(MemberEvent.PROFILE_UPDATED, handler=refresh_advisor_embedding)

so a lower app never imports a higher one. Subscribers run after the transaction commits, each
in its own background task (one that fails is retried alone and never undoes the change); in the
embedded default (no broker) they run at once, after commit, in the same process. A handler
takes the `AuditEvent` and must be idempotent: a task may run twice.
"""

from __future__ import annotations

import enum
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from connective.core.models import AuditEvent

logger = logging.getLogger(__name__)

Handler = Callable[[AuditEvent], None]


class EventKind(enum.StrEnum):
    """The base of every app's event kinds (no members of its own; subclass it in choices.py)."""

    @property
    def app(self) -> str:
        return self.value.split(".", 1)[0]


_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(*kinds: EventKind, handler: Handler) -> None:
    """Run `handler(event)` after commit, in the background, whenever one of `kinds` is recorded.

    Call it from an `AppConfig.ready()`; registering the same handler twice is harmless.
    """
    for kind in kinds:
        if handler not in _subscribers[kind.value]:
            _subscribers[kind.value].append(handler)


def subscribers(kind: str) -> list[Handler]:
    return list(_subscribers.get(kind, ()))


def handler_name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def record_event(*, kind: EventKind, actor: Any, target: models.Model, **data: Any) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `kind` to `target`.

    Call it inside the service's transaction, so the record and the change land together, and
    the subscribers hear of it only once both are committed. `data` must be JSON-serialisable
    and never hold passwords or message bodies.
    """
    if not isinstance(kind, EventKind):
        raise TypeError(f"record_event needs an EventKind member, not {kind!r}")
    event = AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=kind.value,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data,
    )
    handlers = subscribers(kind.value)
    if handlers:
        names = [handler_name(handler) for handler in handlers]
        transaction.on_commit(lambda: _queue(event.pk, names))
    return event


def _queue(event_id: int, names: list[str]) -> None:
    from connective.core.tasks import dispatch_event_task

    for name in names:
        dispatch_event_task.delay(event_id=event_id, handler=name)


def dispatch(*, event_id: int, handler: str) -> None:
    """Run one subscriber for one recorded event (the background task calls this)."""
    event = AuditEvent.objects.filter(pk=event_id).select_related("actor").first()
    if event is None:
        return
    for candidate in subscribers(event.action):
        if handler_name(candidate) == handler:
            candidate(event)
            return
    logger.warning("event %s: subscriber %s is no longer registered", event_id, handler)


def event_target(event: AuditEvent, model: type[models.Model]) -> Any:
    """The event's target as an instance of `model`, or None when it is gone or of another kind.

    Read through the base manager: a space-scoped model's default manager refuses unscoped
    reads, and whoever asks for the target decides what the recipient may see of it."""
    if event.target_type != model._meta.label_lower:
        return None
    return model._base_manager.filter(pk=event.target_id).first()
