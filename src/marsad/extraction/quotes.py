"""Direct and reported quotations with their speakers.

Direct quotes are the text between quotation marks of every style (« », “ ”, „ “ and the
straight " that opens and closes alike).  Straight quotes are paired from context: a mark
after a space and before a word opens, a mark after a word and before a space or punctuation
closes, and an opener inside an open quote nests ("... عملية "نبع السلام" سنقضي ...").  A quote
never runs across a line break; one left open at the end of its paragraph ends there (news
excerpts are cut mid-quote).  One-word scare quotes, quoted names (the text is one KB entity)
and short quotes with no speech cue near them are not quotations.

The speaker is the subject of the nearest speech verb (``data/speech_verbs.yaml``) before the
quote in the same or the previous sentence -- after the verb in VSO order, else before it --
or, in English, the verb after the quote ("...," said X).  A pronoun subject ("وأضاف أن")
continues the previous speaker; a family name alone or an anaphor ("المصدر") resolves to an
earlier speaker.  Reported speech "قال ... إن/أن ..." without quotation marks is a quote of
kind "reported" running to the end of the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ..datafiles import DataFileError, read_yaml
from ..document import Document, Span
from ..kb.entities import load_kb
from ..kb.matcher import Matcher, name_key
from ..kb.persons import ENTITY_LABELS, ORG_LABELS, RoleMention, official_org, role_mentions
from ..text.normalize import normalize
from ..text.sentences import split_sentences
from ..text.tokens import Token, token_offsets, tokenize

__all__ = ["SpeechData", "QuotesDataError", "load_speech_verbs", "parse_speech_verbs", "quote_marks",
           "find_quotes"]

SPEECH_FILE = "speech_verbs.yaml"
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_WORD_RE = re.compile(r"[^\W_]", re.UNICODE)
_MARKS = '"«»“”„″'
_MARK_RE = re.compile("[" + re.escape(_MARKS) + "]")
_OPEN_CONTEXT = "([{:،,;؛-–—/"
_AFTER_CLOSE = ".,،:;؛!?؟)]}-–—…" + _MARKS
_CLITIC_GLUE = "وبلفكـ"
_SHORT = 3  # quotes of at most this many words need a speech cue in their sentence
_WINDOW = 14  # tokens searched for a subject after a speech verb


class QuotesDataError(DataFileError):
    """speech_verbs.yaml is malformed (the message names the file and the reason)."""


@dataclass(frozen=True, slots=True)
class Cue:
    kind: str  # verb / statement / banner
    form: str
    lang: str


@dataclass(frozen=True, slots=True)
class SpeechData:
    matcher: Matcher  # payload: Cue
    single_forms: frozenset[str]  # one-word verb keys, to stop person names
    protesters: frozenset[str]
    complementizers: frozenset[str]
    anaphors: frozenset[str]
    name_heads: frozenset[str]
    continuations: frozenset[str] = frozenset()


def _words(data: dict, key: str, path: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise QuotesDataError(f"{path}: {key!r} must be a non-empty list")
    seen = set()
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise QuotesDataError(f"{path}: {key}: empty or non-text entry {w!r}")
        if normalize(w) in seen:
            raise QuotesDataError(f"{path}: {key}: {w!r} listed twice")
        seen.add(normalize(w))
    return words


def parse_speech_verbs(data: Any, path: str = SPEECH_FILE) -> SpeechData:
    if not isinstance(data, dict):
        raise QuotesDataError(f"{path}: top level must be a mapping")
    known = {"verbs", "statements", "banners", "protesters", "complementizers", "anaphors", "name_heads",
             "continuations"}
    unknown = set(data) - known
    if unknown:
        raise QuotesDataError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    verbs = data.get("verbs")
    if not isinstance(verbs, dict) or set(verbs) != {"ar", "en"}:
        raise QuotesDataError(f"{path}: 'verbs' must be a mapping with keys 'ar' and 'en'")
    matcher = Matcher()
    owner: dict[str, str] = {}
    single: set[str] = set()

    def add(form: str, cue: Cue) -> None:
        key = name_key(form)
        if not key:
            raise QuotesDataError(f"{path}: {cue.kind}: form {form!r} has no words")
        if key in owner and owner[key] != cue.kind:
            raise QuotesDataError(f"{path}: {form!r} is listed as both {owner[key]} and {cue.kind}")
        owner[key] = cue.kind
        matcher.add_key(key, cue)

    for lang in ("ar", "en"):
        for form in _words(verbs, lang, f"{path}: verbs"):
            arabic = bool(_ARABIC_RE.search(form))
            if arabic != (lang == "ar"):
                raise QuotesDataError(f"{path}: verbs.{lang}: {form!r} is in the wrong language list")
            add(form, Cue("verb", form, lang))
            if " " not in name_key(form):
                single.add(name_key(form))
    for key, kind in (("statements", "statement"), ("banners", "banner")):
        for form in _words(data, key, path):
            add(form, Cue(kind, form, "ar" if _ARABIC_RE.search(form) else "en"))
    norm = lambda words: frozenset(name_key(w) for w in words)  # noqa: E731
    return SpeechData(
        matcher=matcher,
        single_forms=frozenset(single),
        protesters=norm(_words(data, "protesters", path)),
        complementizers=norm(_words(data, "complementizers", path)),
        anaphors=norm(_words(data, "anaphors", path)),
        name_heads=norm(_words(data, "name_heads", path)),
        continuations=_continuations(data, path, owner),
    )


def _continuations(data: dict, path: str, owner: dict[str, str]) -> frozenset[str]:
    out = set()
    for w in _words(data, "continuations", path):
        if owner.get(name_key(w)) != "verb":
            raise QuotesDataError(f"{path}: continuations: {w!r} is not listed under verbs")
        out.add(name_key(w))
    return frozenset(out)


@lru_cache(maxsize=1)
def load_speech_verbs() -> SpeechData:
    """The packaged speech-cue data (validated; raises QuotesDataError naming the file)."""
    return parse_speech_verbs(read_yaml("marsad.extraction.data", SPEECH_FILE, QuotesDataError), SPEECH_FILE)


# --------------------------------------------------------------------------- quotation marks


@dataclass(slots=True)
class _Mark:
    char: str
    pos: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"\n", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def quote_marks(text: str) -> list[tuple[int, int, bool]]:
    """Top-level quotations as (open mark offset, content end, closed): the content is
    text[open+1:end]; for a closed quote `end` is the closing mark's offset, for an open one
    the end of its paragraph."""
    found: list[tuple[int, int, bool]] = []
    for a, b in _paragraphs(text):
        stack: list[_Mark] = []

        def close(k: int, i: int) -> None:
            del stack[k + 1:]
            mark = stack.pop()
            if not stack:
                found.append((mark.pos, i, True))

        for m in _MARK_RE.finditer(text, a, b):
            i = m.start()
            c = text[i]
            prev = text[i - 1] if i > a else " "
            nxt = text[i + 1] if i + 1 < b else " "
            glued = prev in _CLITIC_GLUE and (i - 1 == a or text[i - 2].isspace())
            opener_like = (i == a or prev.isspace() or prev in _OPEN_CONTEXT or glued) and not nxt.isspace()
            closer_like = (i + 1 == b or nxt.isspace() or nxt in _AFTER_CLOSE) and not prev.isspace()
            chars = [m.char for m in stack]
            if c == "«":
                stack.append(_Mark(c, i))
            elif c == "»":
                if "«" in chars:
                    close(len(chars) - 1 - chars[::-1].index("«"), i)
            elif c in "“„":
                if c == "“" and chars and chars[-1] in "„”":
                    close(len(chars) - 1, i)
                else:
                    stack.append(_Mark(c, i))
            elif c in "”″":
                ks = [k for k, ch in enumerate(chars) if ch in "“„"]
                if ks:
                    close(ks[-1], i)
                elif opener_like and not closer_like:
                    stack.append(_Mark(c, i))  # reversed style: ” opens and “ closes
            else:  # straight quote
                if chars and chars[-1] == '"':
                    if opener_like and not closer_like and len(stack) < 3:
                        stack.append(_Mark(c, i))
                    else:
                        close(len(chars) - 1, i)
                elif closer_like and not opener_like:
                    rest = text[i + 1:b].lstrip()
                    # A stray closer opens only when a word follows it: 'أن" الصاروخ ...'.
                    if not stack and rest and _WORD_RE.match(rest[0]):
                        stack.append(_Mark(c, i))
                else:
                    stack.append(_Mark(c, i))
        if stack:
            end = b
            while end > stack[0].pos + 1 and text[end - 1].isspace():
                end -= 1
            found.append((stack[0].pos, end, False))
    return found


def _word_count(s: str) -> int:
    return sum(1 for w in s.split() if _WORD_RE.search(w))


def _letter_words(s: str) -> int:
    return sum(1 for w in s.split() if re.search(r"[^\W\d_]", w))


# --------------------------------------------------------------------------- speakers


@dataclass(slots=True)
class _CueMatch:
    start: int
    end: int
    first_token: int
    last_token: int
    cue: Cue
    text: str


_FIRST = itemgetter(0)


class _Doc:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.tokens: list[Token] = doc.tokens or tokenize(doc.text)
        if doc.sentences:
            self.sentences = [(s.start, s.end) for s in doc.sentences]
        else:
            self.sentences = split_sentences(doc.text)
        self.data = load_speech_verbs()
        self.mentions = role_mentions(doc)
        # A person with an appositive role ("فلان، وهو ضابط ...") whose role mention carries no
        # name is a speaker by name.
        named = {m.name_start for m in self.mentions if m.name_start is not None}
        self.entities = sorted((s for s in doc.spans if s.label in ENTITY_LABELS - {"PERSON"}
                                or (s.label == "PERSON" and ("role" not in s.attrs or s.start not in named))),
                               key=lambda s: s.start)
        self.entity_starts = [s.start for s in self.entities]
        # A mention starts with its name when the name comes first ("فلان، المتحدث باسم ...").
        self.mentions_by_start = sorted(
            ((m.name_start if m.name_start is not None and m.name_start < m.role_start else m.role_start, m)
             for m in self.mentions), key=_FIRST)
        self.mention_starts = [start for start, _m in self.mentions_by_start]
        # (a verb never takes the article: "عدم الكشف عن هويته" is no speech cue)
        self.cues = [
            _CueMatch(m.start, m.end, m.first_token, m.last_token, m.payloads[0], doc.text[m.start:m.end])
            for m in self.data.matcher.find(self.tokens, doc.text)
            if not (m.payloads[0].kind == "verb" and _DEFINITE.match(self.tokens[m.first_token].text)
                    and not m.payloads[0].form.startswith("ال"))
        ]
        # Offsets are looked up often; in the usual sorted case a binary search gives the same
        # answer as the scan (which stays for input that is not sorted).
        starts = [s for s, _e in self.sentences]
        token_starts, ends = token_offsets(self.tokens)
        self._starts = starts if starts == sorted(starts) else None  # ascending: one C pass
        self._ends = ends if ends == sorted(ends) else None
        # The tokens starting inside a mention's role or name, found per mention by bisection
        # (tokens in order) instead of testing every mention for every token asked about.
        self._in_mention: set[int] | None = None
        if self._ends is not None and token_starts == sorted(token_starts):
            self._in_mention = set()
            for m in self.mentions:
                for lo, hi in ((m.role_start, m.role_end), (m.name_start, m.name_end)):
                    if lo is not None:
                        self._in_mention.update(range(bisect_left(token_starts, lo), bisect_left(token_starts, hi)))

    @property
    def norm_text(self) -> str:
        """The document in matching form, computed on first use and kept (several short
        quotations are tested against it)."""
        norm = self.__dict__.get("_norm_text")
        if norm is None:
            norm = self.__dict__["_norm_text"] = normalize(self.text)
        return norm

    def sentence_index(self, offset: int) -> int:
        """The last sentence of the leading run that starts at or before `offset` (0 if none)."""
        if self._starts is not None:
            return max(0, bisect_right(self._starts, offset) - 1)
        best = 0
        for k, (s, _e) in enumerate(self.sentences):
            if s <= offset:
                best = k
            else:
                break
        return best

    def starts_in_mention(self, k: int) -> bool:
        """Whether token k starts inside the role or the name of a role mention."""
        if self._in_mention is not None:
            return k in self._in_mention
        return any(_in_mention(m, self.tokens[k].start) for m in self.mentions)

    def token_index(self, offset: int) -> int:
        """The first token ending after `offset`."""
        if self._ends is not None:
            return bisect_right(self._ends, offset)
        for k, t in enumerate(self.tokens):
            if t.end > offset:
                return k
        return len(self.tokens)


def _speaker_from_mention(doc: Document, m: RoleMention) -> dict[str, Any]:
    written = doc.text[m.name_start:m.name_end] if m.name_start is not None else None
    arabic = bool(written and _ARABIC_RE.search(written))
    name = m.english_name or written
    org_id = m.org_id or official_org(m.kb_id)
    if not name and m.role:
        name, found_id = _unnamed_speaker(doc, m)
        org_id = org_id or found_id
    return {"name": name, "name_ar": written if arabic else None, "role": m.role, "org_id": org_id}


def _unnamed_speaker(doc: Document, m: RoleMention) -> tuple[str, str | None]:
    """An English description of a speaker known only by role: the organisation the role
    names ("متحدث باسم الحركة" -> the movement named before it: "al-Shabaab spokesperson"), or
    the nationality ("مسؤول صومالي" -> "Somali official"), else the role alone ("official")."""
    from ..kb.actors import load_actors
    from .sources import _role_org, load_source_cues

    role_text = doc.text[m.role_start:m.role_end]
    org_name, org_id = None, None
    if m.org_id:
        by_id = getattr(load_actors(), "by_id", None)
        actor = by_id.get(m.org_id) if isinstance(by_id, dict) else None
        org_name = getattr(actor, "name", None)
    if org_name is None:
        org_name, org_id = _role_org(role_text)
    if org_name is None:
        words = role_text.split()
        after = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "باسم"), None)
        if after is not None:  # "باسم الحركة": the last organisation with that head noun
            head = normalize(after[2:] if after.startswith("ال") else after)
            earlier = [s for s in doc.spans if s.label in ORG_LABELS and s.end <= m.role_start
                       and normalize(s.text.split()[0]).removeprefix("ال") == head]
            if earlier:
                org = max(earlier, key=lambda s: s.start)
                org_name, org_id = org.attrs.get("name") or org.text, org.attrs.get("kb_id")
    if org_name is None:
        nat = load_source_cues().nationalities or {}
        org_name = next((nat[name_key(w)] for w in role_text.split()[1:] if name_key(w) in nat), None)
    return (f"{org_name} {m.role}" if org_name else m.role), org_id


@lru_cache(maxsize=1)
def _victim_groups() -> frozenset[str]:
    """The knowledge base's generic civilian groups (civilians, children, workers...)."""
    return frozenset(a.id for a in load_kb().actors.by_id.values() if a.kind == "generic" and a.inter == 7)


