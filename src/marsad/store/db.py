"""Where the store lives and how to connect to it.

`--db` (or the `MARSAD_DB` environment variable) takes a SQLAlchemy URL (`sqlite:///path`,
`postgresql://user@host/dbname`) or a plain file path (an SQLite file).  Without either, the
store is the SQLite file `marsad.db` in the per-user data directory: `$XDG_DATA_HOME/marsad`,
i.e. `~/.local/share/marsad` on Linux, `~/Library/Application Support/marsad` on macOS and
`%LOCALAPPDATA%\\marsad` on Windows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

ENV_VAR = "MARSAD_DB"


class StoreError(Exception):
    """A store that cannot be opened or used; the message names the database and the reason."""


def data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "marsad"


def default_db_path() -> Path:
    return data_dir() / "marsad.db"


def resolve_url(db: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL for `db`, `$MARSAD_DB` or the default file, with our drivers chosen."""
    value = os.fspath(db) if db is not None else (os.environ.get(ENV_VAR) or None)
    if value is None:
        value = str(default_db_path())
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    scheme, rest = value.split("://", 1)
    # psycopg 3 is the driver we depend on; SQLAlchemy would otherwise pick psycopg2.
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + rest
    return value


def redact(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL keeps readers unblocked during an ingest and commits survive a killed process.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A bigger page cache (~32 MB) and in-memory temporary sorts for the merge's ordered scans.
    cur.execute("PRAGMA cache_size=-32000")
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(db: str | os.PathLike | None = None) -> Engine:
    url = resolve_url(db)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{url}: cannot create the directory for the database: {exc}") from exc
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # unknown dialect, missing driver
        raise StoreError(f"{redact(url)}: cannot open: {exc}") from exc


# Tables the migrations make that the models cannot describe: SQLite's FTS5 trigram index over
# `document_search` (a virtual table) and its shadow tables (migration 0003).
UNMODELLED_TABLES = ("document_fts",)


# ... and an index that exists only where PostgreSQL has the pg_trgm extension (migration 0004).
UNMODELLED_INDEXES = ("ix_document_search_trgm",)


def include_name(name, type_, parent_names) -> bool:
    """Alembic `include_name`: leave out `UNMODELLED_TABLES` and `UNMODELLED_INDEXES` when
    comparing with the models."""
    if type_ == "index":
        return name not in UNMODELLED_INDEXES
    return not (type_ == "table" and name and name.startswith(UNMODELLED_TABLES))


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine_or_db: Engine | str | os.PathLike | None = None, revision: str = "head") -> str | None:
    """Bring the schema to `revision` (default the newest); returns the revision now applied."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    engine = engine_or_db if isinstance(engine_or_db, Engine) else make_engine(engine_or_db)
    try:
        command.upgrade(alembic_config(engine), revision)
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"{redact(str(engine.url))}: schema upgrade failed: {type(exc).__name__}: {exc}") from exc


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    from sqlalchemy import create_engine as _ce

    return ScriptDirectory.from_config(alembic_config(_ce("sqlite://"))).get_current_head()
