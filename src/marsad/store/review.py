"""Queries and review actions for the analyst web app.

Machine output (the `incidents` table, recomputed from mentions on every ingest) is never
edited here.  A person's rulings go to `review_actions` (append-only history: who, when, what,
the value before) and their current state to `incident_overrides`; every read below returns the
*effective* incident, override over machine value, with the machine values of corrected fields
kept under `machine`.  Filtering, sorting and paging are defined here in SQL on
`COALESCE(override, machine)`; the web app answers list pages from an in-memory index with the
same semantics (`list_index.py`) whenever it is at the store's current version.

Arabic text search normalises both sides with `marsad.text.normalize`: in SQLite through a
registered function, in PostgreSQL through `translate()` with the same character table.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import JSON, Text, and_, cast, event, func, literal_column, null, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.functions import FunctionElement

from ..text.normalize import _TABLE as _NORM_TABLE  # the per-character table normalize() applies
from ..text.normalize import normalize
from . import list_index
from .models import (DocumentSearch, EventMention, Incident, IncidentMention, IncidentOverride, ListVersion,
                     ReviewAction, StoredDocument)

CORRECTABLE = ("type", "actor1", "actor2", "location", "date", "fatalities")
STATUSES = ("confirmed", "rejected")
REVIEW_FILTERS = ("any", "unreviewed", "confirmed", "rejected", "corrected")
MAX_LIMIT = 500
SQLITE_FUNCTION = "marsad_normalize"


class ReviewError(ValueError):
    """A review action that cannot be applied; the message says which field and why."""


# --- normalised text in SQL ----------------------------------------------------------------

class normalized(FunctionElement):  # noqa: N801 (SQL function style)
    """`normalize(expr)` evaluated by the database."""

    inherit_cache = True
    type = Text()


_FROM = "".join(chr(k) for k, v in _NORM_TABLE.items() if v is not None and len(v) == 1)
_TO = "".join(v for v in _NORM_TABLE.values() if v is not None and len(v) == 1)
# translate() deletes the characters of FROM that have no counterpart in TO.
_FROM += "".join(chr(k) for k, v in _NORM_TABLE.items() if v is None)


@compiles(normalized, "sqlite")
def _normalized_sqlite(element, compiler, **kw):
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(normalized)
def _normalized_default(element, compiler, **kw):
    arg = compiler.process(element.clauses, **kw)
    src = compiler.process(_literal(_FROM), **kw)
    dst = compiler.process(_literal(_TO), **kw)
    return f"lower(translate({arg}, {src}, {dst}))"


def _literal(value: str):
    from sqlalchemy import literal

    return literal(value, Text())


def _sqlite_normalize(value):
    return normalize(value) if isinstance(value, str) else value


def _register(dbapi_connection, _record) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, _sqlite_normalize, deterministic=True)


def prepare_engine(engine) -> None:
    """Make `normalized()` callable on `engine` (SQLite needs the Python function registered on
    every connection; pooled connections opened before this are dropped)."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _register):
        event.listen(engine, "connect", _register)
        engine.dispose()


# --- filters -------------------------------------------------------------------------------

