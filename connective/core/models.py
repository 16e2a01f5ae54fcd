"""The shared kernel: base models, the audit log and the theme taxonomy."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every record remembers when it was made and last changed (stored in UTC)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Something a person (or the system, when `actor` is empty) did that changed the record.

    Written only by services, through `connective.core.events.record_event()`, in the same transaction
    as the change itself. Never edited, never deleted.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class Theme(models.Model):
    """A theme of sustainable urban development (water, mobility, ...).

    Members name their expertise in themes, practices and consultations are tagged with them,
    and coordinators see demand by them. `name` is the English name; `translations` maps a
    language code to the name in that language. A theme merged into another stays as a
    pointer (`merged_into`) so that old links and imports still find the right one.
    """

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    translations = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, falling back to English."""
        language = (get_language() or "en").split("-")[0]
        value: Any = self.translations.get(language) if self.translations else None
        return str(value) if value else self.name

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None

    @classmethod
    def active(cls) -> models.QuerySet[Theme]:
        return cls.objects.filter(merged_into__isnull=True)
