"""Accuracy gate on the Syria development gold corpus (tests/gold/syria, 25 reports).

The corpus is hand gold written for sitrep (annotations/*.toml), built into gold/*.jsonl by
tests/gold/goldkit.py. Floors are the figures measured when the corpus was added, rounded
down; they only move up (one exception, explained at FLOORS). The scorer comes from ``../shared`` through tests/scoring.py, which
works around its event-matching bug (skipped without ``../shared``, a failure under
``CI=true``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT
from scoring import check, run_and_export, score

pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests" / "gold" / "syria"
# Lowered once, by the pack's villages and districts of the first days (Khan al-Asal,
# Hamdaniya, the presidential palace, Barzeh), which this corpus predates: it codes the taking
# of Khan al-Asal at the province and has no mention for the other names, so the figures moved
# from 0.864 / 0.677 / 0.892 / 0.945 (score, events, control, places) to 0.858 / 0.670 / 0.879
# / 0.939; the navy strike at Minet el-Beida now a missile attack took one more event match.
FLOORS = {
    "score": 0.87,
    "events.strict.f1": 0.73,
    "control.f1": 0.89,
    "relations.f1": 0.855,
    "mentions.place.f1": 0.935,
    "mentions.actor.f1": 0.94,
}


def _goldkit() -> ModuleType:
    path = ROOT / "tests" / "gold" / "goldkit.py"
    spec = importlib.util.spec_from_file_location("goldkit", path)
    assert spec is not None and spec.loader is not None, f"{path} cannot be loaded"
    module = importlib.util.module_from_spec(spec)
    sys.modules["goldkit"] = module
    spec.loader.exec_module(module)
    return module


def test_syria_gold_builds_and_is_current() -> None:
    kit = _goldkit()
    result = kit.run(CORPUS, write=False)
    assert not result.problems, result.problems[:10]
    for part, rows in result.rows.items():
        path = CORPUS / "gold" / f"{part}.jsonl"
        written = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert written == json.loads(json.dumps(rows)), (
            f"{path} is stale: run .venv/bin/python tests/gold/goldkit.py tests/gold/syria")


def test_syria_gold_gate(tmp_path: Path) -> None:
    articles = CORPUS / "articles"
    out = run_and_export(tmp_path, inputs=articles, meta=CORPUS / "meta.json", theater="syria")
    check(score(tmp_path, gold=CORPUS / "gold", pred=out, raw=articles), FLOORS)
