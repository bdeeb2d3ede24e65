"""`marsad bench kb`: how long the knowledge base takes to load from the warm cache, how much
memory it holds, and how fast the one-pass matcher (`entities.annotate`) runs over articles
whose tokens are already computed -- the KB stage alone, on one core."""

from __future__ import annotations

import time
from typing import Any

from .corpus import plain_articles
from .runner import isolated, peak_rss_mb

TEXT_LAYER = ["clean", "language", "sentences", "tokens"]
TARGETS = {"match_docs_per_s_min": 1000, "load_seconds_max": 1.5, "rss_after_load_mb_max": 400}
WARMUP_DOCS = 5
BATCH = 100


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)


def _measure(n_docs: int, seed: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    from ..kb import entities
    from ..kb.actors import load_actors
    from ..kb.gazetteer import load_gazetteer

    t_import = time.perf_counter()
    rss_before = _rss_mb()
    load_actors()
    t_actors = time.perf_counter()
    load_gazetteer()
    t_gazetteer = time.perf_counter()
    kb = entities.load_kb()
    t_kb = time.perf_counter()
    rss_after = _rss_mb()
    load = {
        "seconds": round(t_kb - t_import, 3),
        "actors_seconds": round(t_actors - t_import, 3),
        "gazetteer_seconds": round(t_gazetteer - t_actors, 3),
        "matcher_seconds": round(t_kb - t_gazetteer, 3),
        "imports_seconds": round(t_import - t0, 3),
        "matcher_names": len(kb.matcher),
        "rss_before_mb": rss_before,
        "rss_after_mb": rss_after,
    }

    from ..api import record_to_document
    from ..pipeline import Pipeline
    from ..readers.types import Record

    text_layer = Pipeline.from_names(TEXT_LAYER)

    def prepared(texts: list[str]) -> list:
        return [text_layer(record_to_document(Record(id=f"b{i}", text=t, source=f"b{i}")))
                for i, t in enumerate(texts)]

    for doc in prepared(plain_articles(WARMUP_DOCS, seed + 1)):  # first calls load the cue list etc.
        entities.annotate(doc, kb)
    texts = plain_articles(n_docs, seed)
    n = chars = found = 0
    seconds = 0.0
    # Tokenised in batches, so peak memory is the KB's, not that of a corpus held in memory.
    for b in range(0, len(texts), BATCH):
        docs = prepared(texts[b:b + BATCH])
        found -= sum(len(d.spans) for d in docs)
        t = time.perf_counter()
        for doc in docs:
            entities.annotate(doc, kb)
        seconds += time.perf_counter() - t
        n += len(docs)
        chars += sum(len(d.text) for d in docs)
        found += sum(len(d.spans) for d in docs)
    matching = {
        "docs": n,
        "avg_chars": round(chars / max(n, 1)),
        "seconds": round(seconds, 3),
        "docs_per_s": round(n / seconds, 1) if seconds else None,
        "mentions_per_doc": round(found / max(n, 1), 1),
    }
    return {"load": load, "matching": matching, "peak_rss_mb": peak_rss_mb()}


def run_kb_bench(n_docs: int = 2000, seed: int = 7, isolate: bool = True) -> dict[str, Any]:
    """Load time and memory in a fresh process (so the cache is warm on disk but nothing is
    loaded yet), then matching throughput.  `isolate=False` runs in this process (for tests:
    load figures are then those of an already loaded KB)."""
    from ..kb.gazetteer import compile_gazetteer

    compile_gazetteer()  # warm the on-disk cache here, so the fresh process only loads it
    result = isolated(_measure, n_docs, seed) if isolate else _measure(n_docs, seed)
    result["targets"] = dict(TARGETS)
    result["meets_targets"] = {
        "matching": (result["matching"]["docs_per_s"] or 0) >= TARGETS["match_docs_per_s_min"],
        "load": result["load"]["seconds"] <= TARGETS["load_seconds_max"],
        "rss": result["load"]["rss_after_mb"] <= TARGETS["rss_after_load_mb_max"],
    }
    return result
