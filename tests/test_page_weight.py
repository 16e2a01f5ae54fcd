"""Pages stay small for members on slow, metered connections, and pass basic accessibility checks.

The budget is 150 kB for a page's HTML plus the CSS and JavaScript it links, uncompressed
(compression would only hide growth). Static files are resolved from disk, as collectstatic
would find them. The map page, which alone loads Leaflet and the country outlines, has its own
budget measured compressed, as a browser gets it (see "the map page" below). The accessibility checks are the automatable part of WCAG 2.1 AA that every
page must meet: labelled form controls, one main heading, a language, a skip link, alt texts.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings
from django.urls import reverse

from connective.accounts.models import User
from connective.members.models import MemberProfile

BUDGET_BYTES = 150 * 1024
CSS = Path(settings.BASE_DIR) / "static" / "css" / "connective.css"


@dataclass
class Page:
    """What the checks need from a page's HTML."""

    assets: list[str] = field(default_factory=list)
    controls: list[dict[str, str]] = field(default_factory=list)
    label_fors: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    h1_count: int = 0
    html_lang: str = ""
    html_dir: str = ""
    first_link_href: str = ""
    images_without_alt: list[str] = field(default_factory=list)
    wrapped_controls: set[str] = field(default_factory=set)


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self.open_labels = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "html":
            self.page.html_lang, self.page.html_dir = a.get("lang", ""), a.get("dir", "")
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.page.assets.append(a.get("href", ""))
        elif tag == "script" and a.get("src"):
            self.page.assets.append(a["src"])
        elif tag == "h1":
            self.page.h1_count += 1
        elif tag == "a" and not self.page.first_link_href:
            self.page.first_link_href = a.get("href", "")
        elif tag == "img" and "alt" not in a:
            self.page.images_without_alt.append(a.get("src", "?"))
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.page.label_fors.add(a["for"])
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and a.get("type", "text") in {"hidden", "submit", "button", "image", "reset"}:
                return
            self.page.controls.append({"tag": tag, **a})
            if self.open_labels and a.get("id"):
                self.page.wrapped_controls.add(a["id"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels -= 1


def parse(html: str) -> Page:
    parser = PageParser()
    parser.feed(html)
    return parser.page


def asset_bytes(url: str) -> int:
    assert url.startswith(settings.STATIC_URL), f"{url} is not served from our own static files"
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} does not exist on disk"
    return Path(str(path)).stat().st_size


# -- the pages ------------------------------------------------------------------------------


def visitor_pages() -> list[str]:
    return [
        reverse("core:home"),
        reverse("networks:list"),
        reverse("networks:detail", args=["mena"]),
        reverse("account_login"),
        reverse("account_signup"),
    ]


def member_pages(bob: MemberProfile) -> list[str]:
    return [
        reverse("core:home"),
        reverse("members:directory"),
        reverse("members:me"),
        reverse("members:profile_edit"),
        reverse("members:detail", args=[bob.slug]),
    ]


@pytest.fixture
def pages(
    visitor: Client, alice: MemberProfile, bob: MemberProfile, client_for: Callable[..., Client]
) -> list[tuple[str, str]]:
    """(label, HTML) of every main page, as a visitor and as alice (a member)."""
    rendered: list[tuple[str, str]] = []
    for url in visitor_pages():
        response = visitor.get(url)
        assert response.status_code == 200, (url, response.status_code)
        rendered.append((f"visitor {url}", response.content.decode()))
    member = client_for(alice)
    for url in member_pages(bob):
        response = member.get(url)
        assert response.status_code == 200, (url, response.status_code)
        rendered.append((f"member {url}", response.content.decode()))
    return rendered


# -- weight --------------------------------------------------------------------------------


def test_every_main_page_with_its_css_and_javascript_weighs_under_150_kb(
    pages: list[tuple[str, str]],
) -> None:
    for label, html in pages:
        page = parse(html)
        assert page.assets, f"{label} links no stylesheet: the parser missed it"
        total = len(html.encode()) + sum(asset_bytes(url) for url in page.assets)
        assert total < BUDGET_BYTES, f"{label} weighs {total} bytes"


def test_every_main_page_links_exactly_one_stylesheet_and_no_third_party_assets(
    pages: list[tuple[str, str]],
) -> None:
    for label, html in pages:
        page = parse(html)
        stylesheets = [url for url in page.assets if url.endswith(".css")]
        assert stylesheets == [f"{settings.STATIC_URL}css/connective.css"], label
        assert all(url.startswith(settings.STATIC_URL) for url in page.assets), label
        assert "@font-face" not in html and "fonts.googleapis" not in html, label


def test_the_weight_check_counts_linked_files(db: None) -> None:
    # A page linking the stylesheet and htmx weighs at least both files: the sum is real.
    html = Client().get(reverse("core:home")).content.decode()
    page = parse(html)
    assert sum(asset_bytes(url) for url in page.assets) > CSS.stat().st_size + 40_000


def test_production_serves_static_files_with_far_future_cache_headers(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    # Import the production profile afresh with a production-grade key, then put the test
    # settings module back, so nothing else sees the difference.
    monkeypatch.setenv("SECRET_KEY", "p" * 64)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    for name in ("config.production", "config.settings"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    production = importlib.import_module("config.production")
    assert production.WHITENOISE_MAX_AGE >= 365 * 24 * 3600
    backend = production.STORAGES["staticfiles"]["BACKEND"]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"

    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_MAX_AGE=production.WHITENOISE_MAX_AGE):
        response = Client().get(f"{settings.STATIC_URL}css/connective.css")
        assert response.status_code == 200
        assert f"max-age={production.WHITENOISE_MAX_AGE}" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]
        response.close()


def test_production_refuses_to_start_without_the_shared_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from config import env

    monkeypatch.setenv("SECRET_KEY", "p" * 64)
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name in ("config.production", "config.settings"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(env.ConfigError, match="REDIS_URL"):
        importlib.import_module("config.production")
    for name in ("config.production", "config.settings"):
        monkeypatch.delitem(sys.modules, name, raising=False)


# -- accessibility -------------------------------------------------------------------------


def test_every_form_control_on_the_main_pages_has_a_label(pages: list[tuple[str, str]]) -> None:
    for label, html in pages:
        page = parse(html)
        for control in page.controls:
            named = (
                control.get("aria-label")
                or control.get("aria-labelledby")
                or control.get("id") in page.label_fors
                or control.get("id") in page.wrapped_controls
            )
            assert named, f"{label}: unlabelled {control}"


def test_every_main_page_has_one_h1_a_language_and_a_skip_link(pages: list[tuple[str, str]]) -> None:
    for label, html in pages:
        page = parse(html)
        assert page.h1_count == 1, f"{label} has {page.h1_count} <h1>"
        assert page.html_lang in {code for code, _name in settings.LANGUAGES}, label
        assert page.html_dir in {"ltr", "rtl"}, label
        assert page.first_link_href == "#main", f"{label}: the first link is not the skip link"
        assert "main" in page.ids, f"{label}: the skip link's target is missing"


def test_every_image_on_the_main_pages_has_an_alt_text(pages: list[tuple[str, str]]) -> None:
    for label, html in pages:
        assert parse(html).images_without_alt == [], label


def test_the_accessibility_checks_catch_an_unlabelled_field_and_a_missing_alt() -> None:
    page = parse('<html lang="en"><input name="q" id="q"><img src="x.png"><h1>a</h1><h1>b</h1></html>')
    assert page.controls and page.controls[0]["id"] not in page.label_fors
    assert page.images_without_alt == ["x.png"]
    assert page.h1_count == 2


# -- the stylesheet ------------------------------------------------------------------------

PHYSICAL = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right)|(?<![-\w])(?:left|right)\s*:"
    r"|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|clear\s*:\s*(?:left|right)"
)


