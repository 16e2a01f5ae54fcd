"""Import files are read the same way for every importer: rows located by line or item."""

from __future__ import annotations

import pytest

from connective.core.importing import ROW_ERROR, ImportFileError, decode, read_rows

FIELDS = ("email", "name", "city")
REQUIRED = ("email", "name")


def rows(text: str, file_format: str) -> list[tuple[str, dict[str, object]]]:
    return list(
        read_rows(text=text, file_format=file_format, fields=FIELDS, required=REQUIRED, noun="member")
    )


def test_csv_rows_are_located_by_their_line_in_the_file_skipping_blank_lines() -> None:
    text = 'email,name,city\na@example.org,Amal,Sfax\n\n"b@example.org","Ben, Jr.",Tunis\n'
    assert rows(text, "csv") == [
        ("line 2", {"email": "a@example.org", "name": "Amal", "city": "Sfax"}),
        ("line 4", {"email": "b@example.org", "name": "Ben, Jr.", "city": "Tunis"}),
    ]


def test_semicolon_spreadsheets_are_read_too() -> None:
    assert rows("email;name\na@example.org;Amal\n", "csv") == [
        ("line 2", {"email": "a@example.org", "name": "Amal"})
    ]


def test_a_csv_row_with_the_wrong_number_of_values_is_reported_not_guessed() -> None:
    assert rows("email,name\na@example.org,Amal,extra\n", "csv") == [
        ("line 2", {ROW_ERROR: "3 values for 2 columns"})
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("email,phone\n", "unknown column"), ("email\n", "missing column")],
)
def test_a_csv_file_with_bad_columns_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        rows(text, "csv")


def test_json_items_are_located_by_position_and_checked_for_shape() -> None:
    text = '[{"email": "a@example.org", "name": "Amal"}, 3, {"email": "x", "phone": "1"}]'
    found = rows(text, "json")
    assert found[0] == ("item 1", {"email": "a@example.org", "name": "Amal"})
    assert found[1] == ("item 2", {ROW_ERROR: "not an object"})
    assert found[2][0] == "item 3" and "unknown field(s) phone" in found[2][1][ROW_ERROR]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "message"), [("{", "not valid JSON at line 1"), ('{"email": 1}', "array of member objects")]
)
def test_a_json_file_that_is_not_an_array_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        rows(text, "json")


def test_text_must_be_utf8_and_a_byte_order_mark_is_dropped() -> None:
    assert decode("\ufeffemail".encode()) == "email"
    with pytest.raises(ImportFileError, match="not UTF-8"):
        decode("café".encode("latin-1"))


def test_an_unknown_format_is_named() -> None:
    with pytest.raises(ImportFileError, match="unknown format 'xlsx'"):
        rows("", "xlsx")


def test_cells_read_as_text_and_lists_the_same_way_in_csv_and_json() -> None:
    from connective.core.importing import list_value, text_value

    assert text_value(None) == "" and text_value(3) == "3" and text_value(" Sfax ") == "Sfax"
    with pytest.raises(ValueError, match="expected text"):
        text_value({"a": 1})
    assert list_value("ar; fr ;;en") == ["ar", "fr", "en"]
    assert list_value(["ar", "", None, 6]) == ["ar", 6]
    assert list_value(None) == []
