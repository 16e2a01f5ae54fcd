"""Newsletters: what a network's coordinators write to its members, and who received it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.models import TimeStampedModel
from connective.newsletters.choices import DeliveryState, IssueStatus


class Issue(TimeStampedModel):
    """One issue of a network's newsletter: what happened since the last one, in the words of its
    coordinators.

    `network` empty means every network (only staff write those). `body` is public once the
    issue is sent (the archive shows it to anyone); `members_body` is for members only: it
    goes out in the mail and shows in the archive to members, never to visitors. Both are
    Markdown, written in `language`. An issue is edited while it is a draft; `issue_send`
    turns it to sending and the batches (`newsletters.sending`) to sent.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(
        "networks.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletter_issues",
        verbose_name=_("network"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("the newsletter (public in the archive)"), max_length=50000)
    members_body = models.TextField(_("for members only"), max_length=50000, blank=True)
    language = models.CharField(_("language of the issue"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    test_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The archive: sent issues, newest first.
            models.Index(fields=["status", "-sent_at", "-id"], name="newsletter_archive"),
            models.Index(fields=["network", "-created_at", "-id"], name="newsletter_by_network"),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One member's copy of one issue: created pending when the issue is sent, claimed by a
    batch, then sent (or failed, or skipped). Unique per issue and member, which is what keeps
    anyone from receiving an issue twice (see `newsletters.sending`)."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_deliveries"
    )
    state = models.CharField(max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    # Which batch holds the row while it sends (a fresh value per claim), and since when.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="newsletter_delivery_once")]
        indexes = [models.Index(fields=["issue", "state"], name="newsletter_delivery_state")]

    def __str__(self) -> str:
        return f"{self.issue_id} -> {self.user_id}: {self.state}"
