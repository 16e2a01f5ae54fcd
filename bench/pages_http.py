"""Benchmark: the pages people open most, through a real HTTP server, at 1,000 and 100,000.

    .venv/bin/python bench/pages_http.py [--sizes 1000,100000] [--reuse] [--duration 4] [--pairs 3]

One scratch PostgreSQL database per size (connective_bench_http_<size>, or BENCH_DATABASE_URL
with the size appended), seeded with the demo generator (`demo_seed` for members,
`seed_practices` for practices) and analysed; `--reuse` keeps the databases seeded before
(seeding 100,000 members and practices takes several minutes).

Embeddings: computing real ones for 100,000 practices takes too long for a benchmark, so, as
in bench/search.py, 1,500 practices are embedded for real and every other published practice
gets the vector of a real one of its language, slightly perturbed (`fake_embeddings`). The
stored neighbours behind "related practices" are then computed from those vectors by the
same function the background refresh uses.

The server is gunicorn with one sync worker pinned with `taskset` to core 0 and the load
generator wrk (Debian package `wrk`; installed with apt-get when missing and run as root)
pinned to core 1, one connection, loopback only. Each page is measured in pairs with a
minimal Django view behind the same middleware (page, minimal, alternately, each for
`--duration` seconds); the ratio is page req/s / minimal req/s, the median of `--pairs`
pairs; for a signed-in page each pair also measures the minimal view with the same session
cookie (the middleware's own look-ups of session, user and viewer), reported beside the
ratio, which stays the goal's measure. Prints, per page and size, req/s and the ratio, then the flatness (ratio at the
largest size / ratio at the smallest). Goals: ratio >= 0.10 at 100,000 and flatness >= 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench_http"
REAL_EMBEDDINGS = 1500
REQUEST_TITLE = "Bench: reducing water losses in an old distribution network"


def database_url(size: int) -> str:
    return f"{os.environ.get('BENCH_DATABASE_URL', DEFAULT_URL)}_{size}"


def setup_django(url: str) -> None:
    """bench/pages.py's set-up: a minimal view behind the same middleware, any host allowed."""
    from bench.pages import setup_django as setup_pages

    setup_pages(url)


