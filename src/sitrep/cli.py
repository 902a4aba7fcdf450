"""The ``sitrep`` command: parses options, calls the library, formats the result.

Exit status: 0 success; 1 some documents failed (the rest were processed and stored);
2 usage error or unusable input (no store, bad settings, unknown theater).
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from sitrep import __version__
from sitrep.errors import SitrepError
from sitrep.models import Failure

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_ERROR = 2


def _fail(message: str) -> None:
    click.echo(f"sitrep: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.group()
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
def run(inputs: tuple[Path, ...], db: Path, meta_path: Path | None, out: Path | None,
        theater: str | None, workers: int | None, config: Path | None) -> None:
    """Run the whole pipeline on files and folders (.txt, .html, .jsonl).

    A bad document is reported on one line and recorded; the batch goes on. Re-running on the
    same inputs adds nothing; an interrupted run resumes.

    Example: sitrep run ../shared/seeds --meta ../shared/seeds/meta.json --db sitrep.db --out out/
    """
    from sitrep.pipeline import run_pipeline
    from sitrep.settings import load_settings

    def report_failure(f: Failure) -> None:
        click.echo(f"sitrep: {f.path}: {f.reason}", err=True)

    try:
        settings = load_settings(config, theater=theater, workers=workers)
        stats = run_pipeline(inputs, db=db, settings=settings, meta_path=meta_path,
                             on_failure=report_failure)
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
@click.option("--format", "fmt", type=click.Choice(["exchange", "acled", "geojson"]),
              default="exchange", show_default=True, help="What to write.")
@click.argument("dest", type=click.Path(path_type=Path))
def export(db: Path, fmt: str, dest: Path) -> None:
    """Export the store: the exchange format (a folder of five JSONL files), ACLED CSV or GeoJSON.

    Example: sitrep export --db sitrep.db --format exchange out/
    """
    from sitrep.export import export_acled_csv, export_exchange, export_geojson
    from sitrep.store import Store

    try:
        with Store(db) as store:
            if fmt == "exchange":
                counts = export_exchange(store, dest)
                click.echo(", ".join(f"{k} {v}" for k, v in counts.items()) + f" -> {dest}")
            elif fmt == "acled":
                n = export_acled_csv(store, dest)
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


def _render(db: Path, output: Path) -> None:
    from sitrep.report import render_report
    from sitrep.store import Store
    from sitrep.theater import load_theater

    with Store(db) as store:
        theater = load_theater(store.get_meta("theater") or "syria")
        html = render_report(
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


if __name__ == "__main__":
    main()
