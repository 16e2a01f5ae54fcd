"""Statuses and kinds of the coordinators' newsletters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class IssueStatus(models.TextChoices):
    """Where an issue stands: written and tested (draft), going out in batches, sent."""

    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class DeliveryState(models.TextChoices):
    """One recipient's copy of an issue (see `newsletters.sending`)."""

    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The member turned newsletters off (or left) between the issue's sending and their turn.
    SKIPPED = "skipped", _("Not sent: no longer wanted")


class NewsletterEvent(EventKind):
    """The life of a newsletter issue."""

    CREATED = "newsletter.created"
    UPDATED = "newsletter.updated"
    TEST_SENT = "newsletter.test_sent"
    SENDING = "newsletter.sending"
    SENT = "newsletter.sent"
