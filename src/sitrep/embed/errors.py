"""The error the embedding assist raises (beside its code, so ``sitrep.errors`` stays light)."""

from __future__ import annotations

from sitrep.errors import SitrepError


class EmbedError(SitrepError):
    """The embedding assist was asked for but cannot run (extra missing, bad prototypes)."""
