"""Outgoing mail: rendered in the recipient's language, sent in the background after commit.

Mail about what happened to a member goes through the notification pipeline
(`connective.notifications`), which renders it when it is delivered and calls `deliver` here;
`send_templated_mail` remains for mail that is no notification (allauth's own aside), so that
a page never waits for an SMTP server and a rolled-back change never sends anything.

Every message is built in one place (`build_message`): plain text, and an HTML part when the
template has one (`<template>_body.html`, extending `core/email/layout.html`: `lang`, and
`dir="rtl"` for Arabic), a Message-ID on the site's domain and, for mail a member may turn off,
`List-Unsubscribe` with `List-Unsubscribe-Post` (one click, RFC 8058).
"""

from __future__ import annotations

from email.utils import make_msgid, parseaddr
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

from connective.core.links import site_url
from connective.core.text import header_safe


def render_mail(*, template: str, context: dict[str, Any], language: str | None) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        ctx = {"SITE_URL": site_url(), **context}
        subject = header_safe(_render_text(f"{template}_subject.txt", ctx))
        body = _render_text(f"{template}_body.txt", ctx)
    return subject, body


def _render_text(name: str, context: dict[str, Any]) -> str:
    """A plain-text mail template: nothing in it is HTML-escaped ("O'Brien & Sons" stays so),
    whether or not the template says `{% autoescape off %}`."""
    template = get_template(name).template  # type: ignore[attr-defined]  # the Django backend's
    return str(template.render(Context(context, autoescape=False)))


def render_mail_html(*, template: str, context: dict[str, Any], language: str | None) -> str | None:
    """Render `<template>_body.html` in `language` (None when the template has no HTML part)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            html = get_template(f"{template}_body.html")
        except TemplateDoesNotExist:
            return None
        return str(html.render({"SITE_URL": site_url(), **context}))


def mail_domain() -> str:
    """The domain our Message-IDs and mail addresses are on: the site's host name."""
    return urlsplit(site_url()).hostname or "localhost"


def unsubscribe_mailto(token: str) -> str:
    """The `mailto:` of List-Unsubscribe: the sender's domain, the token in the subject."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2] or mail_domain()
    return f"mailto:unsubscribe@{domain}?subject={quote('unsubscribe ' + token)}"


def build_message(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    unsubscribe_url: str = "",
    unsubscribe_token: str = "",
    reply_to: list[str] | None = None,
    message_id: str = "",
    connection: Any = None,
) -> EmailMultiAlternatives:
    """The one builder of outgoing mail (see the module docstring). `message_id`: a stable one
    when the same mail may be sent again after a crash (the newsletter), else a fresh one."""
    headers = {"Message-ID": message_id or make_msgid(domain=mail_domain())}
    if unsubscribe_url:
        targets = [f"<{unsubscribe_url}>"]
        if unsubscribe_token:
            targets.append(f"<{unsubscribe_mailto(unsubscribe_token)}>")
        headers["List-Unsubscribe"] = ", ".join(targets)
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=header_safe(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
        headers=headers,
        connection=connection,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def deliver(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    unsubscribe_url: str = "",
    unsubscribe_token: str = "",
    reply_to: list[str] | None = None,
) -> int:
    """Send one message now. Called by background tasks, not by services."""
    return build_message(
        to=to,
        subject=subject,
        body=body,
        html=html,
        unsubscribe_url=unsubscribe_url,
        unsubscribe_token=unsubscribe_token,
        reply_to=reply_to,
    ).send()


def send_templated_mail(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Queue a mail rendered from templates; it leaves only once the transaction commits."""
    if not to:
        return
    subject, body = render_mail(template=template, context=context, language=language)
    html = render_mail_html(template=template, context=context, language=language)

    def queue() -> None:
        from connective.core.tasks import send_mail_task

        send_mail_task.delay(to=to, subject=subject, body=body, html=html, reply_to=reply_to)

    transaction.on_commit(queue)
