"""Inline SVG drawings of the report: the control map, the timeline chart, the actor graph.

Everything is drawn from the project's own geometry (the theater's outline, baseline towns and
roads, and the places of the records), so the page needs no tiles and no network.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from sitrep.errors import ReportError
from sitrep.models import ControlChange, Event, Relation, RelationType
from sitrep.theater import Theater

logger = logging.getLogger(__name__)

# Ten well-separated hues (Tableau 10 without its grey, plus a navy), for a light map.
PALETTE = (
    "#d62728", "#2ca02c", "#1f77b4", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79",
)
UNKNOWN_COLOUR = "#bbbbbb"

RELATION_COLOURS: Mapping[RelationType, str] = {
    RelationType.SUPPORTS: "#2ca02c",
    RelationType.OPPOSES: "#d62728",
    RelationType.ALLIED_WITH: "#1f77b4",
    RelationType.LEADS: "#9467bd",
    RelationType.MEMBER_OF: "#8c564b",
    RelationType.DESIGNATES_TERRORIST: "#ff7f0e",
}
SYMMETRIC_RELATIONS = frozenset({RelationType.ALLIED_WITH})

# ACLED's event types (a taxonomy, not a theater): a colour and a marker shape each.
EVENT_STYLES: Mapping[str, tuple[str, str]] = {
    "Battles": ("#d62728", "diamond"),
    "Explosions/Remote violence": ("#ff7f0e", "star"),
    "Violence against civilians": ("#7b4173", "square"),
    "Protests": ("#1f77b4", "triangle"),
    "Riots": ("#17becf", "triangle"),
    "Strategic developments": ("#393b79", "cross"),
    "Displacement": ("#8c564b", "down"),
}
OTHER_EVENT_STYLE = ("#7f7f7f", "square")

MAP_WIDTH = 960.0
MAP_PAD = 24.0


def hash_index(key: str, size: int) -> int:
    """A stable index in ``range(size)`` for a key (unlike ``hash()``, stable across runs)."""
    return int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:4], "big") % size


def assign_actor_colours(main: Iterable[str], others: Iterable[str] = ()) -> dict[str, str]:
    """Colour each actor id: the main ones get distinct palette colours, the rest follow.

    A colour depends only on the id and on which other main ids compete for its palette slot,
    so the same actors get the same colours from one report to the next.
    """
    colours: dict[str, str] = {}
    taken: set[int] = set()
    for actor in sorted(set(main)):
        slot = hash_index(actor, len(PALETTE))
        for step in range(len(PALETTE)):
            probe = (slot + step) % len(PALETTE)
            if probe not in taken:
                taken.add(probe)
                colours[actor] = PALETTE[probe]
                break
        else:
            colours[actor] = _hashed_colour(actor)
    for actor in sorted(set(others) - set(colours)):
        colours[actor] = _hashed_colour(actor)
    return colours


def _hashed_colour(key: str) -> str:
    hue = hash_index(key, 360)
    return f"hsl({hue},55%,42%)"


def event_style(event_type: str) -> tuple[str, str]:
    return EVENT_STYLES.get(event_type, OTHER_EVENT_STYLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Projection:
    """Equirectangular projection of the theater's bbox, x scaled by cos(mid latitude)."""

    min_lon: float
    max_lat: float
    kx: float
    scale: float
    width: float
    height: float

    @classmethod
    def for_bbox(cls, bbox: tuple[float, float, float, float]) -> Projection:
        min_lon, min_lat, max_lon, max_lat = bbox
        if not (max_lon > min_lon and max_lat > min_lat):
            raise ReportError(
                f"theater bbox {bbox} is empty: give (min lon, min lat, max lon, max lat)"
            )
        kx = math.cos(math.radians((min_lat + max_lat) / 2))
        scale = (MAP_WIDTH - 2 * MAP_PAD) / ((max_lon - min_lon) * kx)
        height = (max_lat - min_lat) * scale + 2 * MAP_PAD
        return cls(
            min_lon=min_lon, max_lat=max_lat, kx=kx, scale=scale, width=MAP_WIDTH, height=height
        )

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = MAP_PAD + (lon - self.min_lon) * self.kx * self.scale
        y = MAP_PAD + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Town:
    id: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlTimeline:
    """Who holds each town on each day: ``holders[d][i]`` is the actor of ``towns[i]``."""

    days: tuple[date, ...]
    towns: tuple[Town, ...]
    holders: tuple[tuple[str | None, ...], ...]

    @property
    def final(self) -> tuple[str | None, ...]:
        return self.holders[-1]


