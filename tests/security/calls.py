"""Calling any route as any persona, and reading what came back as text (PDFs included)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import HttpResponseBase
from django.test import Client

SIGN_IN = "/accounts/login/"


@dataclass
class Answer:
    code: str  # "200", "L" (sent to sign in), "R" (another redirect), "403", "404", "405", ...
    status: int
    location: str
    text: str


def outcome(response: HttpResponseBase) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return "L" if location.startswith(SIGN_IN) else "R"
    return str(response.status_code)


def body_text(response: HttpResponseBase) -> str:
    """What a reader of the response gets, as text: a PDF's text is extracted (pypdf), a ZIP's
    members (the member's data download) are read one after another."""
    streaming = getattr(response, "streaming", False)
    raw: bytes = b"".join(response.streaming_content) if streaming else response.content  # type: ignore[attr-defined]
    if raw.startswith(b"%PDF") and response.headers.get("Content-Type", "").startswith("application/pdf"):
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(raw))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        except Exception:  # a file a member uploaded, not one we made: its bytes as they are
            return raw.decode("latin-1")
    if raw.startswith(b"PK\x03\x04") and response.headers.get("Content-Type", "").startswith(
        "application/zip"
    ):
        import zipfile

        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
            )
    return raw.decode("utf-8", errors="replace")


def call(client: Client, method: str, path: str, data: Any = None, **extra: Any) -> Answer:
    response = getattr(client, method.lower())(path, data if data is not None else {}, **extra)
    return Answer(
        code=outcome(response),
        status=response.status_code,
        location=response.headers.get("Location", ""),
        text=body_text(response),
    )


# Tables a refused request may write to without changing anything of the platform's state.
VOLATILE_TABLES = {"django_session"}


def database_snapshot() -> dict[str, int]:
    """A fingerprint of every table's rows: equal before and after means nothing changed."""
    fingerprint: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in VOLATILE_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our names)
            rows = sorted(repr(row) for row in cursor.fetchall())
            fingerprint[table] = hash(tuple(rows))
    return fingerprint


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))
