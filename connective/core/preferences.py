"""A signed-in person's own display preferences (language), kept on their account.

Core cannot import the accounts models, so the functions take the user object they are given
(any AUTH_USER_MODEL with a `preferred_language` field).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def language_is_offered(code: str) -> bool:
    return code in {language for language, _name in settings.LANGUAGES}


def preferred_language_set(*, actor: Any, language: str) -> None:
    """Remember `language` as the actor's own language for later pages and emails.

    Only the person themselves changes it (they are the actor and the subject). A display
    preference is not a change anyone needs to trace, so no audit event is written.
    Raises ValidationError, changing nothing, when the language is not one Connective offers.
    """
    if not language_is_offered(language):
        raise ValidationError(
            _("“%(language)s” is not a language Connective is offered in."), params={"language": language}
        )
    if not getattr(actor, "is_authenticated", False):
        return
    if actor.preferred_language != language:
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])
