"""`marsad bench scale`: distributed ingest of a generated WARC corpus on a LocalCluster with 1
and then 2 worker processes -- pages/s, scaling efficiency, where the time goes -- and a
projection for a month of CC-NEWS on a 32-node cluster, with its assumptions spelled out.

The corpus is the project's own generated Arabic HTML articles (`bench.corpus`) mixed with
generated Latin-script pages in other languages, which the early language filter drops.
Each run starts from an empty SQLite store; workers are warmed up (pipeline loaded) before
the clock starts, as they would be on a long-running cluster.
"""

from __future__ import annotations

import io
import os
import random
import tempfile
import time
from typing import Any

from .corpus import html_articles

OTHER_WORDS = ["el", "la", "los", "gobierno", "ciudad", "consejo", "municipal", "aprobó", "presupuesto", "ayer",
               "der", "die", "Stadtrat", "hat", "gestern", "Haushalt", "beschlossen", "nach", "langer", "Debatte"]

# CC-NEWS (assumptions, stated in the report): records per month, share of Arabic+English
# pages, nodes and worker processes per node.
CCNEWS = {"records_per_month": 15_000_000, "kept_share": 0.45, "nodes": 32, "workers_per_node": 16}


def other_page(rng: random.Random) -> str:
    paras = "".join("<p>" + " ".join(rng.choice(OTHER_WORDS) for _ in range(60)) + ".</p>" for _ in range(12))
    return f"<!DOCTYPE html><html lang='es'><head><title>Noticias</title></head><body>{paras}</body></html>"


