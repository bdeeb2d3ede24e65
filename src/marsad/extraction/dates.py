"""Date and time expressions in Arabic and English news text, resolved against the
publication date.

`find_dates(text, publication_date)` returns `DateMention`s with offsets into `text`.
Matching runs on the normal form of `marsad.text.normalize` (so hamza seats, ta marbuta,
diacritics, tatweel and Arabic-Indic digits do not matter) and maps every span back to
the original text.

Resolution rules (the project's coding conventions, after ACLED):

* A weekday is the latest such day on or before the publication date; with "الماضي"/"last"
  strictly before; with "المقبل"/"next" strictly after.  "أمس الاثنين" is the latest Monday on
  or before the day before publication.  "ليل الخميس" / "ليلة الخميس" is Thursday (modern
  news usage; ACLED dates a night to its start).
* "الليلة الماضية", "ليلة أمس", "overnight", "last night" are the previous day (the night's
  start).
* "الأسبوع الماضي" is the 7 days before publication (precision 2); "الشهر الماضي" the
  previous calendar month (precision 3); a month name alone is that whole month (precision 3).
* A day and month without a year is the latest such date on or before publication; without
  a publication date its date is None (the mention is kept).  Nothing is ever dated from the
  clock of the machine.
* Years after a marker ("منذ عام 2014", "في 2015", "late 2015") are kind "year", precision 3,
  covering the whole year; `is_history` tells whether a mention lies well before publication.
* Clock times ("الساعة 16:45") are kind "time" with no date, so numbers and dates downstream
  do not mistake them for counts or days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable

import numpy as np

from marsad import datafiles
from marsad.text.normalize import normalize, normalize_with_sparse_map
from marsad.text.recent import RecentTexts

__all__ = [
    "DateMention",
    "WordListError",
    "dateline_mention",
    "find_dates",
    "is_history",
    "load_months",
    "load_time_expressions",
]

_DATA = "marsad.extraction.data"

KINDS = ("weekday", "relative", "explicit", "hijri", "range", "part_of_day", "year", "time")


class WordListError(datafiles.DataFileError):
    """A word-list data file is malformed; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    date: dt.date | None
    date_end: dt.date | None
    precision: int  # ACLED time_precision: 1 day, 2 week / few days, 3 month (or coarser)
    kind: str
    relative_to_publication: bool
    part_of_day: str | None = None  # "dawn", "morning", "noon", "afternoon", "evening", "night"
    marker: str | None = None  # year mentions: "since", "in", "early", "late", "mid"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "precision": self.precision,
            "kind": self.kind,
            "relative_to_publication": self.relative_to_publication,
            "part_of_day": self.part_of_day,
            "marker": self.marker,
        }


# --------------------------------------------------------------------------- data files


def read_yaml(name: str, package: str = _DATA) -> tuple[str, Any]:
    """(path label, parsed YAML) of a versioned word-list file shipped in `package`."""
    data = datafiles.read_yaml(package, name, WordListError)
    if not isinstance(data, dict):
        raise WordListError(f"{name}: top level must be a mapping")
    if data.get("version") != 1:
        raise WordListError(f"{name}: unsupported or missing version {data.get('version')!r}")
    return name, data


def word_list(label: str, where: str, value: Any) -> list[str]:
    """Validate a list of non-empty strings and return their normal forms."""
    if not isinstance(value, list) or not value:
        raise WordListError(f"{label}: {where} must be a non-empty list of strings")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise WordListError(f"{label}: {where} has an empty or non-string entry {item!r}")
        out.append(" ".join(normalize(item).split()))
    return out


def _numbered(label: str, where: str, value: Any, keys: range) -> dict[int, list[str]]:
    if not isinstance(value, dict):
        raise WordListError(f"{label}: {where} must be a mapping")
    got = set(value)
    if got != set(keys):
        raise WordListError(
            f"{label}: {where} must have keys {keys.start}-{keys.stop - 1}, "
            f"missing {sorted(set(keys) - got)} extra {sorted(got - set(keys), key=str)}"
        )
    return {k: word_list(label, f"{where}.{k}", v) for k, v in value.items()}


def _unique_map(label: str, where: str, table: dict[Any, list[str]]) -> dict[str, Any]:
    """form -> key, refusing a form that names two different keys."""
    out: dict[str, Any] = {}
    for key, forms in table.items():
        for form in forms:
            if out.get(form, key) != key:
                raise WordListError(f"{label}: {where}: {form!r} is listed under both {out[form]} and {key}")
            out[form] = key
    return out


@dataclass(frozen=True)
class Months:
    gregorian: dict[str, int]  # normal form -> month
    english: frozenset[str]
    hijri: dict[str, int]
    ambiguous: frozenset[str]
    families: dict[str, dict[int, list[str]]]


@lru_cache(maxsize=1)
def load_months() -> Months:
    label, data = read_yaml("months.yaml")
    fams = data.get("gregorian")
    if not isinstance(fams, dict) or not fams:
        raise WordListError(f"{label}: 'gregorian' must map family names to months")
    families = {name: _numbered(label, f"gregorian.{name}", v, range(1, 13)) for name, v in fams.items()}
    merged: dict[int, list[str]] = {m: [] for m in range(1, 13)}
    for table in families.values():
        for m, forms in table.items():
            merged[m].extend(forms)
    gregorian = _unique_map(label, "gregorian", merged)
    if "english" not in families:
        raise WordListError(f"{label}: gregorian needs an 'english' family")
    english = frozenset(f for forms in families["english"].values() for f in forms)
    hijri = _unique_map(label, "hijri", _numbered(label, "hijri", data.get("hijri"), range(1, 13)))
    ambiguous = frozenset(word_list(label, "ambiguous", data.get("ambiguous")))
    unknown = ambiguous - set(gregorian)
    if unknown:
        raise WordListError(f"{label}: ambiguous names {sorted(unknown)} are not month names")
    return Months(gregorian, english, hijri, ambiguous, families)


@dataclass(frozen=True)
class TimeWords:
    weekdays: dict[str, int]
    modifiers: dict[str, str]  # form -> "past" | "current" | "next"
    relative_days: dict[str, tuple[int, str | None]]
    today_blockers: frozenset[str]
    parts_of_day: dict[str, str]
    parts_of_day_after: dict[str, str]
    bare_parts_of_day: dict[str, str]
    periods: dict[str, tuple[str, int]]
    days_ago_before: list[str]
    days_ago_after: list[str]
    day_words: list[str]
    two_days: list[str]
    day_counts: dict[str, int]
    ordinal_days: dict[str, int]
    year_markers: dict[str, str]
    month_prepositions: list[str]
    clock_before: list[str]
    clock_after: list[str]
    gregorian_year_suffix: list[str]
    hijri_year_suffix: list[str]
    future_before: list[str]  # "يدخل حيز التنفيذ صباح الأحد": a weekday still to come


_PARTS = ("dawn", "morning", "noon", "afternoon", "evening", "night")


