"""Suggestions for a consultation request: which published practices answer it and which peers
could advise on it, each with a short reason in the viewer's language.

    from connective.consultations.suggestions.service import RequestDraft, suggestions_for
    suggestions = suggestions_for(request=consultation_request)          # a saved request
    suggestions = suggestions_for(request=RequestDraft(title=..., ...))  # what is being typed

The matching index is built once, in the background, and stored (`snapshot`): every process
maps the newest snapshot's arrays (shared through the file cache) and reads a candidate's
details only for the few a match returns. Each suggestion reads a cheap stamp (one query of
primary-key lookups; the latest edits, which take scans, at most every few seconds); when the
data moved past the loaded snapshot, the process switches to a newer one once it is built.
Builds are queued after commit (a profile edit, a change of the willingness to advise or a
membership decision sends `members.signals.profile_changed`), run by the periodic refresh and
by `manage.py match --rebuild`; with a task queue no request ever builds, while the embedded
default (`CELERY_TASK_ALWAYS_EAGER`, tasks run in-process) builds when the stamp moved. A
server worker loads the snapshot before its first request (`suggestions_warm`, called from
`config/gunicorn.py`).

Consent is never trusted to the index: the advisors a match returns are read again, fresh, in
one query (approved, active, willing, below their limit), so a member who withdraws their
consent to advise disappears from every following suggestion at once, warm index or not.

Nor is visibility. The index holds only what every member may see (see `candidates`), but it
may lag behind a member who hides their bio, a requester who makes a consultation confidential
again or a practice taken back. The evidence of the advisors a match returns is therefore
checked fresh too (`_evidence_still_shared`): an advisor whose ranking rests on a bio, a
consultation title or a practice no longer open to every member is left out until the next
build, so neither their rank nor their reason carries it.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import translation
from django.utils.translation import get_language

from connective.consultations.matching import (
    AdvisorIndex,
    AdvisorMatch,
    InferredTheme,
    Labels,
    Matcher,
    PracticeMatch,
    Request,
)
from connective.consultations.matching.embedding import embed_texts
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.suggestions.candidates import (
    advisors_queryset,
    open_consultations_q,
    shared_topics_q,
)
from connective.consultations.suggestions.snapshot import (
    snapshot_build,
    snapshot_build_queue,
    snapshot_find,
    snapshot_load,
    stamp,
)
from connective.core.models import Theme
from connective.members.choices import Visibility
from connective.members.language_names import LANGUAGE_NAMES
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestDraft:
    """A request as it is being written, before it is saved. `requester` is who asks (they are
    never suggested to themselves); `languages` are the ones they can work in (advisors must
    share one; none means no language rule)."""

    title: str = ""
    description: str = ""
    what_was_tried: str = ""
    themes: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    region: str = ""
    requester: MemberProfile | None = None
    support_kind: str = ""
    exclude_advisor_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.description, self.what_was_tried) if part)


@dataclass(frozen=True)
class SuggestedPractice:
    practice_id: int
    slug: str
    external_id: str
    title: str
    language: str
    score: float
    reason: str


@dataclass(frozen=True)
class SuggestedAdvisor:
    """A peer who could advise. `email` is for staff tools (the `match` command) only: pages
    show the name, the reason and a link to the profile, which applies its own visibility."""

    profile_id: int
    slug: str
    name: str
    email: str
    score: float
    reason: str


@dataclass(frozen=True)
class SuggestedTheme:
    """A theme the request's text is about, which its author did not tick (a suggestion)."""

    slug: str
    label: str
    confidence: float


@dataclass(frozen=True)
class Suggestions:
    practices: list[SuggestedPractice]
    advisors: list[SuggestedAdvisor]
    themes: list[SuggestedTheme] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.practices or self.advisors or self.themes)


# The index -----------------------------------------------------------------------------------


@dataclass
class _Ranked:
    """What the matcher said for one request text against one state of the index: the best
    practices, the best advisors for each depth asked (`fetch`), the inferred themes."""

    practices: list[PracticeMatch]
    advisors: dict[int, list[AdvisorMatch]] = field(default_factory=dict)
    themes: list[InferredTheme] | None = None


# How many request texts a process remembers the ranking of (a requester opening their request
# again, a draft asked for twice as it is typed); the matcher's products are most of the cost.
RANKED_KEPT = 256


