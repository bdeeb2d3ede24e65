""""Add articles": pasted text/HTML or uploaded files → records → the pipeline → (optionally)
the store, with one result or one failure per article.

Uploads arrive as bytes and go through the same readers as `marsad ingest` (encoding sniffing,
JSON/JSONL record validation), so a bad file fails here exactly as it would on the command line,
with the file's name and the reason."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..readers.types import InputError, ReadFailure, Record

MAX_FILES = 20
MAX_FILE_BYTES = 5 * 2**20  # per file, decoded
MAX_PASTE_CHARS = 2_000_000
# A whole request (base64 inflates files by 4/3); checked from Content-Length before reading.
MAX_BODY_BYTES = 40 * 2**20
UPLOAD_KINDS = ("text", "html", "json", "jsonl")  # readers.files kinds accepted from the browser
ACCEPT = ".txt,.text,.html,.htm,.xhtml,.json,.jsonl,.ndjson"

_pipeline_lock = threading.Lock()


@dataclass
class Upload:
    name: str
    data: bytes


def display_name(name: str) -> str:
    """The file's own name only: browsers may send a path, and it is only ever shown."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:200] or "unnamed file"


def decode_upload(name: str, content_base64: str) -> Upload:
    """`InputError` naming the file when the content is not base64 or is too large."""
    shown = display_name(name)
    if len(content_base64) > (MAX_FILE_BYTES * 4) // 3 + 8:
        raise InputError(shown, f"file too large (limit {MAX_FILE_BYTES // 2**20} MB)")
    try:
        data = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(shown, "content is not valid base64") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(shown, f"file too large (limit {MAX_FILE_BYTES // 2**20} MB)")
    return Upload(shown, data)


def upload_records(upload: Upload) -> Iterator[Record | ReadFailure]:
    """The records of one uploaded file, by its extension; never raises."""
    from ..readers.encoding import decode_bytes, is_binary
    from ..readers.files import file_kind
    from ..readers.records import read_json_text, read_jsonl_lines

    name, data = upload.name, upload.data
    kind = file_kind(name)
    try:
        if kind not in UPLOAD_KINDS:
            raise InputError(name, "unsupported file type; upload .txt, .html, .json or .jsonl")
        if not data.strip():
            raise InputError(name, "empty file")
        if kind == "jsonl":
            yield from read_jsonl_lines(data.splitlines(keepends=True), name)
            return
        if is_binary(data):
            raise InputError(name, "binary content, not text")
        text = decode_bytes(data, name)
        if not text.strip():
            raise InputError(name, "empty file (only whitespace)")
        if kind == "json":
            yield from read_json_text(text, name)
        else:
            yield Record(id=name, source=name, **{"html" if kind == "html" else "text": text})
    except InputError as exc:
        yield ReadFailure(exc.source, exc.reason)


def pasted_record(text: str, title: str | None = None) -> Record:
    from ..api import looks_like_html

    html = looks_like_html(text)
    return Record(id="pasted", source="pasted text", title=title or None,
                  **{"html" if html else "text": text})


def _unique_id(record: Record) -> Record:
    """Records without a URL are keyed by id; make that id carry the content so two different
    pastes (or two files both called a.txt) are two documents, and the same one is "unchanged"."""
    if not record.url:
        body = record.text if record.text is not None else record.html or ""
        record.id = f"{record.id}#{hashlib.sha256(body.encode('utf-8')).hexdigest()[:12]}"
    return record


def pipeline_for(app) -> Any:
    """The app's pipeline, loaded on first use (loading takes seconds; most sessions never add)."""
    with _pipeline_lock:
        if getattr(app.state, "pipeline", None) is None:
            from ..pipeline import Pipeline

            app.state.pipeline = Pipeline.default()
        return app.state.pipeline


def _event_summary(ev: dict[str, Any]) -> dict[str, Any]:
    loc = ev.get("location") or {}
    return {"type": ev.get("type"), "acled_event_type": ev.get("acled_event_type"),
            "date": ev.get("date"), "location": loc.get("name"), "country": loc.get("country"),
            "actor1": (ev.get("actor1") or {}).get("name"), "actor2": (ev.get("actor2") or {}).get("name"),
            "fatalities": ev.get("fatalities"), "status": ev.get("status"),
            "evidence": (ev.get("evidence") or {}).get("text")}


def add_articles(store, records: list[Record | ReadFailure], *, pipeline, save: bool = True,
                 date: dt.date | None = None, url: str | None = None,
                 outlet: str | None = None) -> dict[str, Any]:
    """Extract every record (overrides fill what a record lacks) and, with `save`, store it the
    way `marsad ingest` does; returns {saved, documents: [...], failures: [{source, reason}]}."""
    from sqlalchemy.orm import Session

    from ..api import extract_records
    from ..store import store_document
    from ..store.ingest import content_hash, document_key, document_pk
    from ..store.review import document_incidents

    failures: list[dict[str, str]] = []
    documents: list[dict[str, Any]] = []
    good = []
    for r in records:
        if isinstance(r, ReadFailure):
            failures.append({"source": r.source, "reason": r.reason})
            continue
        r.date = r.date or (date.isoformat() if date else None)
        r.url = r.url or url
        r.outlet = r.outlet or outlet
        good.append(_unique_id(r))
    for record in good:
        source = record.source or record.id
        key, digest = document_key(record), content_hash(record)
        doc = next(extract_records([record], pipeline=pipeline))
        if isinstance(doc, ReadFailure):
            failures.append({"source": doc.source, "reason": doc.reason})
            continue
        out = {"source": source, "title": doc.title, "url": doc.url, "outlet": doc.outlet,
               "publication_date": doc.publication_date, "language": doc.language,
               "events": [_event_summary(ev) for ev in doc.events], "status": "preview",
               "document_id": None, "incidents": []}
        if save:
            try:
                with Session(store.engine, expire_on_commit=False) as s, s.begin():
                    out["status"], _ = store_document(s, doc, key=key, digest=digest, source=f"web: {source}")
            except Exception as exc:  # one article that cannot be stored must not lose the others
                failures.append({"source": source, "reason": f"storing failed: {type(exc).__name__}: {exc}"})
                continue
            out["document_id"] = document_pk(key)
            out["incidents"] = document_incidents(store, out["document_id"])
        documents.append(out)
    return {"saved": save, "documents": documents, "failures": failures}
