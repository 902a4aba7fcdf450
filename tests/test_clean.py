"""Cleaning: page noise dropped line by line, metadata read, offsets mapped back to the raw."""

from __future__ import annotations

from datetime import date

import pytest
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


# Page furniture of real news sites, one kind per line (the wording is invented).
FURNITURE = [
    "A damaged street in the old town after the shelling. © Jane Roe/Example Relief",
    "Reporting by Ann Example; Editing by Bob Sample",
    "(Reporting by the Cairo bureau; Writing by Carl Test; Editing by Dana Demo)",
    "Editing by Eve Placeholder",
    "Wire writers in Amman and Ankara contributed to this report.",
    "Copyright 2023 Some Agency. All Rights Reserved.",
    "Our Standards: The Example Trust Principles.",
    "Share this:",
    "Facebook | X | WhatsApp",
    "Twitter",
    "Share on X | Share on Facebook | Copy link",
    "Sign up",
    "Subscribe to our newsletter for the day's headlines from the region and beyond.",
    "Follow Example Agency on Telegram for breaking updates",
    "Get our weekly Africa briefing",
    "Newsletter: The Week Ahead - sign up here",
    "Tags: ceasefire, border, convoy",
    "Home > World > Africa > Conflict",
    "Home » News » Regional affairs",
    "EXPLAINER",
    "BREAKING | Region",
    "Special report | Southern front",
    "4 March 2023 · 8 min read",
    "As of 14 March 2023",
    "Example Daily | Thursday, March 2, 2023",
    "March 3, 2023 | Monitor Desk",
    "REGIONAL MONITOR | WEEKLY TOLL | 6 March 2023",
    "Photos",
    "___",
    "K.L / M.N",
    "xyz-ab/cde",
    "All times local (GMT+2).",
    "Our live coverage of the crisis continues below.",
    "Refresh for updates",
    "More to follow.",
    "More updates to follow. Refresh this page.",
    "This is a developing story and will be updated.",
    "That's all from us tonight, thanks for reading.",
    "For further information, please contact: press@agency.example",
    "Download the full report (1.2 MB)",
    "READ MORE: Port reopens after a week of storms",
    "Related: Grain prices climb for a third month",
    "Read next: How the old treaty came apart",
    "AROUND THE REGION: Parliament delays the budget vote again",
    "MORE FROM EXAMPLE WIRE: Cup final moved to a new stadium",
    (
        "Photo: Soldiers walk past a burned bus on the main road into the northern town, "
        "March 4, 2023. AGENCY/Staff Photographer"
    ),
    # credits with places, agency photo credits, captions that end with their credit
    "(Reporting by Ann Example in Portville and Bob Sample in Northtown; Editing by Carl Test)",
    "An Example Wire writer Dana Demo reported from Portville.",
    "Sample reported from Portville, Example from Northtown.",
    "(WIRE Photo/Eve Placeholder)",
    "Agency Photo: Fay Sample",
    "WIRE photo",
    "Monitor photo archive",
    "Photo caption: A convoy waits at the crossing on Monday",
    "Families wait outside a clinic in the northern town, March 4. WIRE/Gil Example",
    "Troops are deployed along the river road in the eastern countryside. WNA",
    "Soldiers on the ridge above the valley, in a handout photo. (Example Army)",
    "(c) Example Agency",
    "Copyright © Example Daily",
    # sharing, newsletters, channels, page buttons
    "Share on: Facebook / Twitter / Telegram",
    "Share: Facebook Twitter WhatsApp Telegram",
    "Share on Facebook Share on X Share by email",
    "Share on Facebook | Share on X | Subscribe to our newsletter",
    "Print this page",
    "Comments",
    "A A A",
    "Save articles to read later and build your own reading list.",
    "Follow Example Daily English:",
    "Example Agency Telegram channel: subscribe",
    "Join our WhatsApp channel for breaking updates",
    "Do you rely on Example Daily for timely coverage? Join our community.",
    "Get The Example Daily's Morning Edition by email and never miss a story",
    "Don't miss the latest from EXD: sign up to our newsletter",
    "Weekly Region Newsletter",
    "Newsletter email address",
    # live-blog, publishing and humanitarian-report furniture
    "Live updates",
    "Live updates | The war in the north",
    "Example Daily live blog",
    "The live blog has ended. Follow our coverage on the region page.",
    "Refresh for latest",
    "This is a breaking news update. An earlier version follows below.",
    "Posted: 11 Mar 2023",
    "Originally published: 11 Mar 2023",
    "Format: Situation Report",
    "Attachments: Download report (PDF | 212 KB)",
    "The agency will issue the next update on 9 March.",
    "This Flash Update was produced by the country office with its partners.",
    "For more information on this topic, please contact:",
    "In Geneva, Ann Example, example@agency.example",
    "The views expressed in this article are the author's own.",
    "This article appeared in print on 9 March 2023.",
    "This story was first published on 10 March 2023.",
    "This article is republished under a Creative Commons license. Read the original article.",
    "Republish this article",
    "Disclosure statement: Ann Example does not work for any company that would benefit.",
    "Author: Ann Example, Senior Lecturer in Politics",
    "Example Wire is not responsible for the content of external websites.",
    "Example Agency website contains only a portion of the news stories offered to subscribers.",
    "Example TV's website can also be accessed at the following alternate addresses:",
    "www.example-tv.example",
    "Example coverage of the region: https://news.example/hub/region",
    "Example Daily staff",
    "The Example Daily Staff & Agencies",
    "Staff reporter",
    # promos of other stories
    "Top stories: Budget passes its first reading",
    "Most read: New visa rules for pilgrims",
    "MOST POPULAR: Rain expected across the country",
    "More analysis: Can the old port be rebuilt?",
    "You might also like: Why the price of cocoa has tripled",
    "Related content: Flood update #12 - the river basin",
    "Related Topics: Floods, Elections, Border",
]

