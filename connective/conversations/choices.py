"""Who a member accepts direct messages from, and what happens in conversations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class MessagePolicy(models.TextChoices):
    """Who may start a conversation with a member (those already in one with them keep talking)."""

    EVERYONE = "everyone", _("Any member")
    NETWORK = "network", _("Members of my network only")
    NOBODY = "nobody", _("Nobody: I do not accept direct messages")


class ConversationEvent(EventKind):
    """Direct messages and questions under practices (the value is stored as the audit action)."""

    STARTED = "conversation.started"
    MESSAGE_SENT = "conversation.message_sent"
    POLICY_CHANGED = "conversation.policy_changed"
    QUESTION_ASKED = "conversation.question_asked"
