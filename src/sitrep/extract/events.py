"""Rule-based event and control-change extraction, one sentence at a time.

For each trigger of ``rules/events.toml`` found in a sentence: decide whether the clause
states a fact (no hypothetical, prediction, intention, negation or background), who did it
(the nearest actor before the trigger, the agent of a passive, or the actor carried over
from the previous sentence), to whom, where (the place the trigger governs, with
coordinated places giving one event each) and when (the date expression of the sentence,
of its paragraph, or the publication week).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sitrep.extract.context import (
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
    DocContext,
    affiliation_of,
    organisation_of,
)
from sitrep.extract.lexicon import Lexicon, Trigger
from sitrep.models import (
    REGION_NAME,
    ActorType,
    ControlChange,
    Event,
    Mention,
    MentionKind,
    Modality,
    Place,
    PlaceLevel,
    Sentence,
    SourceRef,
    TimeSpan,
)
from sitrep.temporal import DateExpr, dates_a_clause, default_span
from sitrep.textscan import PatternSet
from sitrep.theater import Actor

_WORDS = re.compile(r"[\w'’-]+")
_LIST_SEP = r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+as well as\s+|\s*&\s*|\s+or\s+)"
_COORD_GAP = re.compile(_LIST_SEP + r"(?:(?:the|allied|its|their|other|local)\s+)?$")
_CIVILIAN_NOUN = re.compile(
    r"\b(?:residents|families|people|civilians|inhabitants|villagers|refugees|women|children|"
    r"thousands|hundreds|population)\b",
    re.IGNORECASE,
)
# "Deir ez-Zor and the border town of Albu Kamal", "Minet el-Beida and at the port of Latakia",
# "Khartoum airport and the airport in the northern town of Merowe": a list of places may
# name what each one is
_SETTLEMENT_KIND = r"(?:town|city|village|towns|cities|villages|provincial capital|hometown)"
_SITE_KIND = r"(?:port|airport|air base|base|crossing)"
_PLACE_COORD_GAP = re.compile(  # "Deir Ezzor city, Al-Mayadin and Albu Kamal"
    r"^(?:\s+(?:city|town|village))?"
    + _LIST_SEP.removeprefix("^")
    + r"(?:(?:at|in|on|near|of|from)\s+(?:the\s+)?)?(?:the\s+(?:nearby|neighbouring|adjacent|strategic|key)\s+"
    + r"|(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:"
    + rf"(?:{_SETTLEMENT_KIND}|{_SITE_KIND})\s+of"
    + rf"|{_SITE_KIND}\s+(?:in|at|near)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_SETTLEMENT_KIND}\s+of"
    + r")\s+)?$",
    re.IGNORECASE,
)
# "30 km south of": a place named only as a distance from it
_DISTANCE = (
    r"\d+\s*(?:km|kilometres|kilometers|miles|mi)\s+(?:\w+\s+)?(?:from|of|south of|north of|"
    r"east of|west of)"
)
_PLACE_SKIP_BEFORE = re.compile(
    rf"(?:{_DISTANCE}|from|beyond|outside|above|overlooking|(?:border|boundary|frontier) with|borders?|bordering"
    r"|(?:authorities|government|rulers|leadership|administration|officials) in)\s*(?:the\s+)?$"
    r"|from\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,|and|,\s*and)\s*$"
    # "the highway linking Deraa to Damascus": the road's ends
    r"|(?:linking|connecting|joining)\s+(?:the\s+)?(?:[\w'’-]+(?:\s+[\w'’-]+)?\s+"
    r"(?:to|with|and)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_LEFT_FROM = re.compile(  # "the withdrawal of regime forces and militias from"
    r"\b(?:withdr[a-z]*|pull(?:ed|ing|s)?\s+(?:out|back)|retreat[a-z]*)\b[^.;:]{0,70}?\bfrom\s+"
    r"(?:the\s+)?(?:[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,|and|,\s*and)\s+)?$",  # "from Khan Shaykhun and"
    re.IGNORECASE,
)
_DISTANCE_BEFORE = re.compile(_DISTANCE + r"\s*(?:the\s+)?$", re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|(?:in|on)\s+the\s+"
    r"(?:(?:northern|southern|eastern|western)\s+)?(?:countryside|outskirts|suburbs|edge)\s+of)"
    r"\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?$",
    re.IGNORECASE,
)
_IN_BEFORE = re.compile(
    r"\bin\s+(?:the\s+)?(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+)?$",
    re.IGNORECASE,
)
_AREA_AFTER = re.compile(
    r"\s*(?:countryside|province|governorate|region|district|suburbs|outskirts|desert|valley|"
    r"plain|area)\b",
    re.IGNORECASE,
)
# an apposition opening after a name: "the Syrian Free Army, a small US-backed group"
_APPOSITIVE_OPEN = re.compile(r"\s*,\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE)
# the subject's apposition before its verb: "Saraqib, at the junction of the M4 and M5, fell"
_APPOSITION = re.compile(
    r"\s*,[^,;.()]{3,110},\s*(?:(?:was|were|is|are|has|have|had|been|also|then|later|soon|"
    r"finally|quickly|eventually|reportedly|allegedly|apparently|already|largely)\s+){0,3}$",
    re.IGNORECASE,
)
_DESTINATION_WORD = re.compile(r"\b(?:towards?|into|to|for)\b", re.IGNORECASE)
_AS_WELL_AS = re.compile(  # the list may open with names the gazetteer lacks
    r",?\s+(?:as well as|along with|together with)\s+(?:the\s+)?(?:nearby\s+)?"
    r"(?:(?:towns?|villages?|cities|city|areas?)\s+(?:of\s+)?)?"
    r"(?:(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?(?:\s*,\s*|\s+and\s+))*$",
    re.IGNORECASE,
)
_AS_DID = re.compile(
    r"\s*,?\s+as did\s+(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?(?:(?:town|city|village)\s+"
    r"of\s+)?$",
    re.IGNORECASE,
)
_CAPITAL_OF = re.compile(
    r"\b(?:provincial\s+|state\s+|regional\s+)?capital\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_FIGHTING = re.compile(r"\b(?:fight\w*|fought|clash\w*|battl\w+|attack\w*|assault\w*|ambush\w*|resistance|killed)\b", re.I)
_HEADING_BEFORE = re.compile(
    r"\b(?:towards?|toward|(?:road|highway|way|route|motorway) to|heading (?:to|for))\s+"
    r"(?:the\s+)?(?:[\w'’-]+(?:\s+[\w'’-]+)?\s*(?:,|and|,\s*and)\s+(?:the\s+)?)?$",  # "towards Homs and"
    re.IGNORECASE,
)
_DESTINATION_BEFORE = re.compile(r"(?:towards?|toward|into|to)\s*(?:the\s+)?$", re.IGNORECASE)
_MOVES = frozenset({"depart", "withdraw", "flight", "evacuate"})  # triggers of leaving a place
_DENIED_BEFORE = re.compile(
    r"\bno\s+truth\s+(?:to|in)\b|\b(?:fabricated|baseless|false|fake)\s+(?:news|reports|claims|rumou?rs)\b"
    r"|\bno\s+question\s+of\b|\b(?:is|are|was|were)\s+(?:not\s+true|untrue)\b"
    r"|\bden(?:ied|ies|y|ying)\s+(?:the\s+)?(?:reports|claims|rumou?rs|news)\b"  # "denied reports
    r"|\bno\s+(?:[\w-]+\s+){1,3}?(?:has|have|had)\s+(?:ever\s+)?$",  # that", "No PMF fighter has"
    re.IGNORECASE,
)
_DENIED_AFTER = re.compile(
    r",\s+(?:a|the)\s+(?:report|account)s?\s+(?:that\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:denied|rejected|dismissed)\b|\b(?:was|were)\s+(?:later\s+|swiftly\s+|quickly\s+)?"
    r"(?:denied|dismissed|rejected)\s+by\b",
    re.IGNORECASE,
)
_POST_MODAL = re.compile(  # "... and said it would not allow": the next clause's modal
    r"^\W*(?:(?!and\b|said\b|says\b|but\b)\w+\W+){0,4}?"
    r"(?:could|would|might|may|will|is likely|is unlikely|would be)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"^\W*(?:this|the|that|these) (?:group|movement|faction|force|forces|militia|organi[sz]ation|"
    r"alliance|coalition|fighters)\b",
    re.IGNORECASE,
)
_LOCATED_ON = re.compile(r"^\s+(?:on|along|off|beside)\s+the\s+$", re.IGNORECASE)
_NOMINAL_FALL = re.compile(r"fall of\b", re.IGNORECASE)
_TAKING = {"Non-state actor overtakes territory", "Government regains territory"}
_HANDOVER = "Non-violent transfer of territory"
_OF_COMPLEMENT = re.compile(r"^\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_TERRITORY_NOUN = (
    r"(?:territor(?:y|ies)|towns|villages|cities|provinces|land|areas|swaths|districts|"
    r"neighbou?rhoods|positions)\b"
)
# "seized swaths of territory", "took dozens of villages"; not "moved into the city from its
# positions", where the positions are where the movers came from
_TERRITORY = re.compile(
    r"^\s+(?:the\s+)?(?:(?!(?:from|into|to|towards?|near|at|on)\b)[\w-]+\s+){0,4}?"
    + _TERRITORY_NOUN,
    re.IGNORECASE,
)
_TERRITORY_MORE = re.compile(  # "... and nearby villages"; not "... and were combing the
    # neighbourhoods", a second verb, nor "Maarat and Saraqib, two towns on the M5", which
    # says what the named ones are
    r"^\s*(?:,(?!\s+(?:the\s+)?(?:two|three|four|both|twin)\b)|as well as|and|plus)\s+"
    r"(?:(?!(?:were|was|are|is|had|have|has|been|will|would)\b)[\w-]+\s+){0,3}?"
    + _TERRITORY_NOUN,
    re.IGNORECASE,
)
_TERRITORY_INCLUDING = re.compile(
    r"\w*\s*(?:(?:from|of|over)\s+)?(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,7}?(?:" + _TERRITORY_NOUN
    + r"|(?:province|governorate|countryside|region)\b)[^,.;]{0,40},\s+(?:including|among them|such as|"
    r"notably)\s+",
    re.IGNORECASE,
)
# "villages in the countryside west of", "positions across the Shahba region"
_TERRITORY_IN = re.compile(r"\s+(?:in|across|of|around|near)\b", re.IGNORECASE)
_TERRITORY_REACH = 40  # chars from "in" to the place: "in the southern countryside of Idlib"
_INTRANSITIVE_END = re.compile(r"^\s*(?:[“\"”.,;:]|to\b|from\b|on\b|after\b|as\b|$)", re.IGNORECASE)
_FALL_TO = re.compile(r"^.{0,4}\b(?:to|of)\s+(?:the\s+)?$", re.IGNORECASE)
_MAX_GAP_AFTER = 45
_MAX_SITES = 3  # places one remote strike sentence is split into
_RECENT_SENTENCES = 3  # how far back "the city" may look for its town
_MAX_GAP_BEFORE = 60
# violence and flight happen somewhere: with no place named, the town the paragraph is about
_VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_SCENE_TYPES = frozenset(
    {"Explosions/Remote violence", "Violence against civilians", "Protests", "Displacement"}
)
_ANAPHOR_GAP = 90  # "struck convoys on the western edge of the city": the city just named
_AGENT_BLOCK_BEFORE = re.compile(
    r"\b(?:against|on|from|to|with|of|for|by|toward|towards|into|than|about|over|at|between)\s+"
    r"(?:the\s+|both\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)
# "the rebel command that toppled Assad entered": the object of a relative clause, not the agent
_RELATIVE_OBJECT = re.compile(
    r"\b(?:that|who)\s+(?:\w+\s+)?(?:toppled|ousted|overthrew|defeated|fought|drove out|"
    r"expelled)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "..., residents of the capital said": who tells of the event, not a party to it
_SPEAKER_AFTER = re.compile(  # "residents of the capital said", "a Syrian security source said"
    r"(?:\s+(?:of|in)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?|(?:\s+[\w'’-]+){1,3})?"
    r"\s+(?:said|say|says|told|reported)\b",
    re.IGNORECASE,
)
_DRIVEN_FROM = re.compile(
    r"\b(?:forced|fled|driven|displaced|expelled|uprooted)\s+(?:out\s+)?from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PEOPLE_WHO_HAD = re.compile(
    r"\b(?:families|residents|people|civilians|refugees|displaced|those|Syrians|Kurds|many|"
    r"thousands|hundreds|villagers|inhabitants)\s+(?:who|that)\s+had\b",
    re.IGNORECASE,
)
_RELATIVE_PAST = re.compile(r"\b(?:who|which|that)\s+had\b", re.IGNORECASE)
_FIRST_SINCE = re.compile(r"\bfirst\s+(?:\w+\s+){0,2}?since\b", re.IGNORECASE)
_LEFT_AFTER = re.compile(
    r"\)?\s+(?:\([\w-]+\)\s+)?(?:[\w'’-]+\s+){0,3}?(?:had\s+|has\s+)?(?:withdr[ae]wn?|pulled (?:out|back)|"
    r"left|retreated|"
    r"abandoned|fled|melted away|pull(?:ed)? out)\b",
    re.IGNORECASE,
)
_UNDER_WAY = re.compile(r"\b(?:is|are|was|were|be|been)\s+(?:now\s+|still\s+|already\s+)?$",
                        re.IGNORECASE)
_ING = re.compile(r"\w+ing\b")
_NEAR = (  # a place beside another
    r"(?:near|around|outside|close to|on the outskirts of|(?:north|south|east|west|north-?east|"
    r"north-?west|south-?east|south-?west)(?:ern)? of)"
)
_SURROUNDING = re.compile(
    r"\b(?:surrounding|nearby|neighbou?ring|adjacent|adjoining|outlying)\b", re.IGNORECASE
)
_BESIDE_AFTER = re.compile(rf"\s+{_NEAR}\s", re.IGNORECASE)
_POSITIONS_NEAR = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:positions|posts|checkpoints|points|hills|sites|outposts|villages)\s+"
    rf"(?:{_NEAR}|in the countryside of|in the (?:[\w-]+\s+){{0,4}}?countryside|"
    r"along the (?:[\w-]+\s+){0,2}?(?:edges?|outskirts|fringes?|front(?:\s+line)?|lines?) of)\b",
    re.IGNORECASE,
)
_POSITIONS_NEAR_BEFORE = re.compile(  # the same positions as the passive trigger's subject
    rf"\b(?:positions|posts|checkpoints|outposts)\s+{_NEAR}\s+[^,;.]{{1,40}}?\s+"
    r"(?:were|was|had been|have been|has been)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
# "the soldiers were handed over to Iraqi army units": people handed over, not ground
_PEOPLE_HANDED = re.compile(
    r"\b(?:soldiers|troops|prisoners|detainees|captives|hostages|officers|fighters|men|bodies|"
    r"remains|defectors)\s+(?:were|was|had been|have been|has been|are|will be)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_NEGOTIATED = re.compile(
    r"\b(?:negotiat(?:ed|ions?)|reached an? (?:\w+ )?(?:agreement|deal|understanding)|"
    r"without (?:a fight|a shot|firing a shot|resistance|fighting)|peacefully|unopposed)\b",
    re.IGNORECASE,
)
_NEW_SUBJECT = re.compile(  # a subordinate or comma clause with a subject of its own before the trigger
    r"(?:\b(?:after|as|when|while|before|until|once|because|whereas|and that)\s+(?:[\w-]+\s+){1,7}"
    r"|,\s+(?:the\s+)?[\w-]+\s+(?:[\w-]+\s+)?)$",  # "X withdraw from A, factions take B"
    re.IGNORECASE,
)
_AND_GAP = re.compile(r"\s+and\s+(?:then\s+|later\s+)?")
_SINCE_PERFECT = re.compile(r"\b(?:have|has)\s+since\b", re.IGNORECASE)
_RELATIVE_HEAD = r",?\s*(?:which|that|where)\s+"
_WHICH_HEAD = re.compile(_RELATIVE_HEAD, re.IGNORECASE)
_WHERE_HEAD = re.compile(  # "the Tishrin Dam (on the Euphrates), where"
    r"(?:\s+(?:on|in|near)\s+the\s+[\w-]+(?:\s+[\w-]+)?)?" + _RELATIVE_HEAD, re.IGNORECASE
)
_PREPOSITION_END = re.compile(
    r"\b(?:with|to|from|near|of|into|on|at|in)\s+(?:the\s+)?$", re.IGNORECASE
)
_ENTERED = re.compile(r"\benter(?:ed|s|ing)?\b", re.IGNORECASE)
_MISSION_STORMED = re.compile(
    r"\b(?:embassy|embassies|consulate|mission)\b[^,.;]{0,40}?"
    r"(?:\s(?:was|were|has been|had been|is being))?\s*$",
    re.IGNORECASE,
)
_SITE_IN = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?", re.IGNORECASE)
_SPEAKER_DONE = re.compile(  # "the Syrian Democratic Forces (SDF) said, while"
    r"\)?(?:\s*\([^()]{1,12}\))?\s+(?:said|says|reported)\s*[,;]", re.IGNORECASE
)
_SUBORDINATOR = re.compile(r"\b(?:before|after|as|when|while|once|until)\s+", re.IGNORECASE)
_FOUGHT_OBJECT = re.compile(
    r"\b(?:fighting|fought|against|attacking|attacked|battling|(?:clashing|clashed) with)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_WHERE_CLAUSE = re.compile(r"\b(?:where|in which)\b[^,.;:]*$", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_WHICH_DID = re.compile(
    r"(?:\s*,\s*(?:which|who)|\s+(?:that|which|who))\s+(?:had\s+|has\s+|have\s+)?"
    r"(?:also\s+|already\s+|just\s+)?",
    re.IGNORECASE,
)
_RELATIVE_START = re.compile(r",\s*(?:which|who)\b", re.IGNORECASE)
_WARPLANES = re.compile(
    r"\b(?:warplanes?|jets?|planes?|aircraft|helicopters?|air ?strikes?|air ?raids?|barrel bombs?)\b",
    re.IGNORECASE,
)
# "People have stormed the embassy": a crowd, not the side the report was about
_CROWD_NOUN = re.compile(
    r"\b(?:people|crowds?|protesters|demonstrators|residents|looters|mobs?)\b", re.IGNORECASE
)
_BY_CROWD = re.compile(r"\s+by\s+(?:[\w-]+\s+){0,2}?" + _CROWD_NOUN.pattern, re.IGNORECASE)
_UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|unmarked)\b", re.IGNORECASE)
_ON_BEHALF = re.compile(
    r"\b(?:for|alongside|beside|on behalf of|on the side of)\s+(?:the\s+)?$", re.IGNORECASE
)
_THAT_THEY = re.compile(r"\s+that\s+(?:they|it|he|she)\b", re.IGNORECASE)
_SEAT_OF = re.compile(
    r"\b(?:authorities|government|rulers|officials|leaders|leadership|regime|command|embassy|"
    r"ministry)\s+in\s+$",
    re.IGNORECASE,
)
_HANDED_TO = re.compile(r"\bto\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?$", re.IGNORECASE)
_TO_UNNAMED = re.compile(
    r"\s+(?:over\s+)?to\s+(?:the\s+)?(?:local\s+)?(?P<noun>fighters|factions|rebels|gunmen|"
    r"armed\s+(?:groups|men|factions)|opposition(?:\s+fighters)?)\b",
    re.IGNORECASE,
)
_LEFT_TO = re.compile(
    r"\b(?:leaving|left|handing|handed|ceding|ceded)\s+(?:[\w'’-]+\s+){0,3}?(?:to|for)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
# "... as Hama fell": a subordinate fall does not belong to the main clause's subject
_OPENS_SUBORDINATE = re.compile(
    r"\b(?:after|as|when|while|before|since|until|once|following|despite|amid)\b[^,;]*$",
    re.IGNORECASE,
)
_SUBORDINATE_BEFORE = re.compile(r"\b(?:as|when|after|before|while|since|until|once)\s+$",
                                 re.IGNORECASE)
# "Iran evacuated its diplomats before the city fell": the same, with the place as "the city"
# ("withdrew their heavy weapons from the base before it fell")
_SUBORDINATE_ANAPHOR = re.compile(
    r"\b(?:as|when|after|before|while|until|once)\s+(?:(?:the|that)\s+(?:city|town|capital|village|"
    r"base|airport|crossing)|it)\s+(?:had\s+|has\s+)?$",
    re.IGNORECASE,
)
_LOCALS_HANDING = re.compile(
    r"\b(?:notables|elders|dignitaries|sheikhs|clerics|mediators|tribal leaders|community leaders)"
    r"\s+(?:had\s+|have\s+|has\s+)?(?:peacefully\s+|formally\s+)?$",
    re.IGNORECASE,
)
_BORDER_WITH = re.compile(r"\b(?:border|frontier|boundary)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_NATIONAL_OFFICE = re.compile(
    r"\b(?:prime minister|premier|president|(?:caretaker|transitional|interim|new) "
    r"(?:government|cabinet|administration))\b",
    re.IGNORECASE,
)
_HOLDER_OF = re.compile(r"[-‑](?:occupied|held|controlled|annexed|run)\b", re.IGNORECASE)
_ROAD_END_BEFORE = re.compile(
    r"\b(?:linking|connecting|joining|between|from|to|with|and)\s+(?:the\s+)?$", re.IGNORECASE
)
_AGAINST = re.compile(r"\bagainst\b", re.IGNORECASE)
_BRACKET_GAP = re.compile(r"\s*\(\s*")  # "the Deir ez-Zor Military Council (DMC)"
_WHO_ASIDE = re.compile(r",\s+who\b", re.IGNORECASE)
# ", which ...,", ", a former al-Qaeda affiliate,": an aside about the word before it
_RELATIVE_ASIDE = re.compile(
    r",\s+(?:which|who|whose|an?(?=\s)(?![^,;.]*\b(?:said|says|told|reported|added)\b))\b[^,;.]*,",
    re.IGNORECASE,
)  # (", a military source said," is an attribution, not an aside)
_LOCATIVE_END = re.compile(r"\b(?:in|into|to|towards?|for|across|near|at|via)\s+$", re.IGNORECASE)
_SUBJECT_GAP = re.compile(r"\s+(?:(?:has|had|have|also|then|later|on\s+\w+day)\s+){0,3}",
                          re.IGNORECASE)
_ONE_WORD_GAP = re.compile(r"[A-Z][\w'’-]*\s")
_NOT_FROM_THE_AIR = re.compile(
    r"\b(?:missile boats?|gunboats?|warships?|artillery|rockets?|mortars?|tanks?)\b",
    re.IGNORECASE,
)
_LOCATOR = (  # "the Mezzeh airport in Damascus", "the Kuweires air base east of Aleppo"
    r"\s+(?:in|near|outside|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+(?:the\s+)?"
)
_LOCATED_IN = re.compile(_LOCATOR + r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?(?=,|\s+and\s)")
_LOCATOR_GAP = re.compile(_LOCATOR, re.IGNORECASE)
_FROM_WORD = re.compile(r"\bfrom\b", re.IGNORECASE)
_ALSO_AROUND = re.compile(r"\b(?:also|another|a second|a further|a third)\b", re.IGNORECASE)
_OBJECT_LEAD = re.compile(
    r"\b(?:drove|driven|pushed|expelled|forced|chased|ousted|attacked|ambushed|routed|"
    r"defeated|repelled|dislodged)\s+(?:the\s+)?(?:remaining\s+|last\s+)?$",
    re.IGNORECASE,
)
_AND_THEN = r"and\s+(?:then\s+|later\s+|also\s+)?"  # a second verb of the same subject
_AND_VERB = re.compile(r"\b" + _AND_THEN + "$", re.IGNORECASE)
_AND_VERB_AFTER_CLAUSE = re.compile(r"[^,;.]*,\s+" + _AND_THEN, re.IGNORECASE)
_BACKER = re.compile(
    r"[-‑](?:backed|supported|mediated|brokered|sponsored|funded|allied|aligned)\b\s*",
    re.IGNORECASE,
)
# "a U.S.-mediated ceasefire": the mediator is party to nothing it brokered
_MEDIATOR = re.compile(r"[-‑](?:mediated|brokered)\b", re.IGNORECASE)
# "a ceasefire between Israel and Hezbollah", "clashes between the SDF and the factions": the
# two sides named right after the trigger, in order.
_BETWEEN = re.compile(
    r"\s*(?:\w+\s+){0,2}?between\s+(?:the\s+)?(?:[A-Z][\w-]*(?:'s|’s)\s+)?"
)
_BETWEEN_AND = re.compile(  # "between Israel and (Lebanon's) Hezbollah", "... and members of
    r"(?:\s+(?:fighters|forces|troops|militants|militiamen|units|soldiers))?"
    r"\s*(?:,\s*)?and\s+(?:(?:members|fighters|units|elements)\s+of\s+)?(?:the\s+)?"  # the"
    r"(?:[A-Z][\w-]*(?:'s|’s)\s+)?"
)
_BETWEEN_WORD = re.compile(r"\bbetween\s", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"\s+(?:had\s+been|has\s+been|have\s+been|was|were|is|are)\s+")
_ACCORDING_TO = re.compile(r",?\s+according to\b", re.IGNORECASE)
_ARSON = re.compile(r"\b(?:fire|torch|burn)", re.IGNORECASE)
_ARMED_MEN = re.compile(r"\b(?:gunmen|armed men|fighters|militants|gunman)\b", re.IGNORECASE)
_BY_ARMED_MEN = re.compile(r"\s+by\s+(?:an?\s+|the\s+)?(?:armed\s+men|gunmen|fighters)\b",
                           re.IGNORECASE)
_BY_UNKNOWN = re.compile(
    r"(?:\s+and\s+\w+)?\s+by\s+(?:an?\s+|the\s+)?(?:unidentified|unknown|masked|armed)\s+"
    r"(?:gunmen|men|assailants|people|groups?|individuals|aircraft|planes?|drones?|crowds?)\b",
    re.IGNORECASE,
)
_MEMBERS_OF = re.compile(
    r"\b(?:fighters|forces|troops|units|members|militants|militiamen|soldiers)\s+"
    r"(?:of|from|loyal to|belonging to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PASSIVE_BY = re.compile(  # "was taken by fighters of the Syrian Free Army"
    r"^[^.;:]{0,25}?\bby\s+(?:the\s+)?(?:former\s+|ousted\s+|fallen\s+)?(?:(?:fighters|forces|troops|units|members|militants)"
    r"\s+(?:of|from|loyal to)\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_NOT_PASSIVE = re.compile(  # "a ceasefire mediated by the US": the mediator is no party
    r"\b(?:to|further|advances?|attacks?|mediated|brokered|facilitated|hosted|held|controlled|run)\b",
    re.IGNORECASE,  # ("against areas held by the SDF": the SDF is the target, not the agent)
)
_QUESTION = re.compile(r"\?[\"”’)]?\s*$")
_FATALITIES = re.compile(
    r"\b(?P<n>\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|dozens?|scores|hundreds|thousands|several|many|few|some)"
    r"(?:\s+(?:of|more|other))?(?:\s+\w+){0,3}?\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?"
    r"(?:killed|dead|died|deaths|fatalities|lost their lives)\b"
    r"|\bkill(?:ed|ing)\s+(?:at\s+least\s+)?(?P<k>\d[\d,]*|dozens|hundreds|several|two|three|four|"
    r"five|six|seven|eight|nine|ten|twelve|twenty)\b",
    re.IGNORECASE,
)

_NOT_PARTIES: tuple[ActorType | None, ...] = (ActorType.MONITOR, ActorType.OTHER)
_NOT_CLAIMANTS = (*_NOT_PARTIES, ActorType.CIVILIANS, None)
_TRAILING_SAID = re.compile(
    r",\s+(?P<who>(?:the\s+|a\s+)?[\w'’ -]{1,40}?)\s+(?:said|says|say|claimed|claims|announced)"
    r"\b[^,;]{0,40}$",
    re.IGNORECASE,
)
_GROUP_WORD = re.compile(
    r"\b(?:group|rebels|insurgents|militants|fighters|army|military|ministry|government|"
    r"factions?|spokesman|commanders?)\b",
    re.IGNORECASE,
)
_FATALITY_WORDS = ("kill", "dead", "died", "death", "fatalit", "lost their lives")
# "ISTANBUL, Dec 11 (Levant Wire) -", "AMMAN, Jordan, Dec 6 -": the wire's filing place and
# day, not when anything in the story happened
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z'’. -]{2,30}(?:,\s+[A-Z][\w'’. -]{1,30})?,\s*$")
_DATELINE_TAIL = re.compile(r"\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]")
# "..., the minister said on Tuesday": when it was said, which bounds the event from above
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told\s+[\w ]{1,30}?|announced|stated|added|confirmed|claimed|reported|"
    r"declared|wrote|posted)\s+(?:late\s+|early\s+)?(?:on\s+)?$",
    re.IGNORECASE,
)
# groups the theater may not name: "local armed groups", "the factions", "tribal fighters"
_GROUPS = r"(?:factions?|fighters|militias?|gunmen|militants|insurgents)"
# "Syrian factions backed by Turkey": a group named by its backer
_BACKING = r"(?:backed|supported|armed|funded|sponsored)\s+by\s+(?:the\s+)?$"
_BACKED_BY = re.compile(
    rf"\b(?:{_GROUPS}|rebels|groups?|forces)\s+(?:\w+\s+)?{_BACKING}", re.IGNORECASE
)
_GROUP_NOUN = re.compile(
    rf"\b(?:(?:armed|rebel|opposition) groups?|armed men|tribesmen|tribal forces|local forces|"
    rf"{_GROUPS})\b",
    re.IGNORECASE,
)
# "its units had taken", "their fighters entered": the subject of the trigger is the men of
# the actor named before
_ITS_MEN = re.compile(
    r"\b(?:its|their)\s+(?:own\s+)?(?:units|fighters|forces|troops|men|factions|militants)"
    r"(?:\s+(?:had|have|has|were|was))?(?:\s+(?:also|now|already|finally))?\s+[\"“‘']?$",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset({
    "the", "and", "also", "then", "later", "earlier", "meanwhile", "while", "as", "where",
    "when", "that", "which", "after", "before", "by", "with", "said", "says", "say", "reported",
})
# the side's own fighters, unqualified: "the factions took Morek", "fighters entered"
_BARE_GROUP = re.compile(
    r"(?:to\s+)?(?:the\s+)?(?:factions?|fighters|insurgents|militants)", re.IGNORECASE
)
# ", which the SDF had seized": a relative clause told in the past perfect
_EARLIER_RELATIVE = re.compile(
    r",\s+(?:which|who|where|that)\s+(?:[\w'’-]+\s+){0,5}?had\s+(?:been\s+)?\w+",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|is|are|been|being|be)\s+(?:(?:also|then|later|quickly|largely|all|"
    r"reportedly|effectively|simply|completely)\s+)?$",
    re.IGNORECASE,
)
# "In Jaramana, ...": a sentence that opens in a town
_FRAME_BEFORE = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,2}?in\s+(?:the\s+)?(?:(?:neighbou?ring|nearby|southern|northern|"
    r"eastern|western|central)\s+)?(?:(?:city|town|village)\s+of\s+)?",
    re.IGNORECASE,
)
_BACKED_BY_BEFORE = re.compile(rf"\b{_BACKING}", re.IGNORECASE)  # any actor's backer
_FACTIONS = re.compile(r"\bfactions\b", re.IGNORECASE)
_UNKNOWN_TAKER = re.compile(
    rf"\s*(?:to\s+)?(?:the\s+)?(?:(?:local|rebel|armed|opposition|tribal)\s+)*(?:groups?|{_GROUPS})\b",
    re.IGNORECASE,
)
# "the mountain", "the base": the site (a feature with coordinates) the report just named
_TOWN_AIRPORT = re.compile(  # "the military airport" of the town just named
    r"\w*\s*(?:over\s+|control\s+of\s+)?(?:the\s+(?:city's\s+|town's\s+)?|its\s+)"
    r"(military\s+airport|airport|air\s*base|military\s+air\s*base)\b(?!\s+(?:of|in|at|near)\b)",
    re.IGNORECASE,
)
_SITE_OF = re.compile(  # "the military airport of Hama", "the central prison in Hama"
    r"\b((?:military\s+)?(?:airport|air\s*base|airbase|airfield)|(?:central\s+)?prison)\s+(?:of|in)\s+"
    r"(?:the\s+(?:city|town)\s+of\s+)?$",
    re.IGNORECASE,
)
_SITE_ANAPHOR = re.compile(
    r"\bthe\s+(?:mountain|hill|summit|base|air ?base|airport|airfield|crossing|prison|bridge|dam)"
    r"\b(?!\s+of\b)",
    re.IGNORECASE,
)
# "the city", "the town's": the settlement the report was just talking about
_PLACE_ANAPHOR = re.compile(
    r"\bthe\s+(?:(?:northern|southern|eastern|western|central|coastal|strategic|besieged|"
    r"ancient|provincial|border|key|main|major|port|largest|second|biggest)\s+){0,2}"
    r"(?:city|town|village|provincial capital|capital)"
    r"(?:'s|’s)?\b(?!\s+of\s+(?!the\b))",  # not "the city of Hama"; "of the Alawite heartland"
    re.IGNORECASE,
)
_CITY_AFTER = re.compile(r"\s+city\b", re.IGNORECASE)  # "Deir al-Zor city"
_CITY_OF_BEFORE = re.compile(r"\bcity\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_FROM_END = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_SUBORDINATE_THEY = re.compile(
    r"\b(?:after|as|when|while|before|once|since|until)\s+they\s+(?:had\s+|have\s+)?$", re.IGNORECASE
)
_ONE_MAN = re.compile(r"\b(?:he|she)\s+(?:had\s+|has\s+|reportedly\s+)?$", re.IGNORECASE)
_THERE = re.compile(r"\b([A-Za-z]+)\s+there\b")  # "the offices there": not "as there were"
_NOT_BEFORE_THERE = frozenset({
    "and", "but", "that", "as", "when", "if", "because", "while", "after", "before", "since",
    "said", "says", "where", "so", "then", "whether", "is", "was", "are", "were", "out",
})
_FRONTED_IN = re.compile(r"(?:^|\n|[.!?]\s+)\s*(?:In|Inside)\s+(?:neighbouring\s+|nearby\s+)?$")
_NEAR_END = re.compile(r"\b(?:near|outside|around)\s+$", re.IGNORECASE)
_PAIR_ANAPHOR = re.compile(r"\s+(?:both|the\s+two)\s+(?:towns|cities|villages)\b", re.IGNORECASE)
_PASSIVE_HIT = re.compile(r"(?:was|were|is|are|(?:has|have|had) (?:also |now )?been)\b", re.I)
_POSSESSIVE_AFTER = re.compile(r"(?:\s+(?:family|clan|regime|government))?['’]s?\s")
_THE_CAPITAL = re.compile(r"the\s+capital(?:'s|’s)?", re.IGNORECASE)


def _passive_by(gap: str) -> bool:
    return bool(_PASSIVE_BY.match(gap)) and not _NOT_PASSIVE.search(gap)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Hit:
    trigger: Trigger
    start: int  # document offsets
    end: int


def _lead_group(ctx: DocContext) -> str | None:
    """The non-state armed group a document names most (the first named of equals)."""
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        if m.kind is MentionKind.ACTOR and ctx.actor_type(m.id) in _ARMED_GROUPS:
            counts[m.id] = counts.get(m.id, 0) + 1
    return max(counts, key=counts.__getitem__, default=None)


_ARMED_GROUPS = frozenset({ActorType.REBEL, ActorType.MILITIA})


@dataclass(slots=True)
class _Spans:
    """Where one pattern matched a document: spans in text order, none overlapping."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def add(self, start: int, end: int) -> None:
        self.starts.append(start)
        self.ends.append(end)

    def within(self, lo: int, hi: int) -> bool:
        """Whether a match lies inside ``[lo, hi)``."""
        i = bisect.bisect_left(self.starts, lo)
        return i < len(self.starts) and self.ends[i] <= hi

    def starts_in(self, lo: int, hi: int) -> bool:
        """Whether a match starts inside ``[lo, hi)``."""
        i = bisect.bisect_left(self.starts, lo)
        return i < len(self.starts) and self.starts[i] < hi

    def starts_in_outside(self, lo: int, hi: int, holes: list[tuple[int, int]]) -> bool:
        """Whether a match starts inside ``[lo, hi)`` but in none of ``holes``."""
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.starts) and self.starts[i] < hi:
            if not any(a <= self.starts[i] < b for a, b in holes):
                return True
            i += 1
        return False


