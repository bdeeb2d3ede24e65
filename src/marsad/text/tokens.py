"""Tokens with offsets into the clean text and their clitic-stripped matching variants.

Arabic writes conjunctions, prepositions, the article and object pronouns attached to the
word ("وبدير الزور" = و + ب + دير الزور), so a name in a gazetteer rarely appears as a bare
token.  Every word token therefore carries `variants`: the plausible segmentations of the
token in matching form, best (least stripped) first, each with the span of the clean text
it came from.  A matcher looks a name up under every variant and keeps the variant's span.

One variant is not a plain substring: ل + ال is written لل ("للجيش"), so the segmenter
restores the article and offers "الجيش" for the surface "لجيش".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .normalize import REMOVED_CHARS, normalize, normalize_with_map

__all__ = ["Token", "tokenize", "segment", "Clitics", "load_clitics", "TextDataError", "per_surface", "token_offsets"]

CLITICS_FILE = "clitics.yaml"


class TextDataError(ValueError):
    """A data file of marsad.text is malformed (the message names the file and the reason)."""


@dataclass(slots=True)
class Token:
    """One token.  A class with slots, not a named tuple: the interpreter reads a slot
    attribute on a fast path, and tokens are read far more often than they are made."""

    start: int
    end: int
    text: str
    norm: str
    is_word: bool
    kind: str  # "word", "number" or "punct"
    variants: tuple[tuple[str, int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "norm": self.norm,
            "kind": self.kind,
            "variants": [list(v) for v in self.variants],
        }


@dataclass(frozen=True, slots=True)
class Clitics:
    min_stem: int
    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    article: str
    future: str
    future_before: tuple[str, ...]
    enclitics: tuple[str, ...]


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def _check_affix(path: str, key: str, value: Any, *, single: bool) -> str:
    if not isinstance(value, str) or not value:
        raise TextDataError(f"{path}: {key}: expected a non-empty string, got {value!r}")
    if not all(_is_arabic_letter(c) for c in value):
        raise TextDataError(f"{path}: {key}: {value!r} must be Arabic letters only")
    if normalize(value) != value:
        raise TextDataError(f"{path}: {key}: {value!r} is not in matching form (use {normalize(value)!r})")
    if single and len(value) != 1:
        raise TextDataError(f"{path}: {key}: {value!r} must be a single letter")
    return value


def parse_clitics(data: Any, path: str = CLITICS_FILE) -> Clitics:
    """Validate the parsed YAML of a clitics file; every problem names `path` and the key."""
    if not isinstance(data, dict):
        raise TextDataError(f"{path}: expected a mapping at the top level")
    required = {"version", "min_stem", "conjunctions", "prepositions", "article", "future", "future_before", "enclitics"}
    missing = required - set(data)
    if missing:
        raise TextDataError(f"{path}: missing keys: {', '.join(sorted(missing))}")
    unknown = set(data) - required
    if unknown:
        raise TextDataError(f"{path}: unknown keys: {', '.join(sorted(unknown))}")
    if data["version"] != 1:
        raise TextDataError(f"{path}: version: unsupported version {data['version']!r} (expected 1)")
    min_stem = data["min_stem"]
    if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 2:
        raise TextDataError(f"{path}: min_stem: expected an integer >= 2, got {min_stem!r}")

    def letters(key: str, single: bool) -> tuple[str, ...]:
        value = data[key]
        if not isinstance(value, list) or not value:
            raise TextDataError(f"{path}: {key}: expected a non-empty list")
        out = tuple(_check_affix(path, f"{key}[{i}]", v, single=single) for i, v in enumerate(value))
        if len(set(out)) != len(out):
            raise TextDataError(f"{path}: {key}: duplicate entries")
        return out

    return Clitics(
        min_stem=min_stem,
        conjunctions=letters("conjunctions", True),
        prepositions=letters("prepositions", True),
        article=_check_affix(path, "article", data["article"], single=False),
        future=_check_affix(path, "future", data["future"], single=True),
        future_before=letters("future_before", True),
        enclitics=letters("enclitics", False),
    )


@lru_cache(maxsize=1)
def load_clitics() -> Clitics:
    path = resources.files("marsad.text") / "data" / CLITICS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TextDataError(f"{path}: not valid YAML: {exc}") from exc
    return parse_clitics(data, str(path))


@dataclass(frozen=True, slots=True)
class _Analysis:
    prefix: str  # the proclitic letters, e.g. "وال"
    cuts: tuple[tuple[int, bool], ...]  # where variants start; True = restore the article's alef
    is_future: bool  # ends in the future marker, valid only before a verb prefix
    has_article: bool  # the word is definite, so no pronoun can be attached at its end


def _prefix_analyses(c: Clitics) -> list[_Analysis]:
    """Every proclitic string the clitics file allows, with its cut points."""
    article = c.article
    rests: list[tuple[str, list[tuple[int, bool]], bool]] = [("", [], False)]
    rests.append((article, [(len(article), False)], True))
    for p in c.prepositions:
        rests.append((p, [(1, False)], False))
        if p == article[-1]:
            # ل + ال is spelt لل: after the preposition comes the article without its alef.
            rests.append((p + article[1:], [(1, True), (len(article), False)], True))
        else:
            rests.append((p + article, [(1, False), (1 + len(article), False)], True))
    out: list[_Analysis] = []
    for conj in ("", *c.conjunctions):
        shift = len(conj)
        head = [(shift, False)] if conj else []
        for rest, cuts, definite in rests:
            if conj or rest:
                points = tuple(head + [(shift + k, r) for k, r in cuts])
                out.append(_Analysis(conj + rest, points, False, definite))
        out.append(_Analysis(conj + c.future, tuple(head + [(shift + 1, False)]), True, False))
    return out


@lru_cache(maxsize=1)
def _analyses() -> tuple[Clitics, dict[str, list[_Analysis]], dict[str, list[str]]]:
    """The clitics, their prefix analyses keyed by first letter and the enclitics keyed by
    last letter (most words match few or none)."""
    c = load_clitics()
    by_first: dict[str, list[_Analysis]] = {}
    for analysis in _prefix_analyses(c):
        by_first.setdefault(analysis.prefix[0], []).append(analysis)
    by_last: dict[str, list[str]] = {}
    for enc in c.enclitics:
        by_last.setdefault(enc[-1], []).append(enc)
    return c, by_first, by_last


@lru_cache(maxsize=1 << 15)
def segment(word: str, final_is_stem: bool = False) -> tuple[tuple[str, int, int], ...]:
    """Clitic segmentations of one word in matching form: `(form, start, end)` with offsets
    into `word`, the whole word first.  Non-Arabic words have only themselves.

    `final_is_stem`: the last letter was written ة or ى, which normalise to ه / ي but are
    never the pronouns ه / ي, so no enclitic is stripped (مدينة is not مدين + ه)."""
    n = len(word)
    whole = ((word, 0, n),)
    if n <= 2 or not _is_arabic_letter(word[0]):
        return whole
    c, analyses, enclitics = _analyses()
    min_stem = c.min_stem
    article = c.article
    stems: list[tuple[str, int, int]] = [(word, 0, n)]
    seen = {word}
    found: list[tuple[int, int, str]] = []
    definite = False
    for analysis in analyses.get(word[0], ()):
        prefix = analysis.prefix
        if not word.startswith(prefix) or n - len(prefix) < min_stem:
            continue
        if analysis.is_future and word[len(prefix)] not in c.future_before:
            continue
        definite = definite or analysis.has_article
        for cut, restored in analysis.cuts:
            form = article[0] + word[cut:] if restored else word[cut:]
            found.append((cut, 0 if restored else 1, form))
    found.sort()
    for cut, _, form in found:
        if form not in seen:
            seen.add(form)
            stems.append((form, cut, n))
    out = list(stems)
    if final_is_stem or definite:
        return tuple(out)  # the article and an attached pronoun do not co-occur
    endings = [enc for enc in enclitics.get(word[-1], ()) if word.endswith(enc)]
    if not endings:
        return tuple(out)
    for form, start, end in stems:
        for enc in endings:
            if len(form) - len(enc) >= min_stem:
                bare = form[: -len(enc)]
                if bare not in seen:
                    seen.add(bare)
                    out.append((bare, start, end - len(enc)))
    return tuple(out)


_MARK = "\u0640\u064b-\u065f\u0670\u0300-\u036f\u06d6-\u06ed"
# Tatweel counts as a letter (Lm) for Python but is a stretch mark: it may not start a word.
# Letters and marks are read a run at a time ("[^\W\d_]+|[marks]+"), not a character at a
# time through an alternation: the same words, a third fewer steps of the regex engine.
_WORD = rf"[^\W\d_\u0640](?:[^\W\d_]+|[{_MARK}]+)*"
_NUMBER = r"\d+(?:[.,\u066b\u066c]\d+)*"
# Which of the three a surface is (asked once per new surface, in `_analyse`).
_TOKEN_RE = re.compile(rf"({_WORD})|({_NUMBER})|(\S)")
# The same tokens as one group: `split` gives the text as (space, token) pieces, whose lengths
# add up to every token's offsets.  Only white space lies between tokens (`\S` takes the rest).
_SPLIT_RE = re.compile(rf"((?:{_WORD})|{_NUMBER}|\S)")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _bmp_ranges(char: str) -> str:
    """The characters of the Basic Multilingual Plane that the one-character class `char`
    matches, as the ranges of a class, read off the regex engine itself."""
    bmp = "".join(map(chr, range(0x10000)))
    return "".join(f"\\u{m.start():04x}-\\u{m.end() - 1:04x}" for m in re.finditer(f"{char}+", bmp))


@lru_cache(maxsize=1)
def letter_boundaries() -> tuple[str, str]:
    r"""Regex assertions "no letter ([^\W\d_]) just before" and "no letter just after", for
    patterns tried at every position of a text.  A Basic Multilingual Plane character is
    looked up in a bitmap of the letters; only a character beyond it is asked of the Unicode
    database (the range comes first in that class, so a BMP character leaves it at once)."""
    letters = "[" + _bmp_ranges(r"[^\W\d_]") + "]"
    beyond = r"[^\u0000-\uffff\W\d_]"
    return f"(?<!{letters})(?<!{beyond})", f"(?!{letters})(?!{beyond})"


@lru_cache(maxsize=1)
def _bmp_split_re() -> re.Pattern[str]:
    r"""`_SPLIT_RE` for a text without characters beyond the BMP, with its letter classes
    spelt out: "\w but not \d or _" is a look-up in the Unicode database for every character,
    an explicit class a look-up in a bitmap, and a word is then one run of a single class
    (the letters and the marks, tatweel among them) instead of alternating runs."""
    first = _bmp_ranges(r"[^\W\d_\u0640]")
    return re.compile(rf"([{first}][{first}{_MARK}]*|{_NUMBER}|\S)")


_STEM_FINALS = "ةى"
_CACHE_LIMIT = 50_000  # ~25 MB of entries; a busy stream refills the hot words at once

# surface -> (norm, is_word, kind, variants with offsets relative to the surface, or None
# when the one variant is the norm over the whole surface); `_NOT_A_TOKEN` when the surface
# normalises to nothing (a stray diacritic or tatweel).
_Entry = tuple[str, bool, str, "tuple[tuple[str, int, int], ...] | None"]
_NOT_A_TOKEN = ("", False, "", None)
_cache: dict[str, _Entry] = {}


def _analyse(surface: str) -> _Entry:
    norm, offsets = normalize_with_map(surface)
    if not norm:
        return _NOT_A_TOKEN
    group = _TOKEN_RE.match(surface).lastindex  # the tokenizer's own reading of the surface
    if group != 1:
        return norm, False, ("number" if group == 2 else "punct"), None
    final_is_stem = surface.rstrip(REMOVED_CHARS)[-1] in _STEM_FINALS
    forms = segment(norm, final_is_stem)
    if len(forms) == 1:
        return norm, True, "word", None
    return norm, True, "word", tuple((form, offsets[a], offsets[b]) for form, a, b in forms)


def tokenize(text: str) -> list[Token]:
    """Split the clean text into word, number and punctuation tokens (see `Token`).

    Built a column at a time: surfaces and offsets from one `split`, the analysis of each
    surface from the per-surface cache, and the tokens made from the columns by one `map`, so
    that only new surfaces and words with several segmentations cost a loop of their own."""
    if len(_cache) > _CACHE_LIMIT:
        _cache.clear()
    cache = _cache
    split_re = _SPLIT_RE if _ASTRAL.search(text) else _bmp_split_re()
    pieces = split_re.split(text)  # space, token, space, token, ..., space
    bounds = list(accumulate(map(len, pieces)))
    surfaces = pieces[1::2]
    starts, ends = bounds[0:-1:2], bounds[1::2]  # (the last bound is the end of the text)
    entries = list(map(cache.get, surfaces))
    if None in entries:
        for i, surface in enumerate(surfaces):
            if entries[i] is None:
                entry = cache.get(surface)  # a surface met twice in this text is analysed once
                if entry is None:
                    entry = cache[surface] = _analyse(surface)
                entries[i] = entry
    if _NOT_A_TOKEN in entries:
        keep = [entry is not _NOT_A_TOKEN for entry in entries]
        surfaces, starts, ends, entries = (list(compress(column, keep)) for column in (surfaces, starts, ends, entries))
    if not entries:
        return []
    norms, is_words, kinds, relative = zip(*entries)
    # The usual token has one variant, its norm over the whole token; the others are moved.
    variants = list(zip(zip(norms, starts, ends)))
    for i in compress(range(len(relative)), relative):
        s = starts[i]
        moved = relative[i]
        if len(moved) == 2:  # most words with clitics: spelt out, without a comprehension's frame
            (form, a, b), (form2, a2, b2) = moved
            variants[i] = ((form, s + a, s + b), (form2, s + a2, s + b2))
        else:
            variants[i] = tuple([(form, s + a, s + b) for form, a, b in moved])
    tokens = list(map(Token, starts, ends, surfaces, norms, is_words, kinds, variants))
    _keep_columns(tokens, surfaces, starts, ends)
    return tokens


# (tokens, their number, their surfaces) of the last long token list `per_surface` was given:
# the matchers and word-set look-ups of one document each ask about the same list, which is
# never changed once made (the same list object of the same length is the same tokens).
_last_surfaces: tuple[Sequence[Token], int, list[str]] | None = None
_SURFACES_KEPT_FROM = 64  # shorter lists (a sentence, a phrase) are read again


def _surfaces(tokens: Sequence[Token]) -> list[str]:
    global _last_surfaces
    last = _last_surfaces
    if last is not None and last[0] is tokens and last[1] == len(tokens):
        return last[2]
    surfaces = [t.text for t in tokens]  # (a comprehension reads the slot faster than attrgetter via map)
    if len(surfaces) >= _SURFACES_KEPT_FROM:
        _last_surfaces = (tokens, len(surfaces), surfaces)
    return surfaces


# (tokens, their number, their starts, their ends) of the last long token list asked for: the
# quote and source finders and event coding each look up offsets in the same document's tokens.
_last_offsets: tuple[Sequence[Token], int, list[int], list[int]] | None = None


def _keep_columns(tokens: list[Token], surfaces: list[str], starts: list[int], ends: list[int]) -> None:
    """The columns a long token list was made from, kept as its surfaces and offsets: the
    document's tokens are asked for both next, which would read them back out of the tokens."""
    global _last_surfaces, _last_offsets
    if len(tokens) >= _SURFACES_KEPT_FROM:
        _last_surfaces = (tokens, len(tokens), surfaces)
        _last_offsets = (tokens, len(tokens), starts, ends)


