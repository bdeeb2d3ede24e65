"""Distributed ingest on Dask: workers read, filter and extract; one writer stores.

    >>> from marsad.scale import ingest_distributed
    >>> summary = ingest_distributed(["cc-news/"], "postgresql://marsad@db/marsad",
    ...                              scheduler="tcp://scheduler:8786")

Design (see docs/deploy.md):

* **Tasks** come from `partition.plan` in reading order; each is small (tens of records).
* **Backpressure**: at most `max_in_flight` tasks are submitted-or-waiting at once (results
  included), so client, scheduler and worker memory stay bounded whatever the input size.
* **One writer** (this process) stores results strictly in task order, a task's documents in
  one transaction (`store.batch.store_batch`).  Incident merging runs inside the writer, after
  the distributed stage, in the same order as a single process would, so the database is the
  same as `marsad.store.ingest` gives (merging is order-dependent by design: an incident is
  named after its first mention).  A single writer also sidesteps SQLite's one-writer limit.
* **Exactly once**: workers never write.  A task lost with its worker is recomputed by Dask
  (same input, same result), and the writer consumes each task's result once; the store's
  idempotency by URL and content hash covers the rest (a re-run after the client itself dies
  skips what was committed).
"""

from __future__ import annotations

import itertools
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ..readers.types import ReadFailure
from ..store.batch import PendingDocument, store_batch
from ..store.ingest import IngestSummary
from .partition import FILES_PER_TASK, LINES_PER_TASK, RECORDS_PER_TASK, describe, plan
from .warcstream import index_warc
from .work import PipelineFactory, TaskOptions, date_option, extract_one, process_task

LOGGER = logging.getLogger(__name__)

DEFAULT_LANGUAGES = frozenset({"ar", "en"})


@dataclass
class ScaleSummary(IngestSummary):
    skipped: int = 0  # dropped by the early language filter
    tasks: int = 0
    failed_tasks: int = 0  # tasks Dask gave up on (e.g. a record that kills every worker)
    workers: int = 0
    write_seconds: float = 0.0  # the single writer's busy time (storing + incident merging)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["documents"]["skipped_language"] = self.skipped
        out.update(tasks=self.tasks, failed_tasks=self.failed_tasks, workers=self.workers,
                   write_seconds=round(self.write_seconds, 3))
        return out


def worker_url(store) -> str:
    """The store's URL with its password, for workers to connect with."""
    return store.engine.url.render_as_string(hide_password=False)


