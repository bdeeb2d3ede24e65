"""`marsad` command line: a thin layer over the library API (see `marsad.api`).

Each command group lives in its own module and registers itself on `main`."""

from __future__ import annotations

import importlib

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="marsad")
def main() -> None:
    """Marsad: Arabic/English news reports to structured conflict-event records."""


for _module in ("extract", "kb", "evaluate", "bench", "pipeline", "store", "train", "web"):
    try:
        importlib.import_module(f"{__name__}.{_module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_module}":
            raise
