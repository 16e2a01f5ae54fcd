"""The public search page of the good-practice library (`practices:list`)."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from connective.core.ratelimit import READS, rate_limited
from connective.practices.packs.rules import PACK_MAX
from connective.practices.search.forms import SearchForm
from connective.practices.search.selectors import (
    FACETS,
    FacetValue,
    SearchParams,
    SearchResult,
    filter_label,
    library_stamps,
    library_version,
    practice_search,
    search_record,
)


def _link(params: dict[str, str], **changes: str | None) -> str:
    """The page's query string with some parameters changed (None removes one); back to page 1."""
    merged = {key: value for key, value in params.items() if key != "page"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged) if merged else "?"


# Only bounds what the cache keeps: a cached results area is keyed by `library_version`.
LIBRARY_AREA_SECONDS = 600


@require_http_methods(["GET", "HEAD"])
@rate_limited("search", methods=READS)
def practice_list(request: HttpRequest) -> HttpResponse:
    """Search and browse the published practices; works without JavaScript (a GET form).

    htmx requests (the form and links inside `#search-area`) get only that area back. The area
    is the same for every visitor asking the same in the same language, so it is written once
    and kept under the library's version (it moves with any change to the index, a practice,
    a theme or a language); a search with words is still recorded each time.
    """
    form = SearchForm(request.GET or None)
    params = form.params()
    language = (get_language() or "en").split("-")[0]
    stamps = library_stamps()
    asked = urlencode(sorted((key, value) for key, values in request.GET.lists() for value in values))
    key = (
        "practices:library-area:"
        + hashlib.sha256(f"{library_version(stamps)}|{language}|{asked}".encode()).hexdigest()
    )
    area = cache.get(key)
    context: dict[str, Any] = {}
    if area is None:
        result = practice_search(params, ui_language=language, record=False, stamps=stamps)
        context = _results_context(request, form, params, result)
        area = {
            "html": render_to_string("practices/list_results.html", context, request),
            "query_language": result.query_language,
            "total": result.total,
            "noindex": bool(params.query or context["active"]),
        }
        cache.set(key, area, LIBRARY_AREA_SECONDS)
    search_record(params, query_language=area["query_language"], total=area["total"])
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "search-area":
        return HttpResponse(area["html"])
    page = {"area": mark_safe(area["html"]), "query": params.query, "noindex": area["noindex"]}  # noqa: S308  # rendered by the template engine above
    return render(request, "practices/list.html", {**context, **page})


def _results_context(
    request: HttpRequest, form: SearchForm, params: SearchParams, result: SearchResult
) -> dict[str, Any]:
    """What `list_results.html` shows of a search."""
    current: dict[str, str] = {
        key: str(value) for key, value in request.GET.items() if value and key in {"q", "sort", *FACETS}
    }
    # Links carry the words as they were searched (shortened, cleaned), not as they came.
    current.pop("q", None)
    if params.query:
        current = {"q": params.query, **current}
    facets = [
        {
            "name": name,
            "label": form.fields[name].label,
            # Flat strings: a search shows a hundred facet values, each read several times.
            "values": [
                {
                    "value": value.value,
                    "label": value.label,
                    "selected": value.selected,
                    "count": f"~{number_format(value.count, force_grouping=True)}"
                    if result.approximate
                    else str(value.count),
                    "href": _link(current, **{name: None if value.selected else value.value}),
                }
                for value in result.facets[name]
            ],
        }
        for name in FACETS
        if result.facets[name]
    ]
    active = [
        {"name": name, "label": form.fields[name].label, "value": _active_label(name, result.facets[name], current[name]),
         "remove": _link(current, **{name: None})}
        for name in FACETS
        if name in current and name not in form.errors
    ]  # fmt: skip
    context = {
        "form": form,
        "result": result,
        "facets": facets,
        "active": active,
        "clear_filters": _link({k: v for k, v in current.items() if k in ("q", "sort")}),
        "sort_links": {sort: _link(current, sort=sort) for sort in ("relevance", "newest", "title")},
        "page_query": urlencode(current),
        # The map reads the same filters (not the words): the link shows these practices there.
        "map_query": urlencode(
            {key: value for key, value in current.items() if key in FACETS and key not in form.errors}
        ),
        # A long facet's drop-down form keeps the rest of the search.
        "asked": [(key, value) for key, value in current.items() if key not in form.errors],
        # The form keeps the filters and order when the words change.
        "hidden": [(key, value) for key, value in current.items() if key != "q" and key not in form.errors],
        # A pack made of these results searches again with `asked` (words, filters and order).
        "pack_max": PACK_MAX,
        "notices": form.notices(),
        "suggestion": {"query": result.suggestion, "href": _link(current, q=result.suggestion)}
        if result.suggestion
        else None,
        "broader": [{"word": word, "href": _link(current, q=word)} for word in params.query.split()[:5]]
        if len(params.query.split()) > 1
        else [],
    }
    return context


def _active_label(name: str, values: list[FacetValue], raw: str) -> str:
    for value in values:
        if value.selected:
            return str(value.label)
    return filter_label(name, raw)
