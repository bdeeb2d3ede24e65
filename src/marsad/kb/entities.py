"""Actor and place mentions: one pass of the KB matcher over the tokens, then resolution.

All actor aliases and place names go into one `Matcher`; a mention is the longest name at a
position.  Actors resolve through the actor dictionary (with its disambiguation rules and the
story's country); places resolve through the gazetteer with the document as context
(`places.resolve_place`).  The story's country is voted by unambiguous mentions, the title
and the lead counting double.
"""

from __future__ import annotations

from collections import Counter

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..datafiles import DataFileError, read_text, read_yaml
from ..text.intervals import Intervals
from ..document import Document, Span
from ..text.tokens import Token
from .actors import Actor, ActorDB, load_actors
from .gazetteer import Gazetteer, Place, load_gazetteer, neighbours
from .matcher import Match, Matcher, dotted_key, name_key
from .nisbas import accusative_forms, accusative_nationality, load_nisbas, nationality_of
from .persons import load_roles
from .places import (
    PlaceContext,
    cue_features,
    geo_precision,
    is_name_head,
    is_naming_cue,
    is_relative_cue,
    prepare_context,
    rank_places,
    where_prec,
)

ACTOR, PLACE, RULE, ANAPHOR = "actor", "place", "rule", "anaphor"
# Short English words that are also GeoNames place names somewhere.
EN_STOPWORDS = frozenset("""of man say may will can the and for are was were has have had its his her new one two
six ten all but not out off per via near into over said says told more most some such than that this these those
from with when where which while who why how also just only said city town area zone camp home held war army
somali afghan iraqi syrian yemeni libyan sudanese egyptian israeli palestinian lebanese turkish kurdish iranian
saudi malian nigerian american french british russian arab islamic shiite sunni""".split())
# Place entities outside the story's country need this much population (or to be an admin
# unit, a country, or a curated feature) to be believed without other evidence.
FOREIGN_MIN_POPULATION = 1_000_000
MENTIONED_MIN_POPULATION = 50_000
# A city this big, DOMINANCE_RATIO times bigger than any namesake abroad, votes for its country.
DOMINANT_CITY_POPULATION = 100_000
DOMINANCE_RATIO = 20
NEIGHBOUR_MIN_POPULATION = 20_000  # a town across the story country's border (Jenin: 35,000)
# Words before a common-word place name that make it a place ("في تعز").
ENGLISH_PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "around"})
PLACE_PREPOSITIONS = frozenset({"في", "ب", "قرب", "الى", "من", "نحو", "داخل", "in", "near", "at", "to", "from"})
SUPPORT_WORDS = frozenset({"بدعم", "دعم", "المدعومه", "المدعوم", "مدعومه", "بمسانده", "backed", "supported"})
DIRECTION_WORDS = frozenset({"علي", "باتجاه", "اتجاه", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي",
                             "حدود", "اراضي", "into", "on", "toward", "towards", "across", "throughout",
                             "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                             "northeastern", "northwestern", "southeastern", "southwestern"})
# Kinds that are sources or organisations rather than parties to violence.
ORG_KINDS = frozenset({"media_outlet", "ngo_monitor", "igo_mission", "political_party", "government"})
EN_POSSESSIVE = re.compile(r"['’]s ")
EN_COORDINATED_NATIONALITY = re.compile(r"(?<![\w.])([A-Za-z.]+) and $")
EN_FORCE_NOUNS = frozenset({"forces", "troops", "soldiers"})
EN_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,3})$")
OWNERLESS_FORCES = {"SOLDIERS-GENERIC": "state_military", "POLICEMEN-GENERIC": "police_security"}
MEMBERS_OF = re.compile(r" (?:من|في|of|from) (?:the )?")
LEAD_CHARS = 400
# ACLED interaction codes of armed actors: state forces, rebels, political and communal militias.
ARMED_INTER = frozenset({1, 2, 3, 4})
# Entries a cross-document memo keeps before it starts over (names x story countries).
MEMO_LIMIT = 100_000


@dataclass(slots=True)
class _KeyInfo:
    """What a matched name stands for, independent of the document (memoised per name)."""

    actor_ids: list[str]
    rules: list[str]
    place_keys: list[str]
    anaphor: tuple[str, ...] | None  # the kinds, when every reading is a referring noun
    candidates: list[Place]  # the places of all its place readings, in order
    vote: str | None  # the one country its readings point to (None: several, none, or a cue word)
    actor_countries: frozenset[str]
    country_places: frozenset[str | None]  # countries of its readings that are countries
    single_place: Place | None  # the one candidate place, when no actor reading competes
    # The name's words as the place checks read them: first, last, last without its article.
    first_word: str
    last_word: str
    last_bare: str
    cue_word: bool  # "مدينة", "ريف": a word that introduces a place
    common_word: bool  # a place name that is also an everyday word


