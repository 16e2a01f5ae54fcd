"""Multilingual sentence embeddings for the matcher, through the project's one embedding
interface (`connective.core.embeddings`: one model per process, shipped with the package, no
download ever). Vectors are L2-normalised float32, so a dot product is a cosine."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from connective.core.embeddings import embed

DIMENSIONS = 512
Embedder = Callable[[Sequence[str]], np.ndarray]


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Embeddings of `texts` as an (N, 512) float32 matrix of unit rows."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(embed(list(texts)), dtype=np.float32)
