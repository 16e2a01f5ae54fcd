"""Absolute links, from the one place that knows the site's address.

Mail, PDFs, feeds, the sitemap, exports and (later) the API link back to the site. Their
addresses come from `SITE_URL` (in `make run`, from `PORT`), never from a request (a mail is
often written by a background worker, where there is no request) nor from a hard-coded host.

    absolute_url("consultations:detail", request.public_id)  # a route's name and arguments
    absolute_path("/practices/feed/")                         # a path already reversed
Templates: `{% load connective %}{% absolute_url 'practices:detail' practice.slug %}`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def site_url() -> str:
    """The site's address without a trailing slash, e.g. "https://connective.example.org"."""
    return str(settings.SITE_URL).rstrip("/")


def absolute_path(path: str) -> str:
    """`path` (starting with "/") on the site's address."""
    if not path.startswith("/"):
        raise ValueError(f"An absolute link needs a path from the root, not {path!r}")
    return f"{site_url()}{path}"


def absolute_url(name: str, *args: object, **kwargs: object) -> str:
    """The route `name` reversed with `args` or `kwargs`, on the site's address."""
    return absolute_path(reverse(name, args=args or None, kwargs=kwargs or None))


def site_scheme() -> str:
    return urlsplit(site_url()).scheme or "https"


def site_host() -> str:
    """The host and port of the site's address ("connective.example.org", "127.0.0.1:8101")."""
    return urlsplit(site_url()).netloc


def local_target(request: HttpRequest, candidate: str | None, *, default: str) -> str:
    """`candidate` (a `next` parameter, a referer) when it is a page of this site, else `default`.

    Only a path on this site or a full address on this host passes; anything else (another
    host, `//evil.example`, `javascript:`, or a bare word that `redirect()` would take for a
    view's name, as `?next=abc` did) gives `default`.
    """
    candidate = (candidate or "").strip()
    if not candidate or not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    if candidate.startswith("/") or urlsplit(candidate).netloc:
        return candidate
    return default
