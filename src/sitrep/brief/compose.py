"""Compose a situation brief: template sentences over the store's facts, each with its sources.

Extractive and rule-based: every sentence is filled from fused events, control hand-overs and
relations of the window, and cites the documents it rests on; a quote from the best-sourced
report follows where words of the source say more than a template would.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.brief.controlchart import ControlChart, chart_control
from sitrep.control import ControlTimeline
from sitrep.errors import SitrepError
from sitrep.models import ActorType, Event, Modality, Relation, SourceRef
from sitrep.theater import Theater

log = logging.getLogger(__name__)

FIGHTING = "Battles"
STRIKES = "Explosions/Remote violence"
DISPLACEMENT = "Displacement"
CIVILIANS = "Violence against civilians"
_QUOTE_CHARS = 240
_MAX_ITEMS = 12  # per section; the rest are counted, not listed
_RELATION_WORDS = {
    "supports": "supporting", "opposes": "opposing", "allied_with": "allied with",
    "leads": "leading", "member_of": "a member of", "designates_terrorist":
    "designating as terrorist",
}


class BriefError(SitrepError):
    """A brief cannot be written (bad window, unwritable output)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One sentence of the brief and the documents it cites; ``quote`` is extracted text."""

    text: str
    cites: tuple[str, ...]
    quote: str = ""
    quote_doc: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    key: str
    title: str
    sentences: tuple[Sentence, ...]
    more: int = 0  # items left out


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    theater: str
    start: date
    end: date
    sections: tuple[Section, ...]
    per_day: tuple[tuple[date, Mapping[str, int]], ...]  # events per day by type
    control: ControlChart | None = None  # who held the key towns on each day

    @property
    def cited(self) -> tuple[str, ...]:
        """Every document cited, in order of first citation."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for s in section.sentences:
                for doc in (*s.cites, s.quote_doc):
                    if doc:
                        seen.setdefault(doc, None)
        return tuple(seen)


def _docs(sources: Sequence[SourceRef]) -> tuple[str, ...]:
    return tuple(sorted({s.doc_id for s in sources}))


