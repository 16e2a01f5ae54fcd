"""Peer-to-peer consultation: a city brings a challenge, peers advise, free and in confidence."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from connective.consultations.choices import (
    SERVICE_KINDS,
    FeedbackRole,
    InvitationStatus,
    RequestStatus,
    RequestVisibility,
    ServiceStatus,
    SupportKind,
    Urgency,
)
from connective.core.models import Theme, TimeStampedModel
from connective.core.regions import Region
from connective.members.models import Language, MemberProfile


class ConsultationRequest(TimeStampedModel):
    """A member's local challenge or project idea on which they ask peers for advice.

    Advice is free of charge and confidential: by default only the requester, the advisors who
    accepted and the coordinators of the requester's network (and staff) see it. The requester
    may open the request itself to their network or to all members as a discussion; the private
    space (messages, files, meetings) stays with its participants whatever the visibility.

    Financial advice, studies and collections of good practices are services of the programme:
    such a request goes to the coordinators, who follow it with `service_status`.

    Two regions, which must not be confused: `network` is the requester's regional network
    when they asked (taken from their profile), and decides who sees and coordinates the
    request: its coordinators, and its members when the request is opened to the network.
    `region` follows from the project's `country` (a MENA member may ask about a city in
    Serbia) and says only where the challenge is, for matching; it never opens anything.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT, here and on invitations and feedback: deleting an account pseudonymises the
    # profile (accounts.account_delete); a raw delete must not take others' work with it.
    requester = models.ForeignKey(
        MemberProfile, on_delete=models.PROTECT, related_name="consultation_requests"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("your challenge or project idea"), max_length=10000)
    what_was_tried = models.TextField(_("what you have tried so far"), max_length=5000, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    region = models.CharField(max_length=20, choices=Region.choices, db_index=True, editable=False)
    network = models.CharField(
        _("network"), max_length=20, choices=Region.choices, db_index=True, editable=False
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="consultation_requests", verbose_name=_("themes")
    )
    support_kind = models.CharField(
        _("what kind of support"), max_length=30, choices=SupportKind.choices, default=SupportKind.PEER_ADVICE
    )
    languages = models.ManyToManyField(
        Language, related_name="consultation_requests", verbose_name=_("languages you can work in")
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    visibility = models.CharField(
        _("who may see this request"),
        max_length=20,
        choices=RequestVisibility.choices,
        default=RequestVisibility.CONFIDENTIAL,
    )
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    service_status = models.CharField(max_length=20, choices=ServiceStatus.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome_advice = models.TextField(_("what was advised"), max_length=10000, blank=True)
    outcome_next_steps = models.TextField(_("what the city will do"), max_length=10000, blank=True)
    resulting_practice = models.ForeignKey(
        "practices.Practice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["network", "status"]),
            models.Index(fields=["visibility", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_service_request(self) -> bool:
        return self.support_kind in SERVICE_KINDS

    @property
    def is_closed(self) -> bool:
        return self.status in (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)


class Invitation(models.Model):
    """A peer asked to advise on a request, chosen by the requester or a coordinator.

    An invited advisor sees the request's title and description to decide, nothing of the
    private space until they accept. When declining they give a reason and may keep it from
    the requester (`reason_hidden_from_requester`): coordinators still see it.
    `match_reason` is the sentence shown with the invitation ("works on water in Irbid ...").
    """

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="invitations")
    advisor = models.ForeignKey(
        MemberProfile, on_delete=models.PROTECT, related_name="consultation_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    decline_reason = models.TextField(_("why you decline"), max_length=2000, blank=True)
    reason_hidden_from_requester = models.BooleanField(_("keep the reason from the requester"), default=False)
    match_reason = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "advisor"], name="consultation_invitation_once"),
        ]
        indexes = [models.Index(fields=["advisor", "status"])]

    def __str__(self) -> str:
        return f"{self.advisor} on {self.request} ({self.status})"


class ConsultationMessage(models.Model):
    """A message in the private space of a consultation (Markdown), seen by its participants."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.request}"


def consultation_file_path(instance: ConsultationFile, filename: str) -> str:
    return f"consultations/{instance.request.public_id}/{uuid.uuid4().hex}/{filename}"


class ConsultationFile(models.Model):
    """A document shared in the private space (PDF, image, office document, 10 MB at most).

    Stored outside the web root and served only through a view that checks the viewer takes
    part in the consultation; the type is checked by content, not by the file name.
    """

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="files")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=consultation_file_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class MeetingProposal(models.Model):
    """A time proposed for an online meeting, with the link to the room (stored in UTC)."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="meetings")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    room_url = models.URLField(_("link to the online room"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} at {self.starts_at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    """How a participant found the consultation once it closed: a rating 1-5 and a comment."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=FeedbackRole.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "author"], name="consultation_feedback_once"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="consultation_feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.request}: {self.rating}"


# Stored advisor embeddings for suggestions live beside the matching code that uses them.
from connective.consultations.suggestions.models import AdvisorEmbedding  # noqa: E402, F401
