"""Accuracy gates on the former held-out splits, now development splits.

tests/gold/heldout2 to heldout12 and heldout14 hold 15 Syria reports each, written by someone
who had not read sitrep's code; heldout2-5, heldout7, heldout9 and heldout11 were each held
out for one session, scored once at its end, and tuned on since; heldout6, heldout8,
heldout10, heldout12 and heldout14 were written as development text from the start. Floors
are the latest figures, rounded down; they only move up (heldout2's two exceptions are
explained below). heldout13 is held out for one session and is not gated here; the next
held-out split (heldout15) is written before the next score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from scoring import check, run_and_export, score

pytestmark = pytest.mark.slow

FLOORS = {
    # heldout2's author coded no membership from titles ("Defence Minister Israel Katz"); the
    # dev gold and the other splits do, so its relations floor came down from 0.72 to 0.70.
    # Its events floor came down from 0.67 to 0.665 when entering a town its holder had left
    # became a change of hands: a clash at Tell Rifaat that had matched the SNA's opening
    # attack is now the town's takeover, which the report also codes once elsewhere
    "heldout2": {
        "score": 0.8,
        "events.strict.f1": 0.665,
        "control.f1": 0.85,
        "relations.f1": 0.7,
        "mentions.place.f1": 0.92,
        "mentions.actor.f1": 0.86,
    },
    "heldout3": {
        "score": 0.84,
        "events.strict.f1": 0.765,
        "control.f1": 1,
        "relations.f1": 0.635,
        "mentions.place.f1": 0.935,
        "mentions.actor.f1": 0.875,
    },
    "heldout4": {
        "score": 0.785,
        "events.strict.f1": 0.59,
        "control.f1": 0.835,
        "relations.f1": 0.765,
        "mentions.place.f1": 0.865,
        "mentions.actor.f1": 0.865,
    },
    "heldout5": {
        "score": 0.695,
        "events.strict.f1": 0.5,
        "control.f1": 0.64,
        "relations.f1": 0.62,
        "mentions.place.f1": 0.86,
        "mentions.actor.f1": 0.87,
    },
    "heldout6": {
        "score": 0.77,
        "events.strict.f1": 0.595,
        "control.f1": 0.76,
        "relations.f1": 0.735,
        "mentions.place.f1": 0.89,
        "mentions.actor.f1": 0.87,
    },
    "heldout7": {
        "score": 0.74,
        "events.strict.f1": 0.565,
        "control.f1": 0.845,
        "relations.f1": 0.575,
        "mentions.place.f1": 0.855,
        "mentions.actor.f1": 0.86,
    },
    "heldout8": {
        "score": 0.72,
        "events.strict.f1": 0.615,
        "control.f1": 0.735,
        "relations.f1": 0.575,
        "mentions.place.f1": 0.825,
        "mentions.actor.f1": 0.86,
    },
    "heldout9": {
        "score": 0.745,
        "events.strict.f1": 0.595,
        "control.f1": 0.72,
        "relations.f1": 0.665,
        "mentions.place.f1": 0.895,
        "mentions.actor.f1": 0.86,
    },
    "heldout10": {
        "score": 0.755,
        "events.strict.f1": 0.56,
        "control.f1": 0.69,
        "relations.f1": 0.76,
        "mentions.place.f1": 0.885,
        "mentions.actor.f1": 0.89,
    },
    "heldout11": {
        "score": 0.745,
        "events.strict.f1": 0.595,
        "control.f1": 0.745,
        "relations.f1": 0.72,
        "mentions.place.f1": 0.82,
        "mentions.actor.f1": 0.855,
    },
    "heldout12": {
        "score": 0.695,
        "events.strict.f1": 0.51,
        "control.f1": 0.64,
        "relations.f1": 0.56,
        "mentions.place.f1": 0.88,
        "mentions.actor.f1": 0.875,
    },
    "heldout14": {
        "score": 0.745,
        "events.strict.f1": 0.625,
        "control.f1": 0.725,
        "relations.f1": 0.69,
        "mentions.place.f1": 0.835,
        "mentions.actor.f1": 0.85,
    },
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_development_split_gold_gate(tmp_path: Path, split: str) -> None:
    corpus = ROOT / "tests" / "gold" / split
    articles = corpus / "articles"
    out = run_and_export(tmp_path, inputs=articles, meta=corpus / "meta.json", theater="syria")
    check(score(tmp_path, gold=corpus / "gold", pred=out, raw=articles), FLOORS[split])
