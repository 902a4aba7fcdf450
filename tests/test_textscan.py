"""PatternSet must find exactly what running each pattern with finditer finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.lexicon import default_lexicon
from sitrep.textscan import PatternSet, literal_prefixes, starts_at_word

LEXICON = default_lexicon()
TRIGGERS = [t.regex for t in LEXICON.triggers]
CUES = [c.regex for c in LEXICON.relation_cues]

# words the rules start with, their neighbours, and noise: the texts hit many patterns
_VOCABULARY = (
    "captured seized fell to has fallen withdrew from air strikes shelling car bomb fled "
    "the rebels Homs and Hama was taken by backed by against allied with leader of "
    "an offshoot of Captured AIR STRIKE İdlib Straße 2024 3 December on Monday , . ; - "
    "government powers reentered unseized recaptured _captured"
)
WORDS = st.sampled_from(
    [*_VOCABULARY.split(" "), "", "  ", "\n", "fell back", "took control of", "took over"]
)
TEXTS = st.lists(WORDS, max_size=40).map(" ".join)


def finditer_all(patterns: list[re.Pattern[str]], text: str, pos: int = 0, end: int | None = None
                 ) -> list[tuple[int, tuple[int, int]]]:
    stop = len(text) if end is None else end
    return [(i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text, pos, stop)]


def spans(found: list[tuple[int, re.Match[str]]]) -> list[tuple[int, tuple[int, int]]]:
    return [(i, m.span()) for i, m in found]


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_scan_equals_finditer_of_every_trigger(text: str) -> None:
    assert spans(LEXICON.trigger_scan.scan(text)) == finditer_all(TRIGGERS, text)


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, data=st.data())
def test_scan_of_a_slice_equals_finditer_of_that_slice(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    assert spans(LEXICON.cue_scan.scan(text, pos, end)) == finditer_all(CUES, text, pos, end)


def test_literal_prefixes_of_alternations_optional_parts_and_classes() -> None:
    assert literal_prefixes(re.compile(r"\b(?:air ?strikes?|shell(?:ed|ing))")) == {"air", "she"}
    assert literal_prefixes(re.compile(r"(?:re)?took")) == {"ret", "too"}
    assert literal_prefixes(re.compile(r"(?<!\w)[Ff]ell\b")) == {"fel"}
    assert literal_prefixes(re.compile(r"\d{1,2} May")) == set("0123456789")


def test_longer_prefixes_for_the_scan_and_a_match_that_ends_the_text() -> None:
    pattern = re.compile(r"\b(?:(?:was|were) reinforced|fell)\b")
    assert literal_prefixes(pattern, 10) == {"was reinfo", "were reinf", "fell"}
    for text in ("fell", "Idlib fell", "it was reinforced", "was"):
        assert spans(PatternSet([pattern]).scan(text)) == finditer_all([pattern], text)
    assert spans(PatternSet([pattern]).scan("Idlib fell")) == [(0, (6, 10))]


def test_patterns_without_a_literal_start_have_no_prefixes_and_still_match() -> None:
    assert literal_prefixes(re.compile(r"\w+ed\b")) is None
    assert literal_prefixes(re.compile(r"(?:x|.)y")) is None
    patterns = [re.compile(r"\w+ed\b"), re.compile(r"\bfled\b")]
    text = "They fled and returned."
    assert spans(PatternSet(patterns).scan(text)) == finditer_all(patterns, text)


def test_text_whose_lowercase_changes_length_falls_back_to_finditer() -> None:
    text = "İİ rebels captured Hama; İdlib fell."
    assert spans(LEXICON.trigger_scan.scan(text)) == finditer_all(TRIGGERS, text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, data=st.data())
def test_match_first_equals_the_alternation_of_the_patterns(text: str, data: st.DataObject) -> None:
    alternatives = [p.pattern for p in TRIGGERS]
    combined = re.compile("|".join(f"(?P<g{i}>{a})" for i, a in enumerate(alternatives)), re.I)
    pos = data.draw(st.integers(0, len(text)))
    want = combined.match(text, pos)
    got = LEXICON.trigger_scan.match_first(text, pos)
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert (f"g{got[0]}", got[1].span()) == (want.lastgroup, want.span())


def test_only_patterns_that_open_with_a_word_boundary_skip_mid_word_candidates() -> None:
    assert starts_at_word(re.compile(r"\b(?:fell|took)"))
    assert not starts_at_word(re.compile(r"-?\b(?:backed|armed)"))
    assert not starts_at_word(re.compile(r"(?:fell|took)"))
    patterns = [re.compile(r"\bentered"), re.compile(r"entered")]
    text = "They reentered and entered."
    assert spans(PatternSet(patterns).scan(text)) == [(0, (19, 26)), (1, (7, 14)), (1, (19, 26))]
