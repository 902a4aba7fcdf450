"""The watch loop: poll what is due, ingest new articles once, fuse, sleep, repeat.

A copy of a story already stored (near-duplicate text from another outlet, see dedup.py) is
saved as a document of its own, so its outlet, URL and text stay in the store and can be
cited, but with no extraction output: a syndicated copy is one report, not a second
independent source, and running it through the extractors would add its events again as
"corroboration". The link to the original is kept in ``watch_copies`` (``copies_of``) and in a
warning on the copy's document.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from sitrep.errors import IngestError
from sitrep.ingest import content_hash
from sitrep.models import Article, DocResult, Failure
from sitrep.pipeline import Pipeline, detect_theater, fuse_store
from sitrep.settings import Settings
from sitrep.store import Store
from sitrep.theater import load_theater
from sitrep.watch.dedup import DuplicateIndex, from_blob, signature, to_blob
from sitrep.watch.errors import FetchError
from sitrep.watch.feeds import FeedSpec, SourceKind, WatchSettings
from sitrep.watch.fetch import Clock, Fetcher, Resolver, Response, Sleep, system_resolver
from sitrep.watch.state import CopyRecord, SourceState, WatchState

log = logging.getLogger(__name__)

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
_HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True, kw_only=True)
class PollResult:
    """What one poll of one feed or page did."""

    url: str
    outcome: str  # "ingested", "unchanged", "not-modified" or "error"
    ingested: tuple[str, ...] = ()  # doc_ids processed by the pipeline
    copies: tuple[str, ...] = ()  # doc_ids stored as copies of earlier stories
    errors: tuple[str, ...] = ()  # one line each: "URL: reason"


@dataclass(frozen=True, slots=True, kw_only=True)
class RoundReport:
    """One round over the due sources."""

    polls: tuple[PollResult, ...] = ()
    fused: tuple[int, int, int] | None = None  # events, control, relations, when re-fused

    @property
    def ingested(self) -> tuple[str, ...]:
        return tuple(d for p in self.polls for d in p.ingested)

    @property
    def copies(self) -> tuple[str, ...]:
        return tuple(d for p in self.polls for d in p.copies)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(e for p in self.polls for e in p.errors)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    url: str
    title: str | None = None
    published: date | None = None


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> list[FeedItem]:
    """The items of an RSS or Atom document, newest first as listed; links made absolute."""
    import feedparser

    if not body.strip():
        raise FetchError(url, "empty response; not an RSS or Atom feed")
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed: Any = feedparser.parse(body, response_headers=headers)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0]})" if problem else ""
        raise FetchError(url, f"not an RSS or Atom feed{detail}")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC).date() if stamp else None
        )
        items.append(
            FeedItem(url=urldefrag(link)[0], title=entry.get("title") or None, published=published)
        )
    return items


def web_doc_id(url: str) -> str:
    """A stable document id for a web page: its host and a hash of its URL."""
    host = re.sub(r"[^a-z0-9]+", "-", (urlsplit(url).hostname or "web").lower()).strip("-")
    return f"{host}-{content_hash(urldefrag(url)[0])[:10]}"


def _html_text(resp: Response) -> str:
    kind = resp.content_type.split(";")[0].strip().lower()
    if kind and "html" not in kind and kind not in {"text/plain", "application/octet-stream"}:
        raise FetchError(resp.url, f"not an HTML page (content-type {kind}); skipped")
    charset = "utf-8"
    m = re.search(r"charset=([\w-]+)", resp.content_type, re.I)
    if m:
        charset = m.group(1)
    try:
        return resp.body.decode(charset, errors="replace")
    except LookupError:
        return resp.body.decode("utf-8", errors="replace")


@dataclass(slots=True)
class _Batch:
    ingested: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Watcher:
    """Polls feeds and pages into one store; ``poll`` runs one round, ``close`` frees it.

    ``clock`` (wall time, because due times are stored) and ``sleep`` are used for due times,
    backoff, Retry-After pauses and per-host pacing; tests pass a manual clock. ``resolve``
    is the fetcher's one name lookup (the system resolver unless a test stands in for DNS).
    """

    def __init__(
        self,
        sources: Sequence[FeedSpec],
        db: str | Path,
        settings: WatchSettings,
        *,
        pipeline_settings: Settings | None = None,
        pipeline: Pipeline | None = None,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.sources = tuple(sources)
        self.settings = settings
        self._pipeline_settings = pipeline_settings or Settings()
        self._pipeline = pipeline
        self._clock = clock
        self.store = Store(db)
        self.state = WatchState(db)
        self.fetcher = Fetcher(
            settings, clock=clock, sleep=sleep, resolve=resolve,
            holds=self.state.holds(clock()), on_hold=self.state.save_hold,
        )
        self.dedup = DuplicateIndex(self._stored_text, threshold=settings.duplicate_jaccard)
        self.dedup.load((d, from_blob(b)) for d, b in self.state.signatures())

    def close(self) -> None:
        self.fetcher.close()
        self.state.close()
        self.store.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _stored_text(self, doc_id: str) -> str | None:
        doc = self.store.document(doc_id)
        return None if doc is None else doc.raw

    # ----------------------------------------------------------------- scheduling

    def next_due(self) -> float:
        """The clock time at which the earliest source is due."""
        return min(self.state.source(s.url).next_poll for s in self.sources)

    def poll(self, *, force: bool = False) -> RoundReport:
        """Poll every due source once (``force``: also those waiting out their interval,
        but never one backing off after errors), ingest what is new, re-fuse if needed."""
        polls: list[PollResult] = []
        for spec in self.sources:
            state = self.state.source(spec.url)
            now = self._clock()
            waiting = state.next_poll > now
            if waiting and (state.failures or not force):
                continue
            polls.append(self._poll_source(spec, state))
        fused = None
        if any(p.ingested or p.copies for p in polls):
            fused = fuse_store(self.store)
            self.store.set_meta("fused_counts", ",".join(str(n) for n in fused))
        return RoundReport(polls=tuple(polls), fused=fused)

    def _backoff(self, spec: FeedSpec, state: SourceState, error: FetchError) -> None:
        """Wait longer after each transient error in a row (5xx, timeout, no connection).

        Other errors (refused by the guard, too large, not a feed) do not hammer a server
        that is struggling: the source is simply polled again at its interval, and a
        ``--once`` run after a fix retries it at once.
        """
        if not error.transient:
            log.warning("%s", error)
            self._ok(spec, state, None, error=str(error))
            return
        if error.held:  # nothing was asked: no failure, just wait out the server's pause
            failures = state.failures
            delay = error.retry_after or 0.0
        else:
            failures = state.failures + 1
            delay = self.settings.backoff_base * 2 ** (failures - 1)
        # a Retry-After longer than the backoff wins; both stop at backoff_max
        delay = min(max(delay, error.retry_after or 0.0), self.settings.backoff_max)
        log.warning("%s (failure %d; next try in %.0f s)", error, failures, delay)
        self.state.save_source(
            SourceState(
                url=state.url, etag=state.etag, last_modified=state.last_modified,
                failures=failures, next_poll=self._clock() + delay, last_error=str(error),
            )
        )

    def _ok(
        self, spec: FeedSpec, state: SourceState, resp: Response | None, *, error: str | None = None
    ) -> None:
        interval = spec.interval or self.settings.interval
        self.state.save_source(
            SourceState(
                url=state.url,
                etag=resp.etag if resp else state.etag,
                last_modified=resp.last_modified if resp else state.last_modified,
                failures=0,
                next_poll=self._clock() + interval,
                last_error=error,
            )
        )

    # ----------------------------------------------------------------- polling

    def _poll_source(self, spec: FeedSpec, state: SourceState) -> PollResult:
        accept = _FEED_ACCEPT if spec.kind is SourceKind.FEED else _HTML_ACCEPT
        try:
            resp = self.fetcher.get(
                spec.url, etag=state.etag, last_modified=state.last_modified, accept=accept
            )
            if resp.status == 304:
                self._ok(spec, state, resp)
                return PollResult(url=spec.url, outcome="not-modified")
            if spec.kind is SourceKind.FEED:
                items = parse_feed(resp.body, url=spec.url, content_type=resp.content_type)
                batch, complete = self._poll_items(spec, items[: self.settings.max_items])
            else:
                batch, complete = _Batch(), True
                self._ingest_page(spec, resp, None, batch)
        except FetchError as e:
            self._backoff(spec, state, e)
            return PollResult(url=spec.url, outcome="error", errors=(str(e),))
        # keep the validators only when every item was settled: a 304 next time would
        # otherwise hide the items that are still to be retried
        self._ok(spec, state, resp if complete else None)
        outcome = "ingested" if batch.ingested or batch.copies else "unchanged"
        return PollResult(
            url=spec.url, outcome=outcome, ingested=tuple(batch.ingested),
            copies=tuple(batch.copies), errors=tuple(batch.errors),
        )

    def _poll_items(self, spec: FeedSpec, items: Sequence[FeedItem]) -> tuple[_Batch, bool]:
        batch = _Batch()
        complete = True
        for item in items:
            seen = self.state.item(item.url)
            if seen is not None and seen.status != "retry":
                continue
            attempts = (seen.attempts if seen else 0) + 1
            try:
                resp = self.fetcher.get(item.url, accept=_HTML_ACCEPT)
                doc_id = self._ingest_page(spec, resp, item, batch)
            except FetchError as e:
                if e.held:  # not asked (the host wants a pause): retried later, no attempt used
                    log.info("%s", e)
                    complete = False
                    self.state.save_item(
                        item.url, source_url=spec.url, status="retry", attempts=attempts - 1,
                        doc_id=None, now=self._clock(),
                    )
                    continue
                batch.errors.append(str(e))
                retry = e.transient and attempts < self.settings.max_attempts
                complete = complete and not retry
                self.state.save_item(
                    item.url, source_url=spec.url, status="retry" if retry else "failed",
                    attempts=attempts, doc_id=None, now=self._clock(),
                )
                if not retry:
                    self.store.record_failure(Failure(path=item.url, reason=e.reason))
                continue
            self.state.save_item(
                item.url, source_url=spec.url, status="done", attempts=attempts, doc_id=doc_id,
                now=self._clock(),
            )
        return batch, complete

    # ----------------------------------------------------------------- ingesting

    def _ingest_page(
        self, spec: FeedSpec, resp: Response, item: FeedItem | None, batch: _Batch
    ) -> str | None:
        """Extract, dedup and store one fetched page; return its doc_id (None if it failed)."""
        from sitrep.htmltext import extract_html

        url = item.url if item else spec.url
        doc_id = web_doc_id(url)
        try:
            page = extract_html(_html_text(resp), source=url)
        except IngestError as e:
            batch.errors.append(str(e))
            self.store.record_failure(Failure(path=url, reason=e.reason, doc_id=doc_id))
            return None
        article = Article(
            doc_id=doc_id,
            raw=page.text,
            source_path=url,
            url=url,
            published=(item.published if item else None) or page.published,
            outlet=spec.outlet,
            title=(item.title if item else None) or page.title,
            author=page.author,
            html=True,
        )
        digest = content_hash(article.raw)
        if self.store.has_document(doc_id, digest):
            return doc_id
        sig = signature(article.raw)
        copy = self.dedup.find_copy(article.raw, sig, exclude=doc_id)
        pipeline = self._get_pipeline(article)
        if copy is not None:
            note = (
                f"near-duplicate of {copy.doc_id} (Jaccard {copy.jaccard:.2f}): stored as a "
                "copy with no extraction so the story is counted once"
            )
            log.info("%s (%s) is a %s", doc_id, spec.outlet, note)
            result = DocResult(document=pipeline.clean(article), warnings=(note,))
            self.store.save_result(result, content_hash=digest)
            self.state.save_copy(
                CopyRecord(doc_id=doc_id, original_id=copy.doc_id, jaccard=copy.jaccard,
                           outlet=spec.outlet, url=url)
            )
            batch.copies.append(doc_id)
            return doc_id
        try:
            result = pipeline.process(article)
        except (ValueError, KeyError, IndexError, RecursionError) as e:
            log.exception("processing %s failed", url)
            reason = f"processing failed: {type(e).__name__}: {e}"
            batch.errors.append(f"{url}: {reason}")
            self.store.record_failure(Failure(path=url, reason=reason, doc_id=doc_id))
            return None
        self.store.save_result(result, content_hash=digest)
        self.state.drop_copy(doc_id)
        self.state.save_signature(doc_id, to_blob(sig))
        self.dedup.add(doc_id, sig)
        batch.ingested.append(doc_id)
        return doc_id

    def _get_pipeline(self, first: Article) -> Pipeline:
        if self._pipeline is None:
            name = self._pipeline_settings.theater
            if name == "auto":
                name = self.store.get_meta("theater") or detect_theater([first])
            theater = load_theater(name)
            self.store.set_meta("theater", theater.name)
            self._pipeline = Pipeline(theater)
        elif self.store.get_meta("theater") is None:
            self.store.set_meta("theater", self._pipeline.theater.name)
        return self._pipeline


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchStats:
    rounds: int
    ingested: int
    copies: int
    errors: int


def watch(
    feeds: Sequence[FeedSpec],
    db: str | Path,
    settings: WatchSettings,
    *,
    once: bool = False,
    max_rounds: int | None = None,
    pipeline_settings: Settings | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
    clock: Clock = time.time,
    sleep: Sleep = time.sleep,
    resolve: Resolver = system_resolver,
) -> WatchStats:
    """Poll ``feeds`` into the store at ``db`` until interrupted (or ``once``/``max_rounds``).

    ``once`` polls every source now (except those backing off after errors) and returns.
    """
    rounds = ingested = copies = errors = 0
    with Watcher(
        feeds, db, settings, pipeline_settings=pipeline_settings, clock=clock, sleep=sleep,
        resolve=resolve,
    ) as watcher:
        while True:
            report = watcher.poll(force=once or rounds == 0)
            rounds += 1
            ingested += len(report.ingested)
            copies += len(report.copies)
            errors += len(report.errors)
            if on_round is not None:
                on_round(report)
            if once or (max_rounds is not None and rounds >= max_rounds):
                break
            pause = min(max(watcher.next_due() - clock(), 1.0), settings.interval)
            log.info("next poll in %.0f s", pause)
            sleep(pause)
    return WatchStats(rounds=rounds, ingested=ingested, copies=copies, errors=errors)
