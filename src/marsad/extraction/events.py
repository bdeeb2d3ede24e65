"""Event coding: triggers + entities + dates + counts + sources → event records with evidence.

Works sentence by sentence, and within a sentence clause by clause ("..., فيما ..." joins two
reports).  Triggers of one type family in a clause describe one happening (one event), typed by
the most specific trigger; a strike on several named localities gives one event per locality
(ACLED codes each location separately).  Arguments come from `arguments`, and restatements
across sentences are merged by `restatements`.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from operator import attrgetter
from typing import Any

from ..document import Document, Sentence, Span
from ..kb.entities import actor_span, load_kb
from ..kb.matcher import Matcher, name_key
from ..text.normalize import normalize
from ..learn.features import KnownMatches, forget_tokens, know_tokens
from ..learn.scorer import default_model
from .arguments import (
    DISPERSAL_WORDS,
    EXCHANGE_WORDS,
    DRONE_WORDS,
    PLACE_BACK_REFERENCES,
    actor_record,
    assign_actors,
    best_location,
    context_location,
    counts_by_place,
    counts_for,
    date_for,
    day_of_saying,
    is_reference_point,
    localities,
    location_record,
    loser_by_default,
    source_for_sentence,
)
from .docindex import DocIndex, forms_of, prev_keys, spans_in, token_range
from .numbers import load_casualty_cues
from .restatements import VIOLENCE_FAMILIES, agent_run, drop_title_duplicates, merge_restatements, sentence_score
from .triggers import (
    Happening,
    TriggerDef,
    TriggerMatch,
    describe,
    event_types,
    family_of,
    find_triggers,
    load_status_cues,
    load_coder_triggers,
    load_split_triggers,
    load_triggers,
    refined_type,
)


_START = attrgetter("start")
# ACLED interaction codes of state forces and external forces (which police protests abroad).
STATE_FORCES_INTERS = (1, 8)
# "شن قصفا آخر", "another strike": the sentence tells a further happening of the same kind.
ANOTHER_CUES = frozenset(name_key(w) for w in ("آخر", "أخرى", "اخري", "another", "second", "separate", "منفصل"))
# "وكانت الطائرات قد قصفت": the pluperfect's auxiliary (opening the clause) and particle.
PAST_AUXILIARIES = frozenset(name_key(w) for w in ("كان", "كانت", "وكان", "وكانت", "كانوا", "وكانوا"))
ALREADY = name_key("قد")
# "توصل الطرفان إلى اتفاق": the two sides the story told fighting.
BOTH_SIDES = frozenset(name_key(w) for w in ("الطرفين", "الطرفان", "للطرفين", "والطرفين", "الجانبين", "الجانبان"))

# Football has strikers, shots and "missiles", never a suicide bomber ("المهاجم فجر نفسه").
NEVER_SPORT = frozenset({"suicide_bomb", "remote_explosive_ied"})
# The future prefix fused to an imperfect trigger verb ("سيقصف", "وستهاجم").
FUTURE_PREFIXES = frozenset({"س", "وس", "فس"})
# Conjunctions that join two reports in one sentence.
CLAUSE_JOINERS = frozenset(name_key(w) for w in ("فيما", "بينما", "لكن", "ولكن", "while", "whereas"))
# "..., في حين قتل مسلح": a two-word joiner, cut at its first word.
JOINER_PAIRS = {name_key("حين"): name_key("في")}
_JOINER_SECONDS = frozenset(JOINER_PAIRS)
# "..., as Hezbollah fired rockets at ...": "as" after a comma, before a named subject (not
# "as well as", "as part of").
_AS = frozenset({"as"})
# "..., hours after US strikes killed 31", "بعد ساعات من غارات أسفرت عن ...": an earlier
# happening told in its own clause, with its own toll.
AFTER_WORDS = frozenset(name_key(w) for w in ("after", "بعد"))
TIME_UNITS = frozenset(name_key(w) for w in (
    "hours", "hour", "days", "day", "minutes", "weeks", "months", "years", "moments", "shortly", "ساعات", "ساعة",
    "ساعتين", "أيام", "يوم", "يومين", "دقائق", "أسابيع", "أسبوع"))

# Speech verbs that open reported speech: a sentence that starts with one retells what a
# source said, usually about a happening already reported.
SPEECH_OPENERS = frozenset(name_key(w) for w in (
    "قال", "قالت", "أضاف", "أضافت", "أوضح", "أوضحت", "أشار", "أشارت", "ذكر", "ذكرت", "أفاد", "أفادت", "أكد", "أكدت",
    "تابع", "مضى", "كشف", "كشفت", "نقل", "نقلت",
))

# Families and types whose events are split when a sentence names several localities: strikes,
# and control taken of several towns ("سيطرت على مطارات الخرطوم ومروي والأبيض").
SPLIT_BY_LOCALITY_FAMILIES = frozenset({"remote", "demonstration"})
SPLIT_BY_LOCALITY_TYPES = frozenset({"territorial_change"})
# English "captured" read as a capture of people (this very object: the arrest test asks for it).
TAKEN_PEOPLE = TriggerDef("abduction", "strong", ())


def _happenings(doc: DocIndex, sentence: Sentence, triggers: list[TriggerMatch],
                scored: Sentence | None = None) -> list[Happening]:
    """The happening the clause `sentence` tells; weak words are confirmed by the sentence scorer
    on `scored`, the whole sentence (what it was trained on), not on a clause of it."""
    # Words inside a quotation are what someone said, not the report: they never outrank the report.
    quoted = doc.direct_quotes
    strong = [t for t in triggers if t.definition.strength == "strong"] + [
        _confirm(t) for t in triggers if t.definition.strength == "weak" and _announced_gain(doc, t)]
    if not strong:
        arabic = [t for t in triggers if not _is_english(doc, t)]
        strong = (_confirmed_weak(scored or sentence, arabic) + _confirmed_weak_english(doc, sentence, triggers)
                  or _dispersed_crowd(doc, sentence, triggers) or _marching_crowd(doc, triggers))
    told = [t for t in strong if not any(a <= t.start < b for a, b in quoted)]
    backing = load_triggers()[1]["backing"]
    if len(told) > 1 and doc.tokens_with(backing):
        told = [t for t in told if not doc.prev_keys(t.start, 3) & backing] or told
    # ("قال الجيش إنه استهدف "عنصرين كانا يخططان لتنفيذ هجوم"": the report's own word of the same
    # kind, weak as it is, tells the happening; the attack in the quotation is what someone said)
    unquoted = [t for t in triggers if not any(a <= t.start < b for a, b in quoted)
                and any(family_of(t.definition.type) == family_of(q.definition.type) for q in strong)]
    used = told or unquoted or strong or triggers
    if not told and all(_is_definite(doc, t) for t in used):
        # ('"... في المرحلة الأخيرة من الهجوم"': a definite word said in a quotation refers back to
        # a happening told; it adds to one, never makes one)
        used = [_weaken(t) for t in used]
    by_family: dict[str, Happening] = {}
    types = event_types()
    for trig in used:
        # The clause's words matter only to a trigger with refine rules (few have any).
        keys = doc.forms_in(sentence.start, sentence.end) if trig.definition.refine else frozenset()
        etype = refined_type(trig.definition, keys)
        fam = family_of(etype)
        hap = by_family.get(fam)
        if hap is None:
            by_family[fam] = Happening(fam, etype, [trig])
        else:
            hap.triggers.append(trig)
            if types[etype].priority > types[hap.type].priority:
                hap.type = etype
    # "مسيرة مفخخة": an explosive-laden drone is a drone strike, not a roadside bomb.
    if "remote" in by_family and by_family["remote"].type == "remote_explosive_ied" and any(
            doc.prev_keys(t.start, 1) & DRONE_WORDS for t in by_family["remote"].triggers):
        by_family["remote"].type = "airstrike"
    # A strike described with a generic "attack" or "massacre" word is one happening, not two.
    if "remote" in by_family and "violent" in by_family and by_family["violent"].type in (
            "attack", "violence_against_civilians"):
        del by_family["violent"]
    # One happening per sentence: news sentences report one event with its circumstances
    # ("clashes ... accompanied by shelling"); the first-told family is the sentence's event.
    return sorted(by_family.values(), key=lambda h: h.anchor.start)[:1]


def _announced_gain(doc: DocIndex, t: TriggerMatch) -> bool:
    """"أعلنت هيئة تحرير الشام سيطرتها على سراقب": a change of control a party announces right
    after its name is its own gain, told as such (not the clashes that led to it)."""
    if t.definition.type != "territorial_change":
        return False
    named = doc.spans_in("ACTOR", max(0, t.start - 60), t.start)
    return bool(named) and not doc.text[named[-1].end:t.start].strip() and \
        bool(doc.prev_keys(named[-1].start, 1) & load_triggers()[1]["announcement"])


def _weaken(t: TriggerMatch) -> TriggerMatch:
    return TriggerMatch(t.start, t.end, t.first_token, t.last_token, TriggerDef(t.definition.type, "weak", t.definition.refine))


def _confirm(t: TriggerMatch) -> TriggerMatch:
    """A weak trigger that something else confirms: it makes an event."""
    return TriggerMatch(t.start, t.end, t.first_token, t.last_token,
                        TriggerDef(t.definition.type, "confirmed", t.definition.refine))


def _confirmed_weak(sentence: Sentence, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """Weak words ("المتظاهرين", "مقتل") make an event when the learned sentence scorer says the
    sentence reports one of their PLOVER type (at the model's own threshold)."""
    thresholds = default_model().thresholds
    confirmed = []
    for t in triggers:
        plover = describe(t.definition.type)["plover_type"]
        if plover in thresholds and sentence_score(sentence.text, plover) >= thresholds[plover]:
            confirmed.append(_confirm(t))
    return confirmed


def _dispersed_crowd(doc: DocIndex, sentence: Sentence, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """"فرقت قوات الأمن بالرصاص الحي محتجين قطعوا طريقا": protesters that forces disperse were
    protesting, whatever the sentence scorer says (it reads no dispersal words)."""
    if not doc.forms_in(sentence.start, sentence.end) & DISPERSAL_WORDS:
        return []
    return [_confirm(t) for t in triggers if family_of(t.definition.type) == "demonstration"][:1]


# A crowd of protesters gathering or marching, as the verb before its subject ("وجاب المتظاهرون
# شوارع المدينة") or after it in the plural ("المحتجون احتشدوا").  (Not what they chant, carry or
# block: a detail of a protest already told, not news of one.)
CROWD_VERBS_BEFORE = frozenset(name_key(w) for w in (
    "جاب", "يجوب", "تجمع", "يتجمع", "احتشد", "يحتشد", "خرج", "يخرج", "طاف", "يطوف", "توافد", "يتوافد",
    "اعتصم", "يعتصم", "زحف", "تدفق", "نزل", "سار", "يسير"))
CROWD_VERBS_AFTER = frozenset(name_key(w) for w in (
    "جابوا", "يجوبون", "تجمعوا", "يتجمعون", "احتشدوا", "يحتشدون", "خرجوا", "طافوا", "توافدوا", "اعتصموا",
    "يعتصمون", "زحفوا", "نزلوا", "ساروا", "يسيرون"))
# Words that may stand between the verb and the crowd ("وتجمع أمس مئات المتظاهرين", "خرج نحو
# 300 من المحتجين"): the crowd's size and the day.
CROWD_FILLERS = frozenset(name_key(w) for w in (
    "مئات", "المئات", "آلاف", "الآلاف", "عشرات", "العشرات", "ألف", "الاف", "من", "أمس", "اليوم", "نحو",
    "قرابة", "حوالي", "زهاء"))


def _marching_crowd(doc: DocIndex, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """"وجاب المتظاهرون شوارع غزة", "المحتجون احتشدوا": protesters gathering or marching protest,
    whatever the sentence scorer says (a word for protesters alone may only name the victims
    of a shooting)."""
    for t in triggers:
        if family_of(t.definition.type) != "demonstration" or t.last_token - t.first_token != 1:
            continue
        k = t.first_token - 1
        while k >= t.first_token - 3 and k > 0 and (doc.token_forms[k] & CROWD_FILLERS or doc.tokens[k].text.isdigit()):
            k -= 1
        if k >= 0 and doc.token_forms[k] & CROWD_VERBS_BEFORE and not any(
                tok.kind == "punct" for tok in doc.tokens[k + 1:t.first_token]):
            return [_confirm(t)]
        # (one word may stand between: "المتظاهرون الغاضبون احتشدوا")
        for j in range(t.last_token, min(t.last_token + 2, len(doc.tokens))):
            if doc.tokens[j].kind == "punct":
                break
            if doc.token_forms[j] & CROWD_VERBS_AFTER:
                return [_confirm(t)]
    return []


def _is_english(doc: DocIndex, trigger: TriggerMatch) -> bool:
    return doc.text[trigger.start].isascii()


def _confirmed_weak_english(doc: DocIndex, sentence: Sentence, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """The sentence scorer learnt Arabic only: an English weak word makes an event when an armed
    party is its subject, right before it ("Gunmen killed ..."; not "soldiers were killed", a
    toll retold), or, for a demonstration word, when the sentence names protesters, rioters or
    the forces facing them."""
    english = [t for t in triggers if _is_english(doc, t)]
    if not english:
        return []
    actors = spans_in(doc, "ACTOR", sentence.start, sentence.end)
    inters = {a.attrs.get("inter") for a in actors}
    crowd_or_force = bool(inters & {1, 2, 3, 4, 5, 6})
    subject_ends = {a.end for a in actors if a.attrs.get("inter") in (1, 2, 3, 4)}
    return [_confirm(t) for t in english
            if (crowd_or_force if family_of(t.definition.type) == "demonstration"
                else any(doc.text[e:t.start] == " " for e in subject_ends))]


def _status(doc: DocIndex, sentence: Sentence, hap: Happening) -> tuple[str | None, bool]:
    """(status, background): status None when the sentence reports no happening at all
    (conditional, commemoration, question); background when it recalls an earlier one."""
    background = False
    lo, hi = token_range(doc, sentence.start, sentence.end)
    anchor_tok = hap.anchor.first_token
    status = "reported"
    base, cues = doc.matches(load_status_cues(), lo, hi)
    for cue in cues:
        definition = cue.payloads[0]
        if hap.family in definition.spares:
            continue
        cue_tok = base + cue.first_token
        before = cue_tok < anchor_tok
        gap_after = cue_tok - hap.anchor.last_token
        near = (definition.window == 0 and not definition.after) or (
            before and anchor_tok - cue_tok <= definition.window) or 0 <= gap_after < definition.after
        if not near:
            continue
        if definition.drop and definition.kind == "history":
            background = True
        elif definition.drop:
            return None, False
        elif not (status == "denied" and definition.kind == "claimed"):
            # ("نفت الحركة مسؤوليتها عن الهجوم": a claim denied stays denied)
            status = definition.kind
    if doc.text[sentence.start:sentence.end].rstrip().endswith(("?", "؟")):
        return None, False
    cue_sets = load_triggers()[1]
    if status == "planned" and doc.forms_in(sentence.start, sentence.end) & cue_sets["survived"]:
        status = "reported"  # "نجا المحافظ من محاولة اغتيال": an attempt someone survived was made
    elif status == "reported" and (doc.text[doc.tokens[anchor_tok].start:hap.anchor.start] in FUTURE_PREFIXES
                                   or bool(doc.tokens_with(cue_sets["future_verbs"])) and any(
                                       doc.token_forms[i] & cue_sets["future_verbs"]
                                       for i in range(max(lo, anchor_tok - 5), anchor_tok))):
        # "قال الجيش إنه سيقصف مواقع الحزب": the verb in the future tells what is to come, a
        # threat when a warning is told ("حذر الجيش من أنه سيقصف").
        warned = doc.forms_in(sentence.start, sentence.end) & cue_sets["warning"]
        status = "threatened" if warned else "planned"
    return status, background


def _event_id(doc: Document, start: int, etype: str, loc: Span | None) -> str:
    key = f"{doc.id}|{start}|{etype}|{loc.attrs.get('kb_id') if loc else ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _spans_words(doc: DocIndex, sentence: Sentence) -> set[str]:
    lo, hi = token_range(doc, sentence.start, sentence.end)
    return {t.norm for t in doc.tokens[lo:hi]}


def _is_headline(doc: DocIndex, sentence: Sentence) -> bool:
    """A short line of its own without final punctuation: a headline or sub-headline."""
    text = doc.text
    whole_line = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
        sentence.end == len(text) or text[sentence.end:sentence.end + 1] == "\n")
    return whole_line and not sentence.text.rstrip().endswith((".", "!", "?", "؟", "…")) and len(sentence.text.split()) <= 16


def _is_retelling(doc: DocIndex, sentence: Sentence, hap: Happening) -> bool:
    """A trigger inside a quotation, or in a sentence that opens with a speech verb ("وقال المصدر إن ...")."""
    if any(a <= hap.anchor.start < b for a, b in doc.direct_quotes):
        return True  # told inside a quotation
    lo, hi = token_range(doc, sentence.start, hap.anchor.start)
    words = [t for t in doc.tokens[lo:hi] if t.kind != "punct"][:3]
    return any(forms_of(t) & SPEECH_OPENERS for t in words)


def _is_definite(doc: Document, trig: TriggerMatch) -> bool:
    """"القصف" / "والهجوم": a definite trigger noun usually refers back to a happening already told."""
    surface = doc.tokens[trig.first_token].text
    return any(surface.startswith(p) for p in ("ال", "وال", "فال", "بال", "لل", "the "))


def _clauses(doc: DocIndex, sentence: Sentence) -> list[Sentence]:
    """Split a sentence where a conjunction joins two reports ("..., فيما شن الجيش غارات")."""
    lo, hi = token_range(doc, sentence.start, sentence.end)
    joiners = doc.tokens_with(CLAUSE_JOINERS)
    cuts = [doc.tokens[i].start for i in joiners[bisect_right(joiners, lo):bisect_left(joiners, hi)]]
    seconds = doc.tokens_with(_JOINER_SECONDS)
    cuts += [doc.tokens[i - 1].start for i in seconds[bisect_right(seconds, lo + 1):bisect_left(seconds, hi)]
             if doc.tokens[i].norm in JOINER_PAIRS and JOINER_PAIRS[doc.tokens[i].norm] in doc.token_forms[i - 1]]
    tokens = doc.tokens
    ases = doc.tokens_with(_AS)
    cuts += [tokens[i - 1].start for i in ases[bisect_right(ases, lo + 1):bisect_left(ases, hi - 1)]
             if tokens[i - 1].text == "," and tokens[i + 1].text[:1].isupper()]
    afters = doc.tokens_with(AFTER_WORDS)
    cuts += [c for i in afters[bisect_right(afters, lo + 1):bisect_left(afters, hi - 1)]
             if (c := _earlier_happening_at(doc, i)) is not None]
    cuts += [c for c in _motive_starts(doc, sentence) if c > sentence.start]
    bounds = [sentence.start, *sorted(set(cuts)), sentence.end]
    return [Sentence(a, b, doc.text[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a]


def _earlier_happening_at(doc: DocIndex, i: int) -> int | None:
    """Where a clause telling an earlier happening begins, for the after-word token i: at the
    time unit of "hours after", at "بعد" of "بعد ساعات من"; None if token i opens none."""
    tokens = doc.tokens
    if tokens[i].norm == "after":
        if i > 0 and forms_of(tokens[i - 1]) & TIME_UNITS:
            return tokens[i - 1].start
        # ("Israel said it struck Hezbollah targets after rockets were fired at the Galilee": the
        # rockets came first, a happening of their own)
        # (not "after weeks of fighting": a duration, no happening told apart)
        after = tokens[i + 1:i + 4]
        return tokens[i].start if after and not forms_of(after[0]) & TIME_UNITS and any(
            forms_of(t) & _english_trigger_words() for t in after) else None
    return tokens[i].start if i + 1 < len(tokens) and forms_of(tokens[i + 1]) & TIME_UNITS else None


@lru_cache(maxsize=1)
def _english_trigger_words() -> frozenset[str]:
    return frozenset(key for key in load_triggers()[0].keys() if " " not in key and key.isascii())


def _separate_happenings(doc: DocIndex, clauses: list[tuple[Sentence, list[TriggerMatch]]]) -> set[int]:
    """The starts of clauses that tell a happening none of the sentence's other clauses can be
    telling: of another kind, or at another place ("قتل ثلاثة في غارة على سرمدا، فيما اعتقلت
    قوات الأمن خمسة في درعا").  A clause told only with definite nouns ("فيما توزعت بقية
    الاعتقالات على ...") goes on about a happening already told, unless it gives its own toll
    ("خمسة من القتلى سقطوا في معرة النعمان، فيما قتل اثنان في كفرنبل")."""
    if sum(1 for _c, ts in clauses if ts) < 2:
        return set()
    told = [(c, {_kind_of(family_of(t.definition.type)) for t in ts},
             best_location(doc, spans_in(doc, "LOC", c.start, c.end)))
            for c, ts in clauses if ts and (not all(_is_definite(doc, t) for t in ts) or any(counts_for(doc, c).values()))]
    if len(told) < 2:
        return set()
    return {c.start for c, kinds, place in told
            if not any(kinds & other_kinds and not _apart(place, other_place)
                       for other, other_kinds, other_place in told if other is not c)}


def _kind_of(family: str) -> str:
    """Families that may tell one happening across two clauses share a kind: a strike and the
    killing it caused ("قصفت الطائرات البلدة، فيما قتل ثلاثة مدنيين")."""
    return "violence" if family in VIOLENCE_FAMILIES else family


def _apart(a: Span | None, b: Span | None) -> bool:
    """Two named places neither of which contains the other."""
    if a is None or b is None or a.attrs.get("kb_id") == b.attrs.get("kb_id"):
        return False
    return not (_contains(a, b) or _contains(b, a))


def _contains(outer: Span, inner: Span) -> bool:
    o, i = outer.attrs, inner.attrs
    if o.get("iso2") != i.get("iso2"):
        return False
    return o.get("feature") == "country" or o.get("feature") == "admin1" and o.get("admin1") == i.get("admin1") \
        or o.get("feature") == "admin2" and o.get("admin2") == i.get("admin2")


def _after_publication(doc: DocIndex, when: Span) -> bool:
    pub, day = doc.doc.publication_date, when.attrs.get("date")
    return pub is not None and day is not None and day > pub.isoformat()


def _tells_earlier_happening(doc: DocIndex, clause: Sentence) -> bool:
    k = bisect_left(doc.token_starts, clause.start)
    return any(_earlier_happening_at(doc, i) == clause.start for i in (k, k + 1)
               if i < len(doc.tokens) and doc.token_forms[i] & AFTER_WORDS) \
        or clause.start in _motive_starts(doc, clause)


def _motive_starts(doc: DocIndex, sentence: Sentence) -> set[int]:
    """Where a motive phrase opens ("وذلك ردا على هجوم أسفر عن مقتل جنديين"): what follows tells
    an earlier happening, with its own toll."""
    if not doc.forms_in(sentence.start, sentence.end) & _first_words("motive"):
        return set()
    base, found = doc.matches(_phrases("motive"), *token_range(doc, sentence.start, sentence.end))
    return {doc.tokens[base + m.first_token].start for m in found}


def code_events(document: Document) -> list[dict[str, Any]]:
    doc = DocIndex(document)
    try:
        return _code_events(doc)
    finally:
        forget_tokens()


def _code_events(doc: DocIndex) -> list[dict[str, Any]]:
    lexicon = find_triggers(doc.tokens, doc.text)
    taken = {i for t in lexicon for i in range(t.first_token, t.last_token)}
    coder, replaced = _coder_triggers(doc, taken, lexicon)
    split = _split_triggers(doc, taken, lexicon, replaced) + coder
    coded = [t for t in lexicon if id(t) not in replaced] if replaced else lexicon
    triggers = sorted(coded + split, key=_START) if split else coded
    trigger_starts = [t.start for t in triggers]  # ascending: the matcher's matches are in text order
    events: list[dict[str, Any]] = []
    title_end = doc.text.find("\n") if doc.title and doc.text.startswith(doc.title[:20]) else -1
    for sentence in doc.sentences:
        sent_triggers = triggers[bisect_left(trigger_starts, sentence.start):bisect_left(trigger_starts, sentence.end)]
        if not sent_triggers:
            continue
        # (the scorer is lent the lexicon's phrases it learnt, also those a coder phrase holds)
        _lend_tokens(doc, sentence, [t for t in lexicon if sentence.start <= t.start < sentence.end]
                     if replaced else _lexicon_only(sent_triggers, split))
        date_span, history = date_for(doc, sentence)
        headline = 0 <= sentence.start < title_end or _is_headline(doc, sentence)
        previous: list[dict[str, Any]] = []
        clauses = [(c, [t for t in sent_triggers if c.start <= t.start < c.end]) for c in _clauses(doc, sentence)]
        # A clause telling an earlier happening, or another happening elsewhere, has its own
        # toll; otherwise the clauses of a sentence share one ("قتل 14 ..., بينما قال مصدر إن
        # عدد القتلى 9": the lowest, 9).
        own = {c.start for c, _ in clauses[1:] if _tells_earlier_happening(doc, c)} | _separate_happenings(doc, clauses)
        for clause, clause_triggers in clauses:
            if clause_triggers:
                if (clause.start, clause.end) != (sentence.start, sentence.end):
                    _lend_tokens(doc, clause, _lexicon_only(clause_triggers, split))
                coded = _clause_events(doc, sentence, clause, clause_triggers, date_span, history, headline,
                                       clause if own else sentence, clause.start in own)
                _carry_clause_subject(doc, clause, previous, coded)
                events.extend(coded)
                previous = coded or previous
    _retaken_from_earlier_taker(doc, events)
    return _protest_interventions(_unclaimed_suicide_bombings(doc, merge_restatements(drop_title_duplicates(events))))


def _protest_interventions(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ACLED's protest sub-events, once restatements are merged: a force that met the protest
    (the event's second actor) intervened; protesters killed or hurt by it met excessive force."""
    for ev in events:
        if ev["type"] == "protest" and ev["actor2"] is not None and ev["actor2"].get("inter") in STATE_FORCES_INTERS \
                and ev["actor2"].get("id") not in _government_bodies():
            hurt = ev["fatalities"] or ev["injured"]
            ev["acled_sub_event_type"] = "Excessive force against protesters" if hurt else "Protest with intervention"
    return events


@lru_cache(maxsize=1)
def _government_bodies() -> frozenset[str]:
    """Ministries and offices (state actors of kind government): protested against, they did not
    intervene."""
    return frozenset(a.id for a in load_kb().actors.by_id.values() if a.kind == "government")


def _unclaimed_suicide_bombings(doc: DocIndex, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An unclaimed suicide bombing is coded to an unidentified armed group, as ACLED does --
    after the merge, where a retelling may have named the group (its confidence, computed
    there, does not count this agent)."""
    uag = load_kb().actors.by_id.get("UNIDENTIFIED-ARMED-GROUP")
    for ev in events:
        if ev["type"] == "suicide_bomb" and ev["actor1"] is None and uag is not None:
            trigger = ev["trigger"]
            ev["actor1"] = actor_record(actor_span(uag, trigger["start"], trigger["end"], doc.text))
    return events


def _split_triggers(doc: DocIndex, taken: set[int], lexicon: list[TriggerMatch],
                    replaced: set[int]) -> list[TriggerMatch]:
    """"أطلق مسلحون مجهولون النار على حاجز": a verb and its object that the subject splits
    (`split_triggers` of triggers.yaml), where no trigger phrase was found -- or only a weak word
    that is the object itself ("أطلق الجنود الرصاص الحي": the split trigger holds "رصاص", whose
    id goes to `replaced`)."""
    out = []
    tokens = doc.tokens
    for split in load_split_triggers():
        objects = set(_tokens_of(doc, split.objects))
        for i in _tokens_of(doc, split.verbs):
            j = next((k for k in range(i + 2, min(i + split.gap + 1, len(tokens))) if k in objects), None)
            if j is None or any(tokens[k].kind == "punct" for k in range(i, j)):
                continue
            held = [t for t in lexicon if i <= t.first_token <= j] if not taken.isdisjoint(range(i, j + 1)) else []
            if any(t.definition.strength != "weak" or t.first_token != j or t.last_token != j + 1 for t in held):
                continue
            replaced.update(map(id, held))
            out.append(TriggerMatch(tokens[i].start, tokens[j].end, i, j + 1, split.definition))
    return out


def _coder_triggers(doc: DocIndex, taken: set[int], lexicon: list[TriggerMatch]
                    ) -> tuple[list[TriggerMatch], set[int]]:
    """`coder_triggers` of triggers.yaml (forms the sentence scorer is not lent) where no
    trigger phrase was found (`taken`: the tokens of those found), or as a longer phrase that
    holds the ones found there ("طائراته استهدفت" over "استهدفت"); and the ids of those it holds."""
    out: list[TriggerMatch] = []
    replaced: set[int] = set()
    for t in find_triggers(doc.tokens, doc.text, load_coder_triggers()):
        if taken.isdisjoint(range(t.first_token, t.last_token)):
            out.append(t)
            continue
        overlapping = [x for x in lexicon if x.start < t.end and t.start < x.end]
        if all(t.start <= x.start and x.end <= t.end and x.end - x.start < t.end - t.start for x in overlapping):
            out.append(t)
            replaced.update(id(x) for x in overlapping)
    return out, replaced


@lru_cache(maxsize=1)
def _coder_words() -> frozenset[str]:
    cue_sets = load_triggers()[1]
    return frozenset().union(cue_sets["foiled"], cue_sets["calls_for"],
                             *(split.verbs | split.objects for split in load_split_triggers()))


def _tokens_of(doc: DocIndex, words: frozenset[str]) -> list[int]:
    """Indices of the tokens with a form in `words`, one of the event coder's own word lists:
    one scan of the document finds the words of all of them."""
    key = ("coder_tokens", words)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = [i for i in doc.tokens_with(_coder_words()) if not words.isdisjoint(doc.token_forms[i])]
    return found


def _lexicon_only(triggers: list[TriggerMatch], split: list[TriggerMatch]) -> list[TriggerMatch]:
    """The sentence scorer learnt the lexicon's phrases: it is lent only those (not the split
    and coder-only triggers in `split`)."""
    return [t for t in triggers if t not in split] if split else triggers


@lru_cache(maxsize=None)
def _phrases(cue_set: str) -> Matcher:
    """A cue set of triggers.yaml whose entries are phrases, as a matcher."""
    matcher = Matcher()
    matcher.add_many((phrase, True) for phrase in load_triggers()[1][cue_set])
    return matcher


@lru_cache(maxsize=None)
def _first_words(cue_set: str) -> frozenset[str]:
    """The first words of a phrase cue set's entries: a clause without one has none of them."""
    return frozenset(name_key(phrase).split()[0] for phrase in load_triggers()[1][cue_set])


# Deaths in a collapse, a fire, a flood or a quake ("لقي 12 شخصا حتفهم في انهيار مبنى سكني",
# "killed in a fire") are no political violence either, told with the same casualty words: the
# disaster named as the cause (not "أدى إلى انهيار منزل", a strike's work, nor "opened fire").
DISASTER_CAUSE = re.compile(
    r"(?:(?<!\w)(?:في|جراء|اثر|بسبب|نتيجه)\s+(?:ال)?(?:انهيار|حريق|غرق|زلزال|فيضانات|سيول|صاعقه|تسمم|اختناق|انزلاق)"
    r"|\b(?:in|by|when)\s+(?:a\s+|the\s+)?(?:building\s+)?(?:collapse|fire|blaze|flood|floods|flooding|earthquake|landslide)\b)")


def _road_accident(doc: DocIndex, clause: Sentence, hap: Happening) -> bool:
    """"لقي ثلاثة أشخاص حتفهم في حادث سير", "ارتفاع عدد الإصابات بفيروس كورونا": deaths on the
    road and cases of a disease are no political violence (told with casualty words, weak
    triggers: a bombing's own trigger is never an accident's)."""
    if hap.family not in ("violent", "remote") or hap.anchor.definition.strength == "strong":
        return False
    words = doc.forms_in(clause.start, clause.end)
    if words & load_triggers()[1]["illness"] or DISASTER_CAUSE.search(normalize(doc.text[clause.start:clause.end])):
        return True
    if not words & _first_words("accident"):
        return False  # (no phrase can begin in the clause: the document is not scanned for them)
    return bool(doc.matches(_phrases("accident"), *token_range(doc, clause.start, clause.end))[1])


def _pluperfect(doc: DocIndex, clause: Sentence, hap: Happening) -> bool:
    """"وكانت الطائرات قد قصفت المدينة": a happening told in the pluperfect (its verb right after
    "قد") came before the news; "وكان المتحدث قد أفاد بأن ..." is a statement that did."""
    lo = token_range(doc, clause.start, clause.end)[0]
    before = doc.tokens[lo:hap.anchor.first_token]
    return bool(before) and before[-1].norm == ALREADY and any(t.norm in PAST_AUXILIARIES for t in before[:2])


def _sport(doc: DocIndex, clause: Sentence) -> bool:
    """A clause with football's words ("سدد اللاعب قذيفة"): checked only when it names no party
    and counts no casualty."""
    return bool(doc.forms_in(clause.start, clause.end) & load_triggers()[1]["sport"])


def _motive(doc: DocIndex, clause: Sentence, hap: Happening) -> bool:
    """"جاءت ردا على هجمات استهدفت القوات": the happening a motive names came before the news
    (and is told, if at all, where it is news)."""
    if not doc.forms_in(clause.start, clause.end) & _first_words("motive"):
        return False
    base, found = doc.matches(_phrases("motive"), *token_range(doc, clause.start, clause.end))
    return any(0 <= hap.anchor.first_token - (base + m.last_token) <= 1 for m in found)


def _reaction(doc: DocIndex, clause: Sentence, hap: Happening) -> bool:
    """"ودانت الحكومة الضربة، ووصفتها بأنها "اعتداء سافر"": a clause opening with a reaction
    names a happening already told (a definite noun) or characterises it (a quotation)."""
    reaction = load_triggers()[1]["reaction"]
    if not doc.forms_in(clause.start, clause.end) & reaction:
        return False
    lo = token_range(doc, clause.start, clause.end)[0]
    if not any(forms_of(t) & reaction for t in doc.tokens[lo:min(lo + 3, hap.anchor.first_token)]):
        return False
    return _is_definite(doc, hap.anchor) or any(a <= hap.anchor.start < b for a, b in doc.direct_quotes)


def _new_verb_after_and(doc: DocIndex, anchor: TriggerMatch) -> bool:
    """"... وقتلت ثلاثة": a verb joined by "و" tells a deed of its own (not "هجوما وتفجيرا", the
    objects of one verb: nouns in the accusative or feminine)."""
    word = doc.text[anchor.start:anchor.end].split()[0]
    return doc.text[anchor.start - 1:anchor.start] == "و" and not (
        word.endswith(("ا", "ة", "ه", "اً")) and not word.endswith("وا"))


def _unrealised(doc: DocIndex, clause: Sentence, hap: Happening) -> bool:
    """"دعا مجلس الأمن إلى وقف إطلاق النار": a truce called for is none agreed; "أحبطت قوات الأمن
    هجوما": an attack foiled did not happen."""
    cue_sets = load_triggers()[1]
    lo, hi = token_range(doc, clause.start, clause.end)[0], hap.anchor.first_token

    def said_before(words: frozenset[str]) -> bool:
        found = _tokens_of(doc, words)
        i = bisect_left(found, lo)
        return i < len(found) and found[i] < hi

    # (the arrests that foiled it were made: "أحبطت قوات الأمن مخططا ... واعتقلت أربعة عناصر", and
    # so was a killing told by its own verb: "... إحباط محاولة تسلل ... وقتلت ثلاثة من عناصرها")
    return hap.family != "detention" and not _new_verb_after_and(doc, hap.anchor) and said_before(cue_sets["foiled"]) \
        or hap.type == "ceasefire_or_agreement" and said_before(cue_sets["calls_for"])


def _retaken_from_earlier_taker(doc: DocIndex, events: list[dict[str, Any]]) -> None:
    """"The army recaptured the base" after "the militants captured a military base": ground
    retaken with no loser named is retaken from the last other side the story says took ground."""
    retaking = load_triggers()[1]["retaking"]
    takers: list[dict[str, Any]] = []
    for ev in events:
        if ev["type"] != "territorial_change" or ev["actor1"] is None:
            continue
        trigger = ev["trigger"]
        if ev["actor2"] is None and doc.forms_in(trigger["start"], trigger["end"]) & retaking:
            ev["actor2"] = next((a for a in reversed(takers) if a["id"] != ev["actor1"]["id"]), None)
        takers.append(ev["actor1"])


def _lend_tokens(doc: DocIndex, span: Sentence, triggers: list[TriggerMatch]) -> None:
    """Let the sentence scorer read the document's tokens for this sentence or clause instead
    of tokenising it again -- when they are the same: the span's text is the document's there
    and no token runs across either end (tokenising is then local to the span).  The span's
    `triggers` (the document's) and status cues go with them when no phrase can run across its ends."""
    text, tokens = doc.text, doc.tokens
    if len(span.text) != span.end - span.start or not text.startswith(span.text, span.start):
        return
    lo, hi = token_range(doc, span.start, span.end)
    if lo < len(tokens) and tokens[lo].start < span.start or hi > 0 and tokens[hi - 1].end > span.end:
        return
    matches = KnownMatches(triggers, doc.matches(load_status_cues(), lo, hi)[1]) if doc.sealed(lo, hi) else None
    know_tokens(span.text, tokens[lo:hi], text, matches)


def _carry_clause_subject(doc: DocIndex, clause: Sentence, previous: list[dict[str, Any]],
                          coded: list[dict[str, Any]]) -> None:
    """"قصف الجيش بلدة س، فيما شن قصفا آخر على بلدة ص": a joined clause whose verb names no
    subject continues the previous clause's subject (Arabic drops the repeated subject), when
    it tells a happening of the same run (`agent_run`: "فيما انفجرت عبوة" names no dropped subject)."""
    if not previous or previous[0]["actor1"] is None:
        return
    agent = previous[0]["actor1"]
    for ev in coded:
        if ev["actor1"] is not None or agent_run(ev["type"]) != agent_run(previous[0]["type"]):
            continue
        if spans_in(doc, "ACTOR", clause.start, ev["trigger"]["start"]):
            continue  # a subject of its own stands before the trigger
        ev["actor1"] = agent
        if ev["actor2"] is not None and ev["actor2"].get("id") == agent.get("id"):
            ev["actor2"] = None


def _clause_events(doc: DocIndex, sentence: Sentence, clause: Sentence, triggers: list[TriggerMatch],
                   date_span: Span | None, history: bool, headline: bool, counted: Sentence,
                   own_happening: bool) -> list[dict[str, Any]]:
    events = []
    cue_sets = load_triggers()[1]
    update = bool(doc.forms_in(clause.start, clause.end) & cue_sets["toll_update"])
    counts = dict(counts_for(doc, counted, update))
    hypothetical = load_triggers()[1]["hypothetical"]
    triggers = [t for t in triggers if not (t.definition.type == "territorial_change" and _seizes_goods(doc, clause, t)
                                            or _frees_captives(doc, clause, t) or _released(doc, clause, t)
                                            or "طعن" in doc.text[t.start:t.end] and LEGAL_APPEAL.match(doc.text, t.end)
                                            or t.definition.type == "ceasefire_or_agreement" and _violated(doc, t)
                                            or doc.prev_keys(t.start, 1) & hypothetical  # "أي هجوم"
                                            or _halted(doc, t)
                                            or t.definition.type == "attack" and WARNING_SHOTS.match(doc.text, t.end)
                                            or _habitual(doc, clause, t)
                                            or _cause_of_a_protest(doc, t, triggers)
                                            # ("ساحة الشهداء": a casualty word in a name)
                                            or t.definition.strength == "weak" and t.definition.type == "attack"
                                            and doc.prev_keys(t.start, 1) & load_casualty_cues().name_heads)]
    weapons = [t for t in triggers if family_of(t.definition.type) != "demonstration"]
    if weapons and all(doc.prev_keys(t.start, 4) & USE_WORDS for t in weapons):
        # "وقالت المصادر إن المهاجمين استخدموا أسلحة رشاشة وقذائف صاروخية": the weapons of a
        # happening told, no happening of their own ("هجوما باستخدام قذائف الهاون" keeps its attack;
        # "استخدمت الغاز المسيل للدموع لتفريق المحتجين" keeps its protest)
        triggers = [t for t in triggers if t not in weapons]
    triggers = [_takes_people(doc, clause, t) if t.definition.type == "territorial_change" else t for t in triggers]
    for hap in _happenings(doc, clause, triggers, sentence):
        if hap.family == "detention" and counts["fatalities"] and (
                cause := _earlier_cause_after(doc, clause, hap)) is not None:
            # "Police arrested 15 people after clashes ... left two dead": the dead are the clashes'
            before_cause = Sentence(clause.start, cause, doc.text[clause.start:cause])
            counts = {**counts, "fatalities": counts_for(doc, before_cause, update)["fatalities"]}
        if hap.family == "detention" and counts["fatalities"]:
            # "killed 12 villagers and abducted dozens more": people were killed, so the
            # happening is an attack (ACLED codes the graver type); the abducted stay counted.
            hap.family, hap.type = "violent", "attack"
        elif hap.type == "military_operation_launch" and counts["fatalities"] and not (
                (doc.forms_in(hap.anchor.start, hap.anchor.end) | doc.prev_keys(hap.anchor.start, 2))
                & cue_sets["launch"]):
            # "مقتل 17 من عناصر الحركة في عملية عسكرية نفذها الجيش": an operation told by its
            # dead was fought, it is no announcement of its start.
            hap.family, hap.type = "violent", "armed_clash"
        elif hap.type in ("attack", "military_operation_launch") and doc.prev_keys(hap.anchor.start, 5) & REPEL_WORDS \
                or hap.type == "attack" and doc.prev_keys(hap.anchor.start, 6) & EXCHANGE_WORDS:
            # "تمكن الجيش من صد هجوم واسع لقوات الدعم السريع": an attack repelled was a battle, and
            # so is fire exchanged ("تبادلت قوات الجيش وعناصر مسلحة إطلاق النار")
            hap.family, hap.type = "violent", "armed_clash"
        status, background = _status(doc, clause, hap)
        if status is None or _reaction(doc, clause, hap) or _motive(doc, clause, hap):
            continue
        background = background or history or _pluperfect(doc, clause, hap)
        # A happening recalled from before the news keeps only a date its own sentence gives:
        # the day of the news told before it is not its day.
        when = _own_date(doc, sentence) if background and date_span is not None and date_span.start < sentence.start \
            else date_span
        if when is not None and status == "reported" and _after_publication(doc, when):
            if hap.type != "ceasefire_or_agreement" and sentence.start <= when.start < sentence.end:
                status = "planned"  # ("تنظم النقابة وقفة احتجاجية غدا": its own day is still to come)
            else:
                when = None  # ("وقعا اتفاقا يدخل حيز التنفيذ الأحد": the day it takes effect is not the day it was made)
        actor1, actor2, assoc = assign_actors(doc, clause, hap, claimed=status == "claimed")
        cause = _protest_cause(doc, clause, hap) if hap.family == "demonstration" else None
        if cause is not None:
            # ("تظاهر المئات احتجاجا على مقتل شاب برصاص الشرطة": the dead and the shooter of the
            # protest's cause are no toll and no side of it)
            a, b = cause
            if actor2 is not None and a <= actor2.start < b:
                actor2 = None
            assoc = [x for x in assoc if not a <= x.start < b]
            counts = {k: next((v for v in (before.get(k), after.get(k)) if v is not None), None)
                      for before in [dict(counts_for(doc, Sentence(clause.start, a, doc.text[clause.start:a]), update))]
                      for after in [dict(counts_for(doc, Sentence(b, clause.end, doc.text[b:clause.end]), update))]
                      for k in counts}
        intercepted = hap.family == "remote" and bool(doc.prev_keys(hap.anchor.start, 3) & INTERCEPT_WORDS)
        if intercepted and actor2 is None:
            # "Israel's military said it intercepted a missile launched from Yemen": who shot it
            # down was its target, not its agent
            actor1, actor2 = None, actor1
        if hap.anchor.definition is TAKEN_PEOPLE and actor1 is not None and actor1.attrs.get("inter") == 1:
            hap.type = "arrest"  # people a state's forces capture are arrested
        if hap.type == "territorial_change" and not spans_in(doc, "LOC", clause.start, clause.end) and \
                not doc.forms_in(clause.start, clause.end) & load_triggers()[1]["held_ground"]:
            continue  # "استولى المسلحون على أسلحتهم": control changes hands over a place
        if _unrealised(doc, clause, hap) or _road_accident(doc, clause, hap) or (
                actor1 is None and actor2 is None and not any(counts.values())
                and hap.type not in NEVER_SPORT and _sport(doc, clause)):
            continue
        if hap.type == "territorial_change" and doc.forms_in(hap.anchor.start, hap.anchor.end) & cue_sets["withdrawal"]:
            actor1, actor2 = actor2, actor1  # who withdrew lost the ground; the other side named took it
        elif hap.type == "territorial_change" and actor2 is None:
            actor2 = loser_by_default(doc, hap, actor1)
        if actor1 is not None and actor1.attrs.get("inter") == 7 and hap.family != "demonstration":
            # Civilians are the victims of violence, never its agent.
            actor1, actor2 = actor2 if actor2 is not None and actor2.attrs.get("inter") != 7 else None, actor1
        weak = hap.anchor.definition.strength == "weak"
        split = hap.family in SPLIT_BY_LOCALITY_FAMILIES or hap.type in SPLIT_BY_LOCALITY_TYPES
        places = localities(doc, clause) if split and not weak else []
        locations = places if len(places) > 1 else [_place_of(doc, sentence, clause)]
        source = source_for_sentence(doc, sentence)
        by_place = counts_by_place(doc, clause, locations) if len(locations) > 1 else [counts]
        words = _spans_words(doc, clause)
        for loc, loc_counts in zip(locations, by_place):
            ev = {
                "id": _event_id(doc, clause.start, hap.type, loc),
                "type": hap.type,
                **describe(hap.type),
                "actor1": actor_record(actor1),
                "actor2": actor_record(actor2),
                "assoc_actors": [actor_record(a) for a in assoc],
                "location": location_record(loc),
                "date": when.attrs.get("date") if when else None,
                "date_end": when.attrs.get("date_end") if when else None,
                "time_precision": when.attrs.get("precision") if when and when.attrs.get("date") else None,
                "date_text": when.text if when else None,
                **loc_counts,
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
                "_confirmed": hap.anchor.definition.strength == "confirmed",
                "_definite": _is_definite(doc, hap.anchor),
                "_split": len(locations) > 1,
                "_retold": _is_retelling(doc, sentence, hap),
                "_another": bool(words & ANOTHER_CUES),
                "_both_sides": bool(words & BOTH_SIDES),
                "_about_assailant": bool(words & cue_sets["assailant"]),
                "_intercepted": intercepted,
                # (two clauses of a sentence may tell one happening, unless one tells its own)
                "_clause": clause.start if own_happening else sentence.start,
                "_toll_update": update,
                # (the day the report was given: a retelling's own day of the happening replaces it)
                "_day_of_saying": when is not None and day_of_saying(doc, when),
                "_region_wide": loc is not None and bool(prev_keys(doc, loc.start, 2) & load_triggers()[1]["region_wide"]),
                # (placed only by a reference point or the context: a retelling's own place is better)
                "_loose_place": loc is not None and (is_reference_point(doc, loc) or not (
                    spans_in(doc, "LOC", sentence.start, sentence.end) or len(locations) > 1)),
            }
            if hap.type == "attack" and actor2 is not None and actor2.attrs.get("inter") in (6, 7):
                # (civilians or protesters, unarmed: ACLED codes the attack as violence against civilians)
                ev["acled_event_type"] = "Violence against civilians"
                ev["acled_sub_event_type"] = "Attack"
            if background and not (ev["location"] and (ev["date_text"] or ev["actor1"])):
                continue  # a recalled event counts only when concrete: where, and when or who
            events.append(ev)
        if hap.type == "territorial_change" and events and events[-1]["trigger"]["start"] == hap.anchor.start:
            events += _earlier_takeover(doc, clause, hap, events[-1])
    return events


def _place_of(doc: DocIndex, sentence: Sentence, clause: Sentence) -> Span | None:
    """The clause's place, else the sentence's, else the context's -- also when the sentence
    names only a reference point and refers back to a place ("الهجوم على الحقل النفطي الواقع على
    بعد 750 كيلومترا من طرابلس": the oil field named before, not Tripoli)."""
    place = best_location(doc, spans_in(doc, "LOC", clause.start, clause.end)) \
        or best_location(doc, spans_in(doc, "LOC", sentence.start, sentence.end))
    if place is None or is_reference_point(doc, place) and doc.forms_in(sentence.start, sentence.end) & PLACE_BACK_REFERENCES:
        return context_location(doc, sentence) or place
    return place


def _own_date(doc: DocIndex, sentence: Sentence) -> Span | None:
    """The sentence's own date of a recalled happening ("تعرضت لقصف في تموز الماضي"), if any."""
    return next((d for d in spans_in(doc, "DATE", sentence.start, sentence.end)
                 if d.attrs.get("kind") != "time" and d.attrs.get("marker") not in ("since", "dateline")), None)


def _violated(doc: DocIndex, trigger: TriggerMatch) -> bool:
    """"خرقت قوات النظام الهدنة", "violated the ceasefire", "the ceasefire collapsed": a truce
    broken, not agreed."""
    violation = load_triggers()[1]["violation"]
    after = doc.tokens[trigger.last_token:trigger.last_token + 2]
    return bool(doc.prev_keys(trigger.start, 4) & violation  # (past a subject)
                or any(forms_of(t) & violation for t in after))


def _takes_people(doc: DocIndex, clause: Sentence, trigger: TriggerMatch) -> TriggerMatch:
    """"captured 25 Islamic State suspects", "captured two soldiers": English "captured" with a
    count of a party after it takes people, not ground: an abduction (an arrest by state forces)."""
    if not doc.text[trigger.start].isascii():
        return trigger
    numbers = spans_in(doc, "NUMBER", trigger.end, min(clause.end, trigger.end + 4))
    if not numbers:
        return trigger
    party = spans_in(doc, "ACTOR", numbers[0].end, min(clause.end, numbers[0].end + 30))
    if not party or doc.text[numbers[0].end:party[0].start].count(" ") > 2:
        return trigger
    return TriggerMatch(trigger.start, trigger.end, trigger.first_token, trigger.last_token, TAKEN_PEOPLE)


# "بعد", "إثر", "after", "following": what follows came before the happening told.
EARLIER_CAUSE_WORDS = frozenset(name_key(w) for w in ("بعد", "إثر", "اثر", "عقب", "after", "following"))
# What a protest is against ("احتجاجا على مقتل شاب", "تنديدا بـ", "over the killing of"): its cause.
PROTEST_CAUSE_WORDS = EARLIER_CAUSE_WORDS | frozenset(name_key(w) for w in (
    "احتجاجا", "احتجاجاً", "تنديدا", "تنديداً", "رفضا", "رفضاً", "استنكارا", "over", "against"))
CAUSE_END = re.compile(r"[،,.;؛:]|\s[وف](?=[^\W\d_]{3,})|\s(?:حيث|عندما|حين|قبل\s+أن|when|where|before|and)\s")


def _protest_cause(doc: DocIndex, clause: Sentence, hap: Happening) -> tuple[int, int] | None:
    """(start, end) of the cause a protest's clause gives after its trigger, up to the next comma
    or joined verb ("... احتجاجا على مقتل شاب برصاص الشرطة، وفرقتهم قوات الأمن ...")."""
    if not doc.forms_in(hap.anchor.end, clause.end) & PROTEST_CAUSE_WORDS:
        return None
    lo, hi = token_range(doc, hap.anchor.end, clause.end)
    for i in range(lo, hi):
        if doc.token_forms[i] & PROTEST_CAUSE_WORDS:
            start = doc.tokens[i].start
            end = CAUSE_END.search(doc.text, doc.tokens[i].end, clause.end)
            return start, end.start() if end else clause.end
    return None


def _earlier_cause_after(doc: DocIndex, clause: Sentence, hap: Happening) -> int | None:
    """Where a clause's account of what came before its happening begins ("اعتقلت الشرطة 15 شخصا
    إثر اشتباكات أسفرت عن مقتل اثنين"): the first after-word past the trigger."""
    lo, hi = token_range(doc, hap.anchor.end, clause.end)
    return next((doc.tokens[i].start for i in range(lo, hi) if doc.token_forms[i] & EARLIER_CAUSE_WORDS), None)


# ("وتوفي متظاهر متأثرا بجروحه بعد ..."): a protester who died is no protest going on.
PROTESTER_DIED = frozenset(name_key(w) for w in (
    "توفي", "قتل", "استشهد", "أصيب", "اصيب", "مقتل", "وفاة", "died", "killed", "wounded"))


def _cause_of_a_protest(doc: DocIndex, trigger: TriggerMatch, triggers: list[TriggerMatch]) -> bool:
    """"protesters blocked a highway after a string of attacks", "تظاهر المئات بعد مقتل شاب": a
    happening told after a protest as what came before it is the protest's cause, no event."""
    return family_of(trigger.definition.type) != "demonstration" \
        and bool(doc.prev_keys(trigger.start, 4) & EARLIER_CAUSE_WORDS) and any(family_of(t.definition.type) == "demonstration" and t.end <= trigger.start
                and not doc.prev_keys(t.start, 2) & PROTESTER_DIED for t in triggers)


def _habitual(doc: DocIndex, clause: Sentence, trigger: TriggerMatch) -> bool:
    """"تتعرض القرية لاعتداءات متكررة من قبل المستوطنين", "faces repeated raids": a happening told
    as a habit is the background of the news, no event -- unless the clause gives it a day ("شنت
    الطائرات غارات متكررة على البلدة أمس": a day's strikes)."""
    if not doc.forms_in(clause.start, clause.end) & HABITUAL_WORDS:
        return False
    return bool(HABITUAL.match(normalize(doc.text[trigger.end:trigger.end + 32]))
                or HABITUAL_EN.search(doc.text, max(0, trigger.start - 20), trigger.start)) \
        and not spans_in(doc, "DATE", clause.start, clause.end)


def _halted(doc: DocIndex, trigger: TriggerMatch) -> bool:
    """"مطالبين بوقف الهجمات", "an end to the airstrikes": the happening a halt is asked for or
    told of is that halt's object, no happening told."""
    cue_sets = load_triggers()[1]
    last = doc.prev_keys(trigger.start, 1)
    if last & cue_sets["halted"]:
        return True
    if not last & cue_sets["halt_fillers"]:
        return False  # (most triggers: one memoised look at the word before)
    for forms in reversed(doc.forms_before(trigger.start, 4)):
        if forms & cue_sets["halted"]:
            return True
        if not forms & cue_sets["halt_fillers"]:
            return False
    return False


def _frees_captives(doc: DocIndex, clause: Sentence, trigger: TriggerMatch) -> bool:
    """"حررت القوات ثلاث رهائن", "troops rescued 20 hostages": captives freed are neither ground
    taken (the liberation word) nor an abduction (the hostages word)."""
    cue_sets = load_triggers()[1]
    if trigger.definition.type == "abduction":
        return bool(doc.prev_keys(trigger.start, 3) & cue_sets["rescue"])
    if trigger.definition.type != "territorial_change" \
            or not doc.forms_in(trigger.start, trigger.end) & cue_sets["rescue"]:
        return False
    lo, hi = token_range(doc, trigger.end, clause.end)
    return any(forms_of(t) & cue_sets["captives"] for t in [t for t in doc.tokens[lo:hi] if t.kind != "punct"][:5])


# "والطعن على قرار الرفض", "طعن في الحكم": a legal appeal, no stabbing.
# Shots fired into the air ("أطلقت الشرطة النار في الهواء لتفريق المتظاهرين") warn, and rubber
# bullets control a crowd: neither is an attack of its own (the crowd's event tells it).
WARNING_SHOTS = re.compile(r"\s+(?:\S+\s+){0,2}?(?:في|فى|الى|إلى)\s+(?:ال)?هواء|\s+(?:\S+\s+){0,2}?(?:in|into)\s+the\s+air\b"
                           r"|\s+(?:ال)?مطاطي|\s+rubber\b")
# Happenings told as a habit ("تتعرض القرية لاعتداءات متكررة", "repeated raids"): no one event.
HABITUAL = re.compile(r"(?:\s+\w+)?\s+(?:ال)?(?:متكرره|متكرر|يوميه|شبه\s+يوميه|متواتره)(?!\w)")
HABITUAL_WORDS = frozenset(name_key(w) for w in (
    "متكررة", "متكرر", "المتكررة", "المتكرر", "يومية", "اليومية", "متواترة", "repeated", "frequent", "regular", "daily"))
HABITUAL_EN = re.compile(r"(?:repeated|frequent|regular|daily|almost\s+daily)\s+$")
LEGAL_APPEAL = re.compile(r"\s+(?:على|في|فى|ب)\s*(?:ال)?(?:قرار|حكم|أحكام|احكام|نتائج|نتيجة|قانون|انتخاب|دستوري|شرعي)")
INTERCEPT_WORDS = frozenset(name_key(w) for w in (
    "اعترض", "اعترضت", "اعتراض", "باعتراض", "أسقط", "أسقطت", "إسقاط", "intercepted", "intercept", "downed"))
REPEL_WORDS = frozenset(name_key(w) for w in (
    "صد", "صدت", "صدوا", "يصد", "تصد", "لصد", "بصد", "تصدى", "تصدت", "التصدي", "repelled", "repulsed"))
USE_WORDS = frozenset(name_key(w) for w in (
    "استخدم", "استخدمت", "استخدموا", "يستخدم", "يستخدمون", "مستخدمين", "مستخدما", "باستخدام", "used", "using"))
# Setting detainees free: "أفرجت السلطات عن ثلاثة صحفيين اعتقلوا خلال الاحتجاجات".
# (verbs only: "للمطالبة بالإفراج عن المعتقلين", "demanding the release of" are a protest's cause)
RELEASE_WORDS = frozenset(name_key(w) for w in ("أفرج", "أفرجت", "أفرجوا", "released", "freed"))
SET_FREE = frozenset(name_key(w) for w in ("أطلق", "أطلقت", "أطلقوا"))  # ... "سراح" ("أطلقت السلطات سراح")


def _released(doc: DocIndex, clause: Sentence, trigger: TriggerMatch) -> bool:
    """An arrest word that tells who was set free ("أفرجت السلطات عن ثلاثة صحفيين اعتقلوا ...",
    "released 20 detainees") is no new arrest, nor the protests they were taken at ("... خلال
    الاحتجاجات الأخيرة"); a new one joined by "و" after the release is.  (An abduction ended
    by a release is still news of the abduction.)"""
    if (trigger.definition.type != "arrest" and family_of(trigger.definition.type) != "demonstration") \
            or doc.text[trigger.start - 1:trigger.start] == "و":
        return False
    lo, _hi = token_range(doc, clause.start, trigger.start)
    return any(doc.token_forms[k] & RELEASE_WORDS or doc.tokens[k].norm == "سراح"
               and any(doc.token_forms[j] & SET_FREE for j in range(max(lo, k - 3), k))
               for k in range(lo, trigger.first_token))


def _seizes_goods(doc: DocIndex, clause: Sentence, trigger: TriggerMatch) -> bool:
    """"Houthis seized a cargo ship in the Red Sea": what changed hands is a thing, not ground."""
    cue_sets = load_triggers()[1]
    lo, hi = token_range(doc, trigger.end, clause.end)
    for tok in [t for t in doc.tokens[lo:hi] if t.kind != "punct"][:5]:
        forms = forms_of(tok)
        if forms & cue_sets["held_ground"]:
            return False
        if forms & cue_sets["seized_goods"]:
            return True
    return False


def _earlier_takeover(doc: DocIndex, clause: Sentence, hap: Happening, retaken: dict[str, Any]) -> list[dict[str, Any]]:
    """"استعادت القوات السيطرة على البلدة بعد أن سيطر عليها مسلحو طالبان": the takeover told
    after "بعد أن" is a happening of its own, by the side that lost the place again."""
    for trig in hap.triggers[1:]:
        words = doc.words_before(trig.start, 2)
        if not ([t.norm for t in words] == ["بعد", "ان"] or words and words[-1].norm == "بعدما"):
            continue
        loser_id = (retaken["actor1"] or {}).get("id")
        taker = next((a for a in spans_in(doc, "ACTOR", trig.end, clause.end)
                      if a.attrs.get("kb_id") != loser_id and a.attrs.get("kind") != "generic"), None)
        if taker is None:
            return []
        if retaken["actor2"] is None:
            retaken["actor2"] = actor_record(taker)
        return [{**retaken, "id": _event_id(doc, trig.start, hap.type, None), "actor1": actor_record(taker),
                 "actor2": retaken["actor1"],
                 "trigger": {"text": doc.text[trig.start:trig.end], "start": trig.start, "end": trig.end}}]
    return []
