"""A newsletter as the mail each recipient receives: multipart text and HTML, rendered per
recipient (their name, their own unsubscribe link), with the list headers and a stable
Message-ID.

The interface around the issue (greeting, footer, links) reads in the recipient's language; the
issue itself keeps its own language and direction (`<html lang dir>`, `core.text`), so an Arabic
issue reads right to left in an English reader's client and the other way round.

The message itself comes from the one builder of outgoing mail (`core.mail.build_message`),
with the newsletter's stable Message-ID and the unsubscribe headers of the notification
preferences (the newsletter is a notification kind members turn off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from connective.core import mail as core_mail
from connective.core.links import absolute_url, site_host
from connective.core.text import direction, header_safe
from connective.newsletters.delivery import newsletter_unsubscribe_token, unsubscribe_link
from connective.newsletters.models import Issue


@dataclass(frozen=True)
class IssueMail:
    subject: str
    text: str
    html: str
    message_id: str


def message_id(*, issue: Issue, user: Any, test: bool = False) -> str:
    """The same for every attempt to send `issue` to `user`: a mail sent again after a crash
    carries the Message-ID of the first, so the recipient's server can tell it is the same
    mail. A test mail gets one of its own."""
    host = site_host().split(":")[0] or "connective.localhost"
    kind = "newsletter-test" if test else "newsletter"
    suffix = f".{issue.test_sent_at.timestamp():.0f}" if test and issue.test_sent_at else ""
    return f"<{kind}.{issue.public_id}.{user.public_id}{suffix}@{host}>"


def issue_context(*, issue: Issue, recipient: Any, unsubscribe_url: str) -> dict[str, Any]:
    return {
        "issue": issue,
        "recipient": recipient,
        "direction": direction(issue.language),
        "unsubscribe_url": unsubscribe_url,
        "archive_url": absolute_url("newsletters:archive_detail", public_id=issue.public_id),
        "network_name": issue.network.label if issue.network is not None else "",
        "SITE_URL": settings.SITE_URL,
    }


def issue_mail(*, issue: Issue, recipient: Any, test: bool = False) -> IssueMail:
    """The mail of `issue` for `recipient`, rendered in the recipient's language."""
    language = getattr(recipient, "preferred_language", "") or issue.language
    link = unsubscribe_link(recipient)
    with translation.override(language):
        context = issue_context(issue=issue, recipient=recipient, unsubscribe_url=link)
        context["interface_direction"] = direction(translation.get_language())
        context["test"] = test
        subject = header_safe(_render_text("newsletters/email/issue_subject.txt", context))
        text = _render_text("newsletters/email/issue_body.txt", context)
        html = render_to_string("newsletters/email/issue_body.html", context)
    return IssueMail(
        subject=subject, text=text, html=html, message_id=message_id(issue=issue, user=recipient, test=test)
    )


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text template, nothing HTML-escaped (as `core.mail` renders its text parts)."""
    template = get_template(name).template  # type: ignore[attr-defined]  # the Django backend's
    return str(template.render(Context(context, autoescape=False)))


def _reply_to(issue: Issue) -> list[str] | None:
    """A reply reaches the network's coordinators through its role address, never a person's."""
    if issue.network is not None and issue.network.contact_email:
        return [issue.network.contact_email]
    return None


def issue_message(
    *, issue: Issue, recipient: Any, connection: Any = None, test: bool = False
) -> EmailMultiAlternatives:
    mail = issue_mail(issue=issue, recipient=recipient, test=test)
    return core_mail.build_message(
        to=[recipient.email],
        subject=mail.subject,
        body=mail.text,
        html=mail.html,
        unsubscribe_url=unsubscribe_link(recipient),
        unsubscribe_token=newsletter_unsubscribe_token(recipient),
        reply_to=_reply_to(issue),
        message_id=mail.message_id,
        connection=connection,
    )
