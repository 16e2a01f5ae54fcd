from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.home import home_showcase, home_waiting_for
from connective.core.links import local_target
from connective.core.preferences import language_cookie_set, preferred_language_set


def home(request: HttpRequest) -> HttpResponse:
    """The front page: the library's search, the community's practices and networks (kept in
    the cache by their apps), and for a signed-in person what waits for them (see core.home)."""
    context = {
        "showcase": home_showcase(),
        "waiting": home_waiting_for(viewer=request.viewer),  # type: ignore[attr-defined]
    }
    return render(request, "core/home.html", context)


def _safe_next(request: HttpRequest) -> str:
    """Where to go back to: the page the form was on, if it is on this site; else the home page."""
    candidate = request.POST.get("next") or request.headers.get("referer")
    return local_target(request, candidate, default=reverse("core:home"))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of the pages: a cookie for everyone, and the account for a member.

    The cookie serves visitors (Django's LocaleMiddleware reads it); a signed-in person's
    choice is also saved on their account, so that it follows them to other devices and into
    their emails (MemberPreferencesMiddleware applies it).
    """
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(_safe_next(request))
    try:
        preferred_language_set(actor=request.user, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return response
    language_cookie_set(response, language)
    return response


@require_http_methods(["GET", "HEAD"])
def privacy(request: HttpRequest) -> HttpResponse:
    """What the platform stores about a person, why, for how long and who sees it: the
    personal-data registry itself (core.personal_data), so the page cannot drift from what the
    code exports and erases. Public."""
    from connective.core.personal_data import parts

    return render(request, "core/privacy.html", {"parts": [part for part in parts() if part.what]})