def test_the_stylesheet_uses_logical_properties_only() -> None:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    assert PHYSICAL.findall(css) == []


def test_the_physical_property_check_catches_left_and_right() -> None:
    for rule in ("margin-left: 1px", "left: 0", "text-align: right", "padding-right:0", "float: left"):
        assert PHYSICAL.search(rule), rule
    assert not PHYSICAL.search("margin-inline-start: 1px; inset-inline-end: 0; text-align: start")


def test_the_stylesheet_uses_no_web_fonts_and_has_an_arabic_capable_font() -> None:
    css = CSS.read_text()
    assert "@font-face" not in css and "@import" not in css
    assert '"Noto Sans Arabic"' in css


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_colour_pairs_in_the_stylesheet_meet_wcag_aa_contrast() -> None:
    """Every pair documented in the stylesheet's header comment is recomputed here."""
    header = CSS.read_text().split("*/", 1)[0]
    pairs = re.findall(r"(#[0-9a-f]{6}) on (#[0-9a-f]{6})\s+([\d.]+):1", header)
    assert len(pairs) >= 14, pairs
    for foreground, background, stated in pairs:
        ratio = contrast(foreground, background)
        assert abs(ratio - float(stated)) < 0.01, (foreground, background, ratio, stated)
        assert ratio >= 4.5, (foreground, background, ratio)


