"""Tests of the date stage: finding and resolving date expressions against a publication date.

Weekdays of the publication dates used here: 2024-12-02 Monday, 12-06 Friday, 12-07 Saturday,
12-08 Sunday.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.models import TimePrecision
from sitrep.temporal import (
    DateExpr,
    _scan,
    default_span,
    find_dates,
    midpoint,
    parse_date_text,
    reference_date,
)

MON = date(2024, 12, 2)
FRI = date(2024, 12, 6)
SAT = date(2024, 12, 7)
SUN = date(2024, 12, 8)
DAY, WEEK, MONTH = TimePrecision.DAY, TimePrecision.WEEK, TimePrecision.MONTH


def d(value: str) -> date:
    return date.fromisoformat(value)


def only(text: str, published: date | None, anchor: date | None = None) -> DateExpr:
    found = find_dates(text, published=published, anchor=anchor)
    assert len(found) == 1, found
    return found[0]


def check(expr: DateExpr, text: str, day: str, earliest: str, latest: str, precision: int) -> None:
    assert expr.text == text
    assert expr.span is not None
    assert (expr.span.day, expr.span.earliest, expr.span.latest) == (d(day), d(earliest), d(latest))
    assert expr.span.precision == precision
    assert expr.span.text == text


# --- days relative to publication ---------------------------------------------------------

POINT_CASES = [
    # sentence, P, expression, resolved day, kind
    ("Militia fighters shelled the bridge on Thursday.", SAT, "on Thursday", "2024-12-05",
     "weekday"),
    ("Thursday brought the heaviest shelling so far.", SAT, "Thursday", "2024-12-05", "weekday"),
    ("Saturday morning the convoy left the depot.", SAT, "Saturday morning", "2024-12-07",
     "weekday"),
    ("Clashes resumed late Sunday near the dam.", SAT, "late Sunday", "2024-12-01", "weekday"),
    ("The airport was hit early on Friday by drones.", SAT, "early on Friday", "2024-12-06",
     "weekday"),
    ("Monday was quiet along the river.", MON, "Monday", "2024-12-02", "weekday"),
    ("Sunday saw the first barrel bombs.", MON, "Sunday", "2024-12-01", "weekday"),
    ("The envoy arrived last Saturday.", SAT, "last Saturday", "2024-11-30", "weekday"),
    ("Drones struck a fuel depot today.", MON, "today", "2024-12-02", "relative"),
    ("Sirens sounded this morning over the port.", MON, "this morning", "2024-12-02",
     "relative"),
    ("Troops will cross the river tonight.", MON, "tonight", "2024-12-02", "relative"),
    ("A checkpoint fell yesterday.", MON, "yesterday", "2024-12-01", "relative"),
    ("The column left three days ago.", MON, "three days ago", "2024-11-29", "relative"),
    ("The column left 5 days ago.", MON, "5 days ago", "2024-11-27", "relative"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "expression", "day", "kind"), POINT_CASES)
def test_point_days_resolve_against_publication(
    sentence: str, published: date, expression: str, day: str, kind: str
) -> None:
    expr = only(sentence, published)
    check(expr, expression, day, day, day, DAY)
    assert expr.kind == kind
    assert not expr.historical


RANGE_CASES = [
    # sentence, P, expression, day, earliest, latest, precision
    ("Rebels swept south last week.", FRI, "last week", "2024-11-28", "2024-11-25",
     "2024-12-01", WEEK),
    ("Airstrikes doubled this week, monitors said.", FRI, "this week", "2024-12-04",
     "2024-12-02", "2024-12-06", WEEK),
    ("The town changed hands early this week.", FRI, "early this week", "2024-12-03",
     "2024-12-02", "2024-12-04", WEEK),
    ("Two bridges were blown up this weekend.", SUN, "this weekend", "2024-12-08",
     "2024-12-07", "2024-12-08", WEEK),
    ("Two bridges were blown up last weekend.", FRI, "last weekend", "2024-12-01",
     "2024-11-30", "2024-12-01", WEEK),
    # told on a weekday, "at the weekend" is the one just past; on a Sunday, this one
    ("The towns fell at the weekend.", FRI, "at the weekend", "2024-12-01", "2024-11-30",
     "2024-12-01", WEEK),
    ("Crowds gathered over the weekend.", SUN, "over the weekend", "2024-12-08",
     "2024-12-07", "2024-12-08", WEEK),
    ("Gains of the last week were large.", SUN, "the last week", "2024-12-05", "2024-12-01",
     "2024-12-08", WEEK),
    ("Over the past week prices tripled.", FRI, "the past week", "2024-12-03", "2024-11-29",
     "2024-12-06", WEEK),
    ("In the past four days the front moved.", FRI, "the past four days", "2024-12-04",
     "2024-12-02", "2024-12-06", WEEK),
    ("Some towns were taken earlier this month.", FRI, "earlier this month", "2024-12-04",
     "2024-12-01", "2024-12-06", WEEK),
    ("Shelling was reported earlier this month.", d("2024-12-20"), "earlier this month",
     "2024-12-11", "2024-12-01", "2024-12-20", MONTH),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "day", "earliest", "latest", "precision"),
    RANGE_CASES,
)
def test_calendar_phrases_resolve_to_ranges_with_their_middle(
    sentence: str, published: date, expression: str, day: str, earliest: str, latest: str,
    precision: int,
) -> None:  # fmt: skip
    check(only(sentence, published), expression, day, earliest, latest, precision)


def test_this_weekend_on_a_saturday_stops_at_publication() -> None:
    expr = only("Roads were closed this weekend.", SAT)
    assert expr.span is not None
    assert expr.span.earliest == expr.span.latest == SAT


def test_next_monday_is_future_not_a_past_weekday() -> None:
    expr = only("Talks open next Monday in the capital.", FRI)
    assert expr.kind == "future"
    assert expr.span is not None and expr.span.day == d("2024-12-09")


# --- explicit dates -----------------------------------------------------------------------

EXPLICIT_CASES = [
    ("Dated 2.12.2024 in the dateline.", FRI, "2.12.2024", "2024-12-02"),
    ("Dated 02/12/2024 in the dateline.", FRI, "02/12/2024", "2024-12-02"),
    ("Posted 2024-12-02 by the desk.", FRI, "2024-12-02", "2024-12-02"),
    ("The road was cut December 2 by a raid.", FRI, "December 2", "2024-12-02"),
    ("The road was cut Dec. 2 by a raid.", FRI, "Dec. 2", "2024-12-02"),
    ("The road was cut 2 December by a raid.", FRI, "2 December", "2024-12-02"),
    ("Filed Dec. 2, 2024 from the border.", FRI, "Dec. 2, 2024", "2024-12-02"),
    ("The city fell on 29 November 2024 after a siege.", FRI, "on 29 November 2024",
     "2024-11-29"),
    ("The offensive opened November 27 at dawn.", FRI, "November 27", "2024-11-27"),
    ("The convoy was stopped on December 28.", d("2025-01-05"), "on December 28",
     "2024-12-28"),
    ("Clashes were heaviest on Monday, December 2, 2024.", FRI,
     "on Monday, December 2, 2024", "2024-12-02"),
    ("Clashes were heaviest on the 3rd of December.", FRI, "on the 3rd of December",
     "2024-12-03"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "expression", "day"), EXPLICIT_CASES)
def test_explicit_dates(sentence: str, published: date, expression: str, day: str) -> None:
    expr = only(sentence, published)
    check(expr, expression, day, day, day, DAY)
    assert expr.kind == "explicit"


def test_month_and_part_of_month() -> None:
    found = find_dates("Losses in November 2024 were high, worst in late November.", published=FRI)
    assert [e.kind for e in found] == ["month", "month"]
    check(found[0], "in November 2024", "2024-11-16", "2024-11-01", "2024-11-30", MONTH)
    check(found[1], "in late November", "2024-11-26", "2024-11-21", "2024-11-30", WEEK)


def test_date_far_before_publication_is_historical_but_resolved() -> None:
    expr = only("Scenes recalled October 7th for many viewers.", FRI)
    check(expr, "October 7th", "2024-10-07", "2024-10-07", "2024-10-07", DAY)
    assert expr.historical


def test_date_within_a_month_of_publication_is_not_historical() -> None:
    assert not only("The pact was signed on November 20.", FRI).historical


def test_ranges_between_two_calendar_days() -> None:
    found = find_dates(
        "Raids ran November 27-30 and again between 1 and 4 December 2024.", published=FRI
    )
    check(found[0], "November 27-30", "2024-11-29", "2024-11-27", "2024-11-30", WEEK)
    check(found[1], "between 1 and 4 December 2024", "2024-12-03", "2024-12-01", "2024-12-04",
          WEEK)  # fmt: skip
    assert {e.kind for e in found} == {"range"}


# --- anchored expressions -----------------------------------------------------------------


def test_since_a_day_runs_to_publication() -> None:
    expr = only("Since 27 November the rebels have taken four towns.", FRI)
    assert expr.kind == "since"
    check(expr, "Since 27 November", "2024-12-02", "2024-11-27", "2024-12-06", MONTH)


def test_since_a_recent_weekday_is_a_week_range() -> None:
    expr = only("Since Tuesday the highway has been closed.", FRI)
    check(expr, "Since Tuesday", "2024-12-05", "2024-12-03", "2024-12-06", WEEK)


def test_within_days_counts_from_the_earlier_date_of_the_same_text() -> None:
    text = "The map shows the line since November 27. Within three days the city had fallen."
    since, within = find_dates(text, published=MON)
    assert since.kind == "since"
    check(within, "Within three days", "2024-11-29", "2024-11-27", "2024-11-30", WEEK)


def test_anchored_expressions_chain_from_point_dates() -> None:
    text = (
        "Fighters entered the suburbs on Monday. Two days later they reached the square, "
        "and the following day the garrison left."
    )
    monday, later, following = find_dates(text, published=SAT)
    assert monday.span is not None and monday.span.day == d("2024-12-02")
    check(later, "Two days later", "2024-12-04", "2024-12-04", "2024-12-04", DAY)
    check(following, "the following day", "2024-12-05", "2024-12-05", "2024-12-05", DAY)
    assert later.kind == following.kind == "anchored"


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("A day later the bridge collapsed.", "2024-11-28"),
        ("The next day the bridge collapsed.", "2024-11-28"),
        ("Four days after, the bridge collapsed.", "2024-12-01"),
        ("Hours later the bridge collapsed.", "2024-11-27"),
        ("The day before, the bridge collapsed.", "2024-11-26"),
    ],
)
def test_anchor_passed_in_by_the_caller(sentence: str, day: str) -> None:
    expr = only(sentence, FRI, anchor=d("2024-11-27"))
    check(expr, expr.text, day, day, day, DAY)


def test_anchored_expression_without_anchor_is_found_but_unresolved() -> None:
    expr = only("Two days later the bridge collapsed.", FRI)
    assert expr.kind == "anchored" and expr.span is None


def test_since_then_runs_from_the_anchor() -> None:
    expr = only("Since then the line has moved north.", FRI, anchor=d("2024-11-27"))
    check(expr, "Since then", "2024-12-02", "2024-11-27", "2024-12-06", MONTH)


# --- years and background -----------------------------------------------------------------

HISTORY_CASES = [
    ("The group was founded in 2016 in the north.", "in 2016", "2016-01-01", "2016-12-31",
     "year"),
    ("It rebranded in early 2017 under a new name.", "in early 2017", "2017-01-01",
     "2017-04-30", "year"),
    ("The city had been held since 2011 by the army.", "since 2011", "2011-01-01",
     "2024-12-06", "since"),
    ("It stayed loyal until a siege in 2014 ended.", "in 2014", "2014-01-01", "2014-12-31",
     "year"),
    ("The uprising began 13 years ago in the south.", "13 years ago", "2011-01-01",
     "2011-12-31", "year"),
    ("Airstrikes over the last decade killed thousands.", "the last decade", "2014-12-06",
     "2024-12-06", "duration"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "expression", "earliest", "latest", "kind"), HISTORY_CASES)
def test_years_are_historical_month_precision_spans(
    sentence: str, expression: str, earliest: str, latest: str, kind: str
) -> None:
    expr = only(sentence, FRI)
    assert expr.text == expression
    assert expr.kind == kind
    assert expr.historical
    assert expr.span is not None
    assert (expr.span.earliest, expr.span.latest) == (d(earliest), d(latest))
    assert expr.span.precision == MONTH


def test_open_duration_has_no_span_but_is_historical() -> None:
    expr = only("Washington has funded the militia for years.", FRI)
    assert expr.kind == "duration" and expr.span is None and expr.historical


def test_the_current_year_is_not_historical() -> None:
    expr = only("Trade collapsed in 2024 as the war dragged on.", FRI)
    assert expr.kind == "year" and not expr.historical


def test_april_last_year() -> None:
    expr = only("The leaders met in April last year in the capital.", FRI)
    check(expr, "in April last year", "2023-04-16", "2023-04-01", "2023-04-30", MONTH)
    assert expr.historical


# --- no publication date ------------------------------------------------------------------


def test_without_publication_date_only_full_dates_resolve() -> None:
    text = (
        "On 29 November 2024 the airport fell; yesterday the army left, on Thursday "
        "more towns fell and by November 30 the road was cut."
    )
    found = {e.text: e for e in find_dates(text, published=None)}
    assert set(found) == {"On 29 November 2024", "yesterday", "on Thursday", "November 30"}
    full = found["On 29 November 2024"].span
    assert full is not None and full.day == d("2024-11-29")
    assert found["yesterday"].span is None
    assert found["on Thursday"].span is None
    assert found["November 30"].span is None
    assert not any(e.historical for e in found.values())


def test_without_publication_date_years_resolve_but_are_not_marked_historical() -> None:
    expr = only("The group was founded in 2016 in the north.", None)
    assert expr.span is not None and expr.span.earliest == d("2016-01-01")
    assert not expr.historical


# --- false positives ----------------------------------------------------------------------

NOT_DATES = [
    "Crowds vowed to march on Damascus within hours.",
    "Talks may resume if the ceasefire holds.",
    "A second convoy was turned back at the border.",
    "Traffic on the M5 was halted near the junction.",
    "US A-10 jets flew over the desert.",
    "A 59-year-old commander was arrested.",
    "The fund pledged $250 million and 40 km of new road.",
    "Some 2,000 fighters and 12 tanks moved north.",
    "The Sunday Times quoted a spokesman.",
    "The mayor and his deputy fled to the coast.",
    "The 2015 agreement collapsed.",
    "He won 3 of the 5 seats.",
    "In May 2,000 people fled the camp.",
    "Veterans of the 1990s war returned.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, published=FRI) == []


def test_capitalised_month_before_a_number_is_a_date() -> None:
    expr = only("March 3 is the day the siege began.", FRI)
    assert expr.span is not None and expr.span.day == d("2024-03-03")
    assert expr.historical


def test_text_whose_lowercase_changes_length_is_still_scanned() -> None:
    text = "İdlib was shelled on Thursday and İzmir stayed calm."
    expr = only(text, SAT)
    assert text[expr.start : expr.end] == "on Thursday"


def test_longest_expression_wins_and_results_do_not_overlap() -> None:
    text = "It happened on Monday, December 2, 2024, and late last week, then the past two weeks."
    found = find_dates(text, published=FRI)
    assert [e.text for e in found] == [
        "on Monday, December 2, 2024",
        "late last week",
        "the past two weeks",
    ]
    assert all(a.end <= b.start for a, b in pairwise(found))


# --- helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "middle"),
    [
        ("2024-11-25", "2024-12-01", "2024-11-28"),
        ("2024-12-01", "2024-12-08", "2024-12-05"),
        ("2024-11-27", "2024-11-30", "2024-11-29"),
        ("2024-12-03", "2024-12-03", "2024-12-03"),
    ],
)
def test_midpoint_rounds_half_up(earliest: str, latest: str, middle: str) -> None:
    assert midpoint(d(earliest), d(latest)) == d(middle)


def test_midpoint_rejects_reversed_range() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        midpoint(d("2024-12-08"), d("2024-12-01"))


def test_default_span_is_the_week_up_to_publication() -> None:
    span = default_span(FRI)
    assert (span.day, span.earliest, span.latest) == (FRI, d("2024-11-30"), FRI)
    assert span.precision == WEEK


@pytest.mark.parametrize(
    "value",
    [
        "2.12.2024",
        "02/12/2024",
        "2024-12-02",
        "2024-12-02T09:30:00Z",
        "Dec. 2, 2024",
        "December 2, 2024",
        "2 December 2024",
        "Monday 2 December 2024",
        "MONDAY, DECEMBER 2, 2024",
        "  2 december 2024 ",
    ],
)
def test_parse_date_text_reads_datelines(value: str) -> None:
    assert parse_date_text(value) == MON


@pytest.mark.parametrize(
    "value", ["", "today", "next Tuesday", "2024", "31.02.2024", "December 2", "Posted 2.12.2024",
              "since 2 December 2024"]
)
def test_parse_date_text_rejects_what_is_not_one_full_date(value: str) -> None:
    assert parse_date_text(value) is None


# --- properties ---------------------------------------------------------------------------

EXPRESSIONS = [
    "today", "yesterday", "on Thursday", "Saturday morning", "last week", "this week",
    "early this week", "the past week", "the past 3 days", "November 27", "2 December 2024",
    "2.12.2024", "2024-12-02", "since November 27", "November 2024", "late November",
    "in 2016", "13 years ago", "last weekend", "earlier this month", "a week ago",
]  # fmt: skip
FILLER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,0123456789", max_size=40)
PUBLISHED = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
VOCAB = [
    *EXPRESSIONS, "two days later", "the next day", "within three days", "since then",
    "Monday", "Sunday", "March", "may", "the", "on", "since", "late", "early", "last", "next",
    "days", "weeks", "ago", "27", "2,000", "km", "week", "rebels", "took", "the town", ".",
    "between 1 and 4 December", "for years", "the last decade", "in early 2017",
]  # fmt: skip
SENTENCES = st.lists(st.sampled_from(VOCAB), max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(prefix=FILLER, expression=st.sampled_from(EXPRESSIONS), suffix=FILLER,
       published=PUBLISHED)  # fmt: skip
def test_offsets_hold_whatever_surrounds_an_expression(
    prefix: str, expression: str, suffix: str, published: date
) -> None:
    alone = only(expression, published)
    text = f"{prefix}. {expression}. {suffix}"
    found = find_dates(text, published=published)
    assert all(text[e.start : e.end] == e.text for e in found)
    at = len(prefix) + 2
    same = [e for e in found if e.start == at]
    assert len(same) == 1
    assert (same[0].text, same[0].span, same[0].kind) == (alone.text, alone.span, alone.kind)


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES, published=st.none() | PUBLISHED, anchor=st.none() | PUBLISHED)
def test_spans_are_well_formed_and_deterministic(
    text: str, published: date | None, anchor: date | None
) -> None:
    found = find_dates(text, published=published, anchor=anchor)
    assert found == find_dates(text, published=published, anchor=anchor)
    for expr in found:
        assert text[expr.start : expr.end] == expr.text
        if expr.span is not None:
            assert expr.span.earliest <= expr.span.day <= expr.span.latest
    assert all(a.end <= b.start for a, b in pairwise(found))


@settings(max_examples=300, deadline=None)
@given(text=SENTENCES, published=PUBLISHED)
def test_key_windows_find_what_a_whole_text_scan_finds(text: str, published: date) -> None:
    windowed = [(m.start(), m.end()) for m in _scan(text)]
    whole = [(m.start(), m.end()) for m in _scan(text, whole=True)]
    assert windowed == whole


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    published=PUBLISHED,
    weekday=st.sampled_from(WEEKDAYS),
    form=st.sampled_from(["on {}", "{}", "late {}", "early on {}", "{} morning", "last {}"]),
)
def test_a_weekday_never_resolves_after_publication(
    published: date, weekday: str, form: str
) -> None:
    expr = only(f"The shelling started {form.format(weekday)}.", published)
    assert expr.kind == "weekday" and expr.span is not None
    assert published - timedelta(days=7) <= expr.span.day <= published
    assert expr.span.day.strftime("%A") == weekday


@given(start=PUBLISHED, days=st.integers(min_value=1, max_value=12))
def test_days_later_counts_from_the_explicit_date_before_it(start: date, days: int) -> None:
    text = f"The raid was on {start.day} {start.strftime('%B %Y')}. {days} days later it ended."
    first, later = find_dates(text, published=None)
    assert first.span is not None and first.span.day == start
    assert later.span is not None and later.span.day == start + timedelta(days=days)


@pytest.mark.parametrize(
    ("sentence", "texts_days"),
    [
        (  # the day told just before, minus one: the army left on Thursday
            "The rebels held Hama on Friday, a day after the army said it had pulled out.",
            [("on Friday", "2024-12-06"), ("a day after", "2024-12-05")],
        ),
        (  # the day named just after, plus two
            "Two days after the fall of the city on 25 November, a new council was named.",
            [("Two days after", "2024-11-27"), ("on 25 November", "2024-11-25")],
        ),
        (  # "the day before X" after a told day: the day after it
            "Crowds gathered on Wednesday, the day before the vote.",
            [("on Wednesday", "2024-12-04"), ("the day before", "2024-12-05")],
        ),
        (  # the day told earlier in the sentence, not beside it: the minister spoke
            # on Thursday, so the capture was on Wednesday
            "The minister said Thursday that the group must leave, a day after rebels took it.",
            [("Thursday", "2024-12-05"), ("a day after", "2024-12-04")],
        ),
        (  # no day told in the sentence: the report's day, minus one
            "Jets struck the airport, a day after rebels took the city.",
            [("a day after", "2024-12-05")],
        ),
    ],
)
def test_prepositional_day_after_hangs_on_the_day_beside_it(
    sentence: str, texts_days: list[tuple[str, str]]
) -> None:
    found = find_dates(sentence, published=FRI)
    assert [(e.text, str(e.span.day) if e.span else None) for e in found] == texts_days


def test_day_after_that_still_counts_forward() -> None:
    text = "The siege began on Monday, and a day after that it ended."
    monday, after = find_dates(text, published=FRI)
    assert monday.span is not None and after.span is not None
    assert after.span.day == monday.span.day + timedelta(days=1)


def test_reference_date_of_an_undated_report_skips_deadlines() -> None:
    text = ("On 10 December a caretaker premier was named until 1 March 2025. Two days earlier,"
            " on 8 December, the capital fell.")
    assert reference_date(text, around=date(2024, 11, 27)) == d("2024-12-10")
    assert reference_date("The talks run until 1 March.", around=date(2024, 11, 27)) is None


def test_an_end_of_term_with_no_year_is_no_date_and_no_background() -> None:
    found = find_dates("named caretaker prime minister until 1 March, two days after the fall",
                       published=date(2024, 12, 10))
    until = next(d for d in found if "March" in d.text)
    assert until.span is None and not until.historical
    after = next(d for d in found if "after" in d.text)
    assert after.span is not None and after.span.day == date(2024, 12, 8)


def test_weeks_before_a_clause_never_dates_after_the_report() -> None:
    found = find_dates("drove the army out of three cities in less than two weeks before reaching"
                       " the capital on Sunday.", published=date(2024, 12, 10))
    weeks = next(d for d in found if "weeks" in d.text)
    assert weeks.span is None or weeks.span.latest <= date(2024, 12, 10)


def test_the_same_day_after_a_redated_preposition_is_that_day() -> None:
    """'... on Wednesday, two days after they entered the city. Two towns fell the same day':
    the entry was on Monday, and so were the towns, not Friday."""
    text = ("Fighters patrolled the port on Wednesday, two days after they entered it. "
            "Two more towns changed hands the same day.")
    found = find_dates(text, published=date(2024, 12, 11))
    assert [(e.text, str(e.span.day) if e.span else None) for e in found] == [
        ("on Wednesday", "2024-12-11"), ("two days after", "2024-12-09"),
        ("the same day", "2024-12-09"),
    ]
