"""Event extraction on hard cases: phrasing of captures and strikes, who is a party, where
people fled from, and reports without a publication date."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import ROOT
from sitrep.models import Article, DocResult, TimePrecision
from sitrep.pipeline import Pipeline
from sitrep.theater import load_theater

PUBLISHED = date(2024, 12, 9)  # a Monday


def _run(pipeline, text: str, published: date | None = PUBLISHED) -> DocResult:  # type: ignore[no-untyped-def]
    return pipeline.process(
        Article(doc_id="t", raw=text, source_path="t.txt", published=published)
    )


def _place_id(result: DocResult, name: str) -> str:
    """The place id the document's mention of ``name`` resolved to."""
    ids = {m.id for m in result.mentions if m.text == name and m.kind.value == "place"}
    assert len(ids) == 1, (name, result.mentions)
    return ids.pop()


def _assert_event_at(pipeline, text: str, sub_event_type: str, place: str) -> None:  # type: ignore[no-untyped-def]
    """The text gives an event of this sub-type at the place its mention ``place`` names."""
    r = _run(pipeline, text)
    place_id = _place_id(r, place)
    found = {(e.sub_event_type, e.place.id if e.place else None) for e in r.events}
    assert (sub_event_type, place_id) in found, found


@pytest.mark.parametrize(
    ("text", "sub_event_type", "place"),
    [
        ("The town of Izraa also passed to the southern factions on Saturday.",
         "Non-state actor overtakes territory", "Izraa"),
        ("Latakia came under rebel control on Monday with little resistance.",
         "Non-state actor overtakes territory", "Latakia"),
        ("Turkish-backed fighters take Manbij from Kurdish-led forces",
         "Non-state actor overtakes territory", "Manbij"),
        ("Syrian and Russian jets pounded Atarib during the afternoon, residents said.",
         "Air/drone strike", "Atarib"),
        ("Government forces fired rockets on Darat Izza on Sunday.",
         "Shelling/artillery/missile attack", "Darat Izza"),
        ("SDF fighters moved into the area. Clashes broke out in the town of Busayrah on Monday.",
         "Armed clash", "Busayrah"),
    ],
    ids=["passed-to", "came-under-control", "headline-take", "jets-pounded", "fired-rockets",
         "clashes-broke-out"],
)
def test_phrasings_of_captures_strikes_and_clashes(
    pipeline, text: str, sub_event_type: str, place: str  # type: ignore[no-untyped-def]
) -> None:
    _assert_event_at(pipeline, text, sub_event_type, place)


def test_fired_rockets_is_shelling_not_a_dismissal(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hayat Tahrir al-Sham fired rockets on Aleppo on Sunday.")
    assert {e.sub_event_type for e in r.events} == {"Shelling/artillery/missile attack"}


def test_a_monitor_is_a_source_never_a_party(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Syrian Observatory for Human Rights said Islamic State fighters had attacked an"
        " army post near al-Sukhnah on Sunday. The Syrian Observatory for Human Rights has"
        " documented the deaths of 18 people in the fighting in Tell Rifaat."
    )
    r = _run(pipeline, text)
    assert r.events
    assert all("sohr" not in (e.actor1, e.actor2) for e in r.events), r.events
    sukhnah = _place_id(r, "al-Sukhnah")
    clash = next(e for e in r.events if e.place is not None and e.place.id == sukhnah)
    assert clash.actor1 == "isis"


def test_where_people_fled_to_is_not_where_they_fled(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands of Kurdish residents fled Manbij eastwards towards Raqqa and Kobani.")
    (ev,) = [e for e in r.events if e.sub_event_type == "Population flight"]
    assert ev.place is not None and ev.place.id == _place_id(r, "Manbij")


def test_prisoners_freed_is_a_strategic_development(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels broke open Sednaya prison north of Damascus and freed thousands of"
                       " detainees on Sunday.")
    assert ("Strategic developments", "Other") in {(e.event_type, e.sub_event_type) for e in r.events}


def test_undated_report_counts_from_the_latest_day_it_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On December 7, Hayat Tahrir al-Sham captured Homs after a night of fighting.\n\n"
        "Two days later the rebels entered Damascus.\n\n"
        "In 2012 Iran sent its first advisers to Syria."
    )
    r = _run(pipeline, text, published=None)
    assert r.document.published is None  # nothing is invented for the document itself
    assert any("2024-12-07" in w for w in r.warnings), r.warnings
    homs = next(e for e in r.events if e.place is not None and e.place.id == _place_id(r, "Homs"))
    assert homs.time is not None and homs.time.day == date(2024, 12, 7)
    assert homs.time.precision is TimePrecision.DAY
    later = [e for e in r.events if e.place is not None and e.place.id == _place_id(r, "Damascus")]
    assert later and later[0].time is not None
    assert later[0].time.precision is TimePrecision.WEEK  # counted from a guessed reference
    assert date(2024, 12, 9) in (later[0].time.earliest, later[0].time.day) or (
        later[0].time.earliest <= date(2024, 12, 9) <= later[0].time.latest
    )
    assert all(e.time is None or e.time.day.year == 2024 for e in r.events)  # no 2012 event


def test_undated_report_without_any_day_says_so(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On Monday the rebels entered Damascus.", published=None)
    assert any("no calendar day" in w for w in r.warnings), r.warnings


def test_a_road_that_locates_a_bridge_is_not_the_place_of_the_strike(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The destruction of the Rastan bridge on the M5 highway by Russian"
                       " airstrikes cut the road on Sunday.")
    strikes = [e for e in r.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].place is not None
    assert strikes[0].place.id != _place_id(r, "M5 highway")
    assert strikes[0].actor1 == "russia"


def test_as_well_as_joins_unnamed_towns_to_a_named_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Within three days, the attackers of Hayat Tahrir al-Sham conquered the"
                       " metropolis of Aleppo as well as 39 towns and villages.")
    assert {c.place.id for c in r.control} == {_place_id(r, "Aleppo"), "iso:SY"}


@pytest.mark.parametrize(
    ("text", "claimed_by"),
    [
        ("Hayat Tahrir al-Sham took Hama on Thursday, the group said on Telegram.", "hts"),
        ("Government forces withdrew from Izraa on Saturday, rebels said.", "hts"),
        ("The Syrian army shelled Idlib on Sunday, the Syrian Observatory for Human Rights said.",
         None),
        ("The Syrian army shelled Idlib on Sunday, residents said.", None),
    ],
    ids=["the-group-said", "rebels-said", "monitor-said", "residents-said"],
)
def test_a_party_named_at_the_end_claims_what_the_sentence_says(
    pipeline, text: str, claimed_by: str | None  # type: ignore[no-untyped-def]
) -> None:
    r = _run(pipeline, text)
    facts = [*r.events, *r.control]
    assert facts
    assert {f.claimed_by for f in facts} == {claimed_by}
    assert {f.modality.value for f in facts} == {"claimed" if claimed_by else "asserted"}


def test_a_denied_withdrawal_is_no_change_of_control(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "State media denied that the army had withdrawn from Deraa on Friday.")
    assert r.control == () and r.events == ()


def test_a_withdrawal_passes_the_place_to_the_rival_named_in_the_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Syrian National Army entered Tell Rifaat on Sunday after SDF fighters"
                       " withdrew from the town of Tell Rifaat under an arrangement.")
    changes = {(c.to_actor, c.from_actor) for c in r.control}
    assert ("sna", "sdf") in changes, changes
    assert all(to != "syria-gov" for to, _ in changes)


def test_an_ally_leaving_a_town_its_ally_holds_changes_no_control(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hezbollah withdrew its remaining fighters from Qusayr on Saturday.")
    assert r.control == ()
    (ev,) = r.events
    assert (ev.sub_event_type, ev.actor1) == ("Change to group/activity", "hezbollah")


def test_the_fall_of_a_city_goes_to_who_took_it_not_to_the_last_actor_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Hayat Tahrir al-Sham fighters captured Damascus on Sunday. Israeli jets struck"
            " army depots near Latakia. The fall of Damascus ends five decades of rule.")
    r = _run(pipeline, text)
    takers = {c.to_actor for c in r.control}
    assert takers == {"hts"}, takers


def test_a_wire_dateline_day_is_when_it_was_filed_not_when_it_happened(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "BEIRUT, Dec 11 (Levant Wire) - Rebels captured Hama on Monday.",
             published=date(2024, 12, 11))
    assert {e.time.day for e in r.events if e.time} == {date(2024, 12, 9)}


def test_the_day_something_was_said_bounds_the_event_from_above(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "ISTANBUL, Dec 11 (Levant Wire) - The Syrian National Army has captured"
                       " Manbij, the Turkish defence minister said on Tuesday.",
             published=date(2024, 12, 11))
    spans = {(e.time.earliest, e.time.latest, e.time.precision) for e in r.events if e.time}
    assert spans == {(date(2024, 12, 4), date(2024, 12, 10), TimePrecision.WEEK)}, spans


def test_the_city_refers_back_to_the_place_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Turkish-backed factions reached Manbij on Sunday. The minister said they"
                       " had taken the city on Monday after heavy fighting.")
    manbij = _place_id(r, "Manbij")
    found = {(c.place.id, c.time.day if c.time else None) for c in r.control}
    assert (manbij, date(2024, 12, 9)) in found, found


def test_the_city_in_an_aside_before_the_trigger_is_not_its_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Doctors said the clinic in Manbij, the largest in the besieged city,"
                       " closed after gunmen stormed it on Saturday.")
    assert r.control == ()
    assert all(e.sub_event_type != "Non-state actor overtakes territory" for e in r.events)


def test_civilians_among_the_dead_are_not_a_side_of_the_battle(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Syrian National Army fought the SDF in Manbij on Sunday. At least 40"
                       " people were killed in two days of fighting for Manbij, among them nine"
                       " civilians.")
    battles = [e for e in r.events if e.event_type == "Battles"]
    assert battles
    assert all("civilians" not in {e.actor1, e.actor2} for e in battles)


def test_an_actor_word_the_trigger_starts_in_is_the_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Army warplanes bombed rebel positions in Idlib on Sunday.")
    assert {(e.sub_event_type, e.actor1) for e in r.events} == {("Air/drone strike", "syria-gov")}


@pytest.mark.parametrize(
    "text",
    [
        "Hezbollah, which fought for Assad for more than a decade, has said nothing so far.",
        "The militia grew out of tribal groups that fought in the desert in the 2000s.",
        "At the height of the war, thousands of foreign fighters fought under Iranian command.",
    ],
    ids=["for-a-decade", "in-the-2000s", "height-of-the-war"],
)
def test_background_over_years_is_no_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(pipeline, text).events == ()


def test_an_old_year_in_a_later_clause_leaves_the_fighting_today(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hayat Tahrir al-Sham and the army fought around Hama on Sunday, after a"
                       " truce agreed in 2020 collapsed.")
    assert {e.time.day for e in r.events if e.time} == {date(2024, 12, 8)}


def test_a_background_cue_in_a_later_clause_leaves_the_capture_today(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels took the town of Talbiseh on Friday, ending the army's rule over"
                       " it, which had been under siege for years before the deal.")
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("hts", _place_id(r, "Talbiseh"))
    ]
    before = _run(pipeline, "For years, rebels held the town of Talbiseh under siege.")
    assert before.events == ()


def test_the_city_entered_after_a_withdrawal_is_the_town_not_its_province(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS attacked Saraqib on Friday. Government forces withdrew on Saturday"
                       " from Maarrat al-Nu'man city in southern Idlib countryside, and the"
                       " factions entered the city without resistance.")
    town = _place_id(r, "Maarrat al-Nu'man")
    handovers = [e for e in r.events if e.sub_event_type == "Non-violent transfer of territory"]
    assert [(e.actor1, e.actor2, e.place.id if e.place else None) for e in handovers] == [
        ("hts", "syria-gov", town)
    ]
    assert [(c.place.id, c.to_actor) for c in r.control] == [(town, "hts")]


def test_units_pulling_back_to_the_city_left_no_named_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Local sources said the terrorists had entered the towns of al-Rastan and"
                       " Talbiseh, some 20 kilometers north of Homs, on Friday after the army units"
                       " pulled back to defensive lines closer to the city.")
    assert {e.sub_event_type for e in r.events} == {"Non-violent transfer of territory"}
    assert {e.place.id for e in r.events if e.place} == {
        _place_id(r, "al-Rastan"), _place_id(r, "Talbiseh")
    }


def test_the_factions_are_the_rebels_side_after_a_sentence_on_kurdish_fighters(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS and allied factions attacked Aleppo on Friday. Kurdish fighters"
                       " remain in Sheikh Maqsoud. The SDF was also named. The SDF again. In Idlib"
                       " countryside, the factions captured Saraqib on Saturday.")
    taken = [e for e in r.events if e.place and e.place.id == _place_id(r, "Saraqib")]
    assert [(e.actor1, e.actor2) for e in taken] == [("hts", "syria-gov")]


def test_a_date_in_an_earlier_relative_clause_does_not_date_the_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS took control of the Deir ez-Zor airport, which the SDF had seized"
                       " last Friday.")
    assert r.events
    assert all(e.time and e.time.latest == PUBLISHED for e in r.events)  # not "last Friday"


def test_an_abandoned_town_in_apposition_is_the_head_left_by_its_holder(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels took Hama. Homs, the hinge between Damascus and the coast, was"
                       " abandoned in the early hours of 8 December.")
    homs = _place_id(r, "Homs")
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control if c.place.id != _place_id(
        r, "Hama")] == [(homs, "syria-gov", "hts")]


@pytest.mark.parametrize(
    "apposition",
    [
        "the two coastal provinces",
        "the two coastal provinces long seen as the heartland of the ruling family",
        "both regarded as loyalist strongholds since the 1970s uprising was crushed",
    ],
    ids=["short", "seen-as", "regarded-as"],
)
def test_places_listed_before_an_apposition_all_change_hands(  # type: ignore[no-untyped-def]
    pipeline, apposition: str
) -> None:
    r = _run(pipeline, "HTS-led rebels pressed on with their offensive.\n\nLatakia and Tartus,"
                       f" {apposition}, were taken over without a fight on Sunday.")
    assert {c.place.admin1 for c in r.control} == {"adm1:SY-LA", "adm1:SY-TA"}, r.control


def test_the_subject_of_a_verb_after_a_subordinate_clause_is_the_main_one(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Israeli troops deployed along the frontier on Sunday, after Syrian troops"
                       " abandoned their posts, and captured the Syrian side of Mount Hermon.")
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control] == [
        ("feat:mount-hermon", "syria-gov", "israel")
    ]


def test_a_strike_is_not_placed_where_it_was_announced_far_away(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "In Washington, Central Command said US jets struck dozens of Islamic State"
                       " camps in the central Syrian desert on Sunday.")
    strikes = [e for e in r.events if e.event_type == "Explosions/Remote violence"]
    assert strikes and {e.place.id for e in strikes if e.place} == {"feat:syrian-desert"}


def test_a_return_into_the_country_is_placed_at_the_crossing_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Since Sunday, thousands of Syrians have crossed back into Syria from"
                       " Lebanon through the Masnaa border crossing, the UN refugee agency said.")
    returns = [e for e in r.events if e.sub_event_type == "Return"]
    assert [e.place.id for e in returns if e.place] == ["feat:masnaa-crossing"]


def test_strikes_that_also_hit_are_the_same_attackers(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Syrian and Russian jets pounded Idlib city. On Sunday, strikes also hit"
                       " tents near Sarmada, close to the Turkish border, killing a child.")
    strikes = {(e.actor1, e.place.id) for e in r.events if e.place and e.actor1}
    assert ("syria-gov", "feat:sarmada") in strikes, strikes


@pytest.mark.parametrize(
    ("text", "airport"),
    [
        ("SDF fighters entered Deir ez-Zor on Friday and took over the military airport.",
         "feat:deir-ez-zor-airport"),
        ("Rebels captured Aleppo on Saturday. They also seized the airport.", "feat:aleppo-airport"),
    ],
    ids=["same-sentence", "town-of-the-last-sentence"],
)
def test_the_airport_is_the_airport_of_the_town_just_named(  # type: ignore[no-untyped-def]
    pipeline, text: str, airport: str
) -> None:
    r = _run(pipeline, text)
    assert airport in {c.place.id for c in r.control}, r.control


