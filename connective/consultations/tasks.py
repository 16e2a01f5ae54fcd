"""Background work of consultations (tasks call services; no logic here)."""

from __future__ import annotations

from celery import shared_task

from connective.consultations.services import invitation_reminders_send


@shared_task(name="connective.consultations.tasks.invitation_reminders_task")
def invitation_reminders_task() -> tuple[int, int]:
    """Hourly: remind advisors of invitations waiting too long, expire the oldest."""
    return invitation_reminders_send()


# Suggestions' background work lives beside them; importing it here registers it with Celery.
from connective.consultations.tasks_matching import (  # noqa: E402, F401
    advisor_embeddings_refresh_task,
    snapshot_build_task,
    snapshot_forget_task,
)
