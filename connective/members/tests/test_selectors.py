"""The directory: who appears, what a search matches, and that it never reveals a hidden field."""

from __future__ import annotations

import functools

import pytest

from connective.core.models import Theme
from connective.members import selectors
from connective.members.choices import MembershipStatus, MemberType, Visibility
from connective.members.models import MemberProfile
from connective.members.roles import VISITOR, viewer_for
from connective.members.selectors import DirectoryFilters, member_card_for, member_list_for
from connective.members.tests.factories import MemberProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=[False, True], ids=["matches-gathered", "matches-tested-per-row"])
def both_search_forms(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule here holds for both ways the directory searches (`many`: for dense matches)."""
    monkeypatch.setitem(
        globals(), "member_list_for", functools.partial(selectors.member_list_for, many=request.param)
    )


def names(queryset) -> list[str]:
    return [profile.user.full_name for profile in queryset]


def test_a_visitor_finds_nobody(alice: MemberProfile):
    assert not member_list_for(viewer=VISITOR).exists()


def test_the_directory_lists_approved_members_only_sorted_by_name(
    alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile
):
    MemberProfileFactory.create(status=MembershipStatus.PENDING, user__full_name="Aaron Pending")

    listed = names(member_list_for(viewer=viewer_for(bob.user)))

    assert listed == ["Alice Haddad", "Bilal Ben Salah", "Čedomir Hadžić"]


def test_a_search_matches_a_name_case_insensitively(alice: MemberProfile, bob: MemberProfile):
    assert names(member_list_for(viewer=viewer_for(bob.user), query="haddad")) == ["Alice Haddad"]


def test_every_word_of_a_search_must_match(alice: MemberProfile, bob: MemberProfile):
    viewer = viewer_for(bob.user)

    assert names(member_list_for(viewer=viewer, query="Alice Tunis")) == []
    assert names(member_list_for(viewer=viewer, query="Alice Amman")) == ["Alice Haddad"]


def test_a_search_matches_a_theme_name_in_any_language(alice: MemberProfile, bob: MemberProfile):
    water = Theme.objects.get(slug="water-supply")
    alice.expertise.set([water])
    viewer = viewer_for(bob.user)

    assert names(member_list_for(viewer=viewer, query="Water")) == ["Alice Haddad"]
    assert names(member_list_for(viewer=viewer, query="approvisionnement")) == ["Alice Haddad"]
    assert names(member_list_for(viewer=viewer, query="بالمياه")) == ["Alice Haddad"]


def test_a_search_for_a_theme_finds_members_tagged_with_a_theme_merged_into_it(
    alice: MemberProfile, bob: MemberProfile
):
    current = Theme.objects.create(slug="urban-heat", name="Urban heat")
    old = Theme.objects.create(slug="heatwaves", name="Heatwaves", merged_into=current)
    alice.expertise.set([old])

    assert names(member_list_for(viewer=viewer_for(bob.user), query="urban heat")) == ["Alice Haddad"]


@pytest.mark.parametrize(
    ("persona", "found"),
    [("bob", True), ("dina", True), ("sam", True), ("charlie", False), ("emil", False)],
)
def test_a_search_on_an_organisation_shared_with_the_network_matches_only_where_visible(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str, found: bool
):
    alice.organisation_visibility = Visibility.NETWORK
    alice.city = "Zarqa"
    alice.save()
    person = request.getfixturevalue(persona)
    viewer = viewer_for(person.user if isinstance(person, MemberProfile) else person)

    assert (names(member_list_for(viewer=viewer, query="Greater")) == ["Alice Haddad"]) is found


@pytest.mark.parametrize(
    ("persona", "found"),
    [("bob", False), ("charlie", False), ("emil", False), ("dina", True), ("sam", True)],
)
def test_a_search_on_a_city_for_coordinators_only_matches_only_for_them(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str, found: bool
):
    alice.city_visibility = Visibility.COORDINATORS
    alice.organisation = "Municipality"
    alice.save()
    person = request.getfixturevalue(persona)
    viewer = viewer_for(person.user if isinstance(person, MemberProfile) else person)

    assert (names(member_list_for(viewer=viewer, query="Amman")) == ["Alice Haddad"]) is found


def test_filters_narrow_the_list(alice: MemberProfile, bob: MemberProfile, charlie: MemberProfile):
    viewer = viewer_for(alice.user)
    bob.willing_to_advise = True
    bob.member_type = MemberType.RESEARCH
    bob.save()
    charlie.expertise.set([Theme.objects.get(slug="housing")])

    def listed(**filters: object) -> list[str]:
        return names(member_list_for(viewer=viewer, filters=DirectoryFilters(**filters)))  # type: ignore[arg-type]

    assert listed(region="see") == ["Čedomir Hadžić"]
    assert listed(country="TN") == ["Bilal Ben Salah"]
    assert listed(member_type=MemberType.RESEARCH) == ["Bilal Ben Salah"]
    assert listed(language="ar") == ["Alice Haddad", "Bilal Ben Salah"]
    assert listed(language="fr", region="mena") == ["Bilal Ben Salah"]
    assert listed(theme="housing") == ["Čedomir Hadžić"]
    assert listed(willing_to_advise=True) == ["Bilal Ben Salah"]


def test_a_member_who_speaks_two_languages_appears_once(alice: MemberProfile, bob: MemberProfile):
    alice.expertise.set(Theme.objects.filter(slug__in=["housing", "energy"]))
    listed = names(member_list_for(viewer=viewer_for(bob.user), query="a"))

    assert listed.count("Alice Haddad") == 1


@pytest.mark.parametrize(
    ("persona", "email_shown"),
    [("alice", True), ("bob", True), ("dina", True), ("sam", True), ("charlie", False), ("emil", False)],
)
def test_a_card_carries_only_the_fields_the_viewer_may_see(
    request: pytest.FixtureRequest, alice: MemberProfile, persona: str, email_shown: bool
):
    person = request.getfixturevalue(persona)
    viewer = viewer_for(person.user if isinstance(person, MemberProfile) else person)

    card = member_card_for(viewer=viewer, profile=alice)

    assert (card.email == "alice@example.org") is email_shown
    assert card.organisation == "Greater Amman Municipality"


def test_a_large_count_is_estimated_from_a_sample_and_a_small_one_is_exact(
    alice: MemberProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    MemberProfileFactory.create_batch(40)
    viewer = viewer_for(alice.user)
    everyone = selectors.member_list_for(viewer=viewer)

    def sample(start: int, stop: int):
        return selectors.member_list_for(viewer=viewer, id_range=(start, stop))

    exact = selectors.member_count(everyone, sample=sample)
    assert exact == selectors.MemberCount(everyone.count(), approximate=False)
    monkeypatch.setattr(selectors, "EXACT_COUNT_LIMIT", 10)
    monkeypatch.setattr(selectors, "SAMPLE_SHARE", 2)
    estimated = selectors.member_count(everyone, sample=sample)
    assert estimated.approximate
    assert 20 <= estimated.value <= 60  # about the 41 there are, from half of them
