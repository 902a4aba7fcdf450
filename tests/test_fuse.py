"""Fusion across documents: same event merged with both sources, order does not matter."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.fuse import fuse_control, fuse_events, fuse_relations, merge_spans
from sitrep.models import (
    ControlChange,
    Event,
    Modality,
    Place,
    PlaceLevel,
    Relation,
    RelationType,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.temporal import default_span

HAMA = Place(id="gn:170017", name="Hama", level=PlaceLevel.SETTLEMENT, lat=35.13, lon=36.75)
HOMS = Place(id="gn:169577", name="Homs", level=PlaceLevel.SETTLEMENT, lat=34.73, lon=36.71)


def _src(doc: str, start: int = 0) -> SourceRef:
    return SourceRef(doc_id=doc, start=start, end=start + 10, quote=f"quote {doc} {start}")


def _span(a: date, b: date, text: str = "x") -> TimeSpan:
    if a == b:
        return TimeSpan.exact(a, text=text)
    return TimeSpan(day=a, earliest=a, latest=b, precision=TimePrecision.WEEK, text=text)


def _event(doc: str, *, place: Place = HAMA, time: TimeSpan | None = None, start: int = 0,
           actor1: str = "hts", fatalities: int | None = None,
           modality: Modality = Modality.ASSERTED, claimed_by: str | None = None) -> Event:
    return Event(
        event_id=f"{doc}-{start}",
        event_type="Battles",
        sub_event_type="Non-state actor overtakes territory",
        actor1=actor1,
        actor2="syria-gov",
        place=place,
        time=time or TimeSpan.exact(date(2024, 12, 5), text="on Thursday"),
        fatalities=fatalities,
        modality=modality,
        claimed_by=claimed_by,
        sources=(_src(doc, start),),
    )


def test_same_event_from_two_docs_merges_with_both_sources() -> None:
    fused = fuse_events([_event("a", fatalities=12), _event("b", fatalities=20)])
    (ev,) = fused
    assert {s.doc_id for s in ev.sources} == {"a", "b"}
    assert ev.fatalities == 12  # the lower count
    assert ev.time is not None and ev.time.day == date(2024, 12, 5)


def test_claim_and_assertion_merge_as_asserted() -> None:
    fused = fuse_events([_event("a", modality=Modality.CLAIMED, claimed_by="hts"), _event("b")])
    (ev,) = fused
    assert ev.modality is Modality.ASSERTED and ev.claimed_by is None


def test_different_places_do_not_merge() -> None:
    fused = fuse_events([_event("a"), _event("b", place=HOMS)])
    assert len(fused) == 2


def test_different_actors_do_not_merge() -> None:
    assert len(fuse_events([_event("a"), _event("b", actor1="sna")])) == 2


def test_date_intersection() -> None:
    last_week = _span(date(2024, 11, 25), date(2024, 12, 1), "last week")
    within_three = _span(date(2024, 11, 29), date(2024, 12, 2), "within three days")
    (ev,) = fuse_events([_event("a", time=last_week), _event("b", time=within_three)])
    assert ev.time is not None
    assert (ev.time.earliest, ev.time.latest) == (date(2024, 11, 29), date(2024, 12, 1))
    assert date(2024, 11, 29) <= ev.time.day <= date(2024, 12, 1)
    assert merge_spans([last_week, within_three]) == ev.time


def test_exact_different_days_do_not_merge() -> None:
    d1 = TimeSpan.exact(date(2024, 12, 4), text="on Wednesday")
    d2 = TimeSpan.exact(date(2024, 12, 5), text="on Thursday")
    assert len(fuse_events([_event("a", time=d1), _event("b", time=d2)])) == 2


def test_allied_with_is_symmetric() -> None:
    rels = [
        Relation(subject="russia", relation=RelationType.ALLIED_WITH, object="iran", sources=(_src("a"),)),
        Relation(subject="iran", relation=RelationType.ALLIED_WITH, object="russia", sources=(_src("b"),)),
        Relation(subject="turkey", relation=RelationType.SUPPORTS, object="sna", sources=(_src("a"),)),
        Relation(subject="sna", relation=RelationType.SUPPORTS, object="turkey", sources=(_src("b"),)),
    ]
    fused = fuse_relations(rels)
    allied = [r for r in fused if r.relation is RelationType.ALLIED_WITH]
    assert len(allied) == 1 and {s.doc_id for s in allied[0].sources} == {"a", "b"}
    # supports is directed: both directions stay
    assert len([r for r in fused if r.relation is RelationType.SUPPORTS]) == 2


def test_control_merged_per_place_and_holder() -> None:
    def cc(doc: str, place: Place, day: int) -> ControlChange:
        return ControlChange(
            change_id=doc, place=place, to_actor="hts", from_actor="syria-gov",
            time=TimeSpan.exact(date(2024, 12, day), text="d"), sources=(_src(doc),),
        )

    fused = fuse_control([cc("a", HAMA, 5), cc("b", HAMA, 5), cc("c", HOMS, 7)])
    assert len(fused) == 2
    hama = next(c for c in fused if c.place.id == HAMA.id)
    assert {s.doc_id for s in hama.sources} == {"a", "b"}


# -- order independence ---------------------------------------------------------------------

_DAYS = [date(2024, 11, 27 + i) if i < 4 else date(2024, 12, i - 3) for i in range(8)]
_SPANS = [TimeSpan.exact(d, text="d") for d in _DAYS] + [
    _span(date(2024, 11, 25), date(2024, 12, 1), "last week"),
    _span(date(2024, 11, 29), date(2024, 12, 2), "within three days"),
    TimeSpan(day=date(2024, 12, 6), earliest=date(2024, 11, 30), latest=date(2024, 12, 6),
             precision=TimePrecision.WEEK, text=""),
]
_event_st = st.builds(
    _event,
    st.sampled_from(["a", "b", "c", "d"]),
    place=st.sampled_from([HAMA, HOMS]),
    time=st.sampled_from(_SPANS),
    start=st.integers(0, 5),
    actor1=st.sampled_from(["hts", "sna"]),
    fatalities=st.sampled_from([None, 3, 12]),
    modality=st.sampled_from(list(Modality)),
)
_control_st = st.builds(
    lambda doc, place, span, actor, start: ControlChange(
        change_id=f"{doc}{start}", place=place, to_actor=actor, time=span, sources=(_src(doc, start),)
    ),
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from([HAMA, HOMS]),
    st.sampled_from(_SPANS),
    st.sampled_from(["hts", "sna"]),
    st.integers(0, 5),
)
_relation_st = st.builds(
    lambda s, r, o, doc: Relation(subject=s, relation=r, object=o, sources=(_src(doc),)),
    st.sampled_from(["russia", "iran", "hts"]),
    st.sampled_from(list(RelationType)),
    st.sampled_from(["russia", "iran", "sna"]),
    st.sampled_from(["a", "b"]),
)


@given(st.lists(_event_st, max_size=12), st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_event_fusion_order_independent(events: list[Event], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert fuse_events(shuffled) == fuse_events(events)


@given(st.lists(_control_st, max_size=12), st.randoms(use_true_random=False))
@settings(max_examples=150, deadline=None)
def test_control_fusion_order_independent(changes: list[ControlChange], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    assert fuse_control(shuffled) == fuse_control(changes)


@given(st.lists(_relation_st, max_size=12), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_relation_fusion_order_independent(relations: list[Relation], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(relations)
    rnd.shuffle(shuffled)
    assert fuse_relations(shuffled) == fuse_relations(relations)


def test_undated_reports_agree_up_to_their_earliest_day_not_its_middle() -> None:
    headline = default_span(date(2024, 6, 30))  # the week up to publication
    said = default_span(date(2024, 6, 29))  # "... the group said on Saturday"
    merged = merge_spans([headline, said])
    assert merged is not None
    assert (merged.earliest, merged.latest, merged.day) == (
        date(2024, 6, 24), date(2024, 6, 29), date(2024, 6, 29)
    )


def test_a_taking_and_a_hand_over_of_one_place_merge_as_most_reports_code_it() -> None:
    from dataclasses import replace

    handover = replace(
        _event("b"), event_type="Strategic developments",
        sub_event_type="Non-violent transfer of territory",
    )
    fused = fuse_events([_event("a"), handover, replace(handover, sources=(_src("c"),))])
    (ev,) = fused
    assert {s.doc_id for s in ev.sources} == {"a", "b", "c"}
    assert ev.sub_event_type == "Non-violent transfer of territory"
    # a clash in the same town the same day stays its own event
    clash = replace(_event("d"), sub_event_type="Armed clash")
    assert len(fuse_events([_event("a"), clash])) == 2
