"""Benchmark: consultation matching over 100,000 practices and 100,000 advisors, in memory.

    .venv/bin/python bench/matching.py [--practices N] [--advisors N] [--requests N] [--real N]

Texts come from the templates of `connective.consultations.evaluation.synthetic`. Embedding
200,000 texts for real takes far too long for a benchmark, so `--real` distinct texts (default
3,000) are embedded for real (and cached under var/cache/consultations/), and every other
candidate reuses one of those vectors with a small random perturbation, renormalised. Requests
are the evaluation set's challenges (real embeddings) with varied languages and requesters.
Prints the index build time, the index memory, and match latency p50/p95 without and with
embedding the request (goal: p95 < 200 ms).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _setup_django() -> None:
    import django

    django.setup()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vectors(texts: list[str], real: int, cache, rng: np.random.Generator) -> np.ndarray:
    """Real embeddings for the first `real` texts; perturbed copies of them for the rest."""
    base = cache.embed(texts[:real])
    if len(texts) <= real:
        return base
    picks = rng.integers(0, len(base), size=len(texts) - real)
    noise = rng.normal(0.0, 0.015, size=(len(picks), base.shape[1])).astype(np.float32)
    rest = base[picks] + noise
    rest /= np.linalg.norm(rest, axis=1, keepdims=True)
    return np.vstack([base, rest]).astype(np.float32)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--advisors", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--real", type=int, default=3_000, help="texts embedded for real per kind")
    args = parser.parse_args(argv)
    _setup_django()

    from connective.consultations.evaluation import dataset, runner, synthetic
    from connective.consultations.matching import AdvisorIndex, Matcher, PracticeIndex
    from connective.consultations.matching.embedding import embed_texts

    rng = np.random.default_rng(11)
    cache = synthetic.EmbeddingCache(runner.default_cache(), embed_texts)
    started = time.perf_counter()
    practices = synthetic.practices(args.practices)
    advisors = synthetic.advisors(args.advisors)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    practice_vectors = _vectors([p.document for p in practices], args.real, cache, rng)
    advisor_vectors = _vectors([a.document for a in advisors], args.real, cache, rng)
    embedded = time.perf_counter() - started
    practices = [replace(p, embedding=v) for p, v in zip(practices, practice_vectors, strict=True)]
    advisors = [replace(a, embedding=v) for a, v in zip(advisors, advisor_vectors, strict=True)]
    del practice_vectors, advisor_vectors

    started = time.perf_counter()
    matcher = Matcher(practices=PracticeIndex(practices), advisors=AdvisorIndex(advisors))
    built = time.perf_counter() - started
    index_mb = (matcher.practices.nbytes() + matcher.advisors.nbytes()) / 2**20
    vectors_mb = (matcher.practices.matrix.nbytes + matcher.advisors.matrix.nbytes) / 2**20

    challenges = dataset.load().challenges
    challenge_vectors = cache.embed([c.request.text for c in challenges])
    languages = [("ar",), ("fr", "en"), ("en",), ("pt", "en"), ("de", "en"), ("ar", "fr")]
    requests = []
    for number in range(args.requests):
        challenge = challenges[number % len(challenges)]
        request = replace(
            challenge.request,
            languages=languages[number % len(languages)],
            requester_id=f"ga{rng.integers(0, len(advisors))}",
        )
        requests.append((request, challenge_vectors[number % len(challenges)]))

    match_times, full_times, cpu_times = [], [], []
    for request, vector in requests:
        started, cpu_started = time.perf_counter(), time.process_time()
        matcher.match(request, k=5, vector=vector)
        match_times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
    embed_texts(["warm the model up"])  # loaded once per process, not per request
    embed_times = []
    for request, _vector in requests[:50]:
        started = time.perf_counter()
        matcher.match(request, k=5)
        full_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        embed_texts([request.text])
        embed_times.append((time.perf_counter() - started) * 1000)

    result = {
        "practices": len(practices),
        "advisors": len(advisors),
        "real_embeddings_per_kind": min(args.real, len(practices)),
        "generate_s": round(generated, 1),
        "embed_s": round(embedded, 1),
        "index_build_s": round(built, 1),
        "index_mb": round(index_mb, 1),
        "embeddings_mb": round(vectors_mb, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "match_p50_ms": round(float(np.percentile(match_times, 50)), 1),
        "match_p95_ms": round(float(np.percentile(match_times, 95)), 1),
        "match_cpu_p50_ms": round(float(np.percentile(cpu_times, 50)), 1),
        "match_cpu_p95_ms": round(float(np.percentile(cpu_times, 95)), 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "embed_again_p50_ms": round(float(np.percentile(embed_times, 50)), 1),
        "embed_again_p95_ms": round(float(np.percentile(embed_times, 95)), 1),
        "match_with_embedding_p50_ms": round(float(np.percentile(full_times, 50)), 1),
        "match_with_embedding_p95_ms": round(float(np.percentile(full_times, 95)), 1),
    }
    print(
        f"matching: {result['practices']:,} practices and {result['advisors']:,} advisors "
        f"({result['real_embeddings_per_kind']:,} real embeddings per kind, the rest perturbed copies of them)"
    )
    print(
        f"  generate {result['generate_s']} s, embed {result['embed_s']} s, build index {result['index_build_s']} s; "
        f"index arrays {result['index_mb']} MB (float32 embeddings {result['embeddings_mb']} MB of it); "
        f"process peak RSS {result['peak_rss_mb']} MB"
    )
    print(
        f"  practices + advisors for one request, {len(match_times)} requests: "
        f"p50 {result['match_p50_ms']} ms, p95 {result['match_p95_ms']} ms wall; "
        f"CPU p50 {result['match_cpu_p50_ms']} ms, p95 {result['match_cpu_p95_ms']} ms (request vector given; "
        f"machine load average {result['load_average_1min']} on {os.cpu_count()} cores)"
    )
    print(
        f"  including embedding the request, {len(full_times)} requests: "
        f"p50 {result['match_with_embedding_p50_ms']} ms, p95 {result['match_with_embedding_p95_ms']} ms; "
        f"embedding the same text again: p50 {result['embed_again_p50_ms']} ms, p95 {result['embed_again_p95_ms']} ms"
    )
    return result


if __name__ == "__main__":
    main()
