"""Full-text search behind one small interface, with a PostgreSQL and a SQLite implementation.

The selectors only ever call `backend()` and the methods of `SearchBackend`; which database
answers is decided by the connection's vendor.

PostgreSQL: `PracticeSearchDocument.document` is a tsvector built with the practice's language
configuration (and 'simple', for words shared across languages), indexed with GIN; queries go
through `websearch_to_tsquery` (which never rejects input) in the query's likely language and
'simple', ranked with `ts_rank_cd`.

SQLite: an FTS5 table `practices_search_fts(title, summary, body)` whose rowid is the practice
id, holding light-stemmed words (`text.stemmed_text`); queries are reduced to quoted words, so
no FTS5 syntax from the user ever reaches the engine; ranked with bm25 and column weights.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Protocol

from django.db import connection, transaction

from connective.practices.choices import PracticeStatus
from connective.practices.search.text import PG_CONFIGS, light_stem, pg_config_for, query_words

# S608 (SQL built with f-strings) is silenced line by line below: only table names, column
# names and "%s" placeholders are ever interpolated; every value goes in as a parameter.

# Fields beyond title and summary that search reads (weight C).
BODY_FIELDS = (
    "challenge", "approach", "results", "lessons_learned", "transfer_conditions",
    "costs_and_financing", "partners", "city",
)  # fmt: skip
FTS_TABLE = "practices_search_fts"  # created by migration 0003 on SQLite only
# A hyphen or apostrophe inside a word ("door-to-door", "l'eau"): see `tsquery_sql`.
_INNER_JOINER = re.compile(r"(?<=\w)[-'\u2019\u02bc](?=\w)")

SqlWithParams = tuple[str, list[Any]]


class SearchBackend(Protocol):
    vendor: str

    def index(self, practice_ids: Sequence[int]) -> None:
        """Bring these practices' entries up to date: published ones in, others out."""

    def rebuild(self, batch_size: int) -> int:
        """Rebuild the whole index from the practices; returns how many are indexed."""

    def match_sql(self, query: str, language: str) -> SqlWithParams | None:
        """SQL selecting the ids of practices matching the query (None: no word to search for)."""

    def ranked_ids(self, query: str, language: str, within: SqlWithParams | None, limit: int) -> list[int]:
        """Ids of matching practices among `within` (SQL selecting ids; None: all published), best first."""


