"""Benchmark: discussions through a real HTTP server, at 1,000 and 100,000 posts in one space.

    .venv/bin/python bench/discussions_http.py [--sizes 1000,100000] [--reuse] [--duration 3] [--pairs 3]

One scratch PostgreSQL database per size (connective_bench_disc_<size>, or BENCH_DATABASE_URL
with the size appended), with 200 demo members (`demo_seed`), an open section of the MENA
network the demo member belongs to, and in it one thread of 1,000 replies plus threads of 100
posts each until the space holds `size` posts; analysed.

Measured as bench/pages_http.py measures (and with its helpers): gunicorn, one sync worker on
core 0, wrk on core 1, one connection; each page interleaved with the minimal Django view
behind the same middleware; the ratio is page req/s / minimal req/s, median of `--pairs`. The
pages, as the demo member: the discussions across their spaces, the section's list, the thread
of 1,000 replies on its first, middle and last page. Goals: ratio flat between sizes (>= 0.8).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench_disc"
SPACE = "bench-water"
LONG_TITLE = "Bench: a thread of a thousand replies"


def database_url(size: int) -> str:
    return f"{os.environ.get('BENCH_DATABASE_URL', DEFAULT_URL)}_{size}"


def seed(size: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from connective.accounts.models import User
    from connective.discussions.models import Post, Thread
    from connective.networks.demo import DEMO_DOMAIN, demo_seed
    from connective.spaces.choices import SpaceKind
    from connective.spaces.models import Membership, Space

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_seed(members=200)
    member = User.objects.get(email=f"member@{DEMO_DOMAIN}")
    authors = list(User.objects.filter(profile__region="mena")[:50]) or [member]
    network, _created = Space.objects.get_or_create(
        kind=SpaceKind.NETWORK, region="mena", defaults={"slug": "mena-network", "name": "MENA network"}
    )
    space = Space.objects.create(
        slug=SPACE, kind=SpaceKind.SECTION, name="Bench water", parent=network, region="mena"
    )
    Membership.objects.get_or_create(space=space, user=member)
    now = timezone.now()

    def thread_with(title: str, posts: int, at: int) -> None:
        thread = Thread.objects.create(
            space=space, title=title, author=authors[0], language="en", reply_count=posts - 1,
            last_post_at=now - timezone.timedelta(minutes=at),
        )  # fmt: skip
        Post.objects.bulk_create(
            [
                Post(
                    thread=thread,
                    number=n,
                    author=authors[n % len(authors)],
                    language="en",
                    body=f"Reply {n}: we measured the **night flows** of district {n % 40} for a month.",
                )
                for n in range(1, posts + 1)
            ],
            batch_size=5000,
        )

    thread_with(LONG_TITLE, 1001, 0)
    left, index = size - 1001, 0
    while left > 0:
        index += 1
        thread_with(f"Bench topic {index}", min(100, left), index)
        left -= 100
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  seeded {size:,} posts in {time.perf_counter() - started:.0f} s", flush=True)


def prepare(size: int, *, reuse: bool) -> None:
    from bench.pages import setup_django

    url = database_url(size)
    if not reuse:
        from bench.search import scratch_database

        scratch_database(url)
    setup_django(url)
    if not reuse:
        seed(size)


def wsgi_app() -> object:
    from bench.pages import setup_django

    setup_django(os.environ["BENCH_HTTP_DATABASE_URL"])
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def pages() -> tuple[list[tuple[str, str]], str]:
    from django.test import Client
    from django.urls import reverse

    from connective.accounts.models import User
    from connective.discussions.models import Thread
    from connective.networks.demo import DEMO_DOMAIN

    client = Client()
    client.force_login(User.objects.get(email=f"member@{DEMO_DOMAIN}"))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    long = Thread.objects.unscoped().get(title=LONG_TITLE)
    url = reverse("discussions:thread", args=[long.public_id])
    return [
        ("discussions (all spaces)", reverse("discussions:index")),
        ("a space's discussions", reverse("discussions:space", args=[SPACE])),
        ("thread, first page", url),
        ("thread, page 25", f"{url}?page=25"),
        ("thread, last page", f"{url}?page=51"),
    ], cookie


def measure(size: int, *, duration: float, pairs: int) -> dict[str, tuple[float, float, float]]:
    from bench.pages_http import fetch, free_port, rate, wrk_path

    wrk = wrk_path()
    listed, cookie = pages()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115  # open for the server's lifetime
    server = subprocess.Popen(
        [
            "taskset", "-c", "0", str(Path(sys.executable).with_name("gunicorn")),
            "--workers", "1", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
            "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "120",
            "bench.discussions_http:wsgi_app()",
        ],
        env={**os.environ, "BENCH_HTTP_DATABASE_URL": database_url(size), "DEBUG": "false", "LOG_LEVEL": "WARNING"},
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results: dict[str, tuple[float, float, float]] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(f"{base}/bench-minimal/", "")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {log.name}") from None
                time.sleep(0.3)
        for label, path in listed:
            for _ in range(5):
                assert fetch(f"{base}{path}", cookie) == 200, path
            runs = []
            for _ in range(pairs):
                page = rate(wrk, f"{base}{path}", cookie=cookie, duration=duration)
                minimal = rate(wrk, f"{base}/bench-minimal/", cookie="", duration=duration)
                runs.append((page, minimal, page / minimal))
            runs.sort(key=lambda run: run[2])
            results[label] = runs[len(runs) // 2]
            page, minimal, ratio = results[label]
            print(
                f"    {label:26s} {page:8.1f} req/s  minimal {minimal:7.1f} req/s  ratio {ratio:.3f}",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    table: dict[int, dict[str, list[float]]] = {}
    for size in sizes:
        command = [sys.executable, __file__, "--measure", str(size), str(args.duration), str(args.pairs)]
        if not args.reuse:
            command.append("--seed")
        print(f"  {size:,} posts in the space (load average {os.getloadavg()[0]:.1f})", flush=True)
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        sys.stdout.write(output.split("RESULTS")[0])
        table[size] = json.loads(output.split("RESULTS")[1])
    small, large = min(sizes), max(sizes)
    print(
        f"\n  {'page':26s} "
        + "".join(f"{f'req/s at {s:,}':>17s} {'ratio':>6s}" for s in sizes)
        + "  flatness"
    )
    for label in table[large]:
        cells = "".join(f"{table[s][label][0]:17.1f} {table[s][label][2]:6.3f}" for s in sizes)
        flatness = table[large][label][2] / table[small][label][2]
        print(f"  {label:26s} {cells}  {flatness:8.2f}{'' if flatness >= 0.8 else '  (below goal)'}")
    print("  goal: flatness (ratio at the largest size / at the smallest) >= 0.8")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        prepare(int(sys.argv[2]), reuse="--seed" not in sys.argv)
        print(
            "RESULTS"
            + json.dumps(measure(int(sys.argv[2]), duration=float(sys.argv[3]), pairs=int(sys.argv[4])))
        )
    else:
        sys.exit(main())
