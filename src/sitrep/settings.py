"""Settings: defaults < user file (``sitrep.toml``) < environment (``SITREP_*``), one frozen object."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sitrep.errors import SettingsError


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every tunable of a run. ``workers=0`` means one process per core (at most 2 on small runs)."""

    theater: str = "auto"
    workers: int = 0
    max_bytes: int = 10_000_000
    cache_dir: str = ""
    parallel_threshold: int = 64  # fewer documents than this run in one process
    batch_size: int = 64  # documents per store commit; an interrupted run redoes at most these
    embed: bool = False  # sentence-embedding assist on events (extra ``embed``, sitrep.embed)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _coerce(name: str, value: Any, kind: type) -> Any:
    if kind is bool and isinstance(value, str):  # bool("0") is True: read the word instead
        word = value.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise SettingsError(f"setting {name!r}: {value!r} is not a valid bool (true/false/1/0)")
    try:
        return kind(value)
    except (TypeError, ValueError) as e:
        raise SettingsError(f"setting {name!r}: {value!r} is not a valid {kind.__name__}") from e


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings of a run; ``overrides`` (from the CLI) win over everything."""
    settings = Settings()
    types = {f.name: type(getattr(settings, f.name)) for f in fields(Settings)}
    values: dict[str, Any] = {}
    file = Path(path) if path else Path("sitrep.toml")
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise SettingsError(f"{file}: not valid TOML: {e}") from e
        for key, value in data.get("sitrep", data).items():
            if key not in types:
                raise SettingsError(f"{file}: unknown setting {key!r}; known: {', '.join(types)}")
            values[key] = _coerce(key, value, types[key])
    elif path:
        raise SettingsError(f"{file}: settings file not found")
    for key, kind in types.items():
        env = os.environ.get(f"SITREP_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, env, kind)
    for key, value in overrides.items():
        if value is not None:
            values[key] = _coerce(key, value, types[key])
    return replace(settings, **values)
