"""Split a cleaned text into sentences with offsets: headlines, bullets and captions count."""

from __future__ import annotations

import re

from sitrep.models import Sentence

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before
# whitespace and an upper-case letter, digit or opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|St|Jr|Sr|No|Vol|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|Inc|Ltd|Co|Corp)\.|\b[A-Z]\.|"
    r"\b(?:U\.S|U\.N|U\.K|E\.U)\.)$"
)
_ABBREV_LONGEST = 12  # characters, with the word boundary before it
_BULLET = re.compile(r"^\s*(?:[•\-*–·▪●]|\d+[.)])\s+")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; every line is at least one sentence."""
    out: list[Sentence] = []
    pos = 0
    paragraph = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            bullet = _BULLET.match(body)
            if bullet:
                lead = bullet.end()
            start = pos + lead
            end = pos + len(body.rstrip())
            heading = not re.search(r"[.!?…\"”’]$", stripped) and len(stripped) < 160
            out.extend(_split_line(text, start, end, paragraph, heading))
            paragraph += 1
        pos += len(line)
    return out


def _split_line(text: str, start: int, end: int, paragraph: int, heading: bool) -> list[Sentence]:
    out: list[Sentence] = []
    seg_start = start
    chunk = text[start:end]
    for m in _BOUNDARY.finditer(chunk):
        cut = start + m.start()
        before = text[seg_start:cut].rstrip("\"”’')]")
        # a period closing an abbreviation or initial is no boundary (the abbreviations are
        # short: only the end of the sentence so far is searched)
        if _ABBREV.search(before, max(0, len(before) - _ABBREV_LONGEST)):
            continue
        cut_end = start + m.start() + len(m.group(0).rstrip())
        piece_end = cut_end if cut_end > cut else cut
        out.append(_sentence(text, seg_start, piece_end, paragraph, False))
        seg_start = start + m.end()
    if seg_start < end:
        out.append(_sentence(text, seg_start, end, paragraph, heading and not out))
    return out


def _sentence(text: str, start: int, end: int, paragraph: int, heading: bool) -> Sentence:
    return Sentence(start=start, end=end, text=text[start:end], paragraph=paragraph, is_heading=heading)
