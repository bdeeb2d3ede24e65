"""`marsad bench clean`: reading + cleaning + text layer, plain text and HTML, and the ratio of
the HTML path to trafilatura.extract alone on the same pages."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from .corpus import html_articles, plain_articles
from .runner import isolated, peak_rss_mb, timed

TEXT_LAYER = ["clean", "language", "sentences", "tokens"]


def _write(texts: list[str], suffix: str, folder: Path) -> None:
    for i, t in enumerate(texts):
        (folder / f"{i:06d}{suffix}").write_text(t, encoding="utf-8")


def _read_and_process(folder: str, warmup: str) -> dict[str, Any]:
    from ..api import extract_records
    from ..pipeline import Pipeline
    from ..readers import read_inputs

    nlp = Pipeline.from_names(TEXT_LAYER)
    list(extract_records(read_inputs([warmup]), pipeline=nlp))  # loads lazy data files
    docs = 0
    chars = 0

    def run() -> None:
        nonlocal docs, chars
        for doc in extract_records(read_inputs([folder]), pipeline=nlp):
            docs += 1
            chars += len(getattr(doc, "text", ""))

    _, seconds = timed(run)
    return {"docs": docs, "seconds": round(seconds, 3), "docs_per_s": round(docs / seconds, 1),
            "avg_chars": round(chars / max(docs, 1)), "peak_rss_mb": peak_rss_mb()}


def _trafilatura_alone(folder: str) -> dict[str, Any]:
    import trafilatura

    files = sorted(Path(folder).glob("*.html"))
    pages = [f.read_text(encoding="utf-8") for f in files]
    trafilatura.extract(pages[0])

    def run() -> None:
        for page in pages:
            trafilatura.extract(page)

    _, seconds = timed(run)
    return {"docs": len(pages), "seconds": round(seconds, 3), "docs_per_s": round(len(pages) / seconds, 1),
            "peak_rss_mb": peak_rss_mb()}


def run_clean_bench(n_plain: int = 2000, n_html: int = 300, seed: int = 7) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        root = Path(tmp)
        plain_dir, html_dir = root / "plain", root / "html"
        plain_dir.mkdir()
        html_dir.mkdir()
        _write(plain_articles(n_plain, seed), ".txt", plain_dir)
        _write(html_articles(n_html, seed), ".html", html_dir)
        warm_txt = str(next(plain_dir.iterdir()))
        warm_html = str(next(html_dir.iterdir()))
        plain = isolated(_read_and_process, str(plain_dir), warm_txt)
        html = isolated(_read_and_process, str(html_dir), warm_html)
        traf = isolated(_trafilatura_alone, str(html_dir))
    return {
        "plain_text": plain,
        "html": html,
        "trafilatura_extract_alone": traf,
        "html_vs_trafilatura_time_ratio": round(html["seconds"] / traf["seconds"], 2),
        "targets": {"plain_docs_per_s": 1000, "html_ratio_max": 1.2},
    }
