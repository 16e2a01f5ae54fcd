"""The stored matching index: the same answers as the index built in memory, built in the
background and read by every process, and never built by a request when a task queue runs."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from django.test import override_settings

from connective.consultations.matching import (
    AdvisorCandidate,
    Matcher,
    PracticeCandidate,
    Request,
    Weights,
)
from connective.consultations.matching.index import LazyCandidates
from connective.consultations.suggestions import service
from connective.consultations.suggestions.service import RequestDraft, suggestions_for, suggestions_warm
from connective.consultations.suggestions.snapshot import (
    snapshot_build,
    snapshot_find,
    snapshot_load,
    snapshot_write,
)
from connective.consultations.tasks_matching import snapshot_build_task
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.choices import PracticeStatus
from connective.practices.tests.factories import PracticeFactory

FLOODS = "Our old town floods every spring: storm water overflows the drains and streets fill with water."
FLOOD_BIO = "I run the storm water drainage programme and flood protection for the city's old town."
WORDS = [
    "flood",
    "water",
    "drain",
    "storm",
    "street",
    "school",
    "meal",
    "bus",
    "lane",
    "waste",
    "market",
    "housing",
    "energy",
    "solar",
    "tree",
    "park",
    "youth",
    "football",
    "tenure",
    "kiosk",
    "road",
    "bridge",
    "heat",
]


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Bag of words hashed into 512 numbers, unit length: similar words, similar vectors."""
    rows = np.zeros((len(texts), 512), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in re.findall(r"\w+", text.lower()):
            rows[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 512] += 1.0  # noqa: S324  # not security
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-12)


def community() -> tuple[list[PracticeCandidate], list[AdvisorCandidate]]:
    practices = [
        PracticeCandidate(
            id=100 + n,
            slug=f"p{n}",
            title=f"{WORDS[n % len(WORDS)]} {WORDS[(n * 7) % len(WORDS)]} project",
            language=("en", "fr", "ar")[n % 3],
            text=f"The city improves {WORDS[(n * 3) % len(WORDS)]} and {WORDS[(n * 5) % len(WORDS)]}.",
            themes=frozenset({("water", "mobility", "waste")[n % 3]} if n % 4 else set()),
            region=("mena", "see")[n % 2],
            place="Tunis, Tunisia",
        )
        for n in range(40)
    ]
    advisors = [
        AdvisorCandidate(
            id=n,
            name=f"Advisor {n}",
            email=f"a{n}@example.org",
            languages=frozenset({("en", "fr", "ar")[n % 3], "en"}),
            themes=frozenset({("water", "mobility")[n % 2]} if n % 3 else set()),
            region=("mena", "see")[n % 2],
            bio=f"I work on {WORDS[n % len(WORDS)]}. I also know {WORDS[(n * 11) % len(WORDS)]} well."
            if n % 5
            else "",
            practice_ids=(100 + n,) if n % 2 else (),
            practice_titles=(practices[n].title,) if n % 2 else (),
            practice_texts=(practices[n].text,) if n % 2 else (),
            authored_ids=(100 + (n + 1) % 40,) if n % 3 == 0 else (),
            past_topics=(f"{WORDS[(n * 2) % len(WORDS)]} in the old town",) if n % 4 == 0 else (),
            open_consultations=n % 3,
            place="Amman, Jordan",
        )
        for n in range(30)
    ]
    return practices, advisors


THEMES = {"water": ("Water", "Eau"), "mobility": ("Mobility", "Bus lanes"), "waste": ("Waste",)}


