"""The HTTP API and web page: ``sitrep serve`` (needs the ``serve`` extra: fastapi, uvicorn).

FastAPI is imported only when ``create_app`` is first used, so the rest of sitrep (and the
``serve`` command's registration) works without the extra. The query layer
(:mod:`sitrep.api.query`) needs only SQLite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.api.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from sitrep.api.app import create_app

        return create_app
    raise AttributeError(f"module 'sitrep.api' has no attribute {name!r}")
