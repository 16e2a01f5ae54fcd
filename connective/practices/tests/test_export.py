"""The open-data export: published practices, public fields, streamed."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def _export(client: Client, **params: str) -> Any:
    response = client.get(reverse("practices:export"), params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return json.loads(b"".join(response.streaming_content))


def test_the_export_holds_published_practices_with_their_public_fields(visitor: Client) -> None:
    published = PracticeFactory.create(sdgs=[6, 11], external_id="giz-17")
    PracticeFactory.create(status=PracticeStatus.DRAFT)
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW)
    data = _export(visitor)
    practices = data["practices"]
    assert isinstance(practices, list) and len(practices) == 1
    record = practices[0]
    assert record["slug"] == published.slug
    assert record["title"] == published.title and record["approach"] == published.approach
    assert record["themes"] == ["water-supply"] and record["sdgs"] == [6, 11]
    assert record["country"] == "JO" and record["region"] == "mena" and record["language"] == "en"
    assert record["url"].endswith(reverse("practices:detail", kwargs={"slug": published.slug}))
    assert not {"contacts", "authors", "external_id", "created_by"} & set(record)


def test_the_export_never_names_people(visitor: Client, alice: MemberProfile) -> None:
    PracticeFactory.create(authors=[alice], contacts=[alice])
    body = json.dumps(_export(visitor))
    assert "alice@example.org" not in body and "Haddad" not in body


def test_the_export_takes_the_maps_filters(visitor: Client) -> None:
    PracticeFactory.create(title="Amman")
    PracticeFactory.create(title="Sarajevo", city="Sarajevo", country="BA")
    data = _export(visitor, region="see")
    assert [p["title"] for p in data["practices"]] == ["Sarajevo"]
    assert data["filters"] == {"region": "see"}
    response = visitor.get(reverse("practices:export"), {"region": "atlantis"})
    assert response.status_code == 400


def test_members_get_the_same_public_export(
    client_for: Callable[..., Client], alice: MemberProfile, visitor: Client
) -> None:
    PracticeFactory.create()
    PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice])
    assert _export(client_for(alice))["practices"] == _export(visitor)["practices"]


@pytest.mark.parametrize("count", [10, 1000])
def test_the_export_costs_the_same_queries_for_10_or_1000_practices(visitor: Client, count: int) -> None:
    Practice.objects.bulk_create(
        Practice(
            slug=f"p-{n}", title=f"P {n}", summary="s", city="Amman", country="JO", region="mena",
            language_id="en", status=PracticeStatus.PUBLISHED,
        )
        for n in range(count)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        data = _export(visitor)
    assert len(data["practices"]) == count
    # practices, then their themes and their SDGs (per chunk of 2,000)
    assert len(queries) == 3, [q["sql"] for q in queries]
