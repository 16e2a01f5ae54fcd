"""Keeping the search index in step with the practices.

Services call `practice_changed` after any change to what the public sees (publication, an
edit made public, unpublishing, deletion); imports and the demo seeder call `rebuild` once
after loading. The full-text entry is updated at once; the embedding (slower: a model run) is
computed by a background task after commit (at once in the embedded default), and so is the
vocabulary "did you mean" draws on (`search.spelling`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from connective.practices.search.backends import backend
from connective.practices.search.semantic import stamp_renew
from connective.practices.search.tasks import embeddings_refresh_task, vocabulary_refresh_task

# The stamp that moves with every change to the full-text index (the published set, its
# texts and facet columns): what is cached from it, like the unfiltered library's facet
# counts, is keyed by it.
DOCUMENTS_STAMP = "documents"


def practices_changed(practice_ids: Iterable[int]) -> None:
    """Re-index these practices: published ones with their current text, others removed."""
    ids = sorted(set(practice_ids))
    if not ids:
        return
    backend().index(ids)
    stamp_renew(DOCUMENTS_STAMP)
    transaction.on_commit(lambda: embeddings_refresh_task.delay(practice_ids=ids))
    transaction.on_commit(vocabulary_refresh_task.delay)


def practice_changed(practice_id: int) -> None:
    """Re-index one practice: published -> in the index with its current text, otherwise out."""
    practices_changed([practice_id])


def rebuild(batch_size: int = 5000, *, embeddings: bool = True) -> int:
    """Rebuild the whole full-text index (bulk SQL) and queue the embeddings' refresh.

    Returns how many published practices are in the full-text index. Embeddings are only
    recomputed for practices whose text changed; pass `embeddings=False` to leave them alone.
    """
    count = backend().rebuild(batch_size)
    stamp_renew(DOCUMENTS_STAMP)
    transaction.on_commit(vocabulary_refresh_task.delay)
    if embeddings:
        transaction.on_commit(lambda: embeddings_refresh_task.delay())
    return count
