"""Headers that protect every response: Content-Security-Policy, Permissions-Policy, and
`Cache-Control: private, no-store` on anything personal.

Content-Security-Policy is django-csp's middleware with the policy in `settings.CONTENT_SECURITY_POLICY`;
this module adds what depends on the settings at the time: the map's tile host when tiles are
configured. Templates reach the nonce as `{{ CSP_NONCE }}` (one per response); our own <script>
tags carry it. The admin gets the same policy: Django 5.2's admin has no inline script or style.

Not yet 'strict-dynamic' (only nonce-bearing scripts would run, even from this site): allauth's
e-mail and recovery-code pages load their scripts without our nonce. Overriding those two
templates would allow it.

Caching: a response to a signed-in request, or one that says it varies by cookie (the session),
is personal: it may not be kept by the browser's back-forward store of a shared computer or by any
proxy on the way. The rule is on the request, not on a list of pages, so a new personal page cannot
forget it. A view whose answer is the same for everyone may say so with `@public_cacheable`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from config import env

View = TypeVar("View", bound=Callable[..., HttpResponse])


def tile_origin() -> str:
    """The origin of MAP_TILE_URL ("https://tiles.example.org"), "" when the map draws outlines."""
    return env.origin_of(str(getattr(settings, "MAP_TILE_URL", "") or ""))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update: dict[str, Any] = dict(parts.update or {})
        origin = tile_origin()
        if origin:
            # Leaflet's blank tile (shown while one loads or after one fails) is a data: image.
            update["img-src"] = [*update.get("img-src", []), origin, "data:"]
        parts.update = update or None
        return parts


def public_cacheable(view: View) -> View:
    """Mark a view whose answer is the same for every viewer, signed in or not (a feed, a map's
    data): HardeningHeadersMiddleware then leaves its Cache-Control alone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.public_cacheable = True  # type: ignore[attr-defined]
        return response

    return wrapped  # type: ignore[return-value]


def is_personal(request: HttpRequest, response: HttpResponseBase) -> bool:
    if getattr(response, "public_cacheable", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # A visitor's page that depends on their session (their pack, a form's errors) or cookies.
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
    return "cookie" in vary


class HardeningHeadersMiddleware:
    """Permissions-Policy on every response; Cache-Control: private, no-store on personal ones."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if is_personal(request, response):
            # Whatever a view said (max-age, public), no-store is the whole answer here.
            response.headers["Cache-Control"] = "private, no-store"
        return response
