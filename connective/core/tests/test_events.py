"""Domain events: recorded with the change, heard by subscribers only once it is committed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from connective.core.choices import CoreEvent
from connective.core.events import EventKind, dispatch, record_event, subscribe
from connective.core.models import AuditEvent, Theme

heard: list[tuple[str, str]] = []


class ExampleEvent(EventKind):
    HAPPENED = "example.happened"
    UNHEARD = "example.unheard"


def _listener(event: AuditEvent) -> None:
    heard.append((event.action, event.target_id))


subscribe(ExampleEvent.HAPPENED, handler=_listener)
subscribe(ExampleEvent.HAPPENED, handler=_listener)  # twice: still heard once


@pytest.fixture(autouse=True)
def _clear() -> None:
    heard.clear()


def test_an_event_is_the_audit_entry_and_its_subscribers_hear_it_after_commit(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    theme = Theme.objects.create(slug="water", name="Water")
    with django_capture_on_commit_callbacks(execute=True):
        event = record_event(kind=ExampleEvent.HAPPENED, actor=None, target=theme, size=3)
        assert heard == []

    assert heard == [("example.happened", str(theme.pk))]
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.target_type, stored.data) == ("example.happened", "core.theme", {"size": 3})


def test_a_rolled_back_change_tells_no_subscriber(db: None, django_capture_on_commit_callbacks: Any) -> None:
    theme = Theme.objects.create(slug="water", name="Water")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record_event(kind=ExampleEvent.HAPPENED, actor=None, target=theme)
        raise RuntimeError("the change failed")

    assert callbacks == [] and heard == []
    assert not AuditEvent.objects.filter(action="example.happened").exists()


def test_a_kind_nobody_listens_to_queues_nothing(db: None, django_capture_on_commit_callbacks: Any) -> None:
    theme = Theme.objects.create(slug="water", name="Water")
    with django_capture_on_commit_callbacks() as callbacks:
        record_event(kind=ExampleEvent.UNHEARD, actor=None, target=theme)

    assert callbacks == []


def test_a_free_string_is_refused_as_a_kind(db: None) -> None:
    theme = Theme.objects.create(slug="water", name="Water")

    with pytest.raises(TypeError):
        record_event(kind="theme.created", actor=None, target=theme)  # type: ignore[arg-type]


def test_dispatching_an_event_that_is_gone_or_a_handler_no_longer_registered_does_nothing(db: None) -> None:
    theme = Theme.objects.create(slug="water", name="Water")
    event = record_event(kind=CoreEvent.THEME_CREATED, actor=None, target=theme)

    dispatch(event_id=event.pk + 1000, handler="anything")
    dispatch(event_id=event.pk, handler="connective.nowhere.handler")

    assert heard == []
