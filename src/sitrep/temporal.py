"""Find and resolve date expressions in news text, ACLED-style.

One compiled alternation regex scans a text once; each match is handed to a small resolver
chosen by the alternative that matched. Resolution needs the publication date ``P`` for
anything relative ("today", "on Thursday", "last week") and an anchor (the last point date
before it) for "two days later" or "within three days". Explicit calendar dates resolve
without either when they carry a year.

Conventions (see ``shared/gold/dev/README.md``):

- A named weekday is the most recent such day on or before ``P`` (``P`` itself when it is
  that weekday), precision DAY.
- "last week" is the previous Monday..Sunday; "the last/past week" is ``P-7..P``.
- Ranges get ``day`` = their middle, rounding half up, and precision WEEK when they span at
  most 8 days, MONTH otherwise; parts of a month ("late November") are WEEK.
- Years and durations ("in 2016", "since 2011", "over the last decade") resolve to their
  calendar bounds with precision MONTH, the coarsest ACLED has; open durations with no
  bounds ("for years") get ``span=None``. ``historical`` is set when the span ends more
  than 31 days before ``P`` or starts more than a year before it.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import ahocorasick

from sitrep.models import TimePrecision, TimeSpan
from sitrep.textscan import PatternSet

log = logging.getLogger(__name__)

# A date this far after P is read as last year's ("December 20" in a January report).
_FUTURE_SLACK = timedelta(days=62)
_HISTORICAL_GAP = timedelta(days=31)
_HISTORICAL_START = timedelta(days=366)


@dataclass(frozen=True, slots=True, kw_only=True)
class DateExpr:
    """A date expression found in a text; ``text == source[start:end]``.

    ``kind`` is one of: explicit (a calendar day), month (a month or part of one), year,
    range (two calendar bounds), since, weekday, relative (to the publication date),
    anchored (to an earlier date), duration (open span such as "for years") and future.
    """

    start: int
    end: int
    text: str
    span: TimeSpan | None
    kind: str
    historical: bool = False


# --- vocabulary -------------------------------------------------------------------------

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MON = rf"(?-i:(?:{_MONTH_NAMES})(?![a-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?![a-z])))"
_WD = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![a-z])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\d])(?!,\d)"
_YEAR = r"(?:19|20)\d\d(?![\d])(?![.,]\d)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 4,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}|a\s+couple\s+of|a\s+few|several|few|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty)"
)
_PART = r"(?:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of)"
_PARTS = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
          "middle": (11, 20), "late": (21, 31), "end": (21, 31)}  # fmt: skip
_YEAR_PARTS = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8),
               "middle": (5, 8), "late": (9, 12), "end": (9, 12)}  # fmt: skip
_SEP = r"\s*(?:-|–|—|to|until|till|through)\s*"
_TOD = r"(?:\s+(?:morning|afternoon|evening|night))"

# Alternatives in priority order: at one position the first that matches wins, so the
# longer and more specific forms come first.
_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    ("iso", rf"{_YEAR}-\d{{1,2}}-\d{{1,2}}(?![\d-])"),
    ("numeric", rf"\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR}"),
    ("range_md", rf"(?:from\s+)?{_MON}\s+{_DAY}{_SEP}(?:{_MON}\s+)?{_DAY}(?:,?\s+{_YEAR})?"),
    ("range_md", rf"between\s+{_MON}\s+{_DAY}\s+and\s+(?:{_MON}\s+)?{_DAY}"
                 rf"(?:,?\s+{_YEAR})?"),
    ("range_dm", rf"(?:from\s+)?{_DAY}(?:\s+{_MON})?{_SEP}{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?"),
    ("range_dm", rf"between\s+{_DAY}(?:\s+{_MON})?\s+and\s+{_DAY}\s+{_MON}"
                 rf"(?:,?\s+{_YEAR})?"),
    ("range_year", rf"(?:from\s+{_YEAR}{_SEP}|between\s+{_YEAR}\s+and\s+){_YEAR}"),
    ("date_md", rf"(?:(?:on|since)\s+)?(?:{_WD},?\s+)?(?:the\s+)?{_MON}\s+{_DAY}"
                rf"(?:,?\s+{_YEAR})?"),
    ("date_dm", rf"(?:(?:on|since)\s+)?(?:{_WD},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MON}"
                rf"(?:,?\s+{_YEAR})?"),
    ("part_month", rf"(?:(?:in|since|by|until)\s+)?(?:the\s+)?{_PART}[\s-]*{_MON}"
                   rf"(?:,?\s+{_YEAR}|\s+(?:last|this)\s+year)?"),
    ("part_year", rf"(?:(?:in|since|by|until)\s+)?(?:the\s+)?{_PART}[\s-]*{_YEAR}"),
    ("month", rf"(?:(?:in|since|during|until|by|throughout)\s+)?(?:last\s+)?{_MON}"
              rf"(?:,?\s+{_YEAR}|\s+(?:last|this)\s+year)"),
    ("month", rf"(?:(?:in|since|during|until|by|throughout)\s+|last\s+){_MON}(?!\s*\d)"),
    ("year", rf"(?:in|since|until|by|during|throughout|before|after|from|of)\s+{_YEAR}"),
    ("relday", rf"(?:(?:early|late|earlier|later)\s+)?(?:the\s+day\s+before\s+yesterday"
               rf"|yesterday|today|tonight|this{_TOD}|last\s+night){_TOD}?"),
    ("ago", rf"{_NUM}\s+(?:days?|weeks?|months?|years?)\s+ago"),
    ("past", rf"(?:the\s+(?:past|last)|past|last(?=\s+(?:{_NUM}\s|decade)))\s+(?:{_NUM}\s+)?"
             r"(?:hours|days?|weeks?|months?|years?|decades?)"),
    ("recent", r"(?:in\s+)?recent\s+(?:days|weeks|months|years)"),
    ("week", r"(?:(?:early|late|earlier|later)\s+)?(?:this|last|next)\s+week(?:end)?"
             r"|(?:at|over|during)\s+the\s+weekend"),
    ("calendar", r"(?:(?:early|late|earlier|later)\s+)?(?:this|last|next)\s+(?:month|year)"),
    ("duration", r"for\s+(?:(?:many|several)\s+)?(?:years|decades|months)"),
    ("weekday", rf"(?:(?:on|since|last|next|this|coming|early|late)\s+){{0,2}}{_WD}"
                rf"(?:{_TOD}|\s+next|\s+last)?(?!\s+(?-i:Times|Telegraph|Post|Express))"),
    ("anchored", rf"{_NUM}\s+(?:hours?|days?|weeks?)\s+(?:later|after(?:wards)?|earlier|before)"
                 r"|the\s+(?:next|following|previous|same)\s+(?:day|morning|afternoon|evening"
                 r"|night)|the\s+day\s+(?:after|before)|(?:later|earlier)\s+that\s+(?:day"
                 rf"|morning|afternoon|evening|night)|hours\s+later|since\s+then"
                 rf"|within\s+(?:the\s+next\s+)?{_NUM}\s+(?:hours?|days?|weeks?)"),
)


def _compile() -> tuple[re.Pattern[str], dict[str, str]]:
    parts: list[str] = []
    kinds: dict[str, str] = {}
    for i, (kind, pattern) in enumerate(_ALTERNATIVES):
        kinds[f"g{i}"] = kind
        parts.append(f"(?P<g{i}>{pattern})")
    body = "|".join(parts)
    return re.compile(rf"(?<![\w.\-/])(?:{body})(?!\w)", re.IGNORECASE), kinds


_PATTERN, _GROUP_KIND = _compile()
# the same alternatives one by one, so that a position only tries those that can start there
_ALTERNATIVE_SET = PatternSet(
    [
        re.compile(rf"(?<![\w.\-/])(?P<g{i}>{pattern})(?!\w)", re.IGNORECASE)
        for i, (_, pattern) in enumerate(_ALTERNATIVES)
    ]
)
_MON_RE = re.compile(_MON, re.IGNORECASE)
_WD_RE = re.compile(_WD, re.IGNORECASE)
_DAY_RE = re.compile(rf"(?<![\d])({_DAY})")
_YEAR_RE = re.compile(rf"(?<![\d])({_YEAR})")
_NUM_RE = re.compile(rf"(?<!\w){_NUM}(?!\w)", re.IGNORECASE)
_UNIT_RE = re.compile(r"(hour|day|week|month|year|decade)s?", re.IGNORECASE)
_WORD_ANY_RE = re.compile(
    rf"\b(?:{_MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# --- small date helpers -----------------------------------------------------------------


def midpoint(earliest: date, latest: date) -> date:
    """The middle day of ``earliest..latest``, rounding half up (ACLED practice)."""
    if latest < earliest:
        raise ValueError(f"midpoint: range ends ({latest}) before it starts ({earliest})")
    return earliest + timedelta(days=((latest - earliest).days + 1) // 2)


def default_span(published: date) -> TimeSpan:
    """The span of an undated present or perfect report: the week up to publication."""
    return TimeSpan(
        day=published,
        earliest=published - timedelta(days=6),
        latest=published,
        precision=TimePrecision.WEEK,
    )


def _range(earliest: date, latest: date, text: str, precision: TimePrecision | None = None
           ) -> TimeSpan:  # fmt: skip
    if latest < earliest:
        earliest, latest = latest, earliest
    if precision is None:
        days = (latest - earliest).days + 1
        if days == 1:
            precision = TimePrecision.DAY
        else:
            precision = TimePrecision.WEEK if days <= 8 else TimePrecision.MONTH
    return TimeSpan(day=midpoint(earliest, latest), earliest=earliest, latest=latest,
                    precision=precision, text=text)  # fmt: skip


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_number(token: str) -> int:
    return _MONTH_INDEX[token.lower().rstrip(".")[:3]]


_MONTH_INDEX = {name[:3].lower(): i + 1 for i, name in enumerate(_MONTH_NAMES.split("|"))}


def _number(text: str) -> int:
    found = _NUM_RE.search(text)
    if found is None:
        return 1
    token = " ".join(found.group(0).lower().split())
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


def _guess_year(month: int, day: int, published: date | None) -> int | None:
    """The year of a day-month with no year: P's, or the year before if that is far ahead."""
    if published is None:
        return None
    day = min(day, calendar.monthrange(published.year, month)[1])
    if date(published.year, month, day) > published + _FUTURE_SLACK:
        return published.year - 1
    return published.year


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- resolvers --------------------------------------------------------------------------
# Each takes the matched text, P and the anchor, and returns (span, kind, anchor-for-next);
# the anchor is a point date later anchored expressions count from, or None to keep the
# current one. A resolver returns None for a match that turns out not to be a date.