DATELINES = [
    "PORTVILLE (Example News) -",
    "NORTHTOWN, Examplestan (Daily Courier)",
    "RIVER DISTRICT, Mar 3 (Example Wire)",
    "Mar 9 (Example Wire)",
    "EASTPORT, Examplestan, Mar 8",
]

# Article prose that opens with the words of a furniture rule: every line must stay.
PROSE = [
    "The agency said the images were © protected, and the street was damaged on Monday.",
    "Related talks in the capital ended without agreement late on Tuesday.",
    "Share prices fell sharply after the ministry announced new fuel rationing.",
    "Reporting by local journalists has been restricted since the fighting began in March.",
    "Follow-up strikes hit the same depot two hours later, witnesses said.",
    "Home to two million people, the city has been cut off from the coast.",
    "Sign language interpreters joined the briefing for the first time.",
    "More than 40 people were killed in the shelling, medics said.",
    "Most of the town's residents fled before the fighting reached the market.",
    "Photographers were barred from the site, and no images have been published.",
    "Analysis of satellite images shows that the bridge was destroyed on Sunday.",
    "Live updates from the front were scarce as the network went down on Sunday.",
    "Save for a few shops near the mosque, the market was closed on Friday.",
    "Staff at the hospital said they had run out of fuel for the generators.",
    "Format and timing of the talks were still being discussed, a diplomat said.",
    "The views of residents were mixed: some celebrated, others stayed indoors.",
    "Copyright rules do not apply to the leaked footage, the channel argued.",
    "This article of the ceasefire deal obliges both sides to withdraw heavy weapons.",
    "Share of the vote for the ruling party fell to its lowest level since 2011.",
    "Join the convoy, the commander told the remaining fighters in the town.",
    "Most of the wounded were taken to the hospital in the provincial capital.",
    "Top commanders of the militia met in the city on Thursday.",
    "Rebels entered the city at 03:00 on 8 March 2023, residents said",
]


def _body(*middle: str) -> str:
    return "\n".join([TITLE, "", P1, "", *middle, "", P2, "", P3, ""])


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_dropped(line: str) -> None:
    doc = _clean(_body(line))
    assert line not in doc.text
    assert P1 in doc.text and P2 in doc.text and P3 in doc.text
    assert doc.dropped[0].reason in {"credit", "caption", "boilerplate", "teaser", "source-line"}


@pytest.mark.parametrize("line", DATELINES)
def test_dateline_without_year_dropped(line: str) -> None:
    doc = _clean("\n".join([TITLE, line, P1, P2, P3, ""]))
    assert line not in doc.text and P1 in doc.text


