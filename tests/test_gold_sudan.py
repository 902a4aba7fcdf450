"""Accuracy gate on the Sudan gold corpus (tests/gold/sudan): the second theater, end to end.

The pipeline runs on the ten Sudan reports with the ``sudan`` pack, exports the exchange
format, and the shared scorer compares it with the hand gold built by tests/gold/goldkit.py.
Floors are the figures measured when the corpus was written, rounded down; they only move up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from scoring import check, run_and_export, score

pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests" / "gold" / "sudan"
FLOORS = {
    "score": 0.88,
    "events.strict.f1": 0.675,
    "control.f1": 0.99,
    "relations.f1": 0.82,
    "mentions.place.f1": 0.95,
    "mentions.actor.f1": 0.965,
}


def _figures(tmp: Path) -> dict[str, float]:
    articles = CORPUS / "articles"
    out = run_and_export(tmp, inputs=articles, meta=CORPUS / "meta.json", theater="sudan")
    return score(tmp, gold=CORPUS / "gold", pred=out, raw=articles)


def test_sudan_gold_is_built() -> None:
    names = ("documents", "events", "control", "relations", "mentions")
    counts = {n: len((CORPUS / "gold" / f"{n}.jsonl").read_text().splitlines()) for n in names}
    articles = sorted(p.stem for p in (CORPUS / "articles").glob("*.txt"))
    assert len(articles) == 10
    assert counts["documents"] == len(articles)
    assert counts["events"] >= 20 and counts["control"] >= 5 and counts["mentions"] >= 250


def test_sudan_gold_gate(tmp_path: Path) -> None:
    check(_figures(tmp_path), FLOORS)
