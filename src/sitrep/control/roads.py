"""The strategic road graph: corridors between towns, towns cut off, distance to the front.

Towns are nodes and road segments edges with their lengths (the pack's ``roads.csv``). A town
of the timeline that no road reaches gets an ``access`` link to the nearest node on a road,
its straight-line distance times ``ACCESS_FACTOR``, so every located town can be judged.

A corridor for an actor is open when a route exists through towns the actor (or a friend)
holds; road nodes that are not towns (junctions, crossings) hold no one and are passable.
When it is closed, the cut is the smallest set of towns held by others that bar the way: the
route that crosses the fewest of them (then the shortest) names them.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sitrep.control.timeline import ControlError, Town
from sitrep.theater import Theater

ACCESS_FACTOR = 1.3  # roads wind: a straight line understates the way by about a third
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    a: str
    b: str
    km: float
    road: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Corridor:
    """Whether ``origin`` and ``dest`` are joined through the actor's towns."""

    origin: str
    dest: str
    actor: str
    connected: bool
    route: tuple[str, ...]  # the open route, origin first; () when cut
    km: float | None  # the open route's length
    cut: tuple[str, ...]  # towns held by others on the least-blocked route; () when open
    blocked_route: tuple[str, ...] = ()  # that least-blocked route, when cut


@dataclass(frozen=True, slots=True, kw_only=True)
class CutOff:
    place: str
    actor: str
    cut: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class FrontDistance:
    """The nearest town held by a hostile actor, by straight line and by road."""

    place: str
    nearest: str | None  # by straight line
    nearest_actor: str | None
    straight_km: float | None
    by_road: str | None  # nearest by road (may differ)
    by_road_actor: str | None
    road_km: float | None


class RoadGraph:
    """An undirected graph of towns and road segments; build with :meth:`from_theater`."""

    def __init__(self, links: Iterable[Link]) -> None:
        self.links = tuple(links)
        self.adjacent: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for link in self.links:
            self.adjacent[link.a].append((link.b, link.km))
            self.adjacent[link.b].append((link.a, link.km))

    @classmethod
    def from_theater(
        cls, theater: Theater, towns: Mapping[str, Town] | None = None
    ) -> RoadGraph:
        """The pack's roads, plus access links for the located towns no road reaches."""
        links = [Link(a=r.a, b=r.b, km=r.km, road=r.road) for r in theater.roads]
        on_road = {n for link in links for n in (link.a, link.b)}
        where = {
            t.id: (t.lat, t.lon)
            for t in (towns or {}).values()
            if t.lat is not None and t.lon is not None
        }
        for b in theater.baseline:
            where.setdefault(b.place_id, (b.lat, b.lon))
        anchors = [(n, where[n]) for n in sorted(on_road) if n in where]
        if anchors:
            for town_id in sorted(set(where) - on_road):
                lat, lon = where[town_id]
                km, node = min(
                    (haversine_km(lat, lon, alat, alon), n) for n, (alat, alon) in anchors
                )
                links.append(
                    Link(a=town_id, b=node, km=round(km * ACCESS_FACTOR, 1), road="access")
                )
        return cls(links)

    def __contains__(self, node: object) -> bool:
        return node in self.adjacent

    def check(self, node: str) -> None:
        if node not in self.adjacent:
            raise ControlError(f"{node}: not on the theater's road graph (roads.csv)")

    def reachable(self, origin: str, passable: Collection[str] | None) -> set[str]:
        """Nodes reachable from ``origin`` through ``passable`` ones (all when None)."""
        seen = {origin}
        stack = [origin]
        while stack:
            node = stack.pop()
            for nxt, _ in self.adjacent.get(node, ()):
                if nxt not in seen and (passable is None or nxt in passable):
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def least_blocked(
        self, origin: str, dest: str, blocked: Collection[str]
    ) -> tuple[int, float, tuple[str, ...]] | None:
        """The route crossing the fewest ``blocked`` nodes, then the shortest; None if none."""
        start_cost = 1 if origin in blocked else 0
        best: dict[str, tuple[int, float]] = {origin: (start_cost, 0.0)}
        back: dict[str, str] = {}
        heap: list[tuple[int, float, str]] = [(start_cost, 0.0, origin)]
        while heap:
            hits, km, node = heapq.heappop(heap)
            if (hits, km) > best.get(node, (hits, km)):
                continue
            if node == dest:
                path = [dest]
                while path[-1] != origin:
                    path.append(back[path[-1]])
                return hits, km, tuple(reversed(path))
            for nxt, step in self.adjacent.get(node, ()):
                cost = (hits + (nxt in blocked), km + step)
                if nxt not in best or cost < best[nxt]:
                    best[nxt] = cost
                    back[nxt] = node
                    heapq.heappush(heap, (cost[0], cost[1], nxt))
        return None

    def nodes(self) -> list[str]:
        return sorted(self.adjacent)


