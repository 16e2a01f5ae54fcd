"""The evaluation set, its metrics, and the evaluate_matching command."""

from __future__ import annotations

import json
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from connective.consultations.evaluation import dataset, runner, synthetic
from connective.consultations.evaluation.dataset import DatasetError
from connective.consultations.evaluation.runner import Tally, distractor_first, hit_at, reciprocal_rank


def test_hit_at_5_and_reciprocal_rank_on_hand_made_rankings() -> None:
    ranking = ["p9", "p3", "p7", "p1", "p5", "p2"]
    assert hit_at(ranking, {"p5"}) is True
    assert hit_at(ranking, {"p2"}) is False
    assert reciprocal_rank(ranking, {"p7", "p2"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranking, {"p9"}) == 1.0
    assert reciprocal_rank(ranking, {"p42"}) == 0.0
    assert reciprocal_rank(["x"] * 10 + ["p1"], {"p1"}) == 0.0  # beyond the cutoff of ten


def test_a_tally_averages_hits_and_reciprocal_ranks_over_its_challenges() -> None:
    tally = Tally()
    tally.add(["a", "b"], {"a"})  # rank 1
    tally.add(["c", "d", "e", "f", "g", "b"], {"b"})  # rank 6: no hit@5, RR 1/6
    tally.add(["c", "b"], {"b"}, distractors={"c"})  # rank 2, distractor first
    assert tally.count == 3
    assert tally.hit5 == pytest.approx(2 / 3)
    assert tally.mrr == pytest.approx((1 + 1 / 6 + 1 / 2) / 3)
    assert tally.distracted == 1
    assert Tally().hit5 == 0.0 and Tally().mrr == 0.0


def test_a_distractor_counts_only_when_it_comes_before_every_right_answer() -> None:
    assert distractor_first(["d", "r"], {"r"}, {"d"}) is True
    assert distractor_first(["r", "d"], {"r"}, {"d"}) is False
    assert distractor_first(["x", "y"], {"r"}, {"d"}) is False


def test_the_shipped_set_has_a_dozen_challenges_per_language_and_consistent_answers() -> None:
    data = dataset.load()
    assert len(data.practices) >= 60
    assert len(data.advisors) >= 30
    practice_languages = {practice.language for practice in data.practices}
    assert practice_languages == set(dataset.LANGUAGES)
    for language in dataset.LANGUAGES:
        assert sum(challenge.language == language for challenge in data.challenges) >= 12
    for challenge in data.challenges:
        assert challenge.practices and challenge.advisors
        assert not challenge.practices & challenge.distractors


def test_the_dev_and_test_splits_are_disjoint_deterministic_and_cover_every_language() -> None:
    data = dataset.load()
    dev, test = data.split("dev"), data.split("test")
    assert {c.id for c in dev}.isdisjoint({c.id for c in test})
    assert len(dev) + len(test) == len(data.challenges)
    assert [c.id for c in dataset.load().split("test")] == [c.id for c in test]
    assert {c.language for c in test} == set(dataset.LANGUAGES)
    with pytest.raises(ValueError, match="Unknown split"):
        data.split("train")


def test_a_challenge_expecting_an_advisor_who_may_not_be_asked_is_rejected() -> None:
    data = dataset.load()
    row = {
        "id": "x1", "language": "en", "title": "Leaks", "description": "Water losses", "languages": ["en"],
        "practices": ["p01"], "advisors": ["a41"],  # a41 withdrew their willingness
    }  # fmt: skip
    with pytest.raises(DatasetError, match="a41"):
        dataset.challenges_from_rows([row], data.practices, data.advisors)
    with pytest.raises(DatasetError, match="p99"):
        dataset.challenges_from_rows(
            [{**row, "practices": ["p99"], "advisors": []}], data.practices, data.advisors
        )


def test_generated_candidates_depend_only_on_their_number() -> None:
    small, large = synthetic.practices(5), synthetic.practices(8)
    assert [p.document for p in small] == [p.document for p in large[:5]]
    assert {p.language for p in synthetic.practices(60)} == set(synthetic.LANGUAGES)
    assert all(str(a.id).startswith("ga") for a in synthetic.advisors(3))


def test_the_demo_mix_is_the_community_seed_demo_writes_with_its_willing_members_as_advisors() -> None:
    from connective.practices.demo import generate_community
    from connective.practices.demo_catalogue import MEASURES

    mix = synthetic.demo_community(60)
    community = generate_community(members=60, practices=60, seed=7, themes=synthetic._themes_unsaved())
    published = [spec for spec in community.practices if spec.published]
    assert [p.title for p in mix.practices] == [spec.texts["title"] for spec in published]
    willing = [p for p in community.people if p.willing_to_advise and str(p.status) == "approved"]
    assert [a.email for a in mix.advisors] == [person.email for person in willing]
    assert set(mix.practice_measures) <= set(MEASURES)
    # Every advisor is filed under the measures they worked on, and only those.
    by_email = {person.email: person for person in willing}
    for measure, ids in mix.advisor_measures.items():
        for advisor in mix.advisors:
            assert (advisor.id in ids) == (measure in by_email[advisor.email].measures)


def test_in_a_demo_mix_the_practices_and_people_of_a_labelled_measure_count_as_right_answers(
    cache_file: Path,
) -> None:
    data = dataset.load()
    by_id = {challenge.id: challenge for challenge in data.challenges}
    setup = runner.build(
        dataset.Dataset(data.practices, data.advisors, [by_id["fr08"], by_id["ar08"]]),
        mix=300,
        cache_path=cache_file,
    )
    street_lights = by_id["fr08"]  # labelled: the demo's LED street lighting answers it
    assert street_lights.demo_answers == {"energy/led-lighting-solar"}  # the first set's "energy"
    right = setup.right_practices(street_lights)
    assert street_lights.practices < right
    assert right - street_lights.practices == setup.demo_ids["energy/led-lighting-solar"]
    people = setup.right_advisors(street_lights) - street_lights.advisors
    assert people and people == setup.demo_advisor_ids["energy/led-lighting-solar"]
    assert setup.right_practices(by_id["ar08"]) == by_id["ar08"].practices  # no demo measure answers it
    synthetic_setup = runner.build(
        dataset.Dataset(data.practices, data.advisors, [street_lights]),
        mix=40,
        source="synthetic",
        cache_path=cache_file,
    )
    assert synthetic_setup.right_practices(street_lights) == street_lights.practices


def test_the_hub_rate_is_the_largest_share_of_top_three_slots_one_advisor_takes() -> None:
    hubs = runner.Hubs()
    hubs.add(["a", "b", "c", "d"])  # only the first three count
    hubs.add(["a", "e", "f"])
    assert hubs.slots == 6
    assert hubs.rate == pytest.approx(2 / 6)
    assert hubs.top == "a"
    assert runner.Hubs().rate == 0.0


def test_advisors_count_as_found_within_three_and_practices_within_five() -> None:
    report = runner.Report(split="dev", practices=0, advisors=0, generated=0)
    report.tally("platform", "advisors", "en").add(["x", "y", "z", "a"], {"a"})
    report.tally("platform", "practices", "en").add(["x", "y", "z", "a"], {"a"})
    assert report.tallies["platform"]["advisors"]["en"].hit == 0.0
    assert report.tallies["platform"]["practices"]["en"].hit == 1.0


def test_a_weight_at_the_upper_edge_of_its_grid_is_flagged_and_zero_is_not() -> None:
    weights = runner.Weights(topic=runner.ADVISOR_GRID["topic"][-1], lexical=0.0, practice_window=0.02)
    edges = runner.at_edges(weights, [runner.PRACTICE_GRID, runner.ADVISOR_GRID])
    assert f"topic={runner.ADVISOR_GRID['topic'][-1]}" in edges
    assert "practice_window=0.02" in edges  # a lower edge above 0
    assert not any(edge.startswith("lexical") for edge in edges)


SMALL_PRACTICE_GRID: dict[str, tuple[float, ...]] = {"centring": (0.0, 1.0), "theme": (0.0, 0.3)}
SMALL_ADVISOR_GRID: dict[str, tuple[float, ...]] = {"topic": (0.0, 0.5), "practice": (0.0, 0.3)}


def test_scrambling_the_test_labels_leaves_the_tuned_weights_unchanged(cache_file: Path) -> None:
    data = dataset.load()
    dev_ids = {challenge.id for challenge in data.split("dev")}
    test = [c for c in data.challenges if c.id not in dev_ids]
    # Every test challenge gets another's answers (a rotation), no advisor and a nonsense theme.
    scrambled = [
        replace(
            challenge,
            practices=test[(n + 1) % len(test)].practices,
            advisors=frozenset(),
            request=replace(challenge.request, themes=frozenset({"culture-and-heritage"})),
        )
        for n, challenge in enumerate(test)
    ]
    honest = runner.build(data, cache_path=cache_file)
    shuffled = runner.build(replace(data, challenges=[*data.split("dev"), *scrambled]), cache_path=cache_file)
    grids = {"practice_grid": SMALL_PRACTICE_GRID, "advisor_grid": SMALL_ADVISOR_GRID}
    assert runner.tune(honest, **grids) == runner.tune(shuffled, **grids)  # type: ignore[arg-type]


def test_tuning_prints_the_dev_split_only(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "PRACTICE_GRID", SMALL_PRACTICE_GRID)
    monkeypatch.setattr(runner, "ADVISOR_GRID", SMALL_ADVISOR_GRID)
    out, err = StringIO(), StringIO()
    call_command(
        "evaluate_matching", "--set", "v1", "--tune", "--cache-file", str(cache_file), stdout=out, stderr=err
    )
    assert "split dev" in out.getvalue()
    assert "split test" not in out.getvalue() and "test" not in err.getvalue()
    assert "weights chosen on dev" in err.getvalue()


def test_a_challenge_naming_an_unknown_demo_measure_is_rejected() -> None:
    data = dataset.load()
    row = {
        "id": "x2", "language": "en", "title": "Lights", "description": "Street lights", "languages": ["en"],
        "practices": ["p01"], "advisors": [], "demo_answers": ["street-lights"],
    }  # fmt: skip
    with pytest.raises(DatasetError, match="street-lights"):
        dataset.challenges_from_rows([row], data.practices, data.advisors)


def test_the_evaluation_of_a_tiny_set_reports_per_language_figures_for_both_systems(cache_file: Path) -> None:
    data = dataset.load()
    tiny = dataset.Dataset(
        practices=data.practices,
        advisors=data.advisors,
        challenges=[c for c in data.challenges if c.id in {"fr01", "fr02", "en01", "en02"}],
    )
    setup = runner.build(tiny, cache_path=cache_file)
    report = runner.evaluate(setup, split="all")
    for system in ("platform", "bm25"):
        for target in ("practices", "advisors"):
            assert report.tallies[system][target]["all"].count == 4
            assert set(report.tallies[system][target]) == {"fr", "en", "all"}
    # The French water-loss challenge shares almost no word with the English practice.
    assert (
        report.tallies["platform"]["practices"]["fr"].hit5 >= report.tallies["bm25"]["practices"]["fr"].hit5
    )
    assert cache_file.exists()


@pytest.fixture(scope="module")
def cache_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for this module's runs, so the set is embedded once."""
    return tmp_path_factory.mktemp("embeddings") / "cache.npz"


def test_evaluate_matching_prints_a_line_per_language_for_test_and_dev(cache_file: Path) -> None:
    out = StringIO()
    call_command(
        "evaluate_matching", "--set", "v1", "--mix", "20", "--cache-file", str(cache_file), stdout=out
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "Set v1, split test: 60 practices, 41 advisors + 20 demo practices and their people"
    assert any(line.startswith("Set v1, split dev:") for line in lines)
    for language in ("ar", "fr", "en", "pt", "de", "all"):
        assert sum(line.split()[:1] == [language] for line in lines) == 2
    assert sum(line.startswith("Hub rate") for line in lines) == 2
    assert "Advisors suggested whom the hard rules forbid: 0" in lines


def test_evaluate_matching_speaks_json_and_refuses_a_negative_mix(cache_file: Path) -> None:
    out = StringIO()
    call_command("evaluate_matching", "--set", "v1", "--json", "--cache-file", str(cache_file), stdout=out)
    payload = json.loads(out.getvalue())
    test_report = payload["reports"][0]
    assert test_report["split"] == "test"
    assert set(test_report["results"]["platform"]["practices"]) == {"ar", "fr", "en", "pt", "de", "all"}
    assert test_report["results"]["bm25"]["advisors"]["all"]["n"] == 30
    assert test_report["forbidden_advisors"] == 0 and 0 <= test_report["hub_rate"]["platform"] <= 1
    assert payload["theme_inference"][0]["n"] > 0
    with pytest.raises(CommandError, match="--mix must be 0 or more"):
        call_command("evaluate_matching", "--mix", "-1")


def test_the_second_set_has_every_kind_in_both_halves_and_labels_from_expertise_not_contacts() -> None:
    data = dataset.load("v2")
    assert len(data.challenges) == 120 and len(data.practices) == 50 and len(data.advisors) == 60
    kinds = {"plain", "short", "vague", "two-themes", "mixed-language", "typos"}
    for language in dataset.LANGUAGES:
        for split in ("dev", "test"):
            found = {c.kind for c in data.split(split) if c.language == language}
            assert found == kinds, (language, split)
    contacts = {advisor.id: set(advisor.practice_ids) for advisor in data.advisors}
    # In the first set every expected advisor was contact of an expected practice; here most are not.
    via_contact = sum(bool(contacts[a] & c.practices) for c in data.challenges for a in c.advisors)
    expected = sum(len(c.advisors) for c in data.challenges)
    assert via_contact < expected / 2
    assert sum(not c.request.themes for c in data.challenges) >= 40