def test_an_aside_about_the_subject_neither_dates_nor_acts(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hezbollah, which fought beside Assad's army for more than a decade, sent"
                       " some 2,000 fighters to the Syrian town of Qusayr on Friday.")
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("hezbollah", _place_id(r, "Qusayr"))
    ]


@pytest.mark.parametrize(
    ("text", "closer"),
    [
        ("Lebanon closed all its land crossings with Syria except Masnaa on Friday.", "lebanon"),
        ("Lebanon on Friday closed its border with Syria.", "lebanon"),
        ("Thousands who fled to Lebanon said the crossings were closed behind them.", None),
    ],
    ids=["lebanon-closed", "day-between", "fled-to-lebanon"],
)
def test_a_country_named_as_subject_closes_its_border_as_its_state(  # type: ignore[no-untyped-def]
    pipeline, text: str, closer: str | None
) -> None:
    r = _run(pipeline, text)
    closers = [e.actor1 for e in r.events if e.event_type == "Strategic developments"]
    assert closers == ([closer] if closer else []), r.events


def test_towns_listed_after_including_change_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern rebels advanced on Saturday. The monitor said the army had"
                       " withdrawn from a string of towns in the province, including Sanamayn,"
                       " Nawa and Jasim.")
    assert {_place_id(r, t) for t in ("Sanamayn", "Nawa", "Jasim")} <= {
        c.place.id for c in r.control if c.from_actor == "syria-gov"
    }, r.control


@pytest.mark.parametrize(
    "text",
    [
        "SNA units pushed east toward the Tishrin Dam, where clashes with the YPG continued on"
        " Tuesday.",
        "SNA units pushed east toward the Tishrin Dam on the Euphrates, where clashes with the"
        " YPG continued on Tuesday.",
    ],
    ids=["where", "site-on-a-river-where"],
)
def test_clashes_that_continued_where_a_place_is_named_are_there(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [(e.event_type, e.actor1, e.actor2, e.place.id if e.place else None)
            for e in r.events] == [("Battles", "sna", "sdf", "feat:tishreen-dam")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Crowds gathered in Umayyad Square, firing into the air and toppling a statue of Hafez"
         " al-Assad.", "feat:umayyad-square"),
        ("People wandered through the presidential palace, carrying off furniture and lamps.",
         "feat:presidential-palace"),
    ],
    ids=["crowds-toppling", "carrying-off"],
)
def test_crowds_that_loot_or_topple_are_civilians(pipeline, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Damascus on Sunday.\n\n" + text)
    assert ("civilians", place) in {
        (e.actor1, e.place.id if e.place else None) for e in r.events
        if e.sub_event_type == "Looting/property destruction"
    }, r.events


@pytest.mark.parametrize(
    "text",
    [
        "Russian agencies, citing a Kremlin source, say Assad and his family are in Moscow and"
        " have been granted asylum on humanitarian grounds.",
        "Assad and his family arrive in Moscow, granted asylum",
    ],
    ids=["have-been-granted", "headline"],
)
def test_asylum_granted_in_a_capital_is_given_by_its_state(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [(e.actor1, e.actor2) for e in r.events] == [("russia", "assad")], r.events


def test_asylum_granted_long_ago_abroad_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands of Syrians have been granted asylum in Germany since 2015.")
    assert r.events == ()


def test_a_return_is_not_placed_in_the_country_people_came_back_from(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Tens of thousands of Syrians have crossed back from Turkey and Lebanon"
                       " since Sunday.")
    assert [e.place.id for e in r.events if e.place] == ["iso:SY"]


def test_warplanes_of_two_states_strike_as_the_first_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Syrian and Russian warplanes on Friday targeted convoys of militants on the"
                       " road between Hama and Homs.")
    # a strike on convoys, not a deployment of them
    assert {(e.event_type, e.actor1) for e in r.events} == {
        ("Explosions/Remote violence", "syria-gov")
    }, r.events


@pytest.mark.parametrize(
    "text",
    [
        "US-backed Syrian rebels seize Palmyra from the desert",
        "Syrian opposition fighters backed by the United States captured Palmyra on Saturday.",
    ],
    ids=["glued", "backed-by"],
)
def test_rebels_backed_by_a_state_with_two_clients_are_its_client_of_their_side(  # type: ignore[no-untyped-def]
    pipeline, text: str
) -> None:
    # the pack has the US support the SDF and the Syrian Free Army; "rebels" are the
    # opposition's side, so the Syrian Free Army
    r = _run(pipeline, text)
    assert [c.to_actor for c in r.control] == ["syrian-free-army"], r.control


def test_a_ceasefire_between_a_state_and_a_group_named_with_its_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "A ceasefire between Israel and Lebanon's Hezbollah took effect on Wednesday.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in r.events] == [
        ("Agreement", "israel", "hezbollah")
    ]


def test_missile_boats_striking_a_fleet_is_a_missile_attack_on_its_navy(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Israeli missile boats struck the Syrian fleet at the Minet al-Beida naval"
                       " facility overnight, the army said.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in r.events] == [
        ("Shelling/artillery/missile attack", "israel", "syria-gov")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israeli forces moved into the demilitarised buffer zone on the Golan Heights on Sunday.",
         [("israel", "syria-gov", "feat:golan-buffer-zone")]),
        ("The SDF also moved into Albu Kamal on the Iraqi border on Friday.",
         [("sdf", "syria-gov", "gn:174448")]),
        ("Displaced families moved into tents near Sarmada.", []),
    ],
    ids=["israel-buffer-zone", "sdf-town", "families-no-handover"],
)
def test_forces_moving_into_a_place_take_it_over_from_its_holder(  # type: ignore[no-untyped-def]
    pipeline, text: str, expected: list[tuple[str, str, str]]
) -> None:
    r = _run(pipeline, text)
    assert [(e.actor1, e.actor2, e.place.id if e.place else None) for e in r.events
            if e.sub_event_type == "Non-violent transfer of territory"] == expected
    assert r.control == ()  # the taking is told with its own verbs, if at all


def test_towns_that_fell_go_to_the_rival_not_to_an_ally_of_their_holder(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS pressed on. Hezbollah pulled its fighters out of Qusayr on Saturday."
                       " On Friday, Rastan and Talbiseh, two towns on the highway north of Homs,"
                       " had fallen.")
    assert {c.to_actor for c in r.control} == {"hts"}, r.control


@pytest.mark.parametrize(
    "text",
    [
        "In neighbouring Suweida, the heartland of the Druze, local armed groups took over the"
        " governorate building and the central prison late on Friday.",
        "In neighbouring Suwayda, Druze armed groups drove security forces out of the provincial"
        " capital overnight and seized police stations, residents said.",
    ],
    ids=["frame-with-adjective", "drove-out-and-seized"],
)
def test_the_town_a_sentence_opens_in_passes_to_its_own_armed_groups(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control] == [
        ("gn:172408", "syria-gov", "druze-militias")
    ], r.control


def test_a_neighbour_at_peace_with_the_leaver_takes_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Iraq sent troops to reinforce its border near Al-Qaim on Friday after"
                       " Syrian government forces withdrew from Albu Kamal.")
    assert all(c.to_actor != "iraq" for c in r.control), r.control


def test_a_sentence_that_opens_in_a_town_places_its_withdrawal(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Douma on Saturday. In Jaramana, Druze gunmen took"
                       " charge after police stations were abandoned on Sunday.")
    assert _place_id(r, "Douma") not in {
        e.place.id for e in r.events if e.place and e.time and e.time.day == date(2024, 12, 8)
    }
    assert any(m.id == "druze-militias" for m in r.mentions)


def test_imposing_control_over_a_city_is_a_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS and allied factions imposed their control over most neighbourhoods"
                       " of Aleppo on Saturday.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [(_place_id(r, "Aleppo"), "hts")]


def test_a_backer_in_a_relative_clause_takes_nothing_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF, which is backed by the United States, said it had handed over"
                       " its positions in Deir ez-Zor.")
    assert "usa" not in {c.to_actor for c in r.control}
    glued = _run(pipeline, "In Manbij, where armed groups supported by Turkey took control on"
                           " Monday, residents reported looting.")
    assert [c.to_actor for c in glued.control] == ["sna"]


def test_mezzeh_military_air_base_is_the_base(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels also took over the Mezzeh military air base in western Damascus.")
    assert [c.place.id for c in r.control] == ["feat:mezzeh-air-base"]


def test_forces_that_left_named_towns_hand_them_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Damascus on Sunday. Government forces have left Darayya"
                       " and Harasta, residents said.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} >= {
        (_place_id(r, "Darayya"), "syria-gov", "hts"), (_place_id(r, "Harasta"), "syria-gov", "hts")
    }
    quiet = _run(pipeline, "Government forces left little behind, residents said.")
    assert quiet.control == ()


def test_clearing_a_town_of_fighters_is_a_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Syrian National Army has cleared the northern town of Tal Rifaat of"
                       " YPG terrorists.")
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control] == [
        (_place_id(r, "Tal Rifaat"), "sdf", "sna")
    ]


def test_people_who_left_a_city_for_another_fled_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in ("Tens of thousands of people left Homs city for the coast.",
                 "In Homs, thousands of residents of the Alawite districts left toward Tartus.",):
        r = _run(pipeline, text)
        assert [(e.sub_event_type, e.place.id if e.place else None) for e in r.events] == [
            ("Population flight", _place_id(r, "Homs"))
        ], text
    assert _run(pipeline, "Two people left Homs, a friend said, and came back later.").events == ()


def test_southern_fighters_are_the_southern_rebels(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern fighters reached Kisweh, south of the capital, late on Saturday.")
    assert {e.actor1 for e in r.events} == {"southern-rebels"}


def test_a_capture_told_with_the_withdrawal_before_it_is_one_change(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS attacked Aleppo on Friday. HTS took Saraqib. HTS also took Maarat"
                       " al-Numan. Meanwhile, the Turkish-backed factions of the SNA launched an"
                       " operation on Saturday. The factions seized Kuweires military airport"
                       " on Saturday night after regime forces pulled out of it.")
    base = [e for e in r.events if e.place and e.place.id == "feat:kuweires-air-base"]
    assert [(e.sub_event_type, e.actor1) for e in base] == [
        ("Non-state actor overtakes territory", "sna")
    ]
    assert [c.to_actor for c in r.control if c.place.id == "feat:kuweires-air-base"] == ["sna"]


def test_a_mediator_is_party_to_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "SDF commander Mazloum Abdi said on Wednesday that a U.S.-mediated"
                       " ceasefire had been reached in Manbij.")
    assert "usa" not in {a for e in r.events for a in (e.actor1, e.actor2)}
    strike = _run(pipeline, "Israeli jets struck the Mezzeh base again on Monday.")
    assert [e.place.id for e in strike.events if e.place] == ["feat:mezzeh-air-base"]


def test_an_abandoned_tank_and_a_stormed_consulate_change_no_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text in ("Rebel fighters stand on a tank abandoned near Saraqib on Friday.",
                 "On Friday, gunmen stormed the Iranian consulate general in Aleppo."):
        r = _run(pipeline, text)
        assert r.control == (), text
    r = _run(pipeline, "Rebels stormed the town of Saraqib on Friday.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [(_place_id(r, "Saraqib"), "hts")]


def test_each_clause_keeps_its_own_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern rebels captured Daraa city on December 6, and Damascus fell in"
                       " the early hours of December 8 without a battle.")
    days = {e.place.id: e.time.day for e in r.events if e.place and e.time}
    assert days[_place_id(r, "Daraa")] == date(2024, 12, 6)
    assert days[_place_id(r, "Damascus")] == date(2024, 12, 8)


def test_clashes_that_broke_out_on_a_named_morning_are_placed(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels pushed south from Idlib. Heavy clashes broke out on Saturday"
                       " morning around army bases in Hama.")
    hama = _place_id(r, "Hama")
    assert ("Armed clash", hama, date(2024, 12, 7)) in {
        (e.sub_event_type, e.place.id if e.place else None, e.time.day if e.time else None)
        for e in r.events
    }


def test_a_base_changes_hands_but_a_river_does_not(pipeline) -> None:  # type: ignore[no-untyped-def]
    base = _run(pipeline, "The Syrian National Army captured the Kuweires air base on Sunday.")
    assert {e.place.id for e in base.events if e.place} == {"feat:kuweires-air-base"}
    river = _run(pipeline, "The SDF seized the Euphrates crossings on Sunday.")
    assert all(e.place is None or e.place.id != "feat:euphrates" for e in river.events)


def test_a_group_the_theater_does_not_know_does_not_inherit_the_last_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The army withdrew from Deraa on Friday. In Suwayda, local armed groups"
                       " took control of the city on Saturday.")
    assert all(c.to_actor != "syria-gov" for c in r.control)
    assert all(e.actor1 != "syria-gov" for e in r.events
               if e.sub_event_type == "Government regains territory")


def test_a_capture_told_with_the_withdrawal_is_one_change_of_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels reached Homs on Saturday. Hours later the rebels said they had"
                       " taken full control of Homs, as government troops abandoned the city.")
    homs = _place_id(r, "Homs")
    changes = [e.sub_event_type for e in r.events
               if (e.place and e.place.id == homs and e.event_type != "Battles")
               or e.sub_event_type == "Non-state actor overtakes territory"]
    assert changes == ["Non-state actor overtakes territory"], changes
    assert [(c.place.id, c.to_actor) for c in r.control] == [(homs, "hts")]


def test_people_who_left_a_town_for_another_fled_the_first(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands of people have left Hama for Homs in recent days.")
    hama = _place_id(r, "Hama")
    assert {(e.sub_event_type, e.place.id if e.place else None) for e in r.events} == {
        ("Population flight", hama)
    }


def test_the_border_people_stream_towards_is_not_where_they_fled(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands of Syrians are streaming towards the Lebanese border from Homs.")
    homs = _place_id(r, "Homs")
    assert {e.place.id for e in r.events if e.place} == {homs}


def test_a_town_that_fell_as_did_another_gives_both(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Maarat al-Numan fell to the rebels on Saturday, as did the nearby Saraqib.")
    taken = {c.place.id for c in r.control}
    assert taken == {_place_id(r, "Maarat al-Numan"), _place_id(r, "Saraqib")}, taken


def test_a_foreign_army_moving_in_unopposed_is_a_transfer_not_a_battle(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Israeli forces seized Mount Hermon on Sunday.")
    assert {(e.event_type, e.sub_event_type, e.actor1) for e in r.events} == {
        ("Strategic developments", "Non-violent transfer of territory", "israel")
    }
    fought = _run(pipeline, "Rebels seized Hama on Sunday after heavy fighting.")
    assert {e.event_type for e in fought.events} == {"Battles"}


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Russian warplanes carried out dozens of strikes on rebel positions around Hama.",
         "Air/drone strike"),
        ("The army said it had pushed the rebels back from villages around Mhardeh.",
         "Armed clash"),
        ("The army repelled an attack on Mhardeh on Sunday.", "Armed clash"),
    ],
    ids=["carried-out-strikes", "pushed-back", "repelled-attack"],
)
def test_more_phrasings_of_strikes_and_clashes(pipeline, text: str, sub_event_type: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert sub_event_type in {e.sub_event_type for e in r.events}, r.events


def test_the_capital_of_a_province_is_its_capital_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels seized the capital of Hama province on Thursday.")
    hama_town = "gn:170017"
    assert {c.place.id for c in r.control} == {hama_town}


def test_towns_passing_to_the_factions_go_to_the_pack_s_group_of_that_region(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Druze fighters took Suwayda on Saturday. The towns of Izraa and Sanamayn"
                       " also passed to the factions, rebels said.")
    izraa, sanamayn = _place_id(r, "Izraa"), _place_id(r, "Sanamayn")
    takers = {c.place.id: c.to_actor for c in r.control}
    assert (takers.get(izraa), takers.get(sanamayn)) == ("southern-rebels", "southern-rebels")


def test_a_qualified_unknown_group_takes_nothing_from_the_last_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters took Saraqib on Friday. Local tribal fighters took Manbij"
                       " on Saturday.")
    assert _place_id(r, "Manbij") not in {c.place.id for c in r.control}


def test_the_factions_are_the_side_the_bulletin_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters entered Saraqib on Friday. Further south, the town of Morek"
                       " in northern Hama countryside fell to the factions on Monday.")
    assert {(c.place.id, c.to_actor) for c in r.control} == {(_place_id(r, "Morek"), "hts")}


