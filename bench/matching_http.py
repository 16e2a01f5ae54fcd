"""Benchmark: live suggestions over HTTP from gunicorn workers sharing one stored matching index.

    .venv/bin/python bench/matching_http.py [--members N] [--practices N] [--requests N] [--workers N] [--reuse]

A scratch PostgreSQL database (postgres://postgres@127.0.0.1:5432/connective_bench_matching_http,
or BENCH_MATCHING_HTTP_DATABASE_URL), dropped and re-created unless `--reuse`: members from the
demo generator (`connective.networks.demo.demo_seed`), practices from
`connective.practices.demo.seed_practices` (contacts among the willing members). Embeddings:
`--real` texts per kind embedded for real and perturbed copies for the rest, stored in the
database with their text hashes (as bench/search.py does), so that the build computes nothing
the seed skipped; the snapshot is then built once (`snapshot_build`), into a scratch folder.

Then gunicorn (`config/gunicorn.py`, `--workers` sync workers, loopback port 8731) and, over
HTTP: each worker's cold start to ready, the first requests (one per worker, at once), p50/p95
of `--requests` varied GET /consultations/suggest/ from the first request on, memory per worker
(USS and PSS from /proc/<pid>/smaps_rollup, and the snapshot's share of it), and a freshly
started one-worker server's start and first request. Goals: p95 < 200 ms from the first
request, first request < 2 s, memory added per worker beyond the first < 100 MB.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench_matching_http"
PORT = 8731
SOLO_PORT = 8732
MAX_SECONDS = 300  # the request loop stops here whatever the count


def seed(args: argparse.Namespace, rng: random.Random) -> None:
    from django.db import DataError, connection, transaction

    from bench.search import fake_embeddings
    from connective.members.models import MemberProfile
    from connective.networks.demo import demo_seed
    from connective.practices.demo import seed_practices
    from connective.practices.models import Practice

    started = time.perf_counter()
    if MemberProfile.objects.count() < args.members:  # a seed that stopped half-way resumes
        demo_seed(members=args.members)
    members_s = time.perf_counter() - started
    contacts = list(MemberProfile.objects.filter(willing_to_advise=True).order_by("?")[:5000])
    started = time.perf_counter()
    attempts = 0
    while (missing := args.practices - Practice.objects.count()) > 0 and attempts < 200:
        attempts += 1
        try:
            with transaction.atomic():
                seed_practices(
                    count=min(missing, 5000), rng=random.Random(attempts), contacts=contacts, index=False,
                    embeddings=False,
                )  # fmt: skip
        except DataError as error:  # the generator's rare over-long value: that batch is skipped
            print(f"  (a batch of practices skipped: {error})".splitlines()[0], flush=True)
    practices_s = time.perf_counter() - started
    practice_embed_s, practice_real = fake_embeddings(args.real, rng)
    advisor_embed_s, stored = advisor_embeddings(args.real)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"  seeded {args.members:,} members in {members_s:.0f} s, {args.practices:,} practices in "
        f"{practices_s:.0f} s; embeddings: practices {practice_real:,} real + perturbed copies "
        f"({practice_embed_s:.0f} s), advisors {stored:,} ({advisor_embed_s:.0f} s)",
        flush=True,
    )


def advisor_embeddings(real: int) -> tuple[float, int]:
    """An embedding for every willing member, with the hash the build checks: `real` distinct
    texts embedded for real, perturbed copies of them for the rest."""
    from connective.consultations.matching.embedding import embed_texts
    from connective.consultations.suggestions.candidates import (
        _advisor_candidates,
        _digest,
        embedded_texts,
        index_queryset,
    )
    from connective.consultations.suggestions.models import AdvisorEmbedding
    from connective.core.embeddings import to_bytes

    started = time.perf_counter()
    candidates = _advisor_candidates(index_queryset())
    texts = list(dict.fromkeys(t for c in candidates for t in embedded_texts(c) if t))
    nprng = np.random.default_rng(5)
    chosen = [texts[i] for i in sorted(nprng.choice(len(texts), size=min(real, len(texts)), replace=False))]
    base = dict(zip(chosen, embed_texts(chosen), strict=True))
    pool = np.stack(list(base.values()))

    def vector(text: str) -> bytes:
        found = base.get(text)
        if found is None:
            found = pool[int(nprng.integers(0, len(pool)))] + nprng.normal(0, 0.015, 512).astype(np.float32)
            found = (found / np.linalg.norm(found)).astype(np.float32)
        return to_bytes(found)

    objects = []
    for candidate in candidates:
        bio, *topics = embedded_texts(candidate)
        objects.append(
            AdvisorEmbedding(
                profile_id=int(candidate.id),
                vector=vector(bio) if bio else b"",
                topics=b"".join(vector(topic) for topic in topics),
                text_hash=_digest(candidate),
                model="usem3",
            )
        )
    AdvisorEmbedding.objects.filter(profile_id__in=[o.profile_id for o in objects]).delete()
    AdvisorEmbedding.objects.bulk_create(objects, batch_size=5000)
    return time.perf_counter() - started, len(objects)


def session_cookie() -> str:
    """A signed-in approved member who accepted the current guidelines (a session in the database)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from connective.accounts.models import ConsentRecord, User
    from connective.accounts.selectors import legal_documents_current
    from connective.networks.demo import _consents

    member = User.objects.filter(profile__status="approved", is_active=True).order_by("id").first()
    assert member is not None
    documents = list(legal_documents_current())
    ConsentRecord.objects.bulk_create(
        _consents([member.pk], documents, timezone.now()), ignore_conflicts=True
    )
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def queries(count: int, rng: random.Random) -> list[str]:
    """Varied drafts: the evaluation set's challenges, each with a different closing sentence."""
    from connective.consultations.evaluation import dataset

    challenges = dataset.load().challenges
    closings = ["We need advice soon.", "Any experience helps.", "The council decides next month.", ""]
    result = []
    for n in range(count):
        challenge = rng.choice(challenges)
        params = {
            "title": challenge.request.title,
            "description": f"{challenge.request.description} {rng.choice(closings)} ({n})",
        }
        result.append("/consultations/suggest/?" + urllib.parse.urlencode(params))
    return result


