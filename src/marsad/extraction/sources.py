"""Reporting sources: who a report is attributed to ("أفاد المرصد السوري", "قال مصدر أمني",
"بحسب وكالة ...", "according to X", "X said").

A cue from ``data/source_cues.yaml`` is followed (or, for English "said"/"reported", preceded)
by the source: an ACTOR/ORG span from the entity stage, an unnamed-source role phrase
("مصدر أمني" → "security source") or a news outlet not in the dictionary ("وكالة ... سانا").
`source_for` picks the source that governs a stretch of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from ..datafiles import DataFileError, read_yaml
from ..document import Document, Span
from ..kb.matcher import Matcher, name_key
from ..kb.persons import ORG_LABELS, load_roles, role_mentions
from ..text.sentences import split_sentences
from ..text.tokens import Token, token_offsets, tokenize

__all__ = ["SourceCue", "SourceData", "SourcesDataError", "load_source_cues", "parse_source_cues",
           "find_sources", "source_for"]

CUES_FILE = "source_cues.yaml"
DIRECTIONS = ("after", "before")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_MAX_GAP = 3  # tokens allowed between a cue and its source
_MAX_OUTLET = 4  # words of an outlet name after its head noun
_QUOTES = '"\''
_APPOSITION_MARKS = frozenset(",،–—")
_APPOSITION_MAX = 25  # tokens: a longer stretch between two commas is no aside
_UNNAMED = re.compile(r"\b(?:sources?|media)\b", re.I)  # English names of unnamed sources
_SOURCE_NOUNS = frozenset({"مصادر", "مصدر", "اوساط"})
EN_ARTICLE_END = re.compile(r"\b(?:a|an|the)\s*$")
EN_BODY_OF_ROLE = re.compile(r"\b(?:for|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")


class SourcesDataError(DataFileError):
    """source_cues.yaml is malformed (the message names the file and the reason)."""


@dataclass(frozen=True, slots=True)
class SourceCue:
    form: str
    direction: str


@dataclass(frozen=True, slots=True)
class SourceData:
    matcher: Matcher  # payload: SourceCue
    skip: frozenset[str]
    outlet_heads: frozenset[str]
    subject_first: frozenset[str] = frozenset()  # verbs whose subject may stand before them
    hearer_after: frozenset[str] = frozenset()  # verbs whose object is who was told, not who told
    nationalities: dict[str, str] | None = None  # nisba form key -> English demonym


def _list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise SourcesDataError(f"{where} must be a non-empty list")
    seen: set[str] = set()
    for w in value:
        if not isinstance(w, str) or not w.strip():
            raise SourcesDataError(f"{where}: empty or non-text entry {w!r}")
        key = name_key(w)
        if not key:
            raise SourcesDataError(f"{where}: {w!r} has no words")
        if key in seen:
            raise SourcesDataError(f"{where}: {w!r} listed twice (after normalisation)")
        seen.add(key)
    return value


def parse_source_cues(data: Any, path: str = CUES_FILE) -> SourceData:
    if not isinstance(data, dict):
        raise SourcesDataError(f"{path}: top level must be a mapping")
    unknown = set(data) - {"cues", "skip", "outlet_heads", "subject_first", "hearer_after", "nationalities"}
    if unknown:
        raise SourcesDataError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    cues = data.get("cues")
    if not isinstance(cues, list) or not cues:
        raise SourcesDataError(f"{path}: 'cues' must be a non-empty list")
    matcher = Matcher()
    owner: dict[str, str] = {}
    for i, entry in enumerate(cues, 1):
        if not isinstance(entry, dict) or set(entry) != {"direction", "forms"}:
            raise SourcesDataError(f"{path}: cue group #{i} must have exactly 'direction' and 'forms'")
        direction = entry["direction"]
        if direction not in DIRECTIONS:
            raise SourcesDataError(f"{path}: cue group #{i}: direction must be one of {DIRECTIONS}, got {direction!r}")
        for form in _list(entry["forms"], f"{path}: cue group #{i}: forms"):
            key = name_key(form)
            if key in owner:
                raise SourcesDataError(f"{path}: cue {form!r} listed twice ({owner[key]} and {direction})")
            owner[key] = direction
            matcher.add_key(key, SourceCue(form, direction))
    return SourceData(
        matcher=matcher,
        skip=frozenset(name_key(w) for w in _list(data.get("skip"), f"{path}: skip")),
        outlet_heads=frozenset(name_key(w) for w in _list(data.get("outlet_heads"), f"{path}: outlet_heads")),
        subject_first=frozenset(name_key(w) for w in _list(data["subject_first"], f"{path}: subject_first"))
        if "subject_first" in data else frozenset(),
        hearer_after=frozenset(name_key(w) for w in _list(data["hearer_after"], f"{path}: hearer_after"))
        if "hearer_after" in data else frozenset(),
        nationalities=_nationalities(data.get("nationalities") or {}, path),
    )


def _nationalities(value: Any, path: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SourcesDataError(f"{path}: nationalities must be a mapping Arabic adjective -> English")
    out: dict[str, str] = {}
    for ar, en in value.items():
        if not isinstance(ar, str) or not isinstance(en, str) or not ar.strip() or not en.strip():
            raise SourcesDataError(f"{path}: nationalities: bad entry {ar!r}: {en!r}")
        for form in (ar, ar + "ة", ar + "ون", ar + "ين"):
            for f in (form, "ال" + form):
                out[name_key(f)] = en
    return out


@lru_cache(maxsize=1)
def load_source_cues() -> SourceData:
    """The packaged source cues (validated; raises SourcesDataError naming the file)."""
    return parse_source_cues(read_yaml("marsad.extraction.data", CUES_FILE, SourcesDataError), CUES_FILE)


def _forms(t: Token) -> set[str]:
    return {v[0] for v in t.variants}


def _outlet(doc: Document, tokens: list[Token], k: int, data: SourceData, spans_at) -> tuple[int, int] | None:
    """An outlet phrase starting at token k: head noun + up to four name words (quotes allowed)."""
    if not (_forms(tokens[k]) & data.outlet_heads):
        return None
    stop = load_roles().stopwords
    end_tok, words = k, 0
    j = k + 1
    while j < len(tokens) and words < _MAX_OUTLET:
        t = tokens[j]
        if "\n" in doc.text[tokens[j - 1].end:t.start]:
            break
        if t.kind == "punct":
            if t.norm in _QUOTES:
                j += 1
                continue
            break
        span = spans_at(j)
        if span is not None:
            while j < len(tokens) and spans_at(j) is span:
                j += 1
            end_tok = j - 1
            break
        if _forms(t) & stop or t.kind != "word":
            break
        end_tok = j
        words += 1
        j += 1
    if end_tok == k:
        return None
    start = next((v[1] for v in tokens[k].variants if v[0] in data.outlet_heads), tokens[k].start)
    end = tokens[end_tok].end
    while end < len(doc.text) and doc.text[end] in '"»”':
        end += 1
    return start, end


def _kb_outlet(written: str, head_end: int) -> Any:
    """The KB actor an outlet phrase names, looked up without its quotation marks
    ('قناة "العربية"' -> Al Arabiya): the whole phrase, else the name after the head noun when
    that names a media outlet."""
    from ..kb.actors import load_actors

    db = load_actors()
    bare = " ".join(re.sub(r"[\"'«»“”()]", " ", written).split())
    name = " ".join(re.sub(r"[\"'«»“”()]", " ", written[head_end:]).split())
    for form, outlet_only in ((bare, False), (name, True)):
        if not form:
            continue
        found = db.lookup(form)
        found = found if isinstance(found, list | tuple) else [found] if found else []
        for actor in found:
            if not outlet_only or getattr(actor, "kind", None) == "media_outlet":
                return actor
    return None


def _role_org(role_text: str) -> tuple[str | None, str | None]:
    """The organisation a role phrase names after "باسم"/"في"/"ل" ("المتحدث باسم الجيش
    السوداني" -> the Sudanese army): the longest run of words after the marker that the actor
    dictionary knows; (None, None) when none."""
    from ..kb.actors import load_actors

    words = role_text.split()
    marker = next((i for i, w in enumerate(words) if w in ("باسم", "في", "بـ") or w.startswith("باسم")), None)
    if marker is None:
        return None, None
    rest = words[marker + 1:]
    db = load_actors()
    for n in range(min(len(rest), 5), 0, -1):
        found = db.lookup(" ".join(rest[:n]))
        found = found if isinstance(found, list | tuple) else [found] if found else []
        if found:
            return found[0].name, found[0].id
    return None, None


def _provider(tokens: list[Token], k: int) -> int | None:
    """"according to a casualty list provided by X", "according to figures from X": the token
    where X starts (a capitalised name after by/from/of within six lowercase words)."""
    for j in range(k, min(len(tokens) - 1, k + 7)):
        t = tokens[j]
        if t.kind != "word" or not t.text.islower():
            return None
        if t.text in ("by", "from", "of") and re.match(r"[A-Z]", tokens[j + 1].text):
            return j + 1
    return None


def _latin_name(tokens: list[Token], k: int) -> tuple[int, int] | None:
    """A capitalised English name right after an English cue: "told Reuters"."""
    stop = load_roles().en_stopwords
    j = k
    while j < len(tokens) and j - k < _MAX_OUTLET + 2:
        t = tokens[j]
        if t.kind == "word" and re.match(r"[A-Z]", t.text) and t.text not in stop:
            j += 1
        elif j > k and t.text == "-" and j + 1 < len(tokens) and tokens[j - 1].end == t.start == \
                tokens[j + 1].start - 1 and re.match(r"[A-Z]", tokens[j + 1].text):
            j += 1  # "Al-Awda"
        else:
            break
    return (tokens[k].start, tokens[j - 1].end) if j > k else None


def _before_apposition(text: str, tokens: list[Token], k: int) -> int:
    """The token to look back from for the subject of a speech verb after tokens[k]: before an
    aside set off by commas or dashes when tokens[k] closes one ("The civil defence -- whose
    crews work in the north -- said"), else k itself."""
    if k < 1 or tokens[k].norm not in _APPOSITION_MARKS:
        return k
    mark = tokens[k].norm
    for j in range(k - 1, max(0, k - _APPOSITION_MAX) - 1, -1):
        t = tokens[j]
        if t.kind == "punct" and t.norm not in _APPOSITION_MARKS and t.norm not in "-'" \
                or "\n" in text[t.end:tokens[j + 1].start]:
            return k
        if t.norm == mark:
            return j - 1 if j > 0 else k
    return k


def find_sources(doc: Document) -> list[Span]:
    """SOURCE spans in text order; attrs: name (English when the KB gives it, the role label for
    unnamed sources, else as written), name_ar, kb_id, cue."""
    data = load_source_cues()
    tokens = doc.tokens or tokenize(doc.text)
    ents = [s for s in doc.spans if s.label in ORG_LABELS]
    all_roles = role_mentions(doc)
    mentions = [m for m in all_roles if m.kind == "source"]

    token_starts, token_ends = token_offsets(tokens)
    ent_at = _first_overlapping(token_starts, token_ends, [(s.start, s.end, s) for s in ents])

    def spans_at(k: int) -> Span | None:
        return ent_at[k]

    def mention_at(k: int):
        t = tokens[k]
        return next((m for m in mentions if m.role_start < t.end and t.start < m.role_end), None)

    people = [p for p in doc.spans if p.label == "PERSON"]

    def role_then_person(k: int) -> tuple[int, Span] | None:
        """A role phrase starting at token k and the named person right after it."""
        t = tokens[k]
        for r in all_roles:
            if r.role_start == t.start:
                after = next((p for p in people if 0 <= p.start - r.role_end <= 1), None)
                return (r.role_start, after) if after is not None else None
        return None

    # "قالت المتحدثة باسم الخارجية الفرنسية آن كلير": the named speaker with her role.
    # A person the KB knows as an official ("أعلن الرئيس التركي ...") speaks for himself too.
    speaker_at = _first_overlapping(token_starts, token_ends,
                                    [(min(p.start, p.attrs.get("role_start") or p.start), p.end, p)
                                     for p in people if p.attrs.get("role") or p.attrs.get("kb_id")])

    def person_at(k: int) -> Span | None:
        return speaker_at[k]

    def person_attrs(person: Span, cue_text: str) -> dict[str, Any]:
        """A named speaker as a source.  Without an English name the record says who the person
        speaks for, in English, with the name as written: "Sudanese Armed Forces spokesperson
        (نبيل ...)"; the organisation is the one named inside the role phrase."""
        a = person.attrs
        name = a.get("name_en")
        kb_id = a.get("kb_id") or a.get("org_id")
        if not name and a.get("role") and a.get("role_start") is not None and person.start >= (a.get("role_end") or 0):
            org = next((e for e in ents if a["role_start"] <= e.start and e.end <= (a.get("role_end") or person.start)
                        and e.attrs.get("name")), None)
            org_name, org_id = (org.attrs["name"], org.attrs.get("kb_id")) if org is not None else \
                _role_org(a.get("role_text") or doc.text[a["role_start"]:a.get("role_end") or person.start])
            if org_name:
                name = f"{org_name} {a['role']} ({person.text})"
                kb_id = kb_id or org_id
        elif not name and a.get("org_id") and a.get("role_start") == person.start and a.get("role_end") == person.end:
            # an unnamed role-holder ("a Somali army officer", "a spokesman for the police") speaks
            # for the body: the source is the body
            name = next((e.attrs.get("name") for e in ents if e.attrs.get("kb_id") == a["org_id"]), None)
        return {"name": name or a.get("name") or person.text, "name_ar": person.text, "kb_id": kb_id,
                "cue": cue_text}

    nat = data.nationalities or {}

    def demonym_after(end: int) -> tuple[str, int] | None:
        """The nationality adjective right after an unnamed source: (English, its end)."""
        k = _token_at(tokens, end)
        if k is None or doc.text[end:tokens[k].start].strip():
            return None
        en = next((nat[v[0]] for v in tokens[k].variants if v[0] in nat), None)
        return (en, tokens[k].end) if en else None

    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    from ..kb.entities import demonyms

    en_demonyms = demonyms()

    def add(start: int, end: int, attrs: dict[str, Any]) -> None:
        name = attrs.get("name") or ""
        if _UNNAMED.search(name) and not _ARABIC_RE.search(name):
            # "مصدر أمني فلسطيني", "وسائل إعلام سودانية": the unnamed source's nationality.
            found = demonym_after(end)
            if found is not None:
                attrs = {**attrs, "name": f"{found[0]} {name[0].lower()}{name[1:]}"}
                end = found[1]
        if (start, end) not in seen:
            seen.add((start, end))
            out.append(Span("SOURCE", start, end, doc.text[start:end], attrs))

    def subject_before(m) -> Span | None:
        """SVO order: "ومراسل القناة في المدينة أفاد", "وكان المتحدث ... فلان، قد أفاد": the
        organisation, outlet or named role-holder opening the clause just before the verb (a
        place after "في" is passed over; the subject must open a clause: sentence start,
        a comma, "و"/"وكان")."""
        k = m.first_token - 1
        steps = 0
        while k >= 0 and steps < 7:
            t = tokens[k]
            if "\n" in doc.text[t.end:m.start]:
                return None
            found = person_at(k) or spans_at(k)
            if found is not None and found.label != "PERSON" and EN_BODY_OF_ROLE.search(doc.text, 0, found.start):
                k, steps = k - 1, steps + 1  # "a spokesman for the state police command said": the speaker is the role
                continue
            if found is not None:
                first = min(found.start, found.attrs.get("role_start") or found.start)
                kk = next((i for i in range(k, -1, -1) if tokens[i].start <= first), 0)
                if kk > 0 and _forms(tokens[kk - 1]) & {"في", "ب", "من"}:
                    k, steps = kk - 2, steps + 2
                    continue
                # ("..., a Somali army officer told": an English article before the subject.)
                prev = EN_ARTICLE_END.sub("", doc.text[max(0, first - 10):first])[-6:]
                opens = kk == 0 or prev.rstrip().endswith(("،", ",", ".", ":")) or \
                    (prev.endswith("و") and (len(prev) < 2 or not prev[-2].isalpha())) or \
                    bool(re.search(r"(?:^|\s)و?كان[تا]?\s*$", prev)) or "\n" in prev
                return found if opens else None
            if t.kind == "punct" and t.norm not in "،,":
                return None
            k -= 1
            steps += 1
        return None

    def add_subject(subj: Span, cue_text: str) -> None:
        if subj.label == "PERSON":
            start = min(subj.start, subj.attrs.get("role_start") or subj.start)
            add(start, subj.end, person_attrs(subj, cue_text))
        else:
            add(subj.start, subj.end, {"name": subj.attrs.get("name") or subj.text,
                                       "name_ar": subj.attrs.get("name_ar") or subj.text,
                                       "kb_id": subj.attrs.get("kb_id"), "cue": cue_text})

    for m in data.matcher.find(tokens, doc.text):
        cue: SourceCue = m.payloads[0]
        cue_text = doc.text[m.start:m.end]
        before_count = len(out)
        if name_key(cue_text) in data.hearer_after:
            # "a Somali army officer told Reuters": the officer is the source, Reuters the hearer
            # (who is the source only when no speaker opens the clause).
            subj = subject_before(m)
            if subj is not None:
                add_subject(subj, cue_text)
                continue
        # Wire copy's inverted attribution ("..., said a police spokesman"): the source after the
        # verb, else (", whose crews work in the north, said two women ...") before it.
        inverted = cue.direction == "before" and cue_text.isascii() and m.first_token > 0 \
            and tokens[m.first_token - 1].norm in (",", '"')
        for direction in (("after", "before") if inverted else (cue.direction,)):
            if len(out) > before_count:
                break
            if direction == "after":
                order = range(m.last_token, min(len(tokens), m.last_token + _MAX_GAP + 1))
            else:
                last = _before_apposition(doc.text, tokens, m.first_token - 1)
                order = range(last, max(-1, last - _MAX_GAP - 1), -1)
            for k in order:
                t = tokens[k]
                if "\n" in doc.text[min(t.end, m.start):max(t.start, m.end)]:
                    break
                if direction == "after" and t.text[:1].isupper() and t.text.lower() in en_demonyms \
                        and k + 1 < len(tokens) and spans_at(k + 1) is not None:
                    continue  # "according to Sudanese medics": the nationality of the source named next
                found = role_then_person(k) if direction == "after" else None
                person = found[1] if found else (person_at(k) if direction == "after" else None)
                if person is None and direction == "before" and t.text.isascii() and (named := person_at(k)) is not None \
                        and not (named.attrs.get("role_start") or -1) <= named.start < (named.attrs.get("role_end") or -1):
                    person = named  # (English "police spokesman Alfred Alabo said": the named person before the verb)
                if person is not None:
                    start = found[0] if found else min(person.start, person.attrs.get("role_start") or person.start)
                    add(start, person.end, person_attrs(person, cue_text))
                    break
                span = spans_at(k)
                if span is not None:
                    add(span.start, span.end, {"name": span.attrs.get("name") or span.text,
                                               "name_ar": span.attrs.get("name_ar") or span.text,
                                               "kb_id": span.attrs.get("kb_id"), "cue": cue_text})
                    break
                mention = mention_at(k)
                if mention is not None:
                    add(mention.role_start, mention.role_end,
                        {"name": mention.role, "name_ar": doc.text[mention.role_start:mention.role_end],
                         "kb_id": None, "cue": cue_text})
                    break
                outlet = None
                if direction == "after":
                    outlet = _outlet(doc, tokens, k, data, spans_at) or _latin_name(tokens, k)
                    if outlet is None and cue_text.lower() in ("according to", "citing"):
                        provider = _provider(tokens, k)
                        if provider is not None:
                            span = spans_at(provider)
                            if span is not None:
                                add(span.start, span.end, {"name": span.attrs.get("name") or span.text,
                                                           "name_ar": span.attrs.get("name_ar"),
                                                           "kb_id": span.attrs.get("kb_id"), "cue": cue_text})
                                break
                            outlet = _latin_name(tokens, provider)
                if outlet is not None:
                    written = doc.text[outlet[0]:outlet[1]]
                    actor = _kb_outlet(written, tokens[k].end - outlet[0]) if _ARABIC_RE.search(written) else None
                    if actor is not None:
                        add(outlet[0], outlet[1], {"name": actor.name, "name_ar": written, "kb_id": actor.id,
                                                   "cue": cue_text})
                        break
                    add(outlet[0], outlet[1], {"name": written, "name_ar": written if _ARABIC_RE.search(written) else None,
                                               "kb_id": None, "cue": cue_text})
                    break
                if t.kind == "punct":
                    if t.norm in _QUOTES:
                        continue
                    break
                if _forms(t) & _SOURCE_NOUNS and direction == "after":
                    found = demonym_after(t.end)  # "بحسب مصادر لبنانية"
                    if found is not None:
                        add(t.start, found[1], {"name": f"{found[0]} sources", "name_ar": doc.text[t.start:found[1]],
                                                "kb_id": None, "cue": cue_text})
                        break
                if not (_forms(t) & data.skip):
                    break
        if len(out) == before_count and (name_key(cue_text) in data.subject_first or any(
                v[0] in data.subject_first for v in tokens[m.first_token].variants)):
            subj = subject_before(m)
            if subj is not None:
                add_subject(subj, cue_text)
    _via_chains(doc, tokens, data, out, spans_at, mention_at, role_then_person, person_attrs)
    for start, end, outlet in _credit_lines(doc, ents):
        add(outlet.start, outlet.end, {"name": outlet.attrs.get("name") or outlet.text,
                                       "name_ar": outlet.attrs.get("name_ar") or outlet.text,
                                       "kb_id": outlet.attrs.get("kb_id"), "cue": "credit line"})
    out.sort(key=lambda s: s.start)
    return out


_START = attrgetter("start")


def _first_overlapping(starts: list[int], ends: list[int], items: list[tuple[int, int, Any]]) -> list[Any]:
    """Per token (`starts`, `ends`: the tokens' offsets), the first item (in list order) whose
    [start, end) overlaps it, else None.  Tokens are in text order and apart, so the ones an
    item overlaps are a run found by bisection; asked per token, a scan of every item each
    time was the cost."""
    found: list[Any] = [None] * len(starts)
    if not items:
        return found
    for a, b, item in items:
        for k in range(bisect_right(ends, a), bisect_left(starts, b)):
            if found[k] is None:
                found[k] = item
    return found
_RELAY_CUES = frozenset({"نقل", "نقلت", "ونقل", "ونقلت"})
_VIA_TOKENS = 8  # tokens between "نقلت القناة" and "عن مصدر"


def _token_at(tokens: list[Token], offset: int) -> int | None:
    """The first token starting at or after `offset` (tokens come in text order)."""
    i = bisect_left(tokens, offset, key=_START)
    return i if i < len(tokens) else None


def _outlet_name(doc: Document, tokens: list[Token], k: int, data: SourceData, spans_at) -> str | None:
    """The English (KB) or written name of an outlet that starts at token k."""
    span = spans_at(k)
    if span is not None and span.attrs.get("kind") == "media_outlet":
        return span.attrs.get("name") or span.text
    outlet = _outlet(doc, tokens, k, data, spans_at)
    if outlet is None:
        return None
    written = doc.text[outlet[0]:outlet[1]]
    head_end = next((v[2] for v in tokens[k].variants if v[0] in data.outlet_heads), tokens[k].end) - outlet[0]
    actor = _kb_outlet(written, head_end) if _ARABIC_RE.search(written) else None
    return actor.name if actor is not None else written


def _via_chains(doc, tokens, data, out, spans_at, mention_at, role_then_person, person_attrs) -> None:
    """Reports relayed by an outlet name both: "أفاد مصدر في الشرطة لوكالة X" and "نقلت
    وكالة X عن مصدر أمني" give "security source (via X)" (the first teller, then the relay)."""
    for i, src in enumerate(out):
        name = src.attrs.get("name") or src.text
        if "(via " in name:
            continue
        k = _token_at(tokens, src.end)
        if k is None:
            continue
        t = tokens[k]
        # "مصدر ... لوكالة X": the source told the outlet.
        if t.text.startswith("ل") and not doc.text[src.end:t.start].strip():
            relay = _outlet_name(doc, tokens, k, data, spans_at)
            if relay and src.attrs.get("kind") != "media_outlet" and relay != name:
                src.attrs["name"] = f"{name} (via {relay})"
                src.attrs["via"] = relay
                continue
        # "نقلت وكالة X [اليوم] عن مصدر": the outlet relays the teller.
        if name_key(src.attrs.get("cue") or "") not in _RELAY_CUES:
            continue
        for j in range(k, min(len(tokens), k + _VIA_TOKENS)):
            tj = tokens[j]
            if (tj.kind == "punct" and tj.norm not in "،,") or "\n" in doc.text[src.end:tj.start]:
                break
            if tj.norm != "عن":
                continue
            if j + 1 >= len(tokens):
                break
            found = role_then_person(j + 1)
            if found is not None:
                teller = person_attrs(found[1], src.attrs.get("cue") or "")["name"]
            else:
                span, mention = spans_at(j + 1), mention_at(j + 1)
                teller = (span.attrs.get("name") or span.text) if span is not None else \
                    mention.role if mention is not None else None
            if teller:
                src.attrs["name"] = f"{teller} (via {name})"
                src.attrs["via"] = name
            break


_CREDIT_MARK = re.compile(r"[()\-–—:|]")
_CREDIT_LINES = 12  # a credit line stands near the top of the page


def _credit_lines(doc: Document, ents: list[Span]) -> list[tuple[int, int, Span]]:
    """Agency credit lines ("رويترز (بغداد)", "عمّان - (وكالة ...):", "قناة ... - دمشق"): a
    line near the top that is a news outlet from the KB and at most a two-word place, set off by
    brackets, a dash or a colon.  The credited outlet is the source of what it does not
    attribute to anyone else."""
    out = []
    pos = 0
    for n, line in enumerate(doc.text.split("\n")):
        if n >= _CREDIT_LINES:
            break
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or len(line.split()) > 8 or not _CREDIT_MARK.search(line):
            continue
        outlets = [e for e in ents if start <= e.start and e.end <= end and e.attrs.get("kind") == "media_outlet"]
        if len(outlets) != 1:
            continue
        o = outlets[0]
        rest = line[:o.start - start] + " " + line[o.end - start:]
        rest = re.sub(r"\([^)]*\)", " ", rest)
        rest = re.sub(r"\d+", " ", rest)
        words = [w for w in re.split(r"[\s()\-–—:|،,./]+", rest) if w]
        if len(words) <= 2:
            out.append((start, end, o))
    return out


def source_for(doc: Document, start: int, end: int) -> Span | None:
    """The reporting source governing text[start:end]: a source in the same sentence (the
    nearest one before `start`, else the first after it), then the nearest preceding source in
    the same paragraph, then the document's first source; None if the document has none."""
    sources = [s for s in doc.spans if s.label == "SOURCE"] or find_sources(doc)
    if not sources:
        return None
    sources.sort(key=lambda s: s.start)
    sentences = [(s.start, s.end) for s in doc.sentences] or split_sentences(doc.text)
    sent = next(((a, b) for a, b in sentences if a <= start < b), (start, end))
    in_sent = [s for s in sources if sent[0] <= s.start < max(sent[1], end)]
    if in_sent:
        before = [s for s in in_sent if s.start <= start]
        return before[-1] if before else in_sent[0]
    para_start = doc.text.rfind("\n", 0, start) + 1
    earlier = [s for s in sources if para_start <= s.start < start]
    if earlier:
        return earlier[-1]
    return sources[0]

