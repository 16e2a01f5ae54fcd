"""Reads about notifications: a member's list, as they read it now."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from connective.notifications.models import Notification
from connective.notifications.pipeline import render_for
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
        .select_related("event", "recipient")
        .order_by("-created_at", "-id")
    )


def notification_lines(*, notifications: list[Notification]) -> list[Line]:
    """Render a page of notifications in the active language. The events' targets are loaded
    in one query per kind on the page (`NotificationKind.target_model`), not one per line."""
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    for value, group in by_kind.items():
        kind = notification_kind(value)
        if kind is None or kind.target_model is None:
            continue
        model = kind.target_model
        ids = {n.event.target_id for n in group if n.event.target_type == model._meta.label_lower}
        targets = (
            model._default_manager.select_related(*kind.select_related)
            .prefetch_related(*kind.prefetch_related)
            .in_bulk([int(i) if str(i).isdigit() else i for i in ids])
        )
        for notification in group:
            key = notification.event.target_id
            target = targets.get(int(key) if str(key).isdigit() else key)
            notification.event._notification_target = target  # type: ignore[attr-defined]
    lines = []
    for notification in notifications:
        kind = notification_kind(notification.kind)
        lines.append(Line(notification, render_for(notification, kind) if kind else None))
    return lines
