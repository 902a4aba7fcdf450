"""Relations between actors, from cue phrases between actor mentions of one sentence."""

from __future__ import annotations

import re

from sitrep.extract.context import DocContext, organisation_of
from sitrep.extract.lexicon import Lexicon, RelationCue
from sitrep.models import ActorType, Mention, MentionKind, Relation, RelationType, SourceRef

_COORD_GAP = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*/\s*|\s+as well as\s+)$")
_NOT_PARTY = {ActorType.CIVILIANS, ActorType.MONITOR, ActorType.OTHER}


class RelationExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def extract(self, ctx: DocContext) -> list[Relation]:
        text = ctx.document.text
        found: dict[tuple[str, str, str], list[SourceRef]] = {}
        lowered = text.lower()
        cues = self.lexicon.relation_cues
        for sentence in ctx.sentences:
            actors = [
                m
                for m in ctx.mentions_in(sentence.start, sentence.end)
                if m.kind is not MentionKind.PLACE and self._is_party(ctx, m)
            ]
            if len(actors) < 2:
                continue
            source = SourceRef(
                doc_id=ctx.document.doc_id, start=sentence.start, end=sentence.end, quote=sentence.text
            )
            for index, m in self.lexicon.cue_scan.scan(text, sentence.start, sentence.end, lowered=lowered):
                cue = cues[index]
                if cue.direction == "backward_suffix" or cue.regex.pattern.startswith("^"):
                    pairs = self._suffix_pairs(text, actors, m.start(), cue)
                else:
                    pairs = self._pairs(ctx, text, actors, m.start(), m.end(), cue)
                for subj, obj in pairs:
                    key = (subj, cue.relation, obj)
                    refs = found.setdefault(key, [])
                    if source not in refs:
                        refs.append(source)
        return [
            Relation(subject=s, relation=RelationType(r), object=o, sources=tuple(refs))
            for (s, r, o), refs in sorted(found.items())
        ]

    def _is_party(self, ctx: DocContext, m: Mention) -> bool:
        actor = ctx.theater.actors.get(m.id)
        return actor is None or actor.type not in _NOT_PARTY

    def _group(self, text: str, actors: list[Mention], index: int, *, forward: bool) -> list[Mention]:
        group = [actors[index]]
        i = index
        while True:
            j = i + 1 if forward else i - 1
            if j < 0 or j >= len(actors):
                break
            a, b = (actors[i], actors[j]) if forward else (actors[j], actors[i])
            if not _COORD_GAP.match(text[a.end : b.start]):
                break
            group.append(actors[j])
            i = j
        return group

    def _pairs(
        self, ctx: DocContext, text: str, actors: list[Mention], start: int, end: int, cue: RelationCue
    ) -> list[tuple[str, str]]:
        left_i = max((i for i, m in enumerate(actors) if m.end <= start), default=None)
        right_i = min((i for i, m in enumerate(actors) if m.start >= end), default=None)
        if left_i is None or right_i is None:
            return []
        if start - actors[left_i].end > cue.max_gap or actors[right_i].start - end > cue.max_gap:
            return []
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
        self, text: str, actors: list[Mention], start: int, cue: RelationCue
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
        if cue.relation == "leads":
            return [(obj.id, subj.id)] if obj.kind is MentionKind.PERSON else []
        return [(subj.id, obj.id)]

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
        if relation == "designates_terrorist" and ctx.theater.actors.get(s) is not None:
            kind = ctx.theater.actors[s].type
            if kind is not ActorType.STATE:
                return []
        if s == o:
            return []
        return [(s, o)]
