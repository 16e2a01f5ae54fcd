"""Candidates held as numpy arrays, built once, so one match is a few vector operations.

`PracticeIndex` and `AdvisorIndex` keep the embeddings in (N, 512) float32 matrices, themes
as matrices over a small vocabulary (1 for a theme the candidate has; the confidence of an
inferred one in a second matrix), languages and regions as small integer codes, and the
advisors' consent, activity and load as flat arrays. An advisor's evidence is held apart:
their bio's vector, one row per past consultation topic (with its owner), and the practices
they are contact for or wrote as (advisor row, practice row) pairs. `AdvisorIndex.update`
changes an advisor's willingness, activity or load in place, so a withdrawn consent counts at
once.

Both can also be assembled from arrays computed elsewhere (`from_arrays`: a stored snapshot,
memory-mapped and shared by the processes of a server), with each candidate's details read
only when a match needs them (`LazyCandidates`, `RowLookup`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar, overload

import numpy as np

from connective.consultations.matching.bm25 import BM25Index
from connective.consultations.matching.embedding import DIMENSIONS, Embedder, embed_texts
from connective.consultations.matching.text import tokenize
from connective.consultations.matching.types import AdvisorCandidate, CandidateId, PracticeCandidate

# Local scaling (CSLS) measures each vector's hubness as its mean similarity to its k nearest
# neighbours among at most PROBES rows of the same collection (a fixed, evenly spaced sample,
# so the cost stays bounded at 100,000 rows).
NEIGHBOURS = 10
PROBES = 4096
# Hub reduction needs a population to measure a "typical" text against: below this many
# vectors (a young community's few advisors) similarities are taken as they are.
MIN_POPULATION = 20


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


class IdList(Sequence[int]):
    """Candidate ids held in one integer array, handed out as Python ints (no list of 100,000
    int objects per process)."""

    def __init__(self, array: np.ndarray):
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, row: int) -> int: ...
    @overload
    def __getitem__(self, row: slice) -> list[int]: ...
    def __getitem__(self, row: int | slice) -> int | list[int]:
        if isinstance(row, slice):
            return [int(value) for value in self.array[row]]
        return int(self.array[row])

    def __iter__(self) -> Iterator[int]:
        return (int(value) for value in self.array)


class RowLookup(Mapping[Any, int]):
    """id -> row over an integer id array, by binary search in a sorted copy (instead of a dict
    of every id)."""

    def __init__(self, ids: np.ndarray):
        self.order = np.argsort(ids, kind="stable")
        self.sorted = np.asarray(ids)[self.order]

    def __getitem__(self, candidate_id: Any) -> int:
        if isinstance(candidate_id, bool) or not isinstance(candidate_id, int | np.integer):
            raise KeyError(candidate_id)
        position = int(np.searchsorted(self.sorted, candidate_id))
        if position >= len(self.sorted) or self.sorted[position] != candidate_id:
            raise KeyError(candidate_id)
        return int(self.order[position])

    def __iter__(self) -> Iterator[int]:
        return (int(value) for value in self.sorted)

    def __len__(self) -> int:
        return len(self.sorted)


class LazyCandidates(Sequence[Any]):
    """Candidates built on access from their row (`load(row)`), for the few a match returns;
    a candidate set by `index.update` is kept as set."""

    def __init__(self, size: int, load: Callable[[int], Any]):
        self.size = size
        self.load = load
        self.changed: dict[int, Any] = {}

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, row: int) -> Any: ...
    @overload
    def __getitem__(self, row: slice) -> list[Any]: ...
    def __getitem__(self, row: int | slice) -> Any:
        if isinstance(row, slice):
            return [self[number] for number in range(*row.indices(self.size))]
        if row < 0:
            row += self.size
        if not 0 <= row < self.size:
            raise IndexError(row)
        found = self.changed.get(row)
        return found if found is not None else self.load(row)

    def __setitem__(self, row: int, candidate: Any) -> None:
        self.changed[row] = candidate


def _membership(rows: Sequence[Iterable[str]], vocabulary: Vocabulary) -> np.ndarray:
    matrix = np.zeros((len(rows), max(len(vocabulary), 1)), dtype=bool)
    for row, values in enumerate(rows):
        matrix[row, vocabulary.codes(values)] = True
    return matrix


def _vectors(
    texts: Sequence[str], given: Sequence[np.ndarray | None], embedder: Embedder, *, label: Sequence[object]
) -> np.ndarray:
    """Rows of unit vectors: the given ones (checked), the missing ones embedded in one batch;
    an empty text with no vector stays a zero row (no evidence)."""
    matrix = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing = []
    for row, (text, vector) in enumerate(zip(texts, given, strict=True)):
        if vector is not None:
            vector = np.asarray(vector, dtype=np.float32)
            if vector.shape != (DIMENSIONS,):
                raise ValueError(f"Candidate {label[row]!r} has an embedding of shape {vector.shape}.")
            matrix[row] = vector
        elif text.strip():
            missing.append(row)
    if missing:
        matrix[missing] = embedder([texts[row] for row in missing])
    return matrix


def neighbourhood(matrix: np.ndarray, *, k: int = NEIGHBOURS, probes: int = PROBES) -> np.ndarray:
    """Each row's mean cosine with its k most similar rows among an evenly spaced sample of at
    most `probes` rows (itself excluded): how much of a "hub" it is. Zero rows get 0."""
    rows = len(matrix)
    if rows < 2:
        return np.zeros(rows, dtype=np.float32)
    step = max(1, -(-rows // probes))
    sample_rows = np.arange(0, rows, step)
    sample = matrix[sample_rows]
    k = min(k, len(sample_rows) - 1)
    if k < 1:
        return np.zeros(rows, dtype=np.float32)
    result = np.zeros(rows, dtype=np.float32)
    for start in range(0, rows, 2048):
        block = matrix[start : start + 2048] @ sample.T
        # A row in the sample meets itself (cosine 1): leave it out.
        own = np.arange(start, min(start + 2048, rows))
        in_sample = own % step == 0
        block[np.nonzero(in_sample)[0], own[in_sample] // step] = -np.inf
        top = np.partition(block, -k, axis=1)[:, -k:]
        result[start : start + len(block)] = top.mean(axis=1)
    empty = ~matrix.any(axis=1)
    result[empty] = 0.0
    return result


class VectorSet:
    """A matrix of unit rows (zero rows where there is nothing to embed) and what hub reduction
    needs: the mean vector, each row's dot product with it, and (on first use) each row's
    neighbourhood (`neighbourhood`)."""

    def __init__(self, matrix: np.ndarray):
        self.matrix = matrix
        present = matrix.any(axis=1) if len(matrix) else np.zeros(0, dtype=bool)
        self.present = present
        self.count = int(present.sum())
        self.centre = (
            matrix[present].mean(axis=0)
            if self.count >= MIN_POPULATION
            else np.zeros(DIMENSIONS, dtype=np.float32)
        ).astype(np.float32)
        self.centre_dot = matrix @ self.centre
        self.centre_square = float(self.centre @ self.centre)

    @classmethod
    def from_arrays(
        cls,
        matrix: np.ndarray,
        *,
        present: np.ndarray,
        centre: np.ndarray,
        centre_dot: np.ndarray,
        hubness: np.ndarray | None = None,
    ) -> VectorSet:
        """A set from figures computed before (`arrays()`), without computing any of them."""
        vectors = cls.__new__(cls)
        vectors.matrix = matrix
        vectors.present = present
        vectors.count = int(np.count_nonzero(present))
        vectors.centre = np.asarray(centre, dtype=np.float32)
        vectors.centre_dot = centre_dot
        vectors.centre_square = float(vectors.centre @ vectors.centre)
        if hubness is not None:
            vectors.__dict__["hubness"] = hubness
        return vectors

    @classmethod
    def stored(cls, arrays: Mapping[str, np.ndarray], name: str) -> VectorSet:
        """The set stored under `name` in a snapshot's arrays (`name.matrix`, `name.present` ...)."""
        return cls.from_arrays(
            arrays[f"{name}.matrix"],
            present=arrays[f"{name}.present"],
            centre=arrays[f"{name}.centre"],
            centre_dot=arrays[f"{name}.centre_dot"],
            hubness=arrays.get(f"{name}.hubness"),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything `from_arrays` needs, the neighbourhoods included (computed here if not yet)."""
        return {
            "matrix": self.matrix,
            "present": np.asarray(self.present, dtype=bool),
            "centre": self.centre,
            "centre_dot": np.asarray(self.centre_dot, dtype=np.float32),
            "hubness": np.asarray(self.hubness, dtype=np.float32),
        }

    def __len__(self) -> int:
        return len(self.matrix)

    @cached_property
    def hubness(self) -> np.ndarray:
        if self.count < MIN_POPULATION:
            return np.zeros(len(self.matrix), dtype=np.float32)
        return neighbourhood(self.matrix)

    def similarity(
        self, vector: np.ndarray, centring: float = 0.0, local_scaling: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of each row with `vector` (unit length), as it is and hub-reduced.

        Sentence embeddings of long, generic texts sit close to the middle of a collection and
        come out similar to every request (the "hub" problem of nearest-neighbour search in
        high dimensions). Two remedies, combinable: measure from the collection's mean instead
        of the origin (`centring` b; Suzuki et al., "Centering similarity measures to reduce
        hubs", EMNLP 2013), from the one matrix-vector product:
        (d - bm).(q - bm) = d.q - b d.m - b q.m + b^2 m.m; and subtract `local_scaling` times
        each row's mean similarity to its nearest neighbours (CSLS, Conneau et al., "Word
        translation without parallel data", ICLR 2018: a row close to many others is penalised
        for it). Zero rows score 0 either way.
        """
        raw = self.matrix @ vector
        adjusted = raw
        if centring and self.count >= MIN_POPULATION:
            b, square = centring, self.centre_square
            query_dot = float(vector @ self.centre)
            numerator = raw - b * self.centre_dot - b * query_dot + b * b * square
            row_norm = np.sqrt(np.maximum(1.0 - 2 * b * self.centre_dot + b * b * square, 1e-12))
            query_norm = max(1.0 - 2 * b * query_dot + b * b * square, 1e-12) ** 0.5
            adjusted = np.where(self.present, numerator / (row_norm * query_norm), 0.0)
        if local_scaling:
            adjusted = adjusted - local_scaling * self.hubness
        return raw, np.asarray(adjusted, dtype=np.float32)

    def nbytes(self) -> int:
        return self.matrix.nbytes + self.centre_dot.nbytes


IndexT = TypeVar("IndexT", bound="_CandidateIndex")


class _CandidateIndex:
    candidates: list[Any]

    def __init__(self, candidates: Sequence[Any]):
        ids = [candidate.id for candidate in candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("Candidate ids must be unique.")
        self.candidates = list(candidates)
        self.ids = ids
        self.row_of: dict[CandidateId, int] = {candidate_id: row for row, candidate_id in enumerate(ids)}
        self.theme_vocabulary = Vocabulary(
            theme for candidate in candidates for theme in sorted(candidate.themes)
        )
        self.themes = _membership([candidate.themes for candidate in candidates], self.theme_vocabulary)
        # Confidence of themes inferred from the text, for candidates tagged with few (see
        # `Matcher`); zero until the matcher's theme model fills it.
        self.inferred = np.zeros(self.themes.shape, dtype=np.float32)
        self.region_vocabulary = Vocabulary(candidate.region for candidate in candidates if candidate.region)
        self.regions = np.asarray(
            [self.region_vocabulary.columns.get(candidate.region, -1) for candidate in candidates],
            dtype=np.int16,
        )

    def _assign_arrays(
        self,
        *,
        ids: np.ndarray,
        candidates: LazyCandidates,
        theme_vocabulary: Sequence[str],
        themes: np.ndarray,
        inferred: np.ndarray,
        region_vocabulary: Sequence[str],
        regions: np.ndarray,
    ) -> None:
        """What `__init__` computes from candidate lists, taken as given (see `from_arrays`)."""
        # Sequences that read rows on access stand in for the lists: same indexing, no copies.
        self.candidates = candidates  # type: ignore[assignment]
        self.ids = IdList(ids)  # type: ignore[assignment]
        self.row_of = RowLookup(ids)  # type: ignore[assignment]
        self.theme_vocabulary = Vocabulary(theme_vocabulary)
        self.themes = themes
        self.inferred = inferred
        self.region_vocabulary = Vocabulary(region_vocabulary)
        self.regions = regions

    @classmethod
    def _stored(
        cls,
        arrays: Mapping[str, np.ndarray],
        vocabularies: Mapping[str, Sequence[str]],
        load: Callable[[int], Any],
    ) -> Any:
        """An index of this class with the arrays both kinds share, its candidates built by `load`."""
        index = cls.__new__(cls)
        ids = arrays["ids"]
        index._assign_arrays(
            ids=ids,
            candidates=LazyCandidates(len(ids), load),
            theme_vocabulary=vocabularies["themes"],
            themes=arrays["themes"],
            inferred=arrays["inferred"],
            region_vocabulary=vocabularies["regions"],
            regions=arrays["regions"],
        )
        return index

    def common_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
        """(arrays, vocabularies) shared by both kinds of index, for a snapshot."""
        arrays = {
            "ids": np.asarray(list(self.ids), dtype=np.int64),
            "themes": self.themes,
            "inferred": self.inferred,
            "regions": self.regions,
        }
        vocabularies = {
            "themes": list(self.theme_vocabulary.columns),
            "regions": list(self.region_vocabulary.columns),
        }
        return arrays, vocabularies

    def __len__(self) -> int:
        return len(self.candidates)

    # Each candidate's whole text for the lexical index, when the candidates themselves hold
    # less (a stored snapshot leaves the texts of an advisor's practices out of the candidate).
    documents: Callable[[], Iterable[str]] | None = None

    @cached_property
    def bm25(self) -> BM25Index:
        """Built on first use: the lexical signal is off as tuned, and the index is large."""
        documents = self.documents() if self.documents else (c.document for c in self.candidates)
        return BM25Index(documents, tokenizer=tokenize)

    def add_inferred(self, rows: Sequence[int], themes: Sequence[dict[str, float]]) -> None:
        """Record inferred themes (slug -> confidence) for these rows, growing the vocabulary."""
        for slugs in themes:
            for slug in slugs:
                self.theme_vocabulary.columns.setdefault(slug, len(self.theme_vocabulary))
        width = max(len(self.theme_vocabulary), 1)
        if width > self.themes.shape[1]:
            grow = width - self.themes.shape[1]
            self.themes = np.pad(self.themes, ((0, 0), (0, grow)))
            self.inferred = np.pad(self.inferred, ((0, 0), (0, grow)))
        for row, slugs in zip(rows, themes, strict=True):
            for slug, confidence in slugs.items():
                column = self.theme_vocabulary.columns[slug]
                if not self.themes[row, column]:
                    self.inferred[row, column] = confidence

    def theme_overlap(self, weights: dict[str, float], *, inferred: float = 0.0) -> np.ndarray:
        """Share (0..1) of the request's theme weight each candidate covers: a theme it is tagged
        with counts fully, one inferred from its text `inferred` times its confidence."""
        codes = self.theme_vocabulary.codes(weights)
        total = sum(weights.values())
        if not codes or total <= 0:
            return np.zeros(len(self), dtype=np.float32)
        values = np.asarray([weights[slug] for slug in weights if slug in self.theme_vocabulary.columns])
        covered = self.themes[:, codes].astype(np.float32) @ values.astype(np.float32)
        if inferred:
            covered = covered + inferred * (self.inferred[:, codes] @ values.astype(np.float32))
        return np.minimum(covered / total, 1.0).astype(np.float32)

    def same_region(self, region: str) -> np.ndarray:
        code = self.region_vocabulary.columns.get(region, -2) if region else -2
        return self.regions == code


class PracticeIndex(_CandidateIndex):
    """The published practices a request can be matched to."""

    candidates: list[PracticeCandidate]

    def __init__(self, candidates: Sequence[PracticeCandidate], *, embedder: Embedder | None = None):
        super().__init__(candidates)
        self.vectors = VectorSet(
            _vectors(
                [c.document for c in self.candidates],
                [c.embedding for c in self.candidates],
                embedder or embed_texts,
                label=self.ids,
            )
        )
        self.matrix = self.vectors.matrix
        self.language_vocabulary = Vocabulary(candidate.language for candidate in candidates)
        self.languages = np.asarray(
            [self.language_vocabulary.columns[candidate.language] for candidate in candidates], dtype=np.int16
        )

    @classmethod
    def from_arrays(
        cls,
        arrays: Mapping[str, np.ndarray],
        vocabularies: Mapping[str, Sequence[str]],
        *,
        load: Callable[[int], PracticeCandidate],
    ) -> PracticeIndex:
        """An index from `arrays()` / `vocabularies()` (possibly memory-mapped), whose candidates
        are built by `load(row)` only when a match returns them."""
        index = cls._stored(arrays, vocabularies, load)
        index.vectors = VectorSet.stored(arrays, "vectors")
        index.matrix = index.vectors.matrix
        index.language_vocabulary = Vocabulary(vocabularies["languages"])
        index.languages = arrays["languages"]
        return index

    def arrays(self) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
        """(arrays, vocabularies): everything `from_arrays` needs but the candidates' details."""
        arrays, vocabularies = self.common_arrays()
        arrays.update({f"vectors.{name}": value for name, value in self.vectors.arrays().items()})
        arrays["languages"] = self.languages
        vocabularies["languages"] = list(self.language_vocabulary.columns)
        return arrays, vocabularies

    def similarity(
        self, vector: np.ndarray, centring: float = 0.0, local_scaling: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.vectors.similarity(vector, centring, local_scaling)

    def in_languages(self, languages: Iterable[str]) -> np.ndarray:
        """Whether each practice is written in one of `languages`."""
        allowed = np.zeros(max(len(self.language_vocabulary), 1), dtype=bool)
        allowed[self.language_vocabulary.codes(languages)] = True
        return allowed[self.languages]

    def nbytes(self) -> int:
        return self.vectors.nbytes() + self.themes.nbytes + self.inferred.nbytes + self.regions.nbytes


class AdvisorIndex(_CandidateIndex):
    """The members who may be asked for advice: their evidence and the arrays the hard rules read."""

    candidates: list[AdvisorCandidate]

    def __init__(self, candidates: Sequence[AdvisorCandidate], *, embedder: Embedder | None = None):
        super().__init__(candidates)
        embed = embedder or embed_texts
        self.bios = VectorSet(
            _vectors(
                [c.bio for c in self.candidates],
                [c.embedding for c in self.candidates],
                embed,
                label=self.ids,
            )
        )
        topic_texts: list[str] = []
        topic_given: list[np.ndarray | None] = []
        owners: list[int] = []
        for row, candidate in enumerate(self.candidates):
            given = candidate.topic_embeddings
            if given is not None and len(given) != len(candidate.past_topics):
                raise ValueError(f"Candidate {candidate.id!r} has {len(given)} topic embeddings for "
                                 f"{len(candidate.past_topics)} topics.")  # fmt: skip
            for number, topic in enumerate(candidate.past_topics):
                topic_texts.append(topic)
                topic_given.append(None if given is None else given[number])
                owners.append(row)
        self.topics = VectorSet(
            _vectors(topic_texts, topic_given, embed, label=[self.ids[o] for o in owners])
        )
        self.topic_owner = np.asarray(owners, dtype=np.int32)
        self.topic_text = topic_texts
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

    @classmethod
    def from_arrays(
        cls,
        arrays: Mapping[str, np.ndarray],
        vocabularies: Mapping[str, Sequence[str]],
        *,
        load: Callable[[int], AdvisorCandidate],
        topic_text: Sequence[str],
    ) -> AdvisorIndex:
        """An index from `arrays()` / `vocabularies()` (possibly memory-mapped): candidates are
        built by `load(row)` when a match returns them, `topic_text[entry]` read likewise.
        Consent, activity and load are copied (a few bytes per advisor) so `update` can
        change them in this process only."""
        index = cls._stored(arrays, vocabularies, load)
        index.bios = VectorSet.stored(arrays, "bios")
        index.topics = VectorSet.stored(arrays, "topics")
        index.topic_owner = arrays["topic_owner"]
        index.topic_text = topic_text  # read on access, like candidates
        index.language_vocabulary = Vocabulary(vocabularies["languages"])
        index.languages = arrays["languages"]
        index.willing = np.array(arrays["willing"], dtype=bool)
        index.active = np.array(arrays["active"], dtype=bool)
        index.open = np.array(arrays["open"], dtype=np.int32)
        index.limit = np.array(arrays["limit"], dtype=np.int32)
        return index

    def arrays(self) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
        """(arrays, vocabularies): everything `from_arrays` needs but the candidates' details
        and the topics' texts."""
        arrays, vocabularies = self.common_arrays()
        for name, vectors in (("bios", self.bios), ("topics", self.topics)):
            arrays.update({f"{name}.{key}": value for key, value in vectors.arrays().items()})
        arrays.update(
            topic_owner=self.topic_owner,
            languages=self.languages,
            willing=self.willing,
            active=self.active,
            open=self.open,
            limit=self.limit,
        )
        vocabularies["languages"] = list(self.language_vocabulary.columns)
        return arrays, vocabularies

    def links(self, practices: PracticeIndex, *, authored: bool) -> tuple[np.ndarray, np.ndarray]:
        """(advisor rows, practice rows) of the practices each advisor is contact for, or wrote."""
        pairs = [
            (row, practices.row_of[practice_id])
            for row, candidate in enumerate(self.candidates)
            for practice_id in (candidate.authored_ids if authored else candidate.practice_ids)
            if practice_id in practices.row_of
        ]
        return (
            np.asarray([a for a, _p in pairs], dtype=np.int32),
            np.asarray([p for _a, p in pairs], dtype=np.int32),
        )

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
        arrays = (
            self.languages,
            self.willing,
            self.active,
            self.open,
            self.limit,
            self.themes,
            self.inferred,
        )
        return self.bios.nbytes() + self.topics.nbytes() + sum(array.nbytes for array in arrays)
