"""From an event to the people it concerns: one notification each, never the actor, never twice,
mailed as each one chose, rendered when delivered."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from connective.core.errors import ValidationError
from connective.core.models import AuditEvent
from connective.networks.choices import NetworkEvent
from connective.notifications.choices import DIGEST, Delivery, Frequency
from connective.notifications.models import Notification, NotificationPreference
from connective.notifications.pipeline import deliver, fan_out
from connective.notifications.services import preferences_of, preferences_set
from connective.practices.choices import PracticeEvent
from connective.practices.services import practice_publish, practice_request_changes

pytestmark = pytest.mark.django_db


def test_a_review_decision_notifies_each_author_once_and_never_the_reviewer(
    in_review: Any, alice: Any, bob: Any, dina: Any, committed: Any
) -> None:
    in_review.authors.add(bob.user, dina)
    with committed():
        practice_request_changes(actor=dina, practice=in_review, comment="Add the costs.")
    rows = Notification.objects.filter(kind=PracticeEvent.CHANGES_REQUESTED)
    assert sorted(rows.values_list("recipient__email", flat=True)) == ["alice@example.org", "bob@example.org"]
    assert set(rows.values_list("delivery", flat=True)) == {Delivery.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]


def test_hearing_the_same_event_twice_adds_nothing_and_sends_nothing_twice(
    in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    with committed():
        practice_publish(actor=dina, practice=in_review)
    event = AuditEvent.objects.get(action=PracticeEvent.PUBLISHED)
    with committed():
        fan_out(event)
        fan_out(event)
    assert Notification.objects.filter(event=event).count() == 1
    notification = Notification.objects.get(event=event)
    assert deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_a_daily_preference_keeps_the_mail_for_the_digest_and_off_sends_none(
    in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    preferences_set(actor=alice.user, choices={PracticeEvent.PUBLISHED.value: Frequency.DAILY})
    preferences_set(actor=dina, choices={PracticeEvent.SUBMITTED.value: Frequency.OFF})
    with committed():
        practice_publish(actor=dina, practice=in_review)
    notification = Notification.objects.get(kind=PracticeEvent.PUBLISHED)
    assert (notification.frequency, notification.delivery) == (Frequency.DAILY, Delivery.PENDING)
    assert mail.outbox == []


def test_turning_a_kind_off_moves_what_waits_for_its_digest(
    in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    preferences_set(actor=alice.user, choices={PracticeEvent.PUBLISHED.value: Frequency.WEEKLY})
    with committed():
        practice_publish(actor=dina, practice=in_review)
    preferences_set(actor=alice.user, choices={PracticeEvent.PUBLISHED.value: Frequency.OFF})
    assert Notification.objects.get(kind=PracticeEvent.PUBLISHED).delivery == Delivery.SKIPPED


def test_a_notification_about_what_the_recipient_can_no_longer_see_is_not_sent(
    in_review: Any, alice: Any, bob: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """bob is taken off the authors between the decision and the mail: nothing reaches him."""
    in_review.authors.add(bob.user)
    with django_capture_on_commit_callbacks(execute=False) as decided:
        practice_request_changes(actor=dina, practice=in_review, comment="Zyx private comment")
    with django_capture_on_commit_callbacks(execute=False) as notified:
        for callback in decided:
            callback()  # the fan-out: bob is still an author
    in_review.authors.remove(bob.user)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in notified:
            callback()  # the deliveries
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    bobs = Notification.objects.get(recipient=bob.user)
    assert bobs.delivery == Delivery.SKIPPED


def test_the_mail_is_rendered_at_delivery_in_the_recipients_language(
    in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    alice.user.preferred_language = "fr"
    alice.user.save(update_fields=["preferred_language"])
    with committed():
        practice_publish(actor=dina, practice=in_review)
    [message] = mail.outbox
    assert "Bonjour" in message.body or "publiée" in message.body, message.body


def test_a_required_kind_cannot_be_turned_off_and_a_bad_choice_changes_nothing(alice: Any) -> None:
    with pytest.raises(ValidationError, match="cannot be turned off"):
        preferences_set(
            actor=alice.user,
            choices={
                NetworkEvent.MEMBERSHIP_APPROVED.value: Frequency.OFF,
                PracticeEvent.PUBLISHED.value: "daily",
            },
        )
    with pytest.raises(ValidationError, match="not a kind"):
        preferences_set(actor=alice.user, choices={"practice.exploded": Frequency.OFF})
    with pytest.raises(ValidationError, match="daily, weekly"):
        preferences_set(actor=alice.user, choices={DIGEST: Frequency.IMMEDIATELY})
    assert not NotificationPreference.objects.exists()
    assert preferences_of(user=alice.user)[PracticeEvent.PUBLISHED.value] == Frequency.IMMEDIATELY


def test_a_preference_for_all_kinds_applies_where_none_is_set_but_not_to_required_ones(alice: Any) -> None:
    NotificationPreference.objects.create(user=alice.user, kind="all", frequency=Frequency.OFF)
    current = preferences_of(user=alice.user)
    assert current[PracticeEvent.PUBLISHED.value] == Frequency.OFF
    assert current[NetworkEvent.MEMBERSHIP_APPROVED.value] == Frequency.IMMEDIATELY
