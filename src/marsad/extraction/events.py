"""Event coding: triggers + entities + dates + counts + sources → event records with evidence.

Works sentence by sentence.  Triggers of one type family in a sentence describe one happening
(one event), typed by the most specific trigger; a sentence that names several localities for
a strike or an attack gives one event per locality (ACLED codes each location separately).
Arguments come from Arabic clause structure: agents before the trigger (SVO) or right after a
verb trigger (VSO), passive agents after "من قبل" / "نفذته", targets after "على" / "ضد" /
"استهدف", clashes "بين X و Y".
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

from ..document import Document, Sentence, Span
from ..kb.matcher import name_key
from . import confidence
from .triggers import (
    load_triggers,
    TriggerMatch,
    describe,
    event_types,
    family_of,
    find_triggers,
    load_status_cues,
    refined_type,
)

# Words right before an actor that make it the target (actor2) of the event.
TARGET_CUES = frozenset(name_key(w) for w in (
    "على", "ضد", "استهدف", "استهدفت", "استهداف", "طالت", "مواقع", "موقع", "مقرات", "مقر", "نقاط", "نقطة",
    "تجمعات", "تجمع", "آليات", "دورية", "حاجز", "ثكنة", "معاقل", "معقل", "باتجاه", "against", "targeting", "on",
))
# Words right before an actor that make it the agent of a passive or nominal clause.
AGENT_CUES = frozenset(name_key(w) for w in (
    "قبل", "نفذته", "نفذها", "شنته", "شنها", "شنتها", "تبناه", "تبنته", "لطائرات", "طائرات", "طائرة", "مقاتلات",
    "قوات", "عناصر", "مقاتلو", "مسلحو", "by",
))
# "شن قصفا آخر", "another strike": the sentence tells a further happening of the same kind.
ANOTHER_CUES = frozenset(name_key(w) for w in ("آخر", "أخرى", "اخري", "another", "second", "separate", "منفصل"))
# Conjunctions that join two reports in one sentence.
CLAUSE_JOINERS = frozenset(name_key(w) for w in ("فيما", "بينما", "while", "whereas"))
# Speech verbs that open reported speech: a sentence that starts with one retells what a
# source said, usually about a happening already reported.
SPEECH_OPENERS = frozenset(name_key(w) for w in (
    "قال", "قالت", "أضاف", "أضافت", "أوضح", "أوضحت", "أشار", "أشارت", "ذكر", "ذكرت", "أفاد", "أفادت", "أكد", "أكدت",
    "تابع", "مضى", "كشف", "كشفت", "نقل", "نقلت",
))
SOURCE_CUES = frozenset(name_key(w) for w in (
    "أفاد", "أفادت", "ذكر", "ذكرت", "بحسب", "حسب", "وفق", "وفقا", "نقلت", "نقل", "قال", "قالت", "أعلن", "أعلنت",
    "أكد", "أكدت", "أوضح", "أوضحت", "according", "said", "reported", "told",
))
BETWEEN = frozenset({name_key("بين"), "between"})
BORDER_CUES = frozenset(name_key(w) for w in ("الحدود", "حدود", "الحدودية", "border"))
# Words right before an actor that make it a victim: "مقتل 4 جنود", "إصابة مدنيين".
VICTIM_CUES = frozenset(name_key(w) for w in (
    "مقتل", "قتل", "اصابة", "إصابة", "جرح", "استشهاد", "مصرع", "اعتقال", "اختطاف", "اعدام", "killing", "killed",
    "wounding", "of",
))
# Kinds that take part in violence; others (governments, officials, parties) only when nothing armed is named.
FORCE_NOUNS = frozenset(name_key(w) for w in (
    "طائرات", "طائرة", "مقاتلات", "مقاتلة", "طيران", "مسيرة", "مسيرات", "قوات", "القوات", "مدفعية", "دبابات", "بوارج",
    "زوارق", "سفن", "صواريخ", "جنود", "الطائرات", "الطيران", "المدفعية", "الدبابات",
))
MEMBER_CUES = frozenset(name_key(w) for w in ("من", "تابعون", "تابعين", "ينتمون", "التابعين", "of"))
AIR_KINDS = frozenset({"state_military", "igo_mission"})
ARMED_KINDS = frozenset({"state_military", "police_security", "rebel_group", "jihadist_group", "militia", "generic",
                         "igo_mission"})
# "المدعومة من X" / "بدعم من X": X backs a party, it is an associated actor.
SUPPORT_CUES = frozenset(name_key(w) for w in ("المدعومة", "المدعوم", "المدعومين", "بدعم", "دعم", "بمساندة",
                                                "مساندة", "الموالية", "الموالي", "الموالين", "الموالون", "برفقة",
                                                "بحماية", "حماية", "backed", "supported", "accompanied", "loyal"))
# Place words that make the following place the event's location rather than a mention.
LOCATION_CUES = frozenset(name_key(w) for w in (
    "في", "ب", "قرب", "بالقرب", "شرقي", "غربي", "شمالي", "جنوبي", "شرق", "غرب", "شمال", "جنوب", "ريف", "بريف",
    "مدينة", "بلدة", "قرية", "محافظة", "حي", "مخيم", "منطقة", "أطراف", "محيط", "داخل", "in", "near", "at",
))
# Types whose events are split when a sentence names several localities.
SPLIT_BY_LOCALITY_FAMILIES = frozenset({"remote"})


@dataclass
class _Happening:
    family: str
    type: str
    triggers: list[TriggerMatch] = field(default_factory=list)

    @property
    def anchor(self) -> TriggerMatch:
        return self.triggers[0]


class _Index:
    """A document with the lookups event coding repeats, precomputed once (bisect, not scans).
    Attribute access falls through to the document."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.token_starts = [t.start for t in doc.tokens]
        self.token_ends = [t.end for t in doc.tokens]
        self.word_positions = [i for i, t in enumerate(doc.tokens) if t.kind != "punct"]
        self.by_label: dict[str, list[Span]] = {}
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end)):
            self.by_label.setdefault(span.label, []).append(span)
        self.label_starts = {label: [s.start for s in spans] for label, spans in self.by_label.items()}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)

    def spans_in(self, label: str, start: int, end: int) -> list[Span]:
        spans = self.by_label.get(label, [])
        lo = bisect_left(self.label_starts.get(label, []), start)
        out = []
        for span in spans[lo:]:
            if span.start >= end:
                break
            if span.end <= end:
                out.append(span)
        return out

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_right(self.token_ends, start), bisect_left(self.token_starts, end)

    def words_before(self, offset: int, n: int) -> list[Any]:
        """The n word tokens that end at or before `offset`."""
        k = bisect_right(self.token_ends, offset)
        pos = bisect_left(self.word_positions, k)
        return [self.doc.tokens[i] for i in self.word_positions[max(0, pos - n):pos]]


