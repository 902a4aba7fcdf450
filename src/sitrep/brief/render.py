"""Write a Brief as Markdown or as one self-contained HTML page with an inline SVG chart."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import escape

from sitrep.brief.compose import Brief, Sentence
from sitrep.brief.controlchart import ControlChart, ControlRow
from sitrep.report.svg import UNKNOWN_COLOUR, assign_actor_colours, event_style

# Markdown-active characters; "_" only where it could open or close emphasis (not inside
# a word such as a document id), "(" never matters once "[" and "]" are escaped.
_MD_SPECIAL = re.compile(r"([\\`*{}\[\]|<>&~]|(?<!\w)_|_(?!\w))")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _md(text: str) -> str:
    """Text that Markdown shows as written: no markup, links, raw HTML or entities survive."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_cites(cites: tuple[str, ...]) -> str:
    return "".join(f" [{_md(doc)}]" for doc in cites)


def render_markdown(brief: Brief, *, generated: datetime | None = None) -> str:
    """The brief as Markdown: one bullet per sentence, citations as ``[doc_id]``."""
    stamp = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Situation brief: {_md(brief.theater)}, {brief.start:%d %B} to {brief.end:%d %B %Y}",
        "",
        f"Generated {stamp} by sitrep from {len(brief.cited)} cited documents. Every sentence "
        "cites its sources as [document id].",
    ]
    for section in brief.sections:
        lines += ["", f"## {_md(section.title)}", ""]
        if not section.sentences:
            lines.append("Nothing reported in this window.")
        for s in section.sentences:
            lines.append(f"- {_md(s.text)}{_md_cites(s.cites)}")
            if s.quote:
                lines.append(f"  > “{_md(s.quote)}” [{_md(s.quote_doc)}]")
        if section.more:
            lines.append(f"- And {section.more} more, left out for length.")
    lines += ["", "## Events per day", "", "| day | " + " | ".join(_types(brief)) + " |",
              "| --- |" + " ---: |" * len(_types(brief))]
    for day, counts in brief.per_day:
        lines.append(f"| {day.isoformat()} | "
                     + " | ".join(str(counts.get(t, 0)) for t in _types(brief)) + " |")
    if brief.control is not None:
        lines += ["", "## Control of key towns", "", *_md_control(brief.control)]
    return "\n".join(lines) + "\n"


def _holder(chart: ControlChart, actor: str | None) -> str:
    if actor is None:
        return "unknown"
    return dict(chart.holders).get(actor, actor)


def _md_control(chart: ControlChart) -> list[str]:
    """A compact table: holder on the first and last day, and each change between."""
    if not chart.rows:
        return ["No key town is known to the control timeline."]
    before, last = chart.days[0] - timedelta(days=1), chart.days[-1]
    lines = [f"| town | {before:%d %b} | changes | {last:%d %b} |", "| --- | --- | --- | --- |"]
    for row in chart.rows:
        end = row.cells[-1]
        changes = "; ".join(f"{c.day:%d %b} to {_md(_holder(chart, c.actor))}"
                            for c in row.changes) or "none"
        state = f" ({end.state})" if end.state and end.state != "held" else ""
        lines.append(f"| {_md(row.name)} | {_md(_holder(chart, row.before))} | {changes} | "
                     f"{_md(_holder(chart, end.actor))}{state} |")
    if chart.more:
        lines += ["", f"And {chart.more} more towns that changed hands, left out for length."]
    return lines


def _types(brief: Brief) -> list[str]:
    return sorted({t for _, counts in brief.per_day for t in counts})


def _html_cites(cites: tuple[str, ...]) -> str:
    return "".join(f' <cite class="src">[{escape(doc)}]</cite>' for doc in cites)


def _html_sentence(s: Sentence) -> str:
    out = f"<li><span class=\"s\">{escape(s.text)}</span>{_html_cites(s.cites)}"
    if s.quote:
        out += (f"<blockquote>“{escape(s.quote)}”"
                f"{_html_cites((s.quote_doc,))}</blockquote>")
    return out + "</li>"


def render_chart(brief: Brief) -> str:
    """An inline SVG stacked bar chart of the window's events per day by type, with a legend."""
    types = _types(brief)
    width, height, left, bottom, top = 720.0, 220.0, 36.0, 28.0, 10.0
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max([sum(c.values()) for _, c in brief.per_day] + [1])
    bar_w = plot_w / max(1, len(brief.per_day))
    parts = [f'<svg class="chart" viewBox="0 0 {width:.0f} {height + 18 * len(types):.0f}" '
             f'role="img" aria-label="Events per day by type" xmlns="http://www.w3.org/2000/svg">']
    for tick in sorted({0, peak}):
        y = top + plot_h - plot_h * tick / peak
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
                     f'stroke="#ccc"/><text x="{left - 4}" y="{y + 4:.1f}" '
                     f'text-anchor="end" font-size="11">{tick}</text>')
    for n, (day, counts) in enumerate(brief.per_day):
        x = left + n * bar_w
        y = top + plot_h
        for t in types:
            count = counts.get(t, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            colour, _ = event_style(t)
            parts.append(f'<rect x="{x + bar_w * 0.1:.1f}" y="{y:.1f}" '
                         f'width="{bar_w * 0.8:.1f}" height="{h:.1f}" fill="{escape(colour)}">'
                         f"<title>{day.isoformat()}: {escape(t)} × {count}</title></rect>")
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16:.1f}" '
                     f'text-anchor="middle" font-size="11">{day:%d %b}</text>')
    for i, t in enumerate(types):
        y = height + 18 * i
        colour, _ = event_style(t)
        parts.append(f'<rect x="{left}" y="{y - 10:.1f}" width="12" height="12" '
                     f'fill="{escape(colour)}"/><text x="{left + 18}" y="{y:.1f}" '
                     f'font-size="12">{escape(t)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _control_cell(row: ControlRow, n: int, x: float, y: float, w: float, h: float,
                  fill: str, name: str) -> str:
    cell = row.cells[n]
    state = cell.state or "before the baseline"
    # pale when contested or resting on claims only; outlined on the day it changed hands
    faded = ' fill-opacity="0.45"' if cell.state in ("contested", "claimed") else ""
    edge = ' stroke="#222" stroke-width="1.5"' if row.changed(n) else ' stroke="#fff"'
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{escape(fill)}"{faded}{edge}><title>{escape(row.name)}, '
            f"{cell.day:%d %b}: {escape(name)} ({escape(state)})</title></rect>")