def test_every_colour_the_stylesheet_uses_is_one_whose_contrast_is_documented() -> None:
    css = CSS.read_text()
    header, rules = css.split("*/", 1)
    documented = set(re.findall(r"#[0-9a-f]{6}", header))
    # #c9ced4 only draws decorative card and table lines, which carry no meaning.
    used = set(re.findall(r"#[0-9a-f]{6}", rules)) - {"#c9ced4"}
    assert used <= documented, used - documented


def test_the_contrast_formula_matches_known_values() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_focus_is_always_visible() -> None:
    css = CSS.read_text()
    assert ":focus-visible" in css
    assert "outline: none" not in css and "outline:0" not in css.replace(" ", "")


def test_member_pages_used_by_the_checks_exist(alice: MemberProfile, bob: MemberProfile, sam: User) -> None:
    # Guards the page list above: a renamed route would otherwise drop a page from every check.
    assert len(member_pages(bob)) == 5 and len(visitor_pages()) == 5


# -- the map page --------------------------------------------------------------------------
#
# The map page is the heaviest page (Leaflet, its cluster plugin, the country outlines and the
# practices' points), so it is measured as a browser on a phone gets it: static files as
# WhiteNoise serves them in production (the .br file collectstatic writes, or the file itself
# when compressing would not save 5%), the points as the view gzips them, the HTML as Django
# sends it (not compressed). Images (Leaflet's marker icons) are left out.

MAP_FIRST_LOAD_BUDGET = 150 * 1024
MAP_REPEAT_VISIT_BUDGET = 30 * 1024
MAP_PRACTICES = 100  # about the size of the demo library, in 20 cities of 10 countries
MAP_ONLY = ("vendor/leaflet", "leaflet.markercluster", "practices/map.", "data/countries")


@dataclass
class MapPageWeight:
    html: int
    static: dict[str, int]
    points: int

    @property
    def first_load(self) -> int:
        return self.html + sum(self.static.values()) + self.points

    @property
    def repeat_visit(self) -> int:
        # Static files have hashed names and a year's max-age in production: not asked for
        # again. The points are (max-age five minutes, then a 304); counted whole anyway, as if
        # a practice had been published in between.
        return self.html + self.points


@functools.cache
def served_static_bytes(url: str) -> int:
    """What WhiteNoise sends for a static file to a browser that accepts Brotli."""
    import brotli  # whitenoise[brotli]: collectstatic writes a .br next to every text file

    assert url.startswith(settings.STATIC_URL), f"{url} is not served from our own static files"
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} does not exist on disk"
    body = Path(str(path)).read_bytes()
    packed = len(brotli.compress(body))
    return packed if packed < len(body) * 0.95 else len(body)