def write_corpus(path: str, n_pages: int, other_share: float = 0.25, seed: int = 11) -> dict[str, int]:
    """A gzipped WARC of `n_pages` responses; returns how many are Arabic and other."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    n_other = int(n_pages * other_share)
    arabic = html_articles(n_pages - n_other, seed)
    pages = [("ar", html) for html in arabic] + [("other", other_page(rng)) for _ in range(n_other)]
    rng.shuffle(pages)
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (_, html) in enumerate(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://bench.example.org/{i}", "response",
                                                          payload=io.BytesIO(html.encode()), http_headers=http))
    return {"pages": n_pages, "arabic": n_pages - n_other, "other": n_other}


def _warm():
    from ..pipeline import default_pipeline
    from ..api import extract
    from .corpus import plain_articles

    extract(plain_articles(1)[0], date="2024-03-01", pipeline=default_pipeline())
    return os.getpid()


def _extract_only(client, warc: str, records_per_task: int) -> float:
    """Seconds for the distributed stage alone (read, filter, extract; results gathered, not stored)."""
    from distributed import wait

    from ..scale.partition import plan
    from ..scale.work import TaskOptions, process_task

    tasks = list(plan([warc], records_per_task=records_per_task))
    t0 = time.perf_counter()
    futures = client.map(process_task, tasks, options=TaskOptions(), pure=False)
    wait(futures)
    seconds = time.perf_counter() - t0
    client.cancel(futures)
    return seconds


def _run(n_workers: int, warc: str, tmp: str, records_per_task: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from ..scale import ingest_distributed

    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, memory_limit="1.5GiB",
                           dashboard_address=None)
    client = Client(cluster)
    try:
        client.wait_for_workers(n_workers, timeout=120)
        client.run(_warm)
        db = f"sqlite:///{os.path.join(tmp, f'scale{n_workers}.db')}"
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        summary = ingest_distributed([warc], db, client=client, records_per_task=records_per_task)
        seconds = time.perf_counter() - t0
        extract_seconds = _extract_only(client, warc, records_per_task)
    finally:
        client.close()
        cluster.close()
    pages = summary.documents + summary.skipped
    return {"workers": n_workers, "seconds": round(seconds, 2), "pages": pages,
            "pages_per_s": round(pages / seconds, 1), "stored": summary.new, "skipped_language": summary.skipped,
            "failed": summary.failed, "writer_busy_share": round(summary.write_seconds / seconds, 2),
            "load_avg_1min_before": round(load, 2),
            "workers_only_pages_per_s": round(pages / extract_seconds, 1)}


def _filter_cost(n: int = 300) -> dict[str, float]:
    """Per-page cost of the early filter on a dropped page and of full processing of a kept one."""
    from ..api import extract_records
    from ..pipeline import default_pipeline
    from ..readers.types import Record
    from ..scale.langfilter import keep

    rng = random.Random(3)
    others = [Record(id=str(i), html=other_page(rng)) for i in range(n)]
    t = time.perf_counter()
    for r in others:
        keep(r, {"ar", "en"})
    drop_ms = 1000 * (time.perf_counter() - t) / n
    nlp = default_pipeline()
    arabic = [Record(id=str(i), html=h, date="2024-03-01") for i, h in enumerate(html_articles(n // 3 + 1, 5))]
    list(extract_records(arabic[:1], pipeline=nlp))
    t = time.perf_counter()
    docs = list(extract_records(arabic[1:], pipeline=nlp))
    extract_ms = 1000 * (time.perf_counter() - t) / len(docs)
    return {"filter_ms_per_dropped_page": round(drop_ms, 3), "extract_ms_per_kept_page": round(extract_ms, 2),
            "writer_ms_per_doc_sqlite": round(_writer_ms(docs), 2)}


def _writer_ms(docs) -> float:
    """The single writer alone (no workers competing for the CPU): ms per document into SQLite."""
    from ..store import Store
    from ..store.batch import PendingDocument, store_batch

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{os.path.join(tmp, 'writer.db')}")
        items = [PendingDocument(d, f"https://w.example/{i}", str(i), str(i)) for i, d in enumerate(docs)]
        t = time.perf_counter()
        for i in range(0, len(items), 25):
            store_batch(store, items[i:i + 25])
        seconds = time.perf_counter() - t
        store.engine.dispose()
    return 1000 * seconds / len(items)


def project(costs: dict[str, float], writer_docs_per_s: float, efficiency: float,
            assumptions: dict[str, Any] = CCNEWS) -> dict[str, Any]:
    n = assumptions["records_per_month"]
    kept = n * assumptions["kept_share"]
    cores = assumptions["nodes"] * assumptions["workers_per_node"]
    cpu_s = (n - kept) * costs["filter_ms_per_dropped_page"] / 1000 + kept * costs["extract_ms_per_kept_page"] / 1000
    workers_h = cpu_s / (cores * efficiency) / 3600
    writer_h = kept / writer_docs_per_s / 3600 if writer_docs_per_s else None
    return {"assumptions": dict(assumptions, parallel_efficiency=round(efficiency, 2)),
            "worker_cpu_hours": round(cpu_s / 3600, 1), "extraction_wall_hours": round(workers_h, 2),
            "single_writer_docs_per_s": round(writer_docs_per_s, 1),
            "single_writer_wall_hours": round(writer_h, 1) if writer_h else None,
            "wall_hours": round(max(workers_h, writer_h or 0), 1),
            "bottleneck": "single writer (storing + incident merging)" if (writer_h or 0) > workers_h else "workers"}


def run_scale_bench(n_pages: int = 400, records_per_task: int = 25) -> dict[str, Any]:
    from ..kb.gazetteer import compile_gazetteer

    compile_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        warc = os.path.join(tmp, "bench.warc.gz")
        corpus = write_corpus(warc, n_pages)
        runs = [_run(n, warc, tmp, records_per_task) for n in (1, 2)]
    speedup = runs[1]["pages_per_s"] / runs[0]["pages_per_s"]
    costs = _filter_cost()
    writer_rate = 1000 / costs["writer_ms_per_doc_sqlite"]
    workers_speedup = runs[1]["workers_only_pages_per_s"] / runs[0]["workers_only_pages_per_s"]
    return {"workers_only_speedup_1_to_2": round(workers_speedup, 2),"corpus": corpus, "cpus": os.cpu_count(), "run_1_worker": runs[0], "run_2_workers": runs[1],
            "speedup_1_to_2": round(speedup, 2), "scaling_efficiency": round(speedup / 2, 2),
            "costs": costs, "ccnews_month_32_nodes": project(costs, writer_rate, min(1.0, workers_speedup / 2))}
