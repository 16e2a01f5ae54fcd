"""The search page every page's navigation leads to: `/search/?q=`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from connective.core.ratelimit import READS, rate_limited
from connective.core.text import query_text
from connective.members.http import viewer_of
from connective.search.selectors import search_everywhere


@require_http_methods(["GET", "HEAD"])
@rate_limited("search", methods=READS)
def index(request: HttpRequest) -> HttpResponse:
    found = search_everywhere(viewer=viewer_of(request), query=query_text(request.GET.get("q")))
    return render(request, "search/index.html", {"found": found})
