"""Server-rendered pages (Jinja2, autoescaped; the article view builds its highlighted HTML
here with every piece of scraped text escaped)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..store import review as R
from . import assets
from .api import filters

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

# ACLED event type → colour (map markers, timeline bars, legend); contrast-checked on white.
TYPE_COLORS = {
    "Battles": "#b2182b",
    "Explosions/Remote violence": "#d95f02",
    "Violence against civilians": "#7b3294",
    "Riots": "#8c510a",
    "Protests": "#1b7837",
    "Strategic developments": "#2166ac",
}
OTHER_COLOR = "#555555"


def type_color(event_type: str | None) -> str:
    from ..store.incidents import _event_types

    et = _event_types().get(event_type or "")
    acled = getattr(et, "acled_event_type", None) or event_type
    return TYPE_COLORS.get(acled or "", OTHER_COLOR)


templates.env.globals["type_color"] = type_color
templates.env.globals["TYPE_COLORS"] = TYPE_COLORS


def _ctx(request: Request, query: R.IncidentQuery | None = None, **extra):
    params = query.params() if query else {}
    nav = {k: v for k, v in params.items() if k not in ("limit", "offset", "sort", "order")}
    return {"request": request, "query": query, "qs": urlencode(nav), "params": params,
            "token_required": bool(request.app.state.token), **extra}


@router.get("/incidents")
def incidents_page(request: Request, query: R.IncidentQuery = Depends(filters)):
    store = request.app.state.store
    total, items = R.query_incidents(store, query)
    params = query.params()

    def link(**change):
        merged = {**params, **{k: str(v) for k, v in change.items()}}
        return "/incidents?" + urlencode({k: v for k, v in merged.items() if v not in ("", "None")})

    def sort_link(key):
        order = "asc" if query.sort == key and query.order == "desc" else "desc"
        return link(sort=key, order=order, offset=0)

    pages = {"prev": link(offset=max(0, query.offset - query.limit)) if query.offset > 0 else None,
             "next": link(offset=query.offset + query.limit) if query.offset + query.limit < total else None}
    return templates.TemplateResponse(request, "incidents.html", _ctx(
        request, query, total=total, items=items, facets=R.facets(store), pages=pages, sort_link=sort_link))


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: str):
    detail = R.incident_detail(request.app.state.store, incident_id)
    if detail is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    from ..store.incidents import _event_types

    return templates.TemplateResponse(request, "incident.html", _ctx(
        request, inc=detail, event_types=sorted(_event_types())))


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str, mention: str | None = None, removed: bool = False):
    doc = R.document_detail(request.app.state.store, document_id)
    if doc is None:
        raise HTTPException(404, f"no document {document_id!r}")
    body = render_article(doc, focus=mention, show_removed=removed)
    return templates.TemplateResponse(request, "document.html", _ctx(
        request, doc=doc, body=body, focus=mention, show_removed=removed))


@router.get("/timeline")
def timeline_page(request: Request, query: R.IncidentQuery = Depends(filters)):
    days = R.timeline(request.app.state.store, query)
    return templates.TemplateResponse(request, "timeline.html", _ctx(
        request, query, svg=timeline_svg(days), unit=timeline_unit(days), n=sum(d["count"] for d in days)))


@router.get("/map")
def map_page(request: Request, query: R.IncidentQuery = Depends(filters)):
    root = request.app.state.assets_dir
    return templates.TemplateResponse(request, "map.html", _ctx(
        request, query, map_ready=assets.available(root), missing=assets.missing(root)))


@router.get("/articles/new")
def add_articles_page(request: Request):
    from . import articles

    return templates.TemplateResponse(request, "add.html", _ctx(
        request, accept=articles.ACCEPT, max_files=articles.MAX_FILES,
        max_mb=articles.MAX_FILE_BYTES // 2**20))


# --- the article with its highlights --------------------------------------------------------

ENTITY_CLASSES = {"ACTOR": "ent-actor", "ORG": "ent-org", "PERSON": "ent-person", "LOC": "ent-loc",
                  "DATE": "ent-date", "NUMBER": "ent-number", "SOURCE": "ent-source"}


def _entity_title(e: dict) -> str:
    bits = [e["label"]]
    if e.get("name"):
        bits.append(e["name"])
    if e.get("kb_id"):
        bits.append(f"id {e['kb_id']}")
    attrs = e.get("attrs") or {}
    if attrs.get("lat") is not None and attrs.get("lon") is not None:
        bits.append(f"{attrs['lat']:.4f}, {attrs['lon']:.4f}")
    if attrs.get("value") is not None:
        bits.append(f"value {attrs['value']}")
    return " · ".join(str(b) for b in bits)


def article_spans(doc: dict, focus: str | None = None) -> list[dict]:
    """Every highlight as {start, end, kind, cls, title, mention?} over the clean text;
    spans with offsets outside the text are dropped (stored data is not trusted)."""
    n = len(doc["text"])
    spans = []
    for m in doc["mentions"]:
        ev = m.get("evidence") or {}
        cls = "evidence focus" if m["id"] == focus else "evidence"
        spans.append({"start": ev.get("start"), "end": ev.get("end"), "kind": "evidence", "cls": cls,
                      "title": f"event {m['type']}" + (f" → {m['incident_id']}" if m.get("incident_id") else ""),
                      "mention": m["id"]})
        tr = m.get("trigger") or {}
        spans.append({"start": tr.get("start"), "end": tr.get("end"), "kind": "trigger", "cls": "trigger",
                      "title": f"trigger of {m['type']}"})
    for q in doc["quotes"]:
        who = (q.get("speaker") or {}).get("name") or "unknown speaker"
        spans.append({"start": q["start"], "end": q["end"], "kind": "quote", "cls": "quote", "title": f"quote: {who}"})
    for e in doc["entities"]:
        spans.append({"start": e["start"], "end": e["end"], "kind": "entity",
                      "cls": "ent " + ENTITY_CLASSES.get(e["label"], "ent-other"), "title": _entity_title(e)})
    return [s for s in spans if isinstance(s["start"], int) and isinstance(s["end"], int)
            and 0 <= s["start"] < s["end"] <= n]


def render_article(doc: dict, focus: str | None = None, show_removed: bool = False) -> Markup:
    """The clean text as HTML: each stretch covered by highlights is one element carrying all
    their classes (evidence as <mark>); removed lines are inserted where they were cut."""
    text = doc["text"]
    spans = article_spans(doc, focus)
    removed = defaultdict(list)
    for r in doc["removed"]:
        removed[min(max(0, int(r["clean_offset"])), len(text))].append(r)
    points = sorted({0, len(text), *removed, *(s["start"] for s in spans), *(s["end"] for s in spans)})
    out = []
    for i, a in enumerate(points):
        for r in removed.get(a, ()):
            hidden = "" if show_removed else " hidden"
            out.append(Markup('<span class="removed" data-reason="{}" title="removed: {}"{}>{}</span>').format(
                r["reason"], r["reason"], Markup(hidden), r["text"] + "\n"))
        if i + 1 == len(points):
            break
        b = points[i + 1]
        piece = text[a:b]
        cover = [s for s in spans if s["start"] <= a and s["end"] >= b]
        if not cover:
            out.append(escape(piece))
            continue
        classes = " ".join(dict.fromkeys(c for s in cover for c in s["cls"].split()))
        title = " | ".join(dict.fromkeys(s["title"] for s in cover))
        mention = next((s["mention"] for s in cover if s.get("mention")), None)
        tag = "mark" if any(s["kind"] == "evidence" for s in cover) else "span"
        attrs = Markup(' data-mention="{}"').format(mention) if mention else Markup("")
        out.append(Markup('<{tag} class="{cls}" title="{title}"{attrs}>{piece}</{tag}>').format(
            tag=Markup(tag), cls=classes, title=title, attrs=attrs, piece=piece))
    return Markup("").join(out)


# --- the timeline ---------------------------------------------------------------------------

def timeline_unit(days: list[dict]) -> str:
    span = (days[-1]["date"] - days[0]["date"]).days if days else 0
    return "day" if span <= 120 else "week" if span <= 1100 else "month"


def timeline_svg(days: list[dict], width: int = 960, height: int = 260) -> Markup:
    """Stacked bars of incidents per day; per week (from Monday) past 120 days, per month past
    three years, so bars stay wide enough to see."""
    if not days:
        return Markup('<p class="empty">No dated incidents for this filter. · لا حوادث مؤرخة لهذا التصفية.</p>')
    first, last = days[0]["date"], days[-1]["date"]
    unit = timeline_unit(days)

    def bucket(d: dt.date) -> dt.date:
        if unit == "week":
            return d - dt.timedelta(days=d.weekday())
        return d.replace(day=1) if unit == "month" else d

    def step(d: dt.date) -> dt.date:
        if unit == "month":
            return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return d + dt.timedelta(days=7 if unit == "week" else 1)

    def label(d: dt.date) -> str:
        return d.strftime("%Y-%m") if unit == "month" else d.isoformat()

    counts: dict[dt.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for d in days:
        counts[bucket(d["date"])][d["type"]] += d["count"]
    keys = []
    cur = bucket(first)
    while cur <= bucket(last):
        keys.append(cur)
        cur = step(cur)
    peak = max(sum(c.values()) for c in counts.values())
    left, bottom, top = 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar_w = plot_w / len(keys)
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
                    'aria-label="Incidents per {}" class="timeline">').format(width, height, unit)]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(Markup('<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" class="grid"/>'
                            '<text x="{}" y="{:.1f}" class="axis" text-anchor="end">{}</text>').format(
            left, width - 10, y, y, left - 4, y + 4, math.ceil(peak * frac) if frac else 0))
    label_every = max(1, len(keys) // 8)
    for i, k in enumerate(keys):
        x = left + i * bar_w
        y = top + plot_h
        for etype, n in sorted(counts.get(k, {}).items()):
            h = plot_h * n / peak
            y -= h
            parts.append(Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                                '<title>{}: {} × {}</title></rect>').format(
                x + 0.5, y, max(1.0, bar_w - 1), h, type_color(etype),
                label(k), n, etype))
        if i % label_every == 0 and x < width - 80:  # no label cut off at the right edge
            parts.append(Markup('<text x="{:.1f}" y="{}" class="axis">{}</text>').format(
                x, height - 10, label(k)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
