"""The ``sitrep`` command: parses options, calls the library, formats the result.

Exit status: 0 success; 1 some documents failed (the rest were processed and stored);
2 usage error or unusable input (no store, bad settings, unknown theater).
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sitrep import __version__
from sitrep.errors import SettingsError, SitrepError
from sitrep.models import Failure, SourceRef

if TYPE_CHECKING:
    from sitrep.control import ControlFacts, ControlTimeline, FrontDistance, RoadGraph
    from sitrep.store import Store
    from sitrep.theater import Theater

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2


def _fail(message: str) -> None:
    click.echo(f"sitrep: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


EXIT_STATUS_HELP = (
    "Exit status: 0 success; 1 some documents (run) or feeds (watch --once) failed, the rest "
    "were processed and stored; 2 usage error or unusable input (no store, bad settings, "
    "unknown theater, unwritable output). Progress is drawn on stderr only when it is a "
    "terminal; -q/--quiet turns it off with the log."
)


def _quiet() -> bool:
    """Whether the group's -q/--quiet was given (commands draw no progress then)."""
    return bool(click.get_current_context().find_root().params.get("quiet"))


@click.group(epilog=EXIT_STATUS_HELP)
@click.version_option(__version__, prog_name="sitrep")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
def main(verbose: int, quiet: bool) -> None:
    """Turn conflict news into sourced, geolocated, dated events and a situation report.

    Example: sitrep run articles/ --db sitrep.db --out out/
    """
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", default="sitrep.db", show_default=True, type=click.Path(path_type=Path),
              help="SQLite store to write.")
@click.option("--meta", "meta_path", type=click.Path(path_type=Path),
              help="JSON sidecar of metadata keyed by document id (published, outlet, ...).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Also write the exchange export, ACLED CSV, GeoJSON and report.html here.")
@click.option("--theater", default=None, help="Theater pack name or folder (default: detect).")
@click.option("--workers", type=int, default=None, help="Worker processes (0 = one per core).")
@click.option("--config", type=click.Path(path_type=Path), help="Settings file (sitrep.toml).")
@click.option("--embed", is_flag=True, default=None,
              help="Check events with sentence embeddings (extra 'embed'; off by default).")
def run(inputs: tuple[Path, ...], db: Path, meta_path: Path | None, out: Path | None,
        theater: str | None, workers: int | None, config: Path | None,
        embed: bool | None) -> None:
    """Run the whole pipeline on files and folders (.txt, .html, .jsonl).

    A bad document is reported on one line and recorded; the batch goes on. Re-running on the
    same inputs adds nothing; an interrupted run resumes.

    Example: sitrep run ../shared/seeds --meta ../shared/seeds/meta.json --db sitrep.db --out out/
    """
    from sitrep.pipeline import run_pipeline
    from sitrep.progress import Progress
    from sitrep.settings import load_settings

    progress = Progress("documents", enabled=not _quiet())

    def report_failure(f: Failure) -> None:
        progress.write(f"sitrep: {f.path}: {f.reason}")

    try:
        settings = load_settings(config, theater=theater, workers=workers, embed=embed or None)
        with progress:
            stats = run_pipeline(inputs, db=db, settings=settings, meta_path=meta_path,
                                 on_failure=report_failure, on_progress=progress)
    except SitrepError as e:
        _fail(str(e))
        return
    click.echo(
        f"read {stats.read} documents: {stats.processed} processed, {stats.unchanged} unchanged, "
        f"{stats.failed} failed; {stats.events} events, {stats.control} control changes, "
        f"{stats.relations} relations in {stats.seconds:.1f}s -> {db}"
    )
    if out is not None:
        _write_outputs(db, out)
    if stats.failed:
        sys.exit(EXIT_SOME_FAILED)