def _blocked(graph: RoadGraph, holders: Mapping[str, str | None], friends: frozenset[str]) -> set[str]:
    return {n for n in graph.adjacent if holders.get(n) is not None and holders[n] not in friends}


def find_corridor(
    graph: RoadGraph,
    holders: Mapping[str, str | None],
    origin: str,
    dest: str,
    *,
    actor: str,
    allies: Collection[str] = (),
) -> Corridor:
    """Is there a road from ``origin`` to ``dest`` through towns of ``actor`` (or allies)?"""
    graph.check(origin)
    graph.check(dest)
    friends = frozenset({actor, *allies})
    blocked = _blocked(graph, holders, friends)
    found = graph.least_blocked(origin, dest, blocked)
    if found is None:
        return Corridor(origin=origin, dest=dest, actor=actor, connected=False, route=(),
                        km=None, cut=())
    hits, km, path = found
    if hits == 0:
        return Corridor(origin=origin, dest=dest, actor=actor, connected=True, route=path,
                        km=round(km, 1), cut=())
    cut = tuple(n for n in path if n in blocked)
    return Corridor(origin=origin, dest=dest, actor=actor, connected=False, route=(), km=None,
                    cut=cut, blocked_route=path)


def find_cut_off(
    graph: RoadGraph,
    holders: Mapping[str, str | None],
    capital: str,
    *,
    actor: str,
    allies: Collection[str] = (),
) -> list[CutOff]:
    """Every town the actor holds that no road through its (or allies') towns joins to
    ``capital``, with the towns that cut it off."""
    graph.check(capital)
    friends = frozenset({actor, *allies})
    blocked = _blocked(graph, holders, friends)
    passable = set(graph.adjacent) - blocked
    reached = graph.reachable(capital, passable) if capital in passable else set()
    result: list[CutOff] = []
    for node in graph.nodes():
        if holders.get(node) != actor or node in reached:
            continue
        found = graph.least_blocked(capital, node, blocked)
        cut = tuple(n for n in found[2] if n in blocked) if found else ()
        result.append(CutOff(place=node, actor=actor, cut=cut))
    return result


def find_front(
    graph: RoadGraph,
    towns: Mapping[str, Town],
    holders: Mapping[str, str | None],
    place: str,
    *,
    hostile: Collection[str],
) -> FrontDistance:
    """The nearest town held by one of ``hostile``, by straight line and by road."""
    town = towns.get(place)
    if town is None or town.lat is None or town.lon is None:
        raise ControlError(f"{place}: a town with coordinates is needed for the front distance")
    enemies = {p for p, a in holders.items() if a in hostile and p != place}
    best: tuple[float, str] | None = None
    for p in enemies:
        t = towns.get(p)
        if t is not None and t.lat is not None and t.lon is not None:
            km = haversine_km(town.lat, town.lon, t.lat, t.lon)
            if best is None or (km, p) < best:
                best = (km, p)
    road = _nearest_by_road(graph, place, enemies) if place in graph else None
    return FrontDistance(
        place=place,
        nearest=best[1] if best else None,
        nearest_actor=holders.get(best[1]) if best else None,
        straight_km=round(best[0], 1) if best else None,
        by_road=road[1] if road else None,
        by_road_actor=holders.get(road[1]) if road else None,
        road_km=round(road[0], 1) if road else None,
    )


def _nearest_by_road(graph: RoadGraph, origin: str, targets: set[str]) -> tuple[float, str] | None:
    dist = {origin: 0.0}
    heap = [(0.0, origin)]
    while heap:
        km, node = heapq.heappop(heap)
        if km > dist[node]:
            continue
        if node in targets:
            return km, node
        for nxt, step in graph.adjacent.get(node, ()):
            if km + step < dist.get(nxt, math.inf):
                dist[nxt] = km + step
                heapq.heappush(heap, (km + step, nxt))
    return None
