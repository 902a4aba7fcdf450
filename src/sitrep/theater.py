"""A theater pack: the actors, places, baseline control and roads of one war, as data.

A pack is a folder (``src/sitrep/theaters/<name>/`` or any path) holding:

- ``theater.toml``: name, country, capital, start date, bounding box, and optionally
  ``air_force``: the actor whose warplanes reports leave unnamed.
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

import csv
import json
import logging
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import TheaterError
from sitrep.models import ActorType, PlaceLevel, RelationType

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """An actor with every way reports name it.

    ``aliases`` are names matched case-sensitively unless all lower-case;
    ``demonyms`` are adjectives that stand for the actor ("Russian airstrikes");
    ``generic`` are common-noun references that resolve to it in this theater
    ("the regime", "regime forces", "the rebels");
    ``regions`` are the ``adm1:`` divisions where the theater's common nouns for the actor's
    side ("the rebels", "the factions") mean this actor: southern rebels in the south;
    ``voice`` are names only the actor's enemies use ("PKK/YPG"): a report that uses one
    speaks in their voice, and its ``borrowed`` nouns ("the terrorists") mean this actor there.
    """

    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    country: str | None = None  # iso:XX for a state actor
    side: str | None = None  # a coalition label ("government", "opposition") for defaults
    regions: tuple[str, ...] = ()  # adm1:XX-YY where the side's generic nouns mean this actor
    voice: tuple[str, ...] = ()  # names that mark a report as written in the enemy's voice
    borrowed: tuple[str, ...] = ()  # other actors' generic nouns that mean this one there


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
    air_force: str | None = None  # whose warplanes a report leaves unnamed ("warplanes struck")

    def generic_side(self, noun: str) -> str | None:
        """The side of the actor a common noun ("rebels") means in this theater."""
        actor = self.generic_actor(noun)
        return self.actors[actor].side if actor is not None else None

    def generic_actor(self, noun: str) -> str | None:
        """The actor with a side that a common noun ("opposition fighters") means here."""
        noun = " ".join(noun.lower().split())
        for actor in self.actors.values():
            if actor.side is not None and noun in (g.lower() for g in actor.generic):
                return actor.id
        return None

    def regional_actor(self, admin1: str | None, side: str | None = None) -> str | None:
        """The actor the common nouns of ``side`` (any side when None) mean in ``admin1``."""
        if admin1 is None:
            return None
        for actor in self.actors.values():
            if admin1 in actor.regions and (side is None or actor.side == side):
                return actor.id
        return None


# --------------------------------------------------------------------------- loading

_PACKS = Path(__file__).resolve().parent / "theaters"
_ID_PREFIXES = ("gn:", "adm1:", "iso:", "feat:")


def available_theaters() -> list[str]:
    """Names of the theater packs shipped with sitrep."""
    if not _PACKS.is_dir():
        return []
    return sorted(p.name for p in _PACKS.iterdir() if (p / "theater.toml").is_file())


def theater_dir(name_or_path: str | Path) -> Path:
    """The folder of a pack given its name ("syria") or a path to it."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    packed = _PACKS / str(name_or_path)
    if packed.is_dir():
        return packed
    known = ", ".join(available_theaters()) or "none"
    raise TheaterError(f"unknown theater {name_or_path!r}: give a pack folder or one of {known}")


