"""`marsad ingest --executor dask`: the command's Dask side (cluster, dashboard, summary lines)."""

from __future__ import annotations

import click


def run_dask(paths, store, date, url, outlet, workers, scheduler, on_item, console):
    """Run `ingest_distributed` for the CLI; returns its summary."""
    try:
        from .executor import close_client, ingest_distributed, start_client

        client = start_client(workers, scheduler)
    except ImportError as exc:
        raise click.ClickException(f"--executor dask needs Dask: pip install 'marsad[dask]' ({exc})") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
    try:
        console.print(f"Dask: {len(client.nthreads())} worker(s), dashboard {client.dashboard_link}",
                      highlight=False, soft_wrap=True)
        summary = ingest_distributed(paths, store, client=client, date=date, url=url, outlet=outlet,
                                     on_item=on_item)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        close_client(client)
    console.print(f"{summary.tasks} task(s); {summary.skipped} page(s) dropped by the language filter; "
                  f"{summary.failed_tasks} task(s) lost for good", highlight=False)
    return summary