@dataclass
class KnowledgeBase:
    actors: ActorDB
    gazetteer: Gazetteer
    matcher: Matcher
    _infos: dict[str, _KeyInfo] = field(default_factory=dict, repr=False, compare=False)
    _place_facts: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    _actor_facts: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = field(
        default_factory=dict, repr=False, compare=False)
    _actor_choices: dict[tuple[str, str | None], Actor] = field(default_factory=dict, repr=False, compare=False)
    _word_readings: dict[str, tuple[str, bool]] = field(default_factory=dict, repr=False, compare=False)

    def key_info(self, m: Match) -> _KeyInfo:
        info = self._infos.get(m.key)
        if info is None:
            info = self._infos[m.key] = self._key_info(m.key, m.payloads)
        return info

    def word_reading(self, tok: Token) -> tuple[str, bool]:
        """What a word written before a name tells: the cue it gives (`_cue_before`) and whether
        it is a speech verb.  Memoised per surface, as a token's variants follow from it."""
        reading = self._word_readings.get(tok.text)
        if reading is None:
            if len(self._word_readings) > MEMO_LIMIT:
                self._word_readings.clear()
            forms = [f for f, _s, _e in tok.variants]
            cue = next((f for f in forms if cue_features(f) or is_relative_cue(f)), tok.norm)
            reading = self._word_readings[tok.text] = (cue, any(f in SPEECH_VERBS for f in forms))
        return reading

    def actor_for(self, key: str, actor_ids: list[str], country: str | None) -> Actor:
        """The actor a name's readings `actor_ids` stand for in a story about `country`, memoised
        per (name, country) when they are the name's own readings (`key_info(m).actor_ids`)."""
        memo_key = (key, country)
        actor = self._actor_choices.get(memo_key)
        if actor is None:
            if len(self._actor_choices) > MEMO_LIMIT:
                self._actor_choices.clear()
            actor = self._actor_choices[memo_key] = _choose_actor(self, key, actor_ids, country)
        return actor

    def _key_info(self, key: str, payloads: tuple[Any, ...]) -> _KeyInfo:
        actor_ids = [ref for kind, ref in payloads if kind == ACTOR]
        place_keys = [ref for kind, ref in payloads if kind == PLACE]
        anaphors = [ref for kind, ref in payloads if kind == ANAPHOR]
        candidates = [p for k in place_keys for p in self.gazetteer.candidates(k)]
        # "الخرطوم" and "خرطوم" are one name: GeoNames may spell a city without the article and
        # its province with it.  Only a place of the same English name joins ("العجمي" is not
        # every place some alias calls "عجمي").
        seen = {p.id for p in candidates}
        names = {p.name for p in candidates}
        for k in place_keys:
            if k.startswith("ال") and len(k) > 4:
                candidates += [p for p in self.gazetteer.candidates(k[2:]) if p.id not in seen and p.name in names]
        countries: set[str] = set()
        for kind, ref in payloads:
            if kind == PLACE:
                countries |= {p.country for p in self.gazetteer.candidates(ref) if p.country}
            elif kind == ACTOR and not (self.actors[ref].international or self.actors[ref].abroad):
                c = self.actors[ref].country
                if c:
                    countries.add(c)
        voting = not (self.gazetteer.is_common_word(key) or _is_cue_word(key))
        if voting and len(countries) > 1:
            dominant = None if actor_ids else _dominant_country(candidates)
            countries = {dominant} if dominant else countries
        voting = voting and len(countries) == 1
        last_word = key.rsplit(" ", 1)[-1]
        return _KeyInfo(
            actor_ids=actor_ids,
            rules=[ref for kind, ref in payloads if kind == RULE],
            place_keys=place_keys,
            anaphor=anaphors[0] if anaphors and len(payloads) == len(anaphors) else None,
            candidates=candidates,
            vote=next(iter(countries)) if voting else None,
            actor_countries=frozenset(self.actors[i].country for i in actor_ids if self.actors[i].country),
            country_places=frozenset(p.country for p in candidates if p.feature == "country"),
            single_place=candidates[0] if len(candidates) == 1 and not actor_ids else None,
            first_word=key.split(" ")[0],
            last_word=last_word,
            last_bare=last_word[2:] if last_word.startswith("ال") else last_word,
            cue_word=_is_cue_word(key),
            common_word=self.gazetteer.is_common_word(key),
        )


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    actors = load_actors()
    gazetteer = load_gazetteer()
    matcher = Matcher()
    matcher.add_many((alias, (ACTOR, actor_id)) for alias, actor_id, _lang in actors.aliases())
    matcher.add_keys((key, (ACTOR, actor_id)) for alias, actor_id, lang in actors.aliases()
                     if lang == "en" and (key := dotted_key(alias)))
    matcher.add_many((rule.alias, (RULE, rule.alias)) for rule in actors.rules)
    matcher.add_many((word, (ANAPHOR, kinds)) for word, kinds in anaphora().items())
    matcher.add_keys((key, (PLACE, key)) for key in gazetteer.keys())
    return KnowledgeBase(actors, gazetteer, matcher)


# "حي الخضراء بمدينة الموصل", "قرية X في محافظة Y", "Ariha in Idlib province": a place said to be
# inside the next one.
_INSIDE_NEXT = re.compile(r"\s*(?:(?:في|in)\s+(?:the\s+)?|ب|[،,]\s*)"
                          r"(?:(?:مدينة|بلدة|قرية|محافظة|ولاية|منطقة|قضاء|مديرية|ريف)\s+)?")


def _dominant_country(candidates: list[Place]) -> str | None:
    """"الرمادي": a city (Ramadi, Iraq) that dwarfs its namesakes abroad (a Yemeni village)
    names its country as surely as a name of one country does."""
    top = max(candidates, key=lambda p: p.population or 0, default=None)
    if top is None or (top.population or 0) < DOMINANT_CITY_POPULATION:
        return None
    rivals = [p for p in candidates if p.country != top.country]
    if any(p.feature in ("country", "admin1") for p in rivals):
        return None  # ("عمان": Oman the country, whatever Amman's population)
    rival = max((p.population or 0 for p in rivals), default=0)
    return top.country if rival * DOMINANCE_RATIO <= (top.population or 0) else None


def _inside_next_place(doc: Document, matches: list[Match], infos: list[_KeyInfo], k: int) -> bool:
    """Match k is a place said to be inside the next named place, of another country."""
    j = next((j for j in range(k + 1, len(matches)) if infos[j].vote is not None or infos[j].actor_ids), None)
    return j is not None and not infos[j].actor_ids and infos[j].vote != infos[k].vote \
        and _INSIDE_NEXT.fullmatch(doc.text, matches[k].end, matches[j].start) is not None


def _story_country(doc: Document, matches: list[Match], infos: list[_KeyInfo]) -> str | None:
    votes: dict[str, int] = {}
    # (a digest's items about other countries, after its lead: each section decides there)
    sections = [(a, b) for a, b in _section_ranges(doc, matches, infos) if doc.text[:a].strip()]
    for k, (m, info) in enumerate(zip(matches, infos)):
        vote = info.vote
        if sections and any(a <= m.start < b for a, b in sections):
            continue
        # A word misread as a place votes for nothing ("of" is also a Turkish town, "فرقه" not ف + "رقه").
        if vote is not None and (info.actor_ids or not _misread_place(doc, m, info)):
            if not info.actor_ids and _inside_next_place(doc, matches, infos, k):
                continue  # (the next place says where this one is: it votes, not a namesake abroad)
            votes[vote] = votes.get(vote, 0) + (2 if m.start < LEAD_CHARS else 1)
    # A tie goes to the country voted for first (as `Counter.most_common` would have it).
    return max(votes.items(), key=_count)[0] if votes else _english_lead_city_country(doc, matches, infos)


def _count(item: tuple[str, int]) -> int:
    return item[1]


def _english_lead_city_country(doc: Document, matches: list[Match], infos: list[_KeyInfo]) -> str | None:
    """"Soldiers and gunmen clashed in Gao": no name but one many countries share (a Gao in
    Burkina Faso too), so nothing votes; an English report's lead naming a town that is a city
    in one country only then places the story there, so its ownerless forces have an owner."""
    for m, info in zip(matches, infos):
        if m.start >= LEAD_CHARS:
            break
        if info.actor_ids or not info.candidates or not doc.text[m.start:m.start + 1].isupper() \
                or not doc.text[m.start].isascii() or _misread_place(doc, m, info):
            continue
        cities = {p.country for p in info.candidates if (p.population or 0) >= MENTIONED_MIN_POPULATION}
        if len(cities) == 1:
            return cities.pop()
    return None