@pytest.mark.parametrize(
    ("text", "taker"),
    [("Rebels captured Nawa and Jasim in western Daraa province on Saturday.", "southern-rebels"),
     ("HTS captured Nawa and Jasim in western Daraa province on Saturday.", "hts"),
     ("Rebels captured Saraqib and Sarmin in Idlib province on Saturday.", "hts")],
    ids=["generic-in-the-south", "named-in-the-south", "generic-in-the-north"],
)
def test_generic_rebels_in_a_region_are_its_local_groups(pipeline, text: str, taker: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert len(r.control) == 2
    assert {c.to_actor for c in r.control} == {taker}


def test_a_town_taken_by_fighters_of_a_named_group_goes_to_that_group(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hezbollah pulled out of Qusayr. Palmyra was captured on Saturday by"
                       " fighters of the Syrian Free Army after the army left.")
    assert {(c.place.id, c.to_actor) for c in r.control} == {
        (_place_id(r, "Palmyra"), "syrian-free-army")
    }


def test_a_base_with_coordinates_changes_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SNA seized the Kuweires air base east of Aleppo on Saturday.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [("feat:kuweires-air-base", "sna")]


def test_a_place_that_only_locates_the_subject_is_not_the_event_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Saraqib, a crossroads town south-west of Aleppo, fell to the rebels on"
                       " Friday evening.")
    assert [c.place.id for c in r.control] == [_place_id(r, "Saraqib")]


def test_the_city_is_the_town_the_report_is_about_not_a_destination(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels took control of Hama on Thursday after the army withdrew towards"
                       " the road to Homs. The rebels stormed the city from the north.")
    hama = _place_id(r, "Hama")
    assert {e.place.id for e in r.events if e.place is not None} == {hama}


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor1", "place"),
    [
        ("Israeli missile boats struck naval vessels moored off Latakia on Monday night.",
         "Shelling/artillery/missile attack", "israel", "Latakia"),
        ("Government artillery targeted positions of the insurgents around Morek on Monday.",
         "Shelling/artillery/missile attack", "syria-gov", "Morek"),
        ("Iranian advisers were seen leaving their compound in Deir ez-Zor on Sunday.",
         "Other", "iran", "Deir ez-Zor"),
        ("Hundreds of families returned to Saraqib on Monday as the front moved south.",
         "Return", "civilians", "Saraqib"),
        ("Army troops opened fire on demonstrators in Suwayda on Sunday, killing two.",
         "Excessive force against protesters", "syria-gov", "Suwayda"),
        # (the central prison is a site the pack names: see the prison test below)
        ("HTS fighters opened the cells of the military police jail in Homs on Sunday.",
         "Other", "hts", "Homs"),
    ],
    ids=["missile-boats", "targeted-positions", "advisers-leaving", "families-returned",
         "fire-on-demonstrators", "opened-cells"],
)
def test_moves_strikes_returns_and_releases(  # type: ignore[no-untyped-def]
    pipeline, text: str, sub_event_type: str, actor1: str, place: str
) -> None:
    r = _run(pipeline, text)
    place_id = _place_id(r, place)
    found = {(e.sub_event_type, e.actor1, e.place.id if e.place else None) for e in r.events}
    assert (sub_event_type, actor1, place_id) in found, found


def test_a_state_closing_its_border_is_placed_in_that_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Jordan sealed its side of the frontier on Sunday night, officials said.")
    assert {(e.actor1, e.place.id if e.place else None) for e in r.events} == {
        ("jordan", "iso:JO")
    }


def test_soldiers_crossing_a_border_are_a_move_not_displacement(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "About 300 Syrian soldiers crossed into Lebanon overnight, officials said.")
    assert {(e.event_type, e.actor1) for e in r.events} == {("Strategic developments", "syria-gov")}


def test_reinforcements_belong_to_the_side_the_report_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Government troops dug in north of Hama on Sunday. Reinforcements reached"
                       " the front line at Morek on Monday.")
    assert ("Other", "syria-gov") in {(e.sub_event_type, e.actor1) for e in r.events}, r.events


def test_a_release_is_done_by_the_actor_named_after_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Russia kept quiet on Sunday. Hundreds of inmates walked out of the prison"
                       " in Homs after HTS fighters forced the gates.")
    assert {e.actor1 for e in r.events if e.sub_event_type == "Other"} == {"hts"}


def test_a_strike_with_no_place_named_is_in_the_town_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Fighting raged in Maarat al-Numan on Sunday.\n\nRussian jets bombed a"
                       " market on Monday, killing four civilians.")
    town = _place_id(r, "Maarat al-Numan")
    assert {e.place.id for e in r.events if e.sub_event_type == "Air/drone strike"} == {town}


@pytest.mark.parametrize(
    "text",
    ["Israel and Hezbollah agreed a ceasefire on Nov 27 after two months of war.",
     "The army repelled an attack on Morek, an officer told SANA on Sunday."],
    ids=["month-abbreviation", "news-agency"],
)
def test_dates_and_news_agencies_are_not_places(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert not {m.text for m in r.mentions if m.kind.value == "place"} & {"Nov", "SANA"}


@pytest.mark.parametrize(
    "text",
    ["Tribal fighters allied to HTS entered Mayadin on Tuesday after the SDF pulled out.",
     "HTS fighters drove into Jableh on Tuesday without firing a shot."],
    ids=["after-pullout", "without-a-shot"],
)
def test_moving_into_a_town_the_other_side_left_changes_its_hands(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [(c.to_actor, c.place.name) for c in r.control] != []
    assert {e.sub_event_type for e in r.events} == {"Non-violent transfer of territory"}


def test_entering_a_town_after_fighting_is_not_a_change_of_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Hama on Thursday after days of fighting.")
    assert r.control == ()
    assert {e.sub_event_type for e in r.events} == {"Armed clash"}


def test_a_list_of_places_may_say_what_each_one_is(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF moved into Raqqa and the border town of Albu Kamal on Friday as"
                       " government troops melted away.")
    raqqa, albu_kamal = _place_id(r, "Raqqa"), _place_id(r, "Albu Kamal")
    assert {c.place.id for c in r.control} == {raqqa, albu_kamal}


def test_soldiers_who_fled_are_not_displaced_people(pipeline) -> None:  # type: ignore[no-untyped-def]
    routed = _run(pipeline, "Army officers fled towards the coast on Sunday as rebels closed in.")
    assert "Population flight" not in {e.sub_event_type for e in routed.events}
    people = _run(pipeline, "Residents of SDF-held districts fled towards Raqqa on Sunday.")
    assert "Population flight" in {e.sub_event_type for e in people.events}


def test_a_strike_carries_the_side_just_named_but_not_the_people(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Russian jets pounded Atarib on Sunday.\n\nA strike hit a bakery in"
                       " Atarib on Monday, rescuers said.")
    assert {e.actor1 for e in r.events if e.sub_event_type == "Air/drone strike"} == {"russia"}
    people = _run(pipeline, "Thousands of residents fled Atarib on Sunday.\n\nShelling hit a"
                            " bakery in Atarib on Monday, rescuers said.")
    assert "civilians" not in {
        e.actor1 for e in people.events if e.event_type == "Explosions/Remote violence"
    }


def test_the_actor_whose_phrase_the_trigger_starts_in_acts(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Jordanian officials said some 500 Syrian soldiers crossed into Jordan on"
                       " Saturday.")
    assert {e.actor1 for e in r.events} == {"syria-gov"}


def test_reaching_a_town_is_fighting_there(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern factions said on Saturday they had reached Kiswah, south of the"
                       " capital.")
    kiswah = _place_id(r, "Kiswah")
    assert {(e.sub_event_type, e.place.id if e.place else None) for e in r.events} == {
        ("Armed clash", kiswah)
    }
    assert _run(pipeline, "The death toll reached 40 on Saturday, the monitor said.").events == ()


def test_as_recently_as_last_week_is_news_and_as_recently_as_a_year_is_history(pipeline) -> None:  # type: ignore[no-untyped-def]
    recent = _run(pipeline, "Russian planes bombed Idlib as recently as last week.")
    assert {e.sub_event_type for e in recent.events} == {"Air/drone strike"}
    past = _run(pipeline, "Russian planes bombed Idlib as recently as 2020.")
    assert past.events == ()


def test_artillery_fire_told_with_clashes_is_part_of_the_battle(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels attacked Morek on Sunday.\n\nClashes broke out in Morek on Monday,"
                       " with residents reporting artillery fire near the hospital.")
    assert "Explosions/Remote violence" not in {e.event_type for e in r.events}, r.events


def test_a_departure_needs_a_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    bare = _run(pipeline, "Residents said army soldiers had left the compound overnight.")
    assert bare.events == ()
    flown = _run(pipeline, "The monitor said Bashar al-Assad left Damascus by plane on Sunday.")
    damascus = _place_id(flown, "Damascus")
    assert {(e.sub_event_type, e.place.id if e.place else None) for e in flown.events} == {
        ("Other", damascus)
    }


def test_an_agentless_passive_list_goes_to_the_attacker_not_the_holder(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels attacked army posts west of Aleppo on Wednesday. On Thursday the"
                       " town of Zarbah and the village of al-Hader were taken.")
    places = {_place_id(r, "Zarbah"), _place_id(r, "al-Hader")}
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        (p, "syria-gov", "hts") for p in places
    }


def test_reaching_an_understanding_is_not_an_advance(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Elders in Salamiyah said they had reached an understanding with the"
                       " fighters on Thursday.")
    assert r.events == ()


def test_first_time_since_a_year_is_not_background(pipeline) -> None:  # type: ignore[no-untyped-def]
    now = _run(pipeline, "Russian jets struck Aleppo on Saturday for the first time since 2016.")
    assert [(e.actor1, e.place.name if e.place else None) for e in now.events] == [
        ("russia", "Aleppo")
    ]
    then = _run(pipeline, "Iran had deployed members of its guards to Syria since 2012.")
    assert then.events == ()


def test_the_countryside_of_a_province_locates_the_village(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "A Turkish drone struck a car near Tell Tamr in the countryside of Hasakah"
                       " on Monday.")
    assert [e.place.id for e in r.events if e.place] == [_place_id(r, "Tell Tamr")]


def test_the_people_who_tell_of_a_strike_do_not_stop_its_carried_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Israel carried out hundreds of strikes on Monday. Among the targets hit"
                       " that night was the Mezzeh military airport, residents of the capital said.")
    assert ("israel", "feat:mezzeh-air-base") in {
        (e.actor1, e.place.id) for e in r.events if e.place
    }


@pytest.mark.parametrize(
    ("text", "change"),
    [("Fighters of the new authorities entered Deir ez-Zor on Wednesday after the Syrian"
      " Democratic Forces withdrew.", ("sdf", "hts")),
     ("The SDF, which is backed by the United States, moved into Albu Kamal on Friday as"
      " government troops melted away.", ("syria-gov", "sdf"))],
    ids=["named-leaver", "relative-clause-subject"],
)
def test_who_moves_into_a_town_and_who_left_it(pipeline, text: str, change: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [(c.from_actor, c.to_actor) for c in r.control] == [change]


def test_fighting_under_way_near_a_town_is_a_clash_there(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels pushed south on Monday. Heavy fighting is now under way near the"
                       " town of Souran, north of Hama.")
    assert ("Armed clash", _place_id(r, "Souran")) in {
        (e.sub_event_type, e.place.id) for e in r.events if e.place
    }


def test_a_list_of_places_may_name_each_site(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Israeli navy struck the naval facilities at Minet el-Beida and at the"
                       " port of Latakia overnight.")
    assert {e.place.id for e in r.events if e.place} == {
        _place_id(r, "Minet el-Beida"), _place_id(r, "Latakia")
    }


def test_an_apposition_naming_the_province_is_not_a_second_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebel fighters took control of Palmyra, the desert city in Homs province,"
                       " on Saturday.")
    assert [c.place.id for c in r.control] == [_place_id(r, "Palmyra")]


def test_the_object_of_a_relative_clause_is_not_the_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Fighters of the rebel command that toppled Bashar al-Assad entered Deir"
                       " ez-Zor on Wednesday after the Syrian Democratic Forces withdrew.")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("sdf", "hts")]
    assert {e.sub_event_type for e in r.events} == {"Non-violent transfer of territory"}


def test_the_side_that_just_took_a_town_does_not_hand_it_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters drove into Qardaha without firing a shot. Local notables met"
                       " the fighters at the entrance of the town and handed over the police"
                       " station.")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("syria-gov", "hts")]


