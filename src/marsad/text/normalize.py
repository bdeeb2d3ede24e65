"""Matching form of Arabic/English text, with a map back to the original offsets.

`normalize` folds the spelling variation that Arabic news text shows for the same word
(hamza seats, alef maqsura, ta marbuta, diacritics, tatweel, Eastern digits, typographic
quotes and Arabic punctuation) so that gazetteers and cue lists can be matched with one
spelling.  Every step is a per-character replacement or deletion, so the normal form of a
substring is the matching substring of the normal form; `normalize_with_map` relies on that
to report, for every normalised character, where it came from.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import numpy as np

from .recent import RecentTexts

__all__ = ["normalize", "normalize_with_map", "normalize_with_sparse_map", "normal_index", "KeptOffsets",
           "REMOVED_CHARS", "ARABIC_MARKS"]

# Arabic harakat, tanwin, shadda, sukun, small hamza/madda marks and the dagger alef.
ARABIC_MARKS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
TATWEEL = "\u0640"
# Zero-width joiners and bidi marks that Arabic web pages scatter inside words.
INVISIBLE = "\u200c\u200d\u200e\u200f\u061c"
REMOVED_CHARS = ARABIC_MARKS + TATWEEL + INVISIBLE

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‟": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "،": ",",
    "؛": ";",
    "؟": "?",
    # Persian keheh and yeh, common in Arabic text typed on Persian/Urdu keyboards.
    "ک": "ك",
    "ی": "ي",
}
_FOLD.update({chr(0x0660 + d): str(d) for d in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + d): str(d) for d in range(10)})  # Persian (Extended Arabic-Indic) digits

_TABLE: dict[int, str | None] = {ord(k): v for k, v in _FOLD.items()}
_TABLE.update({ord(c): None for c in REMOVED_CHARS})
_TABLE.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def _dense(table: dict[int, str | None]) -> list[int | str | None]:
    """`table` as a list indexed by code point up to its highest key, every other character
    mapped to itself.  For each character a dict leaves unmapped (most of Arabic text),
    str.translate raises and clears a KeyError; a list answers every one below its end, and
    the few beyond it are left as they are, as the dict leaves them (IndexError is a
    LookupError): the same result in about half the time."""
    dense: list[int | str | None] = list(range(max(table) + 1))
    for code, value in table.items():
        dense[code] = value
    return dense


_DENSE_TABLE = _dense(_TABLE)
_REMOVED_RE = re.compile(f"[{REMOVED_CHARS}]")
_REPLACEMENTS = [(chr(code), value) for code, value in _TABLE.items() if value is not None]
# From about this length on, scanning the text once per table entry beats str.translate.
_LONG = 128


def _translate(s: str) -> str:
    """`s.translate(_TABLE)`.  str.translate looks every character up through the mapping
    protocol (an int object and a lookup each); for a long text, one regex pass for the
    removed marks and a C scan per folded character (replaced where present) is three times
    faster.  Removing first and replacing one character at a time gives the same result: no
    replacement yields a character the table removes or maps."""
    if len(s) < _LONG:
        return s.translate(_DENSE_TABLE)
    s = _REMOVED_RE.sub("", s)
    for old, new in _REPLACEMENTS:
        if old in s:
            s = s.replace(old, new)
    return s


_KEPT_RUN_RE = re.compile(f"[^{REMOVED_CHARS}]+")


def _fold(s: str) -> str:
    if len(s) >= _ARRAY_FROM:
        done = _fold_codes(s)
        if done is not None:
            return done[0]
    t = _translate(s)
    # Pure-ASCII text is already lower-cased by the table; casefold() is only needed beyond it.
    return t if t.isascii() else t.casefold()


# From about this length on, folding a text as an array of code points beats `_translate`.
_ARRAY_FROM = 512
_REMOVED, _UNKNOWN = -1, -2


@functools.lru_cache(maxsize=1)
def _code_table() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane, the code point of its normal form: the
    table's replacement, case folded (`_REMOVED` for a removed character, `_UNKNOWN` for one
    whose case fold is longer than one character).  Every character is normalised on its own,
    so a text's normal form is its characters' normal forms in turn."""
    chars = list(map(chr, range(0x10000)))
    folded = map(str.casefold, "".join(chars).translate(_TABLE))
    table = np.full(0x10000, _REMOVED, dtype=np.int32)
    kept = [c for c in chars if _TABLE.get(ord(c), c) is not None]
    table[list(map(ord, kept))] = [ord(f) if len(f) == 1 else _UNKNOWN for f in folded]
    return table


def _fold_codes(s: str) -> tuple[str, np.ndarray] | None:
    """(normal form of `s`, which of its characters are kept), read from `_code_table` a whole
    text at a time; None for a text the table does not cover (beyond the BMP, or a character
    whose case fold is longer), left to the plain way."""
    codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() > 0xFFFF:
        return None
    mapped = _code_table()[codes]
    if (mapped == _UNKNOWN).any():
        return None
    kept = mapped != _REMOVED
    return mapped[kept].tobytes().decode("utf-32-le", "surrogatepass"), kept


