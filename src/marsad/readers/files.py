"""Paths to records: the reader for each file type, directory walking, and stdin."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO

from .. import settings
from .encoding import decode_bytes, is_binary
from .records import parse_jsonl_objects, read_json_text, read_jsonl_lines, record_from_object, records_from_json
from .types import InputError, ReadFailure, Record
from .warc import read_warc

LOGGER = logging.getLogger(__name__)

Reader = Callable[[str, str], Iterator[Record | ReadFailure]]
READERS: dict[str, Reader] = {}
# Extension -> reader name; the longest matching suffix wins (".warc.gz" before ".gz").
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def reader(name: str) -> Callable[[Reader], Reader]:
    def register(fn: Reader) -> Reader:
        READERS[name] = fn
        return fn

    return register


def file_kind(path: str) -> str | None:
    name = os.path.basename(path).lower()
    for suffix in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(suffix):
            return EXTENSIONS[suffix]
    return None


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size} bytes"


def _too_large(size: int) -> str:
    return f"file too large ({_mb(size)} > {_mb(settings.MAX_INPUT_BYTES)} limit)"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror.lower() if exc.strerror else str(exc)


def _read_bytes(path: str, display: str) -> bytes:
    """The file's bytes, refusing empty and oversized files (`InputError`)."""
    size = os.path.getsize(path)
    if size > settings.MAX_INPUT_BYTES:
        raise InputError(display, _too_large(size))
    with open(path, "rb") as fh:
        data = fh.read(settings.MAX_INPUT_BYTES + 1)
    if len(data) > settings.MAX_INPUT_BYTES:  # grew since stat, or a device
        raise InputError(display, _too_large(len(data)))
    if not data.strip():
        raise InputError(display, "empty file" if not data else "empty file (only whitespace)")
    return data


def _decode(data: bytes, display: str) -> str:
    text = decode_bytes(data, display)
    if not text.strip():
        raise InputError(display, "empty file (only whitespace)")
    return text


@reader("text")
def read_text(path: str, display: str) -> Iterator[Record | ReadFailure]:
    yield Record(id=display, text=_decode(_read_bytes(path, display), display), source=display)


@reader("html")
def read_html(path: str, display: str) -> Iterator[Record | ReadFailure]:
    yield Record(id=display, html=_decode(_read_bytes(path, display), display), source=display)


@reader("json")
def read_json(path: str, display: str) -> Iterator[Record | ReadFailure]:
    yield from read_json_text(_decode(_read_bytes(path, display), display), display)


@reader("jsonl")
def read_jsonl(path: str, display: str) -> Iterator[Record | ReadFailure]:
    # Streamed line by line: JSONL corpora may be far larger than MAX_INPUT_BYTES.
    if os.path.getsize(path) == 0:
        raise InputError(display, "empty file")
    with open(path, "rb") as fh:
        yield from read_jsonl_lines(fh, display)


@reader("warc")
def _read_warc(path: str, display: str) -> Iterator[Record | ReadFailure]:
    yield from read_warc(path, display)


@reader("sniff")
def read_unknown(path: str, display: str) -> Iterator[Record | ReadFailure]:
    """A file with an unknown extension: text or HTML if its content is text."""
    from ..api import looks_like_html

    text = _decode(_read_bytes(path, display), display)
    if looks_like_html(text):
        yield Record(id=display, html=text, source=display)
    else:
        yield Record(id=display, text=text, source=display)


_NOT_ARTICLES = ("readme", "license", "licence", "notice", "changelog")


def read_file(path: str, display: str | None = None, *, in_directory: bool = False) -> Iterator[Record | ReadFailure]:
    """Records from one file; every problem becomes a `ReadFailure` naming `display`."""
    display = display or path
    kind = file_kind(path)
    try:
        if kind is None and in_directory and os.path.basename(path).lower().startswith(_NOT_ARTICLES):
            # A folder's README or LICENSE describes the folder; it is not an article.
            LOGGER.info("skipping %s", display)
            return
        if kind is None and in_directory and _is_binary_file(path):
            # Images, PDFs and the like beside the articles of a crawl: not inputs, not errors.
            LOGGER.info("skipping binary file %s", display)
            return
        yield from READERS[kind or "sniff"](path, display)
    except InputError as exc:
        yield ReadFailure(exc.source, exc.reason)
    except OSError as exc:
        yield ReadFailure(display, _os_reason(exc))


def _is_binary_file(path: str) -> bool:
    with open(path, "rb") as fh:
        return is_binary(fh.read(8192))


def _walk(directory: str) -> Iterator[str | ReadFailure]:
    """Files under `directory` (joined from the string as given), sorted, hidden ones skipped."""
    found: list[tuple[tuple[str, ...], str]] = []
    errors: list[ReadFailure] = []

    def on_error(exc: OSError) -> None:
        errors.append(ReadFailure(exc.filename or directory, _os_reason(exc)))

    for root, dirs, files in os.walk(directory, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(root, directory)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in files:
            if not name.startswith("."):
                found.append(((*parts, name), os.path.join(root, name)))
    yield from errors
    for _, path in sorted(found):
        yield path


def read_path(path: str) -> Iterator[Record | ReadFailure]:
    """Records from a file or a directory tree given on the command line."""
    if os.path.isdir(path):
        for item in _walk(path):
            if isinstance(item, ReadFailure):
                yield item
            else:
                yield from read_file(item, in_directory=True)
    elif os.path.exists(path):
        yield from read_file(path)
    elif os.path.lexists(path):
        yield ReadFailure(path, "broken symbolic link")
    else:
        yield ReadFailure(path, "no such file or directory")


def _stdin_bytes(stream: BinaryIO | TextIO) -> bytes:
    limit = settings.MAX_INPUT_BYTES
    source = getattr(stream, "buffer", stream)
    data = source.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise InputError("-", f"input too large (> {_mb(limit)} limit)")
    return data


def read_stdin(stream: BinaryIO | TextIO | None = None) -> Iterator[Record | ReadFailure]:
    """`-`: JSONL records if every non-blank line is a JSON object, a JSON record (or list of
    them) if the whole stream is one, otherwise one raw text or HTML document with id "-"."""
    from ..api import looks_like_html

    try:
        data = _stdin_bytes(stream if stream is not None else sys.stdin)
        if not data.strip():
            raise InputError("-", "empty input")
        text = decode_bytes(data, "-")
    except InputError as exc:
        yield ReadFailure(exc.source, exc.reason)
        return
    except OSError as exc:
        yield ReadFailure("-", _os_reason(exc))
        return

    objects = parse_jsonl_objects(text)
    if objects is not None:
        for number, obj in objects:
            source = f"-:{number}"
            try:
                yield record_from_object(obj, source, source)
            except InputError as exc:
                yield ReadFailure(exc.source, exc.reason)
        return
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict) or (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            yield from records_from_json(value, "-")
            return
    if looks_like_html(text):
        yield Record(id="-", html=text, source="-")
    else:
        yield Record(id="-", text=text, source="-")


__all__ = ["EXTENSIONS", "READERS", "file_kind", "read_file", "read_path", "read_stdin", "reader"]
