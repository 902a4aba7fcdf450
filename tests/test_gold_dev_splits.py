"""Accuracy gates on the former held-out splits, now development splits.

tests/gold/heldout2 to heldout24 and heldout26 hold 15 Syria reports each, written by
someone who had not read sitrep's code; heldout2-5, heldout7, heldout9, heldout11, heldout13,
heldout15, heldout17, heldout19, heldout21 and heldout23 were each held out for one session,
scored once at its end, and tuned on since; heldout6, heldout8, heldout10, heldout12, heldout14,
heldout16, heldout18, heldout20, heldout22, heldout24 and heldout26 were written as development
text from the start. Floors are the latest figures, rounded down; they only move up (the
exceptions are explained beside their split). heldout25 is held out for one session and is
not gated here; the next held-out split is written before the next score.
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
        "score": 0.82,
        "events.strict.f1": 0.74,
        "control.f1": 0.875,
        "relations.f1": 0.71,
        "mentions.place.f1": 0.92,
        "mentions.actor.f1": 0.865,
    },
    "heldout3": {
        "score": 0.85,
        "events.strict.f1": 0.805,
        "control.f1": 1,
        "relations.f1": 0.635,
        "mentions.place.f1": 0.94,
        "mentions.actor.f1": 0.885,
    },
    # heldout4's control floor came down from 0.835 to 0.81 when "took over the military
    # airport" after naming Deir ez-Zor became that town's airport: this author codes no line
    # for it (heldout13's does). Its place floor came down from 0.865 to 0.86: "Hamdaniya" and
    # "Malki district" now name their cities, as events there are coded by most authors, and
    # this one codes the districts
    "heldout4": {
        "score": 0.795,
        "events.strict.f1": 0.64,
        "control.f1": 0.81,
        "relations.f1": 0.78,
        "mentions.place.f1": 0.87,
        "mentions.actor.f1": 0.875,
    },
    # heldout5's relations floor came down from 0.62 to 0.615: Palmyra's capture by the
    # "US-backed" rebels is now the Syrian Free Army's, which adds its enmity with the
    # government, a triple this author did not list
    # heldout5's events floor came down from 0.605 to 0.60 when a taking and a hand-over of one place
    # on one day became one event: a duplicate at Damascus had matched this author's second
    # taking (of the airport, the city accepted too)
    "heldout5": {
        "score": 0.785,
        "events.strict.f1": 0.66,
        "control.f1": 0.835,
        "relations.f1": 0.645,
        "mentions.place.f1": 0.895,
        "mentions.actor.f1": 0.885,
    },
    "heldout6": {
        "score": 0.82,
        "events.strict.f1": 0.695,
        "control.f1": 0.815,
        "relations.f1": 0.755,
        "mentions.place.f1": 0.935,
        "mentions.actor.f1": 0.895,
    },
    "heldout7": {
        "score": 0.785,
        "events.strict.f1": 0.665,
        "control.f1": 0.885,
        "relations.f1": 0.61,
        "mentions.place.f1": 0.89,
        "mentions.actor.f1": 0.875,
    },
    # heldout8's score floor came down from 0.75 to 0.745 and its events floor from 0.67 to
    # 0.665 for the same merge: a duplicate taking had matched the author's second event at
    # Aleppo province
    "heldout8": {
        "score": 0.785,
        "events.strict.f1": 0.77,
        "control.f1": 0.82,
        "relations.f1": 0.595,
        "mentions.place.f1": 0.855,
        "mentions.actor.f1": 0.875,
    },
    # heldout9's events floor came down from 0.595 to 0.585: "Syrian and Russian warplanes"
    # strike as the first named (as "HTS and the SNA" act as HTS); this author codes Russia
    "heldout9": {
        "score": 0.795,
        "events.strict.f1": 0.675,
        "control.f1": 0.775,
        "relations.f1": 0.73,
        "mentions.place.f1": 0.915,
        "mentions.actor.f1": 0.88,
    },
    # heldout10's relations floor came down from 0.76 to 0.75 when the pack learned Kioumars
    # Pourhashemi: 'Iranian adviser Pourhashemi' now gives his membership of Iran, which this
    # author did not list
    "heldout10": {
        "score": 0.83,
        "events.strict.f1": 0.72,
        "control.f1": 0.86,
        "relations.f1": 0.75,
        "mentions.place.f1": 0.91,
        "mentions.actor.f1": 0.905,
    },
    # heldout11's place floor came down from 0.82 to 0.815: the villages of the first days
    # (Anjara, Kafr Basin, Urum al-Sughra) are now in the pack and found, and this author left
    # their names unannotated
    # heldout11's relations came down from 0.72 to 0.71 when Iranian and Syrian state media's
    # "Zionist entity" became Israel: a SANA line setting it beside "the terrorists and their
    # backers" now reads as Israel opposing HTS, which its gold does not code
    "heldout11": {
        "score": 0.785,
        "events.strict.f1": 0.675,
        "control.f1": 0.82,
        "relations.f1": 0.74,
        "mentions.place.f1": 0.825,
        "mentions.actor.f1": 0.865,
    },
    # heldout12's events floor came down from 0.595 to 0.585 when "near the Israeli-occupied
    # Golan Heights" stopped handing Quneitra province to Israel: that wrong taker's event had
    # matched an Israeli event of the gold by luck; control rose (0.733 to 0.767)
    "heldout12": {
        "score": 0.77,
        "events.strict.f1": 0.66,
        "control.f1": 0.81,
        "relations.f1": 0.58,
        "mentions.place.f1": 0.91,
        "mentions.actor.f1": 0.885,
    },
    # heldout13's events floor came down from 0.68 to 0.675 for the same merge (a duplicate
    # Aleppo taking had matched the academies' capture, the city accepted too)
    "heldout13": {
        "score": 0.82,
        "events.strict.f1": 0.725,
        "control.f1": 0.845,
        "relations.f1": 0.725,
        "mentions.place.f1": 0.91,
        "mentions.actor.f1": 0.895,
    },
    # heldout14's relations floor came down from 0.69 to 0.68: the Druze groups' takeover of
    # Suwayda now found adds their enmity with the government, which this author did not list
    # heldout14's control floor came down from 0.765 to 0.75 when "Nairab international airport"
    # became Aleppo's airport (a pack alias): that sentence had been read as the city and had
    # matched the gold's Aleppo line; the airport now matches the airport's line instead
    # heldout14's events floor came down from 0.71 to 0.705 when Ashrafiyeh became a district of the
    # pack: the SDF's deployment 'in Sheikh Maqsoud and Ashrafiyeh' now lists the district
    # heldout14's relations floor came down from 0.69 to 0.68: 'Iranian media reported' is a source,
    # not the side a storming acted on; the HTS-Iran enmity its author coded had been read from it
    "heldout14": {
        "score": 0.775,
        "events.strict.f1": 0.705,
        "control.f1": 0.785,
        "relations.f1": 0.68,
        "mentions.place.f1": 0.85,
        "mentions.actor.f1": 0.855,
    },
    "heldout16": {
        "score": 0.805,
        # 0.78 -> 0.775: SANA's "the ministry denied reports ... that militants had entered
        # Aleppo" is no event now (the split's gold codes none from it); the entry it gave had
        # matched a gold event of another report by luck
        "events.strict.f1": 0.78,
        "control.f1": 0.93,
        "relations.f1": 0.595,
        "mentions.place.f1": 0.83,
        "mentions.actor.f1": 0.905,
    },
    # heldout15 was held out last session (fresh 0.731) and is tuned on since; its author's
    # slugs for five sites the pack names were renamed to the pack's ids (its README)
    "heldout15": {
        "score": 0.83,
        "events.strict.f1": 0.75,
        "control.f1": 0.905,
        "relations.f1": 0.715,
        "mentions.place.f1": 0.89,
        "mentions.actor.f1": 0.89,
    },
    # heldout18 was written this session as development text (first run 0.718; 0.726 with
    # the code the session started with)
    "heldout18": {
        "score": 0.79,
        "events.strict.f1": 0.7,
        "control.f1": 0.805,
        "relations.f1": 0.725,
        "mentions.place.f1": 0.86,
        "mentions.actor.f1": 0.855,
    },
    # heldout17 was held out last session (fresh 0.737) and is tuned on since
    "heldout17": {
        "score": 0.82,
        "events.strict.f1": 0.735,
        "control.f1": 0.92,
        "relations.f1": 0.645,
        "mentions.place.f1": 0.905,
        "mentions.actor.f1": 0.89,
    },
    # heldout20 was written this session as development text (first run 0.738; 0.737 with
    # the code the session started with)
    "heldout20": {
        "score": 0.8,
        "events.strict.f1": 0.69,
        "control.f1": 0.85,
        "relations.f1": 0.725,
        "mentions.place.f1": 0.865,
        "mentions.actor.f1": 0.875,
    },
    # heldout19 was held out last session (fresh 0.785) and is tuned on since
    # heldout19's relations floor came down from 0.745 to 0.74: 'SDF media centre head Farhad Shami' now
    # names a person of the pack, and 'head' reads as leading the SDF, where its author coded membership
    # heldout19's place floor came down from 0.9 to 0.895 when Mezzeh became a district of the pack:
    # 'air bases, including Mezzeh' is the air base to this author, the district to sitrep
    "heldout19": {
        "score": 0.815,
        "events.strict.f1": 0.72,
        "control.f1": 0.84,
        "relations.f1": 0.74,
        "mentions.place.f1": 0.895,
        "mentions.actor.f1": 0.89,
    },
    # heldout22 was written this session as development text (first run 0.720, the same with
    # the code the session started with)
    "heldout22": {
        "score": 0.795,
        "events.strict.f1": 0.735,
        "control.f1": 0.825,
        "relations.f1": 0.715,
        "mentions.place.f1": 0.835,
        "mentions.actor.f1": 0.87,
    },
    # heldout21 was held out last session (fresh 0.701) and is tuned on since
    # heldout21's control floor came down from 0.915 to 0.895 when a withdrawal's list ran past
    # 'Deir Ezzor city': Al-Mayadeen is now handed to the SDF on 6 December, which this author does
    # not code (heldout23's does)
    "heldout21": {
        "score": 0.805,
        "events.strict.f1": 0.705,
        "control.f1": 0.895,
        "relations.f1": 0.65,
        "mentions.place.f1": 0.885,
        "mentions.actor.f1": 0.885,
    },
    # heldout24 was written this session as development text (first run 0.769, the same with
    # the code the session started with)
    # heldout24's relations floor came down from 0.785 to 0.78 when the pack learned Mazen al-Faraya:
    # his membership of Jordan's government is now found, and this author did not list it
    "heldout24": {
        "score": 0.81,
        "events.strict.f1": 0.695,
        "control.f1": 0.83,
        "relations.f1": 0.78,
        "mentions.place.f1": 0.865,
        "mentions.actor.f1": 0.87,
    },
    # heldout23 was held out last session (fresh 0.756) and is tuned on since
    "heldout23": {
        "score": 0.805,
        "events.strict.f1": 0.745,
        "control.f1": 0.895,
        "relations.f1": 0.63,
        "mentions.place.f1": 0.855,
        "mentions.actor.f1": 0.905,
    },
    # heldout26 was written this session as development text (first run 0.769; 0.766 with
    # the code the session started with)
    "heldout26": {
        "score": 0.84,
        "events.strict.f1": 0.81,
        "control.f1": 0.91,
        "relations.f1": 0.74,
        "mentions.place.f1": 0.865,
        "mentions.actor.f1": 0.88,
    },
}



@pytest.mark.parametrize("split", sorted(FLOORS))
def test_development_split_gold_gate(tmp_path: Path, split: str) -> None:
    corpus = ROOT / "tests" / "gold" / split
    articles = corpus / "articles"
    out = run_and_export(tmp_path, inputs=articles, meta=corpus / "meta.json", theater="syria")
    check(score(tmp_path, gold=corpus / "gold", pred=out, raw=articles), FLOORS[split])
