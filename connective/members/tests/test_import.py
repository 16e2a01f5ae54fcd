"""`manage.py import_members`: everything or nothing, every bad row named, idempotent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from connective.accounts.choices import ConsentAction, ConsentMethod, ConsentSubject
from connective.accounts.models import ConsentRecord, User
from connective.core.models import Theme
from connective.members.choices import MembershipStatus, MemberType
from connective.members.models import MemberProfile
from connective.members.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,member_type,organisation,city,country,languages,expertise,bio,willing_to_advise\n"
GOOD_CSV = (
    HEADER
    + "amal@example.org,أمل الخطيب,practitioner,Municipalité de Sousse,Sousse,TN,ar;fr,Water supply;Night economy,,yes\n"
    + 'Helene@Example.org,Hélène Dubois,research,"Université de Dakar, urbanisme",Dakar,Senegal,French;English,Night economy,"Works on **waste**, and more",0\n'
)

GOOD_JSON: list[dict[str, Any]] = [
    {
        "email": "amal@example.org",
        "full_name": "أمل الخطيب",
        "member_type": "practitioner",
        "organisation": "Municipalité de Sousse",
        "city": "Sousse",
        "country": "TN",
        "languages": ["ar", "fr"],
        "expertise": ["Water supply", "Urban heat"],
        "willing_to_advise": True,
    },
    {
        "email": "helene@example.org",
        "full_name": "Hélène Dubois",
        "member_type": "research",
        "organisation": "Université de Dakar",
        "city": "Dakar",
        "country": "Senegal",
        "languages": "French;English",
        "expertise": [],
        "bio": "",
        "willing_to_advise": "no",
    },
]


def write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    call_command("import_members", str(path), *args)
    captured = capsys.readouterr()
    return captured.out, captured.err


def snapshot() -> tuple[list[tuple], list[tuple], list[tuple], list[str]]:
    return (
        list(User.objects.order_by("pk").values_list()),
        list(MemberProfile.objects.order_by("pk").values_list()),
        list(ConsentRecord.objects.order_by("pk").values_list()),
        list(Theme.objects.order_by("pk").values_list("slug", flat=True)),
    )


def test_a_good_csv_file_creates_approved_members_who_set_a_password_at_first_login(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write(tmp_path, "old-list.csv", GOOD_CSV)

    out, _err = run(path, capsys=capsys)

    assert "created 2, unchanged 0, themes added 1" in out
    amal = MemberProfile.objects.select_related("user").get(user__email="amal@example.org")
    assert amal.user.full_name == "أمل الخطيب"
    assert amal.status == MembershipStatus.APPROVED
    assert (str(amal.country), amal.region) == ("TN", "mena")
    assert amal.imported_from == "old-list.csv"
    assert not amal.user.has_usable_password()
    assert set(amal.languages.values_list("code", flat=True)) == {"ar", "fr"}
    assert set(amal.expertise.values_list("name", flat=True)) == {"Water supply", "Night economy"}
    assert amal.willing_to_advise is True
    assert ConsentRecord.objects.filter(
        user=amal.user, subject=ConsentSubject.ADVISE, action=ConsentAction.GIVEN, method=ConsentMethod.IMPORT
    ).exists()
    address = EmailAddress.objects.get(user=amal.user)
    assert (address.email, address.verified, address.primary) == ("amal@example.org", False, True)

    helene = MemberProfile.objects.select_related("user").get(user__email="helene@example.org")
    assert (str(helene.country), helene.region, helene.member_type) == ("SN", "ssa", MemberType.RESEARCH)
    assert helene.organisation == "Université de Dakar, urbanisme"
    assert helene.bio == "Works on **waste**, and more"
    assert helene.willing_to_advise is False
    assert not ConsentRecord.objects.filter(user=helene.user, subject=ConsentSubject.ADVISE).exists()


def test_a_good_json_file_creates_the_members(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "members.json", json.dumps(GOOD_JSON, ensure_ascii=False))

    out, _err = run(path, capsys=capsys)

    assert "created 2, unchanged 0, themes added 1" in out
    assert set(MemberProfile.objects.values_list("user__email", flat=True)) == {
        "amal@example.org",
        "helene@example.org",
    }
    assert set(
        MemberProfile.objects.get(user__email="helene@example.org").languages.values_list("code", flat=True)
    ) == {"fr", "en"}


def test_the_format_can_be_given_when_the_extension_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write(tmp_path, "export.txt", json.dumps(GOOD_JSON))

    out, _err = run(path, "--format", "json", capsys=capsys)

    assert "created 2" in out


def test_a_csv_file_with_bad_rows_imports_nothing_and_names_each_row_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    text = (
        HEADER
        + "ok@example.org,Good Row,practitioner,Commune,Rabat,MA,fr,,,no\n"
        + "not-an-email,Bad Email,practitioner,Commune,Rabat,MA,fr,,,no\n"
        + "x@example.org,Bad Country,practitioner,Commune,Atlantis,Atlantis,fr,,,no\n"
        + '"multi@example.org","Multi\nLine",mayor,Commune,Rabat,MA,klingon,,,maybe\n'
        + "ok@example.org,Same Email,practitioner,Commune,Rabat,MA,fr,,,no\n"
        + "short@example.org,Too Few\n"
    )
    path = write(tmp_path, "bad.csv", text)
    before = snapshot()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_members", str(path))

    err = capsys.readouterr().err
    assert "bad.csv, line 3: email 'not-an-email' is not a valid address" in err
    assert "bad.csv, line 4: country 'Atlantis' is not an ISO code or English country name we know" in err
    assert "bad.csv, line 5: member_type 'mayor' is not one of" in err
    assert "bad.csv, line 5: language 'klingon' is not an ISO 639-1 code" in err
    assert "bad.csv, line 5: willing_to_advise must be true/false/yes/no/1/0, not 'maybe'" in err
    assert "bad.csv, line 7: email ok@example.org is already on line 2" in err
    assert "bad.csv, line 8: 2 values for 10 columns" in err
    assert "line 2:" not in err.replace("already on line 2", "")
    assert snapshot() == before


def test_a_json_file_with_bad_items_names_each_item(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    items = [GOOD_JSON[0], {**GOOD_JSON[1], "full_name": "", "languages": []}, "not an object"]
    path = write(tmp_path, "bad.json", json.dumps(items))

    with pytest.raises(CommandError):
        call_command("import_members", str(path))

    err = capsys.readouterr().err
    assert "item 2: full_name is empty" in err
    assert "item 2: languages is empty" in err
    assert "item 3: not an object" in err
    assert "item 1" not in err
    assert not User.objects.exists()
    assert not Theme.objects.filter(name="Urban heat").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write(tmp_path, "old-list.csv", GOOD_CSV)
    run(path, capsys=capsys)
    before = snapshot()

    out, _err = run(path, capsys=capsys)

    assert "created 0, unchanged 2, themes added 0" in out
    assert snapshot() == before


def test_a_member_who_edited_their_profile_is_not_overwritten_by_a_reimport(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write(tmp_path, "old-list.csv", GOOD_CSV)
    run(path, capsys=capsys)
    MemberProfile.objects.filter(user__email="amal@example.org").update(city="Monastir")

    run(path, capsys=capsys)

    assert MemberProfile.objects.get(user__email="amal@example.org").city == "Monastir"


def test_unknown_themes_are_added_to_the_taxonomy_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    text = (
        HEADER
        + "a@example.org,A,practitioner,C,Rabat,MA,fr,Approvisionnement en eau;Urban heat;urban heat,,no\n"
    )
    path = write(tmp_path, "themes.csv", text)

    out, _err = run(path, capsys=capsys)

    assert "themes added 1" in out
    assert "Themes added to the taxonomy: Urban heat" in out
    heat = Theme.objects.get(slug="urban-heat")
    assert heat.name == "Urban heat"
    profile = MemberProfile.objects.get(user__email="a@example.org")
    assert set(profile.expertise.values_list("slug", flat=True)) == {"water-supply", "urban-heat"}


def test_a_theme_merged_into_another_is_imported_as_the_current_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    mobility = ThemeFactory.create(name="Mobility", slug="mobility")
    ThemeFactory.create(name="Transport", slug="transport", merged_into=mobility)
    path = write(tmp_path, "m.csv", HEADER + "a@example.org,A,practitioner,C,Rabat,MA,fr,Transport,,no\n")

    run(path, capsys=capsys)

    assert list(MemberProfile.objects.get().expertise.all()) == [mobility]


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "bom.csv", GOOD_CSV, encoding="utf-8-sig")

    out, _err = run(path, capsys=capsys)

    assert "created 2" in out
    assert User.objects.filter(full_name="أمل الخطيب").exists()
    assert User.objects.filter(full_name="Hélène Dubois").exists()


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message(tmp_path: Path):
    path = write(tmp_path, "latin1.csv", GOOD_CSV.replace("أمل الخطيب", "Amal"), encoding="latin-1")

    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_members", str(path))
    assert not User.objects.exists()


def test_a_csv_without_a_required_column_is_refused(tmp_path: Path):
    path = write(tmp_path, "cols.csv", "email,full_name\na@example.org,A\n")

    with pytest.raises(CommandError, match="missing column"):
        call_command("import_members", str(path))


def test_a_dry_run_checks_and_counts_but_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = write(tmp_path, "old-list.csv", GOOD_CSV)

    out, _err = run(path, "--dry-run", capsys=capsys)

    assert "Dry run" in out
    assert "created 2" in out
    assert "themes added 1" in out
    assert not User.objects.exists()
    assert not Theme.objects.filter(name="Night economy").exists()


def test_an_email_already_registered_in_another_case_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = write(tmp_path, "old-list.csv", GOOD_CSV)
    run(path, capsys=capsys)
    upper = write(tmp_path, "again.csv", GOOD_CSV.replace("amal@example.org", "AMAL@EXAMPLE.ORG"))

    out, _err = run(upper, capsys=capsys)

    assert "created 0, unchanged 2" in out
