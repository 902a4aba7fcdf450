"""The report's control layer, drawn from :mod:`sitrep.control`: holders per day for the
slider, territory estimates per day, and the status of the theater's key corridors."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape

from sitrep.control import (
    ControlError,
    ControlTimeline,
    RoadGraph,
    estimate_territory,
    find_corridor,
    load_control_facts,
)
from sitrep.errors import TheaterError
from sitrep.models import ControlChange, Document, Event
from sitrep.report.svg import ControlTimeline as DayTable
from sitrep.report.svg import Projection, Town, outline_path
from sitrep.theater import Theater, theater_dir

log = logging.getLogger(__name__)


def build_timeline(
    theater: Theater,
    control: Sequence[ControlChange],
    events: Sequence[Event],
    documents: Sequence[Document],
) -> ControlTimeline:
    published = {d.doc_id: d.published for d in documents if d.published}
    return ControlTimeline.build(theater, control, events=events, published=published)


def day_table(theater: Theater, timeline: ControlTimeline) -> DayTable:
    """Holders of every located town on every day from the baseline to the last hand-over.

    A town outside the baseline is unknown until its first hand-over on the map.
    """
    towns = tuple(
        Town(id=t.id, name=t.name, lat=t.lat, lon=t.lon)
        for t in timeline.towns.values()
        if t.lat is not None and t.lon is not None
    )
    last = max((h.day for hs in timeline.handovers.values() for h in hs), default=theater.start)
    end = max(last, theater.start)
    days = tuple(theater.start + timedelta(days=n) for n in range((end - theater.start).days + 1))
    in_baseline = {b.place_id for b in theater.baseline}

    def holder(place_id: str, day: date) -> str | None:
        if place_id in in_baseline or timeline.last_handover(place_id, day) is not None:
            return timeline.holder(place_id, day)
        return None

    holders = tuple(tuple(holder(t.id, d) for t in towns) for d in days)
    return DayTable(days=days, towns=towns, holders=holders)


def territory_layer(
    theater: Theater, timeline: ControlTimeline, table: DayTable, colours: Mapping[str, str]
) -> str:
    """One SVG group of territory polygons per distinct map, shown for the days it holds."""
    if theater.outline is None:
        return ""
    proj = Projection.for_bbox(theater.bbox)
    groups: dict[tuple[str | None, ...], list[int]] = {}
    for index, row in enumerate(table.holders):
        groups.setdefault(row, []).append(index)
    last = len(table.days) - 1
    parts = ['<g class="territory">']
    for row, indices in groups.items():
        holders = {t.id: h for t, h in zip(table.towns, row, strict=True)}
        try:
            fc = estimate_territory(timeline.towns, holders, theater.outline)
        except ControlError as e:
            log.info("no territory layer: %s", e)
            return ""
        hidden = "" if last in indices else ' style="display:none"'
        days = " ".join(str(i) for i in indices)
        parts.append(f'<g class="terr" data-days="{days}"{hidden}>')
        for feature in fc["features"]:
            props = feature["properties"]
            if props["kind"] != "territory":
                continue
            d = outline_path(feature["geometry"], proj)
            colour = colours.get(props["actor"], "#bbbbbb")
            parts.append(f'<path fill-rule="evenodd" d="{d}" fill="{colour}" '
                         f'fill-opacity="0.18" stroke="none"/>')
        parts.append("</g>")
    parts.append("</g>")
    return "".join(parts)


def corridor_section(theater: Theater, timeline: ControlTimeline, table: DayTable) -> str:
    """The key corridors of the pack: open or cut on each day, and what cuts them."""
    try:
        facts = load_control_facts(theater, theater_dir(theater.name))
    except TheaterError:
        facts = load_control_facts(theater)
    if not facts.corridors:
        return ""
    graph = RoadGraph.from_theater(theater, timeline.towns)

    def name(place_id: str) -> str:
        town = timeline.towns.get(place_id)
        return town.name if town else place_id

    head = "".join(f"<th>{d.strftime('%d %b')}</th>" for d in table.days)
    rows = []
    for key in facts.corridors:
        cells = []
        for day in table.days:
            try:
                result = find_corridor(graph, timeline.holders(day), key.origin, key.dest,
                                       actor=key.actor)
            except ControlError as e:
                log.info("corridor %s-%s: %s", key.origin, key.dest, e)
                break
            if result.connected:
                cells.append('<td class="open" title="'
                             + escape(" > ".join(name(p) for p in result.route)) + '">open</td>')
            else:
                cut = ", ".join(name(p) for p in result.cut) or "no road"
                cells.append(f'<td class="cut">cut: {escape(cut)}</td>')
        rows.append(f"<tr><th>{escape(name(key.origin))} - {escape(name(key.dest))} "
                    f"({escape(key.actor)})</th>{''.join(cells)}</tr>")
    return (
        '<section id="corridors"><div class="wrap"><h2><a href="#corridors">Corridors</a></h2>'
        '<p class="note">Whether each key road link stays within the towns of its actor on '
        "each day; when it does not, the towns held by others that cut it.</p>"
        f'<table class="corridors"><thead><tr><th>Corridor</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )
