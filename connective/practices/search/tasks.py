"""Background work for search: computing embeddings off the request."""

from __future__ import annotations

from celery import shared_task

from connective.practices.search.semantic import embeddings_refresh


@shared_task
def embeddings_refresh_task(*, practice_ids: list[int] | None = None) -> int:
    """Recompute embeddings for these practices (all when None)."""
    return embeddings_refresh(practice_ids)