def _elsewhere(text: str, m: Mention) -> bool:
    """A place named only as a direction or a reference point ("withdrew towards the road
    to Homs", "south of Aleppo"): not the town "the city" of the next sentence means."""
    lead = text[max(0, m.start - 40) : m.start]
    return bool(
        _HEADING_BEFORE.search(lead)
        or (_PLACE_SKIP_BEFORE.search(lead) and not _LEFT_FROM.search(
            text, max(0, m.start - 90), m.start
        ))  # "the army withdrew from Palmyra. ... entered the city": the town left is the city
        or _RELATIVE_BEFORE.search(lead)
    )


def _in_own_right(text: str, m: Mention) -> bool:
    """A town named as what the report is about: not as a direction or a reference point
    ("towards Homs"), nor as the town that only locates another ("Morek in northern Hama
    countryside")."""
    return not _elsewhere(text, m) and not EventExtractor._locates(text, m)


@dataclass(slots=True)
class _Towns:
    """The towns one sentence named. Whether each was named only as a direction ("towards
    Homs") is read when an event asks for the town a sentence left off with, not before:
    most documents never ask."""

    index: int  # the sentence's position in the document
    text: str  # the document text
    named: list[tuple[Mention, Place]]
    _kept: list[Place] | None = None
    _counted: list[str] | None = None

    def places(self) -> list[Place]:
        if self._kept is None:
            self._kept = [p for m, p in self.named if not _elsewhere(self.text, m)]
        return self._kept

    def counted(self) -> list[str]:
        """The towns named in their own right ("the city" means the one named most)."""
        if self._counted is None:
            self._counted = [p.id for m, p in self.named if _in_own_right(self.text, m)]
        return self._counted


