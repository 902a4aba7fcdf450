"""Claims a report states or attributes to a party: distances and how a place fell or held.

A claim is read from one sentence of a document's cleaned text with the document's mentions:

- a **distance** (``rules/claims.toml`` ``[distance]``): a party's forces, a place or the front
  "N km from" a place ("HTS says its fighters are 20 km from Damascus"); an elided target
  ("the monitor put them 10 km away") or a pronoun takes the claim before it in the same or
  the previous sentence;
- a **category** (``[[category]]``): "heavily defended", "without a fight", "fierce
  fighting", about the place nearest in the clause (or the last place before, for "the city").

Each claim carries who says it (the actor or the media named by a verb of saying or
"according to"; none when the report itself states it), whether it is asserted, claimed or
a forecast ("will be abandoned"), and its sentence as the source. Hypotheticals ("if they
get within 5 km") and negations give no claim. Grouping, disagreement and the computed
figures beside distances live in :mod:`sitrep.claims_group`.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from re import Match, Pattern
from typing import Any

from sitrep.errors import SettingsError
from sitrep.models import Document, Mention, MentionKind, Sentence, SourceRef
from sitrep.sentences import split_sentences
from sitrep.temporal import find_dates
from sitrep.theater import Theater

log = logging.getLogger(__name__)

FRONT = "front"  # the subject of "N km from the front"
_PLACE_PREFIXES = ("gn:", "adm1:", "feat:")  # a country is no subject of a claim


class ClaimKind(StrEnum):
    DISTANCE = "distance"
    CONDUCT = "conduct"  # how a place fell or was held
    CAPTURE = "capture"  # who took a place, and when


class ClaimModality(StrEnum):
    ASSERTED = "asserted"  # the report states it
    CLAIMED = "claimed"  # the report attributes it to someone
    EXPECTED = "expected"  # a forecast ("will be abandoned")


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One claim in one sentence.

    ``subject`` is an actor id, a place id or ``"front"``; ``place`` is where a distance is
    measured from (None for other kinds). ``said_by`` is the speaker's actor id (None when
    the speaker is no actor, or the report itself); ``said_by_name`` is the speaker as
    written, None when the report states it. ``start``/``end`` are the offsets of the figure
    or phrase in the document's cleaned text; ``source`` is its sentence.
    """

    kind: ClaimKind
    subject: str
    subject_name: str
    place: str | None = None
    place_name: str | None = None
    value: str
    km: float | None = None
    category: str | None = None
    day: date | None = None
    said_by: str | None = None
    said_by_name: str | None = None
    modality: ClaimModality = ClaimModality.ASSERTED
    start: int
    end: int
    source: SourceRef


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    name: str
    label: str
    contradicts: frozenset[str]
    regex: Pattern[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimRules:
    """The compiled ``rules/claims.toml``."""

    distance: Pattern[str]
    units: dict[str, float]
    target: Pattern[str]
    target_gap: int
    capital: Pattern[str]
    front: Pattern[str]
    skip_before: Pattern[str]
    skip_after: Pattern[str]
    apposition: Pattern[str]
    apposition_gap: int
    verbs: Pattern[str]
    preps: Pattern[str]
    passive: Pattern[str]
    media: Pattern[str]
    speaker_gap: int
    self_ref: Pattern[str]
    other_ref: Pattern[str]
    fighting_types: frozenset[str]
    place_ref: Pattern[str]
    sentences_back: int
    hypothetical: Pattern[str]
    forecast: Pattern[str]
    negation: Pattern[str]
    clause_break: Pattern[str]
    window: int
    negation_window: int
    relative: float
    absolute_km: float
    window_days: int
    categories: tuple[Category, ...]

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)


def _get(table: dict[str, Any], section: str, key: str) -> Any:
    try:
        return table[section][key]
    except (KeyError, TypeError) as e:
        raise SettingsError(f"rules/claims.toml: [{section}] needs the key {key!r}") from e


