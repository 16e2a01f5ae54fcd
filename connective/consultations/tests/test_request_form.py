"""The request form's pickers, with and without JavaScript's help.

alice is a MENA member in Amman (Jordan) working in Arabic and English.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.consultations.models import ConsultationRequest
from connective.core.tests.html_forms import read_form
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory, ThemeFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("consultations:create")


def test_the_request_submitted_as_shown_keeps_the_themes_and_languages_chosen(
    client_for: Callable[..., Client], alice: MemberProfile
) -> None:
    water = ThemeFactory.create(slug="water-supply", name="Water supply")
    client = client_for(alice)
    form = read_form(client.get(CREATE).content.decode(), containing="languages")

    # The theme boxes keep their ids, so a suggested theme's <label for> ticks one.
    assert form.checkboxes["themes"][f"id_themes_{water.slug}"] == str(water.pk)
    assert sorted(form.values["languages"]) == ["ar", "en"]  # the member's, preselected
    data: dict[str, Any] = dict(form.values)
    data.update(title="Water losses", description="Half our water is lost.", themes=[str(water.pk)])

    response = client.post(CREATE, data)

    assert response.status_code == 302
    created = ConsultationRequest.objects.get(title="Water losses")
    assert list(created.themes.all()) == [water]
    assert set(created.languages.values_list("code", flat=True)) == {"ar", "en"}
    assert str(created.country) == "JO"


def test_the_theme_boxes_wait_in_a_collapsed_list_with_the_most_used_first(
    client_for: Callable[..., Client], alice: MemberProfile
) -> None:
    popular = ThemeFactory.create(slug="zz-popular", name="Zz popular")
    MemberProfileFactory.create_batch(2, expertise=[popular])

    page = client_for(alice).get(CREATE).content.decode()

    boxes = page[page.index('<details class="picker-boxes" id="id_themes"') :]
    boxes = boxes[: boxes.index("</details>")]
    assert "<details " in boxes and " open" not in boxes.split(">")[0]
    assert boxes.index("Most used") < boxes.index('id="id_themes_zz-popular"') < boxes.index("All themes")


def test_the_members_region_and_languages_come_first(
    client_for: Callable[..., Client], alice: MemberProfile
) -> None:
    page = client_for(alice).get(CREATE, HTTP_ACCEPT_LANGUAGE="fr-TN,fr;q=0.9").content.decode()

    form = read_form(page, containing="languages")
    options = form.selects["languages"].options  # the page is in the browser's language
    common = [value for value, _label, group in options if group == options[0][2]]
    assert common[:3] == ["fr", "ar", "en"]
    country = form.selects["country"]
    assert country.options[1][2] == "Pays de la région Moyen-Orient et Afrique du Nord"
    assert country.selected == ["JO"]


def test_the_request_form_runs_the_same_queries_however_many_themes_and_members(
    client_for: Callable[..., Client], alice: MemberProfile, django_assert_num_queries: Any
) -> None:
    client = client_for(alice)
    client.get(CREATE)
    for index in range(5):
        MemberProfileFactory.create(expertise=[ThemeFactory.create(slug=f"extra-{index}")], languages=["fr"])

    # The session's user, the viewer's roles, the member's profile and their languages (the
    # form's initial values), the themes with their use counts, the languages.
    with django_assert_num_queries(6):
        client.get(CREATE)
