"""A document with the lookups event coding repeats, precomputed once (bisect, not scans)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress
from operator import itemgetter
from typing import Any

from ..document import Document, Span
from ..kb.matcher import Match, Matcher
from ..text.tokens import per_surface, token_offsets

_FORM = itemgetter(0)  # of a token variant (form, start, end)


class DocIndex:
    """A document with the lookups event coding repeats, precomputed once (bisect, not scans).

    The document's fields event coding reads are attributes of its own (event coding does not
    reassign them).  No `__getattr__` falls through to the document: a class with one makes
    every attribute read take the slow generic path, and event coding reads thousands."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text, self.tokens, self.quotes, self.id = doc.text, doc.tokens, doc.quotes, doc.id
        self.title, self.language, self.meta, self.sentences = doc.title, doc.language, doc.meta, doc.sentences
        # (start, end) of each direct quotation: what someone said, not the report.
        self.direct_quotes = [(q["start"], q["end"]) for q in doc.quotes if q.get("kind") == "direct"]
        self.token_starts, self.token_ends = token_offsets(doc.tokens)
        self.token_forms = per_surface(doc.tokens, _FORMS, _forms_of_token, _SURFACE_LIMIT)  # (`forms_of` of each)
        self.word_positions = [i for i, t in enumerate(doc.tokens) if t.kind != "punct"]
        self.by_label: dict[str, list[Span]] = {}
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end)):
            self.by_label.setdefault(span.label, []).append(span)
        self.label_starts = {label: [s.start for s in spans] for label, spans in self.by_label.items()}
        self.memo: dict[Any, Any] = {}  # per-document results several clauses ask for
        self._words_before: dict[tuple[int, int], tuple[Any, ...]] = {}
        self._prev_keys: dict[tuple[int, int], frozenset[str]] = {}

    def spans_in(self, label: str, start: int, end: int) -> list[Span]:
        spans = self.by_label.get(label, [])
        starts = self.label_starts.get(label, [])
        # (a slice of the spans starting inside, not of the rest of the list: in a long
        # document that copy is the cost)
        return [s for s in spans[bisect_left(starts, start):bisect_left(starts, end)] if s.end <= end]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_right(self.token_ends, start), bisect_left(self.token_starts, end)

    def matches(self, matcher: Matcher, lo: int, hi: int) -> tuple[int, list[Match]]:
        """`matcher.find(tokens[lo:hi], text)` and the index its matches' token numbers count
        from.  In a sealed slice these are the document's matches inside it (token numbers then
        count from 0), from one scan of the whole document: most clauses are sentences of their
        own, and one long scan costs less than a short scan per clause."""
        if not self.sealed(lo, hi):
            return lo, matcher.find(self.tokens[lo:hi], self.text)
        key = ("matches", id(matcher))
        found = self.memo.get(key)
        if found is None:
            whole = matcher.find(self.tokens, self.text)
            found = self.memo[key] = (whole, [m.first_token for m in whole])
        whole, firsts = found
        return 0, whole[bisect_left(firsts, lo):bisect_left(firsts, hi)]

    def sealed(self, lo: int, hi: int) -> bool:
        """Whether no `Matcher` name can run across either end of tokens[lo:hi]: names never run
        across a line break or sentence punctuation, so a matcher finds in the slice exactly the
        document's matches inside it (names compete only with the names they overlap)."""
        return self._closed_before(lo) and self._closed_before(hi)

    def _closed_before(self, i: int) -> bool:
        """Whether no name runs from tokens[i - 1] on to tokens[i] (the rule of `Matcher._scan`)."""
        tokens = self.tokens
        if i == 0 or i >= len(tokens):
            return True
        left, right = tokens[i - 1], tokens[i]
        return (_breaks_names(left) or _breaks_names(right)
                or "\n" in self.text[left.end:right.start])

    def tokens_with(self, words: frozenset[str]) -> list[int]:
        """Indices (ascending) of the tokens with a variant in `words`, found once per set."""
        key = ("tokens_with", words)
        found = self.memo.get(key)
        if found is None:
            if self.forms_in(0, len(self.text)).isdisjoint(words):
                found = self.memo[key] = []  # (most sets: one test of the document's forms, not of each token)
            else:
                found = self.memo[key] = list(compress(range(len(self.tokens)), _surfaces_with(self.tokens, words)))
        return found

    def forms_in(self, start: int, end: int) -> frozenset[str]:
        """Every variant form of the tokens of text[start:end] (memoised per span)."""
        key = ("forms_in", start, end)
        found = self.memo.get(key)
        if found is None:
            lo, hi = self.token_range(start, end)
            found = self.memo[key] = frozenset().union(*self.token_forms[lo:hi])
        return found

    def words_before(self, offset: int, n: int) -> tuple[Any, ...]:
        """The n word tokens that end at or before `offset` (memoised: the same actors and
        places are weighed by several rules and clauses)."""
        key = (offset, n)
        found = self._words_before.get(key)
        if found is None:
            found = self._words_before[key] = tuple(
                map(self.tokens.__getitem__, self._word_positions_before(offset, n)))
        return found

    def forms_before(self, offset: int, n: int) -> tuple[frozenset[str], ...]:
        """`forms_of` each of `words_before(offset, n)`."""
        return tuple(map(self.token_forms.__getitem__, self._word_positions_before(offset, n)))

    def _word_positions_before(self, offset: int, n: int) -> list[int]:
        """The positions of the n word tokens that end at or before `offset`."""
        pos = bisect_left(self.word_positions, bisect_right(self.token_ends, offset))
        return self.word_positions[max(0, pos - n):pos]

    def prev_keys(self, offset: int, n: int = 2) -> frozenset[str]:
        """Normalised forms (all clitic variants) of the n word tokens before `offset`."""
        key = (offset, n)
        found = self._prev_keys.get(key)
        if found is None:
            found = self._prev_keys[key] = frozenset().union(
                *map(self.token_forms.__getitem__, self._word_positions_before(offset, n)))
        return found


# token surface -> the forms of its variants (a function of the surface, as `tokenize` says).
_FORMS: dict[str, frozenset[str]] = {}


def _forms_of_token(token: Any) -> frozenset[str]:
    return frozenset(map(_FORM, token.variants))


def forms_of(token: Any) -> frozenset[str]:
    """Every variant form of a token ("والهجوم" -> والهجوم, الهجوم, هجوم), kept per surface."""
    found = _FORMS.get(token.text)
    if found is None:
        if len(_FORMS) > _SURFACE_LIMIT:
            _FORMS.clear()
        found = _FORMS[token.text] = _forms_of_token(token)
    return found


def _breaks_names(token: Any) -> bool:
    return token.kind == "punct" and token.norm not in "-'"


# words -> token surface -> whether one of the surface's variants is in `words`.  A token's
# variants are a function of its surface, so news, which reuses words, is mostly looked up.
_SURFACE_HAS: dict[frozenset[str], dict[str, bool]] = {}
_SURFACE_LIMIT = 50_000


def _surfaces_with(tokens: list[Any], words: frozenset[str]) -> list[bool]:
    """Per token, whether a variant of it is in `words`."""
    return per_surface(tokens, _SURFACE_HAS.setdefault(words, {}),
                       lambda tok: not words.isdisjoint(map(_FORM, tok.variants)), _SURFACE_LIMIT)


# The lookups as functions of the index (`spans_in(doc, ...)`): the methods themselves, not
# wrappers that call them (event coding asks tens of thousands of times per hundred articles).
spans_in = DocIndex.spans_in
token_range = DocIndex.token_range
prev_keys = DocIndex.prev_keys
