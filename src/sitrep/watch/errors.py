"""Errors of ``sitrep watch``, under ``SitrepError``.

    SitrepError
    └── WatchError         the feeds file or a watch setting is invalid
        └── FetchError     one URL could not be fetched (carries the URL)

A ``FetchError`` never stops a watch: the loop records it, backs off and goes on.
"""

from __future__ import annotations

from sitrep.errors import SitrepError


class WatchError(SitrepError):
    pass


class FetchError(WatchError):
    """``url`` could not be fetched; ``reason`` says why in one line.

    ``transient`` errors (timeouts, 5xx, connection failures) are worth retrying later;
    the others (refused by the guard, too large, 404) are not. ``retry_after`` is the pause in
    seconds the server asked for (a 429 or 503 with ``Retry-After``), or what is left of it;
    ``held`` means no request was sent because the host is still in such a pause.
    """

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        transient: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
        held: bool = False,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient
        self.status = status  # the HTTP status when the server answered with an error
        self.retry_after = retry_after
        self.held = held
