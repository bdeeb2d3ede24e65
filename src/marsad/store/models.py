"""The corpus store's tables (SQLAlchemy 2 declarative ORM).

Primary keys are *natural* strings derived from the input (document key, event id), never
database sequences, so that an interrupted ingest followed by a re-run leaves exactly the rows
an uninterrupted run leaves, on SQLite and on PostgreSQL alike (a rolled-back PostgreSQL
transaction still burns sequence numbers).  The Alembic migrations in `migrations/versions`
create these tables; a test checks the two agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, BigInteger, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, cast, false)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


# A missing actor, place or speaker is SQL NULL, not the JSON text "null": `IS NULL` then means
# the same on SQLite and PostgreSQL (same DDL, so no migration).
NULLABLE_JSON = JSON(none_as_null=True)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class StoredDocument(Base):
    """The current version of one article; `key` is its URL (or the input id when it has none)."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # hash of `key`
    key: Mapped[str] = mapped_column(Text, unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    record_id: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)  # the file (and line) it was read from
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    segments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    removed: Mapped[list[RemovedText]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                      order_by="RemovedText.idx")
    sentences: Mapped[list[StoredSentence]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                           order_by="StoredSentence.idx")
    entities: Mapped[list[StoredEntity]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                        order_by="StoredEntity.idx")
    quotes: Mapped[list[StoredQuote]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                     order_by="StoredQuote.idx")
    mentions: Mapped[list[EventMention]] = relationship(back_populates="document", cascade="all, delete-orphan",
                                                        passive_deletes=True, order_by="EventMention.idx")


class DocumentVersion(Base):
    """A superseded version of a document, kept whole (the `Document.to_dict()` it had)."""

    __tablename__ = "document_versions"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RemovedText(Base):
    __tablename__ = "removed_lines"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))
    raw_start: Mapped[int] = mapped_column(Integer)
    raw_end: Mapped[int] = mapped_column(Integer)
    clean_offset: Mapped[int] = mapped_column(Integer)


class StoredSentence(Base):
    __tablename__ = "sentences"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class StoredEntity(Base):
    __tablename__ = "entities"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(32), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kb_id: Mapped[str | None] = mapped_column(String(128), index=True)
    name: Mapped[str | None] = mapped_column(Text)
    name_ar: Mapped[str | None] = mapped_column(Text)
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # label-specific keys (value, ...)


class StoredQuote(Base):
    __tablename__ = "quotes"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    verb: Mapped[str | None] = mapped_column(Text)
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class EventMention(Base):
    """One event record as one article tells it: every output-contract field, flattened where
    the store filters or merges on it, and whole (`record`) so nothing is lost."""

    __tablename__ = "event_mentions"
    __table_args__ = (
        UniqueConstraint("document_id", "event_id"),
        Index("ix_event_mentions_block", "iso2", "date"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # document id + ":" + event id
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    event_id: Mapped[str] = mapped_column(String(128))
    type: Mapped[str] = mapped_column(String(64))
    family: Mapped[str | None] = mapped_column(String(32))
    plover_type: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    acled_event_type: Mapped[str | None] = mapped_column(String(64))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(128))
    actor1_id: Mapped[str | None] = mapped_column(String(128))
    actor1_name: Mapped[str | None] = mapped_column(Text)
    actor1_inter: Mapped[int | None] = mapped_column(Integer)
    actor2_id: Mapped[str | None] = mapped_column(String(128))
    actor2_name: Mapped[str | None] = mapped_column(Text)
    actor2_inter: Mapped[int | None] = mapped_column(Integer)
    location_name: Mapped[str | None] = mapped_column(Text)
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(Text)
    iso2: Mapped[str | None] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    where_prec: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    date_text: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    arrested: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    source_text: Mapped[str | None] = mapped_column(Text)
    evidence_text: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(16))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the event exactly as extracted

    document: Mapped[StoredDocument] = relationship(back_populates="mentions")


