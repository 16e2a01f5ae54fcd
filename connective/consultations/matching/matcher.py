"""The platform's matching: which practices answer a request, which peers could advise on it.

Practices are scored by the semantic similarity of multilingual embeddings (one matrix-vector
product; a French request meets an Arabic practice), hub-reduced (see `VectorSet.similarity`),
plus the share of the request's themes they are tagged with (ticked by the requester, or
inferred from the request's text when none were) and whether they are written in a language
the requester reads. Lexical relevance (BM25) can be blended in; its tuned weight is 0.

Advisors first pass the hard rules (`AdvisorIndex.eligible`). Then each piece of their
evidence counts by how well *it* fits the request, never as a flat bonus:
- their bio, by its (hub-reduced) similarity to the request;
- the closest of their past consultation topics, likewise;
- the practices they are contact for or wrote, by how close that practice's score comes to the
  best practice's for this request (within `Weights.practice_window`; a practice far below the
  best counts nothing, so the contact of an unrelated practice gains nothing from it);
- their expertise themes, as the share of the request's themes they cover;
and languages in common; those with more open consultations are gently down-weighted so
requests spread over the community. Reasons are built for the top k only, from the evidence
that fired.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from connective.consultations.matching.bm25 import BM25Index, top_k
from connective.consultations.matching.embedding import Embedder, embed_texts
from connective.consultations.matching.index import AdvisorIndex, PracticeIndex
from connective.consultations.matching.reasons import Labels, advisor_reason, practice_reason
from connective.consultations.matching.text import normalise_token
from connective.consultations.matching.themes import ThemeModel
from connective.consultations.matching.types import (
    AdvisorCandidate,
    AdvisorMatch,
    Evidence,
    InferredTheme,
    PracticeCandidate,
    PracticeMatch,
    Request,
    Signals,
    Weights,
)

_WORD = re.compile(r"\w+", re.UNICODE)
# Sentence ends in the community's scripts (Latin, Arabic question mark and semicolon).
_SENTENCE_END = re.compile(r"(?<=[.!?؟;؛])\s+|\n+")
MAX_TERMS_IN_REASON = 3
# Candidates tagged with fewer themes than this also get themes inferred from their text.
FEW_THEMES = 2
# A piece of evidence is named in the reason when it counted at least this share of the
# strongest one.
EVIDENCE_MENTION = 0.35


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


def sentences(text: str) -> list[str]:
    """The sentences of a short text (a bio), in order, without empty ones."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _best_per_owner(size: int, owners: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per owner (0..size-1): the largest of its values (0 if none, or none positive) and the
    index, into `values`, of that value (-1 if none)."""
    best = np.zeros(size, dtype=np.float32)
    where = np.full(size, -1, dtype=np.int64)
    if not owners.size:
        return best, where
    positive = values > 0
    np.maximum.at(best, owners[positive], values[positive])
    # Which entry reached each owner's best (the first one on ties).
    hits = np.nonzero(positive & (values >= best[owners]))[0]
    for entry in hits[::-1]:
        where[owners[entry]] = entry
    return best, where


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
        themes: ThemeModel | None = None,
        links: Mapping[str, np.ndarray] | None = None,
        infer_candidate_themes: bool = True,
    ):
        """`links` (from `links()`) and `infer_candidate_themes=False` take what an index built
        from stored arrays already holds: the advisor -> practice pairs, and the candidates'
        inferred themes (`index.inferred`), instead of computing them again."""
        self.practices = practices
        self.advisors = advisors
        self.weights = weights or Weights()
        self.embedder = embedder or embed_texts
        self.labels = labels or Labels()
        self.themes = themes
        if links is None:
            self.contact_advisors, self.contact_practices = advisors.links(practices, authored=False)
            self.author_advisors, self.author_practices = advisors.links(practices, authored=True)
        else:
            self.contact_advisors, self.contact_practices = (
                links["contact_advisors"],
                links["contact_practices"],
            )
            self.author_advisors, self.author_practices = links["author_advisors"], links["author_practices"]
        self._sentence_vectors: dict[str, np.ndarray] = {}
        if themes is not None and len(themes) and infer_candidate_themes:
            self._infer_candidate_themes(themes)

    def links(self) -> dict[str, np.ndarray]:
        """The advisor -> practice pairs (rows), as `Matcher(links=...)` takes them."""
        return {
            "contact_advisors": self.contact_advisors,
            "contact_practices": self.contact_practices,
            "author_advisors": self.author_advisors,
            "author_practices": self.author_practices,
        }

    def _infer_candidate_themes(self, themes: ThemeModel) -> None:
        """Themes inferred from the texts of practices and advisors tagged with few."""
        for index, matrix in (
            (self.practices, self.practices.matrix),
            (self.advisors, self.advisors.bios.matrix),
        ):
            if not len(index):
                continue
            rows = np.nonzero(index.themes.sum(axis=1) < FEW_THEMES)[0]
            if rows.size:
                index.add_inferred(rows.tolist(), themes.infer_rows(matrix[rows]))

    @classmethod
    def build(
        cls,
        *,
        practices: Sequence[PracticeCandidate],
        advisors: Sequence[AdvisorCandidate],
        weights: Weights | None = None,
        embedder: Embedder | None = None,
        labels: Labels | None = None,
        theme_names: Mapping[str, Sequence[str]] | None = None,
    ) -> Matcher:
        """Indexes and (with `theme_names`: slug -> names in several languages) a theme model
        from those names and the practices tagged with each theme."""
        practice_index = PracticeIndex(practices, embedder=embedder)
        themes = None
        if theme_names:
            themes = theme_model(theme_names, practice_index, embedder=embedder)
        return cls(
            practices=practice_index,
            advisors=AdvisorIndex(advisors, embedder=embedder),
            weights=weights,
            embedder=embedder,
            labels=labels,
            themes=themes,
        )

    def embed(self, request: Request) -> np.ndarray:
        return np.asarray(self.embedder([request.text])[0], dtype=np.float32)

    # Themes --------------------------------------------------------------------------------------

    def infer_themes(self, request: Request, *, vector: np.ndarray | None = None) -> list[InferredTheme]:
        """The themes the request's text is about, most likely first (none without a model)."""
        if self.themes is None or not request.text.strip():
            return []
        vector = self.embed(request) if vector is None else vector
        return self.themes.infer(vector)

    def request_themes(self, request: Request, vector: np.ndarray) -> tuple[dict[str, float], bool]:
        """(slug -> weight, whether inferred): the requester's themes, each weighing 1, or when
        they ticked none, the themes inferred from the text, weighing their confidence."""
        if request.themes:
            return dict.fromkeys(sorted(request.themes), 1.0), False
        if not (self.weights.inferred_theme or self.weights.advisor_inferred_theme):
            return {}, True
        return {theme.slug: theme.confidence for theme in self.infer_themes(request, vector=vector)}, True

    # Practices -----------------------------------------------------------------------------------

    def practice_scores(
        self, request: Request, vector: np.ndarray, themes: dict[str, float], inferred: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(score, plain cosine, lexical share) of every practice."""
        index, w = self.practices, self.weights
        semantic, adjusted = index.similarity(vector, w.centring, w.local_scaling)
        lexical = np.zeros(len(index), dtype=np.float32)
        if w.lexical:
            lexical = _lexical(index.bm25, index.bm25.query_tokens(request.text))
        theme_weight = w.inferred_theme if inferred else w.theme
        score = (
            w.semantic * adjusted
            + w.lexical * lexical
            + theme_weight * index.theme_overlap(themes, inferred=1.0)
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
        themes, inferred = self.request_themes(request, vector)
        score, semantic, lexical = self.practice_scores(request, vector, themes, inferred)
        token_set = set(self.practices.bm25.query_tokens(request.text)) if self.weights.lexical else set()
        theme_weight = self.weights.inferred_theme if inferred else self.weights.theme
        matches = []
        for candidate_id, value in top_k(self.practices.ids, score, k):
            row = self.practices.row_of[candidate_id]
            practice = self.practices.candidates[row]
            signals = Signals(
                semantic=float(semantic[row]),
                lexical=float(lexical[row]),
                shared_themes=tuple(sorted(set(themes) & practice.themes)) if theme_weight else (),
                themes_inferred=inferred,
                same_region=bool(self.weights.region and request.region)
                and practice.region == request.region,
                matched_terms=(
                    _matched_words(practice.document, token_set)
                    if self.weights.lexical > 0 and lexical[row] > 0
                    else ()
                ),
            )
            reason = practice_reason(
                signals,
                place=practice.place,
                language=practice.language,
                own_themes=tuple(sorted(practice.themes)),
                labels=self.labels,
            )
            matches.append(PracticeMatch(practice=practice, score=value, signals=signals, reason=reason))
        return matches, score

    # Advisors ------------------------------------------------------------------------------------

    def practice_credit(self, practice_score: np.ndarray) -> np.ndarray:
        """How much answering this request each practice is worth to its contacts and authors:
        1 for the best practice, falling linearly to 0 at `practice_window` below it."""
        if not practice_score.size:
            return practice_score
        window = max(self.weights.practice_window, 1e-6)
        best = float(practice_score.max())
        return np.clip((practice_score - (best - window)) / window, 0.0, 1.0).astype(np.float32)

    def advisor_evidence(
        self,
        request: Request,
        vector: np.ndarray,
        practice_score: np.ndarray,
        themes: dict[str, float],
        inferred: bool = False,
    ) -> dict[str, np.ndarray]:
        """Per advisor, each piece of evidence's weighted contribution (and where it came from)."""
        index, w = self.advisors, self.weights
        size = len(index)
        raw_bio, bio = index.bios.similarity(vector, w.advisor_centring, w.advisor_local_scaling)
        evidence: dict[str, np.ndarray] = {"bio": w.bio * bio, "bio_raw": raw_bio}
        topic_best, topic_entry = np.zeros(size, np.float32), np.full(size, -1, np.int64)
        if len(index.topics) and w.topic:
            _raw, topic = index.topics.similarity(vector, w.advisor_centring, w.advisor_local_scaling)
            topic_best, topic_entry = _best_per_owner(size, index.topic_owner, topic)
            # Only topics that fit count (an advisor's unrelated past work is no evidence against).
        evidence["topic"], evidence["topic_entry"] = w.topic * topic_best, topic_entry
        credit = self.practice_credit(practice_score)
        for kind, owners, rows in (
            ("practice", self.contact_advisors, self.contact_practices),
            ("authored", self.author_advisors, self.author_practices),
        ):
            values = credit[rows] if rows.size else np.zeros(0, np.float32)
            best, entry = _best_per_owner(size, owners, values)
            evidence[kind] = w.practice * best
            evidence[f"{kind}_row"] = np.where(
                entry >= 0, rows[np.maximum(entry, 0)] if rows.size else -1, -1
            )
        theme_weight = w.advisor_inferred_theme if inferred else w.advisor_theme
        evidence["themes"] = theme_weight * index.theme_overlap(themes, inferred=1.0)
        return evidence

    def advisor_scores(
        self, request: Request, evidence: dict[str, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(score with -inf for the ineligible, lexical share)."""
        index, w = self.advisors, self.weights
        eligible = index.eligible(requester_id=request.requester_id, languages=request.languages)
        lexical = np.zeros(len(index), dtype=np.float32)
        if w.advisor_lexical:
            tokens = index.bm25.query_tokens(request.text)
            lexical = np.where(eligible, _lexical(index.bm25, tokens), 0.0)
        languages = index.shared_languages(request.languages)
        score = (
            evidence["bio"]
            + evidence["topic"]
            + np.maximum(evidence["practice"], evidence["authored"])
            + evidence["themes"]
            + w.advisor_lexical * lexical
            + w.advisor_region * index.same_region(request.region)
            + w.advisor_language * np.minimum(languages, 2) / 2
            - w.load * index.load()
        )
        return np.where(eligible, score, -np.inf), lexical

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
        themes, inferred = self.request_themes(request, vector)
        if practice_score is None:
            practice_score = (
                self.practice_scores(request, vector, themes, inferred)[0]
                if len(self.practices)
                else np.zeros(0, dtype=np.float32)
            )
        evidence = self.advisor_evidence(request, vector, practice_score, themes, inferred)
        score, lexical = self.advisor_scores(request, evidence)
        matches = []
        for candidate_id, value in top_k(self.advisors.ids, score, k):
            row = self.advisors.row_of[candidate_id]
            advisor = self.advisors.candidates[row]
            theme_weight = self.weights.advisor_inferred_theme if inferred else self.weights.advisor_theme
            shared = tuple(sorted(set(themes) & advisor.themes)) if theme_weight else ()
            signals = Signals(
                semantic=float(evidence["bio_raw"][row]),
                lexical=float(lexical[row]),
                shared_themes=shared,
                inferred_shared_themes=self._inferred_of(row, themes, shared),
                own_themes=tuple(sorted(advisor.themes)),
                themes_inferred=inferred,
                same_region=bool(self.weights.advisor_region and request.region)
                and advisor.region == request.region,
                shared_languages=tuple(code for code in request.languages if code in advisor.languages),
                evidence=self._evidence_of(row, advisor, evidence, vector),
                open_consultations=advisor.open_consultations,
            )
            reason = advisor_reason(signals, labels=self.labels)
            matches.append(AdvisorMatch(advisor=advisor, score=value, signals=signals, reason=reason))
        return matches

    def _inferred_of(self, row: int, themes: dict[str, float], shared: tuple[str, ...]) -> tuple[str, ...]:
        """The request's themes this advisor's bio is about, though they are not tagged with them."""
        if not (self.weights.advisor_theme or self.weights.advisor_inferred_theme):
            return ()
        columns = self.advisors.theme_vocabulary.columns
        return tuple(
            slug
            for slug in sorted(themes)
            if slug not in shared and slug in columns and self.advisors.inferred[row, columns[slug]] > 0
        )

    def _evidence_of(
        self, row: int, advisor: AdvisorCandidate, evidence: dict[str, np.ndarray], vector: np.ndarray
    ) -> tuple[Evidence, ...]:
        """The evidence that fired for one advisor, strongest first, with its text."""
        items: list[Evidence] = []
        if evidence["bio"][row] > 0 and advisor.bio.strip():
            items.append(
                Evidence("bio", float(evidence["bio"][row]), self._closest_sentence(advisor.bio, vector))
            )
        entry = int(evidence["topic_entry"][row])
        if evidence["topic"][row] > 0 and entry >= 0:
            items.append(Evidence("topic", float(evidence["topic"][row]), self.advisors.topic_text[entry]))
        for kind in ("practice", "authored"):
            practice_row = int(evidence[f"{kind}_row"][row])
            if evidence[kind][row] > 0 and practice_row >= 0:
                practice = self.practices.candidates[practice_row]
                items.append(Evidence(kind, float(evidence[kind][row]), practice.title, practice.place))
        if evidence["themes"][row] > 0:
            items.append(Evidence("themes", float(evidence["themes"][row])))
        items.sort(key=lambda item: -item.score)
        if not items:
            return ()
        strongest = items[0].score
        return tuple(item for item in items if item.score >= EVIDENCE_MENTION * strongest)

    def _closest_sentence(self, text: str, vector: np.ndarray) -> str:
        """The sentence of `text` closest in meaning to the request (the first if only one)."""
        parts = sentences(text)
        if len(parts) <= 1:
            return parts[0] if parts else ""
        missing = [part for part in parts if part not in self._sentence_vectors]
        if missing:
            if len(self._sentence_vectors) > 20_000:
                self._sentence_vectors.clear()
            for part, row in zip(missing, self.embedder(missing), strict=True):
                self._sentence_vectors[part] = np.asarray(row, dtype=np.float32)
        return max(parts, key=lambda part: float(self._sentence_vectors[part] @ vector))

    def match(
        self, request: Request, *, k: int = 5, vector: np.ndarray | None = None
    ) -> tuple[list[PracticeMatch], list[AdvisorMatch]]:
        """Practices and advisors for one request, embedding it once (or using `vector`) and
        scoring the practices once for both."""
        vector = self.embed(request) if vector is None else vector
        practices, practice_score = self._match_practices(request, k=k, vector=vector)
        return practices, self.match_advisors(request, k=k, vector=vector, practice_score=practice_score)


def theme_model(
    names: Mapping[str, Sequence[str]], practices: PracticeIndex, *, embedder: Embedder | None = None
) -> ThemeModel:
    """A theme model from the themes' names and the practices tagged with each theme."""
    tagged: dict[str, np.ndarray] = {}
    if len(practices):
        # One product gives every theme's sum of tagged vectors: (themes, n) @ (n, 512).
        sums = practices.themes.T.astype(np.float32) @ practices.matrix
        counts = practices.themes.sum(axis=0)
        for slug, column in practices.theme_vocabulary.columns.items():
            if counts[column]:
                tagged[slug] = sums[column] / counts[column]
    return ThemeModel.build(names, embedder=embedder, tagged=tagged)
