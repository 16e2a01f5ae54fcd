"""Consultation pages: my consultations, asking, the request and its private space, answering an
invitation, closing, feedback, the coordinators' queue.

Thin: parse, call one access helper / selector / service, render. Every request is fetched
through `access`, which answers 404 to whoever may not see it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.consultations import selectors, services
from connective.consultations.access import (
    Participation,
    can_request_consultation,
    consultation_file_get_for,
    consultation_get_for,
    consultation_space_get_for,
    invitation_get_for,
    invitation_in_space_get,
)
from connective.consultations.forms import (
    CloseForm,
    DeclineForm,
    FeedbackForm,
    FileForm,
    InviteForm,
    MeetingForm,
    MessageForm,
    RequestForm,
    ServiceStatusForm,
    VisibilityForm,
    form_errors_from,
)
from connective.core.errors import NotAllowed
from connective.core.ratelimit import rate_limited
from connective.members.http import user_of, viewer_of
from connective.members.selectors import member_profile_by_reference, own_profile

View = Callable[..., HttpResponseBase]


def _back(found: Participation) -> HttpResponse:
    return redirect("consultations:detail", public_id=found.request.public_id)


@require_http_methods(["GET", "HEAD"])
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    return render(
        request,
        "consultations/mine.html",
        {
            "can_request": can_request_consultation(viewer),
            "requests": selectors.consultation_list_mine(viewer=viewer),
            "invitations": selectors.invitation_list_mine(viewer=viewer),
            "opened": selectors.consultation_list_opened_for(viewer=viewer),
            "has_queue": viewer.is_staff or bool(viewer.coordinates),
        },
    )


def _pickers_for(request: HttpRequest, profile: Any = None) -> dict[str, str]:
    """What puts a member's likely choices first in the form's lists."""
    if profile is None:
        profile = own_profile(user_id=user_of(request).pk)
    return {
        "region": profile.region if profile is not None else "",
        "accept_language": request.headers.get("Accept-Language", ""),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not can_request_consultation(viewer):
        return render(request, "consultations/members_only.html", status=403)
    profile = None
    if request.method == "POST":
        form = RequestForm(request.POST, viewer=viewer)
        if form.is_valid():
            try:
                created = services.consultation_request_create(actor=user_of(request), data=form.to_data())
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Your request is saved."))
                return redirect("consultations:detail", public_id=created.public_id)
    else:
        profile = own_profile(user_id=user_of(request).pk)
        initial: dict[str, Any] = {}
        if profile is not None:
            initial = {"city": profile.city, "country": profile.country, "languages": profile.languages.all()}
        initial["advisor"] = request.GET.get("advisor", "")
        form = RequestForm(initial=initial, viewer=viewer)
    form.put_first(**_pickers_for(request, profile=profile))
    return render(request, "consultations/form.html", {"form": form, "asked": form.asked()})


@require_http_methods(["GET", "HEAD"])
@login_required
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = consultation_get_for(viewer=viewer_of(request), public_id=public_id)
    context: dict[str, Any] = {"found": found, "consultation": found.request}
    if request.method == "GET":
        services.consultation_look_record(actor=user_of(request), found=found)
    if found.can_see_space:
        context.update(selectors.consultation_space(request=found.request))
        context.update(
            message_form=MessageForm(),
            file_form=FileForm(),
            meeting_form=MeetingForm(),
            invite_form=InviteForm(),
            visibility_form=VisibilityForm(initial={"visibility": found.request.visibility}),
            service_form=ServiceStatusForm(initial={"service_status": found.request.service_status}),
            gave_feedback=any(f.author_id == user_of(request).pk for f in context["feedback"]),
        )
        if found.can_invite and not found.request.is_service_request:
            from connective.consultations.suggestions.service import suggestions_for

            context["suggestions"] = suggestions_for(request=found.request)
    return render(request, "consultations/detail.html", context)


def _space_post(
    request: HttpRequest,
    public_id: uuid.UUID,
    form_class: type[Any],
    act: Callable[[Participation, Any], object],
) -> HttpResponse:
    """Handle one form posted in the private space: success back to the space, errors shown there."""
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(found, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        except NotAllowed as denied:
            messages.error(request, str(denied))
            return _back(found)
        else:
            return _back(found)
    for field_errors in form.errors.values():
        for text in field_errors:
            messages.error(request, text)
    return _back(found)


@require_POST
@login_required
@rate_limited("post")
def message(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _space_post(
        request,
        public_id,
        MessageForm,
        lambda found, data: services.message_post(
            actor=user_of(request), request=found.request, body=data["body"]
        ),
    )


@require_POST
@login_required
@rate_limited("post")
def upload(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _space_post(
        request,
        public_id,
        FileForm,
        lambda found, data: services.file_add(
            actor=user_of(request), request=found.request, uploaded_file=data["file"]
        ),
    )


@require_POST
@login_required
def meeting(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _space_post(
        request,
        public_id,
        MeetingForm,
        lambda found, data: services.meeting_propose(actor=user_of(request), request=found.request, **data),
    )


@require_POST
@login_required
@rate_limited("invite")
def invite(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def act(found: Participation, data: dict[str, Any]) -> None:
        advisor = member_profile_by_reference(viewer=viewer_of(request), reference=data["advisor"])
        if advisor is None:
            # One answer for an unknown address, a pending declaration and a member who keeps
            # their address from the asker: the form tells nothing about who is a member.
            raise ValidationError(
                {
                    "advisor": _(
                        "No member you can see in the directory has this address. Invite a peer "
                        "from the suggestions, or from their profile with “Ask for advice”."
                    )
                }
            )
        # Loaded on use, as on the detail page: the matching code is heavy to import.
        from connective.consultations.suggestions.service import invitation_reason

        reason = invitation_reason(request=found.request, advisor_id=advisor.pk)
        services.invitation_create(
            actor=user_of(request), request=found.request, advisor=advisor, match_reason=reason
        )
        messages.success(request, _("The advisor is invited."))

    return _space_post(request, public_id, InviteForm, act)


@require_POST
@login_required
def withdraw_invitation(request: HttpRequest, public_id: uuid.UUID, advisor: uuid.UUID) -> HttpResponse:
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    invitation = invitation_in_space_get(found=found, advisor_slug=advisor)
    try:
        services.invitation_withdraw(actor=user_of(request), invitation=invitation)
    except (ValidationError, NotAllowed) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return _back(found)


@require_POST
@login_required
def visibility(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _space_post(
        request,
        public_id,
        VisibilityForm,
        lambda found, data: services.consultation_visibility_set(
            actor=user_of(request), request=found.request, visibility=data["visibility"]
        ),
    )


@require_POST
@login_required
def service_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _space_post(
        request,
        public_id,
        ServiceStatusForm,
        lambda found, data: services.service_status_set(
            actor=user_of(request), request=found.request, service_status=data["service_status"]
        ),
    )


@require_POST
@login_required
def withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    try:
        services.consultation_withdraw(actor=user_of(request), request=found.request)
    except (ValidationError, NotAllowed) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return _back(found)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invitation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The invited advisor reads the request (not its space) and accepts or declines."""
    item = invitation_get_for(viewer=viewer_of(request), public_id=public_id)
    form = DeclineForm()
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "accept":
                services.invitation_accept(actor=user_of(request), invitation=item)
                messages.success(request, _("Thank you: you now take part in this consultation."))
                return redirect("consultations:detail", public_id=item.request.public_id)
            form = DeclineForm(request.POST)
            if form.is_valid():
                services.invitation_decline(
                    actor=user_of(request),
                    invitation=item,
                    reason=form.cleaned_data["decline_reason"],
                    hide_reason=form.cleaned_data["hide_reason"],
                )
                messages.success(request, _("You declined the invitation."))
                return redirect("consultations:mine")
        except ValidationError as error:
            form_errors_from(form, error)
        except NotAllowed as error:
            raise Http404(_("No such invitation.")) from error
    return render(
        request,
        "consultations/invitation.html",
        {"invitation": item, "consultation": item.request, "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def close(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    if not found.can_close:
        raise Http404(_("No such consultation."))
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_close(
                actor=user_of(request),
                request=found.request,
                advice=form.cleaned_data["outcome_advice"],
                next_steps=form.cleaned_data["outcome_next_steps"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The consultation is closed. Thank you for sharing its outcome."))
            return redirect("consultations:feedback", public_id=found.request.public_id)
    return render(request, "consultations/close.html", {"consultation": found.request, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    if not found.can_give_feedback:
        raise Http404(_("No such consultation."))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                actor=user_of(request),
                request=found.request,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return _back(found)
    return render(request, "consultations/feedback.html", {"consultation": found.request, "form": form})


@require_POST
@login_required
@rate_limited("post")
def practice_draft(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = consultation_space_get_for(viewer=viewer_of(request), public_id=public_id)
    try:
        practice = services.consultation_practice_draft(actor=user_of(request), request=found.request)
    except (ValidationError, NotAllowed) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _back(found)
    messages.success(request, _("A draft good practice is ready for you to complete."))
    return redirect("practices:detail", slug=practice.slug)


@require_http_methods(["GET", "HEAD"])
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    if not (viewer.is_staff or viewer.coordinates):
        raise Http404(_("No such page."))
    return render(
        request, "consultations/queue.html", {"requests": selectors.consultation_queue_for(viewer=viewer)}
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def download(request: HttpRequest, public_id: uuid.UUID, file_id: uuid.UUID) -> FileResponse:
    """A file of the private space, for its participants only; never run in the browser."""
    found, item = consultation_file_get_for(viewer=viewer_of(request), public_id=public_id, file_id=file_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("No such file.")) from None
    services.consultation_look_record(actor=user_of(request), found=found, file=str(item.public_id))
    response = FileResponse(
        handle, content_type=item.content_type, as_attachment=True, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
