"""A polite, guarded HTTP client: SSRF guard, size cap, timeouts, per-host pacing, robots.txt.

Every hop of a redirect is checked again (scheme, resolved addresses, robots.txt), so a public
page cannot bounce the watcher to ``169.254.169.254`` or an intranet host. Responses are
streamed and cut off at ``max_bytes`` (after decompression, so a gzip bomb is cut too).

The host name of each hop is resolved once, by the guard; the connection goes to one of the
addresses the guard accepted (``_PinnedBackend``), never to a second lookup, so a DNS server
that answers a public address first and ``127.0.0.1`` next (rebinding) cannot steer the
request. The URL is left as it is, so the Host header, TLS SNI and certificate check still
name the host.

A 429 or 503 with ``Retry-After`` (seconds or an HTTP-date, capped at ``backoff_max``) holds
the whole host: no request goes to it before the time is up (``FetchError.held``).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from sitrep.watch.errors import FetchError
from sitrep.watch.feeds import Network, WatchSettings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]
Resolver = Callable[[str, int], Sequence[str]]  # (ASCII host, port) -> IP address strings
OnHold = Callable[[str, float], None]  # (host, clock time until which it is held)

_REDIRECTS = {301, 302, 303, 307, 308}
_ROBOTS_MAX_BYTES = 512_000
_MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is capped here
_RETRY_AFTER_STATUSES = {429, 503}


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """A fetched page: ``status`` is 200 or 304 (not modified, ``body`` empty)."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not public (``"loopback"``, ``"private"``, ...), or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("unspecified", ip.is_unspecified),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return None if ip.is_global else "non-public"