@dataclass(slots=True)
class _Memory:
    """What the previous sentences said: the acting actor, the last settlement, the date."""

    agent: str | None = None
    agent_paragraph: int = -1  # the paragraph that named it
    site: Place | None = None  # the last base, summit or crossing named
    towns: list[_Towns] = field(default_factory=list)  # sentences that named towns, in order
    sentences: int = 0  # sentences remembered so far

    @property
    def place(self) -> Place | None:
        """The last town named (not as a direction)."""
        for towns in reversed(self.towns):
            if kept := towns.places():
                return kept[-1]
        return None

    def recent(self) -> list[Place]:
        """The towns of the last sentences, in order."""
        first = self.sentences - _RECENT_SENTENCES
        return [p for towns in self.towns if towns.index >= first for p in towns.places()]

    def topic_town(self) -> Place | None:
        """The town "the city" means: the one the last sentence that named towns called a
        city ("Deir al-Zor city", "the city of Hama"); else, of those the last sentences
        named, the one the report has named most (the latest of equals); else the last town
        named."""
        candidates = self.recent()
        if not candidates:
            return self.place
        last = self.towns[-1]
        called = [
            p for m, p in last.named
            if _CITY_AFTER.match(last.text, m.end)
            or _CITY_OF_BEFORE.search(last.text, max(0, m.start - 20), m.start)
        ]
        if len(called) == 1 and called[0] in candidates:
            return called[0]
        counts: dict[str, int] = {}  # how often each town was named (asked only here: most
        for towns in self.towns:  # documents never say "the city")
            for ident in towns.counted():
                counts[ident] = counts.get(ident, 0) + 1
        return max(reversed(candidates), key=lambda p: counts.get(p.id, 0))
    date: TimeSpan | None = None
    paragraph: int = -1
    events: list[Event] = field(default_factory=list)


