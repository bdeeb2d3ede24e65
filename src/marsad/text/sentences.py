"""Sentence boundaries for Arabic and English news text, as trimmed `(start, end)` spans.

Every line is at least one sentence: news pages put headlines, datelines, update markers and
bylines on lines of their own without final punctuation.  Inside a line a sentence ends at
. ! ? ؟ ؛ … (plus closing quotes/brackets) followed by a space, the end of the line, or --
for Arabic, which is often typed without a space after the dot -- an Arabic letter.  A dot
does not end a sentence inside a number (3.5), after a known abbreviation or title (Dr., U.S.,
د., ت.غ), after an initial, or after a list number at the start of a line ("1. ...").  No
boundary falls inside a quotation unless the quotation itself ends with the terminal mark.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources

from .normalize import normalize
from .tokens import _ASTRAL, TextDataError, _bmp_ranges

__all__ = ["split_sentences", "load_abbreviations", "parse_abbreviations"]

ABBREVIATIONS_FILE = "abbreviations.tsv"
_KINDS = {"title", "abbrev"}

_AR = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_MARKS = "\u0640\u064b-\u065f\u0670"
_TERMINALS = ".!?\u061f\u2026\u06d4\u061b"  # . ! ? ؟ … ۔ ؛
_CLOSERS = "\u00bb\"\u201d\u2019')\\]"  # » " ” ’ ' ) ]
_LINE_RE = re.compile(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+")
_CANDIDATE_RE = re.compile(
    # Both branches begin with a mark, read once before them: a pattern that opens with a
    # character class lets the regex engine skip to the marks (an alternation of repeats does
    # not, and the engine then tried both branches at every position of the line).
    rf"[{_TERMINALS}](?:[{_TERMINALS}]*[{_CLOSERS}]*(?=\s|$)"
    # Arabic typed without a space after the dot: "القوات.وقال" (not "ت.غ", one letter before).
    # The look-behinds look back past the mark just read: one of these, after two letters.
    rf"|(?<=[.!?\u061f\u061b])(?<=[{_AR}][{_AR}{_MARKS}].)[.!?\u061f\u061b]*(?=[{_AR}]))"
)
_QUOTE_RE = re.compile(
    "\u00ab[^\u00ab\u00bb]*\u00bb|\u201c[^\u201c\u201d]*\u201d|\u2018[^\u2018\u2019]*\u2019|\"[^\"]*\""
)
_QUOTE_OPENERS = "\u00ab\u201c\u2018\""
# The word before a dot, with inner dots for dotted abbreviations and initials (U.S, ت.غ).
_LETTER = r"[^\W\d_]"
_WORD_CHAR = rf"(?:[^\W\d_]|[{_MARKS}])"
_WORD_BEFORE_RE = re.compile(rf"(?:(?<=[^\w{_MARKS}])|^)(?:{_LETTER}{_WORD_CHAR}*\.)*{_LETTER}{_WORD_CHAR}*$")


@lru_cache(maxsize=1)
def _bmp_word_before_re() -> re.Pattern[str]:
    """`_WORD_BEFORE_RE` for a line without characters beyond the BMP, with its classes spelt
    out as ranges: a look-up in a bitmap per character instead of asking the Unicode database
    whether it is a letter, a digit or a word character (searched at every position of the
    window, that was most of the time of a boundary's check)."""
    letter = "[" + _bmp_ranges(_LETTER) + "]"
    word_char = "[" + _bmp_ranges(_WORD_CHAR) + "]"
    before = "[" + _bmp_ranges(rf"[^\w{_MARKS}]") + "]"
    return re.compile(rf"(?:(?<={before})|^)(?:{letter}{word_char}*\.)*{letter}{word_char}*$")
_ABBREVIATION_RE = re.compile(r"(?:[^\W\d_]+\.)*[^\W\d_]+")
_INITIALS_RE = re.compile(r"^(?:[^\W\d_]\.)*[^\W\d_]$")
_NEXT_RE = re.compile(r"\s*(\S)")
_LIST_NUMBER_RE = re.compile(r"\s*\d{1,3}$")


def parse_abbreviations(text: str, path: str = ABBREVIATIONS_FILE) -> dict[str, str]:
    """Validate an abbreviations TSV (comment lines start with #); abbreviation -> kind."""
    rows = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(rows)), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header != ["abbreviation", "kind", "note"]:
        raise TextDataError(f"{path}: header must be 'abbreviation<TAB>kind<TAB>note', got {header!r}")
    out: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        if len(row) != 3:
            raise TextDataError(f"{path}: data row {number}: expected 3 tab-separated fields, got {len(row)}")
        abbr, kind, note = (field.strip() for field in row)
        if not _ABBREVIATION_RE.fullmatch(abbr):
            raise TextDataError(f"{path}: data row {number}: {abbr!r} must be letters, optionally with inner dots")
        if abbr != normalize(abbr):
            raise TextDataError(f"{path}: data row {number}: {abbr!r} is not in matching form (use {normalize(abbr)!r})")
        if kind not in _KINDS:
            raise TextDataError(f"{path}: data row {number}: kind {kind!r} is not one of {sorted(_KINDS)}")
        if not note:
            raise TextDataError(f"{path}: data row {number}: {abbr!r} needs a note saying what it stands for")
        if abbr in out:
            raise TextDataError(f"{path}: data row {number}: duplicate abbreviation {abbr!r}")
        out[abbr] = kind
    if not out:
        raise TextDataError(f"{path}: no abbreviations")
    return out


