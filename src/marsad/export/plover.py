"""PLOVER JSON, one event record per line (the PLOVER specification suggests JSONL), with the
field names of its "JSON Data Fields" chapter: `id`, `date`, `enddate`, `source`/`recipient`
(lists of actor objects: `code`, `sector`, `actor_text`, `identifier_id`, `identifier_text`),
`event` (list of categories), `mode`, `quad_code`, `event_loc` (GeoNames field names),
`event_text`, `cite_info`, `coder`; killed/injured/arrested as `dead`/`injured`/`arrested` from
the specification's size object (the spec allows extra named fields)."""

from __future__ import annotations

import json

from . import json_default
from .acled_csv import REGION_WIDE_NOTE

SUFFIX = ".jsonl"
CODER = "marsad"
QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2, "INVESTIGATE": 2,
    "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}


def actor(a: dict | None) -> dict | None:
    if not a:
        return None
    code = a.get("code") or ""
    return {"code": code[:3] or None, "sector": code[3:] or None, "actor_text": a.get("name_ar") or a.get("name"),
            "identifier_id": a.get("id"), "identifier_text": a.get("name")}


def record(inc: dict) -> dict:
    loc = inc.get("location") or {}
    mentions = inc.get("mentions") or []
    source_actors = [x for x in (actor(inc.get("actor1")),) if x]
    source_actors += [x for a in inc.get("assoc_actors") or [] if (x := actor(a))]
    return {
        "id": inc["id"],
        "date": inc["date"].isoformat() if inc.get("date") else None,
        "enddate": inc["date_end"].isoformat() if inc.get("date_end") else None,
        "source": source_actors,
        "recipient": [x for x in (actor(inc.get("actor2")),) if x],
        "event": [inc["plover_type"]] if inc.get("plover_type") else [],
        "mode": inc.get("plover_mode"),
        "context": None,
        "quad_code": QUAD.get(inc.get("plover_type") or ""),
        "event_loc": {"geonameid": loc.get("geonameid"), "name": loc.get("name"), "latitude": inc.get("lat"),
                      "longitude": inc.get("lon"), "country code": inc.get("iso2"),
                      "admin1": inc.get("admin1"), "admin2": inc.get("admin2")} if loc else None,
        "event_text": [m["evidence"] for m in mentions if m.get("evidence")],
        "dead": inc.get("fatalities_best"),
        "cite_info": [{"url": m.get("url"), "publication": m.get("outlet"), "citation": m.get("document")}
                      for m in mentions],
        "coder": CODER,
        "link": inc["id"],
        "comment": "; ".join(c for c in (inc.get("fatalities_note"),
                                         REGION_WIDE_NOTE if inc.get("region_wide") else None) if c) or None,
    }


def write(rows, out) -> None:
    for inc in rows:
        out.write((json.dumps(record(inc), ensure_ascii=False, default=json_default) + "\n").encode("utf-8"))
