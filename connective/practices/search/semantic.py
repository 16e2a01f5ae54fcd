"""The cross-language side of search: one embedding per published practice, and a
similarity search over all of them held in memory.

Each process keeps the vectors as one float32 matrix (100,000 practices take 200 MB) and
reloads it when the stamp in `SearchIndexVersion` differs from the one it loaded; every change
to the embeddings writes a new random stamp (random rather than a counter, so a rolled-back
change can never leave two different sets of vectors under the same stamp).

Comparing a query with every vector reads the whole matrix (16 ms at 100,000 practices on one
core). Above `REDUCE_ABOVE` vectors the process also keeps them projected on their
`REDUCED_DIMENSIONS` principal components (a quarter of the size): the query is compared with
those first, and the closest `CANDIDATES_PER_RESULT` times as many as asked are compared
again in full, which gives the exact scores of what is returned.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db import connection, transaction

from connective.core.embeddings import MAX_CHARS, Vectors, embed, embedder, from_bytes, to_bytes
from connective.practices.choices import PracticeStatus
from connective.practices.search.models import PracticeEmbedding, SearchIndexVersion

STAMP_NAME = "embeddings"
REDUCE_ABOVE = 20_000
REDUCED_DIMENSIONS = 128
CANDIDATES_PER_RESULT = 40
MIN_CANDIDATES = 2000
_PCA_SAMPLE = 20_000


def embedding_text(title: str, summary: str, challenge: str) -> str:
    """What a practice's embedding is made of: its title, summary and challenge, cut short."""
    return f"{title}\n{summary}\n{challenge}".strip()[:MAX_CHARS]


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{embedder().name}\n{text}".encode()).hexdigest()


def stamp_renew(name: str = STAMP_NAME) -> None:
    """Tell every process that the embeddings (or the index named `name`) changed."""
    stamp = uuid.uuid4().hex
    if not SearchIndexVersion.objects.filter(name=name).update(stamp=stamp):
        SearchIndexVersion.objects.update_or_create(name=name, defaults={"stamp": stamp})


def stamp_current(name: str) -> str:
    """The stamp of the index named `name` ("" before its first change): one primary-key read."""
    return SearchIndexVersion.objects.filter(name=name).values_list("stamp", flat=True).first() or ""


def _published_rows(practice_ids: Sequence[int] | None, after: int, limit: int) -> list[tuple[int, str]]:
    from connective.practices.models import Practice

    rows = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("id")
    rows = rows.filter(id__in=list(practice_ids)) if practice_ids is not None else rows.filter(id__gt=after)
    return [
        (pk, embedding_text(title, summary, challenge))
        for pk, title, summary, challenge in rows.values_list("id", "title", "summary", "challenge")[:limit]
    ]


def _refresh_rows(rows: list[tuple[int, str]]) -> list[int]:
    """Store embeddings for these (id, text) rows whose text changed; returns their ids."""
    hashes = {pk: text_hash(text) for pk, text in rows}
    current = dict(
        PracticeEmbedding.objects.filter(practice_id__in=list(hashes)).values_list("practice_id", "text_hash")
    )
    stale = [(pk, text) for pk, text in rows if current.get(pk) != hashes[pk]]
    if not stale:
        return []
    # The same text elsewhere (an imported duplicate, a translation-less copy) needs no encoding.
    known = {
        digest: bytes(vector)
        for digest, vector in PracticeEmbedding.objects.filter(
            text_hash__in={hashes[pk] for pk, _ in stale}
        ).values_list("text_hash", "vector")
    }
    to_encode = sorted({text for pk, text in stale if hashes[pk] not in known})
    if to_encode:
        for text, vector in zip(to_encode, embed(to_encode), strict=True):
            known[text_hash(text)] = to_bytes(vector)
    model = embedder().name
    with transaction.atomic():
        PracticeEmbedding.objects.filter(practice_id__in=[pk for pk, _ in stale]).delete()
        PracticeEmbedding.objects.bulk_create(
            [
                PracticeEmbedding(practice_id=pk, vector=known[hashes[pk]], text_hash=hashes[pk], model=model)
                for pk, _ in stale
            ]
        )
    return [pk for pk, _ in stale]


def embeddings_refresh(practice_ids: Iterable[int] | None = None, batch_size: int = 512) -> int:
    """Bring embeddings up to date for these practices (all practices when None).

    Published practices get a vector (computed only if their text changed); others lose theirs.
    Returns how many vectors were written or removed.
    """
    return len(embeddings_refresh_changed(practice_ids, batch_size))


def embeddings_refresh_changed(practice_ids: Iterable[int] | None = None, batch_size: int = 512) -> list[int]:
    """`embeddings_refresh`, returning the ids of the practices whose vector was written or removed."""
    ids = None if practice_ids is None else sorted(set(practice_ids))
    removed_query = PracticeEmbedding.objects.exclude(practice__status=PracticeStatus.PUBLISHED)
    if ids is not None:
        removed_query = removed_query.filter(practice_id__in=ids)
    changed = list(removed_query.values_list("practice_id", flat=True))
    PracticeEmbedding.objects.filter(practice_id__in=changed).delete()
    if ids is not None:
        for start in range(0, len(ids), batch_size):
            changed += _refresh_rows(_published_rows(ids[start : start + batch_size], 0, batch_size))
    else:
        after = 0
        while rows := _published_rows(None, after, batch_size):
            changed += _refresh_rows(rows)
            after = rows[-1][0]
    if changed:
        stamp_renew()
    return changed


