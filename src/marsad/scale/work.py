"""What a worker does with one task: read, filter by language, skip what the store already
has, extract.  Pure with respect to the store (it only reads it), so a task lost with its
worker can be run again anywhere with the same result: workers never write, the single
writer in `executor` does.

A task's result is a list of entries, in reading order:

* `("doc", PendingDocument)`: extracted, to be stored;
* `("known", key, digest, source, Record)`: the store had this content when the worker
  looked; the writer checks again when its turn comes (an earlier record of the same run
  may have replaced it) and extracts it then if needed;
* `("skipped", source, language)`: dropped by the language filter;
* `("failed", ReadFailure)`: unreadable or failed extraction; counted, never fatal.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..readers.types import ReadFailure, Record
from ..store.batch import PendingDocument, known_hashes
from ..store.ingest import content_hash, document_key
from .langfilter import keep
from .partition import Task, read_task

LOGGER = logging.getLogger(__name__)

PipelineFactory = Callable[[], Any]


@dataclass(frozen=True, slots=True)
class TaskOptions:
    db_url: str | None = None  # read to skip unchanged inputs; None: extract everything
    languages: frozenset[str] | None = frozenset({"ar", "en"})
    date: str | None = None
    url: str | None = None
    outlet: str | None = None
    pipeline: PipelineFactory | None = None  # None: the default pipeline


# Per worker process: one pipeline (its indexes take a second to load) and one engine per store.
_PIPELINES: dict[str, Any] = {}
_STORES: dict[str, Any] = {}


def _pipeline(factory: PipelineFactory | None):
    name = "default" if factory is None else f"{factory.__module__}.{factory.__qualname__}"
    if name not in _PIPELINES:
        if factory is None:
            from ..pipeline import default_pipeline

            _PIPELINES[name] = default_pipeline()
        else:
            _PIPELINES[name] = factory()
    return _PIPELINES[name]


def _known(db_url: str | None, keys: list[str]) -> dict[str, str]:
    if not db_url or not keys:
        return {}
    try:
        if db_url not in _STORES:
            from ..store import Store

            _STORES[db_url] = Store.open(db_url, upgrade=False)
        return known_hashes(_STORES[db_url], keys)
    except Exception as exc:  # an unreachable store only costs re-extraction; the writer decides
        LOGGER.warning("cannot read the store to skip unchanged inputs: %s", exc)
        return {}


def apply_overrides(record: Record, options: TaskOptions) -> Record:
    record.date = record.date or options.date
    record.url = record.url or options.url
    record.outlet = record.outlet or options.outlet
    return record


def extract_one(record: Record, options: TaskOptions) -> Any:
    """The processed Document, or a ReadFailure naming the record."""
    from ..api import extract_records

    return next(extract_records([record], pipeline=_pipeline(options.pipeline)))


def process_task(task: Task, options: TaskOptions) -> list[tuple]:
    entries: list[list] = []
    for item in read_task(task):
        if isinstance(item, ReadFailure):
            entries.append(["failed", item])
            continue
        record = apply_overrides(item, options)
        source = record.source or record.id
        try:
            kept, lang = keep(record, options.languages)
        except Exception as exc:  # the filter must never lose a record: let the pipeline judge it
            LOGGER.warning("%s: language filter failed (%s); keeping the record", source, exc)
            kept, lang = True, ""
        if not kept:
            entries.append(["skipped", source, lang])
            continue
        entries.append(["record", record, document_key(record), content_hash(record), source])
    known = _known(options.db_url, [e[2] for e in entries if e[0] == "record"])
    out: list[tuple] = []
    for entry in entries:
        if entry[0] != "record":
            out.append(tuple(entry))
            continue
        _, record, key, digest, source = entry
        if known.get(key) == digest:
            out.append(("known", key, digest, source, record))
            continue
        doc = extract_one(record, options)
        if isinstance(doc, ReadFailure):
            out.append(("failed", doc))
        else:
            out.append(("doc", PendingDocument(doc, key, digest, source)))
    return out


def date_option(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value
