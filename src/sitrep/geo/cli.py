"""``sitrep gazetteer``: register GeoNames country dumps that every later run uses."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sitrep.errors import SitrepError
from sitrep.geo.geonames import (
    DumpProblem,
    cache_dir,
    register_dump,
    registered_dumps,
    remove_dump,
)

_EXIT_SOME_BAD = 1
_EXIT_ERROR = 2

_cache_option = click.option(
    "--cache-dir",
    "cache",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Cache folder (default: $SITREP_CACHE or ~/.cache/sitrep); runs read dumps there.",
)


def _fail(message: str) -> None:
    click.echo(f"sitrep: error: {message}", err=True)
    sys.exit(_EXIT_ERROR)


@click.group("gazetteer")
def gazetteer_group() -> None:
    """GeoNames country dumps added to the gazetteer of every run.

    Example: sitrep gazetteer add SY.txt && sitrep gazetteer list
    """


@gazetteer_group.command("add")
@click.argument("dump", type=click.Path(path_type=Path, dir_okay=False))
@_cache_option
def add(dump: Path, cache: Path | None) -> None:
    """Validate a GeoNames dump (download.geonames.org/export/dump, e.g. SY.txt) and
    register it. Populated places, first-level divisions and named features are kept;
    a bad row is reported on one line (file:line: reason) and skipped, the rest loads.
    Exit 1 when some rows were bad, 2 when nothing could be registered.

    Example: sitrep gazetteer add SY.txt
    """
    bad: list[DumpProblem] = []

    def report(problem: DumpProblem) -> None:
        bad.append(problem)
        click.echo(f"sitrep: {problem}", err=True)

    try:
        done = register_dump(dump, base=cache, on_problem=report)
    except SitrepError as e:
        _fail(str(e))
        return
    note = f", {len(bad)} bad row{'s' * (len(bad) != 1)} skipped" if bad else ""
    click.echo(f"registered {done.name}: {done.rows} rows{note} -> {done.path}")
    if bad:
        sys.exit(_EXIT_SOME_BAD)


@gazetteer_group.command("list")
@_cache_option
def list_dumps(cache: Path | None) -> None:
    """The registered dumps: name, rows kept, stored path (one per line).

    Example: sitrep gazetteer list
    """
    dumps = registered_dumps(cache)
    if not dumps:
        click.echo(f"no dumps registered in {cache or cache_dir()}")
        return
    for d in dumps:
        click.echo(f"{d.name}\t{d.rows}\t{d.path}")


@gazetteer_group.command("remove")
@click.argument("name")
@_cache_option
def remove(name: str, cache: Path | None) -> None:
    """Unregister a dump by name (as `sitrep gazetteer list` shows it).

    Example: sitrep gazetteer remove SY.txt
    """
    try:
        path = remove_dump(name, base=cache)
    except SitrepError as e:
        _fail(str(e))
        return
    click.echo(f"removed {path}")
