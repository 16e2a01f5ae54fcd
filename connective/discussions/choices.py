"""Kinds and states of discussions: what happened to a thread, how a member follows one, and
what moderators decide on a report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from connective.core.events import EventKind


class SubscriptionState(models.TextChoices):
    """Following a thread: hear of every reply; muting: hear of none (not even as its author)."""

    SUBSCRIBED = "subscribed", _("Following")
    MUTED = "muted", _("Muted")


class ReportOutcome(models.TextChoices):
    """What a moderator decided on a report."""

    HIDDEN = "hidden", _("The post was hidden")
    DISMISSED = "dismissed", _("Nothing to do")


class DiscussionEvent(EventKind):
    """What happens in discussions (the value is stored as the audit action)."""

    STARTED = "discussion.started"
    REPLIED = "discussion.replied"
    EDITED = "discussion.edited"
    MENTIONED = "discussion.mentioned"
    PINNED = "discussion.pinned"
    UNPINNED = "discussion.unpinned"
    LOCKED = "discussion.locked"
    UNLOCKED = "discussion.unlocked"
    MOVED = "discussion.moved"
    THREAD_HIDDEN = "discussion.thread_hidden"
    THREAD_UNHIDDEN = "discussion.thread_unhidden"
    POST_HIDDEN = "discussion.post_hidden"
    POST_UNHIDDEN = "discussion.post_unhidden"
    REPORTED = "discussion.reported"
    REPORT_RESOLVED = "discussion.report_resolved"
    SUBSCRIBED = "discussion.subscribed"
    MUTED = "discussion.muted"
    ATTACHED = "discussion.attached"
