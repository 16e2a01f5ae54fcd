"""Where a practice is on the map: city coordinates from a bundled gazetteer, no network needed.

The gazetteer (`data/gazetteer.tsv.gz`) holds the GeoNames cities with more than 15,000
inhabitants, each with its name and the alternate names GeoNames knows in Latin or Arabic
script (so "Tunis", "تونس", "Sfax" and "صفاقس" all match), already normalised by `normalise`
below. `data/country_centres.json` holds a point inside each country (the centroid of its
largest Natural Earth shape) for cities the gazetteer does not know: such practices are shown
at the country's centre and flagged as approximate. Both files are made by
`data/make_geodata.py`; see `data/README.md` for sources and licences.

This module is plain Python (no ORM) so that importers and the demo generator can call it in
bulk; the first call loads the gazetteer (about a second) and keeps it for the process.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
