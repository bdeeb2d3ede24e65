"""A document with the lookups event coding repeats, precomputed once (bisect, not scans)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

from ..document import Document, Span

_FORM = itemgetter(0)  # of a token variant (form, start, end)


class DocIndex:
    """A document with the lookups event coding repeats, precomputed once (bisect, not scans).
    Attribute access falls through to the document."""

    def __init__(self, doc: Document):
        self.doc = doc
        # Read hundreds of times per document: an attribute of its own, not a fall-through
        # (each of those first fails, raising an AttributeError, then calls `__getattr__`).
        # Event coding does not reassign them.
        self.text, self.tokens, self.quotes, self.id = doc.text, doc.tokens, doc.quotes, doc.id
        self.token_starts = [t.start for t in doc.tokens]
        self.token_ends = [t.end for t in doc.tokens]
        self.word_positions = [i for i, t in enumerate(doc.tokens) if t.kind != "punct"]
        self.by_label: dict[str, list[Span]] = {}
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end)):
            self.by_label.setdefault(span.label, []).append(span)
        self.label_starts = {label: [s.start for s in spans] for label, spans in self.by_label.items()}
        self.memo: dict[Any, Any] = {}  # per-document results several clauses ask for

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

    def tokens_with(self, words: frozenset[str]) -> list[int]:
        """Indices (ascending) of the tokens with a variant in `words`, found once per set."""
        key = ("tokens_with", words)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = [i for i, t in enumerate(self.doc.tokens)
                                      if not words.isdisjoint(map(_FORM, t.variants))]
        return found

    def forms_in(self, start: int, end: int) -> set[str]:
        """Every variant form of the tokens of text[start:end] (a fresh set; memoised per span)."""
        key = ("forms_in", start, end)
        found = self.memo.get(key)
        if found is None:
            lo, hi = self.token_range(start, end)
            found = self.memo[key] = frozenset(f for t in self.doc.tokens[lo:hi] for f, _s, _e in t.variants)
        return set(found)

    def words_before(self, offset: int, n: int) -> list[Any]:
        """The n word tokens that end at or before `offset`."""
        k = bisect_right(self.token_ends, offset)
        pos = bisect_left(self.word_positions, k)
        return [self.doc.tokens[i] for i in self.word_positions[max(0, pos - n):pos]]


def spans_in(doc: DocIndex, label: str, start: int, end: int) -> list[Span]:
    return doc.spans_in(label, start, end)


def token_range(doc: DocIndex, start: int, end: int) -> tuple[int, int]:
    return doc.token_range(start, end)


def prev_keys(doc: DocIndex, offset: int, n: int = 2) -> set[str]:
    """Normalised forms (all clitic variants) of the n word tokens before `offset`."""
    return {form for t in doc.words_before(offset, n) for form, _s, _e in t.variants}