def _speaker_from_span(span: Span, role: str | None) -> dict[str, Any]:
    a = span.attrs
    name_ar = a.get("name_ar") or (span.text if _ARABIC_RE.search(span.text) else None)
    return {"name": a.get("name") or span.text, "name_ar": name_ar, "role": a.get("role") or role,
            "org_id": a.get("kb_id") if span.label in ORG_LABELS else a.get("org_id")}


_DEFINITE = re.compile(r"[وف]?(?:ال|بال|لل)")
# Between a quotation's closing mark and the Arabic speech verb after it: '"..."، قال' / '، هكذا قال'.
_ARABIC_AFTER_QUOTE = re.compile(r"[\s،,.]*(?:هكذا\s+)?")
# "مصدر في حركة فتح", "مصادر من الجيش", "a source in Fatah": an unnamed voice of the organisation.
_SOURCE_IN = re.compile(r"(?:مصدر|مصادر)(?:\s+[^\W\d_]+)?\s+(?:في|من|داخل|ب)\s*$|\bsources?\s+(?:in|within|from)\s+(?:the\s+)?$")


# A body referred back to by its definite noun ("باسم الوزارة", "باسم الحركة").
_DEFINITE_BODY = re.compile(r"ال(?:وزارة|حركة|جماعة|هيئة|منظمة|مديرية|قيادة|وكالة|لجنة|مفوضية|رابطة|شبكة|جبهة)")
_SPOKESPERSON_UNIT = re.compile(r"[وف]?(?:ال)?(?:متحدث|ناطق)\s+(?:باسم|بلسان)|[وف]?(?:ال)?(?:متحدث|ناطق)\s+(?:ال)?عسكري")


