"""Bytes to text: BOMs, UTF-16 without BOM, UTF-8, and the Arabic legacy code pages.

General-purpose detectors (charset-normalizer, chardet) often mistake windows-1256 for
ISO-8859-6 or for another code page on short Arabic text, so the Arabic code pages are decided
by an explicit scorer first and charset-normalizer is only the last resort.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .types import InputError

# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Arabic legacy code pages, most common first: ties go to the earlier one.
ARABIC_CODEPAGES = ("cp1256", "iso-8859-6")

# Declarations that Arabic sites often get wrong (a cp1256 page labelled latin-1): these are
# checked against the Arabic scorer instead of being trusted outright.
_WESTERN_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii", "cp1250"}

_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WHITESPACE_CONTROLS = frozenset("\t\n\r\f\v")
# C0 controls other than whitespace, plus DEL; ESC and form-feed turn up in real text files.
_CONTROL_BYTES = frozenset(set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}
_CONTROL_DELETE = bytes(sorted(_CONTROL_BYTES))  # for counting with bytes.translate (C speed)

# Scoring looks at a prefix only, so a 50 MB legacy-encoded page costs no more than a short one.
_SCORE_CHARS = 65536

# Scores below this mean "not plausibly Arabic/ASCII text in this code page".
_MIN_ARABIC_SCORE = 0.85


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset an HTML `<meta>` or XML declaration names in the first bytes, if any."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF or \
        0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def _bad_char(ch: str) -> bool:
    if ch in _WHITESPACE_CONTROLS:
        return False
    return unicodedata.category(ch) in ("Cc", "Cn", "Cs", "Co")


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_PUNCTUATION = frozenset("«»\u00a0\u00b0\u00d7\u00f7")


def _word_score(word: str) -> int:
    """How many characters of one whitespace-separated word are plausible.

    A word mixing Arabic and Latin letters is what a wrong code page produces ("cortوge"), so
    only its ASCII part counts; accented Latin letters count only inside Latin words."""
    ascii_chars = arabic = latin = punct = 0
    for ch in word:
        if ch < "\x80":
            ascii_chars += 1
        elif _is_arabic(ch):
            arabic += 1
        elif "\u00c0" <= ch <= "\u024f":
            latin += 1
        elif 0x2000 <= ord(ch) <= 0x206F or ch in _PUNCTUATION:
            punct += 1
    latin_word = _ASCII_LETTER.search(word) is not None
    if arabic and latin_word:
        return ascii_chars
    if arabic:
        return ascii_chars + arabic + punct
    if latin_word or len(word) <= 2:
        return ascii_chars + latin + punct
    return ascii_chars + punct


def plausibility(text: str) -> float:
    """Share of non-space characters that are plausible Arabic or Latin-script text (see
    `_word_score`); 0.0 when the text holds a control, unassigned or private-use character."""
    sample = text[:_SCORE_CHARS]
    if _has_bad_chars(sample):
        return 0.0
    total = good = 0
    for word in sample.split():
        total += len(word)
        good += _word_score(word)
    return good / total if total else 1.0


def _clean_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _has_bad_chars(text: str) -> bool:
    return any(_bad_char(ch) for ch in text[:_SCORE_CHARS])


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode BOM-less UTF-16 recognised by where its NUL bytes fall (every ASCII character,
    space included, has a NUL high byte, so NULs sit on one parity only)."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if pairs == 0 or len(data) % 2:
        return None
    if odd > 0.05 * pairs and even <= 0.02 * odd:
        order = ("utf-16-le",)
    elif even > 0.05 * pairs and odd <= 0.02 * even:
        order = ("utf-16-be",)
    else:
        return None
    for encoding in order:
        text = _clean_decode(data, encoding)
        if text is not None and not _has_bad_chars(text):
            return text
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_DELETE))
    return controls > 0.02 * len(sample)


def is_binary(data: bytes) -> bool:
    """True when `data` is not text in any encoding this module reads."""
    if not data:
        return False
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in data[:_SNIFF_BYTES]:
        return _utf16_without_bom(data[:_SNIFF_BYTES] if len(data) > _SNIFF_BYTES else data) is None
    return _looks_binary(data)


def best_arabic_decoding(data: bytes) -> tuple[str, str, float] | None:
    """(text, encoding, score) of the Arabic code page that decodes `data` most plausibly."""
    best = None
    for encoding in ARABIC_CODEPAGES:
        text = _clean_decode(data, encoding)
        if text is None:
            continue
        score = plausibility(text)
        if best is None or score > best[2]:
            best = (text, encoding, score)
    return best


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode one input's bytes to text; raise `InputError(source, ...)` for binary content.

    `declared` is a charset from an HTTP header or the caller; without one, an HTML `<meta>`
    charset in the first bytes is used.  A declaration is honoured when it decodes cleanly,
    except that a Western single-byte label loses to an Arabic code page that scores better."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")

    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise InputError(source, "binary file, not text")
    if _looks_binary(data):
        raise InputError(source, "binary file, not text")

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass

    arabic = best_arabic_decoding(data)
    encoding = _canonical(declared) or _canonical(sniff_declared_charset(data))
    if encoding and not encoding.startswith("utf-8"):
        text = _clean_decode(data, encoding)
        if text is not None and not _has_bad_chars(text):
            if encoding not in _WESTERN_SINGLE_BYTE or arabic is None or plausibility(text) >= arabic[2]:
                return text

    if arabic is not None and arabic[2] >= _MIN_ARABIC_SCORE:
        return arabic[0]

    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is not None:
        return str(guess)
    if arabic is not None:
        return arabic[0]
    return data.decode("utf-8", errors="replace")
