"""Each published practice's stored neighbours: computed from the embeddings, kept in step
with changes by the background refresh, read by the practice page."""

from __future__ import annotations

import numpy as np
import pytest

from connective.core.embeddings import to_bytes
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, PracticeEmbedding, PracticeNeighbour
from connective.practices.search import neighbours as neighbours_module
from connective.practices.search.neighbours import neighbours_refresh
from connective.practices.search.semantic import stamp_renew
from connective.practices.search.tasks import embeddings_refresh_task
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(512, dtype=np.float32)
    vector[: len(values)] = values
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def embedded(vectors: list[np.ndarray]) -> list[Practice]:
    practices = PracticeFactory.create_batch(len(vectors))
    for practice, vector in zip(practices, vectors, strict=True):
        PracticeEmbedding.objects.update_or_create(
            practice=practice, defaults={"vector": to_bytes(vector), "text_hash": "x", "model": "usem3"}
        )
    stamp_renew()
    return practices


def listed(practice: Practice) -> list[int]:
    return list(
        PracticeNeighbour.objects.filter(practice=practice)
        .order_by("rank")
        .values_list("neighbour_id", flat=True)
    )


def test_every_practice_gets_the_others_closest_first_never_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS", 2)
    a, b, c, d = embedded([unit(1, 0), unit(0.9, 0.1), unit(0.5, 0.5), unit(0, 1)])
    assert neighbours_refresh() == 4
    assert listed(a) == [b.pk, c.pk]
    assert listed(d) == [c.pk, b.pk]
    assert all(p != n for p, n in PracticeNeighbour.objects.values_list("practice_id", "neighbour_id"))


def test_a_changed_practice_moves_in_the_lists_of_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neighbours_module, "NEIGHBOURS", 1)
    a, b, c = embedded([unit(1, 0), unit(0.8, 0.2), unit(0, 1)])
    neighbours_refresh()
    assert listed(c) == [b.pk]
    # c's text changes to mean what a means: it becomes a's closest, and a becomes c's.
    PracticeEmbedding.objects.filter(practice=c).update(vector=to_bytes(unit(1, 0.01)))
    stamp_renew()
    neighbours_refresh([c.pk])
    assert listed(c) == [a.pk]
    assert listed(a) == [c.pk]


def test_the_background_refresh_recomputes_the_neighbours_of_what_changed() -> None:
    a, b = embedded([unit(1, 0), unit(0, 1)])
    neighbours_refresh()
    Practice.objects.filter(pk=b.pk).update(status=PracticeStatus.DRAFT)
    embeddings_refresh_task(practice_ids=[b.pk])  # b loses its embedding, a its only neighbour
    assert listed(a) == []
    assert listed(b) == []
