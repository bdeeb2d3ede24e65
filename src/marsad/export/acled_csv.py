"""ACLED-shaped CSV: ACLED's column names and value conventions, one row per incident.

Conventions: `fatalities` is the incident's *low* figure, because ACLED codes the most
conservative credible report; the best/high figures and their note go into `notes`.
`iso` is the ISO 3166-1 numeric code as in ACLED; `timestamp` is the Unix time of the last
report's date (midnight UTC), so exports are reproducible.  The full column mapping, with the
rules for `assoc_actor_1`/`assoc_actor_2` and `source_scale`, is in docs/export.md."""

from __future__ import annotations

import calendar
import csv
import io
from functools import lru_cache
from importlib import resources

SUFFIX = ".csv"

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]

# A toll told over a whole region: analysts filter on the tag before summing fatalities.
REGION_WIDE_NOTE = "toll reported across the whole region; its single strikes may be separate rows, do not add"

DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    path = "data/acled_regions.tsv"
    table: dict[str, str] = {}
    lines = resources.files(__package__).joinpath(path).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#") or line.startswith("iso2\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or len(parts[0]) != 2 or not parts[0].isupper() or not parts[1].strip():
            raise ValueError(f"{path}:{n}: expected 'ISO2<TAB>region', got {line!r}")
        if parts[0] in table:
            raise ValueError(f"{path}:{n}: {parts[0]} listed twice")
        table[parts[0]] = parts[1]
    return table


def _country_codes(iso2: str | None) -> tuple[str, str]:
    if not iso2:
        return "", ""
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    return (c.alpha_3, str(int(c.numeric))) if c else ("", "")


# ACLED writes a source_scale combination in this order, joined by "-" ("National-International").
SCALE_ORDER = ["Local", "Subnational", "National", "Regional", "International", "New media", "Other"]


@lru_cache(maxsize=1)
def _actor_db():
    from ..kb.actors import load_actors

    return load_actors()


def source_scale(inc: dict) -> str:
    """ACLED's source_scale from the sources and outlets the knowledge base knows: a source
    based in the incident's country is National, one based elsewhere (or international by
    nature, with no country) International.  Unknown names add nothing; none known gives ""."""
    scales = set()
    for name in [*(inc.get("sources") or []), *(inc.get("outlets") or [])]:
        found = _actor_db().lookup(name)
        if not found:
            continue
        home = found[0].country
        scales.add("National" if home and home == inc.get("iso2") else "International")
    return "-".join(s for s in SCALE_ORDER if s in scales)


def assoc_sides(inc: dict) -> tuple[list[dict], list[dict]]:
    """Associated actors split by side, as ACLED's assoc_actor_1 / assoc_actor_2: one goes with
    actor 2 when it shares actor 2's inter code and not actor 1's (civilians with civilians,
    a militia with the militia attacked), else with actor 1 (allies and backers of the agent)."""
    i1, i2 = _inter(inc.get("actor1")), _inter(inc.get("actor2"))
    side1, side2 = [], []
    for a in inc.get("assoc_actors") or []:
        inter = _inter(a)
        (side2 if inter != "" and inter == i2 and inter != i1 else side1).append(a)
    return side1, side2


def _names(actors) -> str:
    return "; ".join(n for a in actors if (n := _name(a)))


def _name(actor) -> str:
    """ACLED's actor name: a generic actor is qualified by its country ("Protesters (Israel)")."""
    name = (actor or {}).get("name") or ""
    known = _actor_db().by_id.get(actor.get("id") or "") if name else None
    if known is not None and known.kind == "generic" and actor.get("country"):
        import pycountry

        c = pycountry.countries.get(alpha_2=actor["country"])
        if c is not None:
            return f"{name} ({getattr(c, 'common_name', c.name)})"
    return name


def _inter(actor) -> int | str:
    value = (actor or {}).get("inter")
    return value if isinstance(value, int) else ""


def interaction(inter1, inter2) -> int | str:
    """ACLED's two-digit interaction code: the two inter codes, smaller first (10 × a sole actor)."""
    codes = sorted(c for c in (inter1, inter2) if isinstance(c, int) and c > 0)
    if not codes:
        return ""
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def row_for(inc: dict) -> dict:
    iso3, numeric = _country_codes(inc.get("iso2"))
    date = inc.get("date")
    a1, a2 = inc.get("actor1"), inc.get("actor2")
    i1, i2 = _inter(a1), _inter(a2)
    loc = inc.get("location") or {}
    sources = list(dict.fromkeys([*(inc.get("outlets") or []), *(inc.get("sources") or [])]))
    assoc1, assoc2 = assoc_sides(inc)
    last = inc.get("last_reported")
    notes = (f"{inc.get('acled_sub_event_type') or inc['type']} in {loc.get('name') or 'unknown place'}"
             f"{' on ' + date.isoformat() if date else ''}; {inc.get('n_documents', 0)} report(s)")
    if inc.get("fatalities_best") is not None:
        notes += (f"; fatalities low/best/high {inc['fatalities_low']}/{inc['fatalities_best']}/"
                  f"{inc['fatalities_high']} ({inc.get('fatalities_note') or ''})")
    if inc.get("region_wide"):
        notes += f"; {REGION_WIDE_NOTE}"
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{inc['id'].removeprefix('INC-')}",
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else "",
        "time_precision": inc.get("time_precision") or "",
        "disorder_type": DISORDER.get(inc.get("acled_event_type") or "", ""),
        "event_type": inc.get("acled_event_type") or "",
        "sub_event_type": inc.get("acled_sub_event_type") or "",
        "actor1": _name(a1),
        "assoc_actor_1": _names(assoc1),
        "inter1": i1,
        "actor2": _name(a2),
        "assoc_actor_2": _names(assoc2),
        "inter2": i2,
        "interaction": interaction(i1, i2),
        "civilian_targeting": "Civilian targeting" if i2 == 7 else "",
        "iso": numeric,
        "region": regions().get(inc.get("iso2") or "", ""),
        "country": inc.get("country") or "",
        "admin1": inc.get("admin1") or "",
        "admin2": inc.get("admin2") or "",
        "admin3": loc.get("admin3") or "",
        "location": loc.get("name") or "",
        "latitude": inc.get("lat") if inc.get("lat") is not None else "",
        "longitude": inc.get("lon") if inc.get("lon") is not None else "",
        "geo_precision": inc.get("geo_precision") or "",
        "source": "; ".join(sources),
        "source_scale": source_scale(inc),
        "notes": notes,
        "fatalities": inc.get("fatalities_low") if inc.get("fatalities_low") is not None else 0,
        "tags": f"marsad_id={inc['id']}" + ("; region_wide_toll" if inc.get("region_wide") else ""),
        "timestamp": calendar.timegm(last.timetuple()) if last else "",
    }


def write(rows, out) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    for inc in rows:
        writer.writerow(row_for(inc))
    text.flush()
    text.detach()
