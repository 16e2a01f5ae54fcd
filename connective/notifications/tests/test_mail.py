"""Notification mail through a real SMTP server (aiosmtpd): multipart, its headers, the digest,
the one-click unsubscribe without a login, and Arabic right to left."""

from __future__ import annotations

import datetime
from email.message import Message
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.utils import timezone

from connective.core.models import Theme
from connective.core.tests.test_mail import Inbox, subject_of
from connective.notifications.choices import DIGEST, Delivery, Frequency
from connective.notifications.digests import send_digests
from connective.notifications.models import DigestMarker, Notification
from connective.notifications.pipeline import unsubscribe_token
from connective.notifications.services import preferences_of, preferences_set
from connective.practices.choices import PracticeEvent
from connective.practices.services import practice_decline, practice_publish, practice_request_changes
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def parts(message: Message) -> dict[str, str]:
    """The message's text parts by content type."""
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_type()] = part.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    return found


def test_an_immediate_notification_is_multipart_with_its_message_id_and_one_click_unsubscribe(
    smtp: Inbox, in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    with committed():
        practice_publish(actor=dina, practice=in_review)
    [message] = smtp.messages
    assert message["To"] == "alice@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = parts(message)
    assert in_review.title in text["text/plain"] and in_review.title in text["text/html"]
    assert f'href="{settings.SITE_URL}/practices/{in_review.slug}/"' in text["text/html"]
    assert message["Message-ID"].endswith("@127.0.0.1>") or "@" in message["Message-ID"]
    unsubscribe = " ".join(message["List-Unsubscribe"].split())  # unfolded
    assert unsubscribe.startswith(f"<{settings.SITE_URL}/notifications/unsubscribe/")
    assert "<mailto:unsubscribe@" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert 'lang="en" dir="ltr"' in text["text/html"]


def test_a_required_kind_carries_no_unsubscribe(smtp: Inbox, dina: Any, committed: Any) -> None:
    from connective.members.choices import MembershipStatus
    from connective.members.tests.factories import MemberProfileFactory
    from connective.networks.services import membership_approve

    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING, region="mena", country="JO")
    with committed():
        membership_approve(actor=dina, profile=pending)
    [message] = smtp.messages
    assert message["List-Unsubscribe"] is None and message["Message-ID"]


def test_an_arabic_mail_reads_right_to_left(
    smtp: Inbox, in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    alice.user.preferred_language = "ar"
    alice.user.save(update_fields=["preferred_language"])
    with committed():
        practice_publish(actor=dina, practice=in_review)
    html = parts(smtp.messages[0])["text/html"]
    assert '<html lang="ar" dir="rtl">' in html


def test_one_click_unsubscribe_without_a_login_turns_the_kind_off_and_a_forged_token_changes_nothing(
    smtp: Inbox, in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    with committed():
        practice_request_changes(actor=dina, practice=in_review, comment="Add the costs.")
    link = smtp.messages[0]["List-Unsubscribe"].split(">")[0].strip().lstrip("<")
    path = link.removeprefix(settings.SITE_URL)
    visitor = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    kind = PracticeEvent.CHANGES_REQUESTED.value

    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    # Signed, but not by the unsubscribe link (another salt): refused as well.
    other_salt = signing.dumps([str(alice.user.public_id), kind], salt="another.purpose")
    for bad in (forged, other_salt, "made-up-token"):
        answer = visitor.post(f"/notifications/unsubscribe/{bad}/", {"List-Unsubscribe": "One-Click"})
        assert answer.status_code == 404
    assert preferences_of(user=alice.user)[kind] == Frequency.IMMEDIATELY

    assert visitor.get(path).status_code == 200  # the confirm page changes nothing
    assert preferences_of(user=alice.user)[kind] == Frequency.IMMEDIATELY
    answer = visitor.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert preferences_of(user=alice.user)[kind] == Frequency.OFF
    assert preferences_of(user=alice.user)[PracticeEvent.PUBLISHED.value] == Frequency.IMMEDIATELY


def test_a_digest_gathers_two_kinds_and_a_section_and_a_rerun_sends_nothing_again(
    smtp: Inbox, in_review: Any, alice: Any, dina: Any, committed: Any
) -> None:
    theme = Theme.objects.first()
    assert theme is not None
    alice.expertise.add(theme)
    preferences_set(
        actor=alice.user,
        choices={
            PracticeEvent.CHANGES_REQUESTED.value: Frequency.DAILY,
            PracticeEvent.DECLINED.value: Frequency.DAILY,
            DIGEST: Frequency.DAILY,
        },
    )
    with committed():
        practice_request_changes(actor=dina, practice=in_review, comment="Add the costs.")
    second = PracticeFactory.create(title="Solar street lights in Irbid", status="in_review", region="mena")
    second.authors.add(alice.user)
    with committed():
        practice_decline(actor=dina, practice=second, comment="Not municipal.")
    new = PracticeFactory.create(title="Rainwater tanks in Aqaba", language_id="en")
    new.themes.add(theme)
    assert smtp.messages == []

    run = send_digests(frequency=Frequency.DAILY)
    assert (run.sent, run.considered) == (1, 1)
    [message] = smtp.messages
    text = parts(message)
    assert "daily digest" in subject_of(message)
    for body in (text["text/plain"], text["text/html"]):
        assert in_review.title in body and "Solar street lights in Irbid" in body
        assert "Rainwater tanks in Aqaba" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(Notification.objects.values_list("delivery", flat=True)) == {Delivery.IN_DIGEST}

    assert send_digests(frequency=Frequency.DAILY).sent == 0  # the same day again: nothing twice
    assert len(smtp.messages) == 1
    assert DigestMarker.objects.get(user=alice.user).frequency == Frequency.DAILY


def test_no_digest_goes_when_nothing_is_new(smtp: Inbox, alice: Any, bob: Any) -> None:
    preferences_set(actor=alice.user, choices={DIGEST: Frequency.DAILY})
    run = send_digests(frequency=Frequency.DAILY)
    assert run.sent == 0 and run.empty == 1
    # The weekly digest is every member's default: nothing new for anyone, no mail.
    assert send_digests(frequency=Frequency.WEEKLY).sent == 0
    assert smtp.messages == []


def test_the_next_digest_collects_only_what_is_new_since_the_last(smtp: Inbox, alice: Any) -> None:
    theme = Theme.objects.first()
    assert theme is not None
    alice.expertise.add(theme)
    preferences_set(actor=alice.user, choices={DIGEST: Frequency.DAILY})
    old = PracticeFactory.create(title="Old kiosks")
    old.themes.add(theme)
    assert send_digests(frequency=Frequency.DAILY, now=timezone.now()).sent == 1
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert send_digests(frequency=Frequency.DAILY, now=tomorrow).sent == 0
    assert len(smtp.messages) == 1


def test_unsubscribing_from_a_digest_stops_it(smtp: Inbox, alice: Any) -> None:
    preferences_set(actor=alice.user, choices={DIGEST: Frequency.DAILY})
    token = unsubscribe_token(alice.user, f"{DIGEST}.daily")
    assert Client().post(f"/notifications/unsubscribe/{token}/").status_code == 200
    assert preferences_of(user=alice.user)[DIGEST] == Frequency.OFF


def test_a_token_for_a_required_kind_turns_nothing_off(alice: Any) -> None:
    token = unsubscribe_token(alice.user, "membership.approved")
    assert Client().post(f"/notifications/unsubscribe/{token}/").status_code == 404
    assert preferences_of(user=alice.user)["membership.approved"] == Frequency.IMMEDIATELY
