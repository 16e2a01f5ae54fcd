"""`manage.py restore FILE [--force]`: bring a backup back into an empty instance (see core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.core.backup import BackupError, restore_read


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into this instance, which must be empty "
        "(a fresh database after migrate, no uploaded files) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace every row and file of a non-empty instance"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_read(options["file"], force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"restored {manifest['created']}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['files'])} files"
        )
