"""Regional networks: one per region, steered by its coordinators, and the programme its
members propose."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from connective.core.models import TimeStampedModel
from connective.core.regions import FOCUS_REGIONS, Region
from connective.networks.choices import ApprovalMode, ProposalKind, ProposalStatus


class Network(TimeStampedModel):
    """The regional network of practitioners of one region.

    A member belongs to the network of the region of their country. The public page shows
    what the network is and aggregate figures only; the coordinators are reached through the
    role address `contact_email`, never a personal one. `description_translations` maps a
    language code to the description in that language (Markdown).
    """

    region = models.CharField(max_length=20, choices=Region.choices, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True, help_text=_("Markdown, in English"))
    description_translations = models.JSONField(default=dict, blank=True)
    contact_email = models.EmailField(blank=True)
    approval_mode = models.CharField(
        max_length=20, choices=ApprovalMode.choices, default=ApprovalMode.COORDINATOR
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_focus(self) -> bool:
        return self.region in FOCUS_REGIONS

    @property
    def label(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.name_translations.get(language) or self.name)

    @property
    def description_text(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.description_translations.get(language) or self.description)


class Proposal(TimeStampedModel):
    """A member's proposal for their network's programme: an activity (a learning process, a
    webinar, an exchange visit, a study, a joint project) or a theme they want the network to
    take up.

    Members of the network propose; others support it in one click and comment on it; the
    network's coordinators (and staff) accept it into the programme, decline it with a reason the
    author sees, or merge a duplicate into another proposal (its supporters carry over, its
    comments stay where they were written). Every approved member reads every network's
    programme; visitors see the accepted programme only, without names.

    `became_url` and `became_title` say what an accepted proposal became (an event, a learning
    process, a joint project): the coordinator fills them in once it exists. They are plain
    fields for now, to be joined by a pointer to the event or project once those apps exist.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=20, choices=ProposalKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text=_("Markdown"))
    language = models.ForeignKey(
        "members.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_proposals"
    )
    became_url = models.URLField(blank=True)
    became_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["network", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class ProposalSupport(models.Model):
    """A member's "I want this too" on a proposal: one per person, withdrawn as easily."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_support_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} supports {self.proposal_id}"


class ProposalComment(TimeStampedModel):
    """A member's comment on a proposal (Markdown). The network's coordinators may hide one
    that breaks the guidelines; its author is shown the reason, other readers a placeholder."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(help_text=_("Markdown"))
    language = models.CharField(max_length=10, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["proposal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.proposal_id}"
