"""Themes inferred from text, in any language: which of the taxonomy's themes a request, a
bio or a practice is about, when its author ticked none (or few).

Each theme has a prototype vector: the mean of its names' embeddings in the community's
languages, blended with the mean of the practices tagged with it (the library's own usage of
the theme, which names alone convey poorly: "Informal settlements" says little of water
kiosks or tenure). A text's themes are those whose prototype is nearest, measured from the
prototypes' mean (so a generic text is not "about" everything), within `MARGIN` of the best
and above `FLOOR`; each with a confidence (its similarity as a share of the best's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from connective.consultations.matching.embedding import DIMENSIONS, Embedder, embed_texts
from connective.consultations.matching.types import InferredTheme

# Chosen on the dev split's requests whose authors did tick themes (see evaluation/runner.py
# `theme_inference`): how far below the best a theme may be, and how close the best must be.
MARGIN = 0.06
FLOOR = 0.08
LIMIT = 3
# How much the names count against the tagged practices' mean, when a theme has both.
NAME_WEIGHT = 0.5


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-12)).astype(np.float32)


class ThemeModel:
    """Prototype vectors of the themes (rows of `matrix`, in the order of `slugs`)."""

    def __init__(self, slugs: Sequence[str], matrix: np.ndarray):
        if len(slugs) != len(matrix):
            raise ValueError("One prototype per theme.")
        self.slugs = list(slugs)
        self.matrix = _unit(np.asarray(matrix, dtype=np.float32).reshape(len(slugs), DIMENSIONS))
        self.centre = self.matrix.mean(axis=0) if len(slugs) else np.zeros(DIMENSIONS, np.float32)

    @classmethod
    def build(
        cls,
        names: Mapping[str, Sequence[str]],
        *,
        embedder: Embedder | None = None,
        tagged: Mapping[str, np.ndarray] | None = None,
    ) -> ThemeModel:
        """Prototypes from each theme's names (slug -> names in several languages) and, where
        given, the mean vector of the practices tagged with it (slug -> a (512,) vector)."""
        embed = embedder or embed_texts
        slugs = [slug for slug in names if names[slug]]
        texts = [text for slug in slugs for text in names[slug]]
        vectors = embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
        rows, start = [], 0
        for slug in slugs:
            count = len(names[slug])
            by_name = _unit(vectors[start : start + count].mean(axis=0))
            start += count
            examples = (tagged or {}).get(slug)
            if examples is not None and np.any(examples):
                by_use = _unit(np.asarray(examples, dtype=np.float32))
                rows.append(_unit(NAME_WEIGHT * by_name + (1 - NAME_WEIGHT) * by_use))
            else:
                rows.append(by_name)
        matrix = np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)
        return cls(slugs, matrix)

    def __len__(self) -> int:
        return len(self.slugs)

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """Centred similarity of each row of `vectors` (n, 512) to each prototype: (n, themes)."""
        if not len(self.slugs):
            return np.zeros((len(vectors), 0), dtype=np.float32)
        return (vectors - self.centre) @ (self.matrix - self.centre).T

    def infer_rows(
        self, vectors: np.ndarray, *, margin: float = MARGIN, floor: float = FLOOR, limit: int = LIMIT
    ) -> list[dict[str, float]]:
        """For each row, slug -> confidence of the themes it is about (possibly none)."""
        result: list[dict[str, float]] = []
        if not len(self.slugs):
            return [{} for _ in range(len(vectors))]
        scores = self.scores(vectors)
        present = np.asarray(vectors.any(axis=1), dtype=bool)
        for row in range(len(vectors)):
            values = scores[row]
            best = float(values.max())
            if not present[row] or best < floor:
                result.append({})
                continue
            order = np.argsort(-values)[:limit]
            result.append(
                {
                    self.slugs[column]: round(float(values[column]) / best, 3)
                    for column in order
                    if values[column] >= best - margin and values[column] >= floor
                }
            )
        return result

    def infer(
        self, vector: np.ndarray, *, margin: float = MARGIN, floor: float = FLOOR, limit: int = LIMIT
    ) -> list[InferredTheme]:
        """The themes a text (its unit vector) is about, most likely first."""
        rows = np.asarray(vector, dtype=np.float32)[None, :]
        found = self.infer_rows(rows, margin=margin, floor=floor, limit=limit)[0]
        return [InferredTheme(slug=slug, confidence=value) for slug, value in found.items()]