@dataclass
class IncidentQuery:
    """The filters, sort and page of an incident list (all optional)."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None  # name or ISO2
    admin1: str | None = None
    type: str | None = None  # Marsad type, ACLED event type or PLOVER type
    actor: str | None = None  # id, name or Arabic name, substring
    outlet: str | None = None  # outlet or reported source, substring
    q: str | None = None  # text search in the articles, Arabic-normalised
    review: str = "any"
    sort: str = "date"
    order: str = "desc"
    limit: int = 50
    offset: int = 0

    def params(self) -> dict[str, str]:
        """The non-default filters as query-string parameters (for links and downloads)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, "") and value != f.default:
                out[f.name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return out


_OVERRIDABLE = ("type", "acled_event_type", "plover_type", "date", "country", "iso2", "admin1", "fatalities",
                "actor1", "actor2")


class _Columns:
    """Effective columns for one query: `COALESCE(override, machine)` only for the columns some
    override actually sets, so the common case (few or no corrections) sorts and filters on the
    plain, indexed machine columns."""

    def __init__(self, session, store=None, sig: tuple | None = None):
        O = IncidentOverride  # noqa: N806

        def overridden():
            counts = session.execute(select(*[func.count(getattr(O, c)) for c in _OVERRIDABLE])).one()
            return frozenset(c for c, n in zip(_OVERRIDABLE, counts) if n)

        self.overridden = overridden() if sig is None else _cached(("overridden", str(store.engine.url)), sig,
                                                                     overridden)
        self.joined = False  # whether the expressions used need the overrides table
        self.session, self.store, self.sig = session, store, sig
        self.dialect = session.get_bind().dialect.name

    def __call__(self, name: str):
        I, O = Incident, IncidentOverride  # noqa: N806
        machine = I.fatalities_best if name == "fatalities" else getattr(I, name)
        if name not in self.overridden:
            return machine
        self.joined = True
        return func.coalesce(getattr(O, name), machine)


SORTS = {
    "date": lambda eff: eff("date"),
    "type": lambda eff: eff("type"),
    "country": lambda eff: eff("country"),
    "admin1": lambda eff: eff("admin1"),
    "fatalities": lambda eff: eff("fatalities"),
    "n_documents": lambda eff: Incident.n_documents,
    "last_reported": lambda eff: Incident.last_reported,
    "id": lambda eff: Incident.id,
}


def _like_escape(value: str) -> str:
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _needle_forms(needle: str) -> set[str]:
    """How `needle` may appear in stored JSON text: plain, or with non-ASCII escaped."""
    return {needle.casefold(), json.dumps(needle.casefold())[1:-1]}


def _json_contains(col, needle: str):
    """`col` (JSON) mentions `needle` (case-insensitive); JSON text may hold non-ASCII escaped."""
    text = func.lower(cast(col, Text))
    return or_(*[text.like(f"%{_like_escape(f)}%", escape="!") for f in sorted(_needle_forms(needle))])


def json_text_test(needle: str):
    """`_json_contains` in Python, for a JSON column's stored text: ASCII-only lower-casing (as
    SQLite's lower()), the needle plain or escaped."""
    forms = _needle_forms(needle)
    return lambda value: any(f in _ascii_lower(value) for f in forms)


# Optional search indexes, looked up once per store: (store URL, index) -> present.
_search_indexes: dict[tuple[str, str], bool] = {}
_SEARCH_INDEX_PROBES = {
    # SQLite's FTS5 trigram index over the search text (migration 0003, when the build has FTS5).
    "document_fts": ("sqlite", "SELECT count(*) FROM sqlite_master WHERE name = 'document_fts'"),
    # PostgreSQL's pg_trgm index over it (migration 0004, where the extension could be created).
    "ix_document_search_trgm": ("postgresql", "SELECT count(*) FROM pg_indexes WHERE schemaname = "
                                              "current_schema() AND indexname = 'ix_document_search_trgm'"),
}


def _has_search_index(eff: _Columns, name: str) -> bool:
    """Whether the store has the optional search index `name` (`_SEARCH_INDEX_PROBES`)."""
    dialect, probe = _SEARCH_INDEX_PROBES[name]
    if eff.dialect != dialect:
        return False
    if eff.store is None:
        return bool(eff.session.execute(text(probe)).scalar())
    key = (str(eff.store.engine.url), name)
    if key not in _search_indexes:
        _search_indexes[key] = bool(eff.session.execute(text(probe)).scalar())
    return _search_indexes[key]


JSON_IN_MAX = 500  # more matching distinct values than this: test every row instead


def _json_matches(eff: _Columns, col, needle: str):
    """`_json_contains(col, needle)` answered through the column's text index: its distinct
    values (cached per list version) are tested here and the matching ones looked up with IN.
    The test is the SQL one: ASCII-only lower-casing of the stored JSON text."""
    as_text = cast(col, Text)

    def distinct():
        return [v for v in eff.session.execute(select(as_text).distinct()).scalars() if v is not None]

    values = distinct() if eff.sig is None else _cached(("distinct", col.key, str(eff.store.engine.url)), eff.sig,
                                                         distinct)
    matching = list(filter(json_text_test(needle), values))
    if len(matching) > JSON_IN_MAX:
        return _json_contains(col, needle)
    return as_text.in_(matching)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(value: str) -> str:
    return value.translate(_ASCII_LOWER)


def _where(query: IncidentQuery, eff: _Columns) -> list:
    I, O = Incident, IncidentOverride  # noqa: N806
    clauses = []
    for name, op in (("since", "__ge__"), ("until", "__le__")):
        value = getattr(query, name)
        if value:
            try:
                clauses.append(getattr(eff("date"), op)(_as_date(value)))
            except ValueError:
                raise ReviewError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None
    if query.country:
        code = _iso2(query.country.strip())
        # By code when the name is a known country: the (iso2, date) index then serves the page.
        clauses.append(eff("iso2") == code if code else func.lower(eff("country")) == query.country.strip().lower())
    if query.admin1:
        wanted = query.admin1.strip().lower()
        if "admin1" in eff.overridden:
            clauses.append(func.lower(eff("admin1")) == wanted)
        else:
            # The stored spellings that match, as one IN on the indexed column (not lower() over
            # every row); lower-casing in Python also folds non-ASCII capitals, as PostgreSQL does.
            clauses.append(I.admin1.in_([v for v in _admin1_values(eff) if v.lower() == wanted]))
    if query.type:
        t = query.type.strip()
        covered = _types_covered(t)
        if covered and "type" not in eff.overridden:
            # ACLED and PLOVER types derive from the Marsad type: one IN on one column instead of
            # an OR over three (which SQLite can only answer with a full scan).
            clauses.append(I.type.in_(covered))
        else:
            clauses.append(or_(eff("type") == t, eff("acled_event_type") == t, eff("plover_type") == t))
    if query.actor and query.actor.strip():
        a = query.actor.strip()
        sides = []
        for side in ("actor1", "actor2"):
            if side in eff.overridden:
                eff.joined = True
                sides.append(or_(and_(getattr(O, side).is_not(None), _json_contains(getattr(O, side), a)),
                                 and_(getattr(O, side).is_(None), _json_matches(eff, getattr(I, side), a))))
            else:
                sides.append(_json_matches(eff, getattr(I, side), a))
        clauses.append(or_(*sides, _json_matches(eff, I.assoc_actors, a)))
    if query.outlet and query.outlet.strip():
        # An incident's `outlets` and `sources` are those of all its articles and mentions
        # (recomputed with its members), so no join to the articles is needed.
        o = query.outlet.strip()
        clauses.append(or_(_json_matches(eff, I.outlets, o), _json_matches(eff, I.sources, o)))
    found = _text_search(query, eff)
    if found is not None:
        clauses.append(I.id.in_(found))
    review = query.review or "any"
    if review not in REVIEW_FILTERS:
        raise ReviewError(f"review: expected one of {', '.join(REVIEW_FILTERS)}, got {review!r}")
    if review != "any":
        eff.joined = True
    if review == "unreviewed":
        clauses.append(O.status.is_(None))
    elif review in STATUSES:
        clauses.append(O.status == review)
    elif review == "corrected":
        clauses.append(or_(*[getattr(O, f).is_not(None) for f in ("type", "date", "actor1", "actor2",
                                                                   "location", "fatalities")]))
    return clauses


def _text_search(query: IncidentQuery, eff: _Columns):
    """The ids of the incidents whose articles hold `query.q` (a subquery), or None without one."""
    docs = _text_search_documents(query, eff)
    if docs is None:
        return None
    # Nested INs, innermost first: find the articles once, then index look-ups outwards.
    mention_ids = select(EventMention.id).where(EventMention.document_id.in_(docs))
    return select(IncidentMention.incident_id).where(IncidentMention.mention_id.in_(mention_ids))


def _text_search_documents(query: IncidentQuery, eff: _Columns, *, as_keys: bool = False):
    """The articles that hold `query.q` -- a subquery of their ids, or with `as_keys` of their
    `list_index.article_key` -- or None without one."""
    if not (query.q and normalize(query.q).strip()):
        return None
    # `document_search` holds each article's title and text already normalised (migration
    # 0003): a plain substring test per article instead of normalising every article.
    needle = normalize(query.q).strip()
    body = DocumentSearch.body
    found = (func.strpos(body, needle) if eff.dialect == "postgresql" else func.instr(body, needle)) > 0
    if len(needle) >= 3 and _has_search_index(eff, "ix_document_search_trgm"):
        # The trigram index (migration 0004) serves LIKE; strpos() still confirms.
        found = and_(body.like(f"%{_like_escape(needle)}%", escape="!"), found)
    if len(needle) >= 3 and _has_search_index(eff, "document_fts"):
        # The trigram index finds the articles holding all of the needle's trigrams in order
        # (a phrase); `found` then confirms each on its text.
        phrase = '"' + needle.replace('"', '""') + '"'
        fts = text("SELECT rowid FROM document_fts WHERE document_fts MATCH :phrase").bindparams(phrase=phrase)
        if as_keys:
            # The index alone: trigrams in order are the substring itself, and both sides are
            # normalised, so its case folding changes nothing (a third of the cost of confirming).
            return fts
        found = and_(literal_column("document_search.rowid").in_(fts), found)
    if as_keys and eff.dialect == "sqlite":
        return select(literal_column("document_search.rowid")).select_from(DocumentSearch).where(found)
    return select(DocumentSearch.document_id).where(found)


def _types_covered(name: str) -> list[str]:
    """The Marsad types whose own, ACLED or PLOVER type is `name` (empty when none is known)."""
    from .incidents import _event_types

    return sorted(t for t, et in _event_types().items()
                  if name in (t, getattr(et, "acled_event_type", None), getattr(et, "plover_type", None)))


# --- cached pages ----------------------------------------------------------------------------
# COUNT(*) over a broad filter, and sorting on a column no index can serve (a corrected value,
# a nulls-last key), scan most of the table: that was nearly all of a list request's cost.  The
# total per filter and the ids of each requested page are therefore cached, keyed by the store's
# list version: a counter that triggers bump on every write to incidents, overrides, incident
# members and article search text (migration 0003), whichever process or program writes.  A
# cached entry is therefore never served after a change is committed (on PostgreSQL the counter
# moves at commit time, so a list computed in the instant between the two can be stale; CACHE_TTL
# bounds that).  For filters that no index serves (actor, outlet, text), every matching id, in
# order, is kept at once (up to FULL_LIST_MAX), so the total and all the pages come from one scan.
# The rows themselves are always read fresh.
CACHE_TTL = 30.0
_CACHE_MAX = 1024
FULL_LIST_MAX = 10_000
_FULL_MAX_ENTRIES = 64
_cache: dict[tuple, tuple[tuple, float, Any]] = {}
_full_cache: dict[tuple, tuple[tuple, float, Any]] = {}
_cache_lock = threading.Lock()


def _filter_key(store, query: IncidentQuery) -> tuple:
    return (str(store.engine.url), query.since, query.until, query.country, query.admin1, query.type, query.actor,
            query.outlet, query.q, query.review)


def list_version(conn) -> int:
    """The store's list version (see above); one indexed read."""
    if conn.dialect.name == "postgresql":
        last, called = conn.execute(text("SELECT last_value, is_called FROM marsad_list_version")).one()
        return int(last) if called else 0
    return conn.execute(select(ListVersion.version).where(ListVersion.id == 1)).scalar_one()


def _signature(s) -> tuple:
    return (list_version(s.connection()),)


def _cached(key: tuple, sig: tuple, compute, cache: dict | None = None, limit: int = _CACHE_MAX):
    cache = _cache if cache is None else cache
    now = time.monotonic()
    with _cache_lock:
        hit = cache.get(key)
    if hit is not None and hit[0] == sig and hit[1] > now:
        return hit[2]
    value = compute()
    with _cache_lock:
        if len(cache) >= limit:
            cache.clear()
        cache[key] = (sig, now + CACHE_TTL, value)
    return value


def clear_cache() -> None:
    list_index.forget()
    with _cache_lock:
        _cache.clear()
        _full_cache.clear()
        _body_cache.clear()


def _admin1_values(eff: _Columns) -> list[str]:
    def compute():
        return [v for v in eff.session.execute(select(Incident.admin1).distinct()).scalars() if v]

    if eff.sig is None:
        return compute()
    return _cached(("admin1", str(eff.store.engine.url)), eff.sig, compute)


def _iso2(country: str) -> str | None:
    if len(country) == 2 and country.isalpha():  # no country name has two letters
        return country.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(country).alpha_2
    except LookupError:
        return None


def _from(stmt, eff: _Columns):
    if eff.joined:
        return stmt.select_from(Incident).outerjoin(IncidentOverride, IncidentOverride.incident_id == Incident.id)
    return stmt.select_from(Incident)


def _check_page(query: IncidentQuery) -> None:
    if query.sort not in SORTS:
        raise ReviewError(f"sort: expected one of {', '.join(SORTS)}, got {query.sort!r}")
    if query.order not in ("asc", "desc"):
        raise ReviewError(f"order: expected asc or desc, got {query.order!r}")
    if not 1 <= query.limit <= MAX_LIMIT:
        raise ReviewError(f"limit: expected 1..{MAX_LIMIT}, got {query.limit}")
    if query.offset < 0:
        raise ReviewError(f"offset: expected >= 0, got {query.offset}")


# --- rows ----------------------------------------------------------------------------------

def _machine_row(inc: Incident) -> dict[str, Any]:
    from . import INCIDENT_COLUMNS

    return {c: getattr(inc, c) for c in INCIDENT_COLUMNS}


def effective(inc: Incident, override: IncidentOverride | None) -> dict[str, Any]:
    """The incident as reviewed: machine values with the overrides applied (same keys as
    `Store.incident_rows`), plus `review` (status, corrected fields) and `machine` (the machine
    values of the corrected fields)."""
    return _apply_override(_machine_row(inc), override)


def _apply_override(row: dict[str, Any], override) -> dict[str, Any]:
    """`row` (machine values) with `override` (an `IncidentOverride` or any object with its
    attributes, or None) applied in place; see `effective`."""
    review = {"status": None, "corrected": [], "reviewer": None, "updated_at": None}
    machine: dict[str, Any] = {}
    if override is not None:
        o = override
        review.update(status=o.status, reviewer=o.reviewer, updated_at=o.updated_at)
        if o.type is not None:
            machine["type"] = {k: row[k] for k in ("type", "acled_event_type", "acled_sub_event_type", "plover_type")}
            row.update(type=o.type, acled_event_type=o.acled_event_type, acled_sub_event_type=o.acled_sub_event_type,
                       plover_type=o.plover_type)
        if o.date is not None:
            machine["date"] = row["date"]
            row.update(date=o.date, date_end=None, time_precision=1)
        for side in ("actor1", "actor2"):
            value = getattr(o, side)
            if value is not None:
                machine[side] = row[side]
                row[side] = value or None  # {} records "no actor"
        if o.location is not None:
            machine["location"] = {k: row[k] for k in ("location", "country", "iso2", "admin1", "admin2", "lat", "lon")}
            row.update(location=o.location, country=o.country, iso2=o.iso2, admin1=o.admin1, admin2=o.admin2,
                       lat=o.lat, lon=o.lon, geo_precision=1 if o.lat is not None else None)
        if o.fatalities is not None:
            machine["fatalities"] = {k: row[k] for k in ("fatalities_low", "fatalities_best", "fatalities_high")}
            row.update(fatalities_low=o.fatalities, fatalities_best=o.fatalities, fatalities_high=o.fatalities,
                       fatalities_note=f"corrected by {o.reviewer}")
        review["corrected"] = sorted(machine)
    row["review"] = review
    row["machine"] = machine
    return row


class _OverrideRow:
    """An `IncidentOverride`'s columns read from a Core row (attributes, as `_apply_override` takes)."""

    __slots__ = _OVERRIDE_COLUMNS = tuple(c.name for c in IncidentOverride.__table__.c)

    def __init__(self, values):
        for c, v in zip(self._OVERRIDE_COLUMNS, values):
            setattr(self, c, v)


JSON_COLUMNS = frozenset(c.name for c in Incident.__table__.c if isinstance(c.type, JSON))


class RawJSON(str):
    """JSON text exactly as the database holds it, passed through undecoded (`raw_json=True`)."""

    __slots__ = ()


def _page_statement(raw_json: bool):
    """Incidents with their overrides as plain Core rows (no ORM objects: building and tracking
    50 of them was a large part of a list request), for `id IN :ids`.  With `raw_json` the JSON
    columns come as their text (decoding them only to encode them again for the API response
    was another large part)."""
    from sqlalchemy import bindparam

    from . import INCIDENT_COLUMNS

    inc, ovr = Incident.__table__, IncidentOverride.__table__
    cols = [cast(inc.c[c], Text).label(c) if raw_json and c in JSON_COLUMNS else inc.c[c] for c in INCIDENT_COLUMNS]
    cols += [ovr.c[c].label("o_" + c) for c in _OverrideRow._OVERRIDE_COLUMNS]
    return (select(*cols).select_from(inc.outerjoin(ovr, ovr.c.incident_id == inc.c.id))
            .where(inc.c.id.in_(bindparam("ids", expanding=True))))


_PAGE_STMT: dict[bool, Any] = {}


def _load_rows(s, ids: list[str], raw_json: bool = False) -> dict[str, dict[str, Any]]:
    from . import INCIDENT_COLUMNS

    stmt = _PAGE_STMT.get(raw_json)
    if stmt is None:
        stmt = _PAGE_STMT[raw_json] = _page_statement(raw_json)
    n = len(INCIDENT_COLUMNS)
    raw_cols = [c for c in INCIDENT_COLUMNS if c in JSON_COLUMNS] if raw_json else []
    loaded = {}
    for chunk in range(0, len(ids), 500):
        for r in s.connection().execute(stmt, {"ids": ids[chunk:chunk + 500]}):
            row = dict(zip(INCIDENT_COLUMNS, r[:n]))
            o = None
            if r[n] is not None:  # reviewed: corrections need the machine values decoded
                o = _OverrideRow(r[n:])
                for c in raw_cols:
                    row[c] = json.loads(row[c]) if row[c] is not None else None
            else:
                for c in raw_cols:
                    if row[c] is not None:
                        row[c] = RawJSON(row[c])
            loaded[row["id"]] = _apply_override(row, o)
    return loaded


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default).encode


