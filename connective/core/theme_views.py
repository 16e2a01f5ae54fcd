"""The staff pages that keep the theme taxonomy: the list with usage, adding, merging."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connective.core import selectors, services
from connective.core.access import can_manage_themes
from connective.core.forms import ThemeCreateForm, ThemeMergeForm


def _theme_staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Visitors are sent to sign in; signed-in people who may not manage themes get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_themes(request.viewer):  # type: ignore[attr-defined]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@_theme_staff_only
def themes(request: HttpRequest) -> HttpResponse:
    return render(request, "core/themes.html", {"usages": selectors.theme_list_with_usage()})


@_theme_staff_only
@require_http_methods(["GET", "POST"])
def theme_add(request: HttpRequest) -> HttpResponse:
    form = ThemeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                actor=request.user, name=form.cleaned_data["name"], translations=form.translations()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The theme “%(name)s” was added.") % {"name": theme.name})
            return redirect("core:themes")
    return render(request, "core/themes_add.html", {"form": form}, status=400 if form.errors else 200)


@_theme_staff_only
@require_http_methods(["GET", "POST"])
def theme_merge(request: HttpRequest) -> HttpResponse:
    form = ThemeMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source, target = form.cleaned_data["source"], form.cleaned_data["target"]
        try:
            services.theme_merge(actor=request.user, source=source, target=target)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(source)s” was merged into “%(target)s”.")
                % {"source": source.name, "target": target.name},
            )
            return redirect("core:themes")
    return render(request, "core/themes_merge.html", {"form": form}, status=400 if form.errors else 200)
