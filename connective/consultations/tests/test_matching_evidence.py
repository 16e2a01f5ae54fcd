"""Advisors ranked by their own evidence, with the real multilingual model: small cases the
pure scorer must get right whatever the weights' fine tuning (the kinds of failure seen when
the first matcher met the demo community)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from connective.consultations.evaluation.runner import theme_names
from connective.consultations.matching import AdvisorCandidate, Matcher, PracticeCandidate, Request, Weights
from connective.consultations.matching.reasons import FSI, PDI

LEAKS = Request(
    title="Half of our drinking water never reaches a bill",
    description="Old pipes leak, there are illegal connections and broken meters; we do not know where the losses are.",
    languages=("en",),
)  # fmt: skip

PRACTICES = [
    PracticeCandidate(
        id="nrw", slug="nrw", title="District metered areas cut non-revenue water", language="en",
        text="Bulk meters, night-flow analysis and leak detection crews halved the water lost in the network.",
        themes=frozenset({"water-supply"}), place="Zarqa, Jordan",
    ),
    PracticeCandidate(
        id="festival", slug="festival", title="A street festival revives the old town", language="en",
        text="Music, food stalls and guided walks bring visitors back to the historic centre every summer.",
        themes=frozenset({"culture-and-heritage"}), place="Tunis, Tunisia",
    ),
    PracticeCandidate(
        id="brt", slug="brt", title="Bus rapid transit corridor", language="en",
        text="Dedicated bus lanes and smart cards halved commuting times.",
        themes=frozenset({"urban-mobility"}), place="Dar es Salaam, Tanzania",
    ),
]  # fmt: skip

SPECIFIC = "Engineer at the water utility; I lead district metering and leak detection crews."
GENERIC = (
    "Urban development professional with twenty years of experience in water, waste, mobility, energy, "
    "housing, governance, participation, climate adaptation, finance and digital services for cities."
)
# A population of ordinary, varied profiles, so that hub reduction has something to measure from.
OTHERS = [
    "Transport planner for the city's bus network.",
    "I run the municipal library and its reading programmes.",
    "Architect restoring the medina's historic houses.",
    "Tax officer modernising the property register.",
    "Youth worker running after-school football clubs.",
    "Nurse coordinating vaccination campaigns in the districts.",
    "Solid waste engineer; I set up door-to-door collection rounds.",
    "Community organiser for the participatory budget.",
    "Energy manager for municipal buildings and street lighting.",
    "Urban planner drafting the new land use plan.",
    "Social worker supporting newly arrived families.",
    "Flood risk officer running the river early warning system.",
    "Procurement officer for the public works department.",
    "Park manager planting street trees and pocket parks.",
    "IT lead of the municipality's online service portal.",
    "Economist supporting small businesses and street vendors.",
    "Housing officer managing social rental flats.",
    "Heritage curator of the city museum.",
    "Sanitation engineer for faecal sludge treatment.",
    "Gender officer running a women's safety audit.",
    "Teacher trainer for school road safety.",
    "Press officer of the city council.",
]


def person(id: str, bio: str, **fields: object) -> AdvisorCandidate:
    return AdvisorCandidate(id=id, name=id.title(), email=f"{id}@example.org", languages=frozenset({"en"}),
                            bio=bio, **fields)  # type: ignore[arg-type]  # fmt: skip


POPULATION = [person(f"other{n}", bio) for n, bio in enumerate(OTHERS)]


@pytest.fixture(scope="module")
def theme_labels() -> dict[str, tuple[str, ...]]:
    return theme_names()


def ranked(advisors: list[AdvisorCandidate], request: Request = LEAKS, **build: object) -> list[object]:
    matcher = Matcher.build(practices=PRACTICES, advisors=advisors, **build)  # type: ignore[arg-type]
    return [match.advisor.id for match in matcher.match_advisors(request, k=len(advisors))]


@pytest.mark.parametrize("population", [[], POPULATION], ids=["alone", "among others"])
def test_a_generic_bio_never_outranks_a_specific_one(population: list[AdvisorCandidate]) -> None:
    order = ranked([person("generic", GENERIC), person("specific", SPECIFIC), *population])
    assert order.index("specific") < order.index("generic")


@pytest.mark.parametrize("population", [[], POPULATION], ids=["alone", "among others"])
def test_the_contact_of_an_unrelated_practice_never_outranks_a_matching_expert(
    population: list[AdvisorCandidate],
) -> None:
    grant_officer = person("grant", "Finance officer; I signed the grants of the old town festival.",
                           practice_ids=("festival",))  # fmt: skip
    expert = person("expert", SPECIFIC)
    order = ranked([grant_officer, expert, *population])
    assert order.index("expert") < order.index("grant")


def test_the_contact_of_the_practice_that_answers_counts_by_its_fit_and_is_named_with_its_city() -> None:
    contact = person("contact", "Engineer.", practice_ids=("nrw",))
    bystander = person("bystander", "Engineer.", practice_ids=("brt",))
    matcher = Matcher.build(practices=PRACTICES, advisors=[contact, bystander, *POPULATION])
    best = matcher.match_advisors(LEAKS, k=3)[0]
    assert best.advisor.id == "contact"
    assert (
        f"contact for the practice “{FSI}{PRACTICES[0].title}{PDI}” ({FSI}Zarqa, Jordan{PDI})" in best.reason
    )
    scores = {m.advisor.id: m.score for m in matcher.match_advisors(LEAKS, k=30)}
    assert scores["contact"] > scores["bystander"]


def test_an_expert_with_no_practice_is_found_by_her_bio_and_the_reason_quotes_its_closest_sentence() -> None:
    amira = person(
        "amira",
        "I grew up in Irbid and studied in Amman. At the water utility I lead district metering and leak "
        "detection crews. I also coach a women's football team.",
    )
    matcher = Matcher.build(practices=PRACTICES, advisors=[amira, *POPULATION])
    best = matcher.match_advisors(LEAKS, k=1)[0]
    assert best.advisor.id == "amira"
    assert "leak detection" in best.reason and "football" not in best.reason
    assert "close in meaning" not in best.reason


def test_a_past_consultation_on_the_topic_is_evidence_and_named() -> None:
    nadia = person("nadia", "", past_topics=("Finding leaks in an old water network", "A school garden"))
    matcher = Matcher.build(practices=PRACTICES, advisors=[nadia, *POPULATION])
    best = matcher.match_advisors(LEAKS, k=1)[0]
    assert best.advisor.id == "nadia"
    assert f"advised on {FSI}Finding leaks in an old water network{PDI}" in best.reason


def test_the_author_of_the_answering_practice_is_credited_as_its_author() -> None:
    author = person("author", "Engineer.", authored_ids=("nrw",))
    best = Matcher.build(practices=PRACTICES, advisors=[author, *POPULATION]).match_advisors(LEAKS, k=1)[0]
    assert best.advisor.id == "author"
    assert f"wrote the practice “{FSI}{PRACTICES[0].title}{PDI}”" in best.reason


def test_themes_are_inferred_from_a_request_in_any_language(theme_labels: dict[str, tuple[str, ...]]) -> None:
    matcher = Matcher.build(practices=PRACTICES, advisors=POPULATION, theme_names=theme_labels)
    arabic = Request(title="نصف المياه تضيع قبل أن تصل إلى المشتركين",
                     description="الأنابيب قديمة وهناك توصيلات عشوائية كثيرة وعدادات معطلة.")  # fmt: skip
    french = Request(
        title="Les bus sont bondés", description="Les trajets domicile-travail durent deux heures."
    )
    assert matcher.infer_themes(arabic)[0].slug == "water-supply"
    assert matcher.infer_themes(french)[0].slug == "urban-mobility"
    assert matcher.infer_themes(Request(title="", description="")) == []


def test_inferred_themes_rank_and_are_named_as_inferred_when_none_were_ticked(
    theme_labels: dict[str, tuple[str, ...]],
) -> None:
    # The tuned weight of inferred themes for practices may be 0; the mechanism is what is tested.
    weights = replace(Weights(), inferred_theme=0.3)
    matcher = Matcher.build(
        practices=PRACTICES, advisors=POPULATION, theme_names=theme_labels, weights=weights
    )
    best = matcher.match_practices(LEAKS, k=1)[0]
    assert best.practice.id == "nrw"
    assert best.signals.themes_inferred and "water-supply" in best.signals.shared_themes
    assert "about water supply" in best.reason.lower()
