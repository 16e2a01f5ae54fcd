"""`manage.py retention`: apply the retention rules now (Celery beat runs it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from connective.accounts.retention import retention_run


class Command(BaseCommand):
    help = (
        "Remove accounts never verified, warn inactive members and anonymise those warned long "
        "enough ago, purge consent records past their retention period."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = retention_run()
        self.stdout.write(
            f"unverified accounts removed: {result.unverified_removed}\n"
            f"declined declarations removed: {result.declined_removed}\n"
            f"inactive members warned: {result.warned}\n"
            f"inactive members anonymised: {result.anonymised}\n"
            f"consent records purged: {result.consent_records_purged}"
        )