def _best_quote(sources: Sequence[SourceRef]) -> tuple[str, str]:
    if not sources:
        return "", ""
    best = min(sources, key=lambda s: (len(s.quote) > _QUOTE_CHARS, -len(s.quote), s.doc_id))
    text = " ".join(best.quote.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text, best.doc_id


def _days(days: Sequence[date]) -> str:
    ordered = sorted(set(days))
    if len(ordered) == 1:
        return f"on {ordered[0]:%d %B}"
    if len(ordered) == 2:
        return f"on {ordered[0]:%d} and {ordered[1]:%d %B}"
    return f"between {ordered[0]:%d} and {ordered[-1]:%d %B}"


def _join(names: Sequence[str]) -> str:
    items = list(dict.fromkeys(names))
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


class _Writer:
    def __init__(self, theater: Theater) -> None:
        self.theater = theater

    def name(self, actor_id: str | None) -> str:
        if not actor_id:
            return "an unidentified party"
        actor = self.theater.actors.get(actor_id)
        return actor.name if actor else actor_id

    def backers(self) -> set[str]:
        """Foreign states: state actors of another country than the theater's."""
        return {
            a.id for a in self.theater.actors.values()
            if a.type is ActorType.STATE and a.country and a.country != self.theater.country
        }

    def grouped(
        self, events: Sequence[Event], verb: str, *, by_actor: bool = False
    ) -> tuple[list[Sentence], int]:
        """One sentence per place (and per acting party with ``by_actor``), busiest first."""
        groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for e in events:
            place = e.place.name if e.place else "an unnamed place"
            groups[(place, (e.actor1 or "") if by_actor else "")].append(e)
        ranked = sorted(
            groups.items(),
            key=lambda kv: (-len({s.doc_id for e in kv[1] for s in e.sources}), kv[0]),
        )
        out = []
        for (place, actor), evs in ranked[:_MAX_ITEMS]:
            sources = [s for e in evs for s in e.sources]
            days = [e.time.day for e in evs if e.time]
            parties = _join([self.name(a) for e in evs for a in (e.actor1, e.actor2) if a])
            killed = sum(e.fatalities or 0 for e in evs)
            if by_actor:
                text = f"{self.name(actor or None)} {verb} {place}"
            else:
                text = f"{verb} {place}" + (f", involving {parties}" if parties else "")
            text += f" {_days(days)}" if days else ""
            n = len({s.doc_id for s in sources})
            text += f" ({n} source document{'s' * (n != 1)}"
            text += f", at least {killed} killed)." if killed else ")."
            claimed = [e for e in evs if e.modality is Modality.CLAIMED]
            if claimed and len(claimed) == len(evs):
                text = text[:-1] + "; this rests on claims by " + _join(
                    [self.name(e.claimed_by) for e in claimed]) + "."
            quote, quote_doc = _best_quote(sources)
            out.append(Sentence(text=text[0].upper() + text[1:], cites=_docs(sources),
                                quote=quote, quote_doc=quote_doc))
        return out, max(0, len(ranked) - _MAX_ITEMS)


def compose_brief(
    *,
    theater: Theater,
    timeline: ControlTimeline,
    events: Sequence[Event],
    relations: Sequence[Relation],
    end: date,
    days: int = 7,
    key_places: Sequence[str] = (),
) -> Brief:
    """The brief of the ``days`` days ending on ``end`` (inclusive).

    ``key_places`` are the towns the control chart always shows (seats of power, corridor
    ends); towns that changed hands in the window follow them.

    Raises:
        BriefError: ``days`` is not positive.
    """
    if days < 1:
        raise BriefError(f"--days {days}: give 1 or more")
    start = end - timedelta(days=days - 1)
    window = [e for e in events if e.time is not None and start <= e.time.day <= end]
    window.sort(key=lambda e: (e.time.day if e.time else end, e.event_id))
    w = _Writer(theater)
    sections: list[Section] = []

    changes = []
    handovers = sorted(
        (h for hs in timeline.handovers.values() for h in hs if start <= h.day <= end),
        key=lambda h: (h.day, timeline.towns[h.place_id].name),
    )
    for h in handovers:
        town = timeline.towns[h.place_id].name
        if h.claimed_only:
            text = (f"{w.name(h.chosen.claimed_by or h.actor)} claimed that {w.name(h.actor)} "
                    f"took {town} on {h.day:%d %B}")
        elif h.previous and h.previous != h.actor:
            text = f"{town} passed from {w.name(h.previous)} to {w.name(h.actor)} on {h.day:%d %B}"
        else:
            text = f"{w.name(h.actor)} took control of {town} on {h.day:%d %B}"
        if h.alternatives:
            text += f"; reports differ ({h.reason})"
        quote, quote_doc = _best_quote(h.sources)
        changes.append(Sentence(text=text + ".", cites=_docs(h.sources), quote=quote,
                                quote_doc=quote_doc))
    sections.append(Section(key="control", title="Key changes of control",
                            sentences=tuple(changes[:_MAX_ITEMS]),
                            more=max(0, len(changes) - _MAX_ITEMS)))

    for key, title, etype, verb, by_actor in (
        ("fighting", "Fighting", FIGHTING, "fighting was reported in", False),
        ("strikes", "Strikes", STRIKES, "struck", True),
        ("civilians", "Violence against civilians", CIVILIANS, "violence against civilians in",
         False),
        ("displacement", "Displacement", DISPLACEMENT, "people were displaced from", False),
    ):
        found, more = w.grouped([e for e in window if e.event_type == etype], verb,
                                by_actor=by_actor)
        sections.append(Section(key=key, title=title, sentences=tuple(found), more=more))

    backers = w.backers()
    backed = [e for e in window if e.actor1 in backers
              and e.event_type not in (FIGHTING, STRIKES, DISPLACEMENT, CIVILIANS)]
    acts, more = w.grouped(backed, "acted in", by_actor=True)
    strikes_by_backers = [e for e in window if e.actor1 in backers and e.event_type == STRIKES]
    if strikes_by_backers:
        counted: dict[str, list[Event]] = defaultdict(list)
        for e in strikes_by_backers:
            counted[e.actor1 or ""].append(e)
        for actor, evs in sorted(counted.items()):
            n = len(evs)
            sources = [s for e in evs for s in e.sources]
            acts.insert(0, Sentence(
                text=f"{w.name(actor)} carried out {n} reported strike{'s' * (n != 1)} "
                     f"{_days([e.time.day for e in evs if e.time])}.",
                cites=_docs(sources)))
    for r in relations:
        if r.subject in backers and r.sources:
            verb = _RELATION_WORDS.get(r.relation.value, r.relation.value.replace("_", " "))
            acts.append(Sentence(text=f"{w.name(r.subject)} was reported {verb} "
                                      f"{w.name(r.object)}.", cites=_docs(r.sources)))
    sections.append(Section(key="backers", title="What backers did",
                            sentences=tuple(acts[:_MAX_ITEMS]),
                            more=more + max(0, len(acts) - _MAX_ITEMS)))

    contested = []
    for e in window:
        if e.modality is Modality.CLAIMED:
            place = e.place.name if e.place else "an unnamed place"
            day = f"{e.time.day:%d %B}" if e.time else "on an unknown day"
            quote, quote_doc = _best_quote(e.sources)
            contested.append(Sentence(
                text=f"{w.name(e.claimed_by)} claimed an event in {place} on {day} "
                     f"({e.sub_event_type}); no independent report in the store confirms it.",
                cites=_docs(e.sources), quote=quote, quote_doc=quote_doc))
    for h in handovers:
        for alt in h.alternatives:
            contested.append(Sentence(
                text=f"For {timeline.towns[h.place_id].name}, another report gave "
                     f"{alt.describe()}; the brief follows {h.chosen.describe()}.",
                cites=tuple(sorted(alt.docs | h.chosen.docs))))
    sections.append(Section(key="claims", title="Contested claims",
                            sentences=tuple(contested[:_MAX_ITEMS]),
                            more=max(0, len(contested) - _MAX_ITEMS)))

    per_day: dict[date, dict[str, int]] = {start + timedelta(days=n): {} for n in range(days)}
    for e in window:
        if e.time is not None:
            counts = per_day[e.time.day]
            counts[e.event_type] = counts.get(e.event_type, 0) + 1
    log.info("brief %s..%s: %d events in the window", start, end, len(window))
    chart = chart_control(timeline, key=key_places, start=start, end=end,
                          names={a.id: a.name for a in theater.actors.values()})
    return Brief(theater=theater.name, start=start, end=end, sections=tuple(sections),
                 per_day=tuple(sorted(per_day.items())), control=chart)
