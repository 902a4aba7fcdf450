"""What the extractors know about a document: sentences, mentions, dates, and the theater."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from sitrep.geo.gazetteer import Gazetteer
from sitrep.models import ActorType, Document, Mention, MentionKind, Place, Sentence
from sitrep.temporal import DateExpr
from sitrep.theater import Theater

PRONOUNS_PLURAL = ("they", "them", "their")
PRONOUNS_SINGULAR = ("it", "its")


@dataclass(slots=True)
class DocContext:
    """One document prepared for extraction; offsets are into ``document.text``."""

    document: Document
    sentences: list[Sentence]
    mentions: list[Mention]
    dates: list[DateExpr]
    theater: Theater
    gazetteer: Gazetteer
    reference: date | None = None  # the date relative expressions count from, if not published
    _mention_starts: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self.dates.sort(key=lambda d: d.start)
        self._mention_starts = [m.start for m in self.mentions]
        self._date_starts = [d.start for d in self.dates]

    @property
    def published(self) -> date | None:
        """The publication date, or the date guessed from the text when it is unknown."""
        return self.document.published or self.reference

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def dates_in(self, start: int, end: int) -> list[DateExpr]:
        lo = bisect.bisect_left(self._date_starts, start)
        hi = bisect.bisect_left(self._date_starts, end)
        return [d for d in self.dates[lo:hi] if d.end <= end]

    def place(self, mention: Mention) -> Place | None:
        return self.gazetteer.get(mention.id)

    def actor_type(self, actor_id: str) -> ActorType | None:
        actor = self.theater.actors.get(actor_id)
        return actor.type if actor else None


def organisation_of(theater: Theater, person_id: str) -> str | None:
    """The organisation a person leads, from the pack's known relations."""
    for rel in theater.relations:
        if rel.subject == person_id and rel.relation == "leads":
            return rel.object
    return None


def affiliation_of(theater: Theater, person_id: str) -> str | None:
    """The body a person serves (``member_of``), from the pack's known relations."""
    for rel in theater.relations:
        if rel.subject == person_id and rel.relation == "member_of":
            return rel.object
    return None


def actor_ids(mentions: list[Mention]) -> list[Mention]:
    """Actor and person mentions only."""
    return [m for m in mentions if m.kind is not MentionKind.PLACE]
