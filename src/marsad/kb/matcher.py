"""One-pass, clitic-aware matching of knowledge-base names over a document's tokens.

Names (actor aliases, place names, role nouns) are tokenised and normalised exactly like
document text, and stored as space-joined token keys.  A second set holds every proper prefix
of a key, so a left-to-right walk over the tokens can stop as soon as no name continues.  The
first token of a match may be any of the token's clitic segmentations ("وبدير" → "دير",
"لقسد" → "قسد", "للحشد" → "الحشد"), which is how "وبدير الزور" finds "دير الزور".

Longest match wins; among equal lengths the earliest start wins; matches do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..text.tokens import Token, tokenize


@dataclass(slots=True)
class Match:
    start: int  # offsets into the document text
    end: int
    first_token: int  # index of the first and one-past-last token
    last_token: int
    key: str  # the normalised name that matched
    payloads: list[Any] = field(default_factory=list)


def name_key(name: str) -> str:
    """The key a name is stored and looked up under: normalised word tokens joined by spaces."""
    return " ".join(t.norm for t in tokenize(name) if t.kind != "punct" or t.norm in "-'")


class Matcher:
    """`fold_article=True` ignores the article on every word after the first, for phrase lists
    whose words come with or without it ("إطلاق عملية" / "إطلاق العملية العسكرية")."""

    def __init__(self, fold_article: bool = False) -> None:
        self._entries: dict[str, list[Any]] = {}
        self._prefixes: set[str] = set()
        # Every key and every proper prefix of one -> its payloads (None for a bare prefix):
        # the walk's common case, a word no name starts with, is then one dictionary miss.
        self._starts: dict[str, list[Any] | None] = {}
        self.max_tokens = 1
        self.fold_article = fold_article

    def _continuation(self, norm: str) -> str:
        if self.fold_article and norm.startswith("ال") and len(norm) > 4:
            return norm[2:]
        return norm

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, name: str, payload: Any) -> None:
        self.add_key(name_key(name), payload)

    def add_key(self, key: str, payload: Any) -> None:
        """Add a name already in key form (normalised tokens joined by single spaces)."""
        if not key:
            return
        if self.fold_article:
            first, *rest = key.split(" ")
            key = " ".join([first, *map(self._continuation, rest)])
        payloads = self._entries.setdefault(key, [])
        if payload not in payloads:
            payloads.append(payload)
        self._starts[key] = payloads
        if " " not in key:  # most names are one word: nothing more to record
            return
        parts = key.split(" ")
        if len(parts) > self.max_tokens:
            self.max_tokens = len(parts)
        for i in range(1, len(parts)):
            prefix = " ".join(parts[:i])
            self._prefixes.add(prefix)
            self._starts.setdefault(prefix, None)

    def keys(self):
        """The stored keys (normalised, space-joined)."""
        return self._entries.keys()

    def add_many(self, items: Iterable[tuple[str, Any]]) -> None:
        for name, payload in items:
            self.add(name, payload)

    def lookup(self, name: str) -> list[Any]:
        first, *rest = name_key(name).split(" ")
        return list(self._entries.get(" ".join([first, *map(self._continuation, rest)]), ()))

    def find_all(self, tokens: Sequence[Token], text: str) -> list[Match]:
        """Every (start token, first-token variant) longest match; overlapping, unsorted."""
        prefixes, starts = self._prefixes, self._starts
        fold = self.fold_article
        continuation = self._continuation
        found: list[Match] = []
        append = found.append
        last = len(tokens) - 1
        for i, tok in enumerate(tokens):
            if tok.kind == "punct":
                continue
            for form, vstart, _vend in tok.variants:
                if form not in starts:  # the usual case: no name starts with this word
                    continue
                if form not in prefixes:  # a one-word name that no longer name continues
                    append(Match(vstart, tok.end, i, i + 1, form, starts[form]))
                    continue
                best = None
                key = form
                j = i
                while True:
                    payloads = starts.get(key)
                    if payloads is not None:
                        best = (j, key, payloads)
                    if j >= last or key not in prefixes:
                        break
                    nxt = tokens[j + 1]
                    # A name never runs across a line break or sentence punctuation.
                    if nxt.kind == "punct" and nxt.norm not in "-'" or "\n" in text[tokens[j].end:nxt.start]:
                        break
                    j += 1
                    key = f"{key} {continuation(nxt.norm) if fold else nxt.norm}"
                if best is not None:
                    j, key, payloads = best
                    append(Match(vstart, tokens[j].end, i, j + 1, key, payloads))
        return found

    def find(self, tokens: Sequence[Token], text: str) -> list[Match]:
        """Non-overlapping matches: longest first, then earliest."""
        candidates = self.find_all(tokens, text)
        candidates.sort(key=lambda m: (-(m.last_token - m.first_token), -(m.end - m.start), m.start))
        taken: list[bool] = [False] * len(tokens)
        chosen = []
        for m in candidates:
            if any(taken[m.first_token:m.last_token]):
                continue
            for k in range(m.first_token, m.last_token):
                taken[k] = True
            chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        return chosen


__all__ = ["Match", "Matcher", "name_key"]
