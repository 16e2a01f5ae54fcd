"""The receiver, for real: aiosmtpd listening on a free port, mail sent with smtplib over SMTP
and LMTP, handed to the background task (eager here, as in `make run`), posted or refused.

Transactional tests: the receiver hands each message off on a worker thread, whose database
connection must see the personas and leave what it writes for the test to read.
"""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from connective.core.tests.test_mail import Inbox
from connective.inbound.addresses import reply_address
from connective.inbound.choices import InboundReason, InboundStatus
from connective.inbound.models import InboundMessage
from connective.inbound.receiver import receiver
from connective.inbound.tests.conftest import (
    DOMAIN,
    FRENCH_CLIENT_REPLY,
    KIND,
    TYPED,
    Posted,
    address_for,
    reply_mail,
)
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Send = Callable[[EmailMessage], None]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["smtp", "lmtp"])
def protocol(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def port(protocol: str, inbound_domain: str) -> Iterator[int]:
    controller = receiver(host="127.0.0.1", port=free_port(), lmtp=protocol == "lmtp")
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def send(protocol: str, port: int) -> Send:
    def send(message: EmailMessage) -> None:
        client = smtplib.LMTP("127.0.0.1", port) if protocol == "lmtp" else smtplib.SMTP("127.0.0.1", port)
        with client:
            recipients = [str(message["To"])]
            client.sendmail(str(message["From"]), recipients, message.as_bytes())

    return send


def stored() -> list[tuple[str, str]]:
    return list(InboundMessage.objects.order_by("id").values_list("status", "reason"))


def test_a_reply_with_a_french_quote_and_an_english_signature_becomes_what_the_member_typed(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    send(
        reply_mail(
            to=address_for(alice.user, thread_id),
            sender="Alice <alice@example.org>",
            text=FRENCH_CLIENT_REPLY,
        )
    )
    assert [(reply["user"], reply["target_id"], reply["text"]) for reply in posted.replies] == [
        (alice.user, thread_id, TYPED)
    ]
    assert stored() == [(InboundStatus.ACCEPTED, "")]


def test_an_arabic_reply_keeps_its_text_intact(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    typed = "شكراً بلال، جرّبنا أجهزة الاستشعار الصوتية في الزرقاء.\nسنرسل التقرير يوم الخميس."
    text = f"{typed}\n\nفي الاثنين، 7 ديسمبر 2026، Connective <reply+x@{DOMAIN}> كتب:\n> سؤال\n"
    send(
        reply_mail(
            to=address_for(alice.user, thread_id), sender="alice@example.org", text=text, subject="رد: سؤال"
        )
    )
    assert [reply["text"] for reply in posted.replies] == [typed]


def test_a_forged_token_posts_nothing(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    genuine = address_for(alice.user, thread_id)
    local = genuine.split("@")[0]
    forged = f"{local[:-13]}{'1' * 13}@{DOMAIN}"
    send(reply_mail(to=forged, sender="alice@example.org", text="Oui."))
    assert posted.replies == []
    assert stored() == [(InboundStatus.REJECTED, InboundReason.BAD_TOKEN)]


def test_another_users_token_with_a_changed_id_posts_nothing(
    alice: MemberProfile, bob: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    # bob takes the address alice was sent and puts his own id in it, to post as himself... or as her.
    local = address_for(alice.user, thread_id).split("@")[0]
    fields = local.removeprefix("reply+").split("-")
    fields[0] = _b36(bob.user.pk)
    send(reply_mail(to=f"reply+{'-'.join(fields)}@{DOMAIN}", sender="bob@example.org", text="Oui."))
    assert posted.replies == []
    assert stored() == [(InboundStatus.REJECTED, InboundReason.BAD_TOKEN)]


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def test_a_replayed_message_posts_once(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    message = reply_mail(
        to=address_for(alice.user, thread_id), sender="alice@example.org", text="Oui, jeudi."
    )
    send(message)
    send(message)
    assert len(posted.replies) == 1
    assert stored() == [(InboundStatus.ACCEPTED, ""), (InboundStatus.REJECTED, InboundReason.REPLAY)]
    assert mail.outbox == []  # the member already has their post: no refusal mail


def test_a_reply_from_another_address_posts_nothing_and_a_known_sender_is_told_why(
    alice: MemberProfile, bob: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    # alice forwarded her notification to bob, who answers it from his own address.
    send(reply_mail(to=address_for(alice.user, thread_id), sender="bob@example.org", text="Je confirme."))
    assert posted.replies == []
    assert stored() == [(InboundStatus.REJECTED, InboundReason.WRONG_SENDER)]
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    assert "Je confirme." in mail.outbox[0].body


def test_an_auto_reply_posts_nothing_and_gets_no_answer(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send
) -> None:
    send(
        reply_mail(
            to=address_for(alice.user, thread_id),
            sender="alice@example.org",
            text="I am out of the office until 4 January.",
            subject="Automatic reply: Bilal replied",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    assert posted.replies == []
    assert stored() == [(InboundStatus.IGNORED, InboundReason.AUTO_REPLY)]
    assert mail.outbox == []


def test_a_recipient_outside_the_inbound_domain_gets_550(send: Send, port: int, protocol: str) -> None:
    message = reply_mail(to="someone@elsewhere.example", sender="alice@example.org", text="relay me")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(message)
    assert refused.value.recipients["someone@elsewhere.example"][0] == 550
    assert InboundMessage.objects.count() == 0


def test_an_address_on_our_domain_that_is_no_reply_address_gets_550(send: Send) -> None:
    message = reply_mail(to=f"postmaster@{DOMAIN}", sender="alice@example.org", text="hello")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(message)
    assert refused.value.recipients[f"postmaster@{DOMAIN}"][0] == 550


def test_a_message_over_the_size_limit_is_refused_by_the_server(
    alice: MemberProfile, posted: Posted, thread_id: str, settings: Any, protocol: str, inbound_domain: str
) -> None:
    settings.INBOUND_MAX_MESSAGE_BYTES = 4096
    controller = receiver(host="127.0.0.1", port=free_port(), lmtp=protocol == "lmtp")
    controller.start()
    try:
        message = reply_mail(
            to=address_for(alice.user, thread_id), sender="alice@example.org", text="x" * 10_000
        )
        client = (
            smtplib.LMTP("127.0.0.1", controller.port)
            if protocol == "lmtp"
            else smtplib.SMTP("127.0.0.1", controller.port)
        )
        with client, pytest.raises((smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) as refused:
            client.sendmail("alice@example.org", [str(message["To"])], message.as_bytes())
        assert refused.value.smtp_code == 552
    finally:
        controller.stop()
    assert posted.replies == []


def test_lmtp_answers_each_recipient_of_one_message(
    alice: MemberProfile, posted: Posted, inbound_domain: str
) -> None:
    """Postfix's LMTP client reads one answer per recipient after DATA (RFC 2033); smtplib's
    does not, so this speaks the protocol by hand: one reply to two threads, posted to both."""
    first, second = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    to = [
        reply_address(user=alice.user, target_kind=KIND, target_id=first),
        reply_address(user=alice.user, target_kind=KIND, target_id=second),
    ]
    message = reply_mail(to=", ".join(to), sender="alice@example.org", text="Pour les deux fils : oui.")
    controller = receiver(host="127.0.0.1", port=free_port(), lmtp=True)
    controller.start()
    try:
        with socket.create_connection(("127.0.0.1", controller.port)) as connection:
            stream = connection.makefile("rwb")

            def command(line: str) -> list[str]:
                stream.write(line.encode() + b"\r\n")
                stream.flush()
                return read()

            def read() -> list[str]:
                lines = [stream.readline().decode().rstrip()]
                while lines[-1][3:4] == "-":
                    lines.append(stream.readline().decode().rstrip())
                return lines

            assert read()[0].startswith("220")
            assert command("LHLO client.example")[-1].startswith("250")
            assert command("MAIL FROM:<alice@example.org>")[0].startswith("250")
            for address in to:
                assert command(f"RCPT TO:<{address}>")[0].startswith("250")
            assert command("DATA")[0].startswith("354")
            stream.write(message.as_bytes().replace(b"\n.", b"\n..") + b"\r\n.\r\n")
            stream.flush()
            assert read()[0].startswith("250") and read()[0].startswith("250")
            assert command("QUIT")[0].startswith("221")
    finally:
        controller.stop()
    assert sorted(reply["target_id"] for reply in posted.replies) == [first, second]


@pytest.fixture
def outgoing(settings: Any) -> Iterator[Inbox]:
    """Where the site's own mail goes: a second real SMTP server."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_a_refused_arabic_reply_comes_back_over_smtp_with_its_text_intact(
    alice: MemberProfile, posted: Posted, thread_id: str, send: Send, outgoing: Inbox
) -> None:
    posted.refuse = "This discussion is locked."
    typed = "شكراً بلال، جرّبنا أجهزة الاستشعار الصوتية في الزرقاء."
    send(reply_mail(to=address_for(alice.user, thread_id), sender="alice@example.org", text=typed))
    assert stored() == [(InboundStatus.REJECTED, InboundReason.REFUSED)]
    [refusal] = outgoing.messages
    assert refusal["To"] == "alice@example.org"
    body = refusal.get_payload(decode=True).decode(refusal.get_content_charset() or "utf-8")  # type: ignore[union-attr]
    assert typed in body
    assert "This discussion is locked." in body
