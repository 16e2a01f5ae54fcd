"""Answering a search of the good-practice library.

Only published practices are ever searched, whoever asks (drafts and practices in review
never appear in search, not even to their authors).

How a search with words works:

1. Filters (network, country, theme, SDG, language, year started) narrow the published set.
2. Full text: the backend ranks matching practices in that set (PostgreSQL `ts_rank_cd`,
   SQLite bm25), best `LEXICAL_LIMIT` kept. On PostgreSQL, when more match, the best
   `LEXICAL_LIMIT` are chosen by their title and summary and only those ranked whole.
3. Meaning: the query's embedding is compared with every practice's (one matrix product);
   the closest `SEMANTIC_LIMIT` above `MIN_SIMILARITY` join the results, also only within
   the filtered set. This is how "déchets" finds a practice written in English or Arabic.
4. Relevance order fuses both rankings by reciprocal rank (1 / (60 + rank) summed).
5. Facet counts come from one SQL statement: GROUP BY over the matching set, for each facet.
   On PostgreSQL the filters and counts read only the search documents, which carry copies
   of the facet columns and the theme and goal ids as arrays (kept by `search.index`), so a
   common word in a large library costs one index lookup and one pass over its matches.

The year facet and filter use the year the practice started (`period_start`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Field, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from connective.core.models import Theme
from connective.core.regions import Region
from connective.members.models import Language
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, SearchQuery, SustainableDevelopmentGoal
from connective.practices.search.backends import PostgresBackend, SearchBackend, backend
from connective.practices.search.semantic import similar_ids
from connective.practices.search.text import guess_language

SORTS = [("relevance", _("Relevance")), ("newest", _("Newest")), ("title", _("Title"))]
FACETS = ("region", "country", "theme", "sdg", "language", "year")
PAGE_SIZE = 20
LEXICAL_LIMIT = 1000
SEMANTIC_LIMIT = 50
MIN_SIMILARITY = 0.2
RRF_K = 60


@dataclass(frozen=True)
class SearchParams:
    """A search as asked: words, filters (empty = any), order and page."""

    query: str = ""
    region: str = ""
    country: str = ""
    theme: str = ""
    sdg: int | None = None
    language: str = ""
    year: int | None = None
    sort: str = ""
    page: int = 1

    @property
    def effective_sort(self) -> str:
        """Relevance needs words; without them the newest come first."""
        if self.sort in ("newest", "title"):
            return self.sort
        return "relevance" if self.query else "newest"

    def filters(self) -> dict[str, Any]:
        """The active filters, by name (what a SearchQuery records)."""
        return {name: getattr(self, name) for name in FACETS if getattr(self, name) not in ("", None)}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    params: SearchParams
    practices: list[Practice]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    query_language: str = ""
    # Relevance order is computed for the best `LEXICAL_LIMIT` full-text matches and the
    # semantic neighbours; when more match, `truncated` says so and paging stops there.
    truncated: bool = False
    popular_themes: list[Theme] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filtered(params: SearchParams) -> QuerySet[Practice]:
    practices = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    if params.region:
        practices = practices.filter(region=params.region)
    if params.country:
        practices = practices.filter(country=params.country)
    if params.language:
        practices = practices.filter(language_id=params.language)
    if params.year is not None:
        practices = practices.filter(period_start=params.year)
    if params.theme:
        practices = practices.filter(
            id__in=Practice.themes.through.objects.filter(theme__slug=params.theme).values("practice_id")
        )
    if params.sdg is not None:
        practices = practices.filter(
            id__in=Practice.sdgs.through.objects.filter(sustainabledevelopmentgoal_id=params.sdg).values(
                "practice_id"
            )
        )
    return practices.order_by()


def _ids_sql(practices: QuerySet[Practice]) -> tuple[str, list[Any]]:
    sql, params = practices.values("id").query.sql_with_params()
    return sql, list(params)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.column)


def _facet_counts(matching: QuerySet[Practice]) -> tuple[int, dict[str, dict[str, int]]]:
    """All facet counts for the matching set in one statement (a CTE and a GROUP BY per facet)."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    columns = ("id", "region", "country", "language_id", "period_start")
    try:
        sql, params = matching.values(*columns).query.sql_with_params()
    except EmptyResultSet:  # a query with no word to search for and no neighbour by meaning
        return 0, counts
    themes, sdgs = Practice.themes.through, Practice.sdgs.through
    theme_table, sdg_table = themes._meta.db_table, sdgs._meta.db_table
    theme_fk, theme_col = (_column(themes, name) for name in ("practice", "theme"))
    sdg_fk, sdg_col = (_column(sdgs, name) for name in ("practice", "sustainabledevelopmentgoal"))
    statement = (
        f"WITH m (id, region, country, language_id, period_start) AS ({sql}) "  # noqa: S608 (names only)
        "SELECT 'total', '', COUNT(*) FROM m "
        "UNION ALL SELECT 'region', region, COUNT(*) FROM m GROUP BY region "
        "UNION ALL SELECT 'country', country, COUNT(*) FROM m GROUP BY country "
        "UNION ALL SELECT 'language', language_id, COUNT(*) FROM m GROUP BY language_id "
        "UNION ALL SELECT 'year', CAST(period_start AS VARCHAR(10)), COUNT(*) FROM m "
        "WHERE period_start IS NOT NULL GROUP BY period_start "
        f"UNION ALL SELECT 'theme', CAST(t.{theme_col} AS VARCHAR(20)), COUNT(*) FROM m "
        f"JOIN {theme_table} t ON t.{theme_fk} = m.id GROUP BY t.{theme_col} "
        f"UNION ALL SELECT 'sdg', CAST(s.{sdg_col} AS VARCHAR(10)), COUNT(*) FROM m "
        f"JOIN {sdg_table} s ON s.{sdg_fk} = m.id GROUP BY s.{sdg_col}"
    )
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for facet, value, count in cursor.fetchall():
            if facet == "total":
                total = int(count)
            else:
                counts[facet][str(value)] = int(count)
    return total, counts


