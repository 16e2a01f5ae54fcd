"""Pages and files that carry published practices beyond the library: map, PDF, export."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from connective.practices.choices import PracticeStatus
from connective.practices.exporting import export_chunks
from connective.practices.mapping import map_filter_choices, map_points, parse_filters, published_practices
from connective.practices.models import Practice
from connective.practices.pdf import practice_pdf


@require_GET
def practice_map(request: HttpRequest) -> HttpResponse:
    """The map of published practices; the markers come from `map_data` with the same filters."""
    filters, errors = parse_filters(request.GET)
    context = {
        "filters": filters,
        "errors": errors,
        "data_query": urlencode(filters.as_query()),
        **map_filter_choices(),
        "count": published_practices(filters).count(),
        "tile_url": settings.MAP_TILE_URL,
    }
    return render(request, "practices/map.html", context, status=400 if errors else 200)


@require_GET
@gzip_page  # public data, no secrets to leak through compression; JSON shrinks ten times
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's markers as compact JSON (see `mapping.map_points`); public, cacheable for minutes."""
    filters, errors = parse_filters(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    response = JsonResponse(
        map_points(filters), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def practice_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A published practice as a one-page PDF; anything unpublished does not exist here."""
    practice = (
        Practice.objects.filter(slug=slug, status=PracticeStatus.PUBLISHED)
        .prefetch_related("themes", "sdgs")
        .first()
    )
    if practice is None:
        raise Http404(_("No such practice."))
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
