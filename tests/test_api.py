"""The HTTP API on a store built by the pipeline: filters, paging, control, documents, 4xx."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api_fixtures import ARTICLES, XSS, build_store

pytest.importorskip("fastapi", reason="the serve extra (fastapi, httpx) is not installed")
pytest.importorskip("httpx", reason="the serve extra (fastapi, httpx) is not installed")

from fastapi.testclient import TestClient

from sitrep.api import create_app
from sitrep.api.query import fts_expression, parse_bbox
from sitrep.errors import SitrepError

HAMA = "gn:170017"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def _events(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_events_are_sorted_by_date_then_id_with_a_total(client: TestClient) -> None:
    page = _events(client)
    keys = [(e["time"]["day"], e["event_id"]) for e in page["events"]]
    assert page["total"] == len(keys) == 4
    assert keys == sorted(keys)
    assert {s["doc_id"] for e in page["events"] for s in e["sources"]} == set(ARTICLES)


def test_paging_covers_every_event_once(client: TestClient) -> None:
    whole = [e["event_id"] for e in _events(client)["events"]]
    pages = [_events(client, limit=1, offset=n) for n in range(len(whole) + 1)]
    assert [e["event_id"] for p in pages for e in p["events"]] == whole
    assert {p["total"] for p in pages} == {len(whole)}
    assert pages[-1]["events"] == []


@pytest.mark.parametrize(
    ("params", "docs"),
    [
        ({"event_type": "Battles"}, {"a_hama"}),
        ({"event_type": "Explosions/Remote violence"}, {"b_idlib", "d_xss"}),
        ({"actor": "hts"}, {"a_hama"}),
        ({"actor": "russia"}, {"b_idlib", "d_xss"}),
        ({"doc_id": "c_homs"}, {"c_homs"}),
        ({"q": "warplanes"}, {"d_xss"}),
        ({"q": "airstrike*"}, {"b_idlib"}),
        ({"q": "fled city"}, {"c_homs"}),
        ({"q": "fled Aleppo"}, set()),
        ({"bbox": "36.5,34.5,37.5,35.5"}, {"a_hama", "c_homs"}),  # Hama and Homs, not the north
        ({"date_from": "2024-12-05"}, {"a_hama", "c_homs"}),
        ({"date_to": "2024-12-04"}, {"b_idlib", "d_xss"}),
        ({"date_from": "2024-12-04", "date_to": "2024-12-04"}, {"b_idlib"}),
        ({"actor": "russia", "q": "idlib"}, {"b_idlib"}),
    ],
)
def test_filters_narrow_the_events(
    client: TestClient, params: dict[str, str], docs: set[str]
) -> None:
    page = _events(client, **params)
    assert {s["doc_id"] for e in page["events"] for s in e["sources"]} == docs
    assert page["total"] == len(page["events"])


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "36,35,38"},
        {"bbox": "a,b,c,d"},
        {"bbox": "38,35,36,37"},
        {"bbox": "36,35,380,37"},
        {"limit": 0},
        {"limit": 1001},
        {"offset": -1},
        {"date_from": "2024-13-01"},
        {"date_from": "yesterday"},
        {"date_from": "2024-12-06", "date_to": "2024-12-01"},
        {"q": "!!! ???"},
        {"q": "x" * 501},
    ],
)
def test_bad_parameters_get_a_4xx_with_a_message(client: TestClient, params: dict) -> None:  # type: ignore[type-arg]
    response = client.get("/events", params=params)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_one_event_carries_its_sources_and_unknown_ids_404(client: TestClient) -> None:
    first = _events(client, doc_id="a_hama")["events"][0]
    response = client.get(f"/events/{first['event_id']}")
    assert response.status_code == 200
    body = response.json()
    assert body == first
    source = body["sources"][0]
    assert source["quote"].startswith("Fighters of Hayat Tahrir al-Sham captured Hama")
    assert source["link"] == f"/#doc=a_hama&start={source['start']}&end={source['end']}"
    missing = client.get("/events/e-nope")
    assert missing.status_code == 404
    assert "e-nope" in missing.json()["detail"]


def test_control_is_geojson_and_follows_the_capture(client: TestClient) -> None:
    def hama(day: str) -> dict:  # type: ignore[type-arg]
        response = client.get("/control", params={"date": day})
        assert response.status_code == 200
        body = response.json()
        assert body["type"] == "FeatureCollection"
        found = [f for f in body["features"] if f["properties"]["place_id"] == HAMA]
        assert len(found) == 1
        return found[0]  # type: ignore[no-any-return]

    before, after = hama("2024-12-01"), hama("2024-12-06")
    assert before["properties"]["holder"] == "syria-gov"
    assert after["properties"]["holder"] == "hts"
    assert after["properties"]["holder_name"] == "Hayat Tahrir al-Sham"
    assert after["geometry"]["type"] == "Point"
    lon, lat = after["geometry"]["coordinates"]
    assert 36 < lon < 37.5 and 34.5 < lat < 35.5
    assert {s["doc_id"] for s in after["properties"]["sources"]} >= {"a_hama"}


@pytest.mark.parametrize("day", ["2000-01-01", "not-a-date", "2024-02-30"])
def test_control_rejects_bad_days(client: TestClient, day: str) -> None:
    response = client.get("/control", params={"date": day})
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_actors_relations_and_theater(client: TestClient) -> None:
    actors = {a["id"]: a for a in client.get("/actors").json()}
    assert actors["russia"]["events"] == 2
    assert actors["hts"]["events"] == 1
    assert actors["hts"]["name"] == "Hayat Tahrir al-Sham"
    relations = client.get("/relations")
    assert relations.status_code == 200
    assert all(r["sources"] for r in relations.json())
    theater = client.get("/theater").json()
    assert theater["theater"] == "syria"
    assert theater["event_types"]["Explosions/Remote violence"] == 2
    assert theater["start"] <= theater["end"]


def test_claims_are_grouped_and_filterable(client: TestClient) -> None:
    everything = client.get("/claims")
    assert everything.status_code == 200
    groups = everything.json()
    assert all(g["claims"] for g in groups)
    disputed = client.get("/claims", params={"disputed": "true"}).json()
    assert all(g["disagree"] for g in disputed)
    assert client.get("/claims", params={"kind": "nonsense"}).status_code == 422


def test_documents_give_text_with_quotes_at_their_offsets(client: TestClient) -> None:
    event = _events(client, doc_id="d_xss")["events"][0]
    source = event["sources"][0]
    doc = client.get("/documents/d_xss").json()
    assert doc["text"][source["start"]:source["end"]] == source["quote"]
    assert XSS in doc["text"]  # returned as data; the page puts it in as text
    assert isinstance(doc["dropped"], list)
    assert client.get("/documents/none-such").status_code == 404


def test_the_page_and_schema_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/app.js"' in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200
    assert "innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    assert client.get("/static/../../etc/passwd").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/control", "/actors", "/relations",
            "/documents/{doc_id}"} <= set(paths)
    assert "post" not in paths["/events"]


def test_read_only_unless_ingest_is_allowed(db: Path, tmp_path: Path, client: TestClient) -> None:
    article = {"id": "e_new", "published": "2024-12-06",
               "text": "Turkish drones struck Kobani on Tuesday, killing 3 fighters.\n"}
    assert client.post("/documents", json=article).status_code in (404, 405)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    writable = TestClient(create_app(copy, allow_ingest=True))
    response = writable.post("/documents", json=article)
    assert response.status_code == 201, response.text
    assert response.json()["processed"] == 1
    assert _events(writable, doc_id="e_new")["total"] >= 1
    assert _events(writable, q="drones")["total"] >= 1  # the quote index follows the store
    bad = writable.post("/documents", json={"id": "x y", "text": "t"})
    assert bad.status_code == 422
    empty = writable.post("/documents", json={"id": "empty"})
    assert empty.status_code == 422


def test_bbox_and_fts_helpers() -> None:
    assert parse_bbox("1,2,3,4") == (1.0, 2.0, 3.0, 4.0)
    with pytest.raises(SitrepError):
        parse_bbox("1,2,3")
    assert fts_expression('hama" OR x*') == '"hama" "OR" "x"*'


def test_the_cli_does_not_import_fastapi() -> None:
    code = "import sys, sitrep.cli; print('fastapi' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(["date_from", "date_to", "bbox", "actor", "event_type", "doc_id", "q",
                         "limit", "offset"]),
        st.one_of(_TEXT, st.integers(-10**12, 10**12).map(str),
                  st.floats(allow_nan=True).map(str), st.dates().map(str)),
    )
)
def test_no_parameters_give_a_5xx(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/events", params=params)
    assert response.status_code < 500, (params, response.text)
    day = client.get("/control", params={"date": params.get("date_from", "")})
    assert day.status_code < 500, (params, day.text)


def test_downloads_follow_the_filters(client: TestClient) -> None:
    import csv
    import io

    from sitrep.export import ACLED_COLUMNS

    response = client.get("/events.csv", params={"actor": "russia"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    ids = {e["event_id"] for e in _events(client, actor="russia")["events"]}
    assert {r["event_id_cnty"] for r in rows} == ids and len(ids) == 2
    assert {r["source"] for r in rows} == {"Test Wire"}
    geo = client.get("/events.geojson", params={"event_type": "Battles"})
    assert geo.status_code == 200
    body = geo.json()
    assert body["type"] == "FeatureCollection"
    assert [f["properties"]["event_type"] for f in body["features"]] == ["Battles"]
    assert body["features"][0]["geometry"]["type"] == "Point"
    assert geo.headers["x-total-count"] == "1"
    limited = client.get("/events.csv", params={"limit": 1})
    assert len(limited.text.strip().splitlines()) == 2
    assert limited.headers["x-total-count"] == "4"
    for bad in ({"bbox": "1,2"}, {"limit": 0}, {"date_from": "2024-12-06",
                                                  "date_to": "2024-12-01"}):
        assert 400 <= client.get("/events.csv", params=bad).status_code < 500
        assert 400 <= client.get("/events.geojson", params=bad).status_code < 500


def test_tiles_are_offered_to_the_page_and_allowed_by_the_csp(db: Path, client: TestClient) -> None:
    assert client.get("/theater").json()["tiles"] is None
    assert "img-src 'self' data:;" in client.get("/").headers["content-security-policy"]
    template = "https://tiles.example.org:8443/{z}/{x}/{y}.png"
    tiled = TestClient(create_app(db, tiles=template))
    assert tiled.get("/theater").json()["tiles"] == template
    csp = tiled.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://tiles.example.org:8443;" in csp
    for bad in ("ftp://x.org/{z}/{x}/{y}", "https://x.org/{z}/{x}.png", "/{z}/{x}/{y}",
                "https://x.org/{z}/{x}/{y}.png'; script-src *"):
        with pytest.raises(SitrepError):
            create_app(db, tiles=bad)
