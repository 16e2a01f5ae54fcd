"""Writes about accounts: consent records and the versioned legal documents."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject, LegalDocumentKind
from connective.accounts.models import ConsentRecord, LegalDocument, User
from connective.core.audit import audit


def consent_record(
    *,
    user: User,
    subject: ConsentSubject,
    action: ConsentAction,
    method: ConsentMethod,
    document: LegalDocument | None = None,
    recorded_by: User | None = None,
) -> ConsentRecord:
    """Append one consent record. Guidelines and privacy consents name the document version."""
    if subject in (ConsentSubject.GUIDELINES, ConsentSubject.PRIVACY) and document is None:
        raise ValueError(f"a {subject} consent must name the document version")
    return ConsentRecord.objects.create(
        user=user,
        subject=subject,
        action=action,
        method=method,
        document=document,
        version=document.version if document else None,
        recorded_by=recorded_by,
        at=timezone.now(),
    )


def legal_documents_accept(*, user: User, documents: list[LegalDocument], method: ConsentMethod) -> None:
    """Record that `user` accepted each of `documents` (the current versions shown to them)."""
    with transaction.atomic():
        for document in documents:
            consent_record(
                user=user,
                subject=ConsentSubject(document.kind),
                action=ConsentAction.GIVEN,
                method=method,
                document=document,
            )


@transaction.atomic
def legal_document_publish(
    *, actor: User, kind: LegalDocumentKind, title: str, body: str, summary_of_changes: str = ""
) -> LegalDocument:
    """Publish the next version of the guidelines or privacy notice.

    From this moment every member must accept it at their next request before going on.
    """
    latest = LegalDocument.objects.select_for_update().filter(kind=kind).order_by("-version").first()
    document = LegalDocument.objects.create(
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        title=title,
        body=body,
        summary_of_changes=summary_of_changes,
        published_by=actor,
    )
    audit(
        actor=actor, action="legal_document.published", target=document, kind=kind, version=document.version
    )
    return document


@transaction.atomic
def email_verified_by_password_reset(*, user: User) -> int:
    """Mark `user`'s login address verified: following a reset link sent to it proves it is theirs.

    Members imported from an earlier list start with an unverified address and no usable
    password; setting their password through the reset mail is how they confirm both.
    Returns the number of addresses newly marked verified.
    """
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False)
    count = 0
    for address in addresses:
        address.verified = True
        address.save(update_fields=["verified"])
        audit(actor=user, action="email.verified_by_password_reset", target=user)
        count += 1
    return count
