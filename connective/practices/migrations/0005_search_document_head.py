"""The title-and-summary part of each search document, kept in the row for cheap ranking;
filled in from the documents on PostgreSQL."""

import django.contrib.postgres.search
from django.db import migrations


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE practices_practicesearchdocument SET head = ts_filter(document, '{a,b}')"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_search_facet_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicesearchdocument",
            name="head",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
