"""The situation brief: sections, citations on every sentence, escaping, the CLI."""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from api_fixtures import ARTICLES, XSS, build_store
from sitrep.brief import BriefError, brief_from_store, render_html, render_markdown
from sitrep.cli import main

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