def collect_towns(theater: Theater, control: Sequence[ControlChange]) -> tuple[Town, ...]:
    """The towns of the map: the baseline towns, then the places that changed hands."""
    towns: dict[str, Town] = {}
    for entry in theater.baseline:
        towns.setdefault(
            entry.place_id,
            Town(id=entry.place_id, name=entry.place_name, lat=entry.lat, lon=entry.lon),
        )
    for change in control:
        place = change.place
        if place.id in towns:
            continue
        if place.lat is None or place.lon is None:
            logger.info("control change %s: %s has no coordinates", change.change_id, place.id)
            continue
        towns[place.id] = Town(id=place.id, name=place.name, lat=place.lat, lon=place.lon)
    return tuple(towns.values())


def build_control_timeline(
    theater: Theater, control: Sequence[ControlChange], towns: Sequence[Town]
) -> ControlTimeline:
    """Apply the dated control changes in date order to the baseline, day by day."""
    dated = sorted(
        (c for c in control if c.time is not None),
        key=lambda c: (c.time.day if c.time else date.min, c.change_id),
    )
    undated = len(control) - len(dated)
    if undated:
        logger.info("%d control changes have no date and are left off the map", undated)
    last = max((c.time.day for c in dated if c.time), default=theater.start)
    end = max(last, theater.start)
    days = tuple(theater.start + timedelta(days=n) for n in range((end - theater.start).days + 1))
    state: dict[str, str | None] = {b.place_id: b.actor for b in theater.baseline}
    holders: list[tuple[str | None, ...]] = []
    pending = iter(dated)
    upcoming = next(pending, None)
    for day in days:
        while upcoming is not None and upcoming.time is not None and upcoming.time.day <= day:
            state[upcoming.place.id] = upcoming.to_actor
            upcoming = next(pending, None)
        holders.append(tuple(state.get(t.id) for t in towns))
    return ControlTimeline(days=days, towns=tuple(towns), holders=tuple(holders))


