"""Corpus store commands: `marsad ingest`, `marsad db upgrade`, `marsad export`,
`marsad incidents merge|split`."""

from __future__ import annotations

import sys

import click

from . import main

DB_HELP = ("Database: a SQLAlchemy URL (sqlite:///file.db, postgresql://user@host/db) or an SQLite file path. "
           "Default: $MARSAD_DB, else marsad.db in the per-user data directory.")


def _open(db):
    from ..store import Store, StoreError

    try:
        return Store.open(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", help=DB_HELP)
@click.option("--date", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--url", help="URL for inputs that carry none.")
@click.option("--outlet", help="Outlet name for inputs that carry none.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process; dask: a Dask cluster (see docs/deploy.md).")
@click.option("--workers", type=click.IntRange(1), help="Dask: worker processes of a local cluster (default: CPUs).")
@click.option("--scheduler", help="Dask: address of a running scheduler (tcp://HOST:8786) instead of a local cluster.")
def ingest_command(paths, db, date, url, outlet, quiet, executor, workers, scheduler) -> None:
    """Read PATHS, extract events and store documents, mentions and incidents.

    Idempotent: unchanged inputs are skipped, a changed version of a stored URL replaces it
    (the old version is kept in history).  Exit code 1 when some input failed."""
    from rich.console import Console
    from rich.table import Table

    from ..api import parse_date
    from ..store import ingest

    try:
        parse_date(date)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    if executor == "local" and (workers or scheduler):
        raise click.BadParameter("--workers and --scheduler need --executor dask", param_hint="--executor")
    err = Console(stderr=True)
    store = _open(db)
    progress = None
    if not quiet and sys.stderr.isatty():
        from rich.progress import Progress, SpinnerColumn, TextColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} docs"),
                            console=err, transient=True)
        task = progress.add_task("ingesting", total=None)
        progress.start()

    def on_item(source, status):
        if progress is not None:
            progress.update(task, advance=1, description=f"ingesting ({status}: {source[-40:]})")

    try:
        if executor == "dask":
            from ..scale.cli import run_dask

            summary = run_dask(list(paths), store, date, url, outlet, workers, scheduler, on_item, err)
        else:
            summary = ingest(list(paths), store, date=date, url=url, outlet=outlet, on_item=on_item)
    finally:
        if progress is not None:
            progress.stop()
    for failure in summary.failures:
        err.print(f"[red]error[/red] {failure.source}: {failure.reason}", highlight=False, soft_wrap=True)
    out = Console(stderr=True)
    out.print(f"[bold]ingest into[/bold] {store.url}", highlight=False, soft_wrap=True)
    table = Table(show_header=False)
    table.add_column(style="bold cyan")
    table.add_column(justify="right")
    for label, value in (("documents new", summary.new), ("documents updated", summary.updated),
                         ("documents unchanged", summary.unchanged), ("documents failed", summary.failed),
                         ("events stored", summary.events), ("incidents in store", summary.incidents)):
        table.add_row(label, str(value))
    out.print(table)
    if not quiet and summary.incidents:
        out.print(_latest_incidents(store))
    if summary.failed:
        sys.exit(1)


def _latest_incidents(store, limit: int = 8):
    """The most recently reported incidents, as a readable table."""
    from rich.table import Table

    df = store.incidents()
    df = df.sort_values("last_reported", ascending=False).head(limit)
    table = Table("date", "type", "where", "actor 1", "killed", "reports",
                  title=f"latest incidents ({len(df)} shown; `marsad export` for all)", title_justify="left")
    for row in df.to_dict("records"):
        loc = row.get("location") or {}
        actor = row.get("actor1") or {}
        killed = row.get("fatalities_best")
        table.add_row(str(row.get("date") or "—"), row["type"],
                      ", ".join(x for x in (loc.get("name"), row.get("country")) if x) or "—",
                      actor.get("name") or "—", "—" if killed is None else str(killed),
                      str(row.get("n_documents") or 1))
    return table


@main.group("db")
def db_group() -> None:
    """Manage the corpus store's database."""


@db_group.command("upgrade")
@click.option("--db", help=DB_HELP)
@click.option("--revision", default="head", show_default=True, help="Alembic revision to upgrade to.")
def db_upgrade_command(db, revision) -> None:
    """Create the store's tables or migrate them to the newest schema."""
    from ..store import StoreError, make_engine, redact, upgrade

    try:
        engine = make_engine(db)
        rev = upgrade(engine, revision)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{redact(str(engine.url))}: schema at revision {rev}", err=True)


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv-acled", "jsonl", "geojson", "parquet", "plover"]),
              required=True, help="Output format.")
@click.option("--db", help=DB_HELP)
@click.option("--since", help="Only incidents on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only incidents on or before this date (YYYY-MM-DD).")
@click.option("--country", help="Country name or ISO 3166-1 alpha-2 code.")
@click.option("--type", "etype", help="Marsad event type, ACLED event type or PLOVER type.")
@click.option("--actor", help="Actor id or name (substring, case-insensitive).")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Output file (default: stdout).")
def export_command(fmt, db, since, until, country, etype, actor, out) -> None:
    """Write the store's incidents in an analyst format, as reviewed: corrections applied,
    rejected incidents left out."""
    from ..export import exporter
    from ..store.review import IncidentQuery, export_rows

    if fmt == "parquet" and out is None and sys.stdout.isatty():
        raise click.BadParameter("Parquet is binary: give --out FILE or redirect stdout", param_hint="--out")
    store = _open(db)
    try:
        rows = export_rows(store, IncidentQuery(since=since, until=until, country=country, type=etype, actor=actor,
                                                order="asc"))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None:
        exporter(fmt).write(rows, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open(out, "wb") as fh:
            exporter(fmt).write(rows, fh)
    click.echo(f"{len(rows)} incident(s) exported", err=True)


@main.group("incidents")
def incidents_group() -> None:
    """Review incidents: merge two, or split a mention out.  Decisions persist and later
    automatic merges respect them."""


@incidents_group.command("merge")
@click.argument("keep")
@click.argument("other")
@click.option("--db", help=DB_HELP)
@click.option("--note", help="Why (kept with the decision).")
def incidents_merge_command(keep, other, db, note) -> None:
    """Fold incident OTHER into incident KEEP."""
    try:
        click.echo(_open(db).merge(keep, other, note))
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc


@incidents_group.command("split")
@click.argument("mention")
@click.option("--db", help=DB_HELP)
@click.option("--note", help="Why (kept with the decision).")
def incidents_split_command(mention, db, note) -> None:
    """Take event mention MENTION out of its incident into a new one (prints its id)."""
    try:
        click.echo(_open(db).split(mention, note))
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc
