"""Accuracy gates on the former held-out splits, now development splits.

tests/gold/heldout2 to heldout6 and heldout8 hold 15 Syria reports each, written by someone
who had not read sitrep's code; heldout2-5 were each held out for one session, scored once at
its end, and tuned on since; heldout6 and heldout8 were written as development text from the
start. Floors are the latest figures, rounded down; they only move up (heldout2's relations
floor is the one exception, see below). heldout7 was held out for one session and is not gated
here yet; the next held-out split (heldout9) is written before the next score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from scoring import check, run_and_export, score

pytestmark = pytest.mark.slow

FLOORS = {
    # heldout2's author coded no membership from titles ("Defence Minister Israel Katz"); the
    # dev gold and the other splits do, so its relations floor came down from 0.72 to 0.70
    "heldout2": {
        "score": 0.8,
        "events.strict.f1": 0.67,
        "control.f1": 0.85,
        "relations.f1": 0.7,
        "mentions.place.f1": 0.915,
        "mentions.actor.f1": 0.86,
    },
    "heldout3": {
        "score": 0.84,
        "events.strict.f1": 0.76,
        "control.f1": 0.99,
        "relations.f1": 0.635,
        "mentions.place.f1": 0.93,
        "mentions.actor.f1": 0.875,
    },
    "heldout4": {
        "score": 0.77,
        "events.strict.f1": 0.565,
        "control.f1": 0.81,
        "relations.f1": 0.75,
        "mentions.place.f1": 0.865,
        "mentions.actor.f1": 0.865,
    },
    "heldout5": {
        "score": 0.665,
        "events.strict.f1": 0.48,
        "control.f1": 0.54,
        "relations.f1": 0.61,
        "mentions.place.f1": 0.825,
        "mentions.actor.f1": 0.855,
    },
    "heldout6": {
        "score": 0.76,
        "events.strict.f1": 0.58,
        "control.f1": 0.75,
        "relations.f1": 0.735,
        "mentions.place.f1": 0.87,
        "mentions.actor.f1": 0.86,
    },
    "heldout8": {
        "score": 0.67,
        "events.strict.f1": 0.56,
        "control.f1": 0.55,
        "relations.f1": 0.57,
        "mentions.place.f1": 0.82,
        "mentions.actor.f1": 0.85,
    },
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_development_split_gold_gate(tmp_path: Path, split: str) -> None:
    corpus = ROOT / "tests" / "gold" / split
    articles = corpus / "articles"
    out = run_and_export(tmp_path, inputs=articles, meta=corpus / "meta.json", theater="syria")
    check(score(tmp_path, gold=corpus / "gold", pred=out, raw=articles), FLOORS[split])
