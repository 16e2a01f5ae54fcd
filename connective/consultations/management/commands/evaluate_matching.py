"""python manage.py evaluate_matching [--set v1|v2] [--mix N [--mix-source demo|synthetic]]
[--without-themes] [--split test|dev|both] [--json] [--tune]

Evaluates consultation matching on a shipped evaluation set, in memory (no database): per
language, practice hit@5 and MRR and advisor hit@3 and MRR, for the platform's matcher and for
a plain BM25 baseline, the hub rate, and how often themes inferred from a request agree with
the ones its author ticked.

`--tune` chooses the weights on the dev split (of the sets named, alone and, with --mix, among
demo and synthetic practices) and prints only dev figures: the test split is neither read nor
shown while tuning. Report the test split afterwards, with the weights committed as defaults.
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
            "--set", dest="sets", action="append", choices=sorted(dataset.SETS),
            help="Which evaluation set (repeat for several; default: every set).",
        )  # fmt: skip
        parser.add_argument(
            "--mix", type=int, default=0, metavar="N",
            help="Hide the set among N practices and the people who come with them.",
        )  # fmt: skip
        parser.add_argument(
            "--mix-source", choices=runner.MIX_SOURCES, default="demo",
            help="demo: the practices and members seed_demo writes (some answer some challenges, as "
            "labelled); synthetic: generic texts and generated advisors that answer none.",
        )  # fmt: skip
        parser.add_argument(
            "--split", choices=("test", "dev", "both"), default="both", help="Which split to report."
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        parser.add_argument(
            "--tune", action="store_true",
            help="Choose the weights on the dev split and report dev only (never the test split).",
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
        names = options["sets"] or sorted(dataset.SETS)
        cache = None if options["no_cache"] else options["cache_file"] or runner.default_cache()

        def built(name: str, source: str) -> runner.Setup:
            data = dataset.load(name)
            return runner.build(data, mix=mix, source=source, cache_path=cache, name=name)

        setups = [built(name, options["mix_source"]) for name in names]
        splits = {"both": ("test", "dev"), "test": ("test",), "dev": ("dev",)}[options["split"]]
        if options["tune"]:
            # Tuned among both kinds of mixed-in practices, so the weights suit either library.
            others = [
                built(name, source)
                for name in names
                for source in runner.MIX_SOURCES
                if mix and source != options["mix_source"]
            ]
            weights = runner.tune(
                [*setups, *others], split="dev", progress=lambda line: self.stderr.write(line)
            )
            for setup in setups:
                setup.matcher.weights = weights
            self.stderr.write(f"weights chosen on dev: {weights}")
            splits = ("dev",)
        reports = []
        inference = []
        for setup in setups:
            reports += [runner.evaluate(setup, split=split) for split in splits]
            if options["without_themes"]:
                bare = runner.without_themes(setup)
                reports += [
                    replace(runner.evaluate(bare, split=split), split=f"{split}, without themes")
                    for split in splits
                ]
            inference += [(setup.name, split, runner.theme_inference(setup, split=split)) for split in splits]
        if options["json"]:
            payload = {
                "weights": vars(setups[0].matcher.weights),
                "reports": [report.as_dict() for report in reports],
                "theme_inference": [
                    {"set": name, "split": split, **figures} for name, split, figures in inference
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        for report in reports:
            for line in runner.format_report(report):
                self.stdout.write(line)
            self.stdout.write("")
        for name, split, figures in inference:
            self.stdout.write(
                f"Themes inferred from the text, set {name} {split} ({figures['n']} requests with ticked "
                f"themes): the first is one of theirs {figures['top1']:.0%}, their themes found {figures['recall']:.0%}"
            )
