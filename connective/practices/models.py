"""The good-practice library: what a city did about a challenge, what came of it, who to ask."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from connective.core.models import Theme, TimeStampedModel
from connective.core.regions import Region
from connective.members.models import Language, MemberProfile
from connective.practices.choices import AttachmentKind, PracticeStatus, ReviewAction, RevisionState


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 UN Sustainable Development Goals a practice can serve."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=120)
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return _("SDG %(number)s: %(name)s") % {"number": self.number, "name": self.label}

    @property
    def label(self) -> str:
        """The goal's short name in the active language, falling back to English."""
        language = (get_language() or "en").split("-")[0]
        return str((self.translations or {}).get(language) or self.name)


# The text fields of a practice, in the order a reader meets them. Revisions snapshot these.
CONTENT_FIELDS = (
    "title", "summary", "challenge", "approach", "results", "lessons_learned",
    "transfer_conditions", "costs_and_financing", "partners",
)  # fmt: skip


class Practice(TimeStampedModel):
    """A good practice: the challenge a city faced, what it did, what came of it.

    The content fields on this row are what the public sees once `status` is PUBLISHED (before
    that: the authors' working copy). An edit to a published practice is a `PracticeRevision`
    that goes through review while this row stays online unchanged; publishing the revision
    copies it here. Contacts (members to ask) are shown to members only.
    `external_id` is the key of a practice imported from another collection.
    """

    slug = models.SlugField(max_length=120, unique=True)
    external_id = models.CharField(max_length=120, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT)

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    challenge = models.TextField(_("the challenge"), blank=True)
    approach = models.TextField(_("the approach"), blank=True)
    results = models.TextField(_("results and evidence of impact"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    transfer_conditions = models.TextField(_("conditions for transfer"), blank=True)
    costs_and_financing = models.TextField(_("costs and financing"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    period_start = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("until (year)"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    region = models.CharField(max_length=20, choices=Region.choices, db_index=True, editable=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_is_approximate = models.BooleanField(default=False)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="practices", verbose_name=_("original language")
    )
    themes = models.ManyToManyField(Theme, related_name="practices", verbose_name=_("themes"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="practices", verbose_name=_("SDGs")
    )
    links = models.JSONField(default=list, blank=True, help_text=_("[{title, url}]"))

    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="authored_practices", blank=True)
    contacts = models.ManyToManyField(MemberProfile, related_name="contact_for_practices", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_featured = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        # One index per order a list or feed reads, each ending in the id that breaks ties, so
        # the newest page is an index walk that stops after it, at any size of the library.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="practice_newest"),
            models.Index(fields=["status", "title", "id"], name="practice_by_title"),
            models.Index(fields=["status", "-first_published_at", "-id"], name="practice_feed"),
            models.Index(
                fields=["status", "region", "-first_published_at", "-id"], name="practice_feed_network"
            ),
            models.Index(fields=["status", "region"]),
            models.Index(fields=["status", "country"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PracticeStatus.PUBLISHED


class PracticeRevision(models.Model):
    """One version of a practice: each publication, and each proposed edit of a published one.

    `data` holds the content fields, the structured fields and the ids of themes and SDGs, as
    the author wrote them. Published revisions are the practice's history.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=RevisionState.choices, default=RevisionState.DRAFT)
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["practice", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="practice_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.practice} r{self.number} ({self.state})"


class ReviewEvent(models.Model):
    """A step in a practice's review: submitted, changes asked (with the comment), published ..."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="review_events")
    revision = models.ForeignKey(PracticeRevision, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=30, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.practice} {self.action}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"practices/{instance.practice.slug}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A PDF or image belonging to a practice, stored outside the web root.

    Served only through a view that checks who may see the practice; the type is checked by
    content, not by the file name.
    """

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title or self.original_name


class SearchQuery(models.Model):
    """A search someone made, kept without who asked, for the coordinators' view of demand."""

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=10, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.query!r} ({self.result_count})"


# The search index's and the packs' tables live with their code; importing them here registers them.
from connective.practices.packs.models import PracticePack, PracticePackItem  # noqa: E402, F401
from connective.practices.search.models import (  # noqa: E402, F401
    PracticeEmbedding,
    PracticeNeighbour,
    PracticeSearchDocument,
    SearchIndexVersion,
)
