"""Accuracy gates: the shared scorer on the dev gold and on the example reports' own gold.

Floors only move up. The dev gate needs ``../shared`` (skipped on a user's machine without
it, a failure under ``CI=true``); the examples gate uses only files in this repository, with
the scorer from ``../shared``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_dir

pytestmark = pytest.mark.slow

DEV_FLOORS = {
    "score": 0.0,
    "events.strict.f1": 0.0,
    "control.f1": 0.0,
    "relations.f1": 0.0,
    "mentions.place.f1": 0.0,
    "mentions.actor.f1": 0.0,
}
EXAMPLE_FLOORS = {
    "score": 0.0,
    "events.strict.f1": 0.0,
    "control.f1": 0.0,
    "relations.f1": 0.0,
    "mentions.place.f1": 0.0,
    "mentions.actor.f1": 0.0,
}


def _score(tmp: Path, *, inputs: Path, meta: Path, gold: Path) -> dict[str, float]:
    from sitrep.export import export_exchange
    from sitrep.pipeline import run_pipeline
    from sitrep.settings import Settings
    from sitrep.store import Store

    db = tmp / "s.db"
    stats = run_pipeline([inputs], db=db, meta_path=meta, settings=Settings(theater="syria"))
    assert stats.failed == 0, stats.failures
    out = tmp / "x"
    with Store(db) as store:
        export_exchange(store, out)
    metrics = tmp / "m.json"
    scorer = shared_dir() / "eval" / "score.py"
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(out), "--raw", str(inputs),
         "--json", str(metrics)],
        capture_output=True, text=True, check=False,
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


def _check(figures: dict[str, float], floors: dict[str, float]) -> None:
    low = {k: (round(figures[k], 3), v) for k, v in floors.items() if figures[k] < v}
    assert not low, f"below floor (figure, floor): {low}"


def test_dev_gold_gate(tmp_path: Path) -> None:
    shared = shared_dir()
    figures = _score(
        tmp_path, inputs=shared / "seeds", meta=shared / "seeds" / "meta.json",
        gold=shared / "gold" / "dev",
    )
    _check(figures, DEV_FLOORS)


def test_examples_gold_gate(tmp_path: Path) -> None:
    gold = ROOT / "tests" / "gold" / "examples"
    if not (gold / "events.jsonl").exists():
        pytest.fail("tests/gold/examples is missing: the example reports must ship with gold")
    figures = _score(
        tmp_path, inputs=ROOT / "examples" / "articles", meta=ROOT / "examples" / "meta.json",
        gold=gold,
    )
    _check(figures, EXAMPLE_FLOORS)
