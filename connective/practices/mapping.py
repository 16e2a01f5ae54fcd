"""Where a practice is on the map: city coordinates from a bundled gazetteer, no network needed.

The gazetteer (`data/gazetteer.tsv.gz`) holds the GeoNames cities with more than 15,000
inhabitants, each with its name and the alternate names GeoNames knows in Latin or Arabic
script (so "Tunis", "تونس", "Sfax" and "صفاقس" all match), already normalised by `normalise`
below. `data/country_centres.json` holds a point inside each country (the centroid of its
largest Natural Earth shape) for cities the gazetteer does not know: such practices are shown
at the country's centre and flagged as approximate. Both files are made by
`data/make_geodata.py`; see `data/README.md` for sources and licences.

`locate` is plain Python (no queries) so that importers and the demo generator can call it in
bulk; the first call loads the gazetteer (a tenth of a second) and keeps it for the process.
The second half of the module reads the map's filters and the map's points.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

from django.core.cache import cache as django_cache
from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet
from django_countries import countries

from connective.core.i18n import collation_key
from connective.core.models import Theme
from connective.core.regions import Region
from connective.members.models import Language
from connective.practices.choices import PracticeStatus
from connective.practices.models import Practice, SearchIndexVersion, SustainableDevelopmentGoal

DATA_DIR = Path(__file__).resolve().parent / "data"
GAZETTEER_FILE = DATA_DIR / "gazetteer.tsv.gz"
COUNTRY_CENTRES_FILE = DATA_DIR / "country_centres.json"

# Arabic letters written in several ways that readers treat as the same: hamza seats on alef,
# alef maqsura and ta marbuta at the end of a word, the tatweel used to stretch words.
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maqsura -> ya
        "\u0629": "\u0647",  # ta marbuta -> ha
        "\u0640": None,  # tatweel
    }
)
# Spaces, hyphens and dashes of every kind, apostrophes and the ayn/hamza marks of transliterations.
_SEPARATORS = re.compile("[\\s\\-\u2010\u2011\u2013\u2014_'\u2019\u02bb\u02bc\u02bf\u02be`.,()/]+")


def normalise(name: str) -> str:
    """The form in which city names are compared: no case, no accents, no punctuation.

    "Saint-Louis", "saint louis" and "SAINT LOUIS" are one name; "Sétif" is "setif";
    Arabic loses its short vowels and folds alef and ta marbuta variants.
    """
    decomposed = unicodedata.normalize("NFKD", str(name))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold().translate(_ARABIC_FOLD)
    return " ".join(_SEPARATORS.sub(" ", folded).split())


@dataclass(frozen=True)
class Location:
    """A point on the map; `approximate` means the city was unknown and this is the country's centre."""

    latitude: float
    longitude: float
    approximate: bool


class UnknownCountry(ValueError):
    """The gazetteer has no point for this country code."""


