"""Runs the evaluation in memory: the platform's matcher and the BM25 baseline, side by side.

For each challenge both systems rank the practices and the advisors; a challenge counts as a
hit when one of its expected answers is among the first five practices (hit@5) or the first
three advisors (hit@3), and its reciprocal rank is 1/rank of the first expected answer within
the first ten (0 beyond). The baseline ranks advisors among the same eligible advisors as the
platform: the hard rules are not ranking. The hub rate is the largest share of all top-3
advisor slots of a batch that one advisor takes; every suggested advisor is checked against
the hard rules again (`forbidden`, which must stay 0).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from connective.consultations.evaluation import synthetic
from connective.consultations.evaluation.dataset import LANGUAGES, Challenge, Dataset, eligible
from connective.consultations.matching import (
    AdvisorCandidate,
    AdvisorIndex,
    BM25Baseline,
    Matcher,
    PracticeCandidate,
    PracticeIndex,
    Weights,
)
from connective.consultations.matching.embedding import Embedder, embed_texts
from connective.consultations.matching.matcher import theme_model

CUTOFF = 10
# Practices count as found within the first five; advisors within the first three (a requester
# invites two or three peers, not five).
K = {"practices": 5, "advisors": 3}
SYSTEMS = ("platform", "bm25")
TARGETS = ("practices", "advisors")
# The most top-3 advisor slots one advisor may take over a batch of challenges (the goal).
HUB_GOAL = 0.05


def reciprocal_rank(ranked: Sequence[object], relevant: Iterable[object], *, cutoff: int = CUTOFF) -> float:
    relevant = set(relevant)
    for position, item in enumerate(ranked[:cutoff], start=1):
        if item in relevant:
            return 1.0 / position
    return 0.0


def hit_at(ranked: Sequence[object], relevant: Iterable[object], *, k: int = 5) -> bool:
    return bool(set(ranked[:k]) & set(relevant))


def distractor_first(
    ranked: Sequence[object], relevant: Iterable[object], distractors: Iterable[object]
) -> bool:
    """Whether a listed distractor ranks above every expected answer (within the cutoff)."""
    relevant, distractors = set(relevant), set(distractors)
    for item in ranked[:CUTOFF]:
        if item in relevant:
            return False
        if item in distractors:
            return True
    return False


@dataclass
class Tally:
    """hit@k and MRR over a group of challenges."""

    k: int = 5
    count: int = 0
    hits: int = 0
    reciprocal_ranks: float = 0.0
    distracted: int = 0

    def add(
        self, ranked: Sequence[object], relevant: Iterable[object], distractors: Iterable[object] = ()
    ) -> None:
        relevant = list(relevant)
        self.count += 1
        self.hits += hit_at(ranked, relevant, k=self.k)
        self.reciprocal_ranks += reciprocal_rank(ranked, relevant)
        self.distracted += distractor_first(ranked, relevant, distractors)

    @property
    def hit(self) -> float:
        return self.hits / self.count if self.count else 0.0

    # The first set's figures were hit@5 for both targets; kept as a name for practices.
    hit5 = hit

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.count if self.count else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.count,
            f"hit@{self.k}": round(self.hit, 3),
            "mrr": round(self.mrr, 3),
            "distractor_first": self.distracted,
        }


@dataclass
class Hubs:
    """How the top-3 advisor slots of a batch of challenges are shared out."""

    slots: int = 0
    counts: Counter[object] = field(default_factory=Counter)

    def add(self, ranked: Sequence[object]) -> None:
        top = list(ranked[: K["advisors"]])
        self.slots += K["advisors"]
        self.counts.update(top)

    @property
    def rate(self) -> float:
        """The largest share of the slots any one advisor takes."""
        return max(self.counts.values()) / self.slots if self.slots and self.counts else 0.0

    @property
    def top(self) -> object:
        return self.counts.most_common(1)[0][0] if self.counts else None


@dataclass
class Report:
    split: str
    practices: int
    advisors: int
    generated: int
    source: str = ""
    name: str = ""
    # tallies[system][target][language or "all"]
    tallies: dict[str, dict[str, dict[str, Tally]]] = field(default_factory=dict)
    hubs: dict[str, Hubs] = field(default_factory=dict)
    # Suggested advisors (within the cutoff) whom the hard rules forbid: must stay 0.
    forbidden: int = 0

    def tally(self, system: str, target: str, language: str) -> Tally:
        by_target = self.tallies.setdefault(system, {}).setdefault(target, {})
        return by_target.setdefault(language, Tally(k=K[target]))

    def hub(self, system: str) -> Hubs:
        return self.hubs.setdefault(system, Hubs())

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "split": self.split,
            "practices": self.practices,
            "advisors": self.advisors,
            "generated": self.generated,
            "source": self.source,
            "results": {
                system: {
                    target: {language: tally.as_dict() for language, tally in by_language.items()}
                    for target, by_language in by_target.items()
                }
                for system, by_target in self.tallies.items()
            },
            "hub_rate": {system: round(hubs.rate, 3) for system, hubs in self.hubs.items()},
            "forbidden_advisors": self.forbidden,
        }


@dataclass
class Setup:
    """Everything built once: indexes, baselines, challenge vectors."""

    dataset: Dataset
    matcher: Matcher
    practice_baseline: BM25Baseline
    advisor_baseline: BM25Baseline
    vectors: dict[str, np.ndarray]
    generated: int
    # Where the mixed-in candidates come from ("demo" or "synthetic"), and for demo ones the
    # ids of the practices describing each measure and of the members who worked on it
    # (measure key -> ids), which count as right answers for `demo_answers`.
    source: str = "demo"
    demo_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    demo_advisor_ids: dict[str, frozenset[str]] = field(default_factory=dict)
    name: str = ""

    def right_practices(self, challenge: Challenge) -> frozenset[str]:
        """The practices that answer a challenge: its labelled ones and, among mixed-in demo
        practices, those describing a measure labelled as answering it."""
        extra = [self.demo_ids.get(measure, frozenset()) for measure in challenge.demo_answers]
        return challenge.practices.union(*extra)

    def right_advisors(self, challenge: Challenge) -> frozenset[str]:
        """The advisors who should be suggested: its labelled ones and, among mixed-in demo
        members, those who worked on a measure labelled as answering it."""
        extra = [self.demo_advisor_ids.get(measure, frozenset()) for measure in challenge.demo_answers]
        return challenge.advisors.union(*extra)


def default_cache() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "cache" / "consultations" / "embeddings-usem3.npz"


MIX_SOURCES = ("demo", "synthetic")


def theme_names() -> dict[str, tuple[str, ...]]:
    """slug -> the theme's names in the community's languages (for the theme model)."""
    return {slug: tuple(dict.fromkeys(names.values())) for slug, names in synthetic.theme_names().items()}


def _mixed(
    mix: int, source: str, seed: int
) -> tuple[list[PracticeCandidate], list[AdvisorCandidate], dict[str, set[str]], dict[str, set[str]]]:
    """(practices, advisors, measure -> practice ids, measure -> advisor ids) to hide a set among."""
    if not mix:
        return [], [], {}, {}
    if source == "synthetic":
        return synthetic.practices(mix, seed=seed), synthetic.advisors(mix, seed=seed), {}, {}
    community = synthetic.demo_community(mix, seed=seed)
    return community.practices, community.advisors, community.practice_measures, community.advisor_measures


def build(
    dataset: Dataset,
    *,
    mix: int = 0,
    source: str = "demo",
    weights: Weights | None = None,
    embedder: Embedder | None = None,
    cache_path: Path | None = None,
    seed: int = 7,
    name: str = "",
) -> Setup:
    """Index the evaluation set, hidden among `mix` other practices and their people.

    `source` "demo": the practices and the willing members `seed_demo --practices mix
    --members mix` writes (`synthetic.demo_community`), some of which answer some challenges
    (`demo_answers`); "synthetic": generic texts and generated advisors that answer none.
    """
    if source not in MIX_SOURCES:
        raise ValueError(f"Unknown mix source {source!r}: use {' or '.join(MIX_SOURCES)}.")
    embed: Embedder = embedder or embed_texts
    if cache_path is not None:
        embed = synthetic.EmbeddingCache(cache_path, embed).embed
    mixed_practices, mixed_advisors, demo_ids, demo_advisor_ids = _mixed(mix, source, seed)
    practices = dataset.practices + mixed_practices
    advisors = dataset.advisors + mixed_advisors
    practice_vectors = embed([practice.document for practice in practices])
    bios = [advisor.bio for advisor in advisors]
    bio_vectors = embed([bio for bio in bios if bio.strip()])
    by_bio = iter(bio_vectors)
    topics = [topic for advisor in advisors for topic in advisor.past_topics]
    topic_vectors = iter(embed(topics)) if topics else iter(())
    practices = [replace(p, embedding=v) for p, v in zip(practices, practice_vectors, strict=True)]
    advisors = [
        replace(
            advisor,
            embedding=next(by_bio) if advisor.bio.strip() else None,
            topic_embeddings=np.stack([next(topic_vectors) for _ in advisor.past_topics])
            if advisor.past_topics
            else None,
        )
        for advisor in advisors
    ]
    practice_index = PracticeIndex(practices, embedder=embed)
    matcher = Matcher(
        practices=practice_index,
        advisors=AdvisorIndex(advisors, embedder=embed),
        weights=weights,
        embedder=embed,
        themes=theme_model(theme_names(), practice_index, embedder=embed),
    )
    challenge_vectors = embed([challenge.request.text for challenge in dataset.challenges])
    return Setup(
        dataset=dataset,
        matcher=matcher,
        practice_baseline=BM25Baseline([p.id for p in practices], [p.document for p in practices]),
        advisor_baseline=BM25Baseline([a.id for a in advisors], [a.document for a in advisors]),
        vectors={c.id: v for c, v in zip(dataset.challenges, challenge_vectors, strict=True)},
        generated=mix,
        source=source,
        demo_ids={measure: frozenset(ids) for measure, ids in demo_ids.items()},
        demo_advisor_ids={measure: frozenset(ids) for measure, ids in demo_advisor_ids.items()},
        name=name,
    )


def _platform_rankings(
    matcher: Matcher, challenge: Challenge, vector: np.ndarray, targets: Sequence[str]
) -> tuple[list[Any], list[Any]]:
    request = challenge.request
    if "practices" in targets and "advisors" in targets:
        practice_matches, advisor_matches = matcher.match(request, k=CUTOFF, vector=vector)
        return [m.practice.id for m in practice_matches], [m.advisor.id for m in advisor_matches]
    practices: list[Any] = []
    advisors: list[Any] = []
    if "practices" in targets:
        practices = [m.practice.id for m in matcher.match_practices(request, k=CUTOFF, vector=vector)]
    if "advisors" in targets:
        advisors = [m.advisor.id for m in matcher.match_advisors(request, k=CUTOFF, vector=vector)]
    return practices, advisors


def evaluate(
    setup: Setup,
    *,
    split: str,
    matcher: Matcher | None = None,
    systems: Sequence[str] = SYSTEMS,
    targets: Sequence[str] = TARGETS,
) -> Report:
    """The figures of one split. Only the challenges of `split` are read (tuning asks for dev)."""
    matcher = matcher or setup.matcher
    report = Report(
        split=split,
        practices=len(setup.dataset.practices),
        advisors=len(setup.dataset.advisors),
        generated=setup.generated,
        source=setup.source if setup.generated else "",
        name=setup.name,
    )
    by_id = {advisor.id: advisor for advisor in matcher.advisors.candidates}
    for challenge in setup.dataset.split(split):
        request = challenge.request
        rankings: dict[str, tuple[list[Any], list[Any]]] = {}
        if "platform" in systems:
            rankings["platform"] = _platform_rankings(
                matcher, challenge, setup.vectors[challenge.id], targets
            )
            report.forbidden += sum(
                not eligible(by_id[advisor_id], request) for advisor_id in rankings["platform"][1]
            )
        if "bm25" in systems:
            allowed = matcher.advisors.eligible(
                requester_id=request.requester_id, languages=request.languages
            )
            rankings["bm25"] = (
                [item for item, _score in setup.practice_baseline.rank(request.text, k=CUTOFF)],
                [
                    item
                    for item, _score in setup.advisor_baseline.rank(request.text, k=CUTOFF, allowed=allowed)
                ],
            )
        for system, (practices, advisors) in rankings.items():
            if "advisors" in targets:
                report.hub(system).add(advisors)
            for language in (challenge.language, "all"):
                if "practices" in targets:
                    report.tally(system, "practices", language).add(
                        practices, setup.right_practices(challenge), challenge.distractors
                    )
                if "advisors" in targets:
                    report.tally(system, "advisors", language).add(advisors, setup.right_advisors(challenge))
    return report


def objective(report: Report, target: str) -> float:
    """What tuning maximises: the mean over languages of (hit@k + MRR) / 2, so that no
    language is sacrificed to another; for advisors, less a penalty for every point the hub
    rate passes its goal (spreading requests is a rule, not a preference)."""
    by_language = report.tallies["platform"][target]
    values = [
        (by_language[code].hit + by_language[code].mrr) / 2 for code in LANGUAGES if code in by_language
    ]
    score = sum(values) / len(values) if values else 0.0
    if target == "advisors" and "platform" in report.hubs:
        score -= 2.0 * max(0.0, report.hubs["platform"].rate - HUB_GOAL)
    return score


# Each grid spans well past where the dev split's optimum was found; 0 (a signal off) is the
# natural lower bound of every weight, so only an upper edge, or a lower edge above 0, is a
# sign the grid is too narrow (`at_edges`).
PRACTICE_GRID: dict[str, tuple[float, ...]] = {
    "centring": (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5),
    "local_scaling": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    "theme": (0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.9),
    "inferred_theme": (0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.9),
    "language": (0.0, 0.02, 0.04, 0.08, 0.15, 0.3),
    "lexical": (0.0, 0.05, 0.1, 0.2, 0.4),
}
ADVISOR_GRID: dict[str, tuple[float, ...]] = {
    "advisor_centring": (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5),
    "advisor_local_scaling": (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0),
    "topic": (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5),
    "practice": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2),
    "practice_window": (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45),
    "advisor_theme": (0.0, 0.1, 0.2, 0.5, 0.8, 1.2, 1.8, 2.5, 3.5),
    "advisor_inferred_theme": (0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 1.8),
    "advisor_language": (0.0, 0.02, 0.05, 0.1, 0.2),
}
PASSES = 3


def at_edges(weights: Weights, grids: Sequence[dict[str, tuple[float, ...]]]) -> list[str]:
    """The tuned weights that sit at an edge of their grid other than 0."""
    found = []
    for grid in grids:
        for name, values in grid.items():
            value = getattr(weights, name)
            if value == values[-1] or (value == values[0] and values[0] > 0):
                found.append(f"{name}={value}")
    return found


def without_themes(setup: Setup) -> Setup:
    """The same set as if no requester had tagged their challenge with themes."""
    challenges = [
        replace(challenge, request=replace(challenge.request, themes=frozenset()))
        for challenge in setup.dataset.challenges
    ]
    return replace(setup, dataset=replace(setup.dataset, challenges=challenges))


def _score(
    setups: Sequence[Setup], matchers: Sequence[Matcher], weights: Weights, target: str, split: str
) -> float:
    reports = []
    for setup, matcher in zip(setups, matchers, strict=True):
        matcher.weights = weights
        reports.append(
            evaluate(setup, split=split, matcher=matcher, systems=("platform",), targets=(target,))
        )
    return sum(objective(report, target) for report in reports) / len(reports)


def _descend(
    setups: Sequence[Setup],
    matchers: Sequence[Matcher],
    start: Weights,
    grid: dict[str, tuple[float, ...]],
    target: str,
    split: str,
) -> tuple[float, Weights]:
    """Coordinate descent over the grid: each weight in turn set to its best value with the
    others held, for a few passes or until nothing moves. A change must gain more than a
    hair, so ties keep the current (earlier) value."""
    best = _score(setups, matchers, start, target, split)
    weights = start
    for _pass in range(PASSES):
        moved = False
        for name, values in grid.items():
            for value in values:
                if value == getattr(weights, name):
                    continue
                trial = replace(weights, **{name: value})
                score = _score(setups, matchers, trial, target, split)
                if score > best + 1e-9:
                    best, weights, moved = score, trial, True
        if not moved:
            break
    return best, weights


def tune(
    setup: Setup | Sequence[Setup],
    *,
    split: str = "dev",
    progress: Callable[[str], None] | None = None,
    practice_grid: dict[str, tuple[float, ...]] | None = None,
    advisor_grid: dict[str, tuple[float, ...]] | None = None,
) -> Weights:
    """Choose the weights on `split` (dev) of one or more setups (the sets alone and hidden
    among demo and synthetic practices), each with and without the requesters' themes (the
    objective is the mean over all): the practice weights first, then the advisor weights
    with those practice weights (an advisor's practices count through `practice`).

    Only `split` is evaluated: no other challenge's labels are read, so scrambling the test
    labels cannot change the result (a test says so). The semantic and bio weights stay 1
    (only ratios matter); the load weight stays as set (it trades relevance for spreading,
    which the hub rate in the objective guards)."""
    given = [setup] if isinstance(setup, Setup) else list(setup)
    setups = [variant for each in given for variant in (each, without_themes(each))]
    matchers = [copy.copy(each.matcher) for each in setups]
    start = given[0].matcher.weights
    practice_score, weights = _descend(
        setups, matchers, start, practice_grid or PRACTICE_GRID, "practices", split
    )
    advisor_score, weights = _descend(
        setups, matchers, weights, advisor_grid or ADVISOR_GRID, "advisors", split
    )
    if progress:
        progress(f"best on {split}: practices {practice_score:.3f}, advisors {advisor_score:.3f}")
        edges = at_edges(weights, [practice_grid or PRACTICE_GRID, advisor_grid or ADVISOR_GRID])
        if edges:
            progress(f"at the edge of their grid (widen it): {', '.join(edges)}")
    return weights


def theme_inference(setup: Setup, *, split: str) -> dict[str, float]:
    """How well themes inferred from a request's text agree with those its author ticked, over
    the challenges of `split` that have some: the share whose most likely inferred theme is one
    of theirs, and the share of their themes among the inferred ones (at most three)."""
    first = found = wanted = counted = 0
    model = setup.matcher.themes
    if model is None:
        return {"n": 0, "top1": 0.0, "recall": 0.0}
    for challenge in setup.dataset.split(split):
        ticked = challenge.request.themes
        if not ticked:
            continue
        inferred = [theme.slug for theme in model.infer(setup.vectors[challenge.id])]
        counted += 1
        first += bool(inferred) and inferred[0] in ticked
        found += len(set(inferred) & ticked)
        wanted += len(ticked)
    return {
        "n": counted,
        "top1": first / counted if counted else 0.0,
        "recall": found / wanted if wanted else 0.0,
    }


def format_report(report: Report) -> list[str]:
    """One line per language: practices hit@5 and MRR, advisors hit@3 and MRR, platform and
    BM25; then the hub rate and the look-alikes."""
    extra = f" + {report.generated} {report.source} practices and their people" if report.generated else ""
    label = f"Set {report.name}, split" if report.name else "Split"
    hit_p, hit_a = f"hit@{K['practices']}", f"hit@{K['advisors']}"
    lines = [
        f"{label} {report.split}: {report.practices} practices, {report.advisors} advisors{extra}",
        f"{'':9}  {'practices':^25}   {'advisors':^25}".rstrip(),
        f"{'':9}  {'platform':^12} {'bm25':^12}   {'platform':^12} {'bm25':^12}".rstrip(),
        f"{'lang':5}{'n':>4}  {hit_p:>6}{'MRR':>6} {hit_p:>6}{'MRR':>6}   {hit_a:>6}{'MRR':>6} {hit_a:>6}{'MRR':>6}",
    ]
    platform = report.tallies.get("platform", {})
    baseline = report.tallies.get("bm25", {})
    for language in (*LANGUAGES, "all"):
        if language not in platform.get("practices", {}):
            continue
        cells = []
        for target in TARGETS:
            for system in (platform, baseline):
                tally = system.get(target, {}).get(language, Tally())
                cells.append(f"{tally.hit:6.2f}{tally.mrr:6.2f}")
        count = platform["practices"][language].count
        lines.append(f"{language:5}{count:>4}  {cells[0]} {cells[1]}   {cells[2]} {cells[3]}")
    hubs = report.hubs
    if hubs:
        lines.append(
            "Hub rate (largest share of top-3 advisor slots one advisor takes): "
            + ", ".join(f"{system} {hubs[system].rate:.1%} ({hubs[system].top})" for system in hubs)
        )
    distracted = platform.get("practices", {}).get("all", Tally()).distracted
    baseline_distracted = baseline.get("practices", {}).get("all", Tally()).distracted
    lines.append(
        f"A look-alike distractor ranked above every right practice: platform {distracted}, bm25 {baseline_distracted} challenges"
    )
    lines.append(f"Advisors suggested whom the hard rules forbid: {report.forbidden}")
    return lines
