"""The benchmarks run end to end on a few documents and report every figure (speed is never asserted)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from marsad.bench.clean import run_clean_bench
from marsad.bench.extract import run_extract_bench
from marsad.bench.kb import run_kb_bench
from marsad.cli import main


def _numbers(d: dict, keys: set[str]) -> None:
    assert keys <= set(d), keys - set(d)
    for k in keys:
        assert isinstance(d[k], (int, float)) and d[k] >= 0, (k, d[k])


def test_kb_bench_in_a_fresh_process():
    r = run_kb_bench(n_docs=3)
    _numbers(r["load"], {"seconds", "actors_seconds", "gazetteer_seconds", "matcher_seconds",
                         "matcher_names", "rss_before_mb", "rss_after_mb"})
    assert r["load"]["seconds"] > 0 and r["load"]["matcher_names"] > 10_000
    assert r["load"]["rss_after_mb"] > r["load"]["rss_before_mb"]
    _numbers(r["matching"], {"docs", "avg_chars", "seconds", "docs_per_s", "mentions_per_doc"})
    assert r["matching"]["docs"] == 3 and r["matching"]["mentions_per_doc"] > 0
    assert set(r["targets"]) == {"match_docs_per_s_min", "load_seconds_max", "rss_after_load_mb_max"}
    assert set(r["meets_targets"]) == {"matching", "load", "rss"}


def test_extract_bench_in_process():
    r = run_extract_bench(n_docs=2, isolate=False)
    _numbers(r, {"docs", "avg_chars", "seconds", "docs_per_s", "startup_seconds", "peak_rss_mb",
                 "spans_per_doc", "events_per_doc"})
    assert r["docs"] == 2 and r["avg_chars"] > 1000
    assert r["components"][:4] == ["clean", "language", "sentences", "tokens"]
    assert set(r["ms_per_doc_by_stage"]) == set(r["components"])
    assert set(r["meets_targets"]) == {"speed", "memory"}
    _numbers(r["long_document"], {"articles", "chars", "seconds", "slowdown"})
    assert r["long_document"]["articles"] == 2 and r["long_document"]["chars"] > 2000


def test_clean_bench():
    r = run_clean_bench(n_plain=3, n_html=2)
    for part, n in (("plain_text", 3), ("html", 2), ("trafilatura_extract_alone", 2)):
        _numbers(r[part], {"docs", "seconds", "docs_per_s", "peak_rss_mb"})
        assert r[part]["docs"] == n
    assert r["html_vs_trafilatura_time_ratio"] > 0


def test_bench_cli_json(monkeypatch):
    import marsad.bench.extract as bx

    calls = []

    def fake(n_docs):
        calls.append(n_docs)
        return {"docs": n_docs, "docs_per_s": 1.0}

    monkeypatch.setattr(bx, "run_extract_bench", fake)
    result = CliRunner().invoke(main, ["bench", "extract", "--docs", "4", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"docs": 4, "docs_per_s": 1.0} and calls == [4]


def test_generated_corpus_is_varied_and_deterministic():
    from marsad.bench.corpus import plain_articles, unique_sentence_ratio

    texts = plain_articles(60, seed=3)
    assert texts == plain_articles(60, seed=3)
    assert texts != plain_articles(60, seed=4)
    # Most sentences occur once: a cache keyed on sentence text must not flatter the benchmark.
    assert unique_sentence_ratio(texts) > 0.9
    assert unique_sentence_ratio(["أ. ب.\nأ."]) == round(1 / 3, 3)
    assert all(2000 < len(t) < 5000 for t in texts)


def test_extract_bench_reports_corpus_variety():
    r = run_extract_bench(n_docs=2, isolate=False)
    assert 0 < r["unique_sentence_ratio"] <= 1


def _child_peak() -> dict:
    from marsad.bench.runner import peak_rss_mb

    return {"peak": peak_rss_mb()}


def test_a_spawned_process_reports_its_own_peak_not_its_parents():
    from marsad.bench.runner import isolated, peak_rss_mb

    ballast = bytearray(300 * 1024 * 1024)  # the parent's peak rises by ~300 MB
    ballast[::4096] = b"x" * len(ballast[::4096])  # touch every page so it is resident
    parent = peak_rss_mb()
    child = isolated(_child_peak)["peak"]
    del ballast
    assert parent - child > 200, (parent, child)
