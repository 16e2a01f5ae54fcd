"""Each published practice's nearest published practices, stored so a page reads them by key.

"Related practices" on a practice's page used to be one aggregate over the whole library per
view (227 ms at 100,000 practices). The neighbours are the same in every view until an
embedding changes, so they are computed then, in the background task that refreshes the
embeddings, from the in-memory matrix the search already keeps (`semantic._matrix_current`).

A whole library (after `rebuild`, an import, the demo seeder) is compared in blocks through
the reduced vectors and re-scored in full, as the search does: about a minute for 100,000
practices on one core. A change to a few practices recomputes their own lists, the lists
that named them, and the lists of their new neighbours (similarity is symmetric: a practice
close to a new one is, in practice, among the new one's own closest), which keeps the
refresh in proportion to the change. Unpublished practices may linger in others' lists until
then; the reader filters on status, so they never show.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db import transaction

from connective.practices.search import semantic
from connective.practices.search.models import PracticeNeighbour

NEIGHBOURS = 8  # kept per practice: the page shows four, the rest stand in for any unpublished
_BLOCK = 256
_CANDIDATES = 64  # per practice, from the reduced vectors, before exact re-scoring


def _neighbour_rows(matrix: semantic._Matrix, rows: np.ndarray) -> list[PracticeNeighbour]:
    """The stored neighbours of the practices at these matrix rows (themselves left out)."""
    objects: list[PracticeNeighbour] = []
    count = len(matrix.ids)
    keep = min(NEIGHBOURS, count - 1)
    if keep <= 0:
        return objects
    for start in range(0, len(rows), _BLOCK):
        block = rows[start : start + _BLOCK]
        queries = matrix.vectors[block]
        if matrix.reduced is not None and matrix.axes is not None:
            coarse = (queries @ matrix.axes) @ matrix.reduced.T
            width = min(_CANDIDATES, count)
            candidates = np.argpartition(-coarse, width - 1, axis=1)[:, :width]
            scores = np.einsum("qd,qcd->qc", queries, matrix.vectors[candidates])
        else:
            candidates = np.broadcast_to(np.arange(count), (len(block), count))
            scores = queries @ matrix.vectors.T
        # Never one's own neighbour.
        scores = np.where(candidates == block[:, None], -np.inf, scores)
        order = np.argsort(-scores, axis=1, kind="stable")[:, :keep]
        for i, row in enumerate(block):
            practice_id = int(matrix.ids[row])
            for rank, column in enumerate(order[i]):
                objects.append(
                    PracticeNeighbour(
                        practice_id=practice_id,
                        neighbour_id=int(matrix.ids[candidates[i, column]]),
                        rank=rank,
                        similarity=float(scores[i, column]),
                    )
                )
    return objects


def neighbours_refresh(practice_ids: Iterable[int] | None = None) -> int:
    """Recompute stored neighbours after these practices' embeddings changed (all when None).

    Returns how many practices got a new list. Practices without an embedding (unpublished,
    or not embedded yet) keep no list.
    """
    matrix = semantic._matrix_current()
    position = {int(pk): row for row, pk in enumerate(matrix.ids)}
    if practice_ids is None:
        rows = np.arange(len(matrix.ids))
        objects = _neighbour_rows(matrix, rows)
        with transaction.atomic():
            PracticeNeighbour.objects.all().delete()
            PracticeNeighbour.objects.bulk_create(objects, batch_size=5000)
        return len(rows)
    changed = sorted(set(practice_ids))
    if not changed:
        return 0
    affected = set(changed)
    affected.update(
        PracticeNeighbour.objects.filter(neighbour_id__in=changed).values_list("practice_id", flat=True)
    )
    own = [position[pk] for pk in changed if pk in position]
    if own:
        for neighbour in _neighbour_rows(matrix, np.asarray(own, dtype=np.int64)):
            affected.add(neighbour.neighbour_id)
    rows = np.asarray(sorted(position[pk] for pk in affected if pk in position), dtype=np.int64)
    objects = _neighbour_rows(matrix, rows)
    with transaction.atomic():
        PracticeNeighbour.objects.filter(practice_id__in=sorted(affected)).delete()
        PracticeNeighbour.objects.bulk_create(objects, batch_size=5000)
    return len(rows)
