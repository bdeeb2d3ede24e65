"""Ingest: read inputs, extract, store each document in its own transaction, merge incidents.

Idempotent and resumable by construction: a document's key is its URL (or its input id when
it has none) and its content hash covers everything extraction reads, so an unchanged input is
skipped before extraction; every document is written, with its incident assignments, in ONE
transaction, and all row keys are derived from the input.  A run killed at any point therefore
leaves whole documents only, and a re-run skips them and finishes exactly as an uninterrupted
run would have.

Speed: a document's rows go in as one multi-row INSERT per table through SQLAlchemy Core
(statements built once, compiled once), the incident merge reads only what its blocking index
returns, and the whole run uses one connection -- about ten statements per document.  SQLite
runs in WAL mode with synchronous=NORMAL, and PostgreSQL document transactions commit
without waiting for the WAL flush (`synchronous_commit=off`, for them only): either way a
crash can lose the last whole documents, never part of one, and a re-run restores them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ..document import Document
from ..readers.types import ReadFailure, Record
from . import incidents as incident_merge
from .models import (DocumentSearch, DocumentVersion, EventMention, Incident, RemovedText, StoredDocument,
                     StoredEntity, StoredQuote, StoredSentence, document_search_text)

_ENTITY_KEYS = {"label", "text", "start", "end", "kb_id", "name", "name_ar"}
_QUOTE_KEYS = {"speaker", "text", "start", "end", "verb"}


@dataclass
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0  # event mentions stored by this run
    incidents: int = 0  # incidents in the store after the run
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.updated + self.unchanged + self.failed

    def to_dict(self) -> dict[str, Any]:
        return {"documents": {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                              "failed": self.failed},
                "events": self.events, "incidents": self.incidents,
                "failures": [str(f) for f in self.failures]}


def document_key(record: Record) -> str:
    return record.url or record.id


def document_pk(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24]


def content_hash(record: Record) -> str:
    """Hash of everything extraction reads from a record (body and metadata)."""
    payload = json.dumps([record.text, record.html, record.url, record.date, record.title, record.outlet],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _date(value) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat()
                                 if hasattr(v, "isoformat") else str(v)))


def _mention(doc_pk: str, idx: int, ev: dict[str, Any]) -> dict[str, Any]:
    """The `event_mentions` row for one (JSON-safe) event record."""
    a1, a2 = ev.get("actor1") or {}, ev.get("actor2") or {}
    loc, evidence = ev.get("location") or {}, ev.get("evidence") or {}
    event_id = str(ev.get("id") or f"e{idx}")
    etype = ev.get("type") or "other"
    return dict(
        id=f"{doc_pk}:{event_id}"[:64], document_id=doc_pk, idx=idx, event_id=event_id, type=etype,
        family=incident_merge.family_of(etype),
        plover_type=ev.get("plover_type"), plover_mode=ev.get("plover_mode"),
        acled_event_type=ev.get("acled_event_type"), acled_sub_event_type=ev.get("acled_sub_event_type"),
        actor1_id=a1.get("id"), actor1_name=a1.get("name"), actor1_inter=a1.get("inter"),
        actor2_id=a2.get("id"), actor2_name=a2.get("name"), actor2_inter=a2.get("inter"),
        location_name=loc.get("name"), admin1=loc.get("admin1"), admin2=loc.get("admin2"),
        country=loc.get("country"), iso2=loc.get("iso2"), lat=loc.get("lat"), lon=loc.get("lon"),
        geonameid=loc.get("geonameid"), geo_precision=loc.get("geo_precision"), where_prec=loc.get("where_prec"),
        date=_date(ev.get("date")), date_end=_date(ev.get("date_end")), time_precision=ev.get("time_precision"),
        date_text=ev.get("date_text"), fatalities=ev.get("fatalities"), injured=ev.get("injured"),
        arrested=ev.get("arrested"), source=ev.get("source"), source_text=ev.get("source_text"),
        evidence_text=evidence.get("text"), evidence_start=evidence.get("start"), evidence_end=evidence.get("end"),
        confidence=ev.get("confidence"), status=ev.get("status"), record=ev,
    )


def document_record(stored: StoredDocument) -> dict[str, Any]:
    """The stored document back in the output contract's shape (`Document.to_dict()`)."""
    return {
        "doc": {"id": stored.record_id, "url": stored.url, "title": stored.title, "outlet": stored.outlet,
                "publication_date": stored.publication_date.isoformat() if stored.publication_date else None,
                "language": stored.language, "text": stored.text, "segments": stored.segments,
                "removed": [{"text": r.text, "reason": r.reason, "raw_start": r.raw_start, "raw_end": r.raw_end,
                             "clean_offset": r.clean_offset} for r in stored.removed]},
        "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in stored.sentences],
        "entities": [{"label": e.label, "text": e.text, "start": e.start, "end": e.end, "kb_id": e.kb_id,
                      "name": e.name, "name_ar": e.name_ar, **e.attrs} for e in stored.entities],
        "quotes": [{"speaker": q.speaker, "text": q.text, "start": q.start, "end": q.end, "verb": q.verb, **q.attrs}
                   for q in stored.quotes],
        "events": [m.record for m in stored.mentions],
    }


