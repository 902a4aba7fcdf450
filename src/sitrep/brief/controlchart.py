"""The control chart of a brief: who held each key town on each day of the window.

Key towns are the pack's seats of power and the ends of its key corridors (``[control]`` in
``theater.toml``) and every town that changed hands in the window; each cell is the holder
and state the control timeline gives for that town and day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sitrep.control import ControlFacts, ControlTimeline

MAX_ROWS = 24  # towns shown; key towns first, then towns that changed hands, by first change


class TownRole(StrEnum):
    """Why a town is on the chart."""

    KEY = "key"  # a seat of power or a corridor's end
    CHANGED = "changed"  # changed hands in the window


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlCell:
    """One town on one day; ``actor`` None and ``state`` "" before the baseline."""

    day: date
    actor: str | None
    state: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlRow:
    place_id: str
    name: str
    role: TownRole
    before: str | None  # the holder on the day before the chart
    cells: tuple[ControlCell, ...]

    def changed(self, n: int) -> bool:
        """Whether the holder of cell ``n`` differs from the day before."""
        cell = self.cells[n]
        if not cell.state:  # before the baseline
            return False
        # the day before, or the holder before the chart when that day is before the baseline
        previous = self.cells[n - 1].actor if n and self.cells[n - 1].state else self.before
        return cell.actor is not None and cell.actor != previous

    @property
    def changes(self) -> tuple[ControlCell, ...]:
        """The cells whose holder differs from the day before."""
        return tuple(c for n, c in enumerate(self.cells) if self.changed(n))


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlChart:
    days: tuple[date, ...]
    rows: tuple[ControlRow, ...]
    holders: tuple[tuple[str, str], ...] = ()  # (actor id, name) of every holder shown
    more: int = 0  # towns that changed hands but were left out for length


def key_places(theater_capital: str, facts: ControlFacts) -> tuple[str, ...]:
    """The pack's key towns: the theater's capital, each actor's seat, corridor ends."""
    ids = [theater_capital, *facts.capitals.values()]
    for corridor in facts.corridors:
        ids += [corridor.origin, corridor.dest]
    return tuple(dict.fromkeys(ids))


def chart_control(
    timeline: ControlTimeline,
    *,
    key: Iterable[str],
    start: date,
    end: date,
    names: Mapping[str, str] | None = None,
) -> ControlChart:
    """The control chart of the days ``start``..``end``.

    Args:
        timeline: the control timeline the cells are read from.
        key: the key towns' place ids; those the timeline does not know are skipped.
        start: the first day of the chart; days before the timeline's baseline stay empty.
        end: the last day (inclusive).
        names: display names of actors (the id is shown otherwise).
    """
    days = tuple(start + timedelta(days=n) for n in range((end - start).days + 1))
    first_change: dict[str, date] = {}
    for place_id, handovers in timeline.handovers.items():
        # a report that the holder still holds it is no change of hands
        inside = [h.day for h in handovers if start <= h.day <= end and h.actor != h.previous]
        if inside:
            first_change[place_id] = min(inside)
    keys = sorted(
        {p for p in key if p in timeline.towns}, key=lambda p: (timeline.towns[p].name, p)
    )
    changed = sorted(
        (p for p in first_change if p not in keys),
        key=lambda p: (first_change[p], timeline.towns[p].name, p),
    )
    room = max(0, MAX_ROWS - len(keys))
    chosen = [(p, TownRole.KEY) for p in keys] + [(p, TownRole.CHANGED) for p in changed[:room]]
    rows = []
    for place_id, role in chosen:
        cells = []
        for day in days:
            if day < timeline.start:
                cells.append(ControlCell(day=day, actor=None, state=""))
                continue
            town = timeline.town_at(place_id, day)
            cells.append(ControlCell(day=day, actor=town.actor, state=town.state.value))
        rows.append(ControlRow(place_id=place_id, name=timeline.towns[place_id].name,
                               role=role, cells=tuple(cells),
                               before=timeline.holder(place_id, start - timedelta(days=1))))
    names = names or {}
    actors = {c.actor for r in rows for c in r.cells if c.actor}
    holders = sorted(((a, names.get(a, a)) for a in actors), key=lambda h: (h[1], h[0]))
    return ControlChart(days=days, rows=tuple(rows), holders=tuple(holders),
                        more=max(0, len(changed) - room))