@pytest.mark.parametrize(
    "weights",
    [Weights(), Weights(local_scaling=0.5, advisor_local_scaling=0.5, lexical=0.2, advisor_lexical=0.2)],
)
def test_a_stored_snapshot_ranks_and_explains_exactly_as_the_index_built_in_memory(
    tmp_path: Path, weights: Weights
) -> None:
    practices, advisors = community()
    built = Matcher.build(
        practices=practices, advisors=advisors, embedder=fake_embed, theme_names=THEMES, weights=weights
    )
    snapshot_write(tmp_path, built, key="k", load_key="l")
    loaded = snapshot_load(tmp_path, embedder=fake_embed).matcher
    loaded.weights = weights

    for text, themes, languages in (
        ("Storm water floods the street drain", frozenset(), ("en",)),
        ("Bus lane and road bridge", frozenset({"mobility"}), ("fr", "ar")),
        ("school meal kiosk", frozenset(), ()),
    ):
        request = Request(title="", description=text, themes=themes, languages=languages, requester_id=3)
        expected, got = built.match(request, k=8), loaded.match(request, k=8)
        assert [(m.practice.id, m.score, m.reason) for m in got[0]] == [
            (m.practice.id, m.score, m.reason) for m in expected[0]
        ]
        assert [(m.advisor.id, m.score, m.reason) for m in got[1]] == [
            (m.advisor.id, m.score, m.reason) for m in expected[1]
        ]
        # The same advisors, but for the texts of their practices, which a stored snapshot keeps
        # out of the candidate (only the lexical index reads them, through `documents`).
        bare = [replace(m.advisor, practice_titles=(), practice_texts=()) for m in expected[1]]
        assert [m.advisor for m in got[1]] == bare
        assert loaded.infer_themes(request) == built.infer_themes(request)


def test_a_loaded_snapshot_maps_its_arrays_and_builds_a_candidate_only_when_asked(tmp_path: Path) -> None:
    practices, advisors = community()
    snapshot_write(
        tmp_path,
        Matcher.build(practices=practices, advisors=advisors, embedder=fake_embed),
        key="k",
        load_key="l",
    )
    matcher = snapshot_load(tmp_path, embedder=fake_embed).matcher

    assert isinstance(matcher.practices.matrix, np.memmap)
    assert isinstance(matcher.advisors.bios.matrix, np.memmap)
    assert isinstance(matcher.practices.candidates, LazyCandidates)
    assert matcher.practices.candidates[5] == practices[5]
    assert matcher.advisors.row_of[7] == 7 and 999 not in matcher.advisors.row_of
    # Consent is this process's own to change (the snapshot's file is never written).
    matcher.advisors.update(7, willing=False)
    assert not matcher.advisors.candidates[7].willing
    assert not matcher.advisors.eligible(requester_id=None, languages=())[7]


# From the database -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def snapshots(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.MATCHING_SNAPSHOT_DIR = tmp_path / "matching"
    service._state = None
    yield tmp_path / "matching"
    service._state = None


def advisor(name: str, **kwargs: Any) -> MemberProfile:
    kwargs.setdefault("bio", FLOOD_BIO)
    return MemberProfileFactory.create(
        user__full_name=name, willing_to_advise=True, languages=["en"], **kwargs
    )


def draft(requester: MemberProfile | None = None) -> RequestDraft:
    return RequestDraft(
        title="Flooding in the old town", description=FLOODS, languages=("en",), requester=requester
    )


def test_a_build_is_written_whole_and_a_second_one_of_the_same_data_is_the_same_snapshot(
    alice: MemberProfile, snapshots: Path
) -> None:
    advisor("Farah Flood")
    PracticeFactory.create(title="Green drains", slug="green-drains", summary="Storm water gardens.")

    path = snapshot_build()

    assert path.parent.parent == snapshots and snapshot_find() == path
    assert (path / "meta.json").exists() and (path / "practices.vectors.matrix.npy").exists()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]
    assert snapshot_build(if_stale=True) == path
    assert snapshot_build_task.delay().get() == str(path)


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_with_a_task_queue_no_request_builds_and_new_data_waits_for_the_background_build(
    alice: MemberProfile, django_capture_on_commit_callbacks: Any
) -> None:
    advisor("Farah Flood")
    PracticeFactory.create(title="School meal kitchens", slug="school-meals", summary="Kitchens cook meals.")
    with mock.patch("connective.consultations.tasks_matching.snapshot_build_task.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=True):
            assert not suggestions_for(request=draft(alice))  # nothing built yet: nothing to say
        assert queued.called
        snapshot_build()
        assert [p.slug for p in suggestions_for(request=draft(alice)).practices] == ["school-meals"]

        PracticeFactory.create(
            title="Green drains against spring floods", slug="green-drains", summary="Storm water gardens."
        )
        with mock.patch("connective.consultations.suggestions.service.snapshot_build") as build:
            service._looked = ("", 0.0)
            assert [p.slug for p in suggestions_for(request=draft(alice)).practices] == ["school-meals"]
        build.assert_not_called()

    snapshot_build_task.apply()  # what the worker runs
    service._looked = ("", 0.0)
    assert suggestions_for(request=draft(alice)).practices[0].slug == "green-drains"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_each_machine_learns_from_the_database_that_data_moved_and_builds_its_own_snapshot(
    alice: MemberProfile, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Path
) -> None:
    """Two machines, one database: each keeps snapshots on its own disk and builds them on its
    own queue; the second learns of a change made on the first from the stamp it reads."""
    from django.core.cache import cache

    from connective.consultations.suggestions.snapshot import QUEUED_KEY

    machines = {name: (tmp_path / name, f"matching-{name}") for name in ("web-a", "web-b")}

    def on(machine: str) -> None:
        settings.MATCHING_SNAPSHOT_DIR, settings.MATCHING_BUILD_QUEUE = machines[machine]
        service._state, service._looked = None, ("", 0.0)  # another machine's process

    advisor("Farah Flood")
    PracticeFactory.create(title="School meal kitchens", slug="school-meals", summary="Kitchens cook meals.")
    on("web-a")
    snapshot_build()  # web-a's worker built its snapshot
    assert [p.slug for p in suggestions_for(request=draft(alice)).practices] == ["school-meals"]

    on("web-b")
    with (
        mock.patch("connective.consultations.tasks_matching.snapshot_build_task.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert not suggestions_for(request=draft(alice))  # nothing on this disk yet
    assert queued.call_args.kwargs == {"queue": "matching-web-b"}  # not web-a's queue
    snapshot_build_task.apply()  # web-b's own worker
    service._looked = ("", 0.0)
    assert [p.slug for p in suggestions_for(request=draft(alice)).practices] == ["school-meals"]

    # A practice published through web-a: web-b's next suggestion reads the moved stamp, finds
    # no snapshot of it on its disk and queues its own build (once its burst guard has passed).
    on("web-a")
    PracticeFactory.create(
        title="Green drains against spring floods", slug="green-drains", summary="Storm water gardens."
    )
    snapshot_build()
    assert suggestions_for(request=draft(alice)).practices[0].slug == "green-drains"
    on("web-b")
    cache.delete(f"{QUEUED_KEY}:matching-web-b")  # its burst guard's 30 seconds have passed
    with (
        mock.patch("connective.consultations.tasks_matching.snapshot_build_task.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert suggestions_for(request=draft(alice)).practices[0].slug == "school-meals"  # its newest
    assert queued.call_args.kwargs == {"queue": "matching-web-b"}
    snapshot_build_task.apply()
    service._looked = ("", 0.0)
    assert suggestions_for(request=draft(alice)).practices[0].slug == "green-drains"


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_a_stale_snapshot_never_suggests_an_unpublished_practice_or_a_withdrawn_advisor(
    alice: MemberProfile,
) -> None:
    farah = advisor("Farah Flood")
    advisor("Wanda Willing")
    drains = PracticeFactory.create(title="Green drains", slug="green-drains", summary="Storm water gardens.")
    snapshot_build()
    assert {a.name for a in suggestions_for(request=draft(alice)).advisors} == {
        "Farah Flood",
        "Wanda Willing",
    }

    drains.status = PracticeStatus.DRAFT
    drains.save()
    farah.willing_to_advise = False
    farah.save()
    with mock.patch("connective.consultations.tasks_matching.snapshot_build_task.apply_async"):
        suggestions = suggestions_for(request=draft(alice))

    assert [a.name for a in suggestions.advisors] == ["Wanda Willing"]
    assert suggestions.practices == []


def test_a_worker_warms_up_from_the_stored_snapshot_without_building(alice: MemberProfile) -> None:
    advisor("Farah Flood")
    with mock.patch("connective.consultations.suggestions.service.snapshot_build") as build:
        assert suggestions_warm() is False
    build.assert_not_called()

    path = snapshot_build()
    service._state = None
    assert suggestions_warm() is True
    assert service._state is not None and service._state.path == path
