"""The live suggestions endpoint, per persona: members see names and reasons, nobody else sees anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory
from connective.practices.tests.factories import PracticeFactory

FLOOD_BIO = "I run the storm water drainage programme and flood protection for the city's old town."
DRAFT = {"title": "Flooding in the old town", "description": "Our streets flood every spring after storms."}
URL = reverse("consultations:suggest")


@pytest.fixture
def farah(db: None) -> MemberProfile:
    return MemberProfileFactory.create(
        user__full_name="Farah Flood",
        user__email="farah.secret@example.org",
        bio=FLOOD_BIO,
        languages=["ar", "en"],
        willing_to_advise=True,
        country="BA",
        city="Sarajevo",
    )


@pytest.fixture
def practice(db: None) -> None:
    PracticeFactory.create(
        title="Green drains against spring floods",
        slug="green-drains",
        summary="Storm water gardens keep the old town dry when spring floods come.",
    )


def test_a_member_sees_advisors_by_name_and_reason_and_practices_as_they_type(
    client_for: Callable[..., Client], alice: MemberProfile, farah: MemberProfile, practice: None
) -> None:
    response = client_for(alice).post(URL, DRAFT)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Farah Flood" in page
    assert "speaks Arabic and English" in page
    assert "Green drains against spring floods" in page
    assert reverse("practices:detail", args=["green-drains"]) in page


def test_the_partial_never_shows_an_advisors_email_or_other_private_fields(
    client_for: Callable[..., Client], alice: MemberProfile, farah: MemberProfile, practice: None
) -> None:
    page = client_for(alice).get(URL, DRAFT).content.decode()

    assert "Farah Flood" in page
    for private in ("farah.secret@example.org", farah.organisation, "Sarajevo", farah.position, FLOOD_BIO):
        assert private not in page


def test_reasons_are_in_the_viewers_language(
    client_for: Callable[..., Client], alice: MemberProfile, farah: MemberProfile
) -> None:
    page = client_for(alice).post(URL, DRAFT, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Farah Flood" in page
    assert "parle" in page
    assert "speaks" not in page


def test_the_draft_languages_decide_who_can_advise_and_default_to_the_members_own(
    client_for: Callable[..., Client], charlie: MemberProfile, farah: MemberProfile
) -> None:
    client = client_for(charlie)  # Bosnian and English: shares English with Farah

    assert "Farah Flood" in client.post(URL, DRAFT).content.decode()
    assert "Farah Flood" not in client.post(URL, {**DRAFT, "languages": ["bs"]}).content.decode()


def test_a_member_is_never_suggested_to_themselves(
    client_for: Callable[..., Client], farah: MemberProfile
) -> None:
    assert "Farah Flood" not in client_for(farah).post(URL, DRAFT).content.decode()


def test_an_empty_draft_shows_nothing(
    client_for: Callable[..., Client], alice: MemberProfile, farah: MemberProfile
) -> None:
    response = client_for(alice).post(URL, {"title": "", "description": ""})

    assert response.status_code == 200
    assert "Farah Flood" not in response.content.decode()


def test_a_visitor_gets_nothing(visitor: Client, farah: MemberProfile) -> None:
    response = visitor.post(URL, DRAFT)

    assert response.status_code == 404
    assert "Farah Flood" not in response.content.decode()


def test_a_member_awaiting_approval_gets_nothing(
    client_for: Callable[..., Client], farah: MemberProfile
) -> None:
    pending = MemberProfileFactory.create(status=MembershipStatus.PENDING)

    response = client_for(pending).post(URL, DRAFT)

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["dina", "sam"])
def test_coordinators_and_staff_without_a_profile_get_nothing(
    client_for: Callable[..., Client], persona: str, request: pytest.FixtureRequest, farah: MemberProfile
) -> None:
    user: User = request.getfixturevalue(persona)

    response = client_for(user).post(URL, DRAFT)

    assert response.status_code == 404


def test_the_request_form_asks_for_suggestions_as_the_member_types(
    client_for: Callable[..., Client], alice: MemberProfile
) -> None:
    page = client_for(alice).get(reverse("consultations:create")).content.decode()

    assert f'hx-post="{URL}"' in page
    assert 'hx-trigger="keyup changed delay:600ms, change"' in page
    assert 'id="suggestions"' in page


@pytest.mark.parametrize("count", [10, 200])
def test_the_endpoint_takes_the_same_queries_whatever_the_number_of_advisors(
    client_for: Callable[..., Client],
    alice: MemberProfile,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(count // 10):
        MemberProfileFactory.create_batch(10, bio=FLOOD_BIO, willing_to_advise=True)
    client = client_for(alice)
    client.post(URL, DRAFT)  # warms the index

    # 1. user 2. viewer (profile and coordinator roles in one query) 3. the member's profile
    # 4. their languages 5. the index stamp 6. the advisors found, still available? (no practice
    # was found here, so none is checked). The session and the legal documents' versions come
    # from the cache.
    with django_assert_num_queries(6):
        response = client.post(URL, DRAFT)
    assert response.content.decode().count("<li>") == 5


def test_themes_the_text_is_about_are_offered_as_labels_of_the_forms_theme_boxes(
    client_for: Callable[..., Client], alice: MemberProfile, farah: MemberProfile, practice: None
) -> None:
    client = client_for(alice)
    water = {
        "title": "Half our water is lost",
        "description": "Leaking pipes and illegal connections in the water network.",
    }

    page = client.post(URL, water).content.decode()
    form = client.get(reverse("consultations:create")).content.decode()

    assert 'for="id_themes_water-supply"' in page
    assert 'id="id_themes_water-supply"' in form
    # Once the requester ticks themes, none is suggested any more.
    from connective.core.models import Theme

    ticked = {**water, "themes": [Theme.objects.get(slug="water-supply").pk]}
    assert "id_themes_" not in client.post(URL, ticked).content.decode()