def token_offsets(tokens: Sequence[Token]) -> tuple[list[int], list[int]]:
    """(starts, ends) of `tokens`, made once for a long list (callers only read them)."""
    global _last_offsets
    last = _last_offsets
    if last is not None and last[0] is tokens and last[1] == len(tokens):
        return last[2], last[3]
    starts, ends = [t.start for t in tokens], [t.end for t in tokens]
    if len(starts) >= _SURFACES_KEPT_FROM:
        _last_offsets = (tokens, len(starts), starts, ends)
    return starts, ends


def per_surface(tokens: Sequence[Token], memo: dict[str, Any], compute: Callable[[Token], Any],
                limit: int = _CACHE_LIMIT) -> list[Any]:
    """`compute(token)` for every token, memoised in `memo` by surface (never None).  A token's
    variants are a function of its surface, and news reuses its words, so the probes for a
    whole document run in C (`map`) and only new surfaces are analysed."""
    found = list(map(memo.get, _surfaces(tokens)))
    if None in found:
        if len(memo) > limit:
            memo.clear()
        # The few new surfaces are picked out in C, by `index` from one to the next: a loop
        # over every token, for the one new name of a document, cost as much as all the probes
        # (and a map of an identity test over them more than these scans).
        i = found.index(None)
        while True:
            found[i] = memo.get(tokens[i].text)  # a surface met twice here is computed once
            if found[i] is None:
                tok = tokens[i]
                found[i] = memo[tok.text] = compute(tok)
            try:
                i = found.index(None, i + 1)
            except ValueError:
                break
    return found