_KEY_PREFIX: dict[str, str] = {}


def _key_prefix(key: str) -> str:
    """`"key":` (the few column names, encoded once)."""
    found = _KEY_PREFIX.get(key)
    if found is None:
        found = _KEY_PREFIX[key] = _ENCODE(key) + ":"
    return found


def dumps_page(body: dict[str, Any]) -> str:
    """`body` ({..., "items": [row, ...]}) as compact JSON, non-ASCII kept, with the rows'
    `RawJSON` values written out as the text they are (after the row's other keys)."""
    items = body.get("items") or []
    parts = []
    for row in items:
        raw = [(k, v) for k, v in row.items() if type(v) is RawJSON]
        if not raw:
            parts.append(_ENCODE(row))
            continue
        rest = _ENCODE({k: v for k, v in row.items() if type(v) is not RawJSON})
        tail = ",".join(_key_prefix(k) + v for k, v in raw)
        parts.append(rest[:-1] + ("," if len(rest) > 2 else "") + tail + "}")
    head = _ENCODE({k: v for k, v in body.items() if k != "items"})
    return head[:-1] + ("," if len(head) > 2 else "") + '"items":[' + ",".join(parts) + "]}"


def query_incidents(store, query: IncidentQuery, *, mentions: bool = False, page: bool = True,
                    raw_json: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, the requested page of effective incidents).  With `page=False` every
    match is returned (exports); with `mentions=True` each row carries its `mentions` as
    `Store.incident_rows` does.  With `raw_json` the JSON fields of unreviewed incidents are
    `RawJSON` text, for `dumps_page`."""
    _check_page(query)
    prepare_engine(store.engine)
    with store.session() as s:
        found = _query_in(s, store, query, _signature(s) if page else None, mentions=mentions, raw_json=raw_json)
    if found is None:  # a cached page naming an incident since replaced: recompute it
        clear_cache()
        return query_incidents(store, query, mentions=mentions, page=page, raw_json=raw_json)
    return found


def _query_in(s, store, query: IncidentQuery, sig: tuple | None, *, mentions: bool = False,
              raw_json: bool = False) -> tuple[int, list[dict[str, Any]]] | None:
    """`query_incidents` in session `s`, paged at list version `sig` (every match without one);
    None when a cached page names an incident since replaced."""
    from . import _mention_row

    eff = _Columns(s, store, sig)
    index = list_index.current(store, sig) if sig is not None else None
    if index is not None:
        total, ids = index.page(query, _text_search_keys(s, query, eff))
    else:
        total, ids = _sql_page(s, query, eff, sig is not None)
    if mentions:
        stmt = (select(Incident, IncidentOverride)
                .outerjoin(IncidentOverride, IncidentOverride.incident_id == Incident.id)
                .options(selectinload(Incident.members).selectinload(IncidentMention.mention)
                         .selectinload(EventMention.document)))
        loaded = {}
        for chunk in range(0, len(ids), 500):
            for inc, o in s.execute(stmt.where(Incident.id.in_(ids[chunk:chunk + 500]))).all():
                row = effective(inc, o)
                row["mentions"] = [_mention_row(im) for im in inc.members]
                loaded[inc.id] = row
    else:
        loaded = _load_rows(s, ids, raw_json)
    if len(loaded) < len(ids):
        return None
    return total, [loaded[i] for i in ids]


def _text_search_keys(s, query: IncidentQuery, eff: _Columns) -> list | None:
    """The `list_index.article_key`s of the articles that hold `query.q` (cached per list
    version), None without one."""
    found = _text_search_documents(query, eff, as_keys=True)
    if found is None:
        return None
    return _cached(("text", str(eff.store.engine.url), normalize(query.q).strip()), eff.sig,
                   lambda: s.connection().execute(found).scalars().all(), _full_cache, _FULL_MAX_ENTRIES)


def _sql_page(s, query: IncidentQuery, eff: _Columns, page: bool) -> tuple[int, list[str]]:
    """(total, ids of the page -- or of every match without `page`) by SQL, with the caches above."""
    where = _where(query, eff)
    key = SORTS[query.sort](eff)
    order = key.asc().nulls_last() if query.order == "asc" else key.desc().nulls_last()
    # Sort and page over ids only, then load the page's rows: sorting narrow rows is far
    # cheaper than sorting whole incidents with their JSON columns.
    ids_stmt = _from(select(Incident.id), eff).where(*where).order_by(order, Incident.id)
    count_stmt = _from(select(func.count()), eff).where(*where)
    if not page:
        return s.execute(count_stmt).scalar_one(), list(s.execute(ids_stmt).scalars())
    sig, fkey = eff.sig, _filter_key(eff.store, query)
    if query.actor or query.outlet or query.q:  # filters no index serves: one scan for all pages
        full = _cached(("all", *fkey, query.sort, query.order), sig,
                       lambda: list(s.execute(ids_stmt.limit(FULL_LIST_MAX + 1)).scalars()),
                       _full_cache, _FULL_MAX_ENTRIES)
        if len(full) <= FULL_LIST_MAX:
            return len(full), full[query.offset:query.offset + query.limit]
    total = _cached(("total", *fkey), sig, lambda: s.execute(count_stmt).scalar_one())
    ids = [] if query.offset >= total else _cached(
        ("page", *fkey, query.sort, query.order, query.limit, query.offset), sig,
        lambda: list(s.execute(ids_stmt.limit(query.limit).offset(query.offset)).scalars()))
    return total, ids


_BODY_MAX_ENTRIES = 256
_body_cache: dict[tuple, tuple[tuple, float, Any]] = {}


def incidents_page_json(store, query: IncidentQuery) -> str:
    """The list API's response body, `{"total", "limit", "offset", "items"}` as JSON text.  Whole
    bodies are cached under the list version like the totals and pages (any committed write to
    the tables they come from changes it), so a page asked for again costs one counter read."""
    _check_page(query)
    prepare_engine(store.engine)
    with store.session() as s:  # one session (one pooled connection's round trips) per request
        sig = _signature(s)

        def compute():
            found = _query_in(s, store, query, sig, raw_json=True)
            total, items = found if found is not None else query_incidents(store, query, raw_json=True)
            return dumps_page({"total": total, "limit": query.limit, "offset": query.offset, "items": items})

        # The version is read before the body is built: a write in between can only make the
        # entry newer than its key says, never older.
        return _cached(("body", *_filter_key(store, query), query.sort, query.order, query.limit, query.offset),
                       sig, compute, _body_cache, _BODY_MAX_ENTRIES)


def document_incidents(store, document_id: str) -> list[dict[str, Any]]:
    """The effective incidents the event mentions of one stored document belong to (oldest first)."""
    with store.session() as s:
        ids = select(IncidentMention.incident_id).join(
            EventMention, EventMention.id == IncidentMention.mention_id).where(EventMention.document_id == document_id)
        rows = s.execute(select(Incident, IncidentOverride)
                         .outerjoin(IncidentOverride, IncidentOverride.incident_id == Incident.id)
                         .where(Incident.id.in_(ids)).order_by(Incident.date, Incident.id)).all()
        return [effective(inc, o) for inc, o in rows]


def export_rows(store, query: IncidentQuery) -> list[dict[str, Any]]:
    """Every incident of the filter as reviewed, for downloads and `marsad export`: corrections
    applied, rejected incidents left out unless the filter asks for them, each row with its
    `mentions` (the shape `marsad.export` writers take)."""
    _, rows = query_incidents(store, query, mentions=True, page=False)
    if (query.review or "any") == "any":
        rows = [r for r in rows if r["review"]["status"] != "rejected"]
    return rows


def timeline(store, query: IncidentQuery) -> list[dict[str, Any]]:
    """Incident counts per (effective) day and type for the filter; undated incidents left out."""
    prepare_engine(store.engine)
    with store.session() as s:
        sig = _signature(s)
        eff = _Columns(s, store, sig)
        index = list_index.current(store, sig)
        if index is not None:
            return [{"date": day, "type": etype, "count": n}
                    for day, etype, n in index.timeline(query, _text_search_keys(s, query, eff))]
        where = _where(query, eff)
        day, etype = eff("date"), eff("type")
        stmt = (_from(select(day.label("day"), etype.label("type"), func.count().label("n")), eff)
                .where(*where, day.is_not(None)).group_by(day, etype).order_by(day, etype))
        return [{"date": _as_date(r.day), "type": r.type, "count": r.n} for r in s.execute(stmt)]


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def facets(store) -> dict[str, list[str]]:
    """Distinct values for the filter drop-downs (machine and corrected), cached per list
    version (new articles bump it too, through their search text)."""
    with store.session() as s:
        def compute():
            out: dict[str, set] = {"country": set(), "admin1": set(), "type": set(), "outlet": set()}
            for col in ("country", "admin1", "type"):
                for model in (Incident, IncidentOverride):
                    out[col].update(v for v in s.execute(select(getattr(model, col)).distinct()).scalars() if v)
            out["outlet"].update(v for v in s.execute(select(StoredDocument.outlet).distinct()).scalars() if v)
            return {k: sorted(v) for k, v in out.items()}

        return _cached(("facets", str(store.engine.url)), _signature(s), compute)


def incident_detail(store, incident_id: str) -> dict[str, Any] | None:
    """The effective incident with every mention (whole record: evidence and trigger offsets),
    its document's metadata, and the review history."""
    with store.session() as s:
        inc = s.execute(select(Incident).where(Incident.id == incident_id).options(
            selectinload(Incident.members).selectinload(IncidentMention.mention)
            .selectinload(EventMention.document))).scalar_one_or_none()
        if inc is None:
            return None
        row = effective(inc, s.get(IncidentOverride, incident_id))
        row["mentions"] = []
        for im in inc.members:
            m, doc = im.mention, im.mention.document
            row["mentions"].append({
                "id": m.id, "reason": im.reason, "event": m.record, "status": m.status, "source": m.source,
                "document": {"id": doc.id, "key": doc.key, "url": doc.url, "title": doc.title, "outlet": doc.outlet,
                             "publication_date": doc.publication_date, "language": doc.language},
            })
        row["history"] = history(store, incident_id, session=s)
    return row


