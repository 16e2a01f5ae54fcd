"""The matching index, built once from the database and stored, so that every process reads it.

`snapshot_build()` reads the candidates (computing whatever embedding is still missing), builds
the matcher in memory once, and writes what it computed into a new folder under
`settings.MATCHING_SNAPSHOT_DIR` (one subfolder per database): every array as a `.npy` file
(vectors, hub-reduction figures with the CSLS neighbourhoods, theme matrices with the inferred
themes, the advisor -> practice links, the theme prototypes) and each candidate's details as
one JSON record per row (`*.jsonl` with their offsets), plus `meta.json` (vocabularies and the
database stamp it was built from). It is written to a temporary folder and renamed into place,
so a reader only ever sees complete snapshots; the newest few are kept.

`snapshot_load(path)` maps the arrays (`np.load(mmap_mode="r")`): the pages are the operating
system's file cache, shared by every worker of a server, and a candidate's details are decoded
only for the few a match returns. A process keeps only what it must be able to change itself
(consent, activity and load: a few bytes per advisor).

Builds run in the background (`tasks_matching.snapshot_build_task`, queued after commit by a
profile change and run by the periodic advisor-embedding refresh), by `manage.py match
--rebuild` and by the demo seeder; never in a web request when a real task queue is configured
(see `service._current`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from connective.accounts.choices import ConsentSubject
from connective.accounts.models import ConsentRecord
from connective.consultations.choices import InvitationStatus
from connective.consultations.matching import (
    AdvisorCandidate,
    AdvisorIndex,
    Matcher,
    PracticeCandidate,
    PracticeIndex,
    ThemeModel,
)
from connective.consultations.matching.embedding import Embedder, embed_texts
from connective.consultations.matching.matcher import theme_model
from connective.consultations.models import ConsultationRequest, Invitation
from connective.consultations.suggestions.candidates import advisor_candidates, practice_candidates
from connective.consultations.suggestions.models import AdvisorEmbedding
from connective.core.models import Theme
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.search.models import SearchIndexVersion
from connective.practices.search.semantic import STAMP_NAME

logger = logging.getLogger(__name__)

FORMAT = 1
# Snapshots kept after a build: a worker still reading an older one keeps its mapping (a
# removed file stays readable while mapped), and a reader that just found one has time to
# open it.
KEEP = 3
TEMPORARY = ".tmp-"


# The stamp: what a snapshot is built from ------------------------------------------------------

# How long a process trusts the slow part of the stamp (latest profile and practice edits, the
# counts of advisors and practices): edits that only it sees (a bio, a practice's themes, an
# approval) reach suggestions within this many seconds after the next build. Everything a
# suggestion must never get wrong (consent, activity, load, publication) is read fresh anyway.
FULL_STAMP_SECONDS = 10


def _fetch(sql: str, params: list[str | bool]) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone() or ())


def _quick_stamp() -> tuple[tuple[object, ...], tuple[object, ...]]:
    """(what moves with new rows, what the advisors' load is counted from): one query of
    primary-key lookups and small tables, run for every suggestion.

    The first part moves when a profile, a practice, a consent to advise (given or withdrawn;
    not the guidelines accepted at sign-in) or a practice contact is added, and when the
    search's practice embeddings change (publication, unpublication, an edited text); the
    second when an invitation is answered or a request changes.
    """
    profile, practice, consent = MemberProfile._meta, Practice._meta, ConsentRecord._meta
    request, invitation = ConsultationRequest._meta, Invitation._meta
    sql = f"""
        SELECT
          (SELECT MAX(id) FROM {profile.db_table}),
          (SELECT MAX(id) FROM {practice.db_table}),
          (SELECT MAX(id) FROM {consent.db_table} WHERE subject = %s),
          (SELECT MAX(id) FROM {Practice.contacts.through._meta.db_table}),
          (SELECT stamp FROM {SearchIndexVersion._meta.db_table} WHERE name = %s),
          (SELECT MAX(updated_at) FROM {request.db_table}),
          (SELECT COUNT(*) FROM {invitation.db_table} WHERE status = %s),
          (SELECT MAX(answered_at) FROM {invitation.db_table})
    """  # noqa: S608  # table names come from the models' metadata, values are parameters
    row = _fetch(sql, [str(ConsentSubject.ADVISE), STAMP_NAME, str(InvitationStatus.ACCEPTED)])
    return (str(connection.settings_dict["NAME"]), *row[:5]), row[5:]


def _full_stamp() -> tuple[object, ...]:
    """What only scans see: advisors and published practices counted, their latest edits,
    and the stored advisor embeddings (a few scans of the big tables: not for every request)."""
    profile, practice, embedding = MemberProfile._meta, Practice._meta, AdvisorEmbedding._meta
    sql = f"""
        SELECT
          (SELECT COUNT(*) FROM {profile.db_table} WHERE status = %s AND willing_to_advise = %s),
          (SELECT MAX(updated_at) FROM {profile.db_table}),
          (SELECT COUNT(*) FROM {practice.db_table} WHERE status = %s),
          (SELECT MAX(updated_at) FROM {practice.db_table}),
          (SELECT COUNT(*) FROM {embedding.db_table}),
          (SELECT MAX(updated_at) FROM {embedding.db_table})
    """  # noqa: S608  # table names come from the models' metadata, values are parameters
    return _fetch(sql, [str(MembershipStatus.APPROVED), True, str(PracticeStatus.PUBLISHED)])


def _text(values: Iterable[object]) -> str:
    return json.dumps([None if value is None else str(value) for value in values])


def stamp(*, force: bool = False) -> tuple[str, str]:
    """(what the index is built from, what the load is counted from), as text.

    The quick part is read every time; the full part at most every `FULL_STAMP_SECONDS`, kept
    in the cache (shared by the processes when the cache is), and again whenever the quick part
    moved. The cache is emptied between tests, so no test sees another's index.
    """
    quick, load_key = _quick_stamp()
    cache_key = f"consultations:suggestions:stamp:{quick[0]}"
    cached = None if force else cache.get(cache_key)
    if cached is None or cached[0] != quick:
        cached = (quick, _full_stamp())
        cache.set(cache_key, cached, FULL_STAMP_SECONDS)
    return _text((*quick, *cached[1])), _text(load_key)


# Where snapshots live --------------------------------------------------------------------------


def snapshot_root() -> Path:
    """This database's folder of snapshots (several databases may share one machine)."""
    db = connection.settings_dict
    label = "\n".join(str(db.get(part) or "") for part in ("ENGINE", "NAME", "HOST", "PORT"))
    return Path(settings.MATCHING_SNAPSHOT_DIR) / hashlib.sha256(label.encode()).hexdigest()[:16]


def _key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def snapshot_find(*, key: str | None = None, root: Path | None = None) -> Path | None:
    """The newest complete snapshot (built from the stamp `key`, when given), or None."""
    root = root or snapshot_root()
    try:
        names = [entry.name for entry in os.scandir(root) if entry.is_dir() and "-" in entry.name]
    except FileNotFoundError:
        return None
    names = [name for name in names if not name.startswith(TEMPORARY)]
    if key is not None:
        digest = _key_digest(key)
        names = [name for name in names if name.endswith(f"-{digest}")]
    return root / max(names) if names else None


@contextmanager
def _building(root: Path) -> Iterator[None]:
    """One build at a time per database on this machine (others wait, then find it built)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# Building ----------------------------------------------------------------------------------------


def _theme_names() -> dict[str, tuple[str, ...]]:
    """slug -> the theme's names in every language the taxonomy has (for the theme model)."""
    return {
        theme.slug: tuple(dict.fromkeys([theme.name, *(str(v) for v in (theme.translations or {}).values())]))
        for theme in Theme.active()
    }


def _write_records(directory: Path, name: str, records: Iterable[object]) -> None:
    """One compact JSON value per row, and where each starts: row i is bytes offsets[i]..[i+1]."""
    offsets = [0]
    with open(directory / f"{name}.jsonl", "wb") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode())
            out.write(b"\n")
            offsets.append(out.tell())
    np.save(directory / f"{name}.offsets.npy", np.asarray(offsets, dtype=np.int64))


