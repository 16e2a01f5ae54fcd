from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "connective.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed

        authenticator_removed.connect(_forget_second_factor, dispatch_uid="connective.forget_totp")


def _forget_second_factor(sender: Any, request: Any = None, **kwargs: Any) -> None:
    """The session remembered that a TOTP authenticator was in place: check again."""
    if request is not None and hasattr(request, "session"):
        from connective.accounts.middleware import forget_second_factor

        forget_second_factor(request)