def load_theater(name_or_path: str | Path) -> Theater:
    """Read and check a theater pack; raise TheaterError naming the file and line at fault."""
    folder = theater_dir(name_or_path)
    head = _read_toml(folder / "theater.toml")
    where = str(folder / "theater.toml")
    actors = _load_actors(folder / "actors.toml")
    admin1 = tuple(_load_admin1(folder / "admin1.csv"))
    theater = Theater(
        name=_text(head, "name", where),
        country=_prefixed(_text(head, "country", where), ("iso:",), where),
        capital=_prefixed(_text(head, "capital", where), ("gn:",), where),
        start=_date(head.get("start"), where),
        bbox=_bbox(head.get("bbox"), where),
        neighbours=tuple(
            _prefixed(str(n), ("iso:",), where) for n in _list(head, "neighbours", where)
        ),
        actors=actors,
        relations=tuple(_load_relations(folder / "relations.csv", actors)),
        baseline=tuple(_load_control(folder / "control.csv", actors)),
        roads=tuple(_load_roads(folder / "roads.csv")),
        places=tuple(_load_places(folder / "places.csv")),
        admin1=admin1,
        outline=_load_outline(folder / "outline.geojson"),
        air_force=(
            _known_actor(str(head["air_force"]), actors, f"{where}: air_force")
            if "air_force" in head else None
        ),
    )
    log.debug("loaded theater %s: %d actors", theater.name, len(actors))
    return theater


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as e:
        raise TheaterError(f"{path}: missing; every theater pack needs it") from e
    except tomllib.TOMLDecodeError as e:
        raise TheaterError(f"{path}: invalid TOML: {e}") from e


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TheaterError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _list(table: dict[str, Any], key: str, where: str) -> list[Any]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise TheaterError(f"{where}: {key!r} must be a list")
    return value


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    items = _list(table, key, where)
    if not all(isinstance(v, str) and v.strip() for v in items):
        raise TheaterError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in items)


def _prefixed(value: str, prefixes: tuple[str, ...], where: str) -> str:
    if not value.startswith(prefixes) or len(value) <= len(value.split(":", 1)[0]) + 1:
        raise TheaterError(f"{where}: id {value!r} must start with one of {', '.join(prefixes)}")
    return value


def _date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise TheaterError(f"{where}: 'start' must be a date such as 2024-11-26, not {value!r}")


