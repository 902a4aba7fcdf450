"""Throughput benchmark of the whole pipeline on a generated corpus of 3-5 KB reports.

Run ``make bench`` (10,000 documents) or ``.venv/bin/python bench/bench.py --quick`` (500).
It prints a table and writes the same figures to ``out/bench.json``. Nothing here asserts
on time: the figures are for people to read (see bench/README.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sitrep.pipeline import RunStats, run_pipeline  # noqa: E402
from sitrep.sentences import split_sentences  # noqa: E402
from sitrep.settings import Settings  # noqa: E402

THEATER = "syria"
CONTROL_CSV = ROOT / "src" / "sitrep" / "theaters" / THEATER / "control.csv"
START = date(2024, 11, 27)
END = date(2024, 12, 8)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Who does what: several spellings per party, as wires write them.
REBELS = (
    "Hayat Tahrir al-Sham",
    "HTS",
    "the rebel coalition",
    "Islamist-led insurgents",
    "opposition fighters",
    "the Syrian National Army",
    "Turkish-backed factions",
    "fighters of the Southern Operations Room",
    "the Military Operations Command",
)
GOVERNMENT = (
    "the Syrian army",
    "government forces",
    "troops loyal to Bashar al-Assad",
    "pro-government militias",
    "the regime's Fourth Division",
    "Syrian soldiers",
)
OTHERS = (
    "the Syrian Democratic Forces",
    "Kurdish-led SDF fighters",
    "Hezbollah",
    "Iraqi Shia militias",
    "Russian warplanes",
    "Israeli jets",
    "Islamic State cells",
)
SOURCES = (
    "the Syrian Observatory for Human Rights said",
    "a war monitor reported",
    "state news agency SANA said",
    "residents told reporters",
    "a rebel commander said",
    "a military source said",
    "rescue workers said",
    "the United Nations said",
    "activists said",
)
OUTLETS = ("Reuters", "AFP", "AP", "Al Jazeera", "BBC", "Middle East Eye", "The National")
CAPTIONS = (
    "Fighters ride a pickup truck on the outskirts of {town}.",
    "Smoke rises over {town} after an air strike.",
    "Residents gather in a square in {town}.",
    "A destroyed tank lies on a road near {town}.",
    "Displaced families leave {town} by car.",
)
RELATIVE = ("on {weekday}", "late on {weekday}", "overnight", "yesterday", "today",
            "earlier this week", "two days ago", "on {weekday} morning", "last night")
VERBS_TAKE = ("captured", "seized", "took control of", "entered", "overran", "stormed")
VERBS_ATTACK = ("shelled", "struck", "bombed", "attacked", "pounded", "hit")
VERBS_LOSE = ("withdrew from", "pulled out of", "retreated from", "abandoned")
ADJECTIVES = ("fierce", "heavy", "sporadic", "intense", "renewed", "deadly", "overnight")
SYLLABLES = ("al", "ba", "ka", "tel", "mar", "deir", "kafr", "jis", "ra", "sha", "hu",
             "zan", "nab", "qas", "mu", "sal", "fa", "ri", "dun", "har")
FIRST = ("Lina", "Omar", "Sami", "Hadi", "Rana", "Yusuf", "Maya", "Karim", "Nour", "Ziad")
LAST = ("Haddad", "Khalil", "Nasser", "Saleh", "Darwish", "Aziz", "Mansour", "Rahal")


@dataclass(frozen=True, slots=True, kw_only=True)
class Timing:
    """How long one pass over the corpus took."""

    seconds: float
    docs: int
    megabytes: float
    cpu_seconds: float = 0.0  # CPU time of this process and its workers during the pass
    sentences: int = 0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_doc(self) -> float:
        return 1000 * self.cpu_seconds / self.docs if self.docs else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0


def load_towns() -> list[str]:
    with CONTROL_CSV.open(encoding="utf-8") as fh:
        return [row["place_name"] for row in csv.DictReader(fh)]


class ReportWriter:
    """Writes one made-up report from templates; seeded, so a corpus is reproducible."""

    def __init__(self, rng: random.Random, towns: list[str], *, event_share: float) -> None:
        self.rng = rng
        self.towns = towns
        self.event_share = event_share  # the share of sentences written from EVENT templates

    def village(self) -> str:
        """An invented village name, so that no cache sees the same names over and over."""
        parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))]
        return "".join(parts).capitalize()

    def when(self, published: date) -> str:
        r = self.rng.random()
        if r < 0.5:
            day = published - timedelta(days=self.rng.randint(0, 3))
            return self.rng.choice(RELATIVE).format(weekday=WEEKDAYS[day.weekday()])
        if r < 0.8:
            day = START + timedelta(days=self.rng.randint(0, (END - START).days))
            return f"on {day.strftime('%B')} {day.day}"
        return ""

    def sentence(self, published: date) -> str:
        rng = self.rng
        town, other = rng.sample(self.towns, 2)
        n = rng.randint(2, 400)
        when = self.when(published)
        src = rng.choice(SOURCES)
        picks = {
            "rebel": rng.choice(REBELS),
            "gov": rng.choice(GOVERNMENT),
            "other": rng.choice(OTHERS),
            "town": town,
            "other_town": other,
            "village": self.village(),
            "n": n,
            "m": rng.randint(1, 60),
            "km": rng.randint(2, 45),
            "when": when,
            "src": src,
            "take": rng.choice(VERBS_TAKE),
            "attack": rng.choice(VERBS_ATTACK),
            "lose": rng.choice(VERBS_LOSE),
            "adj": rng.choice(ADJECTIVES),
        }
        template = rng.choice(TEMPLATES if rng.random() < self.event_share else CONTEXT)
        text = template.format(**picks)
        text = re.sub(r"\s+([,.])", r"\1", re.sub(r" {2,}", " ", text)).strip()
        return text[0].upper() + text[1:]

    def report(self, published: date, *, target: int) -> str:
        rng = self.rng
        town = rng.choice(self.towns)
        head = rng.choice(HEADLINES).format(
            rebel=rng.choice(REBELS), town=town, take=rng.choice(VERBS_TAKE), n=rng.randint(5, 300)
        )
        lines = [head[0].upper() + head[1:]]
        if rng.random() < 0.7:
            lines.append(f"By {rng.choice(FIRST)} {rng.choice(LAST)}")
        lines.append(f"{rng.choice(('BEIRUT', 'DAMASCUS', 'ISTANBUL', 'AMMAN'))}, "
                     f"{published.strftime('%b')} {published.day} ({rng.choice(OUTLETS)})")
        if rng.random() < 0.6:
            caption = rng.choice(CAPTIONS).format(town=town)
            lines += ["Photo: AFP", caption, caption]  # captions repeat, as scraped pages do
        lines.append("")
        size = sum(len(x) + 1 for x in lines)
        while size < target:
            para = " ".join(self.sentence(published) for _ in range(rng.randint(2, 4)))
            lines += [para, ""]
            size += len(para) + 2
        if rng.random() < 0.5:
            lines.append(f"Source: {rng.choice(OUTLETS)} reporting; additional reporting by "
                         f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        if rng.random() < 0.3:
            lines.append("Read more: Syria live updates")
        return "\n".join(lines) + "\n"


HEADLINES = (
    "{rebel} {take} {town} in lightning advance",
    "Syrian rebels say they reached the edge of {town}",
    "At least {n} killed as fighting spreads around {town}",
    "Army sends reinforcements to {town} as rebels close in",
    "What the fall of {town} means for Assad",
)
TEMPLATES = (
    "{rebel} {take} {town} {when}, {src}.",
    "{rebel} {take} the village of {village}, {km} km north of {town}, {when}.",
    "{gov} {lose} {town} {when} after {adj} clashes with {rebel}.",
    "At least {n} people were killed in {adj} fighting around {town} {when}, {src}.",
    "{other} {attack} rebel positions near {town} {when}, killing {m} fighters, {src}.",
    "Air strikes on {town} killed {m} civilians {when}, {src}.",
    "{rebel} said {when} that they had surrounded {town} and cut the road to {other_town}.",
    "{n} soldiers were taken prisoner near {village} {when}.",
    "Thousands of residents fled {town} towards {other_town} {when}.",
    "{gov} said it had repelled an attack on {town} and killed {n} \"terrorists\".",
    "Clashes between {rebel} and {other} were reported near {village} {when}.",
    "The fall of {town} leaves {other_town} exposed, analysts said.",
    "{other} and {gov} agreed {when} to coordinate the defence of {other_town}.",
    "Convoys of {gov} were seen on the highway between {town} and {other_town} {when}.",
    "Prices of bread doubled in {town} as the front moved closer, {src}.",
    "The United Nations said {n},000 people had been displaced {when}.",
)
# What reports say around the events: background, analysis, reactions, humanitarian
# detail. The seeds have about 2.3 events, 17 mentions and 6-9 sentences per KB; with 55 %
# the sentences from these templates the generated corpus has about as many (bench/README.md).
CONTEXT = (
    "The offensive is the most serious challenge in years to a government that had seemed "
    "to have won the war, and diplomats in the region were scrambling to understand what "
    "had changed.",
    "Residents of {town} described long queues at bakeries and petrol stations, and several "
    "said they had not been able to reach relatives in the countryside for days.",
    "Analysts said the speed of the advance reflected how thinly stretched the army had "
    "become, with its main allies busy with wars elsewhere.",
    "Aid agencies warned that hospitals in the north were running short of fuel and "
    "medicine, and that winter would make conditions in the camps worse.",
    "{rebel} has spent the past few years rebuilding its forces, training units and "
    "running a civil administration in the areas it holds.",
    "Officials in Ankara, Moscow and Tehran held telephone calls about the situation, "
    "according to statements from the three governments.",
    "It was not possible to verify the claims independently, and communications in much of "
    "the area remained patchy.",
    "The road from {town} to {other_town} is one of the main supply routes of the region, "
    "and control of it has changed hands several times during the war.",
    "Videos shared online showed crowds in the streets and fighters posing for photographs "
    "in front of public buildings.",
    "Schools and government offices stayed closed, and many families said they were waiting "
    "to see how the situation would develop before deciding whether to leave.",
)


def generate(
    folder: Path, *, docs: int, seed: int, event_share: float = 0.55
) -> tuple[int, Path]:
    """Write ``docs`` reports of 3-5 KB and a ``meta.json``; return (bytes, meta path)."""
    rng = random.Random(seed)
    writer = ReportWriter(rng, load_towns(), event_share=event_share)
    meta: dict[str, dict[str, str]] = {}
    total = 0
    for i in range(docs):
        published = START + timedelta(days=rng.randint(0, (END - START).days + 1))
        text = writer.report(published, target=rng.randint(3000, 4700))
        doc_id = f"bench_{i:06d}"
        data = text.encode("utf-8")
        (folder / f"{doc_id}.txt").write_bytes(data)
        total += len(data)
        meta[doc_id] = {"published": published.isoformat()}
    meta_path = folder / "meta.json"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return total, meta_path


def baseline(folder: Path) -> Timing:
    """Read and tokenise every document: the floor any pipeline has to pay."""
    words = re.compile(r"\w+")
    started = time.perf_counter()
    n = size = tokens = sentence_count = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        sentences = split_sentences(text)
        tokens += len(words.findall(text)) + len(sentences)
        sentence_count += len(sentences)
        n += 1
    return Timing(seconds=time.perf_counter() - started, docs=n, megabytes=size / 1e6,
                  sentences=sentence_count)


def timed_run(folder: Path, meta: Path, db: Path, *, workers: int, mb: float) -> tuple[Timing, RunStats]:
    settings = Settings(theater=THEATER, workers=workers)
    cpu = cpu_seconds()
    started = time.perf_counter()
    stats = run_pipeline([folder], db=db, settings=settings, meta_path=meta)
    took = time.perf_counter() - started
    return Timing(seconds=took, docs=stats.read, megabytes=mb,
                  cpu_seconds=cpu_seconds() - cpu), stats


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished workers."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def rss_mb(who: int) -> float:
    """Peak resident set size in MB (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--quick", action="store_true", help="a smoke run of 500 documents")
    parser.add_argument("--seed", type=int, default=20241127)
    parser.add_argument("--out", default=str(ROOT / "out" / "bench.json"))
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--dense", action="store_true",
                        help="every sentence an event (about twice the seeds' event density)")
    args = parser.parse_args(argv)
    docs = 500 if args.quick else args.docs

    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores, Python {platform.python_version()} "
          f"({platform.python_implementation()}), {platform.platform()}")
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        t0 = time.perf_counter()
        size, meta = generate(corpus, docs=docs, seed=args.seed,
                              event_share=1.0 if args.dense else 0.55)
        mb = size / 1e6
        print(f"corpus: {docs} documents, {mb:.1f} MB (mean {size / docs / 1e3:.2f} KB), "
              f"generated in {time.perf_counter() - t0:.1f} s in {corpus}")

        base = baseline(corpus)
        print(f"density: {base.sentences / (size / 1024):.1f} sentences per KB "
              f"({'dense: every sentence an event' if args.dense else '55 % event sentences'})")
        runs: dict[str, Any] = {}
        w1, s1 = timed_run(corpus, meta, tmp / "w1.db", workers=1, mb=mb)
        rss_self = rss_mb(resource.RUSAGE_SELF)
        w2, s2 = timed_run(corpus, meta, tmp / "w2.db", workers=2, mb=mb)
        again, s3 = timed_run(corpus, meta, tmp / "w2.db", workers=2, mb=mb)
        rss_children = rss_mb(resource.RUSAGE_CHILDREN)
        rss_self = max(rss_self, rss_mb(resource.RUSAGE_SELF))

        rows = [("baseline: read + split + tokenise", base), ("pipeline, workers=1", w1),
                ("pipeline, workers=2", w2), ("re-run, unchanged (skip path)", again)]
        print()
        print(f"{'pass':36} {'seconds':>9} {'docs/s':>9} {'MB/s':>7} {'x baseline':>11} "
              f"{'CPU ms/doc':>11}")
        for label, t in rows:
            ratio = base.docs_per_s / t.docs_per_s if t.docs_per_s else float("inf")
            cpu = f"{t.cpu_ms_per_doc:11.2f}" if t.cpu_seconds else f"{'':11}"
            print(f"{label:36} {t.seconds:9.2f} {t.docs_per_s:9.1f} {t.mb_per_s:7.2f} "
                  f"{ratio:10.1f}x {cpu}")
        print()
        print(f"{'run':10} {'read':>7} {'processed':>10} {'unchanged':>10} {'failed':>7} "
              f"{'events':>7} {'control':>8} {'relations':>10}")
        for name, s in (("workers=1", s1), ("workers=2", s2), ("re-run", s3)):
            print(f"{name:10} {s.read:7} {s.processed:10} {s.unchanged:10} {s.failed:7} "
                  f"{s.events:7} {s.control:8} {s.relations:10}")
        print()
        print(f"peak RSS: main process {rss_self:.0f} MB, largest worker {rss_children:.0f} MB")
        print("(x baseline = how many times slower than merely reading and tokenising)")
        # The re-run skips every document but still fuses the whole store, so it is roughly
        # the cost of reading + fusing; what is left of a full run is the per-document stages.
        for label, t in (("workers=1", w1), ("workers=2", w2)):
            stage = t.seconds - again.seconds
            rate = t.docs / stage if stage > 0 else float("inf")
            print(f"per-document stages, {label}: ~{stage:.1f} s (~{rate:.0f} docs/s); "
                  f"read + fuse (the re-run): {again.seconds:.1f} s")
        floor = 200
        print(f"floor {floor} docs/s with both cores: workers=2 ran at {w2.docs_per_s:.0f} docs/s")
        # on a machine shared with other work the wall time drifts; CPU time per document
        # says what two otherwise idle cores would sustain
        bound = 2000 / w2.cpu_ms_per_doc if w2.cpu_seconds else 0.0
        print(f"CPU time, workers=2: {w2.cpu_ms_per_doc:.2f} ms/doc over all processes, "
              f"so two idle cores would sustain at most ~{bound:.0f} docs/s")

        for name, t, s in (("workers_1", w1, s1), ("workers_2", w2, s2), ("rerun", again, s3)):
            runs[name] = {
                "seconds": round(t.seconds, 3),
                "docs_per_s": round(t.docs_per_s, 1),
                "mb_per_s": round(t.mb_per_s, 3),
                "slower_than_baseline": round(base.docs_per_s / t.docs_per_s, 2),
                "read": s.read, "processed": s.processed, "unchanged": s.unchanged,
                "failed": s.failed, "events": s.events, "control": s.control,
                "relations": s.relations,
                "minus_rerun_seconds": round(t.seconds - again.seconds, 3),
                "cpu_ms_per_doc": round(t.cpu_ms_per_doc, 3),
            }
        figures = {
            "machine": {"cores": cores, "python": platform.python_version(),
                        "platform": platform.platform()},
            "corpus": {"docs": docs, "megabytes": round(mb, 3), "seed": args.seed,
                       "dense": args.dense,
                       "sentences_per_kb": round(base.sentences / (size / 1024), 2)},
            "baseline": {"seconds": round(base.seconds, 3),
                         "docs_per_s": round(base.docs_per_s, 1),
                         "mb_per_s": round(base.mb_per_s, 3)},
            "runs": runs,
            "peak_rss_mb": {"self": round(rss_self, 1), "children": round(rss_children, 1)},
        }
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {out}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