def _actor_attrs(actor: Actor, alternatives: list[str], root: Actor) -> dict[str, Any]:
    attrs = {
        "kb_id": actor.id, "name": actor.name, "name_ar": actor.name_ar, "kind": actor.kind,
        "country": actor.country, "inter": actor.inter, "code": actor.code, "candidates": alternatives,
    }
    if actor.kind == "official" and actor.parent:
        attrs["org_id"] = actor.parent  # the organisation the official speaks for
    # A branch of the armed forces, or a named operation, acts as the force that runs it.
    if root.id != actor.id and (actor.kind in ("state_military", "police_security") or actor.id.startswith("OP-")):
        # Event records name the force as a whole (the air force's strike is the army's).
        attrs["root"] = {"id": root.id, "name": root.name, "name_ar": root.name_ar, "inter": root.inter,
                         "code": root.code}
    return attrs


def place_attrs(place: Place, gazetteer: Gazetteer, score: float, alternatives: list[str]) -> dict[str, Any]:
    return {**_place_facts(place, gazetteer), "score": round(score, 3), "candidates": alternatives}


def _place_facts(place: Place, gazetteer: Gazetteer) -> dict[str, Any]:
    admin1 = gazetteer.admin1_of(place)
    return {
        "kb_id": place.id, "name": place.name, "name_ar": place.name_ar, "feature": place.feature,
        "iso2": place.country, "country": _country_name(gazetteer, place.country),
        "admin1": place.admin1 or (admin1.name if admin1 else None), "admin2": place.admin2,
        "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid,
        "geo_precision": geo_precision(place), "where_prec": where_prec(place, relative=False),
    }


def _country_name(gazetteer: Gazetteer, iso2: str | None) -> str | None:
    if not iso2:
        return None
    ctry = gazetteer.country_place(iso2)
    return ctry.name if ctry else iso2


def _cue_before(doc: Document, kb: KnowledgeBase, m: Match) -> str | None:
    """The word written just before a place name ("محافظة", "ريف", "مخيم" ...), with its clitics
    stripped, or a clitic-only cue fused to the name ("بريف" → "ريف")."""
    if m.first_token == 0:
        return None
    prev = doc.tokens[m.first_token - 1]
    if prev.kind == "punct" or "\n" in doc.text[prev.end:doc.tokens[m.first_token].start]:
        return None
    if prev.norm == "of" and m.first_token >= 2:
        prev = doc.tokens[m.first_token - 2]  # "the town of Sirte"
    return kb.word_reading(prev)[0]


_LIST_LINK = re.compile(r"\s*(?:،\s*)?و")


_UNIT_AFTER = frozenset({"province", "governorate", "state", "region", "district"})


def _english_cue_after(doc: Document, m: Match) -> str | None:
    """"in Idlib province", "Borno state": an English name followed by the kind of unit it names."""
    if m.last_token >= len(doc.tokens) or not doc.text[m.start].isascii():
        return None
    nxt = doc.tokens[m.last_token]
    return nxt.norm if nxt.norm in _UNIT_AFTER else None


_SECTION_OPENER = re.compile(r"\s*(?:و?في|In)\s+$")


def _opens_paragraph_section(doc: Document, m: Match) -> bool:
    return opens_section(doc.text, m.start, m.end)


def opens_section(text: str, start: int, end: int) -> bool:
    """"وفي السودان، ...", "In Sudan, ...": the name at text[start:end] opens its paragraph, then a
    comma (a digest's item about that country)."""
    para_start = text.rfind("\n", 0, start) + 1
    return bool(_SECTION_OPENER.fullmatch(text, para_start, start)) and text[end:end + 1] in ("،", ",")


def _section_ranges(doc: Document, matches: list[Match], infos: list[_KeyInfo]) -> list[tuple[int, int]]:
    """The paragraphs a digest opens with another country ("وفي اليمن، ..."): their own votes do
    not choose the story's country."""
    out = []
    for m, info in zip(matches, infos):
        if info.country_places and opens_section(doc.text, m.start, m.end):
            end = doc.text.find("\n\n", m.end)
            out.append((doc.text.rfind("\n", 0, m.start) + 1, len(doc.text) if end < 0 else end))
    return out


def _cue_of_list(doc: Document, m: Match, list_cue: tuple[int, str | None]) -> str | None:
    """"بلدات عيتا الشعب وكفركلا والخيام": a place joined by "و" to the one read just before
    shares its cue word."""
    end, cue = list_cue
    return cue if cue and _LIST_LINK.fullmatch(doc.text, end, m.start) else None


