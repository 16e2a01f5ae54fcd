"""How often a member hears of a kind, where a notification's mail stands, and what the
notifications app itself records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class Frequency(models.TextChoices):
    """How often a member is mailed about one kind (the bell shows every notification anyway)."""

    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Delivery(models.TextChoices):
    """Where a notification's mail stands."""

    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    IN_DIGEST = "digest", _("Sent in a digest")
    SKIPPED = "skipped", _("Not sent")


# The preference that covers every kind a member has not set one by one.
ALL_KINDS = "all"
# The preference for the digest's own sections (new practices on your themes...).
DIGEST = "digest"


class NotificationEvent(EventKind):
    PREFERENCES_CHANGED = "notifications.preferences_changed"
    UNSUBSCRIBED = "notifications.unsubscribed"
    ALL_READ = "notifications.all_read"
