"""The programme pages of a network: what is planned and what members asked for, a proposal
with its supporters and comments, and the forms that change them. Views parse, call one
service or selector, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from connective.core.errors import NotAllowed
from connective.core.ratelimit import rate_limited
from connective.members.http import user_of, viewer_of
from connective.networks.access import network_get
from connective.networks.choices import ProposalKind, ProposalStatus
from connective.networks.models import Network, Proposal
from connective.networks.programme import access, selectors, services
from connective.networks.programme.forms import (
    AcceptForm,
    CommentForm,
    DeclineForm,
    HideCommentForm,
    MergeForm,
    OutcomeForm,
    ProposalForm,
    errors_from,
)


@require_http_methods(["GET", "HEAD"])
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    viewer = viewer_of(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ProposalKind.values else ""
    planned = Paginator(selectors.planned_for(viewer=viewer, network=network), settings.PAGE_SIZE)
    asked = Paginator(selectors.asked_for(viewer=viewer, network=network, kind=kind), settings.PAGE_SIZE)
    context = {
        "network": network,
        "planned": planned.get_page(request.GET.get("planned")),
        "asked": asked.get_page(request.GET.get("page")) if access.can_read_all(viewer) else None,
        "decided": list(selectors.decided_for(viewer=viewer, network=network)[:10]),
        "kinds": ProposalKind.choices,
        "kind": kind,
        "can_read_all": access.can_read_all(viewer),
        "can_propose": access.can_propose(viewer, network),
        "can_decide": access.can_decide(viewer, network),
    }
    return render(request, "networks/programme/programme.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@rate_limited("post")
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    viewer = viewer_of(request)
    if not access.can_propose(viewer, network):
        return render(request, "networks/programme/members_only.html", {"network": network}, status=403)
    user = user_of(request)
    initial = {"language": user.preferred_language or (request.LANGUAGE_CODE or "en")}
    form = ProposalForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=user, network=network, **form.cleaned_data)
        except ValidationError as error:
            errors_from(form, error)
        else:
            messages.success(
                request, _("Your proposal is published. Members of the network can now support it.")
            )
            return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)
    context = {"network": network, "form": form}
    return render(request, "networks/programme/propose.html", context, status=400 if form.errors else 200)


def _detail(
    request: HttpRequest, network: Network, proposal: Proposal, *, status: int = 200, **forms: Any
) -> HttpResponse:
    viewer = viewer_of(request)
    page = selectors.proposal_page_for(viewer=viewer, proposal=proposal)
    can_decide = access.can_decide(viewer, network) and proposal.status == ProposalStatus.OPEN
    context = {
        "network": network,
        "proposal": proposal,
        "page": page,
        "can_read_all": access.can_read_all(viewer),
        "can_support": access.can_support(viewer, proposal),
        "can_unsupport": page.supported_by_viewer and proposal.status == ProposalStatus.OPEN,
        "can_comment": access.can_comment(viewer, proposal),
        "can_withdraw": access.can_withdraw(viewer, proposal),
        "can_decide": can_decide,
        "can_moderate": access.can_decide(viewer, network),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "merge_form": forms.get("merge_form") or MergeForm(targets=page.merge_targets),
        "can_set_outcome": access.can_decide(viewer, network) and proposal.status == ProposalStatus.ACCEPTED,
        "outcome_form": forms.get("outcome_form")
        or OutcomeForm(initial={"became_url": proposal.became_url, "became_title": proposal.became_title}),
        "hide_form": HideCommentForm(),
    }
    return render(request, "networks/programme/proposal.html", context, status=status)


def _found(request: HttpRequest, slug: str, public_id: uuid.UUID) -> tuple[Network, Proposal]:
    network = network_get(slug=slug)
    return network, access.proposal_get_for(viewer=viewer_of(request), network=network, public_id=public_id)


@require_http_methods(["GET", "HEAD"])
def proposal_detail(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    return _detail(request, network, proposal)


def _support_answer(request: HttpRequest, network: Network, proposal: Proposal) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        viewer = viewer_of(request)
        page = selectors.proposal_page_for(viewer=viewer, proposal=proposal)
        context = {
            "network": network,
            "proposal": proposal,
            "page": page,
            "can_support": access.can_support(viewer, proposal),
            "can_unsupport": page.supported_by_viewer and proposal.status == ProposalStatus.OPEN,
        }
        return render(request, "networks/programme/support.html", context)
    return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)


@require_POST
@login_required
def proposal_support(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    try:
        services.proposal_support(actor=user_of(request), proposal=proposal)
    except NotAllowed as error:
        return render(request, "403.html", {"exception": str(error)}, status=403)
    return _support_answer(request, network, proposal)


@require_POST
@login_required
def proposal_unsupport(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    try:
        services.proposal_unsupport(actor=user_of(request), proposal=proposal)
    except NotAllowed as error:
        return render(request, "403.html", {"exception": str(error)}, status=403)
    return _support_answer(request, network, proposal)


@require_POST
@login_required
@rate_limited("post")
def proposal_comment(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    if not access.can_comment(viewer_of(request), proposal):
        return render(request, "403.html", status=403)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_comment(
                actor=user_of(request), proposal=proposal, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            errors_from(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)
    return _detail(request, network, proposal, status=400, comment_form=form)


def _decision(request: HttpRequest, slug: str, public_id: uuid.UUID) -> tuple[Network, Proposal]:
    """The proposal, for one who may decide on it (others: 404, as for the declarations)."""
    network, proposal = _found(request, slug, public_id)
    if not access.can_decide(viewer_of(request), network):
        raise Http404
    return network, proposal


def _decided(request: HttpRequest, network: Network, proposal: Proposal, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)


def _refused(
    request: HttpRequest, network: Network, proposal: Proposal, error: ValidationError
) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)


def _decide_with(
    request: HttpRequest,
    network: Network,
    proposal: Proposal,
    *,
    form: forms.Form,
    form_name: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A coordinator's form on a proposal: `act` on what a valid form says. A refusal of the whole
    step comes back as a message on the proposal's page; a field's, as that field's error."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _refused(request, network, proposal, error)
            errors_from(form, error)
        else:
            return _decided(request, network, proposal, done)
    return _detail(request, network, proposal, status=400, **{form_name: form})


@require_POST
@login_required
def proposal_accept(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _decision(request, slug, public_id)
    return _decide_with(
        request, network, proposal, form=AcceptForm(request.POST), form_name="accept_form",
        act=lambda data: services.proposal_accept(actor=user_of(request), proposal=proposal, **data),
        done=_("The proposal is now in the programme."),
    )  # fmt: skip


@require_POST
@login_required
def proposal_decline(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _decision(request, slug, public_id)
    return _decide_with(
        request, network, proposal, form=DeclineForm(request.POST), form_name="decline_form",
        act=lambda data: services.proposal_decline(actor=user_of(request), proposal=proposal, reason=data["reason"]),
        done=_("The proposal is declined; its author is told why."),
    )  # fmt: skip


@require_POST
@login_required
def proposal_merge(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _decision(request, slug, public_id)
    targets = selectors.proposal_page_for(viewer=viewer_of(request), proposal=proposal).merge_targets

    def merge(data: dict[str, Any]) -> object:
        into = next(p for p in targets if str(p.public_id) == data["into"])
        return services.proposal_merge(actor=user_of(request), proposal=proposal, into=into)

    return _decide_with(
        request, network, proposal, form=MergeForm(request.POST, targets=targets), form_name="merge_form",
        act=merge, done=_("The proposal is merged; its supporters carried over."),
    )  # fmt: skip


@require_POST
@login_required
def proposal_outcome(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _decision(request, slug, public_id)
    return _decide_with(
        request, network, proposal, form=OutcomeForm(request.POST), form_name="outcome_form",
        act=lambda data: services.proposal_outcome_set(actor=user_of(request), proposal=proposal, **data),
        done=_("Saved: the proposal links to what it became."),
    )  # fmt: skip


@require_POST
@login_required
def proposal_withdraw(request: HttpRequest, slug: str, public_id: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    try:
        services.proposal_withdraw(actor=user_of(request), proposal=proposal)
    except NotAllowed as error:
        return render(request, "403.html", {"exception": str(error)}, status=403)
    messages.success(request, _("Your proposal is withdrawn."))
    return redirect("networks:programme", slug=network.slug)


@require_POST
@login_required
def comment_hide(request: HttpRequest, slug: str, public_id: uuid.UUID, comment: uuid.UUID) -> HttpResponse:
    network, proposal = _found(request, slug, public_id)
    found = access.comment_get_for_moderation(viewer=viewer_of(request), proposal=proposal, public_id=comment)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        services.proposal_comment_hide(
            actor=user_of(request), comment=found, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The comment is hidden; its author sees why."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors["reason"]))
    return redirect("networks:proposal", slug=network.slug, public_id=proposal.public_id)
