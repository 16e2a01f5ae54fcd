"""Centred similarity: measured from the candidates' mean, so that a generic text that is
close to everything (a "hub") stops outranking the specific answer. Pure numpy, no model."""

from __future__ import annotations

import numpy as np
import pytest

from connective.consultations.matching import (
    AdvisorIndex,
    Matcher,
    PracticeCandidate,
    PracticeIndex,
    Request,
    Weights,
)


def unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def candidates(vectors: np.ndarray) -> list[PracticeCandidate]:
    return [
        PracticeCandidate(id=n, slug=f"p{n}", title=f"Practice {n}", language="en", text="", embedding=vector)
        for n, vector in enumerate(vectors)
    ]


def test_without_centring_the_similarity_is_the_cosine() -> None:
    rng = np.random.default_rng(1)
    vectors = np.stack([unit(rng.normal(size=512)) for _ in range(30)])
    index = PracticeIndex(candidates(vectors))
    query = unit(rng.normal(size=512))
    raw, adjusted = index.similarity(query, 0.0)
    assert np.allclose(raw, vectors @ query, atol=1e-5)
    assert np.array_equal(raw, adjusted)


@pytest.mark.parametrize("centring", [0.5, 1.0])
def test_centred_similarity_is_the_cosine_seen_from_the_mean(centring: float) -> None:
    rng = np.random.default_rng(2)
    vectors = np.stack([unit(rng.normal(size=512) + 2.0) for _ in range(40)])  # all on one side
    index = PracticeIndex(candidates(vectors))
    query = unit(rng.normal(size=512) + 2.0)
    mean = vectors.mean(axis=0)
    moved = vectors - centring * mean
    expected = (moved @ (query - centring * mean)) / (
        np.linalg.norm(moved, axis=1) * np.linalg.norm(query - centring * mean)
    )
    raw, adjusted = index.similarity(query, centring)
    assert np.allclose(raw, vectors @ query, atol=1e-5)
    assert np.allclose(adjusted, expected, atol=1e-4)


def test_one_candidate_has_no_mean_to_be_measured_from() -> None:
    vector = unit(np.ones(512))
    index = PracticeIndex(candidates(vector[None, :]))
    raw, adjusted = index.similarity(vector, 1.0)
    assert np.allclose(raw, adjusted)


def test_centring_lets_the_specific_answer_pass_a_generic_hub() -> None:
    rng = np.random.default_rng(3)
    common = unit(rng.normal(size=512))  # what every municipal text shares
    asked, *others = [unit(rng.normal(size=512)) for _ in range(20)]
    # A library of texts on other topics, all with the common part; a hub that is mostly the
    # common part and touches the topic asked about; the answer, on that topic in other words.
    library = [unit(3 * common + topic) for topic in others for _ in range(3)]
    hub = unit(8 * common + 0.7 * asked)
    answer = unit(common + 2 * asked)
    vectors = np.stack([*library, hub, answer])
    request = unit(3 * common + asked)
    hub_id, answer_id = len(library), len(library) + 1

    def best(centring: float, local_scaling: float = 0.0) -> object:
        matcher = Matcher(
            practices=PracticeIndex(candidates(vectors)),
            advisors=AdvisorIndex([]),
            weights=Weights(centring=centring, local_scaling=local_scaling, theme=0.0, region=0.0),
            embedder=lambda texts: np.zeros((len(texts), 512), dtype=np.float32),
        )
        return matcher.match_practices(Request(title="x", description=""), k=1, vector=request)[0].practice.id

    assert best(0.0) == hub_id
    assert best(1.0) == answer_id
    # Local scaling (CSLS) gets there too: the hub is close to the whole library, so its
    # neighbourhood is dense and it pays for it.
    assert best(0.0, local_scaling=1.0) == answer_id