def get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    """(milliseconds, status, bytes) of one GET on loopback, a new connection each time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "localhost"})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return elapsed, response.status, len(body)


def memory(pid: int, snapshot: Path) -> dict[str, float]:
    """MB: USS and PSS from smaps_rollup; the snapshot's mapped files' resident and private share."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kb = {key: int(value) for key, value in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
    uss = kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)
    mapped_rss = mapped_private = 0
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            inside = str(snapshot) in line
        elif inside:
            key, _, value = line.partition(":")
            if key == "Rss":
                mapped_rss += int(value.split()[0])
            elif key in ("Private_Clean", "Private_Dirty"):
                mapped_private += int(value.split()[0])
    return {
        "uss": uss / 1024,
        "pss": kb.get("Pss", 0) / 1024,
        "rss": kb.get("Rss", 0) / 1024,
        "snapshot_rss": mapped_rss / 1024,
        "snapshot_private": mapped_private / 1024,
    }


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return sorted(found)


def start_server(
    port: int, workers: int, env: dict[str, str], log: Path
) -> tuple[subprocess.Popen[bytes], float]:
    """gunicorn with the project's config; returns (process, seconds until every worker is ready)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c", "config/gunicorn.py",
            "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}",
            "--timeout", "30",
            "--error-logfile", str(log),
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        text = log.read_text() if log.exists() else ""
        if len(re.findall(r"suggestions (?:ready|not ready)", text)) >= workers:
            return process, time.perf_counter() - started
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    raise SystemExit(f"workers not ready after 180 s; see {log}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--real", type=int, default=2_000, help="texts embedded for real per kind")
    parser.add_argument("--reuse", action="store_true", help="measure again on the last run's database")
    parser.add_argument("--resume", action="store_true", help="with --reuse: seed what is missing first")
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_MATCHING_HTTP_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("this benchmark runs on PostgreSQL only")
    folder = Path(tempfile.mkdtemp(prefix="bench-matching-http-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # its snapshots take hundreds of MB
    os.environ["MATCHING_SNAPSHOT_DIR"] = str(folder / "snapshots")

    from bench.search import announce, scratch_database, setup_django

    if not args.reuse:
        scratch_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from connective.consultations.suggestions.snapshot import snapshot_build, snapshot_size

    announce("suggestions over HTTP")
    rng = random.Random(2026)
    if not args.reuse:
        call_command("migrate", verbosity=0)
        seed(args, rng)
    elif args.resume:
        seed(args, rng)
    started = time.perf_counter()
    path = snapshot_build()
    build_s = time.perf_counter() - started
    size_mb = snapshot_size(path) / 1e6
    print(f"  snapshot built once in {build_s:.1f} s: {size_mb:.0f} MB on disk", flush=True)
    cookie = session_cookie()
    paths = queries(args.requests + args.workers + 1, rng)
    connection.close()

    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    log = folder / "gunicorn.log"
    server, ready_s = start_server(PORT, args.workers, env, log)
    figures: dict[str, object] = {"build_s": build_s, "size_mb": size_mb}
    try:
        warm = [float(s) for s in re.findall(r"suggestions ready in ([\d.]+) s", log.read_text())]
        print(
            f"  gunicorn, {args.workers} sync workers: all ready {ready_s:.1f} s after start; each worker's "
            f"warm-up (snapshot mapped, model loaded, one match): {', '.join(f'{s:.2f} s' for s in warm)}",
            flush=True,
        )
        # One request per fresh worker at once (sync workers take one each).
        first: list[float] = []
        statuses: list[int] = []

        def one(target: str) -> None:
            elapsed, status, _size = get(PORT, target, cookie)
            first.append(elapsed)
            statuses.append(status)

        threads = [threading.Thread(target=one, args=(p,)) for p in paths[: args.workers]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert set(statuses) == {200}, statuses
        latencies = list(first)
        deadline = time.monotonic() + MAX_SECONDS
        for target in paths[args.workers : args.workers + args.requests]:
            if time.monotonic() > deadline:
                break
            elapsed, status, _size = get(PORT, target, cookie)
            assert status == 200, status
            latencies.append(elapsed)
        p50, p95 = statistics.median(latencies), float(np.percentile(latencies, 95))
        print(
            f"  first requests of the fresh workers (at once): {', '.join(f'{ms:.0f} ms' for ms in sorted(first))}; "
            f"{len(latencies)} requests from the first on: p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal < 200 ms)",
            flush=True,
        )
        pids = children(server.pid)
        usage = [memory(pid, folder) for pid in pids]
        for pid, item in zip(pids, usage, strict=True):
            print(
                f"    worker {pid}: USS {item['uss']:.0f} MB, PSS {item['pss']:.0f} MB, RSS {item['rss']:.0f} MB; "
                f"snapshot files resident {item['snapshot_rss']:.0f} MB, of it private {item['snapshot_private']:.1f} MB"
            )
        uss = sorted(item["uss"] for item in usage)
        print(
            f"  memory added per worker beyond the first (its USS: nothing of it shared): "
            f"{statistics.mean(uss):.0f} MB (goal < 100 MB; the snapshot's files are shared: "
            f"{statistics.mean(item['snapshot_private'] for item in usage):.1f} MB private per worker)",
            flush=True,
        )
        figures.update(first_ms=first, p50_ms=p50, p95_ms=p95, ready_s=ready_s, warm_s=warm, memory=usage)
    finally:
        stop(server)

    solo_log = folder / "solo.log"
    solo, solo_ready_s = start_server(SOLO_PORT, 1, env, solo_log)
    try:
        elapsed, status, _size = get(SOLO_PORT, paths[-1], cookie)
        assert status == 200, status
        print(
            f"  a freshly started one-worker server: ready {solo_ready_s:.1f} s after start, "
            f"first request {elapsed:.0f} ms (goal < 2 s)",
            flush=True,
        )
        figures.update(solo_ready_s=solo_ready_s, solo_first_ms=elapsed)
    finally:
        stop(solo)
    return figures


if __name__ == "__main__":
    main()
