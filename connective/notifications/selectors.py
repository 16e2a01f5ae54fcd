"""Reads about notifications: a member's list, as they read it now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from connective.notifications.models import Notification
from connective.notifications.pipeline import load_targets, render_for
from connective.notifications.registry import Rendered, notification_kind


@dataclass(frozen=True)
class Line:
    """One notification in the list: what happened, where to open it, whether it is new."""

    notification: Notification
    rendered: Rendered | None

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def notification_list_for(*, user: Any) -> QuerySet[Notification]:
    """`user`'s notifications, newest first (their own only)."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("event", "event__actor")
        .order_by("-created_at", "-id")
    )


def notification_lines(*, user: Any, notifications: list[Notification]) -> list[Line]:
    """Render a page of `user`'s notifications in the active language. The events' targets are
    loaded in one query per kind on the page (`NotificationKind.target_model`), not one per
    line, and every line shares one recipient object (what they may see is asked once)."""
    for notification in notifications:
        notification.recipient = user
    load_targets(notifications)
    lines = []
    for notification in notifications:
        kind = notification_kind(notification.kind)
        lines.append(Line(notification, render_for(notification, kind) if kind else None))
    return lines
