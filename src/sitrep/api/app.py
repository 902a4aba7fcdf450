"""The FastAPI application: ``create_app(db_path)`` serves one store, read-only by default."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.api.query import (
    MAX_EXPORT,
    MAX_LIMIT,
    EventFilter,
    QueryError,
    StoreReader,
    parse_bbox,
)
from sitrep.api.schemas import (
    ActorOut,
    ArticleIn,
    ClaimGroupOut,
    ControlCollection,
    ControlFeature,
    ControlProperties,
    DocumentOut,
    EventOut,
    EventPageOut,
    IngestOut,
    MapOut,
    PointGeometry,
    RelationOut,
    document_out,
    event_json,
    json_bytes,
    relation_out,
    row_event_json,
    source_out,
)
from sitrep.control import ControlError, ControlTimeline
from sitrep.errors import SettingsError, SitrepError, StoreError
from sitrep.export import ACLED_COLUMNS, acled_row, event_row
from sitrep.store import Store
from sitrep.theater import Theater, load_theater

log = logging.getLogger(__name__)

# The page loads its own script and style only; article text can never bring its own.
# Images may also come from the tile server's origin when one is configured.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles};"
    " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "app.css": "text/css; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
}


_JSON = "application/json"
_CACHE_ENTRIES = 2048
_CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class _Snapshot:
    """Everything derived from the whole store, rebuilt when the store changes."""

    signature: str
    generation: int
    timeline: ControlTimeline
    end: date


class _BodyCache:
    """The JSON bodies of recent GET answers, least recently used out, all dropped as soon as
    the store's generation moves (any commit to the file, an ingest included)."""

    def __init__(self, *, entries: int = _CACHE_ENTRIES, size: int = _CACHE_BYTES) -> None:
        self._entries = entries
        self._size = size
        self._lock = threading.Lock()
        self._generation = -1
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0

    def get(self, generation: int, key: Hashable) -> bytes | None:
        with self._lock:
            if generation != self._generation:
                return None
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, generation: int, key: Hashable, body: bytes) -> None:
        with self._lock:
            if generation < self._generation or len(body) > self._size // 8:
                return
            if generation != self._generation:
                self._generation = generation
                self._bodies.clear()
                self._bytes = 0
            old = self._bodies.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._bodies[key] = body
            while len(self._bodies) > self._entries or self._bytes > self._size:
                _, dropped = self._bodies.popitem(last=False)
                self._bytes -= len(dropped)


