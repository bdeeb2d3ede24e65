"""The incident list's in-memory index answers every filter, sort and page as the SQL path does."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import insert, update

from marsad import settings
from marsad.store import Store
from marsad.store import list_index
from marsad.store import review as R
from marsad.store.models import Incident, IncidentOverride

pytest.importorskip("fastapi")
from marsad.web import bench as B  # noqa: E402

N = 400


@pytest.fixture
def store(store_db_url):
    """Generated incidents (SQLite and PostgreSQL) with the awkward cases added: missing dates,
    places and counts, and overrides of every kind (an actor cleared, an Arabic actor, a moved
    place, a new type)."""
    B.generate(store_db_url, N, seed=3)
    store = Store.open(store_db_url)
    rng = random.Random(5)
    now = dt.datetime.now(dt.timezone.utc)
    ids = [f"INC-{i:012X}" for i in range(N)]
    with store.engine.begin() as conn:
        for i in rng.sample(range(N), 40):
            conn.execute(update(Incident).where(Incident.id == ids[i]).values(date=None))
        for i in rng.sample(range(N), 40):
            conn.execute(update(Incident).where(Incident.id == ids[i]).values(admin1=None, n_documents=3))
        conn.execute(IncidentOverride.__table__.delete())
        overrides = []
        for k, i in enumerate(rng.sample(range(N), 60)):
            o = dict(incident_id=ids[i], status=rng.choice([None, "confirmed", "rejected"]), updated_at=now,
                     reviewer="test")
            kind = k % 6
            if kind == 0:
                o.update(type="protest", acled_event_type="Protests", acled_sub_event_type="Peaceful protest",
                         plover_type="PROTEST")
            elif kind == 1:
                o.update(date=dt.date(2021, 6, 1 + k % 28))
            elif kind == 2:
                o.update(actor1={"id": "HAMAS", "name": "Hamas", "name_ar": "حماس"})
            elif kind == 3:
                o.update(actor1={})
            elif kind == 4:
                o.update(location={"name": "Tadif"}, country="Syria", iso2="SY", admin1="aleppo", lat=36.3,
                         lon=37.5)
            else:
                o.update(fatalities=rng.choice([0, 7, 90]))
            overrides.append(o)
        for o in overrides:  # one by one: each sets different columns
            conn.execute(insert(IncidentOverride), o)
    R.clear_cache()
    yield store
    store.engine.dispose()


def _random_query(rng: random.Random) -> R.IncidentQuery:
    from marsad.store.incidents import _event_types

    types = list(_event_types().values())
    iso2, country, admin1s, _, _ = rng.choice(B.COUNTRIES)
    q = R.IncidentQuery(sort=rng.choice(list(R.SORTS)), order=rng.choice(["asc", "desc"]),
                        limit=rng.choice([1, 10, 50]), offset=rng.choice([0, 0, 10, 45, 300, 1000]))
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        what = rng.choice(["date", "country", "admin1", "type", "actor", "outlet", "q", "review"])
        if what == "date":
            q.since = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1500))
            q.until = q.since + dt.timedelta(days=rng.choice([0, 30, 400]))
        elif what == "country":
            q.country = rng.choice([country, iso2, iso2.lower(), "Atlantis"])
        elif what == "admin1":
            q.admin1 = rng.choice(admin1s + ["ALEPPO", "Nowhere"])
        elif what == "type":
            et = rng.choice(types)
            q.type = rng.choice([et.type, et.acled_event_type or et.type, et.plover_type or et.type, "PROTEST"])
        elif what == "actor":
            q.actor = rng.choice(["Actor 1", "actor 42", "ACT7", "حماس", "Hamas", "zzz"])
        elif what == "outlet":
            q.outlet = rng.choice(B.OUTLETS + ["courier", "Monitor", "nothing"])
        elif what == "q":
            q.q = rng.choice(B.WORDS_EN + B.WORDS_AR + ["غاره جويه", "no such words"])
        else:
            q.review = rng.choice(R.REVIEW_FILTERS)
    return q


def test_index_pages_equal_sql_pages(store, monkeypatch):
    index = list_index.wait(store)
    assert index is not None and index.n == N
    rng = random.Random(17)
    compared = nonempty = 0
    for _ in range(400):
        q = _random_query(rng)
        monkeypatch.setattr(settings, "LIST_INDEX_MAX_INCIDENTS", 0)
        sql_total, sql_rows = R.query_incidents(store, q)
        monkeypatch.setattr(settings, "LIST_INDEX_MAX_INCIDENTS", 1_000_000)
        idx_total, idx_rows = R.query_incidents(store, q)
        assert (idx_total, [r["id"] for r in idx_rows]) == (sql_total, [r["id"] for r in sql_rows]), q
        compared += 1
        nonempty += bool(sql_rows)
    assert compared == 400 and nonempty > 150  # the queries exercised real pages, not only empty ones


def test_index_is_used_only_at_the_current_list_version(store):
    index = list_index.wait(store)
    with store.session() as s:
        sig = R._signature(s)
    assert list_index.current(store, sig) is index
    assert list_index.current(store, (sig[0] + 1,)) is None  # a newer version: SQL serves meanwhile


def test_a_review_reaches_the_list_before_and_after_the_rebuild(store):
    list_index.wait(store)
    q = R.IncidentQuery(review="confirmed", sort="id", limit=500)
    before = {r["id"] for r in R.query_incidents(store, q)[1]}
    target = next(f"INC-{i:012X}" for i in range(N) if f"INC-{i:012X}" not in before)
    R.set_status(store, target, "confirmed", reviewer="tester")
    assert target in {r["id"] for r in R.query_incidents(store, q)[1]}  # served by SQL or a fresh index
    list_index.wait(store)
    assert target in {r["id"] for r in R.query_incidents(store, q)[1]}  # served by the rebuilt index


def test_limit_turns_the_index_off(store, monkeypatch):
    monkeypatch.setattr(settings, "LIST_INDEX_MAX_INCIDENTS", N - 1)
    list_index.forget()
    assert list_index.build(store) is None
    assert R.query_incidents(store, R.IncidentQuery(limit=5))[0] == N


def test_a_write_starts_a_background_rebuild(store, monkeypatch):
    monkeypatch.setattr(settings, "LIST_INDEX_REBUILD_GAP", 0.0)
    old = list_index.wait(store)
    R.set_status(store, "INC-000000000001", "rejected", reviewer="tester")
    with store.session() as s:
        sig = R._signature(s)
    assert sig != old.sig
    assert list_index.current(store, sig) is None  # stale: SQL serves, a build starts
    list_index.settle()
    fresh = list_index.current(store, sig)
    assert fresh is not None and fresh is not old and fresh.sig == sig
    rejected = R.IncidentQuery(review="rejected", sort="id", limit=500)
    assert "INC-000000000001" in fresh.page(rejected)[1]


def test_generated_articles_are_searchable(store):
    """The benchmark's generator writes the articles' search text, so its text searches find
    incidents (Arabic spelling variants included) on both paths."""
    for word in ("checkpoint", "غارة جوية", "غاره جويه"):
        q = R.IncidentQuery(q=word, limit=500)
        total, rows = R.query_incidents(store, q)
        assert 0 < total < N and len(rows) == total


def test_index_timeline_equals_sql_timeline(store, monkeypatch):
    list_index.wait(store)
    rng = random.Random(23)
    for _ in range(60):
        q = _random_query(rng)
        monkeypatch.setattr(settings, "LIST_INDEX_MAX_INCIDENTS", 0)
        by_sql = R.timeline(store, q)
        monkeypatch.setattr(settings, "LIST_INDEX_MAX_INCIDENTS", 1_000_000)
        assert R.timeline(store, q) == by_sql, q
    dated = [r for r in R.query_incidents(store, R.IncidentQuery(limit=500))[1] if r["date"] is not None]
    assert N - 40 <= len(dated) < N  # 40 made undated, a few dated again by a review
    assert sum(d["count"] for d in R.timeline(store, R.IncidentQuery())) == len(dated)


def test_postgresql_search_text_has_a_trigram_index_where_pg_trgm_exists(store):
    from sqlalchemy import text

    if store.engine.dialect.name != "postgresql":
        pytest.skip("the trigram index of SQLite is FTS5 (migration 0003)")
    with store.engine.connect() as conn:
        available = conn.execute(text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar()
        indexed = conn.execute(text("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
                                    "AND indexname = 'ix_document_search_trgm'")).scalar()
        home = conn.execute(text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                                 "WHERE e.extname = 'pg_trgm'")).scalar()
        own = conn.execute(text("SELECT current_schema()")).scalar()
    assert indexed == (1 if available else 0)
    # The extension lives outside the store's schema: dropping this store must not drop the
    # operator class another store's index uses.
    assert home != own
