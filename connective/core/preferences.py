"""A signed-in person's own display preferences (language), kept on their account.

Core cannot import the accounts models, so the functions take the user object they are given
(any AUTH_USER_MODEL with a `preferred_language` field).
"""

from __future__ import annotations

from typing import Any, Literal, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _


def language_is_offered(code: str) -> bool:
    return code in {language for language, _name in settings.LANGUAGES}


def preferred_language_activate(*, request: HttpRequest, user: Any) -> str | None:
    """Speak `user`'s own language for the rest of this request, when they chose one.

    Called when a person is known (each request of a signed-in member, and the moment they
    sign in): what the request still renders, a page or a flash message such as "Successfully
    signed in as …", is then in their language, not in the browser's. Returns the language.
    """
    language = getattr(user, "preferred_language", "") or ""
    if not language_is_offered(language):
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def language_cookie_keep(*, request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Remember a member's language in the browser too, so that the page after signing out,
    and the next visit before signing in, stay in it."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == language:
        return
    language_cookie_set(response, language)


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The language cookie, with the settings' lifetime and flags (one place sets it)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None"], settings.LANGUAGE_COOKIE_SAMESITE),
    )


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
