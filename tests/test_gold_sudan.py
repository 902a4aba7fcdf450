"""Accuracy gate on the Sudan gold corpus (tests/gold/sudan): the second theater, end to end.

The pipeline runs on the ten Sudan reports with the ``sudan`` pack, exports the exchange
format, and the shared scorer compares it with the hand gold built by tests/gold/goldkit.py.
Floors are the figures measured when the corpus was written, rounded down; they only move up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_dir

pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests" / "gold" / "sudan"
FLOORS = {
    "score": 0.63,
    "events.strict.f1": 0.30,
    "control.f1": 0.76,
    "relations.f1": 0.22,
    "mentions.place.f1": 0.92,
    "mentions.actor.f1": 0.95,
}


def _figures(tmp: Path) -> dict[str, float]:
    from sitrep.export import export_exchange
    from sitrep.pipeline import run_pipeline
    from sitrep.settings import Settings
    from sitrep.store import Store

    db = tmp / "s.db"
    stats = run_pipeline(
        [CORPUS / "articles"], db=db, meta_path=CORPUS / "meta.json",
        settings=Settings(theater="sudan"),
    )
    assert stats.failed == 0, stats.failures
    assert stats.processed == 10
    out = tmp / "x"
    with Store(db) as store:
        assert store.get_meta("theater") == "sudan"
        export_exchange(store, out)
    metrics = tmp / "m.json"
    proc = subprocess.run(
        [sys.executable, str(shared_dir() / "eval" / "score.py"), "--gold", str(CORPUS / "gold"),
         "--pred", str(out), "--raw", str(CORPUS / "articles"), "--json", str(metrics)],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert metrics.exists(), proc.stdout + proc.stderr
    data = json.loads(metrics.read_text())
    return {
        "score": data["score"],
        "events.strict.f1": data["events"]["strict"]["f1"],
        "control.f1": data["control"]["f1"],
        "relations.f1": data["relations"]["f1"],
        "mentions.place.f1": data["mentions"]["place"]["f1"],
        "mentions.actor.f1": data["mentions"]["actor"]["f1"],
    }


def test_sudan_gold_is_built() -> None:
    names = ("documents", "events", "control", "relations", "mentions")
    counts = {n: len((CORPUS / "gold" / f"{n}.jsonl").read_text().splitlines()) for n in names}
    articles = sorted(p.stem for p in (CORPUS / "articles").glob("*.txt"))
    assert len(articles) == 10
    assert counts["documents"] == len(articles)
    assert counts["events"] >= 20 and counts["control"] >= 5 and counts["mentions"] >= 250


def test_sudan_gold_gate(tmp_path: Path) -> None:
    figures = _figures(tmp_path)
    low = {k: (round(figures[k], 3), v) for k, v in FLOORS.items() if round(figures[k], 3) < v}
    assert not low, f"below floor (figure, floor): {low}"
