"""The situation brief: ``sitrep brief`` writes Markdown or HTML from the store, every
sentence citing its sources; extractive and template-based."""

from sitrep.brief.compose import Brief, BriefError, Section, Sentence, compose_brief
from sitrep.brief.controlchart import ControlCell, ControlChart, ControlRow, chart_control
from sitrep.brief.render import render_chart, render_control_chart, render_html, render_markdown
from sitrep.brief.store import brief_from_store

__all__ = [
    "Brief",
    "BriefError",
    "ControlCell",
    "ControlChart",
    "ControlRow",
    "Section",
    "Sentence",
    "brief_from_store",
    "chart_control",
    "compose_brief",
    "render_chart",
    "render_control_chart",
    "render_html",
    "render_markdown",
]
