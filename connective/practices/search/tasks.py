"""Background work for search: computing embeddings off the request."""

from __future__ import annotations

from celery import shared_task

from connective.practices.search.neighbours import neighbours_refresh
from connective.practices.search.semantic import embeddings_refresh_changed


@shared_task
def embeddings_refresh_task(*, practice_ids: list[int] | None = None) -> int:
    """Recompute embeddings for these practices (all when None), then the stored neighbours
    of those that changed (all of them after a full refresh that changed any)."""
    changed = embeddings_refresh_changed(practice_ids)
    if changed:
        neighbours_refresh(None if practice_ids is None else changed)
    return len(changed)