def _spans(doc: _Index, label: str, start: int, end: int) -> list[Span]:
    return doc.spans_in(label, start, end)


def _token_range(doc: _Index, start: int, end: int) -> tuple[int, int]:
    return doc.token_range(start, end)


def _prev_keys(doc: _Index, offset: int, n: int = 2) -> set[str]:
    """Normalised forms (all clitic variants) of the n word tokens before `offset`."""
    return {form for t in doc.words_before(offset, n) for form, _s, _e in t.variants}


def _actor_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    a = span.attrs.get("root") or span.attrs
    return {"id": a.get("kb_id") or a.get("id"), "name": a.get("name"), "name_ar": a.get("name_ar"),
            "inter": a.get("inter"), "code": a.get("code"), "text": span.text}


def _location_dict(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    a = span.attrs
    return {k: a.get(k) for k in ("name", "name_ar", "admin1", "admin2", "country", "iso2", "lat", "lon",
                                  "geonameid", "geo_precision", "where_prec")} | {"text": span.text}


def _happenings(doc: Document, sentence: Sentence, triggers: list[TriggerMatch]) -> list[_Happening]:
    lo, hi = _token_range(doc, sentence.start, sentence.end)
    keys = {form for t in doc.tokens[lo:hi] for form, _s, _e in t.variants}
    # Words inside a quotation are what someone said, not the report: they never outrank the report.
    quoted = [(q["start"], q["end"]) for q in doc.quotes if q.get("kind") == "direct"]
    strong = [t for t in triggers if t.definition.strength == "strong"]
    told = [t for t in strong if not any(a <= t.start < b for a, b in quoted)]
    used = told or strong or triggers
    by_family: dict[str, _Happening] = {}
    types = event_types()
    for trig in used:
        etype = refined_type(trig.definition, keys)
        fam = family_of(etype)
        hap = by_family.get(fam)
        if hap is None:
            by_family[fam] = _Happening(fam, etype, [trig])
        else:
            hap.triggers.append(trig)
            if types[etype].priority > types[hap.type].priority:
                hap.type = etype
    # A strike described with a generic "attack" or "massacre" word is one happening, not two.
    if "remote" in by_family and "violent" in by_family and by_family["violent"].type in (
            "attack", "violence_against_civilians"):
        del by_family["violent"]
    # One happening per sentence: news sentences report one event with its circumstances
    # ("clashes ... accompanied by shelling"); the first-told family is the sentence's event.
    return sorted(by_family.values(), key=lambda h: h.anchor.start)[:1]


def _status(doc: Document, sentence: Sentence, hap: _Happening) -> tuple[str | None, bool]:
    """(status, background): status None when the sentence reports no happening at all
    (conditional, commemoration, question); background when it recalls an earlier one."""
    background = False
    lo, hi = _token_range(doc, sentence.start, sentence.end)
    anchor_tok = hap.anchor.first_token
    status = "reported"
    for cue in load_status_cues().find(doc.tokens[lo:hi], doc.text):
        definition = cue.payloads[0]
        cue_tok = lo + cue.first_token
        before = cue_tok < anchor_tok
        near = definition.window == 0 or (before and anchor_tok - cue_tok <= definition.window)
        if not near:
            continue
        if definition.drop and definition.kind == "history":
            background = True
        elif definition.drop:
            return None, False
        else:
            status = definition.kind
    if doc.text[sentence.start:sentence.end].rstrip().endswith(("?", "؟")):
        return None, False
    return status, background


def _assign_actors(doc: Document, sentence: Sentence, hap: _Happening,
                   claimed: bool = False) -> tuple[Span | None, Span | None, list[Span]]:
    in_scope = _spans(doc, "ACTOR", sentence.start, sentence.end)
    # A party announcing its own operation, gains or attack is its agent; otherwise a speaker is a source.
    actors = in_scope if hap.family == "strategic" or claimed else [
        a for a in in_scope if not (_prev_keys(doc, a.start, 2) & SOURCE_CUES)]
    actors = _specific_members(doc, actors)
    if not actors:
        # An armed party announcing its own operation ("أعلنت قيادة الدعم السريع أن قواتها ...").
        actors = [a for a in in_scope if a.attrs.get("inter") in (1, 2, 3, 4, 8)][:1]
    supporters = [a for a in actors if _prev_keys(doc, a.start, 2) & SUPPORT_CUES]
    actors = [a for a in actors if a not in supporters]
    if hap.family != "strategic":
        armed = [a for a in actors if a.attrs.get("kind") in ARMED_KINDS]
        actors = armed or actors
    if not actors:
        return None, None, supporters
    anchor = hap.anchor
    # Clash between X and Y.
    for i, a in enumerate(actors[:-1]):
        if _prev_keys(doc, a.start, 1) & BETWEEN:
            others = [b for b in actors[i + 1:] if b.attrs.get("kb_id") != a.attrs.get("kb_id")]
            if others:
                return a, others[0], others[1:] + supporters
    agents = [a for a in actors if ((_prev_keys(doc, a.start, 2) & AGENT_CUES and not _prev_keys(doc, a.start, 1) & TARGET_CUES)
              or _owned_by(doc, a) == "agent") and not _is_victim(doc, a)]
    targets = [a for a in actors if a not in agents and (
        _prev_keys(doc, a.start, 2) & TARGET_CUES or _is_victim(doc, a) or _owned_by(doc, a) == "target")]
    actor1 = actor2 = None
    if agents:
        actor1 = agents[0]
    else:
        non_targets = [a for a in actors if a not in targets]
        # SVO: the closest actor before the trigger; VSO: the first actor right after it.
        # An actor inside the trigger phrase ("طيران التحالف") is its agent too.
        before = [a for a in non_targets if a.start < anchor.end]
        after = [a for a in non_targets if a.start >= anchor.end]
        if before:
            actor1 = before[-1]
        elif after:
            actor1 = after[0]
    if hap.type == "airstrike" and actor1 is not None and actor1.attrs.get("kind") not in AIR_KINDS:
        # Aircraft belong to states and coalitions: a non-state group named with a strike is its target.
        flyers = [a for a in actors if a.attrs.get("kind") in AIR_KINDS]
        if flyers:
            actor1 = flyers[0]
            targets = targets + [a for a in actors if a.attrs.get("kind") not in AIR_KINDS]
    if actor1 is None:
        actor1 = _demonym_agent(doc, anchor, sentence)
    rest = [a for a in actors if a is not actor1 and a.attrs.get("kb_id") != (actor1.attrs.get("kb_id") if actor1 else None)]
    tgt = [a for a in targets if a in rest]
    if tgt:
        actor2 = tgt[0]
    elif rest and hap.family in ("violent", "detention") and hap.type != "arrest":
        actor2 = rest[0]
    taken = {x.attrs.get("kb_id") for x in (actor1, actor2) if x is not None}
    assoc = [a for a in rest + supporters if a.attrs.get("kb_id") not in taken]
    if hap.family == "demonstration" and (actor1 is None or actor1.attrs.get("inter") == 7):
        from ..kb.entities import actor_span, load_kb

        protesters = load_kb().actors.by_id.get("PROTESTERS")
        if protesters is not None:
            actor1 = actor_span(protesters, anchor.start, anchor.end, doc.text)
    return _as_force(actor1, hap.family), _as_force(actor2, hap.family), assoc


def _demonym_agent(doc: _Index, anchor: TriggerMatch, clause: Sentence) -> Span | None:
    """A nationality adjective names the force: "Israeli air strikes" (before an English
    trigger), "طائرات روسية" / "طائرة مسيرة تركية" (after a weapon or force noun)."""
    from ..kb.entities import actor_span, demonyms, load_kb

    if doc.language == "en":
        candidates = doc.words_before(anchor.start, 2)[::-1]
    else:
        lo, hi = _token_range(doc, clause.start, clause.end)
        toks = doc.tokens[lo:hi]
        candidates = [t for i, t in enumerate(toks) if i and (
            {f for f, _s, _e in toks[i - 1].variants} & FORCE_NOUNS
            or i > 1 and {f for f, _s, _e in toks[i - 2].variants} & FORCE_NOUNS)]
    for tok in candidates:
        iso2 = demonyms().get(tok.norm) or next((demonyms()[f] for f, _s, _e in tok.variants if f in demonyms()), None)
        if iso2:
            force = load_kb().actors.for_country_kind(iso2, "state_military")
            return actor_span(force, tok.start, tok.end, doc.text) if force else None
    return None


def _owned_by(doc: _Index, actor: Span) -> str | None:
    """An actor written with the possessive lam: right after the trigger it is the agent
    ("هجوم لتنظيم الدولة"); after another noun it owns the target ("سيارة لحزب العمال")."""
    token_i = bisect_right(doc.token_ends, actor.start)
    if token_i >= len(doc.tokens):
        return None
    tok = doc.tokens[token_i]
    if not (tok.start < actor.start and doc.text[actor.start - 1:actor.start] == "ل") or token_i == 0:
        return None
    prev = doc.tokens[token_i - 1]
    is_trigger = bool({f for f, _s, _e in prev.variants} & _trigger_words())
    return "agent" if is_trigger else "target"


@lru_cache(maxsize=1)
def _trigger_words() -> frozenset[str]:
    matcher, _ = load_triggers()
    return frozenset(key for key in matcher.keys() if " " not in key)


def _specific_members(doc: _Index, actors: list[Span]) -> list[Span]:
    """"مسلحون من حركة الشباب": a generic group followed by its named organisation is that organisation."""
    out = []
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if (a.attrs.get("kind") == "generic" and nxt is not None and nxt.attrs.get("kind") != "generic"
                and nxt.start - a.end <= 12 and _prev_keys(doc, nxt.start, 2) & MEMBER_CUES):
            continue
        out.append(a)
    return out


def _as_force(span: Span | None, family: str) -> Span | None:
    """A government named as the agent or target of violence stands for its armed forces."""
    if span is None or span.attrs.get("kind") != "government" or family not in ("violent", "remote"):
        return span
    from ..kb.entities import actor_span, load_kb

    force = load_kb().actors.for_country_kind(span.attrs.get("country"), "state_military")
    return actor_span(force, span.start, span.end, span.text) if force else span


def _is_victim(doc: Document, actor: Span) -> bool:
    """"مقتل 4 جنود" / "إصابة مدنيين": an actor counted as casualties."""
    before = doc.words_before(actor.start, 2)
    if not before:
        return False
    if before[-1].kind == "number" or _spans(doc, "NUMBER", actor.start - 40, actor.start)[-1:] and (
            actor.start - _spans(doc, "NUMBER", actor.start - 40, actor.start)[-1].end <= 2):
        return True
    if {f for t in before for f, _s, _e in t.variants} & VICTIM_CUES:
        return True
    # "مقتل 9 عناصر من التنظيم": members counted, then their organisation.
    wider = doc.words_before(actor.start, 5)
    return bool(wider) and wider[-1].norm in ("من", "of") and (
        any(t.kind == "number" for t in wider)
        or bool({f for t in wider for f, _s, _e in t.variants} & VICTIM_CUES))


def _best_location(doc: Document, spans: Iterable[Span]) -> Span | None:
    # "قرب الحدود مع مالي": a neighbour named as a landmark is not where it happened.
    spans = [s for s in spans if not _prev_keys(doc, s.start, 2) & BORDER_CUES]
    if not spans:
        return None
    cued = [s for s in spans if _prev_keys(doc, s.start, 2) & LOCATION_CUES]
    pool = cued or spans
    return min(pool, key=lambda s: (s.attrs.get("geo_precision") or 4, s.start))


def _localities(doc: Document, sentence: Sentence) -> list[Span]:
    locs = _spans(doc, "LOC", sentence.start, sentence.end)
    seen, out = set(), []
    for s in locs:
        if s.attrs.get("geo_precision") == 1 and s.attrs.get("kb_id") not in seen:
            seen.add(s.attrs.get("kb_id"))
            out.append(s)
    return out


def _context_location(doc: Document, sentence: Sentence) -> Span | None:
    """The location of an event whose sentence names none: the closest earlier place in the
    paragraph, else the title's place."""
    para_start = doc.text.rfind("\n", 0, sentence.start) + 1
    earlier = _spans(doc, "LOC", para_start, sentence.start)
    if earlier:
        return _best_location(doc, earlier[-2:])
    first_line_end = doc.text.find("\n")
    if first_line_end > 0:
        return _best_location(doc, _spans(doc, "LOC", 0, first_line_end))
    return None


def _date(doc: Document, sentence: Sentence) -> tuple[Span | None, bool]:
    """The date span for the sentence and whether the sentence is about history."""
    dates = [d for d in _spans(doc, "DATE", sentence.start, sentence.end) if d.attrs.get("kind") not in ("time",)]
    history = any(d.attrs.get("history") or d.attrs.get("marker") == "since" for d in dates)
    current = [d for d in dates if not d.attrs.get("history") and d.attrs.get("kind") != "year"]
    if current:
        return current[0], history
    earlier = [d for d in _spans(doc, "DATE", 0, sentence.start)
               if d.attrs.get("kind") not in ("time", "year") and not d.attrs.get("history")]
    return (earlier[-1] if earlier else None), history


def _counts(doc: Document, sentence: Sentence) -> dict[str, int | None]:
    from .numbers import find_casualties

    counts: dict[str, int | None] = {"fatalities": None, "injured": None, "arrested": None}
    field_of = {"killed": "fatalities", "injured": "injured", "arrested": "arrested", "abducted": "arrested"}
    for c in find_casualties(doc.text, sentence.start, sentence.end):
        key = field_of.get(c.kind)
        if key is None or c.value is None or getattr(c, "subset", False):
            continue  # "بينهم طفلان" counts people already counted
        # Conservative, as ACLED: the lowest specific figure.
        counts[key] = c.value if counts[key] is None else min(counts[key], c.value)
    return counts


def _source(doc: Document, sentence: Sentence) -> Span | None:
    sources = doc.by_label.get("SOURCE", [])
    inside = [s for s in sources if sentence.start <= s.start < sentence.end]
    if inside:
        return inside[0]
    para_start = doc.text.rfind("\n\n", 0, sentence.start) + 1
    before = [s for s in sources if para_start <= s.start < sentence.start]
    if before:
        return before[-1]
    return sources[0] if sources else None


def _event_id(doc: Document, start: int, etype: str, loc: Span | None) -> str:
    key = f"{doc.id}|{start}|{etype}|{loc.attrs.get('kb_id') if loc else ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _spans_words(doc: _Index, sentence: Sentence) -> set[str]:
    lo, hi = _token_range(doc, sentence.start, sentence.end)
    return {t.norm for t in doc.tokens[lo:hi]}


def _is_headline(doc: _Index, sentence: Sentence) -> bool:
    """A short line of its own without final punctuation: a headline or sub-headline."""
    text = doc.text
    whole_line = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
        sentence.end == len(text) or text[sentence.end:sentence.end + 1] == "\n")
    return whole_line and not sentence.text.rstrip().endswith((".", "!", "?", "؟", "…")) and len(sentence.text.split()) <= 16


