"""Benchmark: the public pages that read a whole community (practice map, a network's page).

    .venv/bin/python bench/pages.py [--members 100000] [--practices 110000] [--requests 20] [--reuse]

Works on a scratch PostgreSQL database that it drops and re-creates:
postgres://postgres@127.0.0.1:5432/connective_bench_pages (or BENCH_DATABASE_URL); `--reuse`
keeps one seeded before (seeding 100,000 members and 110,000 practices takes a few minutes).
Members come from `connective.networks.demo.demo_seed`, practices from
`connective.practices.demo.seed_practices` without search index or embeddings.

Prints, per page, the median time through Django's test client of a first view (the cache
emptied before each request) and of a repeated one (the cache kept), each also as a ratio to
a minimal Django view behind the same middleware; for the map's data, a browser's
revalidation (304) and the size of the body, plain and gzipped.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench_pages"


def setup_django(url: str) -> None:
    """The search benchmark's set-up (minimal view behind the same middleware), any host allowed."""
    from bench.search import setup_django as setup_search

    setup_search(url)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


def seed(members: int, practices: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from connective.members.choices import MembershipStatus
    from connective.members.models import MemberProfile
    from connective.networks.demo import demo_seed
    from connective.practices.demo import seed_practices

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_seed(members=members)
    contacts = list(
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED).select_related("user")[:20000]
    )
    seed_practices(count=practices, rng=random.Random(1), contacts=contacts, index=False, embeddings=False)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {members} members and {practices} practices in {time.perf_counter() - started:.0f} s")


def median_ms(get: Callable[[], object], requests: int, *, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(requests):
        if before:
            before()
        started = time.perf_counter()
        get()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--practices", type=int, default=110_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="Keep the scratch database seeded before.")
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not args.reuse:
        from bench.search import scratch_database

        scratch_database(url)
    setup_django(url)
    if not args.reuse:
        seed(args.members, args.practices)

    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from connective.members.choices import MembershipStatus
    from connective.members.models import MemberProfile
    from connective.networks.models import Network

    client = Client()
    largest = (
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED)
        .values("region")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    network = Network.objects.get(region=largest["region"] if largest else "mena")
    minimal = median_ms(lambda: client.get("/bench-minimal/"), args.requests * 5)
    print(f"minimal view: {minimal:.2f} ms")
    data_url = reverse("practices:map_data")
    pages = [
        ("map page", reverse("practices:map")),
        ("map data", data_url),
        ("map data, one region", f"{data_url}?region=mena"),
        ("map data, one theme", f"{data_url}?theme=water-supply"),
        (f"network page ({network.slug})", reverse("networks:detail", kwargs={"slug": network.slug})),
    ]
    for label, address in pages:
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code)
        first = median_ms(partial(client.get, address), args.requests, before=cache.clear)
        again = median_ms(partial(client.get, address), args.requests)
        print(
            f"{label:34s} first {first:7.1f} ms ({first / minimal:5.0f}x)"
            f"  again {again:6.1f} ms ({again / minimal:4.0f}x)"
        )
        if "ETag" in response:
            etag = response["ETag"]
            revalidate = median_ms(partial(client.get, address, HTTP_IF_NONE_MATCH=etag), args.requests)
            zipped = client.get(address, HTTP_ACCEPT_ENCODING="gzip")
            print(
                f"{'':34s} 304 {revalidate:6.1f} ms; body {len(response.content) / 1024:.0f} KiB,"
                f" gzipped {len(zipped.content) / 1024:.0f} KiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
