"""Sending in batches: who is written a delivery, how batches claim, recover and finish, and
what each mail carries. (The kill-and-restart proof over real SMTP: test_smtp.py.)"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from connective.accounts.models import User
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.newsletters import sending
from connective.newsletters.choices import DeliveryState, IssueStatus, NewsletterEvent
from connective.newsletters.delivery import newsletter_turn_off, newsletter_wanted
from connective.newsletters.messages import issue_mail, issue_message
from connective.newsletters.models import Delivery, Issue
from connective.newsletters.services import issue_send
from connective.newsletters.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def _sending(issue: Issue, *users: User) -> None:
    """The issue as `issue_send` leaves it, with deliveries for `users` (no batch run yet)."""
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENDING)
    Delivery.objects.bulk_create([Delivery(issue=issue, user=user) for user in users])


def test_an_issue_goes_to_the_approved_active_members_of_its_network_who_want_it(
    dina: User, alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
) -> None:
    MemberProfileFactory.create(status=MembershipStatus.PENDING, country="JO")
    MemberProfileFactory.create(user__is_active=False, country="JO")
    newsletter_turn_off(bob.user)
    issue = IssueFactory.create()

    count = issue_send(actor=dina, issue=issue)

    assert count == 1
    assert list(Delivery.objects.values_list("user_id", "state")) == [(alice.user_id, DeliveryState.PENDING)]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING


def test_an_issue_to_all_networks_goes_to_every_network(
    sam: User, alice: MemberProfile, charlie: MemberProfile
) -> None:
    assert issue_send(actor=sam, issue=IssueFactory.create(network=None)) == 2


def test_a_coordinator_cannot_send_another_networks_issue(emil: User, alice: MemberProfile) -> None:
    from connective.core.errors import NotAllowed

    issue = IssueFactory.create()
    with pytest.raises(NotAllowed):
        issue_send(actor=emil, issue=issue)
    assert not Delivery.objects.exists()


def test_two_batches_claim_different_rows() -> None:
    users = [MemberProfileFactory.create().user for _ in range(5)]
    issue = IssueFactory.create()
    _sending(issue, *users)

    first = sending.claim_batch(issue_id=issue.pk, size=3)
    second = sending.claim_batch(issue_id=issue.pk, size=3)

    assert len(first) == 3 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert sending.claim_batch(issue_id=issue.pk, size=3) == []


def test_batches_send_everyone_then_mark_the_issue_sent_with_its_event(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    from connective.core.models import AuditEvent

    issue = IssueFactory.create()
    _sending(issue, alice.user, bob.user)

    outcome = sending.newsletter_deliver(issue_id=issue.pk, size=1)

    assert outcome is sending.Outcome.DONE
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    event = AuditEvent.objects.get(action=NewsletterEvent.SENT.value)
    assert event.data["sent"] == 2


def test_a_claim_younger_than_the_lease_is_left_to_its_batch(alice: MemberProfile) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user)
    sending.claim_batch(issue_id=issue.pk, size=10)  # a live worker holds it

    outcome = sending.newsletter_send_batch(issue_id=issue.pk)

    assert outcome is sending.Outcome.WAITING
    assert mail.outbox == []
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENDING


def test_a_claim_older_than_the_lease_is_sent_again_once(alice: MemberProfile, bob: MemberProfile) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user, bob.user)
    (dead,) = sending.claim_batch(issue_id=issue.pk, size=1)  # its worker was killed
    Delivery.objects.filter(pk=dead.pk).update(
        claimed_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )

    sending.newsletter_deliver(issue_id=issue.pk)

    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert Delivery.objects.get(pk=dead.pk).attempts == 2


def test_a_row_recovered_by_another_batch_is_not_sent_by_the_batch_that_lost_it(alice: MemberProfile) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user)
    (slow,) = sending.claim_batch(issue_id=issue.pk, size=1)
    Delivery.objects.filter(pk=slow.pk).update(
        claimed_at=timezone.now() - sending.LEASE - timedelta(seconds=1)
    )
    sending.recover_expired_claims(issue_id=issue.pk)
    (taken,) = sending.claim_batch(issue_id=issue.pk, size=1)

    issue.refresh_from_db()
    sending._send(issue, [slow])  # the slow batch goes on: its token is no longer on the row
    assert mail.outbox == []
    sending._send(issue, [taken])
    assert len(mail.outbox) == 1


def test_a_member_who_turned_newsletters_off_meanwhile_is_skipped(alice: MemberProfile) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user)
    newsletter_turn_off(alice.user)

    sending.newsletter_deliver(issue_id=issue.pk)

    assert mail.outbox == []
    assert Delivery.objects.get().state == DeliveryState.SKIPPED
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_a_refused_recipient_is_tried_again_then_given_up_without_stopping_the_others(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user, bob.user)
    real_send = mail.EmailMultiAlternatives.send

    def send(message: Any, *args: Any, **kwargs: Any) -> int:
        if message.to == ["alice@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"alice@example.org": (550, b"no such mailbox")})
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", send):
        outcome = sending.newsletter_deliver(issue_id=issue.pk)

    assert outcome is sending.Outcome.DONE
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    refused = Delivery.objects.get(user=alice.user)
    assert refused.state == DeliveryState.FAILED and refused.attempts == sending.MAX_ATTEMPTS
    assert "no such mailbox" in refused.error


def test_a_lost_smtp_server_gives_the_batch_back_for_the_retry(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user, bob.user)

    with (
        mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        sending.newsletter_send_batch(issue_id=issue.pk)

    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.PENDING}
    assert sending.newsletter_deliver(issue_id=issue.pk) is sending.Outcome.DONE
    assert len(mail.outbox) == 2


def test_resume_queues_every_issue_still_sending(
    alice: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    issue = IssueFactory.create()
    _sending(issue, alice.user)
    IssueFactory.create()  # a draft: not resumed

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.newsletters_resume() == 1  # eager here: the batch runs at once
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT and len(mail.outbox) == 1


def test_each_mail_has_the_list_headers_a_stable_message_id_and_both_parts(alice: MemberProfile) -> None:
    issue = IssueFactory.create(subject="Spring")
    first = issue_message(issue=issue, recipient=alice.user)
    again = issue_message(issue=issue, recipient=alice.user)
    html = first.alternatives[0][0]

    assert first.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "mailto:" in first.extra_headers["List-Unsubscribe"]
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert str(issue.public_id) in first.extra_headers["Message-ID"]
    assert "Alice Haddad" in first.body and "Alice Haddad" in str(html)
    assert first.extra_headers["List-Unsubscribe"].split(">")[0][1:] in first.body


def test_an_arabic_issue_reads_right_to_left_around_an_english_readers_interface(
    alice: MemberProfile,
) -> None:
    issue = IssueFactory.create(language="ar", subject="أخبار", body="مرحبا")
    alice.user.preferred_language = "en"

    html = issue_mail(issue=issue, recipient=alice.user).html

    assert '<html lang="ar" dir="rtl">' in html
    assert '<p lang="en" dir="ltr">' in html


def test_newsletter_wanted_follows_the_members_state(alice: MemberProfile, dina: User) -> None:
    assert newsletter_wanted(alice.user)
    assert not newsletter_wanted(dina)  # a coordinator without a member's profile
    newsletter_turn_off(alice.user)
    assert not newsletter_wanted(alice.user)


def test_a_network_without_members_sends_nothing_and_is_sent(
    dina: User, charlie: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    issue = IssueFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        assert issue_send(actor=dina, issue=issue) == 0
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def test_the_send_command_refuses_what_is_not_an_issue() -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not an issue"):
        call_command("newsletters_send", "12")
    with pytest.raises(CommandError, match="No issue"):
        call_command("newsletters_send", "00000000-0000-0000-0000-000000000000")


def test_a_reply_goes_to_the_networks_role_address(alice: MemberProfile) -> None:
    from connective.newsletters.messages import issue_message

    issue = IssueFactory.create()
    assert issue.network is not None
    issue.network.contact_email = "mena@connective.example.org"

    assert issue_message(issue=issue, recipient=alice.user).reply_to == ["mena@connective.example.org"]
    assert issue_message(issue=IssueFactory.create(network=None), recipient=alice.user).reply_to == []