def history(store, incident_id: str, *, session=None) -> list[dict[str, Any]]:
    def run(s):
        rows = s.execute(select(ReviewAction).where(ReviewAction.incident_id == incident_id)
                         .order_by(ReviewAction.created_at, ReviewAction.id)).scalars()
        return [{"id": a.id, "action": a.action, "field": a.field, "value": a.value, "previous": a.previous,
                 "reviewer": a.reviewer, "note": a.note, "created_at": a.created_at} for a in rows]

    if session is not None:
        return run(session)
    with store.session() as s:
        return run(s)


def document_detail(store, document_id: str) -> dict[str, Any] | None:
    """A stored article: clean text, removed lines (with where they were cut), sentences,
    entities, quotes and its event mentions (evidence/trigger spans, incident id)."""
    with store.session() as s:
        doc = s.get(StoredDocument, document_id)
        if doc is None:
            return None
        links = dict(s.execute(select(IncidentMention.mention_id, IncidentMention.incident_id)
                               .where(IncidentMention.mention_id.in_([m.id for m in doc.mentions]))).all())
        return {
            "id": doc.id, "key": doc.key, "url": doc.url, "title": doc.title, "outlet": doc.outlet,
            "publication_date": doc.publication_date, "language": doc.language, "version": doc.version,
            "ingested_at": doc.ingested_at, "text": doc.text, "segments": doc.segments,
            "removed": [{"idx": r.idx, "text": r.text, "reason": r.reason, "clean_offset": r.clean_offset}
                        for r in doc.removed],
            "sentences": [{"start": x.start, "end": x.end} for x in doc.sentences],
            "entities": [{"label": e.label, "start": e.start, "end": e.end, "text": e.text, "kb_id": e.kb_id,
                          "name": e.name, "name_ar": e.name_ar, "attrs": e.attrs} for e in doc.entities],
            "quotes": [{"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker, "verb": q.verb}
                       for q in doc.quotes],
            "mentions": [{"id": m.id, "type": m.type, "status": m.status, "incident_id": links.get(m.id),
                          "evidence": {"start": m.evidence_start, "end": m.evidence_end, "text": m.evidence_text},
                          "trigger": (m.record or {}).get("trigger"), "location": (m.record or {}).get("location"),
                          "actor1": (m.record or {}).get("actor1"), "actor2": (m.record or {}).get("actor2"),
                          "fatalities": m.fatalities, "source": m.source}
                         for m in doc.mentions],
        }


# --- review actions ------------------------------------------------------------------------

def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _log(s, incident_id, action, reviewer, note, field=None, value=None, previous=None) -> dict[str, Any]:
    a = ReviewAction(id=uuid.uuid4().hex, incident_id=incident_id, action=action, field=field,
                     value=_jsonable(value), previous=_jsonable(previous), reviewer=reviewer, note=note,
                     created_at=_now())
    s.add(a)
    return {"id": a.id, "incident_id": incident_id, "action": action, "field": field, "value": a.value,
            "previous": a.previous, "reviewer": reviewer, "note": note, "created_at": a.created_at}


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat()
                                 if hasattr(v, "isoformat") else str(v)))


