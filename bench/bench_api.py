"""API load test: N clients against ``sitrep serve`` on 127.0.0.1 over a store of generated events.

Run ``.venv/bin/python bench/bench_api.py`` (``make bench`` runs it too; needs the serve
extra). It writes a store of ``--events`` generated fused events (kept in ``out/`` and reused),
starts ``sitrep serve`` in a subprocess on a free port and runs ``--clients`` clients for
``--seconds`` seconds in two modes, each client drawing random queries from a mix (first
page, filters by type, actor, bbox, date range, text search, deep offsets, one event, control
on a day):

- closed loop: each client sends its next request as soon as the last one is answered, so
  the figures say how fast the server answers when it is saturated;
- paced (open loop): each client sends at a fixed rate (``--rate`` requests/s over all
  clients), and latency counts from the time the request was due, so a server that falls
  behind is charged for the queue it builds (no coordinated omission).

The clients are coroutines of one asyncio loop speaking HTTP/1.1 over raw keep-alive
sockets, so the load generator takes little of the CPU it shares with the server. It prints
the p50/p95/p99 latency per query and overall, requests/s and errors. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

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
    """A random query: its kind and its path with the query string encoded."""
    kind = rng.choice(["page", "type", "actor", "bbox", "dates", "q", "offset", "event",
                       "control"])
    day = (START + timedelta(days=rng.randrange(12))).isoformat()
    params: dict[str, object]
    if kind == "page":
        return kind, "/events"
    if kind == "event":
        return kind, f"/events/e-{rng.randrange(total):08x}"
    if kind == "control":
        return kind, f"/control?date={day}"
    if kind == "type":
        params = {"event_type": rng.choice(TYPES), "limit": 50}
    elif kind == "actor":
        params = {"actor": rng.choice(ACTORS), "limit": 50}
    elif kind == "bbox":
        lon, lat = rng.uniform(36, 40), rng.uniform(33, 36)
        params = {"bbox": f"{lon},{lat},{lon + 0.5},{lat + 0.5}", "limit": 50}
    elif kind == "dates":
        params = {"date_from": day, "date_to": day, "limit": 50}
    elif kind == "q":
        params = {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}", "limit": 20}
    else:
        params = {"offset": rng.randrange(max(1, total - 100)), "limit": 100}
    return kind, "/events?" + urlencode(params)


def get(base: str, path: str, timeout: float = 120) -> int:
    """One GET with a fresh connection (setup only; the load itself uses :class:`_Conn`)."""
    try:
        return httpx.get(base + path, timeout=timeout).status_code
    except httpx.TransportError:
        return 0


class _Conn:
    """One keep-alive HTTP/1.1 connection: send a GET, read the status and the whole body."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.reader, self.writer
        if reader is None:
            raise ConnectionError("not connected")
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:
            raise ConnectionError("response without a length")
        if headers.get("connection") == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


Timings = dict[str, list[float]]


async def load(port: int, *, clients: int, seconds: float, events: int,
               rate: float | None) -> tuple[Timings, dict[str, int], float]:
    """Run ``clients`` clients for ``seconds``; closed loop if ``rate`` is None, else paced.

    Returns the latencies (s) and error counts per query kind, and the elapsed time.
    """
    timings: Timings = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    loop = asyncio.get_running_loop()
    start = loop.time()
    stop = start + seconds

    async def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = _Conn(port)
        interval = clients / rate if rate else 0.0
        due = start + rng.uniform(0, interval)  # spread the clients' phases
        try:
            while True:
                if rate:
                    if due >= stop:
                        break
                    if loop.time() >= stop:  # behind schedule at the end: count what is left
                        errors["unsent"] += int((stop - due) / interval) + 1
                        break
                    if due > loop.time():
                        await asyncio.sleep(due - loop.time())
                    sent = due
                    due += interval
                else:
                    sent = loop.time()
                    if sent >= stop:
                        break
                kind, url = queries(rng, events)
                try:
                    ok = await asyncio.wait_for(conn.get(url), 30) == 200
                except (TimeoutError, OSError, asyncio.IncompleteReadError,
                        asyncio.LimitOverrunError, ValueError):
                    conn.close()
                    ok = False
                # paced: from when the request was due, so a queue at the server shows
                timings[kind].append(loop.time() - sent)
                if not ok:
                    errors[kind] += 1
        finally:
            conn.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return timings, errors, loop.time() - start


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(title: str, timings: Timings, errors: dict[str, int], elapsed: float) -> None:
    every = [t for ts in timings.values() for t in ts]
    if not every:
        print(f"{title}: no request completed")
        return
    unsent = errors.get("unsent", 0)
    print(f"{title}: {len(every) / elapsed:.0f} req/s, {sum(errors.values()) - unsent} errors"
          + (f", {unsent} due requests never sent (the server fell behind)" if unsent else ""))
    print(f"{'query':8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in sorted(timings):
        ts = timings[kind]
        print(f"{kind:8} {len(ts):6d} {pct(ts, 0.5):8.1f} {pct(ts, 0.95):8.1f} "
              f"{pct(ts, 0.99):8.1f}  errors {errors[kind]}")
    print(f"{'all':8} {len(every):6d} {pct(every, 0.5):8.1f} {pct(every, 0.95):8.1f} "
          f"{pct(every, 0.99):8.1f}  mean {statistics.fmean(every) * 1000:.1f}")


def cpu_load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ", 1)[0]
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=100.0,
                        help="requests/s over all clients in the paced run (default 100)")
    parser.add_argument("--mode", choices=("both", "closed", "paced"), default="both")
    parser.add_argument("--workers", type=int, default=None,
                        help="passed to sitrep serve --workers (default: its own)")
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
    command = [sys.executable, "-m", "sitrep.cli", "-q", "serve", "--db", str(args.db),
               "--port", str(port)]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    runs = [m for m in ("closed", "paced") if args.mode in (m, "both")]
    try:
        deadline = time.monotonic() + 120
        while get(base, "/openapi.json", timeout=2) != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start: {server.stderr.read().decode()[-500:]}"
                                 if server.stderr else "server did not start")
            time.sleep(0.2)
        for _ in range(max(1, args.workers or 1) * 2):  # every worker builds its indexes once
            get(base, "/events?q=rebels")
            get(base, "/control")
        for title in runs:
            rate = args.rate if title == "paced" else None
            before = cpu_load()
            timings, errors, elapsed = asyncio.run(load(
                port, clients=args.clients, seconds=args.seconds, events=args.events, rate=rate))
            what = (f"{args.rate:.0f} req/s offered" if rate else "each sends on the last reply")
            report(f"API load, {title}: {args.events} events, {args.clients} clients ({what}), "
                   f"{args.seconds:.0f}s, load average {before} before, {cpu_load()} after",
                   timings, errors, elapsed)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