def _bbox(value: Any, where: str) -> tuple[float, float, float, float]:
    if (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        w, s, e, n = (float(v) for v in value)
        if -180 <= w < e <= 180 and -90 <= s < n <= 90:
            return (w, s, e, n)
    raise TheaterError(f"{where}: 'bbox' must be [min lon, min lat, max lon, max lat]")


def _load_actors(path: Path) -> dict[str, Actor]:
    data = _read_toml(path)
    actors: dict[str, Actor] = {}
    for n, table in enumerate(_list(data, "actor", str(path)), 1):
        where = f"{path}: actor #{n}"
        if not isinstance(table, dict):
            raise TheaterError(f"{where}: must be an [[actor]] table")
        ident = _text(table, "id", where)
        where = f"{path}: actor {ident!r}"
        if ident in actors:
            raise TheaterError(f"{where}: duplicate id")
        try:
            kind = ActorType(_text(table, "type", where))
        except ValueError as e:
            allowed = ", ".join(t.value for t in ActorType)
            raise TheaterError(f"{where}: type must be one of {allowed}") from e
        country = table.get("country")
        if country is not None:
            country = _prefixed(str(country), ("iso:",), where)
        side = table.get("side")
        regions = tuple(_prefixed(r, ("adm1:",), where) for r in _strings(table, "regions", where))
        if regions and side is None:
            raise TheaterError(f"{where}: regions need a side (whose common nouns they take)")
        voice, borrowed = _strings(table, "voice", where), _strings(table, "borrowed", where)
        if bool(voice) != bool(borrowed):
            raise TheaterError(f"{where}: 'voice' and 'borrowed' go together")
        actors[ident] = Actor(
            id=ident,
            name=_text(table, "name", where),
            type=kind,
            aliases=_strings(table, "aliases", where),
            demonyms=_strings(table, "demonyms", where),
            generic=_strings(table, "generic", where),
            country=country,
            side=str(side) if side is not None else None,
            regions=regions,
            voice=voice,
            borrowed=borrowed,
        )
    return actors


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield (``file:line`` label, row) for each data row; check the header."""
    try:
        fh = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as e:
        raise TheaterError(f"{path}: missing; every theater pack needs it") from e
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise TheaterError(f"{path}:1: header lacks column(s) {', '.join(missing)}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row or any(v is None for v in row.values()):
                raise TheaterError(f"{where}: wrong number of fields")
            yield where, {k: v.strip() for k, v in row.items() if k is not None}


def _float(value: str, where: str, column: str) -> float:
    try:
        return float(value)
    except ValueError as e:
        raise TheaterError(f"{where}: {column} {value!r} is not a number") from e


def _opt_float(value: str, where: str, column: str) -> float | None:
    return None if value == "" else _float(value, where, column)


def _known_actor(ident: str, actors: dict[str, Actor], where: str) -> str:
    if ident not in actors:
        raise TheaterError(f"{where}: actor {ident!r} is not in actors.toml")
    return ident


def _load_relations(path: Path, actors: dict[str, Actor]) -> Iterator[KnownRelation]:
    allowed = {r.value for r in RelationType}
    for where, row in _rows(path, ("subject", "relation", "object")):
        if row["relation"] not in allowed:
            raise TheaterError(f"{where}: relation {row['relation']!r} not in {sorted(allowed)}")
        yield KnownRelation(
            subject=_known_actor(row["subject"], actors, where),
            relation=row["relation"],
            object=_known_actor(row["object"], actors, where),
            note=row.get("note", ""),
        )


def _load_control(path: Path, actors: dict[str, Actor]) -> Iterator[BaselineControl]:
    for where, row in _rows(path, ("place_id", "place_name", "actor", "lat", "lon")):
        lat, lon = _float(row["lat"], where, "lat"), _float(row["lon"], where, "lon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise TheaterError(f"{where}: coordinates {lat}, {lon} out of range")
        yield BaselineControl(
            place_id=_prefixed(row["place_id"], _ID_PREFIXES, where),
            place_name=row["place_name"],
            actor=_known_actor(row["actor"], actors, where),
            lat=lat,
            lon=lon,
        )


def _load_roads(path: Path) -> Iterator[RoadSegment]:
    for where, row in _rows(path, ("road", "a", "a_name", "b", "b_name", "km")):
        km = _float(row["km"], where, "km")
        if km <= 0:
            raise TheaterError(f"{where}: km must be positive")
        yield RoadSegment(
            road=row["road"],
            a=_prefixed(row["a"], _ID_PREFIXES, where),
            a_name=row["a_name"],
            b=_prefixed(row["b"], _ID_PREFIXES, where),
            b_name=row["b_name"],
            km=km,
        )


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


def _load_places(path: Path) -> Iterator[PackPlace]:
    columns = ("id", "name", "level", "lat", "lon", "admin1", "country", "aliases")
    levels = {lv.value for lv in PlaceLevel}
    for where, row in _rows(path, columns):
        if row["level"] not in levels:
            raise TheaterError(f"{where}: level {row['level']!r} not in {sorted(levels)}")
        yield PackPlace(
            id=_prefixed(row["id"], _ID_PREFIXES, where),
            name=row["name"],
            level=row["level"],
            lat=_opt_float(row["lat"], where, "lat"),
            lon=_opt_float(row["lon"], where, "lon"),
            admin1=_prefixed(row["admin1"], ("adm1:",), where) if row["admin1"] else None,
            country=_prefixed(row["country"], ("iso:",), where) if row["country"] else None,
            aliases=_aliases(row["aliases"]),
        )


def _load_admin1(path: Path) -> Iterator[Admin1]:
    for where, row in _rows(path, ("id", "name", "geonames_code", "capital", "aliases")):
        yield Admin1(
            id=_prefixed(row["id"], ("adm1:",), where),
            name=row["name"],
            geonames_code=row["geonames_code"],
            capital=_prefixed(row["capital"], ("gn:",), where) if row["capital"] else None,
            aliases=_aliases(row["aliases"]),
        )


def _load_outline(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TheaterError(f"{path}: unreadable GeoJSON: {e}") from e
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        data = features[0] if features else None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or "coordinates" not in data:
        raise TheaterError(f"{path}: expected a GeoJSON geometry, Feature or FeatureCollection")
    return data
