"""The search index: PostgreSQL's tsvector table with a GIN index, or SQLite's FTS5 table,
the practices' embeddings and the stamp that tells processes when to reload them."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS practices_search_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')"
)


def create_index_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX practices_searchdocument_gin ON practices_practicesearchdocument USING gin (document)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(FTS_CREATE)
    apps.get_model("practices", "SearchIndexVersion").objects.get_or_create(name="embeddings")


def drop_index_tables(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS practices_searchdocument_gin")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS practices_search_fts")


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0002_sustainable_development_goals'),
    ]

    operations = [
        migrations.CreateModel(
            name='PracticeEmbedding',
            fields=[
                ('practice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='embedding', serialize=False, to='practices.practice')),
                ('vector', models.BinaryField()),
                ('text_hash', models.CharField(max_length=64)),
                ('model', models.CharField(max_length=60)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.CreateModel(
            name='PracticeSearchDocument',
            fields=[
                ('practice', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='practices.practice')),
                ('document', django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name='SearchIndexVersion',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('stamp', models.CharField(blank=True, max_length=32)),
            ],
        ),
        migrations.RunPython(create_index_tables, drop_index_tables),
    ]
