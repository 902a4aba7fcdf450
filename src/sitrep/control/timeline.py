"""Who holds each town on any day: the theater's baseline plus the fused control changes.

Reports of one town are grouped into hand-overs: reports that name the same taker, or whose
date ranges overlap, describe one hand-over (a capture reported twice with two dates, or two
parties claiming the same town in the same days). One report of each group is kept, by rank:
asserted over claimed, then more independent documents, then the later-published report. The
others stay attached as alternatives, with the reason of the choice in words.

A town's state on a day is ``contested`` when fighting (an ACLED ``Battles`` event) is reported
inside it after its last hand-over and within ``contest_days`` of the day; else ``claimed``
when its holder rests only on one party's claims; else ``changed`` on the day it changed
hands; else ``held``.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sitrep.errors import SitrepError
from sitrep.models import ControlChange, Event, Modality, PlaceLevel, SourceRef
from sitrep.theater import Theater

log = logging.getLogger(__name__)

FIGHTING_EVENT_TYPE = "Battles"  # ACLED's event type for armed clashes and take-overs


class ControlError(SitrepError):
    """A control, corridor or territory query cannot be answered (unknown place, bad date)."""


class ControlState(StrEnum):
    HELD = "held"
    CONTESTED = "contested"
    CLAIMED = "claimed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Town:
    id: str
    name: str
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One control change as evidence for a hand-over."""

    change_id: str
    actor: str
    day: date
    earliest: date
    latest: date
    modality: Modality
    claimed_by: str | None
    sources: tuple[SourceRef, ...]
    published: date | None = None  # the latest publication date of its documents

    @property
    def docs(self) -> frozenset[str]:
        return frozenset(s.doc_id for s in self.sources)

    def describe(self) -> str:
        n = len(self.docs)
        how = f"claimed by {self.claimed_by or 'one party'}" if self.modality is Modality.CLAIMED \
            else "asserted"
        return f"{self.actor} on {self.day.isoformat()} ({how}, {n} document{'s' * (n != 1)})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Handover:
    """A town changing hands on ``day``, with the report kept and the ones set aside."""

    place_id: str
    day: date
    actor: str
    previous: str | None
    chosen: Report
    supporting: tuple[Report, ...]  # every report naming the same taker, chosen included
    alternatives: tuple[Report, ...]  # reports of the same hand-over that were not kept
    reason: str

    @property
    def claimed_only(self) -> bool:
        return all(r.modality is Modality.CLAIMED for r in self.supporting)

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return tuple(sorted({s for r in self.supporting for s in r.sources}))


@dataclass(frozen=True, slots=True, kw_only=True)
class Fighting:
    place_id: str
    day: date
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TownControl:
    """The answer for one town on one day."""

    town: Town
    actor: str | None
    state: ControlState
    since: date
    sources: tuple[SourceRef, ...]
    handover: Handover | None = None
    assumed: bool = False  # set by a what-if, not by the evidence


def _rank(report: Report) -> tuple[int, int, date, str]:
    return (
        report.modality is Modality.ASSERTED,
        len(report.docs),
        report.published or date.min,
        report.change_id,
    )


def _why(chosen: Report, other: Report) -> str:
    if chosen.modality is not other.modality:
        return "asserted over claimed"
    if len(chosen.docs) != len(other.docs):
        return f"more independent documents ({len(chosen.docs)} vs {len(other.docs)})"
    if chosen.published and other.published and chosen.published != other.published:
        return f"later report (published {chosen.published} vs {other.published})"
    return "equal weight; kept by change id for a stable answer"


def _explain(chosen: Report, others: Sequence[Report]) -> str:
    if not others:
        return ""
    parts = [f"{o.describe()}: {_why(chosen, o)}" for o in others]
    return f"kept {chosen.describe()} over " + "; ".join(parts)


def _group(reports: Sequence[Report]) -> list[list[Report]]:
    """Reports of one town, in date order, grouped into hand-overs."""
    groups: list[list[Report]] = []
    latest = date.min
    for report in sorted(reports, key=lambda r: (r.day, r.change_id)):
        if groups and (
            report.actor in {r.actor for r in groups[-1]} or report.earliest <= latest
        ):
            groups[-1].append(report)
            latest = max(latest, report.latest)
        else:
            groups.append([report])
            latest = report.latest
    return groups


