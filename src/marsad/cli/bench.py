"""`marsad bench …`: run a benchmark and print its figures (JSON with --json)."""

from __future__ import annotations

import json
import sys

import click

from . import main


def _report(title: str, result: dict, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("measure", "value", title=title, title_justify="left")

    def rows(prefix: str, value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                rows(f"{prefix}.{k}" if prefix else k, v)
        else:
            table.add_row(prefix, str(value))

    rows("", result)
    Console().print(table)


@main.group("bench")
def bench() -> None:
    """Benchmarks: speed and memory, measured and reported."""


@bench.command("clean")
@click.option("--plain", "n_plain", default=2000, show_default=True, help="Generated plain-text articles.")
@click.option("--html", "n_html", default=300, show_default=True, help="Generated HTML articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def bench_clean(n_plain: int, n_html: int, as_json: bool) -> None:
    """Reading + cleaning + text layer on generated plain text and HTML (vs trafilatura alone)."""
    from ..bench.clean import run_clean_bench

    click.echo("running clean benchmark…", err=True)
    _report("marsad bench clean", run_clean_bench(n_plain, n_html), as_json)


@bench.command("kb")
@click.option("--docs", "n_docs", default=2000, show_default=True, type=click.IntRange(1),
              help="Generated ~3 KB Arabic articles to match.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def bench_kb(n_docs: int, as_json: bool) -> None:
    """Knowledge base: load time and memory (fresh process, warm cache) and matching speed (KB stage alone)."""
    from ..bench.kb import run_kb_bench

    click.echo("running kb benchmark…", err=True)
    _report("marsad bench kb", run_kb_bench(n_docs), as_json)


@bench.command("extract")
@click.option("--docs", "n_docs", default=500, show_default=True, type=click.IntRange(1),
              help="Generated ~3 KB Arabic articles to process.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def bench_extract(n_docs: int, as_json: bool) -> None:
    """Full default pipeline on generated plain-text articles: articles/s on one core and peak memory."""
    from ..bench.extract import run_extract_bench

    click.echo("running extract benchmark…", err=True)
    _report("marsad bench extract", run_extract_bench(n_docs), as_json)


@bench.command("scale")
@click.option("--pages", "n_pages", default=400, show_default=True, type=click.IntRange(10),
              help="Pages in the generated WARC (a quarter of them not Arabic).")
@click.option("--records-per-task", default=25, show_default=True, type=click.IntRange(1),
              help="WARC records per Dask task.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def bench_scale(n_pages: int, records_per_task: int, as_json: bool) -> None:
    """Dask ingest of a generated WARC with 1 and 2 local workers: pages/s, scaling efficiency,
    and a projection for a month of CC-NEWS on 32 nodes."""
    from ..bench.scale import run_scale_bench

    click.echo("running scale benchmark…", err=True)
    _report("marsad bench scale", run_scale_bench(n_pages, records_per_task), as_json)


@bench.command("ingest")
@click.option("--docs", "n_docs", default=2000, show_default=True, type=click.IntRange(0),
              help="Generated incident reports to ingest end to end (extraction + store); the full benchmark "
                   "uses 20000.")
@click.option("--store-docs", "store_docs", type=click.IntRange(0),
              help="Pre-extracted documents for the store-only run (default: as --docs; 40000 gives the "
                   "merge-time figures at 10k/20k/40k mentions).")
@click.option("--db", "dbs", multiple=True,
              help="Backend to measure: 'sqlite' (a temporary file) or a postgresql:// URL (a scratch schema is "
                   "created there and dropped).  Repeatable.  Default: sqlite and "
                   "postgresql://postgres@127.0.0.1:5432/test.")
@click.option("--seed", default=7, show_default=True, help="Corpus generator seed.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def bench_ingest(n_docs: int, store_docs: int | None, dbs: tuple[str, ...], seed: int, as_json: bool) -> None:
    """Corpus store: articles/s into SQLite and PostgreSQL (end to end and store only), database
    size, and incident-merge time as the store grows."""
    from ..bench.ingest import DEFAULT_PG, run_ingest_bench

    backends, pg_url = [], DEFAULT_PG
    for db in dbs or ("sqlite", DEFAULT_PG):
        if db == "sqlite":
            backends.append("sqlite")
        elif db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            backends.append("postgresql")
            pg_url = db
        else:
            raise click.BadParameter(f"{db!r}: expected 'sqlite' or a postgresql:// URL", param_hint="--db")
    click.echo("running ingest benchmark…", err=True)
    try:
        result = run_ingest_bench(n_docs, backends=tuple(backends), store_docs=store_docs, pg_url=pg_url, seed=seed,
                                  progress=lambda msg: click.echo(msg, err=True))
    except Exception as exc:  # the PostgreSQL server down, most often
        raise click.ClickException(f"ingest benchmark failed: {type(exc).__name__}: {exc}") from exc
    _report("marsad bench ingest", result, as_json)