def _parts(label: str, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise WordListError(f"{label}: {where} must map parts of the day to word lists")
    bad = set(value) - set(_PARTS)
    if bad:
        raise WordListError(f"{label}: {where}: unknown parts of the day {sorted(bad)}; use {_PARTS}")
    return _unique_map(label, where, {k: word_list(label, f"{where}.{k}", v) for k, v in value.items()})


@lru_cache(maxsize=1)
def load_time_expressions() -> TimeWords:
    label, d = read_yaml("time_expressions.yaml")

    def need(key: str) -> Any:
        if key not in d:
            raise WordListError(f"{label}: missing section {key!r}")
        return d[key]

    weekdays = _unique_map(label, "weekdays", _numbered(label, "weekdays", need("weekdays"), range(0, 7)))
    mods = need("modifiers")
    if not isinstance(mods, dict) or set(mods) != {"past", "current", "next"}:
        raise WordListError(f"{label}: modifiers must have exactly past, current, next")
    modifiers = _unique_map(label, "modifiers", {k: word_list(label, f"modifiers.{k}", v) for k, v in mods.items()})

    relative: dict[str, tuple[int, str | None]] = {}
    for i, entry in enumerate(need("relative_days")):
        where = f"relative_days[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("offset"), int):
            raise WordListError(f"{label}: {where} needs forms and an integer offset")
        part = entry.get("part")
        if part is not None and part not in _PARTS:
            raise WordListError(f"{label}: {where}: unknown part of the day {part!r}")
        for form in word_list(label, f"{where}.forms", entry.get("forms")):
            if form in relative:
                raise WordListError(f"{label}: {where}: {form!r} is listed twice")
            relative[form] = (entry["offset"], part)

    periods: dict[str, tuple[str, int]] = {}
    for i, entry in enumerate(need("periods")):
        where = f"periods[{i}]"
        if not isinstance(entry, dict) or entry.get("unit") not in ("week", "month", "year") or entry.get(
            "offset"
        ) not in (-1, 0):
            raise WordListError(f"{label}: {where} needs unit week/month/year and offset -1 or 0")
        for form in word_list(label, f"{where}.forms", entry.get("forms")):
            if form in periods:
                raise WordListError(f"{label}: {where}: {form!r} is listed twice")
            periods[form] = (entry["unit"], entry["offset"])

    ago = need("days_ago")
    if not isinstance(ago, dict):
        raise WordListError(f"{label}: days_ago must be a mapping")
    counts_raw = ago.get("counts")
    if not isinstance(counts_raw, dict) or not all(isinstance(k, int) and 2 <= k <= 31 for k in counts_raw):
        raise WordListError(f"{label}: days_ago.counts must map day counts 2-31 to words")
    day_counts = _unique_map(
        label, "days_ago.counts", {k: word_list(label, f"days_ago.counts.{k}", v) for k, v in counts_raw.items()}
    )

    od = need("ordinal_days")
    if not isinstance(od, dict):
        raise WordListError(f"{label}: ordinal_days must be a mapping")
    units = _numbered(label, "ordinal_days.units", od.get("units"), range(1, 11))
    one = word_list(label, "ordinal_days.compound_one", od.get("compound_one"))
    teen = word_list(label, "ordinal_days.teen", od.get("teen"))
    tens_raw = od.get("tens")
    if not isinstance(tens_raw, dict) or set(tens_raw) != {20, 30}:
        raise WordListError(f"{label}: ordinal_days.tens must have keys 20 and 30")
    tens = {k: word_list(label, f"ordinal_days.tens.{k}", v) for k, v in tens_raw.items()}
    ordinal: dict[int, list[str]] = {n: list(forms) for n, forms in units.items()}
    unit_forms = {n: (one if n == 1 else units[n]) for n in range(1, 10)}
    for n in range(1, 10):
        ordinal[10 + n] = [f"{u} {t}" for u in unit_forms[n] for t in teen]
        ordinal[20 + n] = [f"{u} و{t}" for u in unit_forms[n] for t in tens[20]]
    ordinal[20] = tens[20]
    ordinal[30] = tens[30]
    ordinal[31] = [f"{u} و{t}" for u in one for t in tens[30]]
    ordinal_days = _unique_map(label, "ordinal_days", ordinal)

    ym = need("year_markers")
    if not isinstance(ym, dict) or set(ym) - {"since", "in", "early", "late", "mid"}:
        raise WordListError(f"{label}: year_markers keys must be among since, in, early, late, mid")
    year_markers = _unique_map(label, "year_markers", {k: word_list(label, f"year_markers.{k}", v) for k, v in ym.items()})

    clock = need("clock")
    if not isinstance(clock, dict):
        raise WordListError(f"{label}: clock must be a mapping")
    blockers = frozenset(word_list(label, "today_blockers", need("today_blockers")))
    return TimeWords(
        weekdays=weekdays,
        modifiers=modifiers,
        relative_days=relative,
        today_blockers=blockers,
        parts_of_day=_parts(label, "parts_of_day", need("parts_of_day")),
        parts_of_day_after=_parts(label, "parts_of_day_after", need("parts_of_day_after")),
        bare_parts_of_day=_parts(label, "bare_parts_of_day", need("bare_parts_of_day")),
        periods=periods,
        days_ago_before=word_list(label, "days_ago.before", ago.get("before")),
        days_ago_after=word_list(label, "days_ago.after", ago.get("after")),
        day_words=word_list(label, "days_ago.day_words", ago.get("day_words")),
        two_days=word_list(label, "days_ago.two_days", ago.get("two_days")),
        day_counts=day_counts,
        ordinal_days=ordinal_days,
        year_markers=year_markers,
        month_prepositions=word_list(label, "month_prepositions", need("month_prepositions")),
        clock_before=word_list(label, "clock.before", clock.get("before")),
        clock_after=word_list(label, "clock.after", clock.get("after")),
        gregorian_year_suffix=word_list(label, "gregorian_year_suffix", need("gregorian_year_suffix")),
        hijri_year_suffix=word_list(label, "hijri_year_suffix", need("hijri_year_suffix")),
        future_before=[_key(w) for w in word_list(label, "future_before", need("future_before"))],
    )


# --------------------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _weekday_on_or_before(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def _weekday_after(anchor: dt.date, weekday: int) -> dt.date:
    return anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)


def _resolve_weekday(weekday: int, pub: dt.date, mode: str | None) -> dt.date:
    if mode == "coming":  # the day itself or the next one of that name
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7)
    if mode == "past":
        return _weekday_on_or_before(pub - dt.timedelta(days=1), weekday)
    if mode == "next":
        return _weekday_after(pub, weekday)
    return _weekday_on_or_before(pub, weekday)


def _month_year(month: int, pub: dt.date, mode: str | None, day: int | None) -> int:
    """The year of a month named without a year (see the module docstring)."""
    if mode == "current":
        return pub.year
    if mode == "past":
        return pub.year if month < pub.month else pub.year - 1
    if mode == "next":
        return pub.year if month > pub.month else pub.year + 1
    if (month, day or 1) <= (pub.month, pub.day):
        return pub.year
    return pub.year - 1


def _hijri_to_gregorian(y: int, m: int, d: int) -> dt.date | None:
    from hijridate import Hijri

    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def _hijri_month_range(y: int, m: int) -> tuple[dt.date, dt.date] | None:
    from hijridate import Hijri

    try:
        h = Hijri(y, m, 1)
        first = h.to_gregorian()
        length = h.month_length()
    except (ValueError, OverflowError):
        return None
    start = dt.date(first.year, first.month, first.day)
    return start, start + dt.timedelta(days=length - 1)


