"""Suggestions for a consultation request: which published practices answer it and which peers
could advise on it, each with a short reason in the viewer's language.

    from connective.consultations.suggestions.service import RequestDraft, suggestions_for
    suggestions = suggestions_for(request=consultation_request)          # a saved request
    suggestions = suggestions_for(request=RequestDraft(title=..., ...))  # what is being typed

Each process keeps one matching index in memory (practices and advisors with their vectors)
and rebuilds it only when a cheap stamp moves (one query of primary-key lookups per request;
the latest edits, which take scans, at most every few seconds). Advisor
embeddings are stored (`AdvisorEmbedding`): a profile edit, a change of the willingness to
advise or a membership decision sends `members.signals.profile_changed`, on which this app
queues `tasks_matching.advisor_embeddings_refresh_task` for that profile after commit (members
sit below consultations and must not import it); anything still missing or stale is computed
in one batch when the index is built, by the periodic refresh, or by `manage.py match --rebuild`.

Consent is never trusted to the index: the advisors a match returns are read again, fresh, in
one query (approved, active, willing, below their limit), so a member who withdraws their
consent to advise disappears from every following suggestion at once, warm index or not.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.utils.translation import get_language

from connective.accounts.choices import ConsentSubject
from connective.accounts.models import ConsentRecord
from connective.consultations.choices import InvitationStatus
from connective.consultations.matching import AdvisorIndex, Labels, Matcher, PracticeIndex, Request
from connective.consultations.matching.embedding import embed_texts
from connective.consultations.matching.matcher import theme_model
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.suggestions.candidates import (
    advisor_candidates,
    advisors_queryset,
    open_consultations_q,
    practice_candidates,
)
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.core.models import Theme
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.search.models import SearchIndexVersion
from connective.practices.search.semantic import STAMP_NAME


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
class _State:
    key: tuple[object, ...]
    load_key: tuple[object, ...]
    matcher: Matcher
    labels: dict[str, Labels] = field(default_factory=dict)


_state: _State | None = None
_lock = threading.Lock()


# How long a process trusts the slow part of the stamp (latest profile and practice edits, the
# counts of advisors and practices): edits that only it sees (a bio, a practice's themes, an
# approval) reach suggestions within this many seconds. Everything a suggestion must never get
# wrong (consent, activity, load, publication) is read fresh anyway.
FULL_STAMP_SECONDS = 10


def _fetch(sql: str, params: list[str | bool]) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone() or ())


def _quick_stamp() -> tuple[tuple[object, ...], tuple[object, ...]]:
    """(what moves with new rows, what the advisors' load is counted from): one query of
    primary-key lookups and small tables, run for every suggestion.

    The first part moves when a profile, a practice, a consent to advise (given or withdrawn;
    not the guidelines accepted at sign-in) or a practice contact is added, and when the
    search's practice embeddings change (publication, unpublication, an edited text); the
    second when an invitation is answered or a request changes. A move means a full rebuild
    (about 25 s of one core at 100,000 practices and members), so only these rows count.
    """
    profile, practice, consent = MemberProfile._meta, Practice._meta, ConsentRecord._meta
    request, invitation = ConsultationRequest._meta, Invitation._meta
    sql = f"""
        SELECT
          (SELECT MAX(id) FROM {profile.db_table}),
          (SELECT MAX(id) FROM {practice.db_table}),
          (SELECT MAX(id) FROM {consent.db_table} WHERE subject = %s),
          (SELECT MAX(id) FROM {Practice.contacts.through._meta.db_table}),
          (SELECT stamp FROM {SearchIndexVersion._meta.db_table} WHERE name = %s),
          (SELECT MAX(updated_at) FROM {request.db_table}),
          (SELECT COUNT(*) FROM {invitation.db_table} WHERE status = %s),
          (SELECT MAX(answered_at) FROM {invitation.db_table})
    """  # noqa: S608  # table names come from the models' metadata, values are parameters
    row = _fetch(sql, [str(ConsentSubject.ADVISE), STAMP_NAME, str(InvitationStatus.ACCEPTED)])
    return (str(connection.settings_dict["NAME"]), *row[:5]), row[5:]


def _full_stamp() -> tuple[object, ...]:
    """What only scans see: advisors and published practices counted, their latest edits,
    and the stored advisor embeddings (a few scans of the big tables: not for every request)."""
    profile, practice, embedding = MemberProfile._meta, Practice._meta, AdvisorEmbedding._meta
    sql = f"""
        SELECT
          (SELECT COUNT(*) FROM {profile.db_table} WHERE status = %s AND willing_to_advise = %s),
          (SELECT MAX(updated_at) FROM {profile.db_table}),
          (SELECT COUNT(*) FROM {practice.db_table} WHERE status = %s),
          (SELECT MAX(updated_at) FROM {practice.db_table}),
          (SELECT COUNT(*) FROM {embedding.db_table}),
          (SELECT MAX(updated_at) FROM {embedding.db_table})
    """  # noqa: S608  # table names come from the models' metadata, values are parameters
    return _fetch(sql, [str(MembershipStatus.APPROVED), True, str(PracticeStatus.PUBLISHED)])


def _stamp(*, force: bool = False) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """(what the index is built from, what the load is counted from).

    The quick part is read every time; the full part at most every `FULL_STAMP_SECONDS`, kept
    in the cache (shared by the processes when the cache is), and again whenever the quick part
    moved. The cache is emptied between tests, so no test sees another's index.
    """
    quick, load_key = _quick_stamp()
    cache_key = f"consultations:suggestions:stamp:{quick[0]}"
    cached = None if force else cache.get(cache_key)
    if cached is None or cached[0] != quick:
        cached = (quick, _full_stamp())
        cache.set(cache_key, cached, FULL_STAMP_SECONDS)
    return (*quick, *cached[1]), load_key


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


def _current() -> _State:
    """This process's index, rebuilt when the stamp moved (one query when it did not)."""
    global _state
    key, load_key = _stamp()
    state = _state
    if state is not None and state.key == key:
        if state.load_key != load_key:
            # Only loads changed (an invitation answered, a request closed): update in place.
            state.matcher.advisors.open[:] = _open_counts(state.matcher.advisors)
            state.load_key = load_key
        return state
    with _lock:
        if _state is not None and _state.key == key:
            return _state
        practices = PracticeIndex(practice_candidates(), embedder=embed_texts)
        advisors = AdvisorIndex(advisor_candidates(), embedder=embed_texts)
        themes = theme_model(_theme_names(), practices, embedder=embed_texts)
        # Building may have stored embeddings, which moves the stamp: read it again.
        key, load_key = _stamp(force=True)
        matcher = Matcher(practices=practices, advisors=advisors, themes=themes)
        _state = _State(key=key, load_key=load_key, matcher=matcher)
        return _state


def _theme_names() -> dict[str, tuple[str, ...]]:
    """slug -> the theme's names in every language the taxonomy has (for the theme model)."""
    return {
        theme.slug: tuple(dict.fromkeys([theme.name, *(str(v) for v in (theme.translations or {}).values())]))
        for theme in Theme.active()
    }


def index_build() -> tuple[int, int]:
    """Build (or confirm) this process's index now; returns (practices, advisors) in it."""
    matcher = _current().matcher
    return len(matcher.practices), len(matcher.advisors)


def _labels(state: _State) -> Labels:
    """Theme names in the active language (cached per language with the index)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    labels = state.labels.get(language)
    if labels is None:
        themes = {theme.slug: theme.label for theme in Theme.objects.all()}
        labels = state.labels[language] = Labels(themes=themes)
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


def _fresh_advisors(ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Of these advisors, those who may be asked right now: approved, active, willing and below
    their limit (one query). Maps id -> (slug, name, email)."""
    limit = settings.CONSULTATION_ADVISOR_LIMIT
    rows = (
        advisors_queryset()
        .filter(id__in=list(ids))
        .annotate(
            open=Count("consultation_invitations", filter=open_consultations_q("consultation_invitations__"))
        )
        .values_list("id", "slug", "user__full_name", "user__email", "open")
    )
    return {pk: (str(slug), name, email) for pk, slug, name, email, open_ in rows if open_ < limit}


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
    # Practices are scored once for both rankings, as `Matcher.match` does.
    practice_matches, practice_score = matcher._match_practices(query, k=limit, vector=vector)
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
        matches = matcher.match_advisors(query, k=fetch, vector=vector, practice_score=practice_score)
        candidates = [m for m in matches if int(m.advisor.id) not in draft.exclude_advisor_ids]
        fresh = _fresh_advisors([int(m.advisor.id) for m in candidates])
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
            if int(m.advisor.id) in fresh
        ][:limit]
        # Fewer than asked although the matcher had more: many top advisors just became
        # unavailable; look further down the ranking.
        if len(advisors) >= limit or len(matches) < fetch or fetch >= len(matcher.advisors):
            break
        fetch *= 4
    themes: list[SuggestedTheme] = []
    if not draft.themes:
        labels = matcher.labels
        themes = [
            SuggestedTheme(slug=theme.slug, label=labels.theme(theme.slug), confidence=theme.confidence)
            for theme in matcher.infer_themes(query, vector=vector)
        ]
    return Suggestions(practices=practices, advisors=advisors, themes=themes)


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
    "suggestions_for",
    "suggestions_for_text",
]