def _write_outputs(db: Path, out: Path) -> None:
    from sitrep.export import export_acled_csv, export_exchange, export_geojson
    from sitrep.store import Store

    out.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        counts = export_exchange(store, out)
        export_acled_csv(store, out / "events.csv")
        export_geojson(store, out / "events.geojson")
    _render(db, out / "report.html")
    click.echo(f"wrote {out}/: {', '.join(f'{k} {v}' for k, v in counts.items())}, "
               "events.csv, events.geojson, report.html")


@main.command()
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True), help="Store to read.")
@click.option("--format", "fmt",
              type=click.Choice(["exchange", "acled", "geojson", "graphml", "parquet"]),
              default="exchange", show_default=True, help="What to write.")
@click.option("--cooccurrence/--no-cooccurrence", default=True, show_default=True,
              help="graphml: also link actors that take part in the same event.")
@click.argument("dest", type=click.Path(path_type=Path))
def export(db: Path, fmt: str, cooccurrence: bool, dest: Path) -> None:
    """Export the store as exchange JSONL, ACLED CSV, GeoJSON, GraphML or Parquet.

    exchange: a folder of five JSONL files; acled: the events as CSV with ACLED's columns;
    geojson: the located events; graphml: the actor graph (Gephi, networkx); parquet: the
    events with ACLED's columns (needs pyarrow: pip install 'sitrep[export]').

    Example: sitrep export --db sitrep.db --format graphml actors.graphml
    """
    from sitrep.export import (
        export_acled_csv,
        export_acled_parquet,
        export_exchange,
        export_geojson,
        export_graphml,
    )
    from sitrep.store import Store

    try:
        with Store(db) as store:
            if fmt == "exchange":
                counts = export_exchange(store, dest)
                click.echo(", ".join(f"{k} {v}" for k, v in counts.items()) + f" -> {dest}")
            elif fmt == "acled":
                n = export_acled_csv(store, dest)
                click.echo(f"{n} events -> {dest}")
            elif fmt == "graphml":
                from sitrep.theater import load_theater

                recorded = store.get_meta("theater")  # names, types and sides of actors
                pack = load_theater(recorded) if recorded else None
                nodes, edges = export_graphml(store, dest, theater=pack,
                                              cooccurrence=cooccurrence)
                click.echo(f"{nodes} actors, {edges} edges -> {dest}")
            elif fmt == "parquet":
                n = export_acled_parquet(store, dest)
                click.echo(f"{n} events -> {dest}")
            else:
                n = export_geojson(store, dest)
                click.echo(f"{n} events -> {dest}")
    except SitrepError as e:
        _fail(str(e))


@main.command()
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True), help="Store to read.")
@click.option("-o", "--output", default="report.html", show_default=True,
              type=click.Path(path_type=Path), help="HTML file to write.")
def report(db: Path, output: Path) -> None:
    """Write the situation report: one self-contained HTML file (map, timeline, events, graph).

    Example: sitrep report --db sitrep.db -o report.html
    """
    try:
        _render(db, output)
    except SitrepError as e:
        _fail(str(e))
    click.echo(f"report -> {output}")


def _theater_name(store: Store, given: str | None) -> str:
    """The pack to read a store with: the one named, else the one its run recorded."""
    name = given or store.get_meta("theater")
    if not name:
        raise SettingsError(
            f"{store.path}: the store records no theater (not written by `sitrep run`?);"
            " pass --theater"
        )
    return name


def _render(db: Path, output: Path) -> None:
    from sitrep.claims_group import collect_claims
    from sitrep.report import render_report
    from sitrep.store import Store
    from sitrep.theater import load_theater

    with Store(db) as store:
        theater = load_theater(_theater_name(store, None))
        html = render_report(
            claims=collect_claims(store, theater),
            title=f"sitrep: {theater.name}",
            theater=theater,
            documents=store.documents(),
            events=store.events(),
            control=store.control_changes(),
            relations=store.relations(),
            failures=store.failures(),
            generated=datetime.now(UTC),
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")


@main.command()
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True), help="Store to read.")
def failures(db: Path) -> None:
    """List the documents that failed, one per line: path, then reason.

    Example: sitrep failures --db sitrep.db
    """
    from sitrep.store import Store

    with Store(db) as store:
        for f in store.failures():
            click.echo(f"{f.path}\t{f.reason}")


