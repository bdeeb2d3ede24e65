"""The corpus store: documents, sentences, entities, quotes, event mentions and the incidents
merged from them, in SQLite (default, one file per user) or PostgreSQL.

    >>> from marsad import store
    >>> summary = store.ingest(["examples/"], db="sqlite:///corpus.db")
    >>> df = store.open("sqlite:///corpus.db").incidents(country="SY", since="2024-01-01")
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from .db import StoreError, default_db_path, make_engine, redact, resolve_url, upgrade
from .ingest import IngestSummary, ingest, store_document

INCIDENT_COLUMNS = [
    "id", "type", "family", "plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type",
    "date", "date_end", "time_precision", "actor1", "actor2", "assoc_actors", "location", "country", "iso2",
    "admin1", "admin2", "lat", "lon", "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high",
    "fatalities_note", "region_wide", "sources", "outlets", "n_documents", "first_reported", "last_reported", "merge_reasons",
]


class Store:
    """An opened store.  `Store.open(db)` brings the schema up to date unless `upgrade=False`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | os.PathLike | Engine | None = None, *, upgrade: bool = True) -> Store:
        engine = db if isinstance(db, Engine) else make_engine(db)
        if upgrade:
            globals()["upgrade"](engine)
        return cls(engine)

    @property
    def url(self) -> str:
        return redact(str(self.engine.url))

    def session(self) -> Session:
        return self._sessions()

    def counts(self) -> dict[str, int]:
        from .models import DocumentVersion, EventMention, Incident, StoredDocument

        with self.session() as s:
            return {name: s.execute(select(func.count()).select_from(model)).scalar_one()
                    for name, model in (("documents", StoredDocument), ("versions", DocumentVersion),
                                        ("events", EventMention), ("incidents", Incident))}

    def incident_rows(self, *, since=None, until=None, country=None, type=None, actor=None) -> list[dict[str, Any]]:
        """Incidents as dicts (with their `mentions`), filtered; ordered by date then id."""
        from .models import Incident

        since, until = _as_date(since, "since"), _as_date(until, "until")
        query = select(Incident)
        if since is not None:
            query = query.where(Incident.date >= since)
        if until is not None:
            query = query.where(Incident.date <= until)
        if country:
            query = query.where((func.lower(Incident.country) == country.lower())
                                | (func.lower(Incident.iso2) == country.lower()))
        if type:
            query = query.where((Incident.type == type) | (Incident.acled_event_type == type)
                                | (Incident.plover_type == type))
        from sqlalchemy.orm import selectinload

        from .models import EventMention, IncidentMention

        # Members, their mentions and documents in three IN-queries, not three queries per incident.
        query = query.options(selectinload(Incident.members).selectinload(IncidentMention.mention)
                              .selectinload(EventMention.document))
        rows = []
        with self.session() as s:
            for inc in s.execute(query.order_by(Incident.date, Incident.id)).scalars():
                row = {c: getattr(inc, c) for c in INCIDENT_COLUMNS}
                if actor and not _actor_matches(row, actor):
                    continue
                row["mentions"] = [_mention_row(im) for im in inc.members]
                rows.append(row)
        return rows

    def incidents(self, **filters) -> Any:
        """Incidents as a pandas DataFrame (one row per incident); filters as `incident_rows`."""
        import pandas as pd

        rows = self.incident_rows(**filters)
        frame = pd.DataFrame(rows, columns=INCIDENT_COLUMNS + ["mentions"])
        # Nullable integers: a missing toll must stay missing, not turn the column into floats.
        for col in ("time_precision", "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high",
                    "n_documents"):
            frame[col] = frame[col].astype("Int64")
        return frame

    def merge(self, keep: str, other: str, note: str | None = None) -> str:
        from .incidents import merge_incidents

        with self.session() as s, s.begin():
            return merge_incidents(s, keep, other, note)

    def split(self, mention_id: str, note: str | None = None) -> str:
        from .incidents import split_mention

        with self.session() as s, s.begin():
            return split_mention(s, mention_id, note)


def _as_date(value, name: str) -> dt.date | None:
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from exc


def _actor_matches(row: dict, needle: str) -> bool:
    needle = needle.casefold()
    for actor in [row.get("actor1"), row.get("actor2"), *(row.get("assoc_actors") or [])]:
        for key in ("id", "name", "name_ar", "code"):
            value = (actor or {}).get(key)
            if value and needle in str(value).casefold():
                return True
    return False


def _mention_row(im) -> dict[str, Any]:
    m = im.mention
    doc = m.document
    return {"id": m.id, "document": doc.key, "url": doc.url, "outlet": doc.outlet,
            "publication_date": doc.publication_date.isoformat() if doc.publication_date else None,
            "type": m.type, "date": m.date.isoformat() if m.date else None, "fatalities": m.fatalities,
            "source": m.source, "status": m.status, "evidence": m.evidence_text, "reason": im.reason}


def open(db: str | os.PathLike | Engine | None = None, *, upgrade: bool = True) -> Store:  # noqa: A001
    """Open (and by default create or upgrade) the store at `db`."""
    return Store.open(db, upgrade=upgrade)


__all__ = ["IngestSummary", "Store", "StoreError", "default_db_path", "ingest", "make_engine", "open",
           "resolve_url", "store_document", "upgrade"]