@pytest.mark.parametrize(
    ("text", "actor1", "place"),
    [("Iran began evacuating its military commanders from Syria on Friday.", "iran", "iso:SY"),
     ("Jordan's army raised its readiness along the 375-kilometre border on Saturday and said"
      " it would not allow any threat.", "jordan", "iso:JO"),
     ("Assad arrived in Moscow on Sunday and was granted asylum by Russia.", "russia", "Moscow"),
     ("Hundreds of Iraqi militiamen crossed into Syria from Iraq near Albu Kamal on Monday.",
      "iraq-militias", "Albu Kamal"),
     ("Satellite images showed that Russian warships which had been moored at Tartus had left"
      " on Monday.", "russia", "Tartus")],
    ids=["evacuation", "readiness", "asylum", "militia-crossing", "warships-left"],
)
def test_moves_of_states_and_their_allies(pipeline, text: str, actor1: str, place: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    place_id = place if ":" in place else _place_id(r, place)  # a country is placed by its id
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [(actor1, place_id)]


def test_a_passive_asylum_with_no_giver_is_not_coded(pipeline) -> None:  # type: ignore[no-untyped-def]
    # no state named and no place abroad: nobody to code as its giver ("... in Moscow" has
    # one, tested below)
    assert _run(pipeline, "Assad has been granted asylum, his aides said.").events == ()


@pytest.mark.parametrize(
    "text",
    ["The Iranian embassy in Damascus was stormed and ransacked by unidentified gunmen on Sunday.",
     "HTS took Homs on Saturday. People stormed the Iranian embassy in Damascus on Sunday."],
    ids=["by-unknown-gunmen", "crowd"],
)
def test_a_building_stormed_by_unknown_men_or_a_crowd_changes_no_hands(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert {c.place.id for c in r.control} <= {_place_id(r, "Homs")} if "Homs" in text else (
        r.control == ()
    )
    assert "feat:iranian-embassy-damascus" not in {e.place.id for e in r.events if e.place}


def test_unnamed_warplanes_are_the_pack_s_air_force(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Warplanes struck the rebel-held town of Atarib on Thursday, killing four"
                       " civilians.")
    assert [(e.actor1, e.sub_event_type) for e in r.events] == [("syria-gov", "Air/drone strike")]
    unknown = _run(pipeline, "A strike by an unidentified aircraft hit Sarmada on Monday.")
    assert unknown.events == ()


@pytest.mark.parametrize(
    "text",
    ["HTS leader Jolani, who once fought for al-Qaeda in Iraq, spoke in Damascus on Sunday.",
     "An air strike by an unidentified aircraft hit near a camp for displaced people in Idlib.",
     "HTS took Homs on Saturday. Armed men entered the Central Bank in Damascus on Sunday.",
     "A truce took effect on Wednesday, the same morning the rebels struck."],
    ids=["once-fought", "displaced-people-camp", "armed-men", "intransitive-struck"],
)
def test_phrases_that_name_no_new_event_of_the_side(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert not [
        e for e in r.events
        if e.sub_event_type in {"Armed clash", "Population flight", "Air/drone strike"}
    ], r.events


def test_a_mediator_is_not_a_party_to_the_ceasefire(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On 11 December, SDF commander Mazloum Abdi announced a ceasefire in Manbij"
                       " mediated by the United States.")
    assert "usa" not in {e.actor1 for e in r.events}


def test_where_evacuees_were_flown_is_not_where_the_evacuation_was(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Iran began evacuating its commanders from Syria on Friday, with some flown"
                       " to Tehran.")
    assert [e.place.id for e in r.events if e.place] == ["iso:SY"]


def test_a_short_list_after_a_strike_is_one_event_per_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Army units targeted gatherings and fortified positions of the rebels around {}"
            " on Wednesday.")
    few = _run(pipeline, text.format("Souran, Tayyibat al-Imam and Halfaya"))
    assert len({e.place.id for e in few.events if e.place}) == 3
    many = _run(pipeline, text.format("Souran, Tayyibat al-Imam, Halfaya and Morek"))
    assert len({e.place.id for e in many.events if e.place}) == 1  # a campaign summed up


def test_the_mountain_is_the_site_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fought for days on Jabal Zain al-Abidin, the mountain that overlooks"
                       " Hama. The mountain fell to the factions on Wednesday night.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [
        ("feat:jabal-zain-al-abidin", "hts")
    ]


def test_continuing_to_confront_attacks_is_fighting(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Army units continued on Wednesday to confront attacks by the rebels near"
                       " Souran.")
    assert ("Armed clash", _place_id(r, "Souran")) in {
        (e.sub_event_type, e.place.id) for e in r.events if e.place
    }


def test_a_reinforced_frontier_and_a_speaker_with_an_adjective(pipeline) -> None:  # type: ignore[no-untyped-def]
    border = _run(pipeline, "Iraq said on Thursday it had reinforced the 600-km frontier with"
                            " army units.")
    assert [(e.actor1, e.place.id if e.place else None) for e in border.events] == [
        ("iraq", "iso:IQ")
    ]
    strike = _run(pipeline, "Israel carried out hundreds of strikes on Monday. Among the targets"
                            " hit was the Mezzeh military airport, a Syrian security source said.")
    assert ("israel", "feat:mezzeh-air-base") in {
        (e.actor1, e.place.id) for e in strike.events if e.place
    }


def test_a_party_s_own_account_after_the_event_is_its_claim(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Iran began evacuating its commanders from Syria on Friday, according to"
                       " Iranian officials.")
    assert [(e.modality.value, e.claimed_by) for e in r.events] == [("claimed", "iran")]
    monitor = _run(pipeline, "Rebels took Saraqib on Friday, according to the Syrian Observatory"
                             " for Human Rights.")
    assert {e.modality.value for e in monitor.events} == {"asserted"}


def test_families_forced_out_years_ago_return_now_to_that_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Families who had been forced from Tell Rifaat in 2016 began returning to"
                       " their homes on Monday.")
    assert [(e.sub_event_type, e.place.id if e.place else None) for e in r.events] == [
        ("Return", _place_id(r, "Tell Rifaat"))
    ]


def test_the_capital_is_the_theater_s_capital_unless_it_is_a_destination(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels swept into the capital on Sunday after the army withdrew.")
    assert [c.place.id for c in r.control] == ["gn:170654"]
    road = _run(pipeline, "Homs fell to the rebels on Saturday, opening the road to the capital.")
    assert "gn:170654" not in {e.place.id for e in road.events if e.place}


def test_looting_happens_in_the_town_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels took Hama on Thursday. Residents said fighters were looting shops"
                       " and homes.")
    assert ("Looting/property destruction", _place_id(r, "Hama")) in {
        (e.sub_event_type, e.place.id) for e in r.events if e.place
    }


def test_assaults_on_a_base_are_fighting() -> None:
    sudan = Pipeline(load_theater("sudan"))
    r = _run(sudan, "In January the RSF launched repeated assaults on the base of the 22nd"
                    " Infantry Division in Babanusa, which held out.", date(2024, 2, 1))
    assert {e.event_type for e in r.events} == {"Battles"}


def test_in_the_hands_of_is_a_change_of_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Aleppo's international airport is in the hands of the rebels, the monitor"
                       " says.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [("feat:aleppo-airport", "hts")]


def test_a_pronoun_takes_the_party_named_just_before_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF said its fighters had withdrawn from Tell Rifaat on Sunday,"
                       " rejecting claims by the mercenaries that they had taken the town by force.")
    assert ("sdf", "sna") in {(c.from_actor, c.to_actor) for c in r.control}
    assert "syria-gov" not in {c.from_actor for c in r.control}


def test_fighters_after_a_sentence_about_the_army_are_its_main_enemy(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS took Hama on Thursday. The army pulled back to Homs. In the east of"
                       " the province, fighters entered the town of Salamiyah without a fight.")
    assert ("hts", _place_id(r, "Salamiyah")) in {(c.to_actor, c.place.id) for c in r.control}


def test_the_seat_of_the_new_authorities_is_not_the_city_entered(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF held Deir ez-Zor for five days. On 11 December, fighters loyal to"
                       " the new authorities in Damascus entered the city after the SDF pulled out.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [(_place_id(r, "Deir ez-Zor"), "hts")]


def test_shells_that_fell_are_shelling_not_a_fall(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels pushed into Aleppo on Thursday. Shells fell on the student"
                       " housing of Aleppo University that day, killing four students.")
    assert ("Shelling/artillery/missile attack", "feat:aleppo-university") in {
        (e.sub_event_type, e.place.id) for e in r.events if e.place
    }
    assert r.control == ()


def test_an_attack_on_a_convoy_of_displaced_people_is_violence_against_civilians(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On Monday, SNA fighters attacked a convoy of displaced people on the road"
                       " near Deir Hafer.")
    assert [(e.event_type, e.actor1, e.actor2) for e in r.events] == [
        ("Violence against civilians", "sna", "civilians")
    ]


def test_a_backer_named_before_its_client_does_not_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Fighters of the US-backed Syrian Democratic Forces entered Deir al-Zor on"
                       " Friday after government troops abandoned their positions.")
    assert {c.to_actor for c in r.control} == {"sdf"}
    proxies = _run(pipeline, "Reports say Iranian-backed units have also positioned themselves in"
                             " Homs.")
    assert {e.actor1 for e in proxies.events} == {"iran"}


def test_leaving_the_towns_to_a_side_names_the_taker(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Troops pulled out of Albu Kamal on Friday, the monitor said, leaving the"
                       " town to SDF units.")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("syria-gov", "sdf")]


def test_a_fall_in_a_subordinate_clause_is_not_the_subject_s_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hezbollah sent about 2,000 fighters to Qusayr as Hama fell on 5 December.")
    assert "hezbollah" not in {c.to_actor for c in r.control}


def test_a_desert_named_after_a_city_only_locates_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Palmyra, the ancient city in Homs desert, was taken on 7 December by the"
                       " Syrian Free Army.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [
        (_place_id(r, "Palmyra"), "syrian-free-army")
    ]


def test_a_truce_between_two_sides_names_both_and_took_effect_is_no_capture(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "A ceasefire between Israel and Hezbollah took effect in Lebanon on"
                       " Wednesday.")
    assert [(e.sub_event_type, e.actor1, e.actor2, e.place.id if e.place else None)
            for e in r.events] == [("Agreement", "israel", "hezbollah", "iso:LB")]
    assert not r.control


def test_out_of_government_hands_passes_the_town_to_the_side_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels led by HTS entered Aleppo on Saturday. By nightfall most of the"
                       " city was out of government hands, a war monitor said.")
    assert {(c.from_actor, c.to_actor) for c in r.control} == {("syria-gov", "hts")}


@pytest.mark.parametrize(
    ("text", "sub_event_type", "place"),
    [
        ("Insurgents led by HTS pushed deep into Aleppo on Saturday.", "Armed clash", "Aleppo"),
        ('Rebels say Damascus is "liberated" and Assad has fled.',
         "Non-state actor overtakes territory", "Damascus"),
        ("Israeli jets struck bases overnight. Residents heard blasts near the Mezzeh military"
         " airport, which was hit repeatedly.", "Air/drone strike", "Mezzeh military airport"),
    ],
    ids=["pushed-deep-into", "quoted-liberated", "which-was-hit"],
)
def test_more_phrasings_of_advances_falls_and_strikes(
    pipeline, text: str, sub_event_type: str, place: str  # type: ignore[no-untyped-def]
) -> None:
    _assert_event_at(pipeline, text, sub_event_type, place)


def test_positions_near_a_town_are_retaken_without_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The army said its units had recaptured several positions near Zarbah.")
    assert [(e.sub_event_type, e.actor1) for e in r.events] == [
        ("Government regains territory", "syria-gov")
    ]
    assert not r.control
    town = _run(pipeline, "The army said its units had recaptured Zarbah.")
    assert [c.to_actor for c in town.control] == ["syria-gov"]


@pytest.mark.parametrize(
    ("text", "sub_event_type", "place"),
    [
        ("Tens of thousands of Syrians crossed into Lebanon on Monday.", "Population flight",
         "Lebanon"),
        ("Thousands of refugees crossed back into Syria from Lebanon on Monday.", "Return",
         "Syria"),
        ("HTS fighters entered the Central Bank of Syria in Damascus and carried away cash.",
         "Looting/property destruction", "Damascus"),
        ("In Homs, HTS fighters pulled down a statue of Hafez al-Assad on Sunday.",
         "Looting/property destruction", "Homs"),
    ],
    ids=["crossed-into-a-country", "crossed-back", "carried-away-cash", "pulled-down"],
)
def test_crossings_and_looting(
    pipeline, text: str, sub_event_type: str, place: str  # type: ignore[no-untyped-def]
) -> None:
    _assert_event_at(pipeline, text, sub_event_type, place)


def test_have_since_is_dated_up_to_the_report_not_the_story_s_day(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels reached Hama on 27 November. Many families have since returned"
                       " home to Hama.")
    returns = [e for e in r.events if e.sub_event_type == "Return"]
    assert returns and all(e.time is not None and e.time.day == PUBLISHED for e in returns)


def test_handing_a_town_to_a_side_passes_it_and_a_seat_of_power_is_no_event_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The army handed Deir al-Zor city and its military airport to the"
                       " Kurdish-led Syrian Democratic Forces on Friday.")
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control] == [
        (_place_id(r, "Deir al-Zor"), "syria-gov", "sdf")
    ]
    back = _run(pipeline, "In Deir el-Zour, the SDF handed control of the city to the new"
                          " authorities in Damascus on Wednesday.")
    assert [(c.place.id, c.from_actor) for c in back.control] == [
        (_place_id(back, "Deir el-Zour"), "sdf")
    ]
    weapons = _run(pipeline, "Soldiers crossed into Iraq, handing over their weapons to Iraqi"
                             " forces.")
    assert not weapons.control


def test_a_withdrawal_under_way_moves_no_control(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels were 3 km from Homs, and army units were reported to be pulling"
                       " out of the city's security compounds.")
    assert not r.control
    done = _run(pipeline, "Rebels were 3 km from Homs, and army units pulled out of the city.")
    assert [c.to_actor for c in done.control] == ["hts"]


def test_the_region_s_own_groups_take_what_the_army_leaves(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Syrian army abandons Deraa as rebels close in on Homs")
    assert [c.to_actor for c in r.control] == ["southern-rebels"]
    sweida = _run(pipeline, "Local factions in neighbouring Sweida took over security offices in"
                            " the provincial capital overnight.")
    assert [c.to_actor for c in sweida.control] == ["druze-militias"]


def test_clearing_a_named_region_passes_it_from_its_baseline_holder(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SNA also cleared the terrorists from the Al-Shahba region on Monday.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in r.events] == [
        ("Non-state actor overtakes territory", "sna", "sdf")
    ]
    assert [(c.place.id, c.from_actor, c.to_actor) for c in r.control] == [
        ("feat:shahba", "sdf", "sna")
    ]


def test_a_river_or_a_road_changes_no_hands(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels seized the M5 highway on Monday.")
    assert r.control == ()


@pytest.mark.parametrize(
    ("text", "towns"),
    [
        ("5 December - Hama falls after several days of fighting on its northern edge.",
         ["Hama"]),
        ("Maarrat al-Nu'man and Khan Sheikhoun fall on the same day.",
         ["Maarrat al-Nu'man", "Khan Sheikhoun"]),
        ("30 November - Most of Aleppo is in rebel hands as the army pulls out.", ["Aleppo"]),
        ("The town fell by the evening, and dozens of villages across the Shahba region were"
         " also taken.", ["Shahba region"]),
    ],
    ids=["falls", "fall-on-the-same-day", "in-rebel-hands", "region-also-taken"],
)
def test_timeline_lines_in_the_present_tense_pass_towns(pipeline, text: str, towns: list[str]) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS-led rebels pressed on with their offensive.\n\n" + text)
    assert {_place_id(r, t) for t in towns} <= {c.place.id for c in r.control}, r.control


@pytest.mark.parametrize(
    "text",
    [
        "Aleppo falls short of bread as the bakeries close.",
        "Aleppo falls silent on Monday night.",
        "Aleppo falls within range of the army's guns.",
    ],
    ids=["falls-short", "falls-silent", "falls-within"],
)
def test_falls_that_are_no_capture(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS-led rebels pressed on with their offensive.\n\n" + text)
    assert r.control == ()


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor1", "place"),
    [
        ("Morek was also taken by HTS on Sunday, as well as the villages of Al-Tamanah and"
         " Kafr Zita.", "Non-state actor overtakes territory", "hts", "Kafr Zita"),
        ("The army said its air force, backed by Russian jets, had hit terrorist headquarters"
         " in Idlib on Sunday.", "Air/drone strike", "syria-gov", "Idlib"),
        ("Officers said Assad had boarded a plane at Damascus airport on Sunday.", "Other",
         "syria-gov", "Damascus airport"),
        ("Moscow granted Assad and his family asylum on humanitarian grounds, the Kremlin said.",
         "Other", "russia", None),
        ("On 10 December, Mohammed al-Bashir was named caretaker prime minister.",
         "Change to group/activity", "hts", None),
    ],
    ids=["as-well-as-list", "air-force-had-hit", "boarded-a-plane", "granted-x-and-y-asylum",
         "named-prime-minister"],
)
def test_lists_air_forces_departures_asylum_and_appointments(
    pipeline, text: str, sub_event_type: str, actor1: str, place: str | None  # type: ignore[no-untyped-def]
) -> None:
    r = _run(pipeline, text)
    found = {(e.sub_event_type, e.actor1, e.place.id if e.place else None) for e in r.events}
    if place is None:
        assert sub_event_type in {f[0] for f in found if f[1] == actor1}, found
    else:
        assert (sub_event_type, actor1, _place_id(r, place)) in found, found


def test_asylum_is_placed_in_the_granting_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Moscow granted Assad and his family asylum on humanitarian grounds, the"
                       " Kremlin said.")
    assert {e.place.id for e in r.events if e.place} == {"iso:RU"}


def test_the_subject_of_a_subordinate_capture_is_its_own(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Jordan on Friday closed the Jaber crossing after armed groups took control"
                       " of the Nasib crossing on the Syrian side.")
    assert [c.to_actor for c in r.control] == ["southern-rebels"]
    # the subject six words from "after"; and "as" opening a clause of its own
    far = _run(pipeline, "Jordan closed the Jaber crossing on Friday after armed factions on the"
                         " Syrian side seized the Nasib crossing point.")
    assert [c.to_actor for c in far.control] == ["southern-rebels"]
    head = _run(pipeline, "Jordan shuts Jaber crossing as southern factions take Deraa")
    assert [c.to_actor for c in head.control] == ["southern-rebels"]
    # "its fighters" are the actor the sentence named before the clause
    its = _run(pipeline, "The Islamic State still has cells in the desert, and the monitor said"
                         " its fighters had attacked an army post near al-Sukhnah.")
    assert {e.actor1 for e in its.events if e.event_type == "Battles"} == {"isis"}
    sna = _run(pipeline, "Turkish-backed Syrian National Army factions said on Monday that they"
                         " had taken full control of Manbij.")
    assert [c.to_actor for c in sna.control] == ["sna"]


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("The town of Saraqib fell to the opposition overnight.", ["Saraqib"]),
        ("Maarrat al-Nu'man and Khan Shaykhun have also been taken by HTS, the monitor says.",
         ["Maarrat al-Nu'man", "Khan Shaykhun"]),
        ("The White Helmets are clearing unexploded ordnance from villages near Hama.", []),
    ],
    ids=["fell-to-the-opposition", "have-also-been-taken", "clearing-ordnance-is-no-capture"],
)
def test_opposition_perfect_passives_and_clearing(
    pipeline, text: str, taken: list[str]  # type: ignore[no-untyped-def]
) -> None:
    r = _run(pipeline, text)
    assert sorted(c.place.id for c in r.control) == sorted(_place_id(r, t) for t in taken)
    assert all(c.to_actor == "hts" for c in r.control)


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING: The army says it has left Hama as opposition fighters enter the city",
        "Rebel fighters entered Hama after local leaders negotiated the departure of troops.",
        "Hours earlier rebels had driven into Hama unopposed.",
    ],
    ids=["enter-as-army-left", "departure-negotiated", "driven-into-unopposed"],
)
def test_entering_a_town_the_army_left_takes_it(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    hama = _place_id(r, "Hama")
    assert [(c.place.id, c.to_actor) for c in r.control] == [(hama, "hts")]


def test_entering_a_town_alone_takes_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebel fighters entered Hama on Thursday as clashes went on.")
    assert r.control == ()


def test_a_list_of_towns_taken_in_the_passive_with_an_owner_in_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels pushed down the coast. Latakia, Tartus and the Assad family's home"
                       " town of Qardaha were taken over on Sunday as soldiers left their posts.")
    towns = {_place_id(r, name) for name in ("Latakia", "Tartus", "Qardaha")}
    assert {c.place.id for c in r.control} == towns
    assert {(c.from_actor, c.to_actor) for c in r.control} == {("syria-gov", "hts")}


