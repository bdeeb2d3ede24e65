"""Persons named with a role: "المتحدث باسم الجيش أحمد ..." / "العميد ..." / "X, a spokesman for Y".

News names people through the office they hold far more often than through a dictionary of
names, so a person is found from a role noun or title (``data/roles.yaml``) and the name that
follows it (or precedes it, as an apposition).  Between an office and the name may stand the
organisation ("باسم <ORG>", a KB span, article-prefixed genitives such as "الخارجية التركي").
Unnamed sources ("مصدر أمني") are persons with a role and no name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from functools import lru_cache
from typing import Any

from ..datafiles import DataFileError, read_yaml
from ..document import Document, Span
from ..text.normalize import ARABIC_MARKS, normalize
from ..text.tokens import Token, tokenize
from .matcher import Matcher, name_key

__all__ = ["RoleDef", "RoleData", "RoleMention", "RolesDataError", "load_roles", "parse_roles",
           "role_mentions", "find_persons", "ENTITY_LABELS"]

ROLES_FILE = "roles.yaml"
ROLE_KINDS = ("office", "title", "source")
# Spans that are organisations, places or already-known persons: a name never runs into them.
ENTITY_LABELS = frozenset({"ACTOR", "ORG", "LOC", "GPE", "PERSON"})
ORG_LABELS = frozenset({"ACTOR", "ORG"})
_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_MAX_NAME = 4
_MAX_SKIP = 10


class RolesDataError(DataFileError):
    """roles.yaml is malformed (the message names the file and the reason)."""


@dataclass(frozen=True, slots=True)
class RoleDef:
    role: str  # English label: "spokesperson", "security source", ...
    kind: str  # office / title / source
    form: str  # the form as written in the data file


@dataclass(frozen=True, slots=True)
class RoleData:
    matcher: Matcher
    roles: tuple[RoleDef, ...]
    org_heads: frozenset[str]
    stopwords: frozenset[str]
    introducers: frozenset[str]
    connectors: frozenset[str]
    en_stopwords: frozenset[str]
    modifiers: frozenset[str] = frozenset()  # "السابق": qualifies the office, before the name
    list_introducers: frozenset[str] = frozenset()  # "وهم": a list of names follows a colon
    maqsura_stops: frozenset[str] = frozenset()  # stopwords spelt with ى ("على" vs the name "علي")
    given_names: frozenset[str] = frozenset()  # "محمد": may open the name of a person with no role
    apposition_openers: frozenset[str] = frozenset()  # "وهو": a description of the person named


@dataclass(slots=True)
class RoleMention:
    role: str
    kind: str
    role_start: int
    role_end: int  # end of the role phrase with its organisation complement
    first_token: int
    last_token: int  # one past the role noun's last token
    name_start: int | None = None
    name_end: int | None = None
    org_id: str | None = None
    kb_id: str | None = None
    english_name: str | None = None


def _word_list(data: dict, key: str, path: str, *, arabic: bool | None) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words:
        raise RolesDataError(f"{path}: {key!r} must be a non-empty list")
    seen: set[str] = set()
    for w in words:
        if not isinstance(w, str) or not w.strip():
            raise RolesDataError(f"{path}: {key}: empty or non-text entry {w!r}")
        if arabic is True and not _ARABIC_RE.search(w):
            raise RolesDataError(f"{path}: {key}: {w!r} has no Arabic letters")
        if arabic is False and _ARABIC_RE.search(w):
            raise RolesDataError(f"{path}: {key}: {w!r} must be Latin")
        if w in seen:
            raise RolesDataError(f"{path}: {key}: {w!r} listed twice")
        seen.add(w)
    return words


def parse_roles(data: Any, path: str = ROLES_FILE) -> RoleData:
    """Validate the parsed roles.yaml and compile its matcher."""
    if not isinstance(data, dict):
        raise RolesDataError(f"{path}: top level must be a mapping")
    unknown = set(data) - {"roles", "org_heads", "name_stopwords", "name_introducers", "name_connectors",
                           "en_stopwords", "role_modifiers", "list_introducers", "given_names", "apposition_openers"}
    if unknown:
        raise RolesDataError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    entries = data.get("roles")
    if not isinstance(entries, list) or not entries:
        raise RolesDataError(f"{path}: 'roles' must be a non-empty list")
    matcher = Matcher()
    owner: dict[str, str] = {}
    defs: list[RoleDef] = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise RolesDataError(f"{path}: role #{i} must be a mapping")
        role = entry.get("role")
        if not isinstance(role, str) or not role.strip():
            raise RolesDataError(f"{path}: role #{i} needs a non-empty 'role' label")
        extra = set(entry) - {"role", "kind", "ar", "en"}
        if extra:
            raise RolesDataError(f"{path}: role {role!r}: unknown field(s) {', '.join(sorted(extra))}")
        kind = entry.get("kind")
        if kind not in ROLE_KINDS:
            raise RolesDataError(f"{path}: role {role!r}: kind must be one of {ROLE_KINDS}, got {kind!r}")
        for lang in ("ar", "en"):
            forms = _word_list(entry, lang, f"{path}: role {role!r}", arabic=(lang == "ar"))
            for form in forms:
                key = name_key(form)
                if not key:
                    raise RolesDataError(f"{path}: role {role!r}: form {form!r} has no words")
                if key in owner and owner[key] != role:
                    raise RolesDataError(f"{path}: role {role!r}: form {form!r} also belongs to {owner[key]!r}")
                owner[key] = role
                d = RoleDef(role.strip(), kind, form)
                defs.append(d)
                matcher.add_key(key, d)
    norm = lambda words: frozenset(normalize(w) for w in words)  # noqa: E731
    stops = _word_list(data, "name_stopwords", path, arabic=True)
    return RoleData(
        matcher=matcher,
        roles=tuple(defs),
        org_heads=norm(_word_list(data, "org_heads", path, arabic=True)),
        stopwords=norm(stops),
        introducers=norm(_word_list(data, "name_introducers", path, arabic=True)),
        connectors=norm(_word_list(data, "name_connectors", path, arabic=True)),
        en_stopwords=frozenset(_word_list(data, "en_stopwords", path, arabic=False)),
        modifiers=norm(_word_list(data, "role_modifiers", path, arabic=True)),
        list_introducers=norm(_word_list(data, "list_introducers", path, arabic=True)),
        given_names=norm(_word_list(data, "given_names", path, arabic=True)),
        apposition_openers=norm(_word_list(data, "apposition_openers", path, arabic=True)),
        maqsura_stops=norm(w for w in stops if w.endswith("ى")),
    )


@lru_cache(maxsize=1)
def load_roles() -> RoleData:
    """The packaged role data (validated; raises RolesDataError naming the file)."""
    return parse_roles(read_yaml("marsad.kb.data", ROLES_FILE, RolesDataError), ROLES_FILE)


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    # Speech verbs end a name ("العميد أحمد قال"); they live with the quote finder's data.
    from ..extraction.quotes import load_speech_verbs

    return load_speech_verbs().single_forms


@lru_cache(maxsize=1)
def _complementizers() -> frozenset[str]:
    # "قال محمد العلي إن ...": what opens reported speech ends a speaker's name.
    from ..extraction.quotes import load_speech_verbs

    return load_speech_verbs().complementizers


@lru_cache(maxsize=1)
def _officials() -> Any:
    from .actors import load_actors

    return load_actors()


# --------------------------------------------------------------------------- token context


class _SpanAt:
    """Per token (by its index), the entity span covering it: among the spans sorted by
    (start, -end), from the first one that ends after the token starts, the first of the next
    four that overlaps it.  Found when asked and kept: the role mentions of a document ask
    about a few dozen tokens, fewer than its spans cover (finding every covered token's span
    up front cost more than the mentions that read them)."""

    __slots__ = ("_tokens", "_spans", "_reach", "_found")

    def __init__(self, tokens: list[Token], entities: list[Span]):
        self._tokens = tokens
        self._spans = sorted(entities, key=lambda s: (s.start, -s.end))
        # The first span ending after x is where the running maximum of the ends first passes x.
        self._reach = list(accumulate((s.end for s in self._spans), max))
        self._found: dict[int, Span | None] = {}

    def __len__(self) -> int:
        return len(self._tokens)

    def __getitem__(self, i: int) -> Span | None:
        found = self._found.get(i, _UNSEEN)
        if found is _UNSEEN:
            t = self._tokens[i]
            k = bisect_right(self._reach, t.start)
            found = None
            for s in self._spans[k:k + 4]:
                if s.start < t.end and t.start < s.end:
                    found = s
                    break
            self._found[i] = found
        return found


_UNSEEN = object()


def _span_at(tokens: list[Token], entities: list[Span]) -> list[Span | None]:
    """Per token, the entity span covering it (`_SpanAt`, asked of every token)."""
    span_at = _SpanAt(tokens, entities)
    return [span_at[i] for i in range(len(tokens))]


_last_context: list[Any] = []  # [data, tokens, text, entities, context] of the last call


def _context(doc: Document, data: RoleData, tokens: list[Token], entities: list[Span]) -> "_Context":
    """A `_Context`, shared by the finders of one document (building its span map is the cost)."""
    last = _last_context
    if last and last[0] is data and last[1] is tokens and last[2] is doc.text and len(last[3]) == len(entities) \
            and all(a is b for a, b in zip(last[3], entities)):
        return last[4]
    ctx = _Context(doc, data, tokens, entities)
    _last_context[:] = [data, tokens, doc.text, entities, ctx]
    return ctx


class _Context:
    """Tokens of a document with the entity span covering each token."""

    def __init__(self, doc: Document, data: RoleData, tokens: list[Token], entities: list[Span]):
        self.doc = doc
        self.text = doc.text
        self.data = data
        self.tokens = tokens
        self.n = len(self.tokens)
        self.span_at = _SpanAt(tokens, entities)
        self.speech = _speech_forms()

    def gap_breaks(self, i: int) -> bool:
        """True when a line break separates token i-1 from token i."""
        return i > 0 and "\n" in self.text[self.tokens[i - 1].end:self.tokens[i].start]

    def forms(self, i: int) -> list[str]:
        return [v[0] for v in self.tokens[i].variants]

    def clitic_forms(self, i: int) -> list[str]:
        """The token and its forms without leading و ف ب ل ك only (no future س, no enclitic):
        "وفي" is "في", but "سامي" is not "ام"."""
        t = self.tokens[i]
        return [f for f, s, e in t.variants
                if e == t.end and all(c in "وفبلك" for c in self.text[t.start:s])]

    def is_stop(self, i: int) -> bool:
        t = self.tokens[i]
        if t.kind != "word":
            return True
        if _LATIN_RE.match(t.text):
            return t.text in self.data.en_stopwords or not t.text[0].isupper()
        forms = self.clitic_forms(i)
        if forms[0] in self.data.maqsura_stops and t.text.rstrip(ARABIC_MARKS).endswith("ي"):
            return False  # "علي" the name, not "على" the preposition
        stops = self.data.stopwords
        if any(f in stops or f in self.speech for f in forms):
            return True
        # "فيه", "عليها": a preposition with its pronoun; "بيانا": a noun in the indefinite
        # accusative.  Neither is ever a name.
        return any(f in stops for f, s, e in t.variants
                   if e < t.end and all(c in "وفبلك" for c in self.text[t.start:s])) or \
            (forms[0].endswith("ا") and forms[0][:-1] in stops)

    def has_article(self, i: int) -> bool:
        # The article, possibly behind a conjunction or preposition ("والإعلام", "للجيش").
        return any(f.startswith("ال") and len(f) > 3 for f in self.clitic_forms(i)) and \
            self.tokens[i].norm not in self.data.connectors

    def is_arabic(self, i: int) -> bool:
        return bool(_ARABIC_RE.match(self.tokens[i].text))


def _boundary_after(ctx: _Context, q: int) -> bool:
    """A name may end with an article word (الإعيسر) only when nothing name-like follows."""
    nq = q + 1
    if nq >= ctx.n or ctx.gap_breaks(nq):
        return True
    t = ctx.tokens[nq]
    return t.kind == "punct" or ctx.is_stop(nq) or ctx.span_at[nq] is not None or _prep_article(ctx, nq)


def _prep_article(ctx: _Context, q: int) -> bool:
    """"للصحفيين", "بالقرب": a preposition glued to the article starts a new phrase."""
    t = ctx.tokens[q]
    if not ctx.is_arabic(q):
        return False
    return t.norm.startswith("لل") or (t.norm[:1] in "بلك" and
                                        any(f.startswith("ال") for f in ctx.clitic_forms(q)[1:]))


def _name_at(ctx: _Context, p: int, role_tokens: set[int]) -> tuple[int, int] | None:
    """Token range [p, q) of a name starting at token p, or None."""
    data = ctx.data
    if p < ctx.n and ctx.tokens[p].norm in data.introducers:
        p += 1
    if p >= ctx.n or ctx.gap_breaks(p):
        return None
    picked: list[int] = []
    q = p
    while q < ctx.n and len(picked) < _MAX_NAME:
        t = ctx.tokens[q]
        if picked and ctx.gap_breaks(q):
            break
        if t.norm == "-" and picked and not ctx.is_arabic(picked[-1]) and q + 1 < ctx.n \
                and t.start == ctx.tokens[q - 1].end and _LATIN_RE.match(ctx.tokens[q + 1].text):
            q += 1  # "Abd-Rabbu": the hyphen joins two parts of one name
            continue
        if t.kind != "word" or ctx.span_at[q] is not None or q in role_tokens or ctx.is_stop(q) \
                or _prep_article(ctx, q) or "ـ" in t.text:  # ("لـ«الجزيرة»": a preposition drawn out)
            break
        if ctx.is_arabic(q):
            article = ctx.has_article(q)
            prev_connector = bool(picked) and ctx.tokens[picked[-1]].norm in data.connectors
            if not picked:
                if article:
                    break
            elif article and not prev_connector:
                if _boundary_after(ctx, q):
                    picked.append(q)
                break
            elif t.norm.startswith("و") and len(picked) >= 2 and not prev_connector:
                break
        elif not _LATIN_RE.match(t.text):
            break
        picked.append(q)
        q += 1
    if not picked:
        return None
    if ctx.tokens[picked[-1]].norm in data.connectors:  # "أبو" alone is not a name
        picked.pop()
    return (picked[0], picked[-1] + 1) if picked else None


def _name_before(ctx: _Context, r: int, role_tokens: set[int]) -> tuple[int, int] | None:
    """Apposition: "<NAME>، [وهو] المتحدث ..." / "<Name>, a spokesman ..." ending before token r."""
    k = r - 1
    while k >= 0 and ctx.tokens[k].norm in ("وهو", "وهي", "هو", "هي", "a", "an", "the"):
        k -= 1
    if k < 1 or ctx.tokens[k].norm != "," or ctx.gap_breaks(k + 1):
        return None
    person = ctx.span_at[k - 1]
    if person is not None and person.label == "PERSON":
        # (the name found before: the same apposition, read again once persons are spans)
        first = k - 1
        while first > 0 and ctx.span_at[first - 1] is person:
            first -= 1
        return first, k
    run: list[int] = []
    q = k - 1
    while q >= 0 and len(run) < _MAX_NAME + 2:
        t = ctx.tokens[q]
        if t.kind != "word" or ctx.span_at[q] is not None or q in role_tokens or ctx.is_stop(q):
            break
        if not ctx.is_arabic(q) and not _LATIN_RE.match(t.text):
            break
        run.append(q)
        if ctx.gap_breaks(q):
            break
        q -= 1
    run.reverse()
    # The longest valid name ending at the comma: no article except last or after a connector.
    for a in range(max(0, len(run) - _MAX_NAME), len(run)):
        cand = run[a:]
        ok = not ctx.has_article(cand[0]) if ctx.is_arabic(cand[0]) else True
        for pos in range(1, len(cand)):
            if ctx.is_arabic(cand[pos]) and ctx.has_article(cand[pos]) and pos != len(cand) - 1 \
                    and ctx.tokens[cand[pos - 1]].norm not in ctx.data.connectors:
                ok = False
        if ok:
            return cand[0], cand[-1] + 1
    return None


def _english_possessor_before(ctx: _Context, r: int) -> tuple[int, str | None] | None:
    """"al Shabaab's military operations spokesman": the organisation span and "'s" (then up to
    three lower-case words) before role token r, as (its first token, its kb id)."""
    k = r - 1
    for _ in range(3):
        if k >= 0 and ctx.tokens[k].text.isascii() and ctx.tokens[k].text.isalpha() and ctx.tokens[k].text.islower() \
                and ctx.tokens[k].norm != "s":
            k -= 1
    if k < 2 or ctx.tokens[k].norm != "s" or ctx.tokens[k - 1].text not in ("'", "’"):
        return None
    span = ctx.span_at[k - 2]
    if span is None or span.label not in ORG_LABELS:
        return None
    first = k - 2
    while first > 0 and ctx.span_at[first - 1] is span:
        first -= 1
    return first, span.attrs.get("kb_id")


def _addressed_outlet(ctx: _Context, token: Token, span: Span) -> bool:
    """A news outlet after the preposition لـ ("لوكالة", "لقناة"): the one the speaker talked to."""
    return span.attrs.get("kind") == "media_outlet" and ctx.text[token.start:span.start] in ("ل", "ول")


def _skip_complement(ctx: _Context, j: int, starts: dict[int, Any]) -> tuple[int, str | None]:
    """Skip the organisation part after an office noun; return (next token, org kb id)."""
    data = ctx.data
    p, org_id, skipped = j, None, 0
    nisba_ok = True
    while p < ctx.n and skipped < _MAX_SKIP:
        if ctx.gap_breaks(p):
            break
        t = ctx.tokens[p]
        span = ctx.span_at[p]
        if span is not None and _addressed_outlet(ctx, t, span):
            break  # "قال المتحدث باسم الجيش لقناة الجزيرة": whom he told, not whose spokesman
        if span is not None and span.label != "PERSON":
            if span.label in ORG_LABELS and org_id is None:
                org_id = span.attrs.get("kb_id")
            while p < ctx.n and ctx.span_at[p] is span:
                p += 1
            skipped += 1
            nisba_ok = False
            continue
        if t.kind != "word":
            break
        forms = ctx.forms(p)
        if t.norm in ("باسم", "لدى", "في"):
            # "باسم/في/لدى <ORG>": the preposition belongs to the complement only when an
            # organisation-like word follows it.
            nxt = p + 1
            if nxt < ctx.n and (ctx.span_at[nxt] is not None or ctx.has_article(nxt)
                                or any(f in data.org_heads for f in ctx.forms(nxt))):
                p += 1
                skipped += 1
                continue
            break
        if p in starts:  # a chained role: "المتحدث باسم الحكومة وزير الإعلام ..."
            p = starts[p]
            skipped += 1
            nisba_ok = True
            continue
        if ctx.is_arabic(p) and ctx.has_article(p) and not ctx.is_stop(p):
            p += 1
            skipped += 1
            nisba_ok = False
            continue
        if any(f in data.org_heads for f in forms):
            p += 1
            skipped += 1
            if p < ctx.n and ctx.tokens[p].kind == "word" and ctx.span_at[p] is None and not ctx.has_article(p) \
                    and not ctx.is_stop(p) and p not in starts:
                p += 1  # its bare genitive: "مجلس منبج"
            nisba_ok = False
            continue
        if nisba_ok and ctx.is_arabic(p) and (t.norm.endswith("ي") or t.norm.endswith("يه")) and len(t.norm) >= 4 \
                and not ctx.is_stop(p):
            p += 1  # indefinite nisba adjective: "مسؤول صومالي"
            skipped += 1
            continue
        break
    return p, org_id


# (matcher, tokens, text, matches) of the last call: persons, sources and quotes each ask for
# the role mentions of the same document, and the matcher pass depends only on its tokens.
_last_roles: tuple[Any, list[Token], int, str, list[Any]] | None = None


def _role_matches(data: RoleData, tokens: list[Token], text: str) -> list[Any]:
    global _last_roles
    last = _last_roles
    if (last is not None and last[0] is data.matcher and last[1] is tokens and last[2] == len(tokens)
            and last[3] is text):
        return last[4]
    matches = data.matcher.find(tokens, text)
    _last_roles = (data.matcher, tokens, len(tokens), text, matches)
    return matches


# (data, tokens, text, entity spans, mentions) of the last call: sources and then quotes ask
# for the role mentions of the same document, whose entity spans (all the mentions depend on
# besides its text) have not changed in between.  The mentions are only read by callers.
_last_mentions: tuple[Any, list[Token], str, list[Span], list[RoleMention]] | None = None


def role_mentions(doc: Document, data: RoleData | None = None) -> list[RoleMention]:
    """Every role mention with its name (when given), in text order; unnamed ones included."""
    global _last_mentions
    data = data or load_roles()
    tokens = doc.tokens or tokenize(doc.text)
    entities = [s for s in doc.spans if s.label in ENTITY_LABELS]
    last = _last_mentions
    if (last is not None and last[0] is data and last[1] is tokens and last[2] is doc.text
            and len(last[3]) == len(entities) and all(a is b for a, b in zip(last[3], entities))):
        return list(last[4])
    mentions = _role_mentions(doc, data, tokens, entities)
    _last_mentions = (data, tokens, doc.text, entities, mentions)
    return list(mentions)


def _role_mentions(doc: Document, data: RoleData, tokens: list[Token], entities: list[Span]) -> list[RoleMention]:
    ctx = _context(doc, data, tokens, entities)
    matches = []
    heads: dict[int, Span] = {}  # first token of an office that heads an actor span -> the span
    for m in _role_matches(data, ctx.tokens, doc.text):
        if "س" in doc.text[ctx.tokens[m.first_token].start:m.start]:
            continue  # a role is a noun, never after the future marker: "سامر" is no س + آمر
        covering = {id(s): s for k in range(m.first_token, m.last_token)
                    if (s := ctx.span_at[k]) is not None and s.label != "PERSON"}
        if covering and not (m.payloads[0].kind == "source" and all(
                m.start <= c.start and c.end < m.end for c in covering.values())):
            # ("مسؤول عسكري": an unnamed source whose words run past a generic actor's name)
            head = _office_heading(ctx, m, list(covering.values()))
            if head is None:
                continue
            heads[m.first_token] = head
        matches.append(m)
    starts = {m.first_token: m.last_token for m in matches}
    role_tokens = {k for m in matches for k in range(m.first_token, m.last_token)}
    out: list[RoleMention] = []
    for m in matches:
        d: RoleDef = m.payloads[0]
        j = m.last_token
        latin = bool(_LATIN_RE.match(ctx.tokens[m.first_token].text))
        first = ctx.tokens[m.first_token]
        role_start = m.start
        for form, vs, ve in first.variants:
            # "الرئيس" matched as "رئيس": the role text keeps the article.
            if ve == first.end and vs < role_start and form.startswith("ال") and normalize(doc.text[vs:m.start]) == "ال":
                role_start = vs
        mention = RoleMention(d.role, d.kind, role_start, m.end, m.first_token, j)
        if d.kind == "source":
            out.append(mention)
            continue
        head = heads.get(m.first_token)
        if head is not None:
            # "وزير الخارجية العراقي <NAME>": the actor span is the office with its complement.
            while j < ctx.n and ctx.span_at[j] is head:
                j += 1
        p, org_id = (j, None) if d.kind == "title" or latin else _skip_complement(ctx, j, starts)
        p = _skip_modifiers(ctx, p)
        if head is not None:
            org_id = head.attrs.get("kb_id") or org_id
        if latin and j < ctx.n and ctx.tokens[j].norm in ("for", "of"):
            k = j + 1
            while k < ctx.n and ctx.tokens[k].norm in ("the", "a", "an"):
                k += 1
            # ("a spokesman for the Plateau state police command": up to two words before the body)
            for k in range(k, min(k + 3, ctx.n)):
                span = ctx.span_at[k]
                if span is not None or ctx.tokens[k].kind != "word":
                    if span is not None and span.label in ORG_LABELS:
                        org_id = span.attrs.get("kb_id")
                    break
        elif latin and m.first_token and (before := ctx.span_at[m.first_token - 1]) is not None \
                and before.label in ORG_LABELS and before.end == ctx.tokens[m.first_token - 1].end:
            org_id = before.attrs.get("kb_id")  # "police spokesman Alfred Alabo": the body is part of the role
            mention.role_start = before.start
        mention.org_id = org_id
        if p > j:
            last = p - 1
            while last >= j and ctx.tokens[last].kind == "punct":
                last -= 1
            mention.role_end = max(m.end, ctx.tokens[last].end)
        name: tuple[int, int] | None = None
        if p < ctx.n and ctx.tokens[p].norm == "," and d.kind == "office" and _past_aside(ctx, p) != p:
            p = _past_aside(ctx, p) + 1  # "المتحدث باسم القوات، في المنطقة الشمالية، أحمد ..."
        span = ctx.span_at[p] if p < ctx.n else None
        if span is not None and span.label == "PERSON":
            mention.name_start, mention.name_end = span.start, span.end
            mention.kb_id = span.attrs.get("kb_id")
            mention.english_name = span.attrs.get("name")
            out.append(mention)
            continue
        if p < ctx.n and ctx.tokens[p].norm == "," and d.kind == "office":
            name = _name_at(ctx, p + 1, role_tokens)  # "المتحدث باسم الجيش، أحمد ..."
            if name and not (name[1] >= ctx.n or ctx.tokens[name[1]].norm in (",", ".") or
                             _boundary_after(ctx, name[1] - 1)):
                name = None
        elif p == j or d.kind == "office":
            name = _name_at(ctx, p, role_tokens)  # (also right after an aside)
        if name is None and d.kind == "office":
            name = _name_before(ctx, m.first_token, role_tokens)
            possessor = _english_possessor_before(ctx, m.first_token) if name is None else None
            if possessor is not None:
                # "Ahmed Ali, al Shabaab's military spokesman, said": the organisation is his
                name = _name_before(ctx, possessor[0], role_tokens)
                if name is not None:
                    mention.role_start = ctx.tokens[possessor[0]].start
                    mention.org_id = mention.org_id or possessor[1]
        if name is not None:
            mention.name_start = ctx.tokens[name[0]].start
            mention.name_end = ctx.tokens[name[1] - 1].end
        elif head is not None:
            continue  # the unnamed office is already the actor span
        out.append(mention)
    return out


_ASIDE_OPENERS = frozenset({"في", "فى"})


def _past_aside(ctx: _Context, comma: int) -> int:
    """The comma closing a place aside that opens after the comma at `comma` ("، في المنطقة
    العسكرية الشمالية،"), else `comma` itself."""
    if comma + 1 < ctx.n and ctx.tokens[comma + 1].norm in _ASIDE_OPENERS:
        for k in range(comma + 2, min(ctx.n, comma + 9)):
            if ctx.tokens[k].norm == ",":
                return k
            if ctx.tokens[k].kind == "punct":
                break
    return comma


def _skip_modifiers(ctx: _Context, p: int) -> int:
    """The token after the office's qualifiers ("السابق", "المنتهية ولايته")."""
    while p < ctx.n and ctx.span_at[p] is None and ctx.is_arabic(p) \
            and any(f in ctx.data.modifiers for f in ctx.clitic_forms(p)):
        p += 1
    return p


def _office_heading(ctx: _Context, m: Any, covering: list[Span]) -> Span | None:
    """The organisation/actor span that role match `m` begins ("وزير الخارجية",
    "الأمين العام لجامعة الدول العربية"), when the office is the span's head; else None."""
    if len(covering) != 1 or m.payloads[0].kind != "office":
        return None
    span = covering[0]
    first = m.first_token
    if span.label not in ORG_LABELS or ctx.span_at[first] is not span:
        return None
    return span if first == 0 or ctx.span_at[first - 1] is not span else None


def _official_id(name: str) -> tuple[str | None, str | None]:
    try:
        found = [a for a in _officials().lookup(name) if a.kind == "official"]
    except Exception:  # noqa: BLE001 - a broken actor file must not stop person finding
        return None, None
    return (found[0].id, found[0].name) if len(found) == 1 else (None, None)


def official_org(kb_id: str | None) -> str | None:
    """The organisation a known official speaks for (the knowledge base's parent)."""
    actor = _officials().by_id.get(kb_id) if kb_id else None
    return actor.parent if actor is not None else None


def mention_to_span(doc: Document, m: RoleMention) -> Span:
    if m.name_start is not None:
        start, end = m.name_start, m.name_end
        name = doc.text[start:end]
        kb_id, english = m.kb_id, m.english_name
        if kb_id is None:
            kb_id, english = _official_id(name)
    else:
        start, end, name, kb_id, english = m.role_start, m.role_end, None, None, None
    attrs = {
        "name": name,
        "name_en": english,
        "role": m.role,
        "role_text": doc.text[m.role_start:m.role_end],
        "role_start": m.role_start,
        "role_end": m.role_end,
        # An official the knowledge base knows speaks for the organisation it records as theirs.
        "org_id": m.org_id or official_org(kb_id),
        "kb_id": kb_id,
    }
    return Span("PERSON", start, end, doc.text[start:end], attrs)


def find_persons(doc: Document) -> list[Span]:
    """PERSON spans: named role holders, plus unnamed sources and unnamed office holders whose
    organisation is stated ("متحدث باسم الحركة").  attrs: name (as written, None when unnamed),
    name_en (KB English name of an official), role (English label), role_text (as written),
    org_id, kb_id."""
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for m in role_mentions(doc):
        named = m.name_start is not None
        if not named and m.kind != "source" and m.org_id is None and "باسم" not in doc.text[m.role_start:m.role_end]:
            continue
        span = mention_to_span(doc, m)
        if (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        out.append(span)
    for start, end in _listed_names(doc) + _speakers_named(doc) + _english_speakers_named(doc) + _family_named(doc):
        if (start, end) not in seen:
            out.append(Span("PERSON", start, end, doc.text[start:end], {
                "name": doc.text[start:end], "name_en": None, "role": None, "role_text": None,
                "role_start": None, "role_end": None, "org_id": None, "kb_id": None}))
    return out


def _colons(tokens: list[Token]) -> list[int]:
    """The indexes of the tokens ":" (searched in C: most texts have few or none)."""
    norms = [t.norm for t in tokens]
    found: list[int] = []
    at = 0
    while True:
        try:
            at = norms.index(":", at) + 1
        except ValueError:
            return found
        found.append(at - 1)


def _speakers_named(doc: Document) -> list[tuple[int, int]]:
    """People named with no role: "وقال محمد العلي: ..." (a speech verb before the name, a colon,
    comma, "إن" or a quotation mark after it) or "أم محمد، وهي نازحة ..." (an apposition after it).  The name
    opens with a given name or a kunya, and has two words or more."""
    data = load_roles()
    tokens = doc.tokens or tokenize(doc.text)
    speech = _speech_forms()
    ctx: _Context | None = None
    out: list[tuple[int, int]] = []
    openers = _name_openers()  # (one set, not three tests of the role data's fields per token)
    for i, nxt in enumerate(tokens[1:]):
        if nxt.norm not in openers:
            continue
        tok = tokens[i]
        # (cheap tests first: a speech verb before, or "، وهو" a few words after)
        if not any(f in speech for f, _s, _e in tok.variants) and not any(
                t.norm in data.apposition_openers for t in tokens[i + 3:i + 8]):
            continue
        ctx = ctx or _context(doc, data, tokens, [s for s in doc.spans if s.label in ENTITY_LABELS])
        if nxt.norm == KUNYA_MOTHER:  # "أم محمد": "أم" is also "or", a stopword of names
            rest = _name_at(ctx, i + 2, set()) if i + 2 < len(tokens) and tokens[i + 2].norm in data.given_names else None
            name = (i + 1, rest[1]) if rest else None
        else:
            name = _name_at(ctx, i + 1, set())
        if name is None or name[1] - name[0] < 2:
            continue
        q = name[1]
        after = tokens[q] if q < len(tokens) else None
        appositive = after is not None and after.norm == "," and q + 1 < len(tokens) \
            and tokens[q + 1].norm in data.apposition_openers
        # (also right before the quotation: 'وقال محمد العلي "..."')
        introduced = any(f in speech for f in ctx.clitic_forms(i)) and (
            after is None or after.norm in (",", ":") or after.norm in _complementizers()
            or after.text in _QUOTE_OPENERS or after.norm == "عن" and any(f in _EXPRESSING for f in ctx.clitic_forms(i)))
        if appositive or introduced:
            out.append((tokens[name[0]].start, tokens[name[1] - 1].end))
    return out


_QUOTE_OPENERS = frozenset('"«“\'')
# "وعبرت سلمى يوسف عن سعادتها": a name between a verb of expressing and its "عن".
_EXPRESSING = frozenset(normalize(w) for w in ("أعرب", "أعربت", "عبر", "عبرت"))
_EN_SPEECH = frozenset({"said", "says", "told", "added", "explained", "recalled"})
_EN_NOT_NAMES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "the", "a", "an", "in", "on", "at", "he", "she", "they", "it", "we", "i", "mr", "mrs", "ms", "dr"})


