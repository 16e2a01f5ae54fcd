"""Benchmark: the daily digest for 100,000 members.

    .venv/bin/python bench/digest.py [--members 100000] [--pg]

Works on a scratch database it drops and re-creates: SQLite var/bench_digest.sqlite3, or with
--pg PostgreSQL at postgres://postgres@127.0.0.1:5432/connective_bench_digest (or
BENCH_DATABASE_URL). Seeds N approved members, each with the daily digest chosen, two expertise
themes, and half of them with two notifications waiting for it (their practice published,
their practice sent back: two kinds), and 200 practices published in the last day (the
section's "new practices on your themes"). Then times `send_digests(frequency="daily")`, mail
rendered in each member's language (text and HTML) and handed to Django's in-memory backend,
and prints the figure; then a rerun of the same day (which must send nothing).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import announce, scratch_database  # noqa: E402  # the scratch database, as search.py does


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--pg", action="store_true")
    args = parser.parse_args()
    url = (
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/connective_bench_digest")
        if args.pg
        else "sqlite:///var/bench_digest.sqlite3"
    )
    scratch_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_URL"] = "locmem://"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(args.members)
    announce(f"daily digest of {args.members:,} members")
    from django.core import mail

    from connective.notifications.digests import send_digests

    mail.outbox = []
    started, cpu = time.perf_counter(), time.process_time()
    run = send_digests(frequency="daily")
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"daily digest: {run.considered:,} members, {run.sent:,} mails in {wall:.1f} s "
        f"({wall / 60:.1f} min; {1000 * wall / max(run.considered, 1):.2f} ms a member; "
        f"process CPU {used:.1f} s)",
        flush=True,
    )
    assert len(mail.outbox) == run.sent
    started = time.perf_counter()
    again = send_digests(frequency="daily")
    print(f"rerun of the same day: {again.sent} mails in {time.perf_counter() - started:.1f} s", flush=True)


def seed(members: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from connective.accounts.models import User
    from connective.core.models import AuditEvent, Theme
    from connective.members.models import MemberProfile
    from connective.notifications.models import Notification, NotificationPreference
    from connective.practices.choices import PracticeEvent, PracticeStatus
    from connective.practices.models import Practice

    started = time.perf_counter()
    rng = random.Random(11)
    themes = list(Theme.objects.values_list("pk", flat=True))
    now = timezone.now()
    languages = ["en", "fr", "ar", "pt"]
    with transaction.atomic():
        practices = Practice.objects.bulk_create(
            [
                Practice(
                    slug=f"bench-digest-{n}",
                    status=PracticeStatus.PUBLISHED,
                    title=f"Water kiosks {n}",
                    summary="Neighbourhood kiosks sell clean water at a fair price where pipes do not reach.",
                    city="Amman",
                    country="JO",
                    region="mena",
                    language_id=languages[n % 4],
                    published_at=now - datetime.timedelta(hours=2),
                    first_published_at=now - datetime.timedelta(hours=2),
                    version=1,
                )
                for n in range(200)
            ]
        )
        Practice.themes.through.objects.bulk_create(
            [Practice.themes.through(practice_id=p.pk, theme_id=rng.choice(themes)) for p in practices]
        )
    batch = 10_000
    for start in range(0, members, batch):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"member{n}@bench.example.org",
                        full_name=f"Member {n}",
                        preferred_language=languages[n % 4],
                        password="!",  # noqa: S106  # an unusable password: nobody signs in
                    )
                    for n in range(start, min(members, start + batch))
                ]
            )
            profiles = MemberProfile.objects.bulk_create(
                [
                    MemberProfile(
                        user=user,
                        member_type="practitioner",
                        organisation="City",
                        city="Amman",
                        country="JO",
                        region="mena",
                        status="approved",
                    )
                    for user in users
                ]
            )
            MemberProfile.expertise.through.objects.bulk_create(
                [
                    MemberProfile.expertise.through(memberprofile_id=profile.pk, theme_id=theme)
                    for profile in profiles
                    for theme in rng.sample(themes, 2)
                ]
            )
            NotificationPreference.objects.bulk_create(
                [NotificationPreference(user=user, kind="digest", frequency="daily") for user in users]
            )
            waiting = users[::2]
            practice_of = {user.pk: practices[rng.randrange(len(practices))] for user in waiting}
            Practice.authors.through.objects.bulk_create(
                [Practice.authors.through(practice_id=practice_of[u.pk].pk, user_id=u.pk) for u in waiting]
            )
            events = AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        action=kind.value,
                        target_type="practices.practice",
                        target_id=str(practice_of[u.pk].pk),
                    )
                    for u in waiting
                    for kind in (PracticeEvent.PUBLISHED, PracticeEvent.CHANGES_REQUESTED)
                ]
            )
            Notification.objects.bulk_create(
                [
                    Notification(recipient=user, event=event, kind=event.action, frequency="daily")
                    for user, event in zip([u for u in waiting for _kind in range(2)], events, strict=True)
                ]
            )
    print(f"seeded {members:,} members in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