def test_an_agentless_capture_heading_a_report_goes_to_the_group_it_names_most(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Saraqib and Maarat al-Numan were taken on Friday\n\n"
            "HTS fighters pushed south, a monitor said. HTS units were seen in the streets.")
    r = _run(pipeline, text)
    assert {(c.place.id, c.to_actor) for c in r.control} == {
        (_place_id(r, "Saraqib"), "hts"), (_place_id(r, "Maarat al-Numan"), "hts")
    }


def test_entering_a_town_its_holder_was_said_to_have_left_takes_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Syrian government forces withdrew from the desert city of Palmyra overnight. The"
            " Syrian Free Army, an opposition faction trained at al-Tanf, said on Saturday that"
            " its fighters had moved up the desert road and entered Palmyra.")
    r = _run(pipeline, text)
    palmyra = _place_id(r, "Palmyra")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        (palmyra, "syria-gov", "syrian-free-army")
    }
    # the same entry with no word of a withdrawal is fighting, not a change of hands
    alone = _run(pipeline, text.split(". ", 1)[1])
    assert alone.control == ()


def test_the_leaver_re_entering_takes_nothing_back(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The army withdrew from Hama on Thursday. Troops entered Hama again on"
                       " Friday in a brief raid.")
    assert all(c.to_actor != "syria-gov" for c in r.control), r.control


def test_entering_after_the_militias_left_takes_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "SDF fighters also entered Al-Mayadeen city after the Iranian militias"
                       " left their headquarters there.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [
        (_place_id(r, "Al-Mayadeen"), "sdf")
    ]


def test_an_agentless_fall_in_a_new_paragraph_goes_to_the_report_s_main_group(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("HTS fighters took Aleppo. HTS said its units held the citadel. HTS leaders spoke.\n\n"
            "1 December - Turkey-backed SNA factions open a second front north of Aleppo.\n\n"
            "5 December - Hama falls after days of fighting on its northern edge.")
    r = _run(pipeline, text)
    hama = _place_id(r, "Hama")
    assert [c.to_actor for c in r.control if c.place.id == hama] == ["hts"]
    # in the same paragraph, the group just named is the one that acts
    same = _run(pipeline, text.replace("north of Aleppo.\n\n5 December -", "north of Aleppo."))
    assert [c.to_actor for c in same.control if c.place.id == hama] == ["sna"]


@pytest.mark.parametrize(
    ("text", "sub_event_type", "place"),
    [
        ("Syrian government forces launched a counteroffensive north of Hama on Tuesday.",
         "Armed clash", "Hama"),
        ("HTS fighters pressed south. Fighting was heaviest around the town of Suran on"
         " Tuesday.", "Armed clash", "Suran"),
        ("HTS fighters pushed on. Aleppo international airport and the nearby Nayrab military"
         " airbase were taken in the afternoon.",
         "Non-state actor overtakes territory", "Nayrab military airbase"),
    ],
    ids=["counteroffensive", "fighting-heaviest-around", "and-the-nearby"],
)
def test_counteroffensives_heaviest_fighting_and_nearby_sites(
    pipeline, text: str, sub_event_type: str, place: str  # type: ignore[no-untyped-def]
) -> None:
    _assert_event_at(pipeline, text, sub_event_type, place)


def test_a_group_named_by_its_backer_is_the_backers_client(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the pack's relations say Turkey supports one armed group, the SNA; the SDF is named
    # after its backer ("US-backed") and is the side that lost the town
    r = _run(pipeline, "Syrian factions backed by Turkey said they captured the northern city"
                       " of Manbij from the US-backed Syrian Democratic Forces on Monday.")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("sdf", "sna")]
    # Iran backs several armed groups in the pack: its "allied militias" stay unnamed
    iran = _run(pipeline, "Militias backed by Iran captured the village of Hatla.")
    assert all(c.to_actor != "iran" for c in iran.control)


def test_a_backer_inside_an_apposition_is_not_the_agent(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Syrian Free Army, a small US-backed group based at al-Tanf, drove"
                       " north across the desert and seized Palmyra on 7 December.")
    assert [c.to_actor for c in r.control] == ["syrian-free-army"]


def test_its_units_are_the_men_of_the_actor_named_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Kurdish forces held the city for years. A spokesman for the Syrian"
                       " National Army said its units had \"liberated\" Manbij.")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("sdf", "sna")]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("SNA fighters captured Manbij and were combing the neighbourhoods.", False),
        ("The SDF took control of the city of Deir al-Zor on Friday after government troops"
         " withdrew. The SDF moved into the city from its positions on the eastern bank hours"
         " after the army pulled out.", False),
        ("HTS captured Aleppo as well as dozens of villages.", True),
        # the villages around a named town are that town's surroundings: the gold of every
        # split codes "Deir Hafer and several nearby villages" at the town only
        ("The rebels captured Saraqib and nearby villages.", False),
        ("Rebels took Maarat al-Numan and Saraqib, two towns on the M5 highway.", False),
    ],
    ids=["second-verb", "positions-they-came-from", "as-well-as-villages", "and-nearby-villages",
         "apposition-counts-the-named"],
)
def test_unnamed_territory_is_coded_at_the_country_only_when_taken(  # type: ignore[no-untyped-def]
    pipeline, text: str, country: bool
) -> None:
    r = _run(pipeline, text)
    assert any(c.place.id == "iso:SY" for c in r.control) is country, r.control


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Insurgents overran a string of government-held villages in the countryside west of"
         " Aleppo on Wednesday.", {"adm1:SY-HL"}),
        ("SNA units also took dozens of villages in the Shahba region on Monday.",
         {"feat:shahba"}),
        ("HTS took the town of Khan Shaykhun and several villages in the southern countryside of"
         " Idlib.", {"gn:168325", "adm1:SY-ID"}),
    ],
    ids=["countryside-west-of", "named-region", "named-town-and-villages"],
)
def test_unnamed_villages_are_coded_at_the_region_they_lie_in(  # type: ignore[no-untyped-def]
    pipeline, text: str, expected: set[str]
) -> None:
    r = _run(pipeline, text)
    assert {c.place.id for c in r.control} == expected, r.control


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the side that lost the last town takes nothing when the next is "also taken"
        ("Opposition factions took Souran on Tuesday. A correspondent said the regime forces"
         " withdrew from Taybat al-Imam after brief clashes. The town of Kafr Zita was also"
         " taken later on Tuesday.",
         {("Şūrān", "syria-gov", "hts"), ("Ţayyibat al Imām", "syria-gov", "hts"),
          ("Kafr Zaytā", "syria-gov", "hts")}),
        # a place taken earlier in the report, told again agentless: the same taker
        ("Rebels took control of Aleppo's international airport on Saturday. Fighters walked"
         " across the runway at Nairab airport, east of Aleppo, where several aircraft of the"
         " state carrier stood abandoned. The airport fell on Saturday afternoon.",
         {("Aleppo International Airport", "syria-gov", "hts")}),
        # a place in the subject's apposition only locates it
        ("Khan Shaykhun, further south and close to the boundary with Hama province, fell on"
         " Sunday morning, the rebels said.",
         {("Khān Shaykhūn", "syria-gov", "hts")}),
    ],
    ids=["also-taken-after-a-withdrawal", "told-again-and-stood-abandoned", "boundary-with"],
)
def test_who_took_a_town_told_without_its_taker(  # type: ignore[no-untyped-def]
    pipeline, text: str, expected: set[tuple[str, str, str]]
) -> None:
    r = _run(pipeline, text)
    assert {(c.place.name, c.from_actor, c.to_actor) for c in r.control} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds sought refuge at the Hmeimim air base south of Latakia in the days after"
        " Assad fell.",
        "Rebel fighters fired into the air in celebration.",
        "Hama was also a centre of the mass protests of 2011.",
    ],
    ids=["a-ruler-falls", "celebratory-fire", "protests-of-2011"],
)
def test_no_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [e for e in r.events if e.event_type != "Displacement"] == []
    assert not r.control


def test_a_government_entry_after_a_withdrawal_is_a_valid_hand_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    # "Government regains territory" is a Battles sub-type: an unopposed entry stays a
    # Strategic developments hand-over whoever enters
    taxonomy = json.loads((ROOT / "tests" / "gold" / "examples" / "taxonomy.json").read_text())
    r = _run(pipeline, "Rebels withdrew from Morek overnight without a fight. Government forces"
                       " entered Morek on Sunday.")
    pairs = {(e.event_type, e.sub_event_type) for e in r.events}
    assert ("Strategic developments", "Non-violent transfer of territory") in pairs
    assert all(sub in taxonomy[kind] for kind, sub in pairs), pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "fired drones at" is a drone strike, not a commander being fired
        ("Militants fired drones at homes in Hama on Monday, killing two people.",
         {("Air/drone strike", "hts", "Ḩamāh")}),
        # the two sides sit between the trigger and the place
        ("On Monday, clashes broke out between HTS fighters and members of the Internal"
         " Security Forces (Asayish) at a checkpoint near Sheikh Maqsoud, leaving two dead.",
         {("Armed clash", "hts", "sdf", "Sheikh Maqsoud")}),
        ("Fierce clashes are still ongoing between the factions of the Turkish-backed SNA and"
         " SDF fighters in the vicinity of Tal Rifaat.",
         {("Armed clash", "sna", "sdf", "Tall Rif‘at")}),
    ],
    ids=["fired-drones-at", "clashes-broke-out-between", "clashes-still-ongoing-between"],
)
def test_clashes_and_strikes_told_with_their_sides(  # type: ignore[no-untyped-def]
    pipeline, text: str, expected: set[tuple[str, ...]]
) -> None:
    r = _run(pipeline, text)
    got = {
        (e.sub_event_type, e.actor1, *([e.actor2] if e.actor2 else []), e.place.name)
        for e in r.events if e.place is not None
    }
    assert expected <= got, got
    assert all(e.sub_event_type != "Change to group/activity" for e in r.events)


def test_entering_towns_emptied_of_their_holder_takes_them(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Turkish-backed SNA factions entered Nubl and Al-Zahraa on Sunday after the"
                       " two towns had been emptied of regime forces and militias.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        ("gn:166331", "syria-gov", "sna"), ("feat:zahraa", "syria-gov", "sna")
    }
    assert {e.sub_event_type for e in r.events} == {"Non-violent transfer of territory"}