_Resolved = tuple[TimeSpan | None, str, date | None]
_Resolver = Callable[[str, date | None, date | None], "_Resolved | None"]


def _month_day(text: str) -> tuple[int, int] | None:
    """The month and day of a matched "December 2" or "the 2nd of December"."""
    month_match = _MON_RE.search(text)
    if month_match is None:
        return None
    stripped = text[: month_match.start()] + " " + text[month_match.end() :]
    day_match = _DAY_RE.search(stripped)
    if day_match is None:
        return None
    return _month_number(month_match.group(0)), int(day_match.group(1).rstrip("stndrh"))


def _since(start: date, text: str, published: date | None) -> _Resolved:
    if published is None:
        return None, "since", start
    return _range(start, max(start, published), text), "since", start


def _resolve_iso(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    y, m, d = (int(x) for x in text.split("-"))
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return TimeSpan.exact(day, text=text), "explicit", day


def _resolve_numeric(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    a, b, y = (int(x) for x in re.split(r"[./]", text))
    d, m = (b, a) if b > 12 >= a else (a, b)  # day-first, unless that cannot be
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return TimeSpan.exact(day, text=text), "explicit", day


def _resolve_date(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    month_day = _month_day(text)
    if month_day is None:
        return None
    month, day_of_month = month_day
    if day_of_month > calendar.monthrange(2024, month)[1]:  # 2024: let 29 February through
        return None
    year_match = _YEAR_RE.search(text)
    year = int(year_match.group(1)) if year_match else _guess_year(month, day_of_month, published)
    since = text[:5].lower() == "since"
    if year is None:  # a day and month, but no year to put them in
        return None, "since" if since else "explicit", None
    try:
        day = date(year, month, day_of_month)
    except ValueError:
        return None
    if since:
        return _since(day, text, published)
    return TimeSpan.exact(day, text=text), "explicit", day


def _resolve_range(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    months = [_month_number(m.group(0)) for m in _MON_RE.finditer(text)]
    years = [int(y) for y in _YEAR_RE.findall(text)]
    days = [int(d.rstrip("stndrh")) for d in _DAY_RE.findall(_MON_RE.sub(" ", text))]
    if len(days) < 2 or not months:
        return None
    m1, m2 = months[0], months[-1]
    y2 = years[-1] if years else _guess_year(m2, days[1], published)
    if y2 is None:
        return None, "range", None
    y1 = years[0] if len(years) > 1 else (y2 - 1 if m1 > m2 else y2)
    try:
        first, last = date(y1, m1, days[0]), date(y2, m2, days[1])
    except ValueError:
        return None
    return _range(first, last, text), "range", None


def _resolve_year_range(text: str, published: date | None, anchor: date | None
                        ) -> _Resolved | None:  # fmt: skip
    y1, y2 = (int(y) for y in _YEAR_RE.findall(text))
    return _range(date(y1, 1, 1), date(y2, 12, 31), text, TimePrecision.MONTH), "range", None


def _prefix(text: str) -> str:
    return text.split(None, 1)[0].lower()


def _resolve_month(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    month_match = _MON_RE.search(text)
    if month_match is None:
        return None
    month = _month_number(month_match.group(0))
    lowered = text.lower()
    year_match = _YEAR_RE.search(text)
    if year_match:
        year: int | None = int(year_match.group(1))
    elif published is None:
        return None, "month", None
    elif "last year" in lowered:
        year = published.year - 1
    elif "this year" in lowered:
        year = published.year
    elif lowered.startswith("last"):
        year = published.year if month < published.month else published.year - 1
    else:
        year = _guess_year(month, 1, published)
    if year is None:
        return None, "month", None
    first, last = date(year, month, 1), _month_end(year, month)
    precision = TimePrecision.MONTH
    part = next((p for p in _PARTS if re.search(rf"\b{p}", lowered)), None)
    if part is not None:
        lo, hi = _PARTS[part]
        first, last = date(year, month, lo), date(year, month, min(last.day, hi))
        precision = TimePrecision.WEEK
    if _prefix(text) == "since":
        return _since(first, text, published)
    return _range(first, last, text, precision), "month", None


def _resolve_year(text: str, published: date | None, anchor: date | None) -> _Resolved | None:
    year = int(_YEAR_RE.findall(text)[-1])
    lowered = text.lower()
    first, last = date(year, 1, 1), date(year, 12, 31)
    part = next((p for p in _YEAR_PARTS if re.search(rf"\b{p}", lowered)), None)
    if part is not None:
        lo, hi = _YEAR_PARTS[part]
        first, last = date(year, lo, 1), _month_end(year, hi)
    if _prefix(text) == "since":
        if published is None:
            return None, "since", None
        return _range(first, max(first, published), text, TimePrecision.MONTH), "since", None
    return _range(first, last, text, TimePrecision.MONTH), "year", None


def _resolve_relday(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if published is None:
        return None, "relative", None
    lowered = text.lower()
    if "before yesterday" in lowered:
        day = published - timedelta(days=2)
    elif "yesterday" in lowered or "last night" in lowered:
        day = published - timedelta(days=1)
    else:
        day = published
    return TimeSpan.exact(day, text=text), "relative", day


def _resolve_ago(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if published is None:
        return None, "relative", None
    count = _number(text)
    unit = _unit(text)
    if unit == "day":
        day = published - timedelta(days=count)
        return TimeSpan.exact(day, text=text), "relative", day
    if unit == "week":
        day = published - timedelta(days=7 * count)
        return _window(day, 3, text, published), "relative", None
    if unit == "month":
        months = published.year * 12 + published.month - 1 - count
        year, month = divmod(months, 12)
        first = date(year, month + 1, 1)
        return _range(first, _month_end(year, month + 1), text), "relative", None
    year = published.year - count
    return _range(date(year, 1, 1), date(year, 12, 31), text), "year", None


def _window(day: date, radius: int, text: str, published: date | None) -> TimeSpan:
    first, last = day - timedelta(days=radius), day + timedelta(days=radius)
    if published is not None and last > published >= day:
        last = published
    span = _range(first, last, text, TimePrecision.WEEK)
    return replace(span, day=day)


def _unit(text: str) -> str:
    found = _UNIT_RE.search(text)
    return found.group(1).lower() if found else "day"


def _resolve_past(text: str, published: date | None, anchor: date | None) -> _Resolved:
    """ "the past week" = P-7..P (eight days, as the gold has it), "the past N days" = P-N..P."""
    if published is None:
        return None, "relative", None
    unit = _unit(text)
    has_number = _NUM_RE.search(text.lower().replace("the ", " ", 1)) is not None
    count = _number(text) if has_number else (6 if unit == "day" else 1)
    if unit == "hour":
        first = published - timedelta(days=max(1, -(-count // 24)))
    elif unit in ("day", "week", "month"):
        first = published - timedelta(days=count * {"day": 1, "week": 7, "month": 30}[unit])
    else:
        first = _shift_years(published, count * (10 if unit == "decade" else 1))
    kind = "relative" if unit in ("hour", "day", "week") else "duration"
    precision = TimePrecision.MONTH if kind == "duration" else None
    return _range(first, published, text, precision), kind, None


def _resolve_recent(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if published is None:
        return None, "relative", None
    back = {"day": 6, "week": 21, "month": 90, "year": 1095}[_unit(text)]
    kind = "duration" if back > 365 else "relative"
    return _range(published - timedelta(days=back), published, text), kind, None


def _resolve_week(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if published is None:
        return None, "relative", None
    lowered = " ".join(text.lower().split())
    monday = _monday(published)
    if "next" in lowered.split():
        monday += timedelta(days=7)
    elif "last" in lowered.split() or (
        lowered.endswith("the weekend") and published.weekday() < 5
    ):  # "took the towns at the weekend", told on a weekday: the one just past
        monday -= timedelta(days=7)
    if lowered.endswith("weekend"):
        first = monday + timedelta(days=5)  # Saturday of that week
        last = first + timedelta(days=1)
    else:
        first, last = monday, monday + timedelta(days=6)
        if lowered.startswith("early"):
            last = monday + timedelta(days=2)
        elif lowered.startswith(("late", "later")):
            first = monday + timedelta(days=3)
    kind = "future" if first > published else "relative"
    if first <= published < last:
        last = published
    return _range(first, last, text), kind, None


def _resolve_calendar(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if published is None:
        return None, "relative", None
    lowered = text.lower()
    words = lowered.split()
    if words[-1] == "year":
        year = published.year + (1 if "next" in words else -1 if "last" in words else 0)
        first, last = date(year, 1, 1), date(year, 12, 31)
    else:
        months = published.year * 12 + published.month - 1
        months += 1 if "next" in words else -1 if "last" in words else 0
        year, month = divmod(months, 12)
        first, last = date(year, month + 1, 1), _month_end(year, month + 1)
        if words[0] == "early":
            last = date(year, month + 1, 10)
        elif words[0] in ("late", "later"):
            first = date(year, month + 1, 21)
    kind = "future" if first > published else "relative"
    if first <= published < last:
        last = published
    return _range(first, last, text), kind, None


def _resolve_duration(text: str, published: date | None, anchor: date | None) -> _Resolved:
    return None, "duration", None


def _resolve_weekday(text: str, published: date | None, anchor: date | None) -> _Resolved:
    found = _WD_RE.search(text)
    words = text.lower().split()
    if found is None or published is None:
        return None, "weekday", None
    target = _WEEKDAYS.index(found.group(0).lower())
    back = (published.weekday() - target) % 7
    if "next" in words or "coming" in words:
        day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
        return TimeSpan.exact(day, text=text), "future", None
    if "last" in words and back == 0:
        back = 7
    day = published - timedelta(days=back)
    if words[0] == "since":
        return _since(day, text, published)
    return TimeSpan.exact(day, text=text), "weekday", day


def _resolve_anchored(text: str, published: date | None, anchor: date | None) -> _Resolved:
    if anchor is None:
        return None, "anchored", None
    lowered = " ".join(text.lower().split())
    if lowered == "since then":
        if published is None:
            return None, "since", None
        return _range(anchor, max(anchor, published), text), "since", None
    unit = _unit(lowered)
    if lowered.startswith("within"):
        count = _number(lowered.replace("within", "", 1).replace("the next", ""))
        days = max(1, -(-count // 24)) if unit == "hour" else count * (7 if unit == "week" else 1)
        return _range(anchor, anchor + timedelta(days=days), text), "anchored", None
    if lowered.split()[0] == "the" or "that" in lowered or lowered == "hours later":
        step = 0
        if any(w in lowered for w in ("next", "following", "after")):
            step = 1
        elif any(w in lowered for w in ("previous", "before")):
            step = -1
    else:
        count = _number(lowered)
        step = 0 if unit == "hour" else count * (7 if unit == "week" else 1)
        if lowered.endswith(("earlier", "before")):
            step = -step
    day = anchor + timedelta(days=step)
    if unit == "week":
        return _window(day, 3, text, None), "anchored", None
    return TimeSpan.exact(day, text=text), "anchored", day


_RESOLVERS: dict[str, _Resolver] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "range_md": _resolve_range,
    "range_dm": _resolve_range,
    "range_year": _resolve_year_range,
    "date_md": _resolve_date,
    "date_dm": _resolve_date,
    "part_month": _resolve_month,
    "part_year": _resolve_year,
    "month": _resolve_month,
    "year": _resolve_year,
    "relday": _resolve_relday,
    "ago": _resolve_ago,
    "past": _resolve_past,
    "recent": _resolve_recent,
    "week": _resolve_week,
    "calendar": _resolve_calendar,
    "duration": _resolve_duration,
    "weekday": _resolve_weekday,
    "anchored": _resolve_anchored,
}


def _is_historical(span: TimeSpan | None, kind: str, published: date | None) -> bool:
    if kind == "duration" and span is None:
        return True
    if span is None or published is None:
        return False
    return (
        span.latest < published - _HISTORICAL_GAP
        or span.earliest < published - _HISTORICAL_START
    )


# --- scanning --------------------------------------------------------------------------
# The alternation regex costs about 1 MB/s when tried at every position, so it is only tried
# where an expression can start: at a word start at most ``_BEFORE`` characters before a
# key token that every date expression contains (a month, a weekday or "day", a unit such
# as "week", "since", a four-digit year). No expression puts more than about 30 characters
# before its first key, so the result equals a scan of the whole text (a test checks it).

_UNTIL_BEFORE = re.compile(r"\b(?:until|till)\s+$", re.IGNORECASE)
_UNTIL_START = re.compile(r"(?:until|till)\b", re.IGNORECASE)
_KEYS = ("day", "night", "morning", "afternoon", "evening", "week", "month", "year",
         "decade", "hour", "since")  # fmt: skip
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR_KEY_RE = re.compile(r"(?:19|20)\d\d")
_WORD_START_RE = re.compile(r"(?<![\w.\-/])\w")
_BEFORE = 48


def _build_keys() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in _KEYS:
        automaton.add_word(key, (len(key), False))
    for key in _MONTH_KEYS:
        automaton.add_word(key, (len(key), True))
    automaton.make_automaton()
    return automaton


_KEY_AUTOMATON = _build_keys()


def _candidate_starts(text: str, lowered: str) -> list[int] | None:
    """Sorted word starts near a key token; None when offsets of ``lower()`` would not line up."""
    if len(lowered) != len(text):
        return None
    keys: list[int] = []
    for end, (length, is_month) in _KEY_AUTOMATON.iter(lowered):
        start = end - length + 1
        if is_month and (not text[start].isupper() or (start and text[start - 1].isalpha())):
            continue
        keys.append(start)
    keys.extend(year.start() for year in _YEAR_KEY_RE.finditer(text))
    keys.sort()
    starts: set[int] = set()
    reached = 0  # word starts before this offset are collected already
    for key in keys:
        lo = max(reached, key - _BEFORE)
        starts.update(m.start() for m in _WORD_START_RE.finditer(text, lo, key + 1))
        reached = max(reached, key + 1)
    return sorted(starts)


def _scan(text: str, *, whole: bool = False) -> list[re.Match[str]]:
    """Every match of the alternation regex, in order; ``whole`` tries every position."""
    lowered = text.lower()
    starts = None if whole else _candidate_starts(text, lowered)
    if starts is None:
        return list(_PATTERN.finditer(text))
    found: list[re.Match[str]] = []
    after = 0
    for start in starts:
        if start < after:
            continue
        hit = _ALTERNATIVE_SET.match_first(text, start, lowered=lowered)
        if hit is not None:
            found.append(hit[1])
            after = hit[1].end()
    return found


# --- public API -------------------------------------------------------------------------


def find_dates(
    text: str, *, published: date | None, anchor: date | None = None
) -> list[DateExpr]:
    """Find and resolve every date expression of ``text``, in text order.

    Args:
        text: any text; offsets of the results index into it.
        published: the publication date, which relative expressions count from.
        anchor: the last point date resolved before ``text`` in the same document; each
            point date found here becomes the anchor of the expressions after it.
    """
    found: list[DateExpr] = []
    matches: list[re.Match[str]] = []
    first_anchor = anchor
    for match in _scan(text):
        group = match.lastgroup
        if group is None:
            continue
        resolved = _RESOLVERS[_GROUP_KIND[group]](match.group(0), published, anchor)
        if resolved is None:
            continue
        matches.append(match)
        span, kind, next_anchor = resolved
        if (
            span is not None and published is not None and span.latest < published
            and kind in {"explicit", "month"} and not _YEAR_KEY_RE.search(match.group(0))
            and (
                _UNTIL_BEFORE.search(text, max(0, match.start() - 8), match.start())
                or _UNTIL_START.match(match.group(0))
            )
        ):  # "caretaker prime minister until 1 March": the end of a term ahead, neither
            span, next_anchor = None, None  # background nor the day of anything
        if next_anchor is not None:
            anchor = next_anchor
        found.append(
            DateExpr(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                span=span,
                kind=kind,
                historical=_is_historical(span, kind, published),
            )
        )
    redated = _reanchor_prepositions(text, found, published)
    return _carry_redated(matches, found, redated, published, first_anchor)


def _carry_redated(
    matches: list[re.Match[str]],
    found: list[DateExpr],
    redated: list[DateExpr],
    published: date | None,
    anchor: date | None,
) -> list[DateExpr]:
    """"..., two days after they entered the port city. Jableh fell the same day": a date
    told against the one before it counts from a re-dated preposition's day, not from the day
    the preposition's words alone gave."""
    out = list(redated)
    changed = False
    for i, (match, old, new) in enumerate(zip(matches, found, redated, strict=True)):
        if new is not old:
            changed = True
            anchor = _point_day(new) or anchor
            continue
        if not changed:
            continue
        if new.kind == "anchored" and not dates_a_clause(new) and match.lastgroup is not None:
            resolved = _RESOLVERS[_GROUP_KIND[match.lastgroup]](match.group(0), published, anchor)
            if resolved is not None:
                span, kind, next_anchor = resolved
                out[i] = replace(
                    new, span=span, kind=kind, historical=_is_historical(span, kind, published)
                )
                anchor = next_anchor or anchor
        elif (day := _point_day(new)) is not None:
            anchor = day
    return out


# "N days after"/"the day before" used as a preposition ("..., a day after the army left"):
# what follows happened N days before (after) the day the sentence tells, not after it.
_PREPOSITION = re.compile(
    rf"(?i:({_NUM})\s+(days?|weeks?)|the\s+(day))\s+(after|before)"
)


def dates_a_clause(expr: DateExpr) -> bool:
    """Whether a date is "N days after/before" used as a preposition ("..., two days after the
    army left"): it dates the clause it opens, not the one it hangs on."""
    return expr.kind == "anchored" and _PREPOSITION.fullmatch(" ".join(expr.text.split())) is not None


_PREPOSITION_OBJECT = re.compile(r"\s+(?!(?i:that|this|which|wards)\b)[\w\"'“‘]")
_POINT_KINDS = frozenset({"explicit", "weekday", "relative", "anchored"})
_NEAR_GAP = re.compile(r"[\s,;–—-]*")
_LOOKAHEAD = 120


def _point_day(expr: DateExpr) -> date | None:
    span = expr.span
    if expr.kind not in _POINT_KINDS or span is None or span.precision is not TimePrecision.DAY:
        return None
    return span.day


def _earlier_day(text: str, found: list[DateExpr], before: int) -> date | None:
    """The last day named earlier in the same sentence as offset ``before``."""
    for expr in reversed(found):
        if any(c in text[expr.end : before] for c in ".!?\n"):
            return None
        if (day := _point_day(expr)) is not None:
            return day
    return None


def _reanchor_prepositions(
    text: str, found: list[DateExpr], published: date | None
) -> list[DateExpr]:
    """Re-date "a day after X" against the day it hangs on.

    "Rebels held Hama on Friday, a day after the army withdrew": the withdrawal was on
    Thursday (the day told just before, minus one). "Two days after the fall of Damascus on
    8 December, ...": the main clause is 10 December (the day named just after, plus two).
    """
    out = list(found)
    for i, expr in enumerate(found):
        if expr.kind != "anchored":
            continue
        prep = _PREPOSITION.fullmatch(" ".join(expr.text.split()))
        if prep is None or not _PREPOSITION_OBJECT.match(text, expr.end):
            continue
        unit = (prep.group(2) or prep.group(3)).lower()
        count = _number(prep.group(1)) if prep.group(1) else 1
        step = timedelta(days=count * (7 if unit.startswith("week") else 1))
        if prep.group(4).lower() == "before":
            step = -step
        before = found[i - 1] if i else None
        after = found[i + 1] if i + 1 < len(found) else None
        day: date | None = None
        if before is not None and before.span is not None and _NEAR_GAP.fullmatch(
            text, before.end, expr.start
        ):  # (not "until March, two days after ...": an end of term tells no day)
            told = _point_day(before)
            day = None if told is None else told - step
        elif after is not None and after.kind == "explicit" and (
            after.start - expr.end <= _LOOKAHEAD
            and not any(c in text[expr.end : after.start] for c in ".!?\n")
        ):
            named = _point_day(after)
            day = None if named is None else named + step
        else:  # the sentence's own day, told earlier in it ("said Tuesday ..., a day after
            # the army left"), else the report's: what follows happened a day before that
            told = _earlier_day(text, found[:i], expr.start)
            base = told if told is not None else published
            day = None if base is None else base - step
        if day is None:
            continue
        if published is not None and day > published:  # "... in less than two weeks before
            out[i] = replace(expr, span=None)  # reaching the capital": no day after the report
            continue
        span = TimeSpan.exact(day, text=expr.text)
        out[i] = replace(expr, span=span, historical=_is_historical(span, "anchored", published))
    return out


_RELATIVE_KINDS = frozenset({"weekday", "relative", "anchored"})
_GUESS_SLACK = timedelta(days=3)


def reference_date(text: str, *, around: date) -> date | None:
    """The latest calendar day a text names, for a report whose publication date is unknown.

    ``around`` (e.g. the theater's start) only picks the year of a day written without one.
    Days long before it (background history) do not count. None when the text names none.
    """
    days = [
        d.span.day
        for d in find_dates(text, published=around)
        if d.kind == "explicit" and d.span is not None and not d.historical
        and not _DEADLINE.search(text, max(0, d.start - 12), d.start)
    ]  # "caretaker prime minister until 1 March": a deadline, not a day the report tells
    return max(days, default=None)


_DEADLINE = re.compile(r"\b(?:until|till|before|due)\s+$", re.IGNORECASE)


def loosen_relative(dates: list[DateExpr]) -> list[DateExpr]:
    """Dates resolved against a guessed reference: a relative day ("on Monday", "yesterday")
    becomes a week-precision span around it, since the reference itself is uncertain."""
    out: list[DateExpr] = []
    for d in dates:
        span = d.span
        if d.kind in _RELATIVE_KINDS and span is not None:
            span = replace(
                span,
                earliest=span.earliest - _GUESS_SLACK,
                latest=span.latest + _GUESS_SLACK,
                precision=max(span.precision, TimePrecision.WEEK),
            )
            d = replace(d, span=span)
        out.append(d)
    return out


_META_FORMATS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
)


def parse_date_text(value: str) -> date | None:
    """Read one date from a dateline or a metadata value; None when it holds no date.

    Accepts "2.12.2024", "02/12/2024" (day first), "2024-12-02" (also with a time),
    "Dec. 2, 2024", "December 2, 2024", "2 December 2024" and "Monday 2 December 2024".
    """
    value = " ".join(value.split())
    for pattern in _META_FORMATS:
        iso = pattern.fullmatch(value)
        if iso:
            try:
                return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return None
    titled = _WORD_ANY_RE.sub(lambda m: m.group(0).title(), value)
    match = _PATTERN.fullmatch(titled.rstrip("."))
    if match is None or match.lastgroup is None:
        return None
    kind = _GROUP_KIND[match.lastgroup]
    if kind not in ("numeric", "date_md", "date_dm") or _YEAR_RE.search(titled) is None:
        return None
    if titled[:5].lower() == "since":  # a range, not the date of the page
        return None
    resolved = _RESOLVERS[kind](match.group(0), None, None)
    if resolved is None or resolved[0] is None:
        return None
    return resolved[0].day
