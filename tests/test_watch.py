"""sitrep watch against a real HTTP server on 127.0.0.1 serving feed and article fixtures.

The fixtures are written for these tests. Every test is bounded (sub-second timeouts, a
manual clock for backoff and pacing) and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest

pytest.importorskip("httpx")
pytest.importorskip("feedparser")
pytest.importorskip("datasketch")

from click.testing import CliRunner

from sitrep.cli import main
from sitrep.store import Store
from sitrep.watch import (
    FeedSpec,
    SourceKind,
    WatchError,
    WatchSettings,
    parse_feeds,
)
from sitrep.watch.dedup import DuplicateIndex, jaccard, shingles, signature
from sitrep.watch.errors import FetchError
from sitrep.watch.fetch import Fetcher, HostLimiter, check_address, parse_retry_after
from sitrep.watch.loop import Watcher, parse_feed, web_doc_id
from sitrep.watch.state import WatchState, copies_of

# ----------------------------------------------------------------------------- fixtures: text

ARTICLES: dict[str, tuple[str, str, list[str]]] = {
    "aleppo": (
        "Opposition fighters push into Aleppo",
        "2024-11-30",
        [
            "Fighters led by Hayat Tahrir al-Sham pushed into the western districts of Aleppo "
            "on Friday, two days after opening a surprise offensive from their bastion in "
            "Idlib province, according to residents reached by telephone.",
            "Government troops pulled back from several checkpoints on the edge of the city "
            "as the column advanced, and Russian jets struck roads leading into Aleppo from "
            "the west, a war monitor reported.",
            "The Syrian army said it was regrouping its units to prepare a counter-attack "
            "and urged residents to stay indoors while the fighting continued in the "
            "neighbourhoods around the university.",
        ],
    ),
    "hama": (
        "Rebels seize Hama after days of fighting",
        "2024-12-05",
        [
            "Hayat Tahrir al-Sham and allied factions captured the central city of Hama on "
            "Thursday after the Syrian army announced that its forces had withdrawn to "
            "positions outside the city to spare civilians.",
            "Crowds gathered in the main square as the fighters arrived, while thousands of "
            "families fled south along the highway towards Homs, aid workers said.",
            "The fall of Hama opened the road to Homs, the next large city on the route to "
            "Damascus, and left the government with few defensive lines in the centre of "
            "the country.",
        ],
    ),
    "homs": (
        "Advance reaches the outskirts of Homs",
        "2024-12-07",
        [
            "Rebel units reached the northern outskirts of Homs on Saturday after taking the "
            "towns of Rastan and Talbiseh without a fight, according to a war monitor.",
            "Government forces were seen leaving their barracks in the city overnight, and "
            "residents described long queues of cars heading west towards the coast.",
            "Hayat Tahrir al-Sham called on soldiers to lay down their arms and promised "
            "safe passage to those who surrendered at the checkpoints around Homs.",
        ],
    ),
    "damascus": (
        "Opposition fighters enter Damascus",
        "2024-12-08",
        [
            "Opposition fighters entered Damascus early on Sunday, and the army command told "
            "officers that the government of Bashar al-Assad had fallen, two officers said.",
            "Crowds filled Umayyad Square in the centre of the capital, and state television "
            "broadcast a statement by the rebels announcing the end of the old regime.",
            "Hayat Tahrir al-Sham leader Abu Mohammed al-Jolani said that state institutions "
            "would remain under the supervision of the prime minister until a handover.",
        ],
    ),
}

# another outlet runs the Aleppo story with a new opening line and a credit at the end
COPY_OF_ALEPPO = [
    "This report was shared by our partner agency.",
    *ARTICLES["aleppo"][2],
    "Additional reporting from our regional desk.",
]


def article_html(title: str, outlet: str, day: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head>"
        f"<title>{escape(title)} | {escape(outlet)}</title>"
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        f'<meta property="article:published_time" content="{day}T09:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>\n{body}\n</article>"
        f"<footer>Copyright {escape(outlet)}</footer></body></html>"
    ).encode()


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    path: str
    title: str
    day: str


def _stamp(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)


def rss(items: list[Item]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>{i.path}</link>"
        f"<guid>{i.path}</guid><pubDate>{format_datetime(_stamp(i.day))}</pubDate></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Levant Daily</title><link>/</link><description>News</description>{entries}"
        "</channel></rss>"
    ).encode()


def atom(items: list[Item]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(i.title)}</title><link href='{i.path}'/>"
        f"<id>tag:example,2024:{i.path}</id><updated>{_stamp(i.day).isoformat()}</updated>"
        "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Frontline Wire</title><id>tag:example,2024:wire</id>"
        f"<updated>2024-12-08T09:00:00Z</updated>{entries}</feed>"
    ).encode()


# ----------------------------------------------------------------------------- fixtures: server


@dataclass(slots=True)
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None  # when set, a matching If-None-Match gets a 304
    location: str | None = None
    delay: float = 0.0
    declared_length: int | None = None  # send this Content-Length, then stream until cut
    stream_bytes: int = 0  # send this many bytes with no Content-Length
    headers: dict[str, str] = field(default_factory=dict)  # sent as they are


@dataclass(slots=True)
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p == path)

    def headers_of(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [h for p, h in self.requests if p == path]

    def serve_article(self, path: str, key: str, outlet: str) -> Item:
        title, day, paragraphs = ARTICLES[key]
        self.routes[path] = Route(body=article_html(title, outlet, day, paragraphs))
        return Item(path=path, title=title, day=day)

    def serve_feed(self, path: str, items: list[Item], *, kind: str = "rss") -> None:
        body = rss(items) if kind == "rss" else atom(items)
        content_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        etag = f'"{len(items)}-{hash(body) & 0xFFFF:x}"'
        self.routes[path] = Route(body=body, content_type=content_type, etag=etag)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.requests.append((self.path, dict(self.headers.items())))
                route = site.routes.get(self.path)
            with contextlib.suppress(OSError):  # the client hung up (size cap, timeout)
                self._answer(route)

        def _answer(self, route: Route | None) -> None:
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                threading.Event().wait(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            chunk = b"<item>" + b"x" * 65_530
            if route.declared_length is not None or route.stream_bytes:
                if route.declared_length is not None:
                    self.send_header("Content-Length", str(route.declared_length))
                self.end_headers()
                sent, total = 0, route.declared_length or route.stream_bytes
                while sent < total:
                    self.wfile.write(chunk)
                    sent += len(chunk)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    server.block_on_close = False  # a handler still sleeping (timeout test) is not waited for
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    s.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class ManualClock:
    """Wall time that moves only when slept on or advanced."""

    def __init__(self) -> None:
        self.now = 1_733_600_000.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)
SETTINGS = WatchSettings(allow_hosts=LOCAL, host_delay=0.0, timeout=0.5, backoff_base=60.0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "watch.db"


def make_watcher(
    site: Site, db: Path, pipeline: Any, specs: list[tuple[str, str]], *,
    settings: WatchSettings = SETTINGS, clock: ManualClock | None = None,
) -> Watcher:
    clock = clock or ManualClock()
    sources = [FeedSpec(url=site.url(path), outlet=outlet) for path, outlet in specs]
    return Watcher(sources, db, settings, pipeline=pipeline, clock=clock.time, sleep=clock.sleep)


def two_feeds(site: Site) -> None:
    rss_items = [
        site.serve_article("/levant/aleppo.html", "aleppo", "Levant Daily"),
        site.serve_article("/levant/hama.html", "hama", "Levant Daily"),
    ]
    site.serve_feed("/rss.xml", rss_items)
    site.serve_feed(
        "/atom.xml", [site.serve_article("/wire/homs.html", "homs", "Frontline Wire")],
        kind="atom",
    )


FEEDS = [("/rss.xml", "Levant Daily"), ("/atom.xml", "Frontline Wire")]

# ----------------------------------------------------------------------------- polling


def test_first_poll_ingests_each_article_once_and_second_poll_gets_304(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    clock = ManualClock()
    with make_watcher(site, db, pipeline, FEEDS, clock=clock) as w:
        first = w.poll()
        assert first.errors == ()
        assert sorted(first.ingested) == sorted(
            web_doc_id(site.url(p))
            for p in ("/levant/aleppo.html", "/levant/hama.html", "/wire/homs.html")
        )
        assert first.fused is not None and first.fused[0] > 0
        clock.now += SETTINGS.interval + 1
        second = w.poll()
        assert [p.outcome for p in second.polls] == ["not-modified", "not-modified"]
        assert second.ingested == () and second.fused is None
    assert site.headers_of("/rss.xml")[1].get("If-None-Match") == site.routes["/rss.xml"].etag
    for path in ("/levant/aleppo.html", "/levant/hama.html", "/wire/homs.html"):
        assert site.hits(path) == 1
    with Store(db) as store:
        assert store.document_count() == 3
        doc = store.document(web_doc_id(site.url("/levant/hama.html")))
        assert doc is not None and doc.outlet == "Levant Daily"
        assert doc.published is not None and doc.published.isoformat() == "2024-12-05"
        assert "Hama" in doc.text


def test_only_a_new_item_is_ingested(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    clock = ManualClock()
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:
        assert len(w.poll().ingested) == 2
        new = site.serve_article("/levant/damascus.html", "damascus", "Levant Daily")
        site.serve_feed("/rss.xml", [new, *(Item(path=p, title="t", day="2024-12-01")
                                            for p in ("/levant/aleppo.html", "/levant/hama.html"))])
        clock.now += SETTINGS.interval + 1
        report = w.poll()
    assert report.ingested == (web_doc_id(site.url("/levant/damascus.html")),)
    assert site.hits("/levant/aleppo.html") == 1 and site.hits("/levant/damascus.html") == 1
    with Store(db) as store:
        assert store.document_count() == 3


def test_state_survives_a_restart(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    with make_watcher(site, db, pipeline, FEEDS) as w:
        assert len(w.poll().ingested) == 3
    site.routes["/rss.xml"].etag = None  # the server forgets its ETag: a full 200 again
    with make_watcher(site, db, pipeline, FEEDS) as w:
        report = w.poll(force=True)
    assert report.ingested == () and report.errors == ()
    assert site.hits("/levant/aleppo.html") == 1


def test_near_duplicate_from_another_outlet_is_stored_as_a_copy(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    with make_watcher(site, db, pipeline, FEEDS[:1]) as w:
        w.poll()
    with Store(db) as store:
        events_before = len(store.events())
    title, day, _ = ARTICLES["aleppo"]
    site.routes["/wire/aleppo-copy.html"] = Route(
        body=article_html(title, "Frontline Wire", day, COPY_OF_ALEPPO)
    )
    site.serve_feed("/atom.xml", [
        Item(path="/wire/aleppo-copy.html", title=title, day=day),
        site.serve_article("/wire/homs.html", "homs", "Frontline Wire"),
    ], kind="atom")
    with make_watcher(site, db, pipeline, FEEDS) as w:
        report = w.poll()
    copy_id = web_doc_id(site.url("/wire/aleppo-copy.html"))
    original_id = web_doc_id(site.url("/levant/aleppo.html"))
    assert report.copies == (copy_id,)
    assert report.ingested == (web_doc_id(site.url("/wire/homs.html")),)
    [record] = copies_of(db, original_id)
    assert record.doc_id == copy_id and record.outlet == "Frontline Wire"
    assert 0.7 <= record.jaccard < 1.0
    with Store(db) as store:
        copy = {r.document.doc_id: r for r in store.doc_results()}[copy_id]
        assert copy.document.outlet == "Frontline Wire"
        assert copy.events == () and any(original_id in w for w in copy.warnings)
        homs_events = len({r.document.doc_id: r for r in store.doc_results()}[
            web_doc_id(site.url("/wire/homs.html"))].events)
        # the copy adds no events of its own; only the new Homs story may add some
        assert len(store.events()) <= events_before + homs_events


# ----------------------------------------------------------------------------- failures


def test_server_errors_back_off_then_recover(site: Site, db: Path, pipeline: Any) -> None:
    site.routes["/rss.xml"] = Route(status=500, body=b"oops")
    clock = ManualClock()
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:
        first = w.poll()
        assert len(first.errors) == 1 and "HTTP 500" in first.errors[0]
        assert site.hits("/rss.xml") == 1
        w.poll(force=True)  # backing off: not even --once asks again yet
        assert site.hits("/rss.xml") == 1
        clock.now += 61
        assert "HTTP 500" in w.poll().errors[0]
        state = w.state.source(site.url("/rss.xml"))
        assert state.failures == 2 and state.next_poll == pytest.approx(clock.now + 120)
        clock.now += 60
        assert w.poll().polls == ()  # still waiting: the delay doubled
        two_feeds(site)
        clock.now += 61
        recovered = w.poll()
    assert recovered.errors == () and len(recovered.ingested) == 2
    assert site.hits("/rss.xml") == 3


def test_retry_after_seconds_keeps_the_feed_waiting_past_the_backoff(
    site: Site, db: Path, pipeline: Any
) -> None:
    site.routes["/rss.xml"] = Route(status=429, headers={"Retry-After": "300"})
    clock = ManualClock()
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:
        first = w.poll()
        assert first.errors == (
            f"{site.url('/rss.xml')}: HTTP 429 Too Many Requests (Retry-After: 300 s)",
        )
        assert w.state.source(site.url("/rss.xml")).next_poll == clock.now + 300
        asked = len(site.requests)  # robots.txt and the feed
        clock.now += 200  # the 60 s backoff is over, the server's 300 s are not
        assert w.poll().polls == () and w.poll(force=True).polls == ()
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:  # a restart
        assert w.poll(force=True).polls == ()
        assert len(site.requests) == asked and site.hits("/rss.xml") == 1
        two_feeds(site)
        clock.now += 101
        recovered = w.poll()
    assert recovered.errors == () and len(recovered.ingested) == 2
    assert site.hits("/rss.xml") == 2


def test_retry_after_date_on_an_article_holds_its_host_across_a_restart(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    good = site.routes["/levant/aleppo.html"]
    # an HTTP-date, read against the server's own Date header (real time, not the test clock)
    until = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    site.routes["/levant/aleppo.html"] = Route(status=503, headers={"Retry-After": until})
    clock = ManualClock()
    host = urlsplit(site.base).netloc
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:
        first = w.poll()
        assert len(first.errors) == 1 and "HTTP 503" in first.errors[0]
        assert first.ingested == ()
        assert site.hits("/levant/hama.html") == 0  # same host: not asked during the pause
        hold = w.state.holds(clock.now)[host]
        assert hold == pytest.approx(clock.now + 600, abs=3)
        hama = w.state.item(site.url("/levant/hama.html"))
        assert hama is not None and (hama.status, hama.attempts) == ("retry", 0)
    asked = len(site.requests)
    clock.now += 300
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:  # a restart
        held = w.poll(force=True)
        assert len(site.requests) == asked  # the feed is on the held host too
        assert "held:" in held.errors[0] and "Retry-After" in held.errors[0]
        site.routes["/levant/aleppo.html"] = good
        clock.now = hold + 1
        after = w.poll()
    assert sorted(after.ingested) == sorted(
        web_doc_id(site.url(p)) for p in ("/levant/aleppo.html", "/levant/hama.html")
    )
    assert site.hits("/levant/aleppo.html") == 2 and site.hits("/levant/hama.html") == 1


def _rebinding_dns(
    monkeypatch: pytest.MonkeyPatch, host: str, answers: list[str]
) -> list[str]:
    """Make the system resolver answer ``host`` with ``answers`` in turn (the last one from
    then on), as a rebinding DNS server would; return the list of answers given."""
    real = socket.getaddrinfo
    given: list[str] = []

    def getaddrinfo(name: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if name != host:
            return real(name, port, *args, **kwargs)
        address = answers[min(len(given), len(answers) - 1)]
        given.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return given


def test_dns_rebinding_cannot_steer_the_connection_to_a_refused_address(
    site: Site, db: Path, pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_feeds(site)
    # the first answer passes the guard (127.0.0.2 is allowed here and nothing listens there);
    # every later answer is 127.0.0.1, where the server is and which the guard refuses
    given = _rebinding_dns(monkeypatch, "news.rebind.test", ["127.0.0.2", "127.0.0.1"])
    port = urlsplit(site.base).port
    settings = replace(SETTINGS, allow_hosts=(ipaddress.ip_network("127.0.0.2/32"),),
                       respect_robots=False)
    spec = FeedSpec(url=f"http://news.rebind.test:{port}/rss.xml", outlet="Rebind")
    with Watcher([spec], db, settings, pipeline=pipeline) as w:
        report = w.poll()
    assert len(report.errors) == 1 and report.errors[0].startswith(spec.url)
    assert site.requests == []  # a second lookup would have reached 127.0.0.1
    assert given == ["127.0.0.2"]  # one lookup, by the guard; the connection used its answer


def test_each_hop_connects_to_the_address_its_guard_checked(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_feeds(site)
    site.routes["/moved.xml"] = Route(status=302, location="/rss.xml")
    port = urlsplit(site.base).port
    lookups: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:  # the second hop rebinds to a private net
        lookups.append((host, port))
        return ["127.0.0.1"] if len(lookups) == 1 else ["10.0.0.7"]

    settings = replace(SETTINGS, respect_robots=False)
    fetcher = Fetcher(settings, resolve=resolve)
    try:
        with pytest.raises(FetchError, match=r"resolves to 10\.0\.0\.7, a private address"):
            fetcher.get(f"http://news.rebind.test:{port}/moved.xml")
        lookups.clear()
        page = fetcher.get(f"http://news.rebind.test:{port}/levant/hama.html")
    finally:
        fetcher.close()
    assert lookups == [("news.rebind.test", port)]
    assert page.status == 200 and b"Hama" in page.body
    assert [p for p, _ in site.requests] == ["/moved.xml", "/levant/hama.html"]
    # the URL was not rewritten to the address: the server sees the host name
    assert site.headers_of("/levant/hama.html")[0]["Host"] == f"news.rebind.test:{port}"


def test_a_timeout_is_one_error_and_the_round_goes_on(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    site.routes["/rss.xml"].delay = 3.0
    settings = replace(SETTINGS, timeout=0.3)
    with make_watcher(site, db, pipeline, FEEDS, settings=settings) as w:
        report = w.poll()
    assert len(report.errors) == 1
    assert report.errors[0] == f"{site.url('/rss.xml')}: timed out after 0.3 s"
    assert report.ingested == (web_doc_id(site.url("/wire/homs.html")),)


def test_redirects_to_private_addresses_are_refused(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    site.routes["/moved.xml"] = Route(status=302, location="http://10.0.0.1/feed.xml")
    site.routes["/meta.xml"] = Route(
        status=301, location="http://169.254.169.254/latest/meta-data/"
    )
    site.routes["/local.xml"] = Route(status=302, location="/rss.xml")  # allowed hop
    specs = [("/moved.xml", "A"), ("/meta.xml", "B"), ("/local.xml", "C")]
    with make_watcher(site, db, pipeline, specs) as w:
        report = w.poll()
    errors = sorted(report.errors)
    assert len(errors) == 2
    assert errors[0].startswith("http://10.0.0.1/feed.xml: refused: 10.0.0.1 resolves to")
    assert "private address (SSRF guard" in errors[0]
    assert errors[1].startswith("http://169.254.169.254/latest/meta-data/: refused:")
    assert "link-local address" in errors[1]
    assert len(report.ingested) == 2  # through the redirect that stays on the allowed host


def test_loopback_is_refused_by_default(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    settings = replace(SETTINGS, allow_hosts=())
    with make_watcher(site, db, pipeline, FEEDS[:1], settings=settings) as w:
        report = w.poll()
    assert "loopback address (SSRF guard" in report.errors[0]
    assert site.requests == []


def test_allow_private_lets_loopback_through(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    settings = replace(SETTINGS, allow_hosts=(), allow_private=True)
    with make_watcher(site, db, pipeline, FEEDS[:1], settings=settings) as w:
        assert len(w.poll().ingested) == 2


def test_a_20_mb_response_is_refused_with_a_clear_error(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    site.routes["/big.xml"] = Route(content_type="application/rss+xml",
                                    declared_length=20_000_000)
    site.routes["/big-stream.xml"] = Route(content_type="application/rss+xml",
                                           stream_bytes=20_000_000)
    specs = [("/big.xml", "A"), ("/big-stream.xml", "B"), ("/atom.xml", "C")]
    with make_watcher(site, db, pipeline, specs) as w:
        report = w.poll()
    assert report.errors == (
        f"{site.url('/big.xml')}: response of 20.0 MB is over the 10.0 MB limit; refused",
        f"{site.url('/big-stream.xml')}: response is over the 10.0 MB limit (stopped reading);"
        " refused",
    )
    assert len(report.ingested) == 1


def test_a_feed_that_is_not_xml_is_one_error(site: Site, db: Path, pipeline: Any) -> None:
    two_feeds(site)
    site.routes["/rss.xml"] = Route(body=b"<html><body><p>Maintenance</p></body></html>")
    site.routes["/json.xml"] = Route(body=b'{"items": []}', content_type="application/json")
    specs = [("/rss.xml", "A"), ("/json.xml", "B"), ("/atom.xml", "C")]
    with make_watcher(site, db, pipeline, specs) as w:
        report = w.poll()
    assert len(report.errors) == 2
    for line in report.errors:
        assert "not an RSS or Atom feed" in line and "\n" not in line
    assert len(report.ingested) == 1


def test_robots_txt_is_respected(site: Site, db: Path, pipeline: Any) -> None:
    items = [
        site.serve_article("/levant/aleppo.html", "aleppo", "Levant Daily"),
        site.serve_article("/private/hama.html", "hama", "Levant Daily"),
    ]
    site.serve_feed("/rss.xml", items)
    with make_watcher(site, db, pipeline, FEEDS[:1]) as w:
        report = w.poll()
    assert report.errors == (
        f"{site.url('/private/hama.html')}: disallowed by robots.txt; skipped",
    )
    assert site.hits("/private/hama.html") == 0 and site.hits("/robots.txt") == 1
    with Store(db) as store:
        assert [f.path for f in store.failures()] == [site.url("/private/hama.html")]


def test_an_article_that_fails_transiently_is_retried(
    site: Site, db: Path, pipeline: Any
) -> None:
    two_feeds(site)
    good = site.routes["/levant/hama.html"]
    site.routes["/levant/hama.html"] = Route(status=503)
    clock = ManualClock()
    with make_watcher(site, db, pipeline, FEEDS[:1], clock=clock) as w:
        first = w.poll()
        assert len(first.ingested) == 1 and "HTTP 503" in first.errors[0]
        site.routes["/levant/hama.html"] = good
        clock.now += SETTINGS.interval + 1
        second = w.poll()  # no 304: the validators were held back for the retry
    assert second.ingested == (web_doc_id(site.url("/levant/hama.html")),)
    assert site.hits("/levant/aleppo.html") == 1


def test_a_watched_page_is_read_again_only_when_it_changes(
    site: Site, db: Path, pipeline: Any
) -> None:
    site.serve_article("/live.html", "homs", "Frontline Wire")
    site.routes["/live.html"].etag = '"v1"'
    clock = ManualClock()
    spec = FeedSpec(url=site.url("/live.html"), outlet="Frontline Wire", kind=SourceKind.ARTICLE)
    with Watcher([spec], db, SETTINGS, pipeline=pipeline, clock=clock.time,
                 sleep=clock.sleep) as w:
        assert w.poll().ingested == (web_doc_id(spec.url),)
        clock.now += SETTINGS.interval + 1
        assert w.poll().polls[0].outcome == "not-modified"
        title, day, paragraphs = ARTICLES["homs"]
        site.routes["/live.html"] = Route(
            body=article_html(title, "Frontline Wire", day, [*paragraphs, ARTICLES["hama"][2][0]]),
            etag='"v2"',
        )
        clock.now += SETTINGS.interval + 1
        third = w.poll()
    assert third.ingested == (web_doc_id(spec.url),) and third.copies == ()
    with Store(db) as store:
        assert store.document_count() == 1


def test_watch_loop_sleeps_until_a_source_is_due(site: Site, db: Path) -> None:
    from sitrep.watch import watch

    site.serve_feed("/rss.xml", [])
    site.serve_feed("/atom.xml", [], kind="atom")
    clock = ManualClock()
    rounds: list[Any] = []
    specs = [
        FeedSpec(url=site.url("/rss.xml"), outlet="A", interval=300),
        FeedSpec(url=site.url("/atom.xml"), outlet="B"),
    ]
    stats = watch(specs, db, replace(SETTINGS, interval=900), max_rounds=3,
                  on_round=rounds.append, clock=clock.time, sleep=clock.sleep)
    assert (stats.rounds, stats.ingested, stats.errors) == (3, 0, 0)
    assert clock.slept == [300, 300]  # the 300 s feed sets the pace; the other is not due
    assert [[p.outcome for p in r.polls] for r in rounds] == [
        ["unchanged", "unchanged"], ["not-modified"], ["not-modified"],
    ]
    assert site.hits("/atom.xml") == 1 and site.hits("/rss.xml") == 3


# ----------------------------------------------------------------------------- parts


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("8.8.8.8", None),
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.20", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "non-public"),
    ],
)
def test_check_address(address: str, refused: str | None) -> None:
    assert check_address(ipaddress.ip_address(address)) == refused
    assert check_address(ipaddress.ip_address(address), allow_private=True) is None


def test_allow_hosts_allows_only_what_it_names() -> None:
    allowed = (ipaddress.ip_network("127.0.0.1/32"),)
    assert check_address(ipaddress.ip_address("127.0.0.1"), allow_hosts=allowed) is None
    assert check_address(ipaddress.ip_address("127.0.0.2"), allow_hosts=allowed) == "loopback"
    assert check_address(ipaddress.ip_address("10.0.0.1"), allow_hosts=allowed) == "private"


def test_parse_retry_after() -> None:
    now = datetime(2024, 12, 8, 9, 0, tzinfo=UTC).timestamp()
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after(" 0 ", now=now) == 0.0
    assert parse_retry_after("Sun, 08 Dec 2024 09:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Sun, 08 Dec 2024 08:00:00 GMT", now=now) == 0.0  # already past
    for unreadable in ("", "soon", "-5", "1.5", "Sunday"):
        assert parse_retry_after(unreadable, now=now) is None


def test_host_limiter_paces_each_host_apart() -> None:
    clock = ManualClock()
    limiter = HostLimiter(2.0, clock=clock.time, sleep=clock.sleep)
    assert limiter.wait("a.example") == 0.0
    assert limiter.wait("b.example") == 0.0
    assert limiter.wait("a.example") == 2.0
    clock.now += 5
    assert limiter.wait("a.example") == 0.0
    limiter.set_delay("b.example", 10.0)  # a robots.txt Crawl-delay
    assert limiter.wait("b.example") == pytest.approx(3.0)  # asked last 7 s ago, 10 s apart
    assert clock.slept == [2.0, pytest.approx(3.0)]


def test_duplicate_index_finds_copies_not_other_stories() -> None:
    texts = {k: " ".join(v[2]) for k, v in ARTICLES.items()}
    index = DuplicateIndex(texts.get, threshold=0.7)
    for key in ("aleppo", "hama", "homs"):
        index.add(key, signature(texts[key]))
    copy = " ".join(COPY_OF_ALEPPO)
    found = index.find_copy(copy, signature(copy))
    assert found is not None and found.doc_id == "aleppo"
    assert found.jaccard == pytest.approx(jaccard(shingles(copy), shingles(texts["aleppo"])))
    assert index.find_copy(texts["damascus"], signature(texts["damascus"])) is None
    assert index.find_copy(texts["hama"], signature(texts["hama"]), exclude="hama") is None


def test_parse_feed_reads_rss_and_atom_with_absolute_links() -> None:
    item = Item(path="/a.html", title="T", day="2024-12-05")
    for body in (rss([item]), atom([item])):
        [got] = parse_feed(body, url="http://h.example/feed.xml")
        assert got.url == "http://h.example/a.html" and got.title == "T"
        assert got.published is not None and got.published.isoformat() == "2024-12-05"
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(b"plain words", url="http://h.example/feed.xml")


def test_parse_feeds_file() -> None:
    parsed = parse_feeds(
        '[watch]\ninterval = 60\nallow_hosts = ["127.0.0.1"]\n'
        '[[feed]]\nurl = "https://a.example/rss"\noutlet = "A"\ninterval = 30\n'
        '[[article]]\nurl = "https://b.example/live"\n'
    )
    assert parsed.settings.interval == 60.0
    assert parsed.settings.allow_hosts == LOCAL
    feed, page = parsed.sources
    assert (feed.outlet, feed.interval, feed.kind) == ("A", 30.0, SourceKind.FEED)
    assert (page.outlet, page.interval, page.kind) == ("b.example", None, SourceKind.ARTICLE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "nothing to watch"),
        ("[[feed]]\noutlet = 'A'\n", "needs url"),
        ("[[feed]]\nurl = 'ftp://a/x'\n", "needs url"),
        ("[[feed]]\nurl = 'http://a/x'\ninterval = -1\n", "interval must be"),
        ("[[feed]]\nurl = 'http://a/x'\ncolour = 1\n", "unknown keys"),
        ("[watch]\nspeed = 1\n[[feed]]\nurl = 'http://a/x'\n", "unknown [watch] setting"),
        ("[watch]\nallow_hosts = ['nope']\n[[feed]]\nurl = 'http://a/x'\n", "not an IP"),
        ("[[feed]]\nurl = 'http://a/x'\n[[feed]]\nurl = 'http://a/x'\n", "listed twice"),
        ("[[feed]\n", "not valid TOML"),
    ],
)
def test_parse_feeds_errors_name_the_file(text: str, message: str) -> None:
    with pytest.raises(WatchError, match=re.escape(message)) as info:
        parse_feeds(text, where="feeds.toml")
    assert str(info.value).startswith("feeds.toml: ") and "\n" not in str(info.value)


def test_watch_state_records_copies(tmp_path: Path) -> None:
    from sitrep.watch.state import CopyRecord

    with WatchState(tmp_path / "s.db") as state:
        state.save_signature("b", b"\0" * 8)
        state.save_copy(CopyRecord(doc_id="b", original_id="a", jaccard=0.9, outlet="B",
                                   url="http://b/"))
        assert [c.doc_id for c in state.copies("a")] == ["b"]
        assert list(state.signatures()) == []  # a copy is not indexed itself


# ----------------------------------------------------------------------------- CLI


def test_cli_watch_once(site: Site, tmp_path: Path) -> None:
    two_feeds(site)
    site.routes["/broken.xml"] = Route(body=b"not a feed at all", content_type="text/plain")
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        "[watch]\nhost_delay = 0\ntimeout = 2\n"
        f'[[feed]]\nurl = "{site.url("/rss.xml")}"\noutlet = "Levant Daily"\n'
        f'[[feed]]\nurl = "{site.url("/broken.xml")}"\noutlet = "Broken"\n',
        encoding="utf-8",
    )
    db = tmp_path / "cli.db"
    args = ["watch", str(feeds), "--db", str(db), "--once", "--theater", "syria"]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1
    assert "loopback address (SSRF guard" in refused.output
    result = CliRunner().invoke(main, [*args, "--allow-host", "127.0.0.1"])
    assert result.exit_code == 1, result.output
    assert f"sitrep: watch: {site.url('/broken.xml')}: not an RSS or Atom feed" in result.output
    assert "polled 2: 2 new articles, 0 copies, 1 errors" in result.output
    bad = CliRunner().invoke(main, ["watch", str(tmp_path / "none.toml"), "--once"])
    assert bad.exit_code == 2 and "feeds file not found" in bad.output


def test_sitrep_cli_does_not_import_the_watch_extra() -> None:
    code = (
        "import sys, sitrep.cli, sitrep.watch.cli; "
        "print(sorted(m for m in ('httpx', 'feedparser', 'datasketch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
