"""A polite, guarded HTTP client: SSRF guard, size cap, timeouts, per-host pacing, robots.txt.

Every hop of a redirect is checked again (scheme, resolved addresses, robots.txt), so a public
page cannot bounce the watcher to ``169.254.169.254`` or an intranet host. Responses are
streamed and cut off at ``max_bytes`` (after decompression, so a gzip bomb is cut too).

Known gap: the guard resolves the host name, then httpx resolves it again to connect; a DNS
server that answers differently the second time (rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from sitrep.watch.errors import FetchError
from sitrep.watch.feeds import Network, WatchSettings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]

_REDIRECTS = {301, 302, 303, 307, 308}
_ROBOTS_MAX_BYTES = 512_000
_MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is capped here


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


def check_url(url: str, settings: WatchSettings) -> None:
    """Raise ``FetchError`` unless ``url`` is http(s) and every address of its host is allowed."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(url, f"refused: scheme {parts.scheme or '(none)'!r}, only http(s)")
    host = parts.hostname
    if not host:
        raise FetchError(url, "refused: no host in URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as e:
        raise FetchError(url, f"refused: bad port ({e})") from e
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(url, f"cannot resolve host {host!r} ({e})", transient=True) from e
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = check_address(
            ip, allow_private=settings.allow_private, allow_hosts=settings.allow_hosts
        )
        if kind is not None:
            raise FetchError(
                url,
                f"refused: {host} resolves to {ip}, a {kind} address (SSRF guard; "
                "allow it with allow_hosts or allow_private)",
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
        self, settings: WatchSettings, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep
    ) -> None:
        self.settings = settings
        self._clock = clock
        self.limiter = HostLimiter(settings.host_delay, clock=clock, sleep=sleep)
        self._robots: dict[str, _Robots] = {}
        self._client = httpx.Client(
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
            check_url(current, self.settings)
            if robots and self.settings.respect_robots:
                self._check_robots(current)
            host = urlsplit(current).netloc.lower()
            self.limiter.wait(host)
            self.requests += 1
            try:
                with self._client.stream("GET", current, headers=headers) as r:
                    location = r.headers.get("location")
                    if r.status_code in _REDIRECTS and location:
                        log.debug("%s redirects to %s", current, location)
                        current = urljoin(current, location)
                        continue
                    return self._response(current, r, max_bytes=max_bytes)
            except httpx.TimeoutException as e:
                raise FetchError(
                    current, f"timed out after {self.settings.timeout:g} s", transient=True
                ) from e
            except httpx.HTTPError as e:
                raise FetchError(
                    current, f"connection failed ({type(e).__name__}: {e})", transient=True
                ) from e
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects; gave up")

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
            raise FetchError(
                url,
                f"HTTP {status} {r.reason_phrase}".rstrip(),
                transient=transient,
                status=status,
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
                expires=now + self.settings.backoff_base,
                error=FetchError(robots_url, reason, transient=True),
            )
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            self.limiter.set_delay(urlsplit(origin).netloc, float(delay))
        return _Robots(parser=parser, expires=now + ttl)
