"""`marsad bench extract`: the full default pipeline on generated plain-text articles, in a
fresh process -- articles per second on one core, where the time goes (per stage), start-up
cost (the first article loads every index) and peak memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .corpus import plain_articles, unique_sentence_ratio
from .runner import isolated, peak_rss_mb

TARGETS = {"docs_per_s_min": 200, "peak_rss_mb_max": 500}
PUBLICATION_DATE = "2024-03-14"  # gives relative dates ("أمس") something to resolve against
LONG_DOCUMENT_ARTICLES = 64  # ~200 KB: a long report or a day's digest in one file


def _timed_step(fn: Callable, totals: dict[str, float], name: str) -> Callable:
    def step(doc):
        t = time.perf_counter()
        try:
            return fn(doc)
        finally:
            totals[name] += time.perf_counter() - t

    return step


def _measure(n_docs: int, seed: int) -> dict[str, Any]:
    from ..api import extract
    from ..pipeline import Pipeline

    texts = plain_articles(n_docs + 1, seed)
    t0 = time.perf_counter()
    default = Pipeline.default().warm()  # as `marsad extract` does
    totals = {name: 0.0 for name in default.enabled}
    nlp = Pipeline([(name, _timed_step(default.get(name), totals, name)) for name in default.enabled])
    extract(texts[0], id="warmup", date=PUBLICATION_DATE, pipeline=nlp)
    startup = time.perf_counter() - t0
    totals.update(dict.fromkeys(totals, 0.0))

    chars = events = spans = 0
    t = time.perf_counter()
    for i, text in enumerate(texts[1:]):
        doc = extract(text, id=f"b{i}", date=PUBLICATION_DATE, pipeline=nlp)
        chars += len(doc.text)
        events += len(doc.events)
        spans += len(doc.spans)
    seconds = time.perf_counter() - t
    n = len(texts) - 1
    long_doc = _long_document(texts[1:], nlp, chars / seconds if seconds else None)
    return {
        "components": default.enabled,
        "docs": n,
        "avg_chars": round(chars / max(n, 1)),
        # How varied the corpus is: a cache keyed on sentence text gains little when most are unique.
        "unique_sentence_ratio": unique_sentence_ratio(texts[1:]),
        "seconds": round(seconds, 3),
        "docs_per_s": round(n / seconds, 1) if seconds else None,
        "startup_seconds": round(startup, 3),
        "ms_per_doc_by_stage": {k: round(1000 * v / max(n, 1), 3) for k, v in totals.items()},
        "spans_per_doc": round(spans / max(n, 1), 1),
        "events_per_doc": round(events / max(n, 1), 2),
        "long_document": long_doc,
        "peak_rss_mb": peak_rss_mb(),
    }


def _long_document(texts: list[str], nlp, chars_per_s: float | None) -> dict[str, Any]:
    """One document of `LONG_DOCUMENT_ARTICLES` articles joined (a long report, a digest): its
    characters per second against the articles' own.  A slowdown well above 1 means some stage
    grows faster than the text (work per sentence over every span of the document)."""
    from ..api import extract

    text = "\n\n".join(texts[:LONG_DOCUMENT_ARTICLES])
    t = time.perf_counter()
    extract(text, id="long", date=PUBLICATION_DATE, pipeline=nlp)
    seconds = time.perf_counter() - t
    return {
        "articles": min(len(texts), LONG_DOCUMENT_ARTICLES),
        "chars": len(text),
        "seconds": round(seconds, 3),
        "slowdown": round(chars_per_s * seconds / len(text), 2) if chars_per_s and text else None,
    }


def run_extract_bench(n_docs: int = 500, seed: int = 7, isolate: bool = True) -> dict[str, Any]:
    """The default pipeline over `n_docs` generated ~3 KB Arabic articles, one process, one
    core.  `isolate=False` runs in this process (for tests; peak memory is then this
    process's)."""
    from ..kb.actors import load_actors
    from ..kb.gazetteer import compile_gazetteer

    # The fresh process should load the indexes, not build them (start-up measures loading).
    compile_gazetteer()
    load_actors()
    result = isolated(_measure, n_docs, seed) if isolate else _measure(n_docs, seed)
    result["targets"] = dict(TARGETS)
    result["meets_targets"] = {
        "speed": (result["docs_per_s"] or 0) >= TARGETS["docs_per_s_min"],
        "memory": result["peak_rss_mb"] <= TARGETS["peak_rss_mb_max"],
    }
    return result
