"""Section pages: the list, a section, joining, leaving, and the moderators' decisions.

Spaces sit below members, so the views read the viewer the middleware put on the request
(`request.viewer`) rather than importing members' helpers.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.ratelimit import rate_limited
from connective.spaces import access, selectors, services
from connective.spaces.choices import MembershipState, SpaceKind, SpaceRole
from connective.spaces.forms import SectionForm


def _viewer(request: HttpRequest) -> Any:
    return request.viewer  # type: ignore[attr-defined]


@require_http_methods(["GET", "HEAD"])
@login_required
def section_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    context = {
        "groups": selectors.section_list_for(viewer=viewer),
        "can_create": access.can_create_section(viewer),
    }
    return render(request, "spaces/list.html", context)


@require_http_methods(["GET", "HEAD"])
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    space = access.section_get(slug=slug)
    readable = access.can_read(viewer, space)
    moderating = access.can_moderate(viewer, space)
    own = selectors.own_membership(viewer=viewer, space=space)
    context: dict[str, Any] = {
        "space": space,
        "readable": readable,
        "moderating": moderating,
        "joined": own is not None and own.state == MembershipState.ACTIVE,
        "requested": own is not None and own.state == MembershipState.REQUESTED,
        "can_join": own is None and access.can_join(viewer, space),
        "can_manage_roles": access.can_manage_roles(viewer, space),
    }
    if readable:
        context["moderators"] = selectors.section_moderators(space=space)
        context["member_count"] = selectors.section_member_count(space=space)
    if moderating:
        context["requests"] = list(selectors.join_requests(space=space))
    return render(request, "spaces/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def section_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    if not access.can_create_section(viewer):
        raise PermissionDenied
    networks = list(selectors.networks_for_sections(viewer=viewer))
    form = SectionForm(request.POST or None, networks=networks, across=viewer.is_staff)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.section_create(
                actor=request.user,
                viewer=viewer,
                network=form.network_space(),
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                access_mode=form.cleaned_data["access"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The section is open. You are its first moderator."))
            return redirect("spaces:detail", slug=space.slug)
    status = 400 if form.errors else 200
    return render(request, "spaces/create.html", {"form": form}, status=status)


def _done(request: HttpRequest, slug: str, call: Any, success: str) -> HttpResponse:
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("spaces:detail", slug=slug)


@require_POST
@login_required
@rate_limited("post")
def section_join(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    space = access.section_get(slug=slug)
    if not access.can_join(viewer, space):
        raise PermissionDenied
    success = (
        _("You asked to join. Its moderators will decide; you will be told.")
        if space.is_closed
        else _("You joined the section.")
    )
    return _done(
        request,
        space.slug,
        lambda: services.space_join(actor=request.user, viewer=viewer, space=space),
        success,
    )


@require_POST
@login_required
@rate_limited("post")
def section_leave(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _viewer(request)
    space = access.section_get(slug=slug)
    return _done(
        request,
        space.slug,
        lambda: services.space_leave(actor=request.user, viewer=viewer, space=space),
        _("You left the section."),
    )


def _decide(request: HttpRequest, slug: str, request_id: uuid.UUID, *, approve: bool) -> HttpResponse:
    viewer = _viewer(request)
    space = access.section_get_for_moderation(viewer=viewer, slug=slug)
    pending = selectors.join_requests(space=space).filter(uuid=request_id).first()
    if pending is None:
        messages.error(request, _("This request was already decided or withdrawn."))
        return redirect("spaces:detail", slug=space.slug)
    name = pending.user.display_name
    success = (
        _("%(name)s joined the section. They have been told.") % {"name": name}
        if approve
        else _("The request of %(name)s was declined. They have been told.") % {"name": name}
    )
    return _done(
        request,
        space.slug,
        lambda: services.join_request_decide(
            actor=request.user, viewer=viewer, space=space, user_id=pending.user_id, approve=approve
        ),
        success,
    )


@require_POST
@login_required
def request_approve(request: HttpRequest, slug: str, request_id: uuid.UUID) -> HttpResponse:
    return _decide(request, slug, request_id, approve=True)


@require_POST
@login_required
def request_decline(request: HttpRequest, slug: str, request_id: uuid.UUID) -> HttpResponse:
    return _decide(request, slug, request_id, approve=False)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def space_roles(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff appoint and remove a network's coordinators (by email address); a section's
    coordinators and its network's appoint and remove its moderators (among its members)."""
    viewer = _viewer(request)
    space = access.space_get_for_roles(viewer=viewer, slug=slug)
    is_network = space.kind == SpaceKind.NETWORK
    error = ""
    if request.method == "POST":
        target, role, error = _role_change(request, space, is_network=is_network)
        if target is not None:
            try:
                services.membership_role_set(
                    actor=request.user, viewer=viewer, space=space, user=target, role=role
                )
            except ValidationError as failure:
                error = " ".join(failure.messages)
            else:
                messages.success(request, _("The roles are saved."))
                return redirect("spaces:roles", slug=space.slug)
    context = {
        "space": space,
        "is_network": is_network,
        "holders": selectors.role_holders(space=space),
        "candidates": [] if is_network else list(selectors.plain_members(space=space)),
        "error": error,
    }
    return render(request, "spaces/roles.html", context, status=400 if error else 200)


def _role_change(request: HttpRequest, space: Any, *, is_network: bool) -> tuple[Any, str, str]:
    """(the person, the role to give, "") from the form, or (None, "", what is wrong)."""
    from django.contrib.auth import get_user_model

    remove = request.POST.get("remove", "").strip()
    if remove:
        holder = next((m for m in selectors.role_holders(space=space) if str(m.uuid) == remove), None)
        if holder is None:
            return None, "", _("This person holds no role here any more.")
        return holder.user, SpaceRole.MEMBER, ""
    if is_network:
        email = request.POST.get("email", "").strip()
        if not email:
            return None, "", _("Please give the email address of the person to appoint.")
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            return None, "", _("No active account has the address %(email)s.") % {"email": email}
        return person, SpaceRole.COORDINATOR, ""
    chosen = request.POST.get("member", "").strip()
    candidate = selectors.plain_members(space=space).filter(uuid=chosen).first() if _is_uuid(chosen) else None
    if candidate is None:
        return None, "", _("Please choose one of the section's members.")
    return candidate.user, SpaceRole.MODERATOR, ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