def test_name_with_expansion_is_not_a_dateline() -> None:
    line = "UNHCR (United Nations refugee agency)"
    assert line in _clean("\n".join([TITLE, line, P1, P2, ""])).text


def test_dated_line_in_the_body_kept() -> None:
    line = "March 8, 2023 - Rebels enter the capital"
    body = "\n".join([TITLE, P1, P2, P3, P1 + " Again.", P2 + " Again.", P3 + " Again.", line])
    assert line in _clean(body + "\n").text


def test_label_line_gives_publication_date() -> None:
    doc = _clean("\n".join([TITLE, "Example Daily | Thursday, March 2, 2023", P1, P2, ""]))
    assert doc.published == date(2023, 3, 2) and doc.published_source == "text"
    assert "Example Daily" not in doc.text


@pytest.mark.parametrize("line", PROSE)
def test_prose_with_furniture_words_kept(line: str) -> None:
    assert line in _clean(_body(line)).text


def test_teaser_block_dropped_up_to_the_next_paragraph() -> None:
    raw = _body(
        "You may also like",
        "1 Ten quiet beaches for the winter",
        "2 Why the central bank held its rate?",
        "Who runs the port now",
    )
    doc = _clean(raw)
    for gone in ("You may also like", "Ten quiet beaches", "central bank", "Who runs the port"):
        assert gone not in doc.text, gone
    assert P2 in doc.text and P3 in doc.text
    assert {d.reason for d in doc.dropped} == {"teaser"}


def test_teaser_block_at_the_end_of_the_page() -> None:
    raw = "\n".join([TITLE, P1, P2, "Related posts:", "Monitor: clashes on the river road",
                     "Aid convoy reaches the eastern districts", ""])
    doc = _clean(raw)
    assert doc.text.rstrip().endswith(P2)


def test_teaser_heading_needs_a_whole_line() -> None:
    line = "Related coverage of the talks was thin, and few journalists made the trip."
    assert line in _clean(_body(line)).text


def test_author_bio_dropped_only_at_the_end() -> None:
    bio = "Jane Example is a senior fellow at a research institute in Geneva."
    assert bio not in _clean("\n".join([TITLE, P1, P2, bio, ""])).text
    assert bio in _clean("\n".join([TITLE, P1, bio, P2, ""])).text


def test_repeated_bare_caption_keeps_first_copy_labelled_caption_none() -> None:
    bare = "Families queue for bread outside a bakery on Friday. Photo: Agency/Staff"
    labelled = "Photo: Families queue for bread outside a bakery on Friday, March 3, 2023 (Agency)"
    doc = _clean("\n".join([TITLE, P1, bare, P2, bare, P3, labelled, P1 + " Still.", labelled]))
    assert doc.text.count(bare) == 1
    assert labelled not in doc.text


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Example Daily", "Example Daily"),
        ("EXD | Example Daily News Agency", "EXD"),
        ("Portville - EXD", "EXD"),
        ("Portville, EXD-", "EXD"),
        ("Example Daily Website", "Example Daily"),
        ("EXD (Example Daily News Agency)", "EXD"),
    ],
)
def test_outlet_label_near_the_top_names_the_outlet(line: str, outlet: str) -> None:
    """A line that only names the outlet (and a place or a section) is page furniture, read
    into the document's outlet; known outlets come from the outlets table or the metadata."""
    raw = "\n".join([TITLE, line, P1, P2, P3, ""])
    known = {"example daily": "Example Daily", "exd": "EXD"}
    from sitrep.clean import default_rules

    rules = default_rules()
    rules = type(rules)(**{**{f: getattr(rules, f) for f in rules.__slots__},
                           "outlet_names": {**rules.outlet_names, **known}})
    doc = clean_article(Article(doc_id="d", raw=raw, source_path="d.txt"), rules=rules)
    assert line not in doc.text and P1 in doc.text
    assert doc.outlet == outlet


def test_outlet_label_from_metadata_and_table() -> None:
    raw = "\n".join(["The Times of Israel", TITLE, "Portville - Monitor Net", P1, P2, ""])
    doc = clean_article(Article(doc_id="d", raw=raw, outlet="Monitor Net", source_path="d.txt"))
    assert "Times of Israel" not in doc.text and "Portville - Monitor Net" not in doc.text
    assert doc.title == TITLE


