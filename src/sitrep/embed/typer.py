"""Event-sentence scoring: how close a sentence is to each outcome's prototype sentences."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from sitrep.embed.errors import EmbedError
from sitrep.embed.model import Encoder, Vectors, default_encoder

PROTOTYPES = "prototypes.toml"


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """One class a sentence can fall in: an event (type, sub-type) or a kind of non-event."""

    event_type: str = ""
    sub_event_type: str = ""
    none: str = ""  # background, prediction, opinion, denial, question, toll

    @property
    def is_event(self) -> bool:
        return not self.none

    @property
    def label(self) -> str:
        return f"{self.event_type} / {self.sub_event_type}" if self.is_event else self.none


@dataclass(frozen=True, slots=True, kw_only=True)
class Margins:
    """Cosine margins, calibrated on the development corpora (DEVELOPERS.md, embedding assist).

    veto: drop an event when its sentence's best non-event class beats its best event class
        by at least this much.
    retype: replace the rules' sub-type when another sub-type beats it by at least this much
        and the sentence gave only one kind of event.

    Every lower pair tried on the development corpora (veto 0.08-0.12, retype 0.1-0.2) lost
    events F1 against the rules alone; these defaults lie above every margin seen on sentences
    that the gold counts as events, so the assist acts only on sentences far from any event.
    """

    veto: float = 0.15
    retype: float = 0.25


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceJudgement:
    """The scores of one sentence: best cosine per outcome, in ``EventTyper.outcomes`` order."""

    scores: tuple[float, ...]
    best_event: int
    best_none: int

    def margin_none(self) -> float:
        """How much the best non-event class beats the best event class (negative: it loses)."""
        return self.scores[self.best_none] - self.scores[self.best_event]


class EventTyper:
    """Prototype sentences per outcome, embedded once; judges sentences against them."""

    def __init__(
        self, outcomes: Sequence[Outcome], prototypes: Sequence[tuple[int, str]], *,
        encoder: Encoder, margins: Margins | None = None,
    ) -> None:
        if not any(o.is_event for o in outcomes) or all(o.is_event for o in outcomes):
            raise EmbedError("prototypes: need at least one event class and one non-event class")
        self.outcomes = tuple(outcomes)
        self.margins = margins or Margins()
        self.encoder = encoder
        self._owner = np.array([index for index, _ in prototypes], dtype=np.int64)
        self._vectors: Vectors | None = None
        self._texts = [text for _, text in prototypes]
        self._index = {(o.event_type, o.sub_event_type): i for i, o in enumerate(outcomes)}

    @classmethod
    def load(
        cls, path: Path | None = None, *, encoder: Encoder | None = None,
        margins: Margins | None = None,
    ) -> EventTyper:
        """Read prototypes from ``path`` (default: the packaged ``prototypes.toml``)."""
        if path is None:
            text = resources.files("sitrep.embed").joinpath(PROTOTYPES).read_text("utf-8")
            where = PROTOTYPES
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise EmbedError(f"{path}: cannot read prototypes: {e.strerror}") from e
            where = str(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise EmbedError(f"{where}: not valid TOML: {e}") from e
        outcomes: list[Outcome] = []
        prototypes: list[tuple[int, str]] = []
        for number, entry in enumerate(data.get("class", []), start=1):
            sentences = entry.get("sentences", [])
            if not sentences or not all(isinstance(s, str) and s for s in sentences):
                raise EmbedError(f"{where}: class {number} has no list of sentences")
            outcome = Outcome(
                event_type=entry.get("event_type", ""),
                sub_event_type=entry.get("sub_event_type", ""),
                none=entry.get("none", ""),
            )
            if outcome.is_event == bool(outcome.none) or (
                outcome.is_event and not (outcome.event_type and outcome.sub_event_type)
            ):
                raise EmbedError(
                    f"{where}: class {number} needs event_type and sub_event_type, or none"
                )
            prototypes.extend((len(outcomes), s) for s in sentences)
            outcomes.append(outcome)
        return cls(outcomes, prototypes, encoder=encoder or default_encoder(), margins=margins)

    def index_of(self, event_type: str, sub_event_type: str) -> int | None:
        """The outcome of an event type and sub-type, if the prototypes have one."""
        return self._index.get((event_type, sub_event_type))

    def _prototype_vectors(self) -> Vectors:
        if self._vectors is None:
            self._vectors = self.encoder.encode(self._texts)
        return self._vectors

    def judge(self, sentences: Sequence[str]) -> list[SentenceJudgement]:
        """Score every sentence against every outcome, in one batch."""
        if not sentences:
            return []
        sims = self.encoder.encode(sentences) @ self._prototype_vectors().T
        best = np.full((len(sentences), len(self.outcomes)), -1.0, dtype=np.float32)
        for outcome in range(len(self.outcomes)):
            best[:, outcome] = sims[:, self._owner == outcome].max(axis=1)
        is_event = np.array([o.is_event for o in self.outcomes])
        events = np.where(is_event, best, -np.inf)
        nones = np.where(is_event, -np.inf, best)
        return [
            SentenceJudgement(
                scores=tuple(float(x) for x in row),
                best_event=int(np.argmax(e)),
                best_none=int(np.argmax(n)),
            )
            for row, e, n in zip(best, events, nones, strict=True)
        ]
