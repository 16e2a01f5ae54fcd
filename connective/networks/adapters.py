"""How django-allauth fits Connective: its mails go out in the background, in the reader's language."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from connective.accounts.models import User
from connective.core.preferences import preferred_language_activate
from connective.core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def _language_for(self, email: str, context: dict[str, Any]) -> str | None:
        user = context.get("user")
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if not language:
            language = (
                User.objects.filter(email__iexact=email).values_list("preferred_language", flat=True).first()
                or ""
            )
        return language or translation.get_language()

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count a visitor by: the same as ours (never a
        forwarded address the client wrote, unless TRUSTED_PROXY_COUNT says proxies stand between)."""
        return client_ip(request)

    def login(self, request: HttpRequest, user: Any) -> None:
        """Sign in, then speak the member's own language for the rest of the request.

        The request began anonymous, in the browser's language; allauth writes its "Successfully
        signed in as …" message right after this, and a message is text, not a translation
        made when shown: without this a member who reads Arabic got it in English.
        """
        super().login(request, user)
        preferred_language_activate(request=request, user=user)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's mail in the recipient's language, and send it once the data is saved.

        Rendering happens now (the links in it are built from this request); delivery is the
        same background task as every other mail of the platform (connective.core.mail).
        """
        with translation.override(self._language_for(email, context)):
            message = self.render_mail(template_prefix, email, context)
        to = list(message.to)
        subject = str(message.subject)
        body = str(message.body)

        def queue() -> None:
            from connective.core.tasks import send_mail_task

            send_mail_task.delay(to=to, subject=subject, body=body)

        transaction.on_commit(queue)
