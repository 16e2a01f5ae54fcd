from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from connective.accounts.choices import LegalDocumentKind
from connective.accounts.models import User
from connective.accounts.selectors import legal_documents_current_versions, legal_documents_outstanding
from connective.core.preferences import language_cookie_keep, preferred_language_activate
from connective.spaces.selectors import is_coordinator

GUIDELINES = LegalDocumentKind.GUIDELINES.value
STEP_DOCUMENTS = "documents"
STEP_TOTP = "totp"
ACCEPTED_SESSION_KEY = "connective.accepted_documents"
TOTP_SESSION_KEY = "connective.totp_in_place"


class MemberPreferencesMiddleware:
    """Serve a signed-in member in their own language and time zone.

    Visitors get the language from the cookie or the browser (Django's LocaleMiddleware, which
    runs before this) and times in UTC until they sign in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            preferred_language_activate(request=request, user=user)
            zone = getattr(user, "time_zone", "")
            if zone:
                try:
                    timezone.activate(zoneinfo.ZoneInfo(zone))
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    timezone.deactivate()
        else:
            timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        # The browser keeps the member's language as it is now (chosen or signed in during this
        # request), so that the page after signing out stays in it. A response that sets the
        # cookie itself (the language switcher) has the last word.
        now = request.user  # the member signed in during the request, or AnonymousUser after signing out
        person = now if now.is_authenticated else user
        if person.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            language = getattr(person, "preferred_language", "") or ""
            if language in self.languages:
                language_cookie_keep(request=request, response=response, language=language)
        return response


class RequiredStepsMiddleware:
    """Steps a signed-in person must take before anything else.

    1. Accept the current network guidelines and privacy notice, when a new version was
       published since they last accepted (or they never did, as imported members).
    2. Staff and regional coordinators: activate a TOTP authenticator (the second factor).

    Until then every page redirects to the step, except the pages needed to take it: the
    step's own pages, the legal documents, logging out, switching language and static files.
    An ordinary page costs one query (the current versions); once a person has accepted them,
    the session remembers up to which versions, and whether their second factor is in place.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            step = required_step(request)
            if step is not None and not _is_exempt(request.path, step):
                return redirect_to_step(request, step)
        return self.get_response(request)


def _always_open() -> tuple[str, ...]:
    return (
        settings.STATIC_URL or "/static/",
        reverse("account_logout"),
        reverse("set_language"),
        *_optional_paths("core:set_language"),
        reverse("accounts:accept_documents"),
        reverse("accounts:legal_document", args=[GUIDELINES]).removesuffix(f"{GUIDELINES}/"),
    )


def _optional_paths(*names: str) -> tuple[str, ...]:
    paths = []
    for name in names:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            continue
    return tuple(paths)


def _is_exempt(path: str, step: str) -> bool:
    open_paths = _always_open()
    if step == STEP_TOTP:
        open_paths += (reverse("mfa_index"), reverse("account_reauthenticate"))
    return path.startswith(open_paths)


def redirect_to_step(request: HttpRequest, step: str) -> HttpResponse:
    target = reverse("accounts:accept_documents") if step == STEP_DOCUMENTS else reverse("mfa_activate_totp")
    if request.method == "GET":
        target = f"{target}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(target)


def required_step(request: HttpRequest) -> str | None:
    """The step the signed-in user of `request` must take now, if any (cached on the request)."""
    if not hasattr(request, "_connective_required_step"):
        request._connective_required_step = _compute_step(request)  # type: ignore[attr-defined]
    step: str | None = request._connective_required_step  # type: ignore[attr-defined]
    return step


def _compute_step(request: HttpRequest) -> str | None:
    user = request.user
    if not isinstance(user, User):
        return None
    versions = legal_documents_current_versions()
    if request.session.get(ACCEPTED_SESSION_KEY) != versions:
        if legal_documents_outstanding(user=user):
            return STEP_DOCUMENTS
        request.session[ACCEPTED_SESSION_KEY] = versions
    if request.session.get(TOTP_SESSION_KEY) != user.pk and _needs_second_factor(request, user):
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return STEP_TOTP
        request.session[TOTP_SESSION_KEY] = user.pk
    return None


def _needs_second_factor(request: HttpRequest, user: User) -> bool:
    if user.is_staff:
        return True
    # The Viewer (members.roles) is built once per request and most pages ask it anyway.
    viewer = getattr(request, "viewer", None)
    if viewer is not None:
        return bool(viewer.coordinates)
    return is_coordinator(user_id=user.pk)


def forget_second_factor(request: HttpRequest) -> None:
    """Ask again whether a TOTP authenticator is in place (after one was removed)."""
    request.session.pop(TOTP_SESSION_KEY, None)


def remember_accepted(request: HttpRequest) -> None:
    """The user of `request` has just accepted the current documents."""
    request.session[ACCEPTED_SESSION_KEY] = legal_documents_current_versions()
