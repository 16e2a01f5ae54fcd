"""The evaluation set shipped in `data/`: practices, advisors and challenges with their answers.

Two sets: `v1` (data/, the first, 65 challenges) and `v2` (data/v2/, 120 harder challenges
whose advisors are labelled from their expertise and bios; see its README). Challenges are
split deterministically into a dev half (used to choose the weights) and a test half
(reported): within each language, in id order, the 1st, 3rd, 5th ... are dev and the 2nd,
4th ... are test.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django_countries import countries

from connective.consultations.matching import AdvisorCandidate, PracticeCandidate, Request
from connective.core.regions import region_for_country

DATA_DIR = Path(__file__).resolve().parent / "data"
SETS = {"v1": DATA_DIR, "v2": DATA_DIR / "v2"}
LANGUAGES = ("ar", "fr", "en", "pt", "de")


class DatasetError(ValueError):
    """The evaluation data contradicts itself (unknown id, ineligible expected advisor ...)."""


@dataclass(frozen=True)
class Challenge:
    id: str
    language: str
    request: Request
    practices: frozenset[str]
    advisors: frozenset[str]
    distractors: frozenset[str]
    # Keys of the demo measures (`practices.demo_catalogue.MEASURES`) that also answer the
    # challenge: in a mix of demo practices and members, the practices of those measures and
    # the members who worked on them count as right answers too.
    demo_answers: frozenset[str] = frozenset()
    # v2: plain, short, vague, two-themes, mixed-language or typos.
    kind: str = "plain"


@dataclass(frozen=True)
class Dataset:
    practices: list[PracticeCandidate]
    advisors: list[AdvisorCandidate]
    challenges: list[Challenge]

    def split(self, name: str) -> list[Challenge]:
        """'dev', 'test' or 'all' challenges."""
        if name == "all":
            return list(self.challenges)
        if name not in ("dev", "test"):
            raise ValueError(f"Unknown split {name!r}: use dev, test or all.")
        chosen = []
        for language in sorted({challenge.language for challenge in self.challenges}):
            ordered = sorted((c for c in self.challenges if c.language == language), key=lambda c: c.id)
            chosen += ordered[0::2] if name == "dev" else ordered[1::2]
        return chosen


def _place(city: str, country: str) -> str:
    return f"{city}, {countries.name(country) or country}"


def practice_from_row(row: dict[str, Any]) -> PracticeCandidate:
    text = "\n".join(row[field] for field in ("summary", "challenge", "approach") if row.get(field))
    return PracticeCandidate(
        id=row["id"],
        slug=row.get("slug") or row["id"],
        title=row["title"],
        language=row["language"],
        text=text,
        themes=frozenset(row["themes"]),
        region=str(region_for_country(row["country"])),
        place=_place(row["city"], row["country"]),
    )


def advisor_from_row(row: dict[str, Any], practices: dict[str, dict[str, Any]]) -> AdvisorCandidate:
    try:
        contact_for = [practices[practice_id] for practice_id in row.get("practices", [])]
    except KeyError as error:
        raise DatasetError(f"Advisor {row['id']} is contact for unknown practice {error}.") from None
    unknown = [practice_id for practice_id in row.get("authored", []) if practice_id not in practices]
    if unknown:
        raise DatasetError(f"Advisor {row['id']} is author of unknown practice {unknown[0]!r}.")
    return AdvisorCandidate(
        id=row["id"],
        name=row["name"],
        email=row.get("email") or f"{row['id']}@example.org",
        languages=frozenset(row["languages"]),
        themes=frozenset(row["themes"]),
        region=str(region_for_country(row["country"])),
        bio=row.get("bio", ""),
        practice_ids=tuple(practice["id"] for practice in contact_for),
        practice_titles=tuple(practice["title"] for practice in contact_for),
        practice_texts=tuple(practice["summary"] for practice in contact_for),
        authored_ids=tuple(row.get("authored", [])),
        past_topics=tuple(row.get("past_topics", [])),
        open_consultations=row.get("open", 0),
        limit=row.get("limit", 3),
        willing=row.get("willing", True),
        active=row.get("active", True),
        place=countries.name(row["country"]) or row["country"],
    )


def eligible(advisor: AdvisorCandidate, request: Request) -> bool:
    """The hard rules, restated plainly (the index applies them with arrays)."""
    return (
        advisor.willing
        and advisor.active
        and advisor.open_consultations < advisor.limit
        and advisor.id != request.requester_id
        and (not request.languages or bool(advisor.languages & set(request.languages)))
    )


def load(data_dir: Path | str = DATA_DIR) -> Dataset:
    """Read and check an evaluation set: a folder, or the name of a shipped set ("v1", "v2")."""
    if isinstance(data_dir, str):
        if data_dir not in SETS:
            raise DatasetError(f"Unknown evaluation set {data_dir!r}: use {' or '.join(SETS)}.")
        data_dir = SETS[data_dir]
    practice_rows = json.loads((data_dir / "practices.json").read_text(encoding="utf-8"))
    advisor_rows = json.loads((data_dir / "advisors.json").read_text(encoding="utf-8"))
    challenge_rows = json.loads((data_dir / "challenges.json").read_text(encoding="utf-8"))
    by_id = {row["id"]: row for row in practice_rows}
    practices = [practice_from_row(row) for row in practice_rows]
    advisors = [advisor_from_row(row, by_id) for row in advisor_rows]
    return Dataset(
        practices=practices,
        advisors=advisors,
        challenges=challenges_from_rows(challenge_rows, practices, advisors),
    )


def challenges_from_rows(
    rows: Sequence[dict[str, Any]],
    practices: Sequence[PracticeCandidate],
    advisors: Sequence[AdvisorCandidate],
) -> list[Challenge]:
    practice_ids = {practice.id for practice in practices}
    advisor_by_id = {advisor.id: advisor for advisor in advisors}
    challenges = []
    for row in rows:
        request = Request(
            title=row["title"],
            description=row["description"],
            tried=row.get("tried", ""),
            themes=frozenset(row.get("themes", [])),
            region=row.get("region", ""),
            languages=tuple(row.get("languages", [])),
            requester_id=row.get("requester"),
        )
        expected_practices = frozenset(row["practices"])
        unknown = (expected_practices | set(row.get("distractors", []))) - practice_ids
        if unknown:
            raise DatasetError(
                f"Challenge {row['id']} names unknown practices: {', '.join(sorted(unknown))}."
            )
        from connective.practices.demo_catalogue import LEGACY, MEASURES

        # The first set named a demo measure by its theme, when each theme had one measure.
        demo_answers = {LEGACY.get(key, key) for key in row.get("demo_answers", [])}
        unknown_measures = demo_answers - set(MEASURES)
        if unknown_measures:
            raise DatasetError(
                f"Challenge {row['id']} names demo measures that do not exist: {', '.join(sorted(unknown_measures))}."
            )
        for advisor_id in row["advisors"]:
            advisor = advisor_by_id.get(advisor_id)
            if advisor is None:
                raise DatasetError(f"Challenge {row['id']} names unknown advisor {advisor_id}.")
            if not eligible(advisor, request):
                raise DatasetError(
                    f"Challenge {row['id']} expects advisor {advisor_id}, who may not be asked."
                )
        challenges.append(
            Challenge(
                id=row["id"],
                language=row["language"],
                request=request,
                practices=expected_practices,
                advisors=frozenset(row["advisors"]),
                distractors=frozenset(row.get("distractors", [])),
                demo_answers=frozenset(demo_answers),
                kind=row.get("kind", "plain"),
            )
        )
    return challenges
