"""From the database to the matcher: `PracticeCandidate`s and `AdvisorCandidate`s, with their
stored embeddings, in a fixed number of queries whatever the number of rows.

Advisors are the approved members who consented to advise (`willing_to_advise`). Activity,
consent and load are read again, fresh, for the few advisors a match returns
(`service._fresh_advisors`), so a stale index can never suggest someone who withdrew.

Only what every member may see feeds matching. The index is one for everybody (a snapshot
memory-mapped by every worker), its suggestions are shown to any member, of any network, and a
reason is stored with an invitation that the requester, the advisor and the coordinators all
read. So the evidence is the widest rule that is right for any member viewer, not filtered per
viewer (which would need an index per network and per visibility level, and would still leave
a stored reason readable by people at different levels):

- the bio only when its owner opened it to members of all networks (`Visibility.MEMBERS`); a
  bio kept to the network or to coordinators neither finds, ranks nor is quoted;
- the city (a reason's "place") only when it is open to all members likewise;
- the titles of closed consultations the advisor took part in only when their requester opened
  them to all members; a confidential one, or one opened to the requester's network only (whose
  members alone may open it), never;
- published practices they are contact for or wrote, their expertise and languages, which every
  member sees.

A derived vector follows its text: the stored embeddings (`AdvisorEmbedding`) are computed from
`embedded_texts`, which only ever holds the texts above, and are recomputed when they change.
What the index holds may lag behind a change of visibility until the next build; the service
therefore checks the evidence of the few advisors a match returns again, fresh
(`service._fresh_advisors`, `evidence_still_shared`), as it does consent.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django_countries import countries

from connective.consultations.choices import InvitationStatus, RequestStatus, RequestVisibility
from connective.consultations.matching import AdvisorCandidate, PracticeCandidate
from connective.consultations.models import Invitation
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.core.embeddings import MAX_CHARS, embed, embedder, from_bytes, to_bytes
from connective.members.choices import MembershipStatus, Visibility
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


def shared_topics_q(prefix: str = "") -> Q:
    """The advisors' part in closed consultations whose titles every member may read: accepted
    invitations on closed requests their requester opened to all members."""
    return Q(
        **{
            f"{prefix}status": InvitationStatus.ACCEPTED,
            f"{prefix}request__status": RequestStatus.CLOSED,
            f"{prefix}request__visibility": RequestVisibility.ALL_MEMBERS,
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
    """Candidates for these profiles, without embeddings (seven queries)."""
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
    authored: dict[int, list[int]] = defaultdict(list)
    for profile_id, practice_id in (
        Practice.authors.through.objects.filter(
            user__profile__in=ids, practice__status=PracticeStatus.PUBLISHED
        )
        .order_by("practice_id")
        .values_list("user__profile", "practice_id")
    ):
        authored[profile_id].append(practice_id)
    topics: dict[int, list[str]] = defaultdict(list)
    for profile_id, title in (
        Invitation.objects.filter(shared_topics_q(), advisor_id__in=ids)
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
        "id",
        "user__full_name",
        "user__email",
        "region",
        "bio",
        "bio_visibility",
        "city",
        "city_visibility",
        "country",
    )
    candidates = []
    for pk, name, email, region, bio, bio_visibility, city, city_visibility, country in rows.iterator(
        chunk_size=5000
    ):
        linked = practices.get(pk, [])
        candidates.append(
            AdvisorCandidate(
                id=pk,
                name=name,
                email=email,
                languages=frozenset(languages.get(pk, ())),
                themes=frozenset(themes.get(pk, ())),
                region=region,
                bio=bio if bio_visibility == Visibility.MEMBERS else "",
                practice_ids=tuple(p[0] for p in linked),
                practice_titles=tuple(p[1] for p in linked),
                practice_texts=tuple(p[2] for p in linked),
                authored_ids=tuple(authored.get(pk, ())),
                past_topics=tuple(topics.get(pk, ())),
                open_consultations=load.get(pk, 0),
                limit=limit,
                place=_place(city if city_visibility == Visibility.MEMBERS else "", str(country)),
            )
        )
    return candidates


def embedded_texts(candidate: AdvisorCandidate) -> list[str]:
    """What an advisor's stored vectors are made of: their bio, then each past topic."""
    return [candidate.bio.strip()[:MAX_CHARS], *(topic[:MAX_CHARS] for topic in candidate.past_topics)]


