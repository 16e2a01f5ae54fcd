"""python manage.py evaluate_matching [--mix N [--mix-source demo|synthetic]] [--json] [--tune]

Evaluates consultation matching on the shipped evaluation set, in memory (no database): hit@5
and MRR per language for the platform's matcher and for a plain BM25 baseline, for practices
and for advisors, on the test split and, separately, the dev split the weights were chosen on.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.consultations.evaluation import dataset, runner


class Command(BaseCommand):
    help = "Evaluate practice and advisor matching against a BM25 baseline, per language."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--mix", type=int, default=0, metavar="N",
            help="Hide the evaluation set among N practices and N generated advisors.",
        )  # fmt: skip
        parser.add_argument(
            "--mix-source", choices=runner.MIX_SOURCES, default="demo",
            help="demo: practices as seed_demo writes them (some answer some challenges, as labelled); "
            "synthetic: generic texts that answer none.",
        )  # fmt: skip
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument(
            "--tune", action="store_true",
            help="Choose the weights by grid search on the dev split, then report with them.",
        )  # fmt: skip
        parser.add_argument(
            "--without-themes",
            action="store_true",
            help="Also report as if no requester had tagged their challenge with themes.",
        )
        parser.add_argument(
            "--cache-file",
            type=Path,
            metavar="PATH",
            help="Keep embeddings of the texts in this .npz file (default: var/cache/consultations/).",
        )
        parser.add_argument(
            "--no-cache", action="store_true",
            help="Do not keep embeddings of the texts under var/cache/consultations/.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        mix = options["mix"]
        if mix < 0:
            raise CommandError(f"--mix must be 0 or more, not {mix}.")
        data = dataset.load()
        cache = None if options["no_cache"] else options["cache_file"] or runner.default_cache()
        setup = runner.build(data, mix=mix, source=options["mix_source"], cache_path=cache)
        if options["tune"]:
            # Tuned among both kinds of mixed-in practices, so the weights suit either library.
            others = [
                runner.build(data, mix=mix, source=source, cache_path=cache)
                for source in runner.MIX_SOURCES
                if mix and source != options["mix_source"]
            ]
            weights = runner.tune(
                [setup, *others], split="dev", progress=lambda line: self.stderr.write(line)
            )
            setup.matcher.weights = weights
            self.stderr.write(f"weights chosen on dev: {weights}")
        reports = [runner.evaluate(setup, split=split) for split in ("test", "dev")]
        if options["without_themes"]:
            bare = runner.without_themes(setup)
            reports += [
                replace(runner.evaluate(bare, split=split), split=f"{split}, without themes")
                for split in ("test", "dev")
            ]
        if options["json"]:
            payload = {"weights": vars(setup.matcher.weights), "reports": [r.as_dict() for r in reports]}
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        for report in reports:
            for line in runner.format_report(report):
                self.stdout.write(line)
            self.stdout.write("")