def _english_speakers_named(doc: Document) -> list[tuple[int, int]]:
    """"..., said Ahmed Yazji, a rescue worker": two or three capitalised words right after an
    English speech verb, none of them a known entity, then a comma or the sentence's end."""
    tokens = doc.tokens or tokenize(doc.text)
    taken = [(s.start, s.end) for s in doc.spans if s.label in ENTITY_LABELS or s.label == "DATE"]
    out: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens[:-2]):
        if tok.norm not in _EN_SPEECH:
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and tokens[j].text[:1].isupper() and tokens[j].text.isalpha() \
                and tokens[j].text.isascii() and tokens[j].norm not in _EN_NOT_NAMES:
            j += 1
        if not 2 <= j - i - 1 <= 3 or j < len(tokens) and tokens[j].text not in (",", "."):
            continue
        start, end = tokens[i + 1].start, tokens[j - 1].end
        if not any(a < end and start < b for a, b in taken):
            out.append((start, end))
    return out


_FAMILY = name_key("عائلة")
KUNYA_GENITIVE = name_key("أبي")


def _family_named(doc: Document) -> list[tuple[int, int]]:
    """"منزلا لعائلة أبي يوسف الديراوي": the head of a family named after "عائلة" by a given
    name or a kunya, in two words or more."""
    tokens = doc.tokens or tokenize(doc.text)
    if not any(_FAMILY in {v[0] for v in t.variants} for t in tokens):
        return []
    data = load_roles()
    openers = _name_openers()
    ctx = _context(doc, data, tokens, [s for s in doc.spans if s.label in ENTITY_LABELS])
    out: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens[:-2]):
        if _FAMILY in {v[0] for v in tok.variants} and tokens[i + 1].norm in openers:
            if tokens[i + 1].norm == KUNYA_GENITIVE:  # "أبي يوسف": the kunya as a genitive
                rest = _name_at(ctx, i + 2, set())
                name = (i + 1, rest[1]) if rest else None
            else:
                name = _name_at(ctx, i + 1, set())
            if name is not None and name[1] - name[0] >= 2:
                out.append((tokens[name[0]].start, tokens[name[1] - 1].end))
    return out


