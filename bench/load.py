"""Load test: 50 users for 120 s, mixed reads and writes, against the production profile.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120] [--workers 3] [--requests 10000] [--reuse]
    make load

The production profile on this machine: `DJANGO_SETTINGS_MODULE=config.production`, gunicorn
with `config/gunicorn.py` (`--workers` sync workers on loopback port 8741), PostgreSQL (a
scratch database, postgres://postgres@127.0.0.1:5432/connective_load or
BENCH_LOAD_DATABASE_URL, dropped and re-created unless `--reuse`) and Redis (the shared cache,
redis://127.0.0.1:6379/0 or BENCH_LOAD_REDIS_URL). Background work runs in-process after
commit, as it does without a broker (no Celery worker is started here). The database is seeded
with `seed_demo` (300 members, 200 practices) and static files collected (the manifest
storage). HTTPS is what a proxy would say it is: every request carries `X-Forwarded-Proto:
https` (the profile's SECURE_PROXY_SSL_HEADER); nothing of the profile is relaxed.

Then, in order:

1. 100 warm-up requests (public pages and a member's), and the memory (RSS, from /proc) of each
   worker;
2. locust (bench/loadtest/locustfile.py): `--users` users for `--seconds`, 2 in 5 visitors
   (library, search, practice pages, map data, home), 3 in 5 members, each signing in with an
   identity of their own (consultation request, directory, their consultations, messages in
   the private space, practice drafts saved and edited, live suggestions);
3. if the server (gunicorn's access log counts) answered fewer than `--requests` (10,000) by
   then, more: public pages and a member's (directory, consultations, their request, live
   suggestions), half and half, on four threads; then the workers' memory again: each worker's
   RSS after 10,000 must be within 1.2 times its RSS after 100 (its private memory is shown
   beside it: RSS also counts the pages the workers share);
4. every write the server acknowledged (each carries a unique token) is looked up in the
   database: none may be missing.

Prints p50/p95 per page and the figures above; the exit status is non-zero when a request
failed, a write is lost or a worker's memory grew beyond 1.2 times.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "load"
PORT = 8741
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_load"
WARM_UP = 100
TARGET = 10_000
GROWTH_LIMIT = 1.2


def environment(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/0"),
        SITE_URL=f"https://127.0.0.1:{PORT}",
        EMAIL_URL="dummy://",  # mail is rendered and handed to a backend that drops it
        MATCHING_SNAPSHOT_DIR=str(OUT / "matching"),
    )
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def prepare(database_url: str, env: dict[str, str], reuse: bool) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not reuse:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            connection.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    print(
        f"  migrated, seeded (seed_demo) and static files collected in {time.perf_counter() - started:.0f} s"
    )


def world(env: dict[str, str], users: int) -> dict[str, Any]:
    """The identities (approved members without a second factor: no coordinator, no staff),
    published practices and a theme, read with the app's own models."""
    os.environ.update(env)
    import django

    django.setup()
    from connective.core.models import Theme
    from connective.members.models import MemberProfile
    from connective.networks.demo import DEMO_PASSWORD
    from connective.practices.models import Practice

    members = list(
        MemberProfile.objects.filter(status="approved", user__is_active=True, user__is_staff=False)
        .exclude(user__authenticator__isnull=False)
        .order_by("pk")
        .values_list("user__email", flat=True)[: users * 2]
    )
    practices = list(Practice.objects.filter(status="published").values_list("slug", flat=True)[:200])
    theme = Theme.active().order_by("pk").values_list("pk", flat=True).first()
    return {"members": members, "practices": practices, "theme": theme, "password": DEMO_PASSWORD}


def get(path: str, cookie: str = "") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def member_pages(email: str) -> tuple[str, list[str]]:
    """A session of this member, and the pages they open: the directory, their consultations,
    the two forms, live suggestions, and the last request they asked (if any)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from connective.accounts.models import User
    from connective.consultations.models import ConsultationRequest

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    pages = [
        "/members/",
        "/consultations/",
        "/consultations/new/",
        "/practices/new/",
        "/consultations/suggest/?title=Leaks+in+the+water+network&description=We+lose+water+before+homes",
    ]
    asked = ConsultationRequest.objects.filter(requester__user=user).order_by("-pk").first()
    if asked is not None:
        pages.append(f"/consultations/{asked.public_id}/")
    return f"sessionid={session.session_key}", pages


def more_requests(count: int, practices: list[str], *, member: tuple[str, list[str]] = ("", [])) -> int:
    """`count` GETs on four threads, of public pages and (when `member` is given) half of them a
    member's pages with their session; returns how many did not answer 200."""
    paths = ["/", "/practices/", "/practices/?q=water", "/practices/map/data.json"]
    cookie, private = member
    bad = 0
    lock = threading.Lock()
    todo = iter(range(count))

    def run() -> None:
        nonlocal bad
        rng = random.Random()
        for _ in todo:
            if private and rng.random() < 0.5:
                status = get(rng.choice(private), cookie)
            else:
                status = get(rng.choice([*paths, *(f"/practices/{s}/" for s in rng.sample(practices, 4))]))
            if status != 200:
                with lock:
                    bad += 1

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return bad


