"""What the accounts app tells a member through the notification pipeline: that their account
will be anonymised unless they sign in (required: it cannot be turned off)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from connective.accounts.choices import AccountEvent
from connective.accounts.models import User
from connective.core.links import absolute_url
from connective.core.models import AuditEvent
from connective.notifications.registry import NotificationKind, Rendered, register_kind, target_of


def warned_recipients(event: AuditEvent) -> list[int]:
    user = target_of(event, User)
    return [user.pk] if user is not None else []


def warned_render(event: AuditEvent, recipient: Any) -> Rendered | None:
    """None once they signed in again (the warning no longer stands) or the account is gone."""
    user = target_of(event, User)
    if user is None or user.pk != recipient.pk or user.inactivity_warned_at is None:
        return None
    # Asks them to sign in, then shows what is kept and the download.
    link = absolute_url("accounts:my_data")
    return Rendered(
        line=_("Your Connective account will be anonymised"),
        link=link,
        context={
            "member": user,
            "inactive_days": settings.RETENTION_INACTIVE_DAYS,
            "grace_days": settings.RETENTION_GRACE_DAYS,
            "my_data_link": link,
        },
    )


def register_notifications() -> None:
    register_kind(
        NotificationKind(
            kind=AccountEvent.INACTIVITY_WARNED,
            label=gettext_lazy("Your account will be anonymised unless you sign in"),
            recipients=warned_recipients,
            render=warned_render,
            template="accounts/email/inactive_warning",
            required=True,
            target_model=User,
        )
    )
