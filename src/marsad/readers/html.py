"""HTML page to main text plus metadata (title, date, site name) via trafilatura and htmldate.

The page is parsed once: the metadata helpers and htmldate read the parsed tree, and
trafilatura extracts the body from the same tree.  Only the metadata this project uses is
looked up (no author, tags or licence search, which cost more than the text extraction).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

LOGGER = logging.getLogger(__name__)

# Elements whose text is never article content, for the fallback extractor.
_NON_CONTENT = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                "iframe", "svg", "button", "select")
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                         "blockquote", "section", "article", "main", "pre", "dd", "dt", "figcaption",
                         "table", "ul", "ol", "hr"})
# Real article pages are well under 2 MB; past this size trafilatura's scoring takes seconds
# per MB, so the page is reduced by the linear fallback extractor instead.
FULL_EXTRACTION_MAX_CHARS = 8_000_000

_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"[ \t\u00a0]*\n[\s\u00a0]*")
_SPACES = re.compile(r"[ \t\u00a0\r\f\v]+")


@dataclass(slots=True)
class Page:
    """The main text of a page (paragraphs one per line, no title) and its metadata."""

    text: str
    title: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    url: str | None = None
    sitename: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _parse(html: str):
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except Exception as exc:  # libxml2 gives up on some byte soup; the fragment retry below may not
        LOGGER.debug("lxml could not parse page: %s", exc)
        tree = None
    if tree is None and html.strip():
        # trafilatura rejects fragments ("<p>…</p>" with no <html>); a wrapper makes them a page.
        try:
            tree = load_html(f"<html><body>{html}</body></html>")
        except Exception as exc:
            LOGGER.debug("lxml could not parse wrapped page: %s", exc)
            tree = None
    return tree


def _metadata(tree, url: str | None) -> dict[str, Any]:
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url

    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # malformed JSON-LD must not cost the page
        LOGGER.debug("JSON-LD metadata skipped: %s", exc)
    title = meta.title or extract_title(tree)
    page_url = meta.url or extract_url(tree, url)
    sitename = meta.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@").strip() or None
    return {
        "title": title.strip() if title else None,
        "url": page_url,
        "sitename": sitename,
        "description": meta.description,
        "pagetype": meta.pagetype,
        "lang": tree.get("lang") or None,
    }


def _find_date(tree, url: str | None) -> str | None:
    """The publication date from structured sources only: URL, <meta>, JSON-LD, <time>, <abbr>.

    htmldate's later steps (date-like elements after pruning, then regexes over the whole
    serialized page) cost about as much as the whole text extraction, and a date merely
    written in the text is as likely another day mentioned in the story; dates in the text
    are the dates stage's job."""
    try:
        from htmldate.core import examine_abbr_elements, examine_header, examine_time_elements
        from htmldate.extractors import extract_url_date, json_search
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date
    except ImportError:  # htmldate reorganised its internals: use the public, slower entry point
        return _find_date_public(tree, url)
    try:
        options = Extractor(False, get_max_date(None), get_min_date(None), True, "%Y-%m-%d")
        if url is None:
            canonical = tree.find('.//link[@rel="canonical"]')
            url = canonical.get("href") if canonical is not None else None
        return (extract_url_date(url, options) or examine_header(tree, options) or json_search(tree, options)
                or examine_abbr_elements(tree, options) or examine_time_elements(tree, options))
    except Exception as exc:  # htmldate on odd markup: no date rather than no page
        LOGGER.debug("htmldate failed: %s", exc)
        return None


def _find_date_public(tree, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=False,
                         max_date=dt.date.today().isoformat())
    except Exception as exc:
        LOGGER.debug("htmldate failed: %s", exc)
        return None


def _body_text(tree) -> str | None:
    from trafilatura import bare_extraction

    try:
        result = bare_extraction(tree, include_comments=False, include_tables=True, with_metadata=False)
    except Exception as exc:
        LOGGER.debug("trafilatura failed: %s", exc)
        return None
    if result is None or not result.text:
        return None
    return result.text


def _fallback_text(tree) -> str:
    """All visible text outside page chrome, one block per line (for pages trafilatura gives up on)."""
    from lxml import etree

    parts: list[str] = []
    skip = set(_NON_CONTENT)
    body = tree.find(".//body")
    root = body if body is not None else tree
    for event, elem in etree.iterwalk(root, events=("start", "end")):
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if event == "start":
            if tag in skip:
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if elem.text and not _inside(elem, skip):
                parts.append(elem.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if elem.tail and elem is not root and not _inside(elem.getparent(), skip):
                parts.append(elem.tail)
    return _tidy("".join(parts))


def _inside(elem, tags) -> bool:
    while elem is not None:
        if isinstance(elem.tag, str) and elem.tag in tags:
            return True
        elem = elem.getparent()
    return False


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _strip_tags(html: str) -> str:
    import html as html_lib

    return _tidy(html_lib.unescape(_TAG.sub("\n", html)))


def _drop_title_line(text: str, title: str | None) -> str:
    """trafilatura keeps the <h1> headline as the first line; the title is reported separately."""
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if _SPACES.sub(" ", first).strip() == _SPACES.sub(" ", title).strip():
        return rest
    return text


def html_to_text(html: str, url: str | None = None) -> Page:
    """Reduce a page to its main text (paragraphs one per line) and metadata.

    Never raises on bad markup: a page trafilatura cannot use falls back to the visible text
    outside navigation/header/footer, and markup lxml cannot parse at all to its text without tags."""
    tree = _parse(html)
    if tree is None:
        return Page(text=_strip_tags(html), url=url, meta={"extractor": "strip-tags"})
    info = _metadata(tree, url)
    date = _find_date(tree, info["url"] or url)
    if len(html) > FULL_EXTRACTION_MAX_CHARS:
        text, extractor = _fallback_text(tree), "fallback (page too large for trafilatura)"
    else:
        text, extractor = _body_text(tree), "trafilatura"
        if text is None:
            text, extractor = _fallback_text(tree), "fallback"
    text = _drop_title_line(text, info["title"])
    meta = {k: v for k, v in info.items() if v and k not in ("title", "url", "sitename")}
    meta["extractor"] = extractor
    return Page(text=text, title=info["title"], date=date, url=info["url"] or url,
                sitename=info["sitename"], meta=meta)