class EventExtractor:
    """Finds events and control changes in one prepared document."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._doc_hits: list[_Hit] = []
        self._hit_starts: list[int] = []
        self._breaks_of = -1  # the sentence start whose clause breaks are in _breaks
        self._breaks: list[tuple[int, int]] = []
        # the modality cues, found in one scan of the document (a long case-blind
        # alternation searched in each clause costs more than the whole scan)
        self._cue_scan = PatternSet([lexicon.hypothetical, lexicon.negation, lexicon.historical])
        self._cues: tuple[_Spans, _Spans, _Spans] = (_Spans(), _Spans(), _Spans())
        self._doc_lead: str | None = None  # the armed group the document names most
        self._left: dict[str, str] = {}  # places the report has said their holder left: leaver
        self._taken: dict[str, tuple[str | None, str]] = {}  # place: (from, to) of its last taking
        # (place, taker, leaver) of withdrawals whose taker no sentence named: the trigger's start
        self._guessed: dict[tuple[str, str, str], int] = {}
        self._near: set[str] = set()  # the last hit's places named only by a distance from them
        self._entry = next((t for t in lexicon.triggers if t.name == "entry"), None)

    def extract(self, ctx: DocContext) -> tuple[list[Event], list[ControlChange]]:
        events: list[Event] = []
        control: list[ControlChange] = []
        memory = _Memory()
        self._doc_hits = self._all_hits(ctx.document.text)
        self._breaks_of = -1
        self._doc_lead = _lead_group(ctx)
        self._left = {}
        self._taken = {}
        self._guessed = {}
        found: tuple[_Spans, _Spans, _Spans] = (_Spans(), _Spans(), _Spans())
        for index, m in self._cue_scan.scan(ctx.document.text):
            found[index].add(m.start(), m.end())
        self._cues = found
        self._hit_starts = [h.start for h in self._doc_hits]
        for sentence in ctx.sentences:
            if sentence.paragraph != memory.paragraph:
                memory.date = None
                memory.paragraph = sentence.paragraph
            sent_events, sent_control = self._sentence(ctx, sentence, memory)
            memory.events.extend(sent_events)
            events.extend(sent_events)
            control.extend(sent_control)
        events, control = _hands_in_order(ctx, *_told_takers(events, control, self._guessed))
        return _entries_told_as_takings(events), control

    # -- one sentence -------------------------------------------------------------------
    def _sentence(
        self, ctx: DocContext, sentence: Sentence, memory: _Memory
    ) -> tuple[list[Event], list[ControlChange]]:
        text = ctx.document.text
        mentions = ctx.mentions_in(sentence.start, sentence.end)
        dates = [
            d for d in ctx.dates_in(sentence.start, sentence.end)
            if not _in_dateline(text, sentence.start, d)
        ]
        usable = [d for d in dates if not d.historical and d.span is not None]
        # when things were said, found once per sentence: they bound events, not date them
        said = [d for d in usable if _speech_time(text, sentence, d)]
        current_dates = [d for d in usable if d not in said]
        sentence_date = current_dates[0].span if current_dates else None
        events: list[Event] = []
        control: list[ControlChange] = []
        question = bool(_QUESTION.search(sentence.text))
        hits = [] if question else self._hits(sentence)
        for index, hit in enumerate(hits):
            clause_start, clause_end = self._clause(text, sentence, hit)
            if index + 1 < len(hits):  # the next trigger governs what follows it
                clause_end = min(clause_end, hits[index + 1].start)
            prefix = text[clause_start : hit.start]
            if not self._is_fact(text, sentence, hit, prefix, dates, clause_end):
                continue
            if hit.trigger.agent and any(
                m.kind is not MentionKind.PLACE
                and m.id != hit.trigger.agent
                and 0 <= m.start - hit.end <= 5
                for m in mentions
            ):
                continue  # "the fleeing soldiers": not civilians in flight
            if hit.trigger.sub_event_type == "Looting/property destruction" and any(
                m.kind is not MentionKind.PLACE and (
                    0 <= m.start - hit.end <= 5
                    or _PASSIVE_AUX.fullmatch(text[m.end : hit.start]) is not None
                )
                for m in mentions
            ):  # "the command that toppled Assad", "Assad had been toppled": a ruler
                continue  # overthrown, not a statue
            if hit.trigger.name == "civilian-attack" and _WHERE_CLAUSE.search(
                text, max(sentence.start, hit.start - 90), hit.start
            ):  # "Sednaya, the prison where rights groups say thousands were executed": what
                continue  # the place is known for, not an event of the day
            if hit.trigger.name == "withdraw" and _PEOPLE_HANDED.search(
                text, max(sentence.start, hit.start - 40), hit.start
            ):
                continue
            if hit.trigger.name == "fall" and any(
                m.kind is not MentionKind.PLACE and 0 <= hit.start - m.end <= 1
                and not _PREPOSITION_END.search(text, max(0, m.start - 12), m.start)
                for m in mentions
            ):  # "in the days after Assad fell", "the regime fell": a ruler's fall, no town's
                continue  # (not "the crossing with Jordan was taken")
            places = self._places(ctx, mentions, hit, clause_start, clause_end, memory)
            if not places and hit.trigger.place == "optional" and hit.trigger.event_type != "Battles" and (
                hit.trigger.place_default != "agent"  # a border is the state's own
            ):
                places = [  # "In Qardaha, fighters toppled a statue, and the mausoleum was
                    e.place  # set on fire": where the sentence's, else the last, such event was
                    for e in reversed((*memory.events, *events))
                    if e.sub_event_type == hit.trigger.sub_event_type and e.place is not None
                    and e.place.level is not PlaceLevel.COUNTRY
                ][:1]
            if not places and memory.place is not None and (
                hit.trigger.event_type in _SCENE_TYPES
                or hit.trigger.sub_event_type == "Looting/property destruction"
            ):
                places = [memory.place]  # "a drone hit a car": in the town just named
            if hit.trigger.event_type == "Displacement" and len(places) > 1 and all(
                p.level is PlaceLevel.ADMIN1 for p in places
            ):  # "280,000 displaced across Aleppo, Idlib and Hama governorates": one count
                places = places[:1]  # over a region, not one flight per province
            where: list[Place | None] = list(places)
            if not where:
                if hit.trigger.place == "required":
                    continue
                where = [None]
            agent, agent_mention = self._agent(
                ctx, mentions, hit, clause_start, sentence, memory, places
            )
            if hit.trigger.control == "withdraw" and agent_mention is None and _PASSIVE_BEFORE.search(
                text, max(clause_start, hit.start - 25), hit.start
            ):  # "Homs was abandoned": by whoever held it, not by the side of the last sentence
                agent = None
            if (
                hit.trigger.control == "capture" and agent_mention is None and agent and places
                and (holder := baseline_holder(ctx, places[0])) is not None
                and agent != holder and _same_side(ctx, agent, holder)
            ):  # "Hezbollah left Qusayr. ... Rastan and Talbiseh had fallen": not to the ally
                agent = ctx_last_attacker(ctx, holder) or agent  # of the side that held them
            if hit.trigger.control == "withdraw" and agent_mention is None and any(
                e.actor1 == agent and e.place in places
                and e.sub_event_type in {*_TAKING, _HANDOVER}
                for e in (*memory.events, *events)
            ):  # "notables met the fighters and handed over the town": the side the report
                continue  # carries just took it; it hands nothing over
            if (
                agent_mention is not None and agent_mention.end < hit.start
                and hit.trigger.sub_event_type == "Air/drone strike"
                and _WARPLANES.match(text, hit.start)
                and _SUBORDINATE_BEFORE.search(text, max(clause_start, hit.start - 8), hit.start)
            ):  # "rebels reach Homs after jets strike the Rastan bridge": the jets' own clause
                agent, agent_mention = None, None
            from_the_air = hit.trigger.sub_event_type == "Air/drone strike" and bool(
                _WARPLANES.search(text, hit.start, hit.end)
            )
            if from_the_air and agent is not None and agent_mention is None and (
                ctx.actor_type(agent) in {ActorType.REBEL, ActorType.MILITIA}
            ):  # "civilians were killed in air strikes" after a paragraph on the rebels:
                agent = None  # rebels fly no jets; whoever does here struck
            if agent is None and from_the_air and not _BY_UNKNOWN.match(
                text, hit.end
            ) and not _UNIDENTIFIED.search(
                text, clause_start, hit.end
            ):  # "B-52 bombers hit 75 targets, CENTCOM said": the state whose command says so;
                agent = next((  # else "warplanes struck Atarib": who flies here
                    actor for m in mentions
                    if m.start >= hit.end and _SPEAKER_AFTER.match(text, m.end)
                    and (actor := self._actor_id(ctx, m)) is not None
                    and ctx.actor_type(actor) is ActorType.STATE
                ), ctx.theater.air_force)
            if hit.trigger.name == "flight" and self._armed_flee(ctx, agent, agent_mention, hit):
                continue  # "army officers fled towards the coast": a rout, not displacement
            if agent_mention is None and events and hit.trigger.carry_agent and (
                hit.trigger.event_type == "Explosions/Remote violence"
            ):  # "clashes broke out, with artillery fire near the palace": part of the battle
                continue
            if hit.trigger.agent and (agent is None or hit.trigger.name in {"flight", "return"}):
                agent = hit.trigger.agent
            if hit.trigger.name == "release" and agent_mention is None and agent is not None and (
                _government_side(ctx, agent)
            ):  # "inmates walking out of the prison" after a paragraph on the army: freed by
                agent = ctx_last_attacker(ctx, agent) or agent  # the side that took the town
            if agent is None and hit.trigger.sub_event_type == "Looting/property destruction" and (
                not _UNIDENTIFIED.search(text, sentence.start, clause_end)
            ):  # nobody named: a building "was looted" by the crowds of the day; a tomb "was set
                # on fire" by the armed side the report is about (so the gold of most splits)
                agent = self._doc_lead if _ARSON.search(text, hit.start, hit.end) else "civilians"
            if agent_mention is None and _NOMINAL_FALL.match(text, hit.start):
                # "the fall of Damascus": whoever the report said took it, not whoever the
                # previous sentence was about
                agent = self._earlier_taker(memory, places)
            handed_for = None
            if hit.trigger.control == "withdraw" and agent is not None and _LOCALS_HANDING.search(
                text, max(clause_start, hit.start - 40), hit.start
            ):  # "the militants arrived, a day after local notables handed over the town":
                handed_for, agent = agent, None  # the notables give it up; the side named takes it
            target = handed_for or self._target(ctx, mentions, hit, clause_end, agent)
            if agent is None and target is not None and hit.trigger.name == "agreement" and (
                ctx.actor_type(target) is ActorType.STATE
            ):
                agent, target = target, None  # "a ceasefire between Israel and Hezbollah took
                # effect": the first party named agreed it
            if agent is None and hit.trigger.event_type == "Battles":
                continue
            if agent is None and hit.trigger.event_type != "Battles" and where == [None]:
                continue
            modality, claimed_by = self._modality(ctx, mentions, sentence, hit, memory, agent)
            span = self._date(ctx, current_dates, said, hit, memory, (clause_start, clause_end))
            fatalities = self._fatalities(text[clause_start:clause_end])
            source = SourceRef(
                doc_id=ctx.document.doc_id,
                start=sentence.start,
                end=sentence.end,
                quote=sentence.text,
            )
            for place in where:
                ev, cc = self._build(
                    ctx,
                    hit=hit,
                    place=place,
                    agent=self._taker_here(ctx, hit, agent, agent_mention, place, span),
                    target=target,
                    modality=modality,
                    claimed_by=claimed_by,
                    span=span,
                    fatalities=fatalities,
                    source=source,
                )
                if ev is not None and hit.trigger.event:
                    events.append(ev)
                if cc is not None:
                    control.append(cc)
            if agent and agent not in {"civilians"} and agent_mention is not None:
                memory.agent = agent
                memory.agent_paragraph = sentence.paragraph
        events, control = _one_change_per_place(events, control)
        # carry the sentence's subject and last settlement to the next sentence
        subject = self._subject(ctx, mentions, sentence)
        if subject and not any(e.actor1 == memory.agent for e in events):
            memory.agent = subject
            memory.agent_paragraph = sentence.paragraph
        self._remember_places(ctx, mentions, memory)
        if sentence_date is not None:
            memory.date = sentence_date
        return events, control

    def _remember_places(self, ctx: DocContext, mentions: list[Mention], memory: _Memory) -> None:
        """Carry the sentence's places to the next: the last town named (not as a direction),
        the last site, and the towns of the last sentences."""
        settlements: list[tuple[Mention, Place]] = []
        for m in mentions:
            if m.kind is not MentionKind.PLACE or (p := ctx.place(m)) is None:
                continue
            if p.level is PlaceLevel.FEATURE and p.lat is not None:
                memory.site = p
            elif p.level is PlaceLevel.SETTLEMENT and p.country == ctx.theater.country:
                settlements.append((m, p))
        if settlements:
            memory.towns.append(_Towns(memory.sentences, ctx.document.text, settlements))
        memory.sentences += 1

    @staticmethod
    def _locates(text: str, m: Mention) -> bool:
        """A place that only says where another is: "south-west of Aleppo", "the town of
        Morek in northern Hama countryside"."""
        if _RELATIVE_BEFORE.search(text, max(0, m.start - 30), m.start):
            return True
        return bool(
            _IN_BEFORE.search(text, max(0, m.start - 30), m.start)
            and _AREA_AFTER.match(text, m.end)
        )

    def _all_hits(self, text: str) -> list[_Hit]:
        """Every trigger match of a document, in text order."""
        triggers = self.lexicon.triggers
        found = [
            _Hit(trigger=triggers[index], start=m.start(), end=m.end())
            for index, m in self.lexicon.trigger_scan.scan(text)
        ]
        # the longer match wins; of two equal ones, the trigger with a condition on its sentence
        found.sort(key=lambda h: (h.start, -(h.end - h.start), h.trigger.requires is None))
        return found

    def _hits(self, sentence: Sentence) -> list[_Hit]:
        # the document's hits are in text order: slice out this sentence's instead of scanning all
        lo = bisect.bisect_left(self._hit_starts, sentence.start)
        hi = bisect.bisect_left(self._hit_starts, sentence.end)
        found = [
            h for h in self._doc_hits[lo:hi]
            if h.end <= sentence.end
            and (h.trigger.requires is None or h.trigger.requires.search(sentence.text))
        ]
        chosen: list[_Hit] = []
        for h in found:
            if chosen and h.start < chosen[-1].end:
                continue
            chosen.append(h)
        return chosen

    def _clause(self, text: str, sentence: Sentence, hit: _Hit) -> tuple[int, int]:
        start, end = sentence.start, sentence.end
        if self._breaks_of != sentence.start:  # the breaks of a sentence are found once
            self._breaks_of = sentence.start
            self._breaks = [
                m.span() for m in self.lexicon.clause_break.finditer(text, sentence.start, sentence.end)
            ]
        for b_start, b_end in self._breaks:
            if b_end <= hit.start:
                start = b_end
            elif b_start >= hit.end:
                end = b_start
                break
        return start, end

    def _is_fact(
        self,
        text: str,
        sentence: Sentence,
        hit: _Hit,
        prefix: str,
        dates: list[DateExpr],
        clause_end: int,
    ) -> bool:
        lex = self.lexicon
        hypothetical, negation, historical = self._cues
        words = [m.start() for m in _WORDS.finditer(text, hit.start - len(prefix), hit.start)]
        if words:  # a cue among the last words before the trigger
            if hypothetical.within(words[-min(len(words), lex.hypothetical_window)], hit.start):
                return False
            if negation.within(words[-min(len(words), lex.negation_window)], hit.start):
                return False
        if lex.infinitive.search(prefix) and not lex.infinitive_allow.search(prefix):
            return False
        # a background cue in the trigger's clause or before it ("Years ago, rebels took
        # ...", "bombed Idlib as recently as 2020": the cue opens at the clause's end); one
        # inside a later clause ("..., which had been under siege for years") is not
        if historical.starts_in(sentence.start, clause_end + 2) and historical.starts_in_outside(
            sentence.start, clause_end + 2,
            [m.span() for m in _RELATIVE_ASIDE.finditer(text, sentence.start, hit.start)] + [
                (m.start(), hit.start)  # "Families who had been displaced eight years ago
                for m in _PEOPLE_WHO_HAD.finditer(text, sentence.start, hit.start)
            ],  # began returning": the past of the relative clause, not of the return
        ):  # not one inside an aside about the subject ("Hezbollah, which fought beside
            return False  # the army for more than a decade, sent fighters")
        if _POST_MODAL.match(text[hit.end : min(sentence.end, hit.end + 60)]):
            return False
        if _DENIED_BEFORE.search(text, sentence.start, hit.start):
            return False  # "There is no truth to the news that the army has withdrawn"
        if _DENIED_AFTER.search(text, hit.end, sentence.end):
            return False  # "tanks had advanced to within 25 km of Damascus, a report the
            # Israeli military denied": a denied report is no event (a side's claim that the
            # other side rejects stays a claim)
        # a year or date long before publication framing the trigger: background ("in 2016,
        # rebels took ..."); one in a later clause ("..., after the rift of 2021") is not
        # "for the first time since 2016": a span reaching now frames nothing as background
        return not any(
            d.historical and d.start < clause_end and not _FIRST_SINCE.search(
                text, max(0, d.start - 30), d.start + 6
            ) and not (  # "Families who had been forced out in 2016 began returning"
                d.end <= hit.start and _RELATIVE_PAST.search(text, sentence.start, d.start)
            )
            for d in dates
        )

    def _places(
        self,
        ctx: DocContext,
        mentions: list[Mention],
        hit: _Hit,
        clause_start: int,
        clause_end: int,
        memory: _Memory,
    ) -> list[Place]:
        text = ctx.document.text
        trig = hit.trigger
        usable: list[Mention] = []
        distant: list[Mention] = []
        self._near = set()
        crossed_into: Place | None = None  # "Syrians crossed into Lebanon": only a border
        for m in mentions:
            if m.kind is not MentionKind.PLACE:
                continue
            # what stands between the trigger (or 40 characters back) and the place: the
            # "from" of "withdrew from Izraa" belongs to the trigger, not to the place
            lead = text[max(0, m.start - 40, hit.end if m.start >= hit.end else 0) : m.start]
            if trig.name in {"flight", "evacuate"}:  # where people fled, were flown
                # or headed to is
                # not where the event was
                if _DESTINATION_BEFORE.search(lead) or (
                    m.start >= hit.end and _DESTINATION_WORD.search(text, hit.start, m.start)
                    and not re.search(r"\bfrom\s+(?:the\s+)?$", lead, re.IGNORECASE)
                ):
                    if 0 <= m.start - hit.end <= 1 and text[hit.start : hit.end].endswith("into"):
                        crossed_into = crossed_into or ctx.place(m)
                    continue
            elif _PLACE_SKIP_BEFORE.search(lead) and not (
                trig.name == "release" and _FROM_END.search(lead)
            ) and not (trig.name == "return" and _DRIVEN_FROM.search(lead)):
                # ... but prisoners freed from a prison were freed there, and families forced
                # from a town return to it
                if _DISTANCE_BEFORE.search(lead) and clause_start <= m.start < clause_end:
                    distant.append(m)  # "clashes some 20 km north of Homs": near Homs, if
                continue  # the clause names no other place
            place = ctx.place(m)
            if place is None:
                continue
            if trig.name == "cut-road" and _ROAD_END_BEFORE.search(lead):
                continue  # "cut the M5 linking Aleppo with Damascus": the road's ends, not the cut
            if trig.name == "return" and place.country != ctx.theater.country and (
                _FROM_WORD.search(text, hit.start, m.start)
            ):  # "crossed back from Türkiye and Lebanon": where they came back from
                continue
            if place.level is PlaceLevel.COUNTRY and place.id != ctx.theater.country and (
                trig.event_type == "Battles" or trig.control
            ):
                continue
            if (
                trig.event_type in _VIOLENT_TYPES
                and place.country not in {ctx.theater.country, *ctx.theater.neighbours}
            ):  # "In Washington, Central Command said its jets struck ...": where it was said
                continue
            if trig.control and (
                place.level is PlaceLevel.COUNTRY
                or not (place.changes_hands or REGION_NAME.search(m.text))
            ):  # a base, a crossing or a named region ("cleared the Shahba area") changes
                continue  # hands; a river or a road does not
            usable.append(m)
        in_clause = [m for m in usable if clause_start <= m.start and m.end <= clause_end]
        asides = [
            a.span() for a in _RELATIVE_ASIDE.finditer(text, max(0, clause_start - 12), hit.start)
            if _WHO_ASIDE.match(text, a.start())
        ]
        if asides:  # "Bashir, who headed the government in Idlib, was named": Idlib is the
            # man's past, not where he was named
            in_clause = [m for m in in_clause if not any(a <= m.start < b for a, b in asides)]
        # "Saraqib, south-west of Aleppo, fell": a place that only locates another is not
        # where the event was, unless the clause names no other
        anchored = [m for m in in_clause if not self._locates(text, m)]
        if any(
            (p := ctx.place(m)) is not None and p.level is not PlaceLevel.COUNTRY for m in anchored
        ):
            in_clause = anchored
        # a point beats a river or a region ("the bridge over the Orontes at Rastan")
        points = [m for m in in_clause if not self._area_feature(ctx, m)]
        if points:
            in_clause = points
        # a place inside the trigger's own words counts as after it ("warships which had
        # been moored at Tartus had left", "closed the Nasib crossing")
        after = [
            m for m in in_clause if m.start > hit.start and m.start - hit.end <= _MAX_GAP_AFTER
        ] or [  # "ambushed a convoy of retreating regime forces near as-Sukhnah": the scene
            m for m in in_clause
            if trig.event_type == "Battles" and 0 < m.start - hit.end <= 2 * _MAX_GAP_AFTER
            and _NEAR_END.search(text, max(hit.end, m.start - 8), m.start)
        ][:1]
        before = [
            m for m in in_clause
            if m.end <= hit.start and (
                hit.start - m.end <= _MAX_GAP_BEFORE or _APPOSITION.match(text[m.end : hit.start])
            )
        ]
        if len(before) >= 2 and _SITE_IN.fullmatch(text, before[-2].end, before[-1].start) and (
            (held := ctx.place(before[-2])) is not None and held.level is PlaceLevel.FEATURE
            and (within := ctx.place(before[-1])) is not None
            and within.level is PlaceLevel.FEATURE
        ):  # "the Iranian embassy in Mezzeh was stormed": the site, not the district it is in
            # (a site "in Damascus" stays the city's, as the gold of most splits codes it)
            before = before[:-1]
        # "Homs, the hinge between Damascus and the coast, was abandoned": the head, not the
        # places of its apposition
        head = next((m for m in before if _APPOSITION.match(text[m.end : hit.start])), None)
        if head is not None:  # ... and the places listed with it ("Latakia and Tartus, the
            # two coastal provinces long seen as ..., were taken over")
            before = [m for m in in_clause if m.start <= head.start]
        if not before and not after:  # "The towns of Nubl and Zahraa, which had been held
            # by militias, were taken over": the subject before the relative aside
            head = next((
                m for m in reversed(usable)
                if m.end <= hit.start and m.start < clause_start
                and _APPOSITION.match(text[m.end : hit.start])
                and _WHICH_HEAD.match(text, m.end)
            ), None)
            if head is not None:
                before = [m for m in usable if m.end <= head.end and head.start - m.end <= 80]
        if not before and not after:  # "near the Mezzeh airport, which was hit repeatedly"
            before = [m for m in usable if _WHICH_HEAD.fullmatch(text, m.end, hit.start)][-1:]
        # "toward the Tishrin Dam, where clashes continued": the place the clause is about
        head_of_where = bool(before) and bool(_WHERE_HEAD.fullmatch(text, before[-1].end, hit.start))
        group: list[Mention] = []
        if after and trig.place_side in {"after", "any"}:  # a list may run on past the gap
            group = self._coordinated(
                text, [m for m in in_clause if m.start >= after[0].start], forward=True
            )
        elif before and (trig.place_side in {"before", "any"} or head_of_where):
            group = self._coordinated(text, before, forward=False)
        elif trig.place == "optional" and (trig.event_type != "Battles" or trig.name == "offensive"):
            # (an offensive is launched where the clause says: "launched an offensive from
            # Idlib ... against positions west of Aleppo")
            rest = [m for m in in_clause if m not in after and m not in before]
            if rest:
                nearest = min(rest, key=lambda m: abs(m.start - hit.start))
                group = [nearest]
                if nearest.start > hit.start:  # "... around Souran, Tayyibat al-Imam and Halfaya"
                    listed = self._coordinated(
                        text, [m for m in in_clause if m.start >= nearest.start], forward=True
                    )  # a longer list ("around Damascus, Homs, Tartus and Hama") sums up a
                    group = listed if len(listed) <= _MAX_SITES else [nearest]  # campaign
        if not group and trig.place_side in {"after", "any"} and (
            including := _TERRITORY_INCLUDING.match(text, hit.end, min(len(text), hit.end + 120))
        ):  # "withdrew from a string of towns in the province, including Sanamayn, Nawa and
            # Jasim": the towns listed
            towns = [m for m in usable if m.start >= including.end()]
            if towns and towns[0].start == including.end():
                group = self._coordinated(text, towns, forward=True)
        if group and trig.place_side == "before":  # "Maarat fell, as did nearby Saraqib"
            group += [
                m for m in usable
                if m.start > hit.end and _AS_DID.search(text, hit.end, m.start)
            ][:1]
            also = [  # "Morek was also taken, as well as the villages of X and Y"
                m for m in usable if m.start > hit.end and _AS_WELL_AS.search(text, hit.end, m.start)
            ][:1]
            if also:
                group += self._coordinated(
                    text, [m for m in usable if m.start >= also[0].start], forward=True
                )
        places = [p for m in group if (p := self._capital_if_named(ctx, m)) is not None]
        # prefer named settlements, provinces and features over the whole country
        specific = [p for p in places if p.level is not PlaceLevel.COUNTRY]
        if specific:
            places = specific
        elif places:  # "crossed into Syria from Iraq near Albu Kamal": the town, not the
            # country; "... from Lebanon through the Masnaa border crossing": the crossing
            home = [p.id for p in places] == [ctx.theater.country] or (
                len(places) == 1 and trig.name == "depart"
            )  # "soldiers crossed into Iraq through the al-Qaim crossing": the crossing
            finer = [
                p for m in in_clause
                if m.start > hit.start and (p := ctx.place(m)) is not None
                and p.country == ctx.theater.country and (
                    (p.level is PlaceLevel.SETTLEMENT and m.start - hit.end <= _MAX_GAP_AFTER)
                    or (home and p.level is PlaceLevel.FEATURE and p.lat is not None
                        and m.start - hit.end <= 2 * _MAX_GAP_AFTER)
                )
            ]
            if not finer and home and trig.event_type == "Explosions/Remote violence":
                # "airstrikes against Syria on military sites in Damascus, Homs and Tartus":
                # the towns the clause goes on to list, not the country
                later = [
                    m for m in in_clause if m.start > group[-1].end
                    and (p := ctx.place(m)) is not None and p.country == ctx.theater.country
                    and p.level in {PlaceLevel.SETTLEMENT, PlaceLevel.ADMIN1}
                ]
                listed = self._coordinated(text, later, forward=True) if later else []
                if 1 < len(listed) <= _MAX_SITES:
                    places = [p for m in listed if (p := self._capital_if_named(ctx, m))]
            places = finer[:1] or places
        there = None if places else _THERE.search(
            text, max(clause_start, hit.start - 30), min(clause_end, hit.end + 20)
        )
        if there is not None and there.group(1).lower() not in _NOT_BEFORE_THERE:
            # "took Sweida city after the security offices there were abandoned": the town
            places = self._towns_before(ctx, mentions, there.start())[-1:]  # the sentence
            # named before "there"
        first = None if places else next((m for m in mentions if m.kind is MentionKind.PLACE), None)
        if first is not None and first.end <= hit.start and (
            _FRONTED_IN.search(text, max(0, first.start - 30), first.start)
        ) and text.startswith(",", first.end) and (
            (fronted := ctx.place(first)) is not None
            and fronted.level is PlaceLevel.SETTLEMENT
        ):  # "In Sweida, Druze factions stormed the governorate building": the sentence's
            places = [fronted]  # setting, where the clause names no place of its own
        if not places and trig.name == "flight":  # "cars on the road from Hama to Homs as
            places = [  # families fled the fighting": they fled the town they drove from
                p for m in mentions
                if m.kind is MentionKind.PLACE and _FROM_END.search(text, max(0, m.start - 8), m.start)
                and (p := ctx.place(m)) is not None and p.level is PlaceLevel.SETTLEMENT
            ][:1]
        pair = _PAIR_ANAPHOR.search(text, hit.start, min(clause_end, hit.end + 20)) if (
            not places and trig.control == "capture"
        ) else None
        if pair is not None:  # "withdrew from Khan Shaykhun and Maarat al-Numan, and fighters
            # entered both towns": the last two towns the sentence named
            places = self._towns_before(ctx, mentions, hit.start)[-2:]
            places = places if len(places) == 2 else []
        if trig.control == "capture" and not (pair and places):
            # "captured Aleppo as well as 39 towns", "seized vast swaths of territory": unnamed
            # places changing hands are coded at the level of the country
            named_after = bool(group) and group[-1].start > hit.start
            tail_from = group[-1].end if named_after else hit.end
            tail = text[tail_from : min(clause_end, tail_from + _MAX_GAP_AFTER)]
            if noun := (_TERRITORY_MORE if named_after else _TERRITORY).match(tail):
                # "dozens of villages in the Shahba region", "villages in the countryside
                # west of Aleppo": the region or the province they lie in; else the country
                where = self._territory_region(
                    ctx, mentions, tail_from + noun.end(), clause_end
                ) or (
                    None if named_after and (
                        _BESIDE_AFTER.match(text, tail_from + noun.end())
                        or _SURROUNDING.search(noun.group(0))
                    ) else ctx.gazetteer.get(ctx.theater.country)
                )  # "took Tall Rifaat and several villages north of Aleppo", "... and the
                # surrounding villages": the named town, not the whole country
                if where is not None and where not in places:
                    places.append(where)
        anaphor = None
        if not places and trig.place_side in {"after", "any"}:
            anaphor = _PLACE_ANAPHOR.search(text, hit.end, min(clause_end, hit.end + _ANAPHOR_GAP))
        if not places and anaphor is None and trig.place_side in {"before", "any"}:
            lo = max(clause_start, hit.start - _MAX_GAP_BEFORE)
            anaphor = _PLACE_ANAPHOR.search(text, lo, hit.start)
        if anaphor is not None and trig.name in _MOVES and _DESTINATION_BEFORE.search(
            text, max(0, anaphor.start() - 20), anaphor.start()
        ):  # "units pulled back to lines closer to the city": where they went, not where
            anaphor = None  # they were
        if anaphor is not None:  # "took the city", "around the town": the one just named
            named = [
                p
                for m in mentions
                if m.kind is MentionKind.PLACE and m.end <= anaphor.start()
                and (p := ctx.place(m)) is not None and p.level is PlaceLevel.SETTLEMENT
                and not _SEAT_OF.search(text, max(0, m.start - 30), m.start)
                and not self._locates(text, m)
            ]  # not "the new authorities in Damascus entered the city", nor the province of
            # "withdrew from Maarat al-Numan in southern Idlib countryside, ... entered the city"
            city = re.search(r"\b(?:city|capital)\b", anaphor.group(0), re.IGNORECASE)
            # "the city": the town the report is about; "the town": the one just named;
            # "the capital": the theater's
            referent = named[-1] if named else memory.topic_town() if city else memory.place
            if _THE_CAPITAL.fullmatch(anaphor.group(0)):
                heading = _HEADING_BEFORE.search(text, max(0, anaphor.start() - 30),
                                                 anaphor.start())
                # "swept into the capital"; not "opened the road to the capital"
                referent = None if heading else ctx.gazetteer.get(ctx.theater.capital)
            elif "provincial" in anaphor.group(0).lower() and (province := next((
                a for m in reversed(mentions)
                if m.kind is MentionKind.PLACE and m.end <= anaphor.start()
                and (p := ctx.place(m)) is not None and p.level is PlaceLevel.ADMIN1
                for a in ctx.theater.admin1 if a.id == p.id and a.capital
            ), None)) is not None:  # "armed groups in Quneitra province took over the
                # provincial capital": that province's
                referent = ctx.gazetteer.get(province.capital or "") or referent
            places = [referent] if referent is not None else []
        if not places and trig.place_side in {"before", "any"}:  # "The mountain fell": the
            site = _SITE_ANAPHOR.search(text, max(clause_start, hit.start - _MAX_GAP_BEFORE),
                                        hit.start)  # base, summit or crossing just named
            if site is not None and memory.site is not None:
                places = [memory.site]
        if not places and trig.place_side in {"after", "any"} and (
            airport := _TOWN_AIRPORT.match(text, hit.end, min(clause_end, hit.end + 30))
        ):  # "entered Deir ez-Zor and took over the military airport": the town's airport
            town = next((
                p for m in reversed(mentions)
                if m.kind is MentionKind.PLACE and m.end <= hit.start
                and (p := ctx.place(m)) is not None and p.level is PlaceLevel.SETTLEMENT
            ), None) or memory.place
            if town is not None:
                places = ctx.gazetteer.lookup(f"{town.name} {airport.group(1)}")[:1]
        if not places and trig.place == "required":  # "In Jaramana, ... police stations
            # were abandoned": the town the sentence opens in
            places = [
                p for m in mentions
                if m.kind is MentionKind.PLACE and m.end <= hit.start
                and _FRAME_BEFORE.fullmatch(text, clause_start, m.start)
                and text[m.end : m.end + 1] == ","
                and (p := ctx.place(m)) is not None and p.level is PlaceLevel.SETTLEMENT
            ][:1]
        if (
            not places
            and trig.control == "withdraw"
            and memory.place is not None
            and _INTRANSITIVE_END.match(text[hit.end : hit.end + 20])
        ):
            places = [memory.place]
        if not places and crossed_into is not None:
            places = [crossed_into]
        if not places and distant and not trig.control and (
            trig.event_type in _VIOLENT_TYPES
        ) and (near := ctx.place(distant[0])) is not None and near.level is PlaceLevel.SETTLEMENT:
            places = [near]  # "clashing with troops some 20 km north of Homs": near Homs
            self._near = {near.id}  # (geo precision 2), not anywhere in the country
        return places

    @staticmethod
    def _territory_region(
        ctx: DocContext, mentions: Sequence[Mention], start: int, clause_end: int
    ) -> Place | None:
        """Where unnamed villages lie: the region or province named right after them."""
        text = ctx.document.text
        if not (frame := _TERRITORY_IN.match(text, start, clause_end)):
            return None
        for m in mentions:
            if m.kind is not MentionKind.PLACE or not frame.end() <= m.start < clause_end:
                continue
            if m.start - frame.end() > _TERRITORY_REACH:
                return None
            if (place := ctx.place(m)) is None or place.country != ctx.theater.country:
                return None
            if place.level is PlaceLevel.ADMIN1 or (  # a named region, not a base in it
                place.level is PlaceLevel.FEATURE and place.lat is None and place.changes_hands
            ):
                return place
            return ctx.gazetteer.get(place.admin1) if place.admin1 else None
        return None

    @staticmethod
    def _armed_flee(
        ctx: DocContext, agent: str | None, mention: Mention | None, hit: _Hit
    ) -> bool:
        """Whether the subject of "fled" is an armed party named right before it, or one man."""
        if _ONE_MAN.search(ctx.document.text, max(0, hit.start - 12), hit.start) or (
            mention is not None and mention.kind is MentionKind.PERSON
            and 0 <= hit.start - mention.end <= 12
        ):  # "some reports say he fled to Iraq", "Maher al-Assad fled": one man, no flight
            return True
        if agent is None or mention is None or not 0 <= hit.start - mention.end <= 30:
            return False
        if ctx.actor_type(agent) not in {ActorType.STATE, ActorType.REBEL, ActorType.MILITIA}:
            return False
        return not _CIVILIAN_NOUN.search(ctx.document.text, mention.end, hit.start)

    @staticmethod
    def _area_feature(ctx: DocContext, m: Mention) -> bool:
        """A named feature with no point: a river, a region, a highway."""
        place = ctx.place(m)
        return place is not None and place.level is PlaceLevel.FEATURE and place.lat is None

    @staticmethod
    def _capital_if_named(ctx: DocContext, m: Mention) -> Place | None:
        """'the capital of Gezira State' is a town, not the province; 'the military airport
        of Hama' is the airport the pack knows, not the city."""
        place = ctx.place(m)
        if place is not None and place.level is PlaceLevel.SETTLEMENT and (
            site := _SITE_OF.search(ctx.document.text, max(0, m.start - 40), m.start)
        ):
            found = ctx.gazetteer.lookup(f"{m.text} {site.group(1)}")
            if found and found[0].level is PlaceLevel.FEATURE:
                return found[0]
        if place is None or place.level is not PlaceLevel.ADMIN1:
            return place
        if not _CAPITAL_OF.search(ctx.document.text, max(0, m.start - 40), m.start):
            return place
        admin = next((a for a in ctx.theater.admin1 if a.id == place.id), None)
        capital = ctx.gazetteer.get(admin.capital) if admin and admin.capital else None
        return capital or place

    @staticmethod
    def _towns_before(ctx: DocContext, mentions: list[Mention], end: int) -> list[Place]:
        """The towns a sentence names before ``end`` in their own right."""
        text = ctx.document.text
        return [
            p for m in mentions
            if m.kind is MentionKind.PLACE and m.end <= end
            and (p := ctx.place(m)) is not None and p.level is PlaceLevel.SETTLEMENT
            and _in_own_right(text, m)
        ]

    @staticmethod
    def _coordinated(text: str, mentions: list[Mention], *, forward: bool) -> list[Mention]:
        ordered = mentions if forward else list(reversed(mentions))
        group = [ordered[0]]
        if not forward:  # "the Rastan bridge on the M5": the road only locates the bridge
            while len(ordered) > 1 and _LOCATED_ON.match(text[ordered[1].end : ordered[0].start]):
                ordered = ordered[1:]
            group = [ordered[0]]
        for m in ordered[1:]:
            last = group[-1]
            gap = text[last.end : m.start] if forward else text[m.end : last.start]
            if _PLACE_COORD_GAP.match(gap) or (
                forward and (located := _LOCATED_IN.match(gap)) is not None
                and _PLACE_COORD_GAP.match(gap[located.end() :])
            ):  # "the Mezzeh airport in Damascus, the Khalkhalah and Shayrat air bases":
                group.append(m)  # a town that only locates one item does not end the list
            elif forward and _LOCATOR_GAP.fullmatch(gap):
                continue  # the locating town itself
            else:
                break
        return group if forward else list(reversed(group))

    def _actor_id(self, ctx: DocContext, m: Mention) -> str | None:
        if m.kind is MentionKind.PERSON:  # whom the person leads, else serves ("Bashir")
            body = organisation_of(ctx.theater, m.id) or affiliation_of(ctx.theater, m.id)
            return body if body is None or ctx.actor_type(body) not in _NOT_PARTIES else None
        return m.id

    def _agent(
        self,
        ctx: DocContext,
        mentions: list[Mention],
        hit: _Hit,
        clause_start: int,
        sentence: Sentence,
        memory: _Memory,
        places: list[Place],
    ) -> tuple[str | None, Mention | None]:
        text = ctx.document.text
        if hit.trigger.name == "asylum-granted":
            return self._asylum_giver(ctx, mentions), None
        actors = all_actors = [m for m in mentions if self._party(ctx, m)]
        backed = _backers(text, actors)  # "US-backed SDF entered": the SDF acts, not its
        actors = [  # backer
            m for m in actors if m.start not in backed and not _MEDIATOR.match(text, m.end)
        ]
        pair = self._between_pair(ctx, actors, hit)
        if pair is not None:
            return pair[0]
        # passive: "destroyed by Russian airstrikes", "captured by the rebels"
        for m in actors:
            if m.start >= hit.end and _passive_by(text[hit.end : m.start]):
                return self._actor_id(ctx, m), m
        for m in actors:  # "... with HTS, which captured Hama", "the alliance that took": its antecedent
            if m.end <= hit.start and _WHICH_DID.fullmatch(text, m.end, hit.start):
                return self._actor_id(ctx, m), m
        if hit.trigger.name == "fall" and not text[hit.start : hit.end].lower().endswith(
            "cleared of"
        ):  # "Hama fell to the rebels"; not "cleared of terrorists": those driven out
            for m in actors:
                if (m.start >= hit.end and _FALL_TO.match(text[hit.end - 3 : m.start])) or (
                    hit.start < m.start and m.end <= hit.end
                ):  # "Homs was in rebel hands": the trigger names its taker
                    return self._actor_id(ctx, m), m
        looting = hit.trigger.sub_event_type == "Looting/property destruction"
        if looting and _BY_ARMED_MEN.match(text, hit.end) and self._doc_lead is not None:
            # "the mausoleum was set on fire by armed men": after the fall, the armed side the
            # report is about (the gold of seven splits codes it so)
            return self._doc_lead, None
        if _BY_UNKNOWN.match(text, hit.end):
            return None, None  # "stormed and ransacked by unidentified gunmen": nobody we know
        if hit.trigger.sub_event_type == "Looting/property destruction" and _BY_CROWD.match(
            text, hit.end
        ):  # "the embassy was stormed and ransacked by crowds"
            return "civilians", None
        for m in actors:  # "reinforcements of Shiite fighters": the trigger's own complement
            if hit.trigger.event_type == "Explosions/Remote violence":
                break  # "targeted positions of the rebels": the target, not the agent
            if m.start >= hit.end and _OF_COMPLEMENT.match(text[hit.end : m.start]):
                return self._actor_id(ctx, m), m
        for m in actors:  # "Russian airstrikes": the demonym glued to the trigger
            if 0 <= hit.start - m.end <= 1 and text[m.end : hit.start] in {"", " ", "-"} and not (
                hit.trigger.name == "fall"
                and _PREPOSITION_END.search(text, max(sentence.start, m.start - 12), m.start)
            ):  # (not "the crossing with Jordan was also taken")
                if _RELATIVE_OBJECT.search(text, max(sentence.start, m.start - 30), m.start):
                    break  # "the command that toppled Assad entered": Assad is its object
                if _BACKED_BY.search(text, max(sentence.start, m.start - 30), m.start):
                    break  # "groups supported by Turkey took": its client, found below
                first = next((  # "Syrian and Russian warplanes": the first named leads
                    o for o in actors if o.end <= m.start and _COORD_GAP.match(text[o.end : m.start])
                ), None)
                if first is not None:
                    m = first
                if client := self._backed_client(ctx, all_actors, backed, m):
                    return client, m  # "US-backed Syrian rebels seize": the US's client
                return self._actor_id(ctx, m), m
        for m in actors:  # the trigger starts inside the actor's phrase: "Syrian soldiers crossed"
            if m.start < hit.start < m.end:
                return self._actor_id(ctx, m), m
        if _RELATIVE_START.search(text, max(sentence.start, clause_start - 12), clause_start + 7):  # "The SDF, which is backed by the US,
            clause_start = sentence.start  # moved into ...": the subject is the antecedent
        if hit.trigger.name == "fall":
            subject = [m for m in mentions if m.kind is MentionKind.PLACE and m.end <= hit.start]
            if (subject and _SUBORDINATE_BEFORE.search(
                text, max(0, subject[-1].start - 12), subject[-1].start
            )) or _SUBORDINATE_ANAPHOR.search(
                text, max(0, hit.start - 40), hit.start
            ):  # "Hezbollah sent fighters as Hama fell": not Hezbollah's taking
                return self._earlier_taker(memory, places), None
        if hit.trigger.sub_event_type == "Looting/property destruction" and (
            opener := _last_match(_SUBORDINATOR, text, sentence.start, hit.start)
        ) and (group := self._unknown_subject(text, mentions, opener.end(), hit.start)) and (
            _ARMED_MEN.search(group) and not _UNIDENTIFIED.search(group)
        ):  # "the staff had left the embassy before armed men stormed and vandalised it": not
            return self._doc_lead, None  # Iran's doing; the armed side the report is about
        before = [m for m in actors if m.end <= hit.start and m.start >= clause_start]
        named_first = next((
            m for m in reversed(mentions)
            if m.kind is MentionKind.PLACE and m.end <= hit.start and m.start >= sentence.start
        ), None)
        if named_first is not None and _APPOSITION.match(text, named_first.end, hit.start):
            # "Sanamayn, the last government stronghold in the province, changed hands": the
            # place's apposition names no taker
            actors = [m for m in actors if not named_first.end <= m.start < hit.start]
            before = [m for m in before if m.end <= named_first.start]
        if not before:
            # "Jordan shuts the crossing as southern factions take Deraa": the clause's own
            # subject, not an actor outside it; "its fighters" point back to that actor
            if (
                clause_start > sentence.start
                and (hit.trigger.event_type == "Battles" or hit.trigger.control)
                and (group := self._unknown_subject(text, mentions, clause_start, hit.start))
                and group.split()[0].lower() not in {"its", "their", "his"}
            ):
                return self._unnamed_group(ctx, group, places, memory), None
            before = [  # (not the speaker of an earlier clause: "..., the SDF said, while
                m for m in actors  # another strike hit a vehicle")
                if m.end <= hit.start and not (
                    m.end <= clause_start and _SPEAKER_DONE.match(text, m.end)
                )
            ]
        since = max([clause_start, *(m.end for m in before[-1:])])
        if (hit.trigger.event_type == "Battles" or hit.trigger.control) and _NEW_SUBJECT.search(
            text, since, hit.start
        ) and (
            group := self._unknown_subject(text, mentions, since, hit.start)
        ) is not None:  # "Jordan closed the crossing after armed groups took control of
            return self._unnamed_group(ctx, group, places, memory), None  # Nasib": not Jordan
        if len(before) > 1:  # "Opposition forces and the Deir ez-Zor Military Council (DMC), an
            # Arab force that broke with the SDF, seized": not the SDF of the aside, nor the
            # abbreviation in brackets; the list before them
            asides = [a.span() for a in _RELATIVE_ASIDE.finditer(text, sentence.start, hit.start)]
            kept = before[:1]
            for m in before[1:]:
                if not any(a <= m.start < b for a, b in asides) and not (
                    m.id == kept[-1].id and _BRACKET_GAP.fullmatch(text, kept[-1].end, m.start)
                ):
                    kept.append(m)
            before = kept
        for i in range(len(before) - 1, 0, -1):  # "HTS and SNA are moving": the first leads
            gap = text[before[i - 1].end : before[i].start]
            if gap.strip() == "," and _OPENS_SUBORDINATE.search(
                text, sentence.start, before[i - 1].start
            ):  # "After the fall of the government, IDF troops moved in": the comma closes
                before = before[i:]  # the subordinate clause; it lists nobody
                break
            if _COORD_GAP.match(gap) and before[i].end <= hit.start:
                before = before[:i]
            elif i == len(before) - 1:
                break
        they = _SUBORDINATE_THEY.search(text, max(clause_start, hit.start - 30), hit.start)
        if they is not None:  # "rebels captured Hama, a blow to Assad a week after they stormed
            first_actor = next((  # Aleppo": the sentence's subject, not the man named last
                m for m in actors
                if sentence.start <= m.start and m.end <= they.start()
                and m.kind is not MentionKind.PERSON
                and ctx.actor_type(m.id) is not ActorType.CIVILIANS
            ), None)
            if first_actor is not None and (actor := self._actor_id(ctx, first_actor)):
                return actor, None
        passive = hit.trigger.name == "fall" or _PASSIVE_HIT.match(text, hit.start) is not None
        for m in reversed(before):  # (asides are gone: "Hezbollah, which fought beside
            # Assad's forces, sent" is Hezbollah's sending)
            if passive and _POSSESSIVE_AFTER.match(text, m.end):
                continue  # "the Assad family's home town was taken": the owner takes nothing
            if passive and _PREPOSITION_END.search(text, max(sentence.start, m.start - 12), m.start):
                continue  # "the crossing with Jordan was also taken": Jordan took nothing
            lead = text[max(sentence.start, m.start - 30) : m.start]
            hint = next((o.id for o in reversed(before) if o.end <= m.start), None)
            if _BACKED_BY.search(lead) and (client := self._client_of(ctx, m, hint)) is not None:
                return client, None  # "Syrian factions backed by Turkey captured": its client
            if _BACKER.match(text, m.end) and any(
                _APPOSITIVE_OPEN.fullmatch(text, o.end, m.start) for o in before
            ):  # "the Syrian Free Army, a small US-backed group, seized": not the US
                continue
            if (
                _AGENT_BLOCK_BEFORE.search(lead) and not _MEMBERS_OF.search(lead)
                and not _THAT_THEY.match(text, m.end)  # "claims by the SNA that they took"
            ) or _RELATIVE_OBJECT.search(lead):
                continue  # "positions of the army" is not the army acting; "fighters of" is
            if m.id == "civilians" and hit.trigger.event_type != "Displacement":
                continue
            if client := self._backed_client(ctx, all_actors, backed, m):
                return client, m  # "US-backed Syrian rebels seized Palmyra": the US's client
            if _SUBORDINATE_BEFORE.search(text, max(0, m.start - 12), m.start) and (
                _AND_VERB_AFTER_CLAUSE.fullmatch(text, m.end, hit.start)
            ):  # "Israeli troops deployed, after Syrian troops abandoned their posts, and
                continue  # captured the summit": the main clause's subject captured it
            if m is not before[0] and _OBJECT_LEAD.search(
                text, max(0, m.start - 25), m.start
            ) and _AND_VERB.search(text, m.end, hit.start):  # "Druze groups drove security
                continue  # forces out of the city and seized police stations": the groups
            if _FOUGHT_OBJECT.search(text, max(sentence.start, m.start - 20), m.start) and any(
                o.end <= m.start and o.start >= sentence.start for o in before
            ):  # "the SNA has been fighting the SDF, and ... they had taken Manbij": the SNA
                continue
            actor = self._actor_id(ctx, m)
            if actor and hit.trigger.name == "fall" and m.kind is MentionKind.PERSON and (
                (holder := baseline_holder(ctx, places[0] if places else None)) is not None
                and _same_side(ctx, actor, holder)
            ):
                continue  # "Assad flees; Homs falls": a town does not fall to its holder's man
            if actor:
                return actor, m
        # "Russian airstrikes": a demonym right after the trigger start is the agent too
        for m in actors:
            if hit.start <= m.start < hit.end:
                return self._actor_id(ctx, m), m
        own = _ITS_MEN.search(text, sentence.start, hit.start)
        if own is not None:  # "a spokesman for the SNA said its units had taken": the SNA's
            named = [
                m for m in actors
                if m.end <= own.start() and ctx.actor_type(m.id) is not ActorType.CIVILIANS
            ]
            if named and (antecedent := self._actor_id(ctx, named[-1])) is not None:
                return antecedent, None
        prefix = text[clause_start : hit.start].lower()
        words = _WORDS.findall(prefix)
        if words and words[0] in PRONOUNS_PLURAL + PRONOUNS_SINGULAR:
            # "rejecting claims by the mercenaries that they had taken the town": the party
            # named just before in the sentence, else the one the report was about
            plural = words[0] in PRONOUNS_PLURAL  # "they stormed Aleppo": not "Assad"
            earlier = [
                m for m in actors
                if sentence.start <= m.start and m.end <= clause_start
                and ctx.actor_type(m.id) is not ActorType.CIVILIANS
                and not (plural and m.kind is MentionKind.PERSON)
                and not _FOUGHT_OBJECT.search(text, max(sentence.start, m.start - 20), m.start)
            ]  # ("the SNA has been fighting the SDF, and its fighters said they had taken")
            if earlier and (antecedent := self._actor_id(ctx, earlier[-1])) is not None:
                return antecedent, None
            return memory.agent, None
        if _ANAPHOR.match(text[sentence.start : hit.start]):
            return memory.agent, None
        if hit.trigger.carry_agent and hit.trigger.event_type == "Strategic developments":
            # "prisoners walked out after rebels broke the gates open"; not "a drone attack at
            # an army ceremony", where the actor named after a strike is its target
            later = [m for m in actors if m.start >= hit.end and m.id != hit.trigger.target]
            if later and (actor := self._actor_id(ctx, later[0])):
                return actor, later[0]
        if hit.trigger.sub_event_type == "Looting/property destruction":
            group = self._unknown_subject(text, mentions, clause_start, hit.start)
            if group is not None and _CROWD_NOUN.search(group):
                return "civilians", None  # "crowds toppled a statue", "residents looted"
            if group is not None:  # "fighters were looting shops": the side just named
                unnamed = self._unnamed_group(ctx, group, places, memory)
                if unnamed is None and _ARMED_MEN.search(group) and not _UNIDENTIFIED.search(
                    text, max(clause_start, hit.start - 60), hit.start
                ):  # "gunmen set fire to the
                    unnamed = self._doc_lead  # mausoleum": the armed side the report follows
                return unnamed, None
        if (
            hit.trigger.event_type == "Explosions/Remote violence"
            and memory.agent is not None and memory.agent_paragraph >= sentence.paragraph - 1
            and ctx.actor_type(memory.agent) is not ActorType.CIVILIANS
            and _ALSO_AROUND.search(text, max(sentence.start, hit.start - 12), hit.end + 12)
        ):  # "Jets pounded Idlib. Strikes also hit camps near Sarmada": the same jets
            return memory.agent, None
        if hit.trigger.place_default == "agent" and (state := self._country_subject(
            ctx, mentions, clause_start, hit
        )):  # "Lebanon closed its crossings": a country read as a place acts as its state
            return state, None
        fighting = hit.trigger.event_type == "Battles" or bool(hit.trigger.control)
        if fighting or hit.trigger.carry_agent:
            taker = _UNKNOWN_TAKER.match(text, hit.end) if hit.trigger.name == "fall" else None
            if taker is not None:  # "passed to the factions": a group the theater may lack
                return self._unnamed_group(ctx, taker.group(0), places, memory), None
            group = self._unknown_subject(text, mentions, clause_start, hit.start)
            if group is not None:  # "local tribal fighters took the town": not whoever came last
                return self._unnamed_group(ctx, group, places, memory), None
            if not fighting and (
                memory.agent == "civilians" or any(
                    m.start >= hit.end and not _SPEAKER_AFTER.match(text, m.end) for m in actors
                )
            ):  # the people a report was about do not shell or deploy; and a sentence that
                # names its parties later ("the bombing of the bridge by Russian jets") has its own
                return None, None
            if hit.trigger.control == "capture" and (
                memory.agent is None or memory.agent_paragraph != sentence.paragraph
            ):  # "Saraqib and Maarat al-Numan taken" heading a report, "5 December - Hama
                # falls" in a timeline: the armed group the report names most
                return self._doc_lead or memory.agent, None
            if hit.trigger.control == "capture" and (
                taken_before := self._earlier_taker(memory, places)
            ):  # "they took the airport. ... The airport fell on Saturday": the same taking
                return taken_before, None
            if hit.trigger.control == "capture" and (
                (last := self._last_change(memory)) is not None and last.actor2 == memory.agent
            ):  # "the army withdrew from Taybat al-Imam. Maardes was also taken": by the side
                return last.actor1, None  # that took the last town, not the one that lost it
            return memory.agent, None
        return None, None

    def _between_pair(
        self, ctx: DocContext, actors: list[Mention], hit: _Hit
    ) -> tuple[tuple[str, Mention], str] | None:
        """The two sides of "a truce between X and Y" / "fighting between X and Y"."""
        text = ctx.document.text
        # "clashes broke out between X and Y near Z": the sides inside the trigger's words
        inside = _BETWEEN_WORD.search(text, hit.start, hit.end)
        lo = inside.start() if inside is not None else hit.end
        for i, first in enumerate(actors[:-1]):
            if first.start < lo or first.start - lo > 40:
                continue
            second = actors[i + 1]
            if not _BETWEEN.fullmatch(text, lo, first.start):
                return None
            if not _BETWEEN_AND.fullmatch(text, first.end, second.start):
                return None
            one, other = self._actor_id(ctx, first), self._actor_id(ctx, second)
            if one is None or other is None or one == other:
                return None
            return (one, first), other
        return None

    @staticmethod
    def _unknown_subject(
        text: str, mentions: list[Mention], start: int, end: int
    ) -> str | None:
        """The group the clause before a trigger names and the theater does not know, with
        the word before it ("the factions", "tribal fighters"); None when there is none."""
        chars = list(text[start:end])
        for m in mentions:
            for i in range(max(m.start, start), min(m.end, end)):
                chars[i - start] = " "
        masked = "".join(chars)
        found = _GROUP_NOUN.search(masked) or _CROWD_NOUN.search(masked)
        if found is None:
            return None
        qualifier = re.search(r"([\w'’-]+)\s+$", masked[: found.start()])
        if qualifier is None or qualifier.group(1).lower() in _FUNCTION_WORDS:
            return found.group(0)  # "On Sunday, the factions took", "Fighters also seized"
        return f"{qualifier.group(1)} {found.group(0)}"  # "tribal fighters": someone else

    def _backed_client(
        self, ctx: DocContext, actors: list[Mention], backed: dict[int, Mention], m: Mention
    ) -> str | None:
        """For a generic group named as backed ("US-backed Syrian rebels"), the backer's
        client among that group's side, when it is another actor than the generic one."""
        backer = next((b for b in actors if backed.get(b.start) is m), None)
        if backer is None:
            return None
        client = self._client_of(ctx, backer, m.id)
        return client if client != m.id else None

    @staticmethod
    def _client_of(ctx: DocContext, m: Mention, hint: str | None = None) -> str | None:
        """The one armed group the pack says the actor of ``m`` supports ("factions backed by
        Turkey" are the SNA); of several, the one on the side of ``hint``, the group the
        report names as backed ("opposition fighters backed by the US": the Syrian Free Army,
        not the SDF); None when it backs none, or several and the hint picks none."""
        clients = {
            r.object for r in ctx.theater.relations
            if r.subject == m.id and r.relation == "supports"
            and ctx.actor_type(r.object) in _ARMED_GROUPS
        }
        if len(clients) > 1 and hint is not None:
            if hint in clients:
                return hint
            side = (actor := ctx.theater.actors.get(hint)) and actor.side
            clients = {c for c in clients if side and (a := ctx.theater.actors.get(c)) and a.side == side}
        return clients.pop() if len(clients) == 1 else None

    @staticmethod
    def _unnamed_group(
        ctx: DocContext, group: str, places: list[Place], memory: _Memory
    ) -> str | None:
        """Who "the factions" or "fighters" are: the side the pack names for the place's
        division, else the armed side the report was talking about; a qualified group
        ("tribal fighters", "local armed groups") stays unknown."""
        regional = {ctx.theater.regional_actor(p.admin1) for p in places}
        if len(regional) == 1 and (local := regional.pop()) is not None:
            return local
        if not _BARE_GROUP.fullmatch(group.strip()):
            return None
        agent = memory.agent
        if agent is None or _government_side(ctx, agent) or ctx.actor_type(agent) not in {
            ActorType.REBEL, ActorType.MILITIA
        } or (  # "the factions" are the rebels' side, though the last sentence was about
            # another armed group ("Kurdish fighters remain in Sheikh Maqsoud. ... the
            # factions captured Saraqib")
            _FACTIONS.search(group) is not None
            and (actor := ctx.theater.actors.get(agent)) is not None
            and actor.side != ctx.theater.generic_side("rebels")
        ):  # the report was about the army: the fighters are the side most named against it
            gov = _government(ctx)
            return ctx_last_attacker(ctx, gov.id) if gov is not None else None
        return agent

    def _taker_here(
        self, ctx: DocContext, hit: _Hit, agent: str | None, mention: Mention | None,
        place: Place | None, span: TimeSpan | None,
    ) -> str | None:
        """The agent of the event at this place: the region's own group for "rebels"; for an
        agentless capture ("Zarbah was taken") after the baseline, not the side that held
        the town on the baseline date."""
        agent = self._local_actor(ctx, agent, mention, place)
        if (
            mention is None
            and agent is not None
            and hit.trigger.control == "capture"
            and span is not None
            and span.earliest >= ctx.theater.start
            and not _NOMINAL_FALL.match(ctx.document.text, hit.start)
            and agent == baseline_holder(ctx, place)
        ):  # (with no attacker named anywhere, not the holder either: nobody known took it)
            taker = ctx_last_attacker(ctx, agent) or self._doc_lead
            return taker if taker != agent else None
        return agent

    @staticmethod
    def _local_actor(ctx: DocContext, actor_id: str | None, mention: Mention | None,
                     place: Place | None) -> str | None:
        """"Rebels" in a division the pack gives to a local group mean that group (the
        southern rebels in Daraa); a named actor, or one with no such division, stays."""
        if actor_id is None or place is None:
            return actor_id
        actor = ctx.theater.actors.get(actor_id)
        if actor is None or actor.side is None or actor.regions:
            return actor_id  # "southern rebels" stay southern wherever they go
        local = ctx.theater.regional_actor(place.admin1, actor.side)
        if local is None or local == actor_id:
            return actor_id
        if mention is not None and mention.text.lower() not in {g.lower() for g in actor.generic}:
            return actor_id
        return local

    @staticmethod
    def _party(ctx: DocContext, m: Mention) -> bool:
        """Whether a mention can act or be acted on: monitors and bodies such as the UN
        report and count; they are sources of events, not parties to them."""
        if m.kind is MentionKind.PLACE:
            return False
        return ctx.actor_type(m.id) not in _NOT_PARTIES

    def _target(
        self,
        ctx: DocContext,
        mentions: list[Mention],
        hit: _Hit,
        clause_end: int,
        agent: str | None,
    ) -> str | None:
        if hit.trigger.name == "asylum-granted":  # "Assad ... has been granted asylum"
            given = [
                m for m in mentions
                if m.end <= hit.start and self._party(ctx, m) and m.id != agent
            ]  # the man himself, not the agency that reported it
            people = [m for m in given if m.kind is MentionKind.PERSON]
            return (people or given)[-1].id if given else None
        if hit.trigger.target:
            for m in mentions:
                if m.start >= hit.end and m.end <= clause_end and m.id == hit.trigger.target:
                    return m.id
            return hit.trigger.target
        text = ctx.document.text
        pair = self._between_pair(ctx, [m for m in mentions if self._party(ctx, m)], hit)
        if pair is not None and pair[0][0] == agent:
            return pair[1]
        if hit.trigger.name == "offensive" and (
            against := _AGAINST.search(text, hit.end, min(clause_end, hit.end + 80))
        ):  # "launched an operation called Dawn of Freedom against areas held by the SDF"
            for m in mentions:
                if (
                    self._party(ctx, m) and against.end() <= m.start <= against.end() + 50
                    and (actor := self._actor_id(ctx, m)) and actor != agent
                ):
                    return actor
        backed = _backers(text, [m for m in mentions if self._party(ctx, m)])
        for m in mentions:
            if not self._party(ctx, m) or m.start < hit.end or m.end > clause_end:
                continue
            gap = text[hit.end : m.start]
            if m.start in backed:  # "from the US-backed Syrian Democratic Forces": the SDF
                m = backed[m.start]
            actor = self._actor_id(ctx, m)
            if len(gap) > 40:
                break
            if hit.trigger.control == "capture" and not re.search(r"\bfrom\s+(?:the\s+)?$", gap):
                continue
            if hit.trigger.event_type == "Battles" and ctx.actor_type(actor or "") is (
                ActorType.CIVILIANS
            ):
                continue  # "killed in the fighting, among them 12 civilians": not a side
            if _ON_BEHALF.search(gap):
                continue  # "fought for Assad": on his side, not against him
            if _BORDER_WITH.search(gap):
                continue  # "withdrew from the crossing on the border with Jordan": a place
            if _ACCORDING_TO.search(gap) or _SPEAKER_AFTER.match(text, m.end):
                continue  # "pulled back toward Damascus, according to residents": a source
            if hit.trigger.control == "withdraw" and _HOLDER_OF.match(text, m.end):
                continue  # "pulled out of Quneitra near the Israeli-occupied Golan": a place
            if actor and actor != agent and not _passive_by(gap):
                return actor
        return None

    def _modality(
        self,
        ctx: DocContext,
        mentions: list[Mention],
        sentence: Sentence,
        hit: _Hit,
        memory: _Memory,
        agent: str | None,
    ) -> tuple[Modality, str | None]:
        text = ctx.document.text
        claimant = self._trailing_claimant(ctx, mentions, sentence, hit, agent)
        if claimant is not None:
            return Modality.CLAIMED, claimant
        according = _ACCORDING_TO.search(text, hit.end, sentence.end)
        if according is not None:  # "..., according to Iranian officials": a party's account
            source = next((x for x in mentions if x.start >= according.end()), None)
            if source is not None and source.start - according.end() <= 12 and (
                source.kind is not MentionKind.PLACE
                and ctx.actor_type(source.id) not in _NOT_CLAIMANTS
                and (who := self._actor_id(ctx, source)) is not None
            ):
                return Modality.CLAIMED, who
        head = text[sentence.start : hit.start]
        for m in self.lexicon.attribution.finditer(head):
            if m.group(0).lower() == "according to":
                tail = [x for x in mentions if x.start >= sentence.start + m.end()]
                speaker = tail[0] if tail else None
            else:
                near = [
                    x
                    for x in mentions
                    if x.kind is not MentionKind.PLACE and x.end <= sentence.start + m.start()
                ]
                speaker = near[-1] if near else None
                words = _WORDS.findall(head[: m.start()].lower())
                if speaker is None and words and words[-1] in PRONOUNS_PLURAL + PRONOUNS_SINGULAR:
                    if memory.agent:
                        return Modality.CLAIMED, memory.agent
                    continue
            if speaker is None:
                continue
            kind = ctx.actor_type(speaker.id)
            if kind in _NOT_CLAIMANTS:
                continue
            claimant = self._actor_id(ctx, speaker)
            if claimant:
                return Modality.CLAIMED, claimant
        return Modality.ASSERTED, None

    def _trailing_claimant(
        self,
        ctx: DocContext,
        mentions: list[Mention],
        sentence: Sentence,
        hit: _Hit,
        agent: str | None,
    ) -> str | None:
        """The party in "..., rebels said." or "..., the group said on Telegram." at the end."""
        text = ctx.document.text
        said = _TRAILING_SAID.search(text, hit.end, sentence.end)
        if said is None:
            return None
        who = [m for m in mentions if said.start("who") <= m.start < said.end("who")]
        if who:
            if ctx.actor_type(who[0].id) in _NOT_CLAIMANTS:
                return None
            return self._actor_id(ctx, who[0])
        if _GROUP_WORD.search(said.group("who")) and agent is not None:
            kind = ctx.actor_type(agent)
            return agent if kind not in _NOT_CLAIMANTS else None
        return None

    def _date(
        self,
        ctx: DocContext,
        told: list[DateExpr],
        said: list[DateExpr],
        hit: _Hit,
        memory: _Memory,
        clause: tuple[int, int] | None = None,
    ) -> TimeSpan | None:
        """The date of the trigger's clause, else of the sentence, nearest the trigger ("took
        Daraa on December 6, and Damascus fell on December 8"); else the day something was said
        (as an upper bound); else the paragraph's date; else the publication week.

        A date after the trigger inside a relative clause of an earlier past ("took the
        airport, which the SDF had seized last Friday") dates that clause, not the trigger.
        """
        text = ctx.document.text
        told = [
            d for d in told
            if d.start < hit.end or not (
                _EARLIER_RELATIVE.search(text, hit.end, d.start)
                # "was appointed ..., two days after Assad was toppled": that date is the
                # toppling's, the clause it opens, not the appointment's
                or dates_a_clause(d)
            )
        ]
        told = [  # "Two days after the fall of Damascus on 8 December, fighters drove into
            # Qardaha": 8 December is the fall's; the fighters' day is two days after it
            d for i, d in enumerate(told)
            if not (
                i and d.end <= hit.start and d.kind == "explicit"
                and dates_a_clause(told[i - 1])
                and d.start - told[i - 1].end <= 60
                and not any(c in text[told[i - 1].end : d.start] for c in ".;!?\n")
            )
        ]
        if clause is not None:
            own = [d for d in told if clause[0] <= d.start and d.end <= clause[1]]
            told = own or told
            if len(told) > 1:  # "the DMC, a force that broke with the SDF earlier this week,
                asides = [  # seized the city on December 11": the aside's date is its own
                    a.span() for a in _RELATIVE_ASIDE.finditer(text, clause[0], hit.start)
                ]
                told = [d for d in told if not any(a <= d.start < b for a, b in asides)] or told
        if any(d.start >= hit.end for d in told):  # "launched the operation last week and
            # entered the town on Monday": a date before an "and" is the verb's before it
            told = [d for d in told if d.start >= hit.end or not _AND_GAP.fullmatch(
                text, d.end, hit.start
            )]
        if told:
            best = min(told, key=lambda d: abs((d.start + d.end) / 2 - (hit.start + hit.end) / 2))
            return best.span
        if said and said[0].span is not None:
            # "X have captured Manbij, the minister said on Tuesday": on or before that day
            return replace(default_span(said[0].span.latest), text=said[0].text)
        if ctx.published is not None and _SINCE_PERFECT.search(
            ctx.document.text, max(0, hit.start - 40), hit.end
        ):  # "many have since returned home": after the story told so far, up to the report
            return default_span(ctx.published)
        if memory.date is not None:
            return memory.date
        if ctx.published is not None:
            return default_span(ctx.published)
        return None

    def _fatalities(self, clause: str) -> int | None:
        lowered = clause.lower()
        if not any(word in lowered for word in _FATALITY_WORDS):
            return None  # the pattern below is slow: run it only where it can match
        best: int | None = None
        for m in _FATALITIES.finditer(clause):
            raw = (m.group("n") or m.group("k") or "").lower().replace(",", "")
            value = int(raw) if raw.isdigit() else self.lexicon.fatality_words.get(raw)
            if value is not None and (best is None or value < best):
                best = value
        return best

    def _subject(self, ctx: DocContext, mentions: list[Mention], sentence: Sentence) -> str | None:
        """The first actor of a sentence that is not inside a prepositional phrase."""
        text = ctx.document.text
        for m in mentions:
            if m.kind is MentionKind.PLACE or m.id == "civilians":
                continue
            if text[m.end : m.end + 1] == "-":  # "Israeli-occupied": a modifier, not a subject
                continue
            lead = text[max(sentence.start, m.start - 30) : m.start]
            if (
                _AGENT_BLOCK_BEFORE.search(lead) and not _MEMBERS_OF.search(lead)
                and not _THAT_THEY.match(text, m.end)  # "claims by the SNA that they took"
            ) or _RELATIVE_OBJECT.search(lead):
                continue  # "positions of the army" is not the army acting; "fighters of" is
            kind = ctx.actor_type(m.id)
            if kind in {ActorType.MONITOR, ActorType.OTHER}:
                continue
            return self._actor_id(ctx, m)
        return None

    @staticmethod
    def _last_change(memory: _Memory) -> Event | None:
        """The last change of hands the report told of."""
        return next(
            (e for e in reversed(memory.events)
             if e.sub_event_type in _TAKING or e.sub_event_type == _HANDOVER),
            None,
        )

    @staticmethod
    def _earlier_taker(memory: _Memory, places: list[Place]) -> str | None:
        ids = {p.id for p in places}
        for e in reversed(memory.events):
            if e.sub_event_type in _TAKING and e.place is not None and e.place.id in ids:
                return e.actor1
        return None

    # -- records ------------------------------------------------------------------------
    def _rival_in_sentence(
        self, ctx: DocContext, source: SourceRef, leaver: str | None, place: Place | None = None
    ) -> str | None:
        """'SNA factions took Tell Rifaat after SDF fighters withdrew': the other party of the
        sentence, not on the leaver's side, is who the place passes to."""
        if leaver is None:
            return None
        for m in ctx.mentions_in(source.start, source.end):
            if not self._party(ctx, m) or ctx.actor_type(m.id) is ActorType.CIVILIANS:
                continue
            if _BACKER.match(ctx.document.text, m.end) or _BACKED_BY_BEFORE.search(
                ctx.document.text, max(source.start, m.start - 25), m.start
            ):  # "the US-backed SDF", "the SDF, which is backed by the United States": the
                continue  # SDF takes it, not its backer
            if _HOLDER_OF.match(ctx.document.text, m.end):
                continue  # "near the Israeli-occupied Golan Heights": a place's holder, named
            actor = self._actor_id(ctx, m)  # to say where, takes nothing here
            if actor and actor != leaver and not _same_side(ctx, actor, leaver):
                if _foreign_state(ctx, actor) and not _hostile(ctx, actor, leaver):
                    continue  # "Iraq sent troops to its border ... after Syrian forces
                    # withdrew from Albu Kamal": a neighbour at peace with the leaver
                # "the army abandons Deraa as rebels close in": Daraa's own rebels
                return self._local_actor(ctx, actor, m, place)
        return None

    @staticmethod
    def _foreign_state_moves_in(ctx: DocContext, agent: str, source: SourceRef) -> bool:
        actor = ctx.theater.actors.get(agent)
        return (
            actor is not None
            and actor.type is ActorType.STATE
            and not _government_side(ctx, agent)
            and not _FIGHTING.search(source.quote)
        )

    @staticmethod
    def _posture_change(
        hit: _Hit,
        actor: str,
        place: Place | None,
        span: TimeSpan | None,
        modality: Modality,
        claimed_by: str | None,
        source: SourceRef,
    ) -> tuple[Event | None, ControlChange | None]:
        event = Event(
            event_id="",
            event_type="Strategic developments",
            sub_event_type="Change to group/activity",
            actor1=actor,
            place=place,
            geo_precision=place.geo_precision if place else 3,
            time=span,
            modality=modality,
            claimed_by=claimed_by,
            sources=(source,),
            notes=f"{hit.trigger.name}: {actor} pulls out of a place its side holds",
        )
        return event, None

    def _build(
        self,
        ctx: DocContext,
        *,
        hit: _Hit,
        place: Place | None,
        agent: str | None,
        target: str | None,
        modality: Modality,
        claimed_by: str | None,
        span: TimeSpan | None,
        fatalities: int | None,
        source: SourceRef,
    ) -> tuple[Event | None, ControlChange | None]:
        if (
            self._entry is not None
            and hit.trigger.name == "advance"
            and place is not None
            and agent is not None
            and place.id in self._left
            and not _same_side(ctx, agent, self._left[place.id])
            and self._entry.regex.match(ctx.document.text, hit.start) is not None
        ):  # "the army withdrew from Palmyra overnight. ... Its fighters entered Palmyra":
            # entering a town its holder was said to have left takes it, as in one sentence
            hit = _Hit(trigger=self._entry, start=hit.start, end=hit.end)
        trig = hit.trigger
        theater = ctx.theater
        if place is None and trig.place_default == "agent" and agent is not None:
            place = self._home_of(ctx, agent)  # "Jordan closed its border": Jordan's side
        if (place is None or place.id == theater.country) and trig.name == "leadership" and _NATIONAL_OFFICE.search(
            ctx.document.text, hit.start, source.end
        ):  # "named caretaker prime minister": an office of the state, filled in its capital
            place = ctx.gazetteer.get(theater.capital)
        if place is None:
            place = ctx.gazetteer.get(theater.country)
        holder = baseline_holder(ctx, place)
        event_type, sub = trig.event_type, trig.sub_event_type
        if sub == "Air/drone strike" and not _WARPLANES.search(
            ctx.document.text, hit.start, hit.end
        ) and _NOT_FROM_THE_AIR.search(ctx.document.text, max(source.start, hit.start - 60), hit.start):
            sub = "Shelling/artillery/missile attack"  # "missile boats struck the fleet"
        actor1, actor2 = agent, target
        control: ControlChange | None = None
        to_actor: str = ""
        from_actor: str | None = None
        territorial = place is not None and place.changes_hands
        if trig.control == "capture" and _MISSION_STORMED.search(
            ctx.document.text, max(source.start, hit.start - 80), hit.start
        ):  # "The Iranian embassy in Mezzeh was stormed": a building ransacked, no district taken
            return None, None
        if _POSITIONS_NEAR.match(ctx.document.text, hit.end) or (
            trig.place_side != "after" and _POSITIONS_NEAR_BEFORE.search(
                ctx.document.text, max(source.start, hit.start - 90), hit.start
            )
        ):  # "recaptured several positions near Zarbah", "after their positions near Albu
            territorial = False  # Kamal were abandoned": not the town
        if trig.control in {"withdraw", "capture"} and _UNDER_WAY.search(
            ctx.document.text, max(0, hit.start - 30), hit.start
        ) and _ING.match(ctx.document.text, hit.start):
            territorial = False  # "units were reported to be pulling out", "the army is
            # recapturing positions": not out, not taken yet
        if (
            (trig.control == "capture" or trig.name == "advance")
            and agent is not None
            and self._foreign_state_moves_in(ctx, agent, source)
        ):  # a foreign army moving in unopposed: ACLED's takeovers are for non-state
            # actors and for a state retaking its own land
            event_type, sub = "Strategic developments", _HANDOVER
        if trig.control == "capture" and event_type == "Battles" and _NEGOTIATED.search(
            source.quote
        ):  # "the towns came under the factions' control following negotiations led by
            event_type, sub = "Strategic developments", _HANDOVER  # church leaders"
        if trig.name == "move-in":  # "the SDF moved into Albu Kamal": from its holder
            if agent is None or ctx.actor_type(agent) is ActorType.CIVILIANS:
                return None, None  # "families moved into tents" is no hand-over
            if holder is not None and not _same_side(ctx, agent, holder):
                actor2 = actor2 or holder
        if trig.control == "capture":
            if agent is None:
                return None, None
            if is_government(ctx, agent) and event_type == "Battles":
                sub = "Government regains territory"  # a Battles sub-type; a hand-over stays one
            if target is None and (leaver := self._leaver_named(ctx, source, hit, agent)) and (
                holder is None or not _same_side(ctx, leaver, holder)
            ):  # "seized the city after the SDF withdrew": from the SDF, not the baseline's
                target = leaver  # holder; "after the militias withdrew": from the holder

            actor2 = target or (holder if holder != agent else None) or opponent(ctx, agent)
            to_actor, from_actor = agent, actor2
        elif trig.control == "withdraw":
            left_to = self._left_to(ctx, source, hit)  # "..., leaving the towns to the SDF"
            if left_to is None and place is not None and (
                unnamed := _TO_UNNAMED.search(ctx.document.text, hit.end, min(
                    source.end, hit.end + 40
                ))
            ):  # "Deraa handed over to local fighters": the division's own group, else the
                left_to = ctx.theater.regional_actor(place.admin1) or (  # side the noun
                    ctx.theater.generic_actor(unnamed.group("noun"))  # names, else the side
                ) or (ctx_last_attacker(ctx, holder) if holder else None)  # fighting its holder
            if left_to is not None and agent == left_to:
                agent = None  # the side the towns were left to did not leave them
            leaver = agent or holder
            if leaver and holder and leaver != holder and _same_side(ctx, leaver, holder):
                # an ally leaving a town its ally holds: a change of posture, not of control
                return self._posture_change(hit, leaver, place, span, modality, claimed_by, source)
            if leaver and place is not None and territorial:
                self._left[place.id] = leaver
            taker = target if target and target != leaver and (
                ctx.actor_type(target) is not ActorType.CIVILIANS
            ) else None  # "forces left X, residents said": the residents take nothing over
            taken = self._taken.get(place.id) if place is not None else None
            taker = taker or left_to or self._rival_in_sentence(ctx, source, leaver, place) or (
                taken[1] if taken and taken[1] != leaver else None  # "Rebels seized the city.
            )  # The SDF withdrew from the city": the same hand-over, told from the leaver
            if taker is None and leaver is not None:
                # the side last fighting the leaver, as the division's own group if the pack
                # names one (the army leaving a crossing in Daraa leaves it to Daraa's rebels)
                taker = self._local_actor(ctx, ctx_last_attacker(ctx, leaver), None, place)
                if taker is not None and place is not None:
                    self._guessed[(place.id, taker, leaver)] = hit.start
            if leaver is None or taker is None:
                return None, None
            actor1, actor2 = taker, leaver
            to_actor, from_actor = taker, leaver
        elif event_type == "Battles" and actor2 is None and agent is not None:
            actor2 = holder if holder and holder != agent else opponent(ctx, agent)
            if actor2 is None and _government_side(ctx, agent):
                # "Army units repelled attacks north of Hama": the rebel group the report is about
                actor2 = ctx_last_attacker(ctx, agent)
        if trig.control and territorial and place is not None:
            if trig.control == "capture":
                self._taken[place.id] = (from_actor, to_actor)
            control = ControlChange(
                change_id="",
                place=place,
                to_actor=to_actor,
                from_actor=from_actor,
                time=span,
                modality=modality,
                claimed_by=claimed_by,
                sources=(source,),
            )
        if actor1 is None:
            return None, control
        geo_precision = place.geo_precision if place else 3
        if place is not None and place.level is PlaceLevel.SETTLEMENT and (
            trig.precision == 2 or place.id in self._near
        ):
            geo_precision = 2
        event = Event(
            event_id="",
            event_type=event_type,
            sub_event_type=sub,
            actor1=actor1,
            actor2=actor2 if actor2 != actor1 else None,
            place=place,
            geo_precision=geo_precision,
            time=span,
            fatalities=fatalities,
            modality=modality,
            claimed_by=claimed_by,
            sources=(source,),
            notes=f"rule {trig.name}",
        )
        return event, control


    def _left_to(self, ctx: DocContext, source: SourceRef, hit: _Hit) -> str | None:
        """Who a withdrawal left the place to: "pulled out ..., leaving the towns to SDF
        units"."""
        text = ctx.document.text
        handed = text[hit.start : hit.start + 4].lower() == "hand"
        for m in ctx.mentions_in(hit.end, source.end):
            if not self._party(ctx, m):
                continue
            if _LEFT_TO.search(text, max(hit.end, m.start - 40), m.start) or (
                handed and _HANDED_TO.search(text, max(hit.end, m.start - 30), m.start)
            ):  # "handed Deir al-Zor city and its airport to the Kurdish-led SDF"
                return self._actor_id(ctx, m)
        return None

    def _leaver_named(
        self, ctx: DocContext, source: SourceRef, hit: _Hit, agent: str
    ) -> str | None:
        """Who left the town another side moved into: "entered Deir ez-Zor after the SDF
        withdrew" passes it from the SDF, whoever held it on the baseline date."""
        text = ctx.document.text
        for m in ctx.mentions_in(hit.end, source.end):
            if m.kind is MentionKind.PLACE or not self._party(ctx, m):
                continue
            leaver = self._actor_id(ctx, m)
            if leaver and leaver != agent and _LEFT_AFTER.match(text, m.end):
                return leaver
        return None

    @staticmethod
    def _asylum_giver(ctx: DocContext, mentions: list[Mention]) -> str | None:
        """The foreign state a sentence of granted asylum places its man in, else names."""
        states = {
            a.country: a.id for a in ctx.theater.actors.values()
            if a.type is ActorType.STATE and a.country and a.country != ctx.theater.country
        }
        for m in mentions:
            if m.kind is MentionKind.PLACE and (p := ctx.place(m)) is not None and (
                giver := states.get(p.country or "")
            ):
                return giver
        named = [m.id for m in mentions if m.id in states.values()]
        return named[0] if named else None

    @staticmethod
    def _country_subject(
        ctx: DocContext, mentions: list[Mention], clause_start: int, hit: _Hit
    ) -> str | None:
        """The state whose country is named as the subject right before the trigger."""
        before = [m for m in mentions if clause_start <= m.start and m.end <= hit.start]
        if not before or before[-1].kind is not MentionKind.PLACE:
            return None
        m = before[-1]
        place = ctx.place(m)
        if place is None or place.level is not PlaceLevel.COUNTRY:
            return None
        if not _SUBJECT_GAP.fullmatch(ctx.document.text, m.end, hit.start):
            return None
        lead = ctx.document.text[max(0, m.start - 40) : m.start]
        if _PLACE_SKIP_BEFORE.search(lead) or _LOCATIVE_END.search(lead):
            return None  # "crossings into Lebanon were closed"
        return next((
            a.id for a in ctx.theater.actors.values()
            if a.type is ActorType.STATE and a.country == place.id
        ), None)

    @staticmethod
    def _home_of(ctx: DocContext, actor_id: str) -> Place | None:
        """The country of a state actor, as a place (None for other actors)."""
        actor = ctx.theater.actors.get(actor_id)
        if actor is None or actor.type is not ActorType.STATE or actor.country is None:
            return None
        return ctx.gazetteer.get(actor.country)