def _reviewer(reviewer: str | None) -> str:
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise ReviewError("reviewer: required (who made this decision)")
    if len(reviewer) > 200:
        raise ReviewError("reviewer: at most 200 characters")
    return reviewer


def _override(s, incident_id: str, reviewer: str) -> IncidentOverride:
    o = s.get(IncidentOverride, incident_id)
    if o is None:
        o = IncidentOverride(incident_id=incident_id, updated_at=_now(), reviewer=reviewer)
        s.add(o)
    o.updated_at, o.reviewer = _now(), reviewer
    return o


def set_status(store, incident_id: str, status: str, *, reviewer: str, note: str | None = None) -> dict[str, Any]:
    """Confirm or reject an incident (`status` "confirmed"/"rejected"); returns the logged action."""
    if status not in STATUSES:
        raise ReviewError(f"status: expected one of {', '.join(STATUSES)}, got {status!r}")
    reviewer = _reviewer(reviewer)
    with store.session() as s, s.begin():
        if s.get(Incident, incident_id) is None:
            raise KeyError(f"no incident {incident_id!r}")
        o = _override(s, incident_id, reviewer)
        previous = o.status
        o.status = status
        action = {"confirmed": "confirm", "rejected": "reject"}[status]
        return _log(s, incident_id, action, reviewer, note, "status", status, previous)


