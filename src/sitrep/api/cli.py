"""``sitrep serve``: the API and web page over one store, on 127.0.0.1 by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from sitrep.errors import SitrepError


@click.command()
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; 0.0.0.0 exposes the store to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port.")
@click.option("--theater", default=None, help="Theater pack name or folder (default: the store's).")
@click.option("--allow-ingest", is_flag=True,
              help="Also accept POST /documents: run the pipeline on one article and store it.")
@click.option("--tiles", default=None, metavar="URL",
              help="Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
                   "(default: none; the map draws the theater's outline, offline).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Server processes (each keeps its own caches); more than one only read-only, "
                   "e.g. the number of cores.")
def serve(db: Path, host: str, port: int, theater: str | None, allow_ingest: bool,
          tiles: str | None, workers: int) -> None:
    """Serve the store over HTTP: events with filters, control on a day, actors, relations,
    documents, the web page at / and the OpenAPI schema at /openapi.json. Read-only unless
    --allow-ingest. Needs the serve extra (pip install 'sitrep[serve]').

    Example: sitrep serve --db sitrep.db --port 8000 --tiles 'http://localhost:8080/{z}/{x}/{y}.png'
    """
    if workers > 1 and allow_ingest:
        click.echo("sitrep: error: --allow-ingest needs --workers 1 (one process runs the "
                   "pipeline at a time)", err=True)
        sys.exit(2)
    try:
        import uvicorn

        from sitrep.api.app import create_app
    except ImportError as e:
        click.echo(f"sitrep: error: serve needs the serve extra ({e.name} is missing): "
                   "pip install 'sitrep[serve]'", err=True)
        sys.exit(2)
    try:  # checks the arguments, migrates the store and fills the quote index once
        app = create_app(db, allow_ingest=allow_ingest, theater=theater, tiles=tiles)
    except SitrepError as e:
        click.echo(f"sitrep: error: {e}", err=True)
        sys.exit(2)
    click.echo(f"serving {db} on http://{host}:{port}/"
               + (" (ingest allowed)" if allow_ingest else " (read-only)")
               + (f" with {workers} workers" if workers > 1 else ""))
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # worker processes import the app by name and read their arguments from the environment
    os.environ.update(serve_environment(db, theater=theater, tiles=tiles))
    uvicorn.run("sitrep.api.app:app_from_environment", factory=True, workers=workers,
                host=host, port=port, log_level="warning")


def serve_environment(db: Path, *, theater: str | None, tiles: str | None) -> dict[str, str]:
    """The variables :func:`sitrep.api.app.app_from_environment` builds a worker's app from."""
    env = {"SITREP_SERVE_DB": str(db.resolve())}
    if theater:
        env["SITREP_SERVE_THEATER"] = theater
    if tiles:
        env["SITREP_SERVE_TILES"] = tiles
    return env
