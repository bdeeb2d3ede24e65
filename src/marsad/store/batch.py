"""Batched writes for a single writer fed by many extractors (`marsad.scale`).

A batch is committed in ONE transaction, so it is all-or-nothing like a single document; when
any document of it fails, the batch is rolled back and replayed one document per transaction,
so a bad document costs only itself.  Either way every row key derives from the input, so a
batch that is written twice (a retried task, a re-run after a crash) changes nothing the
second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..document import Document
from .ingest import document_pk, store_document
from .models import StoredDocument


@dataclass(slots=True)
class PendingDocument:
    """A processed document waiting to be stored, with the key and digest of its input record."""

    doc: Document
    key: str
    digest: str
    source: str


@dataclass(slots=True)
class StoreOutcome:
    status: str  # new / updated / unchanged / failed
    events: int = 0
    error: str | None = None


def known_hashes(store, keys: Iterable[str]) -> dict[str, str]:
    """The stored content hash of each key that is in the store (one query)."""
    by_pk = {document_pk(k): k for k in keys}
    if not by_pk:
        return {}
    with store.session() as session:
        rows = session.execute(select(StoredDocument.id, StoredDocument.content_hash)
                               .where(StoredDocument.id.in_(list(by_pk))))
        return {by_pk[pk]: digest for pk, digest in rows}


def store_batch(store, items: Sequence[PendingDocument]) -> list[StoreOutcome]:
    """Store `items` in order: one transaction for the whole batch, or, if that fails, one per
    document.  Returns one outcome per item, in order."""
    if not items:
        return []
    try:
        outcomes = []
        with store.session() as session, session.begin():
            for item in items:
                status, events = store_document(session, item.doc, key=item.key, digest=item.digest,
                                                source=item.source)
                outcomes.append(StoreOutcome(status, events))
        return outcomes
    except Exception:  # replayed one by one below, which names the document that fails
        pass
    outcomes = []
    for item in items:
        try:
            with store.session() as session, session.begin():
                status, events = store_document(session, item.doc, key=item.key, digest=item.digest,
                                                source=item.source)
            outcomes.append(StoreOutcome(status, events))
        except Exception as exc:
            outcomes.append(StoreOutcome("failed", 0, f"storing failed: {type(exc).__name__}: {exc}"))
    return outcomes