def _event_type(value) -> dict[str, Any]:
    if not isinstance(value, str) or not value.strip():
        raise ReviewError("type: expected a Marsad event type name")
    from .incidents import _event_types

    table = _event_types()
    if table and value not in table:
        raise ReviewError(f"type: unknown event type {value!r}; known: {', '.join(sorted(table))}")
    et = table.get(value)
    return {"type": value, "acled_event_type": getattr(et, "acled_event_type", None),
            "acled_sub_event_type": getattr(et, "acled_sub_event_type", None),
            "plover_type": getattr(et, "plover_type", None)}


def _actor(field: str, value) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        value = {"name": value.strip()}
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        raise ReviewError(f"{field}: expected an actor name, an object with 'name', or null for no actor")
    allowed = {"id", "name", "name_ar", "inter", "code"}
    extra = set(value) - allowed
    if extra:
        raise ReviewError(f"{field}: unknown key(s) {', '.join(sorted(extra))}; allowed: {', '.join(sorted(allowed))}")
    if value.get("inter") is not None and not (isinstance(value["inter"], int) and 0 <= value["inter"] <= 8):
        raise ReviewError(f"{field}: inter must be an ACLED inter code 0..8")
    return {k: value[k] for k in sorted(value) if value[k] not in (None, "")}


