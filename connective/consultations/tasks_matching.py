"""Background work for suggestions: advisors' profile embeddings and the stored matching index.

Registered with Celery through `consultations.tasks` (autodiscovery only reads `<app>.tasks`).
Nothing in `members` queues them (members sit below consultations): this app subscribes to the
profile and membership events (see `apps.py`) and refreshes the one profile the event names.
`advisor_embeddings_refresh_task()` with no ids brings every embedding up to date and rebuilds
the snapshot if the data moved (`manage.py` shells and repairs; no periodic job needs it).
"""

from __future__ import annotations

from celery import shared_task

from connective.consultations.suggestions.candidates import advisor_embeddings_refresh
from connective.consultations.suggestions.snapshot import snapshot_build


@shared_task(name="connective.consultations.tasks_matching.advisor_embeddings_refresh_task")
def advisor_embeddings_refresh_task(*, profile_ids: list[int] | None = None) -> int:
    """Recompute stale advisor embeddings for these profiles; for everyone when None, and then
    rebuild the matching snapshot if anything changed since it was built."""
    changed = advisor_embeddings_refresh(profile_ids)
    if profile_ids is None:
        snapshot_build(if_stale=True)
    return changed


@shared_task(name="connective.consultations.tasks_matching.snapshot_build_task")
def snapshot_build_task() -> str:
    """Build and store the matching index, unless the newest one is still current."""
    return str(snapshot_build(if_stale=True))


@shared_task(name="connective.consultations.tasks_matching.snapshot_forget_task")
def snapshot_forget_task() -> str:
    """A person's data was erased: rebuild the matching index and delete the older ones."""
    from connective.consultations.suggestions.snapshot import snapshot_forget

    return str(snapshot_forget())
