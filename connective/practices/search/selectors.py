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
   of the facet columns and the theme and goal ids as arrays (kept by `search.index`).
6. On PostgreSQL the cost stays bounded when the words match a large share of the library.
   The documents fall into `SAMPLE_BUCKETS` buckets by id, each with its own partial index;
   the first statement counts the matches in a quarter of one bucket (chosen by the words).
   When the sample says more than `EXACT_LIMIT` practices match, the total and the facet
   counts are a sample's (that one above `FINE_LIMIT`, else the whole bucket's), scaled up and
   rounded, and shown as "about"; relevance ranks the sample's matches (with the neighbours
   by meaning, which come from the whole library), and the other orders show the first
   `LEXICAL_LIMIT`. Below that, everything is exact, as on SQLite.

7. When the words found fewer than `FEW_MATCHES` practices by their spelling (the relevance
   order counts them; in the other orders, the total stands in), `search.spelling` offers
   the query with its misspelt words corrected from the library's own ("did you mean").

The year facet and filter use the year the practice started (`period_start`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, Field, Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries import countries

from connective.core.models import Theme
from connective.core.regions import Region
from connective.members.selectors import filter_choices, taxonomy_version
from connective.practices.choices import PracticeStatus
from connective.practices.mapping import practice_rows_version
from connective.practices.models import Practice, SearchQuery, SustainableDevelopmentGoal
from connective.practices.search.backends import PostgresBackend, SearchBackend, backend
from connective.practices.search.index import DOCUMENTS_STAMP
from connective.practices.search.models import SearchIndexVersion
from connective.practices.search.semantic import STAMP_NAME as EMBEDDINGS_STAMP
from connective.practices.search.semantic import similar_ids, stamp_current
from connective.practices.search.spelling import suggestion as spelling_suggestion
from connective.practices.search.text import guess_language, query_words

SORTS = [("relevance", _("Relevance")), ("newest", _("Newest")), ("title", _("Title"))]
FACETS = ("region", "country", "theme", "sdg", "language", "year")
PAGE_SIZE = 20
LEXICAL_LIMIT = 1000
SEMANTIC_LIMIT = 50
MIN_SIMILARITY = 0.2
RRF_K = 60
# Above this many matches (as estimated from a sample), PostgreSQL counts and ranks a sample;
# above FINE_LIMIT, a four times smaller one.
EXACT_LIMIT = 2000
FINE_LIMIT = 8000
# Fewer full-text matches than this (neighbours by meaning aside: they come whatever the
# spelling) and the words are checked against the library's vocabulary for a "did you mean".
FEW_MATCHES = 3
# The stamp keys the library's facet counts; the timeout only bounds what a cache keeps.
LIBRARY_COUNTS_SECONDS = 24 * 3600


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
    # The total and the facet counts are estimated from a sample (rounded; shown as "about").
    approximate: bool = False
    # How many the pages reach when `truncated` (the most relevant, or the first in order).
    shown: int = 0
    popular_themes: list[Theme] = field(default_factory=list)
    # The query with its misspelt words corrected from the library's own ("" when none is).
    suggestion: str = ""

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
    # "contains" (@>) rather than "= ANY": the arrays' GIN indexes answer it.
    if params.theme:
        theme_table = Theme._meta.db_table
        theme = f"ARRAY[(SELECT id FROM {theme_table} WHERE slug = %s)]::integer[]"  # noqa: S608
        filters.append((f"d.theme_ids @> {theme}", [params.theme]))
    if params.sdg is not None:
        filters.append(("d.sdg_ids @> ARRAY[%s]::integer[]", [params.sdg]))
    return filters


def _counts_from_rows(
    rows: list[tuple[str, str, int]], scale: int = 1
) -> tuple[int, dict[str, dict[str, int]]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for facet, value, count in rows:
        if facet == "total":
            total = _about(count * scale) if scale > 1 else count
        else:
            counts[facet][value] = _about(count * scale) if scale > 1 else count
    return total, counts


def _about(estimate: int) -> int:
    """An estimated count rounded to two significant digits (4,537 -> 4,500; 48 stays 48)."""
    if estimate < 100:
        return estimate
    return int(round(estimate, 2 - len(str(estimate))))


def _facets(params: SearchParams, counts: dict[str, dict[str, int]]) -> dict[str, list[FacetValue]]:
    """Facet values with labels in the active language, most frequent first (years: newest)."""
    labels: dict[str, dict[str, str]] = {
        "region": {str(value): str(label) for value, label in Region.choices},
        "country": {code: _country_names(_language()).get(code, code) for code in counts["country"]},
        "year": {year: year for year in counts["year"]},
    }
    # Theme and language names come from the taxonomy cache (forgotten when one is saved).
    taxonomy = filter_choices()
    themes = {
        raw: taxonomy["theme_by_id"][int(raw)]
        for raw in counts["theme"]
        if int(raw) in taxonomy["theme_by_id"]
    }
    labels["theme"] = {raw: label for raw, (_slug, label) in themes.items()}
    sdg_numbers = [int(v) for v in counts["sdg"]]
    labels["sdg"] = (
        {
            str(goal.number): f"{goal.number}. {goal.label}"
            for goal in SustainableDevelopmentGoal.objects.filter(number__in=sdg_numbers)
        }
        if sdg_numbers
        else {}
    )
    native = taxonomy["native_name"]
    labels["language"] = {code: native[code] for code in counts["language"] if code in native}
    selected = {
        "region": params.region, "country": params.country, "language": params.language,
        "year": "" if params.year is None else str(params.year), "sdg": "" if params.sdg is None else str(params.sdg),
        "theme": params.theme,
    }  # fmt: skip
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = []
        for raw, count in counts[name].items():
            value = themes[raw][0] if name == "theme" and raw in themes else raw
            values.append(FacetValue(value, labels[name].get(raw, raw), count, selected[name] == value))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        elif name == "sdg":
            values.sort(key=lambda v: int(v.value))
        else:
            values.sort(key=lambda v: (-v.count, v.label))
        facets[name] = values
    return facets


def filter_label(name: str, raw: str) -> str:
    """An active filter's value named as its facet names it, even when nothing matched it
    (the facets then hold no value to take the name from). Reads only cached names."""
    if name == "region":
        return str(dict(Region.choices).get(raw, raw))
    if name == "country":
        return _country_names(_language()).get(raw.upper(), raw)
    taxonomy = filter_choices()
    if name == "theme":
        return next((label for slug, label in taxonomy["theme_by_id"].values() if slug == raw), raw)
    if name == "language":
        return str(taxonomy["native_name"].get(raw, raw))
    return raw


@lru_cache(maxsize=16)
def _country_names(language: str) -> dict[str, str]:
    """Every country's name in `language` (the facet shows dozens on each search)."""
    with override(language):
        return {code: str(name) for code, name in countries}


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


# What a result card does not show: left in the database (the longest texts of a practice).
_NOT_LISTED = (
    "challenge", "approach", "results", "lessons_learned", "transfer_conditions",
    "costs_and_financing", "partners", "links",
)  # fmt: skip


def _with_related(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    return practices.defer(*_NOT_LISTED).select_related("language").prefetch_related("themes")


def popular_themes(limit: int = 5) -> list[Theme]:
    """The themes with the most published practices (suggested when a search finds nothing)."""
    return list(
        Theme.active()
        .annotate(published=Count("practices", filter=Q(practices__status=PracticeStatus.PUBLISHED)))
        .filter(published__gt=0)
        .order_by("-published", "name")[:limit]
    )


def practice_search(
    params: SearchParams,
    *,
    ui_language: str = "en",
    record: bool = True,
    stamps: Mapping[str, str] | None = None,
) -> SearchResult:
    """Search the published practices.

    `ui_language` is the reader's language, used when the query's own language cannot be
    told from its words. When `record` is set, a search with words on its first page is kept
    as a `SearchQuery` (query, language, filters, result count; never who asked). `stamps`
    are the index's stamps as the caller already read them (`library_stamps`), read again
    only when missing.
    """
    sort = params.effective_sort
    query_language = guess_language(params.query, ui_language) if params.query else ""
    with _matching(params, query_language) as found:
        practices, page, pages, shown = _page(found, params, sort)

    result = SearchResult(
        params=params, practices=practices, total=found.total, page=page, pages=pages,
        facets=_facets(params, found.counts), query_language=query_language,
        truncated=shown < found.total, approximate=found.approximate, shown=shown,
    )  # fmt: skip
    if found.total == 0:
        result.popular_themes = popular_themes()
    if params.query and not found.approximate:
        matches = found.total if found.word_matches is None else found.word_matches
        if matches < FEW_MATCHES:
            stamp = None if stamps is None else stamps.get(DOCUMENTS_STAMP, "")
            result.suggestion = spelling_suggestion(params.query, stamp=stamp)
    if record:
        search_record(params, query_language=query_language, total=found.total)
    return result


def practice_search_ids(
    params: SearchParams, *, limit: int, ui_language: str = "en"
) -> tuple[list[int], int]:
    """The ids of a search's first `limit` results in its order (from the first, whatever
    `params.page`), and how many match (estimated on a large PostgreSQL match set). Not
    recorded: the search page already recorded the search this repeats."""
    sort = params.effective_sort
    query_language = guess_language(params.query, ui_language) if params.query else ""
    with _matching(params, query_language) as found:
        if sort == "relevance":
            ids = _fuse(found.lexical, found.semantic)[:limit]
        elif sort == "newest" and found.newest is not None:
            ids = found.newest(0, limit)
        else:
            order = ("title", "id") if sort == "title" else ("-published_at", "-id")
            ids = list(found.matching.order_by(*order).values_list("id", flat=True)[:limit])
    return ids, found.total


def search_record(params: SearchParams, *, query_language: str, total: int) -> None:
    """Keep a search with words, on its first page, as a `SearchQuery` (never who asked)."""
    if params.query and params.page == 1:
        _record(
            SearchQuery(
                query=params.query, language=query_language, filters=params.filters(), result_count=total
            )
        )


def library_stamps() -> dict[str, str]:
    """The full-text index's and the embeddings' stamps, by name (one read)."""
    return dict(
        SearchIndexVersion.objects.filter(name__in=[DOCUMENTS_STAMP, EMBEDDINGS_STAMP]).values_list(
            "name", "stamp"
        )
    )


def library_version(stamps: Mapping[str, str] | None = None) -> str:
    """What every search result is made of, in one word: the full-text index's and the
    embeddings' stamps (`library_stamps`, read unless given), the practices' ORM changes and
    the taxonomy's (cache counters). A page of results cached under it is never read once
    any moved."""
    stamps = library_stamps() if stamps is None else stamps
    return "|".join(
        [
            str(connection.settings_dict["NAME"] or ""),
            stamps.get(DOCUMENTS_STAMP, ""),
            stamps.get(EMBEDDINGS_STAMP, ""),
            str(practice_rows_version()),
            str(taxonomy_version()),
        ]
    )


def _record(entry: SearchQuery) -> None:
    """Keep a search in the log without waiting for the disk.

    On PostgreSQL an autocommitted insert waits for its WAL to be flushed, which on a busy disk
    cost more than the whole search (tens of milliseconds). The log is a statistic: losing the
    last few entries in a crash is acceptable, so its own transaction commits asynchronously
    (`synchronous_commit` off for that transaction only; the database stays consistent).
    Inside a caller's transaction the insert simply joins it.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        entry.save(force_insert=True)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        entry.save(force_insert=True)


@dataclass
class _Found:
    """What matched a search, before a page of it is read."""

    total: int
    counts: dict[str, dict[str, int]]
    lexical: list[int]  # full-text ranking, best first (relevance order only)
    semantic: list[int]  # neighbours by meaning within the filters, closest first
    matching: QuerySet[Practice]  # every match, for the other orders
    approximate: bool = False
    # PostgreSQL: the newest-first order read from the search documents' own index.
    newest: Callable[[int, int], list[int]] | None = None
    # How many matched by their words, when the ranking counted them (relevance order).
    word_matches: int | None = None


def _page(found: _Found, params: SearchParams, sort: str) -> tuple[list[Practice], int, int, int]:
    """One page of the results in the asked order: (practices, page, pages, how many the pages reach)."""
    if sort == "relevance":
        ranked = _fuse(found.lexical, found.semantic)
        shown = len(ranked)
    else:
        # An estimated total cannot number the pages: the first LEXICAL_LIMIT are shown.
        shown = min(found.total, LEXICAL_LIMIT) if found.approximate else found.total
    pages = max(1, math.ceil(shown / PAGE_SIZE))
    page = min(params.page, pages)
    offset = (page - 1) * PAGE_SIZE
    if sort == "relevance":
        return _page_rows(ranked[offset : offset + PAGE_SIZE]), page, pages, shown
    if sort == "newest" and found.newest is not None:
        return _page_rows(found.newest(offset, PAGE_SIZE)), page, pages, shown
    order = ("title", "id") if sort == "title" else ("-published_at", "-id")
    return (
        list(_with_related(found.matching.order_by(*order))[offset : offset + PAGE_SIZE]),
        page,
        pages,
        shown,
    )


def _neighbours(params: SearchParams) -> list[int]:
    # Punctuation alone has an embedding too, close to anything: no words, no neighbours.
    if not query_words(params.query):
        return []
    return [
        pk for pk, _score in similar_ids(params.query, limit=SEMANTIC_LIMIT, min_similarity=MIN_SIMILARITY)
    ]


@contextmanager
def _matching(params: SearchParams, query_language: str) -> Iterator[_Found]:
    """What matches `params`, by the backend in use; PostgreSQL's statements run with index
    scans forced while the caller reads the matches (see `PostgresBackend.index_scans`)."""
    search = backend()
    guard: AbstractContextManager[None] = nullcontext()
    if isinstance(search, PostgresBackend) and params.query:
        guard = search.index_scans()
    with guard:
        if isinstance(search, PostgresBackend):
            yield _match_documents(search, params, query_language)
        else:
            yield _match_practices(search, params, query_language)


def _match_documents(search: PostgresBackend, params: SearchParams, query_language: str) -> _Found:
    """PostgreSQL: filters, facet counts and ranking read the search documents alone; a large
    match set is counted and ranked from a sample of it."""
    filters = _document_filters(params)
    tsquery = search.tsquery_sql(params.query, query_language) if params.query else None
    neighbours = _neighbours(params) if params.query else []
    if params.query and tsquery is None and not neighbours:
        return _Found(0, {name: {} for name in FACETS}, [], [], Practice.objects.none())
    where = search.documents_where(tsquery, neighbours, filters)
    sample = _sample(search, params, tsquery, filters) if tsquery is not None else None
    if sample is not None:
        rows, in_sample, scale = sample
        total, counts = _counts_from_rows(rows, scale=scale)
        ranking_filters = [*filters, in_sample]
    elif not params.query and not filters:
        total, counts = _library_counts(lambda: _counts_from_rows(search.document_facet_counts(where)))
        ranking_filters = filters
    else:
        total, counts = _counts_from_rows(search.document_facet_counts(where))
        ranking_filters = filters
    lexical: list[int] = []
    semantic: list[int] = []
    if params.effective_sort == "relevance":
        if tsquery is not None:
            lexical = search.ranked_document_ids(
                tsquery, search.documents_where(None, [], ranking_filters), LEXICAL_LIMIT
            )
        if neighbours:
            allowed_sql, allowed_params = search.document_ids(
                search.documents_where(None, neighbours, filters)
            )
            with connection.cursor() as cursor:
                cursor.execute(allowed_sql, allowed_params)
                allowed = {row[0] for row in cursor.fetchall()}
            semantic = [pk for pk in neighbours if pk in allowed]
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by()
    if not params.query and not filters:
        # The whole library (the published practices are exactly the indexed ones): its
        # orders walk the practices' own indexes and stop after one page.
        return _Found(total, counts, lexical, semantic, published)
    ids_sql = search.document_ids(where)
    matching = published.filter(id__in=RawSQL(*ids_sql))  # noqa: S611 (parameters bound)
    return _Found(
        total, counts, lexical, semantic, matching, approximate=sample is not None,
        newest=lambda offset, limit: search.newest_document_ids(where, offset, limit),
        word_matches=len(lexical) if tsquery is not None and params.effective_sort == "relevance" else None,
    )  # fmt: skip


Sample = tuple[list[tuple[str, str, int]], tuple[str, list[Any]], int]


def _sample(
    search: PostgresBackend,
    params: SearchParams,
    tsquery: tuple[str, list[Any]],
    filters: list[tuple[str, list[Any]]],
) -> Sample | None:
    """The facet counts of a sample of the words' matches, its condition and how many times
    it fits in the library; None when few enough match to count them all (see the module).

    The fine sample (one in SAMPLE_BUCKETS * FINE_SAMPLE) is read first: when it says more
    than FINE_LIMIT match, it is the sample; between EXACT_LIMIT and FINE_LIMIT the coarse
    sample (one in SAMPLE_BUCKETS, four times as many rows) is read, for closer figures.
    """
    bucket = search.sample_bucket(params.query)

    def counted(fine: bool) -> tuple[Sample, int]:
        in_sample, scale = search.in_sample(bucket, fine=fine)
        rows = search.document_facet_counts(search.documents_where(tsquery, [], [*filters, in_sample]))
        found = next((count for facet, _value, count in rows if facet == "total"), 0)
        return (rows, in_sample, scale), found * scale

    fine, estimate = counted(fine=True)
    if estimate > FINE_LIMIT:
        return fine
    if estimate <= EXACT_LIMIT:
        return None
    coarse, estimate = counted(fine=False)
    return coarse if estimate > EXACT_LIMIT else None


def _match_practices(search: SearchBackend, params: SearchParams, query_language: str) -> _Found:
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
    if not params.query and not params.filters():
        total, counts = _library_counts(lambda: _facet_counts(matching))
    else:
        total, counts = _facet_counts(matching)
    word_matches = len(lexical) if params.query and params.effective_sort == "relevance" else None
    return _Found(total, counts, lexical, semantic, matching, word_matches=word_matches)


Counts = tuple[int, dict[str, dict[str, int]]]


def _library_counts(count: Callable[[], Counts]) -> Counts:
    """The facet counts of the whole published library, which every browse without words or
    filters shows: counted once per change to the index (one pass over every document, 93 ms
    at 100,000), then read from the cache under the index's stamp (one primary-key read)."""
    key = f"practices:library-facets:{connection.settings_dict['NAME']}:{stamp_current(DOCUMENTS_STAMP)}"
    cached = cache.get(key)
    if cached is None:
        cached = count()
        cache.set(key, cached, LIBRARY_COUNTS_SECONDS)
    return cast(Counts, cached)


def search_params_dict(params: SearchParams) -> dict[str, Any]:
    return asdict(params)
