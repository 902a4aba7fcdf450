"""Apply the event-sentence scores to per-document results, before cross-document fusion."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitrep.embed.typer import EventTyper, SentenceJudgement
from sitrep.extract.events import with_id
from sitrep.models import DocResult, Event

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistStats:
    """What the assist changed in one batch."""

    sentences: int = 0
    vetoed: int = 0
    retyped: int = 0


def _sentence_key(event: Event) -> tuple[str, int, int] | None:
    if not event.sources:
        return None
    s = event.sources[0]
    return (s.doc_id, s.start, s.end)


def _judged(
    event: Event, typer: EventTyper, j: SentenceJudgement, single_kind: bool
) -> Event | None:
    """The event as the scores leave it: ``None`` when vetoed, maybe with another sub-type."""
    margins = typer.margins
    if j.margin_none() >= margins.veto:
        return None
    if not single_kind:  # several kinds from one sentence: the whole sentence cannot pick one
        return event
    ruled = typer.index_of(event.event_type, event.sub_event_type)
    if ruled is None or j.best_event == ruled:
        return event
    if j.scores[j.best_event] - j.scores[ruled] < margins.retype:
        return event
    best = typer.outcomes[j.best_event]
    note = f"embed: was {event.event_type} / {event.sub_event_type}"
    return with_id(replace(
        event,
        event_type=best.event_type,
        sub_event_type=best.sub_event_type,
        notes=f"{event.notes}; {note}" if event.notes else note,
    ))


def assist_results(
    results: Sequence[DocResult], *, typer: EventTyper
) -> tuple[list[DocResult], AssistStats]:
    """Veto or re-type the events of ``results``, embedding all their sentences in one batch.

    An event is dropped when its sentence reads much more like background, a prediction, an
    opinion, a denial, a question or a toll than like any event (``Margins.veto``). Its
    sub-type is replaced when the sentence gave one kind of event and another sub-type's
    prototypes fit it much better (``Margins.retype``). Control changes and relations are
    left as they are.
    """
    quotes: dict[tuple[str, int, int], str] = {}
    kinds: dict[tuple[str, int, int], set[tuple[str, str]]] = {}
    for result in results:
        for event in result.events:
            key = _sentence_key(event)
            if key is not None:
                quotes.setdefault(key, event.sources[0].quote)
                kinds.setdefault(key, set()).add((event.event_type, event.sub_event_type))
    keys = list(quotes)
    judgements = dict(zip(keys, typer.judge([quotes[k] for k in keys]), strict=True))
    vetoed = retyped = 0
    out: list[DocResult] = []
    for result in results:
        kept: list[Event] = []
        for event in result.events:
            key = _sentence_key(event)
            if key is None:
                kept.append(event)
                continue
            new = _judged(event, typer, judgements[key], len(kinds[key]) == 1)
            if new is None:
                vetoed += 1
                log.debug("vetoed %s %s: %r", event.event_type, event.sub_event_type,
                          quotes[key][:80])
                continue
            if new is not event:
                retyped += 1
            kept.append(new)
        out.append(replace(result, events=tuple(kept)) if len(kept) != len(result.events)
                   or any(a is not b for a, b in zip(kept, result.events, strict=True))
                   else result)
    return out, AssistStats(sentences=len(keys), vetoed=vetoed, retyped=retyped)
