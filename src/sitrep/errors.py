"""Errors sitrep raises, one class per stage, all under ``SitrepError``.

    SitrepError
    ├── SettingsError      a setting or settings file is invalid
    ├── IngestError        a document cannot be read (carries the path)
    ├── TheaterError       a theater pack is missing or malformed
    ├── GazetteerError     a gazetteer dump cannot be loaded
    ├── StoreError         the store cannot be opened, migrated or written
    ├── ExportError        an export cannot be written
    └── ReportError        a report cannot be rendered

Messages are one line a user can act on: what failed, where, and why.
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class SettingsError(SitrepError):
    pass


class IngestError(SitrepError):
    """A document could not be read; ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class TheaterError(SitrepError):
    pass


class GazetteerError(SitrepError):
    pass


class StoreError(SitrepError):
    pass


class ExportError(SitrepError):
    pass


class ReportError(SitrepError):
    pass
