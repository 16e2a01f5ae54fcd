"""Reads about accounts: current legal documents and what a member still has to accept."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from connective.accounts.choices import ConsentAction, LegalDocumentKind
from connective.accounts.models import ConsentRecord, LegalDocument, User


def legal_documents_current() -> list[LegalDocument]:
    """The newest published version of each kind (guidelines, privacy), in that order."""
    newest = LegalDocument.objects.filter(kind=OuterRef("kind")).order_by("-version").values("pk")[:1]
    documents = LegalDocument.objects.filter(pk=Subquery(newest)).order_by("kind")
    by_kind = {doc.kind: doc for doc in documents}
    return [by_kind[kind] for kind in LegalDocumentKind.values if kind in by_kind]


_VERSIONS_KEY = "accounts:legal-versions"
# A safety net only: saving or deleting a document forgets the key at once (`legal_versions_forget`).
_VERSIONS_SECONDS = 600


def legal_documents_current_versions() -> str:
    """The current version of each kind as one short key, e.g. "guidelines:2,privacy:1".

    Every signed-in request asks (the required-steps middleware), so the answer is kept in the
    cache the workers share; a document saved or deleted forgets it (one query after that).
    """
    versions = cache.get(_VERSIONS_KEY)
    if versions is None:
        versions = _versions_now()
        # add, not set: never over what a publication's commit has just written (below).
        cache.add(_VERSIONS_KEY, versions, _VERSIONS_SECONDS)
    return str(versions)


def legal_versions_forget(**_kwargs: Any) -> None:
    """A legal document was saved or deleted: the next request reads the versions again.

    Forgotten now; after commit the new versions are read and written over whatever a request
    that read the old ones while the publishing transaction was open may have added.
    """
    cache.delete(_VERSIONS_KEY)

    transaction.on_commit(lambda: cache.set(_VERSIONS_KEY, _versions_now(), _VERSIONS_SECONDS))


def _versions_now() -> str:
    rows = LegalDocument.objects.values_list("kind").annotate(latest=Max("version")).order_by("kind")
    return ",".join(f"{kind}:{latest}" for kind, latest in rows)


def legal_document_get(*, kind: str, version: int | None = None) -> LegalDocument | None:
    """One published version of a document (the current one when `version` is None)."""
    documents = LegalDocument.objects.filter(kind=kind)
    if version is not None:
        return documents.filter(version=version).first()
    return documents.order_by("-version").first()


def legal_document_versions(*, kind: str) -> list[tuple[int, object]]:
    """Every published version of a kind, newest first, as (version, published_at)."""
    return list(
        LegalDocument.objects.filter(kind=kind).order_by("-version").values_list("version", "published_at")
    )


def consent_records_for(*, user: User) -> list[ConsentRecord]:
    """Everything `user` consented to or withdrew, newest first, with the documents."""
    return list(ConsentRecord.objects.filter(user=user).select_related("document").order_by("-at", "-id"))


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
