"""Fixtures for replies by email: our reply domain, a test target that keeps what it is given,
and a way to write the mails members' clients send."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import pytest
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from connective.inbound.addresses import reply_address
from connective.inbound.registry import ReplyRefused, register_reply_target, unregister_reply_target

DOMAIN = "reply.connective.test"
KIND = "testthread"


@dataclass
class Posted:
    """What the test target received: one entry per reply posted."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    refuse: str = ""

    def __call__(self, *, user: Any, target_id: str, text: str, attachments: Sequence[UploadedFile]) -> None:
        if self.refuse:
            raise ReplyRefused(self.refuse)
        self.replies.append(
            {
                "user": user,
                "target_id": target_id,
                "text": text,
                "files": [(f.name, f.read()) for f in attachments],
            }
        )


@pytest.fixture
def inbound_domain(settings: Any) -> str:
    settings.INBOUND_MAIL_DOMAIN = DOMAIN
    return DOMAIN


@pytest.fixture
def posted(inbound_domain: str) -> Iterator[Posted]:
    target = Posted()
    register_reply_target(KIND, target)
    yield target
    unregister_reply_target(KIND)


@pytest.fixture
def thread_id() -> str:
    return str(uuid.uuid4())


def reply_mail(
    *,
    to: str,
    sender: str,
    text: str,
    subject: str = "Re: Bilal replied in “Leak detection”",
    html: str | None = None,
    headers: dict[str, str] | None = None,
    message_id: str | None = None,
    files: Sequence[tuple[str, bytes, str]] = (),
) -> EmailMessage:
    """A reply as a member's mail client writes it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="client.example")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for name, content, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


def address_for(user: Any, target_id: str, kind: str = KIND) -> str:
    return reply_address(user=user, target_kind=kind, target_id=target_id)


# What Amal typed, and what her client added below it: an English signature and a French quote header.
TYPED = "Merci Bilal, nous avons testé les capteurs acoustiques à Zarqa.\nLe rapport est en pièce jointe."
FRENCH_CLIENT_REPLY = f"""{TYPED}

Best regards,
Alice Haddad
Greater Amman Municipality
+962 6 000 0000

Le lun. 7 déc. 2026 à 10:02, Connective <reply+x@{DOMAIN}> a écrit :
> Bilal Ben Salah a répondu dans « Détection des fuites » :
>
> Avez-vous essayé les capteurs acoustiques ?
"""
