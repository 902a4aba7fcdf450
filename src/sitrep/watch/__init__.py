"""Live ingestion: ``sitrep watch FEEDS.toml`` polls RSS/Atom feeds and pages into a store.

Needs the ``watch`` extra (httpx, feedparser, datasketch); ``sitrep.watch.feeds`` and
``sitrep.watch.errors`` import without it, the rest on first use.

    feeds.py   FEEDS.toml: FeedSpec, WatchSettings, load_feeds
    fetch.py   the guarded, polite HTTP client (SSRF guard, size cap, robots.txt, pacing)
    dedup.py   MinHash near-duplicate index
    state.py   watch_* tables: validators, backoff, seen items, signatures, copies
    loop.py    Watcher (one round: poll) and watch (the loop)
    cli.py     the ``sitrep watch`` command
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitrep.watch.errors import FetchError, WatchError
from sitrep.watch.feeds import (
    FeedsFile,
    FeedSpec,
    SourceKind,
    WatchSettings,
    load_feeds,
    parse_feeds,
)

if TYPE_CHECKING:
    from sitrep.watch.loop import PollResult, RoundReport, Watcher, WatchStats, watch
    from sitrep.watch.state import CopyRecord, copies_of

__all__ = [
    "CopyRecord",
    "FeedSpec",
    "FeedsFile",
    "FetchError",
    "PollResult",
    "RoundReport",
    "SourceKind",
    "WatchError",
    "WatchSettings",
    "WatchStats",
    "Watcher",
    "copies_of",
    "load_feeds",
    "parse_feeds",
    "watch",
]

_LAZY = {
    "PollResult": "sitrep.watch.loop",
    "RoundReport": "sitrep.watch.loop",
    "Watcher": "sitrep.watch.loop",
    "WatchStats": "sitrep.watch.loop",
    "watch": "sitrep.watch.loop",
    "CopyRecord": "sitrep.watch.state",
    "copies_of": "sitrep.watch.state",
}


def __getattr__(name: str) -> Any:
    """Import the parts that need the ``watch`` extra only when they are asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sitrep.watch' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
