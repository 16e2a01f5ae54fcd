"""Rate limits: how often one person, or one address when signed out, may do a thing.

Each limited action has a scope ("search", "suggest", "invite", "post") and a rate in
`settings.RATE_LIMITS` ("60/m": 60 times a minute; "30/10m": 30 times in ten minutes; units s, m,
h, d). The counters live in the shared cache (Redis in production), so a limit holds across
every worker and machine. A signed-in person is counted by account, whoever's network they sit
behind; a visitor by the client's address, read as `client_ip` says (never from a header a
client can write, unless the site sits behind as many proxies as TRUSTED_PROXY_COUNT says).

Views: `@rate_limited("search")` (counts GET and HEAD) or `@rate_limited("post")` (counts POST).
Anything else (the API, later): `rate_limit_hit(scope=..., key=rate_key(request))` and, when it
is refused, `too_many_requests(request, verdict)`.

Counting is by fixed windows (the minute, the ten minutes...): `cache.add` then `cache.incr`,
which Redis does atomically, so two workers never both let the 61st request through.
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(?P<count>\d+)\s*/\s*(?P<times>\d*)\s*(?P<unit>[smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    """One counted attempt: whether it may go on, and in how many seconds the count starts anew."""

    allowed: bool
    count: int
    limit: int
    retry_after: int


def parse_rate(text: str, *, scope: str = "") -> Rate:
    """A rate written "N/unit" or "N/Kunit" (units s, m, h, d); anything else is a configuration error."""
    match = RATE.match(text)
    where = f"RATE_LIMITS[{scope!r}]" if scope else "a rate"
    if not match or int(match["count"]) < 1 or match["times"] == "0":
        raise ImproperlyConfigured(f"{where} must read like 60/m or 30/10m (s, m, h, d), got {text!r}")
    return Rate(int(match["count"]), int(match["times"] or 1) * UNITS[match["unit"]])


def rate_for(scope: str) -> Rate:
    rates: dict[str, str] = settings.RATE_LIMITS
    if scope not in rates:
        raise ImproperlyConfigured(f"RATE_LIMITS has no rate for the scope {scope!r}")
    return parse_rate(rates[scope], scope=scope)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent `request`.

    With TRUSTED_PROXY_COUNT = 0 (the default: the server faces the Internet) it is the peer's
    own address, REMOTE_ADDR, and X-Forwarded-For is ignored: anyone can write that header.
    Behind N proxies of our own, each appends the address it received the request from, so the
    client is the N-th address from the end of X-Forwarded-For; what stands before it was
    written by the client and is not believed. A header shorter than N (the request skipped a
    proxy) gives its first address, written by a proxy of ours; a malformed one, REMOTE_ADDR.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    chain = [part for part in chain if part]
    if not chain:
        return remote
    candidate = chain[-min(proxies, len(chain))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def rate_key(request: HttpRequest) -> str:
    """Whom to count: the account when signed in, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def now() -> float:
    """The clock the windows follow (a function, so that a test can move it on)."""
    return time.time()


def rate_limit_hit(*, scope: str, key: str, rate: Rate | None = None) -> Verdict:
    """Count one attempt of `key` at `scope` and say whether it is within the rate."""
    rate = rate or rate_for(scope)
    moment = now()
    window = int(moment // rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - moment))
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the entry expired between add and incr: this attempt opens the window
        cache.set(cache_key, 1, timeout=rate.seconds + 1)
        count = 1
    return Verdict(allowed=count <= rate.count, count=count, limit=rate.count, retry_after=retry_after)


def retry_after_text(seconds: int) -> str:
    if seconds < 90:
        return ngettext("in %(count)d second", "in %(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return ngettext("in %(count)d minute", "in %(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("in %(count)d hour", "in %(count)d hours", hours) % {"count": hours}


def too_many_requests(request: HttpRequest, verdict: Verdict | int) -> HttpResponse:
    """The 429 answer, in the reader's language, with Retry-After; htmx gets a small fragment."""
    seconds = verdict if isinstance(verdict, int) else verdict.retry_after
    context = {"retry_after": seconds, "retry_after_text": retry_after_text(seconds)}
    template = "includes/rate_limited.html" if request.headers.get("HX-Request") else "429.html"
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    if request.headers.get("HX-Request"):
        # htmx swaps nothing on an error status unless told; the fragment takes the target's place.
        response["HX-Reswap"] = "innerHTML"
    return response


View = TypeVar("View", bound=Callable[..., HttpResponse])
READS = ("GET", "HEAD")
WRITES = ("POST",)


def rate_limited(scope: str, *, methods: tuple[str, ...] = WRITES) -> Callable[[View], View]:
    """Refuse a view's `methods` with 429 once the person passes the scope's rate.

    The rate is read from the settings on each call, so that it can change without a restart
    of the code that imported the view (and so that a test can set its own).
    """
    rate_for(scope)  # a scope without a rate fails at import, not on a member's request

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                verdict = rate_limit_hit(scope=scope, key=rate_key(request))
                if not verdict.allowed:
                    return too_many_requests(request, verdict)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def allauth_retry_after() -> int:
    """allauth does not say which of its limits refused: the longest period among them."""
    periods = [60]
    for rates in settings.ACCOUNT_RATE_LIMITS.values():
        for rate in str(rates or "").split(","):
            count_period = rate.strip().split("/")
            if len(count_period) >= 2:
                periods.append(parse_rate("/".join(count_period[:2]), scope="allauth").seconds)
    return max(periods)


def handler429(request: HttpRequest) -> HttpResponse:
    """allauth's sign-in, sign-up and reset limits answer with this page (config.urls.handler429)."""
    return too_many_requests(request, allauth_retry_after())
