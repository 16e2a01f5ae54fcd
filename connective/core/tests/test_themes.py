"""The theme taxonomy: the data migration, finding, adding and merging themes, the staff pages.

Core sits below accounts and members, so these tests reach members' profiles through the
persona fixtures and reverse relations (`theme.experts`), never by importing those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from connective.core.errors import NotAllowed
from connective.core.models import AuditEvent, Theme
from connective.core.selectors import theme_get_by_name, theme_list_with_usage
from connective.core.services import theme_create, theme_merge

pytestmark = pytest.mark.django_db

REQUIRED = [
    "water-supply", "sanitation", "solid-waste-management", "urban-mobility", "climate-adaptation",
    "climate-mitigation", "local-economic-development", "municipal-finance", "digitalisation",
    "migration-and-integration", "good-governance", "citizen-participation", "informal-settlements",
    "housing", "public-space", "disaster-risk-management", "energy", "urban-planning",
    "green-infrastructure", "health-and-covid-19-response", "culture-and-heritage", "youth-and-gender",
]  # fmt: skip


def theme(slug: str) -> Theme:
    return Theme.objects.get(slug=slug)


# -- the taxonomy ------------------------------------------------------------------------


def test_the_migration_creates_every_theme_of_the_taxonomy() -> None:
    slugs = set(Theme.objects.values_list("slug", flat=True))
    assert set(REQUIRED) <= slugs


def test_every_theme_is_named_in_french_arabic_portuguese_and_german() -> None:
    for item in Theme.objects.filter(slug__in=REQUIRED):
        assert set(item.translations) >= {"fr", "ar", "pt", "de"}, item.slug
        assert all(value.strip() for value in item.translations.values()), item.slug


def test_a_theme_label_follows_the_active_language() -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert theme("water-supply").label == "Approvisionnement en eau"
    with translation.override("ar"):
        assert theme("water-supply").label == "الإمداد بالمياه"
    with translation.override("en"):
        assert theme("water-supply").label == "Water supply"


# -- finding a theme by name -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Water supply", "water SUPPLY", "water-supply", "  approvisionnement en EAU ", "الإمداد بالمياه",
             "Wasserversorgung", "Abastecimento de água"],
)  # fmt: skip
def test_a_theme_is_found_by_english_name_slug_or_any_translation_in_any_case(name: str) -> None:
    assert theme_get_by_name(name) == theme("water-supply")


def test_an_unknown_or_empty_name_finds_no_theme() -> None:
    assert theme_get_by_name("Space travel") is None
    assert theme_get_by_name("   ") is None


def test_a_merged_theme_leads_to_the_theme_it_was_merged_into_even_through_a_chain(sam: Any) -> None:
    old = theme_create(actor=sam, name="Waste collection", translations={"fr": "Collecte des déchets"})
    middle = theme_create(actor=sam, name="Waste", translations={})
    theme_merge(actor=sam, source=old, target=middle)
    theme_merge(actor=sam, source=middle, target=theme("solid-waste-management"))
    assert theme_get_by_name("collecte des déchets") == theme("solid-waste-management")
    assert theme_get_by_name("Waste collection", follow_merges=False) == old


# -- adding a theme ----------------------------------------------------------------------


def test_staff_add_a_theme_with_translations_and_it_is_audited(sam: Any) -> None:
    created = theme_create(
        actor=sam,
        name=" Circular economy ",
        translations={"fr": "Économie circulaire", "de": " ", "AR": "الاقتصاد الدائري"},
    )
    assert created.slug == "circular-economy"
    assert created.name == "Circular economy"
    assert created.translations == {"fr": "Économie circulaire", "ar": "الاقتصاد الدائري"}
    event = AuditEvent.objects.get(action="theme.created")
    assert event.actor == sam and event.target_id == str(created.pk)


def test_a_coordinator_may_not_add_a_theme(dina: Any) -> None:
    with pytest.raises(NotAllowed):
        theme_create(actor=dina, name="Circular economy", translations={})
    assert not Theme.objects.filter(name="Circular economy").exists()


@pytest.mark.parametrize(
    ("name", "translations", "message"),
    [
        ("", {}, "English name"),
        ("WATER supply", {}, "already the theme"),
        ("Something new", {"fr": "Assainissement"}, "already the theme"),
        ("Something new", {"french": "Nouveau"}, "not a language code"),
        ("x" * 121, {}, "longer than 120"),
        ("!!!", {}, "letter or digit"),
    ],
)
def test_a_theme_with_a_bad_or_taken_name_is_refused_with_a_clear_message(
    sam: Any, name: str, translations: dict[str, str], message: str
) -> None:
    before = Theme.objects.count()
    with pytest.raises(ValidationError) as error:
        theme_create(actor=sam, name=name, translations=translations)
    assert message in " ".join(error.value.messages)
    assert Theme.objects.count() == before


# -- merging themes ----------------------------------------------------------------------


def test_merging_moves_every_member_expertise_to_the_target_without_duplicates(
    sam: Any, alice: Any, bob: Any
) -> None:
    source, target = theme("digitalisation"), theme("good-governance")
    alice.expertise.set([source, target])
    bob.expertise.set([source])
    theme_merge(actor=sam, source=source, target=target)
    assert set(target.experts.all()) == {alice, bob}
    assert not source.experts.exists()
    assert list(alice.expertise.filter(pk=target.pk)) == [target]  # one row, not two
    source.refresh_from_db()
    assert source.merged_into == target
    event = AuditEvent.objects.get(action="theme.merged")
    assert event.actor == sam and event.data["into"] == "good-governance"


def test_merging_repoints_themes_merged_into_the_source_earlier(sam: Any) -> None:
    earlier = theme_create(actor=sam, name="E-government", translations={})
    theme_merge(actor=sam, source=earlier, target=theme("digitalisation"))
    theme_merge(actor=sam, source=theme("digitalisation"), target=theme("good-governance"))
    earlier.refresh_from_db()
    assert earlier.merged_into == theme("good-governance")


def test_merging_walks_every_relation_pointing_at_theme() -> None:
    # If an app adds a relation to Theme, merging must handle it: it must be a foreign key
    # or a many-to-many, the two kinds the merge moves.
    for relation in Theme._meta.related_objects:
        assert relation.many_to_many or relation.one_to_many, relation


def test_a_theme_cannot_be_merged_into_itself_or_into_a_merged_theme(sam: Any) -> None:
    water, sanitation = theme("water-supply"), theme("sanitation")
    with pytest.raises(ValidationError, match="itself"):
        theme_merge(actor=sam, source=water, target=water)
    theme_merge(actor=sam, source=sanitation, target=water)
    with pytest.raises(ValidationError, match="merge into that one instead"):
        theme_merge(actor=sam, source=theme("energy"), target=sanitation)
    with pytest.raises(ValidationError, match="already been merged"):
        theme_merge(actor=sam, source=sanitation, target=theme("energy"))
    assert theme("energy").merged_into is None


def test_a_member_may_not_merge_themes(alice: Any) -> None:
    with pytest.raises(NotAllowed):
        theme_merge(actor=alice.user, source=theme("water-supply"), target=theme("sanitation"))
    assert theme("water-supply").merged_into is None


def test_usage_counts_every_member_who_names_a_theme(alice: Any, bob: Any) -> None:
    alice.expertise.set([theme("housing"), theme("energy")])
    bob.expertise.set([theme("housing")])
    uses = {usage.theme.slug: usage.uses for usage in theme_list_with_usage()}
    assert uses["housing"] == 2 and uses["energy"] == 1 and uses["water-supply"] == 0


# -- the staff pages ---------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_from_the_theme_pages(visitor: Client) -> None:
    for name in ("core:themes", "core:theme_add", "core:theme_merge"):
        response = visitor.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("persona", ["alice", "dina"])
def test_members_and_coordinators_may_not_open_the_theme_pages(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[Any], Client]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for name in ("core:themes", "core:theme_add", "core:theme_merge"):
        assert client.get(reverse(name)).status_code == 403
    response = client.post(reverse("core:theme_add"), {"name": "Circular economy"})
    assert response.status_code == 403
    assert not Theme.objects.filter(name="Circular economy").exists()


def test_staff_see_every_theme_with_its_usage(
    sam: Any, alice: Any, client_for: Callable[[Any], Client]
) -> None:
    alice.expertise.set([theme("housing")])
    response = client_for(sam).get(reverse("core:themes"))
    assert response.status_code == 200
    usages = {usage.theme.slug: usage.uses for usage in response.context["usages"]}
    assert usages["housing"] == 1
    assert "Logement" in response.content.decode()


def test_staff_add_a_theme_through_the_form(sam: Any, client_for: Callable[[Any], Client]) -> None:
    response = client_for(sam).post(
        reverse("core:theme_add"),
        {
            "name": "Circular economy",
            "name_fr": "Économie circulaire",
            "name_ar": "",
            "name_pt": "",
            "name_de": "",
        },
    )
    assert response.status_code == 302
    assert Theme.objects.get(slug="circular-economy").translations == {"fr": "Économie circulaire"}


def test_staff_adding_a_taken_name_see_why_and_nothing_changes(
    sam: Any, client_for: Callable[[Any], Client]
) -> None:
    before = Theme.objects.count()
    response = client_for(sam).post(reverse("core:theme_add"), {"name": "housing"})
    assert response.status_code == 400
    assert "already the theme" in response.content.decode()
    assert Theme.objects.count() == before


def test_staff_merge_two_themes_through_the_form(
    sam: Any, alice: Any, client_for: Callable[[Any], Client]
) -> None:
    alice.expertise.set([theme("sanitation")])
    response = client_for(sam).post(
        reverse("core:theme_merge"), {"source": "sanitation", "target": "water-supply"}
    )
    assert response.status_code == 302
    assert theme("sanitation").merged_into == theme("water-supply")
    assert list(alice.expertise.all()) == [theme("water-supply")]


def test_staff_merging_a_theme_into_itself_see_why(sam: Any, client_for: Callable[[Any], Client]) -> None:
    response = client_for(sam).post(reverse("core:theme_merge"), {"source": "energy", "target": "energy"})
    assert response.status_code == 400
    assert "two different themes" in response.content.decode()
    assert theme("energy").merged_into is None


def _add_experts(count: int, start: int, theme_: Theme) -> None:
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(email=f"m{i}@example.org", full_name=f"M {i}") for i in range(start, start + count)]
    )
    profile_model: Any = apps.get_model("members", "MemberProfile")
    through: Any = profile_model.expertise.through
    profiles = profile_model.objects.bulk_create(
        [profile_model(user=u, member_type="practitioner", organisation="Org", city="Amman", country="JO",
                       region="mena", status="approved") for u in users]
    )  # fmt: skip
    through.objects.bulk_create([through(memberprofile=p, theme=theme_) for p in profiles])


def test_the_theme_page_needs_the_same_queries_with_10_and_1000_members_using_themes(
    sam: Any, client_for: Callable[[Any], Client], django_assert_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    water = theme("water-supply")
    client = client_for(sam)
    _add_experts(10, 0, water)
    client.get(reverse("core:themes"))  # the first request of a session does more
    # Beyond what every signed-in request costs: one count per relation to Theme, the themes.
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("core:themes"))
    assert {u.theme.slug: u.uses for u in response.context["usages"]}["water-supply"] == 10
    _add_experts(990, 10, water)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("core:themes"))
    assert {u.theme.slug: u.uses for u in response.context["usages"]}["water-supply"] == 1000