def _hijri_year_of(day: dt.date) -> int | None:
    from hijridate import Gregorian

    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def is_history(mention: DateMention, publication_date: dt.date | None, days: int = 30) -> bool:
    """True when everything the mention can mean lies more than `days` before publication
    (background: "منذ عام 2014" in a 2018 report).  Unknown dates are never history."""
    if publication_date is None or mention.date is None:
        return False
    latest = mention.date_end or mention.date
    return latest < publication_date - dt.timedelta(days=days)


# --------------------------------------------------------------------------- grammar

_B = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))"  # word start, allowing an attached و/ف
_E = r"(?!\w)"
_YR = r"(?:1[89]|20)\d\d(?!\d)"


def _alt_plain(forms: Any) -> str:
    """Regex alternation of normal-form phrases, longest first, spaces matching any run."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in uniq) + ")"


def _alt(forms: Any, after_first: str = "") -> str:
    """The alternation of `_alt_plain`, written as a trie ("ال(?:احد|اثنين)" for "الاحد|الاثنين")
    so the engine reads a shared beginning once instead of once per phrase.  It matches the
    same text: at one position the phrases that can match are prefixes of one another (words
    hold no spaces, so a space run and a letter never compete), the plain form tries them
    longest first, and the trie tries the longer continuation before stopping.

    `after_first`, a zero-width assertion, is put after the first character of every phrase
    (an assertion about what precedes the phrase, written to look back past that character):
    the alternation then opens with a character of its own, which a search skips to."""
    trie: dict[str | None, Any] = {}
    for f in set(forms):
        node = trie
        for unit in " ".join(f.split()):
            node = node.setdefault(unit, {})
        node[None] = {}
    if after_first and None in trie:
        raise ValueError("an empty phrase has no first character to put an assertion after")

    def emit(node: dict[str | None, Any], first: bool = False) -> str:
        parts = [(r"\s+" if unit == " " else re.escape(unit)) + (after_first if first else "") + emit(child)
                 for unit, child in sorted((k, v) for k, v in node.items() if k is not None)]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if None in node else body

    return "(?:" + emit(trie, first=True) + ")"


def _heads(forms: Any) -> tuple[str, ...]:
    """The first word of each phrase of `_alt(forms)`: any match of it contains one of them
    verbatim ("" when a phrase is empty, which makes the test always true)."""
    return tuple(sorted({f.split()[0] if f.split() else "" for f in forms}))


# A pattern runs on a text only when each of its needs holds there.  A need is
# (words, regexes): some word occurs in the text or some regex finds something.  Every need is
# implied by any match of its pattern, so skipping a pattern whose needs fail changes nothing
# -- it only saves scanning the text for what cannot be there.
_Need = tuple[tuple[str, ...], "tuple[re.Pattern[str], ...]"]
_DIGIT = re.compile(r"\d")


class _NeedTest:
    """Whether a need holds in a text.  The regexes are kept apart, each led by a literal
    where it can be: the engine then skips through the text to that character, where an
    alternation of them asks at every character whether any one could begin there."""

    __slots__ = ("search", "pattern")

    def __init__(self, need: _Need) -> None:
        words, regexes = need
        # The words as a trie (`_alt`): a position where none begins is left after a letter or
        # two, not after trying every word.  (Words hold no spaces, which `_alt` would read as
        # any run.)  A few words are looked for as substrings: a scan of the text in C per word
        # costs less than the regex engine's step at every position.
        if 0 < len(words) <= _FEW_WORDS and not any(w != "".join(w.split()) for w in words):
            tests = [partial(_has_any, tuple(words))]
        else:
            tests = [re.compile(_alt(words)).search] if words else []
        tests += [rx.search for rx in regexes]
        self.pattern = "|".join(([_alt(words)] if words else []) + [rx.pattern for rx in regexes])
        self.search = tests[0] if len(tests) == 1 else (lambda text: any(test(text) for test in tests) or None)


_FEW_WORDS = 12


def _has_any(words: tuple[str, ...], text: str) -> bool | None:
    """Whether one of `words` occurs in `text` (None when none does, as a failed search)."""
    return True if any(w in text for w in words) else None


@lru_cache(maxsize=None)
def _need_re(need: _Need) -> _NeedTest:
    return _NeedTest(need)


def _key(s: str) -> str:
    return " ".join(s.split())


@lru_cache(maxsize=64)
def _parse(pattern: str, flags: int) -> Any:
    """The private parser's tree of a pattern (read by both first-character analyses; the
    parse of a long alternation is slow, so it is done once)."""
    from re import _parser

    return _parser.parse(pattern, flags)


def _first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    r"""The characters a match of `pattern` can begin with, or None when that is not known
    (a class like \w, any character, case folding, a back-reference) or the pattern can
    match the empty string.  Read from the parsed pattern; assertions consume nothing."""
    if flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        from re import _constants as C
        parsed = _parse(pattern, flags)
    except Exception:  # the private parser moved: fall back to the plain scan
        return None

    def first(items: Any) -> tuple[set[str] | None, bool]:
        """(chars, nullable) of a sequence of parsed items."""
        acc: set[str] = set()
        for op, av in items:
            if op is C.LITERAL:
                got, nullable = {chr(av)}, False
            elif op is C.IN:
                got = set()
                for iop, iav in av:
                    if iop is C.LITERAL:
                        got.add(chr(iav))
                    elif iop is C.RANGE and iav[1] - iav[0] < 4096:
                        got.update(map(chr, range(iav[0], iav[1] + 1)))
                    elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT and flags & re.UNICODE:
                        got.add(_DECIMAL)  # \d: any character str.isdecimal() accepts
                    else:
                        return None, False
                nullable = False
            elif op is C.BRANCH:
                got, nullable = set(), False
                for alt in av[1]:
                    f, n = first(alt)
                    if f is None:
                        return None, False
                    got |= f
                    nullable = nullable or n
            elif op is C.SUBPATTERN:
                if av[1] or av[2]:  # inline flags
                    return None, False
                got, nullable = first(av[3])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                got, nullable = first(av[2])
                nullable = nullable or av[0] == 0
            elif op is C.ATOMIC_GROUP:
                got, nullable = first(av)
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                got, nullable = set(), True
            else:
                return None, False
            if got is None:
                return None, False
            acc |= got
            if not nullable:
                return acc, False
        return acc, True

    chars, nullable = first(parsed)
    return None if chars is None or nullable else frozenset(chars)


_DECIMAL = "\\d"  # stands in a first-character set for every Unicode decimal digit


# Leading strings: three characters of the text at a word start, with every decimal digit
# read as one stand-in and every space as another (the classes \d and \s of the patterns).
_LEAD = 3
_ANY_DIGIT, _ANY_SPACE = "\x00", "\x01"
_LEAD_LIMIT = 50_000  # more leading strings than this: not worth a table, first characters only


class _ClassFold(dict):
    """str.translate table: every \\d character -> _ANY_DIGIT, every \\s one -> _ANY_SPACE,
    the two stand-ins themselves -> a third value (no text character is mistaken for them),
    any other character -> itself.  Filled as characters are met: the classes exactly as the
    regex engine reads them, asked of the engine itself."""

    _digit = re.compile(r"\d")
    _space = re.compile(r"\s")

    def __missing__(self, code: int) -> str:
        c = chr(code)
        if self._digit.fullmatch(c):
            folded = _ANY_DIGIT
        elif self._space.fullmatch(c):
            folded = _ANY_SPACE
        else:
            folded = "\x02" if c in (_ANY_DIGIT, _ANY_SPACE) else c
        self[code] = folded
        return folded


_CLASS_FOLD = _ClassFold()
_STAND_INS = re.compile(r"[\x00\x01]")


def _class_fold(text: str) -> str:
    """`text.translate(_CLASS_FOLD)` for a whole document: substitutions by the same classes
    run in C, where translate looks every character up in the table.  The stand-ins go
    first, so that no stand-in put in afterwards is changed again.  The plain space and the
    newline, most of the spaces of a text, are replaced by str.replace (a regex substitution
    builds a piece per replacement); the regex then replaces whatever other spaces are left."""
    if _ANY_DIGIT in text or _ANY_SPACE in text:
        text = _STAND_INS.sub("\x02", text)
    text = _ClassFold._digit.sub(_ANY_DIGIT, text).replace(" ", _ANY_SPACE).replace("\n", _ANY_SPACE)
    return _ClassFold._space.sub(_ANY_SPACE, text)


def _leading_strings(pattern: str, flags: int) -> frozenset[str] | None:
    r"""The class-folded first `_LEAD` characters every match of `pattern` begins with, or
    None when that is not known (a class other than \d and \s, any character, case folding,
    a back-reference) or a match can be shorter.  A superset: assertions consume nothing."""
    if flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        from re import _constants as C
        parsed = _parse(pattern, flags)
    except Exception:  # the private parser moved: first characters only
        return None
    fold = _CLASS_FOLD

    def char_set(av: Any) -> set[str] | None:
        got: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                got.add(chr(iav).translate(fold))
            elif iop is C.RANGE and iav[1] - iav[0] < 4096:
                got.update(chr(c).translate(fold) for c in range(iav[0], iav[1] + 1))
            elif iop is C.CATEGORY and iav is C.CATEGORY_DIGIT:
                got.add(_ANY_DIGIT)
            elif iop is C.CATEGORY and iav is C.CATEGORY_SPACE:
                got.add(_ANY_SPACE)
            else:
                return None
        return got

    # Each function builds strings of at most `k` characters: what is still needed after the
    # shortest prefix so far, so a long alternation is never expanded further than it is read.
    def concat(left: set[str], right: set[str], k: int) -> set[str] | None:
        out = {a if len(a) >= k else (a + b)[:k] for a in left for b in (right if len(a) < k else ("",))}
        return out if len(out) <= _LEAD_LIMIT else None

    def item(op: Any, av: Any, k: int) -> set[str] | None:
        if op is C.LITERAL:
            return {chr(av).translate(fold)}
        if op is C.IN:
            return char_set(av)
        if op is C.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                got = sequence(alt, k)
                if got is None:
                    return None
                out |= got
            return out
        if op is C.SUBPATTERN:
            return None if av[1] or av[2] else sequence(av[3], k)
        if op is C.ATOMIC_GROUP:
            return sequence(av, k)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            once = sequence(body, k)
            if once is None:
                return None
            # Repeats beyond `k` add nothing to a k-character prefix (each adds >= 0 characters).
            out, reps = set(), {""}
            for i in range(min(hi, max(lo, k)) + 1):
                if i >= lo:
                    out |= reps
                reps = concat(reps, once, k)
                if reps is None:
                    return None
            return out
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            return {""}
        return None

    def sequence(items: Any, k: int) -> set[str] | None:
        acc: set[str] | None = {""}
        for op, av in items:
            short = [len(a) for a in acc if len(a) < k]
            if not short:
                break
            got = item(op, av, k - min(short))
            if got is None:
                return None
            acc = concat(acc, got, k)
            if acc is None:
                return None
        return acc

    found = sequence(parsed, _LEAD)
    if not found or any(len(a) < _LEAD for a in found):
        return None
    return frozenset(found)


_NON_WORD = re.compile(r"\W")

# A lead (the class-folded `_LEAD` characters from a word start) packed into one integer, 21
# bits a character, so that the leads of a whole text are one array and the word starts a
# pattern can begin at are picked out by array operations, not a loop over the text's words.
# A lead cut short by the end of the text is padded with a value no character has.
_BITS = 21
_PAD = (1 << _BITS) - 1


def _pack(lead: str) -> int:
    key = 0
    for k in range(_LEAD):
        key = key << _BITS | (ord(lead[k]) if k < len(lead) else _PAD)
    return key


class _LeadUnion:
    """Every packed lead of every pattern asked about so far, sorted: a text's word starts are
    looked up in it once (`_WordStarts`), and each pattern picks its own out of that answer
    with a mask, where a look-up of the text's leads per pattern cost a binary search each."""

    def __init__(self) -> None:
        self.leads = np.zeros(0, dtype=np.int64)
        self.version = 0  # changes whenever leads come in

    def add(self, packed: np.ndarray) -> None:
        merged = np.union1d(self.leads, packed)
        if len(merged) != len(self.leads):
            self.leads, self.version = merged, self.version + 1