# --------------------------------------------------------------------------- control


@dataclass(frozen=True, slots=True, kw_only=True)
class _ControlContext:
    theater: Theater
    facts: ControlFacts
    timeline: ControlTimeline
    graph: RoadGraph

    def place(self, name: str) -> str:
        """A place id from an id or a name; the gazetteer is built only when needed."""
        from sitrep.control import ControlError, resolve_place
        from sitrep.geo import Gazetteer

        try:
            return resolve_place(name, self.timeline.towns, extra=self.graph.nodes())
        except ControlError:
            gazetteer = Gazetteer.build(self.theater)
            return resolve_place(name, self.timeline.towns, gazetteer=gazetteer,
                                 extra=self.graph.nodes())

    def name(self, place_id: str) -> str:
        town = self.timeline.towns.get(place_id)
        if town is not None:
            return town.name
        for road in self.theater.roads:
            if road.a == place_id:
                return road.a_name
            if road.b == place_id:
                return road.b_name
        return place_id

    def assumptions(self, given: tuple[str, ...]) -> dict[str, str]:
        """``Homs=hts`` what-ifs (repeatable, or comma-separated) as place id -> actor."""
        from sitrep.control import ControlError

        result: dict[str, str] = {}
        for item in (part for text in given for part in text.split(",") if part.strip()):
            name, sep, actor = item.partition("=")
            if not sep or not actor.strip():
                raise ControlError(f"--assume {item!r}: write PLACE=ACTOR, e.g. Homs=hts")
            actor = actor.strip()
            if actor not in self.theater.actors:
                raise ControlError(f"--assume {item!r}: unknown actor {actor!r} (see actors.toml)")
            result[self.place(name)] = actor
        return result

    def actor(self, actor: str) -> str:
        from sitrep.control import ControlError

        if actor not in self.theater.actors:
            raise ControlError(f"unknown actor {actor!r}: use an id of the theater's actors.toml")
        return actor


def _control_context(db: Path, theater_name: str | None) -> _ControlContext:
    from sitrep.control import ControlTimeline, RoadGraph, load_control_facts
    from sitrep.store import Store
    from sitrep.theater import load_theater, theater_dir

    with Store(db) as store:
        name = _theater_name(store, theater_name)
        theater = load_theater(name)
        published = {d.doc_id: d.published for d in store.documents() if d.published}
        timeline = ControlTimeline.build(
            theater, store.control_changes(), events=store.events(), published=published
        )
    facts = load_control_facts(theater, theater_dir(name))
    return _ControlContext(theater=theater, facts=facts, timeline=timeline,
                           graph=RoadGraph.from_theater(theater, timeline.towns))


def _sources_json(refs: tuple[SourceRef, ...]) -> list[dict[str, object]]:
    return [{"doc_id": r.doc_id, "start": r.start, "end": r.end, "quote": r.quote} for r in refs]


def _emit(payload: dict[str, object]) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False))


_db_option = click.option("--db", required=True, type=click.Path(path_type=Path, exists=True),
                          help="Store to read.")
_date_option = click.option("--date", "when", required=True, type=click.DateTime(["%Y-%m-%d"]),
                            help="The day (YYYY-MM-DD), on or after the theater's baseline.")
_theater_option = click.option("--theater", default=None,
                               help="Theater pack name or folder (default: the store's).")
_json_option = click.option("--json", "as_json", is_flag=True,
                            help="One JSON object per line, for scripts.")
_assume_option = click.option("--assume", multiple=True, metavar="PLACE=ACTOR",
                              help="What-if: hold PLACE by ACTOR (repeatable or comma-separated).")


