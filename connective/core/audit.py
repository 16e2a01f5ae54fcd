"""The audit log that services write, in the words of pretix's `log_action`."""

from __future__ import annotations

from typing import Any

from django.db import models

from connective.core.models import AuditEvent


def audit(*, actor: Any, action: str, target: models.Model, **data: Any) -> AuditEvent:
    """Record that `actor` (a user, or None for the system) did `action` to `target`.

    Call it inside the service's transaction, so the record and the change land together.
    `data` must be JSON-serialisable and never hold passwords or message bodies.
    """
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data,
    )


LOOK_PREFIX = "looked_at."


def audit_look(*, viewer: Any, what: str, target: models.Model, owner_id: int, **data: Any) -> AuditEvent:
    """Record that `viewer` (a coordinator or staff, by their role, not as a participant) opened
    `target`, a confidential record of the member `owner_id` (`what`: "consultation",
    "profile_fields"). The member finds every such look in their data download.
    """
    return audit(actor=viewer, action=f"{LOOK_PREFIX}{what}", target=target, owner=owner_id, **data)