def seed(size: int) -> None:
    """Members, practices, their search index and embeddings, a consultation request; analysed."""
    from django.core.management import call_command
    from django.db import connection

    from bench.search import fake_embeddings
    from connective.consultations.choices import SupportKind
    from connective.consultations.services import RequestData, consultation_request_create
    from connective.core.models import Theme
    from connective.members.choices import MembershipStatus
    from connective.members.models import Language, MemberProfile
    from connective.networks.demo import DEMO_DOMAIN, demo_seed
    from connective.practices.demo import seed_practices
    from connective.practices.search.index import rebuild

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    demo_seed(members=size)
    print(f"  seeded {size:,} members in {time.perf_counter() - started:.0f} s", flush=True)
    contacts = list(
        MemberProfile.objects.filter(status=MembershipStatus.APPROVED).select_related("user")[:20000]
    )
    seed_practices(count=size, rng=random.Random(1), contacts=contacts, index=False, embeddings=False)
    print(f"  seeded {size:,} practices at {time.perf_counter() - started:.0f} s", flush=True)
    rebuild(batch_size=5000, embeddings=False)
    fake_embeddings(REAL_EMBEDDINGS, random.Random(2))
    print(f"  search index and embeddings at {time.perf_counter() - started:.0f} s", flush=True)
    member = MemberProfile.objects.select_related("user").get(user__email=f"member@{DEMO_DOMAIN}")
    consultation_request_create(
        actor=member.user,
        data=RequestData(
            title=REQUEST_TITLE,
            description="Our city loses a third of its drinking water to leaks in old pipes.",
            city=member.city or "Amman",
            country=str(member.country or "JO"),
            support_kind=SupportKind.PEER_ADVICE,
            languages=list(Language.objects.filter(code__in=["en", "ar"])),
            themes=list(Theme.objects.filter(slug="water-supply")),
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  seeded and analysed in {time.perf_counter() - started:.0f} s", flush=True)


def prepare(size: int, *, reuse: bool) -> None:
    """Create and seed the database for `size` (in this process), unless reused."""
    url = database_url(size)
    if not reuse:
        from bench.search import scratch_database

        scratch_database(url)
    setup_django(url)
    if not reuse:
        seed(size)
    from django.core.management import call_command
    from django.db import connection

    from connective.practices.models import PracticeNeighbour
    from connective.practices.search.neighbours import neighbours_refresh

    call_command("migrate", verbosity=0)
    if not PracticeNeighbour.objects.exists():
        # What the background refresh computes after the embeddings change (`search.tasks`).
        started = time.perf_counter()
        done = neighbours_refresh()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE practices_practiceneighbour")
        print(
            f"  stored neighbours of {done:,} practices in {time.perf_counter() - started:.0f} s", flush=True
        )


def wsgi_app() -> Any:
    """What gunicorn serves (`bench.pages_http:wsgi_app()`): the site plus the minimal view."""
    setup_django(os.environ["BENCH_HTTP_DATABASE_URL"])
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def pages(size: int) -> tuple[list[tuple[str, str]], str]:
    """(label, path) of every page measured, and the session cookie of the demo member."""
    from django.test import Client
    from django.urls import reverse

    from connective.consultations.models import ConsultationRequest
    from connective.networks.demo import DEMO_DOMAIN
    from connective.practices.choices import PracticeStatus
    from connective.practices.models import Practice

    member_client = Client()
    from connective.accounts.models import User

    member_client.force_login(User.objects.get(email=f"member@{DEMO_DOMAIN}"))
    cookie = f"sessionid={member_client.cookies['sessionid'].value}"
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("pk")
    practice = published[published.count() // 2]
    request = ConsultationRequest.objects.get(title=REQUEST_TITLE)
    return [
        ("home /", "/"),
        ("network page", reverse("networks:detail", kwargs={"slug": "mena"})),
        ("map data", reverse("practices:map_data")),
        ("library search ?q=water", f"{reverse('practices:list')}?q=water"),
        ("directory (member)", reverse("members:directory")),
        ("feed", reverse("practices:feed")),
        ("directory ?q=water", f"{reverse('members:directory')}?q=water"),
        ("library browse", reverse("practices:list")),
        ("practice page", reverse("practices:detail", kwargs={"slug": practice.slug})),
        ("consultation (requester)", reverse("consultations:detail", args=[request.public_id])),
    ], cookie


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    # Like the Makefile's debian-packages target: install Debian's package when missing.
    print("wrk missing: installing Debian's package wrk", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("wrk") or "wrk"


def rate(wrk: str, url: str, *, cookie: str, duration: float) -> float:
    """Requests per second over one connection for `duration` seconds; fails on any non-2xx."""
    command = ["taskset", "-c", "1", wrk, "-t1", "-c1", f"-d{round(duration)}s", "--timeout", "10s", url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=duration + 30).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"{url}: {output}")
    match = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    if not match:
        raise SystemExit(f"{url}: no rate in wrk's output:\n{output}")
    return float(match.group(1))


def fetch(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310  # loopback
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  # loopback only
        response.read()
        return int(response.status)


def measure(
    size: int, *, duration: float, pairs: int, wrk: str, only: list[str]
) -> dict[str, tuple[float, float, float, float, float]]:
    """{label: (page req/s, minimal req/s, ratio, ratio to the signed-in minimal view, its req/s)},
    the median (by ratio) of `pairs` interleaved runs; the signed-in figures are 0 for visitors' pages."""
    url = database_url(size)
    listed, cookie = pages(size)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115  # open for the server's lifetime
    server = subprocess.Popen(
        [
            "taskset", "-c", "0", str(Path(sys.executable).with_name("gunicorn")),
            "--workers", "1", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
            "--chdir", str(ROOT), "--log-level", "warning", "--timeout", "120",
            "bench.pages_http:wsgi_app()",
        ],
        env={**os.environ, "BENCH_HTTP_DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "WARNING"},
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    results: dict[str, tuple[float, float, float, float, float]] = {}
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
            if only and not any(label.startswith(prefix) for prefix in only):
                continue
            address = f"{base}{path}"
            page_cookie = "" if label in ANONYMOUS else cookie
            for _ in range(5):  # warm: templates, the embedding matrix, caches
                status = fetch(address, page_cookie)
                assert status == 200, (address, status)
            runs = []
            for _ in range(pairs):
                page = rate(wrk, address, cookie=page_cookie, duration=duration)
                minimal = rate(wrk, f"{base}/bench-minimal/", cookie="", duration=duration)
                # A signed-in page also pays the session, user and viewer look-ups of the
                # middleware; the minimal view with the same cookie says how much (reported
                # beside the ratio, which stays the goal's measure).
                signed_in = (
                    rate(wrk, f"{base}/bench-minimal/", cookie=page_cookie, duration=duration)
                    if page_cookie
                    else 0.0
                )
                runs.append(
                    (page, minimal, page / minimal, page / signed_in if signed_in else 0.0, signed_in)
                )
            runs.sort(key=lambda run: run[2])
            results[label] = runs[len(runs) // 2]
            page, minimal, ratio, to_signed_in, signed_in = results[label]
            extra = (
                f"  (signed-in minimal {signed_in:7.1f} req/s: ratio {to_signed_in:.3f})" if signed_in else ""
            )
            print(
                f"    {label:28s} {page:8.1f} req/s  minimal {minimal:7.1f} req/s  ratio {ratio:.3f}{extra}",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


ANONYMOUS = {
    "home /",
    "network page",
    "map data",
    "library search ?q=water",
    "feed",
    "library browse",
    "practice page",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--reuse", action="store_true", help="Keep the scratch databases seeded before.")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per wrk run")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated labels' prefixes to measure")
    args = parser.parse_args(argv)
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("needs two cores: one for the server, one for wrk")
    sizes = [int(s) for s in args.sizes.split(",")]
    wrk_path()  # install it once, before the first size
    table: dict[int, dict[str, tuple[float, ...]]] = {}
    for size in sizes:
        # Seeding and the pages' addresses need Django in a process of its own per database.
        command = [sys.executable, __file__, "--measure", str(size), str(args.duration), str(args.pairs)]
        if not args.reuse:
            command.append("--seed")
        print(f"  {size:,} members and practices (load average {os.getloadavg()[0]:.1f})", flush=True)
        output = subprocess.run(
            command,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "BENCH_ONLY": args.only},
        )
        sys.stdout.write(output.stdout.split("RESULTS")[0])
        table[size] = json.loads(output.stdout.split("RESULTS")[1])
    small, large = min(sizes), max(sizes)
    print(
        f"\n  {'page':28s} "
        + "".join(f"{f'req/s at {s:,}':>17s} {'ratio':>6s}" for s in sizes)
        + "  flatness"
    )
    failed = False
    for label in table[large]:
        cells = "".join(f"{table[s][label][0]:17.1f} {table[s][label][2]:6.3f}" for s in sizes)
        flatness = table[large][label][2] / table[small][label][2]
        ok = table[large][label][2] >= 0.10 and flatness >= 0.8
        failed |= not ok
        print(f"  {label:28s} {cells}  {flatness:8.2f}{'' if ok else '  (below goal)'}")
    print("  goals: ratio >= 0.10 at the largest size, flatness (ratio largest / smallest) >= 0.8")
    return 0


def measure_main(size: int, duration: float, pairs: int, seed_first: bool) -> None:
    prepare(size, reuse=not seed_first)
    only = [p for p in os.environ.get("BENCH_ONLY", "").split(",") if p]
    results = measure(size, duration=duration, pairs=pairs, wrk=wrk_path(), only=only)
    print("RESULTS" + json.dumps(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seed-only"]:
        prepare(int(sys.argv[2]), reuse=False)
    elif sys.argv[1:2] == ["--measure"]:
        measure_main(int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), "--seed" in sys.argv)
    else:
        sys.exit(main())
