"""Benchmark: consultation suggestions from the database, 100,000 practices and 100,000 members.

    .venv/bin/python bench/matching_db.py [--practices N] [--members N] [--requests N] [--real N]

Works on a scratch PostgreSQL database that it drops and re-creates
(postgres://postgres@127.0.0.1:5432/connective_bench_matching, or BENCH_MATCHING_DATABASE_URL).
Practices come from `connective.practices.demo` (bulk-inserted, as in bench/search.py); members
from the generated advisors of `connective.consultations.evaluation.synthetic` (bios, themes,
languages; 85% willing to advise, 95% active), bulk-inserted, a fifth of the willing ones contact
for a practice, and a few thousand consultations in progress so loads vary. Embeddings: `--real`
distinct texts per kind (default 2,000) are embedded for real (advisor texts cached under var/cache/consultations/)
and every other row gets a perturbed, renormalised copy of one of them, stored in the database
tables (`PracticeEmbedding`, `AdvisorEmbedding`) with the right text hashes, so building the index
reads them and computes nothing.

Prints the cold index build, then `suggestions_for` on the warm index (distinct request texts,
so the request embedding is computed each time): p50/p95 wall, this process's CPU and the time
waiting on SQL; then the live endpoint's throughput against a minimal Django view in the same
process (both through the test client and the same middleware). Goal: p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/connective_bench_matching"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_members(count: int, rng: random.Random) -> tuple[float, int]:
    """`count` approved members from the generated advisors; returns (seconds, willing ones)."""
    from django.db import transaction

    from connective.accounts.models import User
    from connective.consultations.evaluation import synthetic
    from connective.core.models import Theme
    from connective.members.models import Language, MemberProfile

    started = time.perf_counter()
    generated = synthetic.advisors(count, seed=13)
    known_languages = set(Language.objects.values_list("code", flat=True))
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    batch = 5000
    for start in range(0, count, batch):
        chunk = generated[start : start + batch]
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"member{start + n}@example.org",
                    full_name=advisor.name,
                    password="!",  # noqa: S106  # an unusable password: nobody signs in as them
                    is_active=advisor.active,
                )
                for n, advisor in enumerate(chunk)
            )
            profiles = []
            for user, advisor in zip(users, chunk, strict=True):
                language = sorted(advisor.languages)[0]
                city, country, region = rng.choice(synthetic.CITIES.get(language, synthetic.CITIES["en"]))
                profiles.append(
                    MemberProfile(
                        user=user,
                        member_type="practitioner",
                        organisation="City administration",
                        city=city,
                        country=country,
                        region=region,
                        bio="\n".join([advisor.bio, *advisor.past_topics]),
                        willing_to_advise=advisor.willing,
                        status="approved",
                    )
                )
            profiles = MemberProfile.objects.bulk_create(profiles)
            MemberProfile.languages.through.objects.bulk_create(
                MemberProfile.languages.through(memberprofile_id=profile.pk, language_id=code)
                for profile, advisor in zip(profiles, chunk, strict=True)
                for code in advisor.languages
                if code in known_languages
            )
            MemberProfile.expertise.through.objects.bulk_create(
                MemberProfile.expertise.through(memberprofile_id=profile.pk, theme_id=theme_ids[slug])
                for profile, advisor in zip(profiles, chunk, strict=True)
                for slug in advisor.themes
                if slug in theme_ids
            )
    return time.perf_counter() - started, sum(1 for advisor in generated if advisor.willing)


def link_contacts_and_consultations(rng: random.Random, consultations: int) -> None:
    """A fifth of the willing members become contact for a practice; `consultations` requests
    are in progress with one accepted advisor each."""
    from connective.consultations.choices import InvitationStatus, RequestStatus
    from connective.consultations.models import ConsultationRequest, Invitation
    from connective.members.models import MemberProfile
    from connective.practices.models import Practice

    willing = list(MemberProfile.objects.filter(willing_to_advise=True).values_list("id", flat=True))
    everyone = list(MemberProfile.objects.values_list("id", flat=True))
    practice_ids = list(Practice.objects.filter(status="published").values_list("id", flat=True))
    Practice.contacts.through.objects.bulk_create(
        (
            Practice.contacts.through(practice_id=rng.choice(practice_ids), memberprofile_id=pk)
            for pk in rng.sample(willing, k=len(willing) // 5)
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    requests = ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            requester_id=rng.choice(everyone),
            title=f"Consultation {n}",
            description="A challenge under way.",
            city="Amman",
            country="JO",
            region="mena",
            network="mena",
            status=RequestStatus.IN_PROGRESS,
        )
        for n in range(consultations)
    )
    Invitation.objects.bulk_create(
        (
            Invitation(request=request, advisor_id=rng.choice(willing), status=InvitationStatus.ACCEPTED)
            for request in requests
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )


def advisor_embeddings(real: int) -> tuple[float, int, int]:
    """Store an embedding for every willing member (bio and past topics, with the hash the index
    build checks): see `bench.matching_http.advisor_embeddings`. Returns (seconds, real, stored)."""
    from bench.matching_http import advisor_embeddings as store

    seconds, stored = store(real)
    return seconds, min(real, stored), stored


def drafts(count: int, rng: random.Random) -> list:
    """Distinct requests: the evaluation set's challenges, each with a varying closing sentence,
    asked by random members with their own languages and region."""
    from connective.consultations.evaluation import dataset
    from connective.consultations.suggestions.service import RequestDraft
    from connective.members.models import MemberProfile

    challenges = dataset.load().challenges
    requesters = list(MemberProfile.objects.order_by("?").prefetch_related("languages")[:count])
    closings = [
        "We need advice soon.",
        "Any experience helps.",
        "The council decides next month.",
        "Thank you.",
    ]
    result = []
    for n in range(count):
        challenge = challenges[n % len(challenges)].request
        requester = requesters[n % len(requesters)]
        result.append(
            RequestDraft(
                title=challenge.title,
                description=f"{challenge.description} {closings[n % len(closings)]} ({n})",
                what_was_tried=challenge.tried,
                themes=challenge.themes,
                languages=tuple(sorted(language.code for language in requester.languages.all())),
                region=requester.region,
                requester=requester,
            )
        )
    return result


def measure(requests: int, rng: random.Random) -> dict[str, float]:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from connective.accounts.models import ConsentRecord, User
    from connective.accounts.selectors import legal_documents_current
    from connective.consultations.suggestions.service import suggestions_for
    from connective.networks.demo import _consents

    pool = drafts(requests * 2 + 20, rng)
    for draft in pool[:20]:
        suggestions_for(request=draft)
    sql_ms: list[float] = []

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_ms[-1] += (time.perf_counter() - started) * 1000

    latencies, cpu, found = [], [], 0
    with connection.execute_wrapper(timed):
        for draft in pool[20 : 20 + requests]:
            sql_ms.append(0.0)
            started, cpu_started = time.perf_counter(), time.process_time()
            suggestions = suggestions_for(request=draft)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            found += len(suggestions.advisors)

    member = User.objects.filter(profile__status="approved", is_active=True).order_by("id").first()
    assert member is not None
    # The member has accepted the current guidelines, as everyone signing in has.
    ConsentRecord.objects.bulk_create(_consents([member.pk], list(legal_documents_current()), timezone.now()))
    client = Client()
    client.force_login(member)
    endpoint = [
        {"title": d.title, "description": d.description} for d in pool[20 + requests : 20 + 2 * requests]
    ]
    response = client.post("/consultations/suggest/", endpoint[0])
    assert response.status_code == 200, response.status_code
    assert client.get("/bench-minimal/").status_code == 200
    started = time.perf_counter()
    for data in endpoint:
        client.post("/consultations/suggest/", data)
    endpoint_rps = len(endpoint) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in endpoint:
        client.get("/bench-minimal/")
    minimal_rps = len(endpoint) / (time.perf_counter() - started)
    return {
        "p50_ms": statistics.median(latencies),
        "p95_ms": float(np.percentile(latencies, 95)),
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p95_ms": float(np.percentile(cpu, 95)),
        "sql_p50_ms": statistics.median(sql_ms),
        "sql_p95_ms": float(np.percentile(sql_ms, 95)),
        "advisors_per_request": found / requests,
        "endpoint_rps": endpoint_rps,
        "minimal_rps": minimal_rps,
        "ratio": minimal_rps / endpoint_rps,
    }


def seed(args: argparse.Namespace, rng: random.Random) -> None:
    from django.db import connection

    from bench.search import fake_embeddings, load

    seed_practices_s = load(args.practices, rng)
    practice_embed_s, practice_real = fake_embeddings(args.real, rng)
    members_s, willing = seed_members(args.members, rng)
    link_contacts_and_consultations(rng, args.consultations)
    advisor_embed_s, advisor_real, stored = advisor_embeddings(args.real)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"  seeded {args.practices:,} practices in {seed_practices_s:.0f} s, {args.members:,} members "
        f"({willing:,} willing to advise) in {members_s:.0f} s, {args.consultations:,} consultations in progress"
    )
    print(
        f"  embeddings stored in the database: practices {practice_real:,} real + perturbed copies "
        f"({practice_embed_s:.0f} s); advisors {advisor_real:,} distinct profile texts real + perturbed "
        f"copies, {stored:,} in all ({advisor_embed_s:.0f} s)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--real", type=int, default=2_000, help="texts embedded for real per kind")
    parser.add_argument("--consultations", type=int, default=3_000, help="consultations in progress")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the scratch database of the last run (no seeding)",
    )
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("this benchmark runs on PostgreSQL only")

    from bench.search import announce, scratch_database, setup_django

    if not args.reuse:
        scratch_database(url)
    setup_django(url)
    from django.core.management import call_command

    from connective.consultations.suggestions.service import index_build

    announce("matching from the database")
    rng = random.Random(2026)
    if not args.reuse:
        call_command("migrate", verbosity=0)
        seed(args, rng)

    started = time.perf_counter()
    practices, advisors = index_build()
    build_s = time.perf_counter() - started
    print(
        f"  cold index build from the database: {build_s:.1f} s ({practices:,} practices, {advisors:,} advisors); "
        f"process peak RSS {_rss_mb():.0f} MB"
    )
    figures = measure(args.requests, rng)
    print(
        f"  suggestions_for on the warm index, {args.requests} distinct requests (request embedded each time): "
        f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms (goal p95 < 200 ms); "
        f"{figures['advisors_per_request']:.1f} advisors per request"
    )
    print(
        f"    of which this process's CPU: p50 {figures['cpu_p50_ms']:.1f} ms, p95 {figures['cpu_p95_ms']:.1f} ms; "
        f"waiting on SQL: p50 {figures['sql_p50_ms']:.1f} ms, p95 {figures['sql_p95_ms']:.1f} ms"
    )
    print(
        f"  live endpoint /consultations/suggest/: {figures['endpoint_rps']:.1f} req/s vs minimal view "
        f"{figures['minimal_rps']:.0f} req/s (minimal/endpoint = {figures['ratio']:.0f}x); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return {"build_s": build_s, **figures}


if __name__ == "__main__":
    main()
