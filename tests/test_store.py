"""The SQLite store: round trips, re-saves, fused output, migrations and bad files."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import StoreError
from sitrep.models import (
    ControlChange,
    DocResult,
    Document,
    DroppedSpan,
    Event,
    Failure,
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
from sitrep.store import Store, latest_version
from sitrep.store.rows import EVENT_ORDER

# --------------------------------------------------------------------------- strategies

texts = st.text(max_size=40)
ids = st.text(min_size=1, max_size=12)
maybe_text = st.none() | texts
offsets = st.integers(min_value=0, max_value=10**9)
int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
coords = st.none() | st.floats(allow_nan=False, allow_infinity=False)

places = st.builds(
    Place,
    id=ids,
    name=texts,
    level=st.sampled_from(PlaceLevel),
    lat=coords,
    lon=coords,
    admin1=maybe_text,
    country=maybe_text,
    population=int64,
)
times = st.builds(
    TimeSpan,
    day=st.dates(),
    earliest=st.dates(),
    latest=st.dates(),
    precision=st.sampled_from(TimePrecision),
    text=texts,
)
sources = st.lists(
    st.builds(SourceRef, doc_id=ids, start=offsets, end=offsets, quote=texts), max_size=3
).map(tuple)
events = st.builds(
    Event,
    event_id=ids,
    event_type=texts,
    sub_event_type=texts,
    actor1=maybe_text,
    actor2=maybe_text,
    assoc_actors=st.lists(texts, max_size=3).map(tuple),
    place=st.none() | places,
    geo_precision=st.integers(1, 3),
    time=st.none() | times,
    fatalities=st.none() | int64,
    modality=st.sampled_from(Modality),
    claimed_by=maybe_text,
    sources=sources,
    notes=texts,
)
controls = st.builds(
    ControlChange,
    change_id=ids,
    place=places,
    to_actor=ids,
    from_actor=maybe_text,
    time=st.none() | times,
    modality=st.sampled_from(Modality),
    claimed_by=maybe_text,
    sources=sources,
)
relations = st.builds(
    Relation,
    subject=ids,
    relation=st.sampled_from(RelationType),
    object=ids,
    sources=sources,
)
dropped_spans = st.builds(DroppedSpan, start=offsets, end=offsets, reason=texts, text=texts)
documents = st.builds(
    Document,
    doc_id=ids,
    raw=st.text(max_size=200),
    text=st.text(max_size=200),
    dropped=st.lists(dropped_spans, max_size=4).map(tuple),
    title=maybe_text,
    outlet=maybe_text,
    author=maybe_text,
    published=st.none() | st.dates(),
    published_source=st.sampled_from(["meta", "text", "html", "none"]),
    language=st.sampled_from(["en", "de", "ar"]),
    url=maybe_text,
    source_path=texts,
)


def mentions_of(doc_id: str) -> st.SearchStrategy[tuple[Mention, ...]]:
    mention = st.builds(
        Mention,
        doc_id=st.just(doc_id),
        start=offsets,
        end=offsets,
        text=texts,
        kind=st.sampled_from(MentionKind),
        id=ids,
        producer=st.sampled_from(["rules", "model"]),
    )
    return st.lists(mention, max_size=5).map(tuple)


@st.composite
def doc_results(draw: st.DrawFn) -> DocResult:
    doc = draw(documents)
    return DocResult(
        document=doc,
        mentions=draw(mentions_of(doc.doc_id)),
        events=tuple(draw(st.lists(events, max_size=3))),
        control=tuple(draw(st.lists(controls, max_size=3))),
        relations=tuple(draw(st.lists(relations, max_size=3))),
        warnings=tuple(draw(st.lists(texts, max_size=2))),
    )


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "sitrep.db") as s:
        yield s


def make_doc(doc_id: str = "d1", *, source_path: str = "in/d1.txt") -> Document:
    raw = "Photo credit line\nTroops entered the old market town on Monday.\n"
    return Document(
        doc_id=doc_id,
        raw=raw,
        text=raw[18:],
        dropped=(DroppedSpan(start=0, end=18, reason="credit", text=raw[:18]),),
        title="Town entered",
        published=date(2024, 3, 4),
        source_path=source_path,
    )


def make_event(event_id: str, day: date | None, *, actor1: str = "army") -> Event:
    return Event(
        event_id=event_id,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=actor1,
        actor2="rebels",
        place=Place(id="gn:1", name="Town", level=PlaceLevel.SETTLEMENT, lat=1.5, lon=2.5),
        time=TimeSpan.exact(day) if day else None,
        sources=(SourceRef(doc_id="d1", start=0, end=6, quote="Troops"),),
    )


def count_rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# --------------------------------------------------------------------------- round trips


@settings(max_examples=60, deadline=None)
@given(doc=documents)
def test_document_round_trip(doc: Document) -> None:
    with Store(":memory:") as s:
        s.save_result(DocResult(document=doc), content_hash="h")
        assert s.document(doc.doc_id) == doc
        assert s.documents() == [doc]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mention_round_trip(data: st.DataObject) -> None:
    doc = data.draw(documents)
    mentions = data.draw(mentions_of(doc.doc_id))
    with Store(":memory:") as s:
        s.save_result(DocResult(document=doc, mentions=mentions), content_hash="h")
        assert tuple(s.mentions(doc.doc_id)) == mentions
        assert tuple(s.mentions()) == mentions


@settings(max_examples=80, deadline=None)
@given(event=events)
def test_event_round_trip(event: Event) -> None:
    with Store(":memory:") as s:
        s.replace_fused(events=[event], control=[], relations=[])
        assert s.events() == [event]
        assert s.event(event.event_id) == event


@given(event=events.filter(lambda e: e.place is None and e.time is None))
@settings(max_examples=10, deadline=None)
def test_event_without_place_or_time_round_trips(event: Event) -> None:
    with Store(":memory:") as s:
        s.replace_fused(events=[event], control=[], relations=[])
        assert s.events() == [event]


@settings(max_examples=60, deadline=None)
@given(change=controls)
def test_control_round_trip(change: ControlChange) -> None:
    with Store(":memory:") as s:
        s.replace_fused(events=[], control=[change], relations=[])
        assert s.control_changes() == [change]


@settings(max_examples=60, deadline=None)
@given(relation=relations)
def test_relation_round_trip(relation: Relation) -> None:
    with Store(":memory:") as s:
        s.replace_fused(events=[], control=[], relations=[relation])
        assert s.relations() == [relation]


@settings(max_examples=40, deadline=None)
@given(results=st.lists(doc_results(), max_size=4, unique_by=lambda r: r.document.doc_id))
def test_doc_results_round_trip(results: list[DocResult]) -> None:
    with Store(":memory:") as s:
        for r in results:
            s.save_result(r, content_hash="h")
        assert list(s.doc_results()) == sorted(results, key=lambda r: r.document.doc_id)
        assert s.events() == []  # per-document output is not fused output


# --------------------------------------------------------------------------- documents


def test_resave_replaces_instead_of_duplicating(store: Store, tmp_path: Path) -> None:
    doc = make_doc()
    mention = Mention(doc_id="d1", start=0, end=6, text="Troops", kind=MentionKind.ACTOR,
                      id="army")
    result = DocResult(document=doc, mentions=(mention,), events=(make_event("e1", None),))
    store.save_result(result, content_hash="h1")
    store.save_result(result, content_hash="h1")
    assert store.mentions() == [mention]
    assert list(store.doc_results()) == [result]
    assert count_rows(tmp_path / "sitrep.db", "sources") == 1

    store.save_result(DocResult(document=doc), content_hash="h2")
    assert store.mentions() == []
    assert list(store.doc_results()) == [DocResult(document=doc)]
    assert count_rows(tmp_path / "sitrep.db", "sources") == 0


def test_has_document_needs_same_id_and_hash(store: Store) -> None:
    store.save_result(DocResult(document=make_doc()), content_hash="abc")
    assert store.has_document("d1", "abc")
    assert not store.has_document("d1", "abd")
    assert not store.has_document("d2", "abc")


def test_missing_document_is_none(store: Store) -> None:
    assert store.document("nope") is None
    assert store.documents() == []
    assert list(store.doc_results()) == []


def test_failed_save_leaves_nothing_behind(store: Store) -> None:
    stray = Mention(doc_id="other", start=0, end=1, text="T", kind=MentionKind.ACTOR, id="x")
    with pytest.raises(StoreError, match="d1"):
        store.save_result(DocResult(document=make_doc(), mentions=(stray,)), content_hash="h")
    assert store.documents() == []
    assert store.mentions() == []


# --------------------------------------------------------------------------- failures


def test_failures_upsert_by_path_and_clear_on_save(store: Store) -> None:
    store.record_failure(Failure(path="in/d1.txt", reason="empty"))
    store.record_failure(Failure(path="in/d1.txt", reason="not UTF-8", doc_id="d1"))
    store.record_failure(Failure(path="in/z.txt", reason="empty"))
    assert store.failures() == [
        Failure(path="in/d1.txt", reason="not UTF-8", doc_id="d1"),
        Failure(path="in/z.txt", reason="empty"),
    ]
    store.save_result(DocResult(document=make_doc()), content_hash="h")
    assert store.failures() == [Failure(path="in/z.txt", reason="empty")]


# --------------------------------------------------------------------------- fused output


def test_replace_fused_is_wholesale(store: Store, tmp_path: Path) -> None:
    rel = Relation(subject="a", relation=RelationType.SUPPORTS, object="b",
                   sources=(SourceRef(doc_id="d1", start=0, end=6, quote="Troops"),))
    store.replace_fused(events=[make_event("e1", date(2024, 3, 4))], control=[],
                        relations=[rel])
    store.replace_fused(events=[make_event("e2", date(2024, 3, 5))], control=[], relations=[])
    assert [e.event_id for e in store.events()] == ["e2"]
    assert store.event("e1") is None
    assert store.relations() == []
    assert count_rows(tmp_path / "sitrep.db", "sources") == 1


def test_events_ordered_by_date_then_id_undated_last(store: Store) -> None:
    store.replace_fused(
        events=[
            make_event("b", None),
            make_event("z", date(2024, 3, 1)),
            make_event("c", date(2024, 3, 5)),
            make_event("a", date(2024, 3, 5)),
        ],
        control=[],
        relations=[],
    )
    assert [e.event_id for e in store.events()] == ["z", "a", "c", "b"]


def test_duplicate_fused_event_ids_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="fused"):
        store.replace_fused(
            events=[make_event("e1", None), make_event("e1", None, actor1="police")],
            control=[],
            relations=[],
        )
    assert store.events() == []


def test_fused_and_per_document_output_stay_apart(store: Store) -> None:
    per_doc = make_event("e1", date(2024, 3, 4), actor1="per-doc")
    fused = make_event("e1", date(2024, 3, 4), actor1="fused")
    store.save_result(DocResult(document=make_doc(), events=(per_doc,)), content_hash="h")
    store.replace_fused(events=[fused], control=[], relations=[])
    assert store.events() == [fused]
    assert next(store.doc_results()).events == (per_doc,)
    store.save_result(DocResult(document=make_doc()), content_hash="h2")
    assert store.events() == [fused]


def test_extracted_is_every_documents_unfused_output(store: Store) -> None:
    one = make_event("e1", date(2024, 3, 4), actor1="a")
    two = make_event("e2", None, actor1="b")
    fused = make_event("e9", date(2024, 3, 4), actor1="fused")
    store.save_result(DocResult(document=make_doc("d2", source_path="p2"), events=(two,)),
                      content_hash="h")
    store.save_result(DocResult(document=make_doc("d1"), events=(one,)), content_hash="h")
    store.replace_fused(events=[fused], control=[], relations=[])
    events, control, relations = store.extracted()
    assert events == [one, two]  # by document id, not by save order; fused rows left out
    assert (control, relations) == ([], [])
    assert store.document_count() == 2


def test_batch_commits_once_and_an_interrupted_batch_leaves_nothing(
    store: Store, tmp_path: Path
) -> None:
    with store.batch():
        store.save_result(DocResult(document=make_doc("d1")), content_hash="h")
        store.save_result(DocResult(document=make_doc("d2", source_path="p2")), content_hash="h")
        assert count_rows(tmp_path / "sitrep.db", "documents") == 0  # not committed yet
    assert store.document_count() == 2
    with pytest.raises(KeyboardInterrupt), store.batch():
        store.save_result(DocResult(document=make_doc("d3", source_path="p3")), content_hash="h")
        raise KeyboardInterrupt
    assert store.document_count() == 2
    assert not store.has_document("d3", "h")
    store.save_result(DocResult(document=make_doc("d3", source_path="p3")), content_hash="h")
    assert store.document_count() == 3  # the store is usable after the rollback


def test_fused_events_are_listed_in_index_order_without_a_sort(store: Store) -> None:
    events = [make_event(f"e{i:04d}", date(2024, 12, 1 + i % 9)) for i in range(300)]
    store.replace_fused(events=events, control=[], relations=[])
    plan = " ".join(
        str(row[3]) for row in store._db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM events WHERE origin IS NULL " + EVENT_ORDER
            + " LIMIT 100"
        )
    )
    assert "events_fused_order" in plan and "TEMP B-TREE" not in plan
    assert [e.event_id for e in store.events()] == sorted(
        (e.event_id for e in events), key=lambda i: (events[int(i[1:])].time.day, i)  # type: ignore[union-attr]
    )


# --------------------------------------------------------------------------- meta, file


def test_meta(store: Store) -> None:
    assert store.get_meta("theater") is None
    store.set_meta("theater", "alpha")
    store.set_meta("theater", "beta")
    assert store.get_meta("theater") == "beta"


def test_file_is_wal_migrated_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "sitrep.db"
    with Store(path) as s:
        assert s.schema_version == latest_version() >= 2
        s.set_meta("theater", "alpha")
        s.save_result(DocResult(document=make_doc()), content_hash="h")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"events_when_where", "events_actor1"} <= indexes
    with Store(path) as s:
        assert s.get_meta("theater") == "alpha"
        assert s.documents() == [make_doc()]
        assert s.schema_version == latest_version()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sitrep.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (latest_version() + 5,))
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_random_bytes_are_refused_with_the_path(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(StoreError, match=re.escape(str(path))) as info:
        Store(path)
    assert isinstance(info.value.__cause__, sqlite3.DatabaseError)


def test_folder_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=re.escape(str(tmp_path))):
        Store(tmp_path)


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    s = Store(tmp_path / "sitrep.db")
    s.close()
    with pytest.raises(StoreError):
        s.documents()
