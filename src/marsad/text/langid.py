"""Offline language identification: "ar", "en" or "other".

Script decides most cases for free: Arabic-script letters dominating means Arabic (the
statistical model is consulted only when letters special to Persian/Urdu show up), and text
with hardly any Latin letters is not English.  py3langid (bundled model, no download) decides
the rest on a prefix of the text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["detect_language"]

_SAMPLE = 2000  # characters looked at; the opening of an article settles its language
_MODEL_SAMPLE = 600
_ARABIC_RUN_RE = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_LATIN_RUN_RE = re.compile("[A-Za-z\u00c0-\u024f]+")
# Letters of Persian/Urdu/Kurdish spelling that Arabic news text does not use.
_NON_ARABIC_RE = re.compile("[\u067e\u0686\u0698\u06a9\u06af\u06cc\u06ba\u06be\u06c1\u06d2\u0679\u0688\u0691\u06d5]")
_MIN_LETTERS = 3
_ARABIC, _LATIN, _NON_ARABIC = 1, 2, 4
_SHORT_LATIN = 40


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


@lru_cache(maxsize=1)
def _script_table() -> np.ndarray:
    """Per UTF-16 code unit, the bits of the three letter classes above that it belongs to,
    read off the classes themselves.  (A character beyond the BMP is two surrogate units,
    which none of the classes holds, as none holds the character.)"""
    bmp = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, dtype=np.uint8)
    for bit, rx in ((_ARABIC, _ARABIC_RUN_RE), (_LATIN, _LATIN_RUN_RE), (_NON_ARABIC, _NON_ARABIC_RE)):
        for m in rx.finditer(bmp):
            table[m.start():m.end()] |= bit
    return table


def _script_counts(sample: str) -> tuple[int, int, int]:
    """(Arabic, Latin, non-Arabic letters) in `sample`: a table look-up per character, where
    the regex engine tried each character against every range of a class."""
    units = np.frombuffer(sample.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    bits = _script_table()[units]
    return (int(np.count_nonzero(bits & _ARABIC)), int(np.count_nonzero(bits & _LATIN)),
            int(np.count_nonzero(bits & _NON_ARABIC)))


def _model_language(sample: str) -> str:
    return _identifier().classify(sample)[0]


def detect_language(text: str) -> str:
    """"ar", "en" or "other" for `text` (empty or letterless text is "other")."""
    sample = text[:_SAMPLE]
    arabic, latin, foreign = _script_counts(sample)
    if arabic + latin < _MIN_LETTERS:
        other_letters = sum(1 for c in sample if c.isalpha())
        if other_letters < _MIN_LETTERS:
            return "other"
    if arabic >= latin and arabic >= _MIN_LETTERS:
        if foreign * 50 <= arabic:  # a stray Persian keheh/yeh in an Arabic page is common
            return "ar"
        script_only = _LATIN_RUN_RE.sub(" ", sample)[:_MODEL_SAMPLE]
        return "ar" if _model_language(script_only) == "ar" else "other"
    if latin >= _MIN_LETTERS:
        script_only = _ARABIC_RUN_RE.sub(" ", sample)[:_MODEL_SAMPLE]
        if latin < _SHORT_LATIN and script_only.isascii():
            return "en"  # too short for the model to be trusted (a headline, "Syria: 3 killed")
        return "en" if _model_language(script_only) == "en" else "other"
    return "other"