def served() -> dict[int, int]:
    """Requests answered so far, per worker (from gunicorn's access log: one line each)."""
    counts: dict[int, int] = {}
    for line in (OUT / "access.log").read_text().splitlines():
        pid = int(line.split()[0].strip("<>"))
        counts[pid] = counts.get(pid, 0) + 1
    return counts


def workers(master: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def rss(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time these processes have used, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):  # a worker restarted: reported below
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def uss(pid: int) -> float:
    """Memory only this process holds (private pages, not what the workers share), in MB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kb = {key: int(value) for key, value in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
    return (kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024


def start_server(env: dict[str, str], worker_count: int) -> subprocess.Popen[bytes]:
    log = (OUT / "gunicorn.log").open("wb")
    options = f"--bind 127.0.0.1:{PORT} --workers {worker_count} --timeout 60 --no-control-socket".split()
    (OUT / "access.log").unlink(missing_ok=True)
    options += ["--access-logfile", str(OUT / "access.log"), "--access-logformat", "%(p)s %(s)s"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi", *options],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}): see {OUT / 'gunicorn.log'}")
        try:
            if len(workers(server.pid)) == worker_count and get("/accounts/login/") == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within two minutes")


def lost_writes(acked: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """Per kind: (acknowledged, missing from the database)."""
    from connective.consultations.models import ConsultationMessage, ConsultationRequest
    from connective.practices.models import Practice

    titles = set(
        ConsultationRequest.objects.filter(title__startswith="Reducing water losses ").values_list(
            "title", flat=True
        )
    )
    bodies = set(ConsultationMessage.objects.filter(body__startswith="Note ").values_list("body", flat=True))
    practices = dict(
        Practice.objects.filter(title__startswith="Water kiosks ").values_list("title", "summary")
    )
    last_edit: dict[str, str] = {}
    for entry in acked.get("draft_edit", []):
        title, token = entry.rsplit(" ", 1)
        last_edit[f"Water kiosks {title}"] = token
    return {
        "consultation requests": (
            len(acked["consultation"]),
            sum(f"Reducing water losses {t}" not in titles for t in acked["consultation"]),
        ),
        "messages": (len(acked["message"]), sum(f"Note {t}" not in bodies for t in acked["message"])),
        "practice drafts": (
            len(acked["draft"]),
            sum(f"Water kiosks {t}" not in practices for t in acked["draft"]),
        ),
        "draft edits (the last of each)": (
            len(last_edit),
            sum(not practices.get(title, "").endswith(token) for title, token in last_edit.items()),
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--requests", type=int, default=TARGET, help="requests before memory is measured again"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database of a previous run")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL)
    env = environment(database_url)
    prepare(database_url, env, args.reuse)
    seen = world(env, args.users)
    (OUT / "world.json").write_text(json.dumps(seen))
    load_avg = os.getloadavg()[0]

    server = start_server(env, args.workers)
    try:
        # The warm-up opens every kind of page the run reads (a member's too), so that what a
        # worker loads once (templates, the suggestions' caches) is in before the first figure.
        member = member_pages(seen["members"][-1])
        bad = more_requests(WARM_UP - sum(served().values()), seen["practices"], member=member)
        pids = workers(server.pid)
        after_warm_up = {pid: rss(pid) for pid in pids}
        private_warm_up = {pid: uss(pid) for pid in pids}
        print(f"  {args.workers} workers, RSS after {WARM_UP} warm-up requests ({bad} not 200): "
              + ", ".join(f"{mb:.0f} MB" for mb in after_warm_up.values()), flush=True)  # fmt: skip

        # The workers' memory as the requests add up, every 5 s: a plateau is warm caches, a
        # slope would be a leak.
        samples: list[tuple[int, list[float]]] = []
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(5):
                with contextlib.suppress(OSError, ValueError):  # a line half written
                    samples.append((sum(served().values()), [rss(pid) for pid in pids]))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        acked_file = OUT / "acked.json"
        acked_file.unlink(missing_ok=True)
        started = time.perf_counter()
        cpu_before, served_before = cpu_seconds(pids), sum(served().values())
        options = (
            f"--headless --users {args.users} --spawn-rate 10 --run-time {args.seconds}s --host"
            f" http://127.0.0.1:{PORT} --csv {OUT / 'stats'} --only-summary --stop-timeout 30 --loglevel WARNING"
        ).split()
        locust = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(ROOT / "bench/loadtest/locustfile.py"),
        ]
        subprocess.run(
            [*locust, *options],
            cwd=ROOT,
            env={**os.environ, "LOAD_WORLD": str(OUT / "world.json"), "LOAD_ACKED": str(acked_file)},
            check=False,
        )
        locust_s = time.perf_counter() - started
        with (OUT / "stats_stats.csv").open() as stats_file:
            rows = list(csv.DictReader(stats_file))
        total = next(r for r in rows if r["Name"] == "Aggregated")
        after_locust = sum(served().values())
        cpu_used = cpu_seconds(pids) - cpu_before
        topped_up = max(0, args.requests - after_locust)
        if topped_up:
            bad += more_requests(topped_up, seen["practices"], member=member_pages(seen["members"][0]))
        sampling.set()
        per_worker = served()
        count = sum(per_worker.values())
        now = workers(server.pid)
        after = {pid: rss(pid) for pid in now}
        private_after = {pid: uss(pid) for pid in now}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)

    acked = json.loads(acked_file.read_text())
    lost = lost_writes(acked)

    print(f"\n  locust: {args.users} users for {args.seconds} s ({locust_s:.0f} s with spawning and stopping),"
          f" load average before {load_avg:.1f}")  # fmt: skip
    during = after_locust - served_before
    print(f"  the workers used {cpu_used:.0f} s of CPU for {during:,} requests ({1000 * cpu_used / max(during, 1):.0f} ms"
          f" a request), {cpu_used / locust_s:.2f} of this machine's {os.cpu_count()} cores")  # fmt: skip
    print(f"  {'page':48} {'requests':>8} {'failures':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for row in rows:
        print(
            f"  {row['Type'] + ' ' + row['Name'] if row['Name'] != 'Aggregated' else 'all':48} "
            f"{row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>7} {row['95%']:>7} "
            f"{float(row['Max Response Time']):>7.0f}"
        )
    failures = int(total["Failure Count"]) + bad
    if (OUT / "stats_failures.csv").exists():
        for row in csv.DictReader((OUT / "stats_failures.csv").open()):
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    print(f"\n  requests served: {count:,} ({after_locust:,} by the end of locust, with the warm-up; then"
          f" {topped_up:,} more, public and a member's pages, to reach {args.requests:,}); per worker: "
          + ", ".join(f"{n:,}" for n in per_worker.values()))  # fmt: skip
    print(f"  failures: {failures} (locust {total['Failure Count']}, warm-up and top-up {bad})")
    lost_total = 0
    for kind, (acknowledged, missing) in lost.items():
        lost_total += missing
        print(f"  acknowledged {kind}: {acknowledged:,}, missing from the database: {missing}")
    worst = 0.0
    for pid, before in after_warm_up.items():
        if pid in after:
            ratio = after[pid] / before
            worst = max(worst, ratio)
            print(f"  worker {pid}: RSS {before:.0f} MB after {WARM_UP} requests, {after[pid]:.0f} MB after"
                  f" {count:,}: {ratio:.2f}x (private: {private_warm_up[pid]:.0f} MB, then"
                  f" {private_after[pid]:.0f} MB)")  # fmt: skip
        else:
            print(f"  worker {pid} is gone (restarted): its memory cannot be compared")
            worst = float("inf")
    print(f"  worst memory growth: {worst:.2f}x (limit {GROWTH_LIMIT}x)")
    shown = [samples[int(i * (len(samples) - 1) / 9)] for i in range(10)] if len(samples) >= 10 else samples
    print("  RSS of each worker (MB) as the requests add up: " + "; ".join(
        f"{n:,}: {'/'.join(f'{mb:.0f}' for mb in mbs)}" for n, mbs in shown))  # fmt: skip
    return 1 if failures or lost_total or worst > GROWTH_LIMIT else 0


if __name__ == "__main__":
    sys.exit(main())
