"""Shared fixtures.  Store fixtures (prefix `store_`) give each test a fresh database on SQLite
and on PostgreSQL.

PostgreSQL: `MARSAD_TEST_PG` (default `postgresql://postgres@127.0.0.1:5432/test`); each test
gets its own schema, dropped afterwards, so parallel runs never collide.  When the server is
unreachable the PostgreSQL cases skip locally, and FAIL when `CI=true` (CI must test both)."""

from __future__ import annotations

import os
import uuid

import pytest

STORE_PG_URL = os.environ.get("MARSAD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
_pg_error: list[str] = []


def _store_pg_admin():
    from sqlalchemy import create_engine, text

    from marsad.store.db import resolve_url

    engine = create_engine(resolve_url(STORE_PG_URL), connect_args={"connect_timeout": 3})
    with engine.connect() as conn:
        conn.execute(text("select 1"))
    return engine


def _store_pg_unavailable(reason: str):
    message = f"PostgreSQL at {STORE_PG_URL} unreachable ({reason})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI=true requires the PostgreSQL store tests to run", pytrace=False)
    pytest.skip(message + "; set MARSAD_TEST_PG or start the server to run these cases")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db_url(request, tmp_path):
    """A URL to an empty database (schema not yet created)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if _pg_error:
        _store_pg_unavailable(_pg_error[0])
    try:
        admin = _store_pg_admin()
    except Exception as exc:  # driver missing, refused, auth
        _pg_error.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        _store_pg_unavailable(_pg_error[0])
    from sqlalchemy import text

    schema = "marsad_t_" + uuid.uuid4().hex[:12]
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in STORE_PG_URL else "?"
    try:
        yield f"{STORE_PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        from sqlalchemy.orm import close_all_sessions

        from marsad.store import list_index

        list_index.settle()  # a background list-index build must not hold the tables being dropped
        close_all_sessions()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store_open(store_db_url):
    """A function opening (and creating) the test database as a `marsad.store.Store`; engines
    are disposed at teardown so the PostgreSQL schema can be dropped."""
    from marsad.store import Store

    opened = []

    def _open():
        store = Store.open(store_db_url)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.engine.dispose()


@pytest.fixture(scope="session")
def store_pipeline():
    from marsad.pipeline import Pipeline

    return Pipeline.default()
