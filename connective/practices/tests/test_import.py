"""`manage.py import_practices`: checked first, all or nothing, keyed on external_id."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connective.core.models import AuditEvent, Theme
from connective.members.models import MemberProfile
from connective.practices.choices import PracticeStatus
from connective.practices.mapping import country_centres, locate
from connective.practices.models import Practice, PracticeRevision

pytestmark = pytest.mark.django_db

HEADER = "external_id,title,summary,description,city,country,themes,language,sdgs,period_start,period_end,links,contacts\n"
GOOD_CSV = (
    HEADER
    + "cc-1,Water kiosks,Kiosks sell clean water.,Residents run kiosks.,Amman,JO,Water supply,en,6;11,2018,2021,Report|https://example.org/r,alice@example.org\n"
    + 'cc-2,"Bus lanes, at last",Dedicated lanes for buses.,"A line\nover two lines",Tunis,TN,Urban mobility;Climate mitigation,fr,11,,,,\n'
)


def _run(path: Path, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_practices", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _fail(path: Path, *args: str) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_practices", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_a_good_csv_file_creates_published_practices_placed_on_the_map(
    tmp_path: Path, alice: MemberProfile
) -> None:
    out, err = _run(_write(tmp_path, "practices.csv", GOOD_CSV))
    assert "created 2, updated 0, unchanged 0, rejected 0" in out and err == ""
    kiosks = Practice.objects.get(external_id="cc-1")
    assert kiosks.status == PracticeStatus.PUBLISHED and kiosks.version == 1
    assert kiosks.approach == "Residents run kiosks."  # description -> approach
    assert [t.slug for t in kiosks.themes.all()] == ["water-supply"]
    assert sorted(g.number for g in kiosks.sdgs.all()) == [6, 11]
    assert (kiosks.period_start, kiosks.period_end, kiosks.region) == (2018, 2021, "mena")
    assert kiosks.links == [{"title": "Report", "url": "https://example.org/r"}]
    assert list(kiosks.contacts.all()) == [alice]
    assert kiosks.created_by is None
    amman = locate("Amman", "JO")
    assert (kiosks.latitude, kiosks.longitude, kiosks.location_is_approximate) == (
        amman.latitude,
        amman.longitude,
        False,
    )
    buses = Practice.objects.get(external_id="cc-2")
    assert buses.title == "Bus lanes, at last" and buses.approach == "A line\nover two lines"
    assert buses.language_id == "fr"
    assert sorted(t.slug for t in buses.themes.all()) == ["climate-mitigation", "urban-mobility"]
    assert PracticeRevision.objects.filter(practice=buses, number=1).exists()


def test_a_good_json_file_imports_arabic_and_french_content(tmp_path: Path) -> None:
    items = [
        {
            "external_id": "ar-1", "title": "أكشاك المياه المجتمعية", "summary": "أكشاك تبيع المياه النظيفة بسعر عادل.",
            "approach": "أدارت شركة المياه ولجان السكان الأكشاك معاً.", "description": "ignored: approach is given",
            "city": "صفاقس", "country": "Tunisia", "themes": ["الإمداد بالمياه"], "language": "ar",
            "sdgs": [6], "links": ["https://example.org/ar"],
        },
        {
            "external_id": "fr-1", "title": "Budget participatif à Sétif", "summary": "Les habitants décident.",
            "description": "Assemblées de quartier.", "city": "Setif", "country": "Algérie",
            "themes": ["Participation citoyenne"], "language": "French", "period_start": 2019,
        },
    ]  # fmt: skip
    out, _err = _run(_write(tmp_path, "practices.json", json.dumps(items, ensure_ascii=False)))
    assert "created 2" in out
    arabic = Practice.objects.get(external_id="ar-1")
    assert arabic.title == "أكشاك المياه المجتمعية" and arabic.country.code == "TN"
    assert arabic.approach.startswith("أدارت")
    assert [t.slug for t in arabic.themes.all()] == ["water-supply"]
    sfax = locate("Sfax", "TN")
    assert (arabic.latitude, arabic.longitude, arabic.location_is_approximate) == (
        sfax.latitude,
        sfax.longitude,
        False,
    )
    assert arabic.links == [{"title": "", "url": "https://example.org/ar"}]
    french = Practice.objects.get(external_id="fr-1")
    assert (
        french.country.code == "DZ"
        and french.language_id == "fr"
        and french.approach == "Assemblées de quartier."
    )
    assert locate("Sétif", "DZ").latitude == french.latitude


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(tmp_path: Path) -> None:
    content = (
        HEADER
        + "ok-1,Fine,Fine summary.,,Amman,JO,Water supply,en,,,,,\n"
        + "bad-1,,No title here.,,Amman,JO,Water supply,en,,,,,\n"
        + "bad-2,Wrong country,S.,,Nowhere,Atlantis,Water supply,xx,19,soon,,,\n"
        + "ok-1,Duplicate key,S.,,Amman,JO,Water supply,en,,,,,\n"
        + "bad-3,Ends before start,S.,,Amman,JO,Water supply,en,,2020,2010,not a url,nobody@example.org\n"
    )
    message, err = _fail(_write(tmp_path, "bad.csv", content))
    assert "nothing was imported" in message
    assert "bad.csv, line 3: title is empty" in err
    assert "line 4: country 'Atlantis' is not an ISO code" in err
    assert "line 4: language 'xx'" in err
    assert "line 4: SDG '19' is not a number from 1 to 17" in err
    assert "line 4: period_start 'soon' is not a year" in err
    assert "line 5: external_id 'ok-1' is already on line 2" in err
    assert "line 6: contacts nobody@example.org are not approved members" in err
    assert Practice.objects.count() == 0


def test_service_validation_reaches_the_report_too(tmp_path: Path) -> None:
    content = HEADER + "x-1,T,S.,,Amman,JO,Water supply,en,,2020,2010,not a url,\n"
    _message, err = _fail(_write(tmp_path, "bad.csv", content))
    assert "line 2: period_end: The practice cannot end before it started." in err
    assert "line 2: links: Link 1 is not a web address" in err


def test_bad_json_items_are_reported_by_number(tmp_path: Path) -> None:
    items = [{"external_id": "j-1", "title": "T", "summary": "S", "city": "Amman", "country": "JO", "themes": ["Water supply"], "language": "en"}, "oops", {"external_id": "j-3", "colour": "red"}]  # fmt: skip
    _message, err = _fail(_write(tmp_path, "bad.json", json.dumps(items)))
    assert "item 2: not an object" in err
    assert "item 3: unknown field(s) colour" in err
    assert Practice.objects.count() == 0


def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(tmp_path: Path) -> None:
    content = (
        HEADER
        + "ok-1,Fine,Fine summary.,,Amman,JO,Water supply,en,,,,,\n"
        + "bad-1,,No title.,,Amman,JO,Water supply,en,,,,,\n"
    )
    out, err = _run(_write(tmp_path, "mixed.csv", content), "--skip-invalid")
    assert "created 1, updated 0, unchanged 0, rejected 1" in out
    assert "line 3: title is empty" in err
    assert list(Practice.objects.values_list("external_id", flat=True)) == ["ok-1"]


def test_the_same_file_twice_duplicates_nothing_and_reports_unchanged(
    tmp_path: Path, alice: MemberProfile
) -> None:
    path = _write(tmp_path, "practices.csv", GOOD_CSV)
    _run(path)
    out, _err = _run(path)
    assert "created 0, updated 0, unchanged 2" in out
    assert "line 2: cc-1 unchanged" in out
    assert Practice.objects.count() == 2
    assert Practice.objects.get(external_id="cc-1").version == 1


def test_a_changed_row_updates_the_practice_in_place_as_a_new_version(
    tmp_path: Path, alice: MemberProfile
) -> None:
    _run(_write(tmp_path, "v1.csv", GOOD_CSV))
    out, _err = _run(
        _write(tmp_path, "v2.csv", GOOD_CSV.replace("Kiosks sell clean water.", "Kiosks sell water."))
    )
    assert "created 0, updated 1, unchanged 1" in out
    kiosks = Practice.objects.get(external_id="cc-1")
    assert (
        kiosks.summary == "Kiosks sell water."
        and kiosks.version == 2
        and kiosks.status == PracticeStatus.PUBLISHED
    )
    assert Practice.objects.count() == 2


def test_draft_creates_drafts(tmp_path: Path, alice: MemberProfile) -> None:
    _run(_write(tmp_path, "practices.csv", GOOD_CSV), "--draft")
    assert set(Practice.objects.values_list("status", flat=True)) == {PracticeStatus.DRAFT}


def test_unknown_themes_are_added_and_unknown_cities_placed_at_the_country_centre(tmp_path: Path) -> None:
    content = (
        HEADER
        + "n-1,Rooftop farms,Farms on roofs.,,Qaryat al-Nowhere,JO,Urban agriculture;Water supply,en,,,,,\n"
    )
    out, _err = _run(_write(tmp_path, "new.csv", content))
    assert "Themes added to the taxonomy: Urban agriculture" in out
    assert "placed at their country's centre: line 2: Qaryat al-Nowhere (JO)" in out
    practice = Practice.objects.get(external_id="n-1")
    assert sorted(t.slug for t in practice.themes.all()) == ["urban-agriculture", "water-supply"]
    assert practice.location_is_approximate
    assert (practice.latitude, practice.longitude) == country_centres()["JO"]
    theme = Theme.objects.get(slug="urban-agriculture")
    assert AuditEvent.objects.filter(action="theme.created", target_id=str(theme.pk)).exists()


def test_a_file_with_a_missing_column_or_bad_encoding_is_refused(tmp_path: Path) -> None:
    message, _err = _fail(_write(tmp_path, "cols.csv", "external_id,title\nx,y\n"))
    assert "missing column(s): summary, city, country, themes, language" in message
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((HEADER + "x,Sétif,S,,Sétif,DZ,Water supply,fr,,,,,\n").encode("latin-1"))
    message, _err = _fail(latin1)
    assert "not UTF-8" in message
    message, _err = _fail(_write(tmp_path, "x.txt", "[]"))
    assert "unknown format" in message
    assert Practice.objects.count() == 0


def test_a_semicolon_separated_csv_from_a_spreadsheet_is_read(tmp_path: Path) -> None:
    content = "\ufeffexternal_id;title;summary;city;country;themes;language\ns-1;Kiosks;Water for all.;Amman;JO;Water supply;en\n"
    out, _err = _run(_write(tmp_path, "excel.csv", content))
    assert "created 1" in out


def test_a_portuguese_file_names_its_country_and_themes_in_portuguese(tmp_path: Path) -> None:
    items = [
        {
            "external_id": "pt-1", "title": "Quiosques de água comunitários", "summary": "Água limpa a preço justo.",
            "description": "A empresa de águas e os comités de bairro gerem os quiosques.", "city": "Maputo",
            "country": "Moçambique", "themes": ["Abastecimento de água"], "language": "pt",
        },
    ]  # fmt: skip
    out, _err = _run(_write(tmp_path, "practices.json", json.dumps(items, ensure_ascii=False)))

    assert "created 1" in out, out
    practice = Practice.objects.get(external_id="pt-1")
    assert practice.country.code == "MZ"
    assert [t.slug for t in practice.themes.all()] == ["water-supply"]