def _regex(table: dict[str, Any], section: str, key: str) -> Pattern[str]:
    value = _get(table, section, key)
    try:
        return re.compile(str(value), re.IGNORECASE)
    except re.error as e:
        raise SettingsError(f"rules/claims.toml: [{section}] {key}: bad pattern: {e}") from e


def parse_claim_rules(text: str) -> ClaimRules:
    """Compile claim rules from the text of a ``claims.toml``.

    Raises:
        SettingsError: the text is no TOML, a key is missing or a pattern does not compile.
    """
    try:
        t = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"rules/claims.toml: not valid TOML: {e}") from e
    categories = []
    for n, row in enumerate(t.get("category", []), 1):
        if not isinstance(row, dict) or not all(k in row for k in ("name", "label", "pattern")):
            raise SettingsError(f"rules/claims.toml: category #{n} needs name, label and pattern")
        try:
            regex = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as e:
            raise SettingsError(f"rules/claims.toml: category {row['name']}: bad pattern: {e}") \
                from e
        categories.append(Category(name=row["name"], label=row["label"], regex=regex,
                                   contradicts=frozenset(row.get("contradicts", []))))
    units = _get(t, "distance", "units")
    if not isinstance(units, dict) or not units:
        raise SettingsError("rules/claims.toml: [distance] units must map unit words to km")
    return ClaimRules(
        distance=_regex(t, "distance", "pattern"),
        units={str(k).lower(): float(v) for k, v in units.items()},
        target=_regex(t, "distance", "target"),
        target_gap=int(_get(t, "distance", "target_gap")),
        capital=_regex(t, "distance", "capital"),
        front=_regex(t, "distance", "front"),
        skip_before=_regex(t, "distance", "skip_before"),
        skip_after=_regex(t, "distance", "skip_after"),
        apposition=_regex(t, "distance", "apposition"),
        apposition_gap=int(_get(t, "distance", "apposition_gap")),
        verbs=_regex(t, "attribution", "verbs"),
        preps=_regex(t, "attribution", "preps"),
        passive=_regex(t, "attribution", "passive"),
        media=_regex(t, "attribution", "media"),
        speaker_gap=int(_get(t, "attribution", "speaker_gap")),
        self_ref=_regex(t, "reference", "self"),
        other_ref=_regex(t, "reference", "other"),
        fighting_types=frozenset(_get(t, "reference", "fighting_types")),
        place_ref=_regex(t, "reference", "place"),
        sentences_back=int(_get(t, "reference", "sentences_back")),
        hypothetical=_regex(t, "modality", "hypothetical"),
        forecast=_regex(t, "modality", "forecast"),
        negation=_regex(t, "modality", "negation"),
        clause_break=_regex(t, "modality", "clause_break"),
        window=int(_get(t, "modality", "window")),
        negation_window=int(_get(t, "modality", "negation_window")),
        relative=float(_get(t, "compare", "relative")),
        absolute_km=float(_get(t, "compare", "absolute_km")),
        window_days=int(_get(t, "compare", "window_days")),
        categories=tuple(categories),
    )


@cache
def default_claim_rules() -> ClaimRules:
    """The bundled ``rules/claims.toml``, loaded once per process."""
    path = resources.files("sitrep") / "rules" / "claims.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise SettingsError(f"rules/claims.toml: cannot be read: {e}") from e
    return parse_claim_rules(text)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True, kw_only=True)
class _Speaker:
    actor: str | None
    name: str


