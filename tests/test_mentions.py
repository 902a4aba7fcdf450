"""Mention finder: conventions on sentences written for these tests, offsets, dev gate."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.geo import Gazetteer
from sitrep.nlp import MentionFinder
from sitrep.theater import load_theater

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MentionFinder]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SITREP_CACHE", str(tmp_path_factory.mktemp("cache")))
    theater = load_theater("syria")
    yield MentionFinder(theater, Gazetteer.build(theater))
    mp.undo()


def found(finder: MentionFinder, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.id) for m in finder.find("t", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighters of HTS entered Homs Province on Friday.",
         [("HTS", "hts"), ("Homs Province", "adm1:SY-HI")]),
        ("Shelling hit Homs overnight.", [("Homs", "gn:169577")]),
        ("Turkey supports the SNA, and Ankara denies it.",
         [("Turkey", "turkey"), ("SNA", "sna"), ("Ankara", "turkey")]),
        ("The province borders Lebanon, Iraq and Jordan.",
         [("Lebanon", "iso:LB"), ("Iraq", "iso:IQ"), ("Jordan", "iso:JO")]),
        ("Israel warned Tehran while the Kremlin kept quiet.",
         [("Israel", "israel"), ("Tehran", "iran"), ("Kremlin", "russia")]),
        ("Convoys came from Iraq to Damascus.", [("Iraq", "iso:IQ"), ("Damascus", "gn:170654")]),
        ("Russian warplanes and Turkish-funded groups were seen.",
         [("Russian", "russia"), ("Turkish", "turkey")]),
        ("Syrian and Russian jets struck again.", [("Syrian", "syria-gov"), ("Russian", "russia")]),
        ("Israeli media said a notable Russian had left.", []),
        ("The town lies near the Jordanian border.", [("Jordanian", "iso:JO")]),
        ("Assad's regime is weak, but Assad's aid never came.",
         [("Assad's regime", "syria-gov"), ("Assad", "assad")]),
        ("The Assad government denied it; regime forces left.",
         [("Assad government", "syria-gov"), ("regime forces", "syria-gov")]),
        ("The Hezbollah Brigades crossed, unlike Hezbollah.",
         [("Hezbollah Brigades", "iraq-militias"), ("Hezbollah", "hezbollah")]),
        ("Julani and Ahmed al-Sharaa are one man; Daesh is another foe.",
         [("Julani", "jolani"), ("Ahmed al-Sharaa", "jolani"), ("Daesh", "isis")]),
        ("The Israeli army moved near the Golan Heights.",
         [("Israeli", "israel"), ("Golan Heights", "feat:golan-heights")]),
        ("They talked about a proposed new government.", []),
        ("Guards held the coastal provinces of Latakia and Tartus.",
         [("Latakia", "adm1:SY-LA"), ("Tartus", "adm1:SY-TA")]),
        ("Rebels crossed the Rastan bridge on the M5 highway.",
         [("Rebels", "hts"), ("Rastan bridge", "feat:rastan-bridge"),
          ("M5 highway", "feat:m5-highway")]),
        ("Prices are quoted in US$ and the US said nothing.", [("US", "usa")]),
        ("The village of al-Hader fell.", [("al-Hader", "gn:170137")]),
        # a province named after its capital: a bare spelling of it is the city
        ("The SDF took over Deir Ezzor city.", [("SDF", "sdf"), ("Deir Ezzor", "gn:170794")]),
        ("Clashes spread across Deir Ezzor province.",
         [("Deir Ezzor province", "adm1:SY-DY")]),
        # a division noun after a list of names makes them all divisions; after a
        # description of the city ("the largest city of the region") it does not
        ("Aid reached Idlib, Aleppo and the coastal governorates.",
         [("Idlib", "adm1:SY-ID"), ("Aleppo", "adm1:SY-HL")]),
        ("People fled Idlib, Aleppo, Hama and Homs governorates.",
         [("Idlib", "adm1:SY-ID"), ("Aleppo", "adm1:SY-HL"), ("Hama", "adm1:SY-HM"),
          ("Homs", "adm1:SY-HI")]),
        ("The SDF took Deir ez-Zor, the largest city of the region.",
         [("SDF", "sdf"), ("Deir ez-Zor", "gn:170794")]),
        # a generic name set off after a named actor describes that actor
        ("The Syrian Free Army, an opposition faction, said so.",
         [("Syrian Free Army", "syrian-free-army"), ("opposition", "syrian-free-army")]),
        ("A US-backed opposition group entered the city.",
         [("US-backed opposition group", "syrian-free-army")]),
    ],
)
def test_conventions(finder: MentionFinder, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spellings and scripts: one id per town
        ("Rebels took Tell Rifaat, or Tall Rif'at, and Tal Rifat.",
         [("Rebels", "hts"), ("Tell Rifaat", "gn:163476"), ("Tall Rif'at", "gn:163476"),
          ("Tal Rifat", "gn:163476")]),
        ("Maarat al-Numan, also Ma'arrat an-Nu'man, fell.",
         [("Maarat al-Numan", "gn:167611"), ("Ma'arrat an-Nu'man", "gn:167611")]),
        ("Deraa, Daraa and Dar'a are one city; Dayr az-Zawr is another.",
         [("Deraa", "gn:170905"), ("Daraa", "gn:170905"), ("Dar'a", "gn:170905"),
          ("Dayr az-Zawr", "gn:170794")]),
        ("The army left حلب and حمص for دمشق.",
         [("army", "syria-gov"), ("حلب", "gn:170063"), ("حمص", "gn:169577"),
          ("دمشق", "gn:170654")]),
        # words and persons that are also place names
        ("Tell them the Bab gate held. Assad fled.", [("Assad", "assad")]),
        ("The SNA took al-Bab near the Bab al-Hawa crossing.",
         [("SNA", "sna"), ("al-Bab", "gn:174018"),
          ("Bab al-Hawa crossing", "feat:bab-al-hawa-crossing")]),
        ("Yasar Guler said the SNA would stay.", [("SNA", "sna")]),
        ("Hezbollah leader Naim Qassem spoke of Palmyra and its Roman ruins.",
         [("Hezbollah", "hezbollah"), ("Palmyra", "gn:163808")]),
        ("By Rania Mansour, in Hama", [("Hama", "gn:170017")]),
        ("Flights resumed at Kabul Airport.", [("Kabul", "gn:1138958")]),
        # the same name in two countries
        ("Protests spread in Tripoli.", [("Tripoli", "gn:266826")]),
        ("Clashes hit Tripoli, Lebanon, while in Libya, Tripoli was calm.",
         [("Tripoli", "gn:266826"), ("Lebanon", "iso:LB"), ("Libya", "iso:LY"),
          ("Tripoli", "gn:2210247")]),
        ("Libya's Tripoli was calm.", [("Libya", "iso:LY"), ("Tripoli", "gn:2210247")]),
        ("Rebels entered Al Qusayr.", [("Rebels", "hts"), ("Al Qusayr", "gn:173322")]),
        ("Divers like Egypt's Red Sea town of Al Qusayr. Rebels entered Al Qusayr.",
         [("Egypt", "egypt"), ("Al Qusayr", "gn:360531"), ("Rebels", "hts"),
          ("Al Qusayr", "gn:173322")]),
        # agencies and officials the pack names
        ("UNICEF and the ICRC warned, Ayman Safadi said.",
         [("UNICEF", "unicef"), ("ICRC", "icrc"), ("Ayman Safadi", "safadi")]),
        # districts and the Turkish side of a crossing have their own ids
        ("Shells hit Ashrafieh and Mezzeh; trucks queued at Cilvegozu for Bab al-Hawa.",
         [("Ashrafieh", "feat:ashrafieh"), ("Mezzeh", "feat:mezzeh"),
          ("Cilvegozu", "feat:cilvegozu"), ("Bab al-Hawa", "feat:bab-al-hawa-crossing")]),
        # the same name in two provinces: the one the places around it are in
        ("Kurdish families fled Tal Rifaat and Shahba.",
         [("Tal Rifaat", "gn:163476"), ("Shahba", "feat:shahba")]),
        ("Druze fighters held Sweida city by noon. Shahba, further north, followed.",
         [("Druze fighters", "druze-militias"), ("Sweida", "gn:172408"),
          ("Shahba", "gn:164626")]),
    ],
)
def test_geoparsing_hard_cases(
    finder: MentionFinder, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(finder, text) == expected


NAMES = ["Homs", "HTS", "Hayat Tahrir al-Sham", "Russia", "Idlib", "Kremlin", "the rebels",
         "Assad's troops", "Deir ez-Zor", "Homs Province", "Russian warplanes", "حلب"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=12)), max_size=12))
def test_offsets_invariant(finder: MentionFinder, parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = finder.find("h", text)
    last = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= last and m.end > m.start
        last = m.end


@pytest.mark.skipif(not (SHARED / "gold" / "dev").is_dir(), reason="shared dev gold absent")
def test_dev_mentions_gate(finder: MentionFinder, tmp_path: Path) -> None:
    """Mentions of the five seeds (raw text), scored by the project scorer against floors."""
    gold_docs = [
        json.loads(line)
        for line in (SHARED / "gold/dev/documents.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    docs, mentions = [], []
    for doc in gold_docs:
        text = (SHARED / "seeds" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8")
        docs.append({"doc_id": doc["doc_id"], "text": text, "dropped": []})
        mentions += [
            {"doc_id": m.doc_id, "start": m.start, "end": m.end, "text": m.text,
             "kind": m.kind.value, "id": m.id}
            for m in finder.find(doc["doc_id"], text)
        ]
    for name, rows in (("documents", docs), ("mentions", mentions)):
        (tmp_path / f"{name}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
        )
    result = subprocess.run(
        [sys.executable, str(SHARED / "eval/score.py"), "--gold", str(SHARED / "gold/dev"),
         "--pred", str(tmp_path), "--raw", str(SHARED / "seeds"),
         "--json", str(tmp_path / "metrics.json"),
         "--min", "mentions.place.f1=0.87", "mentions.actor.f1=0.91"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Damascus said the strikes broke international law.", ("actor", "syria-gov")),
        ("Damascus has denied any role in the attack.", ("actor", "syria-gov")),
        ("A military source in Damascus said troops had pulled back.", ("place", "gn:170654")),
        ("Rebels reached Damascus, said the monitor.", ("place", "gn:170654")),
    ],
    ids=["capital-said", "capital-has-denied", "source-in-capital", "comma-then-said"],
)
def test_the_capital_speaking_is_its_government(
    finder: MentionFinder, text: str, expected: tuple[str, str]
) -> None:
    found = {(m.kind.value, m.id) for m in finder.find("t", text) if m.text == "Damascus"}
    assert found == {expected}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Moscow (Reuters) - Russia said its jets struck Idlib.", "place"),
        ("Rebels advanced.\nMoscow, Dec 7 (AFP) - The Kremlin said nothing.", "place"),
        ("Moscow said its jets struck Idlib.", "actor"),
        ("Late on Friday Moscow (its envoy) - said nothing.", "actor"),
    ],
    ids=["dateline-agency", "dateline-day", "capital-speaking", "not-a-line-start"],
)
def test_a_foreign_capital_opening_a_dateline_is_where_the_report_was_filed(
    finder: MentionFinder, text: str, kind: str
) -> None:
    assert {m.kind.value for m in finder.find("t", text) if m.text == "Moscow"} == {kind}


def test_named_sites_of_the_theater_are_places(finder: MentionFinder) -> None:
    text = "Crowds filled Umayyad Square after the T4 air base and the Tishreen Dam changed hands."
    ids = {m.id for m in finder.find("t", text) if m.kind.value == "place"}
    assert {"feat:umayyad-square", "feat:t4-air-base", "feat:tishreen-dam"} <= ids


def test_another_state_s_army_is_not_the_theater_s_army(finder: MentionFinder) -> None:
    assert found(finder, "Jordan's army closed the border; the army withdrew.") == [
        ("Jordan", "jordan"), ("army", "syria-gov")
    ]


def test_the_syrian_side_is_not_a_place_mention(finder: MentionFinder) -> None:
    assert found(finder, "They seized the Syrian side of Mount Hermon near the Syrian border.") == [
        ("Mount Hermon", "feat:mount-hermon"), ("Syrian", "iso:SY")
    ]


def test_words_of_organisation_names_are_no_places(finder: MentionFinder) -> None:
    text = "The Russian Reconciliation Center said Save the Children had left Homs."
    forms = [form for form, _ident in found(finder, text)]
    assert "Center" not in forms and "Save" not in forms
    assert ("Homs", "gn:169577") in found(finder, text)


def test_an_abbreviation_the_report_defines_names_that_actor(finder: MentionFinder) -> None:
    text = ("The US-backed Syrian Free Army (SFA) moved north from al-Tanf. The SFA entered"
            " Palmyra on Saturday, while SFA-linked units stayed behind.")
    sfa = [(form, ident) for form, ident in found(finder, text) if form == "SFA"]
    assert sfa == [("SFA", "syrian-free-army")] * 2  # "SFA-linked" is another word


@pytest.mark.parametrize(
    "text",
    [
        "Fighters of the Syrian Free Army (SDF) entered Palmyra.",  # not its initials
        "The Syrian Free Army (Reuters) entered Palmyra.",  # a credit, not an abbreviation
    ],
)
def test_a_parenthesis_that_is_no_abbreviation_defines_nothing(
    finder: MentionFinder, text: str
) -> None:
    assert ("Reuters", "syrian-free-army") not in found(finder, text)
    assert ("SDF", "syrian-free-army") not in found(finder, text)


def test_every_name_of_a_list_after_provinces_of_is_a_province(finder: MentionFinder) -> None:
    text = "Jets hit military sites in the provinces of Damascus, Homs, Hama and Tartus."
    assert [ident for _form, ident in found(finder, text)] == [
        "adm1:SY-DI", "adm1:SY-HI", "adm1:SY-HM", "adm1:SY-TA"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The strikes hit the Mezzeh, Shayrat and T4 air bases.",
         [("Mezzeh", "feat:mezzeh-air-base"), ("Shayrat", "feat:shayrat-air-base"),
          ("T4", "feat:t4-air-base")]),
        ("Jordan closed the Nasib and Jaber crossings.",
         [("Jordan", "jordan"), ("Nasib", "feat:nasib-crossing"), ("Jaber", "feat:jaber-crossing")]),
        # no site of that head: the town stays the town
        ("Rebels took the Hama and Homs bridges.",
         [("Rebels", "hts"), ("Hama", "gn:170017"), ("Homs", "gn:169577")]),
    ],
    ids=["air-bases", "crossings", "no-such-site"],
)
def test_names_listed_before_one_plural_head_are_sites_of_it(
    finder: MentionFinder, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(finder, text) == expected


def test_a_report_in_the_enemys_voice_lends_it_the_loaded_nouns(finder: MentionFinder) -> None:
    turkish = found(finder, "The SNA cleared Manbij of PKK/YPG terrorists on Monday. The"
                            " terrorists fled east of the river.")
    assert ("terrorists", "sdf") in turkish and ("terrorists", "hts") not in turkish
    damascus = found(finder, "Army units repelled an attack by terrorists near Hama.")
    assert ("terrorists", "hts") in damascus