@main.command()
@_db_option
@_date_option
@_theater_option
@_assume_option
@click.option("--front", "front", default=None, metavar="PLACE",
              help="Instead: the nearest town held by a hostile actor, straight and by road.")
@click.option("--geojson", "geojson", default=None, type=click.Path(path_type=Path),
              help="Also write the estimated territories and front lines there (GeoJSON).")
@_json_option
def control(db: Path, when: datetime, theater: str | None, assume: tuple[str, ...],
            front: str | None, geojson: Path | None, as_json: bool) -> None:
    """Who holds each town on a day: actor, state (held, contested, claimed, changed), since
    when and on what evidence. Conflicting reports are shown with the reason of the choice.

    Example: sitrep control --db sitrep.db --date 2024-12-06 --json
    """
    from sitrep.control import find_front

    day = when.date()
    try:
        ctx = _control_context(db, theater)
        assumed = ctx.assumptions(assume)
        if front is not None:
            place = ctx.place(front)
            holders = ctx.timeline.holders(day, assumed)
            own = holders.get(place)
            sides = {a.id: a.side for a in ctx.theater.actors.values()}
            side = sides.get(own) if own else None
            hostile = {a for a in ctx.theater.actors
                       if a != own and (sides.get(a) is None or sides.get(a) != side)}
            fd = find_front(ctx.graph, ctx.timeline.towns, holders, place, hostile=hostile)
            _print_front(ctx, fd, own, as_json)
            return
        rows = ctx.timeline.at(day, assume=assumed)
        if geojson is not None:
            from sitrep.control import estimate_territory

            areas = estimate_territory(ctx.timeline.towns, ctx.timeline.holders(day, assumed),
                                       ctx.theater.outline, day=day)
            geojson.parent.mkdir(parents=True, exist_ok=True)
            geojson.write_text(json.dumps(areas), encoding="utf-8")
    except SitrepError as e:
        _fail(str(e))
        return
    for row in rows:
        if as_json:
            _emit({"place": row.town.id, "place_name": row.town.name, "actor": row.actor,
                   "state": row.state.value, "since": row.since.isoformat(),
                   "sources": _sources_json(row.sources)})
            continue
        docs = len({s.doc_id for s in row.sources})
        note = " (assumed)" if row.assumed else ""
        basis = f"{docs} document{'s' * (docs != 1)}" if docs else "baseline"
        click.echo(f"{row.town.name}\t{row.actor or 'unknown'}\t{row.state.value}{note}\t"
                   f"since {row.since.isoformat()}\t{basis}")
        if row.handover is not None and row.handover.reason:
            click.echo(f"\tconflicting reports: {row.handover.reason}")


def _print_front(ctx: _ControlContext, fd: FrontDistance, own: str | None, as_json: bool) -> None:
    if as_json:
        _emit({"place": fd.place, "place_name": ctx.name(fd.place), "actor": own,
               "nearest": fd.nearest, "nearest_actor": fd.nearest_actor,
               "straight_km": fd.straight_km, "by_road": fd.by_road,
               "by_road_actor": fd.by_road_actor, "road_km": fd.road_km})
        return
    if fd.nearest is None:
        click.echo(f"{ctx.name(fd.place)}: no town held by a hostile actor")
        return
    click.echo(f"{ctx.name(fd.place)} ({own or 'unknown'}): nearest hostile town "
               f"{ctx.name(fd.nearest)} ({fd.nearest_actor}) {fd.straight_km} km straight")
    if fd.by_road is not None:
        click.echo(f"  by road: {ctx.name(fd.by_road)} ({fd.by_road_actor}) {fd.road_km} km")


