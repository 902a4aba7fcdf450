"""The ``sitrep watch`` command: parses options, calls ``sitrep.watch.loop.watch``, prints."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from sitrep.errors import SitrepError

EXIT_OK = 0
EXIT_ERROR = 2


@click.command("watch")
@click.argument("feeds_file", metavar="FEEDS.toml", type=click.Path(path_type=Path))
@click.option("--db", default="sitrep.db", show_default=True, type=click.Path(path_type=Path),
              help="SQLite store to write.")
@click.option("--once", is_flag=True, help="Poll every feed once and exit (for cron).")
@click.option("--interval", type=click.FloatRange(min=1), default=None,
              help="Seconds between polls of a feed (overrides FEEDS.toml).")
@click.option("--allow-private", is_flag=True,
              help="Allow loopback, private and link-local addresses (off: SSRF guard).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="IP[/BITS]",
              help="Allow just this address or network, e.g. 127.0.0.1 (repeatable).")
@click.option("--theater", default=None, help="Theater pack name (default: detect).")
@click.option("--config", type=click.Path(path_type=Path), help="Settings file (sitrep.toml).")
def watch_command(feeds_file: Path, db: Path, once: bool, interval: float | None,
                  allow_private: bool, allow_hosts: tuple[str, ...], theater: str | None,
                  config: Path | None) -> None:
    """Poll RSS/Atom feeds and pages, ingest each new article once, and keep fusing.

    Polite: ETag/If-Modified-Since, robots.txt, a pause between requests to one host, backoff
    after errors, and a host that answers 429/503 with Retry-After is left alone that long. A failing feed is reported on one line and the loop goes on. Near-copies of
    a stored story from another outlet are stored as copies, not processed again. Stop with
    Ctrl-C. Exit status: 0 ok, 1 (--once) some feed or article failed, 2 unusable input.

    Example: sitrep watch feeds.toml --db sitrep.db --interval 600
    """
    try:
        from sitrep.settings import load_settings
        from sitrep.watch.feeds import load_feeds, parse_networks

        parsed = load_feeds(feeds_file)
        settings = parsed.settings
        if interval is not None:
            settings = dataclasses.replace(settings, interval=interval)
        if allow_private:
            settings = dataclasses.replace(settings, allow_private=True)
        if allow_hosts:
            extra = parse_networks(list(allow_hosts), where="--allow-host")
            settings = dataclasses.replace(settings, allow_hosts=settings.allow_hosts + extra)
        pipeline_settings = load_settings(config, theater=theater)
        from sitrep.watch.loop import RoundReport, watch
    except ImportError as e:
        click.echo(f"sitrep: error: sitrep watch needs the watch extra ({e}); "
                   "run: pip install 'sitrep[watch]'", err=True)
        sys.exit(EXIT_ERROR)
    except SitrepError as e:
        click.echo(f"sitrep: error: {e}", err=True)
        sys.exit(EXIT_ERROR)

    quiet = bool(click.get_current_context().find_root().params.get("quiet"))

    def report(r: RoundReport) -> None:
        for line in r.errors:
            click.echo(f"sitrep: watch: {line}", err=True)
        if r.polls and not quiet:  # errors always print; the round summary is progress
            fused = f"; {r.fused[0]} events after fusion" if r.fused else ""
            click.echo(f"polled {len(r.polls)}: {len(r.ingested)} new articles, "
                       f"{len(r.copies)} copies, {len(r.errors)} errors{fused}")

    try:
        stats = watch(parsed.sources, db, settings, once=once,
                      pipeline_settings=pipeline_settings, on_round=report)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        return
    except SitrepError as e:
        click.echo(f"sitrep: error: {e}", err=True)
        sys.exit(EXIT_ERROR)
    if once and stats.errors:
        sys.exit(1)
