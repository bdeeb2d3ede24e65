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
mention's, found through the `(iso2, window_start)` index in one query that also brings their
members, so the cost per mention is an index range scan (log n) plus the few incidents of
that country and week -- n log n in all, not a pass over all incidents.  Only the incident
the mention joins is recomputed.

Changing an article takes its old mentions out (`detach`); the members they leave behind are
merged again from scratch, so an incident whose only link was the removed mention splits.

The incident's location is the most precise one its members give (a town beats its district,
a district its province), and among equally precise ones the place most members name; its
date likewise the most precise date, then the most common.

Fatalities follow UCDP: `low`/`high` are the smallest/largest credible figure and `best` the
figure cited by most articles.  Credible figures are those from mentions whose status is
`reported` (a party's own `claimed` toll is used only when nothing else exists); ties for
`best` go to the figure of the latest report (tolls are revised upwards as counts complete),
then to the smaller figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..kb.gazetteer import haversine_km
from .models import EventMention, Incident, IncidentMention, MergeDecision, StoredDocument

WINDOW_DAYS = {1: 1, 2: 7, 3: 31}
UNDATED_PRECISION = 2
MAX_KM = 25.0
# Longest window an incident may span; bounds the blocking range scan from below.
MAX_WINDOW_DAYS = 2 * WINDOW_DAYS[3] + 62
SYMMETRIC_FAMILIES = {"violent"}
EXACT_TYPE_FAMILIES = {"strategic"}
INCIDENT_STATUSES = {"reported", "claimed", None}


def _event_types() -> dict:
    for module in ("marsad.extraction.triggers", "marsad.extract.triggers"):
        try:
            mod = __import__(module, fromlist=["event_types"])
            return mod.event_types()
        except (ImportError, AttributeError):
            continue
    return {}


@lru_cache(maxsize=1024)
def family_of(event_type: str) -> str:
    et = _event_types().get(event_type)
    return et.family if et is not None else event_type


@lru_cache(maxsize=1024)
def _priority(event_type: str) -> int:
    et = _event_types().get(event_type)
    return et.priority if et is not None else 0


def incident_id_for(mention_id: str) -> str:
    return "INC-" + hashlib.sha1(mention_id.encode("utf-8")).hexdigest()[:12].upper()


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


# --- mentions as plain rows ---------------------------------------------------------------
# The merge reads mentions as light rows (one Core query per step) rather than ORM objects:
# loading, tracking and flushing ORM instances was most of an ingest's CPU time.

MENTION_FIELDS = ("id", "document_id", "type", "family", "status", "actor1_id", "actor1_name", "actor2_id",
                  "actor2_name", "location_name", "admin1", "admin2", "iso2", "lat", "lon", "geonameid",
                  "geo_precision", "where_prec", "date", "date_end", "time_precision", "fatalities", "source")


class MentionRow:
    """What the merge needs of one mention: its `EventMention` columns (`MENTION_FIELDS`), its
    whole `record` (when loaded), its article's publication date (`pub`) and `outlet`, and the
    `reason` it joined its incident."""

    __slots__ = MENTION_FIELDS + ("record", "pub", "outlet", "reason", "incident_id")

    def __init__(self, values: dict, *, record=None, pub=None, outlet=None, reason=None, incident_id=None):
        for f in MENTION_FIELDS:
            setattr(self, f, values.get(f))
        self.record, self.pub, self.outlet = record, pub, outlet
        self.reason, self.incident_id = reason, incident_id

    @classmethod
    def of(cls, m, pub=None, outlet=None) -> MentionRow:
        if isinstance(m, MentionRow):
            return m
        return cls({f: getattr(m, f) for f in MENTION_FIELDS}, record=m.record, pub=pub, outlet=outlet)


_EM, _IM = EventMention.__table__, IncidentMention.__table__
_INC, _DOC, _DEC = Incident.__table__, StoredDocument.__table__, MergeDecision.__table__
_MEMBER_COLUMNS = ([_EM.c[f] for f in MENTION_FIELDS]
                   + [_DOC.c.publication_date.label("pub"), _DOC.c.outlet, _IM.c.reason, _IM.c.incident_id])
_MEMBERS_FROM = _IM.join(_EM, _EM.c.id == _IM.c.mention_id).join(_DOC, _DOC.c.id == _EM.c.document_id)


# Statements built once: constructing them per call cost more CPU than running them.
_IDS = bindparam("ids", expanding=True)
_Q_MEMBERS = {with_record: select(*_MEMBER_COLUMNS, *([_EM.c.record] if with_record else []))
              .select_from(_MEMBERS_FROM).where(_IM.c.incident_id.in_(_IDS)).order_by(_IM.c.incident_id, _EM.c.id)
              for with_record in (False, True)}
_Q_CANDIDATES = (select(*_MEMBER_COLUMNS, _INC.c.n_documents, _INC.c.region_wide)
                 .select_from(_INC.join(_MEMBERS_FROM, _IM.c.incident_id == _INC.c.id))
                 .where(_INC.c.iso2 == bindparam("iso2"), _INC.c.window_start <= bindparam("hi"),
                        _INC.c.window_start >= bindparam("lo_min"), _INC.c.window_end >= bindparam("lo"))
                 .order_by(_INC.c.id, _EM.c.id))
_Q_DECISIONS = select(_DEC.c.mention_a, _DEC.c.mention_b, _DEC.c.kind).where(
    _DEC.c.mention_a.in_(_IDS) | _DEC.c.mention_b.in_(bindparam("ids2", expanding=True)))
_Q_LINKED = select(_IM.c.mention_id).where(_IM.c.mention_id.in_(_IDS))
_Q_INCIDENT_OF = select(_IM.c.incident_id).where(_IM.c.mention_id == bindparam("mention"))
_Q_DOCS = select(_DOC.c.id, _DOC.c.publication_date, _DOC.c.outlet).where(_DOC.c.id.in_(_IDS))
_INSERT_INCIDENT, _INSERT_LINK = insert(_INC), insert(_IM)
# INSERT … ON CONFLICT (id) DO NOTHING RETURNING id: a taken incident id then returns no row, not an
# error that would abort the document's PostgreSQL transaction.
_INSERT_NEW = {"sqlite": sqlite_insert(_INC).on_conflict_do_nothing(index_elements=["id"]).returning(_INC.c.id),
               "postgresql": postgresql_insert(_INC).on_conflict_do_nothing(index_elements=["id"])
               .returning(_INC.c.id)}
_UPDATE_INCIDENT = (update(_INC).where(_INC.c.id == bindparam("incident"))
                    .values({c.name: bindparam("v_" + c.name, type_=c.type) for c in _INC.c if c.name != "id"}))
_DELETE_INCIDENT = delete(_INC).where(_INC.c.id == bindparam("incident"))
_DELETE_LINKS_OF = delete(_IM).where(_IM.c.incident_id == bindparam("incident"))


_N = len(MENTION_FIELDS)


def _row(r, with_record: bool) -> MentionRow:
    """A MentionRow from a `_MEMBER_COLUMNS` (+ record) result row."""
    m = MentionRow.__new__(MentionRow)
    for f, v in zip(MENTION_FIELDS, r):
        setattr(m, f, v)
    m.pub, m.outlet, m.reason, m.incident_id = r[_N], r[_N + 1], r[_N + 2], r[_N + 3]
    m.record = r[_N + 4] if with_record else None
    return m


def _members(session: Session, incident_ids: Iterable[str], with_record: bool = True) -> dict[str, list[MentionRow]]:
    """The members of each incident, ordered by mention id, in one query."""
    ids = sorted(set(incident_ids))
    out: dict[str, list[MentionRow]] = {i: [] for i in ids}
    if not ids:
        return out
    for r in session.connection().execute(_Q_MEMBERS[with_record], {"ids": ids}):
        out[r.incident_id].append(_row(r, with_record))
    return out


def _candidates(session: Session, m: MentionRow, when: _When) -> list[tuple[str, int, list[MentionRow]]]:
    """(incident id, n_documents, members) of the incidents the blocking index returns for `m`:
    same country, date windows overlapping -- one range scan on `ix_incidents_block`.  A toll
    over a whole region meets only other such tolls: its towns' strikes are incidents apart."""
    lo, hi = _window(when)
    rows = session.connection().execute(_Q_CANDIDATES, {
        "iso2": m.iso2, "hi": hi, "lo_min": lo - dt.timedelta(days=MAX_WINDOW_DAYS), "lo": lo})
    wide = region_wide(m)
    out: list[tuple[str, int, list[MentionRow]]] = []
    for r in rows:
        if bool(r.region_wide) != wide:
            continue
        if not out or out[-1][0] != r.incident_id:
            out.append((r.incident_id, r.n_documents, []))
        out[-1][2].append(_row(r, False))
    return out


def region_wide(m: MentionRow) -> bool:
    """The mention gives a toll across a whole region ("في أنحاء القطاع"), the extractor's signal."""
    return "region_wide" in ((m.record or {}).get("signals") or ())


def _decisions(session: Session, mention_id: str) -> dict[str, str]:
    return _decisions_for(session, [mention_id]).get(mention_id, {})


def _decisions_for(session: Session, mention_ids: list[str]) -> dict[str, dict[str, str]]:
    """mention id → {other mention id: "merge" | "split"}, for all of `mention_ids` in one query."""
    out: dict[str, dict[str, str]] = {}
    ids = set(mention_ids)
    if not ids:
        return out
    rows = session.connection().execute(_Q_DECISIONS, {"ids": sorted(ids), "ids2": sorted(ids)})
    for a, b, kind in rows:
        if a in ids:
            out.setdefault(a, {})[b] = kind
        if b in ids:
            out.setdefault(b, {})[a] = kind
    return out


def _pub_dates(session: Session, doc_ids: Iterable[str]) -> dict[str, tuple[dt.date | None, str | None]]:
    ids = set(doc_ids)
    if not ids:
        return {}
    rows = session.connection().execute(_Q_DOCS, {"ids": sorted(ids)})
    return {i: (p, o) for i, p, o in rows}


def eligible(m) -> bool:
    """Denied, threatened and planned events are not incidents."""
    return m.status in INCIDENT_STATUSES


def _choose(session: Session, m: MentionRow, decisions: dict[str, str]) -> tuple[str | None, str]:
    """The incident `m` joins (None for a new one) and why."""
    for other in sorted(o for o, kind in decisions.items() if kind == "merge"):
        target = session.connection().execute(_Q_INCIDENT_OF, {"mention": other}).scalar()
        if target is not None:
            return target, f"manual merge with {other}"
    when = _when(m, m.pub)
    if when is None or not m.iso2:
        return None, "first report"
    chosen: tuple[tuple, str, str] | None = None  # (key, incident id, reason)
    for inc_id, n_docs, members in _candidates(session, m, when):
        if any(o.document_id == m.document_id or decisions.get(o.id) == "split" for o in members):
            continue
        # Dates must fit every member (complete linkage), or a chain of day-apart reports
        # would drift into one incident spanning weeks.
        if any(_date_reason(when, w) is None for o in members if (w := _when(o, o.pub)) is not None):
            continue
        best = None
        for o in members:
            r = match(m, o, m.pub, o.pub)
            if r is not None and (best is None or r[1] < best[1]):
                best = (r[0], r[1], o.id)
        if best is not None:
            key = (best[1], -n_docs, inc_id)
            if chosen is None or key < chosen[0]:
                chosen = (key, inc_id, f"matches {best[2]}: {best[0]}")
    return (chosen[1], chosen[2]) if chosen else (None, "first report")


def assign(session: Session, mentions: Iterable, *, check_linked: bool = True, _seed_ids: list[str] | None = None
           ) -> list[str]:
    """Put each mention (`EventMention` or `MentionRow`) into an existing incident or a new one;
    returns the incident ids touched.  Only the incidents the blocking index returns are read.

    Deterministic: the same mentions in the same order over the same store give the same ids.
    `check_linked=False` skips looking for mentions already in an incident (the caller has
    just inserted them)."""
    touched: list[str] = []
    mentions = [m for m in mentions if eligible(m)]
    if not mentions:
        return touched
    if session.new or session.dirty or session.deleted:  # ORM rows the Core queries below must see
        session.flush()
    missing = {m.document_id for m in mentions if not isinstance(m, MentionRow) or m.record is None}
    docs = _pub_dates(session, missing)
    rows = [MentionRow.of(m, *docs.get(m.document_id, (None, None))) for m in mentions]
    conn = session.connection()
    linked: set[str] = set()
    if check_linked:
        linked = set(conn.execute(_Q_LINKED, {"ids": [m.id for m in rows]}).scalars())
    decisions = _decisions_for(session, [m.id for m in rows])
    for m in rows:
        if m.id in linked:
            continue
        target, reason = _choose(session, m, decisions.get(m.id, {}))
        if target is None:
            target = incident_id_for(m.id)
            if _seed_ids:  # re-merging an incident's members: the first group keeps its id
                target = _seed_ids.pop(0)
            m.reason = reason
            target = _insert_new_incident(conn, target, m)
            conn.execute(_INSERT_LINK, [{"mention_id": m.id, "incident_id": target, "reason": reason}])
        else:
            conn.execute(_INSERT_LINK, [{"mention_id": m.id, "incident_id": target, "reason": reason}])
            refresh(session, target)
        touched.append(target)
    return touched


def _insert_new_incident(conn, incident_id: str, m: MentionRow) -> str:
    """Insert the incident `m` seeds under `incident_id`, or under a derived id when that one is
    taken (the mention seeded an incident before, its article changed, and the incident lives
    on with the other members); returns the id used.  One statement in the usual case."""
    insert_new = _INSERT_NEW.get(conn.dialect.name)
    for n in range(100):
        candidate = incident_id if n == 0 else incident_id_for(f"{m.id}#{n}")
        row = _summary(candidate, [m])
        if insert_new is not None:
            if conn.execute(insert_new, row).first() is not None:
                return candidate
        elif conn.execute(select(_INC.c.id).where(_INC.c.id == candidate)).first() is None:
            conn.execute(_INSERT_INCIDENT, [row])
            return candidate
    raise RuntimeError(f"no free incident id for mention {m.id!r}")


def detach(session: Session, mention_ids: Iterable[str], *, recluster: bool = True) -> set[str]:
    """Take mentions out of their incidents (before their document is replaced); returns the
    incidents that still exist afterwards.

    With `recluster` (the default) the members left behind are merged again from scratch: the
    mention taken out may have been the only link between them (A matched B, B matched C, A and
    C do not match), and they must then split.  The first incident they form keeps the old id."""
    ids = list(mention_ids)
    if not ids:
        return set()
    affected = sorted(set(session.execute(select(_IM.c.incident_id).where(_IM.c.mention_id.in_(ids))).scalars()))
    if not affected:
        return set()
    session.execute(delete(_IM).where(_IM.c.mention_id.in_(ids)))
    left: set[str] = set()
    members = _members(session, affected)
    for inc_id in affected:
        rest = members[inc_id]
        if not rest:
            session.execute(delete(_INC).where(_INC.c.id == inc_id))
        elif not recluster or len(rest) == 1:
            refresh(session, inc_id)
            left.add(inc_id)
        else:
            session.execute(delete(_IM).where(_IM.c.incident_id == inc_id))
            session.execute(delete(_INC).where(_INC.c.id == inc_id))
            left.update(assign(session, rest, check_linked=False, _seed_ids=[inc_id]))
    return left


def _most_common(values: list, key=lambda v: v):
    counts = Counter(key(v) for v in values)
    best = max(counts.values())
    for v in values:  # first in member order among the most common
        if counts[key(v)] == best:
            return v
    return None


def _actor_dict(m, side: int) -> dict | None:
    rec = m.record.get(f"actor{side}")
    return rec or None


def fatality_estimate(figures: list[tuple[int, str, dt.date | None]]
                      ) -> tuple[int | None, int | None, int | None, str | None]:
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


def _place_key(m) -> tuple:
    return (m.geonameid, m.location_name, m.admin1) if m.geonameid is None else (m.geonameid,)


def _summary(incident_id: str, members: list[MentionRow]) -> dict[str, Any]:
    """The incident's columns computed from its members (each with `record`, `pub`, `outlet`)."""
    mentions = sorted(members, key=lambda m: m.id)
    inc: dict[str, Any] = {"id": incident_id}
    ctype = _most_common(sorted(mentions, key=lambda m: -_priority(m.type)), key=lambda m: m.type)
    inc["type"] = ctype.type
    inc["family"] = ctype.family
    for f in ("plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type"):
        inc[f] = ctype.record.get(f)
    dated = [m for m in mentions if m.date is not None]
    if dated:
        top = min(m.time_precision or 3 for m in dated)
        precise = [m for m in dated if (m.time_precision or 3) == top]
        dm = _most_common(sorted(precise, key=lambda m: m.date), key=lambda m: m.date)
        inc["date"], inc["date_end"], inc["time_precision"] = dm.date, dm.date_end, dm.time_precision
    else:
        inc["date"] = inc["date_end"] = inc["time_precision"] = None
    windows = [_window(w) for m in mentions if (w := _when(m, m.pub))]
    inc["window_start"] = min((w[0] for w in windows), default=None)
    inc["window_end"] = max((w[1] for w in windows), default=None)
    placed = [m for m in mentions if m.location_name or m.iso2]
    if placed:
        # The most precise tier wins (a town over its district), then the place most members name.
        def tier(m):
            return (m.geo_precision or 9, m.where_prec or 9, m.lat is None)

        top = min(tier(m) for m in placed)
        lm = _most_common([m for m in placed if tier(m) == top], key=_place_key)
        inc["location"] = lm.record.get("location")
        for f in ("country", "iso2", "admin1", "admin2", "lat", "lon", "geo_precision"):
            inc[f] = getattr(lm, f) if f != "country" else (lm.record.get("location") or {}).get("country")
    else:
        inc["location"] = None
        for f in ("country", "iso2", "admin1", "admin2", "lat", "lon", "geo_precision"):
            inc[f] = None
    for side in (1, 2):
        named = [a for m in mentions if (a := _actor_dict(m, side))]
        inc[f"actor{side}"] = _most_common(named, key=lambda a: a.get("id") or a.get("name")) if named else None
    assoc: dict[str, dict] = {}
    for m in mentions:
        for a in m.record.get("assoc_actors") or []:
            assoc.setdefault(a.get("id") or a.get("name") or "", a)
    inc["assoc_actors"] = [assoc[k] for k in sorted(assoc)]
    per_doc: dict[str, tuple[int, str, dt.date | None]] = {}
    for m in mentions:
        if m.fatalities is not None:
            fig = (m.fatalities, m.status or "reported", m.pub)
            if m.document_id not in per_doc or fig[0] > per_doc[m.document_id][0]:
                per_doc[m.document_id] = fig
    inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"], inc["fatalities_note"] = \
        fatality_estimate([per_doc[k] for k in sorted(per_doc)])
    inc["region_wide"] = all(map(region_wide, mentions))
    inc["sources"] = sorted({m.source for m in mentions if m.source})
    docs = {m.document_id: m for m in mentions}
    inc["outlets"] = sorted({d.outlet for d in docs.values() if d.outlet})
    inc["n_documents"] = len(docs)
    pubs = [d.pub for d in docs.values() if d.pub]
    inc["first_reported"], inc["last_reported"] = (min(pubs), max(pubs)) if pubs else (None, None)
    inc["merge_reasons"] = [{"mention": m.id, "reason": m.reason} for m in mentions]
    return inc


def refresh(session: Session, incident_id: str) -> bool:
    """Recompute an incident from its mentions; deletes it when none are left.  Returns
    whether the incident still exists."""
    conn = session.connection()
    members = _members(session, [incident_id])[incident_id]
    if not members:
        conn.execute(_DELETE_INCIDENT, {"incident": incident_id})
        return False
    values = _summary(incident_id, members)
    del values["id"]
    done = conn.execute(_UPDATE_INCIDENT, {"incident": incident_id, **{"v_" + k: v for k, v in values.items()}})
    if done.rowcount == 0:  # members pointing at a missing row: recreate it
        conn.execute(_INSERT_INCIDENT, [{"id": incident_id, **values}])
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
    found = _members(session, [keep, other], with_record=False)
    for inc_id in (keep, other):
        if session.execute(select(_INC.c.id).where(_INC.c.id == inc_id)).scalar() is None:
            raise KeyError(f"no incident {inc_id!r}")
    if keep == other:
        return keep
    reason = f"manual merge of {other}" + (f" ({note})" if note else "")
    for theirs in found[other]:
        for mine in found[keep]:
            _decide(session, mine.id, theirs.id, "merge", note)
    session.flush()
    session.execute(update(_IM).where(_IM.c.incident_id == other).values(incident_id=keep, reason=reason))
    refresh(session, other)
    refresh(session, keep)
    session.expire_all()
    return keep


def split_mention(session: Session, mention_id: str, note: str | None = None) -> str:
    """Take a mention out of its incident into one of its own and record that it differs from
    every other member; returns the new incident's id."""
    old = session.execute(select(_IM.c.incident_id).where(_IM.c.mention_id == mention_id)).scalar()
    if old is None:
        raise KeyError(f"mention {mention_id!r} is in no incident")
    others = [m.id for m in _members(session, [old], with_record=False)[old] if m.id != mention_id]
    if not others:
        return old
    for o in others:
        _decide(session, mention_id, o, "split", note)
    session.flush()
    new_id = incident_id_for(mention_id)
    if new_id == old:  # the split mention seeded the incident: it takes a new id, the rest keep theirs
        new_id = incident_id_for(mention_id + "#split")
    session.execute(insert(_INC), [{"id": new_id, "type": "other", "assoc_actors": [], "sources": [], "outlets": [],
                                    "n_documents": 0, "merge_reasons": []}])
    session.execute(update(_IM).where(_IM.c.mention_id == mention_id)
                    .values(incident_id=new_id, reason="manual split" + (f" ({note})" if note else "")))
    refresh(session, old)
    refresh(session, new_id)
    session.expire_all()
    return new_id
