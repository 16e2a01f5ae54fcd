"""A direct message never reaches a non-participant: through the notification kinds delivered
as mail to a real SMTP server (aiosmtpd; a stand-in for the pipeline being built beside this
app: every recipient the kind names, rendered for them), nor through the report queue beyond
staff, who see a reported message only there."""

from __future__ import annotations

from collections.abc import Callable
from email.message import Message

import pytest
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.conversations import services
from connective.core.mail import deliver, render_mail
from connective.core.models import AuditEvent
from connective.core.tests.test_mail import Inbox, smtp  # noqa: F401 - the fixture
from connective.discussions import services as discussion_services
from connective.discussions.models import Post
from connective.members.models import MemberProfile
from connective.notifications.registry import notification_kind

pytestmark = pytest.mark.django_db

SENTINEL = "Zyxdmmail"


def _text(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def _deliver_everything() -> int:
    """Every recorded event of a registered kind, to every recipient it names, as a mail."""
    sent = 0
    for event in AuditEvent.objects.order_by("pk"):
        kind = notification_kind(event.action)
        if kind is None:
            continue
        for user in User.objects.filter(pk__in=list(kind.recipients(event))):
            rendered = kind.render(event, user)
            if rendered is None:
                continue
            subject, body = render_mail(
                template=kind.template, context={**rendered.context, "link": rendered.link}, language="en"
            )
            deliver(to=[user.email], subject=subject, body=body)
            sent += 1
    return sent


def test_a_direct_message_is_mailed_to_its_participants_only(
    smtp: Inbox,  # noqa: F811 - the fixture
    alice: MemberProfile,
    bob: MemberProfile,
    charlie: MemberProfile,
    dina: User,
    emil: User,
    sam: User,
) -> None:
    from connective.discussions.tests.factories import network_space

    # charlie follows everything he can; dina coordinates MENA; sam is staff.
    network_space("mena")
    thread = services.conversation_start(actor=alice.user, recipients=[bob], body=f"{SENTINEL} first")
    services.conversation_reply(actor=bob.user, thread=thread, body=f"{SENTINEL} @alice answer")
    assert _deliver_everything() == 2
    reached = {message["To"] for message in smtp.messages if SENTINEL in _text(message)}
    assert reached == {alice.user.email, bob.user.email}
    for outsider in (charlie.user, dina, emil, sam):
        assert all(outsider.email not in message["To"] for message in smtp.messages)


def test_staff_see_a_reported_message_in_the_queue_and_nowhere_else(
    client_for: Callable[..., Client], alice: MemberProfile, bob: MemberProfile, dina: User, sam: User
) -> None:
    thread = services.conversation_start(actor=alice.user, recipients=[bob], body=f"{SENTINEL} rude words")
    post = Post.objects.unscoped().get(thread=thread, number=1)
    report_page = client_for(bob).get(reverse("discussions:report", args=[post.public_id]))
    assert report_page.status_code == 200
    discussion_services.post_report(actor=bob.user, post=post, reason="Insults")
    staff = client_for(sam)
    assert SENTINEL in staff.get(reverse("discussions:reports")).content.decode()
    assert staff.get(reverse("conversations:conversation", args=[thread.public_id])).status_code == 404
    assert SENTINEL not in client_for(dina).get(reverse("discussions:reports")).content.decode()


def test_a_reply_by_email_to_a_direct_message_is_sent_in_the_conversation_as_its_writer(
    smtp: Inbox,  # noqa: F811 - the fixture
    alice: MemberProfile,
    bob: MemberProfile,
    settings: object,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    from connective.discussions.tests.factories import network_space
    from connective.inbound.services import inbound_receive

    network_space("mena")
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.conversation_start(actor=alice.user, recipients=[bob], body="Night flows?")
    [mail] = [message for message in smtp.messages if message["To"] == bob.user.email]
    reply_to = mail["Reply-To"]
    assert reply_to and reply_to.startswith("reply+")

    with django_capture_on_commit_callbacks(execute=True):
        result = inbound_receive(
            f"From: {bob.user.email}\r\nTo: {reply_to}\r\nSubject: Re: {mail['Subject']}\r\n"
            "Message-ID: <bob-answers@example.org>\r\n\r\n"
            "We measure at 2 am.\r\n\r\n> Night flows?\r\n".encode()
        )

    assert result.posted, result
    last = Post.objects.unscoped().filter(thread=thread).order_by("-number").first()
    assert last is not None and last.author_id == bob.user.pk and last.body.strip() == "We measure at 2 am."
    assert AuditEvent.objects.filter(action="conversation.message_sent", actor=bob.user).count() == 1
