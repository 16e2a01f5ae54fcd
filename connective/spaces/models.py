"""Spaces, where a group of members works, and the memberships that give people a role there."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from connective.core.models import TimeStampedModel
from connective.spaces.choices import MembershipState, SpaceAccess, SpaceKind, SpaceRole


class Space(TimeStampedModel):
    """Where a group of members works: a regional network, a thematic section of one, a section
    across networks, and later an event's participants, a learning cohort or a joint project.

    The space of a regional network has `kind=network` and its `region`; every approved member
    of that region belongs to it without a membership row (their profile says so), and its
    coordinators hold the coordinator role by a membership. A section's `parent` is its
    network's space and it carries the same `region`; a global section has neither.
    """

    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=SpaceKind.choices)
    name = models.CharField(max_length=160)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    description_translations = models.JSONField(default=dict, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    region = models.CharField(max_length=20, blank=True, db_index=True)
    access = models.CharField(max_length=10, choices=SpaceAccess.choices, default=SpaceAccess.OPEN)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(kind="network"), name="space_one_network_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.name_translations.get(language) or self.name)

    @property
    def description_text(self) -> str:
        language = (get_language() or "en").split("-")[0]
        return str(self.description_translations.get(language) or self.description)

    @property
    def is_closed(self) -> bool:
        return self.access == SpaceAccess.CLOSED


class Membership(TimeStampedModel):
    """A person's place in a space: their role there, or their request to join a closed one.

    `uuid` names a request to join in the moderators' approve and decline links.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(max_length=20, choices=SpaceRole.choices, default=SpaceRole.MEMBER)
    state = models.CharField(max_length=20, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="membership_space_user")]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.space_id} ({self.role}, {self.state})"
