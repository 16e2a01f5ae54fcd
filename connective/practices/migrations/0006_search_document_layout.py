"""Keep the search documents' rows narrow on PostgreSQL: the whole document (read only to
check a match against the index's candidates and to rank the best few) is stored out of line,
the title-and-summary `head` and the facet columns stay in the row. Counting the facets of a
common word then reads a few hundred pages instead of thousands. Applies to rows written
from now on (`rebuild` rewrites them all)."""

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_practicesearchdocument ALTER COLUMN head SET STORAGE MAIN, "
            "SET (toast_tuple_target = 256)"
        )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_practicesearchdocument ALTER COLUMN head SET STORAGE EXTENDED, "
            "RESET (toast_tuple_target)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_search_document_head"),
    ]

    operations = [migrations.RunPython(narrow, widen)]
