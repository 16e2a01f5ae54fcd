"""Who may open which practice (and its files): one test per persona and state."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from connective.members.roles import VISITOR, viewer_for
from connective.practices.access import (
    practice_get_for,
    practice_get_for_authors,
    practice_get_for_review,
    practices_visible_to,
)
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["alice", "bob", "charlie", "dina", "emil", "sam"]


@pytest.fixture
def draft(alice: Any) -> Practice:
    return PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice])


@pytest.fixture
def published(alice: Any) -> Practice:
    return PracticeFactory.create(authors=[alice])


def viewer_of(request: Any, name: str) -> Any:
    person = request.getfixturevalue(name)
    return viewer_for(getattr(person, "user", person))


def test_a_visitor_opens_a_published_practice(published: Practice) -> None:
    assert practice_get_for(viewer=VISITOR, slug=published.slug) == published


@pytest.mark.parametrize("name", EVERYONE)
def test_everyone_opens_a_published_practice(published: Practice, name: str, request: Any) -> None:
    assert practice_get_for(viewer=viewer_of(request, name), slug=published.slug) == published


@pytest.mark.parametrize(
    "status",
    [
        PracticeStatus.DRAFT,
        PracticeStatus.IN_REVIEW,
        PracticeStatus.CHANGES_REQUESTED,
        PracticeStatus.DECLINED,
    ],
)
@pytest.mark.parametrize(("name", "sees"), [
    ("alice", True), ("bob", False), ("charlie", False), ("dina", True), ("emil", False), ("sam", True),
])  # fmt: skip
def test_an_unpublished_practice_is_seen_by_its_authors_the_regions_coordinators_and_staff_only(
    alice: Any, status: str, name: str, sees: bool, request: Any
) -> None:
    practice = PracticeFactory.create(status=status, authors=[alice])
    viewer = viewer_of(request, name)
    if sees:
        assert practice_get_for(viewer=viewer, slug=practice.slug) == practice
        assert practices_visible_to(viewer=viewer).filter(pk=practice.pk).exists()
    else:
        with pytest.raises(Http404):
            practice_get_for(viewer=viewer, slug=practice.slug)
        assert not practices_visible_to(viewer=viewer).filter(pk=practice.pk).exists()


def test_a_visitor_never_opens_a_draft(draft: Practice) -> None:
    with pytest.raises(Http404):
        practice_get_for(viewer=VISITOR, slug=draft.slug)


def test_a_co_author_in_another_region_sees_the_draft(alice: Any, charlie: Any) -> None:
    practice = PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice, charlie])
    assert practice_get_for(viewer=viewer_for(charlie.user), slug=practice.slug) == practice


def test_a_missing_practice_and_a_hidden_one_look_the_same(draft: Practice, bob: Any) -> None:
    viewer = viewer_for(bob.user)
    with pytest.raises(Http404) as hidden:
        practice_get_for(viewer=viewer, slug=draft.slug)
    with pytest.raises(Http404) as missing:
        practice_get_for(viewer=viewer, slug="no-such-practice")
    assert str(hidden.value) == str(missing.value)


@pytest.mark.parametrize(("name", "edits"), [
    ("alice", True), ("bob", False), ("charlie", False), ("dina", False), ("emil", False), ("sam", False),
])  # fmt: skip
def test_only_authors_get_a_practice_to_edit(
    published: Practice, name: str, edits: bool, request: Any
) -> None:
    viewer = viewer_of(request, name)
    if edits:
        assert practice_get_for_authors(viewer=viewer, slug=published.slug) == published
    else:
        with pytest.raises(Http404):
            practice_get_for_authors(viewer=viewer, slug=published.slug)


@pytest.mark.parametrize(("name", "reviews"), [
    ("alice", False), ("bob", False), ("charlie", False), ("dina", True), ("emil", False), ("sam", True),
])  # fmt: skip
def test_only_the_regions_coordinators_and_staff_get_a_practice_to_review(
    draft: Practice, name: str, reviews: bool, request: Any
) -> None:
    viewer = viewer_of(request, name)
    if reviews:
        assert practice_get_for_review(viewer=viewer, slug=draft.slug) == draft
    else:
        with pytest.raises(Http404):
            practice_get_for_review(viewer=viewer, slug=draft.slug)


def test_contacts_are_not_even_loaded_for_a_visitor(alice: Any) -> None:
    practice = PracticeFactory.create(contacts=[alice])
    loaded = practice_get_for(viewer=VISITOR, slug=practice.slug)
    assert "contacts" not in loaded._prefetched_objects_cache  # type: ignore[attr-defined]
    member = practice_get_for(viewer=viewer_for(alice.user), slug=practice.slug)
    assert "contacts" in member._prefetched_objects_cache  # type: ignore[attr-defined]
