"""The situation report: one self-contained HTML file, readable offline.

The page inlines its CSS, a small vanilla script and SVG drawings; it loads nothing from the
network (a Content-Security-Policy forbids it). Every piece of article text is escaped with
``html.escape``; the per-day control data sits in a ``<script type="application/json">``
whose ``<``, ``>`` and ``&`` are written as JSON escapes so no text can close the tag.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from html import escape
from importlib import resources
from urllib.parse import urlsplit

from sitrep.claims_group import ClaimGroup
from sitrep.models import (
    ControlChange,
    Document,
    Event,
    Failure,
    Modality,
    Relation,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.report.claims import claims_section
from sitrep.report.control import (
    build_timeline,
    corridor_section,
    day_table,
    territory_layer,
)
from sitrep.report.svg import (
    RELATION_COLOURS,
    UNKNOWN_COLOUR,
    ControlTimeline,
    assign_actor_colours,
    legend_marker,
    render_actor_graph,
    render_event_chart,
    render_map,
)
from sitrep.theater import Theater

logger = logging.getLogger(__name__)

SECTIONS = (
    ("map", "Map"),
    ("timeline", "Timeline"),
    ("events", "Events"),
    ("control", "Control changes"),
    ("relations", "Relations"),
    ("claims", "Claims"),
    ("documents", "Documents"),
)


def render_report(
    *,
    title: str,
    theater: Theater,
    documents: Sequence[Document],
    events: Sequence[Event],
    control: Sequence[ControlChange],
    relations: Sequence[Relation],
    failures: Sequence[Failure] = (),
    generated: datetime | None = None,
    claims: Sequence[ClaimGroup] = (),
) -> str:
    """Render the whole report as one HTML string.

    Args:
        title: the page title, shown in the header.
        theater: the theater pack (outline, baseline control, roads, actor names).
        documents: the cleaned documents the records come from.
        events: fused events; drawn on the map and the timeline, listed in a table.
        control: control changes; applied to the baseline day by day for the map slider.
        relations: actor relations; drawn as a graph and listed.
        failures: documents that could not be processed.
        generated: the time stamp printed in the header (now, in UTC, when left out).
        claims: grouped claims (``sitrep.claims_group.collect_claims``), listed side by side
            with their disagreements flagged.

    Returns:
        The HTML text. The same inputs and ``generated`` give the same text, whatever the
        order of the input sequences.

    Raises:
        ReportError: the theater's bbox or outline cannot be drawn.
    """
    stamp = generated or datetime.now(UTC)
    events = sorted(events, key=_event_key)
    control = sorted(control, key=_change_key)
    names = {actor_id: actor.name for actor_id, actor in theater.actors.items()}
    relations = sorted(
        relations,
        key=lambda r: (
            names.get(r.subject, r.subject), r.subject, r.relation.value,
            names.get(r.object, r.object), r.object, r.sources,
        ),
    )
    documents = sorted(documents, key=lambda d: d.doc_id)
    failures = sorted(failures, key=lambda f: (f.path, f.reason))
    sources = [e.sources for e in events] + [c.sources for c in control]
    sources += [r.sources for r in relations]
    cited = Counter(ref.doc_id for refs in sources for ref in refs)
    analysis = build_timeline(theater, control, events, documents)
    timeline = day_table(theater, analysis)
    holders = {h for day in timeline.holders for h in day if h}
    mentioned = {a for e in events for a in (e.actor1, e.actor2, *e.assoc_actors) if a}
    mentioned |= {a for r in relations for a in (r.subject, r.object)}
    colours = assign_actor_colours(holders, mentioned | set(theater.actors))

    script = resources.files("sitrep.report").joinpath("report.js").read_text("utf-8")
    style = resources.files("sitrep.report").joinpath("report.css").read_text("utf-8")
    # The CSP allows this one script by the hash of its exact text, so injected ones never run.
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    body = [
        _header(title, theater, documents, events, control, relations, failures, stamp),
        _map_section(theater, timeline, events, colours, names,
                     territory_layer(theater, analysis, timeline, colours)),
        corridor_section(theater, analysis, timeline),
        _timeline_section(events, control, names),
        _events_section(events, names),
        _control_section(control, names),
        _relations_section(relations, colours, names),
        claims_section(claims, names),
        _documents_section(documents, failures, cited),
    ]
    data = _control_json(timeline, colours, names)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="sitrep">\n<title>{escape(title)}</title>\n'
        f"<style>\n{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f'\n<script type="application/json" id="control-data">{data}</script>\n'
        f"<script>{script}</script>\n</body></html>\n"
    )


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _event_key(event: Event) -> tuple[date, str]:
    return (event.time.day if event.time else date.max, event.event_id)


def _change_key(change: ControlChange) -> tuple[date, str]:
    return (change.time.day if change.time else date.max, change.change_id)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _anchor(doc_id: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", doc_id)


def _actor(actor_id: str | None, names: Mapping[str, str]) -> str:
    if not actor_id:
        return '<span class="muted">–</span>'
    name = names.get(actor_id)
    if name is None or name == actor_id:
        return f'<span class="actor">{escape(actor_id)}</span>'
    return f'<span class="actor" title="{escape(actor_id)}">{escape(name)}</span>'


def format_time(time: TimeSpan | None) -> str:
    """A date with its precision: a day, a range within a week, or a month."""
    if time is None:
        return "undated"
    if time.precision is TimePrecision.DAY:
        return time.day.isoformat()
    if time.precision is TimePrecision.WEEK:
        low, high = time.earliest.isoformat(), time.latest.isoformat()
        return f"{time.day.isoformat()} (between {low} and {high})"
    return f"{time.day.strftime('%Y-%m')} (month)"


def _time_cell(time: TimeSpan | None) -> str:
    text = escape(format_time(time))
    if time is not None and time.text:
        return f'{text}<div class="notes">from “{escape(time.text)}”</div>'
    return text


def _modality(modality: Modality, claimed_by: str | None, names: Mapping[str, str]) -> str:
    if modality is Modality.CLAIMED:
        by = _actor(claimed_by, names) if claimed_by else "unnamed party"
        return f'<span class="claimed">claimed by {by}</span>'
    return "asserted"


def _sources(sources: Sequence[SourceRef]) -> str:
    if not sources:
        return '<span class="muted">no source</span>'
    items = "".join(
        f'<li><q>{escape(s.quote)}</q> <a class="doc" href="#{escape(_anchor(s.doc_id))}">'
        f"{escape(s.doc_id)}</a></li>"
        for s in sources
    )
    return f'<ul class="sources">{items}</ul>'


def _header(
    title: str,
    theater: Theater,
    documents: Sequence[Document],
    events: Sequence[Event],
    control: Sequence[ControlChange],
    relations: Sequence[Relation],
    failures: Sequence[Failure],
    stamp: datetime,
) -> str:
    days = [e.time.day for e in events if e.time] + [c.time.day for c in control if c.time]
    span = f"{min(days).isoformat()} to {max(days).isoformat()}" if days else "no dated records"
    counts = [
        (len(documents), "documents"),
        (len(events), "events"),
        (len(control), "control changes"),
        (len(relations), "relations"),
        (len(failures), "failures"),
    ]
    stats = "".join(
        f'<div class="stat"><b>{n}</b><span>{label}</span></div>' for n, label in counts
    )
    nav = "".join(f'<a href="#{key}">{label}</a>' for key, label in SECTIONS)
    return (
        f'<header><div class="wrap"><h1>{escape(title)}</h1>'
        f'<p class="sub">Theater <b>{escape(theater.name)}</b> · baseline '
        f"{theater.start.isoformat()} · records {escape(span)} · generated "
        f"{escape(stamp.isoformat(timespec='minutes'))}</p>"
        f'<div class="stats">{stats}</div><nav>{nav}</nav></div></header>'
    )


def _map_section(
    theater: Theater,
    timeline: ControlTimeline,
    events: Sequence[Event],
    colours: Mapping[str, str],
    names: Mapping[str, str],
    layer: str = "",
) -> str:
    svg = render_map(
        theater=theater, timeline=timeline, events=events, colours=colours, actor_name=names,
        layer=layer,
    )
    held = sorted({h for day in timeline.holders for h in day if h})
    final_counts = {a: sum(1 for h in timeline.final if h == a) for a in held}
    actor_items = "".join(
        f'<li data-actor="{escape(a)}"><i class="sw" style="background:{colours[a]}"></i>'
        f'{_actor(a, names)} <span class="n">{final_counts[a]}</span></li>'
        for a in held
    )
    if any(h is None for h in timeline.final):
        actor_items += f'<li><i class="sw" style="background:{UNKNOWN_COLOUR}"></i>unknown</li>'
    types = sorted({e.event_type for e in events if e.place is not None})
    type_items = "".join(f"<li>{legend_marker(t)}{escape(t)}</li>" for t in types)
    last = len(timeline.days) - 1
    first_day, last_day = timeline.days[0].isoformat(), timeline.days[-1].isoformat()
    return (
        '<section id="map"><div class="wrap"><h2><a href="#map">Map</a></h2>'
        f'<p class="note">Towns coloured by who holds them; the slider replays the control '
        f"changes from the baseline ({first_day}) to the last change ({last_day}); event "
        f"markers up to the chosen day.</p>"
        '<div class="slider"><label for="day">Day</label>'
        f'<input type="range" id="day" min="0" max="{last}" value="{last}" step="1"'
        f'{" disabled" if last == 0 else ""}>'
        f'<output id="day-label" for="day">{last_day}</output></div>'
        f'<div class="mapbox">{svg}<aside class="legend"><h3>Control</h3>'
        f'<ul id="control-legend">{actor_items}</ul><h3>Events</h3><ul>{type_items}</ul>'
        "</aside></div></div></section>"
    )


def _control_json(
    timeline: ControlTimeline, colours: Mapping[str, str], names: Mapping[str, str]
) -> str:
    actors = sorted({h for day in timeline.holders for h in day if h})
    index = {a: n for n, a in enumerate(actors)}
    return script_json(
        {
            "days": [d.isoformat() for d in timeline.days],
            "towns": [{"id": t.id, "name": t.name} for t in timeline.towns],
            "actors": [
                {"id": a, "name": names.get(a, a), "colour": colours.get(a, UNKNOWN_COLOUR)}
                for a in actors
            ],
            "unknown": UNKNOWN_COLOUR,
            # holders[d][i]: index into actors of who holds towns[i] on days[d], -1 if unknown
            "holders": [[index[h] if h else -1 for h in day] for day in timeline.holders],
        }
    )


def _timeline_section(
    events: Sequence[Event], control: Sequence[ControlChange], names: Mapping[str, str]
) -> str:
    chart = render_event_chart(events)
    types = sorted({e.event_type for e in events if e.time})
    legend = "".join(f"<li>{legend_marker(t)}{escape(t)}</li>" for t in types)
    by_day: dict[str, list[str]] = {}
    for change in control:
        key = change.time.day.isoformat() if change.time else "undated"
        claim = ""
        if change.modality is Modality.CLAIMED:
            claim = f" ({_modality(change.modality, change.claimed_by, names)})"
        by_day.setdefault(key, []).append(
            f"<li><b>{escape(change.place.name)}</b>: {_actor(change.from_actor, names)} → "
            f"{_actor(change.to_actor, names)}{claim}</li>"
        )
    days = "".join(
        f'<div class="day"><h4>{escape(day)}</h4><ul>{"".join(items)}</ul></div>'
        for day, items in by_day.items()
    )
    return (
        '<section id="timeline"><div class="wrap"><h2><a href="#timeline">Timeline</a></h2>'
        f'<h3>Events per day, by type</h3>{chart}<ul class="inline-legend">{legend}</ul>'
        f'<h3>Control changes by date</h3><div class="days">'
        f'{days or "<p class=empty>No control changes.</p>"}</div></div></section>'
    )


def _events_section(events: Sequence[Event], names: Mapping[str, str]) -> str:
    rows = []
    for event in events:
        place = event.place
        place_cell = (
            f'{escape(place.name)} <code>{escape(place.id)}</code>'
            f'<span class="muted"> geo {event.geo_precision}</span>'
            if place
            else '<span class="muted">–</span>'
        )
        actor2 = _actor(event.actor2, names)
        if event.assoc_actors:
            actor2 += '<br><span class="muted">with</span> ' + ", ".join(
                _actor(a, names) for a in event.assoc_actors
            )
        notes = f'<div class="notes">{escape(event.notes)}</div>' if event.notes else ""
        fatalities = "–" if event.fatalities is None else str(event.fatalities)
        rows.append(
            f'<tr id="ev-{escape(event.event_id)}"><td class="date">{_time_cell(event.time)}</td>'
            f"<td><b>{escape(event.event_type)}</b><br>{escape(event.sub_event_type)}{notes}</td>"
            f"<td>{_actor(event.actor1, names)}</td><td>{actor2}</td><td>{place_cell}</td>"
            f"<td>{_modality(event.modality, event.claimed_by, names)}</td>"
            f'<td class="num">{fatalities}</td><td>{_sources(event.sources)}</td></tr>'
        )
    return _table_section(
        "events",
        "Events",
        ("Date", "Type / sub-type", "Actor 1", "Actor 2", "Place", "Modality", "Fatalities",
         "Sources"),
        rows,
    )


def _control_section(control: Sequence[ControlChange], names: Mapping[str, str]) -> str:
    rows = [
        f'<tr><td class="date">{_time_cell(c.time)}</td><td>{escape(c.place.name)} '
        f"<code>{escape(c.place.id)}</code></td><td>{_actor(c.from_actor, names)}</td>"
        f"<td>{_actor(c.to_actor, names)}</td><td>{_modality(c.modality, c.claimed_by, names)}"
        f"</td><td>{_sources(c.sources)}</td></tr>"
        for c in control
    ]
    return _table_section(
        "control", "Control changes", ("Date", "Place", "From", "To", "Modality", "Sources"), rows
    )


def _table_section(key: str, label: str, head: Sequence[str], rows: Sequence[str]) -> str:
    return (
        f'<section id="{key}"><div class="wrap"><h2><a href="#{key}">{label}</a> '
        f"<small>{len(rows)}</small></h2>{_table(key, head, rows)}</div></section>"
    )


def _table(css_class: str, head: Sequence[str], rows: Sequence[str]) -> str:
    heads = "".join(f"<th>{h}</th>" for h in head)
    body = "".join(rows) or f'<tr><td colspan="{len(head)}" class="empty">None.</td></tr>'
    return (
        f'<div class="scroll"><table class="{css_class}"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _relations_section(
    relations: Sequence[Relation], colours: Mapping[str, str], names: Mapping[str, str]
) -> str:
    graph = render_actor_graph(relations, colours, names)
    legend = "".join(
        f'<li><i class="line" style="background:{colour}"></i>{rel.value.replace("_", " ")}</li>'
        for rel, colour in RELATION_COLOURS.items()
    )
    rows = [
        f"<tr><td>{_actor(r.subject, names)}</td><td><span class=\"rel\" style=\"color:"
        f'{RELATION_COLOURS.get(r.relation, UNKNOWN_COLOUR)}">'
        f"{escape(r.relation.value.replace('_', ' '))}</span></td>"
        f"<td>{_actor(r.object, names)}</td><td>{_sources(r.sources)}</td></tr>"
        for r in relations
    ]
    table = _table("relations", ("Subject", "Relation", "Object", "Sources"), rows)
    return (
        '<section id="relations"><div class="wrap"><h2><a href="#relations">Relations</a> '
        f'<small>{len(rows)}</small></h2><div class="graphbox">{graph}'
        f'<ul class="legend-list">{legend}</ul></div>{table}</div></section>'
    )


def _documents_section(
    documents: Sequence[Document], failures: Sequence[Failure], cited: Mapping[str, int]
) -> str:
    cards = []
    for doc in documents:
        meta = [
            ("outlet", doc.outlet),
            ("author", doc.author),
            ("published", doc.published.isoformat() if doc.published else None),
            ("language", doc.language),
            ("quoted", _plural(cited.get(doc.doc_id, 0), "time")),
        ]
        facts = "".join(
            f"<span><i>{label}</i> {escape(value)}</span>" for label, value in meta if value
        )
        url = ""
        if doc.url:
            scheme = urlsplit(doc.url).scheme.lower()
            if scheme in ("http", "https"):
                url = (
                    f'<a class="url" href="{escape(doc.url)}" rel="noopener noreferrer">'
                    f"{escape(doc.url)}</a>"
                )
            else:
                url = f'<span class="url">{escape(doc.url)}</span>'
        dropped = "".join(
            f'<li><span class="reason">{escape(span.reason)}</span> '
            f'<span class="muted">[{span.start}:{span.end}]</span> {escape(span.text)}</li>'
            for span in doc.dropped
        )
        dropped_block = (
            f"<details><summary>{_plural(len(doc.dropped), 'dropped span')}</summary>"
            f'<ul class="dropped">{dropped}</ul></details>'
            if doc.dropped
            else '<p class="muted">Nothing dropped.</p>'
        )
        cards.append(
            f'<article class="doc" id="{escape(_anchor(doc.doc_id))}"><h3>'
            f"{escape(doc.title or '(untitled)')}</h3><p class=\"meta\"><code>"
            f"{escape(doc.doc_id)}</code>{facts}</p>{url}{dropped_block}</article>"
        )
    failure_rows = "".join(
        f"<tr><td><code>{escape(f.path)}</code></td><td>{escape(f.doc_id or '–')}</td>"
        f"<td>{escape(f.reason)}</td></tr>"
        for f in failures
    )
    failure_block = (
        f'<h3 id="failures">Failures <small>{len(failures)}</small></h3>'
        '<div class="scroll"><table class="failures"><thead><tr><th>Path</th><th>Doc id</th>'
        f"<th>Reason</th></tr></thead><tbody>{failure_rows}</tbody></table></div>"
        if failures
        else ""
    )
    return (
        '<section id="documents"><div class="wrap"><h2><a href="#documents">Documents</a> '
        f'<small>{len(documents)}</small></h2><div class="docs">{"".join(cards)}</div>'
        f"{failure_block}</div></section>"
    )
