"""The advisor hard rules and load spreading, on candidates with given vectors (no model needed)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connective.consultations.matching import AdvisorCandidate, AdvisorIndex, Matcher, PracticeIndex, Request

DIMENSIONS = 512


def unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=DIMENSIONS).astype(np.float32)
    return vector / np.linalg.norm(vector)


def advisor(advisor_id: str, *, embedding: np.ndarray | None = None, **fields: object) -> AdvisorCandidate:
    values: dict = {
        "name": advisor_id.title(),
        "email": f"{advisor_id}@example.org",
        "languages": frozenset({"en"}),
        "themes": frozenset({"water-supply"}),
        "bio": "Water utility engineer working on leak detection.",
    }
    values.update(fields)
    return AdvisorCandidate(id=advisor_id, embedding=unit(1) if embedding is None else embedding, **values)


def matcher_for(advisors: list[AdvisorCandidate]) -> Matcher:
    return Matcher(practices=PracticeIndex([]), advisors=AdvisorIndex(advisors))


REQUEST = Request(
    title="Leaks in our water network",
    description="Half of our water is lost to leaks.",
    themes=frozenset({"water-supply"}),
    languages=("en",),
    requester_id="requester",
)


def suggested(matcher: Matcher, request: Request = REQUEST, k: int = 10) -> list:
    return [match.advisor.id for match in matcher.match_advisors(request, k=k, vector=unit(1))]


LANGUAGE_CODES = ("ar", "en", "fr", "pt", "de")

advisor_specs = st.lists(
    st.fixed_dictionaries(
        {
            "willing": st.booleans(),
            "active": st.booleans(),
            "open_consultations": st.integers(0, 5),
            "limit": st.integers(0, 4),
            "languages": st.frozensets(st.sampled_from(LANGUAGE_CODES), max_size=3),
            "seed": st.integers(0, 50),
        }
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(
    specs=advisor_specs,
    requester=st.integers(0, 30),
    languages=st.lists(st.sampled_from(LANGUAGE_CODES), max_size=3, unique=True),
)
def test_no_unwilling_inactive_overloaded_self_or_unintelligible_advisor_is_ever_suggested(
    specs: list[dict], requester: int, languages: list[str]
) -> None:
    pool = [
        advisor(f"a{number}", embedding=unit(spec.pop("seed")), **spec) for number, spec in enumerate(specs)
    ]
    request = Request(title="t", description="d", languages=tuple(languages), requester_id=f"a{requester}")
    matches = matcher_for(pool).match_advisors(request, k=len(pool), vector=unit(99))
    by_id = {candidate.id: candidate for candidate in pool}
    expected = {
        candidate.id
        for candidate in pool
        if candidate.willing
        and candidate.active
        and candidate.open_consultations < candidate.limit
        and candidate.id != request.requester_id
        and (not languages or candidate.languages & set(languages))
    }
    assert {match.advisor.id for match in matches} == expected
    for match in matches:
        chosen = by_id[match.advisor.id]
        assert chosen.willing and chosen.active and chosen.open_consultations < chosen.limit
        assert chosen.id != request.requester_id


def test_an_advisor_sharing_no_language_with_the_requester_is_excluded() -> None:
    matcher = matcher_for(
        [
            advisor("arabic-only", languages=frozenset({"ar"})),
            advisor("english", languages=frozenset({"en", "fr"})),
        ]
    )
    assert suggested(matcher) == ["english"]


def test_a_request_naming_no_language_leaves_every_eligible_advisor_in() -> None:
    matcher = matcher_for([advisor("arabic-only", languages=frozenset({"ar"})), advisor("english")])
    request = Request(title="Leaks", description="Water losses")
    assert sorted(suggested(matcher, request)) == ["arabic-only", "english"]


def test_the_requester_is_never_suggested_to_themselves() -> None:
    matcher = matcher_for([advisor("requester"), advisor("peer")])
    assert suggested(matcher) == ["peer"]


def test_withdrawing_willingness_removes_the_advisor_at_once_and_giving_it_back_restores_them() -> None:
    matcher = matcher_for([advisor("rania"), advisor("omar")])
    assert sorted(suggested(matcher)) == ["omar", "rania"]

    matcher.advisors.update("rania", willing=False)
    assert suggested(matcher) == ["omar"]
    assert matcher.advisors.candidates[matcher.advisors.row_of["rania"]].willing is False

    matcher.advisors.update("rania", willing=True)
    assert sorted(suggested(matcher)) == ["omar", "rania"]


def test_an_advisor_reaching_their_limit_or_going_inactive_drops_out() -> None:
    matcher = matcher_for([advisor("rania", limit=2, open_consultations=1), advisor("omar")])
    matcher.advisors.update("rania", open_consultations=2)
    matcher.advisors.update("omar", active=False)
    assert suggested(matcher) == []


def test_updating_an_unknown_advisor_or_a_negative_load_is_refused_and_changes_nothing() -> None:
    matcher = matcher_for([advisor("rania")])
    with pytest.raises(KeyError, match="nobody"):
        matcher.advisors.update("nobody", willing=False)
    with pytest.raises(ValueError, match="open_consultations cannot be negative"):
        matcher.advisors.update("rania", open_consultations=-1)
    assert suggested(matcher) == ["rania"]


def test_load_spreading_puts_the_less_busy_of_two_equally_fitting_advisors_first() -> None:
    busy_first = matcher_for(
        [advisor("rania", open_consultations=2, limit=3), advisor("omar", open_consultations=0, limit=3)]
    )
    assert suggested(busy_first) == ["omar", "rania"]

    busy_first.advisors.update("rania", open_consultations=0)
    busy_first.advisors.update("omar", open_consultations=2)
    assert suggested(busy_first) == ["rania", "omar"]


def test_load_spreading_is_gentle_a_clearly_better_fit_still_comes_first_when_busier() -> None:
    request_vector = unit(1)
    matcher = matcher_for(
        [
            advisor("expert", open_consultations=2, limit=3, embedding=request_vector),
            advisor("generalist", open_consultations=0, limit=3, embedding=unit(2), bio="Urban planner."),
        ]
    )
    assert suggested(matcher) == ["expert", "generalist"]


def test_candidate_ids_must_be_unique_and_embeddings_must_have_the_model_dimensions() -> None:
    with pytest.raises(ValueError, match="unique"):
        AdvisorIndex([advisor("rania"), advisor("rania")])
    with pytest.raises(ValueError, match="shape"):
        AdvisorIndex([advisor("rania", embedding=np.zeros(3, dtype=np.float32))])


def test_the_scorer_imports_no_database_code() -> None:
    """The matching package stays pure: importing it in a fresh interpreter loads no ORM."""
    import subprocess
    import sys

    code = (
        "import sys, connective.consultations.matching\n"
        "loaded = [m for m in sys.modules if m.startswith('django.db') or m.endswith('.models')]\n"
        "print(','.join(loaded))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == ""
