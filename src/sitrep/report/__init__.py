"""The situation report: one self-contained, offline HTML page."""

from sitrep.report.html import render_report

__all__ = ["render_report"]
