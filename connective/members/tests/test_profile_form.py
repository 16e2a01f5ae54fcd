"""The profile form's pickers and visibility choices, as a browser without JavaScript sees them.

alice is a MENA member in Amman (Jordan) working in Arabic and English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from connective.accounts.models import User
from connective.core.models import Theme
from connective.core.tests.html_forms import read_form
from connective.members.choices import Visibility
from connective.members.models import MemberProfile
from connective.members.tests.factories import MemberProfileFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | MemberProfile], Client]
EDIT = reverse("members:profile_edit")


def test_the_form_submitted_as_shown_saves_the_same_profile(client_for: ClientFor, alice: MemberProfile):
    """No script: the language and theme pickers are plain selects that send what they show."""
    water = (
        Theme.objects.get(slug="water-supply") if Theme.objects.filter(slug="water-supply").exists() else None
    )
    water = water or ThemeFactory.create(slug="water-supply", name="Water supply")
    alice.expertise.set([water])
    alice.user.time_zone = "Asia/Amman"
    alice.user.save()
    client = client_for(alice)
    form = read_form(client.get(EDIT).content.decode(), containing="city")

    assert form.selects["languages"].multiple
    assert sorted(form.values["languages"]) == ["ar", "en"]
    assert form.values["expertise"] == [str(water.pk)]
    assert form.values["time_zone"] == ["Asia/Amman"]
    assert form.values["country"] == ["JO"]

    data: dict[str, Any] = dict(form.values)
    data["languages"] = [*data["languages"], "fr"]  # a person also picks French
    response = client.post(EDIT, data)

    assert response.status_code == 302
    alice.refresh_from_db()
    alice.user.refresh_from_db()
    assert set(alice.languages.values_list("code", flat=True)) == {"ar", "en", "fr"}
    assert list(alice.expertise.all()) == [water]
    assert (str(alice.country), alice.user.time_zone) == ("JO", "Asia/Amman")


def test_the_browsers_and_the_regions_languages_come_first(client_for: ClientFor, alice: MemberProfile):
    html = client_for(alice).get(EDIT, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()

    languages = read_form(html, containing="city").selects["languages"]
    common = [value for value, _label, group in languages.options if group == "Common choices"]
    assert common[:4] == ["de", "ar", "fr", "en"]  # the browser's, then the MENA region's
    rest = [value for value, _label, group in languages.options if group == "All languages"]
    assert "de" not in rest and "pt" in rest
    # Named in the page's language and in itself: the filter box finds it by either.
    assert ("ar", "Arabic (العربية)", "Common choices") in languages.options


def test_the_most_used_themes_come_first(client_for: ClientFor, alice: MemberProfile):
    popular = ThemeFactory.create(slug="zz-popular", name="Zz popular")
    for _ in range(3):
        MemberProfileFactory.create(expertise=[popular])

    expertise = read_form(client_for(alice).get(EDIT).content.decode(), containing="city").selects[
        "expertise"
    ]

    assert expertise.options[0][:1] == (str(popular.pk),)
    assert expertise.options[0][2] == "Most used"


def test_the_regions_countries_and_the_members_zones_come_first(client_for: ClientFor, alice: MemberProfile):
    form = read_form(client_for(alice).get(EDIT).content.decode(), containing="city")

    country = form.selects["country"]
    mena = [
        value
        for value, _label, group in country.options
        if group == "Countries of Middle East and North Africa"
    ]
    assert "JO" in mena and "TN" in mena and "FR" not in mena
    zones = form.selects["time_zone"]
    assert zones.options[1][0] == "Asia/Amman"
    assert re.fullmatch(r"Jordan — Amman \(UTC\+0[23]:00\)", zones.options[1][1])
    assert not [
        value for value, _label, _group in zones.options if value.startswith("Etc/") or value == "Factory"
    ]


def test_a_stored_zone_outside_the_list_still_shows_and_is_kept(client_for: ClientFor, alice: MemberProfile):
    alice.user.time_zone = "Etc/GMT-3"
    alice.user.save()
    client = client_for(alice)

    form = read_form(client.get(EDIT).content.decode(), containing="city")
    assert form.values["time_zone"] == ["Etc/GMT-3"]
    client.post(EDIT, dict(form.values))

    alice.user.refresh_from_db()
    assert alice.user.time_zone == "Etc/GMT-3"


def test_each_visibility_choice_sits_right_under_its_field(client_for: ClientFor, alice: MemberProfile):
    html = client_for(alice).get(EDIT).content.decode()
    order = read_form(html, containing="city").order

    for name in ("organisation", "position", "city", "bio"):
        assert order[order.index(f"id_{name}_visibility") - 1] == f"id_{name}"
    assert order.index("id_email_visibility") < order.index("id_organisation")
    assert "Who sees what" not in html


def test_a_visibility_change_is_saved_from_under_its_field(client_for: ClientFor, alice: MemberProfile):
    client = client_for(alice)
    data: dict[str, Any] = dict(read_form(client.get(EDIT).content.decode(), containing="city").values)
    data["city_visibility"] = str(Visibility.COORDINATORS)

    assert client.post(EDIT, data).status_code == 302
    alice.refresh_from_db()
    assert alice.city_visibility == Visibility.COORDINATORS


def test_the_edit_page_runs_the_same_queries_however_many_languages_themes_and_members(
    client_for: ClientFor, alice: MemberProfile, django_assert_num_queries: Any
):
    client = client_for(alice)
    client.get(EDIT)  # sessions and caches warm
    for index in range(5):
        MemberProfileFactory.create(expertise=[ThemeFactory.create()], languages=["fr", "de"])
        ThemeFactory.create(slug=f"extra-{index}")
    alice.expertise.set(Theme.objects.all()[:4])

    # The session's user, the viewer's roles, the profile, its languages and its expertise
    # (prefetched), the languages and the themes with their use counts (one query each).
    with django_assert_num_queries(7):
        client.get(EDIT)
