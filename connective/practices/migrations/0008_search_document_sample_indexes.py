"""Indexes that keep a search's cost bounded on PostgreSQL, whatever the size of the library.

- One partial GIN index per sample bucket (`practice_id % 16`): a search whose words match
  thousands of practices counts and ranks one bucket (a sixteenth, chosen by the query) and
  scales the counts up, reading a sixteenth of the matches (see `search.selectors`).
- B-tree indexes on the facet columns and GIN indexes on the theme and goal arrays, so a filter
  combined with a common word intersects two indexes instead of reading every match.

No index on the publication date: ordering by it would tempt PostgreSQL to walk that index
and check each practice's words by unpacking its whole document, where reading the matches
from the word index and sorting them costs a fraction.
"""

from django.db import migrations

SAMPLE_BUCKETS = 16  # = PostgresBackend.SAMPLE_BUCKETS (a migration never imports app code)
TABLE = "practices_practicesearchdocument"
INDEXES = [
    *(
        (f"practices_searchdocument_sample{bucket}", f"USING gin (document) WHERE practice_id %% {SAMPLE_BUCKETS} = {bucket}")
        for bucket in range(SAMPLE_BUCKETS)
    ),
    ("practices_searchdocument_region", "(region)"),
    ("practices_searchdocument_country", "(country)"),
    ("practices_searchdocument_language", "(language_code)"),
    ("practices_searchdocument_year", "(period_start)"),
    ("practices_searchdocument_themes", "USING gin (theme_ids)"),
    ("practices_searchdocument_sdgs", "USING gin (sdg_ids)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, _definition in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_search_document_arrays_inline"),
    ]

    operations = [migrations.RunPython(create, drop)]
