"""What became of a message that reached the reply address, and why."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class InboundStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Posted")
    REJECTED = "rejected", _("Refused")
    IGNORED = "ignored", _("Ignored (an automatic reply)")


class InboundReason(models.TextChoices):
    """Why a message was not posted (empty when it was)."""

    NONE = "", _("Posted")
    MALFORMED = "malformed", _("The message could not be read")
    NO_ADDRESS = "no_address", _("No reply address among its recipients")
    BAD_TOKEN = "bad_token", _("The reply address failed its signature check")
    UNKNOWN_KIND = "unknown_kind", _("The reply address is for something that takes no replies by email")
    UNKNOWN_USER = "unknown_user", _("The reply address names an account that no longer exists")
    WRONG_SENDER = "wrong_sender", _("Sent from an address that is not the member's")
    REPLAY = "replay", _("Already received")
    AUTO_REPLY = "auto_reply", _("An automatic reply, a bounce or a mailing list")
    EMPTY = "empty", _("Nothing written beside the quoted message")
    TOO_LARGE = "too_large", _("An attachment too large, or too many")
    REFUSED = "refused", _("The member may not post there")
    FAILED = "failed", _("Posting failed on our side")


class InboundEvent(EventKind):
    """A reply by email that was posted, or refused."""

    ACCEPTED = "inbound.accepted"
    REJECTED = "inbound.rejected"
