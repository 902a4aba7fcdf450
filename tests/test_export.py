"""Exports: the exchange format (checked with the shared scorer), ACLED CSV and Parquet,
GeoJSON and the GraphML actor graph."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitrep.errors import ExportError
from sitrep.export import (
    ACLED_COLUMNS,
    EXCHANGE_FILES,
    export_acled_csv,
    export_acled_parquet,
    export_exchange,
    export_geojson,
    export_graphml,
)
from sitrep.models import (
    ActorType,
    ControlChange,
    DocResult,
    Document,
    DroppedSpan,
    Event,
    Mention,
    MentionKind,
    Modality,
    Place,
    PlaceLevel,
    Relation,
    RelationType,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.store import Store
from sitrep.theater import Actor, Theater

SHARED = Path(__file__).resolve().parents[2] / "shared"
SCORER = SHARED / "eval" / "score.py"

EVENT_KEYS = [
    "event_id", "event_date", "date_earliest", "date_latest", "time_precision", "event_type",
    "sub_event_type", "actor1", "actor2", "assoc_actors", "place", "place_name", "admin1",
    "country", "lat", "lon", "geo_precision", "fatalities", "modality", "claimed_by",
    "sources", "notes",
]
CONTROL_KEYS = {
    "place", "place_name", "date", "date_earliest", "date_latest", "time_precision",
    "from_actor", "to_actor", "modality", "claimed_by", "sources",
}

# Fixture texts written for these tests. The dropped caption sits at the end of the raw text.
RAW_1 = (
    "Militia fighters seized the hill town of Karsa on Tuesday.\n"
    "The army said it shelled positions near Karsa overnight.\n"
    "Caption: smoke rises over the valley\n"
)
RAW_2 = "Officials in Sainte-Cécile said residents fled the district’s eastern roads.\n"

KARSA = Place(id="gn:1001", name="Karsa", level=PlaceLevel.SETTLEMENT, lat=45.25, lon=5.5,
              admin1="adm1:FR-ARA", country="iso:FR", population=1200)
REGION = Place(id="adm1:FR-ARA", name="Upper Region", level=PlaceLevel.ADMIN1, lat=45.75,
               lon=4.85, country="iso:FR")
COUNTRY = Place(id="iso:FR", name="France", level=PlaceLevel.COUNTRY)
ROAD = Place(id="feat:east-road", name="East road", level=PlaceLevel.FEATURE, lat=45.1,
             lon=5.9)


def ref(doc: Document, quote: str) -> SourceRef:
    start = doc.text.index(quote)
    return SourceRef(doc_id=doc.doc_id, start=start, end=start + len(quote), quote=quote)


def mention(doc: Document, text: str, kind: MentionKind, ident: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return Mention(doc_id=doc.doc_id, start=start, end=start + len(text), text=text, kind=kind,
                   id=ident)


def build_store(path: Path) -> Store:
    caption = RAW_1.index("Caption")
    doc1 = Document(
        doc_id="a_001",
        raw=RAW_1,
        text=RAW_1[:caption],
        dropped=(DroppedSpan(start=caption, end=len(RAW_1), reason="caption",
                             text=RAW_1[caption:]),),
        title="Town seized",
        published=date(2024, 5, 9),
        source_path="in/a_001.txt",
    )
    doc2 = Document(doc_id="b_002", raw=RAW_2, text=RAW_2, outlet="Example Wire",
                    author="A. Writer", source_path="in/b_002.txt")
    seize = ref(doc1, "Militia fighters seized the hill town of Karsa on Tuesday.")
    shell = ref(doc1, "The army said it shelled positions near Karsa overnight.")
    fled = ref(doc2, "Officials in Sainte-Cécile said residents fled the district’s eastern roads.")
    week = TimeSpan(day=date(2024, 5, 6), earliest=date(2024, 5, 3), latest=date(2024, 5, 9),
                    precision=TimePrecision.WEEK, text="overnight")
    events = [
        Event(event_id="e-2", event_type="Battles",
              sub_event_type="Non-state actor overtakes territory", actor1="militia",
              actor2="army", place=KARSA, time=TimeSpan.exact(date(2024, 5, 7)),
              sources=(seize,), notes="Militia takes Karsa."),
        Event(event_id="e-1", event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack", actor1="army",
              actor2="militia", assoc_actors=("allies",), place=REGION, geo_precision=3,
              time=week, modality=Modality.CLAIMED, claimed_by="army", fatalities=3,
              sources=(shell,)),
        Event(event_id="e-3", event_type="Displacement", sub_event_type="Population flight",
              actor1="civilians", place=ROAD, geo_precision=2,
              time=TimeSpan.exact(date(2024, 5, 7)), sources=(fled,)),
        Event(event_id="e-0", event_type="Strategic developments", sub_event_type="Other",
              actor1="militia", place=COUNTRY, geo_precision=3, sources=(seize,)),
    ]
    control = [ControlChange(change_id="c-1", place=KARSA, to_actor="militia", from_actor="army",
                             time=TimeSpan.exact(date(2024, 5, 7)), sources=(seize,))]
    relations = [
        Relation(subject="militia", relation=RelationType.OPPOSES, object="army",
                 sources=(seize, shell)),
        Relation(subject="allies", relation=RelationType.SUPPORTS, object="army",
                 sources=(shell,)),
    ]
    mentions1 = (
        mention(doc1, "Militia fighters", MentionKind.ACTOR, "militia"),
        mention(doc1, "Karsa", MentionKind.PLACE, "gn:1001"),
        mention(doc1, "army", MentionKind.ACTOR, "army"),
        mention(doc1, "Karsa", MentionKind.PLACE, "gn:1001", nth=1),
    )
    mentions2 = (
        mention(doc2, "Sainte-Cécile", MentionKind.PLACE, "gn:1002"),
        mention(doc2, "residents", MentionKind.ACTOR, "civilians"),
    )
    store = Store(path)
    store.save_result(DocResult(document=doc2, mentions=mentions2), content_hash="h2")
    store.save_result(DocResult(document=doc1, mentions=mentions1), content_hash="h1")
    store.replace_fused(events=events, control=control, relations=relations)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = build_store(tmp_path / "sitrep.db")
    yield s
    s.close()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# --------------------------------------------------------------------------- exchange


def test_exchange_files_parse_with_schema_keys(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    counts = export_exchange(store, out)
    assert counts == {"events": 4, "control": 1, "relations": 2, "mentions": 6, "documents": 2}
    rows = {name: read_jsonl(out / f"{name}.jsonl") for name in EXCHANGE_FILES}
    assert {k: len(v) for k, v in rows.items()} == counts
    assert [list(r) for r in rows["events"]] == [EVENT_KEYS] * 4
    assert all(set(r) >= CONTROL_KEYS for r in rows["control"])
    assert all(set(r) == {"doc_id", "start", "end", "text", "kind", "id"}
               for r in rows["mentions"])
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.jsonl" for n in EXCHANGE_FILES)


def test_exchange_events_values_and_order(store: Store, tmp_path: Path) -> None:
    export_exchange(store, tmp_path)
    events = read_jsonl(tmp_path / "events.jsonl")
    # by date then id, undated last
    assert [e["event_id"] for e in events] == ["e-1", "e-2", "e-3", "e-0"]
    shelling, seizure, flight, undated = events
    assert seizure["place"] == "gn:1001" and seizure["admin1"] == "adm1:FR-ARA"
    assert (seizure["lat"], seizure["lon"], seizure["country"]) == (45.25, 5.5, "iso:FR")
    assert seizure["event_date"] == "2024-05-07" and seizure["time_precision"] == 1
    assert seizure["fatalities"] is None and seizure["claimed_by"] is None
    assert shelling["admin1"] == "adm1:FR-ARA"  # the place is the adm1 itself
    assert (shelling["date_earliest"], shelling["date_latest"]) == ("2024-05-03", "2024-05-09")
    assert shelling["modality"] == "claimed" and shelling["claimed_by"] == "army"
    assert shelling["assoc_actors"] == ["allies"] and shelling["notes"] is None
    assert flight["country"] is None and flight["admin1"] is None  # a feature with no country
    assert undated["country"] == "iso:FR" and undated["lat"] is None
    assert undated["event_date"] is None and undated["time_precision"] is None


def test_exchange_sources_and_mentions_point_into_cleaned_text(
    store: Store, tmp_path: Path
) -> None:
    export_exchange(store, tmp_path)
    docs = {d["doc_id"]: d for d in read_jsonl(tmp_path / "documents.jsonl")}
    for name in ("events", "control", "relations"):
        for row in read_jsonl(tmp_path / f"{name}.jsonl"):
            for s in row["sources"]:
                assert docs[s["doc_id"]]["text"][s["start"]:s["end"]] == s["quote"]
    for m in read_jsonl(tmp_path / "mentions.jsonl"):
        assert docs[m["doc_id"]]["text"][m["start"]:m["end"]] == m["text"]
    a, b = docs["a_001"], docs["b_002"]
    assert a["published"] == "2024-05-09" and b["published"] is None
    assert b["outlet"] == "Example Wire" and a["outlet"] is None
    (dropped,) = a["dropped"]
    assert RAW_1[dropped["start"]:dropped["end"]] == dropped["text"]
    assert dropped["reason"] == "caption" and "Caption" not in a["text"]


def test_exchange_is_utf8_deterministic_and_leaves_no_temp_files(
    store: Store, tmp_path: Path
) -> None:
    export_exchange(store, tmp_path / "one")
    export_exchange(store, tmp_path / "two")
    export_exchange(store, tmp_path / "two")  # overwrites in place
    for name in EXCHANGE_FILES:
        one = (tmp_path / "one" / f"{name}.jsonl").read_bytes()
        assert one == (tmp_path / "two" / f"{name}.jsonl").read_bytes()
    docs = (tmp_path / "one" / "documents.jsonl").read_text(encoding="utf-8")
    assert "Sainte-Cécile" in docs and "\\u" not in docs
    assert not [p for p in (tmp_path / "two").iterdir() if p.suffix == ".tmp"]


@pytest.mark.skipif(not SCORER.is_file(), reason="shared scorer not present")
def test_exchange_scores_perfectly_against_itself(store: Store, tmp_path: Path) -> None:
    gold, raw = tmp_path / "gold", tmp_path / "raw"
    export_exchange(store, gold)
    raw.mkdir()
    for doc in store.documents():
        (raw / f"{doc.doc_id}.txt").write_text(doc.raw, encoding="utf-8")
    metrics = tmp_path / "metrics.json"
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(gold), "--raw", str(raw),
         "--json", str(metrics)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    res = json.loads(metrics.read_text(encoding="utf-8"))
    assert res["warnings"] == []
    assert res["score"] == 1.0
    assert res["events"]["strict"]["f1"] == 1.0 and res["events"]["invalid"] == {}
    assert res["event_sources"]["f1"] == 1.0
    assert res["control"]["f1"] == 1.0 and res["control"]["from_actor_acc"] == 1.0
    assert res["relations"]["f1"] == 1.0
    assert res["mentions"]["place"]["f1"] == res["mentions"]["actor"]["f1"] == 1.0
    assert res["documents"]["dropped_removed"] == 1.0 and res["documents"]["kept_lost"] == 0.0
    assert res["documents"]["outlet_acc"] == 1.0 and res["documents"]["published_acc"] == 1.0


def test_exchange_into_a_file_path_fails_with_the_path(store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ExportError, match="taken"):
        export_exchange(store, blocker)
    with pytest.raises(ExportError, match="taken"):
        export_exchange(store, blocker / "inner")


# --------------------------------------------------------------------------- ACLED CSV


def test_acled_csv_header_and_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export_acled_csv(store, path) == 4
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == list(ACLED_COLUMNS)
        rows = list(reader)
    assert ACLED_COLUMNS[:4] == ("event_id_cnty", "event_date", "year", "time_precision")
    assert len(ACLED_COLUMNS) == 31 and ACLED_COLUMNS[-1] == "timestamp"
    by_id = {r["event_id_cnty"]: r for r in rows}
    seizure = by_id["e-2"]
    assert seizure["event_date"] == "2024-05-07" and seizure["year"] == "2024"
    assert seizure["disorder_type"] == "Political violence"
    assert (seizure["latitude"], seizure["longitude"]) == ("45.25", "5.5")
    assert seizure["country"] == "France" and seizure["iso"] == "250"
    assert seizure["location"] == "Karsa" and seizure["fatalities"] == ""
    assert by_id["e-1"]["tags"] == "claimed by army" and by_id["e-1"]["fatalities"] == "3"
    assert by_id["e-3"]["source"] == "Example Wire"
    assert by_id["e-0"]["event_date"] == "" and by_id["e-0"]["latitude"] == ""


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_feature_collection_lon_lat(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    assert export_geojson(store, path) == 3  # the country-level event has no coordinates
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in data["features"]}
    assert set(by_id) == {"e-1", "e-2", "e-3"}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        props = feature["properties"]
        assert feature["geometry"]["coordinates"] == [props["lon"], props["lat"]]
        assert list(props) == EVENT_KEYS
    assert by_id["e-2"]["geometry"]["coordinates"] == [5.5, 45.25]


# --------------------------------------------------------------------------- GraphML

GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
PACK = Theater(
    name="fixture", country="iso:FR", capital="gn:1001", start=date(2024, 5, 1),
    bbox=(4.0, 44.0, 7.0, 47.0),
    actors={
        "militia": Actor(id="militia", name="Hill Militia", type=ActorType.MILITIA,
                         side="opposition"),
        "army": Actor(id="army", name="National Army", type=ActorType.STATE, side="government"),
    },
)


def graphml_tree(path: Path) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    """Nodes and edges of a GraphML file read with the standard library, data by attr.name."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{GRAPHML_NS}graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
            for k in root.iter(f"{GRAPHML_NS}key")}
    assert all(t in {"string", "int", "double"} for _, _, t in keys.values())

    def data(el: ET.Element, domain: str) -> dict[str, str]:
        out = {}
        for d in el.findall(f"{GRAPHML_NS}data"):
            owner, name, _ = keys[d.get("key")]
            assert owner == domain
            out[str(name)] = d.text or ""
        return out

    (graph,) = root.findall(f"{GRAPHML_NS}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {str(n.get("id")): data(n, "node") for n in graph.findall(f"{GRAPHML_NS}node")}
    edges = [{"source": str(e.get("source")), "target": str(e.get("target")), "id": str(e.get("id")),
              **data(e, "edge")} for e in graph.findall(f"{GRAPHML_NS}edge")]
    return nodes, edges


def test_graphml_actor_graph_with_relations_and_cooccurrence(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.graphml"
    assert export_graphml(store, path, theater=PACK) == (4, 5)
    nodes, edges = graphml_tree(path)
    # civilians act alone in e-3: a node with no edge
    assert set(nodes) == {"militia", "army", "allies", "civilians"}
    assert nodes["militia"] == {"name": "Hill Militia", "type": "militia", "side": "opposition",
                                "events": "3"}
    assert nodes["allies"] == {"name": "allies", "events": "1"}  # not in the pack: id as name
    assert len({e["id"] for e in edges}) == len(edges)
    for e in edges:
        assert e["source"] in nodes and e["target"] in nodes
    rel = {(e["source"], e["relation"], e["target"]): e for e in edges if e["kind"] == "relation"}
    opposes = rel[("militia", "opposes", "army")]
    assert (opposes["sources"], opposes["documents"], opposes["weight"]) == ("2", "1", "2.0")
    assert rel[("allies", "supports", "army")]["sources"] == "1"
    co = {(e["source"], e["target"]): e for e in edges if e["kind"] == "cooccurrence"}
    # e-1 joins army, militia and allies; e-2 joins militia and army
    assert set(co) == {("allies", "army"), ("allies", "militia"), ("army", "militia")}
    assert co[("army", "militia")]["weight"] == "2.0"
    assert co[("army", "militia")]["relation"] == "co_occurs"


def test_graphml_without_cooccurrence_or_pack(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.graphml"
    assert export_graphml(store, path, cooccurrence=False) == (3, 2)
    nodes, edges = graphml_tree(path)
    assert {e["kind"] for e in edges} == {"relation"}
    assert nodes["army"]["name"] == "army" and "type" not in nodes["army"]
    # civilians take part only in an event, so without co-occurrence they are no node
    assert "civilians" not in nodes


def test_graphml_reads_back_with_networkx(store: Store, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    path = tmp_path / "actors.graphml"
    export_graphml(store, path, theater=PACK)
    graph = nx.read_graphml(path)
    assert graph.is_directed() and graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 5
    assert graph.nodes["army"]["side"] == "government"
    assert graph.nodes["militia"]["events"] == 3  # typed by attr.type
    kinds = sorted(d["relation"] for _, _, d in graph.edges(data=True))
    assert kinds == ["co_occurs"] * 3 + ["opposes", "supports"]


def test_graphml_escapes_markup_in_names(tmp_path: Path) -> None:
    odd = Theater(name="fixture", country="iso:FR", capital="gn:1001", start=date(2024, 5, 1),
                  bbox=(4.0, 44.0, 7.0, 47.0),
                  actors={"army": Actor(id="army", name="<Army & \"Co\">", type=ActorType.STATE)})
    with Store(tmp_path / "s.db") as s:
        s.replace_fused(events=[], control=[], relations=[
            Relation(subject="militia", relation=RelationType.OPPOSES, object="army")])
        export_graphml(s, tmp_path / "g.graphml", theater=odd)
    nodes, _ = graphml_tree(tmp_path / "g.graphml")
    assert nodes["army"]["name"] == '<Army & "Co">'


# --------------------------------------------------------------------------- Parquet


def test_parquet_has_acled_columns_typed(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert export_acled_parquet(store, path) == 4
    table = pq.read_table(path)
    assert table.column_names == list(ACLED_COLUMNS)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["event_date"] == "date32[day]" and types["fatalities"] == "int64"
    assert types["latitude"] == "double" and types["notes"] == "string"
    rows = {r["event_id_cnty"]: r for r in table.to_pylist()}
    assert list(rows) == ["e-1", "e-2", "e-3", "e-0"]  # the CSV's order
    seizure = rows["e-2"]
    assert seizure["event_date"] == date(2024, 5, 7) and seizure["year"] == 2024
    assert (seizure["latitude"], seizure["longitude"]) == (45.25, 5.5)
    assert seizure["iso"] == 250 and seizure["country"] == "France"
    assert seizure["fatalities"] is None and seizure["assoc_actor_1"] is None
    assert rows["e-1"]["fatalities"] == 3 and rows["e-1"]["tags"] == "claimed by army"
    assert rows["e-0"]["event_date"] is None and rows["e-0"]["latitude"] is None


def test_parquet_matches_the_csv(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    export_acled_parquet(store, tmp_path / "e.parquet")
    export_acled_csv(store, tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        csv_rows = list(csv.DictReader(fh))
    for got, want in zip(pq.read_table(tmp_path / "e.parquet").to_pylist(), csv_rows,
                         strict=True):
        assert {k: "" if v is None else str(v) for k, v in got.items()} == want


def test_parquet_into_a_folder_fails_with_the_path(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    (tmp_path / "taken.parquet").mkdir()
    with pytest.raises(ExportError, match=r"taken\.parquet"):
        export_acled_parquet(store, tmp_path / "taken.parquet")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


# --------------------------------------------------------------------------- CLI


def test_cli_exports_graphml_and_parquet(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sitrep.cli import main

    runner = CliRunner()
    out = tmp_path / "g.graphml"
    res = runner.invoke(main, ["export", "--db", str(store.path), "--format", "graphml", str(out)])
    assert res.exit_code == 0, res.output
    assert "4 actors, 5 edges" in res.output and graphml_tree(out)[0]
    res = runner.invoke(main, ["export", "--db", str(store.path), "--format", "graphml",
                               "--no-cooccurrence", str(out)])
    assert "3 actors, 2 edges" in res.output
    if importlib.util.find_spec("pyarrow") is not None:
        pq_out = tmp_path / "e.parquet"
        res = runner.invoke(main, ["export", "--db", str(store.path), "--format", "parquet",
                                   str(pq_out)])
        assert res.exit_code == 0, res.output
        assert "4 events" in res.output and pq_out.stat().st_size > 0
