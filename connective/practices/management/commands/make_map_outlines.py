"""Write the map's country outlines (`static/data/countries.json`) from the bundled source.

    python manage.py make_map_outlines           # writes the file
    python manage.py make_map_outlines --check   # fails when the shipped file is not up to date

The source is `connective/practices/data/countries-110m.geojson` (Natural Earth 1:110m, made
by `data/make_geodata.py`); what is done to it, and why, is in `connective.practices.outlines`.
No network is used. Run it again after changing the source or the module, then collectstatic.
"""

from __future__ import annotations

import gzip
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.practices.outlines import OUTLINES_FILE, SOURCE_FILE, make_outlines


class Command(BaseCommand):
    help = "Write the practice map's light country outlines from the bundled Natural Earth source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="only check that the shipped file is current"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = make_outlines(SOURCE_FILE)
        if options["check"]:
            if not OUTLINES_FILE.exists() or OUTLINES_FILE.read_text(encoding="utf-8") != text:
                raise CommandError(f"{OUTLINES_FILE} is out of date: run manage.py make_map_outlines")
            self.stdout.write("The map's outlines are up to date.")
            return
        OUTLINES_FILE.parent.mkdir(parents=True, exist_ok=True)
        OUTLINES_FILE.write_text(text, encoding="utf-8")
        packed = len(gzip.compress(text.encode(), 9))
        self.stdout.write(f"Wrote {OUTLINES_FILE} ({len(text.encode())} bytes, {packed} gzipped).")
