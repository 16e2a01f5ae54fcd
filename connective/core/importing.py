"""Reading import files (CSV or JSON) row by row, so every importer reports rows the same way.

A row is located as "line N" (the CSV file's own line, counting the header) or "item N" (the
position in a JSON array, from 1), which is what an operator needs to find and fix it. A row
that cannot be read as a row at all is yielded with an `__error__` key, so that the importer
reports it beside the rows it rejects for their content; a file that cannot be read at all
raises `ImportFileError`, and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

ROW_ERROR = "__error__"
R = TypeVar("R")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, columns); nothing was imported."""


@dataclass
class RowError:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def decode(raw: bytes) -> str:
    """UTF-8 text, with or without the byte-order mark spreadsheets write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8 and try again"
        ) from None


def text_value(value: Any) -> str:
    """A cell as text: numbers and booleans as written, nothing as ""; anything else is an error."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value.strip()


def list_value(value: Any) -> list[Any]:
    """A list cell: a JSON array (its non-empty items as they are), or `;`-separated text."""
    if value is None:
        return []
    if isinstance(value, list):
        return [item for item in value if item not in ("", None)]
    return [part.strip() for part in text_value(value).split(";") if part.strip()]


def read_rows(
    *, text: str, file_format: str, fields: Sequence[str], required: Sequence[str], noun: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (where, raw row) pairs. `noun` names what a JSON item is ("member", "practice")."""
    if file_format == "csv":
        yield from _read_csv(text, fields, required)
    elif file_format == "json":
        yield from _read_json(text, fields, noun)
    else:
        raise ImportFileError(f"unknown format {file_format!r}: use csv or json")


def _check_columns(columns: list[str], fields: Sequence[str], required: Sequence[str]) -> None:
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise ImportFileError(f"unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(fields)}")
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFileError(f"missing column(s): {', '.join(missing)}")


def _read_csv(
    text: str, fields: Sequence[str], required: Sequence[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    # Spreadsheets in French or Arabic locales save with semicolons; the header line tells.
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportFileError("the file is empty") from None
    _check_columns(header, fields, required)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(f"line {start}: {error}") from None
        if not any(value.strip() for value in values):
            continue
        where = f"line {start}"
        if len(values) != len(header):
            yield where, {ROW_ERROR: f"{len(values)} values for {len(header)} columns"}
            continue
        yield where, dict(zip(header, values, strict=True))


def _read_json(text: str, fields: Sequence[str], noun: str) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"not valid JSON at line {error.lineno}: {error.msg}") from None
    if not isinstance(items, list):
        raise ImportFileError(f"the JSON file must hold an array of {noun} objects")
    for number, item in enumerate(items, start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            yield where, {ROW_ERROR: "not an object"}
            continue
        unknown = sorted(set(item) - set(fields))
        if unknown:
            yield (
                where,
                {ROW_ERROR: f"unknown field(s) {', '.join(unknown)}; the fields are: {', '.join(fields)}"},
            )
            continue
        yield where, item


def check_all(
    rows: Iterator[tuple[str, dict[str, Any]]],
    *,
    check: Callable[[str, dict[str, Any]], tuple[R | None, list[str]]],
    key: Callable[[R], str],
    duplicate: Callable[[str, str], str],
) -> tuple[list[R], list[RowError]]:
    """Check every row with `check(where, raw)`, and that no row's `key` appears twice.

    `duplicate(key, first_where)` words the reason given to the second row with the same key.
    Returns the good rows and the reasons every other row was rejected, in file order.
    """
    good: list[R] = []
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for where, raw in rows:
        row, reasons = check(where, raw)
        if row is not None and key(row) in seen:
            reasons = [duplicate(key(row), seen[key(row)])]
            row = None
        if row is None:
            errors.extend(RowError(where, reason) for reason in reasons)
            continue
        seen[key(row)] = where
        good.append(row)
    return good, errors
