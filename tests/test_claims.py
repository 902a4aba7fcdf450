"""Claims and contradictions on sentences written for these tests and a hand-built theater."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.claims import (
    FRONT,
    Claim,
    ClaimKind,
    ClaimModality,
    default_claim_rules,
    find_claims,
    parse_claim_rules,
)
from sitrep.claims_group import capture_groups, collect_claims, compute_distance, group_claims
from sitrep.cli import main
from sitrep.control import ControlTimeline, RoadGraph
from sitrep.errors import SettingsError
from sitrep.fuse import fuse_control
from sitrep.models import (
    ActorType,
    ControlChange,
    DocResult,
    Document,
    Mention,
    MentionKind,
    Place,
    PlaceLevel,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.report.claims import claims_section
from sitrep.store import Store
from sitrep.theater import Actor, BaselineControl, RoadSegment, Theater

START = date(2024, 3, 1)

# Toy theater: a capital, a town 40 km north of it, a port 100 km further; "reb" rebels and a
# "watch" monitor. Coordinates are made up.
TOWNS = {
    "gn:1": ("Capitol", 33.50, 36.30),
    "gn:2": ("Northtown", 33.86, 36.30),
    "gn:3": ("Porthaven", 34.76, 36.30),
}
NAMES = {
    "HTS": (MentionKind.ACTOR, "reb"),
    "the rebels": (MentionKind.ACTOR, "reb"),
    "The rebels": (MentionKind.ACTOR, "reb"),
    "Rebels": (MentionKind.ACTOR, "reb"),
    "rebel fighters": (MentionKind.ACTOR, "reb"),
    "the monitor": (MentionKind.ACTOR, "watch"),
    "The monitor": (MentionKind.ACTOR, "watch"),
    "the Observatory": (MentionKind.ACTOR, "watch"),
    "the army": (MentionKind.ACTOR, "gov"),
    "Capitol": (MentionKind.PLACE, "gn:1"),
    "Northtown": (MentionKind.PLACE, "gn:2"),
    "Porthaven": (MentionKind.PLACE, "gn:3"),
}


def toy() -> Theater:
    actors = {
        "gov": Actor(id="gov", name="Government", type=ActorType.STATE, side="gov"),
        "reb": Actor(id="reb", name="Rebel Front", type=ActorType.REBEL, side="opposition"),
        "watch": Actor(id="watch", name="War Watch", type=ActorType.MONITOR),
    }
    baseline = (
        BaselineControl(place_id="gn:1", place_name="Capitol", actor="gov", lat=33.50, lon=36.30),
        BaselineControl(place_id="gn:2", place_name="Northtown", actor="gov", lat=33.86,
                        lon=36.30),
        BaselineControl(place_id="gn:3", place_name="Porthaven", actor="reb", lat=34.76,
                        lon=36.30),
    )
    roads = (
        RoadSegment(road="R1", a="gn:1", a_name="Capitol", b="gn:2", b_name="Northtown", km=45.0),
        RoadSegment(road="R1", a="gn:2", a_name="Northtown", b="gn:3", b_name="Porthaven",
                    km=110.0),
    )
    return Theater(name="toy", country="iso:XX", capital="gn:1", start=START,
                   bbox=(35.0, 33.0, 37.0, 35.0), actors=actors, baseline=baseline, roads=roads)


THEATER = toy()


def doc(text: str, *, doc_id: str = "d1", published: date = date(2024, 3, 9)) -> Document:
    return Document(doc_id=doc_id, raw=text, text=text, published=published)


def mentions(document: Document) -> list[Mention]:
    """Every occurrence of the names above, longest first where they overlap."""
    found: list[Mention] = []
    taken: set[int] = set()
    for name in sorted(NAMES, key=len, reverse=True):
        kind, ident = NAMES[name]
        for m in re.finditer(rf"\b{re.escape(name)}\b", document.text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken |= set(range(m.start(), m.end()))
            found.append(Mention(doc_id=document.doc_id, start=m.start(), end=m.end(),
                                 text=m.group(0), kind=kind, id=ident))
    return sorted(found, key=lambda m: m.start)


def claims_of(text: str, **kw: object) -> list[Claim]:
    d = doc(text, **kw)  # type: ignore[arg-type]
    return find_claims(d, mentions(d), theater=THEATER)


# --------------------------------------------------------------------------- distances


def test_party_and_monitor_distances_disagree() -> None:
    found = claims_of("HTS says its fighters are 20 km from Capitol. "
                      "The monitor put them 10 km away.")
    assert [(c.subject, c.place, c.km, c.said_by) for c in found] == [
        ("reb", "gn:1", 20.0, "reb"), ("reb", "gn:1", 10.0, "watch"),
    ]
    assert all(c.modality is ClaimModality.CLAIMED for c in found)
    groups = group_claims(found)
    assert len(groups) == 1
    assert groups[0].disagree
    assert "20 km" in groups[0].why and "10 km" in groups[0].why


def test_claims_across_documents_on_the_same_day_are_compared() -> None:
    a = claims_of("HTS said its units were 20 km from Capitol.", doc_id="a")
    b = claims_of("According to the Observatory, rebel fighters were 12 kilometres outside "
                  "Capitol.", doc_id="b")
    assert [c.said_by for c in b] == ["watch"]
    (group,) = group_claims(a + b)
    assert group.disagree
    assert {c.source.doc_id for c in group.claims} == {"a", "b"}


def test_close_figures_agree() -> None:
    found = claims_of("HTS says it is 20 km from Capitol. The monitor put them 21 km away.")
    (group,) = group_claims(found)
    assert len(group.claims) == 2 and not group.disagree and group.why == ""


def test_a_moving_front_is_compared_day_by_day_only() -> None:
    early = claims_of("HTS says it is 60 km from Capitol.", doc_id="a",
                      published=date(2024, 3, 2))
    late = claims_of("HTS says it is 10 km from Capitol.", doc_id="b",
                     published=date(2024, 3, 9))
    groups = group_claims(early + late)
    assert len(groups) == 2
    assert not any(g.disagree for g in groups)


def test_miles_become_km_and_the_capital_is_the_theaters() -> None:
    (claim,) = claims_of("The monitor said the rebels were 10 miles from the capital.")
    assert claim.place == "gn:1" and claim.km == 16.1 and claim.subject == "reb"


def test_place_to_place_and_front_distances() -> None:
    found = claims_of("Rebels reached Northtown, only 40 km from Capitol. "
                      "Capitol is still about 150 km from the front.")
    pair, front = found
    assert (pair.subject, pair.place, pair.km) == ("gn:2", "gn:1", 40.0)
    assert (front.subject, front.place, front.km) == (FRONT, "gn:1", 150.0)
    assert pair.modality is ClaimModality.ASSERTED and pair.said_by is None


@pytest.mark.parametrize("text", [
    "If the rebels get within 5 km of Capitol, the government could fall.",
    "The rebels would be 5 km from Capitol by Friday if the line breaks.",
    "HTS denied it was 5 km from Capitol.",
    "The rebels advanced 30 km in two days.",
    "Porthaven lies 130 km further north along the road.",
    "The convoy stretched 5 km along the road.",
])
def test_no_claim_from_hypotheticals_negations_or_movements(text: str) -> None:
    assert [c for c in claims_of(text) if c.kind is ClaimKind.DISTANCE] == []


def test_offsets_point_at_the_figure_and_the_sentence() -> None:
    d = doc("Fighting went on. HTS says its fighters are 20 km from Capitol.")
    (claim,) = find_claims(d, mentions(d), theater=THEATER)
    assert d.text[claim.start:claim.end] == "20 km"
    ref = claim.source
    assert d.text[ref.start:ref.end] == ref.quote
    assert ref.quote.startswith("HTS says")


# --------------------------------------------------------------------------- categories


def test_categorical_claims_that_contradict_are_flagged() -> None:
    a = claims_of("The rebels say Northtown fell without a fight.", doc_id="a")
    b = claims_of("Residents left Northtown on Monday. The city was heavily defended, "
                  "the army said.", doc_id="b")
    assert [(c.subject, c.category, c.said_by) for c in a] == [("gn:2", "unopposed", "reb")]
    assert [(c.subject, c.category, c.said_by) for c in b] == [("gn:2", "defended", "gov")]
    (group,) = group_claims(a + b)
    assert group.kind is ClaimKind.CONDUCT and group.disagree
    assert "without a fight" in group.why and "heavily defended" in group.why


def test_categories_that_do_not_contradict_are_not_flagged() -> None:
    found = claims_of("Northtown was heavily defended. Fierce fighting raged in Northtown.")
    (group,) = group_claims(found)
    assert {c.category for c in group.claims} == {"defended", "fought"}
    assert not group.disagree


def test_a_forecast_is_kept_as_expected() -> None:
    (claim,) = claims_of("Porthaven will probably be abandoned without a fight.")
    assert claim.modality is ClaimModality.EXPECTED and claim.subject == "gn:3"


def test_a_negated_category_gives_no_claim() -> None:
    assert claims_of("Northtown was not heavily defended.") == []


# --------------------------------------------------------------------------- captures


def _capture(doc_id: str, day: date, *, text: str = "on Tuesday") -> ControlChange:
    return ControlChange(
        change_id=f"c-{doc_id}",
        place=Place(id="gn:2", name="Northtown", level=PlaceLevel.SETTLEMENT, lat=33.86,
                    lon=36.30),
        to_actor="reb", from_actor="gov",
        time=TimeSpan(day=day, earliest=day, latest=day, precision=TimePrecision.DAY, text=text),
        sources=(SourceRef(doc_id=doc_id, start=0, end=20, quote=f"Northtown fell ({doc_id})"),),
    )


def test_capture_dates_differing_across_two_documents_disagree() -> None:
    per_doc = [_capture("a", START + timedelta(days=4)), _capture("b", START + timedelta(days=6))]
    timeline = ControlTimeline.build(THEATER, fuse_control(per_doc))
    (group,) = capture_groups(timeline, per_doc, actor_names={"reb": "Rebel Front"})
    assert group.kind is ClaimKind.CAPTURE and group.subject == "gn:2"
    assert group.disagree
    assert sorted(c.day for c in group.claims) == [START + timedelta(days=4),
                                                   START + timedelta(days=6)]
    assert "Rebel Front" in group.claims[0].value


def test_capture_dates_that_agree_are_listed_unflagged() -> None:
    per_doc = [_capture("a", START + timedelta(days=4)), _capture("b", START + timedelta(days=4))]
    timeline = ControlTimeline.build(THEATER, fuse_control(per_doc))
    (group,) = capture_groups(timeline, per_doc)
    assert not group.disagree and len(group.claims) == 2


def test_undated_capture_reports_make_no_date_claim() -> None:
    per_doc = [_capture("a", START + timedelta(days=4)),
               _capture("b", START + timedelta(days=6), text="")]
    timeline = ControlTimeline.build(THEATER, fuse_control(per_doc))
    assert capture_groups(timeline, per_doc) == []


# --------------------------------------------------------------------------- computed


def test_the_computed_distance_sits_beside_a_party_claim() -> None:
    found = claims_of("HTS says its fighters are 20 km from Capitol.")
    (group,) = group_claims(found)
    timeline = ControlTimeline.build(THEATER, [])
    computed = compute_distance(group, timeline, RoadGraph.from_theater(THEATER, timeline.towns),
                                THEATER)
    assert computed is not None
    assert computed.target == "gn:3" and computed.target_actor == "reb"
    assert computed.road_km == 155.0
    assert computed.straight_km is not None and 135 < computed.straight_km < 145


def test_the_computed_distance_follows_the_timeline() -> None:
    found = claims_of("HTS says its fighters are 20 km from Capitol.")
    (group,) = group_claims(found)
    timeline = ControlTimeline.build(THEATER, [_capture("a", START + timedelta(days=4))])
    graph = RoadGraph.from_theater(THEATER, timeline.towns)
    computed = compute_distance(group, timeline, graph, THEATER)
    assert computed is not None and computed.target == "gn:2" and computed.road_km == 45.0


# --------------------------------------------------------------------------- rules, store, CLI


def test_bad_rules_name_the_file_and_the_reason() -> None:
    text = (resources.files("sitrep") / "rules" / "claims.toml").read_text(encoding="utf-8")
    assert parse_claim_rules(text).categories == default_claim_rules().categories
    broken = text.replace("contradicts = [\"unopposed\"]\npattern = '''",
                          "contradicts = [\"unopposed\"]\npattern = '''(", 1)
    with pytest.raises(SettingsError, match=r"claims\.toml: category defended: bad pattern"):
        parse_claim_rules(broken)
    with pytest.raises(SettingsError, match=r"\[distance\] needs the key 'units'"):
        parse_claim_rules("[distance]\npattern = 'km'\n")


def _store(path: Path) -> None:
    texts = {
        "a": "HTS says its fighters are 20 km from Capitol. Northtown fell without a fight.",
        "b": "The monitor said rebel fighters were 10 km from Capitol. "
             "Northtown was heavily defended.",
    }
    with Store(path) as store:
        for doc_id, text in texts.items():
            d = doc(text, doc_id=doc_id)
            store.save_result(DocResult(document=d, mentions=tuple(mentions(d))),
                              content_hash=doc_id)


def test_collect_claims_from_a_store(tmp_path: Path) -> None:
    _store(tmp_path / "s.db")
    with Store(tmp_path / "s.db") as store:
        groups = collect_claims(store, THEATER)
    assert [(g.kind, g.disagree) for g in groups] == [
        (ClaimKind.DISTANCE, True), (ClaimKind.CONDUCT, True),
    ]
    assert groups[0].computed is not None and groups[0].computed.target == "gn:3"
    html = claims_section(groups, {"reb": "Rebel Front"})
    assert html.count('class="claim-group"') == 2 and "disagree" in html
    assert "Rebel Front" in html


def test_cli_claims_json_one_object_per_line(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _store(db)
    pack = tmp_path / "pack"
    _write_pack(pack)
    result = CliRunner().invoke(main, ["claims", "--db", str(db), "--theater", str(pack),
                                       "--json", "--kind", "distance"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["disagree"] is True and sorted(c["km"] for c in row["claims"]) == [10.0, 20.0]
    assert {c["said_by"] for c in row["claims"]} == {"reb", "watch"}


def test_cli_claims_without_a_theater_exits_2(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _store(db)
    result = CliRunner().invoke(main, ["claims", "--db", str(db)])
    assert result.exit_code == 2 and "--theater" in result.output


def _write_pack(folder: Path) -> None:
    folder.mkdir()
    (folder / "theater.toml").write_text(
        'name = "toy"\ncountry = "iso:XX"\ncapital = "gn:1"\nstart = 2024-03-01\n'
        "bbox = [35.0, 33.0, 37.0, 35.0]\n", encoding="utf-8")
    (folder / "actors.toml").write_text(
        '[[actor]]\nid = "gov"\nname = "Government"\ntype = "state"\nside = "gov"\n'
        '[[actor]]\nid = "reb"\nname = "Rebel Front"\ntype = "rebel"\nside = "opposition"\n'
        '[[actor]]\nid = "watch"\nname = "War Watch"\ntype = "monitor"\n', encoding="utf-8")
    rows = "\n".join(f"{p},{n},{'reb' if p == 'gn:3' else 'gov'},{lat},{lon}"
                     for p, (n, lat, lon) in TOWNS.items())
    (folder / "control.csv").write_text(f"place_id,place_name,actor,lat,lon\n{rows}\n",
                                        encoding="utf-8")
    for name, head in (("relations.csv", "subject,relation,object,note"),
                       ("places.csv", "id,name,level,lat,lon,admin1,country,aliases"),
                       ("admin1.csv", "id,name,geonames_code,capital,aliases")):
        (folder / name).write_text(head + "\n", encoding="utf-8")
    (folder / "roads.csv").write_text(
        "road,a,a_name,b,b_name,km\nR1,gn:1,Capitol,gn:2,Northtown,45\n"
        "R1,gn:2,Northtown,gn:3,Porthaven,110\n", encoding="utf-8")
