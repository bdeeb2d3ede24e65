"""Cleaning of plain-text news pages: page chrome out, update markers into segments.

    >>> from marsad.clean import clean_text
    >>> result = clean_text(page)          # doctest: +SKIP
    >>> result.title, result.segments, [r.reason for r in result.removed]   # doctest: +SKIP
"""

from .boilerplate import ChromePatternError, ChromePatterns, load_patterns
from .cleaner import CleanResult, clean_text
from .segments import build_segments, parse_update_marker

__all__ = [
    "ChromePatternError",
    "ChromePatterns",
    "CleanResult",
    "build_segments",
    "clean_text",
    "load_patterns",
    "parse_update_marker",
]
