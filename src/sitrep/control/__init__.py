"""Who holds what on any day: the control timeline, corridors, cut-offs and territory."""

from sitrep.control.pack import ControlFacts, KeyCorridor, load_control_facts
from sitrep.control.places import resolve_place
from sitrep.control.roads import (
    Corridor,
    CutOff,
    FrontDistance,
    Link,
    RoadGraph,
    find_corridor,
    find_cut_off,
    find_front,
    haversine_km,
)
from sitrep.control.territory import estimate_territory
from sitrep.control.timeline import (
    ControlError,
    ControlState,
    ControlTimeline,
    Fighting,
    Handover,
    Report,
    Town,
    TownControl,
)

__all__ = [
    "ControlError",
    "ControlFacts",
    "ControlState",
    "ControlTimeline",
    "Corridor",
    "CutOff",
    "Fighting",
    "FrontDistance",
    "Handover",
    "KeyCorridor",
    "Link",
    "Report",
    "RoadGraph",
    "Town",
    "TownControl",
    "estimate_territory",
    "find_corridor",
    "find_cut_off",
    "find_front",
    "haversine_km",
    "load_control_facts",
    "resolve_place",
]
