"""Candidates held as numpy arrays, built once, so one match is a few vector operations.

`PracticeIndex` and `AdvisorIndex` keep the embeddings in one (N, 512) float32 matrix, themes
and languages as boolean matrices over small vocabularies, regions as small integer codes, and
the advisors' consent, activity and load as flat arrays. `AdvisorIndex.update` changes an
advisor's willingness, activity or load in place, so a withdrawn consent counts at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from connective.consultations.matching.bm25 import BM25Index
from connective.consultations.matching.embedding import DIMENSIONS, Embedder, embed_texts
from connective.consultations.matching.text import tokenize
from connective.consultations.matching.types import AdvisorCandidate, CandidateId, PracticeCandidate


class Vocabulary:
    """Small string -> column number map (themes, languages, regions)."""

    def __init__(self, values: Iterable[str]):
        self.columns: dict[str, int] = {}
        for value in values:
            self.columns.setdefault(value, len(self.columns))

    def __len__(self) -> int:
        return len(self.columns)

    def codes(self, values: Iterable[str]) -> list[int]:
        return [self.columns[value] for value in values if value in self.columns]


def _membership(rows: Sequence[Iterable[str]], vocabulary: Vocabulary) -> np.ndarray:
    matrix = np.zeros((len(rows), max(len(vocabulary), 1)), dtype=bool)
    for row, values in enumerate(rows):
        matrix[row, vocabulary.codes(values)] = True
    return matrix


def _embeddings(candidates: Sequence[Any], embedder: Embedder) -> np.ndarray:
    matrix = np.zeros((len(candidates), DIMENSIONS), dtype=np.float32)
    missing = [row for row, candidate in enumerate(candidates) if candidate.embedding is None]
    for row, candidate in enumerate(candidates):
        if candidate.embedding is not None:
            vector = np.asarray(candidate.embedding, dtype=np.float32)
            if vector.shape != (DIMENSIONS,):
                raise ValueError(f"Candidate {candidate.id!r} has an embedding of shape {vector.shape}.")
            matrix[row] = vector
    if missing:
        matrix[missing] = embedder([candidates[row].document for row in missing])
    return matrix


class _CandidateIndex:
    def __init__(self, candidates: Sequence[Any], *, embedder: Embedder | None):
        ids = [candidate.id for candidate in candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("Candidate ids must be unique.")
        self.candidates = list(candidates)
        self.ids = ids
        self.row_of: dict[CandidateId, int] = {candidate_id: row for row, candidate_id in enumerate(ids)}
        self.matrix = _embeddings(self.candidates, embedder or embed_texts)
        self.bm25 = BM25Index((candidate.document for candidate in self.candidates), tokenizer=tokenize)
        self.theme_vocabulary = Vocabulary(
            theme for candidate in candidates for theme in sorted(candidate.themes)
        )
        self.themes = _membership([candidate.themes for candidate in candidates], self.theme_vocabulary)
        self.region_vocabulary = Vocabulary(candidate.region for candidate in candidates if candidate.region)
        self.regions = np.asarray(
            [self.region_vocabulary.columns.get(candidate.region, -1) for candidate in candidates],
            dtype=np.int16,
        )

        # For centred similarity (see `similarity`): the candidates' mean vector, each
        # candidate's dot product with it, and the mean's squared length.
        self.centre = self.matrix.mean(axis=0) if len(self.candidates) else np.zeros(DIMENSIONS, np.float32)
        self.centre_dot = self.matrix @ self.centre
        self.centre_square = float(self.centre @ self.centre)

    def __len__(self) -> int:
        return len(self.candidates)

    def similarity(self, vector: np.ndarray, centring: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of each candidate with `vector` (unit length), as it is and after moving
        both by `centring` times the candidates' mean vector.

        Sentence embeddings of long, generic texts sit close to the middle of the collection
        and come out similar to every request (the "hub" problem of nearest-neighbour search
        in high dimensions). Measuring from the collection's mean instead of from the origin
        takes that common part out (Suzuki et al., "Centering similarity measures to reduce
        hubs", EMNLP 2013). Both come from the one matrix-vector product:
        (d - bm).(q - bm) = d.q - b d.m - b q.m + b^2 m.m.
        """
        raw = self.matrix @ vector
        if not centring or len(self.candidates) < 2:
            return raw, raw
        b, square = centring, self.centre_square
        query_dot = float(vector @ self.centre)
        numerator = raw - b * self.centre_dot - b * query_dot + b * b * square
        candidate_norm = np.sqrt(np.maximum(1.0 - 2 * b * self.centre_dot + b * b * square, 1e-12))
        query_norm = max(1.0 - 2 * b * query_dot + b * b * square, 1e-12) ** 0.5
        return raw, (numerator / (candidate_norm * query_norm)).astype(np.float32)

    def theme_overlap(self, themes: frozenset[str]) -> np.ndarray:
        """Share of the request's themes each candidate has (0..1)."""
        codes = self.theme_vocabulary.codes(sorted(themes))
        if not themes or not codes:
            return np.zeros(len(self), dtype=np.float32)
        return self.themes[:, codes].sum(axis=1, dtype=np.float32) / len(themes)

    def same_region(self, region: str) -> np.ndarray:
        code = self.region_vocabulary.columns.get(region, -2) if region else -2
        return self.regions == code

    def nbytes(self) -> int:
        return self.matrix.nbytes + self.bm25.nbytes() + self.themes.nbytes + self.regions.nbytes


