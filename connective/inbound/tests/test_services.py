"""inbound_receive: a reply becomes a post as the member, or is refused with a stored reason."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from connective.core.models import AuditEvent
from connective.inbound.choices import InboundReason, InboundStatus
from connective.inbound.models import InboundMessage
from connective.inbound.parsing import ATTACHMENT_MAX_BYTES
from connective.inbound.services import inbound_receive
from connective.inbound.tests.conftest import (
    FRENCH_CLIENT_REPLY,
    TYPED,
    Posted,
    address_for,
    reply_mail,
)
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db


def receive(message: Any, capture: Any) -> Any:
    with capture(execute=True):
        return inbound_receive(message.as_bytes())


def test_a_reply_is_posted_as_the_member_with_only_what_they_typed(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id), sender="alice@example.org", text=FRENCH_CLIENT_REPLY
    )
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.posted
    assert posted.replies == [{"user": alice.user, "target_id": thread_id, "text": TYPED, "files": []}]
    record = InboundMessage.objects.get()
    assert (record.status, record.user, record.target_kind, record.target_id) == (
        InboundStatus.ACCEPTED,
        alice.user,
        "testthread",
        thread_id,
    )
    assert record.message_id == message["Message-ID"]
    assert AuditEvent.objects.filter(action="inbound.accepted", actor=alice.user).count() == 1
    assert mail.outbox == []


def test_a_reply_from_a_verified_second_address_is_posted(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    EmailAddress.objects.create(user=alice.user, email="a.haddad@amman.example", verified=True, primary=False)
    message = reply_mail(
        to=address_for(alice.user, thread_id), sender="A. Haddad <A.Haddad@amman.example>", text="Oui."
    )
    assert receive(message, django_capture_on_commit_callbacks).posted


def test_a_reply_from_an_unverified_second_address_is_refused(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    EmailAddress.objects.create(
        user=alice.user, email="a.haddad@amman.example", verified=False, primary=False
    )
    message = reply_mail(to=address_for(alice.user, thread_id), sender="a.haddad@amman.example", text="Oui.")
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.WRONG_SENDER
    assert posted.replies == []


def test_an_html_only_reply_is_read_as_text_without_the_quote(
    bob: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(to=address_for(bob.user, thread_id), sender="bob@example.org", text="x")
    message.set_content(
        '<div dir="ltr">On the <b>pilot</b>: yes,<br>we start in March.</div>'
        '<div class="gmail_quote"><div>Le lun. 7 déc., Connective a écrit :</div>'
        "<blockquote>Old text</blockquote></div>",
        subtype="html",
    )
    receive(message, django_capture_on_commit_callbacks)
    assert posted.replies[0]["text"] == "On the pilot: yes,\nwe start in March."


def test_an_arabic_reply_keeps_its_text_intact(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    typed = "شكراً بلال، جرّبنا أجهزة الاستشعار الصوتية في الزرقاء.\nالتقرير مرفق."  # noqa: RUF001  (Arabic letters are meant)
    text = f"{typed}\n\nفي الاثنين، 7 ديسمبر 2026 في 10:02 ص، Connective <reply+x@reply.connective.test> كتب:\n> سؤال\n"
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text=text)
    receive(message, django_capture_on_commit_callbacks)
    assert posted.replies[0]["text"] == typed


def test_a_portuguese_quote_header_and_a_standard_signature_are_left_out(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    text = "Obrigada, Bilal.\n\n-- \nAlice\n\nEm seg., 7 de dez. de 2026 às 10:02, Connective <x@y>\nescreveu:\n> Pergunta\n"
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text=text)
    receive(message, django_capture_on_commit_callbacks)
    assert posted.replies[0]["text"] == "Obrigada, Bilal."


def test_attachments_reach_the_handler(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = b"%PDF-1.4\n%report\n"
    message = reply_mail(
        to=address_for(alice.user, thread_id),
        sender="alice@example.org",
        text="Le rapport.",
        files=[("rapport.pdf", pdf, "application/pdf")],
    )
    receive(message, django_capture_on_commit_callbacks)
    assert posted.replies[0]["files"] == [("rapport.pdf", pdf)]


def test_an_attachment_over_10_mb_refuses_the_reply_and_tells_the_member(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id),
        sender="alice@example.org",
        text="Le rapport.",
        files=[("big.pdf", b"%PDF" + b"0" * ATTACHMENT_MAX_BYTES, "application/pdf")],
    )
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.TOO_LARGE
    assert posted.replies == []
    assert len(mail.outbox) == 1
    assert "Le rapport." in mail.outbox[0].body  # nothing she wrote is lost


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"X-Autoreply": "yes"},
        {"Subject": "Automatic reply: Bilal replied"},
        {"Subject": "Réponse automatique : absent jusqu'au 4 janvier"},
        {"List-Id": "<someone.lists.example>"},
    ],
)
def test_automatic_replies_are_ignored_and_never_answered(
    alice: MemberProfile,
    posted: Posted,
    thread_id: str,
    headers: dict[str, str],
    django_capture_on_commit_callbacks: Any,
) -> None:
    subject = headers.pop("Subject", "Re: Bilal replied")
    message = reply_mail(
        to=address_for(alice.user, thread_id),
        sender="alice@example.org",
        text="I am out of the office until 4 January.",
        subject=subject,
        headers=headers,
    )
    result = receive(message, django_capture_on_commit_callbacks)
    assert (result.status, result.reason) == (InboundStatus.IGNORED, InboundReason.AUTO_REPLY)
    assert posted.replies == []
    assert mail.outbox == []


def test_auto_submitted_no_is_a_person_writing(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id),
        sender="alice@example.org",
        text="Oui.",
        headers={"Auto-Submitted": "no"},
    )
    assert receive(message, django_capture_on_commit_callbacks).posted


def test_a_reply_that_is_only_the_quote_is_refused_as_empty_and_the_member_told(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    text = "\n\nOn Mon, 7 Dec 2026 at 10:02, Connective <x@y> wrote:\n> Bilal replied\n"
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text=text)
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.EMPTY
    assert posted.replies == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "empty" in mail.outbox[0].body


def test_a_refusal_by_the_feature_is_stored_with_its_words_and_sent_back_with_the_text(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    posted.refuse = "This discussion is locked."
    message = reply_mail(
        to=address_for(alice.user, thread_id), sender="alice@example.org", text=FRENCH_CLIENT_REPLY
    )
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.REFUSED
    assert InboundMessage.objects.get().detail == "This discussion is locked."
    assert len(mail.outbox) == 1
    assert "This discussion is locked." in mail.outbox[0].body
    assert TYPED in mail.outbox[0].body


def test_a_handler_that_fails_posts_nothing_and_keeps_the_trace(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    from connective.inbound.registry import register_reply_target

    def broken(**kwargs: Any) -> None:
        InboundMessage.objects.create(status="accepted", message_id="<inside@handler>")
        raise RuntimeError("boom")

    register_reply_target("testthread", broken)
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text="Oui.")
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.FAILED
    assert list(InboundMessage.objects.values_list("status", "detail")) == [("rejected", "RuntimeError")]


def test_refusal_mails_are_rate_limited_per_member(
    alice: MemberProfile,
    posted: Posted,
    thread_id: str,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "inbound_bounce": "2/h"}
    for _ in range(4):
        message = reply_mail(
            to=address_for(alice.user, thread_id), sender="alice@example.org", text="> only a quote"
        )
        receive(message, django_capture_on_commit_callbacks)
    assert InboundMessage.objects.filter(reason=InboundReason.EMPTY).count() == 4
    assert len(mail.outbox) == 2


def test_a_stranger_who_sends_with_a_forged_token_gets_no_mail(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    forged = address_for(alice.user, thread_id)[:-30] + "0" * 13 + "@reply.connective.test"
    message = reply_mail(to=forged, sender="spammer@elsewhere.example", text="Buy now")
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.BAD_TOKEN
    assert mail.outbox == []


def test_a_token_for_a_kind_nobody_registered_is_refused(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id, kind="nobodys"), sender="alice@example.org", text="Oui."
    )
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.UNKNOWN_KIND
    assert posted.replies == []


def test_a_reply_for_a_deactivated_account_is_refused(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    address = address_for(alice.user, thread_id)
    alice.user.is_active = False
    alice.user.save()
    message = reply_mail(to=address, sender="alice@example.org", text="Oui.")
    assert receive(message, django_capture_on_commit_callbacks).reason == InboundReason.UNKNOWN_USER
    assert mail.outbox == []  # no longer a member


def test_a_message_without_a_reply_address_is_refused(
    alice: MemberProfile, posted: Posted, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(to="someone@example.org", sender="alice@example.org", text="Oui.")
    assert receive(message, django_capture_on_commit_callbacks).reason == InboundReason.NO_ADDRESS


def test_rows_hold_no_message_text(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id), sender="alice@example.org", text=FRENCH_CLIENT_REPLY
    )
    receive(message, django_capture_on_commit_callbacks)
    stored = " ".join(str(value) for value in InboundMessage.objects.values_list().get())
    assert "capteurs" not in stored


@pytest.mark.parametrize(
    ("error", "told"),
    [
        (ValidationError({"file": "Only PDF documents and images can be shared."}), "Only PDF documents"),
        (PermissionDenied(), "You can no longer post there."),
        (PermissionDenied("You do not take part in this space."), "You do not take part in this space."),
        (Http404(), "You can no longer post there."),
    ],
)
def test_what_the_features_service_refuses_is_told_to_the_member(
    alice: MemberProfile,
    posted: Posted,
    thread_id: str,
    error: Exception,
    told: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from connective.inbound.registry import register_reply_target

    def service_says_no(**kwargs: Any) -> None:
        raise error

    register_reply_target("testthread", service_says_no)
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text="Voici.")
    result = receive(message, django_capture_on_commit_callbacks)
    assert result.reason == InboundReason.REFUSED
    assert told in mail.outbox[0].body
    assert "Voici." in mail.outbox[0].body


def test_the_handler_runs_in_the_members_language(
    alice: MemberProfile, posted: Posted, thread_id: str, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils.translation import get_language

    from connective.inbound.registry import register_reply_target

    alice.user.preferred_language = "fr"
    alice.user.save()
    heard: list[str | None] = []
    register_reply_target("testthread", lambda **kwargs: heard.append(get_language()))
    message = reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text="Oui.")
    assert receive(message, django_capture_on_commit_callbacks).posted
    assert heard == ["fr"]
