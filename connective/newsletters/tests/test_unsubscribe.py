"""Turning newsletters off with one click, without signing in, through the notification
preferences' unsubscribe link; a forged link changes nothing. The notification kind and the
personal-data parts the app declares."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from connective.core.models import AuditEvent
from connective.members.models import MemberProfile
from connective.newsletters.choices import IssueStatus, NewsletterEvent
from connective.newsletters.delivery import (
    newsletter_unsubscribe_token,
    newsletter_wanted,
    unsubscribe_link,
)
from connective.newsletters.notifications import (
    newsletter_notification_recipients,
    newsletter_notification_render,
)
from connective.newsletters.tests.factories import IssueFactory, SentIssueFactory
from connective.notifications.models import NotificationPreference
from connective.notifications.registry import notification_kind

pytestmark = pytest.mark.django_db


def test_the_link_asks_first_and_changes_nothing_on_get(visitor: Client, alice: MemberProfile) -> None:
    answer = visitor.get(
        reverse("notifications:unsubscribe", args=[newsletter_unsubscribe_token(alice.user)])
    )

    assert answer.status_code == 200
    assert "Newsletters of your network" in answer.content.decode()
    assert newsletter_wanted(alice.user)
    assert not NotificationPreference.objects.exists()


def test_the_one_click_post_turns_newsletters_off_without_a_login_or_csrf_token(alice: MemberProfile) -> None:
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_link(alice.user).split("//", 1)[1].split("/", 1)[1]

    answer = client.post(
        f"/{path}", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert answer.status_code == 200
    assert not newsletter_wanted(alice.user)
    client.post(f"/{path}", "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert NotificationPreference.objects.filter(user=alice.user).count() == 1  # twice is once


def test_turning_every_kind_off_stops_the_newsletter_unless_it_is_turned_on_again(
    alice: MemberProfile,
) -> None:
    from connective.newsletters.delivery import newsletter_recipients
    from connective.notifications.services import preferences_set

    issue = IssueFactory.create()
    NotificationPreference.objects.create(user=alice.user, kind="all", frequency="off")
    assert not newsletter_wanted(alice.user)
    assert alice.user not in newsletter_recipients(issue=issue)

    preferences_set(actor=alice.user, choices={NewsletterEvent.SENT.value: "immediately"})
    assert newsletter_wanted(alice.user)
    assert alice.user in newsletter_recipients(issue=issue)


@pytest.mark.parametrize("token", ["made-up", "{alice}x", "{bob_payload}:{alice_signature}"])
def test_a_forged_or_altered_token_changes_nothing(
    visitor: Client, alice: MemberProfile, bob: MemberProfile, token: str
) -> None:
    real = newsletter_unsubscribe_token(alice.user)
    bob_payload = newsletter_unsubscribe_token(bob.user).split(":", 1)[0]
    token = token.format(alice=real, bob_payload=bob_payload, alice_signature=real.split(":", 1)[1])

    assert visitor.get(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert visitor.post(reverse("notifications:unsubscribe", args=[token])).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_the_newsletter_is_a_notification_kind_members_can_turn_off() -> None:
    kind = notification_kind(NewsletterEvent.SENT.value)

    assert kind is not None
    assert str(kind.label) == "Newsletters of your network"
    assert kind.default == "immediately" and not kind.required


def test_the_pipeline_never_delivers_the_issue_a_second_time_and_renders_it_for_the_bell(
    alice: MemberProfile,
) -> None:
    sent = SentIssueFactory.create(subject="Spring", language="ar")
    draft = IssueFactory.create()
    event = AuditEvent(
        action=NewsletterEvent.SENT.value, target_type="newsletters.issue", target_id=str(sent.pk)
    )
    draft_event = AuditEvent(
        action=NewsletterEvent.SENT.value, target_type="newsletters.issue", target_id=str(draft.pk)
    )

    assert list(newsletter_notification_recipients(event)) == []
    rendered = newsletter_notification_render(event, alice.user)
    assert rendered is not None and rendered.line == "Spring" and rendered.text_language == "ar"
    assert rendered.link.endswith(f"/newsletters/archive/{sent.public_id}/")
    assert newsletter_notification_render(draft_event, alice.user) is None
    assert sent.status == IssueStatus.SENT


def test_a_members_export_holds_what_they_received_and_erasure_removes_it(
    alice: MemberProfile, client_for: object
) -> None:
    from connective.core.personal_data import parts
    from connective.newsletters.models import Delivery

    issue = SentIssueFactory.create(subject="Spring")
    Delivery.objects.create(issue=issue, user=alice.user, state="sent")
    found = {part.name: part for part in parts()}

    assert found["newsletters_received"].export(alice.user)[0]["newsletter"] == "Spring"
    assert found["newsletters_received"].erase(alice.user) == 1
    assert not Delivery.objects.exists()


def test_an_issue_a_coordinator_wrote_stays_in_the_archive_under_their_pseudonym(dina: object) -> None:
    from connective.core.personal_data import parts

    issue = SentIssueFactory.create(created_by=dina, subject="Spring")
    written = {part.name: part for part in parts()}["newsletters_written"]

    assert written.export(dina)[0]["subject"] == "Spring"
    assert written.erase(dina) == 0
    issue.refresh_from_db()
    assert issue.created_by == dina