def annotate(doc: Document, kb: KnowledgeBase | None = None) -> Document:
    kb = kb or load_kb()
    matches = [m for m in kb.matcher.find(doc.tokens, doc.text) if not _accusative_adjective(doc, m)]
    infos = [kb.key_info(m) for m in matches]
    country = _story_country(doc, matches, infos)
    doc.meta["story_country"] = country
    mentioned_countries: set[str | None] = set()
    for info in infos:
        mentioned_countries |= info.actor_countries
    # Places of the story's country with one candidate anchor the resolution of the ambiguous ones.
    anchors = [info.single_place for info in infos
               if info.single_place is not None and info.single_place.country == country]
    for info in infos:
        mentioned_countries |= info.country_places
    # Everything below but the mention's surroundings is fixed for the document: resolutions
    # are memoised per name (places: per name and the features its cue word favours, all the
    # cue changes in `resolve_place` and `_believable`; actors: per name and story country,
    # across documents, in `KnowledgeBase.actor_for`).
    # (name, cue features) -> (best place, believed?, rounded score, the other candidates' ids)
    resolved_places: dict[tuple[str, frozenset[str]], tuple[Place | None, bool, float, list[str]]] = {}
    prepared = None
    taken_to = 0  # tokens before this one belong to a mention already made (a name and its adjective)
    list_cue: tuple[int, str | None] = (-1, None)  # where the last place read ends, and its cue word
    section: tuple[int, str | None] = (-1, None)  # where a paragraph opened with "وفي <country>،" ends, and its country
    named_starts = {m.start for m, info in zip(matches, infos) if info.actor_ids or info.rules}
    unresolved: list[tuple[Match, _KeyInfo]] = []  # generic names the story's country has no party for
    for m, info in zip(matches, infos):
        if m.first_token < taken_to:
            continue
        if info.anaphor is not None:
            antecedent = next((s for s in reversed(doc.spans) if s.label == "ACTOR"
                               and s.attrs.get("kind") in info.anaphor), None)
            if antecedent is not None:
                doc.spans.append(Span("ACTOR", m.start, m.end, doc.text[m.start:m.end],
                                      {**antecedent.attrs, "antecedent": [antecedent.start, antecedent.end]}))
            continue
        actor_ids = info.actor_ids
        place_keys = info.place_keys
        if info.rules:
            owned = load_nisbas().after(doc.tokens, doc.text, m.last_token)
            if owned is not None:
                # "وزارة الخارجية النمساوية": the adjective names the owner, not the story.
                end, nisba = owned
                taken_to = end
                owner = nisba.owner(info.rules[0])
                actor = kb.actors.resolve(info.rules[0], owner) if owner else None
                if actor is not None and actor.country == owner:
                    m = Match(m.start, doc.tokens[end - 1].end, m.first_token, end, m.key, m.payloads)
                    _add_actor(doc, m, actor, list(actor_ids), kb, country)
                elif owner and (inner := _spokesman_of(doc, kb, m, end, owner)) is not None:
                    _add_actor(doc, inner[0], inner[1], [], kb, country)
                continue
            owner = _english_nationality_before(doc, m)
            if owner is not None:
                # "Turkish police", "Iraqi security forces": the adjective names the owner.
                actor = kb.actors.resolve(info.rules[0], owner)
                if actor is not None and actor.country == owner:
                    _add_actor(doc, _extended_back(doc, m), actor, list(actor_ids), kb, country)
                    continue
            possessor = _english_possessor_before(doc, m)
            if possessor is not None:
                # "Myanmar's military", "Sudan's army": the country named before "'s" owns the force.
                actor = kb.actors.resolve(info.rules[0], possessor)
                if actor is not None and actor.country == possessor:
                    country_span = doc.spans.pop()
                    m = Match(country_span.start, m.end, m.first_token, m.last_token, m.key, m.payloads)
                    _add_actor(doc, m, actor, list(actor_ids), kb, country)
                    continue
            if info.rules[0] in _possessed_only(kb.actors):
                continue
            # ("وفي السودان، قصف الجيش ...": a digest's paragraph about another country)
            actor = kb.actors.resolve(info.rules[0], section[1] if m.start < section[0] else country)
            if actor is not None:
                _add_actor(doc, m, actor, list(actor_ids), kb, country)
                continue
            if not actor_ids:
                unresolved.append((m, info))  # (and read on as a place, if it is one)
        if place_keys and not actor_ids and _after_speech_verb(doc, kb, m):
            # "وأكدت الفلبين ..." : a country that speaks is a party, not a place.
            actor_ids = [a.id for a in [kb.actors.for_country_kind(p.country, "government")
                                        for p in info.candidates
                                        if p.feature == "country"] if a is not None][:1]
            if actor_ids:
                place_keys = []
        if actor_ids and place_keys and _after_place_preposition(doc, m):
            actor_ids = []  # "في السعودية", "على اليمن": the country as a place, not a party
        if actor_ids:
            surface = doc.text[m.start:m.end]
            if surface[:1].isascii() and len(m.key) <= 4 and not surface.isupper() and not any(
                    kb.actors.by_id[a].name == surface
                    or surface[:1].isupper() and surface in kb.actors.by_id[a].aliases_en
                    for a in actor_ids if a in kb.actors.by_id):
                # "is", "ap": English acronyms only count in capitals ("Iran", "Fano": a name as listed)
                continue
            # ("وفي اليمن، قتل جنديان ...": a digest's paragraph about another country)
            here = section[1] if m.start < section[0] else country
            if actor_ids is info.actor_ids:
                actor = kb.actor_for(m.key, actor_ids, here)
            else:
                actor = _choose_actor(kb, m.key, actor_ids, here)
            if actor.kind == "generic" and _adjective_of_noun(doc, m) \
                    or actor.kind == "media_outlet" and _drone_adjective(doc, m):
                continue  # "مؤتمر صحفي", "المجتمع المدني", "الطائرات المسيرة": it describes the noun, names no group
            if actor.kind == "official" and doc.text[doc.tokens[m.first_token].start:m.start].endswith(("ال", "لل")):
                continue  # "الطريق الرئيسي" (main): a person's name takes no article (not Raisi)
            if actor.kind == "generic" and _members_of_named(doc, m, actor):
                continue
            if actor.kind == "generic" and m.key.endswith("تي") and m.end + 1 in named_starts:
                continue  # "قبيلتي المسيرية والرزيقات": the two tribes are named next
            if any(a in OWNERLESS_FORCES for a in actor_ids):
                member = MEMBERS_OF.match(doc.text, m.end)
                if member is not None and member.end() in named_starts:
                    continue  # "ثلاثة جنود من قوات الحزام الأمني": the soldiers are the force named next
                owner = _owner_by_pronoun(doc, m)
                if owner is not None:
                    # "أعلن الجيش الأمريكي مقتل اثنين من جنوده": its soldiers are its own
                    doc.spans.append(Span("ACTOR", m.start, m.end, doc.text[m.start:m.end],
                                          {**owner.attrs, "antecedent": [owner.start, owner.end]}))
                    continue
            owned = _force_of_nationality(doc, kb, m, actor_ids) or _government_forces(doc, kb, m, actor)
            if owned is not None:
                # "جنود أمريكيون", "جنديان فرنسيان": the adjective names whose soldiers they are.
                actor, m = owned
                taken_to = m.last_token
            _add_actor(doc, m, actor, list(actor_ids), kb, here)
            continue
        if place_keys:
            candidates = info.candidates
            cue = _english_cue_after(doc, m) or _cue_before(doc, kb, m) or _cue_of_list(doc, m, list_cue)
            if not _plausible_place_mention(doc, m, info, cue, country, candidates):
                continue
            cue_feats = cue_features(cue)
            # "bombed a market in Idlib": an English name after "in" is a place whatever the story's country.
            named_in = cue in ENGLISH_PLACE_PREPOSITIONS and doc.text[m.start].isupper()
            memo_key = (m.key, cue_feats, named_in)
            memo = resolved_places.get(memo_key)
            if memo is None:
                if prepared is None:
                    prepared = prepare_context(PlaceContext(country, mentioned_countries, anchors))
                best, score, alternatives = rank_places(candidates, prepared, cue_feats)
                believed = best is not None and _believable(best, cue, country, mentioned_countries, named_in)
                memo = resolved_places[memo_key] = (best, believed, round(score, 3), [p.id for p, _ in alternatives])
            best, believed, score, alternative_ids = memo
            if not believed:
                continue
            if best.feature != "country" and _opens_paragraph_section(doc, m):
                # ("وفي الجزائر، ...", "وفي تونس، ...": a digest's item opens with the country, not
                # the capital of the same name)
                best = next((p for p in candidates if p.feature == "country"), best)
            facts = kb._place_facts.get(best.id)
            if facts is None:
                facts = kb._place_facts[best.id] = _place_facts(best, kb.gazetteer)
            attrs = {**facts, "score": score, "candidates": alternative_ids[:]}
            if is_relative_cue(cue):
                attrs["relative"] = cue
                attrs["geo_precision"] = geo_precision(best, relative=True)
                attrs["where_prec"] = where_prec(best, relative=True)
            last = doc.spans[-1] if doc.spans else None
            if (last is not None and last.label == "LOC" and not doc.text[last.end:m.start].strip(" ،,")
                    and (last.attrs.get("name"), last.attrs.get("iso2")) == (attrs["name"], attrs["iso2"])):
                doc.spans.pop()  # "العاصمة الليبية طرابلس": one mention of the city, by its name
            doc.spans.append(Span("LOC", m.start, m.end, doc.text[m.start:m.end], attrs))
            list_cue = (m.end, cue)
            if attrs.get("feature") == "country" and _opens_paragraph_section(doc, m):
                end = doc.text.find("\n\n", m.end)
                section = (len(doc.text) if end < 0 else end, attrs["iso2"])
    _in_the_places_country(doc, kb, country, unresolved)
    _within_named_province(doc, kb)
    if country:
        _bare_capital(doc, kb, country)
        _part_of_the_country(doc, kb, country)
    _coordinated_nationalities(doc, kb)
    doc.spans.sort(key=lambda s: (s.start, -s.end))
    return doc