def render_control_chart(chart: ControlChart) -> str:
    """An inline SVG grid: key towns down, days across, each cell coloured by its holder."""
    if not chart.rows:
        return '<p class="muted">No key town is known to the control timeline.</p>'
    colours = assign_actor_colours(a for a, _ in chart.holders)
    names = dict(chart.holders)
    width, left, top, row_h = 720.0, 150.0, 22.0, 18.0
    cell_w = (width - left - 10) / len(chart.days)
    step = max(1, -(-40 // max(1, int(cell_w))))  # a day label at most every 40 px
    height = top + row_h * len(chart.rows) + 8
    legend = [*chart.holders, ("", "unknown")]
    parts = [f'<svg class="chart" viewBox="0 0 {width:.0f} {height + 18 * len(legend) + 18:.0f}" '
             'role="img" aria-label="Control of key towns by day" '
             'xmlns="http://www.w3.org/2000/svg">']
    for n, day in enumerate(chart.days):
        if n % step == 0:
            parts.append(f'<text x="{left + (n + 0.5) * cell_w:.1f}" y="{top - 6:.1f}" '
                         f'text-anchor="middle" font-size="11">{day:%d %b}</text>')
    for i, row in enumerate(chart.rows):
        y = top + i * row_h
        weight = ' font-weight="bold"' if row.role == "key" else ""
        parts.append(f'<text x="{left - 6}" y="{y + row_h - 5:.1f}" text-anchor="end" '
                     f'font-size="12"{weight}>{escape(row.name)}</text>')
        for n, cell in enumerate(row.cells):
            fill = colours.get(cell.actor, UNKNOWN_COLOUR) if cell.actor else UNKNOWN_COLOUR
            name = names.get(cell.actor, cell.actor) if cell.actor else "unknown"
            parts.append(_control_cell(row, n, left + n * cell_w, y, cell_w, row_h - 2,
                                       fill, name))
    for j, (actor, name) in enumerate(legend):
        y = height + 18 * j
        fill = colours.get(actor, UNKNOWN_COLOUR)
        parts.append(f'<rect x="{left}" y="{y - 10:.1f}" width="12" height="12" '
                     f'fill="{escape(fill)}"/><text x="{left + 18}" y="{y:.1f}" '
                     f'font-size="12">{escape(name)}</text>')
    parts.append(f'<text x="{left}" y="{height + 18 * len(legend):.1f}" font-size="11" '
                 'fill="#555">Bold: seats and corridor ends. Pale: contested or claimed only. '
                 "Outlined: changed hands that day.</text>")
    parts.append("</svg>")
    return "".join(parts)


_STYLE = """
body { font: 15px/1.5 Georgia, serif; max-width: 52em; margin: 2em auto; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; border-bottom: 1px solid #ccc; }
cite.src { font: 12px/1 system-ui, sans-serif; color: #555; font-style: normal; }
blockquote { margin: 0.3em 0 0.6em 1em; color: #555; font-style: italic; }
.chart { width: 100%; height: auto; }
.muted { color: #777; }
"""


def render_html(brief: Brief, *, generated: datetime | None = None) -> str:
    """The brief as one offline HTML page; all text escaped, a CSP forbids scripts."""
    stamp = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    title = (f"Situation brief: {brief.theater}, {brief.start:%d %B} to "
             f"{brief.end:%d %B %Y}")
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="muted">Generated {stamp} by sitrep from {len(brief.cited)} cited '
            "documents. Every sentence cites its sources as [document id].</p>",
            "<h2>Events per day</h2>", render_chart(brief)]
    if brief.control is not None:
        body += ['<h2 id="control-chart">Control of key towns</h2>',
                 render_control_chart(brief.control)]
        if brief.control.more:
            body.append(f'<p class="muted">And {brief.control.more} more towns that changed '
                        "hands, left out for length.</p>")
    for section in brief.sections:
        body.append(f'<section id="{escape(section.key)}"><h2>{escape(section.title)}</h2>')
        if not section.sentences:
            body.append('<p class="muted">Nothing reported in this window.</p>')
        else:
            body.append("<ul>" + "".join(_html_sentence(s) for s in section.sentences) + "</ul>")
        if section.more:
            body.append(f'<p class="muted">And {section.more} more, left out for length.</p>')
        body.append("</section>")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        + "\n".join(body) + "</body></html>\n"
    )
