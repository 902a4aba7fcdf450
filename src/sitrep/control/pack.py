"""The control facts a theater pack may add to ``theater.toml`` under ``[control]``.

```toml
[control]
capitals = { syria-gov = "gn:170654", hts = "gn:169389" }   # each actor's seat
corridors = [{ from = "gn:170654", to = "gn:173576", actor = "syria-gov" }]  # key pairs
```

Both are optional. Without ``capitals`` the actor whose ``country`` is the theater's country
has the theater's capital; others have none. Without ``corridors`` the report lists none.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.control.timeline import ControlError
from sitrep.errors import TheaterError
from sitrep.theater import Theater


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCorridor:
    origin: str
    dest: str
    actor: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlFacts:
    capitals: dict[str, str]
    corridors: tuple[KeyCorridor, ...] = ()

    def capital_of(self, actor: str) -> str:
        """The seat of an actor; ControlError when the pack names none."""
        if actor not in self.capitals:
            known = ", ".join(f"{a}={p}" for a, p in sorted(self.capitals.items())) or "none"
            raise ControlError(
                f"no capital known for actor {actor!r} (known: {known}); give --capital or add "
                f"it to [control] capitals in the pack's theater.toml"
            )
        return self.capitals[actor]


def load_control_facts(theater: Theater, folder: str | Path | None = None) -> ControlFacts:
    """Read ``[control]`` from ``folder/theater.toml`` (skipped when folder is None)."""
    capitals = {
        a.id: theater.capital for a in theater.actors.values() if a.country == theater.country
    }
    corridors: list[KeyCorridor] = []
    if folder is not None:
        path = Path(folder) / "theater.toml"
        try:
            with path.open("rb") as fh:
                table: Any = tomllib.load(fh).get("control", {})
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise TheaterError(f"{path}: unreadable: {e}") from e
        if not isinstance(table, dict):
            raise TheaterError(f"{path}: [control] must be a table")
        given = table.get("capitals", {})
        if not isinstance(given, dict) or not all(
            isinstance(v, str) and k in theater.actors for k, v in given.items()
        ):
            raise TheaterError(
                f"{path}: [control] capitals must map actor ids of actors.toml to place ids"
            )
        capitals.update(given)
        for n, row in enumerate(table.get("corridors", []), 1):
            if not (
                isinstance(row, dict)
                and all(isinstance(row.get(k), str) for k in ("from", "to", "actor"))
                and row["actor"] in theater.actors
            ):
                raise TheaterError(
                    f"{path}: [control] corridor #{n} needs string 'from', 'to' and a known 'actor'"
                )
            corridors.append(KeyCorridor(origin=row["from"], dest=row["to"], actor=row["actor"]))
    return ControlFacts(capitals=capitals, corridors=tuple(corridors))
