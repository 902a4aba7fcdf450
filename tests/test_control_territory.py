"""Territory estimates: valid, closed polygons inside the outline that tile it, and fronts."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.control import ControlError, Town, estimate_territory

shapely = pytest.importorskip("shapely")
from shapely.geometry import shape  # noqa: E402

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]}
TOWNS = {
    "gn:1": Town(id="gn:1", name="West", lat=2.0, lon=1.0),
    "gn:2": Town(id="gn:2", name="East", lat=2.0, lon=3.0),
    "gn:3": Town(id="gn:3", name="Far east", lat=2.0, lon=3.8),
    "gn:4": Town(id="gn:4", name="Nowhere"),  # no coordinates: left out
}


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [ring for polygon in polygons for ring in polygon]


def test_territories_are_valid_closed_and_tile_the_outline() -> None:
    holders = {"gn:1": "gov", "gn:2": "reb", "gn:3": "reb", "gn:4": "gov"}
    fc = estimate_territory(TOWNS, holders, SQUARE)
    areas = {f["properties"]["actor"]: f for f in fc["features"]
             if f["properties"]["kind"] == "territory"}
    assert set(areas) == {"gov", "reb"}
    outline = shape(SQUARE)
    for feature in areas.values():
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty
        assert outline.buffer(1e-6).covers(geom)
        assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in _rings(feature["geometry"]))
    total = sum(shape(f["geometry"]).area for f in areas.values())
    assert total == pytest.approx(outline.area, rel=1e-3)
    # the west town is alone on its side of the bisector x = 2 (near the equator)
    assert shape(areas["gov"]["geometry"]).area == pytest.approx(8.0, rel=0.01)
    assert areas["reb"]["properties"]["towns"] == 2


def test_front_line_runs_between_the_two_actors() -> None:
    fc = estimate_territory(TOWNS, {"gn:1": "gov", "gn:2": "reb", "gn:3": "reb"}, SQUARE)
    (front,) = [f for f in fc["features"] if f["properties"]["kind"] == "front"]
    assert front["properties"]["actors"] == ["gov", "reb"]
    line = shape(front["geometry"])
    assert line.length == pytest.approx(4.0, rel=0.01)
    assert line.centroid.x == pytest.approx(2.0, abs=0.01)


def test_one_actor_has_no_front_and_missing_outline_is_an_error() -> None:
    fc = estimate_territory(TOWNS, {"gn:1": "gov", "gn:2": "gov"}, SQUARE)
    assert [f["properties"]["kind"] for f in fc["features"]] == ["territory"]
    with pytest.raises(ControlError, match="outline"):
        estimate_territory(TOWNS, {"gn:1": "gov", "gn:2": "gov"}, None)
    with pytest.raises(ControlError, match="two located towns"):
        estimate_territory(TOWNS, {"gn:1": "gov"}, SQUARE)
