"""The stages in order, and ``run_pipeline``.

ingest -> clean -> mentions (actors, persons, places) -> dates -> extract (events, control
changes, relations) -> store, per document; then fuse across documents -> store.

Each document is saved in its own transaction as soon as it is processed, so an interrupted
run resumes where it stopped, and a re-run skips documents whose content is already stored.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.clean import clean_article
from sitrep.extract.context import DocContext, organisation_of
from sitrep.extract.events import EventExtractor, stable_id, with_id
from sitrep.extract.lexicon import default_lexicon
from sitrep.extract.relations import RelationExtractor
from sitrep.fuse import fuse_control, fuse_events, fuse_relations
from sitrep.geo.gazetteer import Gazetteer
from sitrep.ingest import Meta, content_hash, load_meta, read_inputs
from sitrep.models import (
    ActorType,
    Article,
    ControlChange,
    DocResult,
    Document,
    Event,
    Failure,
    MentionKind,
    Relation,
)
from sitrep.nlp.mentions import MentionFinder
from sitrep.sentences import split_sentences
from sitrep.settings import Settings
from sitrep.store import Store
from sitrep.temporal import find_dates, loosen_relative, reference_date
from sitrep.theater import Theater, available_theaters, load_theater

if TYPE_CHECKING:
    from sitrep.embed import EventTyper

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStats:
    """What a run did."""

    read: int
    processed: int
    unchanged: int
    failed: int
    events: int
    control: int
    relations: int
    seconds: float
    failures: tuple[Failure, ...] = ()


class Pipeline:
    """The per-document stages, built once per process for one theater."""

    def __init__(
        self, theater: Theater, *, gazetteer: Gazetteer | None = None, embed: bool = False
    ) -> None:
        self.theater = theater
        self.embed = embed  # the optional embedding assist (sitrep.embed), loaded on first use
        self._typer: EventTyper | None = None
        self.gazetteer = gazetteer or Gazetteer.build(theater)
        self.finder = MentionFinder(theater, self.gazetteer)
        lexicon = default_lexicon()
        self.events = EventExtractor(lexicon)
        self.relations = RelationExtractor(lexicon)

    def on_topic(self, text: str) -> bool:
        """Whether a paragraph is about the theater: it names one of its places or parties."""
        country = self.theater.country
        for m in self.finder.find("", text):
            if m.kind is MentionKind.PLACE:
                place = self.gazetteer.get(m.id)
                if place is not None and (place.id == country or place.country == country):
                    return True
            else:
                actor_id = organisation_of(self.theater, m.id) or m.id
                actor = self.theater.actors.get(actor_id)
                if actor is None or actor.country not in {None, country}:
                    continue
                if actor.side is not None or actor.type in {ActorType.REBEL, ActorType.MILITIA}:
                    return True
        return False

    def assist(self, results: list[DocResult]) -> list[DocResult]:
        """Check the events of a few documents with sentence embeddings (``Settings.embed``).

        The model loads here, on first use, so each worker process loads its own once.
        """
        if not self.embed or not results:
            return results
        from sitrep.embed import EventTyper, assist_results

        if self._typer is None:
            self._typer = EventTyper.load()
        checked, stats = assist_results(results, typer=self._typer)
        log.debug("embedding assist: %d sentences, %d events vetoed, %d re-typed",
                  stats.sentences, stats.vetoed, stats.retyped)
        return checked

    def clean(self, article: Article) -> Document:
        return clean_article(article, on_topic=self.on_topic)

    def process(self, article: Article) -> DocResult:
        """Run every per-document stage on one article."""
        doc = self.clean(article)
        mentions = self.finder.find(doc.doc_id, doc.text)
        warnings: list[str] = []
        reference = doc.published
        if reference is None:  # fall back to the latest day the text names, and say so
            reference = reference_date(doc.text, around=self.theater.start)
            warnings.append(
                "no publication date and no calendar day in the text: relative dates are left"
                " unresolved" if reference is None else
                f"no publication date: relative dates count from {reference.isoformat()}, the"
                " latest day the text names, with week precision"
            )
        dates = find_dates(doc.text, published=reference)
        if doc.published is None:
            dates = loosen_relative(dates)
        ctx = DocContext(
            document=doc,
            sentences=split_sentences(doc.text),
            mentions=list(mentions),
            dates=dates,
            theater=self.theater,
            gazetteer=self.gazetteer,
            reference=reference,
        )
        events, control = self.events.extract(ctx)
        relations = self.relations.from_events(ctx, events, self.relations.extract(ctx))
        return DocResult(
            document=doc,
            mentions=tuple(ctx.mentions),
            events=tuple(with_id(e) for e in events),
            control=tuple(
                replace(c, change_id=stable_id("c", doc.doc_id, c.place.id, c.to_actor, c.sources[0].start))
                for c in control
            ),
            relations=tuple(relations),
            warnings=tuple(warnings),
        )


def detect_theater(articles: Sequence[Article]) -> str:
    """Pick the pack whose country and parties the documents name most often."""
    names = available_theaters()
    if len(names) == 1:
        return names[0]
    best, best_score = names[0], -1
    sample = " ".join(a.raw[:4000] for a in articles[:50]).lower()
    for name in names:
        theater = load_theater(name)
        words = {a.name.lower() for a in theater.actors.values()}
        words |= {alias.lower() for a in theater.actors.values() for alias in a.aliases if len(alias) > 3}
        score = sum(sample.count(w) for w in words)
        if score > best_score:
            best, best_score = name, score
    return best


@dataclass(frozen=True, slots=True, kw_only=True)
class _Saved:
    """What the run loop needs back from a saved document: the output to fuse."""

    doc_id: str
    events: tuple[Event, ...]
    control: tuple[ControlChange, ...]
    relations: tuple[Relation, ...]


_Outcome = _Saved | Failure
_Job = tuple[Article, str]  # an article and its content hash


def _process_chunk(pipeline: Pipeline, store: Store, chunk: Sequence[_Job]) -> list[_Outcome]:
    """Process a few documents and save them in one store transaction.

    Each process saves what it extracts itself, so the store's row building runs on every
    core and only the facts to fuse travel back to the run loop.
    """
    outcomes: list[_Outcome] = []
    results = [(_safe_process(pipeline, article), digest) for article, digest in chunk]
    if pipeline.embed:  # one batch of sentences per chunk
        done = iter(pipeline.assist([r for r, _ in results if not isinstance(r, Failure)]))
        results = [(r if isinstance(r, Failure) else next(done), d) for r, d in results]
    with store.batch():  # only now: the write lock is held for the saving alone
        for result, digest in results:
            if isinstance(result, Failure):
                store.record_failure(result)
                outcomes.append(result)
                continue
            store.save_result(result, content_hash=digest)
            outcomes.append(
                _Saved(
                    doc_id=result.document.doc_id,
                    events=result.events,
                    control=result.control,
                    relations=result.relations,
                )
            )
    return outcomes


_WORKER: Pipeline | None = None
_WORKER_DB: str = ""
_WORKER_STORE: Store | None = None


def _chunk_in_worker(chunk: Sequence[_Job]) -> list[_Outcome]:
    global _WORKER_STORE
    if _WORKER is None:  # the pool is forked after the parent built the pipeline
        return [
            Failure(path=a.source_path, reason="worker has no pipeline", doc_id=a.doc_id)
            for a, _ in chunk
        ]
    if _WORKER_STORE is None:  # one connection per worker, opened after the fork
        _WORKER_STORE = Store(_WORKER_DB)
    return _process_chunk(_WORKER, _WORKER_STORE, chunk)


def _safe_process(pipeline: Pipeline, article: Article) -> DocResult | Failure:
    try:
        return pipeline.process(article)
    except (ValueError, KeyError, IndexError, RecursionError) as e:
        log.exception("processing %s failed", article.source_path)
        return Failure(
            path=article.source_path,
            reason=f"processing failed: {type(e).__name__}: {e}",
            doc_id=article.doc_id,
        )


def _chunks(jobs: Sequence[_Job], size: int) -> Iterator[Sequence[_Job]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


def _outcomes(
    pipeline: Pipeline, store: Store, jobs: Sequence[_Job], *, workers: int, chunk: int
) -> Iterator[_Outcome]:
    if workers <= 1:
        for part in _chunks(jobs, chunk):
            yield from _process_chunk(pipeline, store, part)
        return
    global _WORKER, _WORKER_DB, _WORKER_STORE
    _WORKER, _WORKER_DB, _WORKER_STORE = pipeline, store.path, None
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for outcomes in pool.map(_chunk_in_worker, _chunks(jobs, chunk)):
            yield from outcomes


def run_pipeline(
    inputs: Sequence[str | Path],
    *,
    db: str | Path,
    settings: Settings | None = None,
    meta_path: str | Path | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunStats:
    """Read, process, store and fuse a batch of documents.

    Args:
        inputs: files and folders to read.
        db: the SQLite store to write (created if missing).
        settings: run settings; defaults otherwise.
        meta_path: a JSON sidecar of metadata keyed by document id.
        on_failure: called for each document that fails (the CLI prints it).
        on_progress: called with (done, total) after each new document is saved or fails
            (the CLI draws a progress bar); unchanged documents are not counted.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    meta: dict[str, Meta] = load_meta(meta_path) if meta_path else {}
    failures: list[Failure] = []

    def fail(f: Failure) -> None:
        failures.append(f)
        store.record_failure(f)
        if on_failure:
            on_failure(f)

    with Store(db) as store:
        todo: list[tuple[Article, str]] = []
        read = unchanged = 0
        for item in read_inputs(inputs, meta=meta, max_bytes=settings.max_bytes):
            if isinstance(item, Failure):
                fail(item)
                continue
            read += 1
            digest = content_hash(
                item.raw + repr(meta.get(item.doc_id)) + ("|embed" if settings.embed else "")
            )
            if store.has_document(item.doc_id, digest):
                unchanged += 1
                continue
            todo.append((item, digest))
        name = settings.theater
        if name == "auto":
            name = store.get_meta("theater") or detect_theater([a for a, _ in todo])
        theater = load_theater(name)
        store.set_meta("theater", theater.name)
        if settings.embed and todo:
            from sitrep.embed import check_available

            check_available()  # fail before any work when the extra is missing
        processed = 0
        extracted: tuple[list[Event], list[ControlChange], list[Relation]] = ([], [], [])
        if todo:
            cache = Path(settings.cache_dir) if settings.cache_dir else None
            pipeline = Pipeline(
                theater, gazetteer=Gazetteer.build(theater, cache=cache), embed=settings.embed
            )
            workers = settings.workers or min(2, os.cpu_count() or 1)
            if len(todo) < settings.parallel_threshold:
                workers = 1
            outcomes = _outcomes(
                pipeline, store, todo, workers=workers, chunk=settings.batch_size
            )
            for done, outcome in enumerate(outcomes, start=1):
                if on_progress:
                    on_progress(done, len(todo))
                if isinstance(outcome, Failure):
                    failures.append(outcome)  # the process that met it has recorded it
                    if on_failure:
                        on_failure(outcome)
                    continue
                processed += 1
                extracted[0].extend(outcome.events)
                extracted[1].extend(outcome.control)
                extracted[2].extend(outcome.relations)
        log.info("processed %d documents in %.1f s", processed, time.perf_counter() - started)
        counts = store.get_meta("fused_counts")
        if processed == 0 and counts:  # nothing new: the fused tables are up to date
            events, control, relations = (int(x) for x in counts.split(","))
        else:
            # a store that holds only this run's documents: fuse what is in memory
            fresh = unchanged == 0 and store.document_count() == processed
            fusing = time.perf_counter()
            events, control, relations = fuse_store(store, extracted if fresh else None)
            store.set_meta("fused_counts", f"{events},{control},{relations}")
            log.info("fused into %d events, %d control changes, %d relations in %.1f s",
                     events, control, relations, time.perf_counter() - fusing)
    return RunStats(
        read=read,
        processed=processed,
        unchanged=unchanged,
        failed=len(failures),
        events=events,
        control=control,
        relations=relations,
        seconds=time.perf_counter() - started,
        failures=tuple(failures),
    )


def fuse_store(
    store: Store,
    extracted: tuple[list[Event], list[ControlChange], list[Relation]] | None = None,
) -> tuple[int, int, int]:
    """Fuse every stored document's output into the store's cross-document tables.

    ``extracted`` is that output when the caller holds all of it already (a run into a
    fresh store); otherwise it is read from the store.
    """
    events, control, relations = extracted if extracted is not None else store.extracted()
    fused_events = fuse_events(events)
    fused_control = fuse_control(c for c in control if c.place.changes_hands)
    fused_relations = fuse_relations(relations)
    store.replace_fused(events=fused_events, control=fused_control, relations=fused_relations)
    return len(fused_events), len(fused_control), len(fused_relations)
