"""run_pipeline end to end on a tmp folder: store contents, re-runs, resumes, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.models import Failure
from sitrep.pipeline import run_pipeline
from sitrep.settings import Settings
from sitrep.store import Store

ARTICLES = {
    "one": "Fighters of Hayat Tahrir al-Sham captured Hama on Thursday after a long push.\n",
    "two": "Russian airstrikes hit Idlib on Wednesday, killing at least 12 people.\n",
    "three": "Thousands fled Homs on Thursday as the fighting neared the city.\n",
}
SETTINGS = Settings(theater="syria", workers=1)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    meta = {name: {"published": "2024-12-06", "outlet": "Example Wire"} for name in ARTICLES}
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def _run(inputs: list[Path], db: Path, meta: Path):  # type: ignore[no-untyped-def]
    return run_pipeline(inputs, db=db, settings=SETTINGS, meta_path=meta)


def test_run_stores_documents_and_facts(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    stats = _run([corpus], db, tmp_path / "meta.json")
    assert (stats.read, stats.processed, stats.unchanged, stats.failed) == (3, 3, 0, 0)
    assert stats.events == 3 and stats.control == 1
    with Store(db) as store:
        assert sorted(d.doc_id for d in store.documents()) == ["one", "three", "two"]
        events = store.events()
        assert {e.sub_event_type for e in events} == {
            "Non-state actor overtakes territory",
            "Air/drone strike",
            "Population flight",
        }
        assert [c.place.id for c in store.control_changes()] == ["gn:170017"]
        assert store.get_meta("theater") == "syria"


def test_rerun_adds_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = _run([corpus], db, tmp_path / "meta.json")
    with Store(db) as store:
        before = (store.events(), store.control_changes(), store.relations(), store.documents())
    second = _run([corpus], db, tmp_path / "meta.json")
    assert second.unchanged == 3 and second.processed == 0
    assert (second.events, second.control, second.relations) == (
        first.events,
        first.control,
        first.relations,
    )
    with Store(db) as store:
        after = (store.events(), store.control_changes(), store.relations(), store.documents())
    assert after == before


def test_interrupted_run_resumes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    meta = tmp_path / "meta.json"
    partial = _run([corpus / "one.txt", corpus / "two.txt"], db, meta)
    assert partial.processed == 2
    full = _run([corpus], db, meta)
    assert (full.processed, full.unchanged) == (1, 2)
    assert full.events == 3


def test_changed_document_is_reprocessed(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    meta = tmp_path / "meta.json"
    _run([corpus], db, meta)
    (corpus / "two.txt").write_text("Russian airstrikes hit Idlib on Tuesday.\n", encoding="utf-8")
    again = _run([corpus], db, meta)
    assert (again.processed, again.unchanged) == (1, 2)


def test_bad_file_recorded_others_processed(corpus: Path, tmp_path: Path) -> None:
    bad = corpus / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    db = tmp_path / "s.db"
    seen: list[Failure] = []
    stats = run_pipeline([corpus], db=db, settings=SETTINGS, meta_path=tmp_path / "meta.json",
                         on_failure=seen.append)
    assert (stats.processed, stats.failed) == (3, 1)
    assert [f.path for f in seen] == [str(bad)]
    with Store(db) as store:
        (failure,) = store.failures()
        assert failure.path == str(bad) and "binary" in failure.reason
        assert len(store.documents()) == 3


def _contents(db: Path) -> tuple[object, ...]:
    with Store(db) as store:
        return (
            store.events(),
            store.control_changes(),
            store.relations(),
            store.documents(),
            store.mentions(),
            store.failures(),
        )


def test_worker_processes_store_what_one_process_stores(corpus: Path, tmp_path: Path) -> None:
    for i in range(9):  # more documents than one batch, so that both workers save some
        (corpus / f"extra{i}.txt").write_text(
            f"Government forces shelled Idlib on Tuesday, killing {i + 2} people.\n",
            encoding="utf-8",
        )
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    meta = tmp_path / "meta.json"
    serial = Settings(theater="syria", workers=1, batch_size=4)
    parallel = Settings(theater="syria", workers=2, batch_size=4, parallel_threshold=1)
    one = run_pipeline([corpus], db=tmp_path / "one.db", settings=serial, meta_path=meta)
    two = run_pipeline([corpus], db=tmp_path / "two.db", settings=parallel, meta_path=meta)
    assert (two.processed, two.failed) == (one.processed, one.failed) == (12, 1)
    assert (two.events, two.control, two.relations) == (one.events, one.control, one.relations)
    assert _contents(tmp_path / "two.db") == _contents(tmp_path / "one.db")
    again = run_pipeline([corpus], db=tmp_path / "two.db", settings=parallel, meta_path=meta)
    assert (again.processed, again.unchanged) == (0, 12)
