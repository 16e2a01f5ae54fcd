"""A small Okapi BM25 over an inverted index.

Each posting list holds the documents containing a token and that token's precomputed BM25
term weight in each (the document lengths are fixed once the index is built), so scoring a
query touches only the documents that contain one of its tokens.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import numpy as np

from connective.consultations.matching.text import tokenize_plain

Tokenizer = Callable[[str], list[str]]
T = TypeVar("T")


class BM25Index:
    """BM25 scores for a fixed collection of documents (k1 and b as in Robertson's defaults)."""

    def __init__(self, documents: Iterable[str], *, tokenizer: Tokenizer, k1: float = 1.2, b: float = 0.75):
        self.tokenizer = tokenizer
        self.k1 = k1
        self.b = b
        token_docs: dict[str, list[int]] = defaultdict(list)
        token_tfs: dict[str, list[int]] = defaultdict(list)
        lengths: list[int] = []
        for doc_id, text in enumerate(documents):
            tokens = tokenizer(text)
            lengths.append(len(tokens))
            for token, tf in Counter(tokens).items():
                token_docs[token].append(doc_id)
                token_tfs[token].append(tf)
        self.size = len(lengths)
        doc_lengths = np.asarray(lengths, dtype=np.float32)
        average = float(doc_lengths.mean()) if self.size else 0.0
        norm: np.ndarray = (
            k1 * (1 - b + b * doc_lengths / average) if average else np.full(self.size, k1, np.float32)
        )
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.idf: dict[str, float] = {}
        for token, docs in token_docs.items():
            ids = np.asarray(docs, dtype=np.int32)
            frequencies = np.asarray(token_tfs[token], dtype=np.float32)
            df = len(docs)
            idf = self.idf[token] = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            weights = (idf * frequencies * (k1 + 1) / (frequencies + norm[ids])).astype(np.float32)
            self.postings[token] = (ids, weights)

    def query_tokens(self, text: str) -> list[str]:
        """The distinct tokens of `text` that occur in the collection."""
        return [token for token in dict.fromkeys(self.tokenizer(text)) if token in self.postings]

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every document for `text` (zeros where no query token occurs)."""
        return self.scores_for_tokens(self.query_tokens(text))

    def ideal_score(self, tokens: Sequence[str]) -> float:
        """The score of a document of average length holding each of `tokens` once: a scale
        for BM25 scores that does not depend on the other documents' scores."""
        return sum(self.idf.get(token, 0.0) for token in tokens)

    def scores_for_tokens(self, tokens: Sequence[str]) -> np.ndarray:
        result = np.zeros(self.size, dtype=np.float32)
        for token in tokens:
            posting = self.postings.get(token)
            if posting is not None:
                ids, weights = posting
                result[ids] += weights  # ids are distinct within one posting list
        return result

    def nbytes(self) -> int:
        return sum(ids.nbytes + weights.nbytes for ids, weights in self.postings.values())


class BM25Baseline:
    """The comparison ranker: BM25 on lower-cased word tokens, nothing else (no semantics,
    no normalisation, no structured signals, no load spreading)."""

    def __init__(self, ids: Sequence[object], texts: Sequence[str]):
        if len(ids) != len(texts):
            raise ValueError("BM25Baseline needs one text per id.")
        self.ids = list(ids)
        self.index = BM25Index(texts, tokenizer=tokenize_plain)

    def rank(
        self, text: str, *, k: int = 10, allowed: np.ndarray | None = None
    ) -> list[tuple[object, float]]:
        """The k best ids for `text` with their scores, best first; documents scoring 0 are left out.

        `allowed` (a boolean mask over the documents) restricts the ranking, e.g. to the
        advisors a request may be sent to.
        """
        scores = self.index.scores(text)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        return top_k(self.ids, scores, k, minimum=0.0)


def top_k(ids: Sequence[T], scores: np.ndarray, k: int, *, minimum: float = -np.inf) -> list[tuple[T, float]]:
    """The k ids with the highest scores above `minimum`, best first (ties by position)."""
    if k <= 0 or scores.size == 0:
        return []
    k = min(k, scores.size)
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.lexsort((part, -scores[part]))]
    return [(ids[i], float(scores[i])) for i in order if scores[i] > minimum]
