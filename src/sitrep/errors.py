"""Errors sitrep raises, one class per stage, all under ``SitrepError``.

    SitrepError
    ├── SettingsError      a setting or settings file is invalid
    ├── IngestError        a document cannot be read (carries the path)
    ├── TheaterError       a theater pack is missing or malformed
    ├── GazetteerError     a gazetteer dump cannot be loaded
    ├── StoreError         the store cannot be opened, migrated or written
    ├── ExportError        an export cannot be written
    ├── ReportError        a report cannot be rendered
    ├── ControlError       a control, corridor or cutoff query is impossible (control/timeline.py)
    ├── QueryError         an API query parameter is invalid (api/query.py)
    ├── BriefError         a situation report cannot be composed (brief/compose.py)
    └── WatchError         a feed file or a feed poll failed (watch/errors.py)
        └── FetchError     one HTTP fetch was refused or failed

The last four live beside the code that raises them, so that importing sitrep does not
import the optional extras (FastAPI, httpx).

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
