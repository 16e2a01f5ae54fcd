"""The search index follows the practices: published in, anything else out."""

from __future__ import annotations

from typing import Any

import pytest

from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, PracticeEmbedding
from connective.practices.search.backends import backend
from connective.practices.search.index import practice_changed, rebuild
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def found(query: str, language: str = "en") -> set[int]:
    match = backend().match_sql(query, language)
    assert match is not None
    return set(Practice.objects.filter(id__in=_raw(match)).values_list("id", flat=True))


def _raw(match: tuple[str, list[object]]) -> object:
    from django.db.models.expressions import RawSQL

    return RawSQL(*match)  # noqa: S611


def test_a_published_practice_is_found_after_it_changed() -> None:
    practice = PracticeFactory.create(title="Rainwater harvesting on school roofs")
    practice_changed(practice.pk)
    assert found("rainwater") == {practice.pk}


def test_an_edit_replaces_the_old_words() -> None:
    practice = PracticeFactory.create(title="Rainwater harvesting on school roofs")
    practice_changed(practice.pk)
    Practice.objects.filter(pk=practice.pk).update(title="Bicycle lanes along the river")
    practice_changed(practice.pk)
    assert found("rainwater") == set()
    assert found("bicycle") == {practice.pk}


def test_a_practice_that_is_no_longer_published_leaves_the_index() -> None:
    practice = PracticeFactory.create(title="Rainwater harvesting on school roofs")
    practice_changed(practice.pk)
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.IN_REVIEW)
    practice_changed(practice.pk)
    assert found("rainwater") == set()


def test_a_draft_never_enters_the_index() -> None:
    draft = PracticeFactory.create(title="Rainwater harvesting on school roofs", status=PracticeStatus.DRAFT)
    practice_changed(draft.pk)
    assert rebuild(embeddings=False) == 0
    assert found("rainwater") == set()


def test_rebuild_indexes_every_published_practice_and_only_those() -> None:
    published = PracticeFactory.create_batch(3, title="Solar street lights")
    PracticeFactory.create(title="Solar street lights", status=PracticeStatus.DRAFT)
    assert rebuild(batch_size=2, embeddings=False) == 3
    assert found("solar") == {p.pk for p in published}


def test_the_embedding_follows_publication(django_capture_on_commit_callbacks: Any) -> None:
    practice = PracticeFactory.create(title="Rainwater harvesting on school roofs")
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    first = PracticeEmbedding.objects.get(practice=practice)
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    assert PracticeEmbedding.objects.get(practice=practice).updated_at == first.updated_at
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    assert not PracticeEmbedding.objects.filter(practice=practice).exists()


def test_the_facet_counts_follow_a_change_of_themes_goals_and_country(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from connective.core.models import Theme
    from connective.practices.search.selectors import SearchParams, practice_search

    water, mobility = Theme.objects.all()[:2]
    practice = PracticeFactory.create(title="Rainwater tanks", country="JO", themes=[water], sdgs=[6])
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    before = practice_search(SearchParams(query="rainwater"), record=False).facets
    assert [(v.value, v.count) for v in before["theme"]] == [(water.slug, 1)]
    assert [(v.value, v.count) for v in before["country"]] == [("JO", 1)]

    practice.themes.set([mobility])
    practice.sdgs.set([11])
    Practice.objects.filter(pk=practice.pk).update(country="TN")
    with django_capture_on_commit_callbacks(execute=True):
        practice_changed(practice.pk)
    after = practice_search(SearchParams(query="rainwater"), record=False)
    assert [(v.value, v.count) for v in after.facets["theme"]] == [(mobility.slug, 1)]
    assert [(v.value, v.count) for v in after.facets["sdg"]] == [("11", 1)]
    assert [(v.value, v.count) for v in after.facets["country"]] == [("TN", 1)]
    assert practice_search(SearchParams(query="rainwater", theme=water.slug), record=False).total == 0
    assert practice_search(SearchParams(query="rainwater", sdg=11), record=False).total == 1


def test_with_more_matches_than_ranked_the_title_and_summary_choose_which_are_ranked() -> None:
    from django.db import connection

    from connective.practices.search.backends import PostgresBackend

    if connection.vendor != "postgresql":
        pytest.skip("the two-stage ranking is PostgreSQL's")
    search = PostgresBackend()
    in_body = PracticeFactory.create(title="Street lamps", summary="Lamps.", challenge="compost " * 30)
    in_summary = PracticeFactory.create(title="Market waste", summary="Stalls compost their scraps.")
    in_title = PracticeFactory.create(title="Compost for compost gardens", summary="Gardens.")
    for practice in (in_body, in_summary, in_title):
        practice_changed(practice.pk)
    tsquery = search.tsquery_sql("compost", "en")
    assert tsquery is not None
    everything = search.documents_where(None, [], [])
    # With room for every match, the whole documents decide: the body's thirty mentions win.
    assert search.ranked_document_ids(tsquery, everything, 3) == [in_body.pk, in_title.pk, in_summary.pk]
    # With room for two, title and summary choose the two, then the whole documents order them.
    assert search.ranked_document_ids(tsquery, everything, 2) == [in_title.pk, in_summary.pk]
    # Only the first `rerank` are ordered by their whole document; the rest keep the head's order.
    assert search.ranked_document_ids(tsquery, everything, 3, rerank=1) == [
        in_title.pk,
        in_summary.pk,
        in_body.pk,
    ]


def test_a_publication_and_its_search_entry_commit_together(
    alice: Any, dina: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Nothing waits for the commit to index a publication: a server killed between the two
    would leave the practice published and unfindable (tests/crash kills it there at random)."""
    from connective.practices.services import practice_publish

    practice = PracticeFactory.create(
        title="Rainwater harvesting on school roofs", status=PracticeStatus.IN_REVIEW, authors=[alice]
    )
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        practice_publish(actor=dina, practice=practice)
        assert found("rainwater") == {practice.pk}
    assert after_commit, "the embedding and the vocabulary still follow after commit"
