"""Consonant skeletons of names, the same for Arabic and Latin script.

An Arabic report names "يونس كوران" where an English one writes "Younis Kouran" and another
"Yunus Kuran".  Short vowels are unwritten in Arabic and spelt freely in Latin, and several
letters have regional spellings, so the comparable part of a name is its consonants, mapped to
shared classes (`data/name_skeleton.yaml`).  `name_skeletons` gives every key a name may have:
a spelling that is ambiguous (the article kept or left out, a final h that may be ة, Latin g
for ج or ق) yields one key per reading, and two names are the same person's when their key
sets meet.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..datafiles import DataFileError, read_yaml
from .normalize import REMOVED_CHARS

__all__ = ["name_skeletons", "same_name", "SkeletonDataError"]

SKELETON_FILE = "data/name_skeleton.yaml"
_MAX_READINGS = 64  # every ambiguous letter doubles the readings; real names have a few
_MIN_KEY = 3  # "Ali" and "Ala" would share a one-letter key: too short to mean anything


class SkeletonDataError(DataFileError):
    """The name-skeleton data file is malformed."""


@dataclass(frozen=True)
class _Tables:
    arabic: dict[str, str]
    arabic_semivowels: frozenset[str]
    latin: dict[str, tuple[str, ...]]
    latin_longest: int
    latin_semivowels: frozenset[str]
    latin_articles: frozenset[str]


def _class_of(path: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or len(value) > 1:
        raise SkeletonDataError(f"{path}: {key}: expected one class character or \"\", got {value!r}")
    return value


def parse_tables(data: Any, path: str = SKELETON_FILE) -> _Tables:
    """Validate the parsed YAML of the skeleton file; every problem names `path` and the key."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SkeletonDataError(f"{path}: expected a mapping with version: 1")
    needed = {"version", "arabic", "arabic_semivowels", "latin", "latin_semivowels", "latin_articles"}
    if set(data) != needed:
        raise SkeletonDataError(f"{path}: keys must be {', '.join(sorted(needed))}")
    arabic = {}
    for letter, value in (data["arabic"] or {}).items():
        if not (isinstance(letter, str) and len(letter) == 1 and "\u0600" <= letter <= "\u06ff"):
            raise SkeletonDataError(f"{path}: arabic: {letter!r} is not one Arabic letter")
        arabic[letter] = _class_of(path, f"arabic.{letter}", value)
    latin: dict[str, tuple[str, ...]] = {}
    for spelling, value in (data["latin"] or {}).items():
        if not (isinstance(spelling, str) and spelling.isascii() and spelling.isalpha() and spelling.islower()):
            raise SkeletonDataError(f"{path}: latin: {spelling!r} is not lowercase ASCII letters")
        values = value if isinstance(value, list) else [value]
        if not values:
            raise SkeletonDataError(f"{path}: latin.{spelling}: empty list")
        latin[spelling] = tuple(_class_of(path, f"latin.{spelling}", v) for v in values)
    classes = set(arabic.values()) - {""}
    unknown = {c for vs in latin.values() for c in vs} - classes - {""}
    if unknown:
        raise SkeletonDataError(f"{path}: latin: classes {sorted(unknown)} are no Arabic letter's class")
    for key in ("arabic_semivowels", "latin_semivowels", "latin_articles"):
        if not isinstance(data[key], list) or not all(isinstance(v, str) and v for v in data[key]):
            raise SkeletonDataError(f"{path}: {key}: expected a list of strings")
    missing = set(data["arabic_semivowels"]) - set(arabic)
    if missing:
        raise SkeletonDataError(f"{path}: arabic_semivowels: {sorted(missing)} have no class in arabic")
    return _Tables(arabic, frozenset(data["arabic_semivowels"]), latin, max(map(len, latin)),
                   frozenset(data["latin_semivowels"]), frozenset(data["latin_articles"]))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return parse_tables(read_yaml("marsad.text", SKELETON_FILE, SkeletonDataError))


_LATIN_WORD = re.compile(r"[a-z]+")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_STRIP = str.maketrans("", "", REMOVED_CHARS)


def _arabic_word(word: str, t: _Tables) -> list[str]:
    """The readings of one Arabic word: the article kept as l or left out, a final ه as h or
    as a ta marbuta written without its dots."""
    stems = [word]
    if word.startswith("ال") and len(word) > 3:
        stems.append(word[2:])
    out = []
    for stem in stems:
        classes = [t.arabic.get(ch, "") if i == 0 or ch not in t.arabic_semivowels else ""
                   for i, ch in enumerate(stem)]
        out.append("".join(classes))
        if stem.endswith("ه"):
            out.append("".join(classes[:-1]))
    return out


def _latin_word(word: str, t: _Tables) -> list[str]:
    """The readings of one Latin word, spelling by spelling (longest match first); a final h
    after a vowel may be a ta marbuta ("Hamzah")."""
    options: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for size in range(min(t.latin_longest, len(word) - i), 0, -1):
            piece = word[i : i + size]
            if piece in t.latin:
                if i > 0 and piece in t.latin_semivowels:
                    options.append(("",))
                else:
                    options.append(t.latin[piece])
                i += size
                break
        else:
            i += 1  # a vowel
    readings = ["".join(p) for p in itertools.islice(itertools.product(*options), _MAX_READINGS)]
    if len(word) > 2 and word.endswith("h") and word[-2] in "aeiou":
        readings += [r[:-1] for r in readings]
    return readings


def _collapse(key: str) -> str:
    """Doubled consonants are one (shadda is unwritten, Latin doubles freely)."""
    return "".join(ch for i, ch in enumerate(key) if i == 0 or key[i - 1] != ch)


def _combine(words: list[list[str]]) -> frozenset[str]:
    keys = {_collapse("".join(parts)) for parts in itertools.islice(itertools.product(*words), _MAX_READINGS)}
    return frozenset(k for k in keys if len(k) >= _MIN_KEY)


@lru_cache(maxsize=4096)
def name_skeletons(name: str) -> frozenset[str]:
    """Every consonant key `name` may have (see the module docstring); empty for a name too
    short to key or written in neither script."""
    t = _tables()
    words = _ARABIC_WORD.findall(name.translate(_STRIP))
    if words:
        return _combine([_arabic_word(w, t) for w in words])
    latin = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    words = _LATIN_WORD.findall(latin.replace("'", "").replace("\u2019", ""))
    readings = []
    for k, word in enumerate(words):
        if word in t.latin_articles and k < len(words) - 1:
            readings.append(["l", ""])  # "al-Sisi" or "Sisi"
        else:
            readings.append(_latin_word(word, t))
    return _combine(readings)


def same_name(a: str, b: str) -> bool:
    """Whether two written names (either script) can be the same name: a person's, or a
    place's in another romanisation ("Dayr al Balah" and "Deir al-Balah")."""
    return bool(name_skeletons(a) & name_skeletons(b))
