"""`manage.py backup FILE`: the database and every uploaded file, in one archive (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "Write a consistent archive (.tar.gz) of the database and the uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write (a new file, e.g. backup.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            manifest = backup_write(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"{target}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files"
        )
        for name in manifest["missing_files"]:
            self.stderr.write(f"a row refers to a file the storage does not have: {name}")
