"""The situation brief: sections, citations on every sentence, escaping, the CLI."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from api_fixtures import ARTICLES, XSS, build_store
from sitrep.brief import (
    BriefError,
    brief_from_store,
    chart_control,
    render_control_chart,
    render_html,
    render_markdown,
)
from sitrep.brief.controlchart import MAX_ROWS, TownRole
from sitrep.cli import main
from sitrep.control import ControlTimeline
from sitrep.models import (
    ActorType,
    ControlChange,
    Modality,
    Place,
    PlaceLevel,
    SourceRef,
    TimeSpan,
)
from sitrep.theater import Actor, BaselineControl, Theater

END = date(2024, 12, 6)
STAMP = datetime(2024, 12, 7, 12, 0)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("brief"))


def test_sections_hold_the_facts_of_the_window(db: Path) -> None:
    brief = brief_from_store(db, end=END, days=7)
    sections = {s.key: s for s in brief.sections}
    assert list(sections) == ["control", "fighting", "strikes", "civilians", "displacement",
                              "backers", "claims"]
    control = sections["control"].sentences
    assert len(control) == 1
    assert "Hama" in control[0].text or "Ḩamāh" in control[0].text
    assert "Hayat Tahrir al-Sham" in control[0].text and control[0].cites == ("a_hama",)
    assert {c for s in sections["strikes"].sentences for c in s.cites} == {"b_idlib", "d_xss"}
    assert "at least 12 killed" in " ".join(s.text for s in sections["strikes"].sentences)
    assert sections["displacement"].sentences[0].cites == ("c_homs",)
    assert any("Russia" in s.text for s in sections["backers"].sentences)
    assert set(brief.cited) == set(ARTICLES)
    assert sum(sum(c.values()) for _, c in brief.per_day) == 4


def test_every_sentence_cites_a_stored_document(db: Path) -> None:
    brief = brief_from_store(db, end=END, days=7)
    for section in brief.sections:
        for sentence in section.sentences:
            assert sentence.cites and set(sentence.cites) <= set(ARTICLES)
    md = render_markdown(brief, generated=STAMP)
    bullets = [line for line in md.splitlines() if line.startswith(("- ", "  > "))]
    assert bullets
    assert all(re.search(r"\[[A-Za-z0-9_\\]+\]$", line) for line in bullets), bullets


def test_a_narrow_window_leaves_earlier_facts_out(db: Path) -> None:
    brief = brief_from_store(db, end=date(2024, 12, 4), days=1)
    assert set(brief.cited) == {"b_idlib"}
    assert [d for d, _ in brief.per_day] == [date(2024, 12, 4)]
    with pytest.raises(BriefError):
        brief_from_store(db, end=END, days=0)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on")]
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src")]


def test_article_markup_stays_text_in_html_and_markdown(db: Path) -> None:
    brief = brief_from_store(db, end=END, days=7)
    assert any(XSS in s.quote for sec in brief.sections for s in sec.sentences)
    page = render_html(brief, generated=STAMP)
    scan = _Scan()
    scan.feed(page)
    assert "script" not in scan.tags and "img" not in scan.tags
    assert scan.handlers == [] and scan.hrefs == []
    assert "&lt;script&gt;" in page
    assert "<svg" in page and "<rect" in page  # the chart of events per day
    md = render_markdown(brief, generated=STAMP)
    body = "\n".join(line.removeprefix("  > ") for line in md.splitlines())
    assert not re.search(r"(?<!\\)[<>]", body)  # every angle bracket of the text is escaped
    assert r"\<script\>" in md


def test_cli_writes_markdown_and_html(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("brief.md", "brief.html"):
        out = tmp_path / name
        result = runner.invoke(main, ["brief", "--db", str(db), "--date", "2024-12-06",
                                      "--days", "7", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "a_hama" in out.read_text(encoding="utf-8")
    bad = runner.invoke(main, ["brief", "--db", str(db), "--date", "2024-12-06",
                               "-o", str(tmp_path / "brief.pdf")])
    assert bad.exit_code == 2 and ".md or .html" in bad.output


# --------------------------------------------------------------------------- control chart

TOY_START = date(2024, 1, 1)


def toy_day(n: int) -> date:
    return TOY_START + timedelta(days=n)


def toy_theater(towns: int = 3) -> Theater:
    actors = {a: Actor(id=a, name=f"The {a}", type=ActorType.REBEL) for a in ("gov", "reb")}
    baseline = tuple(BaselineControl(place_id=f"gn:{i}", place_name=f"Town {i:02d}", actor="gov",
                                     lat=33.0, lon=36.0) for i in range(1, towns + 1))
    return Theater(name="toy", country="iso:XX", capital="gn:1", start=TOY_START,
                   bbox=(35.0, 32.0, 38.0, 37.0), actors=actors, baseline=baseline)


def toy_change(place: str, to: str, n: int, *, claimed: bool = False) -> ControlChange:
    return ControlChange(
        change_id=f"{place}-{to}-{n}",
        place=Place(id=place, name=place, level=PlaceLevel.SETTLEMENT, lat=33.0, lon=36.0),
        to_actor=to, from_actor="gov", time=TimeSpan.exact(toy_day(n)),
        modality=Modality.CLAIMED if claimed else Modality.ASSERTED,
        claimed_by=to if claimed else None,
        sources=(SourceRef(doc_id=f"d{n}", start=0, end=4, quote="text"),),
    )


def test_chart_rows_are_key_towns_then_towns_that_changed_hands() -> None:
    pack = toy_theater(4)
    changes = [toy_change("gn:3", "reb", 3), toy_change("gn:2", "reb", 2, claimed=True),
               toy_change("gn:4", "gov", 2)]  # gov already holds gn:4: no change of hands
    timeline = ControlTimeline.build(pack, changes)
    chart = chart_control(timeline, key=["gn:1", "gn:99"], start=toy_day(-1), end=toy_day(4),
                          names={"reb": "The rebels"})
    assert [(r.place_id, r.role) for r in chart.rows] == [
        ("gn:1", TownRole.KEY), ("gn:2", TownRole.CHANGED), ("gn:3", TownRole.CHANGED)]
    assert chart.days[0] == toy_day(-1) and len(chart.days) == 6
    town2 = chart.rows[1]
    first = town2.cells[0]  # the day before the baseline: nothing is known
    assert (first.actor, first.state) == (None, "")
    assert [c.actor for c in town2.cells[1:]] == ["gov", "gov", "reb", "reb", "reb"]
    assert town2.cells[3].state == "claimed"
    assert [c.day for c in town2.changes] == [toy_day(2)]
    assert dict(chart.holders) == {"gov": "gov", "reb": "The rebels"}


def test_chart_caps_the_towns_and_counts_the_rest() -> None:
    n = MAX_ROWS + 5
    pack = toy_theater(n)
    timeline = ControlTimeline.build(
        pack, [toy_change(f"gn:{i}", "reb", 1 + i % 3) for i in range(2, n + 1)])
    chart = chart_control(timeline, key=["gn:1"], start=toy_day(0), end=toy_day(5))
    assert len(chart.rows) == MAX_ROWS and chart.more == n - MAX_ROWS
    firsts = [r.changes[0].day for r in chart.rows[1:]]
    assert firsts == sorted(firsts)  # earliest changes first


def test_brief_charts_the_key_towns_and_the_hama_change(db: Path) -> None:
    brief = brief_from_store(db, end=END, days=7)
    chart = brief.control
    assert chart is not None
    rows = {r.name: r for r in chart.rows}
    # the pack's seats and corridor ends, whatever happened to them
    assert {"Damascus", "Idlib", "Latakia", "Tartus", "Aleppo"} <= set(rows)
    assert all(rows[t].role is TownRole.KEY for t in ("Damascus", "Latakia"))
    hama = next(r for r in chart.rows if r.role is TownRole.CHANGED)
    assert hama.before == "syria-gov" and hama.cells[-1].actor == "hts"
    (taken,) = hama.changes
    assert brief.start < taken.day <= END and taken.state in {"changed", "claimed", "contested"}
    assert [c.day for c in hama.cells] == list(chart.days)


def test_control_chart_in_html_and_markdown(db: Path) -> None:
    brief = brief_from_store(db, end=END, days=7)
    assert brief.control is not None
    hama = next(r for r in brief.control.rows if r.role is TownRole.CHANGED)
    (taken,) = hama.changes
    page = render_html(brief, generated=STAMP)
    svg = page[page.index('aria-label="Control of key towns by day"'):]
    svg = svg[: svg.index("</svg>")]
    fills = {day: fill for fill, day in re.findall(
        r'fill="([^"]+)"[^>]*><title>' + re.escape(hama.name) + r", (\d\d \w\w\w): ", svg)}
    assert len(fills) == 7
    before, after = fills[f"{brief.start:%d %b}"], fills[f"{END:%d %b}"]
    assert before != after  # coloured by the holder, which changed
    assert f"{hama.name}, {taken.day:%d %b}: Hayat Tahrir al-Sham" in svg
    legend = {name: fill for fill, name in re.findall(
        r'fill="([^"]+)"/><text[^>]*>([^<]+)</text>', svg)}
    assert legend["Hayat Tahrir al-Sham"] == after
    md = render_markdown(brief, generated=STAMP)
    table = md[md.index("## Control of key towns"):]
    line = next(x for x in table.splitlines() if x.startswith(f"| {hama.name} |"))
    assert f"{taken.day:%d %b} to Hayat Tahrir al-Sham" in line
    assert line.split(" | ")[1] == "Government of Syria (Assad)"
    damascus = next(x for x in table.splitlines() if x.startswith("| Damascus |"))
    assert "| none |" in damascus


def test_control_chart_svg_escapes_names_and_marks_states() -> None:
    base = toy_theater(2)
    odd = BaselineControl(place_id="gn:2", place_name='<img src=x onerror="alert(1)">',
                          actor="gov", lat=33.0, lon=36.0)
    pack = Theater(name="toy", country="iso:XX", capital="gn:1", start=TOY_START,
                   bbox=base.bbox, actors=base.actors, baseline=(base.baseline[0], odd))
    timeline = ControlTimeline.build(pack, [toy_change("gn:2", "reb", 2, claimed=True)])
    chart = chart_control(timeline, key=["gn:1"], start=toy_day(1), end=toy_day(3))
    svg = render_control_chart(chart)
    scan = _Scan()
    scan.feed(svg)
    assert "img" not in scan.tags and scan.handlers == []
    assert "&lt;img" in svg
    pale = re.findall(r'<rect [^>]*fill-opacity="0.45"[^>]*><title>([^<]+)</title>', svg)
    assert pale and all("(claimed)" in t for t in pale)
    outlined = re.findall(r'<rect [^>]*stroke="#222"[^>]*><title>([^<]+)</title>', svg)
    assert outlined == [f"&lt;img src=x onerror=&quot;alert(1)&quot;&gt;, {toy_day(2):%d %b}: "
                        "reb (claimed)"]
    assert render_control_chart(chart_control(timeline, key=[], start=toy_day(5),
                                              end=toy_day(6))).startswith("<p")
