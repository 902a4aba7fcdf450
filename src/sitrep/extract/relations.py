"""Relations between actors, from cue phrases and titles around actor mentions of one sentence.

Cues (``rules/relations.toml`` ``[[cue]]``) link the actors nearest before and after them, with
the actors coordinated with those ("Russia, Iran and Hezbollah"). Structure around a cue
decides which actors those are: a cue inside a longer cue is dropped ("fought" in "fought
for"); a pronoun, a dash or a colon between a cue and an actor cuts the link ("it struck");
an actor inside an aside (", which is backed by Iran,") gives way to the actor the aside
describes. Titles before a person's name ("Turkish President Recep Tayyip Erdogan") give
``leads`` or ``member_of`` (``[titles]``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from re import Match, Pattern

from sitrep.errors import SettingsError
from sitrep.extract.context import DocContext, affiliation_of, organisation_of
from sitrep.extract.lexicon import Lexicon, RelationCue
from sitrep.models import (
    ActorType,
    Event,
    Mention,
    MentionKind,
    Relation,
    RelationType,
    Sentence,
    SourceRef,
)
from sitrep.theater import Theater

_COORD_GAP = re.compile(
    r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*/\s*|\s+as well as\s+)"
    r"(?:the\s+)?(?:[A-Z][\w-]+\s+)?$"
)
# a subject or object pronoun, a dash between words, a colon or semicolon: another clause
_BARRIER = re.compile(
    r"(?<!which )(?<!that )(?<!whom )\b(?:they|he|she|it|them|him|we)\b|\s[-–—]\s|[:;]",
    re.IGNORECASE,
)
# an aside that describes the actor before it: ", which is backed by Iran,"
_ASIDE_OPENER = re.compile(
    r"^\s*,\s*(?:which|who|whose|led by|backed by|supported by|funded by|headed by|a|an|the|"
    r"once|formerly|now)\b",
    re.IGNORECASE,
)
_NOT_PARTY = {ActorType.CIVILIANS, ActorType.MONITOR, ActorType.OTHER}
# one name that carries its backer: "US-backed Syrian Free Army"
_BACKER_GLUE = re.compile(r"[-‑](?:backed|funded|supported|armed|sponsored)\s*", re.IGNORECASE)
_BACKED_NAME = re.compile(r"\w-(?:backed|funded|supported|armed|sponsored)\b", re.IGNORECASE)
_FIGHTING = frozenset({"Battles", "Explosions/Remote violence"})
_LISTED = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")
_LOCATIVE = re.compile(
    r"\b(?:in|into|to|from|across|near|at|towards?|inside|within|via|through)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_APPOSED_GAP = re.compile(r"\s*,\s*(?:(?:President|the|leader)\s+)*")
_STATE_POSSESSIVE = re.compile(  # "Iran's ally", "Turkey's proxies": the state
    r"(?:'s|’s)\s+(?:[\w-]+\s+)?(?:ally|allies|proxy|proxies|enemy|enemies|rivals?|backers?"
    r"|patrons?|clients?)\b",
    re.IGNORECASE,
)
_FOUGHT_FOR = re.compile(r"(?:fought|fighting|fights?) for\b", re.IGNORECASE)
_BANNED_IN = re.compile(r"\b(?:banned|outlawed|prohibited|proscribed) in\s+$", re.IGNORECASE)
_DESCRIBES = re.compile(r",\s+an?\s+(?:[\w-]+\s+){0,2}?", re.IGNORECASE)
_OWNER_GAP = re.compile(r"^(?:'s|’s)?\s+$")


@dataclass(frozen=True, slots=True, kw_only=True)
class TitleRules:
    """Titles before a person's name and the relation each gives (``[titles]``)."""

    title: Pattern[str]  # a title, honorifics and the space before the name, at the end
    apposed: Pattern[str]  # ", the SDF commander" right after the name
    apposed_of: Pattern[str]  # ", head of the " right before the owner
    leader: frozenset[str]
    head: frozenset[str]
    state_member: frozenset[str]  # leader titles that make a state's officer a member of it
    negation: Pattern[str]  # words that deny a cue just after them