def _in_the_places_country(doc: Document, kb: KnowledgeBase, country: str | None,
                           unresolved: list[tuple[Match, _KeyInfo]]) -> None:
    """"قصفت الطائرات الروسية مواقع للفصائل في جبل الزاوية": the story's country is Russia's by
    its vote, but "the factions" Russia has none of are those of the country the places named
    are in."""
    if not unresolved:
        return
    located = Counter(s.attrs.get("iso2") for s in doc.spans if s.label == "LOC" and s.attrs.get("iso2"))
    if not located:
        return
    where = located.most_common(1)[0][0]
    if where == country:
        return
    taken = Intervals((s.start, s.end, s) for s in doc.spans)
    for m, info in unresolved:
        actor = kb.actors.resolve(info.rules[0], where)
        if actor is not None and not taken.overlaps(m.start, m.end):
            _add_actor(doc, m, actor, [], kb, where)


def _within_named_province(doc: Document, kb: KnowledgeBase) -> None:
    """"the town of Ariha in Idlib province", "أريحا في محافظة إدلب": a town named in a province
    is the one of its namesakes that lies there (Ariha in Idlib, not Jericho)."""
    places = [s for s in doc.spans if s.label == "LOC"]
    for town, province in zip(places, places[1:]):
        if province.attrs.get("feature") != "admin1" or town.attrs.get("admin1") == province.attrs.get("admin1") \
                or town.attrs.get("relative") or not _INSIDE_NEXT.fullmatch(doc.text, town.end, province.start):
            continue
        inside = [p for i in town.attrs.get("candidates", ()) if (p := kb.gazetteer.by_id(i)) is not None
                  and p.country == province.attrs.get("iso2") and p.admin1 == province.attrs.get("admin1")]
        if inside:
            doc.spans[doc.spans.index(town)] = Span("LOC", town.start, town.end, town.text, {
                **_place_facts(inside[0], kb.gazetteer), "score": town.attrs.get("score"),
                "candidates": [town.attrs["kb_id"]] + [i for i in town.attrs["candidates"] if i != inside[0].id]})


_CAPITAL_WORD = name_key("العاصمة")
_CAPITAL_TAIL = _CAPITAL_WORD[1:]


def _spokesman_of(doc: Document, kb: KnowledgeBase, m: Match, end: int, owner: str) -> tuple[Match, Actor] | None:
    """"المتحدث باسم الجيش السوري": a country with no spokesman's office of its own in the KB
    still has the army he speaks for (the span after "باسم", so the speaker keeps his role)."""
    for k in range(m.first_token, end - 1):
        if doc.tokens[k].norm == "باسم":
            rule = kb.actors.rule_for(m.key)
            actor = kb.actors.for_country_kind(owner, rule.kind or "") if rule is not None else None
            if actor is None:
                return None
            start = doc.tokens[k + 1].start
            return Match(start, doc.tokens[end - 1].end, k + 1, end, m.key, m.payloads), actor
    return None


