"""Cleaning: page noise dropped line by line, metadata read, offsets mapped back to the raw."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.clean import clean_article, outlet_from_site
from sitrep.models import Article, Document

TITLE = "Armed groups reach the outskirts of the provincial capital"
P1 = (
    "Columns of pickup trucks were seen on the highway south of Aleppo on Thursday as "
    "opposition fighters pressed toward Hama, residents told reporters."
)
CAPTION = "Fighters ride a truck past a burned checkpoint on the road to Hama"
P2 = (
    "The army said it had redeployed units to protect the city and denied that its lines "
    "had collapsed, while hospitals in Homs prepared for casualties."
)
P3 = "Thousands of families left their homes in the countryside of Idlib during the night."
TEASER1 = (
    "DIALOGUE: Voters in a small mountain nation head to the polls on Sunday in a tight race "
    "for the presidency, with turnout expected to be high in the capital and the valleys."
)
TEASER2 = (
    "Separately, a famous football club announced the signing of a young striker for a record "
    "fee, ending a long summer of speculation among supporters and commentators."
)

RAW = "\n".join(
    [
        TITLE,
        "By Jane Example",
        "December 5, 2024",
        "",
        P1,
        "",
        CAPTION,
        CAPTION,
        "Photo: AFP",
        "u/mapwatcher",
        "Commons/Some Uploader",
        "Google Earth/Maxar imagery",
        "",
        P2,
        "No time? Example Brief summarizes for you",
        P3,
        "Original Source: www.arabnews.com/node/123",
        TEASER1,
        TEASER2,
        "",
    ]
)


def _clean(raw: str, **kw: object) -> Document:
    return clean_article(Article(doc_id="t", raw=raw, source_path="t.txt"), **kw)  # type: ignore[arg-type]


def _syrian(text: str) -> bool:
    return any(w in text for w in ("Aleppo", "Hama", "Homs", "Idlib"))


def test_noise_dropped_article_kept() -> None:
    doc = _clean(RAW, on_topic=_syrian)
    for kept in (TITLE, P1, P2, P3):
        assert kept in doc.text
    assert doc.text.count(CAPTION) == 1, "the second copy of a caption is dropped, the first kept"
    for gone in (
        "Photo: AFP",
        "u/mapwatcher",
        "Commons/",
        "Google Earth/",
        "Original Source",
        "No time?",
        "By Jane",
        "December 5, 2024",
        "DIALOGUE",
        "football",
    ):
        assert gone not in doc.text, gone
    reasons = {d.reason for d in doc.dropped}
    assert {"caption", "credit", "source-line", "boilerplate", "teaser"} <= reasons


def test_metadata_read_from_dropped_lines() -> None:
    doc = _clean(RAW, on_topic=_syrian)
    assert doc.author == "Jane Example"
    assert doc.published == date(2024, 12, 5)
    assert doc.published_source == "text"
    assert doc.title == TITLE
    # the first line naming an outlet wins: the "No time?" box comes before the source line
    assert doc.outlet == "Example Brief"


def test_source_line_names_outlet_from_domain() -> None:
    doc = _clean(f"{P1}\nOriginal Source: www.arabnews.com/node/123\n{P2}\n")
    assert doc.outlet == "Arab News"
    assert "Original Source" not in doc.text and P2 in doc.text


def test_no_time_box_names_outlet() -> None:
    doc = _clean(f"{P1}\nNo time? Example Brief summarizes for you\n{P2}\n")
    assert doc.outlet == "Example Brief"
    assert "No time" not in doc.text


def test_metadata_given_wins_over_text() -> None:
    art = Article(
        doc_id="m", raw=RAW, source_path="m", published=date(2024, 12, 1), outlet="Given"
    )
    doc = clean_article(art)
    assert doc.published == date(2024, 12, 1) and doc.published_source == "meta"
    assert doc.outlet == "Given"


def test_without_on_topic_no_teaser_dropped() -> None:
    doc = _clean(RAW)
    assert "football" in doc.text


def test_byline_only_near_top() -> None:
    body = "\n".join([P1, P2, P3, P1 + " Again.", P2 + " Again.", P3 + " Again.", "", "By Jane Example"])
    assert "By Jane Example" in _clean(body).text


def test_outlet_from_domain() -> None:
    outlets = {"arabnews.com": "Arab News", "bbc.co.uk": "BBC"}
    assert outlet_from_site("https://www.arabnews.com/node/1", outlets) == "Arab News"
    assert outlet_from_site("news.bbc.co.uk", outlets) == "BBC"
    assert outlet_from_site("www.some-daily.com", outlets) == "Some Daily"
    assert outlet_from_site("Example Wire", outlets) == "Example Wire"


def test_text_is_raw_minus_dropped() -> None:
    doc = _clean(RAW, on_topic=_syrian)
    rebuilt, pos = [], 0
    for span in doc.dropped:
        assert doc.raw[span.start : span.end] == span.text
        rebuilt.append(doc.raw[pos : span.start])
        pos = span.end
    rebuilt.append(doc.raw[pos:])
    assert "".join(rebuilt) == doc.text
    assert len(doc.text) == len(doc.raw) - sum(d.end - d.start for d in doc.dropped)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_raw_offset_maps_back(data: st.DataObject) -> None:
    doc = _clean(RAW, on_topic=_syrian)
    i = data.draw(st.integers(min_value=0, max_value=len(doc.text) - 1))
    assert doc.raw[doc.raw_offset(i)] == doc.text[i]


_LINE = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" ,.'"),
    min_size=0,
    max_size=80,
)


@given(st.lists(_LINE, min_size=1, max_size=12))
@settings(max_examples=150, deadline=None)
def test_cleaning_is_idempotent(lines: list[str]) -> None:
    once = _clean("\n".join(lines) + "\n")
    twice = _clean(once.text)
    assert twice.text == once.text
    # the offsets still map for any text
    for i in range(len(once.text)):
        assert once.raw[once.raw_offset(i)] == once.text[i]


def test_clean_article_is_idempotent_on_clean_prose() -> None:
    clean = "\n".join([TITLE, P1, P2, P3]) + "\n"
    assert _clean(clean).text == clean
    assert _clean(_clean(RAW, on_topic=_syrian).text, on_topic=_syrian).text == _clean(
        RAW, on_topic=_syrian
    ).text
