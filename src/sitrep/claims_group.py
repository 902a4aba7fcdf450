"""Claims side by side: grouped by what they are about, flagged when they disagree.

- distances of one party (or of the front) to one place on one day; distances between two
  places whatever the day. They disagree when they differ by more than the ``[compare]``
  tolerances of ``rules/claims.toml``. Beside them, the figure sitrep computes from the
  control timeline and the road graph: the nearest town the party holds that day, straight
  and by road (for the front: the nearest town a hostile party holds; for two places: the
  distance between them).
- categories of one place (or party): they disagree when one contradicts another
  ("heavily defended" and "without a fight").
- captures: each document's report of one hand-over of the control timeline (who took the
  town and on which day); they disagree when the takers differ or the dates cannot meet.

Claims are computed on demand from the store: nothing is written.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sitrep.claims import (
    FRONT,
    Claim,
    ClaimKind,
    ClaimModality,
    ClaimRules,
    default_claim_rules,
    find_claims,
)
from sitrep.control import ControlError, ControlTimeline, RoadGraph, find_front, haversine_km
from sitrep.models import ControlChange, Modality, TimePrecision
from sitrep.store import Store
from sitrep.theater import Theater

log = logging.getLogger(__name__)

_KIND_ORDER = {ClaimKind.DISTANCE: 0, ClaimKind.CONDUCT: 1, ClaimKind.CAPTURE: 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputedDistance:
    """The distance sitrep computes for a group of distance claims."""

    origin: str  # the place measured from
    target: str | None  # the nearest town held by the party (straight line), or the other place
    target_name: str | None
    target_actor: str | None
    straight_km: float | None
    road_target: str | None  # the nearest such town by road (may differ), or the other place
    road_target_name: str | None
    road_target_actor: str | None
    road_km: float | None
    day: date | None
    basis: str  # in words: what was measured


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimGroup:
    """Claims about one subject (and place, and day), flagged when they disagree."""

    kind: ClaimKind
    subject: str
    subject_name: str
    place: str | None
    place_name: str | None
    day: date | None  # None when the day does not matter (places, categories)
    claims: tuple[Claim, ...]
    disagree: bool
    why: str  # the values that disagree, in words; "" when they agree
    computed: ComputedDistance | None = None
    note: str = ""  # for captures: how the control timeline chose between the reports


def _who(claim: Claim) -> str:
    how = "forecast" if claim.modality is ClaimModality.EXPECTED else ""
    who = claim.said_by_name or claim.source.doc_id
    return f"{who}, {how}" if how else who


def _distance_conflict(claims: Sequence[Claim], rules: ClaimRules) -> str:
    kms = [c for c in claims if c.km is not None]
    if len(kms) < 2:
        return ""
    low = min(kms, key=lambda c: c.km or 0.0)
    high = max(kms, key=lambda c: c.km or 0.0)
    lo, hi = low.km or 0.0, high.km or 0.0
    if hi - lo <= rules.absolute_km or hi <= lo * (1 + rules.relative):
        return ""
    return f"{high.value} ({_who(high)}) vs {low.value} ({_who(low)})"


def _category_conflict(claims: Sequence[Claim], rules: ClaimRules) -> str:
    for a in claims:
        category = rules.category(a.category or "")
        if category is None:
            continue
        for b in claims:
            if b.category in category.contradicts:
                return f"{a.value} ({_who(a)}) vs {b.value} ({_who(b)})"
    return ""


def _capture_conflict(claims: Sequence[Claim], spans: Mapping[Claim, tuple[date, date]]) -> str:
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            (a0, a1), (b0, b1) = spans[a], spans[b]
            if a.category != b.category or a1 < b0 or b1 < a0:
                return f"{a.value} ({_who(a)}) vs {b.value} ({_who(b)})"
    return ""


def _claim_order(claim: Claim) -> tuple[date, str, int, int]:
    return (claim.day or date.min, claim.source.doc_id, claim.start, claim.end)


def _by_day(claims: Sequence[Claim], window: int) -> list[list[Claim]]:
    """Claims in day order, cut where two days are more than ``window`` days apart."""
    runs: list[list[Claim]] = []
    last: date | None = None
    for claim in sorted(claims, key=_claim_order):
        day = claim.day or date.min
        if runs and last is not None and (day - last).days <= window:
            runs[-1].append(claim)
        else:
            runs.append([claim])
        last = day
    return runs


def group_claims(claims: Iterable[Claim], *, rules: ClaimRules | None = None) -> list[ClaimGroup]:
    """Distance and category claims grouped by subject, place and (for moving things) day."""
    rules = rules or default_claim_rules()
    buckets: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind is ClaimKind.DISTANCE:
            ends: tuple[str, ...] = (claim.subject, claim.place or "")
            if claim.subject.startswith(("gn:", "adm1:", "feat:")):
                ends = tuple(sorted(ends))  # Homs-Damascus is Damascus-Homs
            buckets[(claim.kind.value, *ends)].append(claim)
        elif claim.kind is ClaimKind.CONDUCT:
            buckets[(claim.kind.value, claim.subject)].append(claim)
    groups: list[ClaimGroup] = []
    for key, members in buckets.items():
        head = members[0]
        if head.kind is ClaimKind.DISTANCE:
            moving = not key[1].startswith(("gn:", "adm1:", "feat:")) or key[1] == FRONT
            runs = _by_day(members, rules.window_days) if moving else [members]
            for run in runs:
                run = sorted(run, key=_claim_order)
                why = _distance_conflict(run, rules)
                groups.append(ClaimGroup(
                    kind=head.kind, subject=head.subject, subject_name=head.subject_name,
                    place=head.place, place_name=head.place_name,
                    day=run[0].day if moving else None, claims=tuple(run),
                    disagree=bool(why), why=why,
                ))
        else:
            run = sorted(members, key=_claim_order)
            why = _category_conflict(run, rules)
            groups.append(ClaimGroup(
                kind=head.kind, subject=head.subject, subject_name=head.subject_name,
                place=None, place_name=None, day=None, claims=tuple(run),
                disagree=bool(why), why=why,
            ))
    return groups


def capture_groups(
    timeline: ControlTimeline,
    changes: Iterable[ControlChange],
    *,
    actor_names: Mapping[str, str] | None = None,
) -> list[ClaimGroup]:
    """Each hand-over of the timeline reported by more than one dated document report (or
    with conflicting reports), with one claim per document report.

    Args:
        timeline: built from the fused control changes.
        changes: the unfused, per-document control changes (``Store.extracted()``); only
            those with a date read from the text are claims about the day.
        actor_names: names to write the takers with (default: their ids).
    """
    names = actor_names or {}
    by_source: dict[tuple[str, int, int], list[ControlChange]] = defaultdict(list)
    for change in changes:
        if change.time is None or not change.time.text or not change.sources:
            continue
        for ref in change.sources:
            by_source[(ref.doc_id, ref.start, ref.end)].append(change)
    groups: list[ClaimGroup] = []
    for place_id, handovers in sorted(timeline.handovers.items()):
        town = timeline.towns[place_id]
        for handover in handovers:
            reports = (*handover.supporting, *handover.alternatives)
            found: dict[str, ControlChange] = {}
            for report in reports:
                refs = set(report.sources)
                for ref in refs:
                    for change in by_source.get((ref.doc_id, ref.start, ref.end), ()):
                        if change.to_actor == report.actor and set(change.sources) <= refs:
                            found.setdefault(change.change_id, change)
            claims: list[Claim] = []
            spans: dict[Claim, tuple[date, date]] = {}
            for change in sorted(found.values(), key=lambda c: (c.sources[0], c.change_id)):
                claim = _capture_claim(change, town.id, town.name, names)
                if claim is not None and change.time is not None:
                    claims.append(claim)
                    spans[claim] = (change.time.earliest, change.time.latest)
            docs = {c.source.doc_id for c in claims}
            if len(claims) < 2 or (len(docs) < 2 and not handover.alternatives):
                continue
            why = _capture_conflict(claims, spans)
            groups.append(ClaimGroup(
                kind=ClaimKind.CAPTURE, subject=town.id, subject_name=town.name, place=None,
                place_name=None, day=handover.day, claims=tuple(claims), disagree=bool(why),
                why=why, note=handover.reason,
            ))
    return groups


def _capture_claim(change: ControlChange, place_id: str, place_name: str,
                   names: Mapping[str, str]) -> Claim | None:
    span = change.time
    if span is None:
        return None
    if span.precision is TimePrecision.DAY:
        when = span.day.isoformat()
    else:
        when = f"between {span.earliest.isoformat()} and {span.latest.isoformat()}"
    speaker = change.claimed_by if change.modality is Modality.CLAIMED else None
    return Claim(
        kind=ClaimKind.CAPTURE, subject=place_id, subject_name=place_name,
        value=f"taken by {names.get(change.to_actor, change.to_actor)} {when}",
        category=change.to_actor, day=span.day, said_by=speaker,
        said_by_name=names.get(speaker, speaker) if speaker else None,
        modality=ClaimModality.CLAIMED if speaker else ClaimModality.ASSERTED,
        start=change.sources[0].start, end=change.sources[0].end, source=change.sources[0],
    )


def compute_distance(
    group: ClaimGroup, timeline: ControlTimeline, graph: RoadGraph, theater: Theater
) -> ComputedDistance | None:
    """The figure to set beside a group of distance claims; None when it cannot be computed
    (a place off the timeline or without coordinates, a day before the baseline)."""
    if group.kind is not ClaimKind.DISTANCE or group.place is None:
        return None
    towns = timeline.towns
    origin = group.place
    try:
        if group.subject.startswith(("gn:", "adm1:", "feat:")):
            return _between(group.subject, origin, timeline, graph)
        day = group.day
        if day is None or day < timeline.start or origin not in towns:
            return None
        holders = timeline.holders(day)
        if group.subject == FRONT:
            own = holders.get(origin)
            sides = {a.id: a.side for a in theater.actors.values()}
            side = sides.get(own) if own else None
            hostile = {a for a in theater.actors
                       if a != own and (sides.get(a) is None or sides.get(a) != side)}
            basis = f"nearest town held by a party hostile to {own or 'its holder'}"
        else:
            hostile = {group.subject}
            basis = f"nearest town held by {group.subject}"
        front = find_front(graph, towns, holders, origin, hostile=hostile)
    except ControlError as e:
        log.debug("no computed distance for %s: %s", group.subject, e)
        return None
    return ComputedDistance(
        origin=origin, target=front.nearest,
        target_name=towns[front.nearest].name if front.nearest else None,
        target_actor=front.nearest_actor, straight_km=front.straight_km,
        road_target=front.by_road, road_target_name=_town_name(timeline, front.by_road),
        road_target_actor=front.by_road_actor, road_km=front.road_km, day=day,
        basis=f"{basis} on {day.isoformat()}, from the control timeline",
    )


def _town_name(timeline: ControlTimeline, place: str | None) -> str | None:
    if place is None:
        return None
    town = timeline.towns.get(place)
    return town.name if town else place


def _between(subject: str, origin: str, timeline: ControlTimeline, graph: RoadGraph
             ) -> ComputedDistance | None:
    a, b = timeline.towns.get(subject), timeline.towns.get(origin)
    if a is None or b is None or None in (a.lat, a.lon, b.lat, b.lon):
        return None
    straight = haversine_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)
    road = None
    if subject in graph and origin in graph:
        found = graph.least_blocked(subject, origin, ())
        road = round(found[1], 1) if found else None
    return ComputedDistance(
        origin=origin, target=subject, target_name=a.name, target_actor=None,
        straight_km=round(straight, 1), road_target=subject if road is not None else None,
        road_target_name=a.name if road is not None else None, road_target_actor=None,
        road_km=road, day=None,
        basis="between the two towns (road graph and coordinates)",
    )


def _order(group: ClaimGroup) -> tuple[bool, int, str, str, date, str]:
    return (not group.disagree, _KIND_ORDER[group.kind], group.subject_name,
            group.place_name or "", group.day or date.min, group.subject)


def collect_claims(store: Store, theater: Theater, *, rules: ClaimRules | None = None
                   ) -> list[ClaimGroup]:
    """Every claim of the store's documents, grouped, disagreements first.

    Distance and category claims are read from each document's cleaned text and mentions;
    capture claims come from the per-document control changes of each hand-over of the
    control timeline; distance groups get the computed figure beside them.
    """
    rules = rules or default_claim_rules()
    mentions = defaultdict(list)
    for mention in store.mentions():
        mentions[mention.doc_id].append(mention)
    documents = store.documents()
    found: list[Claim] = []
    for doc in documents:
        found.extend(find_claims(doc, mentions.get(doc.doc_id, ()), theater=theater,
                                 rules=rules))
    published = {d.doc_id: d.published for d in documents if d.published}
    timeline = ControlTimeline.build(theater, store.control_changes(), events=store.events(),
                                     published=published)
    graph = RoadGraph.from_theater(theater, timeline.towns)
    names = {a.id: a.name for a in theater.actors.values()}
    _, per_doc, _ = store.extracted()
    groups = group_claims(found, rules=rules)
    groups = [replace(g, computed=compute_distance(g, timeline, graph, theater)) for g in groups]
    groups += capture_groups(timeline, per_doc, actor_names=names)
    log.info("%d claims in %d groups, %d disagreeing", sum(len(g.claims) for g in groups),
             len(groups), sum(g.disagree for g in groups))
    return sorted(groups, key=_order)
