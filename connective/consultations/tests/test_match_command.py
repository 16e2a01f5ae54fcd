"""`manage.py match`: the JSON shape, the member's rules, and clear errors."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.tests.factories import PracticeFactory

FLOOD_BIO = "I run the storm water drainage programme and flood protection for the city's old town."
TEXT = "Our old town floods every spring when storm water overflows the drains."


def match(*args: str) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def community(alice: MemberProfile) -> None:
    for name, languages in (("Farah Flood", ["ar"]), ("Bojan Drains", ["bs"]), ("Nora Nile", ["en", "ar"])):
        MemberProfileFactory.create(
            user__full_name=name,
            user__email=f"{name.split()[0].lower()}@example.org",
            bio=FLOOD_BIO,
            languages=languages,
            willing_to_advise=True,
        )
    alice.willing_to_advise = True
    alice.bio = FLOOD_BIO
    alice.save()
    PracticeFactory.create(
        title="Green drains against spring floods",
        slug="green-drains",
        external_id="CC-17",
        summary="Storm water gardens keep the old town dry when spring floods come.",
    )
    PracticeFactory.create(
        title="School meal kitchens", slug="school-meals", summary="Kitchens cook school meals."
    )
    PracticeFactory.create(title="Bus lanes", slug="bus-lanes", summary="Buses get their own lanes.")


def test_the_json_has_exactly_the_promised_fields_best_first_and_at_most_k_of_each(community: None) -> None:
    result = json.loads(match("--json", "--limit", "2", TEXT))

    assert set(result) == {"practices", "advisors"}
    assert len(result["practices"]) == 2
    assert len(result["advisors"]) == 2
    for practice in result["practices"]:
        assert set(practice) == {"external_id", "slug", "title", "language", "score", "reason"}
    for advisor in result["advisors"]:
        assert set(advisor) == {"email", "name", "score", "reason"}
    assert result["practices"][0] == {
        **result["practices"][0],
        "external_id": "CC-17",
        "slug": "green-drains",
        "language": "en",
    }
    scores = [p["score"] for p in result["practices"]]
    assert scores == sorted(scores, reverse=True)
    scores = [a["score"] for a in result["advisors"]]
    assert scores == sorted(scores, reverse=True)


def test_without_a_member_no_language_rule_applies(community: None) -> None:
    result = json.loads(match("--json", "--limit", "10", TEXT))

    assert {a["email"] for a in result["advisors"]} == {
        "farah@example.org",
        "bojan@example.org",
        "nora@example.org",
        "alice@example.org",
    }


def test_as_a_member_they_are_left_out_and_advisors_must_share_one_of_their_languages(
    community: None,
) -> None:
    # alice works in Arabic and English: Bojan (Bosnian only) cannot advise her.
    result = json.loads(match("--json", "--limit", "10", "--member", "ALICE@example.org", TEXT))

    assert {a["email"] for a in result["advisors"]} == {"farah@example.org", "nora@example.org"}


def test_an_unknown_member_is_a_clear_error(community: None) -> None:
    with pytest.raises(CommandError, match=re.escape("No member has the email address 'nobody@example.org'")):
        match("--member", "nobody@example.org", TEXT)


def test_a_missing_text_or_a_limit_below_one_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="Give the text to match"):
        match()
    with pytest.raises(CommandError, match="--limit must be 1 or more, not 0"):
        match("--limit", "0", TEXT)


def test_the_table_names_practices_and_advisors_with_their_reasons(community: None) -> None:
    table = match("--limit", "1", TEXT)

    assert "Practices" in table and "Advisors" in table
    assert "Green drains against spring floods" in table
    assert "Alice Haddad <alice@example.org>" in table
    assert "close in meaning" not in table
    assert "works on" in table or "expertise:" in table or "profile:" in table


def test_rebuild_stores_every_advisor_embedding_and_the_matching_snapshot_without_a_text(
    community: None, settings: Any, tmp_path: Path
) -> None:
    from connective.consultations.suggestions.models import AdvisorEmbedding
    from connective.consultations.suggestions.snapshot import snapshot_find

    settings.MATCHING_SNAPSHOT_DIR = tmp_path
    err = StringIO()
    call_command("match", "--rebuild", stdout=StringIO(), stderr=err)

    assert AdvisorEmbedding.objects.count() == 4
    assert "4 advisor embeddings written or removed" in err.getvalue()
    snapshot = snapshot_find()
    assert snapshot is not None and str(snapshot) in err.getvalue()


def test_the_reasons_speak_the_language_asked_for_or_the_members(
    community: None, alice: MemberProfile
) -> None:
    english = json.loads(match("--json", TEXT))["practices"][0]["reason"]
    french = json.loads(match("--json", "--language", "fr", TEXT))["practices"][0]["reason"]
    assert "practice from" in english
    assert "pratique de" in french
    alice.user.preferred_language = "fr"
    alice.user.save()
    as_alice = json.loads(match("--json", "--member", alice.user.email, TEXT))["practices"][0]["reason"]
    assert "pratique de" in as_alice
    with pytest.raises(CommandError, match="--language must be one of en, fr, ar, pt, not 'de'"):
        match("--language", "de", TEXT)
