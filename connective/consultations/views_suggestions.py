"""Live suggestions while a member writes a request: the `_suggestions.html` partial, fetched by
htmx from the request form as they type (before anything is saved)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from connective.consultations.access import can_request_consultation
from connective.consultations.suggestions.forms import DraftForm
from connective.consultations.suggestions.service import RequestDraft, Suggestions, suggestions_for
from connective.core.ratelimit import rate_limited
from connective.members.selectors import own_profile

LIMIT = 5


@require_http_methods(["GET", "POST"])
@rate_limited("suggest", methods=("GET", "POST"))
def suggest(request: HttpRequest) -> HttpResponse:
    """Approved members only (anyone else gets a 404: the partial names members). The draft's
    languages default to the member's own; they are never suggested to themselves. Advisors
    are shown by name and reason only, as the directory shows them to every member."""
    if not can_request_consultation(request.viewer):  # type: ignore[attr-defined]
        raise Http404
    profile = own_profile(user_id=request.viewer.user_id)  # type: ignore[attr-defined]
    form = DraftForm(request.POST if request.method == "POST" else request.GET)
    suggestions = Suggestions(practices=[], advisors=[])
    if profile is not None and form.is_valid():
        data = form.cleaned_data
        languages = [language.code for language in data["languages"]] or list(
            profile.languages.values_list("code", flat=True)
        )
        draft = RequestDraft(
            title=data["title"],
            description=data["description"],
            what_was_tried=data["what_was_tried"],
            themes=frozenset(theme.slug for theme in data["themes"]),
            languages=tuple(sorted(languages)),
            region=profile.region,
            requester=profile,
        )
        suggestions = suggestions_for(request=draft, limit=LIMIT)
    return render(request, "consultations/_suggestions.html", {"suggestions": suggestions, "live": True})
