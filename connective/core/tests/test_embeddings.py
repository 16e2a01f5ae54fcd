"""The embedding interface: multilingual vectors, loaded once, stored as bytes."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from connective.core.embeddings import MAX_CHARS, USEM3Embedder, embed, embedder, from_bytes, to_bytes


def test_texts_meaning_the_same_in_three_languages_lie_closer_than_unrelated_ones() -> None:
    waste_en, waste_fr, waste_ar, bus = embed(
        [
            "household waste collection",
            "collecte des déchets ménagers",
            "جمع النفايات المنزلية",
            "bus timetable",
        ]
    )
    assert float(waste_en @ waste_fr) > float(waste_en @ bus) + 0.2
    assert float(waste_en @ waste_ar) > float(waste_en @ bus) + 0.2


def test_vectors_are_unit_length_float32_rows_in_the_order_given() -> None:
    vectors = embed(["water", "eau", ""])
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert np.allclose(vectors[0], embed(["water"])[0], atol=1e-5)


def test_no_texts_give_an_empty_matrix() -> None:
    assert embed([]).shape == (0, 512)


def test_a_long_text_is_cut_before_encoding() -> None:
    start = "Rainwater harvesting on school roofs. "
    assert np.allclose(embed([start * 200])[0], embed([(start * 200)[:MAX_CHARS]])[0], atol=1e-5)


def test_the_model_is_loaded_once_for_all_threads() -> None:
    fresh = USEM3Embedder()
    seen: list[int] = []

    def work() -> None:
        fresh.encode(["water"])
        seen.append(id(fresh._model))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1
    assert embedder() is embedder()


def test_a_vector_survives_the_trip_through_bytes() -> None:
    vector = embed(["water"])[0]
    data = to_bytes(vector)
    assert len(data) == 2048
    assert np.array_equal(from_bytes(memoryview(data)), vector)


def test_bytes_of_the_wrong_length_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="takes 2048 bytes, not 12"):
        from_bytes(b"\x00" * 12)
