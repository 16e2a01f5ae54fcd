"""Relevance and reasons with the real multilingual model (only a handful of texts embedded)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from connective.consultations.matching import (
    AdvisorCandidate,
    BM25Baseline,
    BM25Index,
    Labels,
    Matcher,
    PracticeCandidate,
    Request,
)
from connective.consultations.matching.reasons import FSI, PDI
from connective.consultations.matching.text import tokenize, tokenize_plain

PRACTICES = [
    PracticeCandidate(
        id=1, slug="nrw-zarqa", title="Cutting non-revenue water with district metered areas", language="en",
        text="Bulk meters, night-flow analysis and leak detection crews halved the water lost in the network.",
        themes=frozenset({"water-supply"}), region="mena", place="Zarqa, Jordan",
    ),
    PracticeCandidate(
        id=2, slug="flood-warning", title="Flood early warning for riverside districts", language="en",
        text="Volunteers read river gauges and warn residents by SMS before the water rises.",
        themes=frozenset({"disaster-risk-management"}), region="ssa", place="Saint-Louis, Senegal",
    ),
    PracticeCandidate(
        id=3, slug="brt", title="Bus rapid transit corridor", language="en",
        text="Dedicated bus lanes and smart cards halved commuting times.",
        themes=frozenset({"urban-mobility"}), region="ssa", place="Dar es Salaam, Tanzania",
    ),
]  # fmt: skip

ADVISORS = [
    AdvisorCandidate(
        id="rania", name="Rania Haddad", email="rania@example.org", languages=frozenset({"ar", "en"}),
        themes=frozenset({"water-supply"}), region="mena", bio="Engineer at a water utility.",
        past_topics=("non-revenue water in Zarqa",),
    ),
    AdvisorCandidate(
        id="halima", name="Halima Mwakyusa", email="halima@example.org", languages=frozenset({"en", "sw"}),
        themes=frozenset({"urban-mobility"}), region="ssa", bio="Transport planner at the bus agency.",
        practice_titles=("Bus rapid transit corridor",),
    ),
]  # fmt: skip

LABELS = Labels(themes={"water-supply": "water supply", "urban-mobility": "urban mobility"})


def plain(reason: str) -> str:
    """A reason without the isolates around member-written words (see `reasons.isolate`)."""
    return reason.replace(FSI, "").replace(PDI, "")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(practices=PRACTICES, advisors=ADVISORS, labels=LABELS)


def test_a_french_request_finds_the_english_practice_that_answers_it(matcher: Matcher) -> None:
    request = Request(
        title="Notre réseau perd la moitié de son eau potable",
        description="Fuites, branchements clandestins et compteurs en panne : la moitié de l'eau produite n'est pas facturée.",
        languages=("fr",),
    )
    assert matcher.match_practices(request, k=3)[0].practice.id == 1


def test_an_arabic_request_without_themes_finds_the_bus_practice_and_the_bus_planner(
    matcher: Matcher,
) -> None:
    request = Request(
        title="ساعات في الحافلات الصغيرة كل يوم",
        description="يقضي الموظفون ساعتين في الزحام داخل حافلات صغيرة مزدحمة، ونفكر في خط حافلات سريعة بمسار مخصص.",
        languages=("ar", "en"),
    )
    practices, advisors = matcher.match(request, k=2)
    assert practices[0].practice.id == 3
    assert advisors[0].advisor.id == "halima"


def test_practice_reasons_name_the_shared_themes_the_place_and_the_language(matcher: Matcher) -> None:
    request = Request(
        title="Water losses", description="Our network leaks.", themes=frozenset({"water-supply", "sanitation"}),
        languages=("en",),
    )  # fmt: skip
    best = matcher.match_practices(request, k=1)[0]
    assert best.practice.id == 1
    assert best.signals.shared_themes == ("water-supply",)
    assert "shares themes: water supply" in best.reason
    assert "sanitation" not in best.reason
    assert "practice from Zarqa, Jordan in English" in plain(best.reason)


def test_advisor_reasons_name_the_past_consultation_and_only_the_languages_really_shared(
    matcher: Matcher,
) -> None:
    request = Request(
        title="Non-revenue water", description="We lose water in our network.", themes=frozenset({"water-supply"}),
        languages=("fr", "en"), region="mena",
    )  # fmt: skip
    best = matcher.match_advisors(request, k=1)[0]
    assert best.advisor.id == "rania"
    assert best.signals.shared_languages == ("en",)
    assert "advised on non-revenue water in Zarqa" in plain(best.reason)
    assert "speaks English" in best.reason
    assert "French" not in best.reason and "Arabic" not in best.reason
    assert "expertise: water supply" in best.reason


def test_the_region_is_named_only_when_it_counts_in_the_ranking(matcher: Matcher) -> None:
    request = Request(
        title="Non-revenue water", description="We lose water.", languages=("en",), region="mena"
    )
    assert matcher.weights.advisor_region == 0  # as tuned: the region did not help on the dev split
    assert "region" not in matcher.match_advisors(request, k=1)[0].reason
    weighted = Matcher(
        practices=matcher.practices,
        advisors=matcher.advisors,
        weights=replace(matcher.weights, advisor_region=0.05),
        labels=LABELS,
    )
    assert "works in your region" in weighted.match_advisors(request, k=1)[0].reason


def test_a_reason_leaves_out_signals_that_did_not_fire(matcher: Matcher) -> None:
    request = Request(
        title="Bus lanes", description="Commuters wait for hours.", languages=("en",), region="europe"
    )
    best = matcher.match_advisors(request, k=1)[0]
    assert best.advisor.id == "halima"
    assert "expertise" not in best.reason
    assert "region" not in best.reason


def test_the_analyser_folds_accents_and_normalises_arabic_spelling() -> None:
    assert tokenize("Réseaux d'ÉLECTRICITÉ") == tokenize("reseau d'electricite")
    assert tokenize("Straße") == tokenize("strasse")
    # Diacritics, tatweel, alef with hamza and the article: the same word.
    assert tokenize("المِيـاه") == tokenize("مياه")
    assert tokenize("إدارة") == tokenize("ادارة")
    assert tokenize("مدرسة") == tokenize("مدرسه")
    assert tokenize("les pertes et la distribution") == ["pert", "distribution"]


def test_the_baseline_analyser_only_lowercases() -> None:
    assert tokenize_plain("Réseaux d'EAU") == ["réseaux", "d", "eau"]


def test_bm25_scores_a_tiny_corpus_as_the_formula_says() -> None:
    documents = ["water water leak", "flood water", "bus lane"]
    index = BM25Index(documents, tokenizer=tokenize_plain, k1=1.2, b=0.75)
    average = (3 + 2 + 2) / 3

    def weight(tf: int, length: int, df: int) -> float:
        idf = math.log(1 + (3 - df + 0.5) / (df + 0.5))
        return idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * length / average))

    scores = index.scores("water leak")
    assert scores[0] == pytest.approx(weight(2, 3, 2) + weight(1, 3, 1), rel=1e-5)
    assert scores[1] == pytest.approx(weight(1, 2, 2), rel=1e-5)
    assert scores[2] == 0


def test_the_bm25_baseline_ranks_by_shared_words_and_leaves_out_documents_sharing_none() -> None:
    baseline = BM25Baseline(["a", "b", "c"], ["water water leak", "flood water", "bus lane"])
    assert [item for item, _score in baseline.rank("leak in the water network", k=3)] == ["a", "b"]
    assert baseline.rank("Réseau d'eau", k=3) == []


def test_the_bm25_baseline_needs_one_text_per_id() -> None:
    with pytest.raises(ValueError, match="one text per id"):
        BM25Baseline(["a", "b"], ["only one"])


def test_being_contact_of_the_practice_that_answers_counts_and_is_named_in_the_reason() -> None:
    generalist = AdvisorCandidate(
        id="generalist", name="Sam Generalist", email="sam@example.org", languages=frozenset({"en"}),
        themes=frozenset({"water-supply"}), bio="Municipal officer working on water supply.",
    )  # fmt: skip
    contact = AdvisorCandidate(
        id="contact", name="Grace Contact", email="grace@example.org", languages=frozenset({"en"}),
        bio="Engineer.", practice_ids=(1,), practice_titles=(PRACTICES[0].title,),
    )  # fmt: skip
    request = Request(title="Where does our water go?", description="Half the water we pump is never billed.")
    with_link = Matcher.build(practices=PRACTICES, advisors=[generalist, contact], labels=LABELS)
    linked = {m.advisor.id: m for m in with_link.match_advisors(request, k=2)}
    assert f"contact for the practice “{PRACTICES[0].title}” (Zarqa, Jordan)" in plain(
        linked["contact"].reason
    )

    # Without the practice's weight (same texts), the contact loses what the link gave them.
    unlinked = Matcher(
        practices=with_link.practices,
        advisors=with_link.advisors,
        weights=replace(with_link.weights, practice=0.0),
    )
    assert {m.advisor.id: m.score for m in unlinked.match_advisors(request, k=2)}["contact"] < linked[
        "contact"
    ].score


def test_with_a_lexical_weight_the_shared_words_count_and_are_named(matcher: Matcher) -> None:
    request = Request(
        title="Smart cards for the buses", description="Ticketing on our corridor.", languages=("en",)
    )
    lexical = Matcher(
        practices=matcher.practices,
        advisors=matcher.advisors,
        weights=replace(matcher.weights, lexical=0.5),
        labels=LABELS,
    )
    plain, weighted = matcher.match_practices(request, k=1)[0], lexical.match_practices(request, k=1)[0]
    assert plain.practice.id == weighted.practice.id == 3
    assert weighted.score > plain.score
    assert "mentions corridor, smart, cards" in weighted.reason
    assert "mentions" not in plain.reason