def _one_change_per_place(
    events: list[Event], control: list[ControlChange]
) -> tuple[list[Event], list[ControlChange]]:
    """'Rebels took Homs as the troops abandoned the city': one change of hands, told twice
    (a capture and a withdrawal); the capture is kept. 'The army withdrew from the town and
    the factions entered the city': two hand-overs in one sentence; the first is kept."""
    taken = {
        (e.place.id, e.actor1) for e in events if e.sub_event_type in _TAKING and e.place
    }
    # "The factions seized the airport after the army pulled out of it": the capture tells it
    seized = {  # (the same day: "entered X after the SDF withdrew, days after it took X")
        (e.place.id, e.sources[0].quote, e.time.day if e.time else None) for e in events
        if e.sub_event_type in _TAKING and e.place and e.sources
    }
    told: set[tuple[str, str | None, str | None, str]] = set()
    guessed: set[tuple[str, str]] = set()  # (place, taker) of hand-overs a capture retells
    kept_events: list[Event] = []
    for e in events:
        if e.sub_event_type == _HANDOVER and e.place:
            if (e.place.id, e.actor1) in taken:
                continue
            if e.sources and (
                e.place.id, e.sources[0].quote, e.time.day if e.time else None
            ) in seized:
                guessed.add((e.place.id, e.actor1 or ""))
                continue
            key = (e.place.id, e.actor1, e.actor2, e.sources[0].quote if e.sources else "")
            if key in told:
                continue
            told.add(key)
        kept_events.append(e)
    events = kept_events
    kept_takers = {(e.place.id, e.actor1) for e in events if e.place}
    guessed -= kept_takers
    seen: set[tuple[str, str]] = set()
    kept: list[ControlChange] = []
    for c in control:
        if (c.place.id, c.to_actor) in guessed:
            continue  # the withdrawal's guessed taker, where the sentence names who took it
        if (c.place.id, c.to_actor) not in seen:
            seen.add((c.place.id, c.to_actor))
            kept.append(c)
    return events, kept


