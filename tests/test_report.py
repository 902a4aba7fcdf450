"""The HTML report: sections, map geometry, control replay, escaping, offline, determinism."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import ReportError
from sitrep.models import (
    ActorType,
    ControlChange,
    Document,
    DroppedSpan,
    Event,
    Failure,
    Modality,
    Place,
    PlaceLevel,
    Relation,
    RelationType,
    SourceRef,
    TimePrecision,
    TimeSpan,
)
from sitrep.report import render_report
from sitrep.report.html import format_time, script_json
from sitrep.report.svg import Projection, assign_actor_colours, outline_path
from sitrep.theater import Actor, BaselineControl, RoadSegment, Theater

START = date(2031, 3, 1)
GENERATED = datetime(2031, 3, 20, 12, 0)
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"


def make_theater(**changes: object) -> Theater:
    """A made-up theater: a square country with three towns and two roads."""
    fields: dict[str, object] = {
        "name": "testland",
        "country": "iso:TL",
        "capital": "gn:1",
        "start": START,
        "bbox": (10.0, 40.0, 14.0, 43.0),
        "actors": {
            "gov": Actor(id="gov", name="Testland Army", type=ActorType.STATE),
            "reb": Actor(id="reb", name="Hill Rebels", type=ActorType.REBEL),
            "ally": Actor(id="ally", name="Faraway Ally", type=ActorType.STATE),
        },
        "baseline": (
            BaselineControl(place_id="gn:1", place_name="Capitalia", actor="gov", lat=41.0,
                            lon=11.0),
            BaselineControl(place_id="gn:2", place_name="Midtown", actor="gov", lat=41.8,
                            lon=12.2),
            BaselineControl(place_id="gn:3", place_name="Hillford", actor="reb", lat=42.6,
                            lon=13.4),
        ),
        "roads": (
            RoadSegment(road="R1", a="gn:1", a_name="Capitalia", b="gn:2", b_name="Midtown",
                        km=120.0),
            RoadSegment(road="R1", a="gn:2", a_name="Midtown", b="gn:3", b_name="Hillford",
                        km=110.0),
        ),
        "outline": {
            "type": "Polygon",
            "coordinates": [[[10.2, 40.2], [13.8, 40.2], [13.8, 42.8], [10.2, 42.8],
                             [10.2, 40.2]]],
        },
    }
    fields.update(changes)
    return Theater(**fields)  # type: ignore[arg-type]


MIDTOWN = Place(id="gn:2", name="Midtown", level=PlaceLevel.SETTLEMENT, lat=41.8, lon=12.2)
LAKESIDE = Place(id="gn:4", name="Lakeside", level=PlaceLevel.SETTLEMENT, lat=40.6, lon=13.1)


def ref(quote: str, doc_id: str = "d1") -> SourceRef:
    return SourceRef(doc_id=doc_id, start=0, end=len(quote), quote=quote)


def make_records() -> dict[str, object]:
    quote_take = "The rebels said on Monday that they had taken Midtown after a night of fighting."
    quote_lake = "Army units left Lakeside on Wednesday without a fight, residents told us."
    document = Document(
        doc_id="d1",
        raw="raw text",
        text=quote_take + " " + quote_lake,
        title="Rebels push south",
        outlet="The Test Gazette",
        author="A. Writer",
        published=START + timedelta(days=4),
        url="https://example.org/rebels-push-south",
        dropped=(DroppedSpan(start=0, end=12, reason="caption", text="Photo: a tank"),),
    )
    events = (
        Event(
            event_id="e1",
            event_type="Battles",
            sub_event_type="Non-state actor overtakes territory",
            actor1="reb",
            actor2="gov",
            place=MIDTOWN,
            time=TimeSpan.exact(START + timedelta(days=2), text="on Monday"),
            modality=Modality.CLAIMED,
            claimed_by="reb",
            fatalities=4,
            sources=(ref(quote_take),),
        ),
        Event(
            event_id="e2",
            event_type="Strategic developments",
            sub_event_type="Non-violent transfer of territory",
            actor1="gov",
            place=LAKESIDE,
            time=TimeSpan(
                day=START + timedelta(days=4),
                earliest=START + timedelta(days=3),
                latest=START + timedelta(days=5),
                precision=TimePrecision.WEEK,
            ),
            sources=(ref(quote_lake),),
        ),
    )
    control = (
        ControlChange(
            change_id="c1",
            place=MIDTOWN,
            from_actor="gov",
            to_actor="reb",
            time=TimeSpan.exact(START + timedelta(days=2)),
            sources=(ref(quote_take),),
        ),
        ControlChange(
            change_id="c2",
            place=LAKESIDE,
            from_actor="gov",
            to_actor="reb",
            time=TimeSpan.exact(START + timedelta(days=4)),
            sources=(ref(quote_lake),),
        ),
    )
    relations = (
        Relation(subject="ally", relation=RelationType.SUPPORTS, object="gov",
                 sources=(ref(quote_lake),)),
        Relation(subject="reb", relation=RelationType.OPPOSES, object="gov",
                 sources=(ref(quote_take),)),
    )
    return {
        "documents": (document,),
        "events": events,
        "control": control,
        "relations": relations,
        "failures": (Failure(path="in/broken.html", reason="not UTF-8"),),
    }


def render(theater: Theater | None = None, **overrides: object) -> str:
    records = make_records()
    records.update(overrides)
    return render_report(
        title="Testland report",
        theater=theater or make_theater(),
        generated=GENERATED,
        **records,  # type: ignore[arg-type]
    )


def control_data(page: str) -> dict:  # type: ignore[type-arg]
    match = re.search(
        r'<script type="application/json" id="control-data">(.*?)</script>', page, re.S
    )
    if match is None:
        raise AssertionError("no control data block")
    return json.loads(match.group(1))  # type: ignore[no-any-return]


class TagCollector(HTMLParser):
    """Collects every start tag with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags_of(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = TagCollector()
    parser.feed(page)
    return parser.tags


def test_report_has_every_section_with_an_anchor() -> None:
    page = render()
    for key in ("map", "timeline", "events", "control", "relations", "documents"):
        assert f'<section id="{key}">' in page
        assert f'href="#{key}"' in page
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Testland report</title>" in page


def test_report_map_draws_outline_roads_and_one_circle_per_town() -> None:
    page = render()
    assert re.search(r'<path class="outline" fill-rule="evenodd" d="M[\d.]+,[\d.]+L', page)
    towns = re.findall(r'<circle class="town" data-i="(\d+)"', page)
    # three baseline towns and Lakeside, known only from a control change
    assert towns == ["0", "1", "2", "3"]
    assert len(re.findall(r"<g class=\"roads\">(.*?)</g>", page)[0].split("<line")) == 3
    assert page.count('<path class="ev"') == 2


def test_report_control_change_recolours_its_town_from_its_day() -> None:
    page = render()
    data = control_data(page)
    assert data["days"][0] == START.isoformat()
    assert data["days"][-1] == (START + timedelta(days=4)).isoformat()
    names = [t["name"] for t in data["towns"]]
    actors = [a["id"] for a in data["actors"]]
    midtown = names.index("Midtown")
    holders = [actors[day[midtown]] for day in data["holders"]]
    assert holders == ["gov", "gov", "reb", "reb", "reb"]
    lakeside = names.index("Lakeside")
    assert [day[lakeside] for day in data["holders"]][:4] == [-1, -1, -1, -1]
    assert actors[data["holders"][4][lakeside]] == "reb"
    # the static drawing shows the last day
    reb_colour = data["actors"][actors.index("reb")]["colour"]
    circle = re.search(rf'<circle class="town" data-i="{midtown}"[^>]*fill="([^"]+)"', page)
    assert circle is not None and circle.group(1) == reb_colour


def test_report_lists_events_with_precision_modality_and_sources() -> None:
    page = render()
    events = page[page.index('<section id="events">') : page.index('<section id="control">')]
    assert "2031-03-05 (between 2031-03-04 and 2031-03-06)" in events
    assert "claimed by" in events and "Hill Rebels" in events
    assert 'href="#doc-d1"' in events
    assert "after a night of fighting" in events
    documents = page[page.index('<section id="documents">') :]
    assert "The Test Gazette" in documents and "caption" in documents
    assert "Photo: a tank" in documents and "in/broken.html" in documents
    assert "1 dropped span<" in documents
    assert "<i>quoted</i> 6 times" in documents  # 2 events, 2 changes, 2 relations cite d1


def test_report_escapes_article_text() -> None:
    hostile = f"{SCRIPT_PAYLOAD} {IMG_PAYLOAD} <a href=\"{JS_URL}\">x</a>"
    bad_place = Place(id="gn:9", name="</script>" + SCRIPT_PAYLOAD, level=PlaceLevel.SETTLEMENT,
                      lat=41.0, lon=12.0)
    document = Document(
        doc_id='d"><script>alert(1)</script>',
        raw=hostile,
        text=hostile,
        title=hostile,
        outlet=IMG_PAYLOAD,
        url=JS_URL,
        dropped=(DroppedSpan(start=0, end=5, reason=IMG_PAYLOAD, text=SCRIPT_PAYLOAD),),
    )
    event = Event(
        event_id="e<1>",
        event_type="Battles",
        sub_event_type=IMG_PAYLOAD,
        actor1="<b>gov</b>",
        place=bad_place,
        time=TimeSpan.exact(START, text=IMG_PAYLOAD),
        notes=hostile,
        sources=(ref(hostile, doc_id=document.doc_id),),
    )
    change = ControlChange(change_id="c9", place=bad_place, to_actor="reb",
                           time=TimeSpan.exact(START), sources=(ref(hostile),))
    page = render(
        documents=(document,),
        events=(event,),
        control=(change,),
        relations=(Relation(subject="reb", relation=RelationType.OPPOSES, object="<i>x</i>",
                            sources=(ref(hostile),)),),
        failures=(Failure(path=SCRIPT_PAYLOAD, reason=IMG_PAYLOAD),),
    )
    assert "<script>alert" not in page
    assert not re.search(r"<[^>]*onerror=", page)
    assert 'href="javascript:' not in page
    assert page.count("</script>") == 2  # the data block and the script, nothing else
    tags = tags_of(page)
    assert [t for t, _ in tags if t == "script"] == ["script", "script"]
    assert not [t for t, _ in tags if t in ("img", "iframe")]
    assert "&lt;b&gt;gov&lt;/b&gt;" in page and "&lt;i&gt;x&lt;/i&gt;" in page
    for _, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on")
            assert not (value or "").strip().lower().startswith("javascript:")
    assert control_data(page)["towns"][-1]["name"] == "</script>" + SCRIPT_PAYLOAD
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_report_loads_nothing_from_the_network() -> None:
    page = render()
    assert not re.search(r"""src\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "@import" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "default-src 'none'" in csp.group(1)
    # the only http link is the document's own URL, as a plain link to follow
    assert re.findall(r'href="(https?:[^"]*)"', page) == ["https://example.org/rebels-push-south"]


def test_report_csp_allows_exactly_its_own_script() -> None:
    page = render()
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    assert re.findall(r"script-src ([^;]+)", csp.group(1)) == [f"'sha256-{digest}'"]


def test_report_is_deterministic_and_independent_of_input_order() -> None:
    first = render()
    assert render() == first
    records = make_records()
    shuffled = {key: tuple(reversed(value)) for key, value in records.items()}  # type: ignore[call-overload]
    assert render(**shuffled) == first
    assert "2031-03-20T12:00" in first


def test_report_without_changes_or_outline_still_renders() -> None:
    page = render(make_theater(outline=None), control=(), events=(), relations=())
    assert '<path class="outline"' not in page
    assert len(re.findall(r'<circle class="town"', page)) == 3
    assert control_data(page)["days"] == [START.isoformat()]
    assert 'id="day" min="0" max="0" value="0" step="1" disabled' in page


def test_report_rejects_an_empty_bbox() -> None:
    with pytest.raises(ReportError, match="bbox"):
        render(make_theater(bbox=(14.0, 40.0, 10.0, 43.0)))


def test_report_rejects_an_outline_that_is_not_a_polygon() -> None:
    with pytest.raises(ReportError, match="Polygon"):
        render(make_theater(outline={"type": "LineString", "coordinates": [[10, 40], [11, 41]]}))


def test_report_stays_small_for_a_thousand_events() -> None:
    records = make_records()
    base = records["events"][0]  # type: ignore[index]
    quote = "Fighting went on around the town through the night, a local council member said."
    events = tuple(
        Event(
            event_id=f"e{n:04d}",
            event_type=base.event_type,
            sub_event_type=base.sub_event_type,
            actor1="reb",
            actor2="gov",
            place=MIDTOWN if n % 2 else LAKESIDE,
            time=TimeSpan.exact(START + timedelta(days=n % 12)),
            sources=(ref(quote), ref(quote, doc_id="d2")),
            notes="Clashes near the town.",
        )
        for n in range(1000)
    )
    page = render(events=events)
    assert len(page.encode("utf-8")) < 2_000_000
    assert page.count('<path class="ev"') == 1000


def test_format_time_shows_precision() -> None:
    day = date(2031, 3, 5)
    assert format_time(TimeSpan.exact(day)) == "2031-03-05"
    month = TimeSpan(day=day, earliest=date(2031, 3, 1), latest=date(2031, 3, 31),
                     precision=TimePrecision.MONTH)
    assert format_time(month) == "2031-03 (month)"
    assert format_time(None) == "undated"


def test_actor_colours_are_distinct_for_main_actors_and_stable() -> None:
    main = ["gov", "reb", "ally", "north", "south"]
    colours = assign_actor_colours(main, ["x", "y"])
    assert len({colours[a] for a in main}) == len(main)
    assert assign_actor_colours(reversed(main), ["y", "x"]) == colours
    assert colours["x"].startswith("hsl(")


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
))
def test_script_json_round_trips_and_cannot_close_a_tag(value: object) -> None:
    text = script_json(value)
    assert json.loads(text) == value
    assert "<" not in text and ">" not in text and "&" not in text


def test_syria_outline_is_a_polygon_inside_its_bbox() -> None:
    path = resources.files("sitrep").joinpath("theaters/syria/outline.geojson")
    feature = json.loads(path.read_text("utf-8"))
    assert "Natural Earth" in feature["properties"]["origin"]
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 100
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    assert 35.5 < min(lons) < 36.0 and 42.0 < max(lons) < 42.5
    assert 32.0 < min(lats) < 32.5 and 37.0 < max(lats) < 37.5
    d = outline_path(feature, Projection.for_bbox((35.5, 32.0, 42.5, 37.5)))
    assert d.startswith("M") and d.endswith("Z") and d.count("L") == len(ring) - 1
