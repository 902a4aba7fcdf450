"""What the watcher remembers between polls, in ``watch_*`` tables of the store's SQLite file.

    watch_sources  per feed or page URL: validators (ETag, Last-Modified), failures in a
                   row, when to poll next, the last error
    watch_items    per article URL seen in a feed: its doc_id, status and attempts
    watch_minhash  per watched document: its MinHash signature (near-duplicate index)
    watch_copies   per document found to be a copy: the original it copies, and the Jaccard
    watch_holds    per host that answered 429/503 with Retry-After: the time until which it
                   is not asked again (so the pause outlives a restart)

The store proper (documents, events, ...) is written only through ``Store``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from sitrep.watch.errors import WatchError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_sources (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll REAL NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS watch_items (
    url TEXT PRIMARY KEY,
    source_url TEXT NOT NULL,
    doc_id TEXT,
    status TEXT NOT NULL,          -- 'done', 'retry' or 'failed'
    attempts INTEGER NOT NULL DEFAULT 0,
    seen_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_minhash (
    doc_id TEXT PRIMARY KEY,
    hashvalues BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_copies (
    doc_id TEXT PRIMARY KEY,
    original_id TEXT NOT NULL,
    jaccard REAL NOT NULL,
    outlet TEXT,
    url TEXT
);
CREATE INDEX IF NOT EXISTS watch_copies_original ON watch_copies (original_id);
CREATE TABLE IF NOT EXISTS watch_holds (
    host TEXT PRIMARY KEY,         -- host[:port], lower case, as in the URL
    until REAL NOT NULL            -- watch clock (POSIX seconds)
);
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0
    last_error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemState:
    url: str
    status: str
    attempts: int
    doc_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CopyRecord:
    """``doc_id`` (from ``outlet`` at ``url``) is a near-copy of ``original_id``."""

    doc_id: str
    original_id: str
    jaccard: float
    outlet: str | None
    url: str | None


class WatchState:
    """The watch tables of one store file; autocommitting, one small write at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=60.0)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as e:
            raise WatchError(f"{self.path}: cannot create the watch tables ({e})") from e

    def close(self) -> None:
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

    def _run(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as e:
            raise WatchError(f"{self.path}: watch state: {e}") from e

    # ----------------------------------------------------------------- sources

    def source(self, url: str) -> SourceState:
        row = self._run(
            "SELECT url, etag, last_modified, failures, next_poll, last_error"
            " FROM watch_sources WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return SourceState(url=url)
        return SourceState(
            url=row[0], etag=row[1], last_modified=row[2], failures=int(row[3]),
            next_poll=float(row[4]), last_error=row[5],
        )

    def save_source(self, s: SourceState) -> None:
        self._run(
            "INSERT INTO watch_sources (url, etag, last_modified, failures, next_poll, last_error)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
            " last_modified = excluded.last_modified, failures = excluded.failures,"
            " next_poll = excluded.next_poll, last_error = excluded.last_error",
            (s.url, s.etag, s.last_modified, s.failures, s.next_poll, s.last_error),
        )

    # ----------------------------------------------------------------- host holds

    def holds(self, now: float) -> dict[str, float]:
        """Hosts still in a server-requested pause at ``now``, and when each pause ends;
        pauses already over are deleted."""
        self._run("DELETE FROM watch_holds WHERE until <= ?", (now,))
        return {
            str(host): float(until)
            for host, until in self._run("SELECT host, until FROM watch_holds ORDER BY host")
        }

    def save_hold(self, host: str, until: float) -> None:
        self._run(
            "INSERT INTO watch_holds (host, until) VALUES (?, ?)"
            " ON CONFLICT (host) DO UPDATE SET until = max(until, excluded.until)",
            (host, until),
        )

    # ----------------------------------------------------------------- items

    def item(self, url: str) -> ItemState | None:
        row = self._run(
            "SELECT url, status, attempts, doc_id FROM watch_items WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return ItemState(url=row[0], status=row[1], attempts=int(row[2]), doc_id=row[3])

    def save_item(
        self, url: str, *, source_url: str, status: str, attempts: int, doc_id: str | None,
        now: float,
    ) -> None:
        self._run(
            "INSERT INTO watch_items (url, source_url, doc_id, status, attempts, seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET doc_id = excluded.doc_id,"
            " status = excluded.status, attempts = excluded.attempts",
            (url, source_url, doc_id, status, attempts, now),
        )

    # ----------------------------------------------------------------- near-duplicates

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        yield from self._run("SELECT doc_id, hashvalues FROM watch_minhash ORDER BY doc_id")

    def save_signature(self, doc_id: str, blob: bytes) -> None:
        self._run(
            "INSERT INTO watch_minhash (doc_id, hashvalues) VALUES (?, ?)"
            " ON CONFLICT (doc_id) DO UPDATE SET hashvalues = excluded.hashvalues",
            (doc_id, blob),
        )

    def save_copy(self, c: CopyRecord) -> None:
        self._run(
            "INSERT INTO watch_copies (doc_id, original_id, jaccard, outlet, url)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET"
            " original_id = excluded.original_id, jaccard = excluded.jaccard,"
            " outlet = excluded.outlet, url = excluded.url",
            (c.doc_id, c.original_id, c.jaccard, c.outlet, c.url),
        )
        self._run("DELETE FROM watch_minhash WHERE doc_id = ?", (c.doc_id,))

    def drop_copy(self, doc_id: str) -> None:
        """``doc_id`` changed and is no longer a copy."""
        self._run("DELETE FROM watch_copies WHERE doc_id = ?", (doc_id,))

    def copies(self, original_id: str | None = None) -> list[CopyRecord]:
        """Every recorded copy, or the copies of one original, by doc_id."""
        sql = "SELECT doc_id, original_id, jaccard, outlet, url FROM watch_copies"
        params: tuple[object, ...] = ()
        if original_id is not None:
            sql, params = sql + " WHERE original_id = ?", (original_id,)
        rows = self._run(sql + " ORDER BY doc_id", params).fetchall()
        return [
            CopyRecord(doc_id=r[0], original_id=r[1], jaccard=float(r[2]), outlet=r[3], url=r[4])
            for r in rows
        ]


def copies_of(db: str | Path, doc_id: str) -> list[CopyRecord]:
    """The near-copies of one document (other outlets that carried the same story).

    For the API and the brief: a fused event sourced from ``doc_id`` was also published by
    each of these outlets.
    """
    with WatchState(db) as state:
        return state.copies(doc_id)
