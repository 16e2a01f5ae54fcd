"""What the platform tells each member, and how often they want to hear it by mail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from connective.notifications.choices import Delivery, Frequency


class Notification(models.Model):
    """Something that happened and concerns one member: a reply, a decision on their
    declaration, a practice of theirs sent back. One per recorded event and person, never for
    the person who did it. Shown under the bell until read; mailed as their preference for its
    kind says (`frequency`, taken when it was made and moved when they change it)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey("core.AuditEvent", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "frequency", "recipient"], name="notification_to_send"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """How often one member wants mail about one kind (`kind` is an event kind's value, "all"
    for every kind they have not set, or "digest" for the digest's own sections)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=80)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.frequency}"


class DigestMarker(models.Model):
    """When a member's last daily or weekly digest went, and for which period: a rerun of the
    same period skips them, and the next digest collects what is new since `sent_at`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    period = models.CharField(max_length=16)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "frequency"], name="digest_marker_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency} {self.period}"
