"""Resume every issue still going out whose worker died: `manage.py newsletters_resume` (the beat
runs the same every five minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from connective.newsletters.sending import newsletters_resume


class Command(BaseCommand):
    help = "Put back the expired claims of every issue still sending and queue its next batch."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{newsletters_resume()} issue(s) resumed")
