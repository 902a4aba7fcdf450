"""The API's response and request models (pydantic, at the edge) and their conversions."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field

from sitrep.models import Document, Event, Relation, SourceRef


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class SourceOut(_Model):
    doc_id: str
    start: int
    end: int
    quote: str
    link: str = Field(description="The web page's view of the document with the quote marked.")


class PlaceOut(_Model):
    id: str
    name: str
    level: str
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None


class TimeOut(_Model):
    day: date
    earliest: date
    latest: date
    precision: int
    text: str


class EventOut(_Model):
    event_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actors: list[str]
    place: PlaceOut | None
    geo_precision: int
    time: TimeOut | None
    fatalities: int | None
    modality: str
    claimed_by: str | None
    notes: str
    sources: list[SourceOut]


class EventPageOut(_Model):
    total: int = Field(description="How many events match the filters, over all pages.")
    limit: int
    offset: int
    events: list[EventOut]


class ActorOut(_Model):
    id: str
    name: str
    type: str | None
    side: str | None
    events: int = Field(description="Fused events naming the actor.")


class RelationOut(_Model):
    subject: str
    relation: str
    object: str
    sources: list[SourceOut]


class DroppedOut(_Model):
    start: int
    end: int
    reason: str
    text: str


class DocumentOut(_Model):
    doc_id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: date | None
    url: str | None
    text: str = Field(description="The cleaned text; source offsets point into it.")
    raw: str
    dropped: list[DroppedOut] = Field(description="Spans of the raw text cleaning removed.")


class ControlProperties(_Model):
    place_id: str
    name: str
    holder: str | None
    holder_name: str | None
    state: str
    since: date
    sources: list[SourceOut]


class PointGeometry(_Model):
    type: Literal["Point"] = "Point"
    coordinates: list[float]


class ControlFeature(_Model):
    type: Literal["Feature"] = "Feature"
    geometry: PointGeometry | None
    properties: ControlProperties


class ControlCollection(_Model):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    date: date
    theater: str
    features: list[ControlFeature]


class MapOut(_Model):
    """What the web page needs to draw its map: the theater's frame, outline and days."""

    theater: str
    bbox: tuple[float, float, float, float]
    outline: dict[str, Any] | None
    start: date
    end: date
    actors: list[ActorOut]
    event_types: dict[str, int]
    tiles: str | None = Field(default=None, description="Tile URL template ({z}/{x}/{y}), "
                              "or None: the page draws the outline alone.")


class ClaimGroupOut(_Model):
    """Claims about one subject (and place, and day), as ``sitrep claims --json`` prints them."""

    kind: str
    subject: str
    subject_name: str
    place: str | None
    place_name: str | None
    day: date | None
    disagree: bool
    why: str
    note: str
    claims: list[dict[str, Any]]
    computed: dict[str, Any] | None


class ArticleIn(BaseModel):
    """An article to ingest (``--allow-ingest``): the fields of one JSONL input line."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._-]+$")
    text: str | None = Field(default=None, max_length=5_000_000)
    html: str | None = Field(default=None, max_length=5_000_000)
    url: str | None = Field(default=None, max_length=2000)
    published: date | None = None
    outlet: str | None = Field(default=None, max_length=200)
    title: str | None = Field(default=None, max_length=1000)
    author: str | None = Field(default=None, max_length=200)


class IngestOut(_Model):
    doc_id: str
    processed: int
    unchanged: int
    events: int
    control: int
    relations: int


def source_out(ref: SourceRef) -> SourceOut:
    link = f"/#doc={ref.doc_id}&start={ref.start}&end={ref.end}"
    return SourceOut(doc_id=ref.doc_id, start=ref.start, end=ref.end, quote=ref.quote, link=link)


def event_out(event: Event) -> EventOut:
    place = event.place
    time = event.time
    return EventOut(
        event_id=event.event_id,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        actor2=event.actor2,
        assoc_actors=list(event.assoc_actors),
        place=None if place is None else PlaceOut(
            id=place.id, name=place.name, level=place.level.value, lat=place.lat,
            lon=place.lon, admin1=place.admin1, country=place.country,
        ),
        geo_precision=event.geo_precision,
        time=None if time is None else TimeOut(
            day=time.day, earliest=time.earliest, latest=time.latest,
            precision=int(time.precision), text=time.text,
        ),
        fatalities=event.fatalities,
        modality=event.modality.value,
        claimed_by=event.claimed_by,
        notes=event.notes,
        sources=[source_out(s) for s in event.sources],
    )


def relation_out(relation: Relation) -> RelationOut:
    return RelationOut(
        subject=relation.subject, relation=relation.relation.value, object=relation.object,
        sources=[source_out(s) for s in relation.sources],
    )


def document_out(doc: Document) -> DocumentOut:
    return DocumentOut(
        doc_id=doc.doc_id, title=doc.title, outlet=doc.outlet, author=doc.author,
        published=doc.published, url=doc.url, text=doc.text, raw=doc.raw,
        dropped=[DroppedOut(start=d.start, end=d.end, reason=d.reason, text=d.text)
                 for d in doc.dropped],
    )


# ---------------------------------------------------------------- pre-serialised JSON
# The hot routes send bytes built from these plain dicts instead of validating a pydantic
# model per row; each gives what ``<Model>.model_dump(mode="json")`` gives (a test pins it),
# and the routes keep their response_model, so the OpenAPI schema is the same.


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON, written by pydantic's own serialiser (as ``model_dump_json``, and
    five times faster than ``json.dumps``); a non-finite float becomes null, as in the models."""
    return pydantic_core.to_json(value, inf_nan_mode="null")


