"""Gazetteer: ids, lookups, ranking, dumps, scanning, cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.errors import GazetteerError
from sitrep.geo import Gazetteer, fold_text, normalize_name
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


def test_dump_loader(theater: Theater, tmp_path: Path, cache_dir: Path) -> None:
    dump = tmp_path / "SY.txt"
    row = [
        "99000001", "Kafr Zibdiyya", "Kafr Zibdiyya", "Kafr Zibdiya,كفر زبدية",
        "35.70", "36.60", "P", "PPL", "SY", "", "12", "", "", "", "1200", "", "300",
        "Asia/Damascus", "2024-01-01",
    ]
    spot = ["99000002", "Tall Qubbah", "Tall Qubbah", "", "35.7", "36.6", "T", "HLL", "SY",
            "", "12", "", "", "", "0", "", "", "Asia/Damascus", "2024-01-01"]
    dump.write_text("\t".join(row) + "\n" + "\t".join(spot) + "\n", encoding="utf-8")
    gaz = Gazetteer.build(theater, dumps=[dump])
    place = gaz.lookup("Kafr Zibdiya")[0]
    assert (place.id, place.admin1, place.population) == ("gn:99000001", "adm1:SY-ID", 1200)
    assert gaz.lookup("كفر زبدية")[0].id == "gn:99000001"
    assert gaz.get("gn:99000002") is None  # a hill, not a populated place
    dump.write_text("99000003\tBroken\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"SY\.txt:1: 2 fields"):
        Gazetteer.build(theater, dumps=[dump])


def test_cache_is_written_and_reused(theater: Theater, gaz: Gazetteer, cache_dir: Path) -> None:
    files = list(cache_dir.glob("gazetteer-syria-*.pickle"))
    assert files
    again = Gazetteer.build(theater)
    assert again.lookup("Homs")[0].id == "gn:169577"
    assert len(again) == len(gaz)
