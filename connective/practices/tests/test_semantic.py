"""The similarity search over the practices' embeddings: exact for a small library, through
principal components for a large one (the scores returned are always the exact ones)."""

from __future__ import annotations

import numpy as np
import pytest

from connective.practices.search import semantic


def library(count: int, seed: int = 3) -> np.ndarray:
    """Unit vectors that, like sentence embeddings, vary mostly along a few dozen directions."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(48, 512))
    vectors = rng.normal(size=(count, 48)) @ topics + rng.normal(scale=0.3, size=(count, 512))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def matrix(vectors: np.ndarray) -> semantic._Matrix:
    ids = np.arange(1, len(vectors) + 1, dtype=np.int64)
    axes = semantic._principal_axes(vectors)
    return semantic._Matrix(key=("test", "x"), ids=ids, vectors=vectors, axes=axes, reduced=vectors @ axes)


def test_the_principal_axes_are_orthonormal_and_keep_most_of_the_vectors() -> None:
    vectors = library(3000)
    axes = semantic._principal_axes(vectors)
    assert axes.shape == (512, semantic.REDUCED_DIMENSIONS)
    assert np.allclose(axes.T @ axes, np.eye(semantic.REDUCED_DIMENSIONS), atol=1e-4)
    kept = np.linalg.norm(vectors @ axes, axis=1)
    assert kept.mean() > 0.9  # of unit length: little is lost


def test_the_reduced_search_finds_what_the_full_one_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "MIN_CANDIDATES", 300)
    vectors = library(6000)
    reduced = matrix(vectors)
    rng = np.random.default_rng(11)
    recalls = []
    for query in vectors[rng.choice(len(vectors), 30, replace=False)] + rng.normal(
        scale=0.05, size=(30, 512)
    ):
        query = (query / np.linalg.norm(query)).astype(np.float32)
        exact = set(np.argsort(-(vectors @ query))[:20].tolist())
        found = semantic._closest_rows(reduced, query, 20)
        recalls.append(len(exact & set(found.tolist())) / 20)
    assert min(recalls) >= 0.9
    assert np.mean(recalls) >= 0.98


def test_similar_ids_returns_exact_scores_best_first(monkeypatch: pytest.MonkeyPatch) -> None:
    vectors = library(4000)
    reduced = matrix(vectors)
    monkeypatch.setattr(semantic, "_matrix_current", lambda: reduced)
    monkeypatch.setattr(semantic, "_query_vector", lambda query: vectors[7])
    found = semantic.similar_ids("anything", limit=5, min_similarity=0.0)
    assert found[0] == (8, pytest.approx(1.0, abs=1e-5))  # row 7 is practice 8: itself first
    scores = [score for _pk, score in found]
    assert scores == sorted(scores, reverse=True)
    for pk, score in found:
        assert score == pytest.approx(float(vectors[pk - 1] @ vectors[7]), abs=1e-5)
