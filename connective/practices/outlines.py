"""The country outlines drawn behind the practice map: cut at the antimeridian and made light.

The source is `data/countries-110m.geojson` (Natural Earth 1:110m, written by
`data/make_geodata.py`); `manage.py make_map_outlines` turns it into the file the map loads,
`static/data/countries.json`. Plain Python, no network, no GIS library.

Why each step:

- **Antimeridian.** The source comes from world-atlas, whose shapes are stitched for spherical
  projections: Russia's Chukotka and Fiji jump from 180° to -180° inside one ring, which a
  flat map draws as a band across the whole world. Each ring is unwrapped (longitudes made
  continuous) and then cut at 180°, the part beyond moved back by 360°, so every ring of the
  shipped file lies within [-180, 180] and spans less than 180° of longitude.
- **Shared borders simplified once.** Rings are cut into chains at the points where borders
  meet (a point with different neighbours in different rings); each chain is simplified with
  Douglas-Peucker between its fixed ends, always in the same direction, so two neighbours
  get the same simplified border and no gap or overlap opens between them.
- **Small.** `TOLERANCE` (degrees) is about a pixel at zoom 6 (a country filling a phone's
  screen), where the 1:110m source stops being accurate anyway; coordinates keep two
  decimals (about a kilometre); rings that shrink to nothing are dropped; properties keep the
  ISO code only (the names were English only and unused); the points are written as small
  integer steps (see "the shipped format" below), which halves the file again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_FILE = DATA_DIR / "countries-110m.geojson"
OUTLINES_FILE = Path(__file__).resolve().parents[2] / "static" / "data" / "countries.json"

TOLERANCE = 0.06
DECIMALS = 2


def unwrap(ring: Ring) -> Ring:
    """The ring with its longitudes made continuous: a step of more than 180° is a wrap.

    Shifted by 360° when needed so that it starts at -180 or east of it (it may overhang 180
    to the east): a ring that does not cross the antimeridian keeps its exact points, so the
    borders it shares with its neighbours still match theirs.
    """
    if not ring:
        return []
    result = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in pairwise(ring):
        step = x1 - x0
        if step > 180:
            shift -= 360
        elif step < -180:
            shift += 360
        result.append((x1 + shift, y1))
    lowest = min(x for x, _ in result)
    turns = 0
    while lowest + 360 * turns < -180:
        turns += 1
    return [(x + 360 * turns, y) for x, y in result] if turns else result


def _clip(ring: Ring, edge: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman against the vertical line x = edge (one side kept), ring closed."""
    inside = (lambda x: x <= edge) if keep_below else (lambda x: x >= edge)
    points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    out: Ring = []
    for index, current in enumerate(points):
        previous = points[index - 1]
        if inside(current[0]):
            if not inside(previous[0]):
                out.append(_crossing(previous, current, edge))
            out.append(current)
        elif inside(previous[0]):
            out.append(_crossing(previous, current, edge))
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _crossing(a: Point, b: Point, edge: float) -> Point:
    t = (edge - a[0]) / (b[0] - a[0])
    return (edge, a[1] + t * (b[1] - a[1]))


def split_at_antimeridian(ring: Ring) -> list[Ring]:
    """An unwrapped ring as one or more rings within [-180, 180]: the parts past ±180 are cut
    off along the meridian and moved by 360°. A ring already inside comes back unchanged."""
    lowest = min(x for x, _ in ring)
    highest = max(x for x, _ in ring)
    if lowest >= -180 and highest <= 180:
        return [ring]
    if lowest < -180 or highest > 540:
        raise ValueError("not an unwrapped ring (see `unwrap`)")
    west = _clip(ring, 180.0, keep_below=True)
    east = [(x - 360, y) for x, y in _clip(ring, 180.0, keep_below=False)]
    return [part for part in (west, east) if len(part) >= 4]


