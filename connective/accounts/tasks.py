"""Background work of accounts (tasks call services; no logic here)."""

from __future__ import annotations

from celery import shared_task

from connective.accounts.retention import retention_run


@shared_task(name="connective.accounts.tasks.retention_task")
def retention_task() -> dict[str, int]:
    """The daily retention run (CELERY_BEAT_SCHEDULE["accounts-retention"])."""
    result = retention_run()
    return {
        "unverified_removed": result.unverified_removed,
        "declined_removed": result.declined_removed,
        "warned": result.warned,
        "anonymised": result.anonymised,
        "consent_records_purged": result.consent_records_purged,
    }
