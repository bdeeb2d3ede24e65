"""`marsad kb …`: look names up in the knowledge base, count it, import GeoNames, rebuild the index."""

from __future__ import annotations

import json
import sys
import time
import zipfile

import click

from . import main


class _KBGroup(click.Group):
    """A broken knowledge-base data file is reported as one line naming the file, not a traceback."""

    def invoke(self, ctx: click.Context):
        from ..kb.actors import KBError
        from ..kb.gazetteer import GazetteerDataError

        try:
            return super().invoke(ctx)
        except (KBError, GazetteerDataError) as exc:
            raise click.ClickException(f"knowledge base data error: {exc}") from exc


def _json_out(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _iso2(_ctx, _param, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-2 code (e.g. SY, EG, PS)")
    return value


@main.group("kb", cls=_KBGroup)
def kb() -> None:
    """The knowledge base: actors and places."""


@kb.command("lookup")
@click.argument("name")
@click.option("--country", callback=_iso2, metavar="ISO2",
              help="The story's country, e.g. SY: picks among same-named places and generic actor names.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most candidates to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON on stdout.")
def kb_lookup(name: str, country: str | None, limit: int, as_json: bool) -> None:
    """Actors and places NAME can stand for, best first."""
    from ..kb.lookup import lookup

    rows = lookup(name, country=country, limit=limit)
    if as_json:
        _json_out(rows)
        return
    if not rows:
        click.echo(f"no actor or place named {name!r}", err=True)
        _hint_rule(name, country)
        return
    from rich import box
    from rich.console import Console
    from rich.table import Column, Table

    fixed = {"no_wrap": True}
    table = Table(Column("id", **fixed), Column("kind", **fixed), "name", Column("ctry", **fixed), "code / where",
                  Column("score", justify="right", **fixed), box=box.SIMPLE_HEAD, pad_edge=False,
                  title=name + (f"  (country {country})" if country else ""), title_justify="left")
    for r in rows:
        if r["type"] == "actor":
            where = r["code"]
        else:
            where = " / ".join(x for x in (r["admin1"], r["admin2"]) if x)
            if r["lat"] is not None and r["lon"] is not None:
                where += f" ({r['lat']:.2f},{r['lon']:.2f})"
        label = r["name"] + (f" | {r['name_ar']}" if r["name_ar"] else "")
        table.add_row(r["id"], r["kind"], label, r["country"] or "", where, f"{r['score']:g}")
    Console().print(table)


def _hint_rule(name: str, country: str | None) -> None:
    from ..kb.actors import load_actors

    rule = load_actors().rule_for(name)
    if rule is not None and rule.rule == "country_kind" and not country:
        click.echo(f"{name!r} is a shared name ({rule.kind} of the story's country): add --country ISO2", err=True)


@kb.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def kb_stats(as_json: bool) -> None:
    """What the knowledge base holds: actors, aliases, rules, places."""
    from ..kb.lookup import stats

    data = stats()
    if as_json:
        _json_out(data)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("measure", "value", title="marsad knowledge base", title_justify="left")
    for key, value in data.items():
        if isinstance(value, dict):
            table.add_row(key, ", ".join(f"{k} {v}" for k, v in value.items()))
        else:
            table.add_row(key, str(value))
    Console().print(table)


@kb.command("import-geonames")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--alternate-names", type=click.Path(dir_okay=False),
              help="alternateNamesV2.txt or .zip, for the places' Arabic names.")
def kb_import_geonames(file: str, alternate_names: str | None) -> None:
    """Add every place of a GeoNames country dump (XX.zip or XX.txt) to the gazetteer."""
    from ..kb.geonames_import import GeoNamesFormatError, import_geonames, overlay_dir

    try:
        n = import_geonames(file, alternate_names=alternate_names)
    except (GeoNamesFormatError, OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise click.ClickException(_one_line(exc)) from exc
    click.echo(f"added {n} places from {file} (stored in {overlay_dir()})")


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not a UTF-8 text file ({exc.reason} at byte {exc.start})"
    return " ".join(str(exc).split()) or type(exc).__name__


@kb.command("build")
def kb_build() -> None:
    """Rebuild the compiled gazetteer index in the cache (done on first use otherwise)."""
    from ..kb.gazetteer import compile_gazetteer, reset_cache

    t0 = time.perf_counter()
    try:
        path = compile_gazetteer(force=True)
    except OSError as exc:
        raise click.ClickException(f"cannot write the index: {_one_line(exc)}") from exc
    reset_cache()
    click.echo(f"built {path} in {time.perf_counter() - t0:.1f} s")