def _is_retelling(doc: _Index, sentence: Sentence, hap: _Happening) -> bool:
    """A trigger inside a quotation, or in a sentence that opens with a speech verb ("وقال المصدر إن ...")."""
    if any(q.get("kind") == "direct" and q["start"] <= hap.anchor.start < q["end"] for q in doc.quotes):
        return True  # told inside a quotation
    lo, hi = _token_range(doc, sentence.start, hap.anchor.start)
    words = [t for t in doc.tokens[lo:hi] if t.kind != "punct"][:3]
    return any({f for f, _s, _e in t.variants} & SPEECH_OPENERS for t in words)


def _is_definite(doc: Document, trig: TriggerMatch) -> bool:
    """"القصف" / "والهجوم": a definite trigger noun usually refers back to a happening already told."""
    surface = doc.tokens[trig.first_token].text
    return any(surface.startswith(p) for p in ("ال", "وال", "فال", "بال", "لل", "the "))


def _compatible_location(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return True
    if a.get("name") == b.get("name") or 3 in (a.get("geo_precision"), b.get("geo_precision")) and (
            a.get("iso2") == b.get("iso2")) and None in (a.get("admin1"), b.get("admin1")):
        return True
    # One side names the province the other's town is in.
    return a.get("admin1") is not None and a.get("admin1") == b.get("admin1") and (
        a.get("geo_precision") == 3 or b.get("geo_precision") == 3)


def _same_country(a: dict | None, b: dict | None) -> bool:
    return a is None or b is None or a.get("iso2") == b.get("iso2")


def _compatible_actor(a: dict | None, b: dict | None) -> bool:
    return a is None or b is None or a.get("id") == b.get("id")


def _same_happening(earlier: dict, later: dict) -> bool:
    """Whether `later` restates or elaborates `earlier` rather than reporting a new happening."""
    if earlier["evidence"]["start"] == later["evidence"]["start"] and not later["_weak"]:
        return False  # two clauses of one sentence ("..., فيما ...") tell two happenings
    if later["_weak"]:
        return True
    if (later["_retold"] and not later["_another"] and family_of(earlier["type"]) == family_of(later["type"])
            and _same_country(earlier["location"], later["location"])):
        return True  # a source retelling the happening, whoever it names
    if family_of(earlier["type"]) != family_of(later["type"]):
        return False
    if not (_compatible_location(earlier["location"], later["location"])
            and _compatible_actor(earlier["actor1"], later["actor1"])):
        return False
    # A definite noun ("القصف", "the attack") refers back; a sentence adding no new place or
    # agent elaborates.  Otherwise a new sentence with its own trigger is a new happening.
    if later["_another"] or None not in (earlier["date"], later["date"]) and earlier["date"] != later["date"]:
        return False
    return True


def _merge_into(earlier: dict, later: dict) -> None:
    loc_e, loc_l = earlier["location"], later["location"]
    if loc_l and (loc_e is None or (loc_l.get("geo_precision") or 3) < (loc_e.get("geo_precision") or 3)):
        earlier["location"] = loc_l  # ACLED codes the finest location reported
    for key in ("actor1", "actor2", "location", "date", "date_end", "time_precision", "date_text", "fatalities",
                "injured", "arrested", "source", "source_text"):
        if earlier.get(key) is None and later.get(key) is not None:
            earlier[key] = later[key]
    a1, a2 = earlier["actor1"], earlier["actor2"]
    if a1 is not None and a2 is not None and a1.get("id") == a2.get("id"):
        earlier["actor2"] = None  # one party cannot be both sides
    types = event_types()
    if earlier["_weak"] and not later["_weak"] or (family_of(earlier["type"]) == family_of(later["type"])
                                                      and earlier["type"] == "attack"):
        earlier["type"] = later["type"]
        earlier.update(describe(later["type"]))


def _merge_restatements(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for ev in events:
        target = None
        for earlier in reversed(kept):
            if ev["_weak"] or family_of(earlier["type"]) == family_of(ev["type"]):
                target = earlier if _same_happening(earlier, ev) else None
                break
        if target is not None and not ev["_split"]:
            _merge_into(target, ev)
            target["_merged"] = True
        elif not ev["_weak"] or any(ev[k] is not None for k in ("fatalities", "injured", "arrested")):
            # A weak word alone ("السيطرة على", "تحرير") reports nothing; a toll does.
            kept.append(ev)
    for ev in kept:
        flags = [key[1:] for key in ("_weak", "_definite", "_split", "_retold", "_another") if ev.pop(key)]
        ev["signals"] = flags + (["merged"] if ev.pop("_merged", False) else [])
        ev["relevance"] = _relevance(ev)
        ev["confidence"] = confidence.score({**ev, "_family": family_of(ev["type"])})
    return kept


def _relevance(ev: dict[str, Any]) -> float | None:
    """The learned sentence scorer's probability that the evidence sentence reports an event of
    the record's PLOVER type (None for types it was not trained on)."""
    from ..learn.scorer import default_model

    model = default_model()
    if ev["plover_type"] not in model.thresholds:
        return None
    return round(model.scores(ev["evidence"]["text"])[ev["plover_type"]], 3)


def _clauses(doc: _Index, sentence: Sentence) -> list[Sentence]:
    """Split a sentence where a conjunction joins two reports ("..., فيما شن الجيش غارات")."""
    lo, hi = _token_range(doc, sentence.start, sentence.end)
    cuts = [doc.tokens[i].start for i in range(lo + 1, hi)
            if {f for f, _s, _e in doc.tokens[i].variants} & CLAUSE_JOINERS]
    bounds = [sentence.start, *cuts, sentence.end]
    return [Sentence(a, b, doc.text[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def code_events(document: Document) -> list[dict[str, Any]]:
    doc = _Index(document)
    triggers = find_triggers(doc.tokens, doc.text)
    events: list[dict[str, Any]] = []
    title_end = doc.text.find("\n") if doc.title and doc.text.startswith(doc.title[:20]) else -1
    for sentence in doc.sentences:
        sent_triggers = [t for t in triggers if sentence.start <= t.start < sentence.end]
        if not sent_triggers:
            continue
        date_span, history = _date(doc, sentence)
        headline = 0 <= sentence.start < title_end or _is_headline(doc, sentence)
        for clause in _clauses(doc, sentence):
            clause_triggers = [t for t in sent_triggers if clause.start <= t.start < clause.end]
            if clause_triggers:
                events.extend(_clause_events(doc, sentence, clause, clause_triggers, date_span, history, headline))
    return _merge_restatements(_drop_title_duplicates(events))


def _clause_events(doc: _Index, sentence: Sentence, clause: Sentence, triggers: list[TriggerMatch],
                   date_span: Span | None, history: bool, headline: bool) -> list[dict[str, Any]]:
    events = []
    counts = _counts(doc, sentence)
    for hap in _happenings(doc, clause, triggers):
        status, background = _status(doc, clause, hap)
        if status is None:
            continue
        background = background or history
        actor1, actor2, assoc = _assign_actors(doc, clause, hap, claimed=status == "claimed")
        if hap.type == "territorial_change" and not _spans(doc, "LOC", clause.start, clause.end):
            continue  # "استولى المسلحون على أسلحتهم": control changes hands over a place
        if actor1 is not None and actor1.attrs.get("inter") == 7 and hap.family != "demonstration":
            # Civilians are the victims of violence, never its agent.
            actor1, actor2 = actor2 if actor2 is not None and actor2.attrs.get("inter") != 7 else None, actor1
        weak = hap.anchor.definition.strength == "weak"
        localities = _localities(doc, clause) if hap.family in SPLIT_BY_LOCALITY_FAMILIES and not weak else []
        locations = localities if len(localities) > 1 else [
            _best_location(doc, _spans(doc, "LOC", clause.start, clause.end))
            or _best_location(doc, _spans(doc, "LOC", sentence.start, sentence.end))
            or _context_location(doc, sentence)
        ]
        source = _source(doc, sentence)
        for loc in locations:
            ev = {
                "id": _event_id(doc, clause.start, hap.type, loc),
                "type": hap.type,
                **describe(hap.type),
                "actor1": _actor_dict(actor1),
                "actor2": _actor_dict(actor2),
                "assoc_actors": [_actor_dict(a) for a in assoc],
                "location": _location_dict(loc),
                "date": date_span.attrs.get("date") if date_span else None,
                "date_end": date_span.attrs.get("date_end") if date_span else None,
                "time_precision": date_span.attrs.get("precision") if date_span and date_span.attrs.get("date") else None,
                "date_text": date_span.text if date_span else None,
                **(counts if len(locations) == 1 else {k: None for k in counts}),
                "source": (source.attrs.get("name") or source.text) if source else None,
                "source_text": source.text if source else None,
                "evidence": {"text": sentence.text, "start": sentence.start, "end": sentence.end},
                "trigger": {"text": doc.text[hap.anchor.start:hap.anchor.end], "start": hap.anchor.start,
                            "end": hap.anchor.end},
                "confidence": None,  # set once restatements are merged (confidence.score)
                "status": status,
                # Recalled from before the reported news ("منذ عام 2014"): kept, never a new event.
                "background": background,
                "in_title": headline,
                "_weak": weak,
                "_definite": _is_definite(doc, hap.anchor),
                "_split": len(locations) > 1,
                "_retold": _is_retelling(doc, sentence, hap),
                "_another": bool(_spans_words(doc, clause) & ANOTHER_CUES),
            }
            if hap.type == "attack" and actor2 is not None and actor2.attrs.get("inter") == 7:
                ev["acled_event_type"] = "Violence against civilians"
                ev["acled_sub_event_type"] = "Attack"
            if background and not (ev["location"] and (ev["date_text"] or ev["actor1"])):
                continue  # a recalled event counts only when concrete: where, and when or who
            events.append(ev)
    return events


def _drop_title_duplicates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A headline restates the lead: drop a title event when the body has one of its family."""
    body_families = {family_of(e["type"]) for e in events if not e["in_title"]}
    out = [e for e in events if not (e["in_title"] and family_of(e["type"]) in body_families)]
    for e in out:
        e.pop("in_title")
    return out
