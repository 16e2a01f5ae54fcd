"""Runs the evaluation in memory: the platform's matcher and the BM25 baseline, side by side.

For each challenge both systems rank the practices and the advisors; a challenge counts as a
hit@5 when one of its expected answers is among the first five, and its reciprocal rank is
1/rank of the first expected answer within the first ten (0 beyond). The baseline ranks
advisors among the same eligible advisors as the platform: the hard rules are not ranking.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from connective.consultations.evaluation import synthetic
from connective.consultations.evaluation.dataset import LANGUAGES, Challenge, Dataset
from connective.consultations.matching import (
    AdvisorIndex,
    BM25Baseline,
    Matcher,
    PracticeIndex,
    Weights,
)
from connective.consultations.matching.embedding import Embedder, embed_texts

CUTOFF = 10
K = 5
SYSTEMS = ("platform", "bm25")
TARGETS = ("practices", "advisors")


def reciprocal_rank(ranked: Sequence[object], relevant: Iterable[object], *, cutoff: int = CUTOFF) -> float:
    relevant = set(relevant)
    for position, item in enumerate(ranked[:cutoff], start=1):
        if item in relevant:
            return 1.0 / position
    return 0.0


def hit_at(ranked: Sequence[object], relevant: Iterable[object], *, k: int = K) -> bool:
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
    """hit@5 and MRR over a group of challenges."""

    count: int = 0
    hits: int = 0
    reciprocal_ranks: float = 0.0
    distracted: int = 0

    def add(
        self, ranked: Sequence[object], relevant: Iterable[object], distractors: Iterable[object] = ()
    ) -> None:
        relevant = list(relevant)
        self.count += 1
        self.hits += hit_at(ranked, relevant)
        self.reciprocal_ranks += reciprocal_rank(ranked, relevant)
        self.distracted += distractor_first(ranked, relevant, distractors)

    @property
    def hit5(self) -> float:
        return self.hits / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.count if self.count else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.count,
            "hit@5": round(self.hit5, 3),
            "mrr": round(self.mrr, 3),
            "distractor_first": self.distracted,
        }


@dataclass
class Report:
    split: str
    practices: int
    advisors: int
    generated: int
    source: str = ""
    # tallies[system][target][language or "all"]
    tallies: dict[str, dict[str, dict[str, Tally]]] = field(default_factory=dict)

    def tally(self, system: str, target: str, language: str) -> Tally:
        by_target = self.tallies.setdefault(system, {}).setdefault(target, {})
        return by_target.setdefault(language, Tally())

    def as_dict(self) -> dict[str, Any]:
        return {
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
    # Where the mixed-in practices come from ("demo" or "synthetic"), and for demo practices
    # the ids describing each measure (theme slug -> ids), which count for `demo_answers`.
    source: str = "demo"
    demo_ids: dict[str, frozenset[str]] = field(default_factory=dict)

    def right_practices(self, challenge: Challenge) -> frozenset[str]:
        """The practices that answer a challenge: its labelled ones and, among mixed-in demo
        practices, those describing a measure labelled as answering it."""
        extra = [self.demo_ids.get(measure, frozenset()) for measure in challenge.demo_answers]
        return challenge.practices.union(*extra)


def default_cache() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "cache" / "consultations" / "embeddings-usem3.npz"


MIX_SOURCES = ("demo", "synthetic")


def build(
    dataset: Dataset,
    *,
    mix: int = 0,
    source: str = "demo",
    weights: Weights | None = None,
    embedder: Embedder | None = None,
    cache_path: Path | None = None,
    seed: int = 7,
) -> Setup:
    """Index the evaluation set, with `mix` practices from `source` and `mix` generated advisors.

    `source` "demo": practices as `seed_demo` writes them, some of which answer some challenges
    (`demo_answers`); "synthetic": generic texts that answer none (`synthetic.practices`).
    """
    if source not in MIX_SOURCES:
        raise ValueError(f"Unknown mix source {source!r}: use {' or '.join(MIX_SOURCES)}.")
    embed: Embedder = embedder or embed_texts
    if cache_path is not None:
        embed = synthetic.EmbeddingCache(cache_path, embed).embed
    demo_ids: dict[str, set[str]] = {}
    if source == "demo":
        mixed = []
        for candidate, measure in synthetic.demo_practices(mix, seed=seed):
            mixed.append(candidate)
            demo_ids.setdefault(measure, set()).add(str(candidate.id))
    else:
        mixed = synthetic.practices(mix, seed=seed)
    practices = dataset.practices + mixed
    advisors = dataset.advisors + synthetic.advisors(mix, seed=seed)
    practice_vectors = embed([practice.document for practice in practices])
    advisor_vectors = embed([advisor.document for advisor in advisors])
    practices = [replace(p, embedding=v) for p, v in zip(practices, practice_vectors, strict=True)]
    advisors = [replace(a, embedding=v) for a, v in zip(advisors, advisor_vectors, strict=True)]
    matcher = Matcher(
        practices=PracticeIndex(practices, embedder=embed),
        advisors=AdvisorIndex(advisors, embedder=embed),
        weights=weights,
        embedder=embed,
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
    )


def _platform_rankings(
    matcher: Matcher, challenge: Challenge, vector: np.ndarray, targets: Sequence[str]
) -> tuple[list, list]:
    request = challenge.request
    if "practices" in targets and "advisors" in targets:
        practice_matches, advisor_matches = matcher.match(request, k=CUTOFF, vector=vector)
        return [m.practice.id for m in practice_matches], [m.advisor.id for m in advisor_matches]
    practices = advisors = []
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
    matcher = matcher or setup.matcher
    report = Report(
        split=split,
        practices=len(setup.dataset.practices),
        advisors=len(setup.dataset.advisors),
        generated=setup.generated,
        source=setup.source if setup.generated else "",
    )
    for challenge in setup.dataset.split(split):
        request = challenge.request
        rankings: dict[str, tuple[list, list]] = {}
        if "platform" in systems:
            rankings["platform"] = _platform_rankings(
                matcher, challenge, setup.vectors[challenge.id], targets
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
            for language in (challenge.language, "all"):
                if "practices" in targets:
                    report.tally(system, "practices", language).add(
                        practices, setup.right_practices(challenge), challenge.distractors
                    )
                if "advisors" in targets:
                    report.tally(system, "advisors", language).add(advisors, challenge.advisors)
    return report


def objective(report: Report, target: str) -> float:
    """What tuning maximises: the mean over languages of (hit@5 + MRR) / 2, so that no
    language is sacrificed to another."""
    by_language = report.tallies["platform"][target]
    values = [
        (by_language[code].hit5 + by_language[code].mrr) / 2 for code in LANGUAGES if code in by_language
    ]
    return sum(values) / len(values) if values else 0.0


PRACTICE_GRID = {
    "centring": (0.0, 0.5, 1.0),
    "lexical": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5),
    "theme": (0.0, 0.05, 0.1, 0.2, 0.3),
    "region": (0.0, 0.03, 0.08),
    "language": (0.0, 0.03, 0.08),
}
ADVISOR_GRID = {
    "advisor_centring": (0.0, 1.0),
    "advisor_lexical": (0.0, 0.05, 0.1, 0.3),
    "advisor_theme": (0.0, 0.1, 0.2, 0.3),
    "advisor_region": (0.0, 0.05),
    "advisor_language": (0.0, 0.05),
    "contact": (0.0, 0.5, 1.0, 1.5),
}


def without_themes(setup: Setup) -> Setup:
    """The same set as if no requester had tagged their challenge with themes."""
    challenges = [
        replace(challenge, request=replace(challenge.request, themes=frozenset()))
        for challenge in setup.dataset.challenges
    ]
    return replace(setup, dataset=replace(setup.dataset, challenges=challenges))


def _best(
    setups: Sequence[Setup], base: Weights, grid: dict[str, tuple[float, ...]], target: str, split: str
) -> tuple[float, Weights]:
    # One matcher per setup (their indexes differ), its weights swapped for each point.
    matchers = [copy.copy(setup.matcher) for setup in setups]
    best = (-1.0, base)
    for values in itertools.product(*grid.values()):
        weights = replace(base, **dict(zip(grid, values, strict=True)))
        reports = []
        for setup, matcher in zip(setups, matchers, strict=True):
            matcher.weights = weights
            reports.append(
                evaluate(setup, split=split, matcher=matcher, systems=("platform",), targets=(target,))
            )
        score = sum(objective(report, target) for report in reports) / len(reports)
        if score > best[0]:  # ties keep the earlier, simpler (smaller) weights
            best = (score, weights)
    return best


def tune(
    setup: Setup | Sequence[Setup], *, split: str = "dev", progress: Callable[[str], None] | None = None
) -> Weights:
    """Grid search of the weights on `split` (dev) of one or more setups (say, the set among
    demo practices and among synthetic ones), each with and without the requesters' themes (the
    objective is the mean over all): the practice weights first, then the advisor weights with
    those practice weights (an advisor's practices count through `contact`).
    The semantic weight stays 1 (only ratios matter); the load weight stays as set (it trades
    relevance for spreading, which this set cannot judge)."""
    given = [setup] if isinstance(setup, Setup) else list(setup)
    setups = [variant for each in given for variant in (each, without_themes(each))]
    start = given[0].matcher.weights
    practice_score, weights = _best(setups, start, PRACTICE_GRID, "practices", split)
    advisor_score, weights = _best(setups, weights, ADVISOR_GRID, "advisors", split)
    if progress:
        progress(f"best on {split}: practices {practice_score:.3f}, advisors {advisor_score:.3f}")
    return weights


def format_report(report: Report) -> list[str]:
    """One line per language: hit@5 and MRR of the platform and of BM25, practices then advisors."""
    extra = (
        f" + {report.generated} {report.source} practices and {report.generated} generated advisors"
        if report.generated
        else ""
    )
    pair = f"{'hit@5':>6}{'MRR':>6}"
    lines = [
        f"Split {report.split}: {report.practices} practices, {report.advisors} advisors{extra}",
        f"{'':9}  {'practices':^25}   {'advisors':^25}".rstrip(),
        f"{'':9}  {'platform':^12} {'bm25':^12}   {'platform':^12} {'bm25':^12}".rstrip(),
        f"{'lang':5}{'n':>4}  {pair} {pair}   {pair} {pair}",
    ]
    for language in (*LANGUAGES, "all"):
        platform = report.tallies.get("platform", {})
        baseline = report.tallies.get("bm25", {})
        if language not in platform.get("practices", {}):
            continue
        cells = []
        for target in TARGETS:
            for system in (platform, baseline):
                tally = system.get(target, {}).get(language, Tally())
                cells.append(f"{tally.hit5:6.2f}{tally.mrr:6.2f}")
        count = platform["practices"][language].count
        lines.append(f"{language:5}{count:>4}  {cells[0]} {cells[1]}   {cells[2]} {cells[3]}")
    distracted = report.tallies.get("platform", {}).get("practices", {}).get("all", Tally()).distracted
    baseline_distracted = report.tallies.get("bm25", {}).get("practices", {}).get("all", Tally()).distracted
    lines.append(
        f"A look-alike distractor ranked above every right practice: platform {distracted}, bm25 {baseline_distracted} challenges"
    )
    return lines
