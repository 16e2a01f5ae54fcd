"""Reads about practices that other pages show: the home page's practices and counts."""

from __future__ import annotations

from typing import Any

import pytest

from connective.accounts.models import User
from connective.members.models import MemberProfile
from connective.members.roles import viewer_for
from connective.practices.choices import PracticeStatus, RevisionState
from connective.practices.models import PracticeRevision
from connective.practices.selectors import (
    practice_count_in_review_mine,
    practice_list_for_home,
    practice_review_queue_count_for,
    practice_review_queue_for,
)
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_gets_the_newest_featured_and_the_newest_others_published_only() -> None:
    old_featured = PracticeFactory.create(title="Old featured", is_featured=True)
    new_featured = PracticeFactory.create(title="New featured", is_featured=True)
    others = [PracticeFactory.create(title=f"Other {n}") for n in range(4)]
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, is_featured=True)
    PracticeFactory.create(status=PracticeStatus.DRAFT)
    home = practice_list_for_home(featured=2, newest=3)
    assert home.featured == [new_featured, old_featured]
    assert home.newest == others[:0:-1]


def test_the_home_page_practices_carry_what_a_library_card_reads_in_three_queries(
    django_assert_num_queries: Any,
) -> None:
    PracticeFactory.create(is_featured=True)
    PracticeFactory.create()
    # 1 featured, 2 newest, 3 their themes
    with django_assert_num_queries(3):
        home = practice_list_for_home()
        for practice in [*home.featured, *home.newest]:
            _ = (practice.language.native_name, [theme.label for theme in practice.themes.all()])
            _ = (practice.slug, practice.title, practice.summary, practice.city, practice.period_end)


def test_an_author_counts_her_new_practices_and_edits_in_review(
    alice: MemberProfile, bob: MemberProfile
) -> None:
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, authors=[alice])
    edited = PracticeFactory.create(authors=[alice])
    PracticeRevision.objects.create(practice=edited, number=2, state=RevisionState.IN_REVIEW)
    sent_back = PracticeFactory.create(authors=[alice])
    PracticeRevision.objects.create(practice=sent_back, number=2, state=RevisionState.CHANGES_REQUESTED)
    PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice])
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, authors=[bob])
    assert practice_count_in_review_mine(viewer=viewer_for(alice.user)) == 2
    assert practice_count_in_review_mine(viewer=viewer_for(bob.user)) == 1


@pytest.mark.parametrize("persona", ["dina", "emil", "sam", "alice"])
def test_the_review_count_is_the_length_of_the_review_queue(
    persona: str, request: pytest.FixtureRequest, django_assert_num_queries: Any
) -> None:
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW)  # Amman: MENA
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, city="Skopje", country="MK")
    edited = PracticeFactory.create()
    PracticeRevision.objects.create(practice=edited, number=2, state=RevisionState.IN_REVIEW)
    person = request.getfixturevalue(persona)
    viewer = viewer_for(person if isinstance(person, User) else person.user)
    expected = len(practice_review_queue_for(viewer=viewer))
    assert expected == {"dina": 2, "emil": 1, "sam": 3, "alice": 0}[persona]
    with django_assert_num_queries(1 if expected else 0):
        assert practice_review_queue_count_for(viewer=viewer) == expected
