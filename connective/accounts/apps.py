from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "connective.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_reset
        from allauth.mfa.signals import authenticator_removed
        from django.db.models.signals import post_delete, post_save

        from connective.accounts.models import LegalDocument
        from connective.accounts.selectors import legal_versions_forget

        # The current versions are cached (every signed-in request asks); a new one shows at once.
        post_save.connect(legal_versions_forget, sender=LegalDocument, dispatch_uid="connective.legal_saved")
        post_delete.connect(
            legal_versions_forget, sender=LegalDocument, dispatch_uid="connective.legal_deleted"
        )

        from connective.accounts.personal_data import register_parts

        register_parts()

        from connective.accounts.notifications import register_notifications

        # The warning before an inactive account is anonymised goes through the pipeline.
        register_notifications()

        from allauth.account.signals import password_changed, password_set

        # A new password ends every other session of the person (the one that changed it stays).
        password_changed.connect(_end_other_sessions, dispatch_uid="connective.password_changed_sessions")
        password_set.connect(_end_other_sessions, dispatch_uid="connective.password_set_sessions")
        password_reset.connect(_end_other_sessions, dispatch_uid="connective.password_reset_sessions")

        authenticator_removed.connect(_forget_second_factor, dispatch_uid="connective.forget_totp")
        password_reset.connect(_verify_email_by_reset, dispatch_uid="connective.verify_by_reset")


def _forget_second_factor(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """The session remembered that a TOTP authenticator was in place: check again."""
    if request is not None and hasattr(request, "session"):
        from connective.accounts.middleware import forget_second_factor

        forget_second_factor(request)


def _verify_email_by_reset(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """allauth has no other hook after a reset by link; the rule itself lives in the service."""
    if user is not None:
        from connective.accounts.services import email_verified_by_password_reset

        email_verified_by_password_reset(user=user)


def _end_other_sessions(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Django already refuses a session whose password hash is stale; deleting them as well means
    a stolen session cookie is gone at once, not at its next use."""
    if user is None:
        return
    from connective.accounts.services import sessions_end

    session = getattr(request, "session", None)
    sessions_end(user=user, keep_session_key=getattr(session, "session_key", None))
