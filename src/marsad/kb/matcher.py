"""One-pass, clitic-aware matching of knowledge-base names over a document's tokens.

Names (actor aliases, place names, role nouns) are tokenised and normalised exactly like
document text, and stored as space-joined token keys.  Every proper prefix of a key is stored
too, so a left-to-right walk over the tokens can stop as soon as no name continues.  The
first token of a match may be any of the token's clitic segmentations ("وبدير" → "دير",
"لقسد" → "قسد", "للحشد" → "الحشد"), which is how "وبدير الزور" finds "دير الزور".

Longest match wins; among equal lengths the earliest start wins; matches do not overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import Any

from ..text.tokens import Token, per_surface, tokenize


@dataclass(slots=True)
class Match:
    start: int  # offsets into the document text
    end: int
    first_token: int  # index of the first and one-past-last token
    last_token: int
    key: str  # the normalised name that matched
    payloads: tuple[Any, ...] = ()


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """The key a name is stored and looked up under: normalised word tokens joined by spaces.
    Memoised: cue and speaker phrases are looked up again in every document, and `tokenize`
    is built for whole texts (its fixed cost outweighs a phrase of a few words)."""
    return " ".join(t.norm for t in tokenize(name) if t.kind != "punct" or t.norm in "-'")


_TWO_CAPITALS = re.compile(r"\b([A-Z])([A-Z])\b")


def dotted_key(name: str) -> str | None:
    """"US forces" as Reuters and AP write it, "U.S. forces": the key of the dotted spelling of
    a name holding a two-capital abbreviation (its dots are tokens of their own), else None."""
    if not name.isascii() or not _TWO_CAPITALS.search(name):
        return None
    return " ".join(t.norm for t in tokenize(_TWO_CAPITALS.sub(r"\1.\2.", name)))


# A key that only begins longer names (stored in place of a payload tuple).
_PREFIX = object()
# A token's variants that begin a key: (variant number, form, the form's index value).
_Starts = tuple[tuple[int, str, Any], ...]
_START = itemgetter(0)
# Surfaces remembered per matcher before the memo starts over (a few MB; news reuses words).
_STARTS_LIMIT = 50_000


def _longest_then_earliest(c: tuple[int, int, int, int, str, Any]) -> tuple[int, int, int]:
    return (c[2] - c[3], c[0] - c[1], c[0])


def _one_token_rank(c: tuple[int, int, int, int, str, Any]) -> tuple[int, int]:
    return (c[1] - c[0], -c[0])  # more characters, then an earlier start


class Matcher:
    """`fold_article=True` ignores the article on every word after the first, for phrase lists
    whose words come with or without it ("إطلاق عملية" / "إطلاق العملية العسكرية").

    One dictionary holds every key and every proper prefix of one, so the usual case of the
    walk, a word no name starts with, is a single miss.  Its value tells what the key is: a
    tuple of payloads (a name that no longer name continues), `_PREFIX` (only the beginning of
    longer names), or a 1-list holding the payload tuple (both).

    Payloads are kept in tuples, not lists, because the garbage collector stops tracking a
    tuple of strings and tuples: a gazetteer-sized index of lists would be walked by every
    full collection of the process (tens of milliseconds each)."""

    def __init__(self, fold_article: bool = False) -> None:
        self._index: dict[str, Any] = {}
        self._starts_memo: dict[str, _Starts] = {}  # token surface -> its variants that begin a key
        # Every word that follows another in some key: a walk stops at a word not among them
        # without building the longer key and looking it up.
        self._later_words: set[str] = set()
        self._names = 0
        self.max_tokens = 1
        self.fold_article = fold_article

    def _continuation(self, norm: str) -> str:
        if self.fold_article and norm.startswith("ال") and len(norm) > 4:
            return norm[2:]
        return norm

    def __len__(self) -> int:
        return self._names

    def add(self, name: str, payload: Any) -> None:
        self.add_key(name_key(name), payload)

    def add_key(self, key: str, payload: Any) -> None:
        """Add a name already in key form (normalised tokens joined by single spaces)."""
        self.add_keys(((key, payload),))

    def add_keys(self, items: Iterable[tuple[str, Any]]) -> None:
        """`add_key` for many (key, payload) pairs (the gazetteer's 100,000+ names at load)."""
        index = self._index
        fold = self.fold_article
        names, max_tokens = self._names, self.max_tokens
        later_words = self._later_words
        self._starts_memo.clear()  # the index values it holds may change below
        for key, payload in items:
            if not key:
                continue
            if fold:
                first, *rest = key.split(" ")
                key = " ".join([first, *map(self._continuation, rest)])
            value = index.get(key)
            if value is None:
                index[key] = (payload,)
                names += 1
            elif value is _PREFIX:
                index[key] = [(payload,)]
                names += 1
            elif value.__class__ is tuple:
                if payload not in value:
                    index[key] = (*value, payload)
            elif payload not in value[0]:
                value[0] = (*value[0], payload)
            if " " not in key:  # most names are one word: nothing more to record
                continue
            parts = key.split(" ")
            later_words.update(parts[1:])
            if len(parts) > max_tokens:
                max_tokens = len(parts)
            prefix = parts[0]
            for i in range(1, len(parts)):
                if i > 1:
                    prefix = f"{prefix} {parts[i - 1]}"
                value = index.get(prefix)
                if value is None:
                    index[prefix] = _PREFIX
                elif value.__class__ is tuple:
                    index[prefix] = [value]
        self._names, self.max_tokens = names, max_tokens

    def _payloads(self, key: str) -> tuple[Any, ...] | None:
        value = self._index.get(key)
        if value is None or value is _PREFIX:
            return None
        return value if value.__class__ is tuple else value[0]

    def keys(self) -> Iterator[str]:
        """The stored keys (normalised, space-joined)."""
        return (k for k, v in self._index.items() if v is not _PREFIX)

    def add_many(self, items: Iterable[tuple[str, Any]]) -> None:
        self.add_keys((name_key(name), payload) for name, payload in items)

    def lookup(self, name: str) -> list[Any]:
        first, *rest = name_key(name).split(" ")
        return list(self._payloads(" ".join([first, *map(self._continuation, rest)])) or ())

    def find_all(self, tokens: Sequence[Token], text: str) -> list[Match]:
        """Every (start token, first-token variant) longest match; overlapping, unsorted."""
        return [Match(*c) for c in self._scan(tokens, text)]

    def _starts(self, tokens: Sequence[Token]) -> list[_Starts | None]:
        """Per token, its variants that begin some key (mostly none), from the per-surface memo.

        A token's variants are a function of its surface (`tokenize` derives them from it and
        nothing else), so one analysis answers for every later token written the same way; the
        probes for a whole document run in C (`map`), and only new surfaces are analysed."""
        return per_surface(tokens, self._starts_memo, self._token_starts, _STARTS_LIMIT)

    def _token_starts(self, tok: Token) -> _Starts:
        if tok.kind == "punct":
            return ()
        index = self._index
        # (from a list, made in one frame: a generator resumes once per item)
        return tuple([(k, form, index[form]) for k, (form, _s, _e) in enumerate(tok.variants) if form in index])

    def _scan(self, tokens: Sequence[Token], text: str) -> list[tuple[int, int, int, int, str, tuple[Any, ...]]]:
        """`find_all` as (start, end, first token, last token, key, payloads) tuples."""
        get = self._index.get
        later_words = self._later_words
        fold = self.fold_article
        continuation = self._continuation
        found: list[tuple[int, int, int, int, str, tuple[Any, ...]]] = []
        append = found.append
        last = len(tokens) - 1
        starts = self._starts(tokens)
        for i in compress(range(len(tokens)), starts):  # the tokens some name begins with
            tok = tokens[i]
            for k, form, value in starts[i]:
                if value.__class__ is tuple:  # a one-word name that no longer name continues
                    append((tok.variants[k][1], tok.end, i, i + 1, form, value))
                    continue
                best = None if value is _PREFIX else (i, form, value[0])
                key = form
                j = i
                while j < last:
                    nxt = tokens[j + 1]
                    word = continuation(nxt.norm) if fold else nxt.norm
                    if word not in later_words:
                        break  # no key has this word after another: the longer key is none
                    key = f"{key} {word}"
                    value = get(key)
                    # A name never runs across a line break or sentence punctuation (the dots of
                    # "U.S." are in a name only as `dotted_key` wrote them).
                    if (value is None or nxt.kind == "punct" and nxt.norm not in "-'."
                            or "\n" in text[tokens[j].end:nxt.start]):
                        break
                    j += 1
                    if value is not _PREFIX:
                        best = (j, key, value if value.__class__ is tuple else value[0])
                        if value.__class__ is tuple:  # no longer name continues this one
                            break
                if best is not None:
                    j, key, payloads = best
                    append((tok.variants[k][1], tokens[j].end, i, j + 1, key, payloads))
        return found

    def find(self, tokens: Sequence[Token], text: str) -> list[Match]:
        """Non-overlapping matches: longest first (in tokens, then in characters), then earliest."""
        candidates = self._scan(tokens, text)
        taken: list[bool] = [False] * len(tokens)
        chosen = []
        longer = [c for c in candidates if c[3] - c[2] > 1]
        if longer:
            longer.sort(key=_longest_then_earliest)
            for c in longer:
                first, last = c[2], c[3]
                if any(taken[first:last]):
                    continue
                for k in range(first, last):
                    taken[k] = True
                chosen.append(c)
        # One-token candidates only compete with those of the same token (and lose it to a
        # longer name): per token the longest reading wins, then the earliest, then the first found.
        best_of_token: dict[int, tuple[int, int, int, int, str, tuple[Any, ...]]] = {}
        for c in candidates:
            i = c[2]
            if c[3] - i == 1 and not taken[i]:
                held = best_of_token.get(i)
                if held is None or _one_token_rank(c) > _one_token_rank(held):
                    best_of_token[i] = c
        chosen += best_of_token.values()
        chosen.sort(key=_START)
        return [Match(*c) for c in chosen]

__all__ = ["Match", "Matcher", "name_key"]
