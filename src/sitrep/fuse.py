"""Merge the same event, control change or relation reported by several documents.

Fusion is independent of input order: records are sorted on their content before they are
clustered, and every merged value is chosen by a rule that does not look at order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta

from sitrep.extract.events import stable_id
from sitrep.models import (
    ControlChange,
    Event,
    Modality,
    Relation,
    RelationType,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.temporal import midpoint

SLACK = timedelta(days=1)
CONTROL_WINDOW = timedelta(days=10)
_COMPARE = 8  # members a new report is checked against, besides the cluster's merged date


def _is_default(span: TimeSpan | None) -> bool:
    return span is not None and span.text == ""


def _compatible(a: TimeSpan | None, b: TimeSpan | None, *, slack: timedelta = SLACK) -> bool:
    if a is None or b is None:
        return True
    if _is_default(a) and _is_default(b):
        return a.earliest - slack <= b.latest and b.earliest - slack <= a.latest
    if _is_default(a):  # an undated report is compatible with anything up to its publication
        return b.earliest <= a.latest + slack
    if _is_default(b):
        return a.earliest <= b.latest + slack
    if a.precision is TimePrecision.DAY and b.precision is TimePrecision.DAY:
        return a.day == b.day or slack > SLACK  # two exactly dated reports: the same day
    return a.earliest - slack <= b.latest and b.earliest - slack <= a.latest


class SpanMerger:
    """The running result of :func:`merge_spans`, one span at a time in O(1)."""

    __slots__ = ("_best", "_dated", "_earliest", "_latest", "_texts", "_value")

    def __init__(self) -> None:
        self._dated = False  # whether a dated (not publication-week) span was added
        self._best: TimeSpan | None = None  # the most precise span of the kept kind
        self._earliest = self._latest = date.min
        self._texts: set[str] = set()
        self._value: TimeSpan | None = None  # value() until the next add()

    def add(self, span: TimeSpan | None) -> None:
        if span is None:
            return
        self._value = None
        dated = not _is_default(span)
        if self._best is not None and self._dated and not dated:
            return  # publication-week spans count only while nothing is dated
        if self._best is None or (dated and not self._dated):
            self._dated, self._best = dated, span
            self._earliest, self._latest, self._texts = span.earliest, span.latest, {span.text}
            return
        self._earliest = max(self._earliest, span.earliest)
        self._latest = min(self._latest, span.latest)
        self._texts.add(span.text)
        if _precision_key(span) < _precision_key(self._best):
            self._best = span

    def value(self) -> TimeSpan | None:
        if self._value is None:
            self._value = self._compute()
        return self._value

    def _compute(self) -> TimeSpan | None:
        best, earliest, latest = self._best, self._earliest, self._latest
        if best is None or earliest > latest:
            return best
        text = ";".join(sorted(self._texts))
        if earliest == latest:
            return TimeSpan.exact(earliest, text=text)
        if best.earliest == earliest and best.latest == latest:
            return best
        return TimeSpan(
            # undated reports are dated up to their day (publication or speech), so is their
            # overlap; a calendar range is dated at its middle (ACLED practice)
            day=midpoint(earliest, latest) if self._dated else latest,
            earliest=earliest,
            latest=latest,
            precision=TimePrecision.WEEK if (latest - earliest).days <= 10 else TimePrecision.MONTH,
            text=text,
        )


def _precision_key(s: TimeSpan) -> tuple[TimePrecision, int, date]:
    return (s.precision, (s.latest - s.earliest).days, s.day)


def merge_spans(spans: Iterable[TimeSpan | None]) -> TimeSpan | None:
    """The narrowest date the spans agree on: their intersection, else the most precise one."""
    merger = SpanMerger()
    for span in spans:
        merger.add(span)
    return merger.value()


def _sources(records: Iterable[Sequence[SourceRef]]) -> tuple[SourceRef, ...]:
    return tuple(sorted({s for refs in records for s in refs}))


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _event_key(e: Event) -> tuple[str, ...]:
    first = e.sources[0] if e.sources else None
    return (
        e.event_type,
        e.sub_event_type,
        e.place.id if e.place else "",
        e.actor1 or "",
        e.time.earliest.isoformat() if e.time else "",
        e.time.latest.isoformat() if e.time else "",
        first.doc_id if first else "",
        str(first.start) if first else "",
        e.actor2 or "",
    )


# a place changing hands, told as a taking by one sentence or report and as a hand-over by
# another ("the army withdrew and the SDF took over the city"; "Mayadin has also fallen"):
# one event, coded as most of its reports code it
_TRANSFERS = frozenset({
    "Non-state actor overtakes territory", "Government regains territory",
    "Non-violent transfer of territory",
})


def _kind(e: Event) -> tuple[str, str]:
    if e.sub_event_type in _TRANSFERS:
        return ("transfer", "")
    return (e.event_type, e.sub_event_type)


def _same_event(a: Event, b: Event) -> bool:
    if _kind(a) != _kind(b):
        return False
    if (a.place.id if a.place else None) != (b.place.id if b.place else None):
        return False
    if a.actor1 != b.actor1:
        return False
    if a.actor2 and b.actor2 and a.actor2 != b.actor2:
        return False
    return _compatible(a.time, b.time)


def fuse_events(events: Iterable[Event]) -> list[Event]:
    """Cluster events that report the same thing and merge each cluster into one."""
    # only events of one type, sub-type, place and actor can merge: cluster inside such buckets
    buckets: dict[tuple[str, str, str, str], list[tuple[list[Event], SpanMerger]]] = {}
    for ev in sorted(events, key=_event_key):
        bucket = buckets.setdefault(
            (*_kind(ev), ev.place.id if ev.place else "", ev.actor1 or ""), []
        )
        for cluster, span in bucket:
            if _compatible(span.value(), ev.time) and all(
                _same_event(ev, other) for other in cluster[-_COMPARE:]
            ):
                cluster.append(ev)
                span.add(ev.time)
                break
        else:
            merger = SpanMerger()
            merger.add(ev.time)
            bucket.append(([ev], merger))
    fused = [_merge_events(c) for bucket in buckets.values() for c, _ in bucket]
    return sorted(fused, key=lambda e: (e.time.day.isoformat() if e.time else "", e.event_id))


def _merge_events(cluster: list[Event]) -> Event:
    kinds = Counter((e.event_type, e.sub_event_type) for e in cluster)
    top = max(kinds.values())
    head = next(e for e in cluster if kinds[(e.event_type, e.sub_event_type)] == top)
    span = merge_spans(e.time for e in cluster)
    asserted = [e for e in cluster if e.modality is Modality.ASSERTED]
    modality = Modality.ASSERTED if asserted else Modality.CLAIMED
    claimed_by = None if asserted else _majority(e.claimed_by for e in cluster)
    fatal = [e.fatalities for e in cluster if e.fatalities is not None]
    geo = min(e.geo_precision for e in cluster)
    actor2 = _majority(e.actor2 for e in cluster)
    assoc = sorted({a for e in cluster for a in e.assoc_actors} - {head.actor1, actor2} - {None})
    merged = replace(
        head,
        actor2=actor2,
        assoc_actors=tuple(a for a in assoc if a),
        time=span,
        geo_precision=geo,
        fatalities=min(fatal) if fatal else None,
        modality=modality,
        claimed_by=claimed_by,
        sources=_sources(e.sources for e in cluster),
        notes="; ".join(sorted({e.notes for e in cluster if e.notes})),
    )
    place = merged.place.id if merged.place else ""
    day = span.day.isoformat() if span else ""
    return replace(
        merged,
        event_id=stable_id(
            "e", merged.event_type, merged.sub_event_type, merged.actor1, merged.actor2, place, day,
            merged.sources[0] if merged.sources else "",
        ),
    )


def fuse_control(changes: Iterable[ControlChange]) -> list[ControlChange]:
    """One control change per place, new holder and period, with every source."""
    def key(c: ControlChange) -> tuple[str, ...]:
        first = c.sources[0] if c.sources else None
        return (
            c.place.id,
            c.to_actor,
            c.time.earliest.isoformat() if c.time else "",
            first.doc_id if first else "",
            str(first.start) if first else "",
        )

    buckets: dict[tuple[str, str], list[list[ControlChange]]] = {}
    for cc in sorted(changes, key=key):
        bucket = buckets.setdefault((cc.place.id, cc.to_actor), [])
        for cluster in bucket:
            if all(_compatible(o.time, cc.time, slack=CONTROL_WINDOW) for o in cluster[-_COMPARE:]):
                cluster.append(cc)
                break
        else:
            bucket.append([cc])
    clusters = [c for bucket in buckets.values() for c in bucket]
    out: list[ControlChange] = []
    for cluster in clusters:
        head = cluster[0]
        span = merge_spans(c.time for c in cluster)
        asserted = [c for c in cluster if c.modality is Modality.ASSERTED]
        merged = replace(
            head,
            from_actor=_majority(c.from_actor for c in cluster),
            time=span,
            modality=Modality.ASSERTED if asserted else Modality.CLAIMED,
            claimed_by=None if asserted else _majority(c.claimed_by for c in cluster),
            sources=_sources(c.sources for c in cluster),
        )
        day = span.day.isoformat() if span else ""
        first = merged.sources[0] if merged.sources else ""
        out.append(
            replace(merged, change_id=stable_id("c", head.place.id, head.to_actor, day, first))
        )
    return sorted(out, key=lambda c: (c.time.day.isoformat() if c.time else "", c.change_id))


def fuse_relations(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per triple (``allied_with`` is symmetric), with every source."""
    merged: dict[tuple[str, RelationType, str], set[SourceRef]] = {}
    for r in relations:
        s, o = r.subject, r.object
        if r.relation is RelationType.ALLIED_WITH and o < s:
            s, o = o, s
        merged.setdefault((s, r.relation, o), set()).update(r.sources)
    return [
        Relation(subject=s, relation=rel, object=o, sources=tuple(sorted(refs)))
        for (s, rel, o), refs in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2]))
    ]
