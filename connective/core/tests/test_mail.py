"""Mail leaves through a real SMTP server, only after the change that caused it commits."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from connective.core.mail import send_templated_mail


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(
        self, server: object, session: object, envelope: object
    ) -> str:  # aiosmtpd calls handle_<VERB>
        self.messages.append(message_from_bytes(envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        yield inbox
    controller.stop()


@pytest.fixture
def mail_templates(tmp_path: Path) -> Iterator[None]:
    folder = tmp_path / "greeting"
    folder.mkdir()
    (folder / "hello_subject.txt").write_text(
        '{% load i18n %}{% translate "Welcome" %}, {{ name }}\n', encoding="utf-8"
    )
    (folder / "hello_body.txt").write_text(
        "{% load i18n %}{% get_current_language as LANGUAGE %}Dear {{ name }} ({{ LANGUAGE }}),\nsee {{ SITE_URL }}/networks/\n",
        encoding="utf-8",
    )
    engine: dict[str, Any] = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    with override_settings(TEMPLATES=[engine]):
        yield


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


# django_capture_on_commit_callbacks runs what would run at the commit, without a transactional
# test flushing the tables that the data migrations filled (languages, themes, networks).


@pytest.mark.django_db
def test_templated_mail_is_delivered_over_smtp_after_commit(
    smtp: Inbox, mail_templates: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(to=["amal@example.org"], template="greeting/hello", context={"name": "أمل"})
        assert smtp.messages == []  # nothing leaves before the commit

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert subject_of(message) == "Welcome, أمل"
    assert message["To"] == "amal@example.org"
    body = message.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert f"{settings.SITE_URL}/networks/" in body


@pytest.mark.django_db
def test_mail_of_a_rolled_back_change_is_never_sent(
    smtp: Inbox, mail_templates: None, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_templated_mail(to=["amal@example.org"], template="greeting/hello", context={"name": "Amal"})
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert smtp.messages == []


@pytest.mark.django_db
def test_mail_is_rendered_in_the_recipients_language(
    smtp: Inbox, mail_templates: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(
            to=["a@example.org"], template="greeting/hello", context={"name": "A"}, language="ar"
        )
    body = smtp.messages[0].get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "Dear A (ar)," in body


def test_no_recipient_queues_nothing(
    mail_templates: None, django_capture_on_commit_callbacks: object, mailoutbox: list[object]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        send_templated_mail(to=[], template="greeting/hello", context={"name": "A"})
    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_plain_text_mail_escapes_nothing_a_member_wrote() -> None:
    from connective.core.mail import render_mail
    from connective.members.tests.factories import MemberProfileFactory

    farid = MemberProfileFactory.create(user__full_name="Farid O'Brien & Sons <Irbid>")
    subject, body = render_mail(
        template="consultations/notifications/invitation",
        context={
            "recipient": farid.user,
            "request": type("R", (), {"title": 'Pipes & "leaks"'})(),
            "link": "/x/",
        },
        language="en",
    )
    assert "O'Brien & Sons <Irbid>" in body
    assert "&amp;" not in body + subject and "&#x27;" not in body


@pytest.mark.django_db
def test_a_title_with_control_characters_still_makes_one_subject_line(
    smtp: Inbox, mail_templates: None, django_capture_on_commit_callbacks: Any
) -> None:
    """A carriage return, a vertical tab or a line separator in what a member wrote would make the
    Subject header refuse to be built (BadHeaderError): the mail would be lost."""
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(
            to=["amal@example.org"],
            template="greeting/hello",
            context={"name": "Amal\r\nBcc: all@example.org\x0b\u2028  Haddad"},
        )
    assert len(smtp.messages) == 1
    assert subject_of(smtp.messages[0]) == "Welcome, Amal Bcc: all@example.org Haddad"
    assert smtp.messages[0]["Bcc"] is None