class ControlTimeline:
    """Holders of every town on every day from the baseline date on; build with :meth:`build`."""

    def __init__(
        self,
        *,
        start: date,
        towns: Mapping[str, Town],
        baseline: Mapping[str, str | None],
        handovers: Mapping[str, Sequence[Handover]],
        fighting: Mapping[str, Sequence[Fighting]] | None = None,
        contest_days: int = 3,
        unplaced: Sequence[ControlChange] = (),
    ) -> None:
        self.start = start
        self.towns: dict[str, Town] = dict(towns)
        self.baseline: dict[str, str | None] = {t: baseline.get(t) for t in self.towns}
        self.handovers: dict[str, tuple[Handover, ...]] = {
            p: tuple(sorted(h, key=lambda x: x.day)) for p, h in handovers.items() if h
        }
        self._days = {p: [h.day for h in hs] for p, hs in self.handovers.items()}
        self._fighting: dict[str, tuple[Fighting, ...]] = {
            p: tuple(sorted(f, key=lambda x: x.day)) for p, f in (fighting or {}).items()
        }
        self._fight_days = {p: [f.day for f in fs] for p, fs in self._fighting.items()}
        self.contest_days = contest_days
        self.unplaced = tuple(unplaced)

    # ------------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        theater: Theater,
        changes: Iterable[ControlChange],
        *,
        events: Iterable[Event] = (),
        published: Mapping[str, date] | None = None,
        contest_days: int = 3,
    ) -> ControlTimeline:
        """The timeline of a theater from its baseline, control changes and fighting events.

        Args:
            theater: the pack: baseline towns and holders, admin1 capitals.
            changes: fused control changes; country-level and undated ones are set aside.
            events: events; ``Battles`` at a town mark it contested.
            published: publication date by document id, to prefer the later report.
            contest_days: how long reported fighting keeps a town contested.
        """
        towns: dict[str, Town] = {}
        baseline: dict[str, str | None] = {}
        for entry in theater.baseline:
            towns[entry.place_id] = Town(
                id=entry.place_id, name=entry.place_name, lat=entry.lat, lon=entry.lon
            )
            baseline[entry.place_id] = entry.actor
        capitals = {a.id: a.capital for a in theater.admin1 if a.capital}
        by_place: dict[str, list[Report]] = defaultdict(list)
        first_from: dict[str, str | None] = {}
        unplaced: list[ControlChange] = []
        pub = published or {}
        for change in changes:
            place = change.place
            target = place.id
            if change.time is None:
                unplaced.append(change)
                continue
            if place.level is PlaceLevel.ADMIN1 and capitals.get(place.id) in towns:
                target = capitals[place.id]  # a governorate taken: its capital with it
            elif place.level in (PlaceLevel.ADMIN1, PlaceLevel.COUNTRY):
                unplaced.append(change)
                continue
            if target not in towns:
                towns[target] = Town(id=target, name=place.name, lat=place.lat, lon=place.lon)
                baseline[target] = None
            if baseline[target] is None and target not in first_from:
                first_from[target] = change.from_actor
            days = [pub[s.doc_id] for s in change.sources if s.doc_id in pub]
            by_place[target].append(
                Report(
                    change_id=change.change_id,
                    actor=change.to_actor,
                    day=change.time.day,
                    earliest=change.time.earliest,
                    latest=change.time.latest,
                    modality=change.modality,
                    claimed_by=change.claimed_by,
                    sources=change.sources,
                    published=max(days, default=None),
                )
            )
        for place_id, actor in first_from.items():
            if baseline.get(place_id) is None:
                baseline[place_id] = actor
        handovers = {
            p: _handovers(p, reports, baseline.get(p), theater.start)
            for p, reports in by_place.items()
        }
        fighting: dict[str, list[Fighting]] = defaultdict(list)
        for event in events:
            if (
                event.event_type == FIGHTING_EVENT_TYPE
                and event.place is not None
                and event.place.id in towns
                and event.time is not None
            ):
                fighting[event.place.id].append(
                    Fighting(place_id=event.place.id, day=event.time.day, sources=event.sources)
                )
        if unplaced:
            log.info("%d control changes name no town or date and stay off the timeline",
                     len(unplaced))
        return cls(
            start=theater.start, towns=towns, baseline=baseline, handovers=handovers,
            fighting=fighting, contest_days=contest_days, unplaced=unplaced,
        )

    # ------------------------------------------------------------------ queries

    def check_day(self, day: date) -> None:
        """Raise ControlError for a day before the baseline, which nothing is known about."""
        if day < self.start:
            raise ControlError(
                f"date {day.isoformat()} is before the theater's baseline "
                f"{self.start.isoformat()}: control is known from the baseline on"
            )

    def holder(self, place_id: str, day: date) -> str | None:
        """The actor holding a town on a day (None when unknown)."""
        days = self._days.get(place_id)
        if days:
            i = bisect_right(days, day)
            if i:
                return self.handovers[place_id][i - 1].actor
        return self.baseline.get(place_id)

    def holders(self, day: date, assume: Mapping[str, str] | None = None) -> dict[str, str | None]:
        """Every town's holder on a day, with the ``assume`` what-ifs laid over it."""
        self.check_day(day)
        held = {p: self.holder(p, day) for p in self.towns}
        held.update(assume or {})
        return held

    def last_handover(self, place_id: str, day: date) -> Handover | None:
        days = self._days.get(place_id)
        if not days:
            return None
        i = bisect_right(days, day)
        return self.handovers[place_id][i - 1] if i else None

    def town_at(
        self, place_id: str, day: date, *, assume: Mapping[str, str] | None = None
    ) -> TownControl:
        """The holder, state, since-date and evidence of one town on one day."""
        self.check_day(day)
        town = self.towns.get(place_id)
        if town is None:
            raise ControlError(f"{place_id}: not a town of the timeline (baseline or changes)")
        if assume and place_id in assume:
            return TownControl(town=town, actor=assume[place_id], state=ControlState.CHANGED,
                               since=day, sources=(), assumed=True)
        handover = self.last_handover(place_id, day)
        since = handover.day if handover else self.start
        actor = handover.actor if handover else self.baseline.get(place_id)
        sources = handover.sources if handover else ()
        fights = self._recent_fighting(place_id, day, since if handover else None)
        if fights:
            state = ControlState.CONTESTED
            sources = tuple(sorted(set(sources) | {s for f in fights for s in f.sources}))
        elif handover and handover.claimed_only:
            state = ControlState.CLAIMED
        elif handover and handover.day == day:
            state = ControlState.CHANGED
        else:
            state = ControlState.HELD
        return TownControl(town=town, actor=actor, state=state, since=since,
                           sources=sources, handover=handover)

    def at(self, day: date, *, assume: Mapping[str, str] | None = None) -> list[TownControl]:
        """Every town on a day, in name order."""
        self.check_day(day)
        ids = sorted(self.towns, key=lambda p: (self.towns[p].name, p))
        return [self.town_at(p, day, assume=assume) for p in ids]

    def conflicts(self) -> list[Handover]:
        """Hand-overs that had conflicting reports (other dates or other takers)."""
        return [h for hs in self.handovers.values() for h in hs if h.alternatives]

    def days(self, end: date | None = None) -> list[date]:
        """Every day from the baseline to ``end`` (default: the last hand-over or fighting)."""
        last = max(
            [d for ds in self._days.values() for d in ds]
            + [d for ds in self._fight_days.values() for d in ds]
            + [self.start]
        )
        stop = max(end or last, self.start)
        return [self.start + timedelta(days=n) for n in range((stop - self.start).days + 1)]

    def _recent_fighting(self, place_id: str, day: date, after: date | None) -> list[Fighting]:
        days = self._fight_days.get(place_id)
        if not days:
            return []
        hi = bisect_right(days, day)
        lo = bisect_right(days, day - timedelta(days=self.contest_days))
        found = self._fighting[place_id][lo:hi]
        return [f for f in found if after is None or f.day > after]


def _handovers(
    place_id: str, reports: Sequence[Report], first: str | None, start: date
) -> list[Handover]:
    result: list[Handover] = []
    previous = first
    for group in _group(reports):
        ranked = sorted(group, key=_rank, reverse=True)
        chosen = ranked[0]
        if chosen.day < start:
            log.debug("%s: change %s predates the baseline; the baseline stands",
                      place_id, chosen.change_id)
            continue
        supporting = tuple(r for r in ranked if r.actor == chosen.actor)
        others = tuple(r for r in ranked[1:] if r.actor != chosen.actor or r.day != chosen.day)
        result.append(
            Handover(
                place_id=place_id, day=chosen.day, actor=chosen.actor, previous=previous,
                chosen=chosen, supporting=supporting, alternatives=others,
                reason=_explain(chosen, others),
            )
        )
        previous = chosen.actor
    return result