@dataclass
class _State:
    key: str
    load_key: str
    matcher: Matcher
    path: Path | None = None
    labels: dict[str, Labels] = field(default_factory=dict)
    # Rankings by (advisors' loads, request, limit, language); forgotten with the state, and
    # never trusted for consent: the advisors are read fresh on every suggestion.
    ranked: dict[tuple[object, ...], _Ranked] = field(default_factory=dict)


_state: _State | None = None
_lock = threading.Lock()
# When a process last looked for a newer snapshot while the data had moved past its own (with
# a task queue, the build runs elsewhere: looking once per this many seconds is enough).
_looked: tuple[str, float] = ("", 0.0)
LOOK_SECONDS = 2.0


def _open_counts(index: AdvisorIndex) -> np.ndarray:
    counts = np.zeros(len(index), dtype=np.int32)
    rows = (
        Invitation.objects.filter(open_consultations_q())
        .values("advisor_id")
        .annotate(n=Count("id"))
        .values_list("advisor_id", "n")
    )
    for advisor_id, n in rows:
        row = index.row_of.get(advisor_id)
        if row is not None:
            counts[row] = n
    return counts


def _load(path: Path) -> _State:
    snapshot = snapshot_load(path)
    return _State(key=snapshot.key, load_key=snapshot.load_key, matcher=snapshot.matcher, path=path)


def _refresh(key: str) -> _State | None:
    """The state for stamp `key`: its snapshot if one was built, else the newest one, with a
    build queued. Only the embedded default (tasks run in-process, `CELERY_TASK_ALWAYS_EAGER`)
    builds here, since there is nowhere else to build; with a task queue no request builds."""
    global _state, _looked
    with _lock:
        if _state is not None and _state.key == key:
            return _state
        eager = settings.CELERY_TASK_ALWAYS_EAGER
        if (
            not eager
            and _state is not None
            and _looked[0] == key
            and time.monotonic() - _looked[1] < LOOK_SECONDS
        ):
            return _state
        _looked = (key, time.monotonic())
        path = snapshot_find(key=key)
        if path is None and eager:
            path = snapshot_build(if_stale=True)
        if path is None:
            transaction.on_commit(snapshot_build_queue)
            path = snapshot_find()
        if path is None:
            return _state
        if _state is None or _state.path != path:
            try:
                _state = _load(path)
            except FileNotFoundError:
                # Pruned between finding and opening (several newer builds in between).
                logger.warning("Matching snapshot %s vanished before it was loaded", path)
        return _state


def _current() -> _State | None:
    """This process's index: the stored snapshot of the data as it is (one query when it is
    loaded already), its advisors' loads updated in place when only they changed. None when
    no snapshot was built yet and a build is queued."""
    key, load_key = stamp()
    state = _state
    if state is None or state.key != key:
        state = _refresh(key)
    if state is None:
        return None
    if state.load_key != load_key:
        # Only loads changed (an invitation answered, a request closed): update in place.
        state.matcher.advisors.open[:] = _open_counts(state.matcher.advisors)
        state.load_key = load_key
    return state


def index_build() -> tuple[int, int]:
    """Build (unless current) and store the snapshot, and load it in this process; returns
    (practices, advisors) in it."""
    global _state
    path = snapshot_build(if_stale=True)
    with _lock:
        if _state is None or _state.path != path:
            _state = _load(path)
        matcher = _state.matcher
    return len(matcher.practices), len(matcher.advisors)


def suggestions_warm() -> bool:
    """Make this process ready to answer before its first request (a server worker's start):
    the snapshot mapped, the embedding model loaded, a first match run. Never builds; False
    when there is no snapshot yet (one is then queued)."""
    global _state
    path = snapshot_find()
    if path is None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            snapshot_build_queue()
        return False
    with _lock:
        if _state is None or _state.path != path:
            _state = _load(path)
    state = _state
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _labels(state)
    _vector("warm")  # loads the embedding model
    vector = np.asarray(embed_texts(["Flooding in the old town"])[0], dtype=np.float32)
    state.matcher.match(Request(title="", description="Flooding in the old town"), k=1, vector=vector)
    return True


def _labels(state: _State) -> Labels:
    """Theme and language names in the active language (cached per language with the index)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    labels = state.labels.get(language)
    if labels is None:
        themes = {theme.slug: theme.label for theme in Theme.objects.all()}
        languages = {code: str(name) for code, name in LANGUAGE_NAMES.items()}
        labels = state.labels[language] = Labels(themes=themes, languages=languages)
    return labels


@lru_cache(maxsize=256)
def _vector(text: str) -> np.ndarray:
    """The request text's embedding; the same draft is often asked for twice as people type."""
    return np.asarray(embed_texts([text])[0], dtype=np.float32)


