"""From the database to the matcher: `PracticeCandidate`s and `AdvisorCandidate`s, with their
stored embeddings, in a fixed number of queries whatever the number of rows.

Advisors are the approved members who consented to advise (`willing_to_advise`). Activity,
consent and load are read again, fresh, for the few advisors a match returns
(`service._fresh_advisors`), so a stale index can never suggest someone who withdrew.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django_countries import countries

from connective.consultations.choices import InvitationStatus, RequestStatus
from connective.consultations.matching import AdvisorCandidate, PracticeCandidate
from connective.consultations.models import Invitation
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.core.embeddings import MAX_CHARS, embed, embedder, from_bytes, to_bytes
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.search.models import PracticeEmbedding
from connective.practices.search.semantic import embeddings_refresh

BATCH = 512


def index_queryset() -> QuerySet[MemberProfile]:
    """The members the index holds: approved and willing to advise. Deactivated accounts stay
    in it (their activity is read fresh for every suggestion), so a reactivated one counts at
    once although deactivating a user moves no stamp."""
    return MemberProfile.objects.filter(status=MembershipStatus.APPROVED, willing_to_advise=True)


def advisors_queryset() -> QuerySet[MemberProfile]:
    """The members who may be suggested as advisors right now: approved, willing and active."""
    return index_queryset().filter(user__is_active=True)


def open_consultations_q(prefix: str = "") -> Q:
    """Accepted invitations on requests in progress: what counts against an advisor's limit."""
    return Q(
        **{
            f"{prefix}status": InvitationStatus.ACCEPTED,
            f"{prefix}request__status": RequestStatus.IN_PROGRESS,
        }
    )


def _place(city: str, country: str) -> str:
    name = countries.name(country) if country else ""
    return ", ".join(part for part in (city, str(name)) if part)


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{embedder().name}\n{text}".encode()).hexdigest()


# Practices -----------------------------------------------------------------------------------


def practice_candidates() -> list[PracticeCandidate]:
    """Every published practice with its stored embedding (six queries).

    Embeddings are the search's own (`practices.search.semantic`); a published practice that
    has none yet (its background task has not run) gets it computed and stored here once.
    """
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    missing = list(published.filter(embedding__isnull=True).values_list("id", flat=True))
    if missing:
        embeddings_refresh(missing)
    themes: dict[int, set[str]] = defaultdict(set)
    for practice_id, slug in Practice.themes.through.objects.filter(
        practice__status=PracticeStatus.PUBLISHED
    ).values_list("practice_id", "theme__slug"):
        themes[practice_id].add(slug)
    vectors = dict(
        PracticeEmbedding.objects.filter(practice__status=PracticeStatus.PUBLISHED).values_list(
            "practice_id", "vector"
        )
    )
    rows = published.order_by("id").values_list(
        "id", "slug", "title", "language_id", "summary", "region", "city", "country"
    )
    candidates = []
    for pk, slug, title, language, summary, region, city, country in rows.iterator(chunk_size=5000):
        vector = vectors.get(pk)
        candidates.append(
            PracticeCandidate(
                id=pk,
                slug=slug,
                title=title,
                language=language,
                text=summary,
                themes=frozenset(themes.get(pk, ())),
                region=region,
                place=_place(city, str(country)),
                embedding=None if vector is None else from_bytes(vector),
            )
        )
    return candidates


# Advisors ------------------------------------------------------------------------------------


def _advisor_candidates(profiles: QuerySet[MemberProfile]) -> list[AdvisorCandidate]:
    """Candidates for these profiles, without embeddings (six queries)."""
    ids = profiles.values("id")
    languages: dict[int, set[str]] = defaultdict(set)
    for profile_id, code in MemberProfile.languages.through.objects.filter(
        memberprofile_id__in=ids
    ).values_list("memberprofile_id", "language_id"):
        languages[profile_id].add(code)
    themes: dict[int, set[str]] = defaultdict(set)
    for profile_id, slug in MemberProfile.expertise.through.objects.filter(
        memberprofile_id__in=ids
    ).values_list("memberprofile_id", "theme__slug"):
        themes[profile_id].add(slug)
    practices: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for profile_id, practice_id, title, summary in (
        Practice.contacts.through.objects.filter(
            memberprofile_id__in=ids, practice__status=PracticeStatus.PUBLISHED
        )
        .order_by("practice_id")
        .values_list("memberprofile_id", "practice_id", "practice__title", "practice__summary")
    ):
        practices[profile_id].append((practice_id, title, summary))
    topics: dict[int, list[str]] = defaultdict(list)
    for profile_id, title in (
        Invitation.objects.filter(
            advisor_id__in=ids, status=InvitationStatus.ACCEPTED, request__status=RequestStatus.CLOSED
        )
        .order_by("-request__closed_at", "id")
        .values_list("advisor_id", "request__title")
    ):
        topics[profile_id].append(title)
    load = dict(
        Invitation.objects.filter(open_consultations_q(), advisor_id__in=ids)
        .values("advisor_id")
        .annotate(n=Count("id"))
        .values_list("advisor_id", "n")
    )
    limit = settings.CONSULTATION_ADVISOR_LIMIT
    rows = profiles.order_by("id").values_list(
        "id", "user__full_name", "user__email", "region", "bio", "city", "country"
    )
    candidates = []
    for pk, name, email, region, bio, city, country in rows.iterator(chunk_size=5000):
        linked = practices.get(pk, [])
        candidates.append(
            AdvisorCandidate(
                id=pk,
                name=name,
                email=email,
                languages=frozenset(languages.get(pk, ())),
                themes=frozenset(themes.get(pk, ())),
                region=region,
                bio=bio,
                practice_ids=tuple(p[0] for p in linked),
                practice_titles=tuple(p[1] for p in linked),
                practice_texts=tuple(p[2] for p in linked),
                past_topics=tuple(topics.get(pk, ())),
                open_consultations=load.get(pk, 0),
                limit=limit,
                place=_place(city, str(country)),
            )
        )
    return candidates