_TABLES = {name: model.__table__ for name, model in (
    ("documents", StoredDocument), ("versions", DocumentVersion), ("removed", RemovedText),
    ("sentences", StoredSentence), ("entities", StoredEntity), ("quotes", StoredQuote), ("mentions", EventMention))}


_INSERTS = {name: insert(table) for name, table in _TABLES.items()}
_SEARCH = DocumentSearch.__table__
_INSERT_SEARCH = insert(_SEARCH)
_DELETE_SEARCH = delete(_SEARCH).where(_SEARCH.c.document_id == bindparam("pk"))
_Q_HASH = select(_TABLES["documents"].c.content_hash).where(_TABLES["documents"].c.id == bindparam("pk"))


def _document_values(doc: Document, data: dict[str, Any]) -> dict[str, Any]:
    return {"url": doc.url, "title": doc.title, "outlet": doc.outlet, "publication_date": doc.publication_date,
            "language": doc.language, "text": doc.text, "segments": data["doc"]["segments"],
            "meta": _json_safe({k: v for k, v in doc.meta.items() if k != "html_metadata"})}


def _child_rows(pk: str, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows of the document's child tables, keyed as `_TABLES`."""
    rows: dict[str, list[dict[str, Any]]] = {
        "removed": [{"document_id": pk, "idx": i, "text": r["text"], "reason": r["reason"],
                     "raw_start": r["raw_start"], "raw_end": r["raw_end"], "clean_offset": r["clean_offset"]}
                    for i, r in enumerate(data["doc"]["removed"])],
        "sentences": [{"document_id": pk, "idx": i, "start": x["start"], "end": x["end"], "text": x["text"]}
                      for i, x in enumerate(data["sentences"])],
        "entities": [{"document_id": pk, "idx": i, "label": e["label"], "start": e["start"], "end": e["end"],
                      "text": e.get("text") or "", "kb_id": e.get("kb_id"), "name": e.get("name"),
                      "name_ar": e.get("name_ar"), "attrs": {k: v for k, v in e.items() if k not in _ENTITY_KEYS}}
                     for i, e in enumerate(data["entities"])],
        "quotes": [{"document_id": pk, "idx": i, "speaker": q.get("speaker"),
                    "speaker_name": (q.get("speaker") or {}).get("name"), "text": q.get("text") or "",
                    "start": q.get("start") or 0, "end": q.get("end") or 0, "verb": q.get("verb"),
                    "attrs": {k: v for k, v in q.items() if k not in _QUOTE_KEYS}}
                   for i, q in enumerate(data["quotes"])],
    }
    seen: set[str] = set()
    mentions = []
    for i, ev in enumerate(data["events"]):
        m = _mention(pk, i, ev)
        if m["id"] in seen:  # an extractor repeating an id must not break the document's transaction
            m["id"], m["event_id"] = f"{m['id'][:58]}:{i}", f"{m['event_id']}:{i}"
        seen.add(m["id"])
        mentions.append(m)
    rows["mentions"] = mentions
    return rows


def _replace_old_version(session: Session, pk: str, now: dt.datetime) -> int:
    """Move the stored version of document `pk` to history and delete its rows and mentions
    (their incidents re-merge without them); returns the old version number."""
    stored = session.get(StoredDocument, pk)
    session.execute(insert(_TABLES["versions"]), [{
        "document_id": pk, "version": stored.version, "content_hash": stored.content_hash, "url": stored.url,
        "title": stored.title, "publication_date": stored.publication_date,
        "record": _json_safe(document_record(stored)), "ingested_at": stored.ingested_at, "replaced_at": now}])
    version = stored.version
    old_mentions = [m.id for m in stored.mentions]
    session.expunge(stored)  # its rows change below, behind the ORM's back
    incident_merge.detach(session, old_mentions)
    for name in ("removed", "sentences", "entities", "quotes", "mentions"):
        table = _TABLES[name]
        session.execute(delete(table).where(table.c.document_id == pk))
    return version


def store_document(session: Session, doc: Document, *, key: str | None = None, digest: str | None = None,
                   source: str | None = None) -> tuple[str, int]:
    """Write one processed document (caller owns the transaction); returns (status, events).

    status is "new", "updated" (a changed version of a stored key: the previous version moves to
    `document_versions`, its mentions are replaced) or "unchanged".  Rows go in as one
    multi-row INSERT per table and the mentions are merged into incidents straight away."""
    data = _json_safe(doc.to_dict())
    key = key or doc.url or doc.id
    digest = digest or hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True)
                                      .encode("utf-8")).hexdigest()
    pk = document_pk(key)
    docs = _TABLES["documents"]
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # PostgreSQL's counterpart of SQLite's WAL + synchronous=NORMAL, for this transaction only:
        # the commit returns before its WAL record is flushed.  A crash of the *server* may then
        # lose the last documents (never half of one); they are simply absent, so a re-run
        # ingests them again and ends with the same database.  A killed client loses nothing.
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    known = conn.execute(_Q_HASH, {"pk": pk}).first()
    if known is not None and known[0] == digest:
        return "unchanged", 0
    now = _now()
    values = _document_values(doc, data)
    if known is None:
        status = "new"
        conn.execute(_INSERTS["documents"], [{"id": pk, "key": key, "record_id": doc.id, "source": source,
                                        "content_hash": digest, "version": 1, "ingested_at": now, **values}])
    else:
        status = "updated"
        version = _replace_old_version(session, pk, now)
        session.execute(update(docs).where(docs.c.id == pk).values(
            record_id=doc.id, source=source, content_hash=digest, version=version + 1, ingested_at=now, **values))
    # The text search's copy of the article in matching form (migration 0003).
    conn.execute(_DELETE_SEARCH, {"pk": pk})
    conn.execute(_INSERT_SEARCH, [{"document_id": pk, "body": document_search_text(doc.title, doc.text)}])
    rows = _child_rows(pk, data)
    for name, table_rows in rows.items():
        if table_rows:
            conn.execute(_INSERTS[name], table_rows)
    merge_rows = [incident_merge.MentionRow(m, record=m["record"], pub=doc.publication_date, outlet=doc.outlet)
                  for m in rows["mentions"]]
    incident_merge.assign(session, merge_rows, check_linked=False)
    return status, len(rows["mentions"])


