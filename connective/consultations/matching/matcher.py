"""The platform's matching: which practices answer a request, which peers could advise on it.

Scores combine, per candidate,
- semantic similarity of multilingual embeddings (one matrix-vector product; works across
  languages: a French request meets an Arabic practice),
- lexical relevance: BM25 over normalised tokens, as a share of what a document holding every
  query token would score (skipped while its weight is 0, as tuned on the dev split),
- structured signals: share of the request's themes the candidate has, same region, and
  (practices) written in a language the requester reads / (advisors) languages in common.
Advisors first pass the hard rules (`AdvisorIndex.eligible`); among them, those with more
open consultations are gently down-weighted so requests spread over the community. Reasons
are built for the top k only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from connective.consultations.matching.bm25 import BM25Index, top_k
from connective.consultations.matching.embedding import Embedder, embed_texts
from connective.consultations.matching.index import AdvisorIndex, PracticeIndex
from connective.consultations.matching.reasons import (
    SEMANTIC_MENTION,
    Labels,
    advisor_reason,
    practice_reason,
)
from connective.consultations.matching.text import normalise_token, tokenize
from connective.consultations.matching.types import (
    AdvisorCandidate,
    AdvisorMatch,
    PracticeCandidate,
    PracticeMatch,
    Request,
    Signals,
    Weights,
)

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS_IN_REASON = 3
# An advisor's practice is named in the reason when it scores at least this share of the best practice.
CONTACT_MENTION = 0.85


def _lexical(index: BM25Index, tokens: list[str]) -> np.ndarray:
    """BM25 scores as a share (0..1) of what a document holding every query token would score,
    so one shared word among many does not count as a full match."""
    ideal = index.ideal_score(tokens)
    scores = index.scores_for_tokens(tokens)
    return np.minimum(scores / ideal, 1.0) if ideal > 0 else scores


def _matched_words(text: str, tokens: set[str]) -> tuple[str, ...]:
    """The words of `text` (as written there) whose normalised form is one of `tokens`."""
    found: dict[str, str] = {}
    for raw in _WORD.findall(text):
        token = normalise_token(raw)
        if token in tokens and token not in found:
            found[token] = raw.lower()
    return tuple(found.values())[:MAX_TERMS_IN_REASON]


class Matcher:
    """Ranks practices and advisors for a request. Build the indexes once; match many times."""

    def __init__(
        self,
        *,
        practices: PracticeIndex,
        advisors: AdvisorIndex,
        weights: Weights | None = None,
        embedder: Embedder | None = None,
        labels: Labels | None = None,
    ):
        self.practices = practices
        self.advisors = advisors
        self.weights = weights or Weights()
        self.embedder = embedder or embed_texts
        self.labels = labels or Labels()
        # Advisor row -> practice row pairs for the practices each advisor is contact for.
        pairs = [
            (advisor_row, practices.row_of[practice_id])
            for advisor_row, advisor in enumerate(advisors.candidates)
            for practice_id in advisor.practice_ids
            if practice_id in practices.row_of
        ]
        self.link_advisors = np.asarray([a for a, _p in pairs], dtype=np.int32)
        self.link_practices = np.asarray([p for _a, p in pairs], dtype=np.int32)

    @classmethod
    def build(
        cls,
        *,
        practices: Sequence[PracticeCandidate],
        advisors: Sequence[AdvisorCandidate],
        weights: Weights | None = None,
        embedder: Embedder | None = None,
        labels: Labels | None = None,
    ) -> Matcher:
        return cls(
            practices=PracticeIndex(practices, embedder=embedder),
            advisors=AdvisorIndex(advisors, embedder=embedder),
            weights=weights,
            embedder=embedder,
            labels=labels,
        )

    def embed(self, request: Request) -> np.ndarray:
        return np.asarray(self.embedder([request.text])[0], dtype=np.float32)

    # Practices ---------------------------------------------------------------------------------

    def practice_scores(
        self, request: Request, vector: np.ndarray, tokens: list[str]
    ) -> tuple[np.ndarray, ...]:
        index, w = self.practices, self.weights
        semantic, centred = index.similarity(vector, w.centring)
        lexical = _lexical(index.bm25, tokens) if w.lexical else np.zeros(len(index), dtype=np.float32)
        score = (
            w.semantic * centred
            + w.lexical * lexical
            + w.theme * index.theme_overlap(request.themes)
            + w.region * index.same_region(request.region)
            + w.language * index.in_languages(request.languages)
        )
        return score, semantic, lexical

    def match_practices(
        self, request: Request, *, k: int = 5, vector: np.ndarray | None = None
    ) -> list[PracticeMatch]:
        return self._match_practices(request, k=k, vector=vector)[0]

    def _match_practices(
        self, request: Request, *, k: int, vector: np.ndarray | None
    ) -> tuple[list[PracticeMatch], np.ndarray]:
        if len(self.practices) == 0:
            return [], np.zeros(0, dtype=np.float32)
        vector = self.embed(request) if vector is None else vector
        tokens = self.practices.bm25.query_tokens(request.text)
        score, semantic, lexical = self.practice_scores(request, vector, tokens)
        token_set = set(tokens)
        matches = []
        for candidate_id, value in top_k(self.practices.ids, score, k):
            row = self.practices.row_of[candidate_id]
            practice = self.practices.candidates[row]
            signals = Signals(
                semantic=float(semantic[row]),
                lexical=float(lexical[row]),
                shared_themes=tuple(sorted(request.themes & practice.themes)) if self.weights.theme else (),
                same_region=bool(self.weights.region and request.region)
                and practice.region == request.region,
                matched_terms=(
                    _matched_words(practice.document, token_set)
                    if self.weights.lexical > 0 and lexical[row] > 0
                    else ()
                ),
            )
            reason = practice_reason(
                signals, place=practice.place, language=practice.language, labels=self.labels
            )
            matches.append(PracticeMatch(practice=practice, score=value, signals=signals, reason=reason))
        return matches, score

    # Advisors ----------------------------------------------------------------------------------

    def contact_relevance(self, practice_score: np.ndarray) -> np.ndarray:
        """Per advisor: the best score, for this request, of a practice they are contact for (0 if none)."""
        best = np.zeros(len(self.advisors), dtype=np.float32)
        if self.link_advisors.size:
            np.maximum.at(best, self.link_advisors, np.maximum(practice_score[self.link_practices], 0.0))
        return best

    def advisor_scores(
        self, request: Request, vector: np.ndarray, tokens: list[str], contact: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        index, w = self.advisors, self.weights
        eligible = index.eligible(requester_id=request.requester_id, languages=request.languages)
        semantic, centred = index.similarity(vector, w.advisor_centring)
        lexical = (
            np.where(eligible, _lexical(index.bm25, tokens), 0.0)
            if w.advisor_lexical
            else np.zeros(len(index), dtype=np.float32)
        )
        languages = index.shared_languages(request.languages)
        score = (
            w.advisor_semantic * centred
            + w.advisor_lexical * lexical
            + w.advisor_theme * index.theme_overlap(request.themes)
            + w.advisor_region * index.same_region(request.region)
            + w.advisor_language * np.minimum(languages, 2) / 2
            + w.contact * contact
            - w.load * index.load()
        )
        return np.where(eligible, score, -np.inf), semantic, lexical

    def match_advisors(
        self,
        request: Request,
        *,
        k: int = 5,
        vector: np.ndarray | None = None,
        practice_score: np.ndarray | None = None,
    ) -> list[AdvisorMatch]:
        """The k best advisors; `practice_score` (from `practice_scores`) saves computing it again."""
        if len(self.advisors) == 0:
            return []
        vector = self.embed(request) if vector is None else vector
        if practice_score is None:
            practice_tokens = self.practices.bm25.query_tokens(request.text) if len(self.practices) else []
            practice_score = (
                self.practice_scores(request, vector, practice_tokens)[0]
                if len(self.practices)
                else np.zeros(0, dtype=np.float32)
            )
        contact = self.contact_relevance(practice_score)
        tokens = self.advisors.bm25.query_tokens(request.text)
        score, semantic, lexical = self.advisor_scores(request, vector, tokens, contact)
        query_tokens = set(tokenize(request.text))
        top_practice = float(practice_score.max()) if practice_score.size else 0.0
        matches = []
        for candidate_id, value in top_k(self.advisors.ids, score, k):
            row = self.advisors.row_of[candidate_id]
            advisor = self.advisors.candidates[row]
            topic, topic_is_past = self._linked_topic(advisor, practice_score, top_practice)
            if not topic:
                topic, topic_is_past = self._topic(advisor, query_tokens, float(semantic[row]))
            signals = Signals(
                semantic=float(semantic[row]),
                lexical=float(lexical[row]),
                shared_themes=tuple(sorted(request.themes & advisor.themes))
                if self.weights.advisor_theme
                else (),
                same_region=bool(self.weights.advisor_region and request.region)
                and advisor.region == request.region,
                shared_languages=tuple(code for code in request.languages if code in advisor.languages),
                topic=topic,
                open_consultations=advisor.open_consultations,
            )
            reason = advisor_reason(signals, topic_is_past=topic_is_past, labels=self.labels)
            matches.append(AdvisorMatch(advisor=advisor, score=value, signals=signals, reason=reason))
        return matches

    def _linked_topic(
        self, advisor: AdvisorCandidate, practice_score: np.ndarray, top_practice: float
    ) -> tuple[str, bool]:
        """The advisor's practice that answers the request nearly as well as the best one, if any."""
        best_title, best_score = "", 0.0
        for practice_id, title in zip(advisor.practice_ids, advisor.practice_titles, strict=False):
            row = self.practices.row_of.get(practice_id)
            if row is not None and practice_score[row] > best_score:
                best_title, best_score = title, float(practice_score[row])
        if best_title and top_practice > 0 and best_score >= CONTACT_MENTION * top_practice:
            return best_title, False
        return "", False

    @staticmethod
    def _topic(advisor: AdvisorCandidate, query_tokens: set[str], semantic: float) -> tuple[str, bool]:
        """The past consultation or practice of the advisor closest in words to the request; when
        none shares a word but the profile is close in meaning, their first one."""
        options = [(topic, True) for topic in advisor.past_topics] + [
            (title, False) for title in advisor.practice_titles
        ]
        if not options:
            return "", False
        best = max(options, key=lambda option: len(query_tokens & set(tokenize(option[0]))))
        if query_tokens & set(tokenize(best[0])) or semantic >= SEMANTIC_MENTION:
            return best
        return "", False

    def match(
        self, request: Request, *, k: int = 5, vector: np.ndarray | None = None
    ) -> tuple[list[PracticeMatch], list[AdvisorMatch]]:
        """Practices and advisors for one request, embedding it once (or using `vector`) and
        scoring the practices once for both."""
        vector = self.embed(request) if vector is None else vector
        practices, practice_score = self._match_practices(request, k=k, vector=vector)
        return practices, self.match_advisors(request, k=k, vector=vector, practice_score=practice_score)
