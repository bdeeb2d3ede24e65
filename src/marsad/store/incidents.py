"""Incident merging: event mentions from different articles that tell the same happening
become one incident.

Two mentions are the same happening when all of these hold (each check returns the reason it
passed, and the reasons are stored with the incident):

* **type**: same type family (`event_types.tsv`); in the `strategic` family, the same type;
* **date**: the gap between their date ranges is within the looser precision window
  (`WINDOW_DAYS`: ±1 day when the day is known, ±7 for the week, ±31 for the month), with
  EVERY member of the incident (the other checks need one matching member).  A mention
  without a date uses its article's publication date with week precision;
* **place**: same GeoNames id or same name, or both precise and ≤ `MAX_KM` apart, or the same
  admin2 when one side is coarse (a district or region rather than a place);
* **actors**: no side names a different actor (a missing actor is compatible with any), with
  the two sides allowed to be swapped for clashes;
* they come from different articles (one article's distinct mentions are distinct events);
* no manual `split` decision separates them (a manual `merge` decision forces the join).

Blocking: candidates are only incidents in the same country whose date window overlaps the
mention's, found through the `(iso2, window_start)` index, so the cost per mention is a range
scan, not a pass over all incidents.

Fatalities follow UCDP: `low`/`high` are the smallest/largest credible figure and `best` the
figure cited by most articles.  Credible figures are those from mentions whose status is
`reported` (a party's own `claimed` toll is used only when nothing else exists); ties for
`best` go to the figure of the latest report (tolls are revised upwards as counts complete),
then to the smaller figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session, selectinload

from .models import EventMention, Incident, IncidentMention, MergeDecision, StoredDocument

WINDOW_DAYS = {1: 1, 2: 7, 3: 31}
UNDATED_PRECISION = 2
MAX_KM = 25.0
# Longest window an incident may span; bounds the blocking range scan from below.
MAX_WINDOW_DAYS = 2 * WINDOW_DAYS[3] + 62
SYMMETRIC_FAMILIES = {"violent"}
EXACT_TYPE_FAMILIES = {"strategic"}
INCIDENT_STATUSES = {"reported", "claimed", None}
_WITH_MEMBERS = (selectinload(Incident.members).selectinload(IncidentMention.mention),)


def _event_types() -> dict:
    for module in ("marsad.extraction.triggers", "marsad.extract.triggers"):
        try:
            mod = __import__(module, fromlist=["event_types"])
            return mod.event_types()
        except (ImportError, AttributeError):
            continue
    return {}


def family_of(event_type: str) -> str:
    et = _event_types().get(event_type)
    return et.family if et is not None else event_type


def _priority(event_type: str) -> int:
    et = _event_types().get(event_type)
    return et.priority if et is not None else 0


def incident_id_for(mention_id: str) -> str:
    return "INC-" + hashlib.sha1(mention_id.encode("utf-8")).hexdigest()[:12].upper()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class _When:
    start: dt.date
    end: dt.date
    slack: int


def _when(m: EventMention, pub: dt.date | None) -> _When | None:
    if m.date is not None:
        prec = m.time_precision or 1
        return _When(m.date, m.date_end or m.date, WINDOW_DAYS.get(prec, WINDOW_DAYS[3]))
    if pub is not None:
        return _When(pub, pub, WINDOW_DAYS[UNDATED_PRECISION])
    return None


def _window(w: _When) -> tuple[dt.date, dt.date]:
    return w.start - dt.timedelta(days=w.slack), w.end + dt.timedelta(days=w.slack)


def _date_reason(a: _When, b: _When) -> str | None:
    gap = max(0, (a.start - b.end).days, (b.start - a.end).days)
    allowed = max(a.slack, b.slack)
    if gap > allowed:
        return None
    return "same date" if gap == 0 else f"dates {gap} day(s) apart (window ±{allowed})"


def _coarse(m: EventMention) -> bool:
    return m.lat is None or (m.geo_precision or 1) >= 3 or (m.where_prec or 1) >= 3


def _place_reason(a: EventMention, b: EventMention) -> tuple[str, float] | None:
    if a.iso2 != b.iso2 or a.iso2 is None:
        return None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return f"same place ({a.location_name})", 0.0
    if a.location_name and a.location_name == b.location_name and a.admin1 == b.admin1:
        return f"same place ({a.location_name})", 0.0
    if not _coarse(a) and not _coarse(b):
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)
        if km <= MAX_KM:
            return f"{a.location_name} and {b.location_name} {km:.1f} km apart", km
        return None
    if a.admin2 and a.admin2 == b.admin2:
        return f"same admin2 ({a.admin2}), one place coarse", MAX_KM
    return None


def _same_actor(x: tuple[str | None, str | None], y: tuple[str | None, str | None]) -> bool:
    if x[0] and y[0]:
        return x[0] == y[0]
    return bool(x[1] and y[1] and x[1].casefold() == y[1].casefold())


def _compatible(x, y) -> bool:
    return not (x[0] or x[1]) or not (y[0] or y[1]) or _same_actor(x, y)


def _actor_reason(a: EventMention, b: EventMention, family: str) -> str | None:
    a1, a2 = (a.actor1_id, a.actor1_name), (a.actor2_id, a.actor2_name)
    b1, b2 = (b.actor1_id, b.actor1_name), (b.actor2_id, b.actor2_name)
    if _compatible(a1, b1) and _compatible(a2, b2):
        shared = [n for x, y in ((a1, b1), (a2, b2)) if (x[0] or x[1]) and (y[0] or y[1]) for n in [x[1] or x[0]]]
        return f"same actors ({', '.join(shared)})" if shared else "actors compatible (unnamed on one side)"
    if family in SYMMETRIC_FAMILIES and _compatible(a1, b2) and _compatible(a2, b1):
        return "same actors, sides swapped"
    return None


def _type_reason(a: EventMention, b: EventMention) -> str | None:
    if a.type == b.type:
        return f"same type ({a.type})"
    fa, fb = a.family or a.type, b.family or b.type
    if fa == fb and fa not in EXACT_TYPE_FAMILIES:
        return f"same family ({fa}: {a.type} / {b.type})"
    return None


def match(a: EventMention, b: EventMention, pub_a: dt.date | None, pub_b: dt.date | None) -> tuple[str, tuple] | None:
    """Why `a` and `b` tell the same happening, with a sort key (lower is closer); None if not."""
    if a.document_id == b.document_id:
        return None
    type_r = _type_reason(a, b)
    if type_r is None:
        return None
    wa, wb = _when(a, pub_a), _when(b, pub_b)
    if wa is None or wb is None:
        return None
    date_r = _date_reason(wa, wb)
    if date_r is None:
        return None
    place = _place_reason(a, b)
    if place is None:
        return None
    actor_r = _actor_reason(a, b, a.family or a.type)
    if actor_r is None:
        return None
    gap = max(0, (wa.start - wb.end).days, (wb.start - wa.end).days)
    return "; ".join([type_r, date_r, place[0], actor_r]), (gap, place[1])


def _decisions(session: Session, mention_id: str) -> dict[str, str]:
    rows = session.execute(select(MergeDecision).where(
        (MergeDecision.mention_a == mention_id) | (MergeDecision.mention_b == mention_id))).scalars()
    return {(d.mention_b if d.mention_a == mention_id else d.mention_a): d.kind for d in rows}


def _pub_dates(session: Session, doc_ids: Iterable[str]) -> dict[str, dt.date | None]:
    ids = set(doc_ids)
    if not ids:
        return {}
    rows = session.execute(select(StoredDocument.id, StoredDocument.publication_date)
                           .where(StoredDocument.id.in_(ids)))
    return dict(rows.all())


def eligible(m: EventMention) -> bool:
    """Denied, threatened and planned events are not incidents."""
    return m.status in INCIDENT_STATUSES


def assign(session: Session, mentions: Iterable[EventMention]) -> list[str]:
    """Put each mention into an existing incident or a new one; returns the incident ids touched.

    Deterministic: the same mentions in the same order over the same store give the same ids."""
    touched: list[str] = []
    mentions = [m for m in mentions if eligible(m)]
    if not mentions:
        return touched
    linked = set(session.execute(select(IncidentMention.mention_id)
                                 .where(IncidentMention.mention_id.in_([m.id for m in mentions]))).scalars())
    any_decisions = session.execute(select(MergeDecision.kind).limit(1)).first() is not None
    doc_pubs = _pub_dates(session, {m.document_id for m in mentions})
    for m in mentions:
        if m.id in linked:
            continue
        pubs = dict(doc_pubs)
        when = _when(m, pubs.get(m.document_id))
        decisions = _decisions(session, m.id) if any_decisions else {}
        chosen: tuple[tuple, str, str] | None = None  # (key, incident id, reason)
        forced = [other for other, kind in decisions.items() if kind == "merge"]
        for other in sorted(forced):
            link = session.get(IncidentMention, other)
            if link is not None:
                chosen = ((-1,), link.incident_id, f"manual merge with {other}")
                break
        if chosen is None and when is not None and m.iso2:
            lo, hi = _window(when)
            candidates = session.execute(select(Incident).where(and_(
                Incident.iso2 == m.iso2,
                Incident.window_start <= hi,
                Incident.window_start >= lo - dt.timedelta(days=MAX_WINDOW_DAYS),
                Incident.window_end >= lo,
            )).order_by(Incident.id).options(*_WITH_MEMBERS)).scalars().all()
            pubs.update(_pub_dates(session, {im.mention.document_id for inc in candidates for im in inc.members}))
            for inc in candidates:
                members = [im.mention for im in inc.members]
                if any(o.document_id == m.document_id or decisions.get(o.id) == "split" for o in members):
                    continue
                # Dates must fit every member (complete linkage), or a chain of day-apart reports
                # would drift into one incident spanning weeks.
                if any(_date_reason(when, w) is None
                       for o in members if (w := _when(o, pubs.get(o.document_id))) is not None):
                    continue
                best = None
                for o in members:
                    r = match(m, o, pubs.get(m.document_id), pubs.get(o.document_id))
                    if r is not None and (best is None or r[1] < best[1]):
                        best = (r[0], r[1], o.id)
                if best is not None:
                    key = (best[1], -inc.n_documents, inc.id)
                    if chosen is None or key < chosen[0]:
                        chosen = (key, inc.id, f"matches {best[2]}: {best[0]}")
        if chosen is None:
            inc = Incident(id=incident_id_for(m.id), type=m.type)
            session.add(inc)
            session.add(IncidentMention(mention_id=m.id, incident_id=inc.id, reason="first report"))
            target = inc.id
        else:
            target = chosen[1]
            session.add(IncidentMention(mention_id=m.id, incident_id=target, reason=chosen[2]))
        session.flush()
        refresh(session, target)
        touched.append(target)
    return touched


def detach(session: Session, mention_ids: Iterable[str]) -> set[str]:
    """Take mentions out of their incidents (before their document is replaced); returns the
    incidents that still have members and were refreshed."""
    ids = list(mention_ids)
    if not ids:
        return set()
    affected = set(session.execute(select(IncidentMention.incident_id)
                                   .where(IncidentMention.mention_id.in_(ids))).scalars())
    session.execute(delete(IncidentMention).where(IncidentMention.mention_id.in_(ids)))
    session.flush()
    session.expire_all()
    left = set()
    for inc_id in sorted(affected):
        if refresh(session, inc_id):
            left.add(inc_id)
    return left


def _most_common(values: list, key=lambda v: v):
    counts = Counter(key(v) for v in values)
    best = max(counts.values())
    for v in values:  # first in member order among the most common
        if counts[key(v)] == best:
            return v
    return None


def _actor_dict(m: EventMention, side: int) -> dict | None:
    rec = m.record.get(f"actor{side}")
    return rec or None


def fatality_estimate(figures: list[tuple[int, str, dt.date | None]]) -> tuple[int | None, int | None, int | None, str | None]:
    """UCDP-style (low, best, high, note) from (figure, status, report date), one per article."""
    if not figures:
        return None, None, None, None
    credible = [f for f in figures if f[1] != "claimed"] or figures
    values = [f[0] for f in credible]
    counts = Counter(values)
    latest = {v: max((f[2] or dt.date.min) for f in credible if f[0] == v) for v in counts}
    best = sorted(counts, key=lambda v: (-counts[v], -latest[v].toordinal(), v))[0]
    note = f"best {best} cited by {counts[best]} of {len(credible)} report(s)"
    if len(credible) < len(figures):
        note += f"; {len(figures) - len(credible)} claimed figure(s) set aside"
    return min(values), best, max(values), note


def refresh(session: Session, incident_id: str) -> bool:
    """Recompute an incident from its mentions; deletes it when none are left."""
    inc = session.execute(select(Incident).where(Incident.id == incident_id).options(*_WITH_MEMBERS)
                          .execution_options(populate_existing=True)).scalar_one_or_none()
    if inc is None:
        return False
    members = sorted((im for im in inc.members), key=lambda im: im.mention_id)
    if not members:
        session.delete(inc)
        session.flush()
        return False
    mentions = [im.mention for im in members]
    docs = {d.id: d for d in session.execute(select(StoredDocument).where(
        StoredDocument.id.in_({m.document_id for m in mentions}))).scalars()}
    ctype = _most_common(sorted(mentions, key=lambda m: -_priority(m.type)), key=lambda m: m.type)
    inc.type = ctype.type
    for field in ("family", "plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type"):
        setattr(inc, field, getattr(ctype, field))
    dated = [m for m in mentions if m.date is not None]
    if dated:
        top = min(m.time_precision or 3 for m in dated)
        precise = [m for m in dated if (m.time_precision or 3) == top]
        dm = _most_common(sorted(precise, key=lambda m: m.date), key=lambda m: m.date)
        inc.date, inc.date_end, inc.time_precision = dm.date, dm.date_end, dm.time_precision
    else:
        inc.date = inc.date_end = inc.time_precision = None
    windows = [_window(w) for m in mentions if (w := _when(m, docs[m.document_id].publication_date))]
    inc.window_start = min((w[0] for w in windows), default=None)
    inc.window_end = max((w[1] for w in windows), default=None)
    placed = [m for m in mentions if m.location_name or m.iso2]
    if placed:
        lm = _most_common(sorted(placed, key=lambda m: (m.geo_precision or 9, m.where_prec or 9, m.lat is None)),
                          key=lambda m: (m.geo_precision or 9, m.where_prec or 9))
        inc.location = lm.record.get("location")
        for field in ("country", "iso2", "admin1", "admin2", "lat", "lon", "geo_precision"):
            setattr(inc, field, getattr(lm, field))
    else:
        inc.location = None
        inc.country = inc.iso2 = inc.admin1 = inc.admin2 = inc.lat = inc.lon = inc.geo_precision = None
    for side in (1, 2):
        named = [a for m in mentions if (a := _actor_dict(m, side))]
        setattr(inc, f"actor{side}", _most_common(named, key=lambda a: a.get("id") or a.get("name")) if named else None)
    assoc: dict[str, dict] = {}
    for m in mentions:
        for a in m.record.get("assoc_actors") or []:
            assoc.setdefault(a.get("id") or a.get("name") or "", a)
    inc.assoc_actors = [assoc[k] for k in sorted(assoc)]
    per_doc: dict[str, tuple[int, str, dt.date | None]] = {}
    for m in mentions:
        if m.fatalities is not None:
            fig = (m.fatalities, m.status or "reported", docs[m.document_id].publication_date)
            if m.document_id not in per_doc or fig[0] > per_doc[m.document_id][0]:
                per_doc[m.document_id] = fig
    inc.fatalities_low, inc.fatalities_best, inc.fatalities_high, inc.fatalities_note = \
        fatality_estimate([per_doc[k] for k in sorted(per_doc)])
    inc.sources = sorted({m.source for m in mentions if m.source})
    inc.outlets = sorted({d.outlet for d in docs.values() if d.outlet})
    inc.n_documents = len(docs)
    pubs = [d.publication_date for d in docs.values() if d.publication_date]
    inc.first_reported, inc.last_reported = (min(pubs), max(pubs)) if pubs else (None, None)
    inc.merge_reasons = [{"mention": im.mention_id, "reason": im.reason} for im in members]
    session.flush()
    return True


# --- manual decisions ---------------------------------------------------------------------

def _decide(session: Session, a: str, b: str, kind: str, note: str | None) -> None:
    lo, hi = sorted((a, b))
    row = session.get(MergeDecision, (lo, hi))
    now = dt.datetime.now(dt.timezone.utc)
    if row is None:
        session.add(MergeDecision(mention_a=lo, mention_b=hi, kind=kind, note=note, decided_at=now))
    else:
        row.kind, row.note, row.decided_at = kind, note, now


def merge_incidents(session: Session, keep: str, other: str, note: str | None = None) -> str:
    """Fold incident `other` into `keep` and record the decision; returns `keep`."""
    a, b = session.get(Incident, keep), session.get(Incident, other)
    for inc_id, inc in ((keep, a), (other, b)):
        if inc is None:
            raise KeyError(f"no incident {inc_id!r}")
    if keep == other:
        return keep
    ours = [im.mention_id for im in a.members]
    for im in list(b.members):
        for mine in ours:
            _decide(session, mine, im.mention_id, "merge", note)
        im.incident_id = keep
        im.reason = f"manual merge of {other}" + (f" ({note})" if note else "")
    session.flush()
    session.expire_all()
    refresh(session, other)
    refresh(session, keep)
    return keep


def split_mention(session: Session, mention_id: str, note: str | None = None) -> str:
    """Take a mention out of its incident into one of its own and record that it differs from
    every other member; returns the new incident's id."""
    link = session.get(IncidentMention, mention_id)
    if link is None:
        raise KeyError(f"mention {mention_id!r} is in no incident")
    old = link.incident_id
    others = [im.mention_id for im in session.get(Incident, old).members if im.mention_id != mention_id]
    if not others:
        return old
    for o in others:
        _decide(session, mention_id, o, "split", note)
    new_id = incident_id_for(mention_id)
    if new_id == old:  # the split mention seeded the incident: the rest keep a new id instead
        new_id = incident_id_for(mention_id + "#split")
    session.add(Incident(id=new_id, type=link.mention.type))
    session.flush()
    link.incident_id = new_id
    link.reason = "manual split" + (f" ({note})" if note else "")
    session.flush()
    session.expire_all()
    refresh(session, old)
    refresh(session, new_id)
    return new_id
