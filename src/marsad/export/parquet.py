"""Parquet via pyarrow: one row per incident.  Nested objects (actors, location, mentions,
merge reasons) are JSON text columns so any reader can load the file; lists of names stay
lists of strings."""

from __future__ import annotations

import json

from . import json_default

SUFFIX = ".parquet"
JSON_COLUMNS = ("actor1", "actor2", "assoc_actors", "location", "merge_reasons", "mentions")


def table(rows):
    import pyarrow as pa

    from ..store import INCIDENT_COLUMNS

    columns = INCIDENT_COLUMNS + ["mentions"]
    data = {c: [] for c in columns}
    for inc in rows:
        for c in columns:
            value = inc.get(c)
            if c in JSON_COLUMNS:
                value = None if value is None else json.dumps(value, ensure_ascii=False, default=json_default)
            data[c].append(value)
    types = {c: pa.string() for c in JSON_COLUMNS}
    types.update({c: pa.list_(pa.string()) for c in ("sources", "outlets")})
    types.update({c: pa.int64() for c in ("time_precision", "geo_precision", "fatalities_low", "fatalities_best",
                                          "fatalities_high", "n_documents")})
    types.update({c: pa.float64() for c in ("lat", "lon")})
    types["region_wide"] = pa.bool_()
    types.update({c: pa.date32() for c in ("date", "date_end", "first_reported", "last_reported")})
    schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    return pa.table(data, schema=schema)


def write(rows, out) -> None:
    import pyarrow.parquet as pq

    pq.write_table(table(rows), out)
