"""The trace of replies by email is part of a member's data: in their download, gone with them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress

from connective.core.personal_data import member_erase, member_export
from connective.inbound.choices import InboundReason, InboundStatus
from connective.inbound.models import InboundMessage
from connective.members.models import MemberProfile

pytestmark = pytest.mark.django_db


def trace(**fields: object) -> InboundMessage:
    defaults: dict[str, object] = {
        "status": InboundStatus.ACCEPTED,
        "message_id": f"<{InboundMessage.objects.count()}@x>",
    }
    return InboundMessage.objects.create(**{**defaults, **fields})


def test_a_members_replies_by_email_are_in_their_download(alice: MemberProfile, bob: MemberProfile) -> None:
    trace(user=alice.user, sender="alice@example.org", target_kind="thread", target_id="1")
    trace(status=InboundStatus.REJECTED, reason=InboundReason.BAD_TOKEN, sender="alice@example.org")
    trace(user=bob.user, sender="bob@example.org", target_kind="thread", target_id="1")
    archive = zipfile.ZipFile(io.BytesIO(member_export(user=alice.user)))
    rows = json.loads(archive.read("replies_by_email.json"))
    assert [(row["sent_from"], row["outcome"]) for row in rows] == [
        ("alice@example.org", "Posted"),
        ("alice@example.org", "Refused"),
    ]


def test_deleting_a_member_deletes_the_trace_of_their_replies_and_of_mail_from_their_addresses(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    EmailAddress.objects.create(user=alice.user, email="a.haddad@amman.example", verified=False)
    trace(user=alice.user, sender="alice@example.org")
    trace(status=InboundStatus.REJECTED, reason=InboundReason.WRONG_SENDER, sender="a.haddad@amman.example")
    kept = trace(user=bob.user, sender="bob@example.org")
    member_erase(user=alice.user)
    assert list(InboundMessage.objects.all()) == [kept]