def _location(value) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"name": value.strip()}
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        raise ReviewError("location: expected an object with at least 'name'")
    allowed = {"name", "name_ar", "admin1", "admin2", "country", "iso2", "lat", "lon"}
    extra = set(value) - allowed
    if extra:
        raise ReviewError(f"location: unknown key(s) {', '.join(sorted(extra))}; allowed: {', '.join(sorted(allowed))}")
    out = {k: value[k] for k in allowed if value.get(k) not in (None, "")}
    for key, bound in (("lat", 90), ("lon", 180)):
        if key in out:
            try:
                out[key] = float(out[key])
            except (TypeError, ValueError):
                raise ReviewError(f"location: {key} must be a number") from None
            if not -bound <= out[key] <= bound:
                raise ReviewError(f"location: {key} out of range ±{bound}")
    if ("lat" in out) != ("lon" in out):
        raise ReviewError("location: give both lat and lon, or neither")
    if "iso2" in out:
        iso2 = str(out["iso2"]).upper()
        if len(iso2) != 2 or not iso2.isalpha():
            raise ReviewError("location: iso2 must be a two-letter country code")
        out["iso2"] = iso2
    return out


def _country_name(s, iso2: str) -> str | None:
    """The name the store already uses for `iso2` (so filters by name keep working), else ISO's."""
    known = s.execute(select(Incident.country).where(Incident.iso2 == iso2, Incident.country.is_not(None))
                      .limit(1)).scalar()
    if known:
        return known
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2)
    return getattr(c, "common_name", None) or getattr(c, "name", None) if c else None


