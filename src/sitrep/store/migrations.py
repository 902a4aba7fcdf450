"""The store's schema, grown by small numbered migrations.

Each ``@migration(n)`` function takes the schema from version ``n - 1`` to ``n`` and runs
inside the transaction that records ``n`` in the ``schema_version`` table. Add a new
function with the next number; never edit one that has shipped.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from sitrep.errors import StoreError

log = logging.getLogger(__name__)

Migration = Callable[[sqlite3.Connection], None]
# Filled once, at import, by the @migration decorators below; never mutated afterwards.
_MIGRATIONS: dict[int, Migration] = {}


def migration(version: int) -> Callable[[Migration], Migration]:
    """Register a function that takes the schema from ``version - 1`` to ``version``."""

    def register(fn: Migration) -> Migration:
        if version in _MIGRATIONS:
            raise StoreError(f"migration {version} is defined twice ({fn.__name__})")
        _MIGRATIONS[version] = fn
        return fn

    return register


_PLACE_COLUMNS = """
    place_id TEXT, place_name TEXT, place_level TEXT, place_lat REAL, place_lon REAL,
    place_admin1 TEXT, place_country TEXT, place_population INTEGER"""
_TIME_COLUMNS = """
    event_date TEXT, date_earliest TEXT, date_latest TEXT, time_precision INTEGER,
    time_text TEXT"""


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one (``executescript`` would commit the migration early)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise StoreError(f"incomplete SQL statement in a migration: {pending.strip()[:60]!r}")


@migration(1)
def _create_tables(db: sqlite3.Connection) -> None:
    """Documents, their per-document output, fused output, sources, failures, meta."""
    _execute_script(db, f"""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL,
            raw TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT, outlet TEXT, author TEXT, published TEXT,
            published_source TEXT NOT NULL, language TEXT NOT NULL,
            url TEXT, source_path TEXT NOT NULL);
        CREATE TABLE dropped (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            reason TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (doc_id, seq));
        CREATE TABLE doc_warnings (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, message TEXT NOT NULL, PRIMARY KEY (doc_id, seq));
        CREATE TABLE mentions (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
            text TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL,
            producer TEXT NOT NULL, PRIMARY KEY (doc_id, seq));
        CREATE TABLE events (
            row_id INTEGER PRIMARY KEY,
            origin TEXT REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, event_id TEXT NOT NULL,
            event_type TEXT NOT NULL, sub_event_type TEXT NOT NULL,
            actor1 TEXT, actor2 TEXT, assoc_actors TEXT NOT NULL,
            {_PLACE_COLUMNS}, geo_precision INTEGER NOT NULL,
            {_TIME_COLUMNS}, fatalities INTEGER, modality TEXT NOT NULL,
            claimed_by TEXT, notes TEXT NOT NULL);
        CREATE TABLE control (
            row_id INTEGER PRIMARY KEY,
            origin TEXT REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, change_id TEXT NOT NULL,
            {_PLACE_COLUMNS}, to_actor TEXT NOT NULL, from_actor TEXT,
            {_TIME_COLUMNS}, modality TEXT NOT NULL, claimed_by TEXT);
        CREATE TABLE relations (
            row_id INTEGER PRIMARY KEY,
            origin TEXT REFERENCES documents(doc_id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, subject TEXT NOT NULL, relation TEXT NOT NULL,
            object TEXT NOT NULL);
        CREATE TABLE sources (
            kind TEXT NOT NULL CHECK (kind IN ('event', 'control', 'relation')),
            owner INTEGER NOT NULL, seq INTEGER NOT NULL, doc_id TEXT NOT NULL,
            span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, quote TEXT NOT NULL,
            PRIMARY KEY (kind, owner, seq));
        CREATE TRIGGER events_sources AFTER DELETE ON events BEGIN
            DELETE FROM sources WHERE kind = 'event' AND owner = old.row_id; END;
        CREATE TRIGGER control_sources AFTER DELETE ON control BEGIN
            DELETE FROM sources WHERE kind = 'control' AND owner = old.row_id; END;
        CREATE TRIGGER relations_sources AFTER DELETE ON relations BEGIN
            DELETE FROM sources WHERE kind = 'relation' AND owner = old.row_id; END;
        CREATE TABLE failures (path TEXT PRIMARY KEY, reason TEXT NOT NULL, doc_id TEXT);
    """)


@migration(2)
def _create_indexes(db: sqlite3.Connection) -> None:
    """Indexes for the map/time queries, actor look-ups and per-document replacement."""
    _execute_script(db, """
        CREATE INDEX events_when_where ON events (event_date, place_lat, place_lon);
        CREATE INDEX events_actor1 ON events (actor1);
        CREATE INDEX events_actor2 ON events (actor2);
        CREATE INDEX events_origin ON events (origin, seq);
        CREATE UNIQUE INDEX events_fused_id ON events (event_id) WHERE origin IS NULL;
        CREATE INDEX control_origin ON control (origin, seq);
        CREATE INDEX control_place ON control (place_id, event_date);
        CREATE INDEX relations_origin ON relations (origin, seq);
        CREATE INDEX mentions_entity ON mentions (entity_id);
        CREATE INDEX failures_doc ON failures (doc_id);
    """)


@migration(3)
def _partial_indexes(db: sqlite3.Connection) -> None:
    """Index only the fused rows for map, actor and place queries: per-document rows are
    read by origin alone, and every extra index slows the insert of each document."""
    _execute_script(db, """
        DROP INDEX events_when_where;
        DROP INDEX events_actor1;
        DROP INDEX events_actor2;
        DROP INDEX control_place;
        CREATE INDEX events_when_where ON events (event_date, place_lat, place_lon)
            WHERE origin IS NULL;
        CREATE INDEX events_actor1 ON events (actor1) WHERE origin IS NULL;
        CREATE INDEX events_actor2 ON events (actor2) WHERE origin IS NULL;
        CREATE INDEX control_place ON control (place_id, event_date) WHERE origin IS NULL;
    """)


@migration(4)
def _fused_order_index(db: sqlite3.Connection) -> None:
    """The fused events in the order every listing uses (undated last, then date, id), and
    by type: a page of 100 out of 100k events reads 100 index entries instead of sorting."""
    _execute_script(db, """
        CREATE INDEX events_fused_order
            ON events ((event_date IS NULL), event_date, event_id, row_id)
            WHERE origin IS NULL;
        CREATE INDEX events_fused_type ON events (event_type) WHERE origin IS NULL;
    """)


@migration(5)
def _analyze_events(db: sqlite3.Connection) -> None:
    """Statistics that know the indexes of version 4: a store analysed before them keeps
    sorting every listing, whatever indexes exist."""
    _execute_script(db, "ANALYZE events;")


def latest_version() -> int:
    """The schema version this code writes."""
    return max(_MIGRATIONS)



def migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the open file up to :func:`latest_version`; refuse a newer file."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    current = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
    latest = latest_version()
    if current > latest:
        raise StoreError(
            f"{path}: store has schema version {current}, newer than the {latest} this"
            " sitrep knows; upgrade sitrep to open it"
        )
    for version in range(current + 1, latest + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            _MIGRATIONS[version](db)
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        log.debug("%s: migrated store to schema version %d", path, version)
