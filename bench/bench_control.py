"""Timeline query benchmark: 10,000 towns, 100,000 control changes, queries by date.

Run ``.venv/bin/python bench/bench_control.py`` (``make bench`` runs it too). It prints the
build time and the median and 95th-percentile time of three queries: every town's holder on a
day (the map of one day), one town's full answer (state and evidence) and a corridor on the
generated road graph. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sitrep.control import ControlTimeline, RoadGraph, find_corridor  # noqa: E402
from sitrep.models import (  # noqa: E402
    ActorType,
    ControlChange,
    Modality,
    Place,
    PlaceLevel,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.theater import Actor, BaselineControl, RoadSegment, Theater  # noqa: E402

START = date(2024, 1, 1)
ACTORS = ("gov", "reb", "kurd", "tribe")


def make_theater(towns: int, rnd: random.Random) -> Theater:
    side = int(towns**0.5)
    baseline = tuple(
        BaselineControl(place_id=f"gn:{i}", place_name=f"Town {i}", actor=rnd.choice(ACTORS),
                        lat=32.0 + (i // side) * 0.05, lon=35.0 + (i % side) * 0.05)
        for i in range(towns)
    )
    roads = []
    for i in range(towns):  # a grid of roads
        for j in (i + 1, i + side):
            if j < towns and (j != i + 1 or j % side):
                roads.append(RoadSegment(road="r", a=f"gn:{i}", a_name="", b=f"gn:{j}",
                                         b_name="", km=5.0))
    return Theater(
        name="bench", country="iso:XX", capital="gn:0", start=START,
        bbox=(35.0, 32.0, 40.0, 37.0),
        actors={a: Actor(id=a, name=a, type=ActorType.REBEL) for a in ACTORS},
        baseline=baseline, roads=tuple(roads),
    )


def make_changes(count: int, towns: int, days: int, rnd: random.Random) -> list[ControlChange]:
    changes = []
    for n in range(count):
        d = START + timedelta(days=rnd.randrange(days))
        spread = rnd.choice((0, 0, 0, 1, 3))
        place = rnd.randrange(towns)
        changes.append(ControlChange(
            change_id=f"c{n}",
            place=Place(id=f"gn:{place}", name=f"Town {place}", level=PlaceLevel.SETTLEMENT),
            to_actor=rnd.choice(ACTORS),
            time=TimeSpan(day=d, earliest=d - timedelta(days=spread),
                          latest=d + timedelta(days=spread),
                          precision=TimePrecision.DAY if not spread else TimePrecision.WEEK),
            modality=Modality.CLAIMED if rnd.random() < 0.1 else Modality.ASSERTED,
            sources=tuple(SourceRef(doc_id=f"d{rnd.randrange(5000)}", start=0, end=1, quote="q")
                          for _ in range(rnd.randint(1, 3))),
        ))
    return changes


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(label: str, ms: list[float]) -> str:
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    return f"{label:<42} median {statistics.median(ms):8.3f} ms   p95 {p95:8.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--towns", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    rnd = random.Random(7)
    theater = make_theater(args.towns, rnd)
    changes = make_changes(args.changes, args.towns, args.days, rnd)
    t0 = time.perf_counter()
    timeline = ControlTimeline.build(theater, changes)
    built = time.perf_counter() - t0
    graph = RoadGraph.from_theater(theater, timeline.towns)
    handovers = sum(len(h) for h in timeline.handovers.values())
    print(f"{args.towns:,} towns, {args.changes:,} changes -> {handovers:,} hand-overs, "
          f"{len(timeline.conflicts()):,} with conflicting reports; build {built:.2f} s")
    days = [START + timedelta(days=rnd.randrange(args.days)) for _ in range(args.repeat)]
    it = iter(days * 2)
    print(line("holders of every town on a day", timed(lambda: timeline.holders(next(it)),
                                                        args.repeat)))
    towns = [f"gn:{rnd.randrange(args.towns)}" for _ in range(args.repeat * 20)]
    pairs = iter(zip(towns, days * 20, strict=False))
    print(line("one town on a day (state + evidence)",
               timed(lambda: timeline.town_at(*next(pairs)), args.repeat * 20)))
    held = timeline.holders(days[0])
    ends = pairwise(towns)

    def corridor() -> None:
        a, b = next(ends)
        find_corridor(graph, held, a, b, actor=held[a] or "gov")

    print(line("corridor between two towns (road grid)", timed(corridor, 20)))


if __name__ == "__main__":
    main()
