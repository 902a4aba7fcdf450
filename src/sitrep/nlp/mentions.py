"""Find actor, person and place mentions in a document's text.

One pass of an automaton over the actor names of the theater pack and one scan of the
gazetteer give candidates; rules from ``rules/mentions.toml`` then decide:

- demonyms count only before a state noun ("Russian warplanes", "Turkish-funded"), or
  name the country as a place before a place noun ("Jordanian border");
- a country or capital that is an actor alias is the actor ("Turkey supports",
  "Moscow"), unless a locative word precedes it or its list ("borders Lebanon, Iraq");
- a person followed by an organisation noun is the organisation the person leads, as
  the pack's relations say ("Assad's regime", "Assad government");
- a bare division name is the division when its context says so ("the provinces of
  Latakia and Tartus"), else the town;
- generic references ("the rebels") are skipped after blockers ("a new government") and
  right after another party's demonym ("Israeli army").

Spans are leftmost-longest and never overlap; ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import ahocorasick

from sitrep.errors import SitrepError
from sitrep.geo.gazetteer import Gazetteer, GazetteerHit, fold_text
from sitrep.models import ActorType, Mention, MentionKind, PlaceLevel
from sitrep.theater import Theater

log = logging.getLogger(__name__)

_PROVINCE_BEFORE = 500  # how far before a shared name the places that decide its province lie
_PROVINCE_AFTER = 150  # and after it
_RULES = Path(__file__).resolve().parent.parent / "rules" / "mentions.toml"
_CASE_TABLE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "-": " ", "‐": " "})
_ALIAS, _GENERIC, _DEMONYM = "alias", "generic", "demonym"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Entry:
    """One way an actor is named."""

    actor: str
    kind: MentionKind
    category: str  # alias, generic or demonym
    form: str  # as written in the pack, for the case check
    case_sensitive: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class _Candidate:
    start: int
    end: int
    kind: MentionKind
    id: str
    priority: int  # higher wins among equally long candidates at one start


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionRules:
    """Word lists that steer the finder; read from ``rules/mentions.toml``."""

    locative_before: tuple[str, ...]
    state_nouns: frozenset[str]
    place_nouns: frozenset[str]
    generic_blockers: frozenset[str]
    org_nouns: tuple[str, ...]
    admin_nouns: tuple[str, ...]
    admin_before: tuple[str, ...]
    person_titles: frozenset[str]
    place_words: frozenset[str]
    speech_verbs: frozenset[str] = frozenset()
    articles: tuple[str, ...] = ()  # the gazetteer's article prefixes ("al", "el")

    @classmethod
    def load(cls, path: Path = _RULES) -> MentionRules:
        try:
            with path.open("rb") as fh:
                toml = tomllib.load(fh)
            data = toml.get("mentions", {})
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise SitrepError(f"{path}: cannot read mention rules: {e}") from e

        def words(key: str) -> tuple[str, ...]:
            return tuple(fold_text(w) for w in data.get(key, []))

        return cls(
            locative_before=words("locative_before"),
            state_nouns=frozenset(words("state_nouns")),
            place_nouns=frozenset(words("place_nouns")),
            generic_blockers=frozenset(words("generic_blockers")),
            org_nouns=tuple(sorted(words("org_nouns"), key=len, reverse=True)),
            admin_nouns=words("admin_nouns"),
            admin_before=words("admin_before"),
            person_titles=frozenset(words("person_titles")),
            place_words=frozenset(words("place_words")),
            speech_verbs=frozenset(words("speech_verbs")),
            articles=tuple(toml.get("gazetteer", {}).get("article_prefixes", [])),
        )


_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_AFTER_GAPS = frozenset({", ", " in ", ", in ", " (", " in northern ", " in southern "})
# "Libya's Tripoli", "Egypt's Red Sea town of Al Qusayr": a possessive and a few words
_POSSESSIVE = re.compile(r"'s? (?:[a-z ]{0,30}?\b(?:city|town|port|capital|village)(?: of)? )?")
_POSSESSOR = re.compile(r"(?:\b([a-z]+) )?\b([a-z]+)['’]s $")
_DATELINE_AFTER = re.compile(
    r"(?:,\s*[A-Za-z][A-Za-z ]{1,20})?\s*(?:\([^()\n]{1,40}\)\s*)?"
    r"(?:[-–—]\s|,\s*(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
)
_POSSESSIVE_ENDS = ("'s ", "’s ")
_NEXT_WORD = re.compile(r" ([^\W\d_][\w'’-]*)")
_SENTENCE_END = re.compile(r"[.!?\n]")
_APPOSITION = re.compile(r", (?:an?|the|another|one) (?:[a-z-]+ ){0,3}")


class MentionFinder:
    """Actor, person and place mentions of one theater; build once, call :meth:`find`."""

    def __init__(
        self, theater: Theater, gazetteer: Gazetteer, *, rules: MentionRules | None = None
    ) -> None:
        self.theater = theater
        self.gazetteer = gazetteer
        self.rules = rules or MentionRules.load()
        self._entries: list[tuple[_Entry, ...]] = []
        self._automaton = self._compile()
        self._leads = {
            r.subject: r.object for r in theater.relations if r.relation == "leads"
        }
        self._states = {  # folded names of state actors: the owners of "Jordan's army"
            fold_text(name): a.id
            for a in theater.actors.values()
            if a.type is ActorType.STATE
            for name in a.aliases
        }
        self._voices = {  # actor: (the enemy's names for it, the nouns that voice borrows)
            a.id: (
                frozenset(" ".join(fold_text(v).split()) for v in a.voice),
                frozenset(" ".join(fold_text(b).split()) for b in a.borrowed),
            )
            for a in theater.actors.values() if a.voice
        }
        self._country_actor = {
            a.country: a.id for a in theater.actors.values() if a.country is not None
        }
        self._demonyms = frozenset(
            fold_text(d) for a in theater.actors.values() for d in a.demonyms
        )
        self._foreign_demonyms = frozenset(
            fold_text(d)
            for a in theater.actors.values()
            if a.country != theater.country
            for d in a.demonyms
        )
        nouns = "|".join(re.escape(n) for n in self.rules.admin_nouns)
        # "Idlib, Aleppo, Hama and Homs governorates"; not "Deir ez-Zor, the largest city of
        # the region" (each listed name is whole words, so the match stays linear)
        word = r"(?!(?:of|a|an|city|town|capital)\b)[a-z'’-]+"
        self._admin_after = re.compile(
            rf"(?:\s*(?:,|and|or)\s*{word}(?:\s+{word}){{0,3}}){{0,6}}?[\s.,;:]*"
            r"(?:(?:these|those|both|the two|two)\s+)?"
            rf"(?:{nouns})\b"
        )
        articles = "|".join(re.escape(a) for a in self.rules.articles)
        # "al-Hader" where the gazetteer knows only "Hader": the article is part of the name
        self._article_before = re.compile(rf"(?<![\w'’-])(?:{articles})[-‑]$", re.IGNORECASE)
        before = "|".join(re.escape(b) for b in self.rules.admin_before)
        self._admin_before = re.compile(
            rf"(?:{before})\s+(?:[a-z' ]{{3,30}}?\s*(?:,|and|or)\s*){{0,4}}$"
        )

    def _compile(self) -> ahocorasick.Automaton:
        table: dict[str, list[_Entry]] = {}
        for actor in self.theater.actors.values():
            kind = MentionKind.PERSON if actor.type is ActorType.PERSON else MentionKind.ACTOR
            forms = [
                *((a, _ALIAS) for a in actor.aliases),
                *((g, _GENERIC) for g in actor.generic),
                *((d, _DEMONYM) for d in actor.demonyms),
            ]
            for form, category in forms:
                if form.lower().startswith("the "):
                    form = form[4:]  # spans carry no determiners
                key = " ".join(fold_text(form).split())
                if not key:
                    continue
                sensitive = category != _GENERIC and form != form.lower()
                entry = _Entry(
                    actor=actor.id,
                    kind=kind,
                    category=category,
                    form=form.translate(_CASE_TABLE),
                    case_sensitive=sensitive,
                )
                table.setdefault(key, []).append(entry)
        automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            automaton.add_word(key, (len(key), len(self._entries)))
            self._entries.append(tuple(entries))
        automaton.make_automaton()
        return automaton

    # ------------------------------------------------------------------ finding

    def find(self, doc_id: str, text: str) -> list[Mention]:
        """Non-overlapping actor, person and place mentions of ``text``."""
        folded = fold_text(text)
        cands = self._actor_candidates(text, folded)
        hits = self.gazetteer.scan(text)
        countries = self._countries_named(hits)
        for i, hit in enumerate(hits):
            if self._person_name(text, folded, hits, i):
                continue
            ids = self._in_province_context(hits, i, self._in_country_context(folded, hits, i, countries))
            article = self._article_before.search(text, max(0, hit.start - 5), hit.start)
            cands.append(
                _Candidate(
                    start=article.start() if article else hit.start,
                    end=hit.end,
                    kind=MentionKind.PLACE,
                    id=self._place_id(folded, hit.start, hit.end, ids),
                    priority=1,
                )
            )
        chosen = _leftmost_longest(cands)
        chosen = self._in_voice(folded, chosen)
        chosen = self._resolve_countries(text, folded, chosen)
        chosen = self._drop_after_demonym(folded, chosen)
        chosen = self._capital_speaking(folded, chosen)
        chosen = _appositives(folded, chosen)
        chosen = _abbreviations(text, chosen)
        chosen = self._shared_head(text, chosen)
        return [
            Mention(
                doc_id=doc_id,
                start=c.start,
                end=c.end,
                text=text[c.start : c.end],
                kind=c.kind,
                id=c.id,
            )
            for c in chosen
        ]

    def _in_voice(self, folded: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """In a report that names an actor as only its enemies do ("PKK/YPG"), the nouns the
        pack says that voice borrows ("the terrorists") mean that actor, not the side the
        theater's other reports call so."""
        if not self._voices:
            return chosen
        named = {
            c.id for c in chosen if c.kind is MentionKind.ACTOR and c.id in self._voices
        }
        for actor in named:
            cues, nouns = self._voices[actor]
            if not any(c.id == actor and any(cue in folded[c.start : c.end] for cue in cues)
                       for c in chosen):
                continue
            chosen = [
                replace(c, id=actor)
                if c.kind is MentionKind.ACTOR and c.id != actor and folded[c.start : c.end] in nouns
                else c
                for c in chosen
            ]
        return chosen

    def _shared_head(self, text: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """Sites listed before one plural head, "the Mezzeh, Shayrat and T4 air bases", are
        each a site of that head where the theater names one ("T4 air base"); a name with
        no such site keeps what it was."""
        out = list(chosen)
        for plural in _PLURAL_HEAD.finditer(text):  # the cheap word first, then the list
            found = _SHARED_HEAD.search(text, max(0, plural.start() - 160), plural.end())
            if found is None or found.end() != plural.end():
                continue
            head = found.group("head")
            singular = head[:-2] if head.lower().endswith("ches") else head[:-1]
            for name in re.finditer(r"[A-Z0-9][\w'’-]*(?: [A-Z0-9][\w'’-]*)?", found.group("names")):
                start = found.start("names") + name.start()
                end = start + len(name.group(0))
                site = f"{name.group(0)} {singular}"
                hits = self.gazetteer.scan(site)
                if len(hits) != 1 or hits[0].start != 0 or hits[0].end != len(site):
                    continue
                ident = hits[0].ids[0]
                if not ident.startswith("feat:"):
                    continue
                out = [c for c in out if c.end <= start or c.start >= end]
                out.append(_Candidate(start=start, end=end, kind=MentionKind.PLACE, id=ident,
                                      priority=1))
        return sorted(out, key=lambda c: c.start) if out != chosen else chosen

    def _actor_candidates(self, text: str, folded: str) -> list[_Candidate]:
        out: list[_Candidate] = []
        n = len(text)
        for end_incl, (length, idx) in self._automaton.iter(folded):
            start, end = end_incl - length + 1, end_incl + 1
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] in "$'"):
                continue
            if end < n and (folded[end].isalnum() or folded[end] == "$"):
                continue
            span = text[start:end].translate(_CASE_TABLE)
            for entry in self._entries[idx]:
                if entry.case_sensitive and span != entry.form:
                    continue
                cand = self._judge(entry, folded, start, end)
                if cand is not None:
                    out.append(cand)
                    break
        return out

    def _judge(self, entry: _Entry, folded: str, start: int, end: int) -> _Candidate | None:
        """Apply the category's rule to one actor-name hit."""
        if entry.category == _GENERIC:
            if _word_before(folded, start) in self.rules.generic_blockers:
                return None
            owner = _POSSESSOR.search(folded, max(0, start - 40), start) if folded[
                start - 3 : start
            ] in _POSSESSIVE_ENDS else None  # the search only where a possessive ends
            if owner is not None and any(
                self._states.get(name, entry.actor) != entry.actor
                for name in (owner.group(2), f"{owner.group(1)} {owner.group(2)}")
            ):
                return None  # "Jordan's army", "Israel's military": that state's, not ours
            return _Candidate(start=start, end=end, kind=entry.kind, id=entry.actor, priority=2)
        if entry.kind is MentionKind.PERSON:
            org = self._leads.get(entry.actor)
            if org is not None:
                noun_end = self._org_noun_end(folded, end)
                if noun_end is not None:
                    return _Candidate(
                        start=start, end=noun_end, kind=MentionKind.ACTOR, id=org, priority=3
                    )
            return _Candidate(start=start, end=end, kind=entry.kind, id=entry.actor, priority=3)
        if entry.category == _DEMONYM:
            return self._judge_demonym(entry, folded, start, end)
        return _Candidate(start=start, end=end, kind=entry.kind, id=entry.actor, priority=3)

    def _judge_demonym(
        self, entry: _Entry, folded: str, start: int, end: int
    ) -> _Candidate | None:
        nxt = _next_words(folded, end, 3)
        # "Syrian and Russian warplanes": the demonym borrows the noun of its partner
        if len(nxt) >= 3 and nxt[0] in ("and", "or") and nxt[1] in self._demonyms:
            nxt = nxt[2:]
        if len(nxt) >= 2 and nxt[0] == "national" and nxt[1] in self.rules.state_nouns:
            nxt = nxt[1:]  # "the Turkish National Defense Ministry"
        if nxt and nxt[0] in self.rules.state_nouns:
            return _Candidate(start=start, end=end, kind=entry.kind, id=entry.actor, priority=3)
        if nxt and nxt[0] in self.rules.place_nouns:
            actor = self.theater.actors[entry.actor]
            if actor.country and self.gazetteer.get(actor.country) is not None:
                return _Candidate(
                    start=start, end=end, kind=MentionKind.PLACE, id=actor.country, priority=3
                )
        return None

    def _org_noun_end(self, folded: str, end: int) -> int | None:
        """End of "'s regime" / " government" after a person's name, if there."""
        pos = end
        if folded.startswith("'s ", pos):
            pos += 3
        elif folded.startswith(" ", pos):
            pos += 1
        else:
            return None
        for noun in self.rules.org_nouns:
            stop = pos + len(noun)
            if folded.startswith(noun, pos) and not (
                stop < len(folded) and folded[stop].isalnum()
            ):
                return stop
        return None

    def _person_name(
        self, text: str, folded: str, hits: list[GazetteerHit], i: int
    ) -> bool:
        """A one-word foreign place name used as a person's name ("Yasar Guler said")."""
        hit = hits[i]
        if " " in hit.text or len(hit.ids) == 0:
            return False
        place = self.gazetteer.get(hit.ids[0])
        if place is None or place.level is not PlaceLevel.SETTLEMENT:
            return False
        if place.country == self.theater.country:
            return False
        if _word_before(folded, hit.start) in self.rules.person_titles:
            return True
        nxt = hits[i + 1].start if i + 1 < len(hits) else -1
        m = _NEXT_WORD.match(text, hit.end)
        if m is None or m.start(1) == nxt:
            return False
        word = m.group(1)
        return word[0].isupper() and fold_text(word) not in self.rules.place_words

    def _countries_named(self, hits: list[GazetteerHit]) -> dict[str, list[int]]:
        """Countries the text names as places: country id -> starts of those names."""
        named: dict[str, list[int]] = {}
        for hit in hits:
            if hit.ids[0].startswith("iso:"):
                named.setdefault(hit.ids[0], []).append(hit.start)
        return named

    def _in_province_context(
        self, hits: list[GazetteerHit], i: int, ids: tuple[str, ...]
    ) -> tuple[str, ...]:
        """A name that places in two provinces of one country share ("Shahba": the region
        north of Aleppo and a town in Suwayda): the candidate whose province the places named
        around it belong to, when the first candidate's province is not among them."""
        first = self.gazetteer.get(ids[0]) if len(ids) > 1 else None
        if first is None or not first.admin1:
            return ids
        others: dict[str, str] = {}
        for place_id in ids[1:]:
            place = self.gazetteer.get(place_id)
            if (place is not None and place.country == first.country and place.admin1
                    and place.admin1 != first.admin1
                    and place.level in {PlaceLevel.SETTLEMENT, PlaceLevel.FEATURE}):
                others.setdefault(place.admin1, place_id)
        if not others:
            return ids
        hit = hits[i]
        near: set[str] = set()
        for other in hits:
            if other is hit or not (
                hit.start - _PROVINCE_BEFORE <= other.start <= hit.end + _PROVINCE_AFTER
            ):
                continue
            place = self.gazetteer.get(other.ids[0])
            if place is not None:
                near.add(place.id if place.level is PlaceLevel.ADMIN1 else place.admin1 or "")
        if first.admin1 in near:
            return ids
        chosen = next((place_id for admin1, place_id in others.items() if admin1 in near), None)
        if chosen is None:
            return ids
        return (chosen, *(x for x in ids if x != chosen))

    def _in_country_context(
        self, folded: str, hits: list[GazetteerHit], i: int, named: dict[str, list[int]]
    ) -> tuple[str, ...]:
        """Candidates of a name found in several countries, reordered by the countries named.

        "Tripoli, Lebanon" or "Libya's Tripoli" decide outright; else the nearest
        candidate's country named in the same sentence wins. Countries named elsewhere in
        the text do not count: a report on Syria that mentions Israel once still means
        Kabul in Afghanistan.
        """
        hit = hits[i]
        ids = hit.ids
        if len(ids) < 2 or not named:
            return ids
        country_of: dict[str, str] = {}
        for place_id in ids:
            place = self.gazetteer.get(place_id)
            if place is not None and place.country and place.level is not PlaceLevel.COUNTRY:
                country_of.setdefault(place.country, place_id)
        if len(country_of) < 2:
            return ids
        first = self.gazetteer.get(ids[0])
        default = first.country if first is not None else None
        chosen = self._qualifier(folded, hits, i)
        if chosen not in country_of:
            lo, hi = _sentence_bounds(folded, hit.start)
            near = {
                c: min(abs(s - hit.start) for s in starts if lo <= s < hi)
                for c, starts in named.items()
                if c in country_of and any(lo <= s < hi for s in starts)
            }
            chosen = min(near, key=lambda c: near[c]) if near else None
        if chosen is None or chosen == default or chosen not in country_of:
            return ids
        best = country_of[chosen]
        return (best, *(x for x in ids if x != best))

    @staticmethod
    def _qualifier(folded: str, hits: list[GazetteerHit], i: int) -> str | None:
        """The country right after ("Tripoli, Lebanon") or before ("Libya's Tripoli")."""
        hit = hits[i]
        if i + 1 < len(hits):
            nxt = hits[i + 1]
            if nxt.ids[0].startswith("iso:") and folded[hit.end : nxt.start] in _AFTER_GAPS:
                return nxt.ids[0]
        if i > 0:
            prev = hits[i - 1]
            gap = folded[prev.end : hit.start]
            if prev.ids[0].startswith("iso:") and _POSSESSIVE.fullmatch(gap):
                return prev.ids[0]
        return None

    def _place_id(self, folded: str, start: int, end: int, ids: tuple[str, ...]) -> str:
        """The town, or its division when the context names divisions."""
        best = ids[0]
        if not best.startswith("gn:"):
            return best
        division = next((i for i in ids[1:] if i.startswith("adm1:")), None)
        if division is None:
            return best
        if self._admin_after.match(folded, end) or self._admin_before.search(
            folded, max(0, start - 100), start
        ):
            return division
        return best

    def _resolve_countries(
        self, text: str, folded: str, chosen: list[_Candidate]
    ) -> list[_Candidate]:
        """Actor aliases that are also place names become places in locative contexts."""
        out: list[_Candidate] = []
        prev: _Candidate | None = None
        prev_place = False
        for cand in chosen:
            if cand.kind is MentionKind.ACTOR and cand.priority == 3:
                hits = self.gazetteer.lookup(folded[cand.start : cand.end])
                places = [p for p in hits if self._same_party(p.country, cand.id)]
                if places:
                    listed = prev is not None and _coordinated(folded, prev.end, cand.start)
                    locative = prev_place if listed else self._locative(folded, cand.start)
                    dateline = (cand.start == 0 or folded[cand.start - 1] == "\n") and (
                        _DATELINE_AFTER.match(text, cand.end) is not None
                    )  # "Moscow (Reuters) -", "Beirut, Dec 7 -": where the report was filed
                    if locative or dateline:
                        cand = _Candidate(
                            start=cand.start,
                            end=cand.end,
                            kind=MentionKind.PLACE,
                            id=places[0].id,
                            priority=cand.priority,
                        )
            if cand.kind is not MentionKind.PERSON:
                prev, prev_place = cand, cand.kind is MentionKind.PLACE
            out.append(cand)
        return out

    def _capital_speaking(self, folded: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """'Damascus said', 'Damascus has denied': the theater's capital speaking is its
        government (foreign capitals that speak are actor aliases of their state)."""
        government = self._country_actor.get(self.theater.country)
        verbs = self.rules.speech_verbs
        if government is None or not verbs:
            return chosen
        out = []
        for c in chosen:
            if (
                c.kind is MentionKind.PLACE
                and c.id == self.theater.capital
                and not self._locative(folded, c.start)  # "a source in Khartoum said"
            ):
                words = _next_words(folded, c.end, 2)
                if words and (words[0] in verbs or (
                    words[0] in {"has", "have", "had"} and words[1:] and words[1] in verbs
                )) and folded[c.end : c.end + 1] == " ":
                    c = replace(c, kind=MentionKind.ACTOR, id=government)
            out.append(c)
        return out

    def _same_party(self, country: str | None, actor_id: str) -> bool:
        return country is not None and self._country_actor.get(country) == actor_id

    def _locative(self, folded: str, start: int) -> bool:
        before = folded[max(0, start - 25) : start].rstrip()
        if before.endswith(" the"):
            before = before[:-4].rstrip()
        return any(
            before.endswith(word)
            and (len(before) == len(word) or not before[-len(word) - 1].isalnum())
            for word in self.rules.locative_before
        )

    def _drop_after_demonym(self, folded: str, chosen: list[_Candidate]) -> list[_Candidate]:
        """'army' in "Israeli army" belongs to the demonym, not to the theater's army."""
        out: list[_Candidate] = []
        for cand in chosen:
            if out and cand.priority == 2:
                prev = out[-1]
                gap = folded[prev.end : cand.start]
                if prev.id != cand.id and gap in (" ", "") and (
                    folded[prev.start : prev.end] in self._demonyms
                ):
                    continue
            if cand.priority == 2 and _word_before(folded, cand.start) in self._foreign_demonyms:
                continue  # "Turkish Kurds": a demonym that did not stand for a state
            out.append(cand)
        return out


def _appositives(folded: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A generic name set off after a named actor describes it: in "the Syrian Free Army, an
    opposition faction trained at al-Tanf", "opposition" is the Syrian Free Army."""
    out: list[_Candidate] = []
    for cand in chosen:
        prev = out[-1] if out else None
        if (
            prev is not None
            and cand.kind is MentionKind.ACTOR
            and cand.priority == 2
            and prev.kind is MentionKind.ACTOR
            and prev.priority == 3
            and prev.id != cand.id
            and _APPOSITION.fullmatch(folded, prev.end, cand.start)
            and not _LED_BY_NAME.search(folded, cand.start, cand.end)
        ):  # (not "the General Command, the HTS-led alliance": that names its own side)
            cand = replace(cand, id=prev.id)
        out.append(cand)
    return out


_LED_BY_NAME = re.compile(r"\w[\s-](?:led|backed|aligned|allied|dominated)\b")
# "the Mezzeh, Qamishli, Shayrat and T4 air bases": names, then one plural head
_PLURAL_HEADS = r"air ?bases|airbases|airports|airfields|crossings|prisons|bridges|dams|ports|bases"
_SHARED_HEAD = re.compile(
    r"(?P<names>(?:[A-Z0-9][\w'’-]*(?: [A-Z0-9][\w'’-]*)?, ){0,6}?(?:[A-Z0-9][\w'’-]*"
    r"(?: [A-Z0-9][\w'’-]*)?,? )?(?:and|or) [A-Z0-9][\w'’-]*(?: [A-Z0-9][\w'’-]*)?) "
    rf"(?P<head>(?:border crossings|{_PLURAL_HEADS}))\b"
)
_PLURAL_HEAD = re.compile(rf"\b(?:{_PLURAL_HEADS})\b")  # the word _SHARED_HEAD ends on
_ABBREVIATION = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")


def _abbreviations(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """An abbreviation a report defines after a named actor, "the Syrian Free Army (SFA)", is
    that actor wherever the report uses it, though the pack does not know it; its letters
    must be the name's initials, in order."""
    defined: dict[str, str] = {}
    for cand in chosen:
        if cand.kind is not MentionKind.ACTOR or cand.priority != 3:
            continue
        m = _ABBREVIATION.match(text, cand.end)
        if m is None:
            continue
        abbr = m.group(1)
        initials = iter("".join(w[0] for w in re.findall(r"[A-Z][\w'’]*", text[cand.start : cand.end])))
        if abbr.isupper() and all(ch in initials for ch in abbr):
            defined.setdefault(abbr, cand.id)
    if not defined:
        return chosen
    taken = [(c.start, c.end) for c in chosen]
    extra = [
        _Candidate(start=m.start(), end=m.end(), kind=MentionKind.ACTOR, id=actor, priority=3)
        for abbr, actor in defined.items()
        for m in re.finditer(rf"(?<![\w-]){abbr}(?![\w-])", text)
        if not any(a < m.end() and m.start() < b for a, b in taken)
    ]
    return sorted([*chosen, *extra], key=lambda c: c.start) if extra else chosen


def _leftmost_longest(cands: list[_Candidate]) -> list[_Candidate]:
    cands.sort(key=lambda c: (c.start, c.start - c.end, -c.priority))
    out: list[_Candidate] = []
    last = -1
    for c in cands:
        if c.start >= last:
            out.append(c)
            last = c.end
    return out


def _word_before(folded: str, start: int) -> str:
    words = _WORD.findall(folded[max(0, start - 30) : start])
    if not words or folded[max(0, start - 30) : start].rstrip().endswith((".", ",", ";", ":")):
        return ""
    return words[-1]


def _next_words(folded: str, end: int, n: int) -> list[str]:
    return _WORD.findall(folded[end : end + 60])[:n]


def _coordinated(folded: str, prev_end: int, start: int) -> bool:
    gap = folded[prev_end:start].strip()
    return gap in (",", "and", "or", ", and", ", or", "&")


def _sentence_bounds(folded: str, pos: int) -> tuple[int, int]:
    """Start and end of the sentence holding ``pos`` (a cheap split on . ! ? and lines)."""
    lo = max(folded.rfind(c, 0, pos) for c in ".!?\n") + 1
    m = _SENTENCE_END.search(folded, pos)
    return lo, (m.start() if m else len(folded))
