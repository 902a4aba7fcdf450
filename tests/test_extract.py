"""Events, control changes and relations from small hand-written reports."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.models import Article, DocResult, Modality, RelationType

PUBLISHED = date(2024, 12, 6)  # a Friday


def _run(pipeline, text: str, published: date = PUBLISHED) -> DocResult:  # type: ignore[no-untyped-def]
    return pipeline.process(
        Article(doc_id="t", raw=text, source_path="t.txt", published=published)
    )


def test_capture_gives_event_and_control_change(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Fighters of Hayat Tahrir al-Sham captured Hama on Thursday after a long push.")
    (ev,) = r.events
    assert (ev.event_type, ev.sub_event_type) == ("Battles", "Non-state actor overtakes territory")
    assert ev.actor1 == "hts"
    assert ev.place is not None and ev.place.id.startswith("gn:") and ev.place.id == "gn:170017"
    assert ev.time is not None and ev.time.day == date(2024, 12, 5)
    assert ev.modality is Modality.ASSERTED
    (cc,) = r.control
    assert cc.to_actor == "hts" and cc.place.id == "gn:170017"
    assert cc.time is not None and cc.time.day == date(2024, 12, 5)
    # every fact carries its quote, with offsets into the cleaned text
    src = ev.sources[0]
    assert r.document.text[src.start : src.end] == src.quote
    for m in r.mentions:
        assert r.document.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "If Homs falls, the road to the coast would be open to the rebels.",
        "Hayat Tahrir al-Sham aims to capture Homs within days.",
        "Hayat Tahrir al-Sham did not capture Homs last week.",
        "Analysts said Hayat Tahrir al-Sham could seize Homs soon.",
        "Will Hayat Tahrir al-Sham capture Homs next?",
        "In 2016 government forces captured Aleppo after a long siege.",
    ],
    ids=["conditional", "intention", "negation", "modal", "question", "historical"],
)
def test_no_event_for_non_facts(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, text)
    assert r.events == ()
    assert r.control == ()


def test_claim_is_attributed(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hayat Tahrir al-Sham said it had taken Hama on Thursday.")
    (ev,) = r.events
    assert ev.modality is Modality.CLAIMED and ev.claimed_by == "hts"
    (cc,) = r.control
    assert cc.modality is Modality.CLAIMED and cc.claimed_by == "hts"


def test_coordinated_places_give_one_event_each(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Southern rebels said Deraa and Suwayda have fallen.", date(2024, 12, 8))
    assert sorted(e.place.id for e in r.events if e.place) == ["gn:170905", "gn:172408"]
    assert {e.actor1 for e in r.events} == {"southern-rebels"}
    assert len(r.control) == 2


def test_fell_to_names_the_new_holder(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Deraa and Suwayda fell to Hayat Tahrir al-Sham on Saturday.", date(2024, 12, 8))
    assert sorted(e.place.id for e in r.events if e.place) == ["gn:170905", "gn:172408"]
    assert {c.to_actor for c in r.control} == {"hts"}


def test_airstrike(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Russian airstrikes hit Idlib on Wednesday.")
    (ev,) = r.events
    assert (ev.event_type, ev.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert ev.actor1 == "russia"
    assert ev.place is not None and ev.place.id == "gn:169389"
    assert ev.time is not None and ev.time.day == date(2024, 12, 4)
    assert r.control == ()


def test_displacement(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Thousands fled Homs on Thursday as the fighting neared.")
    (ev,) = r.events
    assert (ev.event_type, ev.sub_event_type) == ("Displacement", "Population flight")
    assert ev.actor1 == "civilians"
    assert ev.place is not None and ev.place.id == "gn:169577"


@pytest.mark.parametrize(
    ("tail", "expected"),
    [(", killing at least 12 people.", 12), (" and dozens were killed.", 12), (".", None)],
)
def test_fatalities(pipeline, tail: str, expected: int | None) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Russian airstrikes hit Idlib on Wednesday" + tail)
    (ev,) = r.events
    assert ev.fatalities == expected


def test_relation_backed_compound(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "The Turkish-backed SNA moved east of the river.")
    triples = {(x.subject, x.relation, x.object) for x in r.relations}
    assert ("turkey", RelationType.SUPPORTS, "sna") in triples
    assert ("sna", RelationType.SUPPORTS, "turkey") not in triples


def test_relation_terrorist_designation(pipeline) -> None:  # type: ignore[no-untyped-def]
    r = _run(pipeline, "Hayat Tahrir al-Sham is considered a terrorist organisation by the US.")
    triples = {(x.subject, x.relation, x.object) for x in r.relations}
    assert triples == {("usa", RelationType.DESIGNATES_TERRORIST, "hts")}
    (rel,) = r.relations
    assert rel.sources and rel.sources[0].quote.startswith("Hayat Tahrir al-Sham is considered")