class PracticeIndex(_CandidateIndex):
    """The published practices a request can be matched to."""

    candidates: list[PracticeCandidate]

    def __init__(self, candidates: Sequence[PracticeCandidate], *, embedder: Embedder | None = None):
        super().__init__(candidates, embedder=embedder)
        self.language_vocabulary = Vocabulary(candidate.language for candidate in candidates)
        self.languages = np.asarray(
            [self.language_vocabulary.columns[candidate.language] for candidate in candidates], dtype=np.int16
        )

    def in_languages(self, languages: Iterable[str]) -> np.ndarray:
        """Whether each practice is written in one of `languages`."""
        allowed = np.zeros(max(len(self.language_vocabulary), 1), dtype=bool)
        allowed[self.language_vocabulary.codes(languages)] = True
        return allowed[self.languages]


class AdvisorIndex(_CandidateIndex):
    """The members who may be asked for advice, with the arrays the hard rules read."""

    candidates: list[AdvisorCandidate]

    def __init__(self, candidates: Sequence[AdvisorCandidate], *, embedder: Embedder | None = None):
        super().__init__(candidates, embedder=embedder)
        self.language_vocabulary = Vocabulary(
            language for candidate in candidates for language in sorted(candidate.languages)
        )
        self.languages = _membership(
            [candidate.languages for candidate in candidates], self.language_vocabulary
        )
        self.willing = np.asarray([candidate.willing for candidate in candidates], dtype=bool)
        self.active = np.asarray([candidate.active for candidate in candidates], dtype=bool)
        self.open = np.asarray([candidate.open_consultations for candidate in candidates], dtype=np.int32)
        self.limit = np.asarray([candidate.limit for candidate in candidates], dtype=np.int32)

    def update(
        self,
        advisor_id: CandidateId,
        *,
        willing: bool | None = None,
        active: bool | None = None,
        open_consultations: int | None = None,
        limit: int | None = None,
    ) -> None:
        """Change an advisor's consent, activity or load; the next match sees it."""
        row = self.row_of.get(advisor_id)
        if row is None:
            raise KeyError(f"No advisor {advisor_id!r} in this index.")
        changes: dict[str, Any] = {}
        if willing is not None:
            self.willing[row] = changes["willing"] = willing
        if active is not None:
            self.active[row] = changes["active"] = active
        if open_consultations is not None:
            if open_consultations < 0:
                raise ValueError("open_consultations cannot be negative.")
            self.open[row] = changes["open_consultations"] = open_consultations
        if limit is not None:
            if limit < 0:
                raise ValueError("limit cannot be negative.")
            self.limit[row] = changes["limit"] = limit
        self.candidates[row] = dataclasses.replace(self.candidates[row], **changes)

    def eligible(self, *, requester_id: CandidateId | None, languages: Iterable[str]) -> np.ndarray:
        """The hard rules: willing, active, below their limit, not the requester, and sharing a
        language with the requester when the request names any."""
        mask = self.willing & self.active & (self.open < self.limit)
        languages = list(languages)
        if languages:
            codes = self.language_vocabulary.codes(languages)
            mask &= self.languages[:, codes].any(axis=1) if codes else False
        if requester_id is not None and requester_id in self.row_of:
            mask[self.row_of[requester_id]] = False
        return mask

    def shared_languages(self, languages: Iterable[str]) -> np.ndarray:
        """How many of the request's languages each advisor speaks."""
        codes = self.language_vocabulary.codes(languages)
        if not codes:
            return np.zeros(len(self), dtype=np.float32)
        return self.languages[:, codes].sum(axis=1, dtype=np.float32)

    def load(self) -> np.ndarray:
        """Open consultations as a share of each advisor's limit (0..1)."""
        return self.open / np.maximum(self.limit, 1).astype(np.float32)

    def nbytes(self) -> int:
        arrays = (self.languages, self.willing, self.active, self.open, self.limit)
        return super().nbytes() + sum(array.nbytes for array in arrays)
