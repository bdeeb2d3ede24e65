"""WARC / WARC.gz web archives: each HTML (or plain-text) response record is one article.

warcio reads a cut-off file without complaint, returning the damaged record short or dropping
it, so damage is detected here: a record whose block ends before its Content-Length, a record
without a header, or bytes after the last complete record.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from .. import settings
from .encoding import decode_bytes
from .types import InputError, ReadFailure, Record

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# A complete file may end in the blank lines that separate records.
_MAX_TRAILING_SLACK = 4
T = TypeVar("T")


class _Damaged(Exception):
    pass


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _content_type(record) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return (headers.get_header("Content-Type") or "") if headers is not None else ""


def _to_record(record, path: str, number: int) -> Record | ReadFailure | None:
    """The article in one WARC record, or None for records that are not pages (requests,
    metadata, images, redirects)."""
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
    content_type = _content_type(record)
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and kind not in _HTML_TYPES + _TEXT_TYPES:
        return None

    source = f"{path}:record {number}"
    limit = settings.MAX_INPUT_BYTES
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return ReadFailure(source, f"record too large (> {limit // 2**20} MB limit)")
    if not payload.strip():
        return None
    match = _CHARSET.search(content_type)
    try:
        text = decode_bytes(payload, source, match.group(1) if match else None)
    except InputError as exc:
        return ReadFailure(source, exc.reason)

    from ..api import looks_like_html

    is_html = kind in _HTML_TYPES or (not kind and looks_like_html(text))
    headers = record.rec_headers
    record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>") or source
    http = record.http_headers
    # WARC-Date is when the page was crawled, not published: metadata only, never Record.date.
    meta = {
        "warc_date": headers.get_header("WARC-Date"),
        "http_last_modified": _http_date(http.get_header("Last-Modified")) if http is not None else None,
        "http_date": _http_date(http.get_header("Date")) if http is not None else None,
        "content_type": content_type or None,
    }
    return Record(
        id=record_id,
        text=None if is_html else text,
        html=text if is_html else None,
        url=headers.get_header("WARC-Target-URI"),
        source=source,
        meta={k: v for k, v in meta.items() if v},
    )


_CHUNK = 1 << 16  # records are drained in chunks, so a huge block never sits in memory


def drain(stream) -> None:
    while stream.read(_CHUNK):
        pass


def checked_records(path: str, display: str,
                    read: Callable[[Any, int, Callable[[], int]], T]) -> Iterator[T | ReadFailure]:
    """`read(record, number, offset)` for each record of a `.warc` / `.warc.gz` file, yielded
    only once the record has proved complete; damage or a file that is no WARC ends the walk
    with one `ReadFailure` naming the file and the last complete record.  `offset()` gives the
    record's byte offset; call it only if needed, and not before reading the content (warcio
    reads the record to its end to answer)."""
    from warcio.archiveiterator import ArchiveIterator

    complete = 0
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as stream:
            archive = ArchiveIterator(stream)
            for record in archive:
                if record.rec_type is None or record.rec_headers.get_header("WARC-Record-ID") is None:
                    raise _Damaged("record header is incomplete")
                value = read(record, complete + 1, archive.get_record_offset)
                # Drain what `read` left, so a short block shows up below.
                drain(record.raw_stream)
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:
                    raise _Damaged(f"record {complete + 1} ends {missing} bytes early")
                complete += 1
                yield value
            if complete:
                end = archive.get_record_offset() + archive.get_record_length()
                if size - end > _MAX_TRAILING_SLACK:
                    raise _Damaged(f"{size - end} bytes after it are not a complete record")
    except _Damaged as exc:
        yield ReadFailure(display, f"truncated or corrupt WARC after record {complete}: {exc}")
        return
    except Exception as exc:  # warcio raises assorted errors on damaged input
        if complete == 0:
            yield ReadFailure(display, f"not a readable WARC file: {type(exc).__name__}: {exc}")
        else:
            yield ReadFailure(display, f"truncated or corrupt WARC after record {complete}: "
                                       f"unreadable record ({type(exc).__name__}: {exc})")
        return
    if complete == 0:
        yield ReadFailure(display, "empty file" if size == 0 else "not a WARC file (no records)")


def read_warc(path: str, display: str) -> Iterator[Record | ReadFailure]:
    """Articles from a `.warc` or `.warc.gz` file (gzip is detected from the content)."""
    for item in checked_records(path, display, lambda record, number, _offset: _to_record(record, display, number)):
        if item is not None:
            yield item