def map_page_weight(client: Client) -> MapPageWeight:
    response = client.get(reverse("practices:map"))
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    outlines = re.search(r'data-outlines="([^"]+)"', html)
    points = re.search(r'data-points="([^"]+)"', html)
    assert outlines and points, "the map page no longer names its outlines and points"
    urls = [*page.assets, outlines.group(1)]
    data = client.get(points.group(1).replace("&amp;", "&"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert data.status_code == 200 and data["Content-Encoding"] == "gzip"
    return MapPageWeight(
        html=len(response.content),
        static={url: served_static_bytes(url) for url in urls},
        points=len(data.content),
    )


@pytest.fixture
def map_library(db: None) -> None:
    from connective.practices.mapping import locate
    from connective.practices.tests.factories import PracticeFactory

    cities = [
        ("Tunis", "TN"), ("Sfax", "TN"), ("Amman", "JO"), ("Irbid", "JO"), ("Casablanca", "MA"),
        ("Fes", "MA"), ("Beirut", "LB"), ("Tripoli", "LB"), ("Cairo", "EG"), ("Alexandria", "EG"),
        ("Sarajevo", "BA"), ("Mostar", "BA"), ("Tirana", "AL"), ("Durres", "AL"), ("Skopje", "MK"),
        ("Bitola", "MK"), ("Dakar", "SN"), ("Thies", "SN"), ("Nairobi", "KE"), ("Mombasa", "KE"),
    ]  # fmt: skip
    for index in range(MAP_PRACTICES):
        city, country = cities[index % len(cities)]
        where = locate(city, country)
        PracticeFactory.create(
            city=city, country=country, latitude=where.latitude, longitude=where.longitude,
            title=f"Practice number {index} about water, waste and public space in {city}",
        )  # fmt: skip


def test_the_map_page_weighs_under_150_kb_on_first_load_and_30_kb_on_a_repeat_visit(
    visitor: Client, map_library: None
) -> None:
    weight = map_page_weight(visitor)
    assert "/static/data/countries.json" in weight.static
    assert weight.first_load <= MAP_FIRST_LOAD_BUDGET, weight
    assert weight.repeat_visit <= MAP_REPEAT_VISIT_BUDGET, weight


def test_the_map_weight_check_counts_leaflet_the_outlines_and_the_points(
    visitor: Client, map_library: None
) -> None:
    weight = map_page_weight(visitor)
    assert weight.static[f"{settings.STATIC_URL}vendor/leaflet/leaflet.js"] > 30_000  # compressed Leaflet
    assert weight.static[f"{settings.STATIC_URL}data/countries.json"] > 15_000
    assert weight.points > 1_000 and weight.html > 5_000


def test_the_map_data_is_not_sent_again_to_a_browser_that_has_it(visitor: Client, map_library: None) -> None:
    url = reverse("practices:map_data")
    etag = visitor.get(url)["ETag"]
    again = visitor.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_no_other_main_page_loads_the_map(pages: list[tuple[str, str]]) -> None:
    for label, html in pages:
        assert not [url for url in parse(html).assets if any(part in url for part in MAP_ONLY)], label
        assert "countries.json" not in html, label


def test_vendored_scripts_name_no_missing_file() -> None:
    # Production's manifest storage refuses to collect a script whose source map is missing
    # (Leaflet's published files end with a `sourceMappingURL` to one we do not vendor).
    static = Path(settings.BASE_DIR) / "static"
    for script in [*static.rglob("*.js"), *static.rglob("*.css")]:
        for name in re.findall(
            r"sourceMappingURL=(\S+)", script.read_text(encoding="utf-8", errors="replace")
        ):
            assert (script.parent / name).exists(), f"{script} points to the missing {name}"


def test_production_serves_the_outlines_compressed_for_a_year(tmp_path: Path) -> None:
    # What collectstatic does with production's CompressedManifestStaticFilesStorage, on the
    # outlines alone: a .br and a .gz next to the file, which WhiteNoise then serves.
    from whitenoise import WhiteNoise
    from whitenoise.compress import Compressor

    shipped = Path(settings.BASE_DIR) / "static" / "data" / "countries.json"
    copy = tmp_path / "data" / "countries.0123456789ab.json"
    copy.parent.mkdir()
    copy.write_bytes(shipped.read_bytes())
    written = list(Compressor(quiet=True).compress(str(copy)))
    assert {Path(name).suffix for name in written} == {".gz", ".br"}

    app = WhiteNoise(None, root=str(tmp_path), prefix="static", max_age=365 * 24 * 3600)
    answer: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": "/static/data/countries.0123456789ab.json",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br", "wsgi.url_scheme": "https",
        "SERVER_NAME": "testserver", "SERVER_PORT": "443",
    }  # fmt: skip
    body = b"".join(app(environ, start_response))
    headers = answer["headers"]
    assert isinstance(headers, dict)
    assert answer["status"] == "200 OK"
    assert headers["Content-Encoding"] == "br"
    assert "max-age=31536000" in headers["Cache-Control"]
    assert len(body) < shipped.stat().st_size / 2


# -- every page, as sent ------------------------------------------------------------------------

PAGE_FIRST_LOAD_BUDGET = 150 * 1024
PAGE_REPEAT_VISIT_BUDGET = 30 * 1024


def test_every_page_weighs_under_150_kb_compressed_on_first_load_and_30_kb_on_a_repeat_visit(
    alice: MemberProfile, dina: User, sam: User
) -> None:
    """Every page of the catalogue (tests/routes.py), as a visitor, a member, a coordinator and
    staff, measured as a browser receives it: the HTML gzipped by the server, each stylesheet and
    script as WhiteNoise sends it (Brotli); images left out. A repeat visit fetches the HTML only
    (static files have hashed names and a year's max-age in production)."""
    import gzip

    from tests.routes import build_world, page_paths

    world = build_world(alice=alice)
    measured, failures = 0, []
    for persona in (None, alice.user, dina, sam):
        client = Client()
        if persona is not None:
            client.force_login(persona)
        for path in page_paths(world):
            response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            body = response.content
            html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
            assets = parse(html.decode()).assets
            first_load = len(body) + sum(served_static_bytes(url) for url in assets)
            measured += 1
            if first_load > PAGE_FIRST_LOAD_BUDGET or len(body) > PAGE_REPEAT_VISIT_BUDGET:
                failures.append(
                    f"{persona or 'visitor'} {path}: first load {first_load} B, repeat {len(body)} B"
                )
    assert measured >= 60, measured
    assert not failures, failures