def _date(value) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ReviewError(f"date: not an ISO date (YYYY-MM-DD): {value!r}") from None


def _fatalities(value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ReviewError("fatalities: expected a whole number >= 0")
    try:
        n = int(value)
    except ValueError:
        raise ReviewError(f"fatalities: expected a whole number >= 0, got {value!r}") from None
    if n < 0 or n > 1_000_000:
        raise ReviewError("fatalities: expected a whole number between 0 and 1,000,000")
    return n


def correct(store, incident_id: str, field: str, value: Any, *, reviewer: str,
            note: str | None = None) -> dict[str, Any]:
    """Correct one field of an incident (stored as an override; the machine value is kept);
    returns the logged action with the value it replaced."""
    if field not in CORRECTABLE:
        raise ReviewError(f"field: expected one of {', '.join(CORRECTABLE)}, got {field!r}")
    reviewer = _reviewer(reviewer)
    with store.session() as s, s.begin():
        inc = s.get(Incident, incident_id)
        if inc is None:
            raise KeyError(f"no incident {incident_id!r}")
        current = effective(inc, s.get(IncidentOverride, incident_id))
        o = _override(s, incident_id, reviewer)
        if field == "type":
            mapped = _event_type(value)
            previous = current["type"]
            for k, v in mapped.items():
                setattr(o, k, v)
            value = mapped["type"]
        elif field in ("actor1", "actor2"):
            previous = current[field]
            value = _actor(field, value)
            setattr(o, field, value)
        elif field == "location":
            previous = current["location"]
            value = _location(value)
            o.location = value
            o.country, o.iso2 = value.get("country"), value.get("iso2")
            o.admin1, o.admin2 = value.get("admin1"), value.get("admin2")
            o.lat, o.lon = value.get("lat"), value.get("lon")
            if o.country is None and o.iso2:
                o.country = value["country"] = _country_name(s, o.iso2)
        elif field == "date":
            previous = current["date"]
            o.date = value = _date(value)
        else:
            previous = current["fatalities_best"]
            o.fatalities = value = _fatalities(value)
        return _log(s, incident_id, "correct", reviewer, note, field, value, previous)


def clear_overrides(store, incident_id: str, field: str | None = None, *, reviewer: str,
                    note: str | None = None) -> dict[str, Any]:
    """Return a field (or, with `field=None`, every field and the status) to the machine value."""
    reviewer = _reviewer(reviewer)
    if field is not None and field not in CORRECTABLE + ("status",):
        raise ReviewError(f"field: expected one of {', '.join(CORRECTABLE + ('status',))}, got {field!r}")
    with store.session() as s, s.begin():
        o = s.get(IncidentOverride, incident_id)
        if o is None:
            if s.get(Incident, incident_id) is None:
                raise KeyError(f"no incident {incident_id!r}")
            return _log(s, incident_id, "revert", reviewer, note, field)
        columns = {"type": ("type", "acled_event_type", "acled_sub_event_type", "plover_type"),
                   "location": ("location", "country", "iso2", "admin1", "admin2", "lat", "lon"),
                   "status": ("status",)}
        targets = [field] if field else list(CORRECTABLE) + ["status"]
        for f in targets:
            for col in columns.get(f, (f,)):
                setattr(o, col, null() if col in ("actor1", "actor2", "location") else None)
        o.updated_at, o.reviewer = _now(), reviewer
        return _log(s, incident_id, "revert", reviewer, note, field)


def merge(store, keep: str, other: str, *, reviewer: str, note: str | None = None) -> dict[str, Any]:
    """`Store.merge` with the decision logged on both incidents."""
    reviewer = _reviewer(reviewer)
    result = store.merge(keep, other, note)
    with store.session() as s, s.begin():
        _log(s, other, "merge", reviewer, note, "incident", keep)
        return _log(s, keep, "merge", reviewer, note, "incident", other) | {"incident": result}


def split(store, mention_id: str, *, reviewer: str, note: str | None = None) -> dict[str, Any]:
    """`Store.split` with the decision logged on the old and the new incident."""
    reviewer = _reviewer(reviewer)
    with store.session() as s:
        link = s.get(IncidentMention, mention_id)
        old = link.incident_id if link is not None else None
    new = store.split(mention_id, note)
    with store.session() as s, s.begin():
        if old and old != new:
            _log(s, old, "split", reviewer, note, "mention", mention_id)
        return _log(s, new, "split", reviewer, note, "mention", mention_id) | {"incident": new, "from": old}