def _perpendicular(point: Point, start: Point, end: Point) -> float:
    (x, y), (x0, y0), (x1, y1) = point, start, end
    dx, dy = x1 - x0, y1 - y0
    if dx == 0 and dy == 0:
        return float(((x - x0) ** 2 + (y - y0) ** 2) ** 0.5)
    return float(abs(dy * x - dx * y + x1 * y0 - y1 * x0) / (dx * dx + dy * dy) ** 0.5)


def douglas_peucker(chain: list[Point], tolerance: float) -> list[Point]:
    """The chain with the points closer than `tolerance` to the simplified line dropped; the
    ends always stay. Iterative (a coastline has thousands of points at finer scales)."""
    if len(chain) < 3:
        return list(chain)
    keep = [False] * len(chain)
    keep[0] = keep[-1] = True
    stack = [(0, len(chain) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            d = _perpendicular(chain[index], chain[first], chain[last])
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack.extend([(first, farthest), (farthest, last)])
    return [point for point, kept in zip(chain, keep, strict=True) if kept]


def _junctions(rings: list[Ring]) -> set[Point]:
    """Points where borders meet: shared by rings that continue differently from them."""
    neighbours: dict[Point, set[frozenset[Point]]] = defaultdict(set)
    seen: dict[Point, int] = defaultdict(int)
    for ring in rings:
        points = ring[:-1]
        for index, point in enumerate(points):
            neighbours[point].add(frozenset((points[index - 1], points[(index + 1) % len(points)])))
            seen[point] += 1
    return {point for point, pairs in neighbours.items() if seen[point] > 1 and len(pairs) > 1}


def _simplify_chain(chain: list[Point], tolerance: float) -> list[Point]:
    # The same border is walked one way by one country and the other way by its neighbour:
    # simplify it in one canonical direction so that both get the same points.
    if chain[-1] < chain[0]:
        return douglas_peucker(chain[::-1], tolerance)[::-1]
    return douglas_peucker(chain, tolerance)


def simplify_ring(ring: Ring, junctions: set[Point], tolerance: float) -> Ring:
    """A closed ring simplified chain by chain between junctions (or, on a coast with none,
    between its lowest point and the point farthest from it)."""
    points = ring[:-1]
    cuts = [index for index, point in enumerate(points) if point in junctions]
    if not cuts:
        start = points.index(min(points))
        farthest = max(
            range(len(points)),
            key=lambda i: (points[i][0] - points[start][0]) ** 2 + (points[i][1] - points[start][1]) ** 2,
        )
        cuts = sorted({start, farthest})
    rotated = points[cuts[0] :] + points[: cuts[0]]
    offsets = [cut - cuts[0] for cut in cuts] + [len(points)]
    rotated.append(rotated[0])
    result: Ring = []
    for begin, end in pairwise(offsets):
        part = _simplify_chain(rotated[begin : end + 1], tolerance)
        result.extend(part if not result else part[1:])
    return result


def _rounded(ring: Ring) -> Ring:
    points: Ring = []
    for x, y in ring:
        point = (round(x, DECIMALS), round(y, DECIMALS))
        if not points or points[-1] != point:
            points.append(point)
    if points and points[0] != points[-1]:
        points.append(points[0])
    return points


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))) / 2