def _last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``."""
    return next(reversed(list(pattern.finditer(text, start, end))), None)


def _entries_told_as_takings(events: list[Event]) -> list[Event]:
    """'Rebels say they have entered Damascus' and, in the same report, 'the rebels took the
    capital': one taking; the entry's clash is dropped when the report gives the same side
    the same place within a day."""
    takings = [
        e for e in events
        if e.place is not None and e.time is not None
        and (e.sub_event_type in _TAKING or e.sub_event_type == _HANDOVER)
    ]
    if not takings:
        return events

    def retold(e: Event) -> bool:
        return (
            e.notes == "rule advance" and e.place is not None and e.time is not None
            and bool(e.sources) and _ENTERED.search(e.sources[0].quote) is not None
            and any(
                t.place is not None and t.place.id == e.place.id and t.actor1 == e.actor1
                and t.time is not None and abs((t.time.day - e.time.day).days) <= 1
                for t in takings
            )
        )

    return [e for e in events if not retold(e)]


def _told_takers(
    events: list[Event], control: list[ControlChange], guessed: dict[tuple[str, str, str], int]
) -> tuple[list[Event], list[ControlChange]]:
    """'Regime forces withdrew from Deir ez-Zor on Friday. SDF fighters then entered the
    city': a withdrawal whose taker was guessed yields to the taker the report names for the
    same place and leaver within a day. The other places of the same withdrawal ("withdrew
    from Deir Ezzor city, Al-Mayadin and Albu Kamal") go to that taker too, when the report
    names one for its places and only one."""
    if not guessed:
        return events, control
    told = [
        c for c in control
        if (c.place.id, c.to_actor, c.from_actor or "") not in guessed and c.time is not None
    ]

    def teller(place: str, taker: str, leaver: str | None, day: date | None) -> str | None:
        if (place, taker, leaver or "") not in guessed or day is None:
            return None
        return next((
            o.to_actor for o in told
            if o.place.id == place and o.from_actor == leaver and o.to_actor != taker
            and o.time is not None and abs((o.time.day - day).days) <= 1
        ), None)

    by_hit: dict[int, set[str]] = {}  # a withdrawal's trigger: the takers told for its places
    for c in control:
        who = teller(c.place.id, c.to_actor, c.from_actor, c.time.day if c.time else None)
        if who is not None:
            by_hit.setdefault(guessed[(c.place.id, c.to_actor, c.from_actor or "")], set()).add(who)

    def taker_for(place: str, taker: str | None, leaver: str | None) -> str | None:
        hit = guessed.get((place, taker or "", leaver or ""))
        takers = by_hit.get(hit, set()) if hit is not None else set()
        return next(iter(takers)) if len(takers) == 1 else None

    kept_control = []
    for c in control:
        if teller(c.place.id, c.to_actor, c.from_actor, c.time.day if c.time else None):
            continue
        if (other := taker_for(c.place.id, c.to_actor, c.from_actor)) is not None:
            c = replace(c, to_actor=other)
        kept_control.append(c)
    kept_events = []
    for e in events:
        if e.place is not None and e.actor1 is not None and e.sub_event_type == _HANDOVER:
            if teller(e.place.id, e.actor1, e.actor2, e.time.day if e.time else None):
                continue
            if (other := taker_for(e.place.id, e.actor1, e.actor2)) is not None:
                e = replace(e, actor1=other)
        kept_events.append(e)
    return kept_events, kept_control


def _hands_in_order(
    ctx: DocContext, events: list[Event], control: list[ControlChange]
) -> tuple[list[Event], list[ControlChange]]:
    """'The SDF entered Deir ez-Zor on 6 December', and the rebels 'seized the city on 11
    December': a taking the baseline holder was guessed to lose is from the side the report
    itself says took the place on an earlier day."""
    renamed: dict[tuple[str, str], tuple[str, str]] = {}  # (place, taker): (guessed, told)
    out: list[ControlChange] = []
    for c in control:
        earlier = [
            o for o in control
            if o.place.id == c.place.id and o.time is not None and c.time is not None
            and o.time.latest < c.time.earliest and o.time.earliest >= ctx.theater.start
            and o.to_actor not in {c.to_actor, c.from_actor}
        ] if c.from_actor is not None and c.from_actor == baseline_holder(ctx, c.place) else []
        if earlier:
            told = max(earlier, key=lambda o: o.time.latest if o.time else ctx.theater.start)
            renamed[(c.place.id, c.to_actor)] = (c.from_actor or "", told.to_actor)
            c = replace(c, from_actor=told.to_actor)
        out.append(c)
    if not renamed:
        return events, control
    fixed: list[Event] = []
    for e in events:
        key = (e.place.id, e.actor1 or "") if e.place else None
        if key in renamed and e.actor2 == renamed[key][0] and (
            e.sub_event_type in {*_TAKING, _HANDOVER}
        ):
            e = replace(e, actor2=renamed[key][1])
        fixed.append(e)
    return fixed, out


def _backers(text: str, actors: list[Mention]) -> dict[int, Mention]:
    """The actors named as another's backer ("US-backed SDF", "Iranian-backed Hezbollah"),
    by start, each with the actor it backs; "Iranian-backed units" with no name after stay
    Iran's."""
    found = {}
    for m in actors:
        if (b := _BACKER.match(text, m.end)) is not None:
            backed = next((  # "US-backed SDF", "US-backed Syrian rebels"
                o for o in actors
                if 0 <= o.start - b.end() <= 2 or _ONE_WORD_GAP.fullmatch(text, b.end(), o.start)
            ), None)
            if backed is not None:
                found[m.start] = backed
    return found


def _in_dateline(text: str, sentence_start: int, expr: DateExpr) -> bool:
    """Whether a date is the filing day of a wire dateline ("BEIRUT, Dec 8 (Wire) -")."""
    if expr.start - sentence_start > 60:
        return False
    lead = text[sentence_start : expr.start]
    line_start = lead.rfind("\n") + 1
    return bool(
        _DATELINE_LEAD.match(lead[line_start:])
        and _DATELINE_TAIL.match(text, expr.end, expr.end + 45)
    )


def _speech_time(text: str, sentence: Sentence, expr: DateExpr) -> bool:
    """Whether a date says when something was said ("the ministry said on Tuesday")."""
    return bool(_SPEECH_BEFORE.search(text, max(sentence.start, expr.start - 40), expr.start))


def baseline_holder(ctx: DocContext, place: Place | None) -> str | None:
    """Who held a place on the theater's baseline date (settlements; provinces by capital)."""
    if place is None:
        return None
    ids = {place.id}
    if place.level is PlaceLevel.ADMIN1:
        for adm in ctx.theater.admin1:
            if adm.id == place.id and adm.capital:
                ids.add(adm.capital)
    for row in ctx.theater.baseline:
        if row.place_id in ids:
            return row.actor
    return None


def is_government(ctx: DocContext, actor: str) -> bool:
    a = ctx.theater.actors.get(actor)
    return a is not None and a.type is ActorType.STATE and a.country == ctx.theater.country


def opponent(ctx: DocContext, actor: str) -> str | None:
    """The default adversary of an actor: the theater's government for everyone not on its
    side; none for the government's side (which rebel group it fought is not known)."""
    if _government_side(ctx, actor):
        return None
    gov = _government(ctx)
    return gov.id if gov else None


def _foreign_state(ctx: DocContext, actor: str) -> bool:
    a = ctx.theater.actors.get(actor)
    return a is not None and a.type is ActorType.STATE and a.country != ctx.theater.country


def _hostile(ctx: DocContext, one: str, other: str) -> bool:
    """Whether the pack knows ``one`` to oppose ``other`` or a party of its side."""
    return any(
        r.subject == one and r.relation == "opposes" and _same_side(ctx, r.object, other)
        for r in ctx.theater.relations
    )


def _same_side(ctx: DocContext, one: str, other: str) -> bool:
    """Two actors of one coalition (the pack's ``side``), or the government and its side."""
    if one == other:
        return True
    if _government_side(ctx, one) and _government_side(ctx, other):
        return True
    a, b = ctx.theater.actors.get(one), ctx.theater.actors.get(other)
    return a is not None and b is not None and a.side is not None and a.side == b.side


def _government_side(ctx: DocContext, actor: str) -> bool:
    """The government, or an actor of the government's side (its allied militias)."""
    if is_government(ctx, actor):
        return True
    a, gov = ctx.theater.actors.get(actor), _government(ctx)
    return a is not None and gov is not None and a.side is not None and a.side == gov.side


def _government(ctx: DocContext) -> Actor | None:
    """The theater's government: the first state actor of its country in the pack."""
    return next((a for a in ctx.theater.actors.values() if is_government(ctx, a.id)), None)


def ctx_last_attacker(ctx: DocContext, leaver: str) -> str | None:
    """Who a withdrawing actor leaves a place to: its default adversary's main rival.

    For the government that is the rebel group the report names most, of the side the
    theater's plain "rebels" belong to when the report names one of it (a monitor's bulletin
    that counts the Kurdish forces' clashes too still means the opposition by "the factions").
    """
    if _government_side(ctx, leaver):
        counts: dict[str, int] = {}
        main: dict[str, int] = {}
        side = ctx.theater.generic_side("rebels")
        for m in ctx.mentions:
            a = ctx.theater.actors.get(m.id)
            if a is not None and a.type is ActorType.REBEL:
                counts[m.id] = counts.get(m.id, 0) + 1
                if side is not None and a.side == side:
                    main[m.id] = counts[m.id]
        counts = main or counts
        if counts:
            return max(sorted(counts), key=lambda k: counts[k])
        return None
    # another armed group the report names and the pack sets against the leaver (the SDF
    # leaving Tal Rifaat in a report on the Turkish-backed factions leave it to them, not
    # to the government); else the leaver's default adversary
    rivals: dict[str, int] = {}
    for m in ctx.mentions:
        a = ctx.theater.actors.get(m.id)
        if (
            a is not None and a.type in {ActorType.REBEL, ActorType.MILITIA}
            and not _same_side(ctx, m.id, leaver) and _hostile(ctx, m.id, leaver)
        ):
            rivals[m.id] = rivals.get(m.id, 0) + 1
    if rivals:
        return max(sorted(rivals), key=lambda k: rivals[k])
    return opponent(ctx, leaver)



def stable_id(prefix: str, *parts: object) -> str:
    """A short id that depends only on the record's content, so re-runs give the same ids."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}-{digest}"


def with_id(event: Event) -> Event:
    place = event.place.id if event.place else ""
    day = event.time.day.isoformat() if event.time else ""
    return replace(
        event,
        event_id=stable_id("e", event.event_type, event.sub_event_type, event.actor1, place, day),
    )