def _number(value: float | None) -> float | None:
    return value if value is None or math.isfinite(value) else None  # pydantic: inf -> null


def source_json(ref: SourceRef) -> dict[str, Any]:
    """A source as :class:`SourceOut` serialises it."""
    return {"doc_id": ref.doc_id, "start": ref.start, "end": ref.end, "quote": ref.quote,
            "link": f"/#doc={ref.doc_id}&start={ref.start}&end={ref.end}"}


def event_json(event: Event) -> dict[str, Any]:
    """An event as :class:`EventOut` serialises it."""
    place = event.place
    time = event.time
    return {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "assoc_actors": list(event.assoc_actors),
        "place": None if place is None else {
            "id": place.id, "name": place.name, "level": place.level.value,
            "lat": _number(place.lat), "lon": _number(place.lon), "admin1": place.admin1,
            "country": place.country,
        },
        "geo_precision": event.geo_precision,
        "time": None if time is None else {
            "day": time.day.isoformat(), "earliest": time.earliest.isoformat(),
            "latest": time.latest.isoformat(), "precision": int(time.precision),
            "text": time.text,
        },
        "fatalities": event.fatalities,
        "modality": event.modality.value,
        "claimed_by": event.claimed_by,
        "notes": event.notes,
        "sources": [source_json(s) for s in event.sources],
    }


# The columns of ``events`` in the order the API selects them (``row_event_json`` reads them
# by position; ``sitrep.store.rows.row_event`` by name).
EVENT_COLUMNS = (
    "row_id", "event_id", "event_type", "sub_event_type", "actor1", "actor2", "assoc_actors",
    "place_id", "place_name", "place_level", "place_lat", "place_lon", "place_admin1",
    "place_country", "place_population", "geo_precision", "event_date", "date_earliest",
    "date_latest", "time_precision", "time_text", "fatalities", "modality", "claimed_by",
    "notes",
)


def row_event_json(row: Sequence[Any], sources: Sequence[tuple[str, int, int, str]]
                   ) -> dict[str, Any]:
    """A row of the store's ``events`` table selected as :data:`EVENT_COLUMNS` (and its
    sources as doc_id, start, end, quote) as :func:`event_json` gives the event it holds,
    without building the records."""
    (_, event_id, event_type, sub_event_type, actor1, actor2, assoc, place_id, place_name,
     place_level, lat, lon, admin1, country, _, geo_precision, day, earliest, latest,
     precision, time_text, fatalities, modality, claimed_by, notes) = row
    if lat is not None:
        lat = float(lat)
        if not math.isfinite(lat):  # pydantic: inf -> null
            lat = None
    if lon is not None:
        lon = float(lon)
        if not math.isfinite(lon):
            lon = None
    return {
        "event_id": event_id,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actor1,
        "actor2": actor2,
        "assoc_actors": [] if assoc == "[]" else json.loads(assoc),
        "place": None if place_id is None else {
            "id": place_id, "name": place_name, "level": place_level, "lat": lat, "lon": lon,
            "admin1": admin1, "country": country,
        },
        "geo_precision": geo_precision,
        "time": None if day is None else {
            "day": day, "earliest": earliest, "latest": latest, "precision": precision,
            "text": time_text,
        },
        "fatalities": fatalities,
        "modality": modality,
        "claimed_by": claimed_by,
        "notes": notes,
        "sources": [{"doc_id": d, "start": s, "end": e, "quote": q,
                     "link": f"/#doc={d}&start={s}&end={e}"} for d, s, e, q in sources],
    }
