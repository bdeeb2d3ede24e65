"""Web app commands: `marsad serve`, `marsad web build-assets`, `marsad bench web`."""

from __future__ import annotations

import ipaddress
import secrets

import click

from . import main
from .store import DB_HELP


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command("serve")
@click.option("--db", help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on.  Anything but loopback requires a write token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", envvar="MARSAD_WEB_TOKEN",
              help="Token required by write endpoints (X-Marsad-Token header); generated and printed when "
                   "listening beyond loopback without one.  Env: MARSAD_WEB_TOKEN.")
@click.option("--assets", "assets_dir", type=click.Path(file_okay=False),
              help="Where `marsad web build-assets` put the map libraries (default: per-user data directory).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (Linux: each on its own SO_REUSEPORT socket); about one per core.")
def serve_command(db, host, port, token, assets_dir, workers) -> None:
    """Serve the analyst web app (incidents table, map, timeline, articles, review)."""
    from functools import partial

    from ..store import StoreError
    from ..web import create_app, server
    from ..web import assets as web_assets

    if not _loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"listening on {host}: write endpoints need header X-Marsad-Token: {token}", err=True)
    try:
        app = create_app(db, token=token, assets_dir=assets_dir)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if not web_assets.available(app.state.assets_dir):
        click.echo("note: map libraries not installed; run `marsad web build-assets` for the map page", err=True)
    click.echo(f"Marsad on http://{host}:{port}/ over {app.state.store.url}"
               + (f" ({workers} workers)" if workers > 1 else ""), err=True)
    if workers > 1:
        app.state.store.engine.dispose()  # each worker opens its own (the schema is now up to date)
    make_app = partial(create_app, db, token=token, assets_dir=assets_dir) if workers > 1 else (lambda: app)
    try:
        server.run(make_app, host=host, port=port, workers=workers)
    except (RuntimeError, OSError) as exc:
        raise click.ClickException(f"{host}:{port}: {exc}") from exc


@main.group("web")
def web_group() -> None:
    """The web app's front-end files."""


@web_group.command("build-assets")
@click.option("--dest", type=click.Path(file_okay=False), help="Directory to install into (default: per-user).")
def build_assets_command(dest) -> None:
    """Install Leaflet, marker clustering and the Natural Earth outlines from the npm registry
    (pinned versions) for the map page; nothing is fetched at run time."""
    from ..web.assets import AssetsError, build_assets

    try:
        root = build_assets(dest)
    except AssetsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"front-end files installed in {root}", err=True)


def _bench_group():
    group = main.commands.get("bench")
    return group if isinstance(group, click.Group) else None


if _bench_group() is not None:
    @_bench_group().command("web")
    @click.option("--incidents", "n", default=100_000, show_default=True, type=click.IntRange(1, 2_000_000))
    @click.option("--clients", default=20, show_default=True, type=click.IntRange(1, 200))
    @click.option("--requests", "n_requests", default=3000, show_default=True, type=click.IntRange(1, 100_000))
    @click.option("--db", help="Database to run on: reused when it holds incidents, else filled with --incidents "
                               "generated ones (default: a temporary SQLite file).")
    @click.option("--workers", type=click.IntRange(1, 64), help="uvicorn worker processes (default: CPUs, at most 4).")
    @click.option("--json", "as_json", is_flag=True)
    def bench_web(n, clients, n_requests, db, workers, as_json) -> None:
        """Incidents-list API latency on a generated store (loopback only): CLIENTS asyncio clients in
        one process, each sending its next request when the last is answered, drawn at random from
        what the incidents page sends (filters, text search, sorts, paging); p50/p95/p99 overall and
        per kind of request."""
        import json

        from ..web.bench import run

        result = run(n_incidents=n, clients=clients, n_requests=n_requests, db=db, workers=workers)
        if as_json:
            click.echo(json.dumps(result, indent=2))
        else:
            for k, v in result.items():
                if k != "by_kind":
                    click.echo(f"{k}: {v}")
            for kind, v in result.get("by_kind", {}).items():
                click.echo(f"  {kind:<15} n={v['n']:<4} p50 {v['p50_ms']:>7} ms  p95 {v['p95_ms']:>7} ms  "
                           f"p99 {v['p99_ms']:>7} ms")
