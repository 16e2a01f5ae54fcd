"""The only way a view gets a notification: its recipient's own, else 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from connective.notifications.models import Notification


def notification_get_for(*, user: Any, public_id: uuid.UUID | str) -> Notification:
    """`user`'s notification `public_id`; another person's is as missing as one that never was."""
    found = (
        Notification.objects.select_related("event", "recipient")
        .filter(public_id=public_id, recipient_id=getattr(user, "pk", None))
        .first()
    )
    if found is None:
        raise Http404
    return found
