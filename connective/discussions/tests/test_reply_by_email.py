"""Reply by email, end to end, against real servers.

A discussion in a closed MENA section: Alice opened it, Bob and Rania take part. Every mail the
platform sends goes through a real SMTP server (aiosmtpd, the `smtp` fixture); a member's reply
goes from their "mail client" (smtplib) to the real inbound receiver (aiosmtpd with
`connective.inbound.receiver`'s handler) on a free port, which hands it to `inbound_receive`
(the background task runs eagerly here, as in `make run`). What is proved: the reply to a
notification's `Reply-To` becomes exactly one post by that member with only what they typed,
and the others hear of it; a second delivery of the same message, a forged address or a member
who has left the closed section posts nothing (the last one is told why, by mail); Arabic keeps
its words and its direction.

Transactional tests: the receiver posts on a worker thread, with its own database connection,
so the personas must be committed and what it writes must be read back from the test.
"""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from connective.core.tests.test_mail import Inbox, subject_of
from connective.discussions import services
from connective.discussions.models import Post, Thread
from connective.discussions.tests.factories import SpaceFactory
from connective.inbound.addresses import _b36, _decode_target, _encode_target, read_reply_address
from connective.inbound.choices import InboundReason, InboundStatus
from connective.inbound.models import InboundMessage
from connective.inbound.receiver import queue_for_receipt, receiver
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.spaces.choices import SpaceAccess, SpaceRole
from connective.spaces.models import Membership, Space

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOMAIN = "reply.connective.test"


def hand_off_and_disconnect(raw: bytes) -> None:
    """The receiver's own hand-off, then the worker thread's database connection closed: the
    receiver's threads outlive the test otherwise, and PostgreSQL cannot drop the test database
    while they hold a session (CONN_MAX_AGE keeps it open)."""
    try:
        queue_for_receipt(raw)
    finally:
        connections.close_all()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbound_port(settings: Any, unlimited_rates: None) -> Iterator[int]:
    """The real inbound receiver (SMTP), listening on a free port for our reply domain."""
    settings.INBOUND_MAIL_DOMAIN = DOMAIN
    controller = receiver(host="127.0.0.1", port=free_port(), hand_off=hand_off_and_disconnect)
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture
def rania(db: None) -> MemberProfile:
    return MemberProfileFactory.create(
        user__full_name="Rania Odeh", user__email="rania@example.org", city="Irbid", country="JO"
    )


@pytest.fixture
def section(alice: MemberProfile, bob: MemberProfile, rania: MemberProfile) -> Space:
    """A closed MENA section whose members are Alice, Bob and Rania."""
    space = SpaceFactory.create(
        slug="leaks-closed", name="Leak detection (closed)", access=SpaceAccess.CLOSED
    )
    for member in (alice, bob, rania):
        Membership.objects.create(space=space, user=member.user, role=SpaceRole.MEMBER)
    return space


@pytest.fixture
def thread(section: Space, alice: MemberProfile, bob: MemberProfile, rania: MemberProfile) -> Thread:
    """Alice asks, Bob answers (she hears of it), Rania answers (Alice and Bob hear of it)."""
    thread = services.thread_start(
        actor=alice.user, space=section, title="Night flows at Zarqa", body="How do you read night flows?"
    )
    services.post_reply(actor=bob.user, thread=thread, body="We log them every 15 minutes.")
    services.post_reply(actor=rania.user, thread=thread, body="Irbid does it hourly, with acoustic loggers.")
    return thread


def addressed_to(inbox: Inbox, email: str) -> list[Message]:
    return [message for message in inbox.messages if parseaddr(str(message["To"]))[1] == email]


def latest_to(inbox: Inbox, email: str) -> Message:
    mails = addressed_to(inbox, email)
    assert mails, f"no mail reached {email}"
    return mails[-1]


def reply_to_of(message: Message) -> str:
    """The Reply-To address, unfolded (the SMTP server's parser keeps the folding)."""
    return parseaddr(" ".join(str(message["Reply-To"]).split()))[1]


def plain_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    raise AssertionError("no text/plain part")