def _digest(candidate: AdvisorCandidate) -> str:
    return text_hash("\x1e".join(embedded_texts(candidate)))


def _store(
    candidates: Sequence[AdvisorCandidate], stored: dict[int, tuple[str, bytes, bytes]]
) -> dict[int, tuple[bytes, bytes]]:
    """Compute and store the vectors of these candidates whose texts changed; returns every
    candidate's (bio vector, topic vectors), empty bytes where there is no text."""
    vectors = {pk: (bio, topics) for pk, (_hash, bio, topics) in stored.items()}
    stale: list[tuple[AdvisorCandidate, str]] = []
    for candidate in candidates:
        digest = _digest(candidate)
        pk = int(candidate.id)
        if pk not in stored or stored[pk][0] != digest:
            stale.append((candidate, digest))
    if not stale:
        return vectors
    # The same text (a shared topic, a copied bio) is encoded once.
    texts = list(dict.fromkeys(text for candidate, _d in stale for text in embedded_texts(candidate) if text))
    encoded: dict[str, bytes] = {}
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        for text, vector in zip(chunk, embed(chunk), strict=True):
            encoded[text] = to_bytes(vector)
    model = embedder().name
    rows = []
    for candidate, digest in stale:
        bio, *topics = embedded_texts(candidate)
        bio_vector = encoded[bio] if bio else b""
        topic_vectors = b"".join(
            encoded[topic] if topic else to_bytes(np.zeros(512, np.float32)) for topic in topics
        )
        vectors[int(candidate.id)] = (bio_vector, topic_vectors)
        rows.append(
            AdvisorEmbedding(
                profile_id=int(candidate.id),
                vector=bio_vector,
                topics=topic_vectors,
                text_hash=digest,
                model=model,
            )
        )
    with transaction.atomic():
        AdvisorEmbedding.objects.filter(profile_id__in=[row.profile_id for row in rows]).delete()
        AdvisorEmbedding.objects.bulk_create(rows, batch_size=2000)
    return vectors


def _stored(profiles: QuerySet[MemberProfile]) -> dict[int, tuple[str, bytes, bytes]]:
    return {
        pk: (digest, bytes(vector), bytes(topics))
        for pk, digest, vector, topics in AdvisorEmbedding.objects.filter(
            profile_id__in=profiles.values("id")
        ).values_list("profile_id", "text_hash", "vector", "topics")
    }


def advisor_candidates() -> list[AdvisorCandidate]:
    """Every willing, approved member as an `AdvisorCandidate`, with their vectors: stored ones
    are reused, missing or stale ones (a text changed) computed and stored in batches. Eight
    queries, plus the writes when something had to be encoded."""
    candidates = _advisor_candidates(index_queryset())
    vectors = _store(candidates, _stored(index_queryset()))
    return [_with_vectors(candidate, vectors.get(int(candidate.id))) for candidate in candidates]


def _with_vectors(candidate: AdvisorCandidate, vectors: tuple[bytes, bytes] | None) -> AdvisorCandidate:
    if vectors is None:
        return candidate
    bio, topics = vectors
    topic_rows = None
    if candidate.past_topics and len(topics) == 2048 * len(candidate.past_topics):
        topic_rows = np.frombuffer(topics, dtype="<f4").astype(np.float32).reshape(-1, 512)
    return replace(candidate, embedding=from_bytes(bio) if bio else None, topic_embeddings=topic_rows)


def advisor_embeddings_refresh(profile_ids: Iterable[int] | None = None) -> int:
    """Bring stored advisor vectors up to date (for these profiles, or everyone when None).

    Members who no longer advise lose theirs. Returns how many were written or removed.
    """
    profiles = index_queryset()
    removed = AdvisorEmbedding.objects.exclude(profile_id__in=profiles.values("id"))
    if profile_ids is not None:
        ids = sorted(set(profile_ids))
        profiles = profiles.filter(id__in=ids)
        removed = removed.filter(profile_id__in=ids)
    changed, _ = removed.delete()
    candidates = _advisor_candidates(profiles)
    stored = _stored(profiles)
    before = {pk: digest for pk, (digest, _v, _t) in stored.items()}
    _store(candidates, stored)
    changed += sum(1 for candidate in candidates if before.get(int(candidate.id)) != _digest(candidate))
    return changed