def normalize(s: str) -> str:
    """The matching form of `s` (idempotent; see the module docstring for the foldings)."""
    # Names, cues and tokens are normalised over and over; whole documents are not worth keeping,
    # but one the dates and numbers passes normalised (with its map) is there to be read.
    if len(s) <= _SHORT:
        return _fold_short(s)
    kept = _RECENT.peek(s)
    return kept[0] if kept is not None else _fold(s)


_SHORT = 64
_fold_short = functools.lru_cache(maxsize=1 << 16)(_fold)


def normalize_with_map(s: str) -> tuple[str, list[int]]:
    """`(norm, offsets)`: `norm == normalize(s)` and `offsets[i]` is the index in `s` of
    normalised character `i`, with `offsets[-1] == len(s)`.

    A match `norm[a:b]` comes from `s[offsets[a]:offsets[b]]`.  That slice starts at the first
    kept character and runs up to the next kept one, so it carries the diacritics/tatweel that
    follow its last letter (marks belong to the letter before them) and never those before
    its first letter.
    """
    norm, offsets = normalize_with_sparse_map(s)
    return norm, list(range(len(s) + 1)) if offsets is None else offsets


# The dates, numbers and casualty passes all normalise the same document.
_RECENT: RecentTexts[tuple[str, Sequence[int] | None]] = RecentTexts(size=4, min_length=256)


class KeptOffsets:
    """The offsets map of a text whose normal form only removes characters (each kept one
    becomes one): `self[i]` is the index in the text of normalised character i, and
    `self[len(norm)]` is the text's length, as in the list `normalize_with_map` gives.  Held
    as the few removed positions, each index answered by one binary search: the passes that
    read a document's map ask for the ends of their few matches, not for every position."""

    __slots__ = ("_removed", "_shift", "_len", "_text_len")

    def __init__(self, removed: list[int], text_len: int) -> None:
        self._removed = removed  # ascending
        # Kept characters before each removed one: the removed ones before normalised
        # character i are those with at most i kept characters before them.
        self._shift = [r - j for j, r in enumerate(removed)]
        self._text_len = text_len
        self._len = text_len - len(removed) + 1

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("KeptOffsets index out of range")
        return i + bisect_right(self._shift, i)

    def before(self, k: int) -> int:
        """The normalised characters that come from before index k of the text."""
        return k - bisect_left(self._removed, k)

    def tolist(self) -> list[int]:
        out: list[int] = []
        start = 0
        for r in self._removed:
            out.extend(range(start, r))
            start = r + 1
        out.extend(range(start, self._text_len + 1))
        return out

    def __eq__(self, other: object) -> bool:
        if isinstance(other, KeptOffsets):
            return (self._removed, self._text_len) == (other._removed, other._text_len)
        return isinstance(other, list) and self.tolist() == other

    __hash__ = None  # type: ignore[assignment]


def normal_index(offsets: Sequence[int], k: int) -> int:
    """The first normalised index whose character comes from index k of the text or later
    (`bisect_left(offsets, k)`), for an offsets map of `normalize_with_sparse_map`."""
    return offsets.before(k) if offsets.__class__ is KeptOffsets else bisect_left(offsets, k)


def normalize_with_sparse_map(s: str, copy: bool = True) -> tuple[str, list[int] | None]:
    """Like `normalize_with_map`, but `None` instead of the map when it is the identity
    (no removed marks, no expanding case fold) -- the usual case, and free to detect.
    `copy=False`: the map may be the one kept for the text (a list or `KeptOffsets`), for a
    caller that only indexes it."""
    norm, offsets = _RECENT.get(s, _sparse_map)
    if offsets is None or not copy:
        return norm, offsets
    return norm, offsets.tolist() if offsets.__class__ is KeptOffsets else list(offsets)


def _sparse_map(s: str) -> tuple[str, Sequence[int] | None]:
    if len(s) >= _ARRAY_FROM:
        done = _fold_codes(s)
        if done is not None:
            norm, kept = done
            # No character's fold is longer: the map is the positions of the kept characters.
            return norm, None if len(norm) == len(s) else KeptOffsets(np.flatnonzero(~kept).tolist(), len(s))
    t = _translate(s)
    if len(t) == len(s):
        offsets = None
    else:
        offsets = []
        extend = offsets.extend
        for m in _KEPT_RUN_RE.finditer(s):
            extend(range(m.start(), m.end()))
        offsets.append(len(s))
    if t.isascii():
        return t, offsets
    norm = t.casefold()
    if len(norm) != len(t):
        # Rare: a character whose case fold is longer (ß -> ss); every piece maps to its source.
        base = offsets if offsets is not None else range(len(s) + 1)
        expanded: list[int] = []
        for i, ch in enumerate(t):
            expanded.extend([base[i]] * len(ch.casefold()))
        expanded.append(len(s))
        offsets = expanded
    return norm, offsets
