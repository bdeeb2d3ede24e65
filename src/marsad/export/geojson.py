"""GeoJSON (RFC 7946) FeatureCollection: one Point feature per incident (WGS84 lon/lat);
an incident without coordinates gets `"geometry": null`, as the RFC allows."""

from __future__ import annotations

import json

from . import json_default

SUFFIX = ".geojson"

SCALARS = ["type", "acled_event_type", "acled_sub_event_type", "plover_type", "date", "date_end", "time_precision",
           "country", "iso2", "admin1", "admin2", "geo_precision", "fatalities_low", "fatalities_best",
           "fatalities_high", "region_wide", "n_documents", "first_reported", "last_reported"]


def feature(inc: dict) -> dict:
    geometry = None
    if inc.get("lat") is not None and inc.get("lon") is not None:
        geometry = {"type": "Point", "coordinates": [round(inc["lon"], 6), round(inc["lat"], 6)]}
    props = {k: inc.get(k) for k in SCALARS}
    props["location"] = (inc.get("location") or {}).get("name")
    props["actor1"] = (inc.get("actor1") or {}).get("name")
    props["actor2"] = (inc.get("actor2") or {}).get("name")
    props["sources"] = inc.get("sources") or []
    props["outlets"] = inc.get("outlets") or []
    props["urls"] = sorted({m["url"] for m in inc.get("mentions") or [] if m.get("url")})
    return {"type": "Feature", "id": inc["id"], "geometry": geometry, "properties": props}


def write(rows, out) -> None:
    collection = {"type": "FeatureCollection", "features": [feature(inc) for inc in rows]}
    out.write(json.dumps(collection, ensure_ascii=False, default=json_default).encode("utf-8"))
    out.write(b"\n")