def _source_in_org(span: Span) -> dict[str, Any]:
    speaker = _speaker_from_span(span, "source")
    speaker["name"] = f"{speaker['name']} source"
    speaker["name_ar"] = None
    return speaker


class _Speakers:
    """Finds speakers in a stretch of text and remembers them for later back-references."""

    def __init__(self, d: _Doc):
        self.d = d
        self.last: dict[str, Any] | None = None
        self.quoted: list[tuple[int, int]] = []  # accepted quotations: their words name no speaker
        self.named: list[tuple[str, RoleMention]] = []  # (last name token, mention)
        self.named_ids: set[int] = set()  # id() of the mentions in `named`

    def _candidates(self, a: int, b: int, statement: bool) -> list[tuple[int, dict[str, Any]]]:
        """Speakers mentioned in text[a:b], with their start offsets."""
        d = self.d
        out: list[tuple[int, dict[str, Any]]] = []
        # Mentions and entities sorted by start (ties in their own order): those starting in
        # [a, b) are a run found by bisection.
        for start, m in d.mentions_by_start[bisect_left(d.mention_starts, a):bisect_left(d.mention_starts, b)]:
            out.append((start, self._resolve_mention(m)))
        entities = d.entities[bisect_left(d.entity_starts, a):bisect_left(d.entity_starts, b)]
        spoken_for: set[int] = set()
        for s, nxt in zip(entities, entities[1:]):
            # "المتحدث باسم الجيش الإسرائيلي أفيخاي أدرعي": a spokesperson's unit named by its role,
            # then the person holding it
            if s.label in ORG_LABELS and nxt.label == "PERSON" and not d.doc.text[s.end:nxt.start].strip() \
                    and _SPOKESPERSON_UNIT.match(s.text):
                out.append((s.start, {**_speaker_from_span(nxt, "spokesperson"), "role": "spokesperson",
                                      "org_id": s.attrs.get("kb_id")}))
                spoken_for |= {id(s), id(nxt)}
        for s in entities:
            if id(s) in spoken_for:
                continue
            # (not inside a mention's role, "باسم الحركة", nor its name: the mention speaks)
            if not any(x[0] <= s.start < x[0] + 1 for x in out) and not any(
                    m.role_start <= s.start < m.role_end or m.name_start is not None and m.name_start <= s.start < m.name_end
                    for m in d.mentions):
                if s.label in ORG_LABELS and _SOURCE_IN.search(d.doc.text, max(0, s.start - 30), s.start):
                    out.append((s.start, _source_in_org(s)))
                elif s.label in ORG_LABELS or s.label == "PERSON":
                    out.append((s.start, _speaker_from_span(s, "statement" if statement else None)))
        i, j = d.token_index(a), d.token_index(b)
        for k in range(i, min(j, len(d.tokens))):
            t = d.tokens[k]
            forms = {v[0] for v in t.variants}
            if d.starts_in_mention(k):
                continue
            hit = next((m for last, m in reversed(self.named) if last in forms), None)
            if hit is not None:
                out.append((t.start, _speaker_from_mention(d.doc, hit)))
            elif forms & d.data.anaphors and self.last is not None:
                out.append((t.start, dict(self.last)))
            elif forms & d.data.anaphors:
                # "وقال المصدر إن ..." before any quote: the reporting source named earlier.
                src = self._source_before(t.start)
                if src is not None:
                    out.append((t.start, src))
        out = [x for x in out if not any(a <= x[0] < b for a, b in self.quoted)]
        out.sort(key=lambda x: x[0])
        return out

    def _resolve_mention(self, m: RoleMention) -> dict[str, Any]:
        named = self._apposed_person(m)
        if named is not None:
            return named
        if m.name_start is None:
            # "وأضاف المتحدث" -> the spokesperson named earlier.
            for _last, earlier in reversed(self.named):
                if earlier.role == m.role and earlier.role_start < m.role_start:
                    return _speaker_from_mention(self.d.doc, earlier)
            if m.org_id is None and self.last is not None and self.last.get("role") == m.role:
                # the unnamed spokesperson of the last quote, whose organisation was said then
                return dict(self.last)
        speaker = _speaker_from_mention(self.d.doc, m)
        if speaker.get("org_id") is None:
            speaker["org_id"] = self._organisation_referred_back(m)
        return speaker

    def _organisation_referred_back(self, m: RoleMention) -> str | None:
        """"المتحدث باسم الوزارة" after "قالت وزارة الصحة في غزة": the body a definite noun of the
        role refers back to is the last one named before it with that noun."""
        d = self.d
        words = d.doc.text[m.role_start:m.role_end].split()
        if len(words) < 2 or not _DEFINITE_BODY.fullmatch(words[-1]):
            return None
        head = normalize(words[-1])[2:]  # (without the article)
        for s in reversed(d.entities[:bisect_left(d.entity_starts, m.role_start)]):
            if s.label in ORG_LABELS and s.attrs.get("kb_id") and head in normalize(s.text).split():
                return s.attrs["kb_id"]
        return None

    def _apposed_person(self, m: RoleMention) -> dict[str, Any] | None:
        """"مدير المركز الإعلامي في الدفاع المدني، محمد العلي،": a person set off by a comma right
        after an unnamed role is its holder."""
        if m.name_start is not None:
            return None
        d = self.d
        k = bisect_left(d.entity_starts, m.role_end)
        person = d.entities[k] if k < len(d.entities) else None
        if person is None or person.label != "PERSON" or d.doc.text[m.role_end:person.start].strip() not in ("،", ","):
            return None
        speaker = _speaker_from_span(person, m.role)
        speaker["org_id"] = speaker["org_id"] or m.org_id or official_org(m.kb_id)
        return speaker

    def remember(self, speaker: dict[str, Any] | None) -> None:
        if speaker is not None:
            self.last = speaker

    def learn(self, upto: int) -> None:
        d = self.d
        for m in d.mentions:
            if m.name_start is not None and m.name_end <= upto and id(m) not in self.named_ids:
                last = normalize(d.text[m.name_start:m.name_end].split()[-1])
                self.named.append((last, m))
                self.named_ids.add(id(m))

    def for_cue(self, cue: _CueMatch, limit: int, sent_start: int) -> dict[str, Any] | None:
        """The subject of the speech cue: after it (up to `limit`), else before it in its sentence."""
        d = self.d
        statement = cue.cue.kind == "statement"
        if cue.cue.kind == "banner":
            sent_end = d.sentences[d.sentence_index(cue.start)][1]
            for k in range(d.token_index(sent_start), d.token_index(sent_end)):
                t = d.tokens[k]
                if {v[0] for v in t.variants} & d.data.protesters:
                    return {"name": "protesters", "name_ar": t.text, "role": "banner", "org_id": None}
            return {"name": "protesters", "name_ar": None, "role": "banner", "org_id": None}
        if name_key(cue.text) in d.data.continuations and self.last is not None:
            return dict(self.last)
        end_tok = min(len(d.tokens), cue.last_token + _WINDOW)
        b = min(limit, d.tokens[end_tok - 1].end if end_tok > 0 else limit)
        for k in range(cue.last_token, end_tok):  # the subject precedes إن/أن in VSO order
            if d.tokens[k].norm in d.data.complementizers:
                b = min(b, d.tokens[k].start)
                break
        after = self._candidates(cue.end, b, statement)
        if statement:
            # "في تصريح لوكالة الأنباء": the outlet a statement was given to is not who gave it
            after = [c for c in after if not self._addressed(c[0])]
        before = self._candidates(sent_start, cue.start, statement)
        if before and cue.cue.lang == "en":
            return before[-1][1]  # "The army said its jets struck ...": English puts the subject first
        if after:
            return after[0][1]
        if before:
            # "ونفت القوات استهداف المدنيين، وقالت إن ...": the victims named are not who speaks.
            speakers = [c for c in before if c[1].get("org_id") not in _victim_groups()] or before
            return speakers[-1][1]
        if self.last is not None:
            return dict(self.last)
        # "وأوضحت في بيانها أن ...": a verb with no subject continues the report's source.
        return self._source_before(cue.start)

    def _addressed(self, start: int) -> bool:
        """The name at `start` is written with the preposition ل ("لوكالة", "للقناة")."""
        d = self.d
        tok = d.tokens[d.token_index(start)]
        return d.text[tok.start:start] in ("ل", "ول", "لل", "ولل")

    def _source_before(self, offset: int) -> dict[str, Any] | None:
        """The nearest reporting source (SOURCE span) before `offset`, as a speaker."""
        src = max((s for s in self.d.doc.spans if s.label == "SOURCE" and s.end <= offset),
                  key=lambda s: s.start, default=None)
        if src is None:
            return None
        a = src.attrs
        return {"name": a.get("name") or src.text, "name_ar": src.text if _ARABIC_RE.search(src.text) else None,
                "role": None, "org_id": a.get("kb_id")}


