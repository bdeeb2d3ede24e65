"""The offset-preserving Arabic/English text layer: matching normal form with an offset map,
sentence spans, clitic-aware tokens and language identification.

Everything here works on the clean text of a `Document` and reports offsets into it.
"""

from .langid import detect_language
from .normalize import normalize, normalize_with_map
from .sentences import split_sentences
from .tokens import Token, segment, tokenize

__all__ = ["Token", "detect_language", "normalize", "normalize_with_map", "segment", "split_sentences", "tokenize"]