class Incident(Base):
    """One happening, however many articles told it; fields are recomputed from its mentions."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_block", "iso2", "window_start"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    family: Mapped[str | None] = mapped_column(String(32))
    plover_type: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    acled_event_type: Mapped[str | None] = mapped_column(String(64))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(128))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    # The widest date window any member allows; the merge blocks candidates on it.
    window_start: Mapped[dt.date | None] = mapped_column(Date)
    window_end: Mapped[dt.date | None] = mapped_column(Date)
    actor1: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    actor2: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    assoc_actors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    location: Mapped[dict[str, Any] | None] = mapped_column(NULLABLE_JSON)
    country: Mapped[str | None] = mapped_column(Text)
    iso2: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    fatalities_note: Mapped[str | None] = mapped_column(Text)
    # A toll over a whole region ("في أنحاء القطاع"): the strikes in its towns may be incidents
    # of their own, so its fatalities are not to be added to theirs.
    region_wide: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list)
    outlets: Mapped[list[Any]] = mapped_column(JSON, default=list)
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    first_reported: Mapped[dt.date | None] = mapped_column(Date)
    last_reported: Mapped[dt.date | None] = mapped_column(Date)
    merge_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)

    members: Mapped[list[IncidentMention]] = relationship(back_populates="incident", cascade="all, delete-orphan",
                                                          passive_deletes=True, order_by="IncidentMention.mention_id")


class IncidentMention(Base):
    __tablename__ = "incident_mentions"

    mention_id: Mapped[str] = mapped_column(ForeignKey("event_mentions.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)  # why this mention joined (or "seed", "manual merge")

    incident: Mapped[Incident] = relationship(back_populates="members")
    mention: Mapped[EventMention] = relationship()


class MergeDecision(Base):
    """A person's ruling that two mentions are (`merge`) or are not (`split`) the same incident.

    Keyed by mention ids, not incident ids, so it survives re-merging; later automatic merges
    obey it."""

    __tablename__ = "merge_decisions"

    mention_a: Mapped[str] = mapped_column(String(64), primary_key=True)
    mention_b: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "merge" | "split"
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# --- Analyst review (the web app): kept apart from machine output -------------------------
# Machine fields above are recomputed from mentions on every ingest; a person's rulings live
# here so re-extraction never overwrites them.  `review_actions` is the full history;
# `incident_overrides` is its current state per incident, a table (not a view) so that list
# queries can filter and sort on COALESCE(override, machine) in SQL.


class ReviewAction(Base):
    """One review action: confirm, reject, correct (a field), merge or split; never updated."""

    __tablename__ = "review_actions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex
    incident_id: Mapped[str] = mapped_column(String(32), index=True)  # no FK: history outlives the incident
    action: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[Any | None] = mapped_column(JSON)
    previous: Mapped[Any | None] = mapped_column(JSON)  # the effective value before this action
    reviewer: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IncidentOverride(Base):
    """The reviewed state of an incident: NULL means "the machine value stands"."""

    __tablename__ = "incident_overrides"

    incident_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str | None] = mapped_column(String(16), index=True)  # confirmed | rejected
    type: Mapped[str | None] = mapped_column(String(64))
    acled_event_type: Mapped[str | None] = mapped_column(String(64))
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(128))
    plover_type: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[dt.date | None] = mapped_column(Date)
    actor1: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actor2: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    country: Mapped[str | None] = mapped_column(Text)
    iso2: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(Text)
    admin2: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reviewer: Mapped[str] = mapped_column(Text)


# The web app's list query sorts and pages ids by date, often within one country; these make
# that an index range scan instead of a sort over the table (24 ms -> 0.2 ms at 100k incidents).
Index("ix_incidents_iso2_date", Incident.iso2, Incident.date, Incident.id)
Index("ix_incidents_date_id", Incident.date, Incident.id)
for _col in ("actor1", "actor2", "assoc_actors", "outlets", "sources"):
    Index(f"ix_incidents_{_col}_text", cast(getattr(Incident, _col), Text))
Index("ix_incidents_type_date", Incident.type, Incident.date, Incident.id)
Index("ix_incidents_admin1_date", Incident.admin1, Incident.iso2, Incident.date, Incident.id)


class DocumentSearch(Base):
    """An article's title and text in matching form (`document_search_text`), for the text
    search: reading it costs a scan of plain text, not a normalisation of every article per query."""

    __tablename__ = "document_search"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


def document_search_text(title: str | None, text: str | None) -> str:
    """What `DocumentSearch.body` holds: the normalised title and text, one line apart."""
    from ..text.normalize import normalize

    return normalize(title or "") + "\n" + normalize(text or "")


class ListVersion(Base):
    """One row counting writes to the tables incident lists read (bumped by triggers, migration
    0003; on PostgreSQL the sequence `marsad_list_version` counts instead).  List caches are
    keyed by it."""

    __tablename__ = "list_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