_LEAD_UNION = _LeadUnion()


class _Leads:
    """The packed leads of a pattern, sorted, and the mask over `_LEAD_UNION` (one past its
    end: a lead of no pattern) that marks them."""

    __slots__ = ("packed", "_mask", "_version")

    def __init__(self, packed: np.ndarray) -> None:
        self.packed = packed
        self._mask = np.zeros(1, dtype=bool)
        self._version = -1

    def __len__(self) -> int:
        return len(self.packed)

    def mask(self) -> np.ndarray:
        union = _LEAD_UNION
        if self._version != union.version or self._version == -1:
            at = union.leads.searchsorted(self.packed)
            if not (at < len(union.leads)).all() or not (union.leads[at.clip(0, len(union.leads) - 1)] == self.packed).all():
                union.add(self.packed)
                at = union.leads.searchsorted(self.packed)
            self._mask = np.zeros(len(union.leads) + 1, dtype=bool)
            self._mask[at] = True
            self._version = union.version
        return self._mask


def _packed(leads: frozenset[str]) -> _Leads:
    """The packed leads, sorted."""
    return _Leads(np.array(sorted(map(_pack, leads)), dtype=np.int64))


@lru_cache(maxsize=1)
def _bmp_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(is a non-word character, class-folded code, is a `_PROCLITIC_STARTS` letter) for every
    code point of the Basic Multilingual Plane, read off `_NON_WORD` and `_class_fold`."""
    bmp = "".join(map(chr, range(0x10000)))
    non_word = np.zeros(0x10000, dtype=bool)
    non_word[[m.start() for m in _NON_WORD.finditer(bmp)]] = True
    folded = np.frombuffer(_class_fold(bmp).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    proclitic = np.zeros(0x10000, dtype=bool)
    proclitic[[ord(c) for c in _PROCLITIC_STARTS]] = True
    return non_word, folded.astype(np.int64), proclitic


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class _WordStarts:
    """Where `_B` holds in a text -- every position after a non-word character (or at 0), and
    one past a `_PROCLITIC_STARTS` letter standing at such a position -- ascending, each with
    its packed lead."""

    __slots__ = ("positions", "keys", "_in_union", "_version")

    def __init__(self, norm: str) -> None:
        codes = _code_points(norm)
        n = len(codes)
        if n and codes.max() > 0xFFFF:  # beyond the tables: ask the regex engine
            after = np.array([m.end() for m in _NON_WORD.finditer(norm)], dtype=np.int64)
            folded = _code_points(_class_fold(norm)).astype(np.int64)
            proclitic = np.isin(codes, _PROCLITIC_CODES)
        else:
            non_word, fold, is_proclitic = _bmp_tables()
            after = np.flatnonzero(non_word[codes]) + 1
            folded = fold[codes]
            proclitic = is_proclitic[codes]
        starts = np.concatenate(([0], after))
        starts = starts[starts < n]  # the end of the text (or of an empty one) starts nothing
        past = starts[proclitic[starts]] + 1
        # A proclitic is a word character, so no position past one is a start itself.
        positions = np.sort(np.concatenate((starts, past[past < n])))
        padded = np.concatenate((folded, np.full(_LEAD, _PAD, dtype=np.int64)))
        keys = padded[positions]
        for k in range(1, _LEAD):
            keys = keys << _BITS | padded[positions + k]
        self.positions, self.keys = positions, keys
        self._in_union = np.zeros(0, dtype=np.intp)
        self._version = -1

    def leading(self, leads: _Leads) -> list[int]:
        """The positions whose lead is one of `leads`."""
        if not len(leads) or not len(self.keys):
            return []
        mask = leads.mask()  # (first: it may bring leads into the union)
        union = _LEAD_UNION
        if self._version != union.version:
            # Per word start, where its lead is in the union, or one past its end.
            at = union.leads.searchsorted(self.keys)
            at[at == len(union.leads)] = 0
            at[union.leads[at] != self.keys] = len(union.leads)
            self._in_union, self._version = at, union.version
        return self.positions[mask[self._in_union]].tolist()

    def beginning(self, firsts: np.ndarray) -> list[int]:
        """The positions whose lead begins with one of the folded codes `firsts`."""
        return self.positions[np.isin(self.keys >> (_BITS * (_LEAD - 1)), firsts)].tolist()


def _first_codes(first: frozenset[str]) -> np.ndarray:
    """The folded first characters a text may begin with for a pattern that begins with one of
    `first`: a digit or a character folded to the odd-one-out value is let through (only a
    superset matters)."""
    codes = {ord(c) for c in first if len(c) == 1} | {ord(_ANY_DIGIT), 2}
    if any(f.isspace() for f in first):
        codes.add(ord(_ANY_SPACE))
    return np.array(sorted(codes), dtype=np.int64)


# One letter attached before a word that a word-start pattern may look past (و/ف for `_B`;
# the casualty cues also allow ب/ل).  Extra positions cost a failed match, never a result.
_PROCLITIC_STARTS = "وفبل"
_PROCLITIC_CODES = np.array([ord(c) for c in _PROCLITIC_STARTS], dtype=np.uint32)
# `_WordStarts` of the last few long texts: the dates, numbers and casualty passes scan the
# same document.
_RECENT_STARTS: RecentTexts[_WordStarts] = RecentTexts(size=4, min_length=256)


def _word_starts_of(norm: str) -> _WordStarts:
    return _RECENT_STARTS.get(norm, _WordStarts)


@lru_cache(maxsize=64)
def _pattern_leads(pattern: re.Pattern[str]) -> _Leads | None:
    leads = _leading_strings(pattern.pattern, pattern.flags)
    return None if leads is None else _packed(leads)


def word_start_matches(pattern: re.Pattern[str], norm: str) -> list[re.Match[str]]:
    """`list(pattern.finditer(norm))` for a pattern that matches only at a word start or one
    `_PROCLITIC_STARTS` letter after one (it opens with such a lookbehind): tried only at
    those positions whose first characters it can begin with."""
    leads = _pattern_leads(pattern)
    if leads is None:
        return list(pattern.finditer(norm))
    found = _finditer_from(pattern, norm, _word_starts_of(norm).leading(leads))
    return found if found is not None else list(pattern.finditer(norm))


def _finditer_from(pattern: re.Pattern[str], norm: str, candidates: list[int]) -> list[re.Match[str]] | None:
    """`pattern.finditer(norm)` when every match starts at one of `candidates` (ascending):
    finditer searches from the end of the last match, and a search returns the first position
    where the pattern matches.  None when a match is empty (finditer steps past those)."""
    out = []
    pos = 0
    match = pattern.match
    for p in candidates:
        if p < pos:
            continue
        m = match(norm, p)
        if m is not None:
            if m.end() == p:
                return None
            out.append(m)
            pos = m.end()
    return out


@dataclass
class _Cand:
    a: int
    b: int
    kind: str
    date: dt.date | None
    date_end: dt.date | None
    precision: int
    relative: bool
    part: str | None = None
    marker: str | None = None


Handler = Callable[["re.Match[str]", "dt.date | None", "_Grammar"], "_Cand | None"]


class _Grammar:
    def __init__(self) -> None:
        mo = load_months()
        tw = load_time_expressions()
        self.mo, self.tw = mo, tw
        mon = _alt(mo.gregorian) + _E
        mon_en = _alt(mo.english) + r"\.?" + _E
        mon_clear = _alt(set(mo.gregorian) - mo.ambiguous) + _E
        monref = rf"(?P<mon>{mon})(?:\s*[/(]\s*{mon}\s*\)?|\s*-\s*{mon})?"
        hmon = _alt(mo.hijri) + _E
        wd = _alt(tw.weekdays) + _E
        mods = _alt(tw.modifiers) + _E
        pod = _alt(tw.parts_of_day)
        rel = _alt(tw.relative_days) + _E
        gsuf = rf"(?:\s*{_alt(tw.gregorian_year_suffix)}{_E})?"
        hsuf = rf"\s*{_alt(tw.hijri_year_suffix)}{_E}"
        ordd = _alt(tw.ordinal_days) + _E
        day = rf"(?:(?<![\d/.:])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:/])|(?P<od>{ordd}))"
        yawm = r"(?:(?:يوم|on)\s+)?"
        year_word = r"(?:(?:عام|العام|سنه)\s+)?"
        n_mon, n_mon_en, n_hmon = (_heads(mo.gregorian), ()), (_heads(mo.english), ()), (_heads(mo.hijri), ())
        n_day = (_heads(tw.ordinal_days), (_DIGIT,))
        n_digit: _Need = ((), (_DIGIT,))
        n_yr: _Need = ((), (re.compile(r"1[89]\d\d"), re.compile(r"20\d\d")))
        n_hy: _Need = ((), (re.compile(r"1[3-5]\d\d"),))
        n_day_words = (_heads(tw.day_words), ())
        # A digit, a separator, a digit: searched separator first (the digit before it is read
        # behind), one separator at a time, so that the engine skips to the few separators
        # instead of asking the Unicode class of every character whether it is a digit.
        n_numeric_date: _Need = ((), tuple(re.compile(rf"{re.escape(sep)}(?<=\d{re.escape(sep)})\d") for sep in "/.-"))
        n_clock: _Need = ((), tuple(re.compile(rf"{re.escape(sep)}(?<=\d{re.escape(sep)})[0-5]\d") for sep in ":."))
        self.needs: list[tuple[Any, ...]] = [
            (n_numeric_date,),
            (n_numeric_date,),
            (n_day, n_mon),
            (n_mon_en, n_digit),
            (n_day, (("الشهر", "the"), ())),
            (n_mon, n_yr),
            (n_mon, (_heads(tw.modifiers), ())),
            ((("last", "this", "next"), ()), n_mon_en),
            ((("شهر",), ()), n_mon),
            ((_heads(tw.month_prepositions), ()), n_mon),
            (n_day, n_hmon),
            (n_hmon, n_hy),
            (n_hy, (_heads(tw.hijri_year_suffix), ())),
            ((_heads(tw.year_markers), ()), n_yr),
            (n_clock,),
            ((("الساعه",), ()), n_digit),
            (n_digit, (("a.m.", "p.m.", "am", "pm"), ())),
            ((_heads(tw.relative_days), ()),),
            ((_heads(tw.weekdays), ()),),
            ((_heads(tw.periods), ()),),
            ((_heads(tw.days_ago_before), ()), (_heads(tw.two_days) + _heads(tw.day_words), ())),
            (n_day_words, (_heads(tw.days_ago_after), ())),
            ((_heads(tw.bare_parts_of_day), ()),),
        ]
        self.patterns: list[tuple[re.Pattern[str], Handler]] = [
            (re.compile(rf"(?<![\d/.\-])(?P<y>{_YR})(?P<s>[/.\-])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})(?![\d]|[/.\-]\d)"), _h_numeric),
            (re.compile(rf"(?<![\d/.\-])(?P<d>\d{{1,2}})(?P<s>[/.\-])(?P<m>\d{{1,2}})(?P=s)(?P<y>{_YR})(?![/.\-]\d){gsuf}"), _h_numeric),
            (re.compile(rf"{_B}{yawm}{day}(?:\s+(?:من|of))?(?:\s+شهر)?\s+{monref}(?:\s*,?\s*{year_word}(?P<y>{_YR}){gsuf}|\s+(?P<mod>{mods}))?"), _h_day_month),
            (re.compile(rf"(?<!\w)(?P<mon>{mon_en})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:\s*,?\s*(?P<y>{_YR}))?"), _h_day_month),
            (re.compile(rf"{_B}{yawm}{day}\s+(?:من|of)\s+(?:هذا\s+)?(?:الشهر|the\s+month)(?:\s+(?P<mod>{mods}))?{_E}"), _h_day_of_month),
            (re.compile(rf"{_B}(?:شهر\s+)?{monref}\s*,?\s*{year_word}(?P<y>{_YR}){gsuf}"), _h_month),
            (re.compile(rf"{_B}(?:شهر\s+)?{monref}\s+(?P<mod>{mods})"), _h_month),
            (re.compile(rf"(?<!\w)(?P<mod>last|this|next)\s+(?P<mon>{mon_en})"), _h_month),
            (re.compile(rf"{_B}شهر\s+{monref}"), _h_month),
            (re.compile(rf"{_B}{_alt(tw.month_prepositions)}\s+(?P<span>(?:شهر\s+)?(?P<mon>{mon_clear})(?:\s*[/(]\s*{mon}\s*\)?)?)"), _h_month),
            (re.compile(rf"{_B}{yawm}{day}(?:\s+من)?(?:\s+شهر)?\s+(?P<hmon>{hmon})(?:\s+(?P<hy>1[3-5]\d\d)(?!\d)(?:{hsuf})?)?"), _h_hijri),
            (re.compile(rf"{_B}(?:شهر\s+)?(?P<hmon>{hmon})\s+(?P<hy>1[3-5]\d\d)(?!\d)(?:{hsuf})?"), _h_hijri),
            (re.compile(rf"(?<![\w/.])(?:(?:عام|العام|سنه)\s+)?(?P<hy>1[3-5]\d\d){hsuf}"), _h_hijri),
            (re.compile(rf"{_B}(?P<mk>{_alt(tw.year_markers)})\s+(?P<y>{_YR})(?!\s*[/.\-]\s*\d){gsuf}"), _h_year),
            (re.compile(rf"(?:(?P<pre>{_alt(tw.clock_before)})\s+)?(?<![\d.:/])(?P<h>[012]?\d)(?P<sep>[:.])(?P<mi>[0-5]\d)(?![\d]|[.:/]\d)(?:\s*(?P<suf>{_alt(tw.clock_after)})(?!\w))?"), _h_time),
            (re.compile(rf"{_B}الساعه\s+(?P<h>\d{{1,2}})(?![\d.:])(?:\s*{_alt(tw.clock_after)}(?!\w))?"), _h_time),
            (re.compile(r"(?<![\w.])(?P<h>\d{1,2})\s*(?:a\.m\.|p\.m\.|am|pm)(?!\w)"), _h_time),
            (re.compile(rf"{_B}(?:(?P<pod>{pod})\s+(?:(?:on|من)\s+)?)?(?:يوم\s+)?(?P<rel>{rel})(?:\s*\(\s*(?:يوم\s+)?(?P<wd1>{wd})\s*\)|\s*,?\s*(?:يوم\s+)?(?P<wd2>{wd}))?"), _h_relative),
            (re.compile(rf"{_B}(?:(?P<pod>{pod})\s+(?:(?:on|من)\s+)?)?{yawm}(?:(?P<emod>last|this|next|past)\s+)?(?P<wd>{wd})(?:\s*(?:-|/|علي|الي)\s*(?P<wd2>{wd})|(?<=\w)\s+(?P<wd3>{wd}))?(?:\s+(?P<mod>{mods}))?(?:\s+(?P<pod2>{_alt(tw.parts_of_day_after)}){_E})?"), _h_weekday),
            (re.compile(rf"{_B}(?P<per>{_alt(tw.periods)}){_E}"), _h_period),
            (re.compile(rf"{_B}{_alt(tw.days_ago_before)}\s+(?:(?P<two>{_alt(tw.two_days)})|(?:(?P<n>\d{{1,2}})|(?P<nw>{_alt(tw.day_counts)}))\s+{_alt(tw.day_words)}){_E}"), _h_days_ago),
            (re.compile(rf"(?<!\w)(?:(?P<n>\d{{1,2}})|(?P<nw>{_alt(tw.day_counts)}))\s+{_alt(tw.day_words)}\s+{_alt(tw.days_ago_after)}{_E}"), _h_days_ago),
            (re.compile(rf"{_B}(?P<bp>{_alt(tw.bare_parts_of_day)}){_E}"), _h_bare_part),
        ]
        assert len(self.needs) == len(self.patterns)
        self.needs = [tuple(_need_re(n) for n in needs) for needs in self.needs]
        # A pattern led by `_B` matches only at a word start (or after an attached و/ف), on a
        # character it can begin with: tried there alone, not at every position of the text.
        firsts = [_first_chars(p.pattern, p.flags) if p.pattern.startswith(_B) else None for p, _h in self.patterns]
        self.starts: list[frozenset[str] | None] = firsts
        self.first_codes = [None if first is None else _first_codes(first) for first in firsts]
        # Sharper still: the strings of `_LEAD` characters a match can begin with (packed).
        self.leads: list[_Leads | None] = [
            _pattern_leads(p) if first is not None else None for (p, _h), first in zip(self.patterns, firsts)]
        # (text, needs that failed on it) for the last few long texts scanned.  Needs are plain
        # patterns (no anchor; the only look-behinds read characters a match also needs), so one
        # that finds nothing in a text finds nothing in any part of it: casualty windows are sentences of the document just
        # scanned, and skip those searches.
        self._absent: list[tuple[str, tuple[_NeedTest, ...]]] = []

    def scan(self, norm: str) -> list[tuple[re.Match[str], Handler]]:
        """Every match of every pattern in `norm`, pattern by pattern, each in text order."""
        held: dict[_NeedTest, bool] = {}
        for whole, absent in self._absent:
            if norm in whole:
                held = dict.fromkeys(absent, False)
                break
        out = []
        starts: _WordStarts | None = None
        for (pattern, handler), needs, first, lead in zip(self.patterns, self.needs, self.first_codes, self.leads):
            for need in needs:
                got = held.get(need)
                if got is None:
                    got = held[need] = need.search(norm) is not None
                if not got:
                    break
            else:
                found = None
                if first is not None:
                    if starts is None:
                        starts = _word_starts_of(norm)
                    # With first characters only, a superset of the positions is enough.
                    candidates = starts.leading(lead) if lead is not None else starts.beginning(first)
                    found = _finditer_from(pattern, norm, candidates)
                out.extend((m, handler) for m in (found if found is not None else pattern.finditer(norm)))
        if len(norm) >= 1000:
            self._absent.insert(0, (norm, tuple(need for need, got in held.items() if not got)))
            del self._absent[4:]
        return out


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar()


def _day_of(m: re.Match[str], g: _Grammar) -> int | None:
    if m.groupdict().get("d"):
        return int(m.group("d"))
    if m.groupdict().get("od"):
        return g.tw.ordinal_days[_key(m.group("od"))]
    return None


def _mode(m: re.Match[str], g: _Grammar, group: str = "mod") -> str | None:
    v = m.groupdict().get(group)
    return g.tw.modifiers.get(_key(v)) if v else None


def _h_numeric(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    y, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if month > 12 and day <= 12:
        # Arabic and British order is day/month; read month/day only when that is impossible.
        month, day = day, month
    try:
        d = dt.date(y, month, day)
    except ValueError:
        return None
    return _Cand(m.start(), m.end(), "explicit", d, None, 1, False)


def _h_day_month(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    month = g.mo.gregorian[_key(m.group("mon")).rstrip(".")]
    day = _day_of(m, g)
    if day is None or not 1 <= day <= 31:
        return None
    year = int(m.group("y")) if m.groupdict().get("y") else None
    relative = year is None
    if year is None and pub is not None:
        year = _month_year(month, pub, _mode(m, g), day)
    if year is None:
        if day > 31 or (month == 2 and day > 29) or (month in (4, 6, 9, 11) and day > 30):
            return None
        return _Cand(m.start(), m.end(), "explicit", None, None, 1, False)
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return _Cand(m.start(), m.end(), "explicit", d, None, 1, relative)


def _h_day_of_month(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    day = _day_of(m, g)
    if day is None or not 1 <= day <= 31:
        return None
    if pub is None:
        return _Cand(m.start(), m.end(), "explicit", None, None, 1, True)
    mode = _mode(m, g)
    y, mo = pub.year, pub.month
    if mode == "past":
        y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
    elif mode == "next":
        y, mo = (y, mo + 1) if mo < 12 else (y + 1, 1)
    try:
        d = dt.date(y, mo, day)
    except ValueError:
        return None
    return _Cand(m.start(), m.end(), "explicit", d, None, 1, True)


def _h_month(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    month = g.mo.gregorian[_key(m.group("mon")).rstrip(".")]
    a = m.start("span") if m.groupdict().get("span") else m.start()
    year = int(m.group("y")) if m.groupdict().get("y") else None
    relative = year is None
    if year is None and pub is not None:
        year = _month_year(month, pub, _mode(m, g), None)
    if year is None:
        return _Cand(a, m.end(), "explicit", None, None, 3, False)
    return _Cand(a, m.end(), "explicit", dt.date(year, month, 1), _month_end(year, month), 3, relative)


def _h_hijri(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    hy = int(m.group("hy")) if m.groupdict().get("hy") else None
    hmon = g.mo.hijri[_key(m.group("hmon"))] if m.groupdict().get("hmon") else None
    day = _day_of(m, g)
    if hmon is None:  # a Hijri year alone
        first = _hijri_to_gregorian(hy, 1, 1) if hy else None
        nxt = _hijri_to_gregorian(hy + 1, 1, 1) if hy else None
        end = nxt - dt.timedelta(days=1) if nxt else None
        return _Cand(m.start(), m.end(), "hijri", first, end if first else None, 3, False)
    if day is None:
        rng = _hijri_month_range(hy, hmon) if hy else None
        return _Cand(m.start(), m.end(), "hijri", rng[0] if rng else None, rng[1] if rng else None, 3, False)
    if not 1 <= day <= 30:
        return None
    relative = hy is None
    if hy is None and pub is not None:
        hy = _hijri_year_of(pub)
        if hy is not None:
            d = _hijri_to_gregorian(hy, hmon, day)
            if d is not None and d > pub:
                hy -= 1
    d = _hijri_to_gregorian(hy, hmon, day) if hy else None
    return _Cand(m.start(), m.end(), "hijri", d, None, 1, relative and d is not None)


def _h_year(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    y = int(m.group("y"))
    marker = g.tw.year_markers[_key(m.group("mk"))]
    return _Cand(m.start(), m.end(), "year", dt.date(y, 1, 1), dt.date(y, 12, 31), 3, False, marker=marker)


def _h_time(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    if int(m.group("h")) > 24:
        return None
    gd = m.groupdict()
    if gd.get("sep") == "." and not (gd.get("pre") or gd.get("suf")):
        return None  # "2.25" is a decimal unless a clock word says otherwise
    return _Cand(m.start(), m.end(), "time", None, None, 1, False)


def _h_relative(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    rel = _key(m.group("rel"))
    offset, part = g.tw.relative_days[rel]
    wd_text = m.group("wd1") or m.group("wd2")
    if rel == "اليوم" and not wd_text:
        nxt = re.match(r"\s+(\w+)", m.string[m.end():])
        if nxt and nxt.group(1) in g.tw.today_blockers:
            return None
    if m.group("pod"):
        part = g.tw.parts_of_day[_key(m.group("pod"))]
    if pub is None:
        return _Cand(m.start(), m.end(), "relative", None, None, 1, True, part)
    anchor = pub + dt.timedelta(days=offset)
    if wd_text:
        wd = g.tw.weekdays[_key(wd_text)]
        anchor = _weekday_on_or_before(anchor, wd) if offset <= 0 else anchor + dt.timedelta(
            days=(wd - anchor.weekday()) % 7
        )
    return _Cand(m.start(), m.end(), "relative", anchor, None, 1, True, part)


def _h_weekday(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    after = m.string[m.end("wd"):]
    if _key(m.group("wd")) == "الاحد" and re.match(r"\s*عشر", after):
        return None  # "الأحد عشر" is "the eleven"
    part = None
    if m.group("pod"):
        part = g.tw.parts_of_day[_key(m.group("pod"))]
    elif m.group("pod2"):
        part = g.tw.parts_of_day_after[_key(m.group("pod2"))]
    wd2_text = m.group("wd2") or m.group("wd3")
    if m.group("wd3") and part != "night":
        # Two bare weekdays in a row only make a range in "ليل الأربعاء الخميس".
        return None
    kind = "range" if wd2_text else "weekday"
    if pub is None:
        return _Cand(m.start(), m.end(), kind, None, None, 1, True, part)
    mode = _mode(m, g) or _mode(m, g, "emod") or _coming(m, g)
    wd = g.tw.weekdays[_key(m.group("wd"))]
    d = _resolve_weekday(wd, pub, mode)
    end = None
    if wd2_text:
        wd2 = g.tw.weekdays[_key(wd2_text)]
        end = d + dt.timedelta(days=(wd2 - wd) % 7)
    return _Cand(m.start(), m.end(), kind, d, end, 1, True, part)


def _coming(m: re.Match[str], g: _Grammar) -> str | None:
    """"coming" when the weekday follows what is still to happen ("يدخل حيز التنفيذ صباح الأحد")."""
    before = m.string[max(0, m.start() - 30):m.start()]
    return "coming" if any(w in before for w in g.tw.future_before) else None


def _h_period(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    unit, offset = g.tw.periods[_key(m.group("per"))]
    precision = 2 if unit == "week" else 3
    if pub is None:
        return _Cand(m.start(), m.end(), "relative", None, None, precision, True)
    if unit == "week":
        start, end = (pub - dt.timedelta(days=7), pub - dt.timedelta(days=1)) if offset else (pub - dt.timedelta(days=6), pub)
    elif unit == "month":
        y, mo = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        start, end = (dt.date(y, mo, 1), _month_end(y, mo)) if offset else (pub.replace(day=1), pub)
    else:
        start, end = (dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)) if offset else (
            dt.date(pub.year, 1, 1),
            pub,
        )
    return _Cand(m.start(), m.end(), "relative", start, end, precision, True)


def _h_days_ago(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    if m.groupdict().get("two"):
        n = 2
    elif m.group("n"):
        n = int(m.group("n"))
    else:
        n = g.tw.day_counts[_key(m.group("nw"))]
    precision = 1 if n <= 3 else 2
    if pub is None:
        return _Cand(m.start(), m.end(), "relative", None, None, precision, True)
    return _Cand(m.start(), m.end(), "relative", pub - dt.timedelta(days=n), None, precision, True)


def _h_bare_part(m: re.Match[str], pub: dt.date | None, g: _Grammar) -> _Cand | None:
    part = g.tw.bare_parts_of_day[_key(m.group("bp"))]
    return _Cand(m.start(), m.end(), "part_of_day", None, None, 1, False, part)


# --------------------------------------------------------------------------- entry point


# norm -> (grammar, matches): the numbers stage scans the same text as the dates stage
# (without a publication date, which only the handlers use).  Bounded, oldest out first.
_SCANS: dict[str, tuple[_Grammar, list[tuple[re.Match[str], Handler]]]] = {}
_SCANS_SIZE = 64


def _scan(norm: str, g: _Grammar) -> list[tuple[re.Match[str], Handler]]:
    hit = _SCANS.get(norm)
    if hit is not None and hit[0] is g:
        return hit[1]
    found = g.scan(norm)
    if len(_SCANS) >= _SCANS_SIZE:
        _SCANS.pop(next(iter(_SCANS)))
    _SCANS[norm] = (g, found)
    return found


# "منذ أبريل الماضي" / "since March 2011": the month is where an ongoing state began.
_SINCE_BEFORE = re.compile(r"(?:(?<!\w)|(?<=(?<!\w)و))(?:منذ|since)\s+(?:شهر\s+)?$")


def _since_before(norm: str, a: int) -> bool:
    """`_SINCE_BEFORE` ends at `a`: searched from just before the space run(s) that end there
    (منذ/since ends where the last space run begins, or the one before a final شهر), not
    from the start of the document for every date."""
    i = a
    while i > 0 and norm[i - 1].isspace():
        i -= 1
    lo = i
    if norm.endswith("شهر", 0, i):
        lo = i - 3
        while lo > 0 and norm[lo - 1].isspace():
            lo -= 1
    return _SINCE_BEFORE.search(norm, max(0, lo - 5), a) is not None


def _absorb_month_qualifiers(cands: list[_Cand]) -> None:
    """"في 20 آب/أغسطس الجاري": the month read with its qualifier ("آب/أغسطس الجاري", the
    whole month) overlaps the day read with its month ("20 آب/أغسطس"); the day reading takes
    the qualifier in, so the longest reading is the day."""
    for day in cands:
        if day.precision != 1 or day.date is None:
            continue
        for month in cands:
            if (month.precision == 3 and month.date is not None and day.a < month.a < day.b < month.b
                    and (month.date.year, month.date.month) == (day.date.year, day.date.month)):
                day.b = month.b


_BETWEEN_WEEKDAY_AND_DATE = re.compile(r"[\s,،]*")


def _weekdays_with_their_dates(taken: list[_Cand], norm: str) -> list[_Cand]:
    """"يوم الجمعة 12 جويلية", "Friday, July 12": a weekday written right before a date names
    that date's day, so the two are one mention of the date (not the last Friday before the
    publication)."""
    out: list[_Cand] = []
    for c in taken:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "weekday" and c.kind == "explicit" and c.precision == 1
                and _BETWEEN_WEEKDAY_AND_DATE.fullmatch(norm, prev.b, c.a)):
            c.a, c.part = prev.a, c.part or prev.part
            out[-1] = c
        else:
            out.append(c)
    return out


def find_dates(text: str, publication_date: dt.date | None = None) -> list[DateMention]:
    """Date, time and period mentions in `text`, in text order, without overlaps (the
    longest reading of a stretch wins).  Offsets index `text` itself."""
    if isinstance(publication_date, dt.datetime):
        publication_date = publication_date.date()
    norm, sparse = normalize_with_sparse_map(text, copy=False)  # only read
    offsets = range(len(text) + 1) if sparse is None else sparse
    g = _grammar()
    cands: list[_Cand] = []
    for m, handler in _scan(norm, g):
        c = handler(m, publication_date, g)
        if c is not None and c.b > c.a:
            cands.append(c)
    _absorb_month_qualifiers(cands)
    cands.sort(key=lambda c: (-(c.b - c.a), c.a))
    taken: list[_Cand] = []
    for c in cands:
        if all(c.b <= t.a or c.a >= t.b for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.a)
    out = []
    for c in _weekdays_with_their_dates(taken, norm):
        if c.marker is None and c.kind in ("explicit", "hijri") and _since_before(norm, c.a):
            c.marker = "since"
        s, e = offsets[c.a], offsets[c.b]
        out.append(
            DateMention(s, e, text[s:e], c.date, c.date_end, c.precision, c.kind, c.relative, c.part, c.marker)
        )
    return out


# "KHARTOUM, March 3 (Reuters) - ", "SANAA, June 7 (Xinhua) -- ", "GOMA, Democratic Republic of
# Congo, Jan 5, 2024 (AFP) - ": the place the wire story was filed from, then the day it was
# filed.  Latin letters only: the English wire form.
_DATELINE_HEAD = re.compile(r"[A-Z][A-Za-z.'’ -]{1,40}(?:,[A-Za-z.'’ ]{2,40}){0,2},\s*")
_DATELINE_TAIL = re.compile(r"(?:,?\s*\d{4})?\s*(?:\([^()\n]{0,40}\)\s*)?(?:--|[-–—])\s")


def dateline_mention(text: str, mentions: list[DateMention]) -> DateMention | None:
    """The day of an English wire dateline, if the report opens a line with one: the day the
    story was filed, which its weekdays and "overnight" count from, and no event's own day."""
    for m in mentions:
        if m.kind != "explicit" or m.precision != 1 or m.date is None:
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if _DATELINE_HEAD.fullmatch(text, line_start, m.start) and _DATELINE_TAIL.match(text, m.end):
            return m
    return None
