"""Pages and files that carry published practices beyond the library: map, PDF, export."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag, urlencode
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from connective.core.security import public_cacheable
from connective.practices.access import published_practice_get
from connective.practices.exporting import export_chunks
from connective.practices.mapping import (
    MAP_CACHE_SECONDS,
    map_filter_choices,
    map_points_json,
    map_version,
    parse_filters,
)
from connective.practices.pdf import practice_pdf

# `?practice=<slug>` (from a practice's page) opens the map on that practice's marker. Only
# read by the page's script among the markers it already has: no query, nothing looked up.
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")


@require_GET
def practice_map(request: HttpRequest) -> HttpResponse:
    """The map of published practices; the markers come from `map_data` with the same filters.

    `practice` (a slug) names a marker to open; an unknown or malformed one is ignored.
    """
    filters, errors = parse_filters(request.GET)
    focus = request.GET.get("practice", "")
    context = {
        "filters": filters,
        "focus": focus if _SLUG.fullmatch(focus) else "",
        "errors": errors,
        "data_query": urlencode(filters.as_query()),
        **map_filter_choices(filters, map_version()),
        "tile_url": settings.MAP_TILE_URL,
    }
    return render(request, "practices/map.html", context, status=400 if errors else 200)


@require_GET
@public_cacheable  # the same for everyone, signed in or not: browsers may keep it for minutes
@gzip_page  # public data, no secrets to leak through compression; JSON shrinks ten times
def map_data(request: HttpRequest) -> HttpResponse:
    """The map's markers as compact JSON (see `mapping.map_points`); public, cacheable for minutes.

    The same in every language. A browser that has the current version gets a bodiless 304
    (ETag and Last-Modified), and the body itself is cached under the map's version.
    """
    filters, errors = parse_filters(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    version = map_version()
    query = urlencode(sorted(filters.as_query().items()))
    etag = quote_etag(hashlib.sha256(f"{version.stamp}?{query}".encode()).hexdigest()[:32])
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(map_points_json(filters, version), content_type="application/json")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={MAP_CACHE_SECONDS}"
    return response


@require_GET
def practice_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A published practice as a one-page PDF; anything unpublished does not exist here."""
    practice = published_practice_get(slug=slug)
    response = HttpResponse(practice_pdf(practice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{practice.slug}.pdf"'
    return response


@require_GET
@gzip_page
def export_json(request: HttpRequest) -> HttpResponseBase:
    """Every published practice (optionally filtered like the map) as streamed JSON."""
    filters, errors = parse_filters(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    response = StreamingHttpResponse(export_chunks(filters), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="connective-practices.json"'
    return response
