"""Send an issue that is going out, batch after batch, in this process (the worker's work, run by
hand or by the kill-and-restart proof): `manage.py newsletters_send <uuid>`."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.newsletters.models import Issue
from connective.newsletters.sending import BATCH_SIZE, LEASE, newsletter_deliver


class Command(BaseCommand):
    help = "Send a newsletter issue that is going out (status sending), in batches, until done."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("issue", help="the issue's public id (a UUID)")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--lease-seconds",
            type=int,
            default=int(LEASE.total_seconds()),
            help="resend rows claimed longer ago than this and not sent (their worker died)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = uuid.UUID(options["issue"])
        except ValueError:
            raise CommandError(f"{options['issue']!r} is not an issue's public id (a UUID)") from None
        issue = Issue.objects.filter(public_id=key).first()
        if issue is None:
            raise CommandError(f"No issue {key}")
        if options["batch_size"] < 1 or options["lease_seconds"] < 0:
            raise CommandError("--batch-size must be at least 1 and --lease-seconds at least 0")
        outcome = newsletter_deliver(
            issue_id=issue.pk, size=options["batch_size"], lease=timedelta(seconds=options["lease_seconds"])
        )
        self.stdout.write(f"{key}: {outcome.value}")
