"""An estimate of the area each actor controls on a day, as GeoJSON, and the front lines.

Each located town gets its Voronoi cell (the ground nearer to it than to any other town),
clipped to the country outline; an actor's territory is the union of its towns' cells. Cells
are drawn in a plane where a degree of longitude is shrunk by the cosine of the mean latitude,
so they are not skewed east-west. The front line between two actors is where their
territories touch. It is a rough estimate: towns stand for the land around them, unweighted.

Needs ``shapely`` (the ``geo`` extra).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from sitrep.control.timeline import ControlError, Town


def _shapely() -> Any:
    try:
        import shapely
    except ImportError as e:
        raise ControlError(
            "territory needs shapely: pip install 'sitrep[geo]' (or shapely>=2.0)"
        ) from e
    return shapely


def estimate_territory(
    towns: Mapping[str, Town],
    holders: Mapping[str, str | None],
    outline: Mapping[str, Any] | None,
    *,
    day: date | None = None,
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one (Multi)Polygon per actor, then the front lines.

    Raises:
        ControlError: no outline, fewer than two located towns with a holder, or no shapely.
    """
    shapely = _shapely()
    from shapely.geometry import MultiPoint, Point, shape

    if outline is None:
        raise ControlError("territory needs the theater's outline.geojson")
    country = shapely.make_valid(shape(outline))
    points = {
        (t.lon, t.lat): holders.get(t.id)
        for t in sorted(towns.values(), key=lambda t: t.id)
        if t.lat is not None and t.lon is not None and holders.get(t.id)
    }
    if len(points) < 2:
        raise ControlError("territory needs at least two located towns with a known holder")
    kx = math.cos(math.radians(sum(lat for _, lat in points) / len(points)))
    flat = shapely.affinity.scale(country, xfact=kx, yfact=1.0, origin=(0, 0))
    sites = MultiPoint([(lon * kx, lat) for lon, lat in points])
    cells = shapely.voronoi_polygons(sites, extend_to=flat.envelope.buffer(1.0))
    by_actor: dict[str, list[Any]] = defaultdict(list)
    for cell in cells.geoms:
        for (lon, lat), actor in points.items():
            if cell.covers(Point(lon * kx, lat)) and actor:
                by_actor[actor].append(cell.intersection(flat))
                break
    areas: dict[str, Any] = {}
    for actor, parts in sorted(by_actor.items()):
        merged = shapely.make_valid(shapely.union_all(parts))
        merged = shapely.affinity.scale(merged, xfact=1 / kx, yfact=1.0, origin=(0, 0))
        polygons = [g for g in getattr(merged, "geoms", [merged]) if g.geom_type == "Polygon"]
        if polygons:
            areas[actor] = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
    features: list[dict[str, Any]] = []
    stamp = {"date": day.isoformat()} if day else {}
    for actor, geom in areas.items():
        features.append({
            "type": "Feature",
            "properties": {"kind": "territory", "actor": actor,
                           "towns": sum(1 for a in points.values() if a == actor), **stamp},
            "geometry": json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-5))),
        })
    actors = sorted(areas)
    for i, a in enumerate(actors):
        for b in actors[i + 1:]:
            touch = shapely.intersection(areas[a].boundary, areas[b].boundary)
            lines = [g for g in getattr(touch, "geoms", [touch])
                     if g.geom_type in ("LineString", "MultiLineString") and not g.is_empty]
            if lines:
                geom = shapely.line_merge(shapely.union_all(lines))
                features.append({
                    "type": "Feature",
                    "properties": {"kind": "front", "actors": [a, b], **stamp},
                    "geometry": json.loads(shapely.to_geojson(geom)),
                })
    return {"type": "FeatureCollection", "features": features}