@dataclass(frozen=True)
class _Matrix:
    key: tuple[str, str]
    ids: np.ndarray
    vectors: Vectors
    # Above REDUCE_ABOVE vectors: the principal axes (dimensions x REDUCED_DIMENSIONS) and
    # the vectors projected on them.
    axes: Vectors | None = None
    reduced: Vectors | None = None


def _principal_axes(vectors: Vectors) -> Vectors:
    """The REDUCED_DIMENSIONS directions along which the vectors vary most (from a fixed sample)."""
    step = max(1, len(vectors) // _PCA_SAMPLE)
    sample = vectors[::step].astype(np.float64)
    covariance = sample.T @ sample / len(sample)  # uncentred: the query is compared as it is
    _values, axes = np.linalg.eigh(covariance)  # ascending
    return np.ascontiguousarray(axes[:, ::-1][:, :REDUCED_DIMENSIONS], dtype=np.float32)


_matrix: _Matrix | None = None
_matrix_lock = threading.Lock()


def _matrix_current() -> _Matrix:
    """The in-memory vectors, reloaded when the stamp moved (one primary-key read)."""
    global _matrix
    stamp = SearchIndexVersion.objects.filter(name=STAMP_NAME).values_list("stamp", flat=True).first()
    key = (str(connection.settings_dict["NAME"]), stamp or "")
    matrix = _matrix
    if matrix is not None and matrix.key == key:
        return matrix
    with _matrix_lock:
        if _matrix is not None and _matrix.key == key:
            return _matrix
        ids: list[int] = []
        chunks: list[bytes] = []
        rows = PracticeEmbedding.objects.order_by().values_list("practice_id", "vector")
        for pk, vector in rows.iterator(chunk_size=5000):
            ids.append(pk)
            chunks.append(bytes(vector))
        dimensions = embedder().dimensions
        vectors = (
            np.frombuffer(b"".join(chunks), dtype="<f4").astype(np.float32).reshape(len(ids), dimensions)
            if ids
            else np.zeros((0, dimensions), dtype=np.float32)
        )
        axes = reduced = None
        if len(ids) > REDUCE_ABOVE:
            axes = _principal_axes(vectors)
            reduced = np.ascontiguousarray(vectors @ axes)
        _matrix = _Matrix(
            key=key, ids=np.asarray(ids, dtype=np.int64), vectors=vectors, axes=axes, reduced=reduced
        )
        return _matrix


@lru_cache(maxsize=512)
def _query_vector(query: str) -> Vectors:
    return embed([query])[0]


# The answers to recent queries, for the vectors they were computed from: comparing a query with
# 100,000 vectors takes about 10 ms, and the same words are searched again and again (a
# search's next page, its facets, popular words). Kept per process, dropped with the matrix.
_ANSWERS_KEPT = 512
_answers: dict[tuple[tuple[str, str], str, int, float], list[tuple[int, float]]] = {}


def similar_ids(query: str, *, limit: int, min_similarity: float) -> list[tuple[int, float]]:
    """Practices whose meaning is closest to the query, in any language: (id, cosine), best first."""
    matrix = _matrix_current()
    if not len(matrix.ids) or not query.strip():
        return []
    key = (matrix.key, query, limit, min_similarity)
    found = _answers.get(key)
    if found is None:
        found = _similar_ids(matrix, query, limit, min_similarity)
        if len(_answers) >= _ANSWERS_KEPT or any(kept[0] != matrix.key for kept in _answers):
            _answers.clear()
        _answers[key] = found
    return list(found)


def _similar_ids(matrix: _Matrix, query: str, limit: int, min_similarity: float) -> list[tuple[int, float]]:
    vector = _query_vector(query)
    rows = _closest_rows(matrix, vector, limit)
    scores = matrix.vectors[rows] @ vector
    order = np.argsort(-scores, kind="stable")
    return [(int(matrix.ids[rows[i]]), float(scores[i])) for i in order if scores[i] >= min_similarity]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    return np.argpartition(-scores, k - 1)[:k]


def _closest_rows(matrix: _Matrix, vector: Vectors, limit: int) -> np.ndarray:
    """Rows of the `limit` vectors closest to `vector` (through the reduced vectors when kept)."""
    if matrix.reduced is None or matrix.axes is None:
        return _top(matrix.vectors @ vector, limit)
    candidates = _top(
        matrix.reduced @ (vector @ matrix.axes), max(limit * CANDIDATES_PER_RESULT, MIN_CANDIDATES)
    )
    return candidates[_top(matrix.vectors[candidates] @ vector, limit)]


def vector_for(practice_id: int) -> Vectors | None:
    """The stored embedding of one practice, if it has one."""
    row = PracticeEmbedding.objects.filter(practice_id=practice_id).values_list("vector", flat=True).first()
    return None if row is None else from_bytes(row)