def test_the_military_airport_of_a_town_is_the_packs_airport(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels led by HTS captured the military airport of Hama on Thursday.")
    assert {c.place.id for c in r.control} == {"feat:hama-air-base"}


@pytest.mark.parametrize(
    "text",
    [
        "The Syrian army said it is recapturing positions in the Hama and Idlib countryside from"
        " the HTS terrorists.",
        "Government troops recaptured several positions in the Idlib countryside on Sunday.",
    ],
    ids=["progressive-recapturing", "positions-in-the-countryside"],
)
def test_positions_and_takings_under_way_move_no_town(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert r.events
    assert not r.control, r.control


@pytest.mark.parametrize(
    "text",
    [
        "The SNA completed the liberation of Manbij from the PKK/YPG on Dec. 9.",
        "The SNA declared the complete liberation of Manbij on Monday.",
    ],
    ids=["completed-the-liberation-of", "declared-the-liberation-of"],
)
def test_a_taking_told_as_a_noun_changes_hands(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        ("gn:167357", "sdf", "sna")
    }


def test_the_central_prison_in_a_town_is_the_packs_prison(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels have taken the central prison in Hama and freed hundreds of detainees.")
    assert {c.place.id for c in r.control} == {"feat:hama-central-prison"}
    r = _run(pipeline, "HTS fighters opened the cells of the central prison in Homs on Sunday.")
    assert {(e.sub_event_type, e.place.id if e.place else None) for e in r.events} == {
        ("Other", "feat:homs-central-prison")
    }


def test_withdrawing_from_the_last_positions_in_named_cities_leaves_them(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Government forces withdrew overnight from their remaining positions in the"
                       " cities of Qamishli and Hasakah, and the Asayish took over the security"
                       " squares.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        ("gn:173377", "syria-gov", "sdf"), ("gn:173811", "syria-gov", "sdf")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Christian towns of Suqaylabiyah and Mhardeh came under the control of the armed"
         " opposition factions on Friday.",
         {("gn:163921", "syria-gov", "hts"), ("gn:166742", "syria-gov", "hts")}),
        ("The SNA has cleared the city center of Manbij of PKK/YPG terrorists.",
         {("gn:167357", "sdf", "sna")}),
    ],
    ids=["came-under-the-control-of", "cleared-the-city-center-of"],
)
def test_towns_named_before_or_inside_the_taking(  # type: ignore[no-untyped-def]
    pipeline, text: str, expected: set[tuple[str, str, str]]
) -> None:
    r = _run(pipeline, text)
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == expected


def test_an_indefinite_apposition_does_not_act(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS, a former al-Qaeda affiliate, seized Aleppo on Saturday.")
    assert {(c.place.id, c.to_actor) for c in r.control} == {("gn:170063", "hts")}


def test_a_mob_storming_an_embassy_takes_no_ground(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Iranian embassy in Mezzeh was stormed and ransacked by crowds on Sunday.")
    assert not r.control, r.control
    assert {(e.sub_event_type, e.actor1, e.place.id if e.place else None) for e in r.events} == {
        ("Looting/property destruction", "civilians", "feat:iranian-embassy-damascus")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Rebels took Mayadin on Thursday. In the east, about 2,000 Syrian soldiers crossed into"
        " Iraq on Friday after their positions near Albu Kamal were abandoned.",
        "The soldiers were handed over to Iraqi army units at Albu Kamal and disarmed.",
    ],
    ids=["positions-near-were-abandoned", "soldiers-handed-over"],
)
def test_positions_and_people_changing_hands_move_no_town(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert all(c.place.id != "gn:174448" for c in r.control), r.control


def test_entering_a_town_after_an_agreement_is_a_hand_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Factions entered Salamiyah after Ismaili religious leaders reached an agreement"
                       " with the leadership of Hayat Tahrir al-Sham.")
    assert {(e.sub_event_type, e.actor1) for e in r.events} == {
        ("Non-violent transfer of territory", "hts")
    }
    assert {(c.place.id, c.to_actor) for c in r.control} == {("gn:164947", "hts")}


def test_drones_that_neutralized_fighters_preparing_an_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Turkish National Defense Ministry said Turkish drones had \"neutralized\""
                       " nine PKK/YPG terrorists who were preparing an attack near the Tishreen Dam"
                       " on Monday.")
    assert {(e.sub_event_type, e.actor1, e.actor2, e.modality.value, e.claimed_by)
            for e in r.events} == {("Air/drone strike", "turkey", "sdf", "claimed", "turkey")}


def test_jets_striking_in_a_clause_of_their_own_are_not_the_subjects(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Syrian rebels reach Homs outskirts after jets strike Rastan bridge")
    strikes = [e for e in r.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 != "hts" for e in strikes), strikes


@pytest.mark.parametrize(
    "text",
    [
        "The Christian towns of Suqaylabiyah and Mhardeh came under the control of the armed"
        " opposition factions on Friday, following negotiations led by church leaders.",
        "HTS fighters took Suqaylabiyah and Mhardeh without a fight on Friday.",
    ],
    ids=["following-negotiations", "without-a-fight"],
)
def test_a_taking_told_as_negotiated_is_a_hand_over(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert {(e.sub_event_type, e.place.id if e.place else None) for e in r.events} == {
        ("Non-violent transfer of territory", "gn:163921"),
        ("Non-violent transfer of territory", "gn:166742"),
    }
    assert len(r.control) == 2


def test_a_fall_in_a_clause_about_the_city_is_not_the_main_subject_s_taking(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Iran evacuated most of its diplomats from Damascus before the city fell on"
                       " Sunday, a spokesman said.")
    assert all(c.to_actor != "iran" for c in r.control), r.control
    assert all(e.actor1 != "iran" for e in r.events if e.event_type == "Battles")


def test_a_place_in_rebel_hands_is_the_rebels_taking(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Opposition fighters entered the city overnight after government troops"
                       " abandoned their positions, and by dawn Homs was in rebel hands.")
    assert {(c.place.id, c.to_actor) for c in r.control} == {("gn:169577", "hts")}


def test_the_state_across_a_border_does_not_take_the_crossing(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Rebels captured Rastan on Thursday. The monitor said the army had also withdrawn"
            " from the Nasib crossing on the border with Jordan.")  # Deraa's rebels, not HTS
    r = _run(pipeline, text)
    nasib = {(c.from_actor, c.to_actor) for c in r.control if c.place.id == "feat:nasib-crossing"}
    assert nasib == {("syria-gov", "southern-rebels")}


@pytest.mark.parametrize(
    "text",
    [
        "Kataib Hezbollah and other factions of the Popular Mobilization Forces have denied"
        " taking part in the fighting in Syria.",
        "The army denied involvement in the shelling of Idlib.",
        "Its media office denied earlier in the week that it had sent any new units to Syria.",
    ],
    ids=["taking-part", "involvement", "that-far-back"],
)
def test_what_a_side_denies_doing_is_no_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _run(pipeline, text).events


def test_a_truce_of_years_ago_named_in_passing_is_no_agreement(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Insurgents stormed government-held villages west of Aleppo on Wednesday, in"
                       " the heaviest fighting in northwest Syria since a 2020 truce brokered by Russia and Turkey.")
    assert not [e for e in r.events if e.sub_event_type == "Agreement"]
    assert [e for e in r.events if e.event_type == "Battles"]


def test_strikes_against_the_country_on_listed_towns_are_coded_at_the_towns(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Zionist regime carried out dozens of airstrikes against Syria on"
                       " Wednesday on military sites in Damascus, Homs and Tartus.")
    assert sorted((e.actor1, e.place.id if e.place else None) for e in r.events) == [
        ("israel", "gn:163345"), ("israel", "gn:169577"), ("israel", "gn:170654")
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("HTS fighters captured Souran on Tuesday. Violent clashes are also ongoing on the"
         " outskirts of Qamhana.", "feat:qamhana"),
        ("SNA fighters are now clashing with the SDF near the Tishreen Dam.", "feat:tishreen-dam"),
        ("HTS fighters pressed on after days of heavy combat around Qamhana.", "feat:qamhana"),
    ],
    ids=["also-ongoing", "clashing-with", "combat-around"],
)
def test_more_ways_of_telling_a_clash(pipeline, text: str, place: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert place in {e.place.id for e in r.events if e.sub_event_type == "Armed clash" and e.place}


def test_positions_abandoned_by_the_former_regime_pass_to_the_side_that_took_them(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "In the northeast, the SDF took over several positions abandoned by the former"
                       " regime in Qamishli at the weekend.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        ("gn:173377", "syria-gov", "sdf")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Rebels took Rastan on Thursday. Syrian army units also abandoned positions south of Homs,"
        " a security source said.",
        "Rebels took Rastan on Thursday. Rebel fighters stand on an abandoned tank near the citadel"
        " in Homs.",
    ],
    ids=["positions-south-of", "an-abandoned-tank"],
)
def test_homs_does_not_change_hands(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [c.place.id for c in r.control] == ["gn:172946"]  # Rastan only


@pytest.mark.parametrize(
    "text",
    [
        "The army denied opposition media reports of fighting in Hama.",
        "Iraq's Popular Mobilization Forces on Monday rejected Western media reports that its"
        " fighters had crossed into Syria.",
    ],
    ids=["denied-reports", "rejected-reports"],
)
def test_reports_a_side_denies_or_rejects_are_no_events(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _run(pipeline, text).events


def test_rebels_carried_from_the_last_sentence_fly_no_jets(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters captured Souran on Tuesday. The monitor says at least 20"
                       " civilians were killed in air strikes on Hama countryside villages.")
    strikes = [e for e in r.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 == "syria-gov" for e in strikes), strikes


def test_appointed_to_head_a_government_is_a_change_of_leadership(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Mohammed al-Bashir has been appointed to head a transitional government in"
                       " Syria.")
    assert [(e.sub_event_type, e.actor1) for e in r.events] == [
        ("Change to group/activity", "hts")
    ]


def test_notables_handing_over_a_town_hand_it_to_the_side_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Residents of Qardaha said HTS militants arrived on Tuesday evening, a day after"
                       " local notables handed over the town without resistance.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        ("gn:173364", "syria-gov", "hts")
    }


def test_a_town_the_kurds_leave_goes_to_the_faction_the_report_follows(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Turkish-backed SNA factions pushed into the Shahba area on Sunday. The"
                       " monitor said the SDF had withdrawn from Tal Rifaat.")
    takers = {(c.place.id, c.to_actor) for c in r.control if c.place.id == "gn:163476"}
    assert takers == {("gn:163476", "sna")}, r.control


def test_convoys_of_families_are_flight_not_a_deployment(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Convoys of cars and tractors carrying displaced families drove toward"
                       " Raqqa, a city held by the SDF.")
    assert not [e for e in r.events if e.sub_event_type == "Other"], r.events


@pytest.mark.parametrize(
    "text",
    [
        "Some 15,000 people left Hama city on Wednesday as the front moved closer.",
        "Families in the eastern districts of Homs reportedly left before dawn, heading west.",
    ],
    ids=["people-left-city", "families-left-heading"],
)
def test_people_leaving_a_city_is_flight(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Population flight"]


def test_people_left_behind_is_no_flight(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not _run(pipeline, "Most people left behind in Hama were elderly.").events


@pytest.mark.parametrize(
    "text",
    [
        "Washington is pressing for a ceasefire around Kobani.",
        "A State Department spokesperson said Washington was working to extend the Manbij"
        " truce.",
    ],
    ids=["pressing-for", "working-to"],
)
def test_efforts_toward_a_truce_are_no_agreement(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _run(pipeline, text).events


def test_the_first_of_two_coordinated_subjects_leads(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Fighters of the Military Operations Command and the Deir Ezzor Military"
                       " Council entered the city of Mayadin on Tuesday.")
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("hts", _place_id(r, "Mayadin"))
    ]


def test_an_abbreviated_leaver_after_the_entry_hands_the_town_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Opposition fighters entered Deir ez-Zor on Wednesday after the Syrian"
                       " Democratic Forces (SDF) withdrew from the districts they held.")
    assert {(c.from_actor, c.to_actor) for c in r.control} == {("sdf", "hts")}, r.control


def test_a_displacement_count_across_provinces_is_one_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Since 27 November, some 300,000 people have been displaced across Aleppo,"
                       " Idlib and Hama governorates, the agency said.")
    flights = [e for e in r.events if e.sub_event_type == "Population flight"]
    assert len(flights) == 1 and flights[0].place is not None, flights
    assert flights[0].place.id.startswith("adm1:"), flights


def test_a_name_opening_with_the_article_as_is_no_clause_break(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Opposition fighters took Palmyra on Saturday. As-Sukhnah, some 70 km"
                       " north-east of Palmyra, was also reportedly abandoned by the army.")
    assert _place_id(r, "As-Sukhnah") in {c.place.id for c in r.control}, r.control


def test_the_comma_closing_a_subordinate_clause_lists_nobody(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On Sunday, after the collapse of the Assad government, Israeli troops moved"
                       " into the buffer zone and took the Syrian side of Mount Hermon.")
    assert {(c.place.id, c.to_actor) for c in r.control} >= {("feat:mount-hermon", "israel")}, r.control


def test_units_pulling_back_from_a_town_give_it_up(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters pressed south toward Hama. On Tuesday, army units pulled back"
                       " from Morek to shorten their lines, a field source said.")
    assert {(c.place.id, c.from_actor, c.to_actor) for c in r.control} == {
        (_place_id(r, "Morek"), "syria-gov", "hts")
    }


@pytest.mark.parametrize(
    "text",
    [
        "A military source claimed the army recaptured several villages in the countryside of"
        " Idlib.",
        "HTS fighters advanced. Government forces pulled back from several positions along the"
        " western edge of Aleppo province.",
    ],
    ids=["villages-in-countryside", "positions-along-edge"],
)
def test_villages_or_positions_around_a_place_are_not_the_place(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _run(pipeline, text).control == ()


def test_villages_cleared_of_terrorists_go_to_the_side_the_report_follows(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "SNA factions took Tal Rifaat on Monday, the sources said. Villages including"
                       " Kafr Naya were also cleared of terrorists.")
    assert ("feat:kafr-naya", "sna") in {(c.place.id, c.to_actor) for c in r.control}, r.control


def test_a_side_that_now_holds_a_province_moves_the_line_but_is_no_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "With that, the SDF now controls most of Deir ez-Zor province.")
    assert r.events == ()
    assert [(c.place.id, c.to_actor) for c in r.control] == [("adm1:SY-DY", "sdf")]


def test_a_new_subject_after_and_that_takes_the_province(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The monitor says the army withdrew from Deraa city on Friday and that local"
                       " rebel factions now control most of Deraa province.")
    assert ("adm1:SY-DR", "southern-rebels") in {(c.place.id, c.to_actor) for c in r.control}


def test_a_clash_named_only_by_its_distance_from_a_city_is_near_the_city(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels were reported to be clashing with government troops some 20 km north"
                       " of Homs on Friday.")
    assert [(e.place.id if e.place else None, e.geo_precision) for e in r.events] == [
        (_place_id(r, "Homs"), 2)
    ]


def test_a_report_a_side_denies_is_no_event_but_a_rejected_claim_stays(pipeline) -> None:  # type: ignore[no-untyped-def]
    denied = _run(pipeline, "Syrian sources said Israeli tanks had entered Qatana, a report the"
                            " Israeli military denied.")
    assert not denied.events
    claim = _run(pipeline, "The SNA claimed on Monday that it had taken full control of Manbij,"
                           " a claim the council rejected.")
    assert [e.sub_event_type for e in claim.events] == ["Non-state actor overtakes territory"]


def test_a_mortar_shell_fired_by_a_side_is_shelling_not_a_dismissal(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "A mortar shell fired by the SNA fell on Sheikh Maqsoud on Saturday, injuring"
                       " three civilians.")
    assert [(e.sub_event_type, e.actor1) for e in r.events] == [
        ("Shelling/artillery/missile attack", "sna")
    ]


def test_entering_a_town_after_talks_with_its_elders_is_a_hand_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS took Hama on Thursday. On Friday, fighters entered Salamiyah after"
                       " talks with local elders, residents said.")
    salamiyah = _place_id(r, "Salamiyah")
    assert [(e.sub_event_type, e.actor1) for e in r.events if e.place and e.place.id == salamiyah] == [
        ("Non-violent transfer of territory", "hts")
    ]
    assert (salamiyah, "hts") in {(c.place.id, c.to_actor) for c in r.control}


def test_albukamal_written_as_one_word_is_the_border_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF also took over Albukamal hours later, local sources said.")
    assert [(c.place.id, c.to_actor) for c in r.control] == [("gn:174448", "sdf")]


def test_the_past_of_a_relative_clause_does_not_make_a_return_background(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Families who had been displaced from Tal Rifaat eight years ago began"
                       " returning to their homes on Monday.")
    assert [e.sub_event_type for e in r.events] == ["Return"]


def test_a_relative_clause_about_a_front_line_keeps_its_background(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The assault began with raids on army posts along a front line that had"
                       " barely moved since a 2020 truce brokered by Russia and Turkey.")
    assert not [e for e in r.events if e.sub_event_type == "Agreement"]


def test_people_beginning_to_return_to_named_towns_return(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Some residents who had fled to the mountains or to Lebanon began returning"
                       " to Jableh and Baniyas, local activists said.")
    assert sorted(e.place.id for e in r.events if e.sub_event_type == "Return" and e.place) == sorted(
        [_place_id(r, "Jableh"), _place_id(r, "Baniyas")]
    )


def test_the_russian_reconciliation_centre_speaks_for_russia(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Russian jets struck militants near Hama on Friday, the Russian Centre for"
                       " Reconciliation said.")
    assert [(e.actor1, e.modality.value, e.claimed_by) for e in r.events] == [
        ("russia", "claimed", "russia")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "SNA factions captured Tall Rifaat and several villages north of Aleppo from the SDF on"
        " Sunday.",
        "Earlier, the SNA had taken Tal Rifaat and the surrounding villages from the SDF.",
    ],
    ids=["villages-north-of", "surrounding-villages"],
)
def test_villages_around_a_named_town_are_not_the_country(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert [c.place.id for c in r.control] == ["gn:163476"], r.control  # Tall Rifaat


def test_a_caretaker_named_until_a_day_ahead_is_named_now_in_the_capital(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Mohammed al-Bashir, who ran the rebel administration in Idlib, has been"
                       " appointed to head a transitional government until 1 March, two days after"
                       " Assad was toppled.", published=date(2024, 12, 10))
    assert [(e.sub_event_type, e.place.id if e.place else None, e.time.day if e.time else None)
            for e in r.events] == [("Change to group/activity", "gn:170654", date(2024, 12, 10))]


def test_the_holder_named_in_a_place_phrase_takes_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Government forces also pulled out of much of Quneitra province near the"
                       " Israeli-occupied Golan Heights, the monitor said.")
    assert "israel" not in {c.to_actor for c in r.control}, r.control
    strike = _run(pipeline, "Russian warplanes struck rebel-held parts of Aleppo on Friday.")
    assert [e.actor2 for e in strike.events] == ["hts"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("HTS fighters took Qardaha on Monday. On Wednesday, gunmen set fire to the mausoleum of"
         " Hafez al-Assad in the town.", "hts"),
        ("HTS fighters entered Damascus on Sunday. A WFP warehouse in the city was looted the same"
         " day.", "civilians"),
    ],
    ids=["armed-men-arson", "agentless-looting"],
)
def test_unnamed_looters_and_arsonists(pipeline, text: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    looting = [e for e in _run(pipeline, text).events
               if e.sub_event_type == "Looting/property destruction"]
    assert [e.actor1 for e in looting] == [actor]


def test_looting_by_unknown_gunmen_names_nobody(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters entered Damascus. The Iranian embassy came under attack by unknown"
                       " gunmen, who ransacked the building.")
    assert not [e for e in r.events if e.sub_event_type == "Looting/property destruction"]


def test_an_army_blowing_up_a_bridge_destroys_property(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Syrian army blew up the Rastan bridge over the Orontes as it pulled back.")
    assert [(e.sub_event_type, e.actor1, e.place.id if e.place else None) for e in r.events
            if e.sub_event_type == "Looting/property destruction"] == [
        ("Looting/property destruction", "syria-gov", "feat:rastan-bridge")
    ]
    jets = _run(pipeline, "Russian aircraft destroyed the Rastan bridge over the Orontes River.")
    assert not [e for e in jets.events if e.sub_event_type == "Looting/property destruction"]


def test_inmates_walking_out_of_a_prison_were_freed_by_the_side_that_took_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters took Hama on Thursday. The army said its units had redeployed"
                       " outside the city. Footage showed hundreds of inmates walking out of Hama's"
                       " central prison.")
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events
            if e.sub_event_type == "Other"] == [("hts", "feat:hama-central-prison")]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("The Lebanese army said it had reinforced its positions along the northern and eastern"
         " border.", "lebanon"),
        ("Hezbollah pulled its fighters out of Qusayr. Jordanian soldiers were deployed along the"
         " border, he said.", "jordan"),
    ],
    ids=["reinforced-positions", "deployed-along"],
)
def test_a_neighbour_reinforcing_its_border_acts_on_its_side(pipeline, text: str, state: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    country = {"lebanon": "iso:LB", "jordan": "iso:JO"}[state]
    assert (state, country) in {(e.actor1, e.place.id if e.place else None) for e in r.events}


def test_soldiers_crossing_a_border_crossing_leave_through_the_crossing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Some 2,000 Syrian soldiers, some of them wounded, crossed into Iraq through the"
                       " al-Qaim border crossing on Friday.")
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("syria-gov", "feat:al-qaim-crossing")
    ]
    arrived = _run(pipeline, "The YPG pulled its fighters out of Tal Rifaat before SNA units arrived,"
                             " leaving behind mines.")
    assert not [e for e in arrived.events if e.actor1 == "sna" and e.sub_event_type == "Other"]


