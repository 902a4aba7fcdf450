"""GeoNames country dumps: reading, validating and the registry of dumps every run uses.

A dump is the tab-separated format of ``download.geonames.org/export/dump`` (``SY.txt``):
geonameid, name, asciiname, alternatenames, latitude, longitude, feature class, feature
code, country code, cc2, admin1..admin4, population, elevation, dem, timezone, modified.

``register_dump`` validates a dump, keeps the rows the gazetteer uses (see
:class:`FeatureFilter`) and writes them under ``<cache>/geonames/``; ``Gazetteer.build``
reads every registered dump unless told otherwise. A bad row is reported (file and line)
and skipped; the rest still loads.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import GazetteerError

log = logging.getLogger(__name__)

_RULES = Path(__file__).resolve().parent.parent / "rules" / "mentions.toml"
_MIN_FIELDS = 15
_SUFFIX = ".txt"


def cache_dir() -> Path:
    """Where built gazetteers and registered dumps live: ``$SITREP_CACHE`` or ~/.cache/sitrep."""
    env = os.environ.get("SITREP_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "sitrep"


def dumps_dir(base: Path | None = None) -> Path:
    """The folder of registered dumps under a cache folder."""
    return (base or cache_dir()) / "geonames"


@dataclass(frozen=True, slots=True, kw_only=True)
class DumpRow:
    """One valid row of a GeoNames dump."""

    geonameid: str
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int
    line: str  # the row as read, without its line break


@dataclass(frozen=True, slots=True, kw_only=True)
class DumpProblem:
    """A row that could not be read; ``str()`` is the one-line message."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FeatureFilter:
    """Which rows a gazetteer keeps: whole feature classes ("P") and class.code pairs."""

    classes: frozenset[str]
    codes: frozenset[str]  # "A.ADM1", "S.AIRB", ...

    @classmethod
    def load(cls, path: Path = _RULES) -> FeatureFilter:
        """The filter of ``[gazetteer] dump_features`` in the rules file."""
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh).get("gazetteer", {})
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise GazetteerError(f"{path}: cannot read gazetteer rules: {e}") from e
        items = [str(x) for x in data.get("dump_features", ["P", "A.ADM1"])]
        return cls(
            classes=frozenset(i for i in items if "." not in i),
            codes=frozenset(i for i in items if "." in i),
        )

    def keeps(self, feature_class: str, feature_code: str) -> bool:
        return feature_class in self.classes or f"{feature_class}.{feature_code}" in self.codes


def _parse(path: Path, n: int, line: str) -> DumpRow | DumpProblem:
    row = line.split("\t")
    if len(row) < _MIN_FIELDS:
        return DumpProblem(
            path=path, line=n, reason=f"{len(row)} fields, a GeoNames dump line has 19"
        )
    if not row[0].isdigit():
        return DumpProblem(path=path, line=n, reason=f"geonameid {row[0]!r} is not a number")
    if not row[1].strip():
        return DumpProblem(path=path, line=n, reason="empty name")
    try:
        lat, lon = float(row[4]), float(row[5])
        population = int(row[14] or 0)
    except ValueError as e:
        return DumpProblem(path=path, line=n, reason=f"bad number: {e}")
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return DumpProblem(path=path, line=n, reason=f"coordinates {lat},{lon} out of range")
    if len(row[6]) != 1 or len(row[8]) != 2:
        return DumpProblem(
            path=path,
            line=n,
            reason=f"feature class {row[6]!r} / country {row[8]!r}: expected 1 and 2 letters",
        )
    return DumpRow(
        geonameid=row[0],
        name=row[1].strip(),
        asciiname=row[2].strip(),
        alternates=tuple(a for a in row[3].split(",") if a),
        lat=lat,
        lon=lon,
        feature_class=row[6],
        feature_code=row[7],
        country=row[8].upper(),
        admin1=row[10],
        population=population,
        line=line,
    )


