"""The audit log of looks: who in a coordinating role opened a member's confidential record.

What services *do* is recorded through `connective.core.events.record_event` (the audit log is
the log of domain events); this module adds the one kind of entry that changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from connective.core.choices import LookEvent
from connective.core.events import record_event
from connective.core.models import AuditEvent

LOOK_PREFIX = "looked_at."


def audit_look(
    *, viewer: Any, what: LookEvent, target: models.Model, owner_id: int, **data: Any
) -> AuditEvent:
    """Record that `viewer` (a coordinator or staff, by their role, not as a participant) opened
    `target`, a confidential record of the member `owner_id`. The member finds every such look
    in their data download.
    """
    return record_event(kind=what, actor=viewer, target=target, owner=owner_id, **data)
