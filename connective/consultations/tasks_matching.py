"""Background work for suggestions: storing advisors' profile embeddings off the request.

Registered with Celery through `consultations.tasks` (autodiscovery only reads `<app>.tasks`).
Nothing in `members` queues it (members sit below consultations); consultations' own services
may after a consultation closes, and a periodic run or `manage.py match --rebuild` catches every
profile edit. Whatever is still stale when a process builds its index is computed there.
"""

from __future__ import annotations

from celery import shared_task

from connective.consultations.suggestions.candidates import advisor_embeddings_refresh


@shared_task(name="connective.consultations.tasks_matching.advisor_embeddings_refresh_task")
def advisor_embeddings_refresh_task(*, profile_ids: list[int] | None = None) -> int:
    """Recompute stale advisor embeddings for these profiles (everyone when None)."""
    return advisor_embeddings_refresh(profile_ids)
