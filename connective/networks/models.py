"""Regional networks: one per region, steered by its coordinators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from connective.core.models import TimeStampedModel
from connective.core.regions import FOCUS_REGIONS, Region
from connective.networks.choices import ApprovalMode


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
