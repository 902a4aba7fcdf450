"""The fused events' listing order held in memory, so that a page is found without SQL.

Every ``/events`` page is a slice of one order (undated last, then date, event id, row id).
:class:`EventListing` holds, for one generation of the store, the events' row ids in that
order with the columns the cheap filters read (day, longitude, latitude, type, actors) as
numpy arrays. A page then costs a few vector comparisons over the listing and a look-up of
its rows by row id, whatever its offset: the SQL plan walks the order index up to the offset
and sorts every match of a bounding box.

It does not know documents or quotes: a filter on a document is left to SQL, and the
reader turns the quote index's matches for each searched phrase into a mask over the listing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from sitrep.api.query import EventFilter

# A listing costs about 80 bytes per event (and a second per 100k to build); larger stores
# page with SQL alone.
MAX_LISTED = 2_000_000
_UNDATED = np.iinfo(np.int64).max

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventListing:
    """The fused events of one generation of the store, in listing order (index = rank)."""

    generation: int
    row_ids: Ints
    days: Ints  # date ordinals; the undated (last) hold _UNDATED
    dated: int  # how many events have a date (they come first)
    lon: Floats  # NaN where the event has no number there
    lat: Floats
    types: Ints
    type_codes: dict[str, int]
    actor1: Ints  # actor codes, -1 for none
    actor2: Ints
    actor_codes: dict[str, int]
    assoc: dict[int, Ints]  # actor code -> ranks of the events associating it, ascending
    sorted_ids: Ints  # the row ids ascending, and the rank of each
    by_id: Ints

    def mask_of(self, row_ids: Ints) -> Mask | None:
        """Which events of the listing are among ``row_ids``; None if one is not listed."""
        mask = np.zeros(len(self.row_ids), dtype=np.bool_)
        if len(row_ids) == 0:
            return mask
        at = np.searchsorted(self.sorted_ids, row_ids)
        if np.any(at >= len(self.sorted_ids)) or np.any(self.sorted_ids[at % len(self.sorted_ids)]
                                                        != row_ids):
            return None
        mask[self.by_id[at]] = True
        mask.flags.writeable = False
        return mask

    def page(self, flt: EventFilter, *, limit: int, offset: int, words: Mask | None = None
             ) -> tuple[int, list[int]]:
        """How many events match ``flt`` and the row ids of the page ``offset``,
        ``offset + limit``, in listing order. The listing does not know documents or quotes:
        ``flt.doc_id`` is ignored, and ``words`` (from :meth:`mask_of`) stands for ``flt.q``."""
        lo, hi = 0, len(self.row_ids)
        dated = self.days[:self.dated]
        if flt.date_from is not None:
            lo = int(np.searchsorted(dated, flt.date_from.toordinal(), side="left"))
            hi = self.dated
        if flt.date_to is not None:
            hi = int(np.searchsorted(dated, flt.date_to.toordinal(), side="right"))
        if lo >= hi:
            return 0, []
        mask: Mask | None = None
        if flt.bbox is not None:
            west, south, east, north = flt.bbox
            lon, lat = self.lon[lo:hi], self.lat[lo:hi]
            mask = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        if flt.event_type is not None:
            code = self.type_codes.get(flt.event_type)
            if code is None:
                return 0, []
            same = self.types[lo:hi] == code
            mask = same if mask is None else mask & same
        if flt.actor is not None:
            code = self.actor_codes.get(flt.actor)
            if code is None:
                return 0, []
            named = (self.actor1[lo:hi] == code) | (self.actor2[lo:hi] == code)
            ranks = self.assoc.get(code)
            if ranks is not None:
                inside = ranks[(ranks >= lo) & (ranks < hi)]
                named[inside - lo] = True
            mask = named if mask is None else mask & named
        if words is not None:
            mask = words[lo:hi] if mask is None else mask & words[lo:hi]
        if mask is None:
            start = lo + offset
            return hi - lo, self.row_ids[start:min(hi, start + limit)].tolist()
        found = np.flatnonzero(mask)
        return len(found), self.row_ids[found[offset:offset + limit] + lo].tolist()


def build_listing(db: sqlite3.Connection, *, generation: int, order: str
                  ) -> EventListing | None:
    """The listing of the fused events ``db`` holds (read in its current transaction), or
    None when there are more than :data:`MAX_LISTED` or a day is not an ISO date."""
    count = int(db.execute("SELECT COUNT(*) FROM events WHERE origin IS NULL").fetchone()[0])
    if count > MAX_LISTED:
        return None
    cursor = db.execute(
        "SELECT row_id, event_date, place_lon, place_lat, event_type, actor1, actor2,"
        f" assoc_actors FROM events WHERE origin IS NULL {order}"
    )
    cursor.row_factory = None  # plain tuples
    row_ids = np.empty(count, dtype=np.int64)
    days = np.full(count, _UNDATED, dtype=np.int64)
    lon = np.full(count, np.nan)
    lat = np.full(count, np.nan)
    types = np.empty(count, dtype=np.int64)
    actor1 = np.full(count, -1, dtype=np.int64)
    actor2 = np.full(count, -1, dtype=np.int64)
    type_codes: dict[str, int] = {}
    actor_codes: dict[str, int] = {}
    assoc: dict[int, list[int]] = {}
    ordinals: dict[str, int] = {}
    dated = 0
    rank = -1
    for rank, (row_id, day, x, y, kind, first, second, others) in enumerate(cursor):
        if rank >= count:  # a commit between the count and the listing: not this generation
            return None
        row_ids[rank] = row_id
        if day is not None:
            ordinal = ordinals.get(day)
            if ordinal is None:
                try:
                    ordinal = ordinals[day] = date.fromisoformat(day).toordinal()
                except (TypeError, ValueError):
                    return None  # SQL compares such a value as text: leave it to SQL
            days[rank] = ordinal
            dated += 1
        if isinstance(x, float | int):
            lon[rank] = x
        if isinstance(y, float | int):
            lat[rank] = y
        types[rank] = type_codes.setdefault(kind, len(type_codes))
        if first is not None:
            actor1[rank] = actor_codes.setdefault(first, len(actor_codes))
        if second is not None:
            actor2[rank] = actor_codes.setdefault(second, len(actor_codes))
        if others and others != "[]":
            for name in _names(others):
                assoc.setdefault(actor_codes.setdefault(name, len(actor_codes)), []).append(rank)
    if rank + 1 != count or (dated and np.any(np.diff(days[:dated]) < 0)):
        return None
    by_id = np.argsort(row_ids, kind="stable")
    sorted_ids = row_ids[by_id]
    for array in (row_ids, days, lon, lat, types, actor1, actor2, by_id, sorted_ids):
        array.flags.writeable = False
    return EventListing(
        generation=generation, row_ids=row_ids, days=days, dated=dated, lon=lon, lat=lat,
        types=types, type_codes=type_codes, actor1=actor1, actor2=actor2,
        actor_codes=actor_codes, sorted_ids=sorted_ids, by_id=by_id,
        assoc={code: np.unique(np.array(ranks, dtype=np.int64))
               for code, ranks in assoc.items()},
    )


def _names(text: str) -> set[str]:
    """The strings of a JSON list (what ``json_each(...).value = ?`` can equal)."""
    try:
        value = json.loads(text)
    except ValueError:
        return set()
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()