def _document_filters(params: SearchParams) -> list[tuple[str, list[Any]]]:
    """The filters as conditions on the search documents' own columns (PostgreSQL)."""
    filters: list[tuple[str, list[Any]]] = []
    for name, column in (("region", "region"), ("country", "country"), ("language", "language_code")):
        if getattr(params, name):
            filters.append((f"d.{column} = %s", [getattr(params, name)]))
    if params.year is not None:
        filters.append(("d.period_start = %s", [params.year]))
    if params.theme:
        theme_table = Theme._meta.db_table
        filters.append((f"(SELECT id FROM {theme_table} WHERE slug = %s) = ANY(d.theme_ids)", [params.theme]))  # noqa: S608
    if params.sdg is not None:
        filters.append(("%s = ANY(d.sdg_ids)", [params.sdg]))
    return filters


def _counts_from_rows(rows: list[tuple[str, str, int]]) -> tuple[int, dict[str, dict[str, int]]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for facet, value, count in rows:
        if facet == "total":
            total = count
        else:
            counts[facet][value] = count
    return total, counts


def _facets(params: SearchParams, counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Facet values with labels in the active language, most frequent first (years: newest)."""
    labels: dict[str, dict[str, str]] = {
        "region": {str(value): str(label) for value, label in Region.choices},
        "country": {code: str(countries.name(code)) for code in counts["country"]},
        "year": {year: year for year in counts["year"]},
    }
    theme_ids = [int(v) for v in counts["theme"]]
    themes = {str(t.pk): t for t in Theme.objects.filter(pk__in=theme_ids)} if theme_ids else {}
    labels["theme"] = {pk: theme.label for pk, theme in themes.items()}
    sdg_numbers = [int(v) for v in counts["sdg"]]
    labels["sdg"] = (
        {
            str(goal.number): f"{goal.number}. {goal.translations.get(_language(), goal.name) or goal.name}"
            for goal in SustainableDevelopmentGoal.objects.filter(number__in=sdg_numbers)
        }
        if sdg_numbers
        else {}
    )
    labels["language"] = (
        {
            language.code: language.native_name
            for language in Language.objects.filter(code__in=list(counts["language"]))
        }
        if counts["language"]
        else {}
    )
    selected = {
        "region": params.region, "country": params.country, "language": params.language,
        "year": "" if params.year is None else str(params.year), "sdg": "" if params.sdg is None else str(params.sdg),
        "theme": params.theme,
    }  # fmt: skip
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = []
        for raw, count in counts[name].items():
            value = themes[raw].slug if name == "theme" and raw in themes else raw
            values.append(FacetValue(value, labels[name].get(raw, raw), count, selected[name] == value))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        elif name == "sdg":
            values.sort(key=lambda v: int(v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        facets[name] = values
    return facets


def _language() -> str:
    from django.utils.translation import get_language

    return (get_language() or "en").split("-")[0]


def _fuse(*rankings: list[int]) -> list[int]:
    """Reciprocal-rank fusion: ids ordered by the sum of 1 / (RRF_K + rank) over the rankings."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))


def _page_rows(ids: list[int]) -> list[Practice]:
    published = Practice.objects.filter(id__in=ids, status=PracticeStatus.PUBLISHED)
    rows = {p.pk: p for p in _with_related(published)}
    return [rows[pk] for pk in ids if pk in rows]


def _with_related(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.select_related("language").prefetch_related("themes")


def popular_themes(limit: int = 5) -> list[Theme]:
    """The themes with the most published practices (suggested when a search finds nothing)."""
    return list(
        Theme.active()
        .annotate(published=Count("practices", filter=Q(practices__status=PracticeStatus.PUBLISHED)))
        .filter(published__gt=0)
        .order_by("-published", "name")[:limit]
    )


def practice_search(params: SearchParams, *, ui_language: str = "en", record: bool = True) -> SearchResult:
    """Search the published practices.

    `ui_language` is the reader's language, used when the query's own language cannot be
    told from its words. When `record` is set, a search with words on its first page is kept
    as a `SearchQuery` (query, language, filters, result count; never who asked).
    """
    sort = params.effective_sort
    query_language = guess_language(params.query, ui_language) if params.query else ""
    search = backend()
    if isinstance(search, PostgresBackend):
        total, counts, lexical, semantic, matching = _match_documents(search, params, query_language)
    else:
        total, counts, lexical, semantic, matching = _match_practices(search, params, query_language)

    truncated = False
    if sort == "relevance":
        ranked = _fuse(lexical, semantic)
        truncated = len(ranked) < total
        pages = max(1, math.ceil(len(ranked) / PAGE_SIZE))
        page = min(params.page, pages)
        practices = _page_rows(ranked[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    else:
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page = min(params.page, pages)
        order = ("title", "id") if sort == "title" else ("-published_at", "-id")
        practices = list(_with_related(matching.order_by(*order))[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])

    result = SearchResult(
        params=params, practices=practices, total=total, page=page, pages=pages,
        facets=_facets(params, counts), query_language=query_language, truncated=truncated,
    )  # fmt: skip
    if total == 0:
        result.popular_themes = popular_themes()
    if record and params.query and params.page == 1:
        SearchQuery.objects.create(
            query=params.query, language=query_language, filters=params.filters(), result_count=total
        )
    return result


Matched = tuple[int, dict[str, dict[str, int]], list[int], list[int], QuerySet[Practice]]


def _neighbours(params: SearchParams) -> list[int]:
    return [
        pk for pk, _score in similar_ids(params.query, limit=SEMANTIC_LIMIT, min_similarity=MIN_SIMILARITY)
    ]


def _match_documents(search: PostgresBackend, params: SearchParams, query_language: str) -> Matched:
    """PostgreSQL: filters, facet counts and ranking read the search documents alone."""
    filters = _document_filters(params)
    tsquery = search.tsquery_sql(params.query, query_language) if params.query else None
    neighbours = _neighbours(params) if params.query else []
    lexical: list[int] = []
    semantic: list[int] = []
    if params.query and tsquery is None and not neighbours:
        return 0, {name: {} for name in FACETS}, lexical, semantic, Practice.objects.none()
    where = search.documents_where(tsquery, neighbours, filters)
    total, counts = _counts_from_rows(search.document_facet_counts(where))
    if params.effective_sort == "relevance":
        if tsquery is not None:
            lexical = search.ranked_document_ids(
                tsquery, search.documents_where(None, [], filters), LEXICAL_LIMIT
            )
        if neighbours:
            allowed_sql, allowed_params = search.document_ids(
                search.documents_where(None, neighbours, filters)
            )
            with connection.cursor() as cursor:
                cursor.execute(allowed_sql, allowed_params)
                allowed = {row[0] for row in cursor.fetchall()}
            semantic = [pk for pk in neighbours if pk in allowed]
    ids_sql = search.document_ids(where)
    matching = Practice.objects.filter(
        status=PracticeStatus.PUBLISHED,
        id__in=RawSQL(*ids_sql),  # noqa: S611 (parameters bound)
    ).order_by()
    return total, counts, lexical, semantic, matching


def _match_practices(search: SearchBackend, params: SearchParams, query_language: str) -> Matched:
    """SQLite: filters on the practices, the full-text table for the words, facets by joins."""
    filtered = _filtered(params)
    lexical: list[int] = []
    semantic: list[int] = []
    matching = filtered
    if params.query:
        match = search.match_sql(params.query, query_language)
        neighbours = _neighbours(params)
        condition = Q(id__in=RawSQL(*match)) if match else Q(pk__in=[])  # noqa: S611 (parameters bound)
        if neighbours:
            condition |= Q(id__in=neighbours)
        matching = filtered.filter(condition)
        if params.effective_sort == "relevance":
            if match:
                within = _ids_sql(filtered) if params.filters() else None
                lexical = search.ranked_ids(params.query, query_language, within, LEXICAL_LIMIT)
            if neighbours:
                allowed = set(filtered.filter(id__in=neighbours).values_list("id", flat=True))
                semantic = [pk for pk in neighbours if pk in allowed]
    total, counts = _facet_counts(matching)
    return total, counts, lexical, semantic, matching


def search_params_dict(params: SearchParams) -> dict[str, Any]:
    return asdict(params)
