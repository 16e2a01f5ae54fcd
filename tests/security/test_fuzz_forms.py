"""Odd input in every form field of every POST route never makes a server error, and input no
form may take changes nothing.

tests/test_odd_input.py sends odd query strings to every page; this is its sibling for forms.
The field names are those of every form the platform renders (read from the pages of the
catalogue as the personas who see the most), and each route that takes a POST (from the URL
configuration, through the matrix's table) receives each odd value in every field at once, as
the persona entitled to use it, then as a list of odd values, then a file of the wrong type.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.routes import page_paths, route_path
from tests.security.calls import call
from tests.security.test_csrf import state_changing_routes
from tests.security.world import SecurityWorld

pytestmark = pytest.mark.django_db

ODD_VALUES = (
    "²", "٣", "-1", "0", "9" * 25, str(2**63), str(-(2**63) - 1), "1e309", "NaN", "", " ", "abc",
    "\x00", "text\x00with a NUL", "\x1b[0m\x07\x08", "%", "'\"", "<script>alert(1)</script>",
    "javascript:alert(1)", "//evil.example", "x" * 20_000, "ماء", "💧", "2026-02-30", "on",
)  # fmt: skip
# Values no field may take (Django refuses NUL in any text): a form that reads them changes
# nothing; a button whose route reads no field (publish, withdraw) may still do its work, but no
# NUL may reach the database.
WITH_NUL = {"\x00", "text\x00with a NUL"}


def tables_holding_a_nul() -> list[str]:
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our names)
            if any(isinstance(value, str) and "\x00" in value for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def form_fields(sworld: SecurityWorld) -> set[str]:
    names: set[str] = set()
    for persona in ("alice", "dina", "sam", "advisor"):
        client = sworld.client(persona)
        for path in page_paths(sworld.world):
            names |= set(re.findall(r'\bname="([^"]+)"', call(client, "GET", path).text))
    return names - {"csrfmiddlewaretoken"}


def test_no_form_field_answers_odd_input_with_a_server_error(sworld: SecurityWorld) -> None:
    fields = form_fields(sworld)
    routes = state_changing_routes()
    errors: list[str] = []
    posted = 0
    for name, persona in routes.items():
        path = route_path(name, sworld.world)
        client = sworld.client(persona)
        bodies: list[tuple[str, dict[str, object]]] = [
            (repr(v[:20]), dict.fromkeys(fields, v)) for v in ODD_VALUES
        ]
        bodies.append(("lists", {field: list(ODD_VALUES[:6]) for field in fields}))
        bodies.append(("a file of the wrong type", {
            **dict.fromkeys(fields, "1"),
            "file": SimpleUploadedFile("flows.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        }))  # fmt: skip
        for label, body in bodies:
            nul = label in {repr(v[:20]) for v in WITH_NUL}
            with transaction.atomic():
                answer = call(client, "POST", path, body)
                stored = tables_holding_a_nul() if nul else []
                transaction.set_rollback(True)
            posted += 1
            if answer.status >= 500 or stored:
                errors.append(
                    f"POST {name} as {persona} with {label}: {answer.status}, NUL stored in {stored}"
                )
            cache.clear()
            sworld.login(client, persona)
    print(f"fuzz: {len(fields)} field names, {len(routes)} routes, {posted} posts")
    assert len(fields) >= 40 and len(routes) >= 45, (len(fields), len(routes))
    assert not errors, "\n".join(errors)
