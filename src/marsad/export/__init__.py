"""Exports of the corpus store's incidents: one module per format, one registry.

    >>> from marsad.export import export
    >>> export(store, "geojson", "incidents.geojson", country="SY")

Each exporter is `write(rows, out)` where `rows` are `Store.incident_rows(...)` dicts and `out` a
binary file object."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, BinaryIO

# format name → module; a module exposes `write(rows, out)` and `SUFFIX`.
FORMATS = {
    "csv-acled": "acled_csv",
    "jsonl": "jsonl",
    "geojson": "geojson",
    "parquet": "parquet",
    "plover": "plover",
}


def exporter(fmt: str):
    try:
        return importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}") from None


def export(store, fmt: str, out: str | os.PathLike | BinaryIO | None = None, **filters: Any) -> int:
    """Write the store's incidents (filtered like `Store.incident_rows`) in `fmt` to `out`
    (a path, a binary file, or None for stdout); returns the number of incidents written."""
    module = exporter(fmt)
    rows = store.incident_rows(**filters)
    if out is None:
        module.write(rows, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif hasattr(out, "write"):
        module.write(rows, out)
    else:
        with open(out, "wb") as fh:
            module.write(rows, fh)
    return len(rows)


def json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


__all__ = ["FORMATS", "export", "exporter"]