def client_reply(
    original: Message, *, sender: str, typed: str, to: str | None = None, signature: str, quote_header: str
) -> EmailMessage:
    """What a member's mail client sends on "Reply": to the Reply-To, the original quoted below
    what they typed and their signature, threaded with In-Reply-To and References."""
    quoted = "\n".join(f"> {line}" if line else ">" for line in plain_text(original).splitlines())
    reply = EmailMessage()
    reply["From"] = sender
    reply["To"] = to or reply_to_of(original)
    reply["Subject"] = f"Re: {subject_of(original)}"
    reply["Date"] = format_datetime(timezone.now())
    reply["Message-ID"] = make_msgid(domain="mail.client.example")
    reply["In-Reply-To"] = str(original["Message-ID"])
    reply["References"] = str(original["Message-ID"])
    reply.set_content(f"{typed}\n\n{signature}\n\n{quote_header}\n{quoted}\n")
    return reply


def english_reply(original: Message, *, sender: str, typed: str, to: str | None = None) -> EmailMessage:
    return client_reply(
        original,
        sender=sender,
        typed=typed,
        to=to,
        signature="-- \nBilal Ben Salah\nONAS Tunis\n+216 71 000 000",
        quote_header=f"On Mon, 7 Dec 2026 at 10:02, Connective <{reply_to_of(original)}> wrote:",
    )


def send(port: int, message: EmailMessage) -> None:
    """Hand the message to the inbound receiver over SMTP, as the member's provider does (lines
    end in CRLF on the wire: smtplib sends bytes as they are)."""
    raw = message.as_bytes(policy=policy.SMTP)
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.sendmail(parseaddr(str(message["From"]))[1], [parseaddr(str(message["To"]))[1]], raw)


def posts_of(thread: Thread) -> list[tuple[str, str]]:
    return list(
        Post.objects.unscoped().filter(thread=thread).order_by("number").values_list("author__email", "body")
    )


def stored() -> list[tuple[str, str]]:
    return list(InboundMessage.objects.order_by("id").values_list("status", "reason"))


def test_a_reply_to_the_notification_mail_becomes_one_post_with_only_what_was_typed_and_the_others_hear_of_it(
    smtp: Inbox,
    inbound_port: int,
    thread: Thread,
    alice: MemberProfile,
    bob: MemberProfile,
    rania: MemberProfile,
) -> None:
    notification = latest_to(smtp, bob.user.email)  # Rania's reply, told to Bob
    assert subject_of(notification) == f"New reply in “{thread.title}”"
    assert "Rania Odeh" in plain_text(notification)
    reply_to = reply_to_of(notification)
    token = read_reply_address(reply_to)
    assert reply_to.endswith(f"@{DOMAIN}") and token.user_id == bob.user.pk
    assert token.target_id == str(thread.public_id)
    before = len(posts_of(thread))
    seen_by = {email: len(addressed_to(smtp, email)) for email in (alice.user.email, rania.user.email)}

    typed = "Hourly is enough for us too.\nWe will send the logger settings on Thursday."
    send(inbound_port, english_reply(notification, sender="Bilal Ben Salah <bob@example.org>", typed=typed))

    after = posts_of(thread)
    assert len(after) == before + 1
    assert after[-1] == (bob.user.email, typed)  # no signature, no quoted original
    assert stored() == [(InboundStatus.ACCEPTED, "")]
    # Alice and Rania follow the thread: each gets one mail of Bob's reply, with her own reply address.
    for member in (alice, rania):
        mails = addressed_to(smtp, member.user.email)
        assert len(mails) == seen_by[member.user.email] + 1
        assert bob.user.full_name in plain_text(mails[-1])
        assert read_reply_address(reply_to_of(mails[-1])).user_id == member.user.pk
    assert addressed_to(smtp, bob.user.email)[-1] is notification  # Bob is not told of his own reply


def test_the_same_message_delivered_again_posts_nothing_and_tells_no_one(
    smtp: Inbox, inbound_port: int, thread: Thread, bob: MemberProfile
) -> None:
    notification = latest_to(smtp, bob.user.email)
    reply = english_reply(notification, sender="bob@example.org", typed="Hourly is enough.")
    send(inbound_port, reply)
    posts = posts_of(thread)
    mails = len(smtp.messages)

    send(inbound_port, reply)  # the provider retries, or someone replays the captured message

    assert posts_of(thread) == posts
    assert len(smtp.messages) == mails
    assert stored() == [(InboundStatus.ACCEPTED, ""), (InboundStatus.REJECTED, InboundReason.REPLAY)]


def _forge(address: str, *, field: int, value: str) -> str:
    local, _, domain = address.partition("@")
    fields = local.removeprefix("reply+").split("-")
    fields[field] = value
    return f"reply+{'-'.join(fields)}@{domain}"