def test_outlet_name_in_a_sentence_is_kept() -> None:
    line = "Reuters could not independently verify the footage, which circulated on Sunday."
    assert line in _clean("\n".join([TITLE, line, P1, P2, ""])).text
    title = "Reuters reports fighting near Hama"
    assert title in _clean("\n".join([TITLE, title, P1, P2, ""])).text


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("March 7, 2023 1:48 PM GMT+1 Updated 2 hours ago", date(2023, 3, 7)),
        ("Sunday, 05 March 2023 6:42 PM  [ Last Update: Sunday, 05 March 2023 7:10 PM ]",
         date(2023, 3, 5)),
        ("Tue Mar 7, 2023 09:12AM [Updated: Tue Mar 7, 2023 11:40AM]", date(2023, 3, 7)),
        ("08 March 2023 at 10:15", date(2023, 3, 8)),
        ("PORTVILLE Mar 02, 2023 - 11:48 am GMT+3", date(2023, 3, 2)),
        ("Ann Example |02.03.2023 - Update : 02.03.2023", date(2023, 3, 2)),
        ("Example Daily Live | Updated 8 March 2023", date(2023, 3, 8)),
    ],
)
def test_timestamp_line_dropped_and_dates_the_page(line: str, day: date) -> None:
    doc = _clean("\n".join([TITLE, line, P1, P2, ""]))
    assert line not in doc.text
    assert doc.published == day and doc.published_source == "text"


def test_timestamp_lower_in_the_page_needs_an_update_note() -> None:
    entry = "08 March 2023 at 10:15"
    body = [TITLE, P1, P2, P3, P1 + " Again.", P2 + " Again.", P3 + " Again."]
    assert entry in _clean("\n".join([*body, entry, P1 + " Later.", ""])).text
    note = "Updated 08 March 2023 at 10:15"
    assert note not in _clean("\n".join([*body, note, P1 + " Later.", ""])).text


@pytest.mark.parametrize("line", ["WORLD | MIDDLE EAST", "News | Region", "Home Affairs • Security"])
def test_section_trail_near_the_top_dropped(line: str) -> None:
    assert line not in _clean("\n".join([TITLE, line, P1, P2, ""])).text


def test_section_trail_rule_keeps_short_body_lines() -> None:
    line = "Aid | Fuel | Bread"
    body = "\n".join([TITLE, P1, P2, P3, P1 + " More.", P2 + " More.", P3 + " More.", line, ""])
    assert line in _clean(body).text


def test_trailing_headline_of_another_story_dropped() -> None:
    other = "Storm floods the southern coast as rivers burst their banks"
    sport = "SPORTS: Home side edge their rivals in a thrilling derby"
    for line in (other, sport):
        doc = _clean("\n".join([TITLE, P1, P2, P3, line, ""]), on_topic=_syrian)
        assert line not in doc.text and P3 in doc.text


def test_trailing_caption_and_on_topic_last_line_kept() -> None:
    caption = "Trucks wait at the border crossing on Friday"
    doc = _clean("\n".join([TITLE, P1, P2, P3, caption, caption, ""]), on_topic=_syrian)
    assert doc.text.count(caption) == 1
    line = "Fighters hold positions on the road to Aleppo as night falls"
    assert line in _clean("\n".join([TITLE, P1, P2, P3, line, ""]), on_topic=_syrian).text


def test_wire_signature_and_bio_at_the_end() -> None:
    for line in ("Ann Example / Bob Sample", "Example Daily is an independent news service.",
                 "Ann Example receives funding from a research council."):
        doc = _clean("\n".join([TITLE, P1, P2, line, ""]))
        assert line not in doc.text and P2 in doc.text
    body = [TITLE, P1, P2, P3, P1 + " More.", P2 + " More.", "Ann Example / Bob Sample", P3]
    assert "Ann Example / Bob Sample" in _clean("\n".join([*body, ""])).text


@pytest.mark.parametrize(
    "line", ["PORTVILLE, March 6. /EXA/.", "Northtown (Examplestan) (EXA) –"]
)
def test_agency_datelines_dropped(line: str) -> None:
    doc = _clean("\n".join([TITLE, line, P1, P2, ""]))
    assert line not in doc.text and P1 in doc.text