def _practice_record(candidate: PracticeCandidate) -> list[object]:
    return [
        candidate.slug,
        candidate.title,
        candidate.language,
        candidate.text,
        sorted(candidate.themes),
        candidate.region,
        candidate.place,
    ]


def _advisor_record(candidate: AdvisorCandidate) -> list[object]:
    # The contact practices' titles and texts are the practices' own records.
    return [
        candidate.name,
        candidate.email,
        sorted(candidate.languages),
        sorted(candidate.themes),
        candidate.region,
        candidate.bio,
        list(candidate.practice_ids),
        list(candidate.authored_ids),
        list(candidate.past_topics),
        candidate.place,
    ]


def snapshot_write(directory: Path, matcher: Matcher, *, key: str, load_key: str) -> None:
    """Store a matcher built in memory into `directory` (an empty folder)."""
    practice_arrays, practice_vocabularies = matcher.practices.arrays()
    advisor_arrays, advisor_vocabularies = matcher.advisors.arrays()
    themes = matcher.themes
    groups: dict[str, dict[str, np.ndarray]] = {
        "practices": practice_arrays,
        "advisors": advisor_arrays,
        "links": matcher.links(),
        "themes": {
            "matrix": themes.matrix if themes is not None else np.zeros((0, 512), np.float32),
            "centre": themes.centre if themes is not None else np.zeros(512, np.float32),
        },
    }
    for group, arrays in groups.items():
        for name, array in arrays.items():
            np.save(directory / f"{group}.{name}.npy", np.ascontiguousarray(array))
    _write_records(directory, "practices.details", map(_practice_record, matcher.practices.candidates))
    _write_records(directory, "advisors.details", map(_advisor_record, matcher.advisors.candidates))
    _write_records(directory, "advisors.topic_text", matcher.advisors.topic_text)
    meta = {
        "format": FORMAT,
        "key": key,
        "load_key": load_key,
        "built_at": time.time(),
        "practices": practice_vocabularies,
        "advisors": advisor_vocabularies,
        "themes": themes.slugs if themes is not None else None,
    }
    (directory / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _prune(root: Path) -> None:
    names = sorted(
        (entry.name for entry in os.scandir(root) if entry.is_dir() and not entry.name.startswith(".")),
        reverse=True,
    )
    for name in names[KEEP:]:
        shutil.rmtree(root / name, ignore_errors=True)
    # Temporary folders of builds that died (a killed worker), left for an hour in case one runs.
    for entry in os.scandir(root):
        if entry.name.startswith(TEMPORARY) and entry.stat().st_mtime < time.time() - 3600:
            shutil.rmtree(entry.path, ignore_errors=True)


def snapshot_build(*, if_stale: bool = False, root: Path | None = None) -> Path:
    """Build the matching index from the database and store it; returns its folder.

    With `if_stale`, an existing snapshot of the current stamp is returned as it is (what the
    periodic run and a queued build after a burst of edits want). Embeddings still missing
    are computed and stored here, in batches."""
    root = root or snapshot_root()
    with _building(root):
        if if_stale:
            found = snapshot_find(key=stamp(force=True)[0], root=root)
            if found is not None:
                return found
        started = time.perf_counter()
        practices = PracticeIndex(practice_candidates(), embedder=embed_texts)
        advisors = AdvisorIndex(advisor_candidates(), embedder=embed_texts)
        themes = theme_model(_theme_names(), practices, embedder=embed_texts)
        matcher = Matcher(practices=practices, advisors=advisors, themes=themes)
        # Building may have stored embeddings, which moves the stamp: read it afterwards.
        key, load_key = stamp(force=True)
        temporary = root / f"{TEMPORARY}{os.getpid()}-{time.time_ns()}"
        temporary.mkdir()
        try:
            snapshot_write(temporary, matcher, key=key, load_key=load_key)
            final = root / f"{time.time_ns():020d}-{_key_digest(key)}"
            os.rename(temporary, final)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        _prune(root)
    logger.info(
        "Matching snapshot %s: %d practices, %d advisors in %.1f s",
        final.name,
        len(practices),
        len(advisors),
        time.perf_counter() - started,
    )
    return final


def snapshot_size(path: Path) -> int:
    """Bytes on disk."""
    return sum(entry.stat().st_size for entry in path.iterdir())


# Loading -----------------------------------------------------------------------------------------


class Records(Sequence[Any]):
    """The JSON records of a `.jsonl` file by row, decoded on access from a memory map."""

    def __init__(self, directory: Path, name: str):
        self.offsets = np.load(directory / f"{name}.offsets.npy", mmap_mode="r")
        path = directory / f"{name}.jsonl"
        self.data: np.ndarray = (
            np.memmap(path, dtype=np.uint8, mode="r") if path.stat().st_size else np.zeros(0, np.uint8)
        )

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, row: int) -> Any: ...
    @overload
    def __getitem__(self, row: slice) -> list[Any]: ...
    def __getitem__(self, row: int | slice) -> Any:
        if isinstance(row, slice):
            return [self[number] for number in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return json.loads(self.data[start:end].tobytes())


@dataclass
class Snapshot:
    path: Path
    key: str
    load_key: str
    matcher: Matcher


def _arrays(directory: Path, group: str) -> dict[str, np.ndarray]:
    prefix = f"{group}."
    return {
        entry.name[len(prefix) : -len(".npy")]: np.load(entry.path, mmap_mode="r")
        for entry in os.scandir(directory)
        if entry.name.startswith(prefix) and entry.name.endswith(".npy") and ".offsets." not in entry.name
    }


def snapshot_load(path: Path, *, embedder: Embedder | None = None) -> Snapshot:
    """The matcher of a stored snapshot, its arrays memory-mapped (see the module's docstring)."""
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError(f"Snapshot {path} has format {meta.get('format')!r}, not {FORMAT}.")
    practice_records = Records(path, "practices.details")
    advisor_records = Records(path, "advisors.details")
    practice_arrays = _arrays(path, "practices")
    practice_ids = practice_arrays["ids"]
    practice_matrix = practice_arrays["vectors.matrix"]

    def practice(row: int) -> PracticeCandidate:
        slug, title, language, text, themes, region, place = practice_records[row]
        return PracticeCandidate(
            id=int(practice_ids[row]),
            slug=slug,
            title=title,
            language=language,
            text=text,
            themes=frozenset(themes),
            region=region,
            place=place,
            embedding=practice_matrix[row],
        )

    practices = PracticeIndex.from_arrays(practice_arrays, meta["practices"], load=practice)
    advisor_arrays = _arrays(path, "advisors")
    advisors = AdvisorIndex.from_arrays(
        advisor_arrays,
        meta["advisors"],
        load=lambda row: advisor(row),
        topic_text=Records(path, "advisors.topic_text"),
    )
    advisor_ids, bios = advisor_arrays["ids"], advisor_arrays["bios.matrix"]
    owners, topics = advisor_arrays["topic_owner"], advisor_arrays["topics.matrix"]

    def advisor(row: int) -> AdvisorCandidate:
        name, email, languages, themes, region, bio, practice_ids, authored_ids, past_topics, place = (
            advisor_records[row]
        )
        first, last = np.searchsorted(owners, row, side="left"), np.searchsorted(owners, row, side="right")
        return AdvisorCandidate(
            id=int(advisor_ids[row]),
            name=name,
            email=email,
            languages=frozenset(languages),
            themes=frozenset(themes),
            region=region,
            bio=bio,
            # The texts of their practices serve only the lexical index (`documents` below):
            # decoding them for every advisor a match looks at cost more than the match.
            practice_ids=tuple(practice_ids),
            authored_ids=tuple(authored_ids),
            past_topics=tuple(past_topics),
            open_consultations=int(advisors.open[row]),
            limit=int(advisors.limit[row]),
            willing=bool(advisors.willing[row]),
            active=bool(advisors.active[row]),
            place=place,
            embedding=bios[row] if bios[row].any() else None,
            topic_embeddings=topics[first:last] if past_topics else None,
        )

    def advisor_documents() -> Iterator[str]:
        for row in range(len(advisor_records)):
            candidate = advisor(row)
            linked = [
                practice_records[practices.row_of[pk]]
                for pk in candidate.practice_ids
                if pk in practices.row_of
            ]
            parts = [candidate.bio, *(r[1] for r in linked), *(r[3] for r in linked), *candidate.past_topics]
            yield "\n".join(part for part in parts if part)

    advisors.documents = advisor_documents

    themes = None
    if meta["themes"] is not None:
        theme_arrays = _arrays(path, "themes")
        # The stored prototypes as they are (already unit rows; not normalised a second time).
        themes = ThemeModel.__new__(ThemeModel)
        themes.slugs = list(meta["themes"])
        themes.matrix = theme_arrays["matrix"]
        themes.centre = theme_arrays["centre"]
    matcher = Matcher(
        practices=practices,
        advisors=advisors,
        themes=themes,
        embedder=embedder or embed_texts,
        links=_arrays(path, "links"),
        infer_candidate_themes=False,
    )
    return Snapshot(path=path, key=meta["key"], load_key=meta["load_key"], matcher=matcher)


# Queueing ----------------------------------------------------------------------------------------

QUEUED_KEY = "consultations:suggestions:snapshot-queued"
# A burst of edits (an import, a coordinator's afternoon) queues one build per this many seconds.
QUEUE_SECONDS = 30


def snapshot_build_queue() -> bool:
    """Queue a background build for this machine unless one was queued within `QUEUE_SECONDS`;
    True if queued. Call after commit (`transaction.on_commit`).

    Snapshots live on each machine's disk (memory-mapped by its workers), so each machine builds
    its own from the shared database: the build goes to this machine's queue
    (`settings.MATCHING_BUILD_QUEUE`, served by its own worker, see the Procfile), and the
    burst guard is per machine. A machine learns that the data moved from the stamp every
    suggestion reads from the database; finding no snapshot of that stamp on its disk, it queues
    its own build here and serves its newest snapshot meanwhile."""
    from connective.consultations.tasks_matching import snapshot_build_task

    queue = settings.MATCHING_BUILD_QUEUE
    if not settings.CELERY_TASK_ALWAYS_EAGER and not cache.add(f"{QUEUED_KEY}:{queue}", True, QUEUE_SECONDS):
        return False
    snapshot_build_task.apply_async(queue=queue)
    return True


def snapshot_forget(*, root: Path | None = None) -> Path | None:
    """After a person's data was erased: build a fresh snapshot and delete every older one, so
    no stored index on this disk still holds what their profile said. Nothing is built where no
    snapshot exists yet (the first build will read the erased data already). Returns the new
    snapshot's folder, or None."""
    root = root or snapshot_root()
    if snapshot_find(root=root) is None:
        return None
    final = snapshot_build(root=root)
    with _building(root):
        for entry in os.scandir(root):
            if entry.is_dir() and entry.name != final.name:
                shutil.rmtree(entry.path, ignore_errors=True)
    return final