class _Reader:
    """Claims of one document, sentence by sentence."""

    def __init__(self, doc: Document, mentions: Sequence[Mention], theater: Theater,
                 rules: ClaimRules) -> None:
        self.doc = doc
        self.text = doc.text
        self.theater = theater
        self.rules = rules
        ordered = sorted(mentions, key=lambda m: (m.start, m.end))
        self.actors = [m for m in ordered if m.kind is MentionKind.ACTOR]
        self.places = [m for m in ordered if m.kind is MentionKind.PLACE
                       and m.id.startswith(_PLACE_PREFIXES)]
        self.sentences = split_sentences(self.text)
        self.dates = [d for d in find_dates(self.text, published=doc.published)
                      if d.span is not None and not d.historical and d.kind != "future"]
        self.claims: list[Claim] = []
        self._last_distance: tuple[int, Claim] | None = None  # sentence index, claim

    def read(self) -> list[Claim]:
        for index, sentence in enumerate(self.sentences):
            self._distances(index, sentence)
            self._categories(sentence)
        return self.claims

    # ----------------------------------------------------------------- helpers

    def _day(self, sentence: Sentence) -> date | None:
        for expr in self.dates:
            if sentence.start <= expr.start < sentence.end and expr.span is not None:
                return expr.span.day
        return self.doc.published

    def _source(self, sentence: Sentence) -> SourceRef:
        return SourceRef(doc_id=self.doc.doc_id, start=sentence.start, end=sentence.end,
                         quote=sentence.text)

    def _clause_start(self, sentence: Sentence, pos: int) -> int:
        start = sentence.start
        for m in self.rules.clause_break.finditer(self.text, sentence.start, pos):
            start = m.end()
        return start

    def _modality(self, sentence: Sentence, pos: int, speaker: _Speaker | None
                  ) -> ClaimModality | None:
        """How the claim at ``pos`` is made; None for a hypothetical or a negation before it
        in its clause."""
        words = self.text[self._clause_start(sentence, pos):pos].split()
        window = " ".join(words[-self.rules.window:])
        if self.rules.hypothetical.search(window):
            return None
        if self.rules.negation.search(" ".join(words[-self.rules.negation_window:])):
            return None
        if self.rules.forecast.search(window):
            return ClaimModality.EXPECTED
        return ClaimModality.CLAIMED if speaker is not None else ClaimModality.ASSERTED

    def _actor_name(self, actor_id: str, fallback: str) -> str:
        actor = self.theater.actors.get(actor_id)
        return actor.name if actor else fallback

    def _speaker(self, sentence: Sentence, pos: int, end: int) -> tuple[_Speaker | None, int]:
        """Who says the claim at ``pos..end``, and where what they say starts (the sentence's
        start when nobody before it does). A cue before the claim wins; else one after it."""
        rules = self.rules
        cues: list[tuple[int, int, bool]] = [
            (m.start(), m.end(), True) for m in rules.verbs.finditer(self.text, sentence.start,
                                                                     sentence.end)
        ]
        cues += [(m.start(), m.end(), False)
                 for m in rules.preps.finditer(self.text, sentence.start, sentence.end)]
        before = sorted(c for c in cues if c[1] <= pos)
        for start, stop, verb in reversed(before):
            if verb and rules.passive.search(self.text, sentence.start, start):
                break  # "were reported to": said, but by nobody named
            who = self._who_before(sentence, start) if verb else self._who_after(stop, pos)
            if who is not None:
                return who, stop
        after = sorted(c for c in cues if c[0] >= end)
        for start, stop, verb in after:
            who = self._who_before(sentence, start, floor=end) if verb else \
                self._who_after(stop, sentence.end)
            if who is not None:
                return who, sentence.start
        return None, sentence.start

    def _who_before(self, sentence: Sentence, cue: int, *, floor: int = -1) -> _Speaker | None:
        low = max(sentence.start, floor, cue - self.rules.speaker_gap)
        found = [m for m in self.actors if low <= m.start and m.end <= cue]
        if found:
            m = found[-1]
            return _Speaker(actor=m.id, name=m.text)
        media = list(self.rules.media.finditer(self.text, low, cue))
        if media:
            return _Speaker(actor=None, name=media[-1].group(0))
        return None

    def _who_after(self, pos: int, stop: int) -> _Speaker | None:
        high = min(stop, pos + self.rules.speaker_gap)
        found = [m for m in self.actors if pos <= m.start < high]
        if found:
            return _Speaker(actor=found[0].id, name=found[0].text)
        media = self.rules.media.search(self.text, pos, high)
        return _Speaker(actor=None, name=media.group(0)) if media else None

    # ----------------------------------------------------------------- distances

    def _distances(self, index: int, sentence: Sentence) -> None:
        rules, text = self.rules, self.text
        for m in rules.distance.finditer(text, sentence.start, sentence.end):
            if rules.skip_before.search(text, sentence.start, m.start()):
                continue
            claim = self._distance(index, sentence, m)
            if claim is not None:
                self.claims.append(claim)
                self._last_distance = (index, claim)

    def _antecedent(self, index: int) -> Claim | None:
        if self._last_distance is None:
            return None
        at, claim = self._last_distance
        return claim if index - at <= self.rules.sentences_back else None

    def _distance(self, index: int, sentence: Sentence, m: Match[str]) -> Claim | None:
        rules, text = self.rules, self.text
        number = float(m.group(1).replace(",", "."))
        unit = m.group(2).lower()
        km = round(number * rules.units.get(unit, 1.0), 1)
        speaker, said_from = self._speaker(sentence, m.start(), m.end())
        modality = self._modality(sentence, m.start(), speaker)
        if modality is None:
            return None
        antecedent = self._antecedent(index)
        # what the distance is measured from
        target: tuple[str, str] | None = None
        front = rules.front.match(text, m.end(), sentence.end)
        if front is None:
            target = self._target(sentence, m.end())
            if target is None:
                if rules.skip_after.match(text, m.end(), sentence.end):
                    return None
                if antecedent is None or antecedent.place is None:
                    return None
                target = (antecedent.place, antecedent.place_name or antecedent.place)
        # what is that far away
        subject = self._apposed_place(sentence, m.start())
        if subject is None:
            subject = self._distance_subject(sentence, said_from, m.start(), speaker, antecedent)
        if front is not None:
            if subject is None or not subject[0].startswith(_PLACE_PREFIXES):
                return None  # "N km from the front" needs the place it is said of
            target, subject = subject, (FRONT, "the front")
        if subject is None or target is None or subject[0] == target[0]:
            return None
        return Claim(
            kind=ClaimKind.DISTANCE, subject=subject[0], subject_name=subject[1],
            place=target[0], place_name=target[1], value=f"{_number(km)} km", km=km,
            day=self._day(sentence), said_by=speaker.actor if speaker else None,
            said_by_name=speaker.name if speaker else None, modality=modality,
            start=m.start(), end=m.end(), source=self._source(sentence),
        )

    def _target(self, sentence: Sentence, pos: int) -> tuple[str, str] | None:
        cue = self.rules.target.match(self.text, pos, sentence.end)
        if cue is None:
            return None
        if self.rules.capital.match(self.text, cue.end(), sentence.end):
            capital = self.theater.capital
            named = [p for p in self.places if p.id == capital]
            return capital, named[0].text if named else capital
        high = cue.end() + self.rules.target_gap
        found = [p for p in self.places if cue.end() <= p.start <= high and p.end <= sentence.end]
        return (found[0].id, found[0].text) if found else None

    def _apposed_place(self, sentence: Sentence, pos: int) -> tuple[str, str] | None:
        low = max(sentence.start, pos - self.rules.apposition_gap)
        found = [p for p in self.places if low <= p.start and p.end <= pos]
        if not found:
            return None
        place = found[-1]
        if self.rules.apposition.match(self.text[place.end:pos]) is None:
            return None
        return place.id, place.text

    def _distance_subject(self, sentence: Sentence, said_from: int, pos: int,
                          speaker: _Speaker | None, antecedent: Claim | None
                          ) -> tuple[str, str] | None:
        start = max(said_from, self._clause_start(sentence, pos))
        named = [a for a in self.actors if start <= a.start and a.end <= pos
                 and (speaker is None or a.id != speaker.actor)]
        if named:
            return named[-1].id, self._actor_name(named[-1].id, named[-1].text)
        between = self.text[start:pos]
        previous = None
        if antecedent is not None and not antecedent.subject.startswith(_PLACE_PREFIXES):
            previous = (antecedent.subject, antecedent.subject_name)
        if self.rules.other_ref.search(between):
            return previous
        if self.rules.self_ref.search(between):
            if speaker is not None and speaker.actor is not None:
                actor = self.theater.actors.get(speaker.actor)
                if actor is not None and actor.type.value in self.rules.fighting_types:
                    return speaker.actor, actor.name
            return previous
        return None

    # ----------------------------------------------------------------- categories

    def _categories(self, sentence: Sentence) -> None:
        for category in self.rules.categories:
            for m in category.regex.finditer(self.text, sentence.start, sentence.end):
                claim = self._category(sentence, category, m)
                if claim is not None:
                    self.claims.append(claim)

    def _category(self, sentence: Sentence, category: Category, m: Match[str]) -> Claim | None:
        speaker, said_from = self._speaker(sentence, m.start(), m.end())
        modality = self._modality(sentence, m.start(), speaker)
        if modality is None:
            return None
        subject = self._conduct_subject(sentence, said_from, m)
        if subject is None:
            return None
        return Claim(
            kind=ClaimKind.CONDUCT, subject=subject[0], subject_name=subject[1],
            value=" ".join(m.group(0).lower().split()), category=category.name, day=self._day(sentence),
            said_by=speaker.actor if speaker else None,
            said_by_name=speaker.name if speaker else None, modality=modality,
            start=m.start(), end=m.end(), source=self._source(sentence),
        )

    def _conduct_subject(self, sentence: Sentence, said_from: int, m: Match[str]
                         ) -> tuple[str, str] | None:
        """The place in the clause of the phrase (before it, else after), the place last
        named for "the city", the nearest place of the sentence, else the actor before the
        phrase in its clause."""
        start = max(said_from, self._clause_start(sentence, m.start()))
        end = sentence.end
        for brk in self.rules.clause_break.finditer(self.text, m.end(), sentence.end):
            end = brk.start()
            break
        before = [p for p in self.places if start <= p.start and p.end <= m.start()]
        if before:
            return before[-1].id, before[-1].text
        if self.rules.place_ref.search(self.text, start, m.start()):
            earlier = [p for p in self.places if p.end <= start]
            if earlier:
                return earlier[-1].id, earlier[-1].text
        after = [p for p in self.places if m.end() <= p.start and p.end <= end]
        if after:
            return after[0].id, after[0].text
        inside = [p for p in self.places if sentence.start <= p.start and p.end <= sentence.end]
        if inside:
            near = min(inside, key=lambda p: min(abs(p.end - m.start()), abs(p.start - m.end())))
            return near.id, near.text
        actors = [a for a in self.actors if start <= a.start and a.end <= m.start()]
        if actors:
            return actors[-1].id, self._actor_name(actors[-1].id, actors[-1].text)
        return None


def _number(km: float) -> str:
    return f"{km:g}"


def find_claims(
    document: Document,
    mentions: Sequence[Mention],
    *,
    theater: Theater,
    rules: ClaimRules | None = None,
) -> list[Claim]:
    """The distance and category claims of one document, in text order.

    Args:
        document: a cleaned document; claims quote its sentences.
        mentions: its actor and place mentions (the store's, or the mention stage's).
        theater: the pack: actor types decide whom "they" stands for; its capital is "the
            capital".
        rules: the claim rules (default: the bundled ``rules/claims.toml``).
    """
    reader = _Reader(document, mentions, theater, rules or default_claim_rules())
    claims = reader.read()
    log.debug("%s: %d claims", document.doc_id, len(claims))
    return sorted(claims, key=lambda c: (c.start, c.end, c.kind.value))