def _apply_overrides(record: Record, date, url, outlet) -> Record:
    record.date = record.date or (date.isoformat() if isinstance(date, dt.date) else date)
    record.url = record.url or url
    record.outlet = record.outlet or outlet
    return record


def ingest(paths: Iterable[str | os.PathLike], db=None, *, pipeline=None, date=None, url=None, outlet=None,
           on_item: Callable[[str, str], None] | None = None) -> IngestSummary:
    """Ingest files/directories (anything `marsad.readers.read_inputs` reads) into the store `db`
    (URL, path, `Store`, or None for the default).  `on_item(source, status)` is called once per
    input with status new/updated/unchanged/failed."""
    from . import Store

    owned = not isinstance(db, Store)
    store = Store.open(db) if owned else db
    try:
        return _ingest(store, paths, pipeline, date, url, outlet, on_item)
    finally:
        if owned:
            store.engine.dispose()


def _ingest(store, paths, pipeline, date, url, outlet, on_item) -> IngestSummary:
    from ..api import extract_records
    from ..pipeline import Pipeline
    from ..readers import read_inputs

    summary = IngestSummary()
    nlp = pipeline
    # One connection for the whole run (a pool checkout per document cost a PostgreSQL ping each);
    # every document is still its own transaction on it, and no transaction stays open while
    # a document is being extracted.  The "already stored?" look-ups use a second connection in
    # autocommit mode: one round trip each, no BEGIN/ROLLBACK around them.
    conn = store.engine.connect()
    probe = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        for item in read_inputs([os.fspath(p) for p in paths]):
            status = "failed"
            source = item.source if isinstance(item, ReadFailure) else (item.source or item.id)
            if isinstance(item, ReadFailure):
                summary.failures.append(item)
            else:
                record = _apply_overrides(item, date, url, outlet)
                key, digest = document_key(record), content_hash(record)
                try:
                    known = probe.execute(_Q_HASH, {"pk": document_pk(key)}).scalar()
                    if known == digest:
                        status = "unchanged"
                    else:
                        if nlp is None:
                            nlp = Pipeline.default().warm()
                        doc = next(extract_records([record], pipeline=nlp))
                        if isinstance(doc, ReadFailure):
                            summary.failures.append(doc)
                        else:
                            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                                status, events = store_document(session, doc, key=key, digest=digest,
                                                                source=source)
                            summary.events += events
                except Exception as exc:  # a store error for one input must not stop the batch
                    status = "failed"
                    summary.failures.append(ReadFailure(source, f"storing failed: {type(exc).__name__}: {exc}"))
                    if conn.in_transaction():
                        conn.rollback()
                    if conn.invalidated or conn.closed:  # a lost server: reconnect for the next input
                        conn.close()
                        conn = store.engine.connect()
                    if probe.invalidated or probe.closed:
                        probe.close()
                        probe = store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if status == "failed":
                summary.failed += 1
            else:
                setattr(summary, status, getattr(summary, status) + 1)
            if on_item is not None:
                on_item(source, status)
    finally:
        conn.close()
        probe.close()
    with store.session() as session:
        summary.incidents = session.execute(select(func.count()).select_from(Incident)).scalar_one()
    return summary
