"""``sitrep claims``: claims side by side, flagged when they disagree (registered in cli.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sitrep.errors import SettingsError, SitrepError

if TYPE_CHECKING:
    from sitrep.claims_group import ClaimGroup, ComputedDistance

EXIT_ERROR = 2


def claim_group_json(group: ClaimGroup) -> dict[str, object]:
    """One group as the JSON object ``sitrep claims --json`` prints on one line."""
    computed = group.computed
    return {
        "kind": group.kind.value,
        "subject": group.subject,
        "subject_name": group.subject_name,
        "place": group.place,
        "place_name": group.place_name,
        "day": group.day.isoformat() if group.day else None,
        "disagree": group.disagree,
        "why": group.why,
        "note": group.note,
        "claims": [
            {
                "value": c.value, "km": c.km, "category": c.category, "start": c.start,
                "end": c.end,
                "day": c.day.isoformat() if c.day else None, "said_by": c.said_by,
                "said_by_name": c.said_by_name, "modality": c.modality.value,
                "source": {"doc_id": c.source.doc_id, "start": c.source.start,
                           "end": c.source.end, "quote": c.source.quote},
            }
            for c in group.claims
        ],
        "computed": None if computed is None else {
            "origin": computed.origin, "target": computed.target,
            "target_name": computed.target_name, "target_actor": computed.target_actor,
            "straight_km": computed.straight_km, "road_target": computed.road_target,
            "road_target_name": computed.road_target_name,
            "road_target_actor": computed.road_target_actor, "road_km": computed.road_km,
            "day": computed.day.isoformat() if computed.day else None, "basis": computed.basis,
        },
    }


@click.command("claims")
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True),
              help="Store to read.")
@click.option("--theater", default=None, help="Theater pack name or folder (default: the store's).")
@click.option("--disputed", is_flag=True, help="Only the groups whose claims disagree.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["distance", "conduct", "capture"]),
              help="Only claims of this kind (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per group per line.")
def claims_command(db: Path, theater: str | None, disputed: bool, kinds: tuple[str, ...],
                   as_json: bool) -> None:
    """Claims side by side: distances ("20 km from Damascus"), how a place fell or held
    ("heavily defended", "without a fight") and capture dates, with who says them; groups
    whose claims disagree are flagged, distances get the figure computed from the control
    timeline and the roads.

    Example: sitrep claims --db sitrep.db --disputed --json
    """
    from sitrep.claims_group import collect_claims
    from sitrep.store import Store
    from sitrep.theater import load_theater

    try:
        with Store(db) as store:
            name = theater or store.get_meta("theater")
            if not name:
                raise SettingsError(f"{db}: the store records no theater (not written by "
                                    "`sitrep run`?); pass --theater")
            pack = load_theater(name)
            groups = collect_claims(store, pack)
    except SitrepError as e:
        click.echo(f"sitrep: error: {e}", err=True)
        sys.exit(EXIT_ERROR)
    for group in groups:
        if (disputed and not group.disagree) or (kinds and group.kind.value not in kinds):
            continue
        if as_json:
            click.echo(json.dumps(claim_group_json(group), ensure_ascii=False))
            continue
        flag = "DISAGREE" if group.disagree else "agree" if len(group.claims) > 1 else "single"
        about = group.subject_name
        if group.place_name:
            about += f" -> {group.place_name}"
        day = f"  {group.day.isoformat()}" if group.day else ""
        click.echo(f"{flag}\t{group.kind.value}\t{about}{day}")
        if group.why:
            click.echo(f"\t{group.why}")
        for c in group.claims:
            who = c.said_by_name or "the report"
            click.echo(f"\t{c.value}\t{c.modality.value} by {who}\t{c.source.doc_id}"
                       f"[{c.source.start}:{c.source.end}]\t{_short(c.source.quote)}")
        if group.computed is not None:
            click.echo(f"\tcomputed: {describe_computed(group.computed)}")
        if group.note:
            click.echo(f"\ttimeline: {group.note}")


def describe_computed(cd: ComputedDistance) -> str:
    """The computed figure in words: straight to one town, by road to (maybe) another."""
    def town(name: str | None, actor: str | None) -> str:
        return f"{name} ({actor})" if actor else name or "no town"

    parts = []
    if cd.straight_km is not None:
        parts.append(f"{cd.straight_km:g} km straight to {town(cd.target_name, cd.target_actor)}")
    if cd.road_km is not None:
        parts.append(f"{cd.road_km:g} km by road to "
                     f"{town(cd.road_target_name, cd.road_target_actor)}")
    return f"{', '.join(parts) or 'no figure'}; {cd.basis}"


def _short(text: str, limit: int = 120) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
