"""The open-data export: every published practice as JSON, public fields only.

Streamed in chunks so that a collection of 100,000 practices goes out without being held in
memory: one query for a chunk of practices and one each for their themes and SDGs. Never
authors, contacts, drafts, review comments or the import key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from connective.core.links import absolute_url, site_url
from connective.core.models import Theme
from connective.practices.mapping import PracticeFilters, published_practices
from connective.practices.models import CONTENT_FIELDS, Practice

CHUNK_SIZE = 2000
EXPORT_VERSION = 1


def practice_public_record(practice: Practice) -> dict[str, Any]:
    """What the export says about one published practice (themes and SDGs prefetched)."""
    record: dict[str, Any] = {
        "slug": practice.slug,
        "url": absolute_url("practices:detail", slug=practice.slug),
    }
    record.update({name: getattr(practice, name) for name in CONTENT_FIELDS})
    record.update(
        period_start=practice.period_start,
        period_end=practice.period_end,
        city=practice.city,
        country=str(practice.country),
        region=practice.region,
        latitude=practice.latitude,
        longitude=practice.longitude,
        location_is_approximate=practice.location_is_approximate,
        language=practice.language_id,
        themes=[theme.slug for theme in practice.themes.all()],
        sdgs=[goal.number for goal in practice.sdgs.all()],
        links=[{"title": link.get("title", ""), "url": link.get("url", "")} for link in practice.links or []],
        version=practice.version,
        first_published_at=practice.first_published_at.isoformat() if practice.first_published_at else None,
        published_at=practice.published_at.isoformat() if practice.published_at else None,
    )
    return record


def export_chunks(filters: PracticeFilters) -> Iterator[str]:
    """The export document, piece by piece: {"version", "licence", "practices": [...]}."""
    practices = (
        published_practices(filters)
        .order_by("pk")
        .defer("external_id", "created_by")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("slug")), "sdgs")
    )
    head = {"version": EXPORT_VERSION, "site": site_url(), "filters": filters.as_query()}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "practices": ['
    first = True
    for practice in practices.iterator(chunk_size=CHUNK_SIZE):
        yield ("\n" if first else ",\n") + json.dumps(practice_public_record(practice), ensure_ascii=False)
        first = False
    yield "\n]}\n"
