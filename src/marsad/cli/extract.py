"""`marsad extract PATH...`: run the pipeline over inputs and print documents."""

from __future__ import annotations

import json
import sys

import click

from . import main


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _table(console, doc) -> None:
    from rich.table import Table

    head = Table(show_header=False, box=None, pad_edge=False)
    head.add_column(style="bold cyan", no_wrap=True)
    head.add_column(overflow="fold")
    head.add_row("id", doc.id)
    head.add_row("title", doc.title or "—")
    head.add_row("date", doc.publication_date.isoformat() if doc.publication_date else "—")
    head.add_row("language", doc.language or "—")
    head.add_row("url / outlet", f"{doc.url or '—'} / {doc.outlet or '—'}")
    head.add_row("text", f"{len(doc.text)} chars, {len(doc.sentences)} sentences, "
                 f"{len(doc.removed)} lines removed, {len(doc.segments)} segments")
    for seg in doc.segments:
        if seg.kind == "update":
            head.add_row("update", f"{seg.time or ''} {seg.timezone or ''} → chars {seg.start}–{seg.end}")
    console.rule(f"[bold]{doc.id}")
    console.print(head)
    if doc.spans:
        ents = Table("label", "text", "resolved", title="entities", title_justify="left")
        for span in doc.spans[:40]:
            ents.add_row(span.label, span.text, str(span.attrs.get("name") or span.attrs.get("value") or ""))
        console.print(ents)
    if doc.events:
        evs = Table("type", "actor1", "actor2", "where", "date", "killed", "source", title="events",
                    title_justify="left")
        for ev in doc.events:
            loc = (ev.get("location") or {}).get("name") or ""
            a1 = (ev.get("actor1") or {}).get("name") or ""
            a2 = (ev.get("actor2") or {}).get("name") or ""
            evs.add_row(ev["type"], a1, a2, loc, str(ev.get("date") or ""),
                        str(ev.get("fatalities") if ev.get("fatalities") is not None else ""),
                        str(ev.get("source") or ""))
        console.print(evs)


@main.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="Output format (stdout).")
@click.option("--date", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--url", help="URL for inputs that carry none.")
@click.option("--outlet", help="Outlet name for inputs that carry none.")
@click.option("--disable", multiple=True, help="Pipeline component to skip (repeatable).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def extract_command(paths, fmt, date, url, outlet, disable, quiet) -> None:
    """Read PATHS (files, directories, '-' for stdin) and print one record per document.

    Exit code 0 when every input was processed, 1 when some failed (each failure is one line
    on stderr naming the input and the reason)."""
    from rich.console import Console

    from ..api import extract_records, parse_date
    from ..pipeline import Pipeline
    from ..readers import ReadFailure, read_inputs

    try:
        parse_date(date)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    nlp = Pipeline.default()
    try:
        nlp.disable(*disable)
    except KeyError as exc:
        raise click.BadParameter(str(exc), param_hint="--disable") from exc
    nlp.warm()

    err = Console(stderr=True)
    out = Console() if fmt == "table" else None
    failures = 0
    collected = []
    show_progress = not quiet and sys.stderr.isatty()
    progress = None
    if show_progress:
        from rich.progress import Progress, SpinnerColumn, TextColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} docs"),
                            console=err, transient=True)
        progress.start()
        task = progress.add_task("extracting", total=None)
    try:
        for item in extract_records(read_inputs(list(paths)), pipeline=nlp, date=date, url=url, outlet=outlet):
            if progress is not None:
                progress.advance(task)
            if isinstance(item, ReadFailure):
                failures += 1
                err.print(f"[red]error[/red] {item.source}: {item.reason}", highlight=False, markup=True, soft_wrap=True)
                continue
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False, default=_json_default) + "\n")
            elif fmt == "json":
                collected.append(item.to_dict())
            else:
                _table(out, item)
    finally:
        if progress is not None:
            progress.stop()
    if fmt == "json":
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2, default=_json_default) + "\n")
    if failures:
        err.print(f"{failures} input(s) failed", highlight=False, soft_wrap=True)
        sys.exit(1)
