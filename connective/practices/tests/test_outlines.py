"""The map's country outlines: no band across the world, shared borders kept shared, light."""

from __future__ import annotations

import gzip
import json
from typing import Any

from connective.practices.outlines import (
    OUTLINES_FILE,
    SOURCE_FILE,
    decode,
    encode,
    light_outlines,
    make_outlines,
    rings,
    split_at_antimeridian,
    unwrap,
)


def _shipped() -> dict[str, Any]:
    return decode(json.loads(OUTLINES_FILE.read_text(encoding="utf-8")))


def _span(ring: list[list[float]]) -> float:
    longitudes = [x for x, _ in ring]
    return max(longitudes) - min(longitudes)


def test_no_ring_of_the_shipped_outlines_spans_more_than_180_degrees_of_longitude() -> None:
    shipped = rings(_shipped())
    assert len(shipped) > 200
    wide = [(round(_span(ring)), ring[0]) for ring in shipped if _span(ring) > 180]
    assert wide == []
    assert all(-180 <= x <= 180 and -90 <= y <= 90 for ring in shipped for x, y in ring)


def test_the_source_has_the_bands_the_shipped_file_no_longer_has() -> None:
    # Guards the check above: it does find Russia's and Fiji's world-wide rings in the source.
    source = json.loads(SOURCE_FILE.read_text(encoding="utf-8"))
    wide = {
        f["properties"]["iso"]
        for f in source["features"]
        for p in f["geometry"]["coordinates"]
        for r in p
        if _span(r) > 180
    }
    assert wide == {"RU", "FJ"}


def test_countries_across_the_antimeridian_are_drawn_on_both_sides_of_it() -> None:
    by_iso = {feature["properties"]["iso"]: feature for feature in _shipped()["features"]}
    for iso in ("RU", "FJ"):
        outer = [polygon[0] for polygon in by_iso[iso]["geometry"]["coordinates"]]
        assert any(max(x for x, _ in ring) == 180 for ring in outer), iso
        assert any(min(x for x, _ in ring) == -180 for ring in outer), iso
    # Chukotka (east of 180°, around 170° W) is still part of Russia.
    assert any(
        min(x for x, _ in polygon[0]) == -180 and min(x for x, _ in polygon[0] if x < 0) < -170
        for polygon in by_iso["RU"]["geometry"]["coordinates"]
    )


def test_a_ring_that_jumps_across_180_is_unwrapped_then_cut_in_two() -> None:
    ring = [(178.0, -17.0), (-179.0, -17.0), (-179.0, -16.0), (178.0, -16.0), (178.0, -17.0)]
    unwrapped = unwrap(ring)
    assert [x for x, _ in unwrapped] == [178.0, 181.0, 181.0, 178.0, 178.0]
    west, east = split_at_antimeridian(unwrapped)
    assert {x for x, _ in west} == {178.0, 180.0}
    assert {x for x, _ in east} == {-180.0, -179.0}
    assert west[0] == west[-1] and east[0] == east[-1]


def test_a_ring_that_starts_east_of_180_is_moved_back_into_the_map() -> None:
    unwrapped = unwrap([(-179.0, 65.0), (170.0, 65.0), (170.0, 60.0), (-179.0, 60.0), (-179.0, 65.0)])
    assert min(x for x, _ in unwrapped) >= -180
    assert [sorted({x for x, _ in part}) for part in split_at_antimeridian(unwrapped)] == [
        [170.0, 180.0],
        [-180.0, -179.0],
    ]


def test_a_ring_away_from_the_antimeridian_keeps_its_points() -> None:
    ring = [(10.0, 30.0), (11.0, 30.0), (11.0, 31.0), (10.0, 30.0)]
    assert unwrap(ring) == ring
    assert split_at_antimeridian(ring) == [ring]


def test_neighbours_share_the_same_simplified_border() -> None:
    # A wiggly border from (5, 10) south to (5, 0), with wiggles below and above the tolerance.
    border = (
        [(5.0, 10.0)]
        + [(5.0 + (0.01 if i % 2 else 0.5 * (i % 4 == 0)), 10.0 - i * 0.5) for i in range(1, 20)]
        + [(5.0, 0.0)]
    )
    west = [[0.0, 0.0], *[list(p) for p in reversed(border)], [0.0, 10.0], [0.0, 0.0]]
    east = [[10.0, 0.0], [10.0, 10.0], *[list(p) for p in border], [10.0, 0.0]]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"iso": iso},
                "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
            }
            for iso, ring in (("AA", west), ("BB", east))
        ],
    }
    light = light_outlines(collection, tolerance=0.1)
    west_ring, east_ring = (f["geometry"]["coordinates"][0][0] for f in light["features"])
    on_border_west = {tuple(p) for p in west_ring if 4 < p[0] < 6}
    on_border_east = {tuple(p) for p in east_ring if 4 < p[0] < 6}
    assert on_border_west == on_border_east
    assert len(on_border_west) < len(border)  # the small wiggles went
    assert any(p[0] == 5.5 for p in on_border_west)  # the big ones stayed


def test_the_shipped_format_reads_back_as_the_simplified_geometry() -> None:
    light = light_outlines(json.loads(SOURCE_FILE.read_text(encoding="utf-8")))
    assert decode(encode(light)) == light


def test_the_shipped_outlines_are_what_the_command_makes_from_the_source() -> None:
    assert OUTLINES_FILE.read_text(encoding="utf-8") == make_outlines(SOURCE_FILE)


def test_the_shipped_outlines_are_light() -> None:
    body = OUTLINES_FILE.read_bytes()
    # The GeoJSON they replace weighed 163 kB, 50 kB gzipped.
    assert len(body) < 70_000
    assert len(gzip.compress(body, 9)) < 28_000
    assert {"iso"} == {key for feature in _shipped()["features"] for key in feature["properties"]}