def load_title_rules() -> TitleRules:
    """Read ``[titles]`` and ``[negation]`` of the bundled ``rules/relations.toml``."""
    path = resources.files("sitrep") / "rules" / "relations.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        titles = data["titles"]
        words = [*titles["leader"], *titles["head"], *titles["member"]]
        honorifics = "|".join(re.escape(h) for h in titles.get("honorifics", []))
        alternation = "|".join(re.escape(t) for t in sorted(words, key=len, reverse=True))
        title = re.compile(
            rf"\b(?P<title>{alternation})(?:\s*,)?\s+(?:(?:{honorifics})\s+)*$", re.IGNORECASE
        )
        apposed = re.compile(  # "Mazloum Abdi, the SDF commander," / ", Iran's foreign minister"
            rf",\s+(?:the\s+|a\s+|an\s+)?(?:(?P<owner>(?-i:[A-Z])[\w.’'-]*?)(?:'s|’s)?\s+)?"
            rf"(?:(?:top|senior|chief|special|former)\s+)?(?P<title>{alternation})"
            r"(?=\s*(?:[,.;]|$|\s(?:said|says|told|who)\b))",
            re.IGNORECASE,
        )
        apposed_of = re.compile(  # "Rami Abdel Rahman, head of the Syrian Observatory"
            rf",\s+(?:the\s+)?(?:(?:top|senior|chief|special|former)\s+)?(?P<title>{alternation})"
            r"\s+(?:of|at|for)\s+(?:the\s+)?",
            re.IGNORECASE,
        )
        negation = re.compile(data["negation"]["pattern"], re.IGNORECASE)
    except (tomllib.TOMLDecodeError, OSError, KeyError, TypeError, re.error) as e:
        raise SettingsError(f"rules/relations.toml: bad [titles] or [negation]: {e}") from e
    return TitleRules(
        title=title,
        apposed=apposed,
        apposed_of=apposed_of,
        leader=frozenset(t.lower() for t in titles["leader"]),
        head=frozenset(t.lower() for t in titles["head"]),
        state_member=frozenset(t.lower() for t in titles.get("state_member", [])),
        negation=negation,
    )


def _demonyms(theater: Theater) -> dict[str, str]:
    """Demonym or state name -> actor id ("Turkish" -> turkey, "US" -> usa), from the pack:
    the words glued to "-backed" in "US-backed", "Iran-backed"."""
    out: dict[str, str] = {}
    for actor in theater.actors.values():
        for word in actor.demonyms:
            out.setdefault(word, actor.id)
    for actor in theater.actors.values():
        if actor.type is ActorType.STATE:
            for name in actor.aliases:
                out.setdefault(name, actor.id)
    return out


class RelationExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.titles = load_title_rules()
        self._demonym_cache: dict[str, dict[str, str]] = {}
        self._state_cache: dict[str, dict[str, str]] = {}

    def extract(self, ctx: DocContext) -> list[Relation]:
        text = ctx.document.text
        found: dict[tuple[str, str, str], list[SourceRef]] = {}
        lowered = text.lower()
        for sentence in ctx.sentences:
            actors = [
                m
                for m in ctx.mentions_in(sentence.start, sentence.end)
                if m.kind is not MentionKind.PLACE and self._is_actor(ctx, m)
            ]
            # "The Syrian Free Army, a rebel group backed by ...": the description is no party
            actors = [
                m for m in actors
                if not any(_DESCRIBES.fullmatch(text, a.end, m.start) for a in actors if a is not m)
            ]
            if not actors:
                continue
            actors = self._with_listed_states(ctx, text, sentence, actors)
            source = SourceRef(
                doc_id=ctx.document.doc_id,
                start=sentence.start,
                end=sentence.end,
                quote=sentence.text,
            )
            triples = self._title_relations(ctx, text, sentence, actors)
            if len(actors) >= 2 or any(_BACKED_NAME.search(m.text) for m in actors):
                triples.extend(self._cue_relations(ctx, text, lowered, sentence, actors))
                triples.extend(self._allied_modifiers(text, actors))
            for subj, relation, obj in triples:
                if not self._allowed(ctx, subj, relation, obj):
                    continue
                refs = found.setdefault((subj, relation, obj), [])
                if source not in refs:
                    refs.append(source)
        return [
            Relation(subject=s, relation=RelationType(r), object=o, sources=tuple(refs))
            for (s, r, o), refs in sorted(found.items())
        ]

    def from_events(
        self, ctx: DocContext, events: list[Event], relations: list[Relation]
    ) -> list[Relation]:
        """The relations a document states in text, plus the enmity its fighting states:
        a battle or a strike of one party on another ("rebels captured Nawa after clashes
        with government troops") is a source of ``actor1 opposes actor2``."""
        found = {(r.subject, r.relation.value, r.object): list(r.sources) for r in relations}
        for e in events:
            if e.event_type not in _FIGHTING or not e.actor1 or not e.actor2:
                continue
            if not self._allowed(ctx, e.actor1, "opposes", e.actor2):
                continue
            named = {
                organisation_of(ctx.theater, m.id) if m.kind is MentionKind.PERSON else m.id
                for src in e.sources for m in ctx.mentions_in(src.start, src.end)
            }
            if e.actor2 not in named:
                continue  # the other side named, not only the baseline holder
            refs = found.setdefault((e.actor1, "opposes", e.actor2), [])
            refs.extend(s for s in e.sources if s not in refs)
        return [
            Relation(subject=s, relation=RelationType(r), object=o, sources=tuple(refs))
            for (s, r, o), refs in sorted(found.items())
        ]

    # -- which actors may take part ------------------------------------------------------

    def _is_actor(self, ctx: DocContext, m: Mention) -> bool:
        actor = ctx.theater.actors.get(m.id)
        return actor is None or actor.type not in {ActorType.CIVILIANS, ActorType.MONITOR}

    def _allowed(self, ctx: DocContext, subj: str, relation: str, obj: str) -> bool:
        """Organisations such as the UN only list groups as terrorist or have members."""
        if subj == obj:
            return False
        s_type, o_type = ctx.actor_type(subj), ctx.actor_type(obj)
        if s_type in _NOT_PARTY and relation != "designates_terrorist":
            return False
        if o_type in _NOT_PARTY and relation not in {"member_of", "leads"}:
            return False
        states = {None, ActorType.STATE, ActorType.OTHER}
        if relation == "designates_terrorist" and o_type in {ActorType.STATE, ActorType.PERSON}:
            return False  # states list groups, not each other
        return relation != "designates_terrorist" or s_type in states

    # -- cues ----------------------------------------------------------------------------

    def _with_listed_states(
        self, ctx: DocContext, text: str, sentence: Sentence, actors: list[Mention]
    ) -> list[Mention]:
        """A country named in a list of actors, owning an ally or banning a group is its state:
        "The United States, Britain and the EU list HTS", "Iran's ally Hezbollah"."""
        states = self._state_of_country(ctx.theater)
        added: list[Mention] = []
        for m in ctx.mentions_in(sentence.start, sentence.end):
            state = states.get(m.id) if m.kind is MentionKind.PLACE else None
            if state is None:
                continue
            lead = max(sentence.start, m.start - 14)
            if _BANNED_IN.search(text, lead, m.start):  # "an organisation banned in Russia"
                added.append(replace(m, kind=MentionKind.ACTOR, id=state))
                continue
            if _LOCATIVE.search(text, lead, m.start):
                continue  # "refugees in Britain and Germany": places
            if _STATE_POSSESSIVE.match(text, m.end) or any(
                _LISTED.fullmatch(text, a.end, m.start) or _LISTED.fullmatch(text, m.end, a.start)
                for a in actors
                if a.kind is MentionKind.ACTOR
                and ctx.actor_type(a.id) in {ActorType.STATE, ActorType.OTHER}
            ):
                added.append(replace(m, kind=MentionKind.ACTOR, id=state))
        if not added:
            return actors
        return sorted([*actors, *added], key=lambda m: m.start)

    def _state_of_country(self, theater: Theater) -> dict[str, str]:
        cached = self._state_cache.get(theater.name)
        if cached is None:
            cached = self._state_cache[theater.name] = {
                a.country: a.id
                for a in theater.actors.values()
                if a.type is ActorType.STATE and a.country
            }
        return cached

    def _cue_relations(
        self, ctx: DocContext, text: str, lowered: str, sentence: Sentence, actors: list[Mention]
    ) -> list[tuple[str, str, str]]:
        cues = self.lexicon.relation_cues
        matches = self.lexicon.cue_scan.scan(text, sentence.start, sentence.end, lowered=lowered)
        matches.sort(key=lambda item: item[1].start())
        linked: list[tuple[Match[str], str, list[tuple[str, str]]]] = []
        # object mention start -> subjects that side with it ("sided with the army against")
        sided: dict[int, list[str]] = {}
        for index, m in matches:
            cue = cues[index]
            if self.titles.negation.search(text, max(sentence.start, m.start() - 30), m.start()):
                continue
            if cue.direction in {"suffix", "backward_suffix"}:
                pairs = self._suffix_pairs(actors, m.start(), cue)
            elif cue.direction == "modifier":
                pairs = self._modifier_pairs(ctx, text, sentence, actors, m, cue)
            elif cue.direction == "possessive":
                pairs = self._possessive_pairs(text, actors, m)
            elif cue.direction == "group":
                pairs = self._group_pairs(text, actors, m.start(), cue)
            else:
                pairs = self._pairs(ctx, text, actors, m.start(), m.end(), cue)
                if cue.relation == "supports" and cue.direction == "forward":
                    for subj, obj_m in self._objects(text, actors, m.end(), cue):
                        sided.setdefault(obj_m.start, []).extend(subj)
                if cue.relation == "opposes" and cue.direction == "forward":
                    pairs = pairs + self._sided_pairs(text, actors, m.start(), pairs, sided)
            if pairs:
                linked.append((m, cue.relation, pairs))
        # a cue inside a longer one that links actors is not a cue of its own: "fought" in
        # "fought for Assad"
        out: list[tuple[str, str, str]] = []
        for m, relation, pairs in linked:
            inside = any(
                o.start() <= m.start() and m.end() <= o.end() and o.end() - o.start() > len(m[0])
                for o, _, _ in linked
            )
            if inside:
                continue
            for one, other in pairs:
                if relation == "supports" and _FOUGHT_FOR.match(m[0]) and (
                    ctx.actor_type(one) is ActorType.PERSON
                    and ctx.actor_type(other) is not ActorType.PERSON
                ):  # "Jolani, who once fought for al-Qaeda": a member, not a backer
                    out.append((one, "member_of", other))
                else:
                    out.append((one, relation, other))
        return out

    def _objects(
        self, text: str, actors: list[Mention], end: int, cue: RelationCue
    ) -> list[tuple[list[str], Mention]]:
        """The right-hand group of a supports cue, each with the cue's subjects."""
        left_i = max((i for i, m in enumerate(actors) if m.end <= end), default=None)
        right_i = min((i for i, m in enumerate(actors) if m.start >= end), default=None)
        if right_i is None or actors[right_i].start - end > cue.max_gap:
            return []
        subjects = (
            [m.id for m in self._group(text, actors, left_i, forward=False)]
            if left_i is not None
            else []
        )
        return [(subjects, m) for m in self._group(text, actors, right_i, forward=True)]

    def _sided_pairs(
        self,
        text: str,
        actors: list[Mention],
        start: int,
        pairs: list[tuple[str, str]],
        sided: dict[int, list[str]],
    ) -> list[tuple[str, str]]:
        """"X sided with Y against Z": X opposes Z too."""
        left = [m for m in actors if m.end <= start]
        if not left or left[-1].start not in sided:
            return []
        objects = {o for _, o in pairs}
        return [(s, o) for s in sided[left[-1].start] for o in objects]

    def _group(
        self, text: str, actors: list[Mention], index: int, *, forward: bool
    ) -> list[Mention]:
        group = [actors[index]]
        i = index
        while True:
            j = i + 1 if forward else i - 1
            if j < 0 or j >= len(actors):
                break
            a, b = (actors[i], actors[j]) if forward else (actors[j], actors[i])
            gap = text[a.end : b.start]
            if not _COORD_GAP.match(gap) and (a.id != b.id or gap.strip()):
                break
            group.append(actors[j])
            i = j
        return group

    def _head_of_aside(
        self, text: str, actors: list[Mention], left_i: int, start: int
    ) -> int | None:
        """The actor an aside describes when the nearest left actor sits inside it.

        "The PKK, which is listed by Turkey, has waged a campaign against ..." gives the
        PKK. Returns ``left_i`` when there is no aside, None when the head is unknown.
        """
        gap = text[actors[left_i].end : start]
        if "," not in gap or _ASIDE_OPENER.match(gap):
            return left_i
        first = self._group(text, actors, left_i, forward=False)[-1]
        first_i = actors.index(first)
        for k in range(first_i - 1, -1, -1):
            between = text[actors[k].end : first.start]
            if between.count(",") == 0:
                continue
            opener = between.lstrip(")").lstrip()
            if _ASIDE_OPENER.match(between) or _ASIDE_OPENER.match(opener):
                head = self._group(text, actors, k, forward=False)
                return actors.index(head[0])
            break
        # "Hezbollah, a close ally of": only the comma stands between actor and cue
        return None if gap.strip(" ,") else left_i

    def _pairs(
        self,
        ctx: DocContext,
        text: str,
        actors: list[Mention],
        start: int,
        end: int,
        cue: RelationCue,
    ) -> list[tuple[str, str]]:
        left_i = max((i for i, m in enumerate(actors) if m.end <= start), default=None)
        right_i = min((i for i, m in enumerate(actors) if m.start >= end), default=None)
        if left_i is None or right_i is None:
            return []
        if (
            cue.relation != "supports"
            and right_i + 1 < len(actors)
            and _BACKER_GLUE.match(text, actors[right_i].end, actors[right_i + 1].start)
        ):  # "fighting with the US-backed SDF": the SDF, not its backer
            right_i += 1
        if start - actors[left_i].end > cue.max_gap or actors[right_i].start - end > cue.max_gap:
            return []
        if _BARRIER.search(text, actors[left_i].end, start) or _BARRIER.search(
            text, end, actors[right_i].start
        ):
            return []
        if cue.direction in {"forward", "backward"}:  # "HTS, once al-Qaeda's branch, is
            head_i = self._head_of_aside(text, actors, left_i, start)  # designated by": HTS
            if head_i is None:
                return []
            left_i = head_i
        left = self._group(text, actors, left_i, forward=False)
        right = self._group(text, actors, right_i, forward=True)
        out: list[tuple[str, str]] = []
        for lm in left:
            for rm in right:
                if cue.direction in {"forward", "both"}:
                    out.extend(self._oriented(ctx, lm, rm, cue.relation))
                if cue.direction in {"backward", "both"}:
                    out.extend(self._oriented(ctx, rm, lm, cue.relation))
        return out

    def _suffix_pairs(
        self, actors: list[Mention], start: int, cue: RelationCue
    ) -> list[tuple[str, str]]:
        """"HTS, an al-Qaeda offshoot": the cue follows the object, the subject comes first."""
        before = [i for i, m in enumerate(actors) if m.end <= start]
        if len(before) < 2:
            return []
        obj = actors[before[-1]]
        if start - obj.end > cue.max_gap:
            return []
        subj = actors[before[-2]]
        if subj.id == obj.id:
            return []
        if obj.kind is MentionKind.PERSON:
            return []
        if cue.relation == "leads":  # "Jolani, HTS's leader"
            return [(subj.id, obj.id)] if subj.kind is MentionKind.PERSON else []
        return [(subj.id, obj.id)]

    @staticmethod
    def _possessive_pairs(
        text: str, actors: list[Mention], cue: Match[str]
    ) -> list[tuple[str, str]]:
        """"Iran's ally Hezbollah" and "Russia, Assad's main ally,": the actor whose noun the
        cue is and the one it names, right after it or in apposition before the owner."""
        owner = next((m for m in reversed(actors) if m.end == cue.start()), None)
        if owner is None:
            return []
        named = next((m for m in actors if 0 <= m.start - cue.end() <= 3), None)
        if named is None:
            named = next(
                (m for m in reversed(actors)
                 if m.end <= owner.start and _APPOSED_GAP.fullmatch(text, m.end, owner.start)),
                None,
            )
        if named is None or named.id == owner.id:
            return []
        return [(owner.id, named.id)]

    def _modifier_pairs(
        self,
        ctx: DocContext,
        text: str,
        sentence: Sentence,
        actors: list[Mention],
        m: Match[str],
        cue: RelationCue,
    ) -> list[tuple[str, str]]:
        """"Turkish-funded SNA", "US-backed SDF": the glued word backs the next actor."""
        subj = next((a.id for a in actors if a.end == m.start()), None)
        if subj is None:
            word = re.search(r"([\w.]+)$", text[sentence.start : m.start()])
            if word is not None:
                subj = self._demonym_map(ctx.theater).get(word.group(1))
        if subj is None:
            return []
        inside = next((a for a in actors if a.start < m.start() and m.end() <= a.end), None)
        if inside is not None and inside.id != subj:
            return [(subj, inside.id)]  # "US-backed Syrian Free Army", one name with its backer
        obj = next((a for a in actors if a.start >= m.end()), None)
        if obj is None or obj.start - m.end() > cue.max_gap:
            return []
        if _BARRIER.search(text, m.end(), obj.start) or "," in text[m.end() : obj.start]:
            return []
        return [(subj, obj.id)]

    def _group_pairs(
        self, text: str, actors: list[Mention], start: int, cue: RelationCue
    ) -> list[tuple[str, str]]:
        """"Burhan and Dagalo together": the coordinated actors are allied."""
        left_i = max((i for i, m in enumerate(actors) if m.end <= start), default=None)
        if left_i is None or start - actors[left_i].end > cue.max_gap:
            return []
        group = self._group(text, actors, left_i, forward=False)
        if cue.relation == "opposes":  # "A and B fought": each fights the other, no object
            if any(0 <= a.start - start < 25 for a in actors):
                return []
            return [(a.id, b.id) for a in group for b in group if a.id != b.id]
        return [(a.id, b.id) for a in group for b in group if a.id < b.id]

    def _allied_modifiers(self, text: str, actors: list[Mention]) -> list[tuple[str, str, str]]:
        """"the RSF and allied Arab militias": a mention that opens with "allied"."""
        out: list[tuple[str, str, str]] = []
        for i, m in enumerate(actors[1:], start=1):
            if not m.text.lower().startswith("allied "):
                continue
            prev = actors[i - 1]
            if _COORD_GAP.match(text[prev.end : m.start]):
                out.append((m.id, "allied_with", prev.id))
        return out

    def _oriented(
        self, ctx: DocContext, subj: Mention, obj: Mention, relation: str
    ) -> list[tuple[str, str]]:
        s, o = subj.id, obj.id
        if relation == "leads":
            if subj.kind is not MentionKind.PERSON or obj.kind is MentionKind.PERSON:
                return []
        elif (
            relation in {"supports", "opposes"}
            and subj.kind is not MentionKind.PERSON
            and obj.kind is MentionKind.PERSON
        ):
            # a state backs a government, not its leader: "saviours for Assad"
            o = organisation_of(ctx.theater, o) or o
        if s == o:
            return []
        return [(s, o)]

    # -- titles --------------------------------------------------------------------------

    def _demonym_map(self, theater: Theater) -> dict[str, str]:
        cached = self._demonym_cache.get(theater.name)
        if cached is None:
            cached = self._demonym_cache[theater.name] = _demonyms(theater)
        return cached

    def _title_relations(
        self, ctx: DocContext, text: str, sentence: Sentence, actors: list[Mention]
    ) -> list[tuple[str, str, str]]:
        """"Syrian President Bashar al-Assad" -> assad leads syria-gov."""
        out: list[tuple[str, str, str]] = []
        for m in actors:
            if m.kind is not MentionKind.PERSON:
                continue
            window_start = max(sentence.start, m.start - 80)
            found = self.titles.title.search(text, window_start, m.start)
            owner: str | None
            if found is not None:
                owner = self._owner(ctx, text, sentence, actors, found.start())
            else:  # "Mazloum Abdi, the SDF commander, said"; "X, head of the Observatory"
                found = self.titles.apposed.match(text, m.end, sentence.end)
                if found is None:
                    found = self.titles.apposed_of.match(text, m.end, sentence.end)
                    if found is None:
                        continue
                    owner = next(  # monitors have heads too: any actor mention here
                        (a.id for a in ctx.mentions_in(found.end(), sentence.end)
                         if a.start == found.end() and a.kind is MentionKind.ACTOR),
                        None,
                    )
                    if owner is None:
                        continue
                else:
                    owner = self._apposed_owner(ctx, actors, found)
            title = " ".join(found.group("title").lower().split())
            pack_org = organisation_of(ctx.theater, m.id)
            if owner is None:
                if title in self.titles.leader or (title in self.titles.head and pack_org):
                    if pack_org is not None:
                        out.append((m.id, "leads", pack_org))
                    continue
                # "Defence Minister Israel Katz": the body the pack says the person serves,
                # else the one state the sentence names
                owner = affiliation_of(ctx.theater, m.id) or pack_org or self._sole_state(
                    ctx, text, sentence, actors
                )
                if owner is None:
                    continue
            if owner == m.id or ctx.actor_type(owner) is ActorType.PERSON:
                continue
            if pack_org is None and (served := affiliation_of(ctx.theater, m.id)) not in {
                None, owner
            }:  # "Government spokesperson Mohammad Momani": Jordan's, as the pack says
                out.append((m.id, "member_of", served))
                continue
            leads = (
                title in self.titles.leader
                and not (title in self.titles.state_member
                         and ctx.actor_type(owner) is ActorType.STATE)
            ) or (title in self.titles.head and pack_org == owner)
            out.append((m.id, "leads" if leads else "member_of", owner))
        return out

    def _owner(
        self,
        ctx: DocContext,
        text: str,
        sentence: Sentence,
        actors: list[Mention],
        title_start: int,
    ) -> str | None:
        """The actor or demonym right before a title: "SDF commander", "Iranian minister"."""
        for a in actors:
            if a.end <= title_start and _OWNER_GAP.match(text[a.end : title_start]):
                return a.id
        word = re.search(r"([\w.]+)(?:'s|’s)?\s+$", text[sentence.start : title_start])
        if word is None:
            return None
        return self._demonym_map(ctx.theater).get(word.group(1))

    def _apposed_owner(
        self, ctx: DocContext, actors: list[Mention], found: re.Match[str]
    ) -> str | None:
        """The owner word of an apposed title: an actor mention there, or a demonym."""
        if found.group("owner") is None:
            return None
        start, end = found.span("owner")
        for a in actors:
            if a.start <= start < a.end or start <= a.start < end:
                return a.id
        return self._demonym_map(ctx.theater).get(found.group("owner"))

    def _sole_state(
        self, ctx: DocContext, text: str, sentence: Sentence, actors: list[Mention]
    ) -> str | None:
        """The one state the sentence names, by a mention or a demonym; None if not one."""
        states = {a.id for a in actors if ctx.actor_type(a.id) is ActorType.STATE}
        demonyms = self._demonym_map(ctx.theater)
        for word in re.findall(r"\b[A-Z][\w.]*", sentence.text):
            actor_id = demonyms.get(word)
            if actor_id is not None and ctx.actor_type(actor_id) is ActorType.STATE:
                states.add(actor_id)
        return next(iter(states)) if len(states) == 1 else None
