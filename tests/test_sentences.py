"""Sentence splitting: offsets into the text, abbreviations, bullets and headings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_two_sentences() -> None:
    assert _texts("The road was cut. Aid trucks turned back.") == [
        "The road was cut.",
        "Aid trucks turned back.",
    ]


def test_abbreviations_do_not_split() -> None:
    text = (
        "Gen. Example Person spoke to U.S. officials on Dec. 2 about the corridor. "
        "The talks ended late."
    )
    assert _texts(text) == [
        "Gen. Example Person spoke to U.S. officials on Dec. 2 about the corridor.",
        "The talks ended late.",
    ]


def test_question_and_exclamation_split() -> None:
    assert _texts("Who holds the bridge? Nobody knows! Fighting continues.") == [
        "Who holds the bridge?",
        "Nobody knows!",
        "Fighting continues.",
    ]


def test_bullets_and_headings_are_sentences() -> None:
    text = "Key points\n- Rebels entered the town\n* The airport closed\n1. Aid was halted\nBody text here.\n"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Key points",
        "Rebels entered the town",
        "The airport closed",
        "Aid was halted",
        "Body text here.",
    ]
    assert sents[0].is_heading
    assert not sents[-1].is_heading
    assert [s.paragraph for s in sents] == [0, 1, 2, 3, 4]


def test_every_line_is_at_least_one_sentence() -> None:
    text = "A caption without a full stop\n\nA sentence. And another.\n"
    sents = split_sentences(text)
    assert [s.paragraph for s in sents] == [0, 1, 1]


_WORD = st.sampled_from(
    ["Gen.", "U.S.", "Dec.", "2", "the", "Town", "fell", "rebels", "said", "?", "!", ".", "\"Yes.\"",
     "- ", "\n", "\n\n", "  ", "St.", "No.", "A.", "(", ")", "3."]
)


@given(st.lists(_WORD, max_size=60))
@settings(max_examples=300, deadline=None)
def test_offsets_invariant(words: list[str]) -> None:
    text = " ".join(words)
    previous_end = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_offsets_invariant_any_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
