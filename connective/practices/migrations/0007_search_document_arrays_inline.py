"""Keep the theme and goal id arrays in the search documents' rows on PostgreSQL: with the
narrow rows of 0006, PostgreSQL moved even these few bytes out of line, and counting the
theme and goal facets then read one out-of-line chunk per match. Applies to rows written
from now on (`rebuild` rewrites them all)."""

from django.db import migrations


def inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_practicesearchdocument "
            "ALTER COLUMN theme_ids SET STORAGE MAIN, ALTER COLUMN sdg_ids SET STORAGE MAIN"
        )


def default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE practices_practicesearchdocument "
            "ALTER COLUMN theme_ids SET STORAGE EXTENDED, ALTER COLUMN sdg_ids SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_search_document_layout"),
    ]

    operations = [migrations.RunPython(inline, default)]
