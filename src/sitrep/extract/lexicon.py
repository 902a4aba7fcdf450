"""The extraction rules, loaded from ``rules/*.toml`` into compiled patterns."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from re import Pattern
from typing import Any

from sitrep.errors import SettingsError
from sitrep.textscan import PatternSet


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    """A pattern that signals an event of one ACLED type."""

    name: str
    regex: Pattern[str]
    event_type: str
    sub_event_type: str
    control: str | None = None  # "capture" or "withdraw"
    place: str = "optional"  # "required" or "optional"
    place_side: str = "any"  # where the place stands: "after" the trigger, "before" it, or "any"
    agent: str | None = None
    target: str | None = None
    precision: int = 1
    carry_agent: bool = False  # with no actor named, the one the report was talking about acts
    place_default: str = "country"  # with no place named: the theater's "country" or the "agent"'s
    requires: Pattern[str] | None = None  # the trigger counts only in a sentence this matches
    event: bool = True  # False: a state the report describes moves the control line only


@dataclass(frozen=True, slots=True, kw_only=True)
class RelationCue:
    """A pattern between two actor mentions that states a relation."""

    relation: str
    regex: Pattern[str]
    direction: str  # "forward": left is subject; "backward": right is subject
    max_gap: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    hypothetical: Pattern[str]
    hypothetical_window: int
    negation: Pattern[str]
    negation_window: int
    infinitive: Pattern[str]
    infinitive_allow: Pattern[str]
    historical: Pattern[str]
    attribution: Pattern[str]
    hedge: Pattern[str]
    clause_break: Pattern[str]
    relation_cues: tuple[RelationCue, ...]
    fatality_words: dict[str, int]
    trigger_scan: PatternSet  # the triggers' patterns, scanned together
    cue_scan: PatternSet  # the relation cues' patterns, scanned together


def _read(name: str) -> dict[str, Any]:
    path = resources.files("sitrep") / "rules" / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as e:
        raise SettingsError(f"rules/{name}: cannot be read: {e}") from e


def _compile(pattern: str, where: str) -> Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as e:
        raise SettingsError(f"{where}: bad pattern: {e}") from e


@cache
def default_lexicon() -> Lexicon:
    """Load the bundled rules once per process."""
    events = _read("events.toml")
    modality = _read("modality.toml")
    relations = _read("relations.toml")
    triggers = tuple(
        Trigger(
            name=t["name"],
            regex=_compile(t["pattern"], f"rules/events.toml [{t['name']}]"),
            event_type=t["event_type"],
            sub_event_type=t["sub_event_type"],
            control=t.get("control"),
            place=t.get("place", "optional"),
            place_side=t.get("place_side", "any"),
            agent=t.get("agent"),
            target=t.get("target"),
            precision=int(t.get("precision", 1)),
            carry_agent=bool(t.get("carry_agent", False)),
            place_default=t.get("place_default", "country"),
            event=bool(t.get("event", True)),
            requires=(
                _compile(t["requires"], f"rules/events.toml [{t['name']}] requires")
                if "requires" in t else None
            ),
        )
        for t in events["trigger"]
    )
    cues = tuple(
        RelationCue(
            relation=c["relation"],
            regex=_compile(c["pattern"], f"rules/relations.toml [{c['relation']}]"),
            direction=c.get("direction", "forward"),
            max_gap=int(c.get("max_gap", 80)),
        )
        for c in relations["cue"]
    )

    def m(key: str, field: str = "pattern") -> Pattern[str]:
        return _compile(modality[key][field], f"rules/modality.toml [{key}]")

    return Lexicon(
        triggers=triggers,
        hypothetical=m("hypothetical"),
        hypothetical_window=int(modality["hypothetical"]["window"]),
        negation=m("negation"),
        negation_window=int(modality["negation"]["window"]),
        infinitive=m("infinitive"),
        infinitive_allow=m("infinitive", "allow"),
        historical=m("historical"),
        attribution=m("attribution"),
        hedge=m("hedge"),
        clause_break=m("clause_break"),
        relation_cues=cues,
        fatality_words={k: int(v) for k, v in events.get("fatality_words", {}).items()},
        trigger_scan=PatternSet([t.regex for t in triggers]),
        cue_scan=PatternSet([c.regex for c in cues]),
    )
