"""Bookmarks and follows: the member's saved practices and discussions, and the buttons that
follow or save one thing (POST forms that htmx swaps in place; without script, the page
reloads). Thin: parse, fetch through the owning app's access helper, call one service."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.errors import NotAllowed
from connective.core.links import local_target
from connective.core.models import Theme
from connective.discussions.access import space_get_for, thread_get_for
from connective.follows import selectors, services
from connective.follows.choices import BookmarkKind, FollowKind
from connective.members.http import user_of, viewer_of
from connective.members.roles import Viewer
from connective.practices.access import practice_get_for


@require_http_methods(["GET", "HEAD"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    return render(
        request,
        "follows/index.html",
        {
            "bookmarks": list(selectors.bookmarks_for(viewer=viewer)[:200]),
            "follows": list(selectors.follows_for(viewer=viewer)[:200]),
        },
    )


def _target(viewer: Viewer, kind: str, key: str) -> object:
    if kind == FollowKind.THEME:
        theme = Theme.objects.filter(slug=key, merged_into__isnull=True).first()
        if theme is None:
            raise Http404
        return theme
    if kind == FollowKind.SPACE:
        return space_get_for(viewer=viewer, slug=key)
    if kind == FollowKind.PRACTICE:
        return practice_get_for(viewer=viewer, slug=key, with_goals=False)
    if kind == BookmarkKind.THREAD:
        try:
            return thread_get_for(viewer=viewer, public_id=uuid.UUID(key))
        except ValueError:
            raise Http404 from None
    raise Http404


def _toggle(
    request: HttpRequest,
    kind: str,
    key: str,
    *,
    kinds: list[str],
    change: Callable[..., bool],
    template: str,
    state: str,
) -> HttpResponse:
    """Turn one follow or bookmark on or off (`on=1`), then answer htmx with the button or
    reload the page the button was on. An unknown kind, a target the member may not see or
    may not follow: 404, nothing changes."""
    if kind not in kinds:
        raise Http404
    target = _target(viewer_of(request), kind, key)
    on = request.POST.get("on") == "1"
    try:
        change(actor=user_of(request), target=target, on=on)
    except (NotAllowed, ValidationError):
        raise Http404 from None
    if request.headers.get("HX-Request"):
        next_url = request.POST.get("next", "")
        return render(request, template, {"kind": kind, "key": key, state: on, "next": next_url})
    return redirect(local_target(request, request.POST.get("next"), default="follows:index"))


@require_POST
@login_required
def follow(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    return _toggle(
        request, kind, key, kinds=FollowKind.values, change=services.follow_set,
        template="follows/_follow.html", state="following",
    )  # fmt: skip


@require_POST
@login_required
def save(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    return _toggle(
        request, kind, key, kinds=BookmarkKind.values, change=services.bookmark_set,
        template="follows/_save.html", state="saved",
    )  # fmt: skip
