"""The early language filter: decide from the raw record, before HTML extraction and the
pipeline, whether a page is worth processing.

Most of a crawl (CC-NEWS is mostly English, then Spanish, German, ...) is dropped here for the
cost of one regex pass over the start of the page instead of trafilatura plus the full
pipeline.  The filter errs towards keeping: a page is dropped only when the language detector
says "other" AND the page has hardly any Arabic letters, so an Arabic article behind a French
or English menu still goes through (the pipeline decides its language properly later).
"""

from __future__ import annotations

import re

from ..readers.types import Record
from ..text.langid import detect_language

# Enough of a page to get past the <head> and the navigation into the article.
HTML_SAMPLE_BYTES = 60_000
TEXT_SAMPLE_CHARS = 4_000
# Arabic letters that make a page worth the full pipeline whatever the detector says.
MIN_ARABIC_LETTERS = 80

_DROP_BLOCKS = re.compile(r"<(script|style|noscript|svg|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]{0,2000}>")
_ENTITIES = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_SPACES = re.compile(r"\s+")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")


def text_sample(record: Record) -> str:
    """A cheap plain-text sample of the record: tags and scripts stripped, no parsing."""
    if record.text is not None:
        return record.text[:TEXT_SAMPLE_CHARS]
    html = (record.html or "")[:HTML_SAMPLE_BYTES]
    html = _DROP_BLOCKS.sub(" ", html)
    text = _ENTITIES.sub(" ", _TAGS.sub(" ", html))
    return _SPACES.sub(" ", text).strip()


def sample_language(record: Record) -> str:
    """"ar", "en" or "other" from the record's sample."""
    sample = text_sample(record)
    if len(_ARABIC.findall(sample)) >= MIN_ARABIC_LETTERS:
        return "ar"
    # The opening of the sample is mostly menus; the detector looks at what follows them too.
    middle = sample[len(sample) // 3:][:2000] if len(sample) > 3000 else sample
    return detect_language(middle)


def keep(record: Record, languages: frozenset[str] | set[str] | None) -> tuple[bool, str]:
    """(keep?, language) for `record`; `languages=None` keeps everything."""
    if not languages:
        return True, ""
    lang = sample_language(record)
    return lang in languages, lang
