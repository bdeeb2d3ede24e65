"""`marsad evaluate DIR` (a gold set in the devset format) and `marsad evaluate gsr DIR`.

Exit codes: 0 scored (and every floor met), 1 a metric is below its floor, 2 bad input
(missing directory, unreadable gold set or floors file) - one error line on stderr."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from . import main


class _DefaultToDevset(click.Group):
    """`marsad evaluate DIR` runs the hidden `devset` command; `marsad evaluate gsr DIR` the
    `gsr` one.  A click group cannot take a positional argument before its subcommand name,
    so anything that is not a subcommand name is routed to `devset`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["devset", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "DIR [--json] [--floors FILE] | gsr DIR [--json] [--baseline] | gsr-nested DIR [--json]")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@contextmanager
def _progress(enabled: bool, label: str):
    """Yields an `update(done, total)` callback drawing a bar on stderr (only on a terminal)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task(label, total=None)
    with progress:
        yield lambda done, total: progress.update(task, completed=done, total=total)


def _emit(report, as_json: bool) -> None:
    if report.errors:
        click.echo(f"warning: extraction failed on {len(report.errors)} input(s); they count as predicting "
                   f"nothing (first: {report.errors[0]})", err=True)
    if as_json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        from rich.console import Console

        report.render(Console())


@main.group("evaluate", cls=_DefaultToDevset, invoke_without_command=True)
@click.pass_context
def evaluate_group(ctx: click.Context) -> None:
    """Score the pipeline against gold annotations.

    \b
    marsad evaluate DIR [--json] [--floors FILE] [-q]
        DIR is a gold set in the devset format (index.tsv, docs/, gold/).
        --floors: YAML/JSON {metric: minimum}; exit 1 listing each metric below it.
    marsad evaluate gsr DIR [--json] [--baseline] [--limit N] [-q]
        DIR holds the Arabic event GSR files (assault_gsr.csv, protest_gsr.csv, *_spans.json).
    marsad evaluate gsr-nested DIR [--json]
        Out-of-sample detection on the GSR: the rules with the scorer retrained in nested
        cross-validation (the "rules_and_scorer" row is the shipped path).

    JSON goes to stdout, the progress bar and errors to stderr; exit 2 on a bad DIR/FILE."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@evaluate_group.command("devset", hidden=True)
@click.argument("directory", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--floors", "floors_path", metavar="FILE",
              help="YAML/JSON {metric: minimum}; exit 1 listing every metric below its floor.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def devset_command(directory: str, as_json: bool, floors_path: str | None, quiet: bool) -> None:
    """Score against the gold set in DIR."""
    from ..evaluate import DevsetError, FloorsError, check_floors, evaluate_devset, load_floors

    floors = None
    if floors_path is not None:
        try:
            floors = load_floors(floors_path)
        except FloorsError as exc:
            _fail(str(exc))
    try:
        with _progress(not quiet, "evaluating") as update:
            report = evaluate_devset(directory, on_progress=update)
    except DevsetError as exc:
        _fail(str(exc))
    _emit(report, as_json)
    if floors is not None:
        try:
            failures = check_floors(report, floors, path=floors_path)
        except FloorsError as exc:
            _fail(str(exc))
        if failures:
            for line in failures:
                click.echo(f"below floor: {line}", err=True)
            sys.exit(1)


@evaluate_group.command("gsr")
@click.argument("directory", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--baseline", is_flag=True, help="Also score a plain keyword baseline.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N sentences of each file.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def gsr_command(directory: str, as_json: bool, baseline: bool, limit: int | None, quiet: bool) -> None:
    """Score PLOVER ASSAULT/PROTEST detection and source/target agreement on the GSR in DIR."""
    from ..evaluate import GsrError, evaluate_gsr

    try:
        with _progress(not quiet, "gsr") as update:
            report = evaluate_gsr(directory, baseline=baseline, limit=limit, on_progress=update)
    except GsrError as exc:
        _fail(str(exc))
    _emit(report, as_json)


@evaluate_group.command("gsr-nested")
@click.argument("directory", metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON on stdout.")
def gsr_nested_command(directory: str, as_json: bool) -> None:
    """Out-of-sample ASSAULT/PROTEST detection of rule/scorer policies on the GSR in DIR."""
    import json

    from ..evaluate import GsrError
    from ..learn.gsr_check import check_policies

    try:
        report = check_policies(directory, log=lambda line: click.echo(line, err=True))
    except GsrError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("type", "policy", "precision", "recall", "F1", title="GSR, nested cross-validation")
    for etype, policies in report.items():
        for name, r in policies.items():
            table.add_row(etype, name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}")
    Console().print(table)