def test_a_forged_reply_address_posts_nothing(
    smtp: Inbox,
    inbound_port: int,
    thread: Thread,
    section: Space,
    alice: MemberProfile,
    bob: MemberProfile,
) -> None:
    other = services.thread_start(actor=alice.user, space=section, title="Meters", body="Which meters?")
    genuine = reply_to_of(latest_to(smtp, bob.user.email))
    assert _decode_target(genuine.split("-")[2]) == str(thread.public_id)
    mac = genuine.partition("@")[0].rsplit("-", 1)[1]
    forged = {
        # Bob puts Alice's id in his own address, to post as her (from her address, as a forger would).
        "alice@example.org": _forge(genuine, field=0, value=_b36(alice.user.pk)),
        # Bob points his address at another thread.
        "bob@example.org": _forge(genuine, field=2, value=_encode_target(str(other.public_id))),
    }
    bad_mac = _forge(genuine, field=3, value=("0" if mac[0] != "0" else "1") + mac[1:])
    posts = {thread.pk: posts_of(thread), other.pk: posts_of(other)}
    notification = latest_to(smtp, bob.user.email)

    for sender, address in [*forged.items(), ("bob@example.org", bad_mac)]:
        send(inbound_port, english_reply(notification, sender=sender, typed="Forged words.", to=address))

    assert {thread.pk: posts_of(thread), other.pk: posts_of(other)} == posts
    assert stored() == [(InboundStatus.REJECTED, InboundReason.BAD_TOKEN)] * 3
    assert not Post.objects.unscoped().filter(body="Forged words.").exists()
    # Nobody was notified of anything posted; the refusals say the address is not theirs.
    for mail in smtp.messages[-3:]:
        assert "not one we gave you" in plain_text(mail)


def test_a_member_who_has_left_the_closed_section_posts_nothing_and_is_told_why(
    smtp: Inbox, inbound_port: int, thread: Thread, section: Space, bob: MemberProfile
) -> None:
    notification = latest_to(smtp, bob.user.email)
    Membership.objects.filter(space=section, user=bob.user).delete()
    posts = posts_of(thread)
    typed = "One more thing about the loggers."

    send(inbound_port, english_reply(notification, sender="bob@example.org", typed=typed))

    assert posts_of(thread) == posts
    assert stored() == [(InboundStatus.REJECTED, InboundReason.REFUSED)]
    refusal = latest_to(smtp, bob.user.email)
    assert refusal is not notification
    text = plain_text(refusal)
    assert "You can no longer post there." in text
    assert typed in text  # what he wrote comes back to him, so nothing is lost
    assert thread.title not in text  # and no word of the closed section's discussion


ARABIC = "شكراً رانيا، نقرأ التدفقات الليلية كل ربع ساعة في الزرقاء.\nسنرسل الإعدادات يوم الخميس."


def test_an_arabic_reply_keeps_its_text_and_reads_right_to_left(
    smtp: Inbox, inbound_port: int, thread: Thread, alice: MemberProfile, bob: MemberProfile
) -> None:
    notification = latest_to(smtp, alice.user.email)  # Rania's reply, told to Alice
    reply = client_reply(
        notification,
        sender="alice@example.org",
        typed=ARABIC,
        signature="-- \nأليس حداد\nأمانة عمّان الكبرى",  # noqa: RUF001  (Arabic letters are meant)
        quote_header=f"في الاثنين، 7 ديسمبر 2026، Connective <{reply_to_of(notification)}> كتب:",
    )
    reply.replace_header("Subject", f"رد: {subject_of(notification)}")
    # As a client sends it: UTF-8, base64, through a real SMTP conversation.
    assert message_from_bytes(reply.as_bytes(), policy=policy.default)["Subject"].startswith("رد:")

    send(inbound_port, reply)

    post = Post.objects.unscoped().filter(thread=thread).order_by("number").last()
    assert post is not None and post.author == alice.user
    assert post.body == ARABIC
    assert post.language == "ar"
    client = Client()
    client.force_login(bob.user)
    page = client.get(f"/discussions/t/{thread.public_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    article = html[html.index(f'id="post-{post.public_id}"') :]
    assert '<div class="member-text" lang="ar" dir="rtl">' in article.split("</article>")[0]
    told = latest_to(smtp, bob.user.email)
    assert "شكراً رانيا" in plain_text(told)