def test_a_ceasefire_reached_in_a_town_is_no_advance_on_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SDF said on Wednesday that a ceasefire had been reached in Manbij through"
                       " US mediation.")
    assert [e.sub_event_type for e in r.events] == ["Agreement"]


def test_an_offensive_is_launched_where_its_clause_says(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "November 27 - Hayat Tahrir al-Sham and allied factions launch an offensive"
                       " from Idlib, named Deterrence of Aggression, against government positions west"
                       " of Aleppo.")
    assert r.events and all(e.place is not None and e.place.id != "iso:SY" for e in r.events), r.events


@pytest.mark.parametrize(
    "text",
    [
        "US forces based at al-Tanf have struck Iran-aligned convoys in the area before.",
        "Iran's supply lines across Syria have been hit again and again by Israel.",
    ],
    ids=["before", "again-and-again"],
)
def test_strikes_told_as_a_habit_of_the_past_are_background(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not _run(pipeline, text).events


def test_a_flight_hours_before_is_still_an_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Damascus on Sunday. Assad had flown out of the capital hours"
                       " before.")
    assert r.events


def test_a_town_that_fell_to_nobody_named_goes_to_nobody(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The army said its units had regrouped. Aleppo fell within three days, on"
                       " 29-30 November.")
    assert "syria-gov" not in {c.to_actor for c in r.control}, r.control


def test_a_town_handed_over_to_local_fighters_goes_to_the_division_s_group(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Deraa handed over to local fighters after negotiated army withdrawal")
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("syria-gov", "southern-rebels")]


def test_towns_named_before_a_relative_aside_are_what_was_taken(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The towns of Nubl and Zahraa, which had been held by Iran-backed militias,"
                       " were also taken over by the opposition on Sunday.")
    assert {c.place.id for c in r.control} == {_place_id(r, "Nubl"), "feat:zahraa"}, r.control


def test_towns_listed_after_a_share_of_the_province_are_left(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels advanced in Daraa. A war monitor said government forces had withdrawn"
                       " from more than 90 per cent of the province, including Busra al-Sham and"
                       " Izraa.")
    assert {c.place.id for c in r.control} == {"gn:171126", _place_id(r, "Izraa")}  # Busra al-Sham


def test_units_redeployed_outside_a_city_leave_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters entered the northern districts of Hama on Thursday. The army said"
                       " its units had redeployed outside Hama to preserve civilians' lives.")
    assert (_place_id(r, "Hama"), "hts") in {(c.place.id, c.to_actor) for c in r.control}


def test_the_day_of_the_object_of_two_days_after_is_not_the_main_clause_s(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters took Hama. Two days after the fall of Damascus on 8 December,"
                       " HTS fighters entered Qardaha after the army withdrew.",
             published=date(2024, 12, 11))
    qardaha = [c for c in r.control if c.place.id == _place_id(r, "Qardaha")]
    assert [c.time.day for c in qardaha] == [date(2024, 12, 10)], r.control


def test_nairab_international_airport_is_aleppo_s_airport(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The rebels said they had also taken Nairab international airport on Saturday.")
    assert [c.place.id for c in r.control] == ["feat:aleppo-airport"]


def test_cutting_a_highway_takes_ground_astride_it_but_no_town_at_its_ends(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters overran Zarbah on Thursday. Hours later, the fighters cut the M5"
                       " highway linking Aleppo with Damascus.")
    cut = [e for e in r.events if "cut the M5" in e.sources[0].quote]
    assert cut and all(e.actor1 == "hts" for e in cut), r.events
    assert not [e for e in cut if e.place and e.place.id in {"gn:170063", "gn:170654"}]
    assert not [c for c in r.control if "cut the M5" in c.sources[0].quote]


def test_a_named_operation_launched_against_a_side_is_a_battle_with_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, 'Factions of the Turkish-backed "Syrian National Army" (SNA) launched an'
                       ' operation called "Dawn of Freedom" against areas held by the Syrian'
                       ' Democratic Forces (SDF) in the northern countryside of Aleppo on Saturday.')
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in r.events] == [
        ("Armed clash", "sna", "sdf")
    ]
    rescue = _run(pipeline, "The White Helmets launched a rescue operation in Idlib on Monday.")
    assert not [e for e in rescue.events if e.event_type == "Battles"]


@pytest.mark.parametrize(
    "text",
    [
        "An estimated 50,000 people, most of them Syrians, crossed from Syria into Lebanon at"
        " Masnaa.",
        "Thousands of people, many of them Alawites, have been leaving Homs since Friday, heading"
        " west.",
    ],
    ids=["crossed-into", "have-been-leaving"],
)
def test_crowds_crossing_out_or_leaving_a_city_flee(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Population flight"]


def test_syrians_crossing_back_return(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands of Syrians have crossed back into Syria through the Masnaa crossing.")
    assert [e.sub_event_type for e in r.events] == ["Return"]


@pytest.mark.parametrize(
    "text",
    [
        "On Tuesday the new authorities named Mohammed al-Bashir, who had headed the Salvation"
        " Government in Idlib, as caretaker prime minister until March.",
        "In Damascus, Mohammed al-Bashir was named on Tuesday to lead a caretaker government until"
        " March.",
        "Syria's new rulers on Tuesday named Mohammed al-Bashir as caretaker prime minister.",
    ],
    ids=["active-named-as", "named-on-day-to-lead", "syria-s-rulers"],
)
def test_naming_a_prime_minister_is_a_change_in_the_capital(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text, published=date(2024, 12, 10))
    assert [(e.sub_event_type, e.place.id if e.place else None) for e in r.events] == [
        ("Change to group/activity", "gn:170654")
    ]


def test_a_ceasefire_between_two_parties_is_agreed_by_the_first_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "A ceasefire took effect in Lebanon between Israel and Hezbollah on Wednesday.")
    assert [(e.sub_event_type, e.actor1) for e in r.events] == [("Agreement", "israel")]
    line = _run(pipeline, "Residents of villages near the ceasefire line said Israeli soldiers had"
                          " told them to stay indoors.")
    assert not [e for e in line.events if e.sub_event_type == "Agreement"]


def test_a_comma_clause_has_its_own_subject(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Regime forces withdraw from Palmyra, factions take Rastan and Talbiseh\n\n"
             "HTS fighters pushed south from Hama on Friday.", published=date(2024, 12, 7))
    takes = [(e.actor1, e.place.id if e.place else None) for e in r.events
             if e.event_type == "Battles" or e.sub_event_type == "Non-violent transfer of territory"]
    assert takes and all(actor != "syria-gov" for actor, _ in takes)
    assert {_place_id(r, "Rastan"), _place_id(r, "Talbiseh")} <= {place for _, place in takes}


def test_the_city_after_a_withdrawal_is_the_town_left(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Monitors documented the withdrawal of regime forces and allied militias from"
                       " Palmyra city in the eastern Homs countryside this morning, towards Homs and"
                       " Damascus. Rebel fighters entered the city hours later without resistance.",
             published=date(2024, 12, 7))
    entered = [e for e in r.events if e.actor1 == "hts" or e.sub_event_type.startswith("Non-")]
    assert entered and {e.place.id for e in entered if e.place} == {_place_id(r, "Palmyra")}


def test_a_capture_after_a_named_side_withdrew_is_from_that_side(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Opposition fighters seized Deir ez-Zor city on December 11 after the Syrian"
                       " Democratic Forces (SDF) withdrew.", published=date(2024, 12, 11))
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("sdf", "hts")]
    ally = _run(pipeline, "Rebel fighters seized Deir ez-Zor city on December 6 after Iranian-backed"
                          " militias withdrew.", published=date(2024, 12, 6))
    assert [(c.from_actor, c.to_actor) for c in ally.control] == [("syria-gov", "hts")]


def test_a_date_before_and_belongs_to_the_verb_before_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SNA launched an operation on Manbij, west of the Euphrates River, last"
                       " week and entered the town on Monday, the sources said.",
             published=date(2024, 12, 10))
    days = [e.time.day for e in r.events if e.time and e.place
            and e.place.id == _place_id(r, "Manbij")]
    assert len(days) == 2 and date(2024, 12, 9) in days


def test_a_fronted_town_places_both_clauses_not_the_town_it_sits_above(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "In Qardaha, the family's hometown in the mountains above Latakia, opposition"
                       " fighters toppled a statue of Hafez al-Assad last Wednesday, and the mausoleum"
                       " of the late president was set on fire.", published=date(2024, 12, 17))
    assert [e.place.id if e.place else None for e in r.events] == [_place_id(r, "Qardaha")] * 2


@pytest.mark.parametrize(
    "text",
    [
        "Army units repelled attacks by HTS terrorists north of Homs on Friday. \"There is no truth to the"
        " news spread by some outlets that the army has withdrawn from the city of Homs,\" the"
        " ministry said.",
        "The SDF said a US-brokered ceasefire had taken hold in Manbij. A Turkish source denied"
        ' that Ankara was part of any deal, saying "there is no question of a ceasefire with a'
        ' terrorist organisation."',
    ],
    ids=["no-truth", "no-question-of"],
)
def test_a_denied_report_is_no_event(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text, published=date(2024, 12, 7))
    denied = [e for e in r.events if "no truth" in e.sources[0].quote or "no question" in e.sources[0].quote]
    assert denied == []


def test_years_earlier_is_background(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hezbollah fighters left Qusayr on Saturday. A year earlier, Hezbollah fighters"
                       " had played a decisive role in the regime's recapture of nearby Qusayr.",
             published=date(2024, 12, 8))
    assert not [e for e in r.events if "year earlier" in e.sources[0].quote]


def test_a_list_runs_past_a_compass_locator(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Opposition groups took control of the Kuweires air base east of Aleppo and of"
                       " the town of Al-Safirah on Sunday.", published=date(2024, 12, 2))
    assert {c.place.id for c in r.control} == {"feat:kuweires-air-base", _place_id(r, "Al-Safirah")}


def test_handed_over_to_local_fighters_named_by_a_common_noun(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The SNA attacked SDF positions near Manbij on Tuesday. The SDF reportedly"
                       " handed Albu Kamal over to local opposition fighters on Tuesday.",
             published=date(2024, 12, 11))
    assert [(c.from_actor, c.to_actor) for c in r.control] == [("sdf", "hts")]


_DEIR_DEC_11 = (
    "Opposition forces and the Deir ez-Zor Military Council (DMC), an Arab tribal force that broke"
    " with the SDF earlier this week, seized Deir ez-Zor city on December 11. The SDF withdrew from"
    " the city and from its positions west of the Euphrates, according to local sources. The SDF"
    " had entered Deir ez-Zor city on December 6 after the Syrian army abandoned it."
)


def test_the_subject_is_the_list_before_an_aside(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, _DEIR_DEC_11, published=date(2024, 12, 11))
    seized = [e for e in r.events if e.sources[0].quote.startswith("Opposition forces")]
    assert [(e.actor1, e.time.day if e.time else None) for e in seized] == [
        ("hts", date(2024, 12, 11))
    ]


def test_a_later_taking_is_from_the_side_the_report_says_took_it_first(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, _DEIR_DEC_11, published=date(2024, 12, 11))
    hands = {(c.from_actor, c.to_actor) for c in r.control}
    assert hands == {("syria-gov", "sdf"), ("sdf", "hts")}


def test_both_towns_are_the_two_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "SOHR said regime forces had withdrawn from Khan Shaykhun and Maarrat"
                       " al-Nu'man in the southern countryside of Idlib on Saturday, and that HTS-led"
                       " fighters entered both towns without a fight.", published=date(2024, 12, 1))
    assert {c.place.id for c in r.control} == {
        _place_id(r, "Khan Shaykhun"), _place_id(r, "Maarrat al-Nu'man")
    }


def test_a_list_runs_past_an_adjective(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels took the town of Qamhana and the strategic Jabal Zain al-Abidin hill"
                       " overnight after hours of fierce clashes.", published=date(2024, 12, 5))
    assert {c.place.id for c in r.control} == {"feat:qamhana", "feat:jabal-zain-al-abidin"}


def test_an_ambushed_convoy_is_a_clash_near_the_town_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "ISIS fighters ambushed a convoy of retreating Syrian regime forces near"
                       " as-Sukhnah, about 70 km northeast of Palmyra, on December 6, killing at least"
                       " 34 soldiers.", published=date(2024, 12, 8))
    assert [(e.sub_event_type, e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("Armed clash", "isis", _place_id(r, "as-Sukhnah"))
    ]


def test_flight_with_no_place_in_its_clause_is_from_the_town_named_as_origin(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Long lines of cars were seen on the road leading from Hama to Homs as families"
                       " fled the fighting, correspondents reported.", published=date(2024, 12, 5))
    assert [(e.sub_event_type, e.place.id if e.place else None) for e in r.events] == [
        ("Population flight", _place_id(r, "Hama"))
    ]


def test_camps_for_the_displaced_are_no_flight(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On Saturday, Russian warplanes launched four airstrikes on the outskirts of"
                       " Sarmada town near the Turkish border, where camps for the displaced are"
                       " located, killing a man.", published=date(2024, 12, 1))
    assert [e.sub_event_type for e in r.events] == ["Air/drone strike"]


def test_its_military_airport_is_the_towns(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "SDF fighters then entered Deir Ezzor city and took over its military airport.",
             published=date(2024, 12, 7))
    assert "feat:deir-ez-zor-airport" in {c.place.id for c in r.control}


def test_the_side_that_left_before_it_fell_did_not_take_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels stormed the 46th Regiment base west of Aleppo on Thursday. Regime forces"
                       " had withdrawn most of their heavy weapons from the base before it fell.",
             published=date(2024, 11, 29))
    assert all(c.to_actor != "syria-gov" for c in r.control)


def test_they_after_a_subordinator_is_the_sentences_subject(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Syrian rebels captured the central city of Hama on Thursday, dealing another"
                       " heavy blow to President Bashar al-Assad a week after they stormed Aleppo.",
             published=date(2024, 12, 6))
    assert {c.to_actor for c in r.control} == {"hts"}


