"""FEEDS.toml: the feeds and article pages to watch, and the watch settings.

    [watch]                      # all optional
    interval = 900               # seconds between polls of a feed
    timeout = 10                 # seconds per request (connect, read)
    max_bytes = 10_000_000       # a larger response is refused
    host_delay = 2               # at least this many seconds between requests to one host
    allow_private = false        # allow loopback, private and link-local addresses
    allow_hosts = ["127.0.0.1"]  # or allow just these addresses or networks

    [[feed]]                     # an RSS or Atom feed
    url = "https://example.org/syria.rss"
    outlet = "Example News"
    interval = 600               # optional, overrides [watch] interval

    [[article]]                  # a single page, re-read when it changes
    url = "https://example.org/live/syria"
    outlet = "Example News"
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from sitrep.watch.errors import WatchError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SourceKind(StrEnum):
    FEED = "feed"
    ARTICLE = "article"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedSpec:
    """One thing to poll: a feed (its items are articles) or an article page."""

    url: str
    outlet: str
    kind: SourceKind = SourceKind.FEED
    interval: float | None = None  # None: the watch interval


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchSettings:
    """Every tunable of ``sitrep watch``; the defaults are polite to public sites."""

    interval: float = 900.0
    timeout: float = 10.0
    max_bytes: int = 10_000_000
    host_delay: float = 2.0
    max_redirects: int = 5
    allow_private: bool = False
    allow_hosts: tuple[Network, ...] = ()
    respect_robots: bool = True
    robots_ttl: float = 86_400.0
    backoff_base: float = 60.0
    backoff_max: float = 6 * 3600.0
    max_items: int = 100  # newest items read from one feed per poll
    max_attempts: int = 3  # an article that keeps failing transiently is given up after these
    duplicate_jaccard: float = 0.7  # 3-word-shingle Jaccard at which an article is a copy
    user_agent: str = "sitrep-watch/0.1"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedsFile:
    """A parsed FEEDS.toml."""

    sources: tuple[FeedSpec, ...]
    settings: WatchSettings = field(default_factory=WatchSettings)


def parse_networks(values: Any, *, where: str) -> tuple[Network, ...]:
    """Addresses or networks (``127.0.0.1``, ``10.1.0.0/16``) from a list of strings."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        raise WatchError(f"{where}: allow_hosts must be a list of IP addresses or networks")
    out: list[Network] = []
    for v in values:
        try:
            out.append(ipaddress.ip_network(str(v), strict=False))
        except ValueError as e:
            raise WatchError(
                f"{where}: allow_hosts entry {v!r} is not an IP address or network"
            ) from e
    return tuple(out)


def _settings(data: Any, *, where: str) -> WatchSettings:
    if not isinstance(data, dict):
        raise WatchError(f"{where}: [watch] must be a table")
    base = WatchSettings()
    values: dict[str, Any] = {}
    known = {f.name: getattr(base, f.name) for f in fields(WatchSettings)}
    for key, value in data.items():
        if key not in known:
            raise WatchError(
                f"{where}: unknown [watch] setting {key!r}; known: {', '.join(known)}"
            )
        if key == "allow_hosts":
            values[key] = parse_networks(value, where=where)
            continue
        default = known[key]
        kind = type(default)
        if kind is bool:
            ok = isinstance(value, bool)
        elif kind is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        else:
            ok = isinstance(value, str)
        if not ok:
            raise WatchError(f"{where}: [watch] {key} = {value!r} is not a valid {kind.__name__}")
        values[key] = kind(value)
    return replace(base, **values)


def _source(item: Any, kind: SourceKind, *, where: str) -> FeedSpec:
    if not isinstance(item, dict):
        raise WatchError(f"{where}: each [[{kind}]] must be a table")
    unknown = set(item) - {"url", "outlet", "interval"}
    if unknown:
        raise WatchError(f"{where}: [[{kind}]] has unknown keys {sorted(unknown)}")
    url = item.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise WatchError(f"{where}: [[{kind}]] needs url = \"http(s)://...\" (got {url!r})")
    outlet = item.get("outlet")
    if outlet is not None and not isinstance(outlet, str):
        raise WatchError(f"{where}: [[{kind}]] {url}: outlet must be a string")
    interval = item.get("interval")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0
    ):
        raise WatchError(f"{where}: [[{kind}]] {url}: interval must be a positive number (s)")
    host = url.split("/", 3)[2]
    return FeedSpec(
        url=url,
        outlet=(outlet or host).strip(),
        kind=kind,
        interval=float(interval) if interval is not None else None,
    )


def parse_feeds(text: str, *, where: str = "FEEDS.toml") -> FeedsFile:
    """Parse the text of a feeds file; raise ``WatchError`` naming the file and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise WatchError(f"{where}: not valid TOML: {e}") from e
    unknown = set(data) - {"watch", "feed", "article"}
    if unknown:
        raise WatchError(
            f"{where}: unknown tables {sorted(unknown)}; use [watch], [[feed]], [[article]]"
        )
    settings = _settings(data.get("watch", {}), where=where)
    sources: list[FeedSpec] = []
    for kind in SourceKind:
        items = data.get(str(kind), [])
        if not isinstance(items, list):
            raise WatchError(f"{where}: write [[{kind}]] (an array of tables), not [{kind}]")
        sources.extend(_source(item, kind, where=where) for item in items)
    if not sources:
        raise WatchError(f"{where}: nothing to watch; add a [[feed]] or [[article]] with a url")
    urls = [s.url for s in sources]
    dupes = sorted({u for u in urls if urls.count(u) > 1})
    if dupes:
        raise WatchError(f"{where}: listed twice: {', '.join(dupes)}")
    return FeedsFile(sources=tuple(sources), settings=settings)


def load_feeds(path: str | Path) -> FeedsFile:
    """Read and parse a FEEDS.toml file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise WatchError(f"{p}: feeds file not found") from e
    except (OSError, UnicodeDecodeError) as e:
        raise WatchError(f"{p}: cannot read feeds file ({e})") from e
    return parse_feeds(text, where=str(p))
