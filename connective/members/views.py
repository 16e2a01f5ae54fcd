"""Member pages: one's own profile, a member's page, the directory. Thin: parse, call, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.accounts.choices import ConsentMethod
from connective.core.panels import panels
from connective.core.ratelimit import READS, rate_limited
from connective.members.access import member_profile_get_for, own_profile_get
from connective.members.forms import AdvisingForm, DirectoryForm, ProfileForm
from connective.members.http import user_of, viewer_of
from connective.members.models import PRIVATE_FIELDS, MemberProfile
from connective.members.selectors import member_card_for, member_directory_page, own_profile
from connective.members.services import advising_set, profile_look_record
from connective.members.services import profile_edit as profile_edit_service

View = Callable[..., HttpResponse]


def _not_a_member(request: HttpRequest) -> HttpResponse:
    """Signed in, but not (yet) a member: say why the page is closed to them."""
    profile = own_profile(user_id=user_of(request).pk)
    return render(request, "members/not_a_member.html", {"profile": profile}, status=403)


def members_only(view: View) -> View:
    """Visitors are sent to sign in; signed-in non-members get a page explaining why not."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not viewer_of(request).can_see_members:
            return _not_a_member(request)
        return view(request, *args, **kwargs)

    return wrapper


def _pickers_for(request: HttpRequest, profile: MemberProfile) -> dict[str, str]:
    """What puts a member's likely choices first in the profile form's lists."""
    return {
        "region": profile.region,
        "country": str(profile.country),
        "accept_language": request.headers.get("Accept-Language", ""),
    }


@require_http_methods(["GET", "HEAD"])
@members_only
@rate_limited("search", methods=READS)
def directory(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    form = DirectoryForm(request.GET)
    found = member_directory_page(
        viewer=viewer,
        query=form.query(),
        filters=form.filters(),
        page_number=request.GET.get("page"),
        per_page=settings.PAGE_SIZE,
    )
    page = found.page
    cards = [member_card_for(viewer=viewer, profile=profile) for profile in page.object_list]
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "count": found.count,
        "cards": cards,
        "querystring": querystring.urlencode(),
    }
    return render(request, "members/directory.html", context)


@require_http_methods(["GET", "HEAD"])
@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        profile = member_profile_get_for(viewer=viewer, slug=slug)
    except Http404:
        if not viewer.can_see_members:
            return _not_a_member(request)
        raise
    card = member_card_for(viewer=viewer, profile=profile)
    if request.user.is_authenticated:
        profile_look_record(actor=user_of(request), viewer=viewer, profile=profile)
    # What the apps above members add to a profile (a "Send a message" button).
    return render(
        request, "members/detail.html", {"card": card, "panels": panels("members.detail", request, profile)}
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def me(request: HttpRequest) -> HttpResponse:
    try:
        profile = own_profile_get(user=user_of(request))
    except Http404:
        return render(request, "members/no_profile.html", status=404)
    card = member_card_for(viewer=viewer_of(request), profile=profile)
    visibility = {name: profile_visibility_label(profile, name) for name in PRIVATE_FIELDS}
    return render(request, "members/detail.html", {"card": card, "visibility": visibility})


def profile_visibility_label(profile: MemberProfile, name: str) -> str:
    return str(getattr(profile, f"get_{name}_visibility_display")())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = own_profile_get(user=user_of(request))
    if request.method == "POST":
        form = ProfileForm(request.POST, **_pickers_for(request, profile))
        if form.is_valid():
            try:
                profile_edit_service(
                    actor=user_of(request),
                    profile=profile,
                    data=form.profile_data(),
                    visibility=form.visibility(),
                    preferred_language=form.cleaned_data["preferred_language"],
                    time_zone=form.cleaned_data["time_zone"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("members:me")
        profile.refresh_from_db()
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile), **_pickers_for(request, profile))
    return render(
        request, "members/profile_edit.html", {"form": form, "profile": profile, "advising": AdvisingForm()}
    )


@require_POST
@login_required
def advising(request: HttpRequest) -> HttpResponse:
    profile = own_profile_get(user=user_of(request))
    form = AdvisingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you are willing to advise peers."))
        return redirect("members:profile_edit")
    willing = form.cleaned_data["willing"]
    advising_set(actor=user_of(request), profile=profile, willing=willing, method=ConsentMethod.PROFILE)
    if willing:
        messages.success(request, _("Thank you: peers can now ask you for advice."))
    else:
        messages.success(request, _("You are no longer suggested to peers as an advisor."))
    return redirect("members:profile_edit")
