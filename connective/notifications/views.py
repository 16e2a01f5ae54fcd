"""The bell's pages: a member's notifications, their mail preferences, and the unsubscribe
page a mail links to (which needs no login: the link's signed token says who and what)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from connective.core.links import local_target, site_url
from connective.core.ratelimit import rate_limited
from connective.notifications import selectors, services
from connective.notifications.access import notification_get_for
from connective.notifications.forms import PreferencesForm
from connective.notifications.pipeline import read_unsubscribe_token, render_for
from connective.notifications.registry import notification_kind

PAGE_SIZE = 20


def user_of(request: HttpRequest) -> Any:
    """The signed-in user (members.http has the typed one, a layer above this app)."""
    return request.user


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _list_page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    paginator = Paginator(selectors.notification_list_for(user=user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    lines = selectors.notification_lines(user=user, notifications=list(page.object_list))
    return render(request, "notifications/list.html", {"page": page, "lines": lines})


@require_GET
@login_required
def notification_open(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Opening a notification marks it read and goes where it points (the list, if nowhere)."""
    user = user_of(request)
    notification = notification_get_for(user=user, public_id=public_id)
    services.notification_mark_read(actor=user, notification=notification)
    kind = notification_kind(notification.kind)
    rendered = render_for(notification, kind) if kind else None
    fallback = "notifications:list"
    if rendered is None or not rendered.link:
        return redirect(fallback)
    # Links are absolute (they are mailed too); the site's own address is followed as a path.
    link = (
        rendered.link.removeprefix(site_url())
        if rendered.link.startswith(site_url() + "/")
        else rendered.link
    )
    return redirect(local_target(request, link, default=fallback))


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=user_of(request))
    if request.headers.get("HX-Request"):
        # htmx swaps the list in place; the bell follows on the next page.
        return _list_page(request)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:list")


@login_required
@rate_limited("post")
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    current = services.preferences_of(user=user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(actor=user, choices=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token; the signed token is the proof
@rate_limited("unsubscribe", methods=("GET", "POST"))
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: what the link would turn off, and a button. POST (the button, or a mail client's
    one-click `List-Unsubscribe=One-Click`): turn it off. A bad token changes nothing."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    kind = found[1]
    registered = notification_kind(kind)
    label = registered.label if registered else _("The digest of what is new")
    if request.method == "POST":
        if services.unsubscribe(token=token) is None:  # a required kind: nothing to turn off
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})
