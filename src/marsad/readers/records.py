"""JSON and JSONL article records: `{"id", "text" | "html", "url"?, "date"?, "title"?, "outlet"?}`.

Fields other than these go to `Record.meta`, so a corpus's own columns survive to the output.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from .. import settings
from .encoding import decode_bytes
from .types import InputError, ReadFailure, Record

_METADATA_FIELDS = ("url", "date", "title", "outlet")
_CONTENT_FIELDS = ("text", "html")
_KNOWN_FIELDS = frozenset(("id", *_METADATA_FIELDS, *_CONTENT_FIELDS))


def json_error(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def record_from_object(obj: Any, source: str, default_id: str) -> Record:
    """Validate one decoded JSON value as an article record; `InputError(source, ...)` if it is not one."""
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    raw_id = obj.get("id")
    if raw_id is None or raw_id == "":
        record_id = default_id
    elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
        record_id = str(raw_id)
    else:
        raise InputError(source, f"'id' must be a string or an integer, got {type(raw_id).__name__}")
    label = f"record {record_id!r}"

    content: dict[str, str] = {}
    for name in _CONTENT_FIELDS:
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(source, f"{label}: '{name}' must be a string, got {type(value).__name__}")
        if value.strip():
            content[name] = value
    if not content:
        present = [n for n in _CONTENT_FIELDS if n in obj]
        what = f"empty {' and '.join(repr(p) for p in present)}" if present else "no 'text' or 'html' field"
        raise InputError(source, f"{label}: {what}")

    fields: dict[str, str | None] = {}
    for name in _METADATA_FIELDS:
        value = obj.get(name)
        if value is None or value == "":
            fields[name] = None
        elif isinstance(value, str):
            fields[name] = value.strip()
        else:
            raise InputError(source, f"{label}: '{name}' must be a string, got {type(value).__name__}")
    if fields["date"] is not None:
        try:
            dt.date.fromisoformat(fields["date"][:10])
        except ValueError:
            raise InputError(source, f"{label}: 'date' is not an ISO date (YYYY-MM-DD...): "
                                     f"{fields['date']!r}") from None

    # A record with both keeps the text (already reduced by whoever made it) and drops the HTML.
    text = content.get("text")
    return Record(
        id=record_id,
        text=text,
        html=None if text is not None else content["html"],
        source=source,
        meta={k: v for k, v in obj.items() if k not in _KNOWN_FIELDS},
        **fields,
    )


def records_from_json(value: Any, path: str) -> Iterator[Record | ReadFailure]:
    """A `.json` document: one record object, or a list of them (numbered from 1 in `source`)."""
    if isinstance(value, list):
        if not value:
            yield ReadFailure(path, "no records (empty JSON list)")
        for number, obj in enumerate(value, 1):
            source = f"{path}:record {number}"
            try:
                yield record_from_object(obj, source, f"{path}#{number}")
            except InputError as exc:
                yield ReadFailure(exc.source, exc.reason)
        return
    try:
        yield record_from_object(value, path, path)
    except InputError as exc:
        yield ReadFailure(exc.source, exc.reason)


def read_json_text(text: str, path: str) -> Iterator[Record | ReadFailure]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadFailure(path, json_error(exc))
        return
    yield from records_from_json(value, path)


def jsonl_record(line: bytes | str, source: str, *, first_line: bool) -> Record | ReadFailure | None:
    """One JSON Lines line: a record, a failure naming `source`, or None for a blank line."""
    if isinstance(line, bytes):
        if len(line) > settings.MAX_INPUT_BYTES:
            return ReadFailure(source, f"line too large ({len(line) // 2**20} MB > "
                                       f"{settings.MAX_INPUT_BYTES // 2**20} MB limit)")
        try:
            line = line.decode("utf-8-sig" if first_line else "utf-8")
        except UnicodeDecodeError:
            try:
                line = decode_bytes(line, source)
            except InputError as exc:
                return ReadFailure(source, exc.reason)
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(source, f"invalid JSON: {exc.msg} (column {exc.colno})")
    try:
        return record_from_object(obj, source, source)
    except InputError as exc:
        return ReadFailure(exc.source, exc.reason)


def read_jsonl_lines(lines: Iterable[bytes | str], path: str) -> Iterator[Record | ReadFailure]:
    """JSON Lines, streamed: each bad line is one failure naming `path:line`; the rest go on."""
    seen = False
    number = 0
    for number, line in enumerate(lines, 1):
        item = jsonl_record(line, f"{path}:{number}", first_line=number == 1)
        if item is not None:
            seen = True
            yield item
    if not seen:
        yield ReadFailure(path, "empty file" if number == 0 else "no records (only blank lines)")


def parse_jsonl_objects(text: str) -> list[tuple[int, dict]] | None:
    """The objects of `text` if every non-blank line is a JSON object (and there is one), else None."""
    objects = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            return None
        if not isinstance(obj, dict):
            return None
        objects.append((number, obj))
    return objects or None
