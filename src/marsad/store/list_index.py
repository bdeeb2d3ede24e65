"""An in-memory index of the incident list: filter, sort and page without SQL.

A list request that misses the page caches (`review.py`, "cached pages") costs an SQL query that
often cannot use an index: a sort on a corrected value or with nulls last, a filter over JSON
text, a count over a broad filter.  Under 20 concurrent clients those misses (20-200 ms each on
100,000 incidents) made the tail of the latency.  This index holds, per store and list version,
the columns the list filters and sorts on (override applied, as `COALESCE(override, machine)` in
the SQL), one array per column, and answers a request with array operations in about a
millisecond.  Its semantics are the SQL path's (`review._where`, `review.SORTS`); a test compares
the two on random queries.

It is built by a background thread when a request finds it missing or older than the store's
list version; until it is ready, requests take the SQL path, so a write never makes a reader
wait for a rebuild.  Text search (`q`) still asks the database (its articles' FTS index) for the
matching incidents, cached per needle and version.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import threading
import time
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, func, or_, select

from .. import settings
from .models import Incident, IncidentOverride

log = logging.getLogger(__name__)

_SORT_COLUMNS = ("date", "type", "country", "admin1", "fatalities", "n_documents", "last_reported", "id")
_CORRECTED = ("type", "date", "actor1", "actor2", "location", "fatalities")


def _ascii_lower(value: str) -> str:
    from .review import _ascii_lower as lower

    return lower(value)


class _Codes:
    """A column as small integer codes into its sorted distinct values (None last, code -1), so
    that a filter tests each distinct value once and then compares integers."""

    def __init__(self, values: list):
        distinct = sorted({v for v in values if v is not None})
        self.values = distinct
        index = {v: i for i, v in enumerate(distinct)}
        self.codes = np.fromiter((index.get(v, -1) if v is not None else -1 for v in values), dtype=np.int32,
                                 count=len(values))

    def where(self, test) -> np.ndarray:
        """Rows whose (non-null) value passes `test`."""
        return self._rows_of([i for i, v in enumerate(self.values) if test(v)])

    def between(self, low=None, high=None) -> np.ndarray:
        """Rows whose value lies in [low, high] (either bound optional); nulls never do."""
        first = 0 if low is None else bisect.bisect_left(self.values, low)
        last = len(self.values) if high is None else bisect.bisect_right(self.values, high)
        return (self.codes >= first) & (self.codes < last)

    def _rows_of(self, hits: list[int]) -> np.ndarray:
        # A lookup table over the codes; the extra last entry (False) is where code -1 (null) lands.
        table = np.zeros(len(self.values) + 1, dtype=bool)
        table[hits] = True
        return table[self.codes]

    def order(self, descending: bool) -> np.ndarray:
        """Row positions sorted by value, nulls last, ties in row order (rows are in id order)."""
        if descending:
            key = np.where(self.codes < 0, 1, -self.codes)
        else:
            key = np.where(self.codes < 0, len(self.values), self.codes)
        return np.argsort(key, kind="stable")


class ListIndex:
    """The list columns of every incident at one list version (`sig`)."""

    def __init__(self, sig: tuple, rows: list[tuple]):
        self.sig = sig
        self.built_at = time.monotonic()
        n = len(rows)
        self.n = n
        cols = list(zip(*rows)) if rows else [()] * len(_ROW_FIELDS)
        col = dict(zip(_ROW_FIELDS, cols))
        self.ids = list(col["id"])
        self.position = {i: k for k, i in enumerate(self.ids)}
        self.columns: dict[str, _Codes] = {}
        for name in ("date", "type", "acled_event_type", "plover_type", "country", "iso2", "admin1", "fatalities",
                     "n_documents", "last_reported", "status", "actor1", "actor2", "assoc_actors", "outlets",
                     "sources"):
            self.columns[name] = _Codes(list(col[name]))
        self.corrected = np.fromiter((bool(c) for c in col["corrected"]), dtype=bool, count=n)
        self.reviewed = np.fromiter((r is not None for r in col["status"]), dtype=bool, count=n)
        self._orders: dict[tuple[str, bool], np.ndarray] = {}
        self._lock = threading.Lock()

    # --- filters (the SQL path's, `review._where`) ---------------------------------------------
    def mask(self, query, text_ids=None) -> np.ndarray | None:
        """Rows matching `query`'s filters (None: all); `text_ids` are the incidents its text
        search found (asked of the database by the caller)."""
        from .review import REVIEW_FILTERS, STATUSES, ReviewError, _as_date, _iso2, _types_covered

        parts: list[np.ndarray] = []
        c = self.columns
        for name, below in (("since", False), ("until", True)):
            value = getattr(query, name)
            if value:
                try:
                    day = _as_date(value)
                except ValueError:
                    raise ReviewError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None
                parts.append(c["date"].between(high=day) if below else c["date"].between(low=day))
        if query.country:
            code = _iso2(query.country.strip())
            if code:
                parts.append(c["iso2"].where(lambda v: v == code))
            else:
                wanted = query.country.strip().lower()
                parts.append(c["country"].where(lambda v: v.lower() == wanted))
        if query.admin1:
            wanted = query.admin1.strip().lower()
            parts.append(c["admin1"].where(lambda v: v.lower() == wanted))
        if query.type:
            t = query.type.strip()
            covered = set(_types_covered(t)) | {t}
            parts.append(c["type"].where(lambda v: v in covered) | c["acled_event_type"].where(lambda v: v == t)
                         | c["plover_type"].where(lambda v: v == t))
        if query.actor and query.actor.strip():
            test = _json_text_test(query.actor.strip())
            parts.append(c["actor1"].where(test) | c["actor2"].where(test) | c["assoc_actors"].where(test))
        if query.outlet and query.outlet.strip():
            test = _json_text_test(query.outlet.strip())
            parts.append(c["outlets"].where(test) | c["sources"].where(test))
        if text_ids is not None:
            hit = np.zeros(self.n, dtype=bool)
            positions = [self.position[i] for i in text_ids if i in self.position]
            hit[positions] = True
            parts.append(hit)
        review = query.review or "any"
        if review not in REVIEW_FILTERS:
            raise ReviewError(f"review: expected one of {', '.join(REVIEW_FILTERS)}, got {review!r}")
        if review == "unreviewed":
            parts.append(~self.reviewed)
        elif review in STATUSES:
            parts.append(c["status"].where(lambda v: v == review))
        elif review == "corrected":
            parts.append(self.corrected)
        if not parts:
            return None
        out = parts[0]
        for p in parts[1:]:
            out = out & p
        return out

    # --- order and page ---------------------------------------------------------------------
    def order(self, sort: str, descending: bool) -> np.ndarray:
        key = (sort, descending)
        found = self._orders.get(key)
        if found is None:
            if sort == "id":
                found = np.arange(self.n)[::-1] if descending else np.arange(self.n)
            else:
                found = self.columns[sort].order(descending)
            with self._lock:
                self._orders[key] = found
        return found

    def page(self, query, text_ids=None) -> tuple[int, list[str]]:
        """(total matching, ids of the requested page)."""
        order = self.order(query.sort, query.order == "desc")
        mask = self.mask(query, text_ids)
        ranked = order if mask is None else order[mask[order]]
        ids = [self.ids[k] for k in ranked[query.offset:query.offset + query.limit]]
        return len(ranked), ids


def _json_text_test(needle: str):
    """The SQL path's test of a JSON column's text (`review._json_contains`): ASCII lower-casing of
    the stored text, the needle plain or JSON-escaped."""
    forms = {needle.casefold(), json.dumps(needle.casefold())[1:-1]}
    return lambda v: any(f in _ascii_lower(v) for f in forms)


# One row per incident, in id order: the effective list columns.
_ROW_FIELDS = ("id", "date", "type", "acled_event_type", "plover_type", "country", "iso2", "admin1", "fatalities",
               "n_documents", "last_reported", "status", "actor1", "actor2", "assoc_actors", "outlets", "sources",
               "corrected")


def _rows_statement():
    I, O = Incident, IncidentOverride  # noqa: N806

    def eff(name, machine=None):
        return func.coalesce(getattr(O, name), getattr(I, machine or name))

    def side(name):  # an overridden actor is tested on the override's text, as in the SQL path
        return func.coalesce(cast(getattr(O, name), Text), cast(getattr(I, name), Text))

    corrected = or_(*[getattr(O, f).is_not(None) for f in _CORRECTED])
    return (select(I.id, eff("date"), eff("type"), eff("acled_event_type"), eff("plover_type"), eff("country"),
                   eff("iso2"), eff("admin1"), eff("fatalities", "fatalities_best"), I.n_documents, I.last_reported,
                   O.status, side("actor1"), side("actor2"), cast(I.assoc_actors, Text), cast(I.outlets, Text),
                   cast(I.sources, Text), corrected)
            .select_from(I).outerjoin(O, O.incident_id == I.id).order_by(I.id))


def build(store) -> ListIndex | None:
    """The index at the store's current list version, or None when the version moved while it
    was read (a write committed meanwhile) or the store is larger than the configured limit."""
    from .review import _signature

    with store.session() as s:
        sig = _signature(s)
        n = s.execute(select(func.count()).select_from(Incident)).scalar_one()
        if n > settings.LIST_INDEX_MAX_INCIDENTS:
            return None
        rows = s.execute(_rows_statement()).all()
    with store.session() as s:
        if _signature(s) != sig:
            return None
    return ListIndex(sig, [tuple(_as_value(v) for v in r) for r in rows])


def _as_value(value):
    # PostgreSQL and SQLite return dates as dates; a datetime here would not compare with one.
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# --- one index per store, rebuilt in the background ------------------------------------------
_indexes: dict[str, ListIndex] = {}
_building: dict[str, float] = {}  # store URL -> when its build started
_state_lock = threading.Lock()


def current(store, sig: tuple) -> ListIndex | None:
    """The store's index if it is at list version `sig`; otherwise None, and a rebuild is
    started in the background (at most one per store at a time, none within
    `LIST_INDEX_REBUILD_GAP` seconds of the last one: a store being written continuously is
    served by SQL rather than by an index rebuilt for every write)."""
    if settings.LIST_INDEX_MAX_INCIDENTS <= 0 or not _backgroundable(store):
        return None
    key = str(store.engine.url)
    index = _indexes.get(key)
    if index is not None and index.sig == sig:
        return index
    now = time.monotonic()
    with _state_lock:
        if key in _building or (index is not None and now - index.built_at < settings.LIST_INDEX_REBUILD_GAP):
            return None
        _building[key] = now
    threading.Thread(target=_rebuild, args=(store, key), name="marsad-list-index", daemon=True).start()
    return None


def _rebuild(store, key: str) -> None:
    try:
        index = build(store)
        if index is not None:
            _indexes[key] = index
    except Exception:  # a store closed or a table gone under us: the SQL path keeps serving
        log.debug("list index build failed for %s", key, exc_info=True)
    finally:
        with _state_lock:
            _building.pop(key, None)


def wait(store, timeout: float = 60.0) -> ListIndex | None:
    """Build (or wait for) the store's index at its current version; for tools and tests."""
    from .review import _signature

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with store.session() as s:
            sig = _signature(s)
        key = str(store.engine.url)
        with _state_lock:
            busy = key in _building
        index = _indexes.get(key)
        if index is not None and index.sig == sig:
            return index
        if not busy:
            index = build(store)
            if index is not None:
                _indexes[key] = index
                return index
        time.sleep(0.05)
    return None


def settle(timeout: float = 30.0) -> None:
    """Wait until no build is running (before a database is dropped under them)."""
    deadline = time.monotonic() + timeout
    while _building and time.monotonic() < deadline:
        time.sleep(0.02)


def forget() -> None:
    """Drop every index (`review.clear_cache`)."""
    _indexes.clear()


def _backgroundable(store) -> bool:
    # An in-memory SQLite database lives in one connection; a second thread must not use it.
    url = store.engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))
