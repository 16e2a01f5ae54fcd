"""The newsletter as a notification kind, so members turn it on or off with their other
notifications (`connective.notifications.registry`).

The issue itself is delivered by its own batches (`newsletters.sending`: exactly once, resumable),
so `recipients` names no one: the pipeline never sends it a second time. `render` says how an issue
reads in the bell and the list, should the pipeline show sent issues there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from connective.core.events import event_target
from connective.core.links import absolute_url
from connective.newsletters.choices import IssueStatus, NewsletterEvent
from connective.notifications.registry import Frequency, NotificationKind, Rendered, register_kind


def newsletter_notification_recipients(event: Any) -> Iterable[int]:
    """No one: the newsletter's own batches deliver it (each member once)."""
    return []


def newsletter_notification_render(event: Any, recipient: Any) -> Rendered | None:
    """A sent issue, as the bell would show it: its subject, linking to its archive page."""
    from connective.newsletters.models import Issue

    issue = event_target(event, Issue)
    if issue is None or issue.status != IssueStatus.SENT:
        return None
    link = absolute_url("newsletters:archive_detail", public_id=issue.public_id)
    return Rendered(line=issue.subject, link=link, context={"issue": issue}, text_language=issue.language)


def register_notification_kind() -> None:
    register_kind(
        NotificationKind(
            kind=NewsletterEvent.SENT,
            label=_("Newsletters of your network"),
            recipients=newsletter_notification_recipients,
            render=newsletter_notification_render,
            template="newsletters/email/issue",
            default=Frequency.IMMEDIATELY,
        )
    )