# Suggestions ---------------------------------------------------------------------------------


def _draft_of(request: ConsultationRequest) -> RequestDraft:
    return RequestDraft(
        title=request.title,
        description=request.description,
        what_was_tried=request.what_was_tried,
        themes=frozenset(request.themes.values_list("slug", flat=True)),
        languages=tuple(sorted(request.languages.values_list("code", flat=True))),
        region=request.region,
        requester=request.requester,
        support_kind=request.support_kind,
        exclude_advisor_ids=frozenset(request.invitations.values_list("advisor_id", flat=True)),
    )


def _fresh_advisors(ids: Sequence[int]) -> dict[int, tuple[str, str, str, bool]]:
    """Of these advisors, those who may be asked right now: approved, active, willing and below
    their limit (one query). Maps id -> (slug, name, email, whether their bio is still open to
    every member)."""
    limit = settings.CONSULTATION_ADVISOR_LIMIT
    rows = (
        advisors_queryset()
        .filter(id__in=list(ids))
        .annotate(
            open=Count("consultation_invitations", filter=open_consultations_q("consultation_invitations__"))
        )
        .values_list("id", "slug", "user__full_name", "user__email", "bio_visibility", "open")
    )
    return {
        pk: (str(slug), name, email, bio_visibility == Visibility.MEMBERS)
        for pk, slug, name, email, bio_visibility, open_ in rows
        if open_ < limit
    }


def _evidence_still_shared(
    matches: Sequence[AdvisorMatch], fresh: dict[int, tuple[str, str, str, bool]]
) -> set[int]:
    """Of these matched advisors, those whose evidence in the index is all still open to every
    member: their bio (if the index holds one), the titles of their past consultations, the
    practices they are contact for or wrote. No query when the index holds no topic or practice
    for them; one for each kind otherwise."""
    ids = [int(m.advisor.id) for m in matches if int(m.advisor.id) in fresh]
    kept = {pk for pk in ids if fresh[pk][3]}
    kept |= {int(m.advisor.id) for m in matches if int(m.advisor.id) in fresh and not m.advisor.bio.strip()}
    with_topics = [int(m.advisor.id) for m in matches if int(m.advisor.id) in kept and m.advisor.past_topics]
    shared_topics: set[tuple[int, str]] = set()
    if with_topics:
        shared_topics = set(
            Invitation.objects.filter(shared_topics_q(), advisor_id__in=with_topics).values_list(
                "advisor_id", "request__title"
            )
        )
    practice_ids = {
        int(pk)
        for m in matches
        if int(m.advisor.id) in kept
        for pk in (*m.advisor.practice_ids, *m.advisor.authored_ids)
    }
    published: set[int] = set()
    if practice_ids:
        published = set(
            Practice.objects.filter(id__in=sorted(practice_ids), status=PracticeStatus.PUBLISHED).values_list(
                "id", flat=True
            )
        )
    return {
        int(m.advisor.id)
        for m in matches
        if int(m.advisor.id) in kept
        and all((int(m.advisor.id), topic) in shared_topics for topic in m.advisor.past_topics)
        and all(int(pk) in published for pk in (*m.advisor.practice_ids, *m.advisor.authored_ids))
    }


def _fresh_practices(ids: Sequence[int]) -> dict[int, str]:
    """Of these practices, those still published (one query). Maps id -> external id."""
    rows = Practice.objects.filter(id__in=list(ids), status=PracticeStatus.PUBLISHED).values_list(
        "id", "external_id"
    )
    return {pk: external_id or "" for pk, external_id in rows}