def _ring_path(ring: Sequence[Sequence[float]], proj: Projection) -> str:
    points = [proj.xy(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]
    if len(points) < 3:
        return ""
    head = f"M{points[0][0]},{points[0][1]}"
    return head + "".join(f"L{x},{y}" for x, y in points[1:]) + "Z"


def outline_path(outline: Mapping[str, object] | None, proj: Projection) -> str:
    """The SVG path data of a GeoJSON Polygon or MultiPolygon (or a Feature of one)."""
    if outline is None:
        return ""
    geometry: object = outline
    kind = outline.get("type")
    if kind == "Feature":
        geometry = outline.get("geometry")
    elif kind == "FeatureCollection":
        features = outline.get("features")
        if not isinstance(features, list):
            raise ReportError("theater outline: a FeatureCollection without a features list")
        return "".join(outline_path(f, proj) for f in features if isinstance(f, dict))
    if not isinstance(geometry, dict):
        raise ReportError("theater outline: a Feature without a geometry")
    coords = geometry.get("coordinates")
    gtype = geometry.get("type")
    if gtype == "Polygon" and isinstance(coords, list):
        polygons = [coords]
    elif gtype == "MultiPolygon" and isinstance(coords, list):
        polygons = coords
    else:
        raise ReportError(
            f"theater outline: expected a Polygon or MultiPolygon geometry, got {gtype!r}"
        )
    return "".join(_ring_path(ring, proj) for polygon in polygons for ring in polygon)


def _marker_path(shape: str, x: float, y: float, r: float) -> str:
    if shape == "diamond":
        return f"M{x},{y - r}L{x + r},{y}L{x},{y + r}L{x - r},{y}Z"
    if shape == "triangle":
        return f"M{x},{y - r}L{x + r},{y + r * 0.8}L{x - r},{y + r * 0.8}Z"
    if shape == "down":
        return f"M{x},{y + r}L{x + r},{y - r * 0.8}L{x - r},{y - r * 0.8}Z"
    if shape == "cross":
        w = r / 2.5
        return (
            f"M{x - w},{y - r}h{2 * w}v{r - w}h{r - w}v{2 * w}h{w - r}v{r - w}"
            f"h{-2 * w}v{w - r}h{w - r}v{-2 * w}h{r - w}Z"
        )
    if shape == "star":
        points = []
        for k in range(10):
            radius = r * 1.2 if k % 2 == 0 else r * 0.5
            angle = math.pi * k / 5 - math.pi / 2
            points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
        return "M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in points) + "Z"
    return f"M{x - r * 0.8},{y - r * 0.8}h{1.6 * r}v{1.6 * r}h{-1.6 * r}Z"


def legend_marker(event_type: str) -> str:
    """A small standalone SVG of an event type's marker, for legends."""
    colour, shape = event_style(event_type)
    path = _marker_path(shape, 7.0, 7.0, 5.0)
    return (
        f'<svg class="sym" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
        f'<path d="{path}" fill="{colour}" stroke="#fff" stroke-width="0.8"/></svg>'
    )


def render_map(
    *,
    theater: Theater,
    timeline: ControlTimeline,
    events: Sequence[Event],
    colours: Mapping[str, str],
    actor_name: Mapping[str, str],
    layer: str = "",
) -> str:
    """The control map: outline, ``layer`` (territory), roads, towns coloured by their final
    holder, event markers."""
    proj = Projection.for_bbox(theater.bbox)
    coords: dict[str, tuple[float, float]] = {t.id: (t.lon, t.lat) for t in timeline.towns}
    for event in events:
        place = event.place
        if place is not None and place.lat is not None and place.lon is not None:
            coords.setdefault(place.id, (place.lon, place.lat))
    parts = [
        f'<svg id="map-svg" class="map" viewBox="0 0 {proj.width:.0f} {proj.height:.0f}" '
        f'role="img" aria-label="Map of control and events">',
        f'<rect class="sea" x="0" y="0" width="{proj.width:.0f}" height="{proj.height:.0f}"/>',
    ]
    outline = outline_path(theater.outline, proj)
    if outline:
        parts.append(f'<path class="outline" fill-rule="evenodd" d="{outline}"/>')
    parts.append(layer)
    parts.append('<g class="roads">')
    for road in theater.roads:
        if road.a not in coords or road.b not in coords:
            continue
        x1, y1 = proj.xy(*coords[road.a])
        x2, y2 = proj.xy(*coords[road.b])
        label = f"{road.road}: {road.a_name} to {road.b_name} ({road.km:g} km)"
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"><title>{escape(label)}</title></line>'
        )
    parts.append("</g>")
    parts.append(_event_markers(events, proj))
    parts.append('<g class="towns">')
    for index, (town, holder) in enumerate(zip(timeline.towns, timeline.final, strict=True)):
        x, y = proj.xy(town.lon, town.lat)
        fill = colours.get(holder, UNKNOWN_COLOUR) if holder else UNKNOWN_COLOUR
        held = actor_name.get(holder, holder) if holder else "unknown"
        parts.append(
            f'<circle class="town" data-i="{index}" cx="{x}" cy="{y}" r="5" fill="{fill}">'
            f"<title>{escape(town.name)}: {escape(held)}</title></circle>"
        )
    parts.append("</g>")
    parts.append(_town_labels(theater, timeline, proj))
    parts.append("</svg>")
    return "".join(parts)