def _in_mention(m: RoleMention, offset: int) -> bool:
    if m.role_start <= offset < m.role_end:
        return True
    return m.name_start is not None and m.name_start <= offset < m.name_end


# --------------------------------------------------------------------------- finding quotes


def _entity_covers(d: _Doc, a: int, b: int) -> bool:
    return any(s.start <= a and b <= s.end for s in d.entities) or any(
        m.name_start is not None and m.name_start <= a and b <= m.name_end for m in d.mentions)


def _is_name(d: _Doc, open_pos: int, content: str) -> bool:
    """A short quoted phrase is a name when a name noun precedes it ('صحيفة "..."') or when
    the same words recur in the document (names repeat, quotations rarely do)."""
    k = d.token_index(open_pos) - 1
    if k >= 0 and {v[0] for v in d.tokens[k].variants} & d.data.name_heads:
        return True
    key = normalize(" ".join(content.split()))
    return d.norm_text.count(key) >= 2


def find_quotes(doc: Document) -> list[dict[str, Any]]:
    """Quotations in text order: {speaker, text, start, end, verb, kind}; start/end cover the
    quoted words without the marks; kind is "direct" or "reported"."""
    d = _Doc(doc)
    text = doc.text
    regions = quote_marks(text)
    inside = [(o, e + 1) for o, e, _c in regions]

    def in_quote(pos: int) -> bool:
        return any(a <= pos < b for a, b in inside)

    cues = [c for c in d.cues if not in_quote(c.start)]
    items: list[tuple[int, str, Any]] = [(o, "direct", (o, e, closed)) for o, e, closed in regions]
    for c in cues:
        if c.cue.kind == "verb" and c.cue.lang == "ar":
            items.append((c.start, "reported", c))
    items.sort(key=lambda x: x[0])

    speakers = _Speakers(d)
    out: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for pos, kind, item in items:
        speakers.learn(pos)
        if kind == "direct":
            q = _direct(d, speakers, cues, item, text)
        else:
            q = _reported(d, speakers, item, text, inside)
        if q is None:
            continue
        if any(a < q["end"] and q["start"] < b for a, b in taken):
            continue
        taken.append((q["start"], q["end"]))
        speakers.quoted.append((q["start"], q["end"]))
        speakers.remember(q["speaker"])
        out.append(q)
    out.sort(key=lambda q: q["start"])
    return out