def read_dump(
    path: Path,
    *,
    keep: FeatureFilter | None = None,
    on_problem: Callable[[DumpProblem], None] | None = None,
) -> Iterator[DumpRow]:
    """Valid rows of a dump (those ``keep`` keeps); bad rows go to ``on_problem`` and are skipped.

    Raises:
        GazetteerError: the file cannot be opened or is not UTF-8 text.
    """
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as e:
        raise GazetteerError(f"{path}: cannot open GeoNames dump: {e.strerror or e}") from e
    with fh:
        try:
            for n, raw in enumerate(fh, 1):
                line = raw.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                if keep is not None:
                    # cheap pre-filter on the class and code before parsing numbers
                    parts = line.split("\t", 8)
                    if len(parts) > 7 and not keep.keeps(parts[6], parts[7]):
                        continue
                parsed = _parse(path, n, line)
                if isinstance(parsed, DumpProblem):
                    if on_problem is not None:
                        on_problem(parsed)
                    continue
                yield parsed
        except UnicodeDecodeError as e:
            raise GazetteerError(f"{path}: not UTF-8 text (a GeoNames dump is): {e}") from e


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisteredDump:
    """A dump in the registry: its name, stored copy and row count."""

    name: str
    path: Path
    rows: int


def register_dump(
    path: Path,
    *,
    base: Path | None = None,
    keep: FeatureFilter | None = None,
    on_problem: Callable[[DumpProblem], None] | None = None,
) -> RegisteredDump:
    """Validate a dump and store the rows a gazetteer uses; later builds read it.

    A dump of the same file name replaces the one registered before. Built gazetteers
    in the cache are dropped, so the next run rebuilds with the dump.

    Raises:
        GazetteerError: the file is unreadable or has no usable row.
    """
    keep = keep or FeatureFilter.load()
    folder = dumps_dir(base)
    name = path.name if path.name.endswith(_SUFFIX) else f"{path.name}{_SUFFIX}"
    target = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    count = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            for row in read_dump(path, keep=keep, on_problem=on_problem):
                out.write(row.line + "\n")
                count += 1
        if count == 0:
            raise GazetteerError(
                f"{path}: no usable row (populated places, first-level divisions or "
                "named features of a GeoNames dump); nothing registered"
            )
        os.replace(tmp, target)
    except OSError as e:
        raise GazetteerError(f"{target}: cannot store the dump: {e.strerror or e}") from e
    finally:
        tmp.unlink(missing_ok=True)
    drop_built(base)
    log.info("registered %s: %d rows from %s", target, count, path)
    return RegisteredDump(name=name, path=target, rows=count)


def registered_dumps(base: Path | None = None) -> list[RegisteredDump]:
    """The registered dumps, by name."""
    folder = dumps_dir(base)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob(f"*{_SUFFIX}")):
        with path.open("rb") as fh:
            rows = sum(1 for _ in fh)
        out.append(RegisteredDump(name=path.name, path=path, rows=rows))
    return out


def registered_paths(base: Path | None = None) -> list[Path]:
    """Paths of the registered dumps, by name (no row count: cheap)."""
    folder = dumps_dir(base)
    return sorted(folder.glob(f"*{_SUFFIX}")) if folder.is_dir() else []


def remove_dump(name: str, *, base: Path | None = None) -> Path:
    """Unregister a dump by its name (``SY.txt`` or ``SY``); returns the removed path.

    Raises:
        GazetteerError: no dump of that name is registered.
    """
    folder = dumps_dir(base)
    file = name if name.endswith(_SUFFIX) else f"{name}{_SUFFIX}"
    target = folder / Path(file).name
    if not target.is_file():
        known = ", ".join(p.name for p in registered_paths(base)) or "none"
        raise GazetteerError(f"{name}: no such registered dump (registered: {known})")
    target.unlink()
    drop_built(base)
    return target


def drop_built(base: Path | None = None) -> int:
    """Delete the built gazetteers of the cache folder; returns how many were dropped."""
    folder = base or cache_dir()
    dropped = 0
    for path in folder.glob("gazetteer-*.pickle"):
        try:
            path.unlink()
            dropped += 1
        except OSError as e:
            log.warning("could not drop the built gazetteer %s: %s", path, e)
    return dropped
