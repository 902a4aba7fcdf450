"""Gazetteer: ids, lookups, ranking, dumps, scanning, cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.errors import GazetteerError
from sitrep.geo import Gazetteer, fold_text, normalize_name
from sitrep.geo.gazetteer import _load_rules, romanisation_variants
from sitrep.geo.geonames import DumpProblem, FeatureFilter, read_dump
from sitrep.models import PlaceLevel
from sitrep.theater import Theater, load_theater


@pytest.fixture(scope="module")
def theater() -> Theater:
    return load_theater("syria")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("cache")
    mp.setenv("SITREP_CACHE", str(path))
    yield path
    mp.undo()


@pytest.fixture(scope="module")
def gaz(theater: Theater, cache_dir: Path) -> Gazetteer:
    return Gazetteer.build(theater)


def test_fold_keeps_length() -> None:
    text = "Ḩamāh – Dar‘ā, İzmir’s ﬁne Straße"
    assert len(fold_text(text)) == len(text)
    assert normalize_name("Dar‘ā") == normalize_name("Dar'a") == "dara"


def test_city_and_province_of_homs(gaz: Gazetteer) -> None:
    assert gaz.lookup("Homs")[0].id == "gn:169577"
    assert gaz.lookup("Homs Province")[0].id == "adm1:SY-HI"
    assert gaz.lookup("governorate of Latakia")[0].id == "adm1:SY-LA"
    city = gaz.get("gn:169577")
    assert city is not None and city.level is PlaceLevel.SETTLEMENT
    assert gaz.admin1_of(city) == "adm1:SY-HI"
    assert city.country == "iso:SY"


@pytest.mark.parametrize("name", ["Deraa", "Daraa", "Dar'a", "DARAA"])
def test_deraa_spellings(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name)[0].id == "gn:170905"


def test_arabic_script_and_other_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("حلب")[0].id == "gn:170063"
    assert gaz.lookup("Palmyra")[0].id == "gn:163808"
    assert gaz.lookup("Kobani")[0].id == "gn:172256"
    assert gaz.lookup("al-Mayadin")[0].id == "gn:173480"


def test_ranking_prefers_theater_then_big_places(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kabul")[0].id == "gn:1138958"
    assert gaz.lookup("London")[0].id == "gn:2643743"
    assert gaz.lookup("Lebanon")[0].id == "iso:LB"
    assert gaz.lookup("Rustan bridge")[0].id == "feat:rastan-bridge"
    assert gaz.lookup("no such place at all") == []
    assert gaz.get("gn:0") is None


def test_foreign_admin1_ids(gaz: Gazetteer) -> None:
    london = gaz.get("gn:2643743")
    assert london is not None and london.admin1 == "adm1:GB-ENG"


def test_scan_finds_places_not_common_words(gaz: Gazetteer) -> None:
    text = "Since Monday, the fighters moved from Hama to Homs Province; one convoy reached Kobani."
    hits = [(h.text, h.ids[0]) for h in gaz.scan(text)]
    assert hits == [("Hama", "gn:170017"), ("Homs Province", "adm1:SY-HI"), ("Kobani", "gn:172256")]
    for h in gaz.scan(text):
        assert text[h.start : h.end] == h.text


def test_scan_needs_capitals_and_word_boundaries(gaz: Gazetteer) -> None:
    assert gaz.scan("the homs of the world, Homsville and Alepposaurus") == []


def dump_row(gid: str, name: str, alt: str, fclass: str, fcode: str, admin1: str = "12",
             population: str = "0", country: str = "SY") -> str:
    """One line of a GeoNames dump, the 19 tab-separated fields."""
    return "\t".join([gid, name, name, alt, "35.70", "36.60", fclass, fcode, country, "",
                      admin1, "", "", "", population, "", "300", "Asia/Damascus", "2024-01-01"])


def test_dump_loader(theater: Theater, tmp_path: Path, cache_dir: Path,
                     caplog: pytest.LogCaptureFixture) -> None:
    dump = tmp_path / "SY.txt"
    lines = [
        dump_row("99000001", "Kafr Zibdiyya", "Kafr Zibdiya,كفر زبدية", "P", "PPL",
                 population="1200"),
        dump_row("99000002", "Tall Qubbah", "", "T", "HLL"),  # a hill: not kept
        "99000003\tBroken",  # a bad row: reported with file and line, skipped
        dump_row("99000004", "Kafr Zibdiyya", "Kafr Zibdiyya Bridge", "S", "BDG"),
        dump_row("99000005", "Muhafazat Idlib", "Idlib Muhafaza", "A", "ADM1"),
        dump_row("169577", "Homs", "Hims City Alt", "P", "PPLA"),  # known: only its names
        dump_row("99000006", "Kafr Zibdiyya", "", "P", "PPL", population="x"),
    ]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gaz = Gazetteer.build(theater, dumps=[dump])
    place = gaz.lookup("Kafr Zibdiya")[0]
    assert (place.id, place.admin1, place.population) == ("gn:99000001", "adm1:SY-ID", 1200)
    assert gaz.lookup("كفر زبدية")[0].id == "gn:99000001"
    assert gaz.get("gn:99000002") is None  # a hill, not a populated place
    bridge = gaz.get("feat:gn-99000004")  # a named feature, ranked after the town
    assert bridge is not None and bridge.level is PlaceLevel.FEATURE
    assert [p.id for p in gaz.lookup("Kafr Zibdiyya")] == ["gn:99000001", "feat:gn-99000004"]
    assert gaz.lookup("Muhafazat Idlib")[0].id == "adm1:SY-ID"
    assert gaz.lookup("Hims City Alt")[0].id == "gn:169577"
    homs = gaz.get("gn:169577")
    assert homs is not None and homs.population > 1000  # cities500 record kept
    assert gaz.get("gn:99000006") is None
    messages = [r.getMessage() for r in caplog.records]
    assert any("SY.txt:3: 2 fields" in m for m in messages)
    assert any("SY.txt:7: bad number" in m for m in messages)


def test_read_dump_problems(tmp_path: Path) -> None:
    dump = tmp_path / "XX.txt"
    dump.write_text(
        "\n".join([
            "# comment",
            dump_row("1", "Good", "", "P", "PPL"),
            dump_row("abc", "Bad id", "", "P", "PPL"),
            dump_row("2", "Far", "", "P", "PPL").replace("35.70", "135.70"),
            dump_row("3", "Hill", "", "T", "HLL"),
        ]) + "\n",
        encoding="utf-8",
    )
    problems: list[DumpProblem] = []
    rows = list(read_dump(dump, keep=FeatureFilter.load(), on_problem=problems.append))
    assert [r.name for r in rows] == ["Good"]
    assert [(p.line, p.reason.split(" ")[0]) for p in problems] == [(3, "geonameid"), (4, "coordinates")]
    assert str(problems[0]).startswith(f"{dump}:3: ")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(GazetteerError, match=r"bin\.txt: not UTF-8"):
        list(read_dump(tmp_path / "bin.txt"))
    with pytest.raises(GazetteerError, match=r"missing\.txt: cannot open"):
        list(read_dump(tmp_path / "missing.txt"))


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Dar'a", "gn:170905"), ("Dar‘ā", "gn:170905"), ("Deraa", "gn:170905"),
        ("Maarat al-Numan", "gn:167611"), ("Ma'arrat an-Nu'man", "gn:167611"),
        ("Maarrat al-Numan", "gn:167611"),
        ("Tell Rifaat", "gn:163476"), ("Tall Rif'at", "gn:163476"), ("Tal Rifat", "gn:163476"),
        ("Dayr az-Zawr", "gn:170794"), ("Deir al-Zour", "gn:170794"),
        ("Ḥimṣ", "gn:169577"), ("Ḥamāh", "gn:170017"), ("al-Sukhnah", "gn:172425"),
        ("حلب", "gn:170063"), ("حمص", "gn:169577"), ("دمشق", "gn:170654"),
        ("Ain al-Arab", "gn:172256"), ("Bab al-Hawa", "feat:bab-al-hawa-crossing"),
    ],
)
def test_spellings_resolve_to_one_id(gaz: Gazetteer, name: str, place_id: str) -> None:
    assert gaz.lookup(name)[0].id == place_id
    hits = gaz.scan(f"Fighters reached {name} on Sunday.")
    assert [(h.text, h.ids[0]) for h in hits] == [(name, place_id)]


def test_spelling_variants_of_a_name() -> None:
    rules = _load_rules()
    variants = romanisation_variants("Tall Rif‘at", rules)
    assert {"tell rifaat", "tal rifat", "tall rifat"} <= set(variants)
    assert "tall rif'at" not in variants  # the name itself is not a variant
    assert romanisation_variants("Manbij", rules) == []
    assert len(romanisation_variants("Ma‘arrat an Nu‘mān ash Shaykh", rules)) <= rules.max_variants


def test_same_name_in_two_countries(gaz: Gazetteer) -> None:
    # a neighbour's city before a world city of the same name; a world city before a village
    assert [p.country for p in gaz.lookup("Tripoli")[:2]] == ["iso:LB", "iso:LY"]
    assert gaz.lookup("Al Qusayr")[0].country == "iso:SY"
    assert gaz.lookup("Kabul")[0].id == "gn:1138958"


def test_words_and_persons_are_not_places(gaz: Gazetteer) -> None:
    text = "Tell them. Bab was shut, Assad left and the Roman theatre stood; the Airport too."
    assert gaz.scan(text) == []
    assert [h.text for h in gaz.scan("Rebels took al-Bab, then Tell Rifaat.")] == [
        "al-Bab", "Tell Rifaat"]


def test_cache_is_written_and_reused(theater: Theater, gaz: Gazetteer, cache_dir: Path) -> None:
    files = list(cache_dir.glob("gazetteer-syria-*.pickle"))
    assert files
    again = Gazetteer.build(theater)
    assert again.lookup("Homs")[0].id == "gn:169577"
    assert len(again) == len(gaz)


def test_gazetteer_cache_key_is_the_same_in_every_process() -> None:
    """Sets in the key used to follow each process's hash seed: every run rebuilt the
    gazetteer and left another 17 MB file in the cache."""
    import os
    import subprocess
    import sys

    code = (
        "from sitrep.theater import load_theater; from sitrep.geo import gazetteer as g; "
        "print(g._cache_key(load_theater('syria'), [], g._load_rules()))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1, keys


def test_a_pack_feature_named_by_common_words_is_found_in_lower_case(gaz: Gazetteer) -> None:
    hits = gaz.scan("Israeli troops moved into the buffer zone; the zone was quiet.")
    assert [(h.text, h.ids) for h in hits] == [("buffer zone", ("feat:golan-buffer-zone",))]
    assert gaz.scan("troops crossed from aleppo at dawn") == []  # towns need a capital