@pytest.mark.parametrize(
    "text",
    [
        "HTS fighters pushed toward Hama on Monday. A military source told state media that"
        " reinforcements had reached Hama on Tuesday.",
        "Iran condemns attack on embassy in Damascus, says diplomats safe",
        "The command denied reports circulated by the terrorists' media that the terrorists had"
        " entered the outskirts of Hama.",
        '"No PMF fighter has entered Syrian territory," the Iraqi spokesman said.',
    ],
    ids=["reinforcements-reached", "condemns-attack", "denied-reports", "no-fighter-has"],
)
def test_no_battle_in_reinforcements_condemnations_and_denials(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text, published=date(2024, 12, 3))
    last = r.events and [e for e in r.events if e.sources[0].quote in text.split(". ")[-1]]
    assert not [e for e in last or [] if e.event_type == "Battles"]


def test_one_man_fleeing_is_no_population_flight(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Maher's whereabouts are unknown; some reports say he fled to Iraq.",
             published=date(2024, 12, 11))
    assert [e for e in r.events if e.event_type == "Displacement"] == []


def test_jets_with_no_agent_are_the_speaking_states(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "B-52 bombers, F-15 fighter jets and A-10 attack planes hit more than 75"
                       " targets, including ISIS camps, in the desert north and east of Palmyra,"
                       " CENTCOM said in a statement.", published=date(2024, 12, 9))
    assert [(e.sub_event_type, e.actor1) for e in r.events] == [("Air/drone strike", "usa")]


def test_a_fronted_town_is_the_setting_of_a_later_clause(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "In Douma, opposition fighters showed journalists a factory holding millions of"
                       " pills, and on Wednesday they set fire to the stockpiles in front of the"
                       " cameras.", published=date(2024, 12, 12))
    assert [e.place.id if e.place else None for e in r.events] == [_place_id(r, "Douma")]


def test_detainees_freed_from_the_prison_were_freed_there(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Rebels entered Damascus on Sunday. Thousands of detainees were freed from the"
                       " Sednaya military prison north of the capital.", published=date(2024, 12, 9))
    assert "feat:sednaya-prison" in {e.place.id for e in r.events if e.place}


def test_warships_moving_out_of_port_depart(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Satellite images taken on Tuesday showed that several Russian warships had moved"
                       " out of Tartus.", published=date(2024, 12, 11))
    assert [(e.actor1, e.place.id if e.place else None) for e in r.events] == [
        ("russia", _place_id(r, "Tartus"))
    ]
    planned = _run(pipeline, 'Abdi said his fighters would be moved out of Manbij "as soon as'
                             ' possible".', published=date(2024, 12, 11))
    assert not planned.events


def test_a_guessed_taker_yields_to_the_one_the_next_sentence_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "HTS fighters pushed south from Hama on Thursday. Regime forces and Iranian"
                       " militias withdrew on Friday from Deir Ezzor city. SDF fighters then entered"
                       " Deir Ezzor city and took over its military airport.",
             published=date(2024, 12, 7))
    city = _place_id(r, "Deir Ezzor")
    assert [(c.from_actor, c.to_actor) for c in r.control if c.place.id == city] == [
        ("syria-gov", "sdf")
    ]


def test_there_is_the_town_the_sentence_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern factions took Daraa on December 6. A day later, Druze factions took"
                       " control of Sweida city, about 100 km south of Damascus, after the security"
                       " forces and party offices there were abandoned.", published=date(2024, 12, 8))
    daraa = _place_id(r, "Daraa")
    assert all(c.to_actor != "druze-militias" for c in r.control if c.place.id == daraa)


def test_the_provincial_capital_is_the_named_provinces(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern factions took Daraa on Friday. On December 7, local armed groups in"
                       " Quneitra province took over the provincial capital near the Golan.",
             published=date(2024, 12, 8))
    assert _place_id(r, "Quneitra province") == "adm1:SY-QU"
    assert "gn:173334" in {c.place.id for c in r.control}  # Quneitra city


def test_a_foreign_army_attacking_positions_fights_it_does_not_move_in(pipeline) -> None:  # type: ignore[no-untyped-def]
    """'Turkish forces attacked SDF positions near Kobani' is a clash, not a hand-over: a
    state's unopposed move-in is a non-violent transfer only when nothing says it fought."""
    r = _run(pipeline, "Turkish forces attacked SDF positions near Kobani on Sunday.")
    found = {(e.sub_event_type, e.actor1, e.actor2) for e in r.events}
    assert found == {("Armed clash", "turkey", "sdf")}, found
    moved = _run(pipeline, "Israeli troops moved into the town of Khan Arnabah on Sunday.")
    assert {e.sub_event_type for e in moved.events} == {"Non-violent transfer of territory"}


def test_a_list_runs_past_city_after_a_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Regime forces withdrew on Friday from Deir Ezzor city, Al-Mayadin and Albu Kamal, "
        "leaving their positions to the SDF.",
    )
    found = {(c.place.id, c.to_actor) for c in r.control}
    assert found == {
        (_place_id(r, name), "sdf") for name in ("Deir Ezzor", "Al-Mayadin", "Albu Kamal")
    }, found


def test_the_places_of_one_withdrawal_share_the_taker_the_report_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The taker named for two of a withdrawal's three towns is guessed for the third too,
    rather than the side the report follows."""
    r = _run(
        pipeline,
        "HTS-led rebels battled government troops around Homs on Friday. In the east, regime "
        "troops and Iranian militias had withdrawn on Friday from Deir Ezzor city, Al-Mayadin "
        "and Albu Kamal, heading into the desert. SDF units then moved into Deir Ezzor city, "
        "while other SDF fighters took over Albu Kamal.",
    )
    mayadin = _place_id(r, "Al-Mayadin")
    assert {c.to_actor for c in r.control if c.place.id == mayadin} == {"sdf"}
    assert {e.actor1 for e in r.events if e.place and e.place.id == mayadin} == {"sdf"}


def test_an_entry_without_clashes_is_a_hand_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Southern factions captured Deraa on Friday. On Saturday they pushed north up the "
        "highway to the capital, entering Sanamayn and Kiswah without clashes, locals said.",
    )
    found = {(c.place.id, c.to_actor) for c in r.control}
    assert {(_place_id(r, "Sanamayn"), "southern-rebels"),
            (_place_id(r, "Kiswah"), "southern-rebels")} <= found, found


def test_a_second_direction_after_and_the_is_not_the_city(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Government troops left Deir Ezzor city on Friday morning, heading towards the desert "
        "and the Homs countryside. Hours later SDF fighters crossed the river and entered the "
        "city's neighbourhoods without any fighting.",
    )
    assert {c.place.id for c in r.control if c.to_actor == "sdf"} == {_place_id(r, "Deir Ezzor")}


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Turkish-backed factions freed Tal Rifaat from the PKK/YPG on Sunday.", True),
        ("Rebels freed Sednaya prisoners on Sunday.", False),
        ("Fighters freed the detainees of Hama's central prison on Thursday.", False),
    ],
)
def test_freed_a_town_is_a_capture_freed_prisoners_is_not(pipeline, text: str, taken: bool) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert bool(r.control) is taken, r.control


def test_a_town_does_not_fall_to_its_holders_leader(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "LIVE: Opposition fighters say capital freed as Assad flees; Homs falls")
    homs = _place_id(r, "Homs")
    assert {(c.place.id, c.to_actor) for c in r.control} == {(homs, "hts")}, r.control


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("On Thursday, army units pulled back and took up positions outside the city of Hama.",
         False),
        ("Israeli troops also took up positions on the Syrian side of Mount Hermon.", True),
    ],
)
def test_taking_up_positions_outside_a_town_takes_nothing(pipeline, text: str, taken: bool) -> None:  # type: ignore[no-untyped-def]
    assert bool(_run(pipeline, text).control) is taken


def test_the_main_port_city_of_a_region_is_the_town_just_named(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Fighters loyal to the new authorities patrolled Latakia on Wednesday, two days after they "
        "entered the main port city of the Alawite heartland without firing a shot.",
        published=date(2024, 12, 11),
    )
    assert {(c.place.id, str(c.time.day) if c.time else None) for c in r.control} == {
        (_place_id(r, "Latakia"), "2024-12-09")
    }


def test_the_city_is_the_town_the_last_sentence_called_a_city(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Manbij is the town named most, but the sentence before called Deir al-Zor a city."""
    r = _run(
        pipeline,
        "The SNA took Manbij from the SDF on Monday. Protesters in Manbij cheered, and a "
        "ceasefire for Manbij was agreed on Wednesday. Also on Wednesday, the SDF pulled out "
        "of Deir al-Zor city and HTS-led fighters moved in. The SDF had entered the city on "
        "Friday, when government forces abandoned it.",
        published=date(2024, 12, 12),
    )
    deir = _place_id(r, "Deir al-Zor")
    assert {(c.place.id, c.to_actor) for c in r.control if str(c.time.day) == "2024-12-06"} == {
        (deir, "sdf")
    }, r.control


def test_a_places_apposition_names_no_taker(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Southern factions stormed army posts in Deraa on Thursday. On Saturday, Sanamayn, the "
        "last big government bastion in the province, changed hands.",
        published=date(2024, 12, 7),
    )
    sanamayn = _place_id(r, "Sanamayn")
    assert {c.to_actor for c in r.control if c.place.id == sanamayn} == {"southern-rebels"}


def test_which_captured_is_done_by_its_antecedent(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "It is unclear if the southern factions will work with Hayat Tahrir al-Sham, which "
        "captured Hama on Thursday.",
        published=date(2024, 12, 7),
    )
    assert {(c.place.id, c.to_actor) for c in r.control} == {(_place_id(r, "Hama"), "hts")}


def test_striking_a_deal_is_no_strike(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "The Kurdish districts of Aleppo stay under the SDF, which has struck a local "
        "understanding with the rebels.",
    )
    assert not [e for e in r.events if e.sub_event_type == "Air/drone strike"], r.events


def test_the_ends_of_a_road_are_no_event_place(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Southern factions attacked army posts in Deraa on Thursday. Izraa, on the highway "
        "linking Deraa to Damascus, fell early on Friday after army units withdrew from their positions.",
        published=date(2024, 12, 7),
    )
    assert {c.place.id for c in r.control} == {_place_id(r, "Izraa")}, r.control


def test_a_state_named_after_with_takes_no_crossing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Southern factions seized Deraa city on Friday. The Nasib border crossing with Jordan "
        "was also taken.",
        published=date(2024, 12, 7),
    )
    nasib = _place_id(r, "Nasib border crossing")
    assert {(c.place.id, c.to_actor) for c in r.control} >= {(nasib, "southern-rebels")}, r.control


def test_the_alliance_that_took_the_capital_is_the_side_that_leads_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "The General Command, the HTS-led alliance that took Damascus on Sunday, told civil "
        "servants to return to work.",
        published=date(2024, 12, 10),
    )
    assert {(c.place.id, c.to_actor) for c in r.control} == {(_place_id(r, "Damascus"), "hts")}


def test_a_ceasefire_that_takes_effect_takes_no_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "HTS fighters pushed into Hama on Thursday. 11 December: a US-brokered truce takes "
        "effect in Manbij.",
        published=date(2024, 12, 12),
    )
    assert _place_id(r, "Manbij") not in {c.place.id for c in r.control}, r.control


def test_druze_groups_are_the_druze_militias(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "On Friday, Druze groups took over Suwayda.", published=date(2024, 12, 7))
    assert {c.to_actor for c in r.control} == {"druze-militias"}, r.control


def test_an_offensive_that_took_forces_somewhere_takes_no_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "The government fell after an offensive that took rebel fighters from their bases in "
        "the north-west to the capital Damascus in under two weeks.",
    )
    assert not r.control, r.control


def test_an_entry_the_report_also_tells_as_a_taking_is_one_event(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Rebels say they have entered Damascus. Hours later HTS fighters took control of the "
        "capital, and Assad was gone.",
        published=date(2024, 12, 8),
    )
    damascus = _place_id(r, "Damascus")
    found = [(e.sub_event_type, e.actor1) for e in r.events if e.place and e.place.id == damascus]
    assert found == [("Non-state actor overtakes territory", "hts")], found


@pytest.mark.parametrize(
    "text",
    [
        "A displaced family rests in a tent near Sarmada.",
        "Most of the displaced come from Afrin, which Turkey seized in 2018.",
        "The displaced from Tell Rifaat are now sheltering in schools in Tabqa.",
    ],
)
def test_the_displaced_as_people_are_no_flight(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in _run(pipeline, text).events if e.sub_event_type == "Population flight"]



def test_the_army_fights_the_rebel_group_the_report_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "HTS fighters pressed south towards Hama on Monday, HTS commanders said. Army units "
        "repelled an attack near Souran on Tuesday, state media said.",
        published=date(2024, 12, 4),
    )
    souran = _place_id(r, "Souran")
    found = {(e.actor1, e.actor2) for e in r.events if e.place and e.place.id == souran}
    assert found == {("syria-gov", "hts")}, found


def test_the_speaker_of_an_earlier_clause_strikes_nothing(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Turkish drones hit a hamlet near Kobani on Tuesday, killing two people, the Kurdish-led "
        "Syrian Democratic Forces (SDF) said, while another strike hit a truck outside Ain Issa.",
        published=date(2024, 12, 11),
    )
    assert "sdf" not in {e.actor1 for e in r.events}, r.events


def test_armed_men_in_a_subordinate_clause_loot_for_the_side_the_report_follows(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "HTS fighters took Damascus on Sunday. Tehran says its diplomats had left the embassy "
        "in Damascus before armed men stormed and vandalised the building.",
        published=date(2024, 12, 10),
    )
    found = {e.actor1 for e in r.events if e.sub_event_type == "Looting/property destruction"}
    assert found == {"hts"}, found


def test_the_side_being_fought_is_not_the_one_that_took_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Up north, the Turkish-backed Syrian National Army has been fighting the SDF, and on "
        "Monday its commanders said they had captured the town of Manbij.",
        published=date(2024, 12, 10),
    )
    assert {c.to_actor for c in r.control} == {"sna"}, r.control


def test_what_a_prison_is_known_for_is_no_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "HTS fighters said they had freed thousands of inmates from Sednaya, the military prison "
        "north of the capital where rights groups say thousands of people were executed.",
    )
    assert "Attack" not in {e.sub_event_type for e in r.events}, r.events


def test_another_raid_is_by_the_jets_of_the_raid_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Russian and Syrian warplanes struck a busy district of Idlib city on Monday, killing "
        "eight civilians, rescuers said. Another raid hit the outskirts of Sarmada, near the "
        "Turkish border, where camps shelter displaced families.",
        published=date(2024, 12, 3),
    )
    sarmada = _place_id(r, "Sarmada")
    assert {e.actor1 for e in r.events if e.place and e.place.id == sarmada} == {"russia"}


def test_the_source_of_a_report_is_not_the_side_acted_on(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Local factions seized Izraa on Friday as government troops pulled back toward "
        "Damascus, according to residents.",
        published=date(2024, 12, 7),
    )
    assert "civilians" not in {e.actor2 for e in r.events}, r.events


def test_a_withdrawal_that_left_a_town_in_the_hands_of_a_side_hands_it_over(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "Hundreds of Syrian soldiers crossed into Iraq overnight. Their departure left the "
        "border town, Albu Kamal, in the hands of the US-backed SDF.",
        published=date(2024, 12, 7),
    )
    assert {(c.place.id, c.to_actor) for c in r.control} == {(_place_id(r, "Albu Kamal"), "sdf")}


def test_a_curfew_is_imposed_by_the_side_that_rules_the_town(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(
        pipeline,
        "HTS fighters took Damascus on Sunday. Their command then imposed a night curfew in "
        "Damascus from 4 p.m. to 5 a.m.",
        published=date(2024, 12, 8),
    )
    found = {(e.sub_event_type, e.actor1) for e in r.events if "curfew" in e.sources[0].quote}
    assert found == {("Other", "hts")}, found
