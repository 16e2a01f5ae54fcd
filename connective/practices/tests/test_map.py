"""The gazetteer, the map page and the map's data: public, published practices only, no people."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from connective.members.models import MemberProfile
from connective.practices import mapping
from connective.practices.choices import PracticeStatus
from connective.practices.mapping import (
    UnknownCountry,
    country_centres,
    locate,
    normalise,
    parse_filters,
)
from connective.practices.models import Practice
from connective.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

# -- gazetteer -----------------------------------------------------------------------------


def test_a_known_city_is_found_whatever_its_case_and_accents() -> None:
    tunis = locate("Tunis", "TN")
    assert tunis == locate("TUNIS", "tn") == locate("  tunis ", "TN")
    assert tunis.approximate is False
    assert tunis.latitude == pytest.approx(36.82, abs=0.05)
    assert tunis.longitude == pytest.approx(10.17, abs=0.05)
    assert locate("Sétif", "DZ") == locate("setif", "DZ")


def test_arabic_and_french_spellings_find_the_same_city() -> None:
    assert locate("تونس", "TN") == locate("Tunis", "TN")
    assert locate("صفاقس", "TN") == locate("Sfax", "TN")
    assert locate("Fès", "MA") == locate("Fez", "MA")
    assert locate("الدار البيضاء", "MA") == locate("Casablanca", "MA")
    assert locate("عمان", "JO") == locate("Amman", "JO")


def test_a_city_is_only_looked_for_in_its_own_country() -> None:
    # Tripoli in Lebanon and in Libya are two cities.
    lebanon, libya = locate("Tripoli", "LB"), locate("Tripoli", "LY")
    assert lebanon.approximate is False and libya.approximate is False
    assert lebanon.longitude == pytest.approx(35.8, abs=0.2)
    assert libya.longitude == pytest.approx(13.2, abs=0.2)


def test_an_unknown_city_goes_to_its_countrys_centre_marked_approximate() -> None:
    somewhere = locate("Qaryat al-Nowhere", "JO")
    assert somewhere.approximate is True
    assert (somewhere.latitude, somewhere.longitude) == country_centres()["JO"]
    # Jordan's centre lies in Jordan (roughly 29-33.5 N, 35-39.5 E).
    assert 29 < somewhere.latitude < 33.5 and 35 < somewhere.longitude < 39.5


def test_concave_countries_have_their_centre_inside_them() -> None:
    lat, lon = country_centres()["HR"]  # Croatia's centroid falls in Bosnia; the point must not
    assert 44.5 < lat < 46.5 and 15 < lon < 17.5
    assert "XK" in country_centres() and "BH" in country_centres()  # Kosovo; Bahrain (tiny)


def test_an_unknown_country_is_an_error_not_a_guess() -> None:
    with pytest.raises(UnknownCountry):
        locate("Amman", "QQ")


def test_names_are_compared_without_punctuation_or_arabic_vowel_marks() -> None:
    assert normalise("Saint-Louis") == normalise("saint louis") == "saint louis"
    assert normalise("عَمّان") == normalise("عمان")
    assert normalise("أريحا") == normalise("اريحا")


# -- filters -------------------------------------------------------------------------------


def test_the_filters_are_read_and_bad_ones_named(db: None) -> None:
    filters, errors = parse_filters({"region": "mena", "country": "jo", "theme": "water-supply", "sdg": "6"})
    assert (filters.region, filters.country, filters.theme, filters.sdg) == ("mena", "JO", "water-supply", 6)
    assert errors == {}
    filters, errors = parse_filters({"region": "mars", "sdg": "18", "year": "soon", "country": "QQ"})
    assert set(errors) == {"region", "sdg", "year", "country"}
    assert filters.region == "" and filters.sdg is None and filters.year is None


# -- the map page --------------------------------------------------------------------------


def test_a_visitor_sees_the_map_page_which_alone_loads_leaflet(visitor: Client) -> None:
    PracticeFactory.create()
    response = visitor.get(reverse("practices:map"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in page
    assert "leaflet.markercluster.js" in page
    assert reverse("practices:map_data") in page
    home = visitor.get(reverse("core:home")).content.decode()
    assert "leaflet" not in home


def test_the_map_page_passes_its_filters_on_to_the_data(visitor: Client) -> None:
    response = visitor.get(reverse("practices:map"), {"region": "mena", "theme": "water-supply"})
    assert response.status_code == 200
    assert "region=mena" in response.content.decode()
    assert 'data-region="mena"' in response.content.decode()


def test_a_bad_filter_on_the_map_page_is_named(visitor: Client) -> None:
    response = visitor.get(reverse("practices:map"), {"region": "atlantis"})
    assert response.status_code == 400
    assert "atlantis" in response.content.decode()


def test_the_map_uses_tiles_only_when_a_tile_server_is_configured(visitor: Client, settings: object) -> None:
    assert 'data-tiles=""' in visitor.get(reverse("practices:map")).content.decode()
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"  # type: ignore[attr-defined]
    page = visitor.get(reverse("practices:map")).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page


# -- the map's data ------------------------------------------------------------------------


def _rows(response: object) -> list[dict[str, object]]:
    data = json.loads(response.content)  # type: ignore[attr-defined]
    return [dict(zip(data["columns"], row, strict=True)) for row in data["practices"]]


def test_the_map_data_holds_published_practices_with_their_places_and_themes(
    visitor: Client, alice: MemberProfile
) -> None:
    published = PracticeFactory.create(
        city="Tunis", country="TN", latitude=36.82, longitude=10.17, contacts=[alice]
    )
    PracticeFactory.create(status=PracticeStatus.DRAFT, latitude=1.0, longitude=1.0)
    PracticeFactory.create(status=PracticeStatus.IN_REVIEW, latitude=1.0, longitude=1.0)
    response = visitor.get(reverse("practices:map_data"))
    assert response.status_code == 200
    rows = _rows(response)
    assert [row["slug"] for row in rows] == [published.slug]
    assert rows[0]["lat"] == 36.82 and rows[0]["lon"] == 10.17 and rows[0]["city"] == "Tunis"
    themes = json.loads(response.content)["themes"]
    # Slugs, not labels: the data is the same in every language (the page has the labels).
    assert [themes[str(theme_id)] for theme_id in rows[0]["themes"]] == ["water-supply"]  # type: ignore[attr-defined]
    body = response.content.decode()
    assert "alice" not in body.lower() and "Haddad" not in body


def test_a_practice_made_through_the_services_is_placed_by_the_gazetteer(db: None) -> None:
    from connective.core.models import Theme
    from connective.practices.services import PracticeData, practice_create

    practice = practice_create(
        actor=None,
        data=PracticeData(
            title="Bus rapid transit",
            summary="A dedicated bus lane.",
            city="صفاقس",
            country="TN",
            themes=[Theme.objects.get(slug="urban-mobility")],
        ),
        status=PracticeStatus.PUBLISHED,
    )
    sfax = locate("Sfax", "TN")
    assert (practice.latitude, practice.longitude, practice.location_is_approximate) == (
        sfax.latitude,
        sfax.longitude,
        False,
    )


def test_the_map_data_is_filtered_by_region_country_theme_sdg_language_and_year(visitor: Client) -> None:
    amman = PracticeFactory.create(
        latitude=31.9, longitude=35.9, sdgs=[6], period_start=2018, period_end=2021
    )
    sarajevo = PracticeFactory.create(
        city="Sarajevo", country="BA", latitude=43.8, longitude=18.4, themes=["urban-mobility"],
        language_id="fr", period_start=2022, period_end=None,
    )  # fmt: skip

    def slugs(**params: str) -> list[object]:
        return [row["slug"] for row in _rows(visitor.get(reverse("practices:map_data"), params))]

    assert slugs(region="mena") == [amman.slug]
    assert slugs(region="see") == [sarajevo.slug]
    assert slugs(country="BA") == [sarajevo.slug]
    assert slugs(theme="urban-mobility") == [sarajevo.slug]
    assert slugs(sdg="6") == [amman.slug]
    assert slugs(language="fr") == [sarajevo.slug]
    assert slugs(year="2018") == [amman.slug]  # the year it started, as in search
    assert slugs(year="2022") == [sarajevo.slug]
    assert slugs(year="2019") == []
    assert slugs(region="mena", theme="urban-mobility") == []


def test_bad_filters_on_the_map_data_are_a_400_naming_them(visitor: Client) -> None:
    response = visitor.get(reverse("practices:map_data"), {"sdg": "99"})
    assert response.status_code == 400
    assert "sdg" in json.loads(response.content)["errors"]


def test_members_and_staff_get_the_same_public_map_data(
    client_for: Callable[..., Client], alice: MemberProfile, sam: object, visitor: Client
) -> None:
    PracticeFactory.create(latitude=31.9, longitude=35.9)
    PracticeFactory.create(status=PracticeStatus.DRAFT, authors=[alice], latitude=1.0, longitude=1.0)
    url = reverse("practices:map_data")
    public = visitor.get(url).content
    assert client_for(alice).get(url).content == public
    assert client_for(sam).get(url).content == public


def _many_practices(count: int) -> None:
    first = PracticeFactory.create(latitude=31.9, longitude=35.9)
    Practice.objects.bulk_create(
        Practice(
            slug=f"bulk-{n}", title=f"Bulk {n}", summary="s", city="Amman", country="JO", region="mena",
            language_id="ar" if n % 2 else "en", status=PracticeStatus.PUBLISHED, latitude=31.9, longitude=35.9,
        )
        for n in range(count - 1)
    )  # fmt: skip
    through = Practice.themes.through
    theme_id = first.themes.get().pk
    through.objects.bulk_create(
        through(practice_id=pk, theme_id=theme_id)
        for pk in Practice.objects.exclude(pk=first.pk).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_map_page_costs_the_same_queries_for_10_or_1000_practices(visitor: Client, count: int) -> None:
    _many_practices(count)
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(reverse("practices:map"))
    assert response.status_code == 200
    # the version (2, and a third the first time after practices changed: their count),
    # countries with practices, languages with practices, the count, themes, SDGs. The count
    # was read on every request before; now only when a practice changed.
    assert len(queries) == 8, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get(reverse("practices:map"))
    assert again.context["count"] == response.context["count"] == count
    assert len(queries) == 4, [q["sql"] for q in queries]  # the version, themes, SDGs


@pytest.mark.parametrize("count", [10, 1000])
def test_the_map_data_costs_the_same_queries_for_10_or_1000_practices(visitor: Client, count: int) -> None:
    _many_practices(count)
    # A visitor has no session to look up; then: the version (2, and the published practices'
    # count the first time after they changed: it was read on every request before),
    # practices, their theme links, the themes.
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(reverse("practices:map_data"))
    assert len(_rows(response)) == count
    assert len(queries) == 6, [q["sql"] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get(reverse("practices:map_data"))
    assert again.content == response.content
    assert len(queries) == 2, [q["sql"] for q in queries]  # the version only: the body is cached


def _places(response: object) -> list[dict[str, object]]:
    data = json.loads(response.content)  # type: ignore[attr-defined]
    return [dict(zip(data["place_columns"], row, strict=True)) for row in data["places"]]


@pytest.mark.parametrize("count", [10, 1000])
def test_many_practices_become_one_marker_per_place_with_its_count(
    visitor: Client, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mapping, "MAP_MARKERS_MAX", 5)
    _many_practices(count)  # all in Amman
    PracticeFactory.create(city="Tunis", country="TN", latitude=36.82, longitude=10.17)
    PracticeFactory.create(
        status=PracticeStatus.DRAFT, city="Sfax", country="TN", latitude=34.74, longitude=10.76
    )
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(reverse("practices:map_data"))
    data = json.loads(response.content)
    assert data["practices"] == [] and data["total"] == count + 1
    assert _places(response) == [
        {"lat": 31.9, "lon": 35.9, "count": count, "city": "Amman", "country": "JO", "approximate": False},
        {"lat": 36.82, "lon": 10.17, "count": 1, "city": "Tunis", "country": "TN", "approximate": False},
    ]
    # the version (2, and their count the first time after practices changed), the first
    # practices (more than the limit), the places
    assert len(queries) == 5, [q["sql"] for q in queries]
    # Narrowed down to a few, the practices are shown one by one again.
    assert [row["city"] for row in _rows(visitor.get(reverse("practices:map_data"), {"country": "TN"}))] == [
        "Tunis"
    ]


def test_a_few_practices_stay_one_marker_each(visitor: Client) -> None:
    PracticeFactory.create_batch(3, latitude=31.9, longitude=35.9)
    points = mapping.map_points(mapping.PracticeFilters(), limit=3)
    assert len(points["practices"]) == 3 and points["places"] == [] and points["total"] == 3
    assert mapping.map_points(mapping.PracticeFilters(), limit=2)["places"][0][2] == 3


def test_the_map_data_can_be_kept_by_browsers_and_asked_again_for_nothing(visitor: Client) -> None:
    PracticeFactory.create(latitude=31.9, longitude=35.9)
    url = reverse("practices:map_data")
    first = visitor.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"] and first["Last-Modified"]
    again = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert visitor.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    other = visitor.get(url, {"country": "JO"})
    assert other["ETag"] != first["ETag"]  # each filter has its own version


def test_a_changed_practice_shows_at_once_in_spite_of_the_caches(visitor: Client) -> None:
    practice = PracticeFactory.create(city="Amman", latitude=31.9, longitude=35.9)
    url = reverse("practices:map_data")
    first = visitor.get(url)
    assert visitor.get(reverse("practices:map")).context["count"] == 1
    practice.city, practice.latitude, practice.longitude = "Tunis", 36.82, 10.17
    practice.published_at = timezone.now()  # as the services do when they publish an edit
    practice.save()
    changed = visitor.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert [(row["city"], row["lat"]) for row in _rows(changed)] == [("Tunis", 36.82)]
    PracticeFactory.create(latitude=31.9, longitude=35.9)
    assert len(_rows(visitor.get(url))) == 2
    assert visitor.get(reverse("practices:map")).context["count"] == 2
    practice.delete()
    assert len(_rows(visitor.get(url))) == 1
    assert visitor.get(reverse("practices:map")).context["count"] == 1


def test_the_map_data_is_compressed_for_browsers_that_accept_it(visitor: Client) -> None:
    PracticeFactory.create_batch(5, latitude=31.9, longitude=35.9)  # gzip skips tiny responses
    response = visitor.get(reverse("practices:map_data"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["practices"]


def test_a_practice_withdrawn_in_bulk_with_its_index_shows_at_once(visitor: Client) -> None:
    from connective.practices.search.index import practice_changed

    kept, withdrawn = PracticeFactory.create_batch(2, latitude=31.9, longitude=35.9)
    url = reverse("practices:map_data")
    assert len(_rows(visitor.get(url))) == 2
    # No save() and no signal: what moves the version is the search index's stamp.
    Practice.objects.filter(pk=withdrawn.pk).update(status=PracticeStatus.DRAFT)
    practice_changed(withdrawn.pk)

    assert [row["slug"] for row in _rows(visitor.get(url))] == [kept.slug]


# -- links to the map ----------------------------------------------------------------------


def test_the_library_links_to_the_map_with_its_filters_but_not_its_words(visitor: Client) -> None:
    from connective.practices.search.index import rebuild

    PracticeFactory.create(region="mena", country="JO")
    rebuild(embeddings=False)  # the link shows with results; an empty result offers other ways
    page = visitor.get(reverse("practices:list")).content.decode()
    assert f'href="{reverse("practices:map")}" hx-boost="false"' in page
    page = visitor.get(
        reverse("practices:list"), {"q": "water", "region": "mena", "sort": "title"}
    ).content.decode()
    assert f'href="{reverse("practices:map")}?region=mena" hx-boost="false"' in page


def test_a_published_practice_links_to_its_place_on_the_map(visitor: Client) -> None:
    practice = PracticeFactory.create(latitude=31.95, longitude=35.93)
    page = visitor.get(reverse("practices:detail", args=[practice.slug])).content.decode()
    # The marker is opened by its slug; the map is centred on its place (after the #) at once.
    assert f'href="{reverse("practices:map")}?practice={practice.slug}#31.9500,35.9300"' in page


def test_a_practice_without_a_place_has_no_map_link(visitor: Client) -> None:
    practice = PracticeFactory.create(latitude=None, longitude=None)
    page = visitor.get(reverse("practices:detail", args=[practice.slug])).content.decode()
    assert "?practice=" not in page


def test_a_network_page_links_to_the_map_of_its_region(visitor: Client) -> None:
    page = visitor.get(reverse("networks:detail", args=["mena"])).content.decode()
    assert f'href="{reverse("practices:map")}?region=mena"' in page


def test_the_map_opens_on_the_practice_it_is_asked_for_and_ignores_a_malformed_one(visitor: Client) -> None:
    page = visitor.get(reverse("practices:map"), {"practice": "community-water-kiosks-1"}).content.decode()
    assert 'data-focus="community-water-kiosks-1"' in page
    page = visitor.get(reverse("practices:map"), {"practice": '"><script>x</script>'}).content.decode()
    assert 'data-focus=""' in page and "<script>x" not in page


def test_asking_for_a_practice_costs_the_map_page_no_query(visitor: Client) -> None:
    _many_practices(10)
    visitor.get(reverse("practices:map"))
    with CaptureQueriesContext(connection) as plain:
        visitor.get(reverse("practices:map"))
    with CaptureQueriesContext(connection) as focused:
        response = visitor.get(reverse("practices:map"), {"practice": "bulk-3"})
    assert response.status_code == 200
    assert len(focused) == len(plain) == 4


def test_the_map_puts_leaflets_controls_on_the_reading_side_with_translated_titles(visitor: Client) -> None:
    page = visitor.get(reverse("practices:map"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page
    assert 'data-zoom-in="Zoom in"' not in page and "data-zoom-in=" in page
    script = (Path(__file__).resolve().parents[1] / "static" / "practices" / "map.js").read_text()
    assert 'rtl ? "topright" : "topleft"' in script
