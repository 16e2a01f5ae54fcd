"""A pack: published practices bundled by a reader into one printable PDF."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.models import TimeStampedModel


class PracticePack(TimeStampedModel):
    """A selection of practices, in an order, that its owner prints for a workshop or reads offline.

    Only published practices ever show in it: a practice unpublished after it was added stays
    an item (it comes back if published again) but drops out of the page and the PDF with a
    note. `public_id` is the shareable link: anyone who has it reads the pack (public content
    only); the owner rotates it to revoke every copy of the old link.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_packs"
    )
    title = models.CharField(_("title"), max_length=120)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["owner", "-updated_at", "-id"], name="pack_owner_newest")]

    def __str__(self) -> str:
        return self.title


class PracticePackItem(models.Model):
    """One practice in a pack, at its place (0 first)."""

    pack = models.ForeignKey(PracticePack, on_delete=models.CASCADE, related_name="items")
    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["pack", "position"]
        constraints = [models.UniqueConstraint(fields=["pack", "practice"], name="pack_practice_once")]

    def __str__(self) -> str:
        return f"{self.pack_id}#{self.position}"
