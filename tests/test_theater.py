"""Theater pack loading: the shipped Syria pack and malformed packs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from sitrep.errors import TheaterError
from sitrep.models import ActorType
from sitrep.theater import available_theaters, load_theater

CANONICAL = [
    "hts", "sna", "sdf", "syria-gov", "isis", "al-qaeda", "russia", "iran", "hezbollah",
    "turkey", "usa", "israel", "uk", "iraq-militias", "fatemiyoun", "druze-militias",
    "southern-rebels", "civilians", "sohr", "taliban", "china", "japan", "philippines", "qatar",
    "bahrain", "jordan", "lebanon", "ukraine", "jabhat-al-nusra", "jolani", "assad", "erdogan",
    "putin", "baghdadi", "sullivan", "kisel", "trump", "xi", "biden",
]


@pytest.fixture(scope="module")
def syria_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "src" / "sitrep" / "theaters" / "syria"


@pytest.fixture
def pack(tmp_path: Path, syria_dir: Path) -> Path:
    dest = tmp_path / "pack"
    shutil.copytree(syria_dir, dest)
    return dest


def test_syria_pack_loads_with_the_canonical_ids() -> None:
    th = load_theater("syria")
    assert "syria" in available_theaters()
    assert (th.country, th.capital, th.start) == ("iso:SY", "gn:170654", date(2024, 11, 26))
    assert set(CANONICAL) <= set(th.actors)
    assert th.actors["assad"].type is ActorType.PERSON
    assert "iso:TR" in th.neighbours
    assert len(th.admin1) == 14
    assert {a.geonames_code for a in th.admin1} == {f"{i:02d}" for i in range(1, 15)}
    held = {b.place_name: b.actor for b in th.baseline}
    assert held["Aleppo"] == "syria-gov" and held["Idlib"] == "hts" and held["Raqqa"] == "sdf"
    assert any(r.road == "M5" for r in th.roads)
    assert {"feat:rastan-bridge", "feat:m5-highway", "feat:golan-heights"} <= {
        p.id for p in th.places
    }


def test_load_by_path_equals_load_by_name(pack: Path) -> None:
    assert load_theater(pack).actors == load_theater("syria").actors


def test_unknown_theater_names_the_known_ones() -> None:
    with pytest.raises(TheaterError, match="syria"):
        load_theater("atlantis")


def test_bad_control_row_names_file_and_line(pack: Path) -> None:
    path = pack / "control.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "gn:1,Nowhere,nobody-known,35.0,36.0"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TheaterError, match=r"control\.csv:4: actor 'nobody-known'"):
        load_theater(pack)


def test_bad_number_in_roads(pack: Path) -> None:
    path = pack / "roads.csv"
    path.write_text(path.read_text(encoding="utf-8") + "M5,gn:1,A,gn:2,B,far\n", encoding="utf-8")
    with pytest.raises(TheaterError, match=r"roads\.csv:\d+: km 'far' is not a number"):
        load_theater(pack)


def test_bad_actor_type(pack: Path) -> None:
    path = pack / "actors.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[actor]]\nid = "x"\nname = "X"\ntype = "wizard"\n',
        encoding="utf-8",
    )
    with pytest.raises(TheaterError, match="actor 'x': type must be one of"):
        load_theater(pack)


@pytest.mark.parametrize(
    ("extra", "message"),
    [('side = "south"\nregions = ["SY-DR"]\n', "must start with one of adm1:"),
     ('regions = ["adm1:SY-DR"]\n', "regions need a side"),
     ('voice = ["X/Y"]\n', "'voice' and 'borrowed' go together")],
    ids=["not-adm1", "no-side", "voice-alone"],
)
def test_bad_actor_regions(pack: Path, extra: str, message: str) -> None:
    path = pack / "actors.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[[actor]]\nid = "x"\nname = "X"\ntype = "rebel"\n{extra}',
        encoding="utf-8",
    )
    with pytest.raises(TheaterError, match=message):
        load_theater(pack)


def test_air_force_must_be_a_known_actor(pack: Path) -> None:
    path = pack / "theater.toml"
    text = path.read_text(encoding="utf-8")
    assert 'air_force = "syria-gov"' in text
    path.write_text(text.replace('air_force = "syria-gov"', 'air_force = "nobody"'), "utf-8")
    with pytest.raises(TheaterError, match=r"air_force: actor 'nobody' is not in actors\.toml"):
        load_theater(pack)


def test_regional_actor_takes_its_side_in_its_divisions() -> None:
    syria = load_theater("syria")
    assert syria.regional_actor("adm1:SY-DR", "opposition") == "southern-rebels"
    assert syria.regional_actor("adm1:SY-HL", "opposition") is None
    assert syria.regional_actor("adm1:SY-DR", "government") is None
    assert syria.regional_actor(None) is None


def test_duplicate_actor(pack: Path) -> None:
    path = pack / "actors.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[actor]]\nid = "hts"\nname = "H"\ntype = "rebel"\n',
        encoding="utf-8",
    )
    with pytest.raises(TheaterError, match="duplicate id"):
        load_theater(pack)


def test_missing_file_and_bad_toml(pack: Path) -> None:
    (pack / "relations.csv").unlink()
    with pytest.raises(TheaterError, match=r"relations\.csv: missing"):
        load_theater(pack)
    (pack / "theater.toml").write_text("name = [", encoding="utf-8")
    with pytest.raises(TheaterError, match="invalid TOML"):
        load_theater(pack)


def test_bad_bbox_and_ids(pack: Path) -> None:
    path = pack / "theater.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('capital = "gn:170654"', 'capital = "170654"'), encoding="utf-8")
    with pytest.raises(TheaterError, match="must start with one of gn:"):
        load_theater(pack)
    path.write_text(text.replace("bbox = [35.6", "bbox = [45.6"), encoding="utf-8")
    with pytest.raises(TheaterError, match="bbox"):
        load_theater(pack)


def test_header_and_field_count_checked(pack: Path) -> None:
    path = pack / "admin1.csv"
    path.write_text("id,name\nadm1:SY-XX,X\n", encoding="utf-8")
    with pytest.raises(TheaterError, match=r"admin1\.csv:1: header lacks"):
        load_theater(pack)
    path = pack / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "feat:x,X,feature"]) + "\n", encoding="utf-8")
    (pack / "admin1.csv").unlink()
    shutil.copy(Path(__file__).resolve().parents[1] / "src/sitrep/theaters/syria/admin1.csv", pack)
    with pytest.raises(TheaterError, match=r"places\.csv:2: wrong number of fields"):
        load_theater(pack)


def test_outline_optional(pack: Path) -> None:
    (pack / "outline.geojson").unlink(missing_ok=True)
    assert load_theater(pack).outline is None


def test_generic_side_is_the_side_a_common_noun_means() -> None:
    syria = load_theater("syria")
    assert syria.generic_side("rebels") == syria.actors["hts"].side == "opposition"
    assert syria.generic_side("Rebels") == "opposition"
    assert syria.generic_side("no such noun") is None
