"""API load test: N clients against ``sitrep serve`` on 127.0.0.1 over a store of generated events.

Run ``.venv/bin/python bench/bench_api.py`` (``make bench`` runs it too; needs the serve
extra). It writes a store of ``--events`` generated fused events (kept in ``out/`` and reused),
starts ``sitrep serve`` in a subprocess on a free port, runs ``--clients`` threads for
``--seconds`` seconds, each looping over a mix of queries (first page, filters by type, actor,
bbox, date range, text search, deep offsets, one event, control on a day), and prints the
p50/p95/p99 latency per query and overall, requests/s and errors. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402

from sitrep.models import Event, Place, PlaceLevel, SourceRef, TimeSpan  # noqa: E402
from sitrep.store import Store  # noqa: E402

TYPES = ("Battles", "Explosions/Remote violence", "Displacement", "Strategic developments",
         "Violence against civilians")
ACTORS = ("hts", "syria-gov", "russia", "sna", "sdf", "israel", "turkey", "civilians")
WORDS = ("rebels", "captured", "shelling", "airstrikes", "fled", "convoy", "checkpoint",
         "bridge", "monitor", "offensive", "withdrew", "drones", "hospital", "market")
START = date(2024, 11, 27)


def generate(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    events = []
    for n in range(count):
        day = START + timedelta(days=rng.randrange(12))
        lat, lon = rng.uniform(32.5, 37.0), rng.uniform(35.8, 41.5)
        quote = " ".join(rng.choice(WORDS) for _ in range(12)) + "."
        events.append(Event(
            event_id=f"e-{n:08x}", event_type=rng.choice(TYPES), sub_event_type="Armed clash",
            actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS),
            place=Place(id=f"gn:{9_000_000 + n % 5000}", name=f"Town {n % 5000}",
                        level=PlaceLevel.SETTLEMENT, lat=lat, lon=lon, country="iso:SY"),
            time=TimeSpan.exact(day),
            sources=(SourceRef(doc_id=f"doc{n % 20000}", start=0, end=len(quote), quote=quote),),
        ))
    with Store(path) as store:
        store.replace_fused(events=events, control=[], relations=[])
        store.set_meta("theater", "syria")
        store.set_meta("bench_events", str(count))


def analysed(path: Path) -> bool:
    """Whether the store has the planner statistics fusion leaves (``sqlite_stat1``)."""
    with closing(sqlite3.connect(path)) as db:
        found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        return found is not None and db.execute("SELECT 1 FROM sqlite_stat1").fetchone() is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def queries(rng: random.Random, total: int) -> tuple[str, str]:
    kind = rng.choice(["page", "type", "actor", "bbox", "dates", "q", "offset", "event",
                       "control"])
    day = (START + timedelta(days=rng.randrange(12))).isoformat()
    if kind == "page":
        return kind, "/events"
    if kind == "type":
        return kind, f"/events?event_type={rng.choice(TYPES)}&limit=50"
    if kind == "actor":
        return kind, f"/events?actor={rng.choice(ACTORS)}&limit=50"
    if kind == "bbox":
        lon, lat = rng.uniform(36, 40), rng.uniform(33, 36)
        return kind, f"/events?bbox={lon},{lat},{lon + 0.5},{lat + 0.5}&limit=50"
    if kind == "dates":
        return kind, f"/events?date_from={day}&date_to={day}&limit=50"
    if kind == "q":
        return kind, f"/events?q={rng.choice(WORDS)}+{rng.choice(WORDS)}&limit=20"
    if kind == "offset":
        return kind, f"/events?offset={rng.randrange(max(1, total - 100))}&limit=100"
    if kind == "event":
        return kind, f"/events/e-{rng.randrange(total):08x}"
    return kind, f"/control?date={day}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--db", type=Path, default=ROOT / "out" / "bench_api.db")
    args = parser.parse_args()

    made = None
    if args.db.exists():
        with Store(args.db) as store:
            made = store.get_meta("bench_events")
    # A store written before fusion ran ANALYZE has no statistics, and SQLite then picks a
    # plan that sorts every fused row per page: regenerate it rather than measure that.
    if made != str(args.events) or not analysed(args.db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
        started = time.perf_counter()
        generate(args.db, args.events)
        print(f"generated {args.events} events in {time.perf_counter() - started:.1f}s")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sitrep.cli", "-q", "serve", "--db", str(args.db),
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start: {server.stderr.read().decode()[-500:]}"
                                 if server.stderr else "server did not start")
            time.sleep(0.2)
        httpx.get(base + "/events?q=rebels", timeout=120)  # builds the quote index once
        httpx.get(base + "/control", timeout=120)  # builds the control timeline once

        timings: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, timeout=30) as http:
                while time.monotonic() < stop:
                    kind, url = queries(rng, args.events)
                    t0 = time.perf_counter()
                    try:
                        ok = http.get(url).status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    took = time.perf_counter() - t0
                    with lock:
                        timings[kind].append(took)
                        if not ok:
                            errors[kind] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=10)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    every = [t for ts in timings.values() for t in ts]
    print(f"API load: {args.events} events, {args.clients} clients, {args.seconds:.0f}s, "
          f"{len(every) / args.seconds:.0f} req/s, {sum(errors.values())} errors")
    print(f"{'query':8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in sorted(timings):
        ts = timings[kind]
        print(f"{kind:8} {len(ts):6d} {pct(ts, 0.5):8.1f} {pct(ts, 0.95):8.1f} "
              f"{pct(ts, 0.99):8.1f}  errors {errors[kind]}")
    print(f"{'all':8} {len(every):6d} {pct(every, 0.5):8.1f} {pct(every, 0.95):8.1f} "
          f"{pct(every, 0.99):8.1f}  mean {statistics.fmean(every) * 1000:.1f}")


if __name__ == "__main__":
    main()