def _direct(d: _Doc, speakers: _Speakers, cues: list[_CueMatch], region: tuple[int, int, bool],
            text: str) -> dict[str, Any] | None:
    open_pos, end, closed = region
    start = open_pos + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    content = text[start:end]
    words = _word_count(content)
    if words < 2 or _entity_covers(d, start, end):
        return None
    si = d.sentence_index(open_pos)
    sent_start, sent_end = d.sentences[si]
    close_pos = end if not closed else region[1]
    same = [c for c in cues if sent_start <= c.start and c.end <= open_pos]
    # '"...," said X' in English; '"..."، قال X' in Arabic only with the verb right after the quote.
    after = [c for c in cues if close_pos < c.start < d.sentences[d.sentence_index(close_pos)][1]
             and (c.cue.lang == "en" and c.start - close_pos < 80
                  or c.cue.lang == "ar" and c.cue.kind == "verb" and _ARABIC_AFTER_QUOTE.fullmatch(text, close_pos + 1, c.start))]
    glued = open_pos > 0 and (text[open_pos - 1] in _CLITIC_GLUE or _WORD_RE.match(text[open_pos - 1]))
    if words <= _SHORT and (not (same or after) or glued or _letter_words(content) < 2):
        return None
    if words <= _SHORT + 1 and _is_name(d, open_pos, content):
        return None
    cue, speaker = None, None
    if same:
        cue = same[-1]
        speaker = speakers.for_cue(cue, open_pos, sent_start)
    elif after:
        cue = after[0]
        # '"...," Houthi spokesman Yahya Saree said': the name right before the verb is its
        # subject; '"...," said Yahya Saree, the spokesman': the first one after it.
        before_cue = speakers._candidates(close_pos, cue.start, False)
        after_cue = speakers._candidates(cue.end, d.sentences[d.sentence_index(close_pos)][1], False)
        speaker = _subject_before_verb(before_cue) if before_cue else after_cue[0][1] if after_cue else speakers.last
    elif si > 0:
        prev_start = d.sentences[si - 1][0]
        prev = [c for c in cues if prev_start <= c.start and c.end <= open_pos]
        if prev:
            cue = prev[-1]
            speaker = speakers.for_cue(cue, open_pos, d.sentences[d.sentence_index(cue.start)][0])
    if cue is None:
        return None
    return {"speaker": speaker, "text": content, "start": start, "end": end,
            "verb": cue.text if cue else None, "kind": "direct"}


