"""``sitrep brief``: a situation brief of the last days as Markdown or HTML."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from sitrep.errors import SitrepError


@click.command()
@click.option("--db", required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Store to read.")
@click.option("--date", "when", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The last day of the brief (YYYY-MM-DD).")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366),
              help="How many days the brief covers, ending on --date.")
@click.option("--theater", default=None, help="Theater pack name or folder (default: the store's).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="File to write: .md for Markdown, .html for HTML.")
def brief(db: Path, when: datetime, days: int, theater: str | None, output: Path) -> None:
    """Write a situation brief: changes of control, fighting, strikes, displacement, what
    backers did and contested claims in the days up to --date, every sentence citing its
    source documents as [doc_id]; then events per day by type and who held the key towns
    (the pack's seats and corridor ends, and towns that changed hands) on each day: SVG
    charts in HTML, tables in Markdown.

    Example: sitrep brief --db sitrep.db --date 2024-12-08 --days 7 -o brief.html
    """
    from sitrep.brief import brief_from_store, render_html, render_markdown

    suffix = output.suffix.lower()
    if suffix not in {".md", ".markdown", ".html", ".htm"}:
        click.echo(f"sitrep: error: {output}: name a .md or .html file", err=True)
        sys.exit(2)
    try:
        found = brief_from_store(db, end=when.date(), days=days, theater=theater)
        text = render_markdown(found) if suffix in {".md", ".markdown"} else render_html(found)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        click.echo(f"sitrep: error: {output}: cannot write ({e.strerror})", err=True)
        sys.exit(2)
    except SitrepError as e:
        click.echo(f"sitrep: error: {e}", err=True)
        sys.exit(2)
    n = sum(len(s.sentences) for s in found.sections)
    click.echo(f"brief of {found.start}..{found.end}: {n} sentences citing "
               f"{len(found.cited)} documents -> {output}")
