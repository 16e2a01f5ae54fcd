"""Network pages: the public ones, the members list, and the coordinators' area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.members.http import user_of, viewer_of
from connective.members.selectors import DirectoryFilters, member_card_for, member_list_for
from connective.networks import access, selectors, services
from connective.networks.access import can_decide_membership, can_edit_network, can_see_applicant_email
from connective.networks.coordination_forms import DeclineForm, NetworkEditForm

View = Callable[..., HttpResponse]


@require_http_methods(["GET", "HEAD"])
def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "networks/list.html", {"summaries": selectors.network_list()})


@require_http_methods(["GET", "HEAD"])
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = access.network_get(slug=slug)
    viewer = viewer_of(request)
    context = {
        "network": network,
        "figures": selectors.network_figures(network=network),
        "can_see_members": viewer.can_see_members,
        "can_coordinate": can_decide_membership(viewer, network.region),
    }
    return render(request, "networks/detail.html", context)


@require_http_methods(["GET", "HEAD"])
@login_required
def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    network = access.network_get(slug=slug)
    viewer = viewer_of(request)
    if not viewer.can_see_members:
        raise PermissionDenied
    members = member_list_for(viewer=viewer, filters=DirectoryFilters(region=network.region))
    page = Paginator(members, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [member_card_for(viewer=viewer, profile=profile) for profile in page.object_list]
    return render(request, "networks/members.html", {"network": network, "page": page, "cards": cards})


@require_http_methods(["GET", "HEAD"])
@login_required
def declarations(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    network = access.network_get_for_coordination(viewer=viewer, slug=slug)
    pending = selectors.declaration_list_for(viewer=viewer, network=network)
    page = Paginator(pending, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "page": page,
        "form": DeclineForm(),
        # The applicant's address, to check the declared organisation against its domain.
        "can_see_email": can_see_applicant_email(viewer, network.region),
    }
    return render(request, "networks/declarations.html", context)


@require_POST
@login_required
def declaration_approve(request: HttpRequest, slug: str, profile: str) -> HttpResponse:
    viewer = viewer_of(request)
    network = access.network_get_for_coordination(viewer=viewer, slug=slug)
    declaration = access.declaration_get_for(viewer=viewer, network=network, slug=profile)
    try:
        services.membership_approve(actor=user_of(request), profile=declaration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now a member of the network. They have been told by mail.")
            % {"name": declaration.user.full_name},
        )
    return redirect("networks:declarations", slug=network.slug)


@require_http_methods(["GET", "POST"])
@login_required
def declaration_decline(request: HttpRequest, slug: str, profile: str) -> HttpResponse:
    viewer = viewer_of(request)
    network = access.network_get_for_coordination(viewer=viewer, slug=slug)
    declaration = access.declaration_get_for(viewer=viewer, network=network, slug=profile)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_decline(
                actor=user_of(request), profile=declaration, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("The declaration of %(name)s was declined. They have been told why by mail.")
                % {"name": declaration.user.full_name},
            )
            return redirect("networks:declarations", slug=network.slug)
    context = {"network": network, "declaration": declaration, "form": form}
    return render(request, "networks/decline.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    network = access.network_get_for_coordination(viewer=viewer, slug=slug)
    if not can_edit_network(viewer, network.region):
        raise PermissionDenied
    form = NetworkEditForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(
                actor=user_of(request),
                network=network,
                description=form.cleaned_data["description"].strip(),
                description_translations=form.description_translations(),
                contact_email=form.cleaned_data["contact_email"],
                approval_mode=form.cleaned_data["approval_mode"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network's page was updated."))
            return redirect("networks:detail", slug=network.slug)
    context = {"network": network, "form": form}
    return render(request, "networks/edit.html", context, status=400 if form.errors else 200)


class DeclarationView(SignupView):
    """allauth's sign-up, whose form (the declaration) is told the browser's languages."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()
        kwargs["accept_language"] = self.request.headers.get("Accept-Language", "")
        return kwargs


declaration = DeclarationView.as_view()
