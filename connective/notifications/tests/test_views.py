"""The bell, the list, marking read and the preferences page, as each persona sees them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from connective.core.models import AuditEvent
from connective.notifications.choices import Delivery, Frequency
from connective.notifications.models import Notification
from connective.notifications.services import preferences_of
from connective.practices.choices import PracticeEvent
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def notify(user: Any, count: int, *, title: str = "Kiosks in Zarqa") -> list[Notification]:
    """`count` notifications for `user` that their practices are published (one practice each
    ten, so the page shows several targets)."""
    practices = []
    for number in range(max(1, count // 10)):
        practice = PracticeFactory.create(title=f"{title} {number}", language_id="ar" if number % 2 else "en")
        practice.authors.add(user)
        practices.append(practice)
    events = AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                action=PracticeEvent.PUBLISHED.value,
                target_type="practices.practice",
                target_id=str(practices[number % len(practices)].pk),
            )
            for number in range(count)
        ]
    )
    return Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, event=event, kind=PracticeEvent.PUBLISHED.value, delivery=Delivery.SENT
            )
            for event in events
        ]
    )


def test_the_bell_shows_the_unread_count_without_a_query_of_its_own(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    client.get("/notifications/settings/")  # warm what is kept
    with CaptureQueriesContext(connection) as before:
        client.get("/notifications/settings/")
    notify(alice.user, 3)
    with CaptureQueriesContext(connection) as after:
        page = client.get("/notifications/settings/").content.decode()
    assert 'class="bell-count"' in page and ">3<" in page
    assert len(after) == len(before)


def test_a_visitor_sees_no_bell(visitor: Any) -> None:
    assert 'class="bell' not in visitor.get("/practices/").content.decode()


def test_the_list_shows_my_notifications_newest_first_with_their_language(
    client_for: Any, alice: Any, bob: Any
) -> None:
    notify(alice.user, 2, title="Alice's kiosks")
    notify(bob.user, 1, title="Bob's kiosks")
    page = client_for(alice).get("/notifications/").content.decode()
    assert "Alice&#x27;s kiosks 0" in page and "Bob" not in page
    assert 'lang="en" dir="ltr"' in page
    assert page.count("notification-unread") == 2


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_costs_the_same_queries_at_10_and_at_1000_notifications(
    count: int, client_for: Any, alice: Any, django_assert_num_queries: Any
) -> None:
    notify(alice.user, count)
    client = client_for(alice)
    client.get("/notifications/")
    # The user, the viewer (with the bell's count), the list's count, the page of notifications
    # with their events, the practices of the page (one query for the kind), their authors.
    # The session and the legal documents' versions come from the cache.
    with django_assert_num_queries(6):
        answer = client.get("/notifications/")
    assert answer.status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(client_for: Any, alice: Any) -> None:
    [notification] = notify(alice.user, 1)
    answer = client_for(alice).get(f"/notifications/{notification.public_id}/")
    assert answer.status_code == 302
    practice = PracticeFactory._meta.model.objects.get(pk=notification.event.target_id)
    assert answer["Location"] == f"/practices/{practice.slug}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_not_found(client_for: Any, alice: Any, bob: Any) -> None:
    [notification] = notify(alice.user, 1)
    assert client_for(bob).get(f"/notifications/{notification.public_id}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_clears_the_bell_and_answers_htmx_with_the_list(
    client_for: Any, alice: Any, bob: Any
) -> None:
    notify(alice.user, 3)
    notify(bob.user, 1)
    client = client_for(alice)
    answer = client.post("/notifications/read/", headers={"HX-Request": "true"})
    assert answer.status_code == 200 and 'id="notifications"' in answer.content.decode()
    assert not Notification.objects.filter(recipient=alice.user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob.user, read_at__isnull=True).count() == 1
    assert client.post("/notifications/read/").status_code == 302


def test_the_settings_page_saves_a_choice_per_kind(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    page = client.get("/notifications/settings/").content.decode()
    assert "membership.approved" in page
    choices = dict(preferences_of(user=alice.user))
    choices[PracticeEvent.PUBLISHED.value] = Frequency.WEEKLY
    assert client.post("/notifications/settings/", choices).status_code == 302
    assert preferences_of(user=alice.user)[PracticeEvent.PUBLISHED.value] == Frequency.WEEKLY


def test_a_required_kind_cannot_be_turned_off_on_the_settings_page(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    choices = dict(preferences_of(user=alice.user))
    choices["membership.approved"] = Frequency.OFF
    choices[PracticeEvent.PUBLISHED.value] = Frequency.WEEKLY
    answer = client.post("/notifications/settings/", choices)
    assert answer.status_code == 200
    assert "membership.approved" in answer.content.decode()
    assert preferences_of(user=alice.user)[PracticeEvent.PUBLISHED.value] == Frequency.IMMEDIATELY


def test_saving_the_settings_unchanged_stores_nothing(client_for: Any, alice: Any) -> None:
    from connective.notifications.models import NotificationPreference

    client = client_for(alice)
    assert client.post("/notifications/settings/", dict(preferences_of(user=alice.user))).status_code == 302
    assert not NotificationPreference.objects.filter(user=alice.user).exists()