def check_address(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
    *,
    allow_private: bool = False,
    allow_hosts: tuple[Network, ...] = (),
) -> str | None:
    """Why the guard refuses ``ip`` (a one-word kind), or None when it may be fetched."""
    kind = _address_kind(ip)
    if kind is None or allow_private:
        return None
    if any(ip.version == net.version and ip in net for net in allow_hosts):
        return None
    return kind


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of ``host`` from the system resolver (``socket.getaddrinfo``)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def parse_retry_after(value: str, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or None when it cannot be read.

    ``value`` is delta-seconds (``"120"``) or an HTTP-date, taken relative to ``now`` (POSIX
    seconds; a date already past means 0).
    """
    value = value.strip()
    if re.fullmatch(r"[0-9]+", value):
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC by RFC 5322
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def _origin_key(url: httpx.URL) -> tuple[str, int]:
    """The (host, port) httpcore will ask the network backend to connect to."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.raw_host.decode("ascii"), port


def check_url(
    url: str, settings: WatchSettings, *, resolve: Resolver = system_resolver
) -> tuple[str, ...]:
    """The addresses ``url`` may be fetched from; ``FetchError`` unless it is http(s) and
    every address of its host is allowed.

    The caller must connect to one of the returned addresses, not resolve the name again.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(url, f"refused: scheme {parts.scheme or '(none)'!r}, only http(s)")
    if not parts.hostname:
        raise FetchError(url, "refused: no host in URL")
    try:
        host, port = _origin_key(httpx.URL(url))
    except (httpx.InvalidURL, UnicodeError, ValueError) as e:
        raise FetchError(url, f"refused: bad host or port ({e})") from e
    try:
        found = resolve(host, port)
    except (OSError, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {host!r} ({e})", transient=True) from e
    addresses: list[str] = []
    for found_address in found:
        try:
            ip = ipaddress.ip_address(str(found_address).split("%", 1)[0])
        except ValueError as e:
            raise FetchError(url, f"refused: {host} resolves to {found_address!r}") from e
        kind = check_address(
            ip, allow_private=settings.allow_private, allow_hosts=settings.allow_hosts
        )
        if kind is not None:
            raise FetchError(
                url,
                f"refused: {host} resolves to {ip}, a {kind} address (SSRF guard; "
                "allow it with allow_hosts or allow_private)",
            )
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise FetchError(url, f"cannot resolve host {host!r} (no address)", transient=True)
    return tuple(addresses)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects only to the addresses the guard vetted for a (host, port); never resolves.

    A host with no vetted address is not connected to at all.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}

    def pin(self, key: tuple[str, int], addresses: tuple[str, ...]) -> None:
        self._pins[key] = addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._pins.get((host, port))
        if not addresses:
            raise httpcore.ConnectError(f"{host}:{port} was not vetted by the SSRF guard")
        options = list(socket_options or ())
        last: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:  # numeric: the backend's own lookup does no DNS
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        if last is None:  # pragma: no cover - addresses is not empty
            raise httpcore.ConnectError(f"{host}:{port}: no address to connect to")
        raise last

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool that connects through ``backend``."""

    def __init__(self, backend: _PinnedBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=backend,
        )


class HostLimiter:
    """At least ``delay`` seconds between two requests to one host (per host, not global)."""

    def __init__(self, delay: float, *, clock: Clock, sleep: Sleep) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer delay for one host (its robots.txt Crawl-delay)."""
        self._delays[host] = max(self.delay, min(delay, _MAX_CRAWL_DELAY))

    def wait(self, host: str) -> float:
        """Sleep until ``host`` may be asked again; return the seconds slept."""
        now = self._clock()
        last = self._last.get(host)
        waited = 0.0
        if last is not None:
            waited = max(0.0, last + self._delays.get(host, self.delay) - now)
            if waited > 0:
                self._sleep(waited)
        self._last[host] = now + waited
        return waited


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    expires: float
    error: FetchError | None = None  # robots.txt unreachable: nothing on the host is fetched


class Fetcher:
    """GET with the guard, caps, pacing and robots.txt; one per watch, ``close`` it after."""

    def __init__(
        self,
        settings: WatchSettings,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        resolve: Resolver = system_resolver,
        holds: Mapping[str, float] | None = None,
        on_hold: OnHold | None = None,
    ) -> None:
        """``holds``: host -> clock time before which it is not asked (saved by a previous
        run); ``on_hold`` is told each new hold, to save it. ``resolve`` is the only name
        lookup the fetcher does."""
        self.settings = settings
        self._clock = clock
        self._resolve = resolve
        self.limiter = HostLimiter(settings.host_delay, clock=clock, sleep=sleep)
        self._robots: dict[str, _Robots] = {}
        self._holds: dict[str, float] = dict(holds or {})
        self._on_hold = on_hold
        self._backend = _PinnedBackend()
        self._client = httpx.Client(
            transport=_PinnedTransport(self._backend),
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,  # redirects are followed by hand, each hop checked
            trust_env=False,  # no proxy from the environment: it would bypass the guard
            headers={"User-Agent": settings.user_agent},
        )
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
    ) -> Response:
        """Fetch ``url``; send the validators so an unchanged page costs a 304."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._fetch(url, headers, max_bytes=self.settings.max_bytes, robots=True)

    def _fetch(
        self, url: str, headers: dict[str, str], *, max_bytes: int, robots: bool
    ) -> Response:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            addresses = check_url(current, self.settings, resolve=self._resolve)
            host = urlsplit(current).netloc.lower()
            self._check_hold(current, host)
            if robots and self.settings.respect_robots:
                self._check_robots(current)
            self.limiter.wait(host)
            self._backend.pin(_origin_key(httpx.URL(current)), addresses)
            self.requests += 1
            try:
                with self._client.stream("GET", current, headers=headers) as r:
                    location = r.headers.get("location")
                    if r.status_code in _REDIRECTS and location:
                        log.debug("%s redirects to %s", current, location)
                        current = urljoin(current, location)
                        continue
                    return self._response(current, r, max_bytes=max_bytes)
            except FetchError as e:
                if e.retry_after is not None:
                    self._hold(host, e.retry_after)
                raise
            except httpx.TimeoutException as e:
                raise FetchError(
                    current, f"timed out after {self.settings.timeout:g} s", transient=True
                ) from e
            except httpx.HTTPError as e:
                raise FetchError(
                    current, f"connection failed ({type(e).__name__}: {e})", transient=True
                ) from e
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects; gave up")

    def _check_hold(self, url: str, host: str) -> None:
        until = self._holds.get(host)
        if until is None:
            return
        left = until - self._clock()
        if left <= 0:
            del self._holds[host]
            return
        raise FetchError(
            url,
            f"held: {host} asked for a pause (Retry-After); {left:.0f} s left",
            transient=True,
            retry_after=left,
            held=True,
        )

    def _hold(self, host: str, seconds: float) -> None:
        until = self._clock() + seconds
        if until <= self._holds.get(host, float("-inf")):
            return
        self._holds[host] = until
        log.info("%s asked for a pause: no request before %.0f s from now", host, seconds)
        if self._on_hold is not None:
            self._on_hold(host, until)

    def _retry_after(self, r: httpx.Response) -> float | None:
        """The server's Retry-After in seconds, capped at ``backoff_max``; None if absent."""
        if r.status_code not in _RETRY_AFTER_STATUSES:
            return None
        value = r.headers.get("retry-after")
        if value is None:
            return None
        now = time.time()  # an HTTP-date is wall time; the server's own Date beats ours
        served = r.headers.get("date")
        if served:
            try:
                now = parsedate_to_datetime(served).timestamp()
            except (TypeError, ValueError, IndexError):
                log.debug("unreadable Date header %r; using the local time", served)
        seconds = parse_retry_after(value, now=now)
        if seconds is None:
            log.debug("unreadable Retry-After %r ignored", value)
            return None
        return min(seconds, self.settings.backoff_max)

    def _response(self, url: str, r: httpx.Response, *, max_bytes: int) -> Response:
        status = r.status_code
        validators = {
            "etag": r.headers.get("etag"),
            "last_modified": r.headers.get("last-modified"),
        }
        if status == 304:
            return Response(url=url, status=304, **validators)
        if status >= 400:
            transient = status >= 500 or status in {408, 429}
            retry_after = self._retry_after(r)
            wait = "" if retry_after is None else f" (Retry-After: {retry_after:.0f} s)"
            raise FetchError(
                url,
                f"HTTP {status} {r.reason_phrase}".rstrip() + wait,
                transient=transient,
                status=status,
                retry_after=retry_after,
            )
        if status != 200:
            raise FetchError(url, f"unexpected HTTP {status} {r.reason_phrase}".rstrip())
        limit = f"{max_bytes / 1e6:.1f} MB limit"
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                url, f"response of {int(declared) / 1e6:.1f} MB is over the {limit}; refused"
            )
        deadline = time.monotonic() + 3 * self.settings.timeout  # a slow drip ends too
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"response is over the {limit} (stopped reading); refused")
            if time.monotonic() > deadline:
                raise FetchError(
                    url, f"response took over {3 * self.settings.timeout:g} s", transient=True
                )
            chunks.append(chunk)
        return Response(
            url=url,
            status=200,
            body=b"".join(chunks),
            content_type=r.headers.get("content-type", ""),
            **validators,
        )

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        now = self._clock()
        entry = self._robots.get(origin)
        if entry is None or entry.expires <= now:
            entry = self._load_robots(origin, now)
            self._robots[origin] = entry
        if entry.error is not None:
            raise FetchError(url, entry.error.reason, transient=True)
        if entry.parser is not None and not entry.parser.can_fetch(self.settings.user_agent, url):
            raise FetchError(url, "disallowed by robots.txt; skipped")

    def _load_robots(self, origin: str, now: float) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        ttl = self.settings.robots_ttl
        try:
            got = self._fetch(robots_url, {}, max_bytes=_ROBOTS_MAX_BYTES, robots=False)
        except FetchError as e:
            # RFC 9309: a 4xx means no robots.txt, everything allowed; 5xx or no answer means
            # nothing may be fetched until it can be read
            if e.status is not None and 400 <= e.status < 500:
                return _Robots(parser=None, expires=now + ttl)
            reason = f"robots.txt unavailable ({e.reason}); host skipped for now"
            return _Robots(
                parser=None,
                expires=now + max(self.settings.backoff_base, e.retry_after or 0.0),
                error=FetchError(robots_url, reason, transient=True),
            )
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            self.limiter.set_delay(urlsplit(origin).netloc, float(delay))
        return _Robots(parser=parser, expires=now + ttl)
