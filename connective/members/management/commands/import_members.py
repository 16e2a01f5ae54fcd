"""`manage.py import_members FILE`: bring over the member list of the earlier platform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.members.importing import ImportFileError, members_import


class Command(BaseCommand):
    help = (
        "Import members from a CSV or JSON file (columns: email, full_name, member_type, organisation, "
        "city, country, languages, expertise, bio, willing_to_advise). Nothing is imported if any "
        "row is wrong; members already here are left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "json"], help="default: from the file extension")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = members_import(path=path, file_format=options["format"], dry_run=options["dry_run"])
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        if report.errors:
            for problem in report.errors:
                self.stderr.write(f"{path.name}, {problem}")
            raise CommandError(
                f"{len(report.errors)} problem(s) in {path.name}; nothing was imported. "
                "Correct the rows above and run the import again."
            )
        prefix = "Dry run, nothing written: would have " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}created {len(report.created)}, unchanged {len(report.unchanged)}, "
            f"themes added {len(report.themes_added)}"
        )
        if report.themes_added:
            self.stdout.write("Themes added to the taxonomy: " + ", ".join(report.themes_added))
        if report.unchanged:
            self.stdout.write("Unchanged (already members, left as they are): " + ", ".join(report.unchanged))
