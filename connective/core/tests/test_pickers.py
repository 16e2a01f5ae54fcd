"""The pickers' lists: common choices first, time zones a person recognises, and markup that
works without the script."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.utils import translation

from connective.core.pickers import (
    Group,
    Option,
    PickerCheckboxes,
    PickerSelect,
    PickerSelectMultiple,
    accepted_languages,
    accepted_region,
    common_first,
    common_languages,
    time_zone_groups,
    time_zone_options,
    utc_offset,
)
from connective.core.tests.html_forms import read_form

SUMMER = datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC)
WINTER = datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)


def test_the_browsers_languages_come_in_the_order_it_prefers_them():
    assert accepted_languages("pt-BR,pt;q=0.9,fr;q=0.8,en;q=0.5,*;q=0.1") == ["pt", "fr", "en"]
    assert accepted_languages("") == []


def test_a_country_in_the_header_names_its_region():
    assert accepted_region("ar-JO,ar;q=0.9") == "mena"
    assert accepted_region("fr") == ""


def test_common_languages_are_the_browsers_then_the_regions():
    assert common_languages(region="mena", accept_language="pt-BR,de;q=0.5")[:5] == [
        "pt",
        "de",
        "ar",
        "fr",
        "en",
    ]
    # Without a region or a browser preference: the programme's working languages.
    assert common_languages() == ["en", "fr", "ar", "pt"]


def test_common_choices_come_first_in_their_order_and_only_once():
    options = [Option("a", "A"), Option("b", "B"), Option("c", "C")]

    groups = common_first(options, ["c", "a"], common_label="Common", rest_label="All")

    assert [(g.label, [o.value for o in g.options]) for g in groups] == [
        ("Common", ["c", "a"]),
        ("All", ["b"]),
    ]
    assert common_first(options, [], common_label="Common", rest_label="All") == [Group("", options)]


# -- time zones -------------------------------------------------------------------------------


def test_the_time_zone_list_has_only_zones_people_live_in():
    zones = [zone for _code, zone, _label in time_zone_options()]

    assert "Asia/Amman" in zones
    assert "Africa/Tunis" in zones
    assert not [zone for zone in zones if zone.startswith("Etc/") or "/" not in zone]
    assert "Factory" not in zones
    assert "UTC" not in zones  # the blank choice is UTC
    assert len(zones) == len(set(zones))


def test_each_zone_reads_country_city_and_its_offset_now():
    with translation.override("en"):
        labels = {zone: label for _code, zone, label in time_zone_options(SUMMER)}

    assert labels["Asia/Amman"] == "Jordan — Amman (UTC+03:00)"
    assert labels["America/Argentina/Buenos_Aires"] == "Argentina — Buenos Aires (UTC-03:00)"
    assert labels["Asia/Kolkata"] == "India — Kolkata (UTC+05:30)"


def test_the_offset_follows_daylight_saving_time():
    assert utc_offset("Europe/Berlin", SUMMER) == "UTC+02:00"
    assert utc_offset("Europe/Berlin", WINTER) == "UTC+01:00"
    assert utc_offset("America/Sao_Paulo", SUMMER) == "UTC-03:00"
    with translation.override("en"):
        assert time_zone_options(WINTER) != time_zone_options(SUMMER)
        winter = {zone: label for _code, zone, label in time_zone_options(WINTER)}
    assert winter["Europe/Berlin"] == "Germany — Berlin (UTC+01:00)"


def test_the_zones_are_named_in_the_interface_language():
    with translation.override("fr"):
        labels = {zone: label for _code, zone, label in time_zone_options(SUMMER)}

    assert labels["Europe/Berlin"] == "Allemagne — Berlin (UTC+02:00)"


def test_the_members_country_comes_first_and_a_stored_zone_outside_the_list_stays_selected():
    widget = PickerSelect(
        groups=time_zone_groups(country="JO", blank="UTC", current=lambda: "Etc/GMT+5"), search_label="Search"
    )

    with translation.override("en"):
        html = widget.render("time_zone", "Etc/GMT+5")

    select = read_form(f'<form method="post">{html}</form>', containing="time_zone").selects["time_zone"]
    assert select.selected == ["Etc/GMT+5"]
    assert select.options[2][1].startswith("Jordan — Amman (UTC")
    assert select.options[2][2] == "Jordan"
    assert 'data-picker="Search"' in html


def test_the_zone_list_is_read_from_the_tz_database_tables():
    assert any((Path(base) / "zone.tab").exists() for base in zoneinfo.TZPATH)


# -- markup without the script ----------------------------------------------------------------


def test_a_multiple_picker_is_a_select_multiple_with_common_choices_first():
    groups = [Group("Common", [Option("ar", "Arabic", "العربية")]), Group("All", [Option("de", "German")])]
    widget = PickerSelectMultiple(groups=lambda: groups, search_label="Search languages")

    html = widget.render("languages", ["de"], attrs={"id": "id_languages"})

    assert html.startswith(
        '<select name="languages" multiple id="id_languages" data-picker="Search languages">'
    )
    assert '<optgroup label="Common"><option value="ar" data-k="العربية">Arabic</option></optgroup>' in html
    assert '<option value="de" selected>German</option>' in html


def test_checkbox_pickers_keep_ids_a_label_elsewhere_can_point_at():
    groups = [Group("", [Option("3", "Water supply", "Eau", key="water-supply")])]
    widget = PickerCheckboxes(groups=lambda: groups, search_label="Search themes", summary="Choose themes")

    html = widget.render("themes", ["3"], attrs={"id": "id_themes"})

    assert '<details class="picker-boxes" id="id_themes" data-picker="Search themes">' in html
    assert "<summary>Water supply</summary>" in html
    assert 'id="id_themes_water-supply" data-k="Eau" checked>' in html


def test_the_script_is_small():
    script = Path(settings.BASE_DIR) / "static" / "js" / "picker.js"
    assert script.stat().st_size < 12 * 1024


def test_a_theme_is_found_by_its_english_name_in_any_interface_language():
    from types import SimpleNamespace

    from connective.core.pickers import theme_groups

    water = SimpleNamespace(
        pk=3, slug="water-supply", name="Water supply", label="Approvisionnement en eau", uses=0
    )
    mobility = SimpleNamespace(pk=4, slug="mobility", name="Mobility", label="Mobility", uses=2)

    groups = theme_groups(lambda: [water, mobility])()

    assert [[o.value for o in g.options] for g in groups] == [["4"], ["3"]]
    assert groups[1].options[0] == Option("3", "Approvisionnement en eau", "Water supply", "water-supply")
    assert groups[0].options[0].keywords == ""  # nothing the label does not already say
