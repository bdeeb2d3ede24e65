"""An in-memory index of the incident list: filter, sort and page without SQL.

A list request that misses the page caches (`review.py`, "cached pages") costs an SQL query that
often cannot use an index: a sort on a corrected value or with nulls last, a filter over JSON
text, a count over a broad filter.  Under 20 concurrent clients those misses (20-200 ms each on
100,000 incidents) made the tail of the latency.  This index holds, per store and list version,
the columns the list filters and sorts on (override applied, as `COALESCE(override, machine)` in
the SQL), one array per column, and answers a request with array operations in about a
millisecond.  Its semantics are the SQL path's (`review._where`, `review.SORTS`); a test compares
the two on random queries.

The web app builds it before serving; after a write, a request that finds it older than the
store's list version takes the SQL path and starts a rebuild in a background thread, so a write
never makes a reader wait.  Text search (`q`) still asks the database for the articles that hold
the needle (SQLite's trigram index, or a scan on PostgreSQL), cached per needle and version; the
index maps them to their incidents (that join through the mentions was most of a text search's
cost: 150-1,200 ms for a word in 8 % of 100,000 articles, now 8-12 ms on SQLite, 35-45 ms on
PostgreSQL).
"""

from __future__ import annotations

import array
import bisect
import itertools
import logging
import threading
import time
from typing import Any

import numpy as np
from sqlalchemy import Text, cast, func, literal_column, or_, select

from .. import settings
from .models import DocumentSearch, EventMention, Incident, IncidentMention, IncidentOverride

log = logging.getLogger(__name__)

_CORRECTED = ("type", "date", "actor1", "actor2", "location", "fatalities")


class _Codes:
    """A column as small integer codes into its sorted distinct values (None: code -1), so that a
    filter tests each distinct value once and then compares integers."""

    def __init__(self, values: list, codes: np.ndarray):
        self.values, self.codes = values, codes

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


class _CodesBuilder:
    """Takes a column's values a batch of rows at a time, keeping each distinct value once (the
    rows' JSON texts repeat: holding 100,000 copies cost more than the whole index)."""

    def __init__(self):
        self.first_seen: dict[Any, int] = {}
        self.numbers = itertools.count()
        self.codes = array.array("i")

    def extend(self, values) -> None:
        # A new value takes the next number, a known one returns its own (all in C).
        self.codes.extend(map(self.first_seen.setdefault, values, self.numbers))

    def finish(self) -> _Codes:
        values = sorted(v for v in self.first_seen if v is not None)
        rank = np.full(next(self.numbers), -1, dtype=np.int32)  # number -> rank in sorted order
        rank[[self.first_seen[v] for v in values]] = np.arange(len(values), dtype=np.int32)
        return _Codes(values, rank[np.frombuffer(self.codes, dtype=np.int32)])


