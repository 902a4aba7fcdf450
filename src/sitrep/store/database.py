"""The Store class: one SQLite file in WAL mode, opened, migrated and used through here."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sitrep.errors import StoreError
from sitrep.models import (
    ControlChange,
    DocResult,
    Document,
    DroppedSpan,
    Event,
    Failure,
    Mention,
    Relation,
    SourceRef,
)
from sitrep.store.migrations import migrate
from sitrep.store.rows import (
    CONTROL_INSERT,
    CONTROL_ORDER,
    EVENT_INSERT,
    EVENT_ORDER,
    RELATION_INSERT,
    RELATION_ORDER,
    SourceKind,
    iso_day,
    place_values,
    row_control,
    row_document,
    row_event,
    row_mention,
    row_relation,
    time_values,
)

log = logging.getLogger(__name__)


_BUSY_TIMEOUT_S = 60.0  # how long a writer waits for another process's transaction


class Store:
    """A sitrep store in one SQLite file; open it, use it, close it (or use ``with``)."""

    def __init__(self, path: str | Path) -> None:
        """Open (or create) the store at ``path``, migrating it to the current schema.

        ``":memory:"`` gives a throw-away store (no WAL), handy in tests.
        """
        self.path = str(path)
        self._batched = False
        memory = self.path == ":memory:"
        try:
            if not memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_TIMEOUT_S)
        except (OSError, sqlite3.Error) as e:
            raise StoreError(f"{self.path}: cannot open store ({e})") from e
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            if not memory:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")
            migrate(self._db, self.path)
        except sqlite3.Error as e:
            self._db.close()
            raise StoreError(
                f"{self.path}: not a readable sitrep store ({e}); move it away or pick another"
                " path"
            ) from e
        except StoreError:
            self._db.close()
            raise

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Close the file; the store cannot be used afterwards."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        with self._reading("read the schema version"):
            row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the writes made inside into one transaction, committed at the end.

        Saving many documents in one commit is several times faster than one commit each;
        an interrupted batch is rolled back whole, so a resumed run redoes those documents.
        """
        with self._writing("write a batch"):
            self._batched = True
            try:
                yield
            finally:
                self._batched = False

    @contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction; any SQLite error becomes a StoreError naming ``what``."""
        if self._batched:  # inside batch(): its transaction commits or rolls back
            try:
                yield self._db
            except sqlite3.Error as e:
                raise StoreError(f"{self.path}: cannot {what} ({e})") from e
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot {what} ({e})") from e
        try:
            yield self._db
        except sqlite3.Error as e:
            self._db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot {what} ({e})") from e
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot {what} ({e})") from e

    @contextmanager
    def _reading(self, what: str) -> Iterator[sqlite3.Connection]:
        """A read transaction (one snapshot for several queries); nests inside another."""
        try:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: cannot {what} ({e})") from e

    # ----------------------------------------------------------------- meta

    def set_meta(self, key: str, value: str) -> None:
        """Record a run-wide setting, e.g. the theater name."""
        with self._writing(f"set meta {key!r}") as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def get_meta(self, key: str) -> str | None:
        """A run-wide setting, or None if never set."""
        with self._reading(f"read meta {key!r}") as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # ----------------------------------------------------------------- documents

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """Whether this document id is stored with this same content hash."""
        with self._reading("look up a document") as db:
            row = db.execute(
                "SELECT 1 FROM documents WHERE doc_id = ? AND content_hash = ?",
                (doc_id, content_hash),
            ).fetchone()
        return row is not None

    def document_count(self) -> int:
        """How many documents are stored."""
        with self._reading("count documents") as db:
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def save_result(self, result: DocResult, *, content_hash: str) -> None:
        """Store one document and everything extracted from it, replacing any earlier save."""
        doc = result.document
        with self._writing(f"save document {doc.doc_id!r}") as db:
            db.execute(
                """INSERT INTO documents (doc_id, content_hash, raw, text, title, outlet,
                    author, published, published_source, language, url, source_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (doc_id) DO UPDATE SET content_hash = excluded.content_hash,
                    raw = excluded.raw, text = excluded.text, title = excluded.title,
                    outlet = excluded.outlet, author = excluded.author,
                    published = excluded.published,
                    published_source = excluded.published_source,
                    language = excluded.language, url = excluded.url,
                    source_path = excluded.source_path""",
                (
                    doc.doc_id, content_hash, doc.raw, doc.text, doc.title, doc.outlet,
                    doc.author, iso_day(doc.published), doc.published_source, doc.language,
                    doc.url, doc.source_path,
                ),
            )
            for table in ("dropped", "doc_warnings", "mentions"):
                db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.doc_id,))
            for table in ("events", "control", "relations"):
                db.execute(f"DELETE FROM {table} WHERE origin = ?", (doc.doc_id,))
            db.executemany(
                "INSERT INTO dropped VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (doc.doc_id, i, s.start, s.end, s.reason, s.text)
                    for i, s in enumerate(doc.dropped)
                ],
            )
            db.executemany(
                "INSERT INTO doc_warnings VALUES (?, ?, ?)",
                [(doc.doc_id, i, w) for i, w in enumerate(result.warnings)],
            )
            db.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (m.doc_id, i, m.start, m.end, m.text, m.kind.value, m.id, m.producer)
                    for i, m in enumerate(result.mentions)
                ],
            )
            self._insert_facts(db, doc.doc_id, result.events, result.control, result.relations)
            db.execute(
                "DELETE FROM failures WHERE path = ? OR doc_id = ?",
                (doc.source_path, doc.doc_id),
            )

    def documents(self) -> list[Document]:
        """Every stored document, ordered by doc_id."""
        with self._reading("read documents") as db:
            dropped = self._dropped(db, None)
            rows = db.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
        return [row_document(r, dropped.get(r["doc_id"], ())) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None."""
        with self._reading(f"read document {doc_id!r}") as db:
            row = db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                return None
            dropped = self._dropped(db, doc_id)
        return row_document(row, dropped.get(doc_id, ()))

    def mentions(self, doc_id: str | None = None) -> list[Mention]:
        """The mentions of one document, or of all, in document then saved order."""
        with self._reading("read mentions") as db:
            if doc_id is None:
                rows = db.execute("SELECT * FROM mentions ORDER BY doc_id, seq").fetchall()
            else:
                rows = db.execute(
                    "SELECT * FROM mentions WHERE doc_id = ? ORDER BY seq", (doc_id,)
                ).fetchall()
        return [row_mention(r) for r in rows]

    def doc_results(self) -> Iterator[DocResult]:
        """Everything saved per document (the unfused extraction output), by doc_id."""
        with self._reading("list documents") as db:
            ids = [r[0] for r in db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]
        for doc_id in ids:
            result = self._doc_result(doc_id)
            if result is not None:  # None only if deleted meanwhile by another writer
                yield result

    def extracted(self) -> tuple[list[Event], list[ControlChange], list[Relation]]:
        """Every document's unfused events, control changes and relations, in bulk."""
        where, order = "origin IS NOT NULL", "ORDER BY origin, seq"
        with self._reading("read the per-document output") as db:
            return (
                self._events(db, where, (), order),
                self._controls(db, where, (), order),
                self._relations(db, where, (), order),
            )

    def _doc_result(self, doc_id: str) -> DocResult | None:
        with self._reading(f"read the results of {doc_id!r}") as db:
            doc = self.document(doc_id)
            if doc is None:
                return None
            mentions = tuple(self.mentions(doc_id))
            warnings = tuple(
                r[0]
                for r in db.execute(
                    "SELECT message FROM doc_warnings WHERE doc_id = ? ORDER BY seq", (doc_id,)
                )
            )
            where, params = "origin = ?", (doc_id,)
            events = self._events(db, where, params, "ORDER BY seq")
            control = self._controls(db, where, params, "ORDER BY seq")
            relations = self._relations(db, where, params, "ORDER BY seq")
        return DocResult(
            document=doc,
            mentions=mentions,
            events=tuple(events),
            control=tuple(control),
            relations=tuple(relations),
            warnings=warnings,
        )

    # ----------------------------------------------------------------- failures

    def record_failure(self, failure: Failure) -> None:
        """Record (or update) why the document at ``failure.path`` could not be processed."""
        with self._writing(f"record the failure of {failure.path!r}") as db:
            db.execute(
                "INSERT INTO failures (path, reason, doc_id) VALUES (?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET reason = excluded.reason,"
                " doc_id = excluded.doc_id",
                (failure.path, failure.reason, failure.doc_id),
            )

    def failures(self) -> list[Failure]:
        """Every recorded failure, ordered by path."""
        with self._reading("read failures") as db:
            rows = db.execute("SELECT * FROM failures ORDER BY path").fetchall()
        return [Failure(path=r["path"], reason=r["reason"], doc_id=r["doc_id"]) for r in rows]

    # ----------------------------------------------------------------- fused output

    def replace_fused(
        self,
        *,
        events: Sequence[Event],
        control: Sequence[ControlChange],
        relations: Sequence[Relation],
    ) -> None:
        """Replace the whole fused (cross-document) output in one transaction."""
        with self._writing("replace the fused output") as db:
            for table in ("events", "control", "relations"):
                db.execute(f"DELETE FROM {table} WHERE origin IS NULL")
            self._insert_facts(db, None, events, control, relations)
            # fresh statistics of the events table (about 0.1 s per 100k rows): without them
            # SQLite lists fused events through the origin index and sorts them all instead
            # of reading them in order; sampled statistics mislead it the same way
            db.execute("ANALYZE events")

    def events(self) -> list[Event]:
        """The fused events, by date (undated last) then event_id."""
        with self._reading("read events") as db:
            return self._events(db, "origin IS NULL", (), EVENT_ORDER)

    def event(self, event_id: str) -> Event | None:
        """One fused event, or None."""
        with self._reading(f"read event {event_id!r}") as db:
            found = self._events(db, "origin IS NULL AND event_id = ?", (event_id,), "")
        return found[0] if found else None

    def control_changes(self) -> list[ControlChange]:
        """The fused control changes, by date (undated last), place and new holder."""
        with self._reading("read control changes") as db:
            return self._controls(db, "origin IS NULL", (), CONTROL_ORDER)

    def relations(self) -> list[Relation]:
        """The fused relations, by subject, relation and object."""
        with self._reading("read relations") as db:
            return self._relations(db, "origin IS NULL", (), RELATION_ORDER)

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def _dropped(
        db: sqlite3.Connection, doc_id: str | None
    ) -> dict[str, tuple[DroppedSpan, ...]]:
        if doc_id is None:
            rows = db.execute("SELECT * FROM dropped ORDER BY doc_id, seq").fetchall()
        else:
            rows = db.execute(
                "SELECT * FROM dropped WHERE doc_id = ? ORDER BY seq", (doc_id,)
            ).fetchall()
        out: dict[str, list[DroppedSpan]] = {}
        for r in rows:
            out.setdefault(r["doc_id"], []).append(
                DroppedSpan(start=r["span_start"], end=r["span_end"], reason=r["reason"],
                            text=r["text"])
            )
        return {k: tuple(v) for k, v in out.items()}

    @staticmethod
    def _insert_facts(
        db: sqlite3.Connection,
        origin: str | None,
        events: Iterable[Event],
        control: Iterable[ControlChange],
        relations: Iterable[Relation],
    ) -> None:
        sources: list[tuple[Any, ...]] = []

        def add_sources(kind: SourceKind, owner: int | None, refs: Sequence[SourceRef]) -> None:
            sources.extend(
                (kind, owner, i, s.doc_id, s.start, s.end, s.quote) for i, s in enumerate(refs)
            )

        # row ids are given here, so that each table takes one executemany
        rows: list[tuple[Any, ...]] = []
        next_id = Store._next_row_id(db, "events")
        for i, e in enumerate(events):
            rows.append((
                next_id, origin, i, e.event_id, e.event_type, e.sub_event_type, e.actor1,
                e.actor2, json.dumps(list(e.assoc_actors), ensure_ascii=False),
                *place_values(e.place), e.geo_precision, *time_values(e.time),
                e.fatalities, e.modality.value, e.claimed_by, e.notes,
            ))
            add_sources("event", next_id, e.sources)
            next_id += 1
        db.executemany(EVENT_INSERT, rows)
        rows = []
        next_id = Store._next_row_id(db, "control")
        for i, c in enumerate(control):
            rows.append((
                next_id, origin, i, c.change_id, *place_values(c.place), c.to_actor,
                c.from_actor, *time_values(c.time), c.modality.value, c.claimed_by,
            ))
            add_sources("control", next_id, c.sources)
            next_id += 1
        db.executemany(CONTROL_INSERT, rows)
        rows = []
        next_id = Store._next_row_id(db, "relations")
        for i, r in enumerate(relations):
            rows.append((next_id, origin, i, r.subject, r.relation.value, r.object))
            add_sources("relation", next_id, r.sources)
            next_id += 1
        db.executemany(RELATION_INSERT, rows)
        db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", sources)

    @staticmethod
    def _next_row_id(db: sqlite3.Connection, table: str) -> int:
        return int(db.execute(f"SELECT COALESCE(MAX(row_id), 0) + 1 FROM {table}").fetchone()[0])

    @staticmethod
    def _sources(
        db: sqlite3.Connection, kind: SourceKind, table: str, where: str, params: tuple[Any, ...]
    ) -> dict[int, tuple[SourceRef, ...]]:
        rows = db.execute(
            f"SELECT owner, doc_id, span_start, span_end, quote FROM sources"
            f" WHERE kind = ? AND owner IN (SELECT row_id FROM {table} WHERE {where})"
            " ORDER BY owner, seq",
            (kind, *params),
        ).fetchall()
        out: dict[int, list[SourceRef]] = {}
        for r in rows:
            out.setdefault(r[0], []).append(
                SourceRef(doc_id=r[1], start=r[2], end=r[3], quote=r[4])
            )
        return {k: tuple(v) for k, v in out.items()}

    def _events(
        self, db: sqlite3.Connection, where: str, params: tuple[Any, ...], order: str
    ) -> list[Event]:
        sources = self._sources(db, "event", "events", where, params)
        rows = db.execute(f"SELECT * FROM events WHERE {where} {order}", params).fetchall()
        return [row_event(r, sources.get(r["row_id"], ())) for r in rows]

    def _controls(
        self, db: sqlite3.Connection, where: str, params: tuple[Any, ...], order: str
    ) -> list[ControlChange]:
        sources = self._sources(db, "control", "control", where, params)
        rows = db.execute(f"SELECT * FROM control WHERE {where} {order}", params).fetchall()
        return [row_control(r, sources.get(r["row_id"], ())) for r in rows]

    def _relations(
        self, db: sqlite3.Connection, where: str, params: tuple[Any, ...], order: str
    ) -> list[Relation]:
        sources = self._sources(db, "relation", "relations", where, params)
        rows = db.execute(f"SELECT * FROM relations WHERE {where} {order}", params).fetchall()
        return [row_relation(r, sources.get(r["row_id"], ())) for r in rows]
