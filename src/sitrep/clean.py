"""Clean a raw article: keep the article's words in order, drop page noise, read metadata.

Cleaning works on whole lines: a line is kept or dropped, never rewritten, so that every
offset of the cleaned text maps back to the raw text (``Document.raw_offset``). What is
dropped is recorded with its reason: captions, photo, reporting and copyright credits,
source lines, bylines and datelines (read into metadata), page boilerplate (sharing,
newsletters, tags, breadcrumbs, section labels, live-blog notes), blocks of links to other
stories, and unrelated stories the page appended after the article.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from re import Pattern
from typing import Any

import ahocorasick

from sitrep.models import Article, Document, DroppedSpan
from sitrep.temporal import parse_date_text
from sitrep.textscan import starts_at_line_start

OnTopic = Callable[[str], bool]

_SENTENCE_END = re.compile(r"[.!?…:;,][\"”’')\]]?$")
_WORD = re.compile(r"\w+")
_FOURTH_WORD = re.compile(r"\b\w++(?:\W++\w++){3}")  # possessive: linear on a long token
# the separators of a label line such as "Outlet | Tuesday, December 3, 2024 | Section"
_LABEL_SEP = re.compile(r"\s+[|·•]\s+|\s+[-–—]\s+")
_CLOCK = re.compile(
    r",?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?(?:gmt|utc|[a-z]+ time)\)?)?$",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"(?:photo|picture|image|map|video|graphic)s?\s*:", re.IGNORECASE)
_LABEL_MAX = 120  # longer lines are prose, never a label
_OUTLET_MAX = 60  # an outlet's name alone on a line is never longer
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a full date in a timestamp line ("08 December 2024", "Dec 3, 2024", "02.12.2024")
_STAMP_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2})\b",
    re.IGNORECASE,
)
_STAMP_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\b\.?)?", re.IGNORECASE)
_STAMP_UPDATE = re.compile(r"\b(?:last\s+)?(?:updated?|posted|published)\b", re.IGNORECASE)
_STAMP_FILLER = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b\.?"
    r"|\b(?:gmt|utc|cet|cest|eet|est|edt|ast|msk)\b(?:\s*[+-]\s*\d{1,2})?"
    r"|\b\d+\s+(?:min(?:ute)?s?|hours?|days?)\s+ago\b|\b(?:at|on|ago|local\s+time)\b",
    re.IGNORECASE,
)
_STAMP_WORDS = 3  # words left besides the date and time: an outlet, a place, an author
# the parts of a label line of an outlet and a place or section ("Town - Outlet")
_OUTLET_SEP = re.compile(r"\s+[|/\-–—]\s+|\s*[|–—(),]\s*|\s*[-–—]$")
_FUNCTION = frozenset({"of", "for", "the", "and", "on", "in", "&"})


@dataclass(frozen=True, slots=True)
class CleanRules:
    """The compiled line rules of ``rules/clean.toml`` and the outlet table."""

    credit: tuple[Pattern[str], ...]
    caption: tuple[Pattern[str], ...]
    source_line: tuple[Pattern[str], ...]
    boilerplate: tuple[Pattern[str], ...]
    byline_by: Pattern[str]
    byline_name: Pattern[str]
    byline_max_line: int
    kicker: Pattern[str]
    teaser_inline: tuple[Pattern[str], ...]
    teaser_heading: tuple[Pattern[str], ...]
    headline_max: int
    dateline: Pattern[str]
    trailer: tuple[Pattern[str], ...]
    outlets: dict[str, str]
    outlet_names: dict[str, str]  # lowercased outlet name (no leading "the") -> its spelling
    # each list as one alternation (plus its keyed patterns, see AnyOf): a line most rules
    # miss is tested once per list, not once per pattern; the patterns themselves run only to
    # read a matched line's groups
    credit_any: AnyOf
    caption_any: AnyOf
    source_line_any: AnyOf
    boilerplate_any: AnyOf
    teaser_inline_any: AnyOf
    teaser_heading_any: AnyOf
    trailer_any: AnyOf
    key_words: KeyWords


@cache
def default_rules() -> CleanRules:
    """Load the bundled cleaning rules once per process."""
    base = resources.files("sitrep") / "rules"
    data = tomllib.loads((base / "clean.toml").read_text(encoding="utf-8"))
    outlets: dict[str, str] = {}
    with (base / "outlets.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            outlets[row["domain"].lower()] = row["outlet"]

    keys: dict[Pattern[str], tuple[str, ...]] = {}

    def compile_all(key: str, field: str = "patterns", flags: int = re.IGNORECASE) -> tuple[
        Pattern[str], ...
    ]:
        out = []
        for entry in data[key][field]:
            if isinstance(entry, dict):  # { key = "word" or ["a", "b"], pattern = '...' }
                compiled = re.compile(entry["pattern"], flags)
                key = entry["key"]
                keys[compiled] = tuple(k.lower() for k in ([key] if isinstance(key, str) else key))
            else:
                compiled = re.compile(entry, flags)
            out.append(compiled)
        return tuple(out)

    def any_of(patterns: tuple[Pattern[str], ...]) -> AnyOf:
        return AnyOf(
            union=_union(tuple(p for p in patterns if p not in keys)),
            keyed=tuple((frozenset(keys[p]), p) for p in patterns if p in keys),
            keys=key_words,
        )

    credit, caption = compile_all("credit"), compile_all("caption")
    source_line, boilerplate = compile_all("source_line"), compile_all("boilerplate")
    teaser_inline = compile_all("teaser", "inline_patterns")
    teaser_heading = compile_all("teaser", "heading_patterns")
    trailer = compile_all("trailer", flags=0)  # case matters: acronyms, names
    key_words = KeyWords(w for words in keys.values() for w in words)
    return CleanRules(
        credit=credit,
        caption=caption,
        source_line=source_line,
        boilerplate=boilerplate,
        byline_by=re.compile(data["byline"]["by_pattern"], re.IGNORECASE),
        byline_name=re.compile(data["byline"]["name_pattern"]),
        byline_max_line=int(data["byline"]["max_line"]),
        kicker=re.compile(data["teaser"]["kicker_pattern"]),
        teaser_inline=teaser_inline,
        teaser_heading=teaser_heading,
        headline_max=int(data["teaser"]["headline_max"]),
        dateline=re.compile(data["dateline"]["pattern"], re.VERBOSE),
        trailer=trailer,
        outlets=outlets,
        outlet_names={_outlet_key(name): name for name in outlets.values()},
        credit_any=any_of(credit),
        caption_any=any_of(caption),
        source_line_any=any_of(source_line),
        boilerplate_any=any_of(boilerplate),
        teaser_inline_any=any_of(teaser_inline),
        teaser_heading_any=any_of(teaser_heading),
        trailer_any=any_of(trailer),
        key_words=key_words,
    )


class KeyWords:
    """The key words of every keyed rule in one automaton: one pass over a line tells which
    it contains, for all the rule lists at once."""

    def __init__(self, words: Iterable[str]) -> None:
        self.automaton: Any = None
        words = sorted(set(words))
        if words:
            self.automaton = ahocorasick.Automaton()
            for w in words:
                self.automaton.add_word(w, w)
            self.automaton.make_automaton()

    def present(self, text: str) -> frozenset[str]:
        if self.automaton is None:
            return frozenset()
        return frozenset(w for _, w in self.automaton.iter(text.lower()))


@dataclass(frozen=True, slots=True)
class AnyOf:
    """One rule list as a matcher: the patterns in one alternation, and the patterns that
    look for a word anywhere in the line ("... sign up to our newsletter") each behind a
    test of that word, so that a line without the word costs no scan."""

    union: Pattern[str]
    keyed: tuple[tuple[frozenset[str], Pattern[str]], ...] = ()
    keys: KeyWords | None = None

    def search(self, text: str, present: frozenset[str] | None = None) -> re.Match[str] | None:
        """The first match in ``text``; ``present`` is the key words the line holds, when the
        caller has found them already for another list."""
        found = self.union.search(text)
        if found is not None or not self.keyed:
            return found
        if present is None:
            present = self.keys.present(text) if self.keys is not None else frozenset()
        if not present:
            return None
        for words, pattern in self.keyed:
            if not words.isdisjoint(present) and (found := pattern.search(text)) is not None:
                return found
        return None


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


def _union(patterns: tuple[Pattern[str], ...]) -> Pattern[str]:
    """One pattern that matches where any of ``patterns`` does (their group names dropped,
    since two lists may share one); all share the flags of the first.

    When every pattern is anchored at the start of the line, the union says so up front:
    ``re`` tries an anchored pattern at position 0 only, but an alternation of anchored
    branches at every position of the line.
    """
    if not patterns:
        return re.compile(r"(?!)")
    body = "|".join(f"(?:{_GROUP_NAME.sub('(?:', p.pattern)})" for p in patterns)
    flags = patterns[0].flags
    if not flags & re.MULTILINE and all(starts_at_line_start(p) for p in patterns):
        body = f"^(?:{body})"
    return re.compile(body, flags)


def outlet_from_site(site: str, outlets: dict[str, str]) -> str:
    """Name an outlet from a URL or domain ("www.arabnews.com" -> "Arab News")."""
    host = re.sub(r"^[a-z]+://", "", site.strip().lower()).split("/")[0]
    host = host.removeprefix("www.").strip(" .")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        known = outlets.get(".".join(parts[i:]))
        if known:
            return known
    if "." not in host:  # a plain name, not a domain
        return site.strip()
    stem = parts[0] if len(parts) < 3 else parts[-3] if parts[-2] in {"co", "com"} else parts[-2]
    return stem.replace("-", " ").title()


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first character
    end: int  # offset after the trailing newline, if any
    text: str  # stripped content


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        out.append(_Line(pos, pos + len(piece), piece.strip()))
        pos += len(piece)
    return out


def _wordy(line: str) -> bool:
    """Whether a line has at least four words (a sentence, not a label)."""
    return _FOURTH_WORD.search(line) is not None


def _looks_like_title(line: str) -> bool:
    words = _WORD.findall(line)
    return 3 <= len(words) <= 30 and len(line) <= 200 and not re.search(r"[.!]$", line)


def clean_article(
    article: Article,
    *,
    rules: CleanRules | None = None,
    on_topic: OnTopic | None = None,
) -> Document:
    """Clean one article into a ``Document``.

    Args:
        article: the raw article.
        rules: line rules; the bundled ones by default.
        on_topic: tells whether a paragraph is about the theater; trailing paragraphs that
            are not are dropped as appended teasers. Without it no teaser is dropped.
    """
    rules = rules or default_rules()
    lines = _lines(article.raw)
    dropped: dict[int, tuple[str, str]] = {}  # line index -> (reason, kind)
    title = article.title
    author = article.author
    outlet = article.outlet
    published = article.published
    published_source = "meta" if published else "none"

    nonblank = [i for i, ln in enumerate(lines) if ln.text]
    for i in _teaser_blocks(lines, nonblank, rules):
        dropped[i] = ("teaser", "links to other stories")
    left = Counter(lines[i].text for i in nonblank)
    previous = ""
    for rank, i in enumerate(nonblank):
        text = lines[i].text
        left[text] -= 1
        if i in dropped:
            continue
        wordy = _wordy(text)
        if text == previous and wordy:
            dropped[i] = ("caption", "duplicate caption")
            continue
        previous = text
        present = rules.key_words.present(text)  # once for the five lists below
        if rules.credit_any.search(text, present):
            dropped[i] = ("credit", "image credit")
            continue
        # a bare caption ("Crowds in a square. Photo: X") keeps its first copy as text, a
        # labelled one ("Photo: ...") is furniture in every copy
        repeated = wordy and left[text] > 0 and not _LABELLED.match(text)
        if not repeated and rules.caption_any.search(text, present):
            dropped[i] = ("caption", "caption")
            continue
        m = rules.source_line_any.search(text, present) and _first_match(
            rules.source_line, text
        )
        if m:
            dropped[i] = ("source-line", "source line")
            outlet = outlet or outlet_from_site(m.group("site"), rules.outlets)
            continue
        if rules.teaser_inline_any.search(text, present):
            dropped[i] = ("teaser", "link to another story")
            continue
        m = rules.boilerplate_any.search(text, present) and _first_match(
            rules.boilerplate, text
        )
        if m:
            dropped[i] = ("boilerplate", "page furniture")
            found = m.groupdict().get("outlet")
            outlet = outlet or (found.strip() if found else None)
            continue
        top = rules.byline_max_line
        label = _dated_label(text, rules.dateline, rank=rank, top=top)
        if label is None:
            label = _timestamp(text, in_top=rank < top)
        if label is not None:
            dropped[i] = ("boilerplate", "dateline")
            if published is None and isinstance(label, date) and rank < top:
                published, published_source = label, "text"
            continue
        if rank < top:
            named = _outlet_label(text, rules.outlet_names, extra=article.outlet)
            if named is not None:
                dropped[i] = ("boilerplate", "outlet label")
                outlet = outlet or named
                continue
            if _section_label(text):
                dropped[i] = ("boilerplate", "section label")
                continue
        elif len(text) <= _OUTLET_MAX and _outlet_key(text) in rules.outlet_names:
            dropped[i] = ("credit", "outlet credit")  # an outlet's name alone under a photo
            continue
        if 0 < rank < top:
            by = rules.byline_by.match(text) or rules.byline_name.match(text)
            if by and len(text) < 80:
                dropped[i] = ("boilerplate", "byline")
                author = author or by.group("author").strip()
                extra = by.groupdict().get("outlet")
                outlet = outlet or (extra.strip() if extra else None)
                continue

    for i in _trailer(lines, nonblank, dropped, rules):
        dropped[i] = ("boilerplate", "trailing furniture")
    if on_topic is not None:
        for i in _trailing_teasers(lines, nonblank, dropped, rules, on_topic):
            dropped[i] = ("teaser", "unrelated article appended by the page")
        last = _trailing_headline(lines, nonblank, dropped, rules, on_topic)
        if last is not None:
            dropped[last] = ("teaser", "headline of another story")

    kept_first = next((i for i in nonblank if i not in dropped), None)
    if title is None and kept_first is not None:
        first = lines[kept_first].text
        later = [i for i in nonblank if i > kept_first and i not in dropped]
        if later and _looks_like_title(first):
            title = first

    spans = tuple(
        DroppedSpan(
            start=lines[i].start,
            end=lines[i].end,
            reason=reason,
            text=article.raw[lines[i].start : lines[i].end],
        )
        for i, (reason, _kind) in sorted(dropped.items())
    )
    text = _remove(article.raw, spans)
    return Document(
        doc_id=article.doc_id,
        raw=article.raw,
        text=text,
        dropped=spans,
        title=title,
        outlet=outlet,
        author=author,
        published=published,
        published_source=published_source,
        url=article.url,
        source_path=article.source_path,
    )


def _first_match(patterns: tuple[Pattern[str], ...], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def _dateline(text: str) -> date | None:
    if len(text) > 40 or not re.search(r"\d", text):
        return None
    return parse_date_text(_CLOCK.sub("", text.strip(" -–—|,")))


def _dated_label(text: str, dateline: Pattern[str], *, rank: int, top: int) -> date | bool | None:
    """Whether a line is a dateline or a date label, and its date when it names one.

    Returns the date, True for a dateline without a full date, None for any other line.
    Only the first ``top`` lines (``rank`` counts from 0) hold a bare date, a label of short
    parts around a date ("Outlet | 3 December 2024") or a dateline in mixed case; a dateline
    with its place in capitals ("CITY, Mon 4 (Agency) -") counts anywhere.
    """
    text = text.strip()
    if len(text) > _LABEL_MAX:
        return None
    if 0 < rank < top:
        day = _dateline(text)
        if day is not None:
            return day
    parts = _LABEL_SEP.split(text.strip(" -–—|"))
    if rank < top and 2 <= len(parts) <= 4:
        days = [d for d in (_dateline(p) for p in parts) if d is not None]
        others = [p for p in parts if _dateline(p) is None]
        if len(days) == 1 and all(
            len(_WORD.findall(p)) <= 6 and not p.endswith(".") for p in others
        ):
            return days[0]
    m = dateline.fullmatch(text)
    if m is None or not (m.group("date") or m.group("agency") or m.group("dash")):
        return None
    if not (0 < rank < top or m.group("place")):
        return None
    # "ABC (Long Name)" alone is a name and its expansion, not a dateline
    if not (m.group("date") or m.group("dash") or "," in text):
        return None
    when = m.group("date")
    day = parse_date_text(when) if when else None
    return day or True


def _timestamp(text: str, *, in_top: bool) -> date | bool | None:
    """Whether a line is a page's timestamp, and its date when it names one.

    A timestamp holds a full date and a clock time or an update note, and at most a few
    other words, capitalised (an outlet, a place, an author): "December 7, 2024 1:48 PM GMT+1 Updated 2
    hours ago", "Sunday, 08 December 2024 6:42 PM [Last Update: ...]", "Name | 02.12.2024 -
    Update : 02.12.2024". Lower in the page only one with an update note counts: a line that
    dates a live-blog entry belongs to the article.
    """
    if len(text) > _LABEL_MAX or text.endswith("."):
        return None
    dates = _STAMP_DATE.findall(text)
    if not dates:
        return None
    rest = _STAMP_DATE.sub(" ", text)
    update = _STAMP_UPDATE.search(rest) is not None
    if not (update or _STAMP_CLOCK.search(rest)) or not (update or in_top):
        return None
    rest = _STAMP_FILLER.sub(" ", _STAMP_UPDATE.sub(" ", _STAMP_CLOCK.sub(" ", rest)))
    words = _WORD.findall(rest)
    # the words left are names ("Gulf Today Live", "ISTANBUL"), never a clause
    if len(words) > _STAMP_WORDS or any(w[0].islower() for w in words):
        return None
    return parse_date_text(dates[0]) or True


_SECTION_SEP = re.compile(r"\s+[|•·>»›]\s+")


def _section_label(text: str) -> bool:
    """Whether a line is a trail of section names ("WORLD | MIDDLE EAST", "News | Syria")."""
    parts = _SECTION_SEP.split(text)
    if not 2 <= len(parts) <= 4 or text.endswith(".") or any(c.isdigit() for c in text):
        return False
    return all(p[:1].isupper() and 1 <= len(_WORD.findall(p)) <= 3 for p in parts)


def _outlet_key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split()).removeprefix("the ")


def _outlet_label(text: str, names: dict[str, str], *, extra: str | None) -> str | None:
    """The outlet a label line names, when the line is only that: "Outlet", "Outlet | Full
    Name", "Place - Outlet", "Outlet Website", "Full Name (ACRONYM)"; None for any other line.

    ``names`` maps lowercased outlet names to their spelling; ``extra`` is one more name (the
    outlet the metadata gave). A part may also spell out a known acronym ("Syrian Arab News
    Agency" for SANA). The other parts are short labels of at most three words.
    """
    if len(text) > 80 or text.endswith("."):
        return None
    parts = [p.strip(" .:") for p in _OUTLET_SEP.split(text)]
    parts = [p for p in parts if p]
    if not parts or len(parts) > 4:
        return None
    found: str | None = None
    for part in parts:
        named = _outlet_part(part, names, extra)
        if named is not None:
            found = found or named
        elif len(_WORD.findall(part)) > 3 or any(c.isdigit() for c in part):
            return None
    return found


def _outlet_part(part: str, names: dict[str, str], extra: str | None) -> str | None:
    key = _outlet_key(part)
    if extra and key == _outlet_key(extra):
        return extra
    if key in names:
        return names[key]
    words = key.split()
    for n in (1, 2):  # "Press TV Website", "Outlet live blog"
        if len(words) > n and " ".join(words[:-n]) in names:
            return names[" ".join(words[:-n])]
    initials = "".join(w[0] for w in words if w not in _FUNCTION and w[0].isalpha())
    if len(words) >= 3:
        for name in names.values():
            if len(name) >= 3 and name.isupper() and initials.upper().endswith(name):
                return name
    return None


def _headline_like(text: str, longest: int) -> bool:
    words = len(_WORD.findall(text))
    return 2 <= words <= 30 and len(text) <= longest and not text.endswith(".")


def _teaser_blocks(lines: list[_Line], nonblank: list[int], rules: CleanRules) -> list[int]:
    """Headings of link blocks ("Related posts:", "Most read") and the headlines under them.

    A one-line promo ("Read next: <headline>") is taken with the headlines after it when
    they close the page.

    The run of headline-like lines after a heading ends at the first line that reads like a
    paragraph of prose (a sentence-final period, or longer than a headline).
    """
    out: list[int] = []
    k = 0
    while k < len(nonblank):
        text = lines[nonblank[k]].text
        heading = rules.teaser_heading_any.search(text) is not None
        if not heading and not rules.teaser_inline_any.search(text):
            k += 1
            continue
        start = k
        k += 1
        while k < len(nonblank) and _headline_like(lines[nonblank[k]].text, rules.headline_max):
            k += 1
        # after a one-line promo ("Read next: ...") only a run that ends the page is taken:
        # in the body, a short line after it may be a subheading of the article
        if heading or k == len(nonblank):
            out.extend(nonblank[start:k])
    return out


def _trailer(
    lines: list[_Line],
    nonblank: list[int],
    dropped: dict[int, tuple[str, str]],
    rules: CleanRules,
) -> list[int]:
    """Bios, mandates and sign-offs at the end of the document, after all its kept lines."""
    out: list[int] = []
    for i in reversed(nonblank):
        if i in dropped:
            continue
        if not rules.trailer_any.search(lines[i].text):
            break
        out.append(i)
    return out


def _trailing_teasers(
    lines: list[_Line],
    nonblank: list[int],
    dropped: dict[int, tuple[str, str]],
    rules: CleanRules,
    on_topic: OnTopic,
) -> list[int]:
    """The trailing run of long paragraphs that are not about the theater."""
    kept = [i for i in nonblank if i not in dropped]
    run: list[int] = []
    for i in reversed(kept):
        text = lines[i].text
        if len(text) < 120 or on_topic(text):
            break
        run.append(i)
    on_topic_left = len(kept) - len(run)
    if not run or on_topic_left < 2:
        return []
    run.reverse()
    first = lines[run[0]].text
    if len(run) >= 2 or rules.kicker.match(first) or len(first) >= 400:
        return run
    return []


def _trailing_headline(
    lines: list[_Line],
    nonblank: list[int],
    dropped: dict[int, tuple[str, str]],
    rules: CleanRules,
    on_topic: OnTopic,
) -> int | None:
    """A last line that is the headline of another story ("SPORTS: Team wins the derby",
    "Storm hits the coast as ..."): no full stop, not about the theater, after the article."""
    kept = [i for i in nonblank if i not in dropped]
    if len(kept) < 3:
        return None
    text = lines[kept[-1]].text
    if sum(lines[i].text == text for i in nonblank) > 1:
        return None  # the first copy of a doubled caption, kept as text
    headline = _headline_like(text, rules.headline_max) and len(_WORD.findall(text)) >= 5
    if not (headline or rules.kicker.match(text)) or text.endswith((":", "?", "!", '"', "”")):
        return None
    return None if on_topic(text) else kept[-1]


def _remove(raw: str, spans: tuple[DroppedSpan, ...]) -> str:
    parts: list[str] = []
    pos = 0
    for span in spans:
        parts.append(raw[pos : span.start])
        pos = span.end
    parts.append(raw[pos:])
    return "".join(parts)
