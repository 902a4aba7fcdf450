"""Read-side queries of the API over a store file: event filters, paging, FTS5 quote search.

This module does not import FastAPI, so it is usable (and testable) without the ``serve``
extra. The store's tables are only read; the one thing written is a sidecar FTS5 table
(``api_quote_index``, contentless, keyed by the events' ``row_id``) and its state row
(``api_fts_state``), created and refilled here from the fused events' source quotes whenever
the store has changed.

Caching: :meth:`StoreReader.generation` turns SQLite's ``PRAGMA data_version`` (which moves
whenever another connection commits to the file, in this process or another) into a counter;
the totals of filtered listings are cached per generation, and so may callers cache what
they derive from the store.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.api.listing import EventListing, Mask, build_listing
from sitrep.api.schemas import EVENT_COLUMNS
from sitrep.errors import SitrepError, StoreError
from sitrep.models import Event, SourceRef
from sitrep.store import Store
from sitrep.store.rows import row_event

log = logging.getLogger(__name__)

MAX_LIMIT = 1000
MAX_EXPORT = 200_000  # events in one CSV/GeoJSON download
_SELECT_EVENTS = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events"
_EVENT_ORDER = "ORDER BY event_date IS NULL, event_date, event_id, row_id"
_FTS_TABLE = "api_quote_index"
_FTS_OLD_TABLES = ("api_quote_fts",)  # earlier layouts of the index, dropped on rebuild
_FTS_STATE = "api_fts_state"
_FTS_FORMAT = "2"  # in the state row: a change of layout forces a rebuild
# A text search matching more events than this lists them by walking the listing index and
# keeping the matches (stops after one page); fewer are fetched by row id and sorted.
_SCAN_ABOVE = 2000
_MMAP_BYTES = 1 << 30
_PHRASE_BYTES = 64 * 1024 * 1024  # the searched phrases' masks kept (one byte per event)
_MAX_TOTALS = 20_000  # cached totals per generation
_WORD = re.compile(r"\w+\*?")
_MAX_TERMS = 16


class QueryError(SitrepError):
    """A query parameter is invalid; the message says which and what to send instead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """The filters of ``GET /events``; every field left None matches everything."""

    date_from: date | None = None
    date_to: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    actor: str | None = None
    event_type: str | None = None
    doc_id: str | None = None
    q: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventPage:
    total: int
    limit: int
    offset: int
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRows:
    """A page as the store holds it: rows of ``events`` and, per row_id, its sources as
    (doc_id, start, end, quote); for answers serialised straight from the rows."""

    total: int
    rows: tuple[sqlite3.Row, ...]
    sources: dict[int, list[tuple[str, int, int, str]]]


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``minlon,minlat,maxlon,maxlat`` as four floats, checked for range and order."""
    parts = text.split(",")
    if len(parts) != 4:
        raise QueryError(f"bbox {text!r}: give four numbers minlon,minlat,maxlon,maxlat")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as e:
        raise QueryError(f"bbox {text!r}: every part must be a number") from e
    if not all(-180.0 <= x <= 180.0 for x in (west, east)):
        raise QueryError(f"bbox {text!r}: longitudes must lie in -180..180")
    if not all(-90.0 <= y <= 90.0 for y in (south, north)):
        raise QueryError(f"bbox {text!r}: latitudes must lie in -90..90")
    if west > east or south > north:
        raise QueryError(f"bbox {text!r}: min must not exceed max (minlon,minlat,maxlon,maxlat)")
    return west, south, east, north


def fts_expression(text: str) -> str:
    """A user's words as a safe FTS5 query: every word quoted, all required, ``word*`` a prefix."""
    return " ".join(fts_phrases(text))


def fts_phrases(text: str) -> list[str]:
    """The phrases of :func:`fts_expression`; a quote matches it when it matches each one."""
    terms = _WORD.findall(text)[:_MAX_TERMS]
    if not terms:
        raise QueryError(f"q {text!r}: give at least one word to search the quotes for")
    out = []
    for term in terms:
        prefix = term.endswith("*")
        word = term.rstrip("*")
        out.append(f'"{word}"' + ("*" if prefix else ""))
    return out


