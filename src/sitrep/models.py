"""The records that flow through the pipeline.

Every annotation is stand-off: a span with ``start``/``end`` character offsets into the
cleaned text of one document (``Document.text``), as in spaCy. Every fact sitrep outputs
(event, control change, relation) carries the sources it rests on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum

# a feature named as an area ("the Shahba region", "the Hawran plain")
REGION_NAME = re.compile(r"\b(?:region|area|pocket|enclave|district|plain)\b", re.IGNORECASE)
_MISSION = re.compile(r"\b(?:embassy|embassies|consulate|consulates|legation)\b", re.IGNORECASE)


class MentionKind(StrEnum):
    """What a mention names."""

    ACTOR = "actor"
    PERSON = "person"
    PLACE = "place"


class PlaceLevel(StrEnum):
    """How big a place is; decides the id prefix and the geo precision."""

    SETTLEMENT = "settlement"  # gn:<geonameid>
    ADMIN1 = "admin1"  # adm1:<ISO 3166-2>
    COUNTRY = "country"  # iso:<ISO 3166-1 alpha-2>
    FEATURE = "feature"  # feat:<slug>: bridges, roads, bases, regions


class ActorType(StrEnum):
    STATE = "state"
    REBEL = "rebel"
    MILITIA = "militia"
    PERSON = "person"
    MONITOR = "monitor"
    CIVILIANS = "civilians"
    OTHER = "other"


class Modality(StrEnum):
    """Whether the text states a fact or attributes it to a party."""

    ASSERTED = "asserted"
    CLAIMED = "claimed"


class RelationType(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    ALLIED_WITH = "allied_with"
    LEADS = "leads"
    MEMBER_OF = "member_of"
    DESIGNATES_TERRORIST = "designates_terrorist"


class TimePrecision(IntEnum):
    """ACLED's time precision: 1 day known, 2 within about a week, 3 month only."""

    DAY = 1
    WEEK = 2
    MONTH = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class DroppedSpan:
    """A span of the raw text that cleaning removed, and why."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One input document as read from disk, before cleaning."""

    doc_id: str
    raw: str
    source_path: str
    url: str | None = None
    published: date | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    html: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A cleaned document: ``text`` is ``raw`` with the ``dropped`` spans removed."""

    doc_id: str
    raw: str
    text: str
    dropped: tuple[DroppedSpan, ...] = ()
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: str = "none"  # "meta", "text", "html" or "none"
    language: str = "en"
    url: str | None = None
    source_path: str = ""

    def raw_offset(self, offset: int) -> int:
        """Map an offset of the cleaned text back to the raw text."""
        shift = 0
        for span in self.dropped:  # dropped is sorted by start
            if span.start - shift <= offset:
                shift += span.end - span.start
            else:
                break
        return offset + shift


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence (or headline, bullet, caption) of a document's cleaned text."""

    start: int
    end: int
    text: str
    paragraph: int
    is_heading: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A resolved place with the ids of the exchange format."""

    id: str  # gn:170063, adm1:SY-HL, iso:SY, feat:m5-highway
    name: str
    level: PlaceLevel
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None  # adm1:SY-HL
    country: str | None = None  # iso:SY
    population: int = 0

    @property
    def geo_precision(self) -> int:
        """ACLED geo precision of an event placed here."""
        if self.level is PlaceLevel.SETTLEMENT or self.level is PlaceLevel.FEATURE:
            return 1
        return 3

    @property
    def changes_hands(self) -> bool:
        """Whether control of this place can pass from side to side: a settlement, a province
        or a country; a base, a crossing or a summit (a feature with a point); a named region
        ("the Shahba region"). A river or a road does not, nor does a foreign mission (a mob
        storming an embassy takes no ground)."""
        if self.level is not PlaceLevel.FEATURE:
            return True
        if _MISSION.search(self.name):
            return False
        return self.lat is not None or REGION_NAME.search(self.name) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A resolved actor, person or place mention; ``text == doc.text[start:end]``."""

    doc_id: str
    start: int
    end: int
    text: str
    kind: MentionKind
    id: str
    producer: str = "rules"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeSpan:
    """A resolved date: ``day`` is the best single day, inside ``earliest..latest``."""

    day: date
    earliest: date
    latest: date
    precision: TimePrecision
    text: str = ""  # the expression it was read from; "" when defaulted

    @classmethod
    def exact(cls, day: date, *, text: str = "") -> TimeSpan:
        return cls(day=day, earliest=day, latest=day, precision=TimePrecision.DAY, text=text)


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class SourceRef:
    """A quote that supports a fact: offsets into the cleaned text of ``doc_id``."""

    doc_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """An event in ACLED's taxonomy (plus ``Displacement``)."""

    event_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None = None
    assoc_actors: tuple[str, ...] = ()
    place: Place | None = None
    geo_precision: int = 1
    time: TimeSpan | None = None
    fatalities: int | None = None
    modality: Modality = Modality.ASSERTED
    claimed_by: str | None = None
    sources: tuple[SourceRef, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlChange:
    """A place changing hands: a capture, fall, withdrawal or hand-over."""

    change_id: str
    place: Place
    to_actor: str
    from_actor: str | None = None
    time: TimeSpan | None = None
    modality: Modality = Modality.ASSERTED
    claimed_by: str | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """A stated relation between two actors."""

    subject: str
    relation: RelationType
    object: str
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """A document that could not be processed, and why."""

    path: str
    reason: str
    doc_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocResult:
    """Everything the per-document stages produce for one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    control: tuple[ControlChange, ...] = ()
    relations: tuple[Relation, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