KUNYA_MOTHER = name_key("أم")


@lru_cache(maxsize=1)
def _name_openers() -> frozenset[str]:
    """The words a name with no role may open with: a given name or a kunya ("أبو"), not the
    "عبد" or "بن" inside one."""
    data = load_roles()
    return data.given_names | (data.connectors - {"عبد", "بن", "ابن"})


def _listed_names(doc: Document) -> list[tuple[int, int]]:
    """Names listed after "وهم:" ("قتل ثلاثة، وهم: <NAME>، <NAME> و<NAME>"): two or more
    names of at least two words each, separated by commas or و."""
    data = load_roles()
    tokens = doc.tokens or tokenize(doc.text)
    starts = [c + 1 for c in _colons(tokens) if 1 <= c <= len(tokens) - 2
              and tokens[c - 1].norm in data.list_introducers]
    if not starts:
        return []
    ctx = _context(doc, data, tokens, [s for s in doc.spans if s.label in ENTITY_LABELS])
    out: list[tuple[int, int]] = []
    for p in starts:
        names: list[tuple[int, int]] = []
        while p < ctx.n:
            name = _name_at(ctx, p, set())
            if name is None or name[1] - name[0] < 2:
                break
            first = ctx.tokens[name[0]]
            # "وعلي حدرج": the conjunction before the last name is not part of it.
            start = first.start + 1 if names and first.text.startswith("و") else first.start
            names.append((start, ctx.tokens[name[1] - 1].end))
            p = name[1]
            if p < ctx.n and ctx.tokens[p].norm == ",":
                p += 1
            elif not (p < ctx.n and ctx.tokens[p].text.startswith("و") and len(ctx.tokens[p].text) > 2):
                break
        if len(names) >= 2:
            out += names
    return out