def profile_text(candidate: AdvisorCandidate) -> str:
    """What an advisor's embedding is made of (their profile document, cut short)."""
    return candidate.document.strip()[:MAX_CHARS]


def _store(candidates: Sequence[AdvisorCandidate], stored: dict[int, tuple[str, bytes]]) -> dict[int, bytes]:
    """Compute and store the embeddings of these candidates whose text changed; returns all vectors."""
    vectors = {pk: vector for pk, (_hash, vector) in stored.items()}
    stale: list[tuple[int, str, str]] = []
    for candidate in candidates:
        pk = int(candidate.id)
        text = profile_text(candidate)
        digest = text_hash(text)
        if pk not in stored or stored[pk][0] != digest:
            stale.append((pk, text, digest))
    if not stale:
        return vectors
    # Profiles with the same text (empty bios, shared practices) are encoded once.
    by_hash = {digest: text for _pk, text, digest in stale}
    encoded: dict[str, bytes] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), BATCH):
        chunk = hashes[start : start + BATCH]
        for digest, vector in zip(chunk, embed([by_hash[d] for d in chunk]), strict=True):
            encoded[digest] = to_bytes(vector)
    model = embedder().name
    with transaction.atomic():
        AdvisorEmbedding.objects.filter(profile_id__in=[pk for pk, _t, _d in stale]).delete()
        AdvisorEmbedding.objects.bulk_create(
            [
                AdvisorEmbedding(profile_id=pk, vector=encoded[digest], text_hash=digest, model=model)
                for pk, _text, digest in stale
            ],
            batch_size=2000,
        )
    vectors.update({pk: encoded[digest] for pk, _text, digest in stale})
    return vectors


def advisor_candidates() -> list[AdvisorCandidate]:
    """Every willing, approved member as an `AdvisorCandidate`, with their embedding:
    stored ones are reused, missing or stale ones (the profile text changed) computed and stored
    in batches. Seven queries, plus the writes when something had to be encoded."""
    candidates = _advisor_candidates(index_queryset())
    stored = {
        pk: (digest, bytes(vector))
        for pk, digest, vector in AdvisorEmbedding.objects.filter(
            profile_id__in=index_queryset().values("id")
        ).values_list("profile_id", "text_hash", "vector")
    }
    vectors = _store(candidates, stored)
    return [_with_embedding(candidate, vectors.get(int(candidate.id))) for candidate in candidates]


def _with_embedding(candidate: AdvisorCandidate, vector: bytes | None) -> AdvisorCandidate:
    return replace(candidate, embedding=None if vector is None else from_bytes(vector))


def advisor_embeddings_refresh(profile_ids: Iterable[int] | None = None) -> int:
    """Bring stored advisor embeddings up to date (for these profiles, or everyone when None).

    Members who no longer advise lose theirs. Returns how many vectors were written or removed.
    """
    profiles = index_queryset()
    removed = AdvisorEmbedding.objects.exclude(profile_id__in=profiles.values("id"))
    if profile_ids is not None:
        ids = sorted(set(profile_ids))
        profiles = profiles.filter(id__in=ids)
        removed = removed.filter(profile_id__in=ids)
    changed, _ = removed.delete()
    candidates = _advisor_candidates(profiles)
    stored = {
        pk: (digest, bytes(vector))
        for pk, digest, vector in AdvisorEmbedding.objects.filter(
            profile_id__in=profiles.values("id")
        ).values_list("profile_id", "text_hash", "vector")
    }
    before = {pk: digest for pk, (digest, _v) in stored.items()}
    _store(candidates, stored)
    changed += sum(
        1 for candidate in candidates if before.get(int(candidate.id)) != text_hash(profile_text(candidate))
    )
    return changed
