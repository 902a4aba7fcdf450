"""Many regexes over one text, each tried only where it can start.

Python's ``re`` tries an alternation-heavy pattern at every position of a text, at roughly
1-15 MB/s per pattern; twenty trigger patterns over a 4 KB report cost milliseconds. Every
rule pattern of sitrep begins with literal text ("captur", "air", "was"), so
``PatternSet`` reads the first few literal characters each pattern can start with from its
parsed form, finds all of those prefixes in one Aho-Corasick pass over the lowered text,
and calls ``pattern.match`` only at those positions. The result equals running
``finditer`` with every pattern (tests check it); a pattern whose start is not literal
(``\\w+``, ``.``) is simply run with ``finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import Match, Pattern
from typing import Any

import ahocorasick

# The parser is private (re._parser since 3.11); without it every pattern simply runs with
# finditer, which gives the same results.
_sre_parse: Any = getattr(re, "_parser", None)
_c: Any = getattr(re, "_constants", None)

_PREFIX_LEN = 3  # what match_first looks up by
# what scan looks for: a longer literal start ("were reinforced", not "wer") keeps common
# words from waking a pattern at every "were" of the text
_SCAN_PREFIX_LEN = 10
_MAX_PREFIXES = 400
_MAX_CLASS = 12
_MAX_HEADS = 100_000  # cached pattern lists by text head, a bound on memory


class _TooMany(Exception):
    pass


def _prefixes(items: list[tuple[Any, Any]], acc: str, out: set[str], size: int) -> None:
    """Add to ``out`` every literal prefix (up to ``size`` lowered characters) of the
    sequence."""
    if len(out) > _MAX_PREFIXES:
        raise _TooMany
    if len(acc) >= size or not items:
        out.add(acc)
        return
    op, av = items[0]
    rest = items[1:]
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):  # zero-width: the prefix goes on after it
        _prefixes(rest, acc, out, size)
    elif op is _c.LITERAL:
        char = chr(av).lower()
        _prefixes(rest, acc + char if len(char) == 1 else acc + "\0", out, size)
    elif op is _c.IN:
        chars = _class_chars(av)
        if chars is None:
            out.add(acc)
            return
        for char in chars:
            _prefixes(rest, acc + char, out, size)
    elif op is _c.SUBPATTERN:
        _prefixes(list(av[-1]) + rest, acc, out, size)
    elif op is _c.BRANCH:
        for branch in av[1]:
            _prefixes(list(branch) + rest, acc, out, size)
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, body = av
        if low == 0:
            _prefixes(rest, acc, out, size)
        if high == 1:
            _prefixes(list(body) + rest, acc, out, size)
        else:  # the body may repeat: what follows it is not known, stop after one
            _prefixes(list(body), acc, out, size)
    else:
        out.add(acc)


def _class_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The lowered characters a small character class matches; None for a large one."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av).lower())
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(v).lower() for v in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    if len(chars) > _MAX_CLASS or any(len(c) != 1 for c in chars):
        return None
    return chars


@lru_cache(maxsize=1024)
def _parse(pattern: str, flags: int) -> tuple[tuple[Any, Any], ...] | None:
    """The parsed form of a pattern, once per pattern (parsing is the slow part)."""
    if _sre_parse is None:
        return None
    try:
        return tuple(_sre_parse.parse(pattern, flags))
    except (RecursionError, re.error, TypeError, ValueError):
        return None


def literal_prefixes(pattern: Pattern[str], size: int = _PREFIX_LEN) -> frozenset[str] | None:
    """The lowered strings (up to ``size`` characters) every match of ``pattern`` starts
    with; None when unknown.

    >>> sorted(literal_prefixes(re.compile(r"\\b(?:air ?strikes?|shell(?:ed|ing))")))
    ['air', 'she']
    >>> sorted(literal_prefixes(re.compile(r"\\b(?:air ?strikes?|shell(?:ed|ing))"), 6))
    ['air st', 'airstr', 'shelle', 'shelli']
    """
    parsed = _parse(pattern.pattern, pattern.flags)
    if parsed is None:
        return None
    out: set[str] = set()
    try:
        _prefixes(list(parsed), "", out, size)
    except (_TooMany, RecursionError):
        return None
    if not out or "" in out or any("\0" in p for p in out):
        return None
    return frozenset(out)


def starts_at_word(pattern: Pattern[str]) -> bool:
    """Whether every match starts a word: the pattern opens with ``\\b`` and a word character."""
    prefixes = literal_prefixes(pattern)
    return (
        prefixes is not None
        and _opens_with(pattern, _c.AT_BOUNDARY)
        and all(p[0].isalnum() or p[0] == "_" for p in prefixes)
    )


def starts_at_line_start(pattern: Pattern[str]) -> bool:
    """Whether every match of ``pattern`` begins at the start of the string (``^...``)."""
    return _opens_with(pattern, _c.AT_BEGINNING)


def _opens_with(pattern: Pattern[str], position: Any) -> bool:
    """Whether the parsed pattern starts with the zero-width ``position`` (``\\b``, ``^``)."""
    parsed = _parse(pattern.pattern, pattern.flags)
    return parsed is not None and parsed[:1] == ((_c.AT, position),)


class PatternSet:
    """A sequence of compiled patterns scanned together over one text."""

    def __init__(self, patterns: Sequence[Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self._always: list[int] = []  # patterns without a literal start: plain finditer
        self._at_word = [starts_at_word(p) for p in self.patterns]  # skip mid-word candidates
        table: dict[str, list[int]] = {}
        scan_table: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            prefixes = literal_prefixes(pattern)
            if prefixes is None:
                self._always.append(index)
                continue
            for prefix in prefixes:
                table.setdefault(prefix, []).append(index)
            for prefix in literal_prefixes(pattern, _SCAN_PREFIX_LEN) or prefixes:
                scan_table.setdefault(prefix, []).append(index)
        self._table = {prefix: tuple(indexes) for prefix, indexes in table.items()}
        self._by_head: dict[str, tuple[int, ...]] = {}  # the patterns to try, by 3 lowered chars
        self._automaton: ahocorasick.Automaton | None = None
        if scan_table:
            automaton = ahocorasick.Automaton()
            for prefix, indexes in scan_table.items():
                automaton.add_word(prefix, (len(prefix), tuple(indexes)))
            automaton.make_automaton()
            self._automaton = automaton

    def scan(
        self, text: str, pos: int = 0, endpos: int | None = None, *, lowered: str | None = None
    ) -> list[tuple[int, Match[str]]]:
        """``(pattern index, match)`` for every match, as ``finditer`` of each pattern over
        ``text[pos:endpos]`` gives them, ordered by pattern index, then position.

        ``lowered`` is ``text.lower()`` when the caller already has it.
        """
        end = len(text) if endpos is None else min(endpos, len(text))
        lowered = text.lower() if lowered is None else lowered
        by_pattern: dict[int, list[Match[str]]] = {}
        if self._automaton is not None and len(lowered) == len(text):
            starts: dict[int, list[int]] = {}
            if end > pos:
                at_word = self._at_word
                for last, (length, indexes) in self._automaton.iter(lowered, pos, end):
                    start = last - length + 1
                    mid_word = start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")
                    for index in indexes:
                        if mid_word and at_word[index]:
                            continue
                        starts.setdefault(index, []).append(start)
            for index, positions in starts.items():
                positions.sort()
                pattern = self.patterns[index]
                found: list[Match[str]] = []
                after = pos
                for start in positions:
                    if start < after:
                        continue
                    m = pattern.match(text, start, end)
                    if m is not None:
                        found.append(m)
                        after = m.end() if m.end() > m.start() else m.end() + 1
                by_pattern[index] = found
            plain = self._always
        else:  # lower() changed the length (rare scripts): offsets would not line up
            plain = list(range(len(self.patterns)))
        for index in plain:
            by_pattern[index] = list(self.patterns[index].finditer(text, pos, end))
        return [(index, m) for index in sorted(by_pattern) for m in by_pattern[index]]

    def match_first(
        self, text: str, pos: int, *, lowered: str | None = None
    ) -> tuple[int, Match[str]] | None:
        """The first pattern, in order, that matches at ``pos``: ``(index, match)``, or None.

        Patterns whose literal start does not fit the text at ``pos`` are not tried.
        """
        if lowered is not None:
            head = lowered[pos : pos + _PREFIX_LEN]
        else:
            raw = text[pos : pos + _PREFIX_LEN]
            head = raw.lower()
            if len(head) != len(raw):  # lower() changed the length: try every pattern
                head = ""
        order = self._by_head.get(head)
        if order is None:
            indexes = set(self._always) if head else set(range(len(self.patterns)))
            for size in range(1, len(head) + 1):
                indexes.update(self._table.get(head[:size], ()))
            order = tuple(sorted(indexes))
            if len(self._by_head) < _MAX_HEADS:
                self._by_head[head] = order
        for index in order:
            m = self.patterns[index].match(text, pos)
            if m is not None:
                return index, m
        return None
