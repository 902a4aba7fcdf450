"""The API's caches and fast paths: pre-serialised JSON equals the pydantic models' output,
totals and cached answers follow the store after an ingest, paging stays stable, and
``sitrep serve --workers`` starts processes that answer."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from api_fixtures import build_store

pytest.importorskip("fastapi", reason="the serve extra (fastapi, httpx) is not installed")
httpx = pytest.importorskip("httpx", reason="the serve extra (fastapi, httpx) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from sitrep.api import create_app  # noqa: E402
from sitrep.api.query import EventFilter, StoreReader  # noqa: E402
from sitrep.api.schemas import (  # noqa: E402
    EventOut,
    event_json,
    event_out,
    json_bytes,
    row_event_json,
)
from sitrep.models import Event, Modality, Place, PlaceLevel, SourceRef, TimeSpan  # noqa: E402
from sitrep.store import Store  # noqa: E402

NEW = {"id": "e_new", "published": "2024-12-06",
       "text": "Turkish drones struck Kobani on Tuesday, killing 3 fighters.\n"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api_cache"))


def _event(n: int, **changes: object) -> Event:
    fields: dict[str, object] = {
        "event_id": f"x-{n:04d}", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "hts", "actor2": None, "assoc_actors": ("sna", "turkey"),
        "place": Place(id=f"gn:{n}", name=f"Place {n}", level=PlaceLevel.SETTLEMENT,
                       lat=35.0 + n / 1000, lon=37.25, country="iso:SY"),
        "time": TimeSpan.exact(date(2024, 12, 1 + n % 5)), "fatalities": n % 3 or None,
        "modality": Modality.CLAIMED, "claimed_by": "hts", "notes": "note \u00e9",
        "sources": (SourceRef(doc_id="d", start=0, end=5, quote="fired"),
                    SourceRef(doc_id="e", start=3, end=9, quote="struck \u0634")),
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_fast_json_equals_the_pydantic_models(tmp_path: Path) -> None:
    events = [_event(1), _event(2, place=None, time=None, actor1=None, assoc_actors=()),
              _event(3, sources=(), fatalities=None, claimed_by=None)]
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.replace_fused(events=events, control=[], relations=[])
    reader = StoreReader(path)
    rows = reader.event_rows(EventFilter(), limit=10)
    assert rows.total == 3
    for event, row in zip(reader.events(EventFilter(), limit=10).events, rows.rows, strict=True):
        expected = EventOut.model_validate(event_out(event)).model_dump(mode="json")
        assert event_json(event) == expected
        fast = row_event_json(row, rows.sources.get(row["row_id"], ()))
        assert fast == expected
        model = EventOut.model_validate(event_out(event))
        assert json_bytes(fast) == model.model_dump_json().encode()


def test_a_cached_answer_is_sent_as_the_route_sent_it(db: Path) -> None:
    client = TestClient(create_app(db))
    for url in ("/events?actor=russia&limit=3", "/events/" + client.get("/events").json()[
            "events"][0]["event_id"], "/control", "/actors", "/theater"):
        first, second = client.get(url), client.get(url)  # the second skips the routing
        assert first.status_code == second.status_code == 200
        assert second.content == first.content
        assert dict(second.headers) == dict(first.headers)
    assert client.get("/events/no-such-event").status_code == 404
    assert client.get("/events/no-such-event").status_code == 404  # errors are not kept
    assert client.get("/events?limit=0").status_code == 422
    assert client.get("/events?limit=0").status_code == 422


def test_answers_and_totals_follow_an_ingest(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    client = TestClient(create_app(copy, allow_ingest=True))
    before = client.get("/events").json()
    assert client.get("/events").json() == before  # served from the cache
    drones = client.get("/events", params={"q": "drones"}).json()
    actors = {a["id"]: a["events"] for a in client.get("/actors").json()}
    assert drones["total"] == 0
    assert client.post("/documents", json=NEW).status_code == 201
    after = client.get("/events").json()
    assert after["total"] == before["total"] + 1
    assert len(after["events"]) == after["total"]
    assert client.get("/events", params={"q": "drones"}).json()["total"] == 1
    assert client.get("/events", params={"doc_id": "e_new"}).json()["total"] == 1
    actors_after = {a["id"]: a["events"] for a in client.get("/actors").json()}
    assert actors_after.get("turkey", 0) == actors.get("turkey", 0) + 1


def test_a_write_by_another_connection_moves_the_generation(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    reader = StoreReader(copy)
    first = reader.generation()
    assert reader.generation() == first
    total = reader.events(EventFilter()).total
    with Store(copy) as store:
        kept = store.events()
        store.replace_fused(events=[*kept, _event(7)], control=[], relations=[])
    assert reader.generation() > first
    assert reader.events(EventFilter()).total == total + 1


def test_pages_of_a_text_search_cover_its_matches_once(tmp_path: Path) -> None:
    # more matches than the threshold above which a search walks the listing index
    events = [_event(n, sources=(SourceRef(doc_id="d", start=0, end=9,
                                           quote=f"shelling {'market' if n % 3 else 'bridge'}"),))
              for n in range(2600)]
    path = tmp_path / "many.db"
    with Store(path) as store:
        store.replace_fused(events=events, control=[], relations=[])
    reader = StoreReader(path)
    for q, count in (("shelling", 2600), ("bridge", 867), ("market shelling", 1733)):
        flt = EventFilter(q=q)
        pages = [reader.events(flt, limit=1000, offset=n) for n in range(0, count + 1000, 1000)]
        ids = [e.event_id for p in pages for e in p.events]
        assert {p.total for p in pages} == {count}
        assert len(ids) == len(set(ids)) == count
        listed = reader.events(EventFilter(), limit=1000).events
        wanted = [e.event_id for e in listed if all(
            w in e.sources[0].quote for w in q.split())]
        assert ids[:len(wanted)] == wanted  # the listing order, whichever plan ran


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers_and_refuses_ingest(db: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "sitrep.cli", "-q", "serve", "--db", str(db),
               "--port", str(port), "--workers", "2"]
    refused = subprocess.run([*command, "--allow-ingest"], capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2 and "--workers 1" in refused.stderr
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/events", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["total"] == 4
        assert "script-src 'self'" in response.headers["content-security-policy"]
    finally:
        server.terminate()
        server.wait(timeout=20)
