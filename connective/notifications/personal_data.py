"""What the notifications app keeps about a person, declared to the registry
(`core.personal_data`): what they were told, how often they want mail, when their last digest went."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.personal_data import Erasure, Part, Rows, register


def _notifications(user: Any) -> Rows:
    from connective.notifications.models import Notification

    rows = Notification.objects.filter(recipient=user).order_by("created_at", "id")
    return [
        {
            "kind": row.kind,
            "created": row.created_at,
            "read": row.read_at,
            "mail": row.get_delivery_display(),
            "mailed": row.sent_at,
        }
        for row in rows.iterator()
    ]


def _preferences(user: Any) -> Rows:
    from connective.notifications.models import DigestMarker, NotificationPreference

    rows: Rows = [
        {"kind": row.kind, "frequency": row.get_frequency_display(), "changed": row.updated_at}
        for row in NotificationPreference.objects.filter(user=user).order_by("kind")
    ]
    rows += [
        {"digest": row.get_frequency_display(), "last_sent": row.sent_at}
        for row in DigestMarker.objects.filter(user=user).order_by("frequency")
    ]
    return rows


def _erase_notifications(user: Any) -> int:
    from connective.notifications.models import Notification

    deleted, _by_model = Notification.objects.filter(recipient=user).delete()
    return deleted


def _erase_preferences(user: Any) -> int:
    from connective.notifications.models import DigestMarker, NotificationPreference

    deleted, _by_model = NotificationPreference.objects.filter(user=user).delete()
    markers, _by_model = DigestMarker.objects.filter(user=user).delete()
    return deleted + markers


def register_parts() -> None:
    from connective.notifications.models import DigestMarker, Notification, NotificationPreference

    register(
        Part(
            name="notifications",
            models=(Notification,),
            what=_("What the platform told you under the bell and by mail, and whether you read it"),
            why=_("To tell you what concerns you, once, in the way you chose"),
            kept=_("As long as your account; deleted with it"),
            seen_by=_("You only"),
            erasure=Erasure.DELETE,
            export=_notifications,
            erase=_erase_notifications,
            order=16,
        )
    )
    register(
        Part(
            name="notification_preferences",
            models=(NotificationPreference, DigestMarker),
            what=_("How often you want mail about each kind of notification, and when your last digest went"),
            why=_("To send you mail only as you asked"),
            kept=_("As long as your account; deleted with it"),
            seen_by=_("You only"),
            erasure=Erasure.DELETE,
            export=_preferences,
            erase=_erase_preferences,
            order=16,
        )
    )
