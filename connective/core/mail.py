"""Outgoing mail: rendered in the recipient's language, sent in the background after commit.

Everything the platform mails goes through `send_templated_mail`, so that a page never waits
for an SMTP server and a rolled-back change never sends anything.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
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


def deliver(*, to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> int:
    """Send one message now. Called by the background task, not by services."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to
    )
    return message.send()


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

    def queue() -> None:
        from connective.core.tasks import send_mail_task

        send_mail_task.delay(to=to, subject=subject, body=body, reply_to=reply_to)

    transaction.on_commit(queue)
