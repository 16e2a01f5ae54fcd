"""Pages about a person's account: the legal documents, accepting new versions, consents."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from connective.accounts import selectors, services
from connective.accounts.access import can_publish_legal_documents
from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.forms import AcceptDocumentsForm, AccountDeleteForm, LegalDocumentPublishForm
from connective.accounts.middleware import remember_accepted
from connective.accounts.models import User
from connective.core.errors import NotAllowed
from connective.core.links import local_target


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return local_target(request, target, default=reverse(settings.LOGIN_REDIRECT_URL))


def legal_document(request: HttpRequest, kind: str) -> HttpResponse:
    """The current (or, with ?version=N, an earlier) version of a legal document. Public."""
    if kind not in LegalDocumentKind.values:
        raise Http404
    raw_version = request.GET.get("version")
    version = None
    if raw_version:
        # isdigit() accepts "²" and "٣", which int() refuses: ASCII digits only.
        if not (raw_version.isascii() and raw_version.isdigit()) or len(raw_version) > 9:
            raise Http404
        version = int(raw_version)
    document = selectors.legal_document_get(kind=kind, version=version)
    if document is None:
        raise Http404
    versions = selectors.legal_document_versions(kind=kind)
    return render(
        request,
        "accounts/legal_document.html",
        {"document": document, "versions": versions, "current_version": versions[0][0]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept_documents(request: HttpRequest) -> HttpResponse:
    """Accept the versions of the guidelines and privacy notice published since last time."""
    user = request.user
    assert isinstance(user, User)
    outstanding = selectors.legal_documents_outstanding(user=user)
    if not outstanding:
        remember_accepted(request)
        return redirect(_safe_next(request))
    form = AcceptDocumentsForm(request.POST or None, documents=outstanding)
    if request.method == "POST" and form.is_valid():
        services.legal_documents_accept(user=user, documents=outstanding, method=ConsentMethod.LOGIN)
        remember_accepted(request)
        messages.success(request, _("Thank you. Your acceptance is recorded."))
        return redirect(_safe_next(request))
    return render(
        request,
        "accounts/accept_documents.html",
        {"form": form, "documents": outstanding, "next": _safe_next(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish_document(request: HttpRequest) -> HttpResponse:
    """Staff publish a new version of the guidelines or the privacy notice."""
    if not can_publish_legal_documents(request.viewer):  # type: ignore[attr-defined]
        raise NotAllowed
    user = request.user
    assert isinstance(user, User)
    initial = {}
    kind = request.GET.get("kind", LegalDocumentKind.GUIDELINES)
    current = selectors.legal_document_get(kind=kind) if kind in LegalDocumentKind.values else None
    if current is not None:
        initial = {"kind": current.kind, "title": current.title, "body": current.body}
    form = LegalDocumentPublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        document = services.legal_document_publish(
            actor=user,
            kind=LegalDocumentKind(form.cleaned_data["kind"]),
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            summary_of_changes=form.cleaned_data["summary_of_changes"],
        )
        messages.success(
            request,
            _("Version %(version)s is published. Every member accepts it at their next visit.")
            % {"version": document.version},
        )
        return redirect("accounts:legal_document", kind=document.kind)
    return render(request, "accounts/publish_document.html", {"form": form, "current": current})


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own consent history: what, which version, when, how."""
    user = request.user
    assert isinstance(user, User)
    records = selectors.consent_records_for(user=user)
    newest_advise = next((r for r in records if r.subject == ConsentSubject.ADVISE), None)
    willing = newest_advise is not None and newest_advise.action == ConsentAction.GIVEN
    return render(request, "accounts/consents.html", {"records": records, "willing_to_advise": willing})


@require_http_methods(["GET", "HEAD"])
@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The person's own data: download it, see and withdraw consents, delete the account."""
    user = request.user
    assert isinstance(user, User)
    state = services.consent_state(user=user)
    return render(
        request,
        "accounts/my_data.html",
        {
            "given": [
                (subject, label)
                for subject, label in ConsentSubject.choices
                if state.get(subject) == ConsentAction.GIVEN
            ],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def my_data_download(request: HttpRequest) -> HttpResponse:
    """Everything the registry knows about the signed-in person, as one ZIP (JSON and files)."""
    from connective.core.personal_data import member_export

    user = request.user
    assert isinstance(user, User)
    archive = member_export(user=user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="connective-my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete one's own account, after typing the password again."""
    user = request.user
    assert isinstance(user, User)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(actor=user, user=user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for having been part of Connective."))
        return redirect("core:home")
    return render(
        request, "accounts/account_delete.html", {"form": form, "has_password": user.has_usable_password()}
    )