def _town_labels(theater: Theater, timeline: ControlTimeline, proj: Projection) -> str:
    """Label towns greedily, skipping a label that would overlap one already placed.

    The capital and the towns that changed hands come first; a skipped town keeps its name
    in the tooltip of its dot.
    """
    changed = {
        t.id
        for i, t in enumerate(timeline.towns)
        if len({day[i] for day in timeline.holders}) > 1
    }
    order = sorted(
        range(len(timeline.towns)),
        key=lambda i: (
            timeline.towns[i].id != theater.capital,
            timeline.towns[i].id not in changed,
            i,
        ),
    )
    placed: list[tuple[float, float, float, float]] = []
    labels: list[tuple[int, str]] = []
    for i in order:
        town = timeline.towns[i]
        x, y = proj.xy(town.lon, town.lat)
        width, height = 6.0 * len(town.name) + 2, 12.0
        # right, left, above, below the dot: (x of the text anchor, baseline y, anchor)
        for tx, ty, anchor in (
            (x + 7, y + 3.5, "start"),
            (x - 7, y + 3.5, "end"),
            (x, y - 8, "middle"),
            (x, y + 15, "middle"),
        ):
            left = tx if anchor == "start" else tx - width if anchor == "end" else tx - width / 2
            box = (left, ty - 9.5, left + width, ty - 9.5 + height)
            if left < 0 or box[2] > proj.width or any(_overlap(box, other) for other in placed):
                continue
            placed.append(box)
            anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
            labels.append(
                (i, f'<text x="{tx:.1f}" y="{ty:.1f}"{anchor_attr}>{escape(town.name)}</text>')
            )
            break
    return '<g class="labels">' + "".join(text for _, text in sorted(labels)) + "</g>"


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _event_markers(events: Sequence[Event], proj: Projection) -> str:
    parts = ['<g class="events">']
    seen_at: Counter[str] = Counter()
    for event in events:
        place = event.place
        if place is None or place.lat is None or place.lon is None:
            continue
        x, y = proj.xy(place.lon, place.lat)
        # Spread events at one place on a small sunflower spiral so they stay visible.
        k = seen_at[place.id]
        seen_at[place.id] += 1
        radius = 6.0 * math.sqrt(k + 1)
        angle = (k + 1) * 2.39996
        x, y = round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1)
        colour, shape = event_style(event.event_type)
        day = event.time.day.isoformat() if event.time else ""
        tip = f"{day or 'undated'} {event.event_type} / {event.sub_event_type} at {place.name}"
        if event.notes:
            tip += f": {event.notes}"
        parts.append(
            f'<path class="ev" data-day="{day}" d="{_marker_path(shape, x, y, 4.0)}" '
            f'fill="{colour}"><title>{escape(tip)}</title></path>'
        )
    parts.append("</g>")
    return "".join(parts)


