"""Reads about accounts: current legal documents and what a member still has to accept."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from connective.accounts.choices import ConsentAction, LegalDocumentKind
from connective.accounts.models import ConsentRecord, LegalDocument, User


def legal_documents_current() -> list[LegalDocument]:
    """The newest published version of each kind (guidelines, privacy), in that order."""
    newest = LegalDocument.objects.filter(kind=OuterRef("kind")).order_by("-version").values("pk")[:1]
    documents = LegalDocument.objects.filter(pk=Subquery(newest)).order_by("kind")
    by_kind = {doc.kind: doc for doc in documents}
    return [by_kind[kind] for kind in LegalDocumentKind.values if kind in by_kind]


def legal_documents_outstanding(*, user: User) -> list[LegalDocument]:
    """The current documents whose current version `user` has not accepted (or later withdrew)."""
    current = legal_documents_current()
    if not current:
        return []
    latest_actions = {}
    for record in (
        ConsentRecord.objects.filter(user=user, document__in=current)
        .order_by("at", "id")
        .only("document_id", "action")
    ):
        latest_actions[record.document_id] = record.action
    return [doc for doc in current if latest_actions.get(doc.pk) != ConsentAction.GIVEN]
