"""Fill an empty database with a fictional, multilingual community for demonstrations."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connective.accounts.models import User
from connective.consultations.suggestions.snapshot import snapshot_build
from connective.core.models import Theme
from connective.networks.demo import DEMO_DOMAIN, demo_write
from connective.networks.programme.demo import write_programme
from connective.practices.demo import (
    REAL_PER_GROUP,
    SAMPLED_EMBEDDINGS_ABOVE,
    embeddings_sampled,
    generate_community,
    write_practices,
)


class Command(BaseCommand):
    help = (
        "Create demo staff, coordinators (with two-factor set up), N fictional members and their"
        " good practices."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=300, help="How many members (default 300).")
        parser.add_argument(
            "--practices", type=int, default=200, help="How many good practices (default 200; 0 for none)."
        )
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any user exists.")
        parser.add_argument("--seed", type=int, default=2024, help="Random seed: same seed, same community.")

    def handle(
        self, *args: Any, members: int, practices: int, if_empty: bool, seed: int, **options: Any
    ) -> None:
        if members < 1:
            raise CommandError("--members must be at least 1.")
        if practices < 0:
            raise CommandError("--practices must be 0 or more.")
        if if_empty and User.objects.exists():
            self.stdout.write("There are users already: nothing to do (--if-empty).")
            return
        if User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
            raise CommandError(
                f"Demo users (@{DEMO_DOMAIN}) exist already. Seed an empty database, or use --if-empty."
            )
        started = time.monotonic()
        themes = list(Theme.active().order_by("slug"))
        if not themes:
            raise CommandError("No themes: run the migrations first.")
        # The community is decided in memory first (`generate_community` is the contract the
        # matching evaluation relies on), then written as it is.
        community = generate_community(members=members, practices=practices, seed=seed, themes=themes)
        written = demo_write(people=community.people, progress=lambda m: self.stdout.write(m))
        result = written.result
        made = 0
        if practices:
            self.stdout.write(f"Writing {practices} good practices and their search index ...")
            sampled = practices > SAMPLED_EMBEDDINGS_ABOVE
            made = write_practices(
                specs=community.practices,
                profiles=written.profiles,
                rng=random.Random(seed),
                embeddings=not sampled,
            )
            if sampled:
                self.stdout.write(
                    f"Embedding {REAL_PER_GROUP} practices of each measure and language for real, "
                    "close copies for the rest (a demo of this size) ..."
                )
                embeddings_sampled(rng=random.Random(seed))
        self.stdout.write("Writing the networks' programmes (proposals, supports, decisions) ...")
        write_programme(rng=random.Random(seed))
        from connective.discussions.demo import demo_discussions

        self.stdout.write("Writing a few discussions ...")
        demo_discussions()
        from connective.conversations.demo import demo_conversations

        self.stdout.write("Writing a few conversations and questions under practices ...")
        demo_conversations()
        # Advisors' embeddings and the matching index, built here once, so that no request
        # (nor each server worker) computes them: workers map the stored snapshot.
        self.stdout.write("Storing advisors' embeddings and the matching index ...")
        snapshot_build()
        elapsed = time.monotonic() - started

        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"Created {result.members} members ({result.pending} awaiting approval) and {made} good"
                f" practices in {elapsed:.1f} s."
            )
        )
        out(
            "Approved members by network: "
            + ", ".join(f"{r} {n}" for r, n in sorted(result.by_region.items()))
        )
        out("")
        out(self.style.MIGRATE_HEADING(f"Demo logins (every password: {result.password})"))
        for login in result.logins:
            out(f"  {login.role:32} {login.email}")
            if login.totp_secret:
                out(f"  {'':32} two-factor: add the TOTP secret {login.totp_secret} to an authenticator app,")
                out(f"  {'':32} or sign in with a recovery code: {', '.join(login.recovery_codes[:3])}")
        out("")
        out("Coordinators and staff must use their second factor; each recovery code works once.")
        out("All demo people are fictional. Never run this on a production database.")
