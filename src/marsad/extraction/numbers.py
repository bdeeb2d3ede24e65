"""Numbers and casualty counts in Arabic and English news text.

`find_numbers(text)` finds counts written in digits (Western or Arabic-Indic), Arabic number
words (masculine/feminine cardinals, teens, tens, compounds "خمسة وعشرون", hundreds,
thousands), English number words, dual nouns that mean two ("جنديان", "طفلين") and vague
amounts ("عشرات", "dozens"), with their qualifier ("نحو 30" about, "ما لا يقل عن 25" at
least, "أكثر من" more than, "ما يصل إلى" up to).  Years, dates, clock times, percentages,
money, measurements and numbers inside names ("اللواء 93", "F-16") are not counts and are
left out.

`find_casualties(text, start, end)` links the numbers of one sentence to casualty cue words
(data/casualty_cues.yaml), in either order ("مقتل 5", "5 قتلى").  Coding rules:

* a combined cue ("مقتل وإصابة 12") is kind killed_or_injured and is never split;
* a number right after "بينهم"/"including" is a subset of a count already given, not an
  extra count;
* numbers joined by "و"/"and" under one cue are added ("مقتل 4 جنود و3 مدنيين" = 7);
* when a sentence gives several figures for the same kind, the lowest specific one is kept
  (competing claims: the conservative figure, as in ACLED);
* vague amounts have value None and are kept only when no specific figure exists;
* one person named without a number counts 1 next to a cue or in a list ("مقتل رجل",
  "أربعة جنود ومدني" = 5, "two children, a woman and three men" = 6);
* in Arabic a list set off by a bare comma details the figure before it, it is not added
  ("مقتل سبعة، ثلاثة رجال وسيدتان وطفلان" = 7);
* the figure before an injured count of "others" is the dead ("9 مدنيين ... وأصيب 20 آخرون");
* "eight of them children" is a subset; a cue joined by "و" opens its own clause;
* a running total over a war ("منذ بدء الحرب", "the offensive has killed") is flagged
  `cumulative`: never one event's toll.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.extraction.dates import WordListError, find_dates, read_yaml, word_list, word_start_matches
from marsad.extraction.dates import _alt as _dates_alt
from marsad.text.intervals import Covers, Intervals
from marsad.text.normalize import normal_index, normalize_with_sparse_map
from marsad.text.recent import RecentTexts
from marsad.text.tokens import letter_boundaries

__all__ = [
    "Casualty",
    "NumberMention",
    "find_casualties",
    "find_numbers",
    "load_casualty_cues",
    "load_number_words",
]

QUALIFIERS = ("at_least", "about", "more_than", "up_to")
CASUALTY_KINDS = ("killed", "injured", "arrested", "abducted", "killed_or_injured")


@dataclass(frozen=True, slots=True)
class NumberMention:
    start: int
    end: int
    text: str
    value: int | None
    approx: bool
    qualifier: str | None  # "at_least", "about", "more_than", "up_to"
    vague: bool
    kind: str = "digits"  # "digits", "words", "dual", "vague"; casualties add "singular", "pronoun"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(frozen=True, slots=True)
class Casualty:
    kind: str  # one of CASUALTY_KINDS
    value: int | None
    number: NumberMention
    cue_start: int
    cue_end: int
    cue_text: str
    subset: bool = False  # "بينهم طفلان": part of a count already given
    parts: tuple[NumberMention, ...] = field(default=())  # numbers added into `value`
    cumulative: bool = False  # a running total over a war or campaign, not one event's toll

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "number": self.number.to_dict(),
            "cue": {"start": self.cue_start, "end": self.cue_end, "text": self.cue_text},
            "subset": self.subset,
            "parts": [p.to_dict() for p in self.parts],
            "cumulative": self.cumulative,
        }


# --------------------------------------------------------------------------- data files


def _numbered(label: str, where: str, value: Any, allowed: set[int] | None = None) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise WordListError(f"{label}: {where} must map numbers to word lists")
    out: dict[str, int] = {}
    for k, forms in value.items():
        if not isinstance(k, int) or (allowed is not None and k not in allowed):
            raise WordListError(f"{label}: {where}: bad key {k!r}")
        for f in word_list(label, f"{where}.{k}", forms):
            if out.get(f, k) != k:
                raise WordListError(f"{label}: {where}: {f!r} is listed under both {out[f]} and {k}")
            out[f] = k
    return out


@dataclass(frozen=True)
class NumberWords:
    units: dict[str, int]
    teen_units: dict[str, int]
    teen: frozenset[str]
    tens: dict[str, int]
    hundreds: dict[str, int]
    hundred_word: frozenset[str]
    thousands: dict[str, int]
    thousand_plural: frozenset[str]
    millions: dict[str, int]
    million_plural: frozenset[str]
    en_small: dict[str, int]  # 1-19
    en_tens: dict[str, int]
    en_hundred: frozenset[str]
    en_thousand: frozenset[str]
    en_million: frozenset[str]
    en_dozen: frozenset[str]
    en_and: frozenset[str]
    duals: frozenset[str]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    vague: frozenset[str]
    not_counts_after: frozenset[str]
    name_nouns: frozenset[str]
    subset_markers: frozenset[str]
    subset_markers_after: frozenset[str]


def _qualifiers(label: str, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) - set(QUALIFIERS):
        raise WordListError(f"{label}: {where} keys must be among {QUALIFIERS}")
    out: dict[str, str] = {}
    for k, forms in value.items():
        for f in word_list(label, f"{where}.{k}", forms):
            if out.get(f, k) != k:
                raise WordListError(f"{label}: {where}: {f!r} is listed under both {out[f]} and {k}")
            out[f] = k
    return out


def _dual_forms(stem: str, endings: tuple[str, ...]) -> list[str]:
    if stem.endswith("ه"):  # ta marbuta (folded): امرأة -> امرأتان
        stem = stem[:-1] + "ت"
    return [stem + e for e in endings]


@lru_cache(maxsize=1)
def load_number_words() -> NumberWords:
    label, d = read_yaml("number_words.yaml")
    ar, en = d.get("arabic"), d.get("english")
    if not isinstance(ar, dict) or not isinstance(en, dict):
        raise WordListError(f"{label}: needs 'arabic' and 'english' sections")
    duals_raw = d.get("dual_nouns")
    if not isinstance(duals_raw, dict) or set(duals_raw) != {"broken_plural", "sound_plural"}:
        raise WordListError(f"{label}: dual_nouns needs broken_plural and sound_plural")
    duals = set()
    for stem in word_list(label, "dual_nouns.broken_plural", duals_raw["broken_plural"]):
        duals.update(_dual_forms(stem, ("ان", "ين")))
    for stem in word_list(label, "dual_nouns.sound_plural", duals_raw["sound_plural"]):
        duals.update(_dual_forms(stem, ("ان",)))
    units = _numbered(label, "arabic.units", ar.get("units"), set(range(1, 11)))
    en_small = _numbered(label, "english.units", en.get("units"), set(range(1, 11)))
    en_small.update(_numbered(label, "english.teens", en.get("teens"), set(range(11, 20))))
    fs = lambda where, v: frozenset(word_list(label, where, v))  # noqa: E731
    return NumberWords(
        units=units,
        teen_units=_numbered(label, "arabic.teen_units", ar.get("teen_units"), {1, 2}),
        teen=fs("arabic.teen", ar.get("teen")),
        tens=_numbered(label, "arabic.tens", ar.get("tens"), set(range(20, 100, 10))),
        hundreds=_numbered(label, "arabic.hundreds", ar.get("hundreds"), set(range(100, 1000, 100))),
        hundred_word=fs("arabic.hundred_word", ar.get("hundred_word")),
        thousands=_numbered(label, "arabic.thousands", ar.get("thousands"), {1000, 2000}),
        thousand_plural=fs("arabic.thousand_plural", ar.get("thousand_plural")),
        millions=_numbered(label, "arabic.millions", ar.get("millions"), {1000000, 2000000}),
        million_plural=fs("arabic.million_plural", ar.get("million_plural")),
        en_small=en_small,
        en_tens=_numbered(label, "english.tens", en.get("tens"), set(range(20, 100, 10))),
        en_hundred=fs("english.hundred", en.get("hundred")),
        en_thousand=fs("english.thousand", en.get("thousand")),
        en_million=fs("english.million", en.get("million")),
        en_dozen=fs("english.dozen", en.get("dozen")),
        en_and=fs("english.and", en.get("and")),
        duals=frozenset(duals),
        qualifiers_before=_qualifiers(label, "qualifiers_before", d.get("qualifiers_before")),
        qualifiers_after=_qualifiers(label, "qualifiers_after", d.get("qualifiers_after")),
        vague=fs("vague", d.get("vague")),
        not_counts_after=fs("not_counts_after", d.get("not_counts_after")),
        name_nouns=fs("name_nouns", d.get("name_nouns")),
        subset_markers=fs("subset_markers", d.get("subset_markers")),
        subset_markers_after=fs("subset_markers_after", d.get("subset_markers_after")),
    )


@dataclass(frozen=True)
class CasualtyCues:
    cues: dict[str, str]  # normal form -> kind
    weak: frozenset[str]
    transparent: frozenset[str]
    not_people: frozenset[str]
    singular_ar: frozenset[str]
    singular_en: frozenset[str]
    singular_determiners: frozenset[str]
    others: frozenset[str]
    link_breakers: frozenset[str]
    cumulative: frozenset[str]
    speech_after: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_casualty_cues() -> CasualtyCues:
    label, d = read_yaml("casualty_cues.yaml")
    kinds = d.get("kinds")
    if not isinstance(kinds, dict) or set(kinds) != set(CASUALTY_KINDS):
        raise WordListError(f"{label}: kinds must be exactly {CASUALTY_KINDS}")
    cues: dict[str, str] = {}
    for kind, forms in kinds.items():
        for f in word_list(label, f"kinds.{kind}", forms):
            if cues.get(f, kind) != kind:
                raise WordListError(f"{label}: {f!r} is listed under both {cues[f]} and {kind}")
            cues[f] = kind
    weak = frozenset(word_list(label, "weak", d.get("weak")))
    if weak - set(cues):
        raise WordListError(f"{label}: weak cues {sorted(weak - set(cues))} are not listed under kinds")
    singular = d.get("singular_people")
    if not isinstance(singular, dict) or set(singular) != {"arabic", "english"}:
        raise WordListError(f"{label}: singular_people needs arabic and english")
    fs = lambda where, v: frozenset(word_list(label, where, v))  # noqa: E731
    return CasualtyCues(
        cues,
        weak,
        fs("transparent", d.get("transparent")),
        fs("not_people", d.get("not_people")),
        fs("singular_people.arabic", singular["arabic"]),
        fs("singular_people.english", singular["english"]),
        fs("singular_determiners", d.get("singular_determiners")),
        fs("others", d.get("others")),
        fs("link_breakers", d.get("link_breakers")),
        fs("cumulative", d.get("cumulative")),
        fs("singular_speech_after", d.get("singular_speech_after")),
        fs("name_heads", d.get("name_heads")),
    )


# --------------------------------------------------------------------------- tokens and words

_TOKEN = re.compile(r"[0-9]+(?:[.,٬٫][0-9]+)*|[^\W\d_]+|\S")
_LETTERS = re.compile(r"[^\W\d_]+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:[,٬][0-9]{3})+")
_B = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))"
_E = r"(?!\w)"
# `_B` as seen from one character on (`_alt(..., after_first=...)`): for a search through a
# window, a pattern that opens with a phrase's first character is tried only where one stands,
# not at every position (where `_B` asked the Unicode database about the character before).
_B_PAST_FIRST = r"(?:(?<!\w.)|(?<=(?<!\w)[وف].))"


def _alt(forms: Any, after_first: str = "") -> str:
    """Regex alternation of normal-form phrases, longest first, spaces matching any run
    (written as a trie by `dates._alt`: the same matches, fewer branches tried)."""
    return _dates_alt(forms, after_first)


_HALF_A = re.compile(r"\bhalf an? $")


class _Run:
    """The tokens of a normal form from one token start on, read only as far as the parser
    asks: a number is a few tokens, a document hundreds, most of them never looked at."""

    __slots__ = ("_rest", "_words", "_ends")

    def __init__(self, norm: str, a: int) -> None:
        self._rest = _TOKEN.finditer(norm, a)
        self._words: list[str] = []
        self._ends: list[int] = []

    def word(self, j: int) -> str:
        """Token j (from 0); "" past the end of the text, which no word list holds."""
        words = self._words
        while len(words) <= j:
            m = next(self._rest, None)
            if m is None:
                return ""
            words.append(m[0])
            self._ends.append(m.end())
        return words[j]

    def end(self, j: int) -> int:
        """Where token j (already read) ends."""
        return self._ends[j]


class _Parser:
    """Reads one number starting at a token: digits, Arabic or English words, or a dual."""

    def __init__(self, w: NumberWords) -> None:
        self.w = w
        # Every word `parse` can start a number on (besides digits); most tokens are not one.
        self.starters = frozenset().union(
            w.duals, w.units, w.teen_units, w.tens, w.hundreds, w.thousands, w.millions, w.en_small, w.en_tens,
            w.en_dozen,
        )

    def _ar_group(self, toks: _Run, i: int, word: str) -> tuple[int, str, int] | None:
        """(value, category, tokens used) of one Arabic group starting with `word`."""
        w = self.w
        nxt = toks.word(i + 1)
        u = w.units.get(word) or w.teen_units.get(word)
        if u is not None:
            if u <= 9 and nxt in w.teen:
                return 10 + u, "teen", 2
            if word not in w.units:
                return None  # أحد / اثنا only before عشر
            if 3 <= u <= 9 and nxt in w.hundred_word:
                return u * 100, "hundred", 2
            if 3 <= u <= 10 and nxt in w.thousand_plural:
                return u * 1000, "thousand", 2
            if 3 <= u <= 10 and nxt in w.million_plural:
                return u * 1000000, "million", 2
            return u, ("unit" if u <= 9 else "teen"), 1
        for table, cat in ((w.tens, "ten"), (w.hundreds, "hundred"), (w.thousands, "thousand"), (w.millions, "million")):
            if word in table:
                return table[word], cat, 1
        return None

    _NEXT = {
        "million": {"thousand", "hundred", "ten", "teen", "unit"},
        "thousand": {"hundred", "ten", "teen", "unit"},
        "hundred": {"ten", "teen", "unit"},
        "unit": {"ten"},
    }

    def _arabic(self, toks: _Run, i: int) -> tuple[int, int] | None:
        first = self._ar_group(toks, i, toks.word(i))
        if first is None:
            return None
        total, cat, used = first
        j = i + used
        while True:  # past the last token the word is "", which ends the number
            word, step = toks.word(j), 0
            if word == "و" and toks.word(j + 1):
                word, step = toks.word(j + 1), 1
            elif word.startswith("و") and len(word) > 2:
                word = word[1:]
            else:
                break
            nxt = self._ar_group(toks, j + step, word)
            if nxt is None or nxt[1] not in self._NEXT.get(cat, set()):
                break
            if cat == "unit" and nxt[1] == "ten":
                total += nxt[0]
                j += step + nxt[2]
                break  # "خمسة وعشرون" is complete
            total += nxt[0]
            cat = nxt[1]
            j += step + nxt[2]
        return total, j

    def _english(self, toks: _Run, i: int) -> tuple[int, int] | None:
        w = self.w
        total = current = 0
        j, seen = i, False
        while True:  # past the last token the word is "", which ends the number
            s = toks.word(j)
            if s in w.en_small and (not seen or current % 10 == 0 and current % 100 >= 20 or current % 100 == 0):
                current += w.en_small[s]
            elif s in w.en_tens and (not seen or current % 100 == 0):
                current += w.en_tens[s]
            elif s in w.en_hundred and seen:
                current = max(current, 1) * 100
            elif s in w.en_dozen and current < 10:
                # "a dozen" (its article is no figure), "two dozen"
                current = max(current, 1) * 12
            elif s in w.en_thousand and seen:
                total += max(current, 1) * 1000
                current = 0
            elif s in w.en_million and seen:
                total += max(current, 1) * 1000000
                current = 0
            elif seen and (s == "-" or s in w.en_and) and (
                toks.word(j + 1) in w.en_small or toks.word(j + 1) in w.en_tens
            ):
                j += 1
                continue
            else:
                break
            seen = True
            j += 1
        if not seen:
            return None
        # A trailing joiner is never part of the number.
        while j > i and (toks.word(j - 1) == "-" or toks.word(j - 1) in w.en_and):
            j -= 1
        return total + current, j

    def parse(self, toks: _Run, i: int = 0) -> tuple[int | None, int, str] | None:
        """(value, end token index, kind) of a number at token i, or None."""
        s = toks.word(i)
        if s[0].isdigit():
            if _THOUSANDS.fullmatch(s):
                value = int(re.sub(r"[,٬]", "", s))
            elif s.isdigit():
                value = int(s)
            else:
                return None, i + 1, "decimal"
            j = i + 1
            mult = toks.word(j)
            if mult in self.w.thousand_plural or mult in self.w.thousands or mult in self.w.en_thousand:
                return value * 1000, j + 1, "digits"
            if mult in self.w.million_plural or mult in self.w.millions or mult in self.w.en_million:
                return value * 1000000, j + 1, "digits"
            return value, j, "digits"
        if s in self.w.duals:
            j = i + 1
            if self.w.units.get(toks.word(j)) == 2:
                j += 1  # "جنديين اثنين"
            return 2, j, "dual"
        got = self._arabic(toks, i) or self._english(toks, i)
        if got is None:
            return None
        return got[0], got[1], "words"


@dataclass
class _Ctx:
    words: NumberWords
    parser: _Parser
    qual_before: re.Pattern[str]
    qual_after_adjacent: re.Pattern[str]
    qual_after_noun: re.Pattern[str]
    not_count_after: re.Pattern[str]
    name_before: re.Pattern[str]
    vague: re.Pattern[str]
    number_words: re.Pattern[str]


# The tokens of `_TOKEN` that begin with a digit, as `_TOKEN` splits them: a run of ASCII
# digits with its separators, or any other decimal digit alone.  (Every ASCII digit belongs
# to such a run, so reading them from left to right finds the same runs.)
_DIGIT_TOKEN = re.compile(r"\d(?:(?<=[0-9])[0-9]*(?:[.,٬٫][0-9]+)*)?")


def _number_words(starters: frozenset[str]) -> re.Pattern[str]:
    """Letter tokens (whole runs of letters) that are a number word or "و" + one."""
    words = set(starters) | {"و" + s for s in starters if len(s) >= 2}
    # A form that is not one letter token (a space, a hyphen) never equals a token.
    words = {w for w in words if w[0].isalpha() and _LETTERS.fullmatch(w)}
    # "(?<![^\W\d_])" and "(?![^\W\d_])", tried at every position: read from a bitmap.
    no_letter_before, no_letter_after = letter_boundaries()
    return re.compile(rf"{no_letter_before}(?:{_alt(words)}){no_letter_after}")


@lru_cache(maxsize=1)
def _ctx() -> _Ctx:
    w = load_number_words()
    qa = _alt(w.qualifiers_after)
    parser = _Parser(w)
    return _Ctx(
        words=w,
        parser=parser,
        qual_before=re.compile(rf"(?P<q>{_alt(w.qualifiers_before, _B_PAST_FIRST)})(?:\s*ال)?\s*$"),
        qual_after_adjacent=re.compile(rf"\s*,?\s*(?P<q>{qa}){_E}"),
        qual_after_noun=re.compile(rf"(?:\s+[^\W\d_]+){{1,2}}\s*,?\s*(?P<q>{qa}){_E}"),
        not_count_after=re.compile(rf"\s*(?:{_alt(w.not_counts_after)})(?!\w)"),
        name_before=re.compile(rf"(?:{_alt(w.name_nouns, _B_PAST_FIRST)})\s*(?:ال)?\s*$"),
        vague=re.compile(rf"{_B}(?P<v>{_alt(w.vague)}){_E}"),
        number_words=_number_words(parser.starters),
    )


def _read(parser: _Parser, norm: str, a: int) -> tuple[int | None, int, str, int] | None:
    """(value, end, kind, tokens read) of the number starting at `a` in `norm`, or None."""
    run = _Run(norm, a)
    got = parser.parse(run)
    return None if got is None else (got[0], run.end(got[1] - 1), got[2], got[1])


_ARTICLE_BEFORE = re.compile(r"(?<!\w)ال\s*$")
_HYPHEN_BEFORE = re.compile(r"[^\W\d_]-\s*$")
_HYPHEN_AFTER = re.compile(r"-[^\W\d_]")
_WORD_CHAR = re.compile(r"\w")
_LETTER = re.compile(r"[^\W\d_]")


def _article_before(before: str) -> bool:
    """`_ARTICLE_BEFORE.search(before)`: the text ends, white space aside, with "ال" that no
    word character precedes.  Read off the end instead of searched for at every position, each
    of which asked the Unicode database whether the character before is a word character."""
    s = before.rstrip()
    return s.endswith("ال") and (len(s) == 2 or _WORD_CHAR.match(s, len(s) - 3) is None)


def _hyphen_before(before: str) -> bool:
    """`_HYPHEN_BEFORE.search(before)`, read off the end: a letter and "-", white space aside."""
    s = before.rstrip()
    return s.endswith("-") and len(s) >= 2 and _LETTER.match(s, len(s) - 2) is not None


def _is_name_or_unit(norm: str, a: int, b: int, ctx: _Ctx) -> bool:
    before = norm[max(0, a - 40) : a]
    if ctx.name_before.search(before):
        return True
    # "ال30" / "الـ 30" is an ordinal ("اليوم الـ35"), unless a qualifier precedes it.
    if _article_before(before) and not ctx.qual_before.search(before):
        return True
    # Attached by a hyphen to letters: "F-16", "كوفيد-19", "16-F".
    if _hyphen_before(before) or _HYPHEN_AFTER.match(norm, b):
        return True
    return bool(ctx.not_count_after.match(norm, b))


# text -> its numbers, for the last few texts: the numbers stage and the casualty pass read
# the same document.  Mentions are frozen, so a hit is shared safely (the list is copied).
_RECENT: RecentTexts[list[NumberMention]] = RecentTexts(size=4)


def find_numbers(text: str) -> list[NumberMention]:
    """Counts in `text` (see the module docstring), in text order, offsets into `text`."""
    return list(_RECENT.get(text, _find_numbers))


def _find_numbers(text: str) -> list[NumberMention]:
    ctx = _ctx()
    norm, offsets, inv = _maps(text)
    blocked: list[tuple[int, int]] | None = None

    def dates_in_norm() -> list[tuple[int, int]]:
        # Dates only matter once a count or a vague amount is found; most sentences have none.
        nonlocal blocked
        if blocked is None:
            blocked = [(inv[m.start], inv[m.end]) for m in find_dates(text, None)]
        return blocked

    in_dates: Intervals | None = None

    def in_a_date(a: int, b: int) -> bool:
        nonlocal in_dates
        if in_dates is None:
            in_dates = Intervals((s, e, None) for s, e in dates_in_norm())
        return in_dates.overlaps(a, b)

    raw: list[tuple[int, int, int | None, str]] = []  # (a, b, value, kind) in norm
    starters = ctx.parser.starters
    # Only a token that can begin a number (digits, a number word, و + one) needs the parser:
    # those are found by two regexes (one that tried both at every position was slower),
    # the text is never split into tokens as a whole.
    begins = sorted([(m.start(), m[0]) for m in _DIGIT_TOKEN.finditer(norm)]
                    + [(m.start(), m[0]) for m in ctx.number_words.finditer(norm)])
    done = 0  # where the number read last ends
    for a, word in begins:
        if a < done:
            continue  # inside the number read last
        if word in ctx.words.en_dozen and _HALF_A.search(norm, max(0, a - 8), a):
            continue  # "half a dozen": a vague few (its vague form is read below), not twelve
        got = _read(ctx.parser, norm, a) if word[0].isdigit() or word in starters else None
        if word[0] == "و" and len(word) > 2 and word[1:] in starters:
            # "وخمسة": read the number after the conjunction.
            got2 = _read(ctx.parser, norm, a + 1)
            # "وأحد عشر" folds to "واحد عشر": the reading without the conjunction wins a tie
            # (both readings share every token after the first).
            if got2 is not None and (got is None or got2[3] >= got[3]):
                got = got2
                a += 1
        if got is None:
            continue
        value, b, kind, _used = got
        if kind != "decimal" and not in_a_date(a, b):
            if not (kind in ("digits", "words") and _is_name_or_unit(norm, a, b, ctx)):
                raw.append((a, b, value, kind))
        done = b
    taken: Intervals | None = None
    for m in word_start_matches(ctx.vague, norm):
        a, b = m.start("v"), m.end("v")
        taken = taken or Intervals([(a, b, None) for a, b, _, _ in raw] + [(s, e, None) for s, e in dates_in_norm()])
        if not taken.overlaps(a, b):
            raw.append((a, b, None, "vague"))
    raw.sort()
    out = []
    for a, b, value, kind in raw:
        qualifier = None
        q = ctx.qual_before.search(norm, max(0, a - 40), a)
        if q:
            qualifier = ctx.words.qualifiers_before[" ".join(q.group("q").split())]
            a = q.start("q")
        q2 = ctx.qual_after_adjacent.match(norm, b)
        if q2:
            qualifier = qualifier or ctx.words.qualifiers_after[" ".join(q2.group("q").split())]
            b = q2.end("q")
        elif kind != "vague":
            q3 = ctx.qual_after_noun.match(norm, b)
            if q3:
                qualifier = qualifier or ctx.words.qualifiers_after[" ".join(q3.group("q").split())]
        s, e = offsets[a], offsets[b]
        vague = kind == "vague"
        out.append(NumberMention(s, e, text[s:e], value, vague or qualifier is not None, qualifier, vague, kind))
    return out


def _maps(text: str) -> tuple[str, Sequence[int], _Inverse]:
    """(norm, offsets, inverse) as from `normalize_with_map` and `_Inverse`; both maps are
    ranges in the usual case (the identity).  Only read, never changed."""
    return _RECENT_MAPS.get(text, _compute_maps)


def _compute_maps(text: str) -> tuple[str, Sequence[int], _Inverse]:
    norm, offsets = normalize_with_sparse_map(text, copy=False)
    return norm, range(len(text) + 1) if offsets is None else offsets, _Inverse(offsets)


# text -> `_maps(text)` for the last few documents (numbers, then casualties, read the same
# one; short phrases are not kept).  The maps are only read, never changed.
_RECENT_MAPS: RecentTexts[tuple[str, Sequence[int], _Inverse]] = RecentTexts(size=4, min_length=256)


class _Inverse:
    """Original index -> normalised index (the first normalised char at or after it): for
    index k, the first i with offsets[i] >= k (offsets ascend; the last is the text's length).
    Asked only of the ends of the dates and numbers a text holds, so each is one binary search
    when asked, not a list made of every index of the text."""

    __slots__ = ("_offsets",)

    def __init__(self, offsets: Sequence[int] | None) -> None:
        self._offsets = offsets  # None: the identity

    def __getitem__(self, k: int) -> int:
        return k if self._offsets is None else normal_index(self._offsets, k)


# --------------------------------------------------------------------------- casualties

_BREAK = re.compile(r"[.;:!?\n]")


def _in_name(norm: str, start: int, heads: frozenset[str]) -> bool:
    """Whether the cue at `start` of the normal text `norm` is part of a name ("ساحة الشهداء")."""
    before = norm[max(0, start - 12):start].split()
    return bool(before) and norm[start - 1:start].isspace() and before[-1] in heads


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    c = load_casualty_cues()
    return re.compile(
        rf"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))(?:ال)?(?P<cue>{_alt(c.cues)})(?:ان|ين|(?P<pron>هما|ها|ه)|هم|هن)?{_E}"
    )


@dataclass
class _Link:
    num: NumberMention
    a: int
    b: int
    cue: tuple[int, int, str] | None = None  # (a, b, kind) in the window's normal form
    side: str = ""
    subset: bool = False


# A dash-enclosed aside ("18 people – eight of them children – were killed") is skipped.
_ASIDE = re.compile(r"\s[–—]\s[^–—]*\s[–—]\s")
# A date set off by commas between a verb and its object ("أوقفت عناصر الدرك، يوم الأحد 12 أوت،
# ثلاثة أشخاص") is skipped too (text in normal form).
_DATE_ASIDE = re.compile(r"[،,]\s*(?:يوم|صباح|مساء|فجر|ظهر|عصر|ليل|ليله|امس|اليوم|الليله|on|late|early)\b[^،,.\n]{0,30}[،,]")


_ROSE_TO = re.compile(r"\b(?:rose|risen|climbed|increased|jumped) to\s+$")


def _looks_like_year(num: NumberMention) -> bool:
    return num.kind == "digits" and num.value is not None and 1900 <= num.value <= 2100 and len(num.text.strip()) == 4


def _words_between(norm: str, a: int, b: int, transparent: frozenset[str]) -> int | None:
    """Words between a and b, or None when a clause break lies between."""
    gap = _DATE_ASIDE.sub(" ", _ASIDE.sub(" ", norm[a:b]))
    if _BREAK.search(gap):
        return None
    words = [w for w in re.findall(r"[^\W\d_]+", gap) if w not in transparent]
    return len(words)


def find_casualties(text: str, start: int = 0, end: int | None = None, *, keep_all: bool = False,
                    names: Sequence[tuple[int, int]] = (), places: Sequence[tuple[int, int]] = ()) -> list[Casualty]:
    """Casualty counts in the sentence `text[start:end]` (offsets into `text`).

    By default one Casualty per kind: the lowest specific figure (or a vague one when no
    figure is given), subsets left out.  `keep_all=True` returns every linked number,
    subsets flagged.  `names`: (start, end) of names in `text` (actors) that count as one word
    between a verb and the figure after it ("قتل مسلحون من قوات الدعم السريع عشرين مدنيا");
    `places`: (start, end) of place names, whose numbers count nobody ("مستوطنة كريات أربع")."""
    end = len(text) if end is None else end
    window = text[start:end]
    return _find_casualties(text, window, start, keep_all, load_casualty_cues(), names, places)


@dataclass(frozen=True)
class _CasualtyPatterns:
    subset_before: re.Pattern[str]
    not_people: re.Pattern[str]
    subset_after: re.Pattern[str]
    singular: re.Pattern[str]
    others_after: re.Pattern[str]
    cumulative: re.Pattern[str]


@lru_cache(maxsize=1)
def _casualty_patterns() -> _CasualtyPatterns:
    w = load_number_words()
    c = load_casualty_cues()
    return _CasualtyPatterns(
        re.compile(rf"(?:{_alt(w.subset_markers, _B_PAST_FIRST)})\s*(?:\w+\s+)?$"),
        re.compile(rf"\s*(?:ال)?(?:{_alt(c.not_people)}){_E}"),
        # "eight of them children", "ثلاثة منهم أطفال"
        re.compile(rf"(?:\s+[^\W\d_]+)?\s+(?:{_alt(w.subset_markers_after)}){_E}"),
        re.compile(
            # ("مقتل أحد المطلوبين", "أحد عناصر الشرطة": one of a group; not a bare "أحد", no one)
            rf"{_B}(?P<ar>{_alt(c.singular_ar)}|احد(?=\s+(?:ال|عناصر|افراد)))ا?{_E}"
            # ("a 17-year-old Palestinian": whoever has an age is a person, whatever the noun)
            rf"|(?<!\w)(?P<en>(?:{_alt(c.singular_determiners)})\s+(?:(?:[a-z]+\s+)?(?:{_alt(c.singular_en)})"
            rf"|\d+-year-old)){_E}(?!\s+(?:{_alt(c.speech_after)}){_E})"
        ),
        re.compile(rf"\s*(?:{_alt(c.others)}){_E}"),
        re.compile(rf"{_B}(?:{_alt(c.cumulative)}){_E}"),
    )


def _singulars(norm: str, offsets: Sequence[int], window: str, links: list[_Link], pats: _CasualtyPatterns) -> list[_Link]:
    """One person named without a number ("رجل", "a child"): candidate counts of 1."""
    out = []
    numbers = Intervals((lk.a, lk.b, None) for lk in links)
    for m in word_start_matches(pats.singular, norm):
        a, b = m.span("ar") if m.group("ar") else m.span("en")
        if numbers.overlaps(a, b):
            continue
        # "11 مدنيا", "three civilians": the noun counted by the number before it.  (The number
        # ending last before it is the only one that can have nothing but space between.)
        end = numbers.last_end_by(a)
        if end is not None and not norm[end:a].strip():
            continue
        s, e = offsets[a], offsets[b]
        out.append(_Link(NumberMention(s, e, window[s:e], 1, False, None, False, "singular"), a, b))
    return out


# "مؤكدا إصابتها إصابة مباشرة": a direct hit on a thing (a ship, a target), no one wounded.
_DIRECT_HIT = re.compile(r"\s*(?:اصابه\s+(?:مباشره|دقيقه|محققه)|بدقه|بشكل مباشر|بصوره مباشره)")


def _pronoun_counts(matches: list[re.Match[str]], offsets: Sequence[int], window: str,
                    norm: str) -> list[_Link]:
    """"ما أدى إلى مقتله", "اعتقلوهما": a cue whose object is a singular or dual pronoun counts
    one or two.  Set as a part (`subset`): it is the count only when no figure is told."""
    out = []
    for m in matches:
        if m.group("pron") and not _DIRECT_HIT.match(norm, m.end()):
            s, e = offsets[m.start()], offsets[m.end()]
            num = NumberMention(s, e, window[s:e], 2 if m.group("pron") == "هما" else 1, False, None, False, "pronoun")
            out.append(_Link(num, m.start(), m.end(), subset=True))
    return out


def _definite_subject(gap: str) -> bool:
    """Arabic verb-subject-object: the words between a verb and a bare noun it counts are a
    definite subject ("القوات الإسرائيلية"), at most two words."""
    words = re.findall(r"[^\W\d_]+", gap)
    return 0 < len(words) <= 2 and all(w.startswith("ال") for w in words)


def _breakdown(norm: str, g: list[_Link]) -> bool:
    """"مقتل سبعة من الأهالي، ثلاثة رجال وسيدتان وطفلان": in Arabic a list set off by a bare
    comma (no "و") after a figure details that figure; it is not added to it."""
    gap = norm[g[0].b : g[1].a].rstrip()
    if not gap.endswith(",") or not re.search(r"[\u0600-\u06FF]", norm[g[0].a : g[1].b]):
        return False
    rest = sum(lk.num.value or 0 for lk in g[1:])
    return (g[0].num.value or 0) >= rest


def _one_word_names(norm: str, inv: _Inverse, start: int, end: int, names: Sequence[tuple[int, int]]) -> str:
    """`norm` with each name inside the window written as one word of the same length."""
    chars = None
    for a, b in names:
        if start <= a < b <= end:
            na, nb = inv[a - start], inv[b - start]
            if " " in norm[na:nb]:
                chars = chars if chars is not None else list(norm)
                chars[na:nb] = "ع" * (nb - na)
    return norm if chars is None else "".join(chars)


def _find_casualties(text: str, window: str, start: int, keep_all: bool, cues_data: CasualtyCues,
                     names: Sequence[tuple[int, int]] = (), places: Sequence[tuple[int, int]] = ()) -> list[Casualty]:
    norm, offsets, inv = _maps(window)
    named = _one_word_names(norm, inv, start, start + len(window), names) if names else norm
    nums = find_numbers(window)
    if places:
        covers = Covers(places).covers
        nums = [n for n in nums if not covers(start + n.start, start + n.end)]
    links = [_Link(n, inv[n.start], inv[n.end]) for n in nums]
    matches = word_start_matches(_cue_pattern(), norm)
    cues = [(m.start(), m.end(), cues_data.cues[" ".join(m.group("cue").split())], " ".join(m.group("cue").split()))
            for m in matches if not _in_name(norm, m.start(), cues_data.name_heads)]
    pats = _casualty_patterns()
    links = sorted(links + _singulars(norm, offsets, window, links, pats), key=lambda lk: lk.a)
    starts = {lk.a for lk in links}
    for lk in links:
        after = pats.subset_after.match(norm, lk.b)
        # "ثمانية منهم أطفال" ends the aside; in "10 أشخاص منهم 4 أطفال" the marker opens the next count.
        if after and len(norm) - len(norm[after.end() :].lstrip()) in starts:
            after = None
        lk.subset = bool(pats.subset_before.search(norm, max(0, lk.a - 30), lk.a) or after)
    links = sorted(links + _pronoun_counts(matches, offsets, window, norm), key=lambda lk: lk.a)
    # A subset ("eight of them children") does not stand between its group and the group's cue.
    spans = [(lk.a, lk.b) for lk in links if not lk.subset]
    plain = named  # (a name counts one word after the number too: "ثلاثة جنود من قوات الحزام الأمني قتلوا")
    for lk in links:
        if lk.subset:
            m = pats.subset_after.match(norm, lk.b)
            b = m.end() if m and len(norm) - len(norm[m.end() :].lstrip()) not in starts else lk.b
            plain = plain[: lk.a] + " " * (b - lk.a) + plain[b:]

    # Spans are in text order; when they do not overlap their ends are in order too, so the
    # first span starting at or after `a` is the one that ends first: one bisect, not a scan
    # of every number for every (number, cue) pair.
    span_starts = [s for s, _e in spans]
    ordered = all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))

    def free(a: int, b: int) -> bool:  # no other number inside (a, b)
        if ordered:
            k = bisect_left(span_starts, a)
            return k == len(spans) or spans[k][1] > b
        return not any(a <= s and e <= b for s, e in spans)

    def opens_clause(ca: int) -> bool:  # "وأصيب 12": a cue joined by و/ف starts its own clause
        return ca > 0 and norm[ca - 1] in "وف" and (ca < 2 or not norm[ca - 2].isalnum())

    # Cues are matches of one pattern: in text order, apart, so their ends ascend too.
    cue_starts = [ca for ca, _cb, _kind, _form in cues]
    cue_ends = [cb for _ca, cb, _kind, _form in cues]
    span_ends = [e for _s, e in spans]

    def near(lk: _Link) -> list[tuple[int, int, str, str]]:
        """The cues `lk` may link to: `free` fails for a cue ending at or before the start of
        the number before `lk`, and for one starting at or after the end of the number after
        it (spans in order), so those are not tried."""
        if not ordered:
            return cues
        k = bisect_right(span_ends, lk.a) - 1  # the number before: the last to end by lk.a
        lo = bisect_right(cue_ends, spans[k][0]) if k >= 0 else 0
        k = bisect_left(span_starts, lk.b)  # the number after: the first to start from lk.b
        hi = bisect_left(cue_starts, spans[k][1]) if k < len(spans) else len(cues)
        return cues[lo:hi]

    keep: list[_Link] = []
    for lk in links:
        if lk.num.kind not in ("dual", "singular", "pronoun") and pats.not_people.match(norm, lk.b):
            continue
        one = lk.num.kind == "singular"  # a bare noun counts only right next to its cue
        best: tuple[int, int, tuple[int, int, str], str] | None = None
        for ca, cb, kind, form in near(lk):
            if ca < lk.b and cb > lk.a:  # the number is the cue ("قتيلين")
                if one:
                    continue
                cand = (-1, 0, (ca, cb, kind), "self")
            elif cb <= lk.a and free(cb, lk.a):
                d = _words_between(named, cb, lk.a, cues_data.transparent)
                # ("the death toll from the bombing later rose to 13": a toll that rose reaches further)
                reach = 0 if form in cues_data.weak else 7 if _ROSE_TO.search(norm, max(0, lk.a - 16), lk.a) else 3
                if d is None or d > reach:
                    continue
                if one and d and not _definite_subject(norm[cb : lk.a]):
                    continue  # "اعتقلت القوات الإسرائيلية شابا": only a definite subject between
                if re.search(r"(?<!\w)and(?!\w)", norm[cb : lk.a]):
                    # "... were killed and dozens were wounded": an English participle
                    # looks back, so a clause after "and" is not its object.
                    continue
                cand = (d, 0, (ca, cb, kind), "before")
            elif ca >= lk.b and free(lk.b, ca) and form not in cues_data.weak and not opens_clause(ca):
                d = _words_between(plain, lk.b, ca, cues_data.transparent)
                # (a year in figures counts only right before its cue: "انتهت 1945 ومؤسس ... قتل")
                if d is None or d > (0 if one or _looks_like_year(lk.num) else 4):
                    continue
                if any(w in cues_data.link_breakers for w in re.findall(r"[^\W\d_]+", norm[lk.b : ca])):
                    continue
                cand = (d, 1, (ca, cb, kind), "after")
            else:
                continue
            if best is None or cand[:2] < best[:2]:
                best = cand
        if best is not None:
            lk.cue, lk.side = best[2], best[3]
        keep.append(lk)

    # A cue that closes one count ("عشرات القتلى") does not open the next one, except an English
    # verb with its object right after it ("two rival clans killed seven people").
    for x, y in zip(keep, keep[1:]):
        if y.side == "before" and x.side == "after" and x.cue == y.cue:
            if norm[x.cue[0]:x.cue[1]].isascii() and not norm[x.cue[1]:y.a].strip():
                x.cue, x.side = None, ""
            else:
                y.cue, y.side = None, ""

    # Numbers joined by "و"/"and" share the cue of their neighbour ("مقتل 4 جنود و3 مدنيين").
    def joined(x: _Link, y: _Link) -> bool:
        gap = norm[x.b : y.a]
        if _BREAK.search(gap) or len(re.findall(r"[^\W\d_]+", gap)) > 5:  # ("11 عنصرا من قوات النظام و8")
            return False
        tail = gap.rstrip()
        # "a woman and her two sons"
        return bool(re.search(r"(?:(?<!\w)(?:و|and)(?:\s+(?:his|her|their|its))?|,)$", tail))

    for x, y in zip(keep, keep[1:]):
        if y.cue is None and x.cue is not None and x.side in ("before", "self", "shared") and joined(x, y) and not y.subset:
            y.cue, y.side = x.cue, "shared"
    for x, y in zip(reversed(keep[:-1]), reversed(keep[1:])):
        if x.cue is None and y.cue is not None and y.side == "after" and joined(x, y) and not x.subset:
            x.cue, x.side = y.cue, "shared"

    # "أن 9 مدنيين بينهم طفلان وأصيب 20 آخرون": the figure before an injured count of
    # "others" is the dead, even with the verb left out.
    for i, lk in enumerate(keep):
        if lk.cue is not None or lk.subset or lk.num.kind in ("singular", "vague"):
            continue
        nxt = next((y for y in keep[i + 1 :] if not y.subset and y.cue is not None), None)
        if nxt is None or nxt.cue is None or nxt.cue[2] != "injured" or nxt.side != "before":
            continue
        if _BREAK.search(norm[lk.b : nxt.a]) or not lk.b < nxt.cue[0]:
            continue
        m = pats.others_after.match(norm, nxt.b)
        if m:
            lk.cue, lk.side = (m.end() - len(m.group().lstrip()), m.end(), "killed"), "others"

    breaks = [m.start() for m in _BREAK.finditer(norm)]
    totals = [m.start() for m in word_start_matches(pats.cumulative, norm)]

    def cumulative(at: int) -> bool:  # a cumulative cue in the sentence around `at`
        if not totals:
            return False
        i = bisect_right(breaks, at)
        lo = breaks[i - 1] if i else 0
        hi = breaks[i] if i < len(breaks) else len(norm)
        return any(lo <= t < hi for t in totals)

    groups: list[list[_Link]] = []
    for lk in keep:
        if lk.cue is None and not lk.subset:
            continue
        if lk.subset and lk.cue is None:
            # A subset belongs to the count told just before it in the same sentence.
            prev = [g for g in groups if not g[0].subset and not _BREAK.search(norm[g[-1].b : lk.a])]
            if not prev:
                continue
            lk.cue, lk.side = prev[-1][0].cue, "inherited"
        if (
            groups
            and not lk.subset
            and not groups[-1][0].subset
            and groups[-1][-1].cue == lk.cue
            and joined(groups[-1][-1], lk)
        ):
            groups[-1].append(lk)
        else:
            groups.append([lk])

    out: list[Casualty] = []
    for g in groups:
        ca, cb, kind = g[0].cue  # type: ignore[misc]
        values = [lk.num.value for lk in g if lk.num.value is not None]
        value = sum(values) if values else None
        if len(g) > 1 and len(values) == len(g) and _breakdown(norm, g):
            value = values[0]
        s, e = offsets[ca] + start, offsets[cb] + start
        first = g[0].num
        number = NumberMention(first.start + start, first.end + start, first.text, first.value, first.approx, first.qualifier, first.vague, first.kind)
        parts = tuple(
            NumberMention(n.start + start, n.end + start, n.text, n.value, n.approx, n.qualifier, n.vague, n.kind)
            for n in (lk.num for lk in g)
        )
        out.append(Casualty(kind, value, number, s, e, text[s:e], g[0].subset, parts if len(parts) > 1 else (),
                            cumulative(min(ca, g[0].a))))
    if keep_all:
        return out
    chosen: dict[str, Casualty] = {}
    # "ما أدى إلى مقتل اثنين منهم": a part with a cue of its own is the count when its group
    # has none.
    whole = {c.kind for c in out if not c.subset}
    counted = {id(c) for g, c in zip(groups, out) if not c.subset or c.kind not in whole and g[0].side != "inherited"}
    for c in sorted(out, key=lambda c: c.cumulative):  # a war total only when nothing else is told
        if id(c) not in counted:
            continue
        old = chosen.get(c.kind)
        if old is None or (not c.cumulative or old.cumulative) and (
                c.value is not None and (old.value is None or c.value < old.value)):
            chosen[c.kind] = c
    return sorted(chosen.values(), key=lambda c: c.number.start)