@cache
def _gazetteer() -> dict[str, dict[str, tuple[float, float]]]:
    """country code -> normalised name -> (lat, lon).

    A city's own name wins over another city's alternate name; between two cities with the
    same name in one country, the bigger one wins (rows are sorted by population, largest
    first, so the first one seen stays).
    """
    primary: dict[str, dict[str, tuple[float, float]]] = {}
    alternate: dict[str, dict[str, tuple[float, float]]] = {}
    with gzip.open(GAZETTEER_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            country, lat, lon, key, others = line.rstrip("\n").split("\t")
            point = (float(lat), float(lon))
            primary.setdefault(country, {}).setdefault(key, point)
            names = alternate.setdefault(country, {})
            for other in others.split("|") if others else ():
                names.setdefault(other, point)
    for country, names in alternate.items():
        names.update(primary.get(country, {}))
    return alternate


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """country code -> (lat, lon) of a point inside the country."""
    raw = json.loads(COUNTRY_CENTRES_FILE.read_text(encoding="utf-8"))
    return {code: (float(point[0]), float(point[1])) for code, point in raw.items()}


def find_city(city: str, country_code: str) -> tuple[float, float] | None:
    """The coordinates of `city` in the country, or None when the gazetteer does not know it."""
    names = _gazetteer().get(country_code.strip().upper(), {})
    return names.get(normalise(city))


def locate(city: str, country_code: str) -> Location:
    """Where to put a practice of `city` in the country `country_code` (ISO 3166-1 alpha-2).

    Matches the city's name or any alternate name in the country regardless of case and
    accents; an unknown city goes at the country's centre with `approximate=True`.
    Raises UnknownCountry when the country itself has no point (not an ISO code).
    """
    code = country_code.strip().upper()
    point = find_city(city, code)
    if point is not None:
        return Location(latitude=point[0], longitude=point[1], approximate=False)
    centre = country_centres().get(code)
    if centre is None:
        raise UnknownCountry(country_code)
    return Location(latitude=centre[0], longitude=centre[1], approximate=True)


# -- filters shared by the map, its data and the export ------------------------------------


@dataclass(frozen=True)
class PracticeFilters:
    """The facets a visitor can narrow the map and the export by (all optional).

    `year` is the year the practice started (`period_start`), as in the library's search.
    """

    region: str = ""
    country: str = ""
    theme: str = ""
    sdg: int | None = None
    language: str = ""
    year: int | None = None

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query-string parameters (to pass them on to the data URL)."""
        values = {
            "region": self.region,
            "country": self.country,
            "theme": self.theme,
            "sdg": str(self.sdg or ""),
            "language": self.language,
            "year": str(self.year or ""),
        }
        return {key: value for key, value in values.items() if value}


FILTER_NAMES = ("region", "country", "theme", "sdg", "language", "year")


def parse_filters(params: Mapping[str, str]) -> tuple[PracticeFilters, dict[str, str]]:
    """Read the filters from query parameters; return them and a message per bad parameter.

    The same reading as the library's search (its `SearchForm`), so that a link from search
    results to the map keeps its meaning. A bad value is left out of the filters (and named
    in the messages) rather than guessed at.
    """
    # Imported here: the search package loads the embedding model's code (numpy), which the
    # gazetteer half of this module, used by the services, does not need.
    from connective.practices.search.forms import SearchForm

    form = SearchForm({name: params.get(name, "") for name in FILTER_NAMES})
    searched = form.params()
    errors = {name: " ".join(str(message) for message in form.errors[name]) for name in form.errors}
    filters = PracticeFilters(
        region=searched.region,
        country=searched.country,
        theme=searched.theme,
        sdg=searched.sdg,
        language=searched.language,
        year=searched.year,
    )
    return filters, errors


def published_practices(filters: PracticeFilters) -> QuerySet[Practice]:
    """Published practices matching the filters (the only ones the public may see)."""
    practices = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    if filters.region:
        practices = practices.filter(region=filters.region)
    if filters.country:
        practices = practices.filter(country=filters.country)
    if filters.theme:
        # A merged theme's old slug still finds what was tagged with the theme it went into.
        theme = Theme.objects.filter(slug=filters.theme).first()
        while theme is not None and theme.merged_into_id is not None:
            theme = theme.merged_into
        practices = practices.filter(themes=theme) if theme is not None else practices.none()
    if filters.sdg:
        practices = practices.filter(sdgs=filters.sdg)
    if filters.language:
        practices = practices.filter(language_id=filters.language)
    if filters.year:
        practices = practices.filter(period_start=filters.year)
    return practices


# How long the map's figures and markers are kept (also the browsers' max-age): a published
# practice shows on the map at most this late only if its change slipped past `map_version`.
MAP_CACHE_SECONDS = 300
# Above this many practices the map gets one marker per place with a count instead of one per
# practice: 100,000 practices become a few thousand points that a phone can draw.
MAP_MARKERS_MAX = 2000


@dataclass(frozen=True)
class MapVersion:
    """What the map shows, in a word: it changes whenever a practice is added, saved or deleted."""

    stamp: str
    last_modified: datetime | None


# Moved (incremented) by every save or deletion of a practice through the ORM
# (`practices.apps` connects `practice_rows_changed`); services also move the search index's
# stamp. The map's version counts the published practices only when one of them moved.
_CHANGES_KEY = "practices:rows-changed"


def practice_rows_changed(**_kwargs: Any) -> None:
    """A practice was saved or deleted: the next `map_version` counts the published ones again."""
    try:
        django_cache.incr(_CHANGES_KEY)
    except ValueError:
        django_cache.set(_CHANGES_KEY, 1, None)


def practice_rows_version() -> int:
    """Moves whenever a practice is saved or deleted through the ORM (see `_CHANGES_KEY`)."""
    return int(django_cache.get(_CHANGES_KEY, 0))


def map_version() -> MapVersion:
    """The map's version: two cheap reads (the latest publication, from the (status,
    published_at) index alone; the search index's two stamps), and the number of published
    practices, counted only when a practice was saved or deleted since (see `_CHANGES_KEY`).

    Publishing a practice or an edit of one sets `published_at`; withdrawing or deleting one
    changes the number; the stamps move when the index changes. Nothing cached under an old
    version is read once one of them changes (theme merges, and changes made in bulk SQL that
    neither saves a practice nor moves a stamp, wait for `MAP_CACHE_SECONDS`).

    Counting 100,000 published practices took 15 ms a request, more than all the rest.
    """
    published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
    last = published.aggregate(last=Max("published_at"))["last"]
    stamps = dict(
        SearchIndexVersion.objects.filter(name__in=["embeddings", "documents"]).values_list("name", "stamp")
    )
    changes = django_cache.get(_CHANGES_KEY, 0)
    moved = f"{last.isoformat() if last else ''}|{stamps.get('embeddings', '')}|{stamps.get('documents', '')}"
    count_key = f"practices:map-count:{hashlib.sha256(f'{moved}|{changes}'.encode()).hexdigest()[:20]}"
    count = django_cache.get(count_key)
    if count is None:
        count = published.count()
        django_cache.set(count_key, count, MAP_CACHE_SECONDS)
    raw = f"{count}|{moved}|{changes}"
    return MapVersion(stamp=hashlib.sha256(raw.encode()).hexdigest()[:20], last_modified=last)


def _cache_key(kind: str, version: MapVersion, filters: PracticeFilters) -> str:
    query = "&".join(f"{name}={value}" for name, value in sorted(filters.as_query().items()))
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    return f"practices:map:{kind}:{version.stamp}:{digest}"


def map_filter_choices(filters: PracticeFilters, version: MapVersion) -> dict[str, Any]:
    """The options of the map's filter form (regions, the countries and languages that have
    published practices, active themes, the SDGs) and how many practices the filters find.

    The countries, languages and count are cached under the map's version (they read every
    published practice); themes and goals are small tables read each time in the language
    of the page. Two queries when cached, five otherwise.
    """
    key = _cache_key("page", version, filters)
    cached = django_cache.get(key)
    if cached is None:
        country_codes = list(
            Practice.objects.filter(status=PracticeStatus.PUBLISHED)
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        # EXISTS, not a join with DISTINCT: one probe per language instead of a pass over every practice.
        published_in = Practice.objects.filter(status=PracticeStatus.PUBLISHED, language_id=OuterRef("code"))
        languages = list(Language.objects.filter(Exists(published_in)).order_by("name"))
        cached = (country_codes, languages, published_practices(filters).count())
        django_cache.set(key, cached, MAP_CACHE_SECONDS)
    country_codes, languages, count = cached
    return {
        "regions": Region.choices,
        "countries": sorted(
            ((code, countries.name(code)) for code in country_codes), key=lambda item: str(item[1])
        ),
        "themes": list(Theme.active().order_by("name")),
        "sdgs": list(SustainableDevelopmentGoal.objects.all()),
        # Named in the page's language ("árabe (العربية)"), so ordered by that name.
        "languages": sorted(languages, key=lambda language: collation_key(language.label)),
        "count": count,
    }


def map_points(filters: PracticeFilters, *, limit: int | None = None) -> dict[str, Any]:
    """What the map draws, compact on purpose (a slow line, maybe 100,000 practices).

    Up to `limit` practices: one row per practice in `practices` (fields named by `columns`);
    a row's themes are ids into `themes`, which gives each theme's slug (the page has the
    labels in its language, so this data is the same in every language and may be shared by
    caches). Three queries. More than `limit`: one row per place in `places` (fields named by
    `place_columns`) with how many practices are there; two queries (the first finds that
    there are more than `limit`). `total` is the number
    of practices either way. Nothing personal: no authors, no contacts.
    `limit` is `MAP_MARKERS_MAX` unless given.
    """
    limit = MAP_MARKERS_MAX if limit is None else limit
    practices = published_practices(filters).filter(latitude__isnull=False, longitude__isnull=False)
    rows = list(
        practices.order_by("pk").values_list(
            "pk", "slug", "title", "city", "country", "latitude", "longitude", "location_is_approximate"
        )[: limit + 1]
    )
    data: dict[str, Any] = {
        "total": len(rows),
        "columns": ["slug", "title", "city", "country", "lat", "lon", "approximate", "themes"],
        "themes": {},
        "practices": [],
        "place_columns": ["lat", "lon", "count", "city", "country", "approximate"],
        "places": [],
    }
    if len(rows) > limit:
        # The gazetteer gives every practice of a city the same point, so a point is a place.
        places = (
            practices.order_by()
            .values_list("latitude", "longitude", "location_is_approximate")
            .annotate(n=Count("pk"), city=Min("city"), country=Min("country"))
            .order_by("-n", "latitude", "longitude")
        )
        data["places"] = [
            [round(cast(float, lat), 4), round(cast(float, lon), 4), n, city, str(country), approximate]
            for lat, lon, approximate, n, city, country in places
        ]
        data["total"] = sum(place[2] for place in data["places"])
        return data
    through = Practice.themes.through
    tagged: dict[int, list[int]] = {}
    for practice_id, theme_id in (
        through.objects.filter(practice__in=practices.values("pk"))
        .order_by("practice_id", "theme_id")
        .values_list("practice_id", "theme_id")
    ):
        tagged.setdefault(practice_id, []).append(theme_id)
    theme_ids = {theme_id for ids in tagged.values() for theme_id in ids}
    slugs = dict(Theme.objects.filter(pk__in=theme_ids).values_list("pk", "slug")) if theme_ids else {}
    data["themes"] = {str(pk): slug for pk, slug in sorted(slugs.items())}
    data["practices"] = [
        [
            slug,
            title,
            city,
            str(country),
            round(cast(float, lat), 4),
            round(cast(float, lon), 4),
            approximate,
            tagged.get(pk, []),
        ]
        for pk, slug, title, city, country, lat, lon, approximate in rows
    ]
    return data


def map_points_json(filters: PracticeFilters, version: MapVersion) -> bytes:
    """`map_points` as compact UTF-8 JSON, cached under the map's version and the filters."""
    key = _cache_key("data", version, filters)
    body = django_cache.get(key)
    if body is None:
        body = json.dumps(map_points(filters), ensure_ascii=False, separators=(",", ":")).encode()
        django_cache.set(key, body, MAP_CACHE_SECONDS)
    return cast(bytes, body)
