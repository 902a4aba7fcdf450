"""Naming towns on the command line: by id (``gn:169577``) or by any alias the gazetteer knows."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from sitrep.control.timeline import ControlError, Town
from sitrep.geo import Gazetteer, normalize_name


def resolve_place(
    name: str,
    towns: Mapping[str, Town],
    *,
    gazetteer: Gazetteer | None = None,
    extra: Collection[str] = (),
) -> str:
    """The id of the town ``name`` stands for, among ``towns`` and the ``extra`` node ids.

    Raises:
        ControlError: the name is unknown, or names no town of the timeline or road graph.
    """
    text = name.strip()
    known = set(towns) | set(extra)
    if text in known:
        return text
    key = normalize_name(text)
    for town in towns.values():
        if normalize_name(town.name) == key:
            return town.id
    if gazetteer is not None:
        places = gazetteer.lookup(text)
        for place in places:
            if place.id in known:
                return place.id
        if places:
            raise ControlError(
                f"place {name!r} ({places[0].id}) is not a town of the theater's control "
                f"baseline or road graph"
            )
    raise ControlError(f"unknown place {name!r}: give a place id (gn:...) or a known town name")