def start_client(workers: int | None = None, scheduler: str | None = None, *, memory_limit: str = "auto",
                 dashboard: bool = True):
    """A client to the cluster at `scheduler`, or to a new LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           memory_limit=memory_limit, dashboard_address=":8787" if dashboard else None)
    return Client(cluster)


def close_client(client) -> None:
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


def ingest_distributed(paths: Iterable[str | os.PathLike], db=None, *, client=None, workers: int | None = None,
                       scheduler: str | None = None, pipeline: PipelineFactory | None = None, date=None,
                       url: str | None = None, outlet: str | None = None,
                       languages: Iterable[str] | None = DEFAULT_LANGUAGES, skip_known: bool = True,
                       files_per_task: int = FILES_PER_TASK, lines_per_task: int = LINES_PER_TASK,
                       records_per_task: int = RECORDS_PER_TASK, max_in_flight: int | None = None,
                       on_item: Callable[[str, str], None] | None = None,
                       on_task: Callable[[int], None] | None = None) -> ScaleSummary:
    """Ingest `paths` into `db` with a Dask cluster (`client`, or one started from `scheduler`
    or as a LocalCluster of `workers` processes).  `pipeline` is a picklable zero-argument
    factory run once per worker (default: the default pipeline).  `languages=None` keeps every
    language.  `on_item(source, status)` as in `marsad.store.ingest` (plus status "skipped");
    `on_task(n_written)` after each task."""
    from ..store import Store

    owned_store = not isinstance(db, Store)
    store = Store.open(db) if owned_store else db
    owned_client = client is None
    if owned_client:
        client = start_client(workers, scheduler)
    try:
        options = TaskOptions(db_url=worker_url(store) if skip_known else None,
                              languages=frozenset(languages) if languages else None,
                              date=date_option(date), url=url, outlet=outlet, pipeline=pipeline)
        writer = _Writer(store, options, on_item)
        nthreads = sum(client.nthreads().values()) or 1
        writer.summary.workers = len(client.nthreads())
        limit = max_in_flight or max(4, 3 * nthreads)
        _run(client, [os.fspath(p) for p in paths], options, writer, limit, on_task,
             dict(files_per_task=files_per_task, lines_per_task=lines_per_task, records_per_task=records_per_task))
        with store.session() as session:
            from ..store.models import Incident

            writer.summary.incidents = session.execute(select(func.count()).select_from(Incident)).scalar_one()
        return writer.summary
    finally:
        if owned_client:
            close_client(client)
        if owned_store:
            store.engine.dispose()


def _run(client, paths, options, writer, limit, on_task, sizes) -> None:
    from distributed import as_completed

    run = uuid.uuid4().hex[:8]

    def remote_index(path: str, display: str, n: int):
        # The index pass streams a whole WARC: a worker's job, not the client's.
        return client.submit(index_warc, path, display, n, key=f"marsad-index-{run}-{path}", pure=False).result()

    tasks = plan(paths, indexer=remote_index, **sizes)
    seq = itertools.count()
    pending: dict[str, tuple[int, Any]] = {}  # future key -> (seq, task)
    ready: dict[int, list] = {}  # results waiting for an earlier task to be written
    next_seq, exhausted = 0, False
    finished = as_completed()
    while True:
        while not exhausted and len(pending) + len(ready) < limit:
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            n = next(seq)
            if isinstance(task, ReadFailure):
                ready[n] = [("failed", task)]
                continue
            future = client.submit(process_task, task, options, key=f"marsad-task-{run}-{n}", pure=False)
            pending[future.key] = (n, task)
            finished.add(future)
        while next_seq in ready:
            started = time.perf_counter()
            writer.write(ready.pop(next_seq))
            writer.summary.write_seconds += time.perf_counter() - started
            next_seq += 1
            writer.summary.tasks += 1
            if on_task is not None:
                on_task(writer.summary.tasks)
        if exhausted and not pending and not ready:
            return
        if pending:
            future = next(finished)
            if future.key not in pending:  # already consumed (a recomputed result announced twice)
                continue
            n, task = pending.pop(future.key)
            try:
                ready[n] = future.result()
            except Exception as exc:  # KilledWorker after repeated losses, or a bug in a task
                writer.summary.failed_tasks += 1
                ready[n] = [("failed", ReadFailure(describe(task), f"task failed: {type(exc).__name__}: {exc}"))]
            future.release()


class _Writer:
    """Stores task results in order and keeps the summary."""

    def __init__(self, store, options: TaskOptions, on_item):
        self.store, self.options, self.on_item = store, options, on_item
        self.summary = ScaleSummary()

    def _count(self, source: str, status: str, failure: ReadFailure | None = None) -> None:
        if failure is not None:
            self.summary.failures.append(failure)
        if status == "skipped":
            self.summary.skipped += 1
        else:
            setattr(self.summary, status, getattr(self.summary, status) + 1)
        if self.on_item is not None:
            self.on_item(source, status)

    def write(self, entries: list) -> None:
        batch: list[PendingDocument] = []
        for entry in entries:
            if entry[0] == "doc":
                batch.append(entry[1])
                continue
            self._flush(batch)
            if entry[0] == "failed":
                self._count(entry[1].source, "failed", entry[1])
            elif entry[0] == "skipped":
                self._count(entry[1], "skipped")
            else:
                self._known(*entry[1:])
        self._flush(batch)

    def _flush(self, batch: list[PendingDocument]) -> None:
        for item, outcome in zip(batch, store_batch(self.store, batch)):
            failure = ReadFailure(item.source, outcome.error) if outcome.error else None
            self.summary.events += outcome.events
            self._count(item.source, outcome.status, failure)
        batch.clear()

    def _known(self, key: str, digest: str, source: str, record) -> None:
        from ..store.batch import known_hashes

        if known_hashes(self.store, [key]).get(key) == digest:
            self._count(source, "unchanged")
            return
        # Replaced earlier in this run since the worker looked: extract here, in order.
        doc = extract_one(record, self.options)
        if isinstance(doc, ReadFailure):
            self._count(doc.source, "failed", doc)
        else:
            self._flush([PendingDocument(doc, key, digest, source)])