class StoreReader:
    """Thread-safe read access to one store file: one SQLite connection per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no such store; create it with `sitrep run`")
        with Store(self.path):  # checks and migrates the file before anything reads it
            pass
        self._local = threading.local()
        self._fts_lock = threading.Lock()
        self._fts_signature: str | None = None
        self._fts_generation = -1
        self.fts = self._fts_available()
        self._watch_lock = threading.Lock()
        try:
            self._watch = sqlite3.connect(self.path, isolation_level=None, timeout=30.0,
                                          check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open store ({e})") from e
        self._data_version: int | None = None
        self._generation = 0
        self._totals: dict[tuple[int, str, tuple[Any, ...]], int] = {}
        self._listing_lock = threading.Lock()
        self._listing: tuple[int, EventListing | None] | None = None
        self._phrases_lock = threading.Lock()
        self._phrases: OrderedDict[tuple[int, str], Mask] = OrderedDict()

    # ---------------------------------------------------------------- connections

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot open store ({e})") from e
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA query_only = ON")
            # pages read from the OS cache in place: no read() copy per page, one copy of the
            # file however many threads read it
            db.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            self._local.db = db
        return db

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (a consistent snapshot) on this thread's connection."""
        db = self._connection()
        try:
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot read the store ({e})") from e

    def generation(self) -> int:
        """A counter that moves whenever the file has changed since the last call.

        Read it before reading the store: what is read afterwards is at least that new, so
        anything cached under the number it returns is never older than the number says.
        """
        with self._watch_lock:
            try:
                version = int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot read the store ({e})") from e
            if version != self._data_version:
                self._data_version = version
                self._generation += 1
                self._totals.clear()
            return self._generation

    def signature(self) -> str:
        """Changes whenever documents, events, control changes or relations are rewritten."""
        with self.reading() as db:
            parts = [
                db.execute(f"SELECT COALESCE(MAX(row_id), 0) FROM {t}").fetchone()[0]
                for t in ("events", "control", "relations")
            ]
            docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            fused = db.execute("SELECT value FROM meta WHERE key = 'fused_counts'").fetchone()
        return f"{parts}:{docs}:{fused[0] if fused else ''}"

    # ---------------------------------------------------------------- full text

    def _fts_available(self) -> bool:
        try:
            with sqlite3.connect(":memory:") as probe:
                probe.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        except sqlite3.OperationalError:
            log.warning("this SQLite has no FTS5: q= falls back to a slower LIKE search")
            return False
        return True

    def refresh_index(self) -> None:
        """Rebuild the sidecar FTS table if the store changed since it was filled."""
        if not self.fts:
            return
        generation = self.generation()
        if generation == self._fts_generation:
            return
        signature = f"{_FTS_FORMAT}:{self.signature()}"
        if signature == self._fts_signature:
            self._fts_generation = generation
            return
        with self._fts_lock:
            if signature != self._fts_signature:
                self._rebuild_fts(signature)
                self._fts_signature = signature
            self._fts_generation = generation

    def _rebuild_fts(self, signature: str) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot open store to index quotes ({e})") from e
        try:
            for old in _FTS_OLD_TABLES:
                db.execute(f"DROP TABLE IF EXISTS {old}")
            # contentless: only MATCH is asked of it, and its rowid is the event's row_id
            db.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS_TABLE}"
                " USING fts5(quote, content='', columnsize=0)"
            )
            db.execute(f"CREATE TABLE IF NOT EXISTS {_FTS_STATE} (signature TEXT NOT NULL)")
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute(f"SELECT signature FROM {_FTS_STATE}").fetchone()
                if row is None or row[0] != signature:
                    db.execute(f"INSERT INTO {_FTS_TABLE} ({_FTS_TABLE}) VALUES ('delete-all')")
                    db.execute(
                        f"INSERT INTO {_FTS_TABLE} (rowid, quote)"
                        " SELECT e.row_id, group_concat(s.quote, ' ')"
                        " FROM events e JOIN sources s ON s.kind = 'event' AND s.owner = e.row_id"
                        " WHERE e.origin IS NULL GROUP BY e.row_id"
                    )
                    db.execute(f"DELETE FROM {_FTS_STATE}")
                    db.execute(f"INSERT INTO {_FTS_STATE} VALUES (?)", (signature,))
                    log.info("indexed the quotes of the fused events for q= search")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot build the quote index ({e})") from e
        finally:
            db.close()

    # ---------------------------------------------------------------- events

    def events(self, flt: EventFilter, *, limit: int = 100, offset: int = 0) -> EventPage:
        """One page of fused events matching ``flt``, by date (undated last) then event id."""
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit {limit}: give 1..{MAX_LIMIT}")
        if offset < 0:
            raise QueryError(f"offset {offset}: give 0 or more")
        found = self.event_rows(flt, limit=limit, offset=offset)
        events = tuple(
            row_event(r, tuple(SourceRef(doc_id=d, start=s, end=e, quote=q)
                               for d, s, e, q in found.sources.get(r["row_id"], ())))
            for r in found.rows
        )
        return EventPage(total=found.total, limit=limit, offset=offset, events=events)

    def event_rows(self, flt: EventFilter, *, limit: int = 100, offset: int = 0) -> EventRows:
        """:meth:`events` without building records: the rows and their sources."""
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit {limit}: give 1..{MAX_LIMIT}")
        if offset < 0:
            raise QueryError(f"offset {offset}: give 0 or more")
        self._check(flt)
        generation = self.generation()
        if self._listable(flt):
            listing = self.listing(generation)
            if listing is not None:
                found = self._listed_rows(listing, flt, limit=limit, offset=offset)
                if found is not None:
                    return found
        where, params = self._where(flt)
        with self.reading() as db:
            total = self._total(db, generation, flt, where, params)
            if flt.q is not None and self.fts and total > _SCAN_ABOVE:
                where, params = self._where(flt, scan_order=True)
            rows = db.execute(
                f"{_SELECT_EVENTS} WHERE {where} {_EVENT_ORDER} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall() if offset < total else []
            sources = self._source_rows(db, [r["row_id"] for r in rows])
        return EventRows(total=total, rows=tuple(rows), sources=sources)

    def _listable(self, flt: EventFilter) -> bool:
        """Whether the listing and the quote index can tell the events matching ``flt``."""
        return flt.doc_id is None and (flt.q is None or self.fts)

    def lists(self, flt: EventFilter) -> bool:
        """Whether pages of ``flt`` are found in the in-memory listing (about a millisecond,
        or a few the first time a word is searched) rather than by SQL."""
        held = self._listing
        if not self._listable(flt) or held is None or held[1] is None:
            return False
        # nothing to rebuild first (the listing, the quote index), which takes seconds
        generation = self.generation()
        return held[0] == generation and (flt.q is None or self._fts_generation == generation)

    def listing(self, generation: int) -> EventListing | None:
        """The in-memory listing of the fused events for ``generation`` (built on first use;
        None where the store is too large for one)."""
        held = self._listing
        if held is not None and held[0] == generation:
            return held[1]
        with self._listing_lock:
            held = self._listing
            if held is None or held[0] != generation:
                with self.reading() as db:
                    built = build_listing(db, generation=generation, order=_EVENT_ORDER)
                held = self._listing = (generation, built)
            return held[1]

    def _listed_rows(self, listing: EventListing, flt: EventFilter, *, limit: int,
                     offset: int) -> EventRows | None:
        """A page found in ``listing`` with its rows read by row id, or None if the store
        has changed since the listing was made (the caller then asks SQL)."""
        with self.reading() as db:
            words = None
            if flt.q is not None:
                words = self._quote_mask(db, listing, flt.q)
                if words is None:
                    return None
            total, ids = listing.page(flt, limit=limit, offset=offset, words=words)
            marks = ",".join("?" * len(ids))
            found = {r["row_id"]: r for r in db.execute(
                f"{_SELECT_EVENTS} WHERE origin IS NULL AND row_id IN ({marks})", ids)
            } if ids else {}
            sources = self._source_rows(db, ids)
            # unchanged since the listing was read: this transaction saw the same store
            current = self.generation()
        if current != listing.generation or len(found) != len(ids):
            return None
        return EventRows(total=total, rows=tuple(found[i] for i in ids), sources=sources)

    def _quote_mask(self, db: sqlite3.Connection, listing: EventListing, q: str
                    ) -> Mask | None:
        """Which events of ``listing`` have quotes matching ``q`` (the phrases' masks ANDed,
        each kept for the generation), or None if the quote index does not fit the listing."""
        mask: Mask | None = None
        for phrase in fts_phrases(q):
            key = (listing.generation, phrase)
            with self._phrases_lock:
                found = self._phrases.get(key)
                if found is not None:
                    self._phrases.move_to_end(key)
            if found is None:
                # one string parsed by numpy: four times faster than a row per match
                text = db.execute(f"SELECT group_concat(rowid) FROM {_FTS_TABLE}"
                                  f" WHERE {_FTS_TABLE} MATCH ?", (phrase,)).fetchone()[0]
                found = listing.mask_of(np.fromstring(text or "", dtype=np.int64, sep=","))
                if found is None:
                    return None
                with self._phrases_lock:
                    if next(iter(self._phrases), key)[0] != listing.generation:
                        self._phrases.clear()
                    self._phrases[key] = found
                    while len(self._phrases) * max(1, len(found)) > _PHRASE_BYTES:
                        self._phrases.popitem(last=False)
            mask = found if mask is None else mask & found
        return mask

    def _total(self, db: sqlite3.Connection, generation: int, flt: EventFilter, where: str,
               params: tuple[Any, ...]) -> int:
        """How many fused events match, cached per generation of the store."""
        key = (generation, where, params)
        found = self._totals.get(key)
        if found is not None:
            return found
        if self.fts and flt.q is not None and flt == EventFilter(q=flt.q):
            # the index holds exactly the fused events: count the matches there
            total = int(db.execute(f"SELECT COUNT(*) FROM {_FTS_TABLE} WHERE {_FTS_TABLE}"
                                   " MATCH ?", (fts_expression(flt.q),)).fetchone()[0])
        else:
            total = int(db.execute(f"SELECT COUNT(*) FROM events WHERE {where}", params)
                        .fetchone()[0])
        if len(self._totals) >= _MAX_TOTALS:
            self._totals.clear()
        self._totals[key] = total
        return total

    def _check(self, flt: EventFilter) -> None:
        """Reject contradictory filters; bring the quote index up to date when ``q`` is used."""
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
            raise QueryError(
                f"date_from {flt.date_from} is after date_to {flt.date_to}: swap them"
            )
        if flt.q is not None:
            fts_expression(flt.q)  # validate before touching the index
            self.refresh_index()

    def _where(self, flt: EventFilter, *, scan_order: bool = False
               ) -> tuple[str, tuple[Any, ...]]:
        """The WHERE clause of ``flt`` and its parameters.

        ``scan_order`` keeps SQLite from looking the text matches up by row id (the unary
        ``+``), so it walks the listing index instead and stops after a page.
        """
        conds = ["origin IS NULL"]
        params: list[Any] = []
        if flt.date_from is not None:
            conds.append("event_date >= ?")
            params.append(flt.date_from.isoformat())
        if flt.date_to is not None:
            conds.append("event_date <= ?")
            params.append(flt.date_to.isoformat())
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            conds.append("place_lon BETWEEN ? AND ? AND place_lat BETWEEN ? AND ?")
            params += [west, east, south, north]
        if flt.actor is not None:
            # the LIKE spares json_each on the rows whose list cannot hold the actor
            conds.append(
                "(actor1 = ? OR actor2 = ? OR (assoc_actors LIKE ? ESCAPE '\\' AND EXISTS"
                " (SELECT 1 FROM json_each(events.assoc_actors) WHERE value = ?)))"
            )
            like = flt.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [flt.actor, flt.actor, f"%{like}%", flt.actor]
        if flt.event_type is not None:
            conds.append("event_type = ?")
            params.append(flt.event_type)
        if flt.doc_id is not None:
            conds.append(
                "EXISTS (SELECT 1 FROM sources s WHERE s.kind = 'event'"
                " AND s.owner = events.row_id AND s.doc_id = ?)"
            )
            params.append(flt.doc_id)
        if flt.q is not None:
            if self.fts:
                conds.append(
                    f"{'+' if scan_order else ''}row_id IN"
                    f" (SELECT rowid FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH ?)"
                )
                params.append(fts_expression(flt.q))
            else:
                for term in _WORD.findall(flt.q)[:_MAX_TERMS]:
                    conds.append(
                        "EXISTS (SELECT 1 FROM sources s WHERE s.kind = 'event'"
                        " AND s.owner = events.row_id AND s.quote LIKE ?)"
                    )
                    params.append(f"%{term.rstrip('*')}%")
        return " AND ".join(conds), tuple(params)

    def export_events(self, flt: EventFilter, *, limit: int = MAX_EXPORT) -> EventPage:
        """Up to ``limit`` events matching ``flt`` in one consistent read, for a download."""
        if not 1 <= limit <= MAX_EXPORT:
            raise QueryError(f"limit {limit}: give 1..{MAX_EXPORT}")
        self._check(flt)
        where, params = self._where(flt)
        events: list[Event] = []
        with self.reading() as db:
            total = int(db.execute(f"SELECT COUNT(*) FROM events WHERE {where}", params)
                        .fetchone()[0])
            cursor = db.execute(
                f"{_SELECT_EVENTS} WHERE {where} {_EVENT_ORDER} LIMIT ?", (*params, limit)
            )
            while rows := cursor.fetchmany(MAX_LIMIT):
                sources = self._sources(db, [r["row_id"] for r in rows])
                events += [row_event(r, sources.get(r["row_id"], ())) for r in rows]
        return EventPage(total=total, limit=limit, offset=0, events=tuple(events))

    def outlets(self, doc_ids: Sequence[str]) -> dict[str, str | None]:
        """The outlet of each of ``doc_ids`` that is in the store."""
        out: dict[str, str | None] = {}
        unique = sorted(set(doc_ids))
        with self.reading() as db:
            for n in range(0, len(unique), 500):
                chunk = unique[n:n + 500]
                marks = ",".join("?" * len(chunk))
                for row in db.execute(
                    f"SELECT doc_id, outlet FROM documents WHERE doc_id IN ({marks})", chunk
                ):
                    out[str(row[0])] = row[1]
        return out

    @staticmethod
    def _source_rows(
        db: sqlite3.Connection, owners: Sequence[int]
    ) -> dict[int, list[tuple[str, int, int, str]]]:
        if not owners:
            return {}
        marks = ",".join("?" * len(owners))
        cursor = db.execute(
            "SELECT owner, doc_id, span_start, span_end, quote FROM sources"
            f" WHERE kind = 'event' AND owner IN ({marks}) ORDER BY owner, seq",
            tuple(owners),
        )
        cursor.row_factory = None  # plain tuples
        out: dict[int, list[tuple[str, int, int, str]]] = {}
        for owner, doc_id, start, end, quote in cursor:
            out.setdefault(owner, []).append((doc_id, start, end, quote))
        return out

    @classmethod
    def _sources(
        cls, db: sqlite3.Connection, owners: Sequence[int]
    ) -> dict[int, tuple[SourceRef, ...]]:
        return {k: tuple(SourceRef(doc_id=d, start=s, end=e, quote=q) for d, s, e, q in v)
                for k, v in cls._source_rows(db, owners).items()}

    def event(self, event_id: str) -> Event | None:
        """One fused event with its sources, or None."""
        with self.reading() as db:
            row = db.execute(
                f"{_SELECT_EVENTS} WHERE origin IS NULL AND event_id = ?", (event_id,)
            ).fetchone()
            if row is None:
                return None
            sources = self._sources(db, [row["row_id"]])
        return row_event(row, sources.get(row["row_id"], ()))

    def event_counts(self) -> dict[str, int]:
        """How many fused events name each actor (as actor1, actor2 or associated)."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT a, COUNT(*) FROM ("
                " SELECT actor1 AS a FROM events WHERE origin IS NULL AND actor1 IS NOT NULL"
                " UNION ALL SELECT actor2 FROM events WHERE origin IS NULL AND actor2 IS NOT NULL"
                " UNION ALL SELECT j.value FROM events, json_each(events.assoc_actors) j"
                "  WHERE events.origin IS NULL) GROUP BY a"
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def event_types(self) -> dict[str, int]:
        """How many fused events there are of each type."""
        with self.reading() as db:
            rows = db.execute(
                "SELECT event_type, COUNT(*) FROM events WHERE origin IS NULL"
                " GROUP BY event_type ORDER BY event_type"
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