@lru_cache(maxsize=1)
def load_abbreviations() -> dict[str, str]:
    path = resources.files("marsad.text") / "data" / ABBREVIATIONS_FILE
    return parse_abbreviations(path.read_text(encoding="utf-8"), str(path))


def _is_boundary(line: str, m: re.Match[str], sentence_start: int, quotes: list[tuple[int, int]],
                 word_before: re.Pattern[str] = _WORD_BEFORE_RE) -> bool:
    end = m.end()
    for q_start, q_end in quotes:
        if q_start < end < q_end:
            return False  # inside a quotation that goes on after this mark
    nxt = _NEXT_RE.match(line, end)
    next_char = nxt.group(1) if nxt else ""
    if next_char.islower():
        return False  # "... he said", "approx. five": the sentence goes on
    start = m.start()
    if line[start] != "." or line.startswith("..", start):
        return True
    window = line[max(sentence_start, start - 24) : start]
    if _LIST_NUMBER_RE.fullmatch(line, sentence_start, start):
        return False  # "1. ..." list numbering
    word_match = word_before.search(window)
    if word_match is None:
        return True
    word = normalize(word_match.group())
    kind = load_abbreviations().get(word)
    if kind == "title":
        return False
    if kind == "abbrev":
        return next_char.isupper()
    bare = word.replace(".", "")
    if len(bare) == 1 or ("." in word and _INITIALS_RE.match(word)):
        # An initial ("J. Smith", "د. أحمد") or dotted initials ("N.Y."); a lone lower-case
        # Latin letter is a word ("plan b.") unless it is part of dotted initials.
        original = word_match.group()
        return "." not in word and original.isascii() and original.islower()
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` into `text`, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    for line_match in _LINE_RE.finditer(text):
        line = line_match.group()
        base = line_match.start()
        cuts: list[int] = []
        if any(c in line for c in _TERMINALS):
            quotes = [qm.span() for qm in _QUOTE_RE.finditer(line)] if any(c in line for c in _QUOTE_OPENERS) else []
            sentence_start = 0
            word_before = _WORD_BEFORE_RE if _ASTRAL.search(line) else _bmp_word_before_re()
            for m in _CANDIDATE_RE.finditer(line):
                if _is_boundary(line, m, sentence_start, quotes, word_before):
                    cuts.append(m.end())
                    sentence_start = m.end()
        previous = 0
        for cut in (*cuts, len(line)):
            piece = line[previous:cut]
            stripped = piece.strip()
            if stripped:
                a = base + previous + (len(piece) - len(piece.lstrip()))
                spans.append((a, a + len(stripped)))
            previous = cut
    return spans