_THE_COUNTRY = name_key("البلاد")
_DIRECTIONS = frozenset(name_key(w) for w in (
    "وسط", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"))


def _part_of_the_country(doc: Document, kb: KnowledgeBase, country: str) -> None:
    """"وسط البلاد", "شمالي البلاد": a part of the story's country, named by the region the
    gazetteer knows by that name ("وسط مالي") or else the country itself."""
    if "البلاد" not in doc.text:
        return
    tokens = doc.tokens
    taken = [(s.start, s.end) for s in doc.spans if s.label == "LOC"]
    for i, tok in enumerate(tokens[1:], start=1):
        prev = tokens[i - 1]
        if tok.norm != _THE_COUNTRY or not {v[0] for v in prev.variants} & _DIRECTIONS \
                or any(a <= prev.start < b for a, b in taken):
            continue
        state = kb.gazetteer.country_place(country)
        if state is None:
            return
        direction = next(v[0] for v in prev.variants if v[0] in _DIRECTIONS)
        region = next(iter(kb.gazetteer.lookup(f"{direction} {state.name_ar}")), None) if state.name_ar else None
        place = region if region is not None and region.country == country else state
        start = prev.start + prev.text.find(direction[:2]) if prev.text.find(direction[:2]) >= 0 else prev.start
        doc.spans.append(Span("LOC", start, tok.end, doc.text[start:tok.end],
                              {**_place_facts(place, kb.gazetteer), "score": 0.0, "candidates": []}))


def _bare_capital(doc: Document, kb: KnowledgeBase, country: str) -> None:
    """"اعتقلته من منزله في العاصمة", "clashes in the capital": the capital named by no name
    of its own is the story country's.  Not a capital qualified by what follows ("العاصمة
    الإدارية", "the capital of Darfur") nor one named right after ("العاصمة طرابلس")."""
    if "العاصمة" not in doc.text and "capital" not in doc.text:
        return  # (most documents: no pass over their tokens)
    capital = None
    tokens = doc.tokens
    # Every variant form but its first letter is part of the token's norm (`segment` strips
    # clitics and restores no more than the article's alef), so this finds every candidate.
    named = [i for i, tok in enumerate(tokens) if _CAPITAL_TAIL in tok.norm or tok.norm == "capital"]
    if not named:
        return
    taken = [(s.start, s.end) for s in doc.spans if s.label in ("LOC", "ACTOR", "ORG")]
    for i in named:
        tok = tokens[i]
        arabic = any(form == _CAPITAL_WORD and end == tok.end for form, _s, end in tok.variants)
        english = tok.norm == "capital" and i > 0 and tokens[i - 1].norm == "the"
        if not (arabic or english) or any(a <= tok.start < b for a, b in taken):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.kind != "punct" and (
                nxt.norm.startswith("ال") or nxt.norm == "of" or nxt.text[:1].isupper()
                or any(a <= nxt.start < b for a, b in taken)):
            continue
        if capital is None:
            capital = kb.gazetteer.capital_of(country)
            if capital is None:
                return
        start = tokens[i - 1].start if english else tok.start + tok.text.find("ال")
        doc.spans.append(Span("LOC", start, tok.end, doc.text[start:tok.end],
                              {**_place_facts(capital, kb.gazetteer), "score": 0.0, "candidates": []}))


def _coordinated_nationalities(doc: Document, kb: KnowledgeBase) -> None:
    """"US and British warplanes": the first nationality of an English pair names its own
    country's force of the same kind."""
    table = demonyms()
    added = []
    for s in doc.spans:
        if s.label != "ACTOR" or s.attrs.get("kind") not in ("state_military", "police_security") \
                or not s.text[:1].isascii() or table.get(s.text.split(" ", 1)[0].lower()) != s.attrs.get("country"):
            continue
        m = EN_COORDINATED_NATIONALITY.search(doc.text, max(0, s.start - 16), s.start)
        iso2 = table.get(m.group(1).lower()) if m else None
        if iso2 is None or iso2 == s.attrs.get("country") or any(o.start <= m.start(1) < o.end for o in doc.spans):
            continue
        force = kb.actors.for_country_kind(iso2, s.attrs["kind"])
        if force is not None:
            added.append(actor_span(force, m.start(1), m.end(1), doc.text))
    doc.spans.extend(added)


SPEECH_VERBS = frozenset({"قال", "قالت", "اكد", "اكدت", "اعلن", "اعلنت", "افاد", "افادت", "ذكر", "ذكرت", "نفي", "نفت",
                          "said", "says", "announced", "confirmed", "denied"})


def _accusative_adjective(doc: Document, m: Match) -> bool:
    """"رتلا عسكريا تركيا", "مواطنا سوريا": the country's name is the adjective "Turkish"."""
    if m.key not in accusative_forms() or m.last_token - m.first_token != 1:
        return False
    tok = doc.tokens[m.first_token]
    return m.start == tok.start and m.end == tok.end \
        and accusative_nationality(doc.tokens, doc.text, m.first_token) is not None


def _after_speech_verb(doc: Document, kb: KnowledgeBase, m: Match) -> bool:
    if not m.first_token:
        return False
    return kb.word_reading(doc.tokens[m.first_token - 1])[1]


def _after_place_preposition(doc: Document, m: Match) -> bool:
    back = {f for t in doc.tokens[max(0, m.first_token - 2):m.first_token] for f, _s, _e in t.variants}
    if back & SUPPORT_WORDS:
        return False  # "بدعم من تركيا": the country backs a party
    first = doc.tokens[m.first_token]
    fused = first.start < m.start and doc.text[first.start:m.start][-1:] in "بل"
    prev = [{f for f, _s, _e in t.variants} for t in doc.tokens[max(0, m.first_token - 2):m.first_token]]
    return fused or bool(prev and prev[-1] & (PLACE_PREPOSITIONS | DIRECTION_WORDS)) or (
        len(prev) == 2 and bool(prev[0] & DIRECTION_WORDS))


@lru_cache(maxsize=4096)
def _is_cue_word(key: str) -> bool:
    """"مدينة", "بلدة", "قريتي": words that introduce a place are never one themselves."""
    return bool(cue_features(key) or is_relative_cue(key))


def _suffix_stripped(doc: Document, m: Match, info: _KeyInfo) -> bool:
    norm = doc.tokens[m.last_token - 1].norm
    return not (norm.endswith(info.last_word) or norm.endswith(info.last_bare))


def _short_after_proclitic(doc: Document, m: Match, info: _KeyInfo) -> bool:
    """"فرقه" is not ف + "رقه": a proclitic stripped off leaves at least four letters, unless it
    is the preposition "ب" ("بحمص")."""
    if m.first_token + 1 != m.last_token or len(info.first_word) > 3:
        return False
    first = doc.tokens[m.first_token]
    prefix = doc.text[first.start:m.start]
    if not prefix or "ب" in prefix:
        return False
    # "سرمين وبنش": coordinated with the place just before it.
    last = doc.spans[-1] if doc.spans else None
    return not (prefix == "و" and last is not None and last.label == "LOC" and 0 <= first.start - last.end <= 2)


def _misread_place(doc: Document, m: Match, info: _KeyInfo) -> bool:
    """A match that cannot be the place it spells: a cue word, a word read without its ending
    ("شعبي" is not "شعب") or after a proclitic that leaves too little, an English word that is
    not capitalised, short, or a stopword."""
    if info.cue_word or _suffix_stripped(doc, m, info) or _short_after_proclitic(doc, m, info):
        return True
    first = doc.tokens[m.first_token]
    if doc.text[first.start:m.start] in ("ك", "وك", "فك"):
        return True  # "كمينا" (an ambush) is not ك + Minna: news never writes "like <town>"
    if is_name_head(m.key) or first.start < m.start and is_name_head(first.norm):
        # "دير سنبل": the head of a name the gazetteer lacks is no place (Bandar-e Deyr), nor is
        # a place read inside one ("باب" is no ب + Ibb)
        return True
    if m.first_token and first.start == m.start:
        prev = doc.tokens[m.first_token - 1]
        if any(is_name_head(form) for form, _s, end in prev.variants if end == prev.end):
            return True
    surface = doc.text[m.start:m.end]
    # ("northern Israel": a lowercase direction before a capitalised name is part of it.)
    return surface[:1].isascii() and not (any(w[:1].isupper() for w in surface.split())
                                          and m.key not in EN_STOPWORDS and len(m.key) >= 3)


_SON_OF = frozenset(("بن", "بنت", "ابن"))


def _given_name_of_a_person(doc: Document, m: Match) -> bool:
    """"سلوى بن سالم": a given name before "بن" / "بنت" opens a person's name, not a place's."""
    nxt = doc.tokens[m.last_token] if m.last_token < len(doc.tokens) else None
    return nxt is not None and nxt.norm in _SON_OF and m.last_token - m.first_token == 1 \
        and doc.tokens[m.first_token].norm in load_roles().given_names


def _plausible_place_mention(doc: Document, m: Match, info: _KeyInfo, cue: str | None,
                             country: str | None, candidates: list[Place]) -> bool:
    if _misread_place(doc, m, info) or _given_name_of_a_person(doc, m):
        return False
    if info.common_word:
        # ("في جنين" in a story the Israeli army leads: a town across the story country's border)
        nearby = neighbours().get(country or "", frozenset()) | {country}
        in_reach = any(p.country in nearby for p in candidates)
        if cue and cue_features(cue) and not is_naming_cue(cue):
            # ("مطار المدينة" in a Sudanese story is the city's airport, not Medina's)
            return country is None or in_reach
        prev = doc.tokens[m.first_token - 1] if m.first_token else None
        fused = doc.tokens[m.first_token].variants[0][0] != info.first_word
        near_preposition = fused or (prev is not None and prev.norm in PLACE_PREPOSITIONS)
        return near_preposition and in_reach
    return True


def _believable(place: Place, cue: str | None, country: str | None, mentioned: set[str],
                named_in: bool) -> bool:
    """A resolved place outside the story's countries must be big or named as a place."""
    if place.country == country or place.feature in ("country", "admin1") or place.id.startswith("cur:"):
        return True
    if cue and place.feature in _cue_feats(cue):
        return True
    if (place.country in mentioned or named_in) and (place.population or 0) >= MENTIONED_MIN_POPULATION:
        return True
    if place.country in neighbours().get(country or "", ()) and (place.population or 0) >= NEIGHBOUR_MIN_POPULATION:
        # "Israeli warplanes struck Khan Younis": a town across the border of the story's country.
        return True
    return (place.population or 0) >= FOREIGN_MIN_POPULATION


def _cue_feats(cue: str) -> frozenset[str]:
    return cue_features(cue)


def actor_span(actor: Actor, start: int, end: int, text: str) -> Span:
    """A span naming `actor` (for agents the text implies: "Israeli strikes", "the protest")."""
    kb = load_kb()
    return Span("ACTOR", start, end, text[start:end], _actor_attrs(actor, [], kb.actors.root(actor.id)))


@lru_cache(maxsize=None)
def _head_list(key: str) -> frozenset[str]:
    """A list of data/adjective_heads.yaml, validated, in matching form."""
    path = "adjective_heads.yaml"
    data = read_yaml("marsad.kb.data", path)
    heads = data.get(key) if isinstance(data, dict) else None
    if not isinstance(heads, list) or not heads or not all(isinstance(h, str) and h.strip() for h in heads):
        raise DataFileError(f"{path}: {key!r} must be a non-empty list of words")
    return frozenset(name_key(h) for h in heads)


def adjective_heads() -> frozenset[str]:
    """Nouns after which a generic group's singular adjective describes the noun (`heads`)."""
    return _head_list("heads")


def craft_heads() -> frozenset[str]:
    """Craft whose adjective a one-word outlet's name may be (`craft`)."""
    return _head_list("craft")


def _one_word_after(doc: Document, m: Match, heads: frozenset[str]) -> bool:
    """A one-word match right after a word of `heads` (with or without its article), on its line."""
    if m.last_token - m.first_token != 1 or not m.first_token:
        return False
    prev, tok = doc.tokens[m.first_token - 1], doc.tokens[m.first_token]
    if prev.kind != "word" or "\n" in doc.text[prev.end:tok.start]:
        return False
    return bool({f for f, _s, e in prev.variants if e == prev.end} & heads)


def _adjective_of_noun(doc: Document, m: Match) -> bool:
    """A one-word singular adjective ("صحفي", "المدني") right after a noun it describes (a
    listed head, with or without the article: "اعتقلت الشرطة الصحفي" keeps the journalist)."""
    return m.key.endswith("ي") and _one_word_after(doc, m, adjective_heads())


def _drone_adjective(doc: Document, m: Match) -> bool:
    """"الطائرات المسيرة", "زوارق مسيرة": an outlet's one-word name right after a craft is the
    craft's adjective ("المسيرة" is also the Houthis' channel)."""
    return _one_word_after(doc, m, craft_heads())


@lru_cache(maxsize=1)
def anaphora() -> dict[str, tuple[str, ...]]:
    """Referring nouns (data/anaphora.yaml) → the actor kinds they can refer back to."""
    path = "anaphora.yaml"
    data = read_yaml("marsad.kb.data", path)
    from .actors import KINDS

    out = {}
    for word, kinds in (data or {}).items():
        if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
            raise DataFileError(f"{path}: {word!r}: kinds must be a non-empty list of actor kinds")
        out[str(word)] = tuple(kinds)
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """English nationality adjectives → ISO2, from data/demonyms.tsv."""
    path = "demonyms.tsv"
    table = {}
    for n, line in enumerate(read_text("marsad.kb.data", path).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[1]) != 2:
            raise DataFileError(f"{path}:{n}: expected 'demonym<TAB>ISO2', got {line!r}")
        table[parts[0].strip().lower()] = parts[1].strip().upper()
    return table


def _choose_actor(kb: KnowledgeBase, key: str, actor_ids: list[str], country: str | None) -> Actor:
    actor = kb.actors.resolve(key, country) or _pick_actor(kb, actor_ids, country)
    if actor.id in OWNERLESS_FORCES and country:
        # "جنود" with no owner named: the story's country's force of that kind.
        actor = kb.actors.for_country_kind(country, OWNERLESS_FORCES[actor.id]) or actor
    return actor


def _force_of_nationality(doc: Document, kb: KnowledgeBase, m: Match,
                          actor_ids: Sequence[str]) -> tuple[Actor, Match] | None:
    """An ownerless force with an adjective of nationality, after it in Arabic ("جنود أمريكيون")
    or before it in English ("Turkish troops"): that country's force, with the match extended
    over the adjective."""
    kinds = {OWNERLESS_FORCES[i] for i in actor_ids if i in OWNERLESS_FORCES}
    if len(kinds) != 1:
        return None
    owner = _english_nationality_before(doc, m)
    if owner is not None:
        force = kb.actors.for_country_kind(owner, kinds.pop())
        return (force, _extended_back(doc, m)) if force is not None else None
    if m.last_token >= len(doc.tokens):
        return None
    nxt = doc.tokens[m.last_token]
    if "\n" in doc.text[m.end:nxt.start]:
        return None
    # ("جنديا إسرائيليا": the adjective in the accusative)
    iso2 = nationality_of(nxt) or accusative_nationality(doc.tokens, doc.text, m.last_token)
    force = kb.actors.for_country_kind(iso2, kinds.pop()) if iso2 else None
    if force is None:
        return None
    return force, Match(m.start, nxt.end, m.first_token, m.last_token + 1, m.key, m.payloads)


def _government_forces(doc: Document, kb: KnowledgeBase, m: Match, actor: Actor) -> tuple[Actor, Match] | None:
    """"Ethiopian government forces": a government named in English before "forces" or "troops"
    is its army, over the noun too (the name of the government is the longer match)."""
    if actor.kind != "government" or m.last_token >= len(doc.tokens) or not doc.text[m.start].isascii():
        return None
    nxt = doc.tokens[m.last_token]
    if nxt.norm.lower() not in EN_FORCE_NOUNS or doc.text[m.end:nxt.start] != " ":
        return None
    force = kb.actors.for_country_kind(actor.country, "state_military")
    if force is None:
        return None
    return force, Match(m.start, nxt.end, m.first_token, m.last_token + 1, m.key, m.payloads)


def _english_nationality_before(doc: Document, m: Match) -> str | None:
    """The country of an English adjective of nationality written right before an English name
    ("Turkish troops", "U.S. troops"), when no entity already covers the adjective."""
    k = _adjective_start(doc, m)
    if k is None:
        return None
    written = doc.text[doc.tokens[k].start:doc.tokens[m.first_token - 1].end]
    return demonyms().get(written.lower())


def _adjective_start(doc: Document, m: Match) -> int | None:
    """The first token of the word right before an English name: one token, or the letters and
    dots of an abbreviation ("U.S.", tokenised U . S .)."""
    k = m.first_token - 1
    if k < 0 or not doc.text[m.start].isascii():
        return None
    prev = doc.tokens[k]
    if doc.text[prev.end:m.start] != " ":
        return None
    dotted = EN_DOTTED_ABBREVIATION.search(doc.text, max(0, prev.end - 6), prev.end)
    if dotted is not None:
        while k > 0 and doc.tokens[k].start > dotted.start(1):
            k -= 1
    if doc.spans and doc.spans[-1].end > doc.tokens[k].start:
        return None
    return k


@lru_cache(maxsize=4)
def _possessed_only(actors: ActorDB) -> frozenset[str]:
    """The shared names that name a party only after a country's English possessive."""
    return frozenset(rule.alias for rule in actors.rules if rule.possessed_only)


def _english_possessor_before(doc: Document, m: Match) -> str | None:
    """The country of a state named right before an English possessive ("Myanmar's military")."""
    last = doc.spans[-1] if doc.spans else None
    if (last is None or last.label != "ACTOR" or last.attrs.get("kind") != "government"
            or not doc.text[m.start].isascii() or not EN_POSSESSIVE.fullmatch(doc.text, last.end, m.start)):
        return None
    return last.attrs.get("country")


def _extended_back(doc: Document, m: Match) -> Match:
    """The match widened over the word before it."""
    k = _adjective_start(doc, m)
    k = m.first_token - 1 if k is None else k
    return Match(doc.tokens[k].start, m.end, k, m.last_token, m.key, m.payloads)


def _owner_by_pronoun(doc: Document, m: Match) -> Span | None:
    """The armed party named last before "جنوده" / "عناصرها" (the noun with a possessive
    pronoun), or None for a noun without one."""
    tok = doc.tokens[m.last_token - 1]
    if m.end != tok.end or not tok.norm.endswith(("ه", "ها", "هم")) or tok.norm.endswith(m.key):
        return None
    return next((s for s in reversed(doc.spans) if s.label == "ACTOR" and s.attrs.get("inter") in ARMED_INTER
                 and s.attrs.get("kind") != "generic"), None)


def _members_of_named(doc: Document, m: Match, actor: Actor) -> bool:
    """English puts a named group before the noun of its members ("Islamic State militants",
    "Taliban gunmen"): the members are that group, so the named span takes in the noun."""
    last = doc.spans[-1] if doc.spans else None
    if (last is None or last.label != "ACTOR" or last.attrs.get("kind") == "generic"
            or actor.inter not in ARMED_INTER or not doc.text[m.start].isascii()
            or doc.text[last.end:m.start] != " "):
        return False
    doc.spans[-1] = Span(last.label, last.start, m.end, doc.text[last.start:m.end], last.attrs)
    return True


def _pick_actor(kb: KnowledgeBase, actor_ids: list[str], country: str | None) -> Actor:
    actors = [kb.actors[i] for i in actor_ids]
    local = [a for a in actors if country and a.country == country]
    return (local or actors)[0]


def _add_actor(doc: Document, m: Match, actor: Actor, alternatives: list[str], kb: KnowledgeBase,
               story_country: str | None = None) -> None:
    cached = kb._actor_facts.get(actor.id)
    if cached is None:
        label = "ORG" if actor.inter in (0, None) else "ACTOR"
        if actor.kind == "official":
            label = "PERSON"
        attrs = _actor_attrs(actor, [], kb.actors.root(actor.id))
        root = attrs.pop("root", None)
        del attrs["candidates"]
        cached = kb._actor_facts[actor.id] = (label, attrs, root)
    label, facts, root = cached
    attrs = {**facts, "candidates": alternatives}
    if actor.kind == "generic" and actor.country is None and story_country:
        # ACLED qualifies generic actors by the event's country ("Civilians (Nigeria)"): a
        # group the text names by what it is ("المتظاهرين") is of the story's country.
        attrs["country"] = story_country
    if root is not None:
        attrs["root"] = dict(root)
    doc.spans.append(Span(label, m.start, m.end, doc.text[m.start:m.end], attrs))

__all__ = ["KnowledgeBase", "annotate", "load_kb", "name_key", "place_attrs"]
