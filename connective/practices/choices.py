from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class PracticeStatus(models.TextChoices):
    """Where a good practice stands. Only PUBLISHED practices are public."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")


class RevisionState(models.TextChoices):
    """Where one revision (a proposed or past version of a practice) stands."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")
    DECLINED = "declined", _("Declined")


class ReviewAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Asked for changes")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    FEATURED = "featured", _("Featured")
    UNFEATURED = "unfeatured", _("No longer featured")
    COMMENTED = "commented", _("Commented")


class AttachmentKind(models.TextChoices):
    PDF = "pdf", _("PDF document")
    IMAGE = "image", _("Image")


class PracticeEvent(EventKind):
    """The life of a good practice: drafted, reviewed, published."""

    CREATED = "practice.created"
    UPDATED = "practice.updated"
    SUBMITTED = "practice.submitted"
    CHANGES_REQUESTED = "practice.changes_requested"
    PUBLISHED = "practice.published"
    DECLINED = "practice.declined"
    FEATURED = "practice.featured"
    ATTACHMENT_ADDED = "practice.attachment_added"
    ATTACHMENT_REMOVED = "practice.attachment_removed"


class PackEvent(EventKind):
    """A reader's printable pack of practices."""

    CREATED = "practice_pack.created"
    ADDED = "practice_pack.added"
    REMOVED = "practice_pack.removed"
    REORDERED = "practice_pack.reordered"
    RENAMED = "practice_pack.renamed"
    LINK_ROTATED = "practice_pack.link_rotated"