class PostgresBackend:
    vendor = "postgresql"
    # Documents fall into buckets by id; each bucket has a partial GIN index (migration 0008),
    # so that a search matching thousands of practices can count and rank a sample of them.
    SAMPLE_BUCKETS = 16
    # A finer sample for very common words: a quarter of one bucket (read through the bucket's
    # index, the rest of the bucket left out before counting and ranking).
    FINE_SAMPLE = 4

    _CONFIG_CASE = (
        "(CASE p.language_id "
        + " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in PG_CONFIGS.items())
        + " ELSE 'simple' END)::regconfig"
    )
    _BODY = "concat_ws(' ', " + ", ".join(f"p.{name}" for name in BODY_FIELDS) + ")"
    # The unstemmed 'simple' words are kept for the title, summary and city only: enough for
    # names and words shared across languages, at a third of the size (ranking reads it all).
    _DOCUMENT = (
        "setweight(to_tsvector(c.cfg, p.title), 'A') || setweight(to_tsvector('simple', p.title), 'A')"
        " || setweight(to_tsvector(c.cfg, p.summary), 'B')"
        " || setweight(to_tsvector('simple', p.summary || ' ' || p.city), 'B')"
        f" || setweight(to_tsvector(c.cfg, {_BODY}), 'C')"
    )
    # The facet and order columns are copied with the words (see PracticeSearchDocument).
    _COPIED = ("region", "country", "language_code", "period_start", "published_at", "theme_ids", "sdg_ids")
    _INSERT = (
        f"INSERT INTO practices_practicesearchdocument (practice_id, document, head, {', '.join(_COPIED)}) "  # noqa: S608
        "SELECT p.id, v.document, ts_filter(v.document, '{{a,b}}'), p.region, p.country, p.language_id, p.period_start, p.published_at, "
        "COALESCE((SELECT array_agg(t.theme_id ORDER BY t.theme_id) "
        "FROM practices_practice_themes t WHERE t.practice_id = p.id), '{{}}'), "
        "COALESCE((SELECT array_agg(s.sustainabledevelopmentgoal_id ORDER BY s.sustainabledevelopmentgoal_id) "
        "FROM practices_practice_sdgs s WHERE s.practice_id = p.id), '{{}}') "
        "FROM practices_practice p "
        f"CROSS JOIN LATERAL (SELECT {_CONFIG_CASE} AS cfg) c "
        f"CROSS JOIN LATERAL (SELECT {_DOCUMENT} AS document) v "
        "WHERE p.status = %s AND {where} "
        "ON CONFLICT (practice_id) DO UPDATE SET document = EXCLUDED.document, head = EXCLUDED.head, "
        + ", ".join(f"{name} = EXCLUDED.{name}" for name in _COPIED)
    )

    def index(self, practice_ids: Sequence[int]) -> None:
        ids = list(practice_ids)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM practices_practicesearchdocument WHERE practice_id = ANY(%s)", [ids])
            cursor.execute(self._INSERT.format(where="p.id = ANY(%s)"), [PracticeStatus.PUBLISHED, ids])

    def rebuild(self, batch_size: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE practices_practicesearchdocument")
            cursor.execute("SELECT min(id), max(id) FROM practices_practice WHERE status = %s", ["published"])
            low, high = cursor.fetchone() or (None, None)
            if low is None:
                return 0
            start = low
            while start <= high:
                cursor.execute(
                    self._INSERT.format(where="p.id >= %s AND p.id < %s"),
                    [PracticeStatus.PUBLISHED, start, start + batch_size],
                )
                start += batch_size
            cursor.execute("ANALYZE practices_practicesearchdocument")
            cursor.execute("SELECT count(*) FROM practices_practicesearchdocument")
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    @classmethod
    def _tsquery(cls, query: str, language: str) -> SqlWithParams | None:
        return cls.tsquery_sql(query, language)

    @staticmethod
    def tsquery_sql(query: str, language: str) -> SqlWithParams | None:
        """The query as a tsquery expression (its language's stems and the unstemmed words).

        A hyphen or apostrophe inside a word ("door-to-door", "l'eau") is read as a space:
        PostgreSQL would make the word a phrase, and a phrase cannot be checked by the index
        alone, so every candidate's whole document would be unpacked to check the word order.
        The parts are indexed as words of their own, so the practice is still found. (A phrase
        in quotes stays a phrase: that order was asked for.)
        """
        if not query_words(query):
            return None
        query = _INNER_JOINER.sub(" ", query)
        config = pg_config_for(language)
        if config == "simple":
            return "websearch_to_tsquery('simple', %s)", [query]
        return (
            "(websearch_to_tsquery(%s::regconfig, %s) || websearch_to_tsquery('simple', %s))",
            [config, query, query],
        )

    def match_sql(self, query: str, language: str) -> SqlWithParams | None:
        tsquery = self._tsquery(query, language)
        if tsquery is None:
            return None
        sql, params = tsquery
        return f"SELECT practice_id FROM practices_practicesearchdocument WHERE document @@ {sql}", params  # noqa: S608

    def ranked_ids(self, query: str, language: str, within: SqlWithParams | None, limit: int) -> list[int]:
        tsquery = self._tsquery(query, language)
        if tsquery is None:
            return []
        sql, params = tsquery
        # Without filters the index itself is the published set (it holds nothing else).
        within_sql, within_params = within if within else ("", [])
        restrict = f"AND d.practice_id IN ({within_sql}) " if within_sql else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.practice_id FROM practices_practicesearchdocument d CROSS JOIN (SELECT {sql} AS q) x "  # noqa: S608
                f"WHERE d.document @@ x.q {restrict}"
                "ORDER BY ts_rank_cd(d.document, x.q) DESC, d.practice_id DESC LIMIT %s",
                [*params, *within_params, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    # -- reading the documents' own facet columns (no join; see PracticeSearchDocument) --------

    @staticmethod
    @contextmanager
    def index_scans() -> Iterator[None]:
        """A transaction in which PostgreSQL reads the search documents through their indexes.

        Checking `document @@ query` on a row means unpacking its whole document (stored out of
        line), which the planner does not count: for a common word, or a common word and a
        filter, it would rather read the table from end to end and unpack every document
        (hundreds of milliseconds at 100,000 practices) than intersect the indexes.
        """
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            yield

    @classmethod
    def sample_bucket(cls, query: str) -> int:
        """The fine bucket (0 .. SAMPLE_BUCKETS * FINE_SAMPLE - 1) a query's sample is drawn
        from: fixed for the same words, so the same search always shows the same figures, and
        spread over the buckets across searches. Its coarse bucket is this modulo SAMPLE_BUCKETS."""
        words = " ".join(sorted(word.lower() for word in query_words(query)))
        return zlib.crc32(words.encode()) % (cls.SAMPLE_BUCKETS * cls.FINE_SAMPLE)

    @classmethod
    def in_sample(cls, bucket: int, *, fine: bool = False) -> tuple[SqlWithParams, int]:
        """A condition on documents `d`: in this sample bucket; and how many such samples make
        the whole library. The numbers are written into the SQL, not passed as parameters,
        because PostgreSQL chooses a partial index only for a condition it can compare with
        the index's own when it plans the statement."""
        coarse = f"d.practice_id %% {cls.SAMPLE_BUCKETS} = {int(bucket) % cls.SAMPLE_BUCKETS}"
        if not fine:
            return (coarse, []), cls.SAMPLE_BUCKETS
        buckets = cls.SAMPLE_BUCKETS * cls.FINE_SAMPLE
        return (f"{coarse} AND d.practice_id %% {buckets} = {int(bucket) % buckets}", []), buckets

    @staticmethod
    def newest_document_ids(where: SqlWithParams, offset: int, limit: int) -> list[int]:
        """Ids of the documents matching `where`, newest first, one page of them."""
        sql, params = where
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.practice_id FROM practices_practicesearchdocument d WHERE {sql} "  # noqa: S608
                "ORDER BY d.published_at DESC, d.practice_id DESC OFFSET %s LIMIT %s",
                [*params, offset, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def documents_where(
        tsquery: SqlWithParams | None, neighbours: Sequence[int], filters: Sequence[SqlWithParams]
    ) -> SqlWithParams:
        """A WHERE clause over documents `d`: matching the words or among the neighbours by
        meaning (when there are words: `tsquery` or `neighbours` given), and every filter."""
        clauses: list[str] = []
        params: list[Any] = []
        if tsquery is not None or neighbours:
            either = []
            if tsquery is not None:
                either.append(f"d.document @@ {tsquery[0]}")
                params += tsquery[1]
            if neighbours:
                either.append("d.practice_id = ANY(%s)")
                params.append(list(neighbours))
            clauses.append("(" + " OR ".join(either) + ")")
        for sql, values in filters:
            clauses.append(sql)
            params += values
        return (" AND ".join(clauses) or "TRUE"), params

    # The facet columns of the documents, in the order of the grouping sets below.
    _FACET_COLUMNS = (
        ("region", "d.region"), ("country", "d.country"), ("language", "d.language_code"),
        ("year", "d.period_start"), ("theme", "d.theme_ids"), ("sdg", "d.sdg_ids"),
    )  # fmt: skip

    @classmethod
    def document_facet_counts(cls, where: SqlWithParams) -> list[tuple[str, str, int]]:
        """(facet, value, count) rows for the matching documents, 'total' first.

        One pass over the matches with GROUPING SETS (hashed, one set per facet); the theme
        and goal sets group by the whole arrays (the combinations are few), which are then
        counted element by element here.
        """
        sql, params = where
        columns = ", ".join(column for _name, column in cls._FACET_COLUMNS)
        sets = ", ".join(f"({column})" for _name, column in cls._FACET_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT GROUPING({columns}), {columns}, COUNT(*) "  # noqa: S608
                f"FROM practices_practicesearchdocument d WHERE {sql} GROUP BY GROUPING SETS ((), {sets})",
                params,
            )
            rows = cursor.fetchall()
        everything = (1 << len(cls._FACET_COLUMNS)) - 1  # GROUPING() sets a bit per column left out
        total = 0
        counts: dict[tuple[str, str], int] = {}
        for grouping, *values, count in rows:
            if grouping == everything:
                total = int(count)
                continue
            position = next(
                i
                for i in range(len(cls._FACET_COLUMNS))
                if not grouping & (1 << (len(cls._FACET_COLUMNS) - 1 - i))
            )
            name, value = cls._FACET_COLUMNS[position][0], values[position]
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                counts[(name, str(item))] = counts.get((name, str(item)), 0) + int(count)
        return [("total", "", total)] + [(name, value, count) for (name, value), count in counts.items()]

    @staticmethod
    def document_ids(where: SqlWithParams) -> SqlWithParams:
        """SQL selecting the ids of the documents matching `where`."""
        sql, params = where
        return f"SELECT d.practice_id FROM practices_practicesearchdocument d WHERE {sql}", params  # noqa: S608

    @staticmethod
    def ranked_document_ids(
        tsquery: SqlWithParams, filters: SqlWithParams, limit: int, rerank: int = 100
    ) -> list[int]:
        """Ids of documents matching `tsquery` and `filters` (a WHERE clause over `d`), best first.

        Ranking costs per match, so it is done in two steps. The best `limit` are chosen by
        `ts_rank` of their title and summary (`head`, kept in the row: about 2 µs a match),
        and only the first `rerank` of those (the first pages) are ordered by `ts_rank_cd`
        of their whole document, which also weighs how close the words stand (unpacking the
        document, stored out of line: about 25 µs each); the rest follow in the first order.
        With `rerank` matches or fewer the order is the whole-document one; with more, a
        practice matching only in its body can lose its place to title and summary matches
        (title and summary carry the most weight anyway).
        """
        sql, params = tsquery
        where, where_params = filters
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH c AS MATERIALIZED (SELECT d.practice_id, d.document, x.q, "  # noqa: S608
                "ts_rank(COALESCE(d.head, ''::tsvector), x.q) AS head_rank "
                f"FROM practices_practicesearchdocument d CROSS JOIN (SELECT {sql} AS q) x "
                f"WHERE d.document @@ x.q AND {where} "
                "ORDER BY head_rank DESC, d.practice_id DESC LIMIT %s) "
                # The document travels as a pointer; only the first `rerank` are unpacked.
                "SELECT practice_id, CASE WHEN row_number() OVER (ORDER BY head_rank DESC, practice_id DESC) <= %s "
                "THEN ts_rank_cd(document, q) END FROM c ORDER BY head_rank DESC, practice_id DESC",
                [*params, *where_params, limit, rerank],
            )
            rows = cursor.fetchall()
        first = sorted(rows[:rerank], key=lambda row: -row[1])  # stable: ties keep the first order
        return [row[0] for row in first] + [row[0] for row in rows[rerank:]]


class SqliteBackend:
    vendor = "sqlite"

    @staticmethod
    def _rows(practice_ids: Sequence[int] | None, after: int = 0, limit: int = 0) -> list[tuple[Any, ...]]:
        from connective.practices.models import Practice

        rows = Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("id")
        if practice_ids is not None:
            rows = rows.filter(id__in=list(practice_ids))
        else:
            rows = rows.filter(id__gt=after)[:limit]
        return list(rows.values_list("id", "title", "summary", *BODY_FIELDS))

    @staticmethod
    def _insert(rows: list[tuple[Any, ...]]) -> None:
        from connective.practices.search.text import stemmed_text

        values = [
            (
                row[0],
                stemmed_text(str(row[1])),
                stemmed_text(str(row[2])),
                stemmed_text(" ".join(str(v) for v in row[3:])),
            )
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                values,
            )

    def index(self, practice_ids: Sequence[int]) -> None:
        ids = list(practice_ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608
        self._insert(self._rows(ids))

    def rebuild(self, batch_size: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        count, after = 0, 0
        while True:
            rows = self._rows(None, after=after, limit=batch_size)
            if not rows:
                return count
            self._insert(rows)
            count += len(rows)
            after = int(str(rows[-1][0]))

    @staticmethod
    def _expression(query: str) -> str | None:
        # Each word becomes a quoted FTS5 string of letters and digits only: nothing the user
        # types can be read as an operator, column filter or prefix.
        stems = [light_stem(word) for word in query_words(query)]
        # A stem is the NFKC form of letters and digits, which may hold other characters (the
        # vulgar fraction one quarter becomes 1, a fraction slash, 4): should one ever hold a
        # quote, it is doubled, as FTS5 strings escape it.
        return " ".join('"' + stem.replace('"', '""') + '"' for stem in stems if stem) or None

    def match_sql(self, query: str, language: str) -> SqlWithParams | None:
        expression = self._expression(query)
        if expression is None:
            return None
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]  # noqa: S608

    def ranked_ids(self, query: str, language: str, within: SqlWithParams | None, limit: int) -> list[int]:
        expression = self._expression(query)
        if expression is None:
            return []
        within_sql, within_params = within if within else ("", [])
        restrict = f"AND rowid IN ({within_sql}) " if within_sql else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s {restrict}"  # noqa: S608
                f"ORDER BY bm25({FTS_TABLE}, 10.0, 4.0, 1.0), rowid DESC LIMIT %s",
                [expression, *within_params, limit],
            )
            return [row[0] for row in cursor.fetchall()]


@cache
def _backend_for(vendor: str) -> SearchBackend:
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"No search backend for the {vendor} database.")


def backend() -> SearchBackend:
    """The search backend for the default database."""
    return _backend_for(connection.vendor)
