"""The in-memory listing answers every filter as the SQL plan does: the same events, total and
order for random combinations of days, boxes, types, actors and quote words, at any offset,
including undated and unplaced events, associated actors and values exactly on a box's edge."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitrep.api.query import EventFilter, StoreReader
from sitrep.models import Event, Place, PlaceLevel, SourceRef, TimeSpan
from sitrep.store import Store

TYPES = ("Battles", "Protests", "Riots")
ACTORS = ("hts", "sna", "sdf", "russia")
START = date(2024, 12, 1)
WORDS = ("shelled", "shelling", "town", "convoy", "bridge", "fled")


def _events(count: int, seed: int = 3) -> list[Event]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        placed = rng.random() > 0.1
        dated = rng.random() > 0.1
        out.append(Event(
            event_id=f"ev-{rng.randrange(10**6):06d}-{n}", event_type=rng.choice(TYPES),
            sub_event_type="Armed clash",
            actor1=rng.choice((*ACTORS, None)), actor2=rng.choice((*ACTORS, None)),
            assoc_actors=tuple(rng.sample(ACTORS, rng.choice((0, 0, 1, 2)))),
            # whole and half degrees put many events exactly on a box's edge
            place=Place(id=f"gn:{n}", name=f"P{n}", level=PlaceLevel.SETTLEMENT,
                        lat=rng.randrange(68, 74) / 2, lon=rng.randrange(72, 82) / 2,
                        country="iso:SY") if placed else None,
            time=TimeSpan.exact(START + timedelta(days=rng.randrange(6))) if dated else None,
            sources=tuple(
                SourceRef(doc_id=f"d{(n + k) % 7}", start=0, end=4,
                          quote=" ".join(rng.sample(WORDS, 2)).capitalize())
                for k in range(rng.choice((1, 1, 2)))),
        ))
    return out


def _oracle(events: list[Event], flt: EventFilter) -> list[str]:
    def keep(e: Event) -> bool:
        day = e.time.day if e.time else None
        if flt.date_from and (day is None or day < flt.date_from):
            return False
        if flt.date_to and (day is None or day > flt.date_to):
            return False
        if flt.bbox:
            west, south, east, north = flt.bbox
            if e.place is None or e.place.lon is None or e.place.lat is None:
                return False
            if not (west <= e.place.lon <= east and south <= e.place.lat <= north):
                return False
        if flt.event_type and e.event_type != flt.event_type:
            return False
        if flt.q:
            said = " ".join(s.quote.lower() for s in e.sources).split()
            for word in flt.q.split():
                if not any(w == word or (word.endswith("*") and w.startswith(word[:-1]))
                           for w in said):
                    return False
        if flt.doc_id and flt.doc_id not in {s.doc_id for s in e.sources}:
            return False
        return not flt.actor or flt.actor in (e.actor1, e.actor2, *e.assoc_actors)

    kept = [e for e in events if keep(e)]
    kept.sort(key=lambda e: (e.time is None, e.time.day if e.time else date.min, e.event_id))
    return [e.event_id for e in kept]


def _random_filter(rng: random.Random) -> EventFilter:
    first = START + timedelta(days=rng.randrange(-1, 7))
    west, south = rng.randrange(70, 82) / 2, rng.randrange(66, 74) / 2
    return EventFilter(
        date_from=first if rng.random() < 0.4 else None,
        date_to=first + timedelta(days=rng.randrange(0, 3)) if rng.random() < 0.4 else None,
        bbox=(west, south, west + rng.randrange(0, 5) / 2, south + rng.randrange(0, 5) / 2)
        if rng.random() < 0.5 else None,
        event_type=rng.choice((*TYPES, "Unknown")) if rng.random() < 0.3 else None,
        actor=rng.choice((*ACTORS, "nobody")) if rng.random() < 0.4 else None,
        q=" ".join(rng.sample((*WORDS, "shell*", "absent"), rng.randrange(1, 3)))
        if rng.random() < 0.3 else None,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Event]]:
    events = _events(600)
    path = tmp_path_factory.mktemp("listing") / "s.db"
    with Store(path) as st:
        st.replace_fused(events=events, control=[], relations=[])
    return path, events


def test_the_listing_is_built_and_pages_every_filter_as_the_oracle(
    store: tuple[Path, list[Event]],
) -> None:
    path, events = store
    reader = StoreReader(path)
    assert reader.listing(reader.generation()) is not None
    rng = random.Random(11)
    for _ in range(300):
        flt = _random_filter(rng)
        wanted = _oracle(events, flt)
        offset = rng.choice((0, 0, rng.randrange(0, len(wanted) + 2)))
        limit = rng.choice((1, 7, 100))
        page = reader.events(flt, limit=limit, offset=offset)
        assert page.total == len(wanted), flt
        assert [e.event_id for e in page.events] == wanted[offset:offset + limit], flt


def test_filters_the_listing_leaves_to_sql_still_combine(store: tuple[Path, list[Event]]) -> None:
    path, events = store
    reader = StoreReader(path)
    for flt in (EventFilter(doc_id="d3", event_type="Battles", date_from=START + timedelta(2)),
                EventFilter(doc_id="d5", q="shelling"), EventFilter(doc_id="d0", actor="sna")):
        wanted = _oracle(events, flt)
        page = reader.events(flt, limit=1000)
        assert wanted and [e.event_id for e in page.events] == wanted and page.total == len(wanted)


def test_a_page_read_after_a_rewrite_follows_the_new_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    events = _events(50, seed=5)
    with Store(path) as st:
        st.replace_fused(events=events, control=[], relations=[])
    reader = StoreReader(path)
    old = reader.listing(reader.generation())
    assert old is not None
    fewer = events[::2]
    with Store(path) as st:
        st.replace_fused(events=fewer, control=[], relations=[])
    page = reader.events(EventFilter(), limit=100)
    assert [e.event_id for e in page.events] == _oracle(fewer, EventFilter())
    assert reader.listing(reader.generation()) is not old