def _subject_before_verb(candidates: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    """The speaker named right before an English speech verb; an office holder named only by
    role is the organisation's named just before it ("a UN official told": a United Nations
    official)."""
    speaker = candidates[-1][1]
    org = candidates[-2][1] if len(candidates) > 1 else None
    if speaker.get("org_id") is None and speaker.get("role") and speaker.get("name") == speaker.get("role") \
            and org is not None and org.get("org_id") and not org.get("role"):
        return {**speaker, "name": f"{org['name']} {speaker['role']}", "org_id": org["org_id"]}
    return speaker


def _reported(d: _Doc, speakers: _Speakers, cue: _CueMatch, text: str,
              inside: list[tuple[int, int]]) -> dict[str, Any] | None:
    si = d.sentence_index(cue.start)
    sent_start, sent_end = d.sentences[si]
    comp = None
    for k in range(cue.last_token, min(len(d.tokens), cue.last_token + _WINDOW)):
        t = d.tokens[k]
        if t.start >= sent_end or t.norm == '"':
            break
        if t.norm in d.data.complementizers:
            comp = t
            break
    if comp is None:
        return None
    start = comp.end
    while start < sent_end and text[start].isspace():
        start += 1
    if start >= sent_end or text[start] in _MARKS:
        return None
    end = sent_end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".،,;؛"):
        end -= 1
    if any(a < end and start < b for a, b in inside) or _word_count(text[start:end]) < 2:
        return None
    speaker = speakers.for_cue(cue, comp.start, sent_start)
    return {"speaker": speaker, "text": text[start:end], "start": start, "end": end,
            "verb": cue.text, "kind": "reported"}
