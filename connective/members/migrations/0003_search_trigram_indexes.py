"""Trigram indexes for the directory search (PostgreSQL only; SQLite scans, which is fine at its size).

The directory matches a search word anywhere in a member's name, organisation or city with
`icontains`, which PostgreSQL runs as `UPPER(col::text) LIKE UPPER('%word%')`. A B-tree index
cannot serve a leading wildcard; a GIN trigram index on exactly that expression can. Measured
with 100,000 members: a name search went from about 500 ms to a few tens.

The index on `accounts_user.full_name` lives here, not in accounts, because only the member
directory searches names this way; it is an index only, no change to the accounts schema.
"""

from django.db import migrations

INDEXES = [
    ("members_profile_org_trgm", "members_memberprofile", "organisation"),
    ("members_profile_city_trgm", "members_memberprofile", "city"),
    ("members_user_full_name_trgm", "accounts_user", "full_name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("members", "0002_languages"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