def suggestions_for(*, request: ConsultationRequest | RequestDraft, limit: int = 5) -> Suggestions:
    """The `limit` best practices and advisors for a request, best first, with their reasons
    in the active language. An empty text gets no suggestions."""
    draft = _draft_of(request) if isinstance(request, ConsultationRequest) else request
    if not draft.text.strip() or limit <= 0:
        return Suggestions(practices=[], advisors=[])
    state = _current()
    if state is None:
        # No index was ever built here (a fresh installation): one is queued.
        return Suggestions(practices=[], advisors=[])
    matcher = copy.copy(state.matcher)
    matcher.labels = _labels(state)
    query = Request(
        title=draft.title,
        description=draft.description,
        tried=draft.what_was_tried,
        themes=draft.themes,
        region=draft.region,
        languages=draft.languages,
        requester_id=draft.requester.pk if draft.requester is not None else None,
        support_kind=draft.support_kind,
    )
    vector = _vector(query.text)
    ranked_key = (state.load_key, query, limit, get_language())
    ranked = state.ranked.get(ranked_key)
    practice_score: np.ndarray | None = None
    if ranked is None:
        # Practices are scored once for both rankings, as `Matcher.match` does.
        practice_matches, practice_score = matcher._match_practices(query, k=limit, vector=vector)
        ranked = _Ranked(practices=practice_matches)
        if len(state.ranked) >= RANKED_KEPT:
            state.ranked.clear()
        state.ranked[ranked_key] = ranked
    practice_matches = ranked.practices

    def advisor_matches(fetch: int) -> list[AdvisorMatch]:
        nonlocal practice_score
        found = ranked.advisors.get(fetch)
        if found is None:
            if practice_score is None:
                _matches, practice_score = matcher._match_practices(query, k=limit, vector=vector)
            found = ranked.advisors[fetch] = matcher.match_advisors(
                query, k=fetch, vector=vector, practice_score=practice_score
            )
        return found

    still_published = _fresh_practices([int(m.practice.id) for m in practice_matches])
    practices = [
        SuggestedPractice(
            practice_id=int(m.practice.id),
            slug=m.practice.slug,
            external_id=still_published[int(m.practice.id)],
            title=m.practice.title,
            language=m.practice.language,
            score=round(float(m.score), 4),
            reason=m.reason,
        )
        for m in practice_matches
        if int(m.practice.id) in still_published
    ]
    advisors: list[SuggestedAdvisor] = []
    fetch = limit * 3 + 10
    while True:
        matches = advisor_matches(fetch)
        candidates = [m for m in matches if int(m.advisor.id) not in draft.exclude_advisor_ids]
        fresh = _fresh_advisors([int(m.advisor.id) for m in candidates])
        shared = _evidence_still_shared(candidates, fresh)
        advisors = [
            SuggestedAdvisor(
                profile_id=int(m.advisor.id),
                slug=fresh[int(m.advisor.id)][0],
                name=fresh[int(m.advisor.id)][1],
                email=fresh[int(m.advisor.id)][2],
                score=round(float(m.score), 4),
                reason=m.reason,
            )
            for m in candidates
            if int(m.advisor.id) in shared
        ][:limit]
        # Fewer than asked although the matcher had more: many top advisors just became
        # unavailable; look further down the ranking.
        if len(advisors) >= limit or len(matches) < fetch or fetch >= len(matcher.advisors):
            break
        fetch *= 4
    themes: list[SuggestedTheme] = []
    if not draft.themes:
        labels = matcher.labels
        if ranked.themes is None:
            ranked.themes = matcher.infer_themes(query, vector=vector)
        themes = [
            SuggestedTheme(slug=theme.slug, label=labels.theme(theme.slug), confidence=theme.confidence)
            for theme in ranked.themes
        ]
    return Suggestions(practices=practices, advisors=advisors, themes=themes)


# How far down the ranking an invited advisor's reason is looked for.
REASON_DEPTH = 20


def invitation_reason(*, request: ConsultationRequest, advisor_id: int) -> str:
    """The reason stored with an invitation to `advisor_id`, in the active language: the one
    the suggestions give for them on this request, or "" when they are not among the first
    `REASON_DEPTH` (invited from the directory, say).

    Computed here, never taken from the browser: the stored reason is read by the requester,
    the advisor and the coordinators, so it may only carry what every member may open, which
    is all the index holds (see `candidates`)."""
    for suggested in suggestions_for(request=request, limit=REASON_DEPTH).advisors:
        if suggested.profile_id == advisor_id:
            return suggested.reason
    return ""


def suggestions_for_text(text: str, *, requester: MemberProfile | None = None, limit: int = 5) -> Suggestions:
    """Suggestions for a bare text (the `match` command): as `requester` asked, with their
    languages and region, or with no language rule when nobody is named."""
    languages: tuple[str, ...] = ()
    region = ""
    if requester is not None:
        languages = tuple(sorted(requester.languages.values_list("code", flat=True)))
        region = requester.region
    draft = RequestDraft(description=text, languages=languages, region=region, requester=requester)
    return suggestions_for(request=draft, limit=limit)


__all__ = [
    "RequestDraft",
    "SuggestedAdvisor",
    "SuggestedPractice",
    "SuggestedTheme",
    "Suggestions",
    "index_build",
    "invitation_reason",
    "suggestions_for",
    "suggestions_for_text",
    "suggestions_warm",
]
