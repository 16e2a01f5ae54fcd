"""Network figures and the declaration queue, at the selector level."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from connective.accounts.models import User
from connective.core.models import Theme
from connective.members.choices import MembershipStatus
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.members.tests.factories import MemberProfileFactory
from connective.networks.models import Network
from connective.networks.selectors import (
    Figure,
    _figure,
    _ranked,
    _total,
    declaration_counts_for,
    declaration_list_for,
    network_figures,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (2, None), (3, 3), (250, 250)])
def test_counts_of_one_or_two_are_never_shown_exactly(count: int, shown: int | None) -> None:
    assert _figure("Jordan", count).count == shown


@pytest.mark.parametrize(
    ("count", "parts_suppressed", "expected"),
    [
        (501, False, (501, None, None)),
        (501, True, (None, None, 500)),
        (5, True, (None, 10, None)),
        (2, True, (None, 3, None)),
        (2, False, (None, 3, None)),
    ],
)
def test_a_total_is_blurred_when_one_of_its_parts_is_suppressed(
    count: int, parts_suppressed: bool, expected: tuple[int | None, int | None, int | None]
) -> None:
    total = _total("MENA", count, parts_suppressed=parts_suppressed)
    assert (total.count, total.below, total.at_least) == expected


def test_small_counts_come_last_in_alphabetical_order_so_their_place_reveals_nothing() -> None:
    figures = [Figure("Tunisia", None), Figure("Jordan", 5), Figure("Egypt", None), Figure("Lebanon", 9)]
    assert [f.label for f in _ranked(figures)] == ["Lebanon", "Jordan", "Egypt", "Tunisia"]


def test_figures_count_each_approved_member_once_per_theme_and_ignore_other_networks() -> None:
    water, housing = Theme.objects.get(slug="water-supply"), Theme.objects.get(slug="housing")
    for _ in range(3):
        MemberProfileFactory.create(country="JO", expertise=[water, housing])
    MemberProfileFactory.create(country="JO", expertise=[water], status=MembershipStatus.PENDING)
    MemberProfileFactory.create(country="BA", expertise=[water])
    figures = network_figures(network=Network.objects.get(region="mena"))
    assert figures.members.count == 3
    assert {f.label: f.count for f in figures.by_theme} == {"Water supply": 3, "Housing": 3}
    assert {f.label: f.count for f in figures.by_country} == {"Jordan": 3}


def test_the_queue_is_empty_for_anyone_who_may_not_decide(
    alice: MemberProfile, emil: User, dina: User, sam: User
) -> None:
    pending = MemberProfileFactory.create(country="EG", city="Cairo", status=MembershipStatus.PENDING)
    mena = Network.objects.get(region="mena")
    assert list(declaration_list_for(viewer=viewer_for(alice.user), network=mena)) == []
    assert list(declaration_list_for(viewer=viewer_for(emil), network=mena)) == []
    assert list(declaration_list_for(viewer=viewer_for(dina), network=mena)) == [pending]
    assert list(declaration_list_for(viewer=viewer_for(sam), network=mena)) == [pending]


@pytest.mark.parametrize("count", [10, 1000])
def test_figures_cost_three_queries_once_then_none_for_a_few_minutes(
    count: int, django_assert_num_queries: Any
) -> None:
    from connective.networks.tests.test_views import _bulk_members

    _bulk_members(count)
    mena = Network.objects.get(region="mena")
    with django_assert_num_queries(3):  # by country, by theme, the themes' names
        first = network_figures(network=mena)
    with django_assert_num_queries(0):
        again = network_figures(network=mena)
    assert again == first and first.members.count == count


def test_kept_figures_are_per_network_and_language_and_keep_small_counts_hidden() -> None:
    MemberProfileFactory.create(country="TN", city="Tunis")  # alone: never shown exactly
    for _ in range(3):
        MemberProfileFactory.create(country="BA", city="Sarajevo")
    mena, see = Network.objects.get(region="mena"), Network.objects.get(region="see")
    with translation.override("en"):
        english = network_figures(network=mena)
        assert [(f.label, f.count, f.below) for f in english.by_country] == [("Tunisia", None, 3)]
        assert [(f.label, f.count) for f in network_figures(network=see).by_country] == [
            ("Bosnia and Herzegovina", 3)
        ]
        assert network_figures(network=mena) == english  # from the cache, as suppressed as before
    with translation.override("fr"):
        assert [(f.label, f.count, f.below) for f in network_figures(network=mena).by_country] == [
            ("Tunisie", None, 3)
        ]


# -- what waits for coordinators on the home page ------------------------------------------


def test_declaration_counts_give_a_coordinator_her_own_networks_only(dina: User, emil: User) -> None:
    MemberProfileFactory.create(country="JO", status=MembershipStatus.PENDING)
    MemberProfileFactory.create(country="TN", status=MembershipStatus.PENDING)
    MemberProfileFactory.create(country="TN", status=MembershipStatus.APPROVED)
    MemberProfileFactory.create(country="MK", status=MembershipStatus.PENDING)
    assert [(n.slug, count) for n, count in declaration_counts_for(viewer=viewer_for(dina))] == [("mena", 2)]
    assert [(n.slug, count) for n, count in declaration_counts_for(viewer=viewer_for(emil))] == [("see", 1)]


def test_declaration_counts_give_staff_every_network_in_the_programmes_order(sam: User) -> None:
    MemberProfileFactory.create(country="KE", status=MembershipStatus.PENDING)
    counts = [(n.region, count) for n, count in declaration_counts_for(viewer=viewer_for(sam))]
    assert [region for region, _count in counts][:3] == ["mena", "see", "ssa"]
    assert dict(counts)["ssa"] == 1 and sum(count for _region, count in counts) == 1


@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_declaration_counts_give_a_member_nothing_without_a_query(
    persona: str, request: pytest.FixtureRequest, django_assert_num_queries: Any
) -> None:
    viewer = viewer_for(request.getfixturevalue(persona).user)
    with django_assert_num_queries(0):
        assert declaration_counts_for(viewer=viewer) == []
