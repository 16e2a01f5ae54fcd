"""The kinds of events the shared kernel records."""

from __future__ import annotations

from connective.core.events import EventKind


class CoreEvent(EventKind):
    THEME_CREATED = "theme.created"
    THEME_MERGED = "theme.merged"


class LookEvent(EventKind):
    """A coordinator or staff opened a member's confidential record (`core.audit.audit_look`)."""

    CONSULTATION = "looked_at.consultation"
    CONSULTATION_FILE = "looked_at.consultation_file"
    PROFILE_FIELDS = "looked_at.profile_fields"
