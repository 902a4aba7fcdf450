"""Corridors, cut sets, what-ifs, cut-offs and front distance on a hand-built road graph.

    cap ──100── mid ──100── port          north ──50── reb-town
     │                        │            │
     └──150── alt ──150───────┘   mid ──200┘        lone (no road, near north)
"""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.control import (
    ControlError,
    ControlTimeline,
    RoadGraph,
    find_corridor,
    find_cut_off,
    find_front,
    haversine_km,
)
from sitrep.models import ActorType, ControlChange, Place, PlaceLevel, SourceRef, TimeSpan
from sitrep.theater import Actor, BaselineControl, RoadSegment, Theater

START = date(2024, 1, 1)
CAP, MID, PORT, ALT, NORTH, REB, LONE = (f"gn:{n}" for n in range(1, 8))
TOWNS = {
    CAP: ("Cap", "gov", 33.0, 36.0),
    MID: ("Mid", "gov", 34.0, 36.0),
    PORT: ("Port", "gov", 35.0, 35.5),
    ALT: ("Alt", "gov", 34.0, 37.0),
    NORTH: ("North", "gov", 36.0, 36.5),
    REB: ("Rebtown", "reb", 36.5, 36.0),
    LONE: ("Lone", "gov", 36.1, 36.6),
}
ROADS = [(CAP, MID, 100.0), (MID, PORT, 100.0), (CAP, ALT, 150.0), (ALT, PORT, 150.0),
         (MID, NORTH, 200.0), (NORTH, REB, 50.0)]


def theater() -> Theater:
    actors = {a: Actor(id=a, name=a, type=ActorType.REBEL) for a in ("gov", "reb", "ally")}
    return Theater(
        name="toy", country="iso:XX", capital=CAP, start=START, bbox=(35.0, 32.0, 38.0, 37.0),
        actors=actors,
        baseline=tuple(BaselineControl(place_id=p, place_name=n, actor=a, lat=lat, lon=lon)
                       for p, (n, a, lat, lon) in TOWNS.items()),
        roads=tuple(RoadSegment(road="r", a=a, a_name=TOWNS[a][0], b=b, b_name=TOWNS[b][0], km=k)
                    for a, b, k in ROADS),
    )


@pytest.fixture
def world() -> tuple[ControlTimeline, RoadGraph]:
    th = theater()
    capture = ControlChange(
        change_id="c1", place=Place(id=MID, name="Mid", level=PlaceLevel.SETTLEMENT),
        to_actor="reb", from_actor="gov", time=TimeSpan.exact(date(2024, 1, 10)),
        sources=(SourceRef(doc_id="d1", start=0, end=1, quote="x"),),
    )
    tl = ControlTimeline.build(th, [capture])
    return tl, RoadGraph.from_theater(th, tl.towns)


def test_connected_takes_the_shortest_held_route(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    result = find_corridor(graph, tl.holders(date(2024, 1, 5)), CAP, PORT, actor="gov")
    assert result.connected and result.route == (CAP, MID, PORT) and result.km == 200.0
    assert result.cut == ()


def test_losing_one_road_town_reroutes(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    result = find_corridor(graph, tl.holders(date(2024, 1, 10)), CAP, PORT, actor="gov")
    assert result.connected and result.route == (CAP, ALT, PORT) and result.km == 300.0


def test_what_if_cuts_and_names_the_fewest_blocking_towns(
    world: tuple[ControlTimeline, RoadGraph],
) -> None:
    tl, graph = world
    holders = tl.holders(date(2024, 1, 10), {ALT: "reb"})
    result = find_corridor(graph, holders, CAP, PORT, actor="gov")
    assert not result.connected and result.route == ()
    assert result.cut == (MID,)  # one blocker either way; the shorter route is named
    assert result.blocked_route == (CAP, MID, PORT)
    # an ally's town does not block when the ally is counted as a friend
    allied = tl.holders(date(2024, 1, 10), {MID: "ally", ALT: "reb"})
    assert find_corridor(graph, allied, CAP, PORT, actor="gov", allies=["ally"]).connected
    assert find_corridor(graph, allied, CAP, PORT, actor="gov").cut == (MID,)


def test_an_endpoint_held_by_others_is_the_cut(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    result = find_corridor(graph, tl.holders(date(2024, 1, 1)), CAP, REB, actor="gov")
    assert not result.connected and result.cut == (REB,)


def test_no_road_at_all_is_cut_with_no_blockers() -> None:
    from sitrep.control import Link

    graph = RoadGraph([Link(a=CAP, b=MID, km=1.0, road="r"), Link(a=PORT, b=ALT, km=1.0, road="r")])
    result = find_corridor(graph, {}, CAP, PORT, actor="gov")
    assert (result.connected, result.cut) == (False, ())


def test_unknown_node_is_an_error(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    with pytest.raises(ControlError, match="road graph"):
        find_corridor(graph, tl.holders(START), CAP, "gn:404", actor="gov")


def test_town_without_road_gets_an_access_link(world: tuple[ControlTimeline, RoadGraph]) -> None:
    _, graph = world
    (access,) = [link for link in graph.links if link.road == "access"]
    assert (access.a, access.b) == (LONE, NORTH)
    straight = haversine_km(36.1, 36.6, 36.0, 36.5)
    assert access.km == pytest.approx(straight * 1.3, abs=0.1)


def test_cut_off_lists_the_stranded_towns_with_their_cut(
    world: tuple[ControlTimeline, RoadGraph],
) -> None:
    tl, graph = world
    assert find_cut_off(graph, tl.holders(date(2024, 1, 9)), CAP, actor="gov") == []
    found = find_cut_off(graph, tl.holders(date(2024, 1, 10)), CAP, actor="gov")
    assert {c.place: c.cut for c in found} == {NORTH: (MID,), LONE: (MID,)}


def test_lost_capital_strands_every_town(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    found = find_cut_off(graph, tl.holders(START, {CAP: "reb"}), CAP, actor="gov")
    assert {c.place for c in found} == {MID, PORT, ALT, NORTH, LONE}
    assert all(c.cut[0] == CAP for c in found)


def test_front_distance_straight_and_by_road(world: tuple[ControlTimeline, RoadGraph]) -> None:
    tl, graph = world
    front = find_front(graph, tl.towns, tl.holders(date(2024, 1, 10)), CAP, hostile={"reb"})
    assert (front.nearest, front.by_road, front.road_km) == (MID, MID, 100.0)
    assert front.straight_km == pytest.approx(haversine_km(33.0, 36.0, 34.0, 36.0), abs=0.1)
    before = find_front(graph, tl.towns, tl.holders(START), PORT, hostile={"reb"})
    assert before.by_road == REB and before.road_km == 350.0


def test_haversine_known_distance() -> None:
    # one degree of latitude is about 111.2 km anywhere
    assert haversine_km(10.0, 20.0, 11.0, 20.0) == pytest.approx(111.2, abs=0.1)
