"""`manage.py import_practices FILE`: bring good practices over from another collection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.practices.importing import FIELDS, REQUIRED, ImportFileError, practices_import


class Command(BaseCommand):
    help = (
        f"Import good practices from a CSV or JSON file (a JSON array of objects). Required: "
        f"{', '.join(REQUIRED)}; optional: {', '.join(name for name in FIELDS if name not in REQUIRED)}. "
        "'description' fills 'approach' unless the row has an 'approach'. Lists (themes, sdgs, "
        "links, contacts) are separated by ';' in CSV; a link is 'title|url' or just the url; "
        "contacts are approved members' email addresses. external_id is the key: importing again "
        "updates those practices in place and reports unchanged ones. Unknown themes are added, "
        "unknown cities placed at their country's centre (both reported). Practices are published "
        "unless --draft. If any row is wrong nothing is imported, unless --skip-invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "json"], help="default: from the file extension")
        parser.add_argument("--draft", action="store_true", help="create new practices as drafts")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the good rows and report the wrong ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            report = practices_import(
                path=path,
                file_format=options["format"],
                draft=options["draft"],
                skip_invalid=options["skip_invalid"],
            )
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from None
        for problem in report.errors:
            self.stderr.write(f"{path.name}, {problem}")
        if not report.imported:
            raise CommandError(
                f"{len(report.errors)} problem(s) in {path.name}; nothing was imported. "
                "Correct the rows above and run the import again (or use --skip-invalid)."
            )
        for result in report.results:
            self.stdout.write(f"{result.where}: {result.external_id} {result.outcome} ({result.slug})")
        rejected = len({problem.where for problem in report.errors})
        self.stdout.write(
            f"created {report.count('created')}, updated {report.count('updated')}, "
            f"unchanged {report.count('unchanged')}, rejected {rejected}"
        )
        if report.themes_added:
            self.stdout.write("Themes added to the taxonomy: " + ", ".join(report.themes_added))
        if report.approximate:
            self.stdout.write(
                "Cities not in the gazetteer, placed at their country's centre: "
                + "; ".join(report.approximate)
            )
