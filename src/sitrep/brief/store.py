"""Read what a brief needs from a store and compose it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.brief.compose import Brief, BriefError, compose_brief
from sitrep.brief.controlchart import key_places
from sitrep.control import ControlTimeline, load_control_facts
from sitrep.store import Store
from sitrep.theater import load_theater, theater_dir


def brief_from_store(db: str | Path, *, end: date, days: int = 7,
                     theater: str | None = None) -> Brief:
    """The brief of the ``days`` days ending on ``end`` from the store at ``db``."""
    with Store(db) as store:
        name = theater or store.get_meta("theater")
        if not name:
            raise BriefError(f"{db}: the store records no theater (not written by "
                             "`sitrep run`?); pass --theater")
        pack = load_theater(name)
        facts = load_control_facts(pack, theater_dir(name))
        events = store.events()
        published = {d.doc_id: d.published for d in store.documents() if d.published}
        timeline = ControlTimeline.build(pack, store.control_changes(), events=events,
                                         published=published)
        relations = store.relations()
    return compose_brief(theater=pack, timeline=timeline, events=events, relations=relations,
                         end=end, days=days, key_places=key_places(pack.capital, facts))
