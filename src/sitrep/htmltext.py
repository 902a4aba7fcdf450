"""Main text and metadata of an HTML page, via trafilatura."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sitrep.errors import IngestError
from sitrep.temporal import parse_date_text

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class HtmlText:
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None


def extract_html(html: str, *, source: str) -> HtmlText:
    """Extract the article body of ``html``; raise ``IngestError`` when there is none."""
    import trafilatura  # heavy import, deferred to the first HTML page

    if "<" not in html:
        raise IngestError(source, "not HTML (no tags found)")
    try:
        doc = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
        )
    except (ValueError, TypeError) as e:  # trafilatura raises these on broken markup
        raise IngestError(source, f"HTML could not be parsed: {e}") from e
    if doc is None:
        raise IngestError(source, "HTML has no readable body text")
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise IngestError(source, "HTML has no readable body text")
    raw_date = getattr(doc, "date", None)
    return HtmlText(
        text=text,
        title=getattr(doc, "title", None) or None,
        author=getattr(doc, "author", None) or None,
        outlet=getattr(doc, "sitename", None) or None,
        published=parse_date_text(raw_date) if raw_date else None,
        url=getattr(doc, "url", None) or None,
    )
