"""The Syria pack's data: named features of the offensive, actors and the wording of outlets.

The sentences are written for these tests; each case names what a report of the offensive
(27 Nov - 12 Dec 2024) says and the id the pack must give it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from sitrep.geo import Gazetteer
from sitrep.geo.gazetteer import normalize_name
from sitrep.models import ActorType, PlaceLevel
from sitrep.nlp import MentionFinder
from sitrep.theater import Theater, load_theater


@pytest.fixture(scope="module")
def pack() -> Theater:
    return load_theater("syria")


@pytest.fixture(scope="module")
def finder(pack: Theater, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MentionFinder]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SITREP_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield MentionFinder(pack, Gazetteer.build(pack))
    mp.undo()


def found(finder: MentionFinder, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.id) for m in finder.find("t", text)]


# --------------------------------------------------------------------------- the data itself


def test_syrian_point_features_lie_in_the_theater(pack: Theater) -> None:
    west, south, east, north = pack.bbox
    points = [
        (p.id, p.lat, p.lon)
        for p in pack.places
        if p.lat is not None and p.lon is not None and p.country == pack.country
    ]
    assert len(points) >= 30
    outside = [i for i, lat, lon in points if not (south <= lat <= north and west <= lon <= east)]
    assert outside == []


def test_point_features_name_their_governorate(pack: Theater) -> None:
    divisions = {a.id for a in pack.admin1}
    for place in pack.places:
        if place.level == PlaceLevel.FEATURE and place.lat is not None and (
            place.country == pack.country
        ):  # a crossing's far side (Jordan's Jaber) lies outside the theater's divisions
            assert place.admin1 in divisions, place.id


def test_regions_and_rivers_have_no_point(pack: Theater) -> None:
    by_id = {p.id: p for p in pack.places}
    for ident in ("feat:shahba", "feat:orontes", "feat:bekaa-valley"):
        assert by_id[ident].lat is None and by_id[ident].lon is None


def test_no_place_name_is_given_to_two_pack_places(pack: Theater) -> None:
    names = Counter(
        key for p in pack.places for key in {normalize_name(n) for n in (p.name, *p.aliases)}
    )
    assert [n for n, count in names.items() if count > 1] == []


def test_no_place_alias_carries_a_determiner(pack: Theater) -> None:
    forms = [a for p in pack.places for a in p.aliases]
    assert [f for f in forms if f.lower().startswith("the ")] == []


def test_no_proper_name_belongs_to_two_actors(pack: Theater) -> None:
    owners = Counter(alias for a in pack.actors.values() for alias in set(a.aliases))
    assert [alias for alias, count in owners.items() if count > 1] == []


def test_new_people_are_persons_tied_to_their_side(pack: Theater) -> None:
    tied = {r.subject: r.object for r in pack.relations if r.relation in ("leads", "member_of")}
    for person in ("peskov", "katz", "sudani", "bashir", "mazloum-abdi", "jalali", "pedersen"):
        assert pack.actors[person].type is ActorType.PERSON
        assert pack.actors[tied[person]].type is not ActorType.PERSON


def test_backers_of_the_new_actors(pack: Theater) -> None:
    triples = {(r.subject, r.relation, r.object) for r in pack.relations}
    assert ("usa", "supports", "syrian-free-army") in triples
    assert ("turkey", "designates_terrorist", "pkk") in triples
    assert ("unhcr", "member_of", "un") in triples


# --------------------------------------------------------------------------- places in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Crowds waited outside Sednaya military prison for news of detainees.",
         ("Sednaya military prison", "feat:sednaya-prison")),
        ("Saydnaya prison was emptied on Sunday.", ("Saydnaya prison", "feat:sednaya-prison")),
        ("Churches in Sednaya rang their bells.", ("Sednaya", "gn:164717")),
        ("Inmates walked out of Hama central prison.",
         ("Hama central prison", "feat:hama-central-prison")),
        ("Rebels took Jabal Zain al-Abidin before dawn.",
         ("Jabal Zain al-Abidin", "feat:jabal-zain-al-abidin")),
        ("Cars queued for hours at the Masnaa border crossing.",
         ("Masnaa border crossing", "feat:masnaa-crossing")),
        ("Officials reopened the Jdeidet Yabous crossing at noon.",
         ("Jdeidet Yabous crossing", "feat:masnaa-crossing")),
        ("Officials in Jdeidet Yabous counted the arrivals.", ("Jdeidet Yabous", "gn:168886")),
        ("Soldiers crossed at the al-Qaim crossing overnight.",
         ("al-Qaim crossing", "feat:al-qaim-crossing")),
        ("Jordan shut the Jaber crossing.", ("Jaber crossing", "feat:jaber-crossing")),
        ("A drone hit a car near the Qara Qozak bridge.",
         ("Qara Qozak bridge", "feat:qara-qozak-bridge")),
        ("The SNA seized Kuweires military airport.",
         ("Kuweires military airport", "feat:kuweires-air-base")),
        ("Rebels held Aleppo International Airport by evening.",
         ("Aleppo International Airport", "feat:aleppo-airport")),
        ("The garrison left Deir ez-Zor military airport.",
         ("Deir ez-Zor military airport", "feat:deir-ez-zor-airport")),
        ("Warships at Minet el-Beida were sunk.", ("Minet el-Beida", "feat:minet-el-beida")),
        ("Kurdish families fled Shahba for Tabqa.", ("Shahba", "feat:shahba")),
        ("Fighters gathered in the Clock Tower square.",
         ("Clock Tower square", "feat:homs-clock-square")),
        ("Arrivals reached the Bekaa valley.", ("Bekaa valley", "feat:bekaa-valley")),
        ("Detainees were held at Camp X in Anbar province.", ("Anbar province", "adm1:IQ-AN")),
        ("Fire reached the Qardaha mausoleum at night.",
         ("Qardaha mausoleum", "feat:hafez-assad-mausoleum")),
        ("Rebels crossed the Orontes River bridge at Rastan.",
         ("Orontes River bridge", "feat:rastan-bridge")),
        ("Fighters blew up the bridge over the Orontes.", ("Orontes", "feat:orontes")),
        ("Troops pulled back along the Aleppo-Damascus highway.",
         ("Aleppo-Damascus highway", "feat:m5-highway")),
        # villages and sites of the first days, which GeoNames' cities list lacks
        ("Fighters overran Orum al-Kubra at dawn.", ("Orum al-Kubra", "feat:urum-al-kubra")),
        ("Shells fell on Kafr Basin.", ("Kafr Basin", "feat:kafr-basin")),
        ("The push reached Khan al-Assal by noon.", ("Khan al-Assal", "feat:khan-al-asal")),
        ("Residents of Nubl and al-Zahraa left in buses.", ("al-Zahraa", "feat:zahraa")),
        ("They stormed the 46th Regiment base.", ("46th Regiment base", "feat:base-46th-regiment")),
        ("Inmates of Sweida central prison walked free.",
         ("Sweida central prison", "feat:suwayda-prison")),
        ("Rebels reached Qamhaneh, north of Hama.", ("Qamhaneh", "feat:qamhana")),
        ("Jets struck the Scientific Studies and Research Centre.",
         ("Scientific Studies and Research Centre", "feat:barzeh-research-centre")),
        ("Looters entered the presidential palace.",
         ("presidential palace", "feat:presidential-palace")),
        ("Gunmen took over the state TV and radio building before dawn.",
         ("state TV and radio building", "feat:state-tv-building")),
        ("Jets hit the Khalkhalah and Shayrat air bases.", ("Shayrat", "feat:shayrat-air-base")),
        # a district names its city: reports code events in it to the city
        ("Car bombs went off in New Aleppo.", ("New Aleppo", "gn:170063")),
        ("A strike hit a building in Barzeh.", ("Barzeh", "gn:170654")),
    ],
)
def test_named_features(finder: MentionFinder, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(finder, text)


def test_a_village_of_the_theater_beats_a_namesake_town_abroad(finder: MentionFinder) -> None:
    # 'Anjarah is also a Jordanian town of 17,000 in GeoNames
    assert ("Anjara", "feat:anjara") in found(finder, "Rebels took Anjara on Wednesday.")


def test_the_desert_is_a_region_without_a_point(pack: Theater) -> None:
    desert = next(p for p in pack.places if p.id == "feat:syrian-desert")
    assert (desert.lat, desert.lon) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The monitor is Britain-based.", ("Britain", "iso:GB")),
        ("Tens of thousands crossed into Lebanon.", ("Lebanon", "iso:LB")),
        ("Amman reported calm on the border.", ("Amman", "gn:250441")),
    ],
)
def test_states_read_as_places(finder: MentionFinder, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(finder, text)


# --------------------------------------------------------------------------- actors in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Syrian state media
        ("Army units struck gatherings of terrorist organisations in the countryside.",
         ("terrorist organisations", "hts")),
        ("The General Command said units had been redeployed.", ("General Command", "syria-gov")),
        ("The Foreign and Expatriates Ministry condemned the raid.",
         ("Foreign and Expatriates Ministry", "syria-gov")),
        ("It blamed the Turkish regime for the attack.", ("Turkish regime", "turkey")),
        ("Units pursued the terrorists of Jabhat al-Nusra.",
         ("terrorists of Jabhat al-Nusra", "hts")),
        # Turkish state media
        ("The SNA cleared the district of PKK/YPG terrorists.", ("PKK/YPG terrorists", "sdf")),
        ("The PKK has fought Ankara for forty years.", ("PKK", "pkk")),
        # Kurdish outlets
        ("The Turkish occupation shelled the villages.", ("Turkish occupation", "turkey")),
        ("Mercenaries stormed the eastern districts.", ("Mercenaries", "sna")),
        ("The Manbij Military Council said its fighters withdrew.",
         ("Manbij Military Council", "sdf")),
        ("The Autonomous Administration of North and East Syria asked for help.",
         ("Autonomous Administration of North and East Syria", "sdf")),
        ("The Global Coalition brokered a truce.", ("Global Coalition", "usa")),
        # wire copy
        ("Insurgents led by the Islamist group advanced.", ("Islamist group", "hts")),
        ("The Syrian Free Army entered Palmyra from al-Tanf.",
         ("Syrian Free Army", "syrian-free-army")),
        ("Residents said the Kurdish-led force left at dawn.", ("Kurdish-led force", "sdf")),
        ("Lebanese General Security stamped the papers.",
         ("Lebanese General Security", "lebanon")),
        ("Volunteers of the White Helmets searched the cells.", ("White Helmets", "white-helmets")),
        ("UNHCR counted the returns.", ("UNHCR", "unhcr")),
        ("OCHA put the displaced at one million.", ("OCHA", "ocha")),
        ("The World Food Programme sent trucks.", ("World Food Programme", "wfp")),
        ("The UN Security Council met on Monday.", ("UN Security Council", "un")),
        ("The Russians were seen loading aircraft.", ("Russians", "russia")),
    ],
)
def test_outlet_wording(finder: MentionFinder, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(finder, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Defence Minister Israel Katz ordered the troops forward.", ("Israel Katz", "katz")),
        ("Kremlin spokesman Dmitry Peskov declined to comment.", ("Dmitry Peskov", "peskov")),
        ("Prime Minister Mohammed Shia al-Sudani closed the border.",
         ("Mohammed Shia al-Sudani", "sudani")),
        ("Hafez al-Assad took power in 1970.", ("Hafez al-Assad", "hafez-assad")),
        ("Mohammed al-Bashir will lead the caretaker cabinet.", ("Mohammed al-Bashir", "bashir")),
        ("Mazloum Abdi called for talks.", ("Mazloum Abdi", "mazloum-abdi")),
        ("Khalifa Haftar received the aircraft.", ("Khalifa Haftar", "haftar")),
    ],
)
def test_people(finder: MentionFinder, text: str, expected: tuple[str, str]) -> None:
    assert expected in found(finder, text)


def test_person_name_is_not_the_state(finder: MentionFinder) -> None:
    ids = [i for _, i in found(finder, "Israel Katz said the army would stay.")]
    assert "israel" not in ids


def test_free_syrian_army_stays_the_sna(finder: MentionFinder) -> None:
    assert ("Free Syrian Army", "sna") in found(finder, "Free Syrian Army factions took Afrin.")
