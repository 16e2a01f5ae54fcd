"""Send this period's daily or weekly digest (Celery beat runs it; a rerun sends nobody the same
digest twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.notifications.choices import Frequency
from connective.notifications.digests import send_digests


class Command(BaseCommand):
    help = "Send the daily (--daily) or weekly (--weekly) digest to every member with something new."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--daily", action="store_true", help="the daily digest")
        which.add_argument("--weekly", action="store_true", help="the weekly digest")

    def handle(self, *args: Any, **options: Any) -> None:
        frequency = Frequency.DAILY if options["daily"] else Frequency.WEEKLY
        run = send_digests(frequency=frequency)
        self.stdout.write(
            f"{frequency} digest {run.period}: {run.considered} members looked at, {run.sent} sent, "
            f"{run.empty} with nothing new"
        )
        if run.failures:
            raise CommandError(f"{len(run.failures)} batch(es) failed to send: {run.failures[0]}")
