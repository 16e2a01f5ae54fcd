"""Newsletter pages: the composers' list, writing, previewing, testing and sending an issue;
the public archive; the one-click unsubscribe.

Thin: parse, call one access helper / selector / service, render. Composers' pages answer 404
to whoever does not write newsletters (`access`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.consultations.forms import form_errors_from
from connective.core.ratelimit import rate_limited
from connective.members.http import user_of, viewer_of
from connective.networks.models import Network
from connective.newsletters import selectors, services
from connective.newsletters.access import (
    composer_area_for,
    composer_networks,
    issue_get_for_composer,
    issue_get_sent,
)
from connective.newsletters.choices import IssueStatus
from connective.newsletters.forms import IssueForm, SendForm
from connective.newsletters.messages import issue_mail
from connective.newsletters.models import Issue


def _preview(issue: Issue) -> HttpResponse:
    return redirect("newsletters:preview", public_id=issue.public_id)


@require_http_methods(["GET", "HEAD"])
@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    composer_area_for(viewer)
    page = Paginator(selectors.issue_list_for_composer(viewer=viewer), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletters/list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    composer_area_for(viewer)
    if request.method == "POST":
        form = IssueForm(request.POST, viewer=viewer)
        if form.is_valid():
            try:
                issue = services.issue_create(actor=user_of(request), data=form.data_for_service())
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("The newsletter is saved as a draft. Preview it, then send a test to yourself."),
                )
                return _preview(issue)
    else:
        networks = composer_networks(viewer)
        wanted = request.GET.get("network", "")
        network: Network | None = networks.filter(slug=wanted).first() if wanted else None
        if network is None and not viewer.is_staff:
            network = networks.first()  # a coordinator writes for one of their networks
        language = translation.get_language() or settings.LANGUAGE_CODE
        form = IssueForm(
            viewer=viewer,
            initial={
                "network": network.slug if network is not None else "",
                "language": language,
                "body": selectors.proposed_body(network=network, language=language),
                "members_body": selectors.proposed_body(
                    network=network, language=language, members_only=True
                ),
            },
        )
    return render(
        request,
        "newsletters/form.html",
        {
            "form": form,
            "issue": None,
            "networks": list(composer_networks(viewer)),
            "can_write_to_all": viewer.is_staff,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_of(request)
    issue = issue_get_for_composer(viewer=viewer, public_id=public_id)
    if issue.status != IssueStatus.DRAFT:
        messages.error(request, _("This newsletter has been sent already; it can no longer change."))
        return _preview(issue)
    if request.method == "POST":
        form = IssueForm(request.POST, viewer=viewer)
        if form.is_valid():
            try:
                services.issue_update(actor=user_of(request), issue=issue, data=form.data_for_service())
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Your changes are saved."))
                return _preview(issue)
    else:
        form = IssueForm(
            viewer=viewer,
            initial={
                "network": issue.network.slug if issue.network is not None else "",
                "language": issue.language,
                "subject": issue.subject,
                "body": issue.body,
                "members_body": issue.members_body,
            },
        )
    return render(request, "newsletters/form.html", {"form": form, "issue": issue})


@require_http_methods(["GET", "HEAD"])
@login_required
def preview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The mail as the viewer would receive it: its HTML part's content and its text part."""
    issue = issue_get_for_composer(viewer=viewer_of(request), public_id=public_id)
    mail = issue_mail(issue=issue, recipient=user_of(request))
    return render(
        request,
        "newsletters/preview.html",
        {
            "issue": issue,
            "mail": mail,
            "progress": selectors.issue_progress(issue=issue) if issue.status != IssueStatus.DRAFT else None,
        },
    )


@require_POST
@login_required
@rate_limited("post")
def test_send(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issue = issue_get_for_composer(viewer=viewer_of(request), public_id=public_id)
    try:
        services.issue_test_send(actor=user_of(request), issue=issue)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A test is on its way to %(address)s.") % {"address": user_of(request).email}
        )
    return _preview(issue)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def send(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issue = issue_get_for_composer(viewer=viewer_of(request), public_id=public_id)
    if issue.status != IssueStatus.DRAFT:
        messages.error(request, _("This newsletter has been sent already; it can no longer change."))
        return _preview(issue)
    form = SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.issue_send(actor=user_of(request), issue=issue)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("The newsletter is going out to %(count)s members.") % {"count": count}
            )
            return _preview(issue)
    return render(
        request,
        "newsletters/send.html",
        {"issue": issue, "form": form, "recipients": services.issue_recipient_count(issue=issue)},
    )


@require_http_methods(["GET", "HEAD"])
def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.issue_archive(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletters/archive.html", {"page": page})


@require_http_methods(["GET", "HEAD"])
def archive_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issue = issue_get_sent(public_id=public_id)
    members_part = selectors.issue_shows_members_part(viewer=viewer_of(request), issue=issue)
    return render(request, "newsletters/archive_detail.html", {"issue": issue, "members_part": members_part})
