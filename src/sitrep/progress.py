"""Progress of long CLI runs on stderr: a tqdm bar when tqdm is installed, else a counter line.

Drawn only when the stream is a terminal and the user did not ask for ``--quiet``, so
scripts and logs never see carriage returns. The library never draws: it takes an
``on_progress(done, total)`` callback, and the CLI hands it a :class:`Progress`.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

_REDRAW_S = 0.1  # at most ten frames a second, the last one always


class Progress:
    """A ``(done, total)`` callback that draws one self-rewriting line.

    Args:
        label: the word before the counter, e.g. ``documents``.
        stream: where to draw; stderr by default.
        enabled: False draws nothing (``--quiet``); None draws only on a terminal.
        use_tqdm: try tqdm first (tests turn it off to check the plain line).
    """

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        use_tqdm: bool = True,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        on_tty = bool(isatty()) if callable(isatty) else False
        self.enabled = on_tty if enabled is None else enabled and on_tty
        self._bar: Any = None
        self._use_tqdm = use_tqdm
        # the rate counts from here: documents arrive in batches, so a rate taken between
        # two calls would swing from nothing to thousands a second
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False
        self._width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._use_tqdm and self._bar is None:
            self._start_tqdm(total)
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(done - self._bar.n)
            return
        self._draw(done, total)

    def _start_tqdm(self, total: int) -> None:
        try:
            from tqdm import tqdm
        except ImportError:
            self._use_tqdm = False
            return
        self._bar = tqdm(total=total, unit=" " + self.label, file=self.stream, leave=False)

    def write(self, message: str) -> None:
        """Print one line on the stream without tearing the bar (failures during a run)."""
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
            return
        self.close()
        self.stream.write(message + "\n")
        self.stream.flush()

    def _draw(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_draw < _REDRAW_S:
            return
        self._last_draw = now
        rate = done / (now - self._started) if now > self._started else 0.0
        pct = f" {100 * done // total:3d}%" if total else ""
        eta = f", {(total - done) / rate:.0f}s left" if rate > 0 and total > done else ""
        line = f"{self.label} {done}/{total}{pct} ({rate:.1f}/s{eta})"
        pad = " " * max(0, self._width - len(line))
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self._width = len(line)
        self._drawn = True

    def close(self) -> None:
        """Erase the line so the summary that follows starts at column 0."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._drawn:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._drawn = False
            self._last_draw = 0.0  # the next call draws again at once

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
