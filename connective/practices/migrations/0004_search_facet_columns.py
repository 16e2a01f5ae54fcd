"""Copies of the facet and order columns on the search documents (PostgreSQL reads them
instead of joining the practices and their theme and goal links); existing documents are
filled in from their practices. SQLite keeps its FTS5 table and leaves this one empty."""

import django.contrib.postgres.fields
from django.db import migrations, models

FILL = """
UPDATE practices_practicesearchdocument d SET
    region = p.region, country = p.country, language_code = p.language_id,
    period_start = p.period_start, published_at = p.published_at,
    theme_ids = COALESCE((SELECT array_agg(t.theme_id ORDER BY t.theme_id)
                          FROM practices_practice_themes t WHERE t.practice_id = p.id), '{}'),
    sdg_ids = COALESCE((SELECT array_agg(s.sustainabledevelopmentgoal_id ORDER BY s.sustainabledevelopmentgoal_id)
                        FROM practices_practice_sdgs s WHERE s.practice_id = p.id), '{}')
FROM practices_practice p WHERE p.id = d.practice_id
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicesearchdocument",
            name="country",
            field=models.CharField(default="", max_length=2),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="language_code",
            field=models.CharField(default="", max_length=10),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="period_start",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="published_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="region",
            field=models.CharField(default="", max_length=20),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="sdg_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(), null=True, size=None
            ),
        ),
        migrations.AddField(
            model_name="practicesearchdocument",
            name="theme_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(), null=True, size=None
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