@main.command()
@_db_option
@click.option("--from", "origin", required=True, metavar="PLACE", help="Start town (name or id).")
@click.option("--to", "dest", required=True, metavar="PLACE", help="End town (name or id).")
@click.option("--actor", required=True, help="Actor id whose towns the route must keep to.")
@_date_option
@_theater_option
@_assume_option
@_json_option
def corridor(db: Path, origin: str, dest: str, actor: str, when: datetime, theater: str | None,
             assume: tuple[str, ...], as_json: bool) -> None:
    """Is there a road between two towns through towns the actor holds on a day? Prints the
    route, or the towns held by others that cut it.

    Example: sitrep corridor --db sitrep.db --from Damascus --to Latakia --actor syria-gov
    --date 2024-12-04 --assume "Homs=hts"
    """
    from sitrep.control import find_corridor

    try:
        ctx = _control_context(db, theater)
        holders = ctx.timeline.holders(when.date(), ctx.assumptions(assume))
        result = find_corridor(ctx.graph, holders, ctx.place(origin), ctx.place(dest),
                               actor=ctx.actor(actor))
    except SitrepError as e:
        _fail(str(e))
        return
    if as_json:
        _emit({"connected": result.connected, "route": list(result.route),
               "cut": list(result.cut)})
    elif result.connected:
        click.echo(f"connected: {' > '.join(ctx.name(p) for p in result.route)} "
                   f"({result.km} km)")
    elif result.cut:
        click.echo(f"cut by {', '.join(ctx.name(p) for p in result.cut)} "
                   f"(on {' > '.join(ctx.name(p) for p in result.blocked_route)})")
    else:
        click.echo("cut: no road joins them")


@main.command()
@_db_option
@click.option("--actor", required=True, help="Actor id.")
@_date_option
@click.option("--capital", default=None, metavar="PLACE",
              help="The actor's seat (default: from the pack's [control] capitals).")
@click.option("--lost", is_flag=True, help="Also list the actor's baseline towns now held by others.")
@_theater_option
@_assume_option
@_json_option
def cutoff(db: Path, actor: str, when: datetime, capital: str | None, lost: bool,
           theater: str | None, assume: tuple[str, ...], as_json: bool) -> None:
    """Every town the actor holds on a day that no road through its towns joins to its capital,
    with the towns that cut it off.

    Example: sitrep cutoff --db sitrep.db --actor syria-gov --date 2024-12-01 --lost
    """
    from sitrep.control import find_cut_off

    day = when.date()
    try:
        ctx = _control_context(db, theater)
        actor = ctx.actor(actor)
        holders = ctx.timeline.holders(day, ctx.assumptions(assume))
        seat = ctx.place(capital) if capital else ctx.facts.capital_of(actor)
        found = find_cut_off(ctx.graph, holders, seat, actor=actor)
    except SitrepError as e:
        _fail(str(e))
        return
    rows: list[tuple[str, str, str, tuple[str, ...]]] = [
        (c.place, "cut", actor, c.cut) for c in found
    ]
    if lost:
        rows += [(p, "lost", holders.get(p) or "unknown", ())
                 for p, a in sorted(ctx.timeline.baseline.items())
                 if a == actor and holders.get(p) != actor]
    for place, status, holder, cut in rows:
        if as_json:
            _emit({"place": place, "place_name": ctx.name(place), "status": status,
                   "actor": holder, "capital": seat, "cut": list(cut)})
        elif status == "cut":
            click.echo(f"{ctx.name(place)}\tcut off from {ctx.name(seat)} by "
                       f"{', '.join(ctx.name(p) for p in cut) or 'no road'}")
        else:
            click.echo(f"{ctx.name(place)}\tlost to {holder}")


from sitrep.api.cli import serve  # noqa: E402  (the command; fastapi is imported when it runs)

main.add_command(serve)
from sitrep.brief.cli import brief  # noqa: E402

main.add_command(brief)
from sitrep.claims_cli import claims_command  # noqa: E402

main.add_command(claims_command)
from sitrep.watch.cli import watch_command  # noqa: E402  (httpx is imported when it runs)

main.add_command(watch_command)
from sitrep.geo.cli import gazetteer_group  # noqa: E402

main.add_command(gazetteer_group)

if __name__ == "__main__":
    main()