class _SecurityHeaders:
    """Adds the CSP and two hardening headers to every HTTP answer (plain ASGI: unlike
    ``@app.middleware`` it adds no task and no stream per request)."""

    def __init__(self, app: ASGIApp, *, csp: str) -> None:
        self.app = app
        self.csp = csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = self.csp
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _CachedAnswers:
    """Answers a GET whose exact URL was answered since the store last changed straight from
    the body cache, before routing: no request object, no parameter validation, no thread.
    The body was made by the route for that very URL, so the answer is the same."""

    def __init__(self, app: ASGIApp, *, service: _Service, csp: str) -> None:
        self.app = app
        self.service = service
        self.headers = [(b"content-type", _JSON.encode()), *_security_headers(csp)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = self.service.cached_url(scope["path"], scope["query_string"])
            if body is not None:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    *self.headers, (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def _security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer")]


class _Service:
    """The store, the theater and the cached control timeline behind the routes."""

    def __init__(self, db_path: Path, theater: str | None) -> None:
        self.reader = StoreReader(db_path)
        self.db_path = db_path
        with Store(db_path) as store:
            name = theater or store.get_meta("theater")
        if not name:
            raise SettingsError(f"{db_path}: the store records no theater (not written by "
                                "`sitrep run`?); pass --theater")
        self.theater_name = name
        self.theater: Theater = load_theater(self.theater_name)
        self._lock = threading.Lock()
        self._snapshot: _Snapshot | None = None
        self._claims: list[ClaimGroupOut] | None = None
        self.ingest_lock = threading.Lock()
        self.bodies = _BodyCache()
        self.urls = _BodyCache()  # the same bodies by URL, for the answers before routing

    async def json_answer(self, request: Request, key: Hashable, build: Callable[[], bytes],
                          *, inline: bool = False) -> Response:
        """The JSON body ``build`` makes, or the one it made for ``key`` since the store last
        changed; kept for the request's URL too (see :class:`_CachedAnswers`). ``build`` runs
        in a worker thread, or here if ``inline`` (for look-ups of about a millisecond, which
        would wait longer for a thread than they take)."""
        generation = self.reader.generation()  # before reading: the body is at least as new
        body = self.bodies.get(generation, key)
        if body is None:
            body = build() if inline else await run_in_threadpool(build)
            self.bodies.put(generation, key, body)
        self.urls.put(generation, (request.scope["path"], request.scope["query_string"]), body)
        return Response(body, media_type=_JSON)

    def cached_url(self, path: str, query: bytes) -> bytes | None:
        """The body last sent for this URL, if the store has not changed since."""
        return self.urls.get(self.reader.generation(), (path, query))

    def snapshot(self) -> _Snapshot:
        generation = self.reader.generation()
        current = self._snapshot
        if current is not None and current.generation == generation:
            return current
        signature = self.reader.signature()
        with self._lock:
            current = self._snapshot
            if current is not None and current.signature == signature:
                if current.generation != generation:  # a write that changed nothing here
                    current = _Snapshot(signature=signature, generation=generation,
                                        timeline=current.timeline, end=current.end)
                    self._snapshot = current
                return current
            with Store(self.db_path) as store:
                published = {d.doc_id: d.published for d in store.documents() if d.published}
                timeline = ControlTimeline.build(
                    self.theater, store.control_changes(), events=store.events(),
                    published=published,
                )
            days = timeline.days()
            self._snapshot = _Snapshot(signature=signature, generation=generation,
                                       timeline=timeline, end=days[-1])
            self._claims = None
            return self._snapshot

    def claims(self) -> list[ClaimGroupOut]:
        """Every claim group of the store (cached with the snapshot)."""
        self.snapshot()
        cached = self._claims
        if cached is not None:
            return cached
        from sitrep.claims_cli import claim_group_json
        from sitrep.claims_group import collect_claims

        with Store(self.db_path) as store:
            groups = collect_claims(store, self.theater)
        found = [ClaimGroupOut.model_validate(claim_group_json(g)) for g in groups]
        self._claims = found
        return found

    def actor_name(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        actor = self.theater.actors.get(actor_id)
        return actor.name if actor else actor_id

    def actors(self) -> list[ActorOut]:
        counts = self.reader.event_counts()
        out = [
            ActorOut(id=a.id, name=a.name, type=a.type.value, side=a.side,
                     events=counts.get(a.id, 0))
            for a in self.theater.actors.values()
        ]
        out += [ActorOut(id=a, name=a, type=None, side=None, events=n)
                for a, n in counts.items() if a not in self.theater.actors]
        return sorted(out, key=lambda a: (-a.events, a.name, a.id))


def tile_origin(url: str) -> str:
    """The origin (``scheme://host[:port]``) of a tile URL template, after checking it.

    Raises:
        SettingsError: not an http(s) URL, or lacks one of ``{z}``, ``{x}``, ``{y}``.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"tiles {url!r}: give an http:// or https:// URL template")
    missing = [k for k in ("{z}", "{x}", "{y}") if k not in url]
    if missing:
        raise SettingsError(f"tiles {url!r}: the template lacks {', '.join(missing)}"
                            " (e.g. https://tile.example.org/{z}/{x}/{y}.png)")
    if any(c in url for c in " \"'<>;"):
        raise SettingsError(f"tiles {url!r}: spaces, quotes, <, > and ; are not allowed")
    return f"{parts.scheme}://{parts.netloc}"


async def event_filter(
    date_from: Annotated[date | None, Query(description="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="Last day (YYYY-MM-DD).")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat")] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=500,
                                   description="Words of the quotes (FTS5; word* = prefix).")
                 ] = None,
) -> EventFilter:
    """The event filters shared by ``/events`` and its downloads (async: no thread hop)."""
    return EventFilter(
        date_from=date_from, date_to=date_to,
        bbox=parse_bbox(bbox) if bbox is not None else None,
        actor=actor or None, event_type=event_type or None, doc_id=doc_id or None,
        q=q if q is not None and q.strip() else None,
    )


def _download(body: str, media_type: str, filename: str, total: int, sent: int) -> Response:
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Total-Count": str(total), "X-Sent-Count": str(sent),
    })


def _static(name: str) -> str:
    return resources.files("sitrep.api").joinpath("static", name).read_text("utf-8")


def create_app(
    db_path: str | Path,
    *,
    allow_ingest: bool = False,
    theater: str | None = None,
    tiles: str | None = None,
) -> FastAPI:
    """The API and web page over the store at ``db_path``.

    Args:
        db_path: an existing store (``sitrep run`` makes one).
        theater: the pack to read it with (default: the one its run recorded).
        allow_ingest: also accept ``POST /documents`` (runs the pipeline on one article).
        tiles: a map tile URL template (``https://host/{z}/{x}/{y}.png``) the page draws
            under the theater's outline; None draws the outline alone (works offline).

    Raises:
        StoreError: the file is missing or not a sitrep store.
        SettingsError: the store records no theater and none is given, or ``tiles`` is
            not an http(s) template with ``{z}``, ``{x}`` and ``{y}``.
        TheaterError: the store's theater pack cannot be loaded.
    """
    csp = CSP.format(tiles=" " + tile_origin(tiles) if tiles else "")
    service = _Service(Path(db_path), theater)
    service.reader.refresh_index()
    service.reader.listing(service.reader.generation())  # before the first request waits
    pages = {name: _static(name) for name in _STATIC}
    app = FastAPI(
        title="sitrep",
        summary="Sourced, geolocated, dated conflict events, control and relations.",
        version="1",
    )
    app.state.service = service

    app.add_middleware(_SecurityHeaders, csp=csp)
    app.add_middleware(_CachedAnswers, service=service, csp=csp)  # outermost: runs first

    @app.exception_handler(QueryError)
    @app.exception_handler(ControlError)
    async def bad_query(request: Request, exc: SitrepError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.exception_handler(StoreError)
    async def store_unavailable(request: Request, exc: SitrepError) -> JSONResponse:
        log.error("%s", exc)
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    # ------------------------------------------------------------------ page

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return Response(pages["index.html"], media_type=_STATIC["index.html"])

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC or name == "index.html":
            raise HTTPException(status_code=404, detail=f"no static file {name!r}")
        return Response(pages[name], media_type=_STATIC[name])

    # ------------------------------------------------------------------ events

    @app.get("/events", response_model=EventPageOut, tags=["events"])
    async def events(
        request: Request,
        flt: Annotated[EventFilter, Depends(event_filter)],
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> Response:
        """Fused events matching every filter given, by date (undated last) then event id."""

        def build() -> bytes:
            page = service.reader.event_rows(flt, limit=limit, offset=offset)
            return json_bytes({
                "total": page.total, "limit": limit, "offset": offset,
                "events": [row_event_json(r, page.sources.get(r["row_id"], ()))
                           for r in page.rows],
            })

        # a page the in-memory listing finds takes about a millisecond: a worker thread would
        # wait longer than that for the GIL while the event loop is busy
        return await service.json_answer(request, ("events", flt, limit, offset), build,
                                         inline=service.reader.lists(flt))

    @app.get("/events.csv", tags=["events"], response_class=Response,
             responses={200: {"content": {"text/csv": {}},
                              "description": "ACLED columns, one row per event"}})
    def events_csv(
        flt: Annotated[EventFilter, Depends(event_filter)],
        limit: Annotated[int, Query(ge=1, le=MAX_EXPORT)] = MAX_EXPORT,
    ) -> Response:
        """The events matching the filters (as ``/events``) as a CSV with ACLED's columns;
        header ``X-Total-Count`` says how many matched, ``X-Sent-Count`` how many were sent."""
        page = service.reader.export_events(flt, limit=limit)
        outlets = service.reader.outlets([s.doc_id for e in page.events for s in e.sources])
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(acled_row(e, outlets) for e in page.events)
        return _download(buffer.getvalue(), "text/csv; charset=utf-8", "sitrep-events.csv",
                         page.total, len(page.events))

    @app.get("/events.geojson", tags=["events"], response_class=Response,
             responses={200: {"content": {"application/geo+json": {}},
                              "description": "A FeatureCollection of the placed events"}})
    def events_geojson(
        flt: Annotated[EventFilter, Depends(event_filter)],
        limit: Annotated[int, Query(ge=1, le=MAX_EXPORT)] = MAX_EXPORT,
    ) -> Response:
        """The events matching the filters (as ``/events``) that have coordinates, as a GeoJSON
        FeatureCollection of points whose properties are the exchange format's event fields."""
        page = service.reader.export_events(flt, limit=limit)
        features: list[dict[str, Any]] = []
        for e in page.events:
            place = e.place
            if place is None or place.lat is None or place.lon is None:
                continue
            features.append({
                "type": "Feature", "id": e.event_id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": event_row(e).model_dump(mode="json"),
            })
        body = json.dumps({"type": "FeatureCollection", "features": features},
                          ensure_ascii=False)
        return _download(body, "application/geo+json", "sitrep-events.geojson",
                         page.total, len(page.events))

    @app.get("/events/{event_id}", response_model=EventOut, tags=["events"],
             responses={404: {"description": "No such event"}})
    async def event(request: Request, event_id: str) -> Response:
        """One fused event with its sources."""

        def build() -> bytes:
            found = service.reader.event(event_id)
            if found is None:
                raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
            return json_bytes(event_json(found))

        return await service.json_answer(request, ("event", event_id), build, inline=True)

    # ------------------------------------------------------------------ control

    @app.get("/control", response_model=ControlCollection, tags=["control"])
    async def control(
        request: Request,
        day: Annotated[date | None, Query(alias="date",
                                          description="The day (default: the last known).")
                       ] = None,
    ) -> Response:
        """Every town's holder and state on a day, as a GeoJSON FeatureCollection of points."""
        return await service.json_answer(
            request, ("control", day), lambda: control_collection(day).model_dump_json().encode())

    def control_collection(day: date | None) -> ControlCollection:
        snap = service.snapshot()
        when = day or snap.end
        features = []
        for row in snap.timeline.at(when):
            town = row.town
            geometry = (PointGeometry(coordinates=[town.lon, town.lat])
                        if town.lon is not None and town.lat is not None else None)
            features.append(ControlFeature(geometry=geometry, properties=ControlProperties(
                place_id=town.id, name=town.name, holder=row.actor,
                holder_name=service.actor_name(row.actor), state=row.state.value,
                since=row.since, sources=[source_out(s) for s in row.sources],
            )))
        return ControlCollection(date=when, theater=service.theater.name, features=features)

    @app.get("/theater", response_model=MapOut, tags=["control"])
    async def theater_frame(request: Request) -> Response:
        """The theater's frame for a map: bbox, outline, first and last day, actors, types."""

        def build() -> bytes:
            snap = service.snapshot()
            th = service.theater
            return MapOut(theater=th.name, bbox=th.bbox, outline=th.outline, start=th.start,
                          end=snap.end, actors=service.actors(),
                          event_types=service.reader.event_types(),
                          tiles=tiles).model_dump_json().encode()

        return await service.json_answer(request, ("theater",), build)

    # ------------------------------------------------------------------ actors, relations

    @app.get("/actors", response_model=list[ActorOut], tags=["actors"])
    async def actors(request: Request) -> Response:
        """The theater's actors and any other actor named by an event, most active first."""
        return await service.json_answer(
            request, ("actors",), lambda: json_bytes([a.model_dump(mode="json") for a in service.actors()]))

    @app.get("/relations", response_model=list[RelationOut], tags=["actors"])
    def relations(
        actor: Annotated[str | None, Query(max_length=200)] = None,
    ) -> list[RelationOut]:
        """Sourced relations between actors (the graph's edges); ``actor`` keeps its own."""
        with Store(service.db_path) as store:
            found = store.relations()
        return [relation_out(r) for r in found
                if actor is None or actor in (r.subject, r.object)]

    @app.get("/claims", response_model=list[ClaimGroupOut], tags=["claims"])
    def claims(
        disputed: Annotated[bool, Query(description="Only groups whose claims disagree.")] = False,
        kind: Annotated[Literal["distance", "conduct", "capture"] | None, Query()] = None,
    ) -> list[ClaimGroupOut]:
        """Claims side by side (distances, conduct, capture dates) with who says them;
        groups whose claims disagree come first and are flagged."""
        return [g for g in service.claims()
                if (not disputed or g.disagree) and (kind is None or g.kind == kind)]

    # ------------------------------------------------------------------ documents

    @app.get("/documents/{doc_id}", response_model=DocumentOut, tags=["documents"],
             responses={404: {"description": "No such document"}})
    def document(doc_id: str) -> DocumentOut:
        """One document's cleaned text (source offsets point into it) and dropped spans."""
        with Store(service.db_path) as store:
            doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
        return document_out(doc)

    if allow_ingest:
        @app.post("/documents", response_model=IngestOut, status_code=201, tags=["documents"],
                  responses={422: {"description": "The article could not be processed"}})
        def ingest(article: ArticleIn) -> IngestOut:
            """Run the pipeline on one article and store it (server started --allow-ingest)."""
            return _ingest(service, article)

    return app


def app_from_environment() -> FastAPI:
    """The read-only app of one ``sitrep serve --workers N`` worker process (uvicorn imports
    it by name), over the store named by ``SITREP_SERVE_DB`` (``SITREP_SERVE_THEATER`` and
    ``SITREP_SERVE_TILES`` as ``create_app``'s arguments).

    Raises:
        SettingsError: ``SITREP_SERVE_DB`` is not set.
    """
    db = os.environ.get("SITREP_SERVE_DB")
    if not db:
        raise SettingsError("SITREP_SERVE_DB is not set: start workers with "
                            "`sitrep serve --db FILE --workers N`")
    return create_app(db, theater=os.environ.get("SITREP_SERVE_THEATER") or None,
                      tiles=os.environ.get("SITREP_SERVE_TILES") or None)


def _ingest(service: _Service, article: ArticleIn) -> IngestOut:
    from sitrep.pipeline import run_pipeline
    from sitrep.settings import Settings

    if not (article.text and article.text.strip()) and not (article.html and article.html.strip()):
        raise HTTPException(status_code=422, detail="give the article's 'text' or 'html'")
    line = json.dumps(article.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
    with service.ingest_lock, tempfile.TemporaryDirectory(prefix="sitrep-ingest-") as tmp:
        path = Path(tmp) / f"{article.id}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        settings = Settings(theater=service.theater_name, workers=1)
        try:
            stats = run_pipeline([path], db=service.db_path, settings=settings)
        except SitrepError as e:
            raise HTTPException(status_code=422, detail=str(e)) from e
    if stats.failures:
        reason = stats.failures[0].reason
        raise HTTPException(status_code=422, detail=f"article {article.id!r}: {reason}")
    return IngestOut(doc_id=article.id, processed=stats.processed, unchanged=stats.unchanged,
                     events=stats.events, control=stats.control, relations=stats.relations)
