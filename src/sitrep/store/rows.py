"""Conversion between the records of sitrep.models and the store's rows."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any, Literal

from sitrep.errors import StoreError
from sitrep.models import (
    ControlChange,
    Document,
    DroppedSpan,
    Event,
    Mention,
    MentionKind,
    Modality,
    Place,
    PlaceLevel,
    Relation,
    RelationType,
    SourceRef,
    TimePrecision,
    TimeSpan,
)

SourceKind = Literal["event", "control", "relation"]


def iso_day(day: date | None) -> str | None:
    """A date as an ISO string (None stays None)."""
    return day.isoformat() if day is not None else None


def parse_day(text: str | None) -> date | None:
    """An ISO string as a date (None stays None)."""
    return date.fromisoformat(text) if text is not None else None


def place_values(place: Place | None) -> tuple[Any, ...]:
    """The eight denormalised place columns, in table order."""
    if place is None:
        return (None,) * 8
    return (
        place.id, place.name, place.level.value, place.lat, place.lon,
        place.admin1, place.country, place.population,
    )


def row_place(row: sqlite3.Row) -> Place | None:
    if row["place_id"] is None:
        return None
    return Place(
        id=row["place_id"],
        name=row["place_name"],
        level=PlaceLevel(row["place_level"]),
        lat=row["place_lat"],
        lon=row["place_lon"],
        admin1=row["place_admin1"],
        country=row["place_country"],
        population=row["place_population"],
    )


def time_values(time: TimeSpan | None) -> tuple[Any, ...]:
    """The five time columns, in table order."""
    if time is None:
        return (None,) * 5
    return (
        time.day.isoformat(), time.earliest.isoformat(), time.latest.isoformat(),
        int(time.precision), time.text,
    )


def row_time(row: sqlite3.Row) -> TimeSpan | None:
    if row["event_date"] is None:
        return None
    return TimeSpan(
        day=date.fromisoformat(row["event_date"]),
        earliest=date.fromisoformat(row["date_earliest"]),
        latest=date.fromisoformat(row["date_latest"]),
        precision=TimePrecision(row["time_precision"]),
        text=row["time_text"],
    )


def row_document(row: sqlite3.Row, dropped: tuple[DroppedSpan, ...]) -> Document:
    return Document(
        doc_id=row["doc_id"],
        raw=row["raw"],
        text=row["text"],
        dropped=dropped,
        title=row["title"],
        outlet=row["outlet"],
        author=row["author"],
        published=parse_day(row["published"]),
        published_source=row["published_source"],
        language=row["language"],
        url=row["url"],
        source_path=row["source_path"],
    )


def row_mention(row: sqlite3.Row) -> Mention:
    return Mention(
        doc_id=row["doc_id"],
        start=row["span_start"],
        end=row["span_end"],
        text=row["text"],
        kind=MentionKind(row["kind"]),
        id=row["entity_id"],
        producer=row["producer"],
    )


def row_event(row: sqlite3.Row, sources: tuple[SourceRef, ...]) -> Event:
    return Event(
        event_id=row["event_id"],
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        actor1=row["actor1"],
        actor2=row["actor2"],
        assoc_actors=tuple(json.loads(row["assoc_actors"])),
        place=row_place(row),
        geo_precision=row["geo_precision"],
        time=row_time(row),
        fatalities=row["fatalities"],
        modality=Modality(row["modality"]),
        claimed_by=row["claimed_by"],
        sources=sources,
        notes=row["notes"],
    )


def row_control(row: sqlite3.Row, sources: tuple[SourceRef, ...]) -> ControlChange:
    place = row_place(row)
    if place is None:  # the column is only NULL if the file was edited by hand
        raise StoreError(f"control change {row['change_id']!r} has no place; the store is damaged")
    return ControlChange(
        change_id=row["change_id"],
        place=place,
        to_actor=row["to_actor"],
        from_actor=row["from_actor"],
        time=row_time(row),
        modality=Modality(row["modality"]),
        claimed_by=row["claimed_by"],
        sources=sources,
    )


def row_relation(row: sqlite3.Row, sources: tuple[SourceRef, ...]) -> Relation:
    return Relation(
        subject=row["subject"],
        relation=RelationType(row["relation"]),
        object=row["object"],
        sources=sources,
    )


EVENT_INSERT = """INSERT INTO events (row_id, origin, seq, event_id, event_type, sub_event_type,
    actor1, actor2, assoc_actors, place_id, place_name, place_level, place_lat, place_lon,
    place_admin1, place_country, place_population, geo_precision, event_date, date_earliest,
    date_latest, time_precision, time_text, fatalities, modality, claimed_by, notes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
CONTROL_INSERT = """INSERT INTO control (row_id, origin, seq, change_id, place_id, place_name,
    place_level, place_lat, place_lon, place_admin1, place_country, place_population,
    to_actor, from_actor, event_date, date_earliest, date_latest, time_precision, time_text,
    modality, claimed_by)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
RELATION_INSERT = (
    "INSERT INTO relations (row_id, origin, seq, subject, relation, object)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
EVENT_ORDER = "ORDER BY event_date IS NULL, event_date, event_id, row_id"
CONTROL_ORDER = "ORDER BY event_date IS NULL, event_date, place_id, to_actor, change_id, row_id"
RELATION_ORDER = "ORDER BY subject, relation, object, row_id"