def render_event_chart(events: Sequence[Event]) -> str:
    """A stacked bar chart of events per day by type (dated events only)."""
    per_day: dict[date, Counter[str]] = defaultdict(Counter)
    for event in events:
        if event.time is not None:
            per_day[event.time.day][event.event_type] += 1
    if not per_day:
        return '<p class="empty">No dated events.</p>'
    first, last = min(per_day), max(per_day)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    types = sorted({t for counts in per_day.values() for t in counts})
    peak = max(sum(c.values()) for c in per_day.values())
    width, height, left, bottom, top = 960.0, 260.0, 40.0, 40.0, 12.0
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar_w = plot_w / len(days)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="Events per day by type">'
    ]
    for tick in sorted({0, (peak + 1) // 2, peak}):
        y = round(top + plot_h - plot_h * tick / peak, 1)
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y}" x2="{width - 10}" y2="{y}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, math.ceil(len(days) / 12))
    for n, day in enumerate(days):
        x = left + n * bar_w
        y = top + plot_h
        for event_type in types:
            count = per_day[day][event_type] if day in per_day else 0
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            colour, _ = event_style(event_type)
            parts.append(
                f'<rect x="{x + bar_w * 0.1:.1f}" y="{y:.1f}" width="{bar_w * 0.8:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{day.isoformat()}: '
                f"{escape(event_type)} × {count}</title></rect>"
            )
        if n % label_every == 0:
            cx = x + bar_w / 2
            parts.append(
                f'<text class="axis" x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{day.strftime('%d %b')}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def render_actor_graph(
    relations: Sequence[Relation], colours: Mapping[str, str], actor_name: Mapping[str, str]
) -> str:
    """Actors on a circle, one edge per distinct (subject, relation, object), arrows if directed."""
    triples = Counter((r.subject, r.relation, r.object) for r in relations)
    if not triples:
        return '<p class="empty">No relations.</p>'
    nodes = sorted({a for s, _, o in triples for a in (s, o)})
    size, radius, node_r = 640.0, 230.0, 9.0
    centre = size / 2
    pos: dict[str, tuple[float, float]] = {}
    for n, actor in enumerate(nodes):
        angle = 2 * math.pi * n / len(nodes) - math.pi / 2
        pos[actor] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle))
    parts = [
        f'<svg class="graph" viewBox="0 0 {size:.0f} {size:.0f}" role="img" '
        f'aria-label="Actor relations"><defs>'
    ]
    for rel, colour in RELATION_COLOURS.items():
        parts.append(
            f'<marker id="arrow-{rel.value}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0L10,5L0,10Z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    by_pair: dict[tuple[str, str], list[tuple[str, RelationType, str]]] = defaultdict(list)
    for triple in sorted(triples, key=lambda t: (t[0], t[1].value, t[2])):
        by_pair[(min(triple[0], triple[2]), max(triple[0], triple[2]))].append(triple)
    for (low, _high), group in sorted(by_pair.items()):
        for k, (subject, rel, obj) in enumerate(group):
            bend = (k - (len(group) - 1) / 2) * 28.0
            if subject != low:
                bend = -bend  # keep the bend on the side fixed by the unordered pair
            tip = f"{actor_name.get(subject, subject)} {rel.value} {actor_name.get(obj, obj)}"
            count = triples[(subject, rel, obj)]
            parts.append(_edge(pos[subject], pos[obj], bend, node_r, rel, count, tip))
    for actor in nodes:
        x, y = pos[actor]
        name = actor_name.get(actor, actor)
        label = name if len(name) <= 18 else actor
        dx, dy = x - centre, y - centre
        norm = math.hypot(dx, dy) or 1.0
        lx, ly = x + dx / norm * 16, y + dy / norm * 16 + 4
        anchor = "start" if dx > 1 else "end" if dx < -1 else "middle"
        parts.append(
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{node_r}" '
            f'fill="{colours.get(actor, UNKNOWN_COLOUR)}"><title>{escape(name)} ({escape(actor)})'
            f'</title></circle><text class="node-label" x="{lx:.1f}" y="{ly:.1f}" '
            f'text-anchor="{anchor}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _edge(
    a: tuple[float, float],
    b: tuple[float, float],
    bend: float,
    node_r: float,
    rel: RelationType,
    count: int,
    tip: str,
) -> str:
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    sx, sy = x1 + ux * node_r, y1 + uy * node_r
    ex, ey = x2 - ux * (node_r + 2), y2 - uy * (node_r + 2)
    cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
    colour = RELATION_COLOURS.get(rel, UNKNOWN_COLOUR)
    arrow = "" if rel in SYMMETRIC_RELATIONS else f' marker-end="url(#arrow-{rel.value})"'
    width = min(1.4 + 0.6 * (count - 1), 5.0)
    suffix = f" (stated {count} times)" if count > 1 else ""
    return (
        f'<path class="edge" d="M{sx:.1f},{sy:.1f}Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" '
        f'stroke="{colour}" stroke-width="{width:.1f}"{arrow}>'
        f"<title>{escape(tip)}{suffix}</title></path>"
    )
