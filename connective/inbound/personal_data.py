"""What replies by email keep about a person, declared to the registry (`core.personal_data`):
the trace of each message that reached a reply address made for them or came from one of their
addresses (when, from which address, what became of it), never its text."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, register


def _theirs(user: Any) -> Q:
    from allauth.account.models import EmailAddress

    addresses = {str(user.email).lower()} | {
        address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return Q(user=user) | Q(sender__in=addresses)


def _messages(user: Any) -> Rows:
    from connective.inbound.models import InboundMessage

    rows = InboundMessage.objects.filter(_theirs(user)).order_by("received_at", "id")
    return [
        {
            "received_at": message.received_at,
            "sent_from": message.sender,
            "outcome": message.get_status_display(),
            "reason": message.get_reason_display() if message.reason else "",
            "answering": message.target_kind,
        }
        for message in rows
    ]


def _messages_erase(user: Any) -> int:
    from connective.inbound.models import InboundMessage

    deleted, _by_model = InboundMessage.objects.filter(_theirs(user)).delete()
    return deleted


def register_parts() -> None:
    from connective.inbound.models import InboundMessage

    register(
        Part(
            name="replies_by_email",
            models=(InboundMessage,),
            what=_(
                "A trace of each email you sent to a reply address: when, from which address, and whether it was posted"
            ),
            why=_(
                "So that a reply delivered twice is posted once, and so that staff can see why one was refused"
            ),
            kept=_("Deleted with your account"),
            seen_by=_("Staff"),
            erasure=Erasure.DELETE,
            export=_messages,
            erase=_messages_erase,
            order=15,
        )
    )
