"""Background work for search: computing embeddings and the spelling vocabulary off the request."""

from __future__ import annotations

from celery import shared_task

from connective.practices.search.neighbours import neighbours_refresh
from connective.practices.search.semantic import embeddings_refresh_changed
from connective.practices.search.spelling import vocabulary_refresh


@shared_task
def embeddings_refresh_task(*, practice_ids: list[int] | None = None) -> int:
    """Recompute embeddings for these practices (all when None), then the stored neighbours
    of those that changed (all of them after a full refresh that changed any)."""
    changed = embeddings_refresh_changed(practice_ids)
    if changed:
        neighbours_refresh(None if practice_ids is None else changed)
    return len(changed)


@shared_task
def vocabulary_refresh_task() -> int:
    """Keep the "did you mean" vocabulary for the index as it now stands (one pass over the
    published titles), so that no search has to build it."""
    return vocabulary_refresh()
