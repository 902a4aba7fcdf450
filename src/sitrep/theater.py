"""A theater pack: the actors, places, baseline control and roads of one war, as data.

A pack is a folder (``src/sitrep/theaters/<name>/`` or any path) holding:

- ``theater.toml``: name, country, capital, start date, bounding box.
- ``actors.toml``: actors with canonical ids, types, aliases, demonyms, generic references.
- ``relations.csv``: known alliances and enmities (priors; never exported without a source).
- ``control.csv``: who holds each main town on the baseline date.
- ``roads.csv``: strategic roads as town-to-town segments.
- ``places.csv``: named features and extra places the gazetteer lacks.
- ``admin1.csv``: first-level divisions with ISO 3166-2 ids and their aliases.
- ``outline.geojson``: the country outline (optional).

Nothing theater-specific lives in code: swap the folder for Sudan or Ukraine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sitrep.models import ActorType


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """An actor with every way reports name it.

    ``aliases`` are names matched case-sensitively unless all lower-case;
    ``demonyms`` are adjectives that stand for the actor ("Russian airstrikes");
    ``generic`` are common-noun references that resolve to it in this theater
    ("the regime", "regime forces", "the rebels").
    """

    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    country: str | None = None  # iso:XX for a state actor
    side: str | None = None  # a coalition label ("government", "opposition") for defaults


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownRelation:
    subject: str
    relation: str
    object: str
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BaselineControl:
    place_id: str
    place_name: str
    actor: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadSegment:
    road: str
    a: str  # place id
    a_name: str
    b: str
    b_name: str
    km: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PackPlace:
    """A place the pack adds to the gazetteer (features, regions, missing villages)."""

    id: str
    name: str
    level: str  # a PlaceLevel value
    lat: float | None
    lon: float | None
    admin1: str | None
    country: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Admin1:
    id: str  # adm1:SY-HL
    name: str
    geonames_code: str  # the admin1 code geonames uses for the country ("09")
    capital: str | None  # gn: id of its capital
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Theater:
    name: str
    country: str  # iso:SY
    capital: str  # gn:170654
    start: date  # the baseline date
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    actors: dict[str, Actor] = field(default_factory=dict)
    relations: tuple[KnownRelation, ...] = ()
    baseline: tuple[BaselineControl, ...] = ()
    roads: tuple[RoadSegment, ...] = ()
    places: tuple[PackPlace, ...] = ()
    admin1: tuple[Admin1, ...] = ()
    outline: dict | None = None  # GeoJSON geometry of the country
    neighbours: tuple[str, ...] = ()  # iso:XX of nearby countries, preferred in geoparsing