def light_outlines(source: dict[str, Any], *, tolerance: float = TOLERANCE) -> dict[str, Any]:
    """The FeatureCollection `source` (MultiPolygons with an `iso` property) cut at the
    antimeridian and simplified as described in the module's docstring."""
    features = source["features"]
    unwrapped = [
        [[unwrap([(float(x), float(y)) for x, y in ring]) for ring in polygon] for polygon in feature["geometry"]["coordinates"]]
        for feature in features
    ]  # fmt: skip
    junctions = _junctions([ring for polygons in unwrapped for polygon in polygons for ring in polygon])
    out = []
    for feature, polygons in zip(features, unwrapped, strict=True):
        shapes: list[list[Ring]] = []
        for polygon in polygons:
            simplified = [_rounded(simplify_ring(ring, junctions, tolerance)) for ring in polygon]
            if len(simplified[0]) < 4 or _area(simplified[0]) == 0:
                continue  # an islet smaller than the tolerance
            # Cut the outer ring and each hole; a hole goes with the part of the outer ring it is in.
            outers = [_rounded(part) for part in split_at_antimeridian(simplified[0])]
            parts: list[list[Ring]] = [[outer] for outer in outers if len(outer) >= 4]
            for hole in simplified[1:]:
                if len(hole) < 4 or _area(hole) == 0:
                    continue
                for piece in split_at_antimeridian(hole):
                    piece = _rounded(piece)
                    home = next((p for p in parts if _contains(p[0], piece[0])), None)
                    if home is not None and len(piece) >= 4:
                        home.append(piece)
            shapes.extend(parts)
        if shapes:
            out.append(
                {
                    "type": "Feature",
                    "properties": {"iso": feature["properties"].get("iso", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": [[[list(p) for p in r] for r in s] for s in shapes]},
                }
            )  # fmt: skip
    return {"type": "FeatureCollection", "features": out}


def _contains(ring: Ring, point: Point) -> bool:
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


# -- the shipped format ----------------------------------------------------------------------
#
# GeoJSON spends most of its bytes on repeating "[12.34,-56.78]," for ten thousand points. The
# shipped file holds the same rings as integers (hundredths of a degree), each point written as
# its step from the one before: mostly one or two digits. `map.js` turns it back into GeoJSON
# in a dozen lines (`decode` below is the same reading, for the tests):
#
#   {"format": FORMAT, "scale": 100,
#    "countries": [[iso, [[ring, ring, ...], ...]], ...]}   one list of rings per shape, the
#                                                            first ring its outline, the others holes
#   ring = [x0, y0, dx1, dy1, dx2, dy2, ...]                 not closed (the last point joins the first)

FORMAT = "connective-outlines-1"
SCALE = 10**DECIMALS


def encode(collection: dict[str, Any]) -> dict[str, Any]:
    """The FeatureCollection in the shipped, delta-encoded form (see above)."""
    countries = []
    for feature in collection["features"]:
        shapes = []
        for polygon in feature["geometry"]["coordinates"]:
            encoded = []
            for ring in polygon:
                flat: list[int] = []
                px = py = 0
                closed = ring[:-1] if ring[0] == ring[-1] else ring
                for x, y in closed:
                    ix, iy = round(x * SCALE), round(y * SCALE)
                    flat += [ix - px, iy - py]
                    px, py = ix, iy
                encoded.append(flat)
            shapes.append(encoded)
        countries.append([feature["properties"].get("iso", ""), shapes])
    return {"format": FORMAT, "scale": SCALE, "countries": countries}


def decode(shipped: dict[str, Any]) -> dict[str, Any]:
    """The shipped form back as a GeoJSON FeatureCollection with closed rings (as `map.js` does)."""
    if shipped.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    scale = shipped["scale"]
    features = []
    for iso, shapes in shipped["countries"]:
        polygons = []
        for shape in shapes:
            rings_ = []
            for flat in shape:
                x = y = 0
                ring: list[list[float]] = []
                for index in range(0, len(flat), 2):
                    x += flat[index]
                    y += flat[index + 1]
                    ring.append([x / scale, y / scale])
                ring.append(ring[0])
                rings_.append(ring)
            polygons.append(rings_)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso": iso},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def dumps(shipped: dict[str, Any]) -> str:
    """Compact JSON as shipped (no spaces)."""
    return json.dumps(shipped, separators=(",", ":"), ensure_ascii=False) + "\n"


def make_outlines(source: Path = SOURCE_FILE) -> str:
    """The text of the shipped file, made from the source file (deterministic)."""
    return dumps(encode(light_outlines(json.loads(source.read_text(encoding="utf-8")))))


def rings(collection: dict[str, Any]) -> list[list[list[float]]]:
    """Every ring of every shape of a FeatureCollection (for the checks)."""
    return [
        ring
        for feature in collection["features"]
        for polygon in feature["geometry"]["coordinates"]
        for ring in polygon
    ]
