"""The messages that reached a reply address, kept so none is posted twice and staff can see
why one was refused."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from connective.inbound.choices import InboundReason, InboundStatus


class InboundMessage(models.Model):
    """One email a member (or anyone) sent to a reply address: a reply to a notification.

    Every message that reaches the receiver leaves one row, posted or not, with the reason when
    it was not; never its text (that went to the post, or back to the member in the mail
    explaining the refusal). `message_id` with the target is what stops a second delivery of
    the same mail from posting twice; `body_hash` (SHA-256 of the reply as posted) lets staff
    tell two messages with the same text apart from one delivered twice.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=InboundStatus.choices)
    reason = models.CharField(max_length=20, choices=InboundReason.choices, blank=True)
    # What the feature said when it refused the reply, or the kind of error; never message text.
    detail = models.CharField(max_length=300, blank=True)
    message_id = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member the reply address was made for."),
    )
    sender = models.CharField(_("sent from"), max_length=254, blank=True)
    target_kind = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("reply by email")
        verbose_name_plural = _("replies by email")
        constraints = [
            models.UniqueConstraint(
                fields=["message_id", "target_kind", "target_id"],
                condition=Q(status="accepted"),
                name="inbound_posted_once_per_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.status} {self.reason}".strip()