class ListIndex:
    """The list columns of every incident at one list version (`sig`)."""

    def __init__(self, sig: tuple, ids: list[str], columns: dict[str, _Codes], corrected: np.ndarray,
                 members: list[tuple[Any, str]] = ()):
        self.sig = sig
        self.n = len(ids)
        self.ids = ids
        self.columns = columns
        self.corrected = corrected
        self.reviewed = columns["status"].codes >= 0
        # article key -> positions of the incidents it tells (the text search finds articles)
        position = {i: k for k, i in enumerate(ids)}
        self.incidents_of: dict[Any, list[int]] = {}
        for article, incident_id in members:
            self.incidents_of.setdefault(article, []).append(position[incident_id])
        self._orders: dict[tuple[str, bool], np.ndarray] = {}
        self._lock = threading.Lock()

    # --- filters (the SQL path's, `review._where`) ---------------------------------------------
    def mask(self, query, text_documents=None) -> np.ndarray | None:
        """Rows matching `query`'s filters (None: all); `text_documents` are the articles its
        text search found (their `article_key`s, asked of the database by the caller)."""
        from .review import (REVIEW_FILTERS, STATUSES, ReviewError, _as_date, _iso2, _types_covered,
                             json_text_test)

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
            test = json_text_test(query.actor.strip())
            parts.append(c["actor1"].where(test) | c["actor2"].where(test) | c["assoc_actors"].where(test))
        if query.outlet and query.outlet.strip():
            test = json_text_test(query.outlet.strip())
            parts.append(c["outlets"].where(test) | c["sources"].where(test))
        if text_documents is not None:
            hit = np.zeros(self.n, dtype=bool)
            positions = itertools.chain.from_iterable(filter(None, map(self.incidents_of.get, text_documents)))
            hit[np.fromiter(positions, dtype=np.int64)] = True
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

    def page(self, query, text_documents=None) -> tuple[int, list[str]]:
        """(total matching, ids of the requested page)."""
        order = self.order(query.sort, query.order == "desc")
        mask = self.mask(query, text_documents)
        ranked = order if mask is None else order[mask[order]]
        ids = [self.ids[k] for k in ranked[query.offset:query.offset + query.limit]]
        return len(ranked), ids

    def timeline(self, query, text_documents=None) -> list[tuple[Any, str, int]]:
        """(day, type, count) of the dated matches, by day then type (`review.timeline`)."""
        mask = self.mask(query, text_documents)
        day, kind = self.columns["date"], self.columns["type"]
        keep = (day.codes >= 0) & (kind.codes >= 0)
        if mask is not None:
            keep &= mask
        width = max(1, len(kind.values))
        counts = np.bincount(day.codes[keep].astype(np.int64) * width + kind.codes[keep],
                             minlength=len(day.values) * width)
        return [(day.values[k // width], kind.values[k % width], int(counts[k])) for k in np.flatnonzero(counts)]


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


def article_key(dialect: str):
    """How the index and the text search name an article: SQLite's `document_search` rowid (what
    its trigram index returns, no string ids to read), else the article id."""
    return literal_column("document_search.rowid") if dialect == "sqlite" else DocumentSearch.document_id


def build(store) -> ListIndex | None:
    """The index at the store's current list version, or None when the version moved while it
    was read (a write committed meanwhile) or the store is larger than the configured limit."""
    from .review import _signature

    ids: list[str] = []
    builders = {name: _CodesBuilder() for name in _ROW_FIELDS[1:-1]}
    corrected = array.array("b")
    with store.session() as s:
        sig = _signature(s)
        n = s.execute(select(func.count()).select_from(Incident)).scalar_one()
        if n > settings.LIST_INDEX_MAX_INCIDENTS:
            return None
        rows = s.connection().execution_options(yield_per=5000).execute(_rows_statement())
        for chunk in rows.partitions():
            columns = list(zip(*chunk))
            ids.extend(columns[0])
            for builder, values in zip(builders.values(), columns[1:-1]):
                builder.extend(values)
            corrected.extend(bool(v) for v in columns[-1])
        key = article_key(s.get_bind().dialect.name)
        members = s.connection().execute(
            select(key, IncidentMention.incident_id).distinct().select_from(IncidentMention)
            .join(EventMention, EventMention.id == IncidentMention.mention_id)
            .join(DocumentSearch, DocumentSearch.document_id == EventMention.document_id)).all()
    with store.session() as s:
        if _signature(s) != sig:
            return None
    return ListIndex(sig, ids, {name: b.finish() for name, b in builders.items()},
                     np.frombuffer(corrected, dtype=np.int8).astype(bool), members)


# --- one index per store, rebuilt in the background ------------------------------------------
class _Slot:
    """A store's index and its builds."""

    def __init__(self):
        self.index: ListIndex | None = None
        self.building = False
        self.last_finished = float("-inf")  # when the last build attempt ended (built or not)
        self.last_seconds = 0.0  # and how long it took


_slots: dict[str, _Slot] = {}
_state_lock = threading.Lock()


def current(store, sig: tuple) -> ListIndex | None:
    """The store's index if it is at list version `sig`; otherwise None, and a rebuild is
    started in the background: at most one per store at a time, and none sooner after the last
    attempt than `LIST_INDEX_REBUILD_GAP` seconds or five times its duration, so that a store
    being written continuously (an ingest) is served by SQL, and rebuilds take at most a sixth
    of a core."""
    if not _allowed(store):
        return None
    key = str(store.engine.url)
    with _state_lock:
        slot = _slots.setdefault(key, _Slot())
        if slot.index is not None and slot.index.sig == sig:
            return slot.index
        gap = max(settings.LIST_INDEX_REBUILD_GAP, 5 * slot.last_seconds)
        if slot.building or time.monotonic() - slot.last_finished < gap:
            return None
        slot.building = True
    threading.Thread(target=_rebuild, args=(store, slot), name="marsad-list-index", daemon=True).start()
    return None


def _rebuild(store, slot: _Slot) -> None:
    started = time.monotonic()
    index = None
    try:
        index = build(store)
    except Exception:  # a store closed or a table gone under us: the SQL path keeps serving
        log.debug("list index build failed for %s", store.engine.url, exc_info=True)
    finally:
        with _state_lock:
            if index is not None:
                slot.index = index
            slot.building = False
            slot.last_finished = time.monotonic()
            slot.last_seconds = slot.last_finished - started


def wait(store, timeout: float = 60.0) -> ListIndex | None:
    """The store's index at its current version, built here if need be (for tools and tests);
    None if writes kept moving the version for `timeout` seconds."""
    from .review import _signature

    if not _enabled(store):
        return None
    deadline = time.monotonic() + timeout
    key = str(store.engine.url)
    while time.monotonic() < deadline:
        settle(deadline - time.monotonic())
        with store.session() as s:
            sig = _signature(s)
        with _state_lock:
            slot = _slots.setdefault(key, _Slot())
            if slot.index is not None and slot.index.sig == sig:
                return slot.index
        index = build(store)
        if index is not None:
            with _state_lock:
                slot.index = index
            return index
    return None


def settle(timeout: float = 30.0) -> None:
    """Wait until no build is running (before a database is dropped under one)."""
    deadline = time.monotonic() + timeout
    while any(slot.building for slot in list(_slots.values())) and time.monotonic() < deadline:
        time.sleep(0.02)


def forget() -> None:
    """Drop every index (`review.clear_cache`)."""
    with _state_lock:
        for slot in _slots.values():
            slot.index = None


def _enabled(store) -> bool:
    """`_allowed`, and the store is no larger than the configured limit."""
    if not _allowed(store):
        return False
    with store.session() as s:
        return s.execute(select(func.count()).select_from(Incident)).scalar_one() <= settings.LIST_INDEX_MAX_INCIDENTS


def _allowed(store) -> bool:
    """The index is on, and the store can be read from another thread: an in-memory SQLite
    database lives in one connection."""
    url = store.engine.url
    return settings.LIST_INDEX_MAX_INCIDENTS > 0 and not (
        url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))
