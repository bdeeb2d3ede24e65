"""The Alembic migrations create exactly the tables the ORM models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from marsad.cli import main
from marsad.store import make_engine, upgrade
from marsad.store.db import StoreError, current_revision, head_revision, include_name
from marsad.store.models import Base


def test_migrations_match_models(store_db_url):
    engine = make_engine(store_db_url)
    try:
        assert upgrade(engine) == head_revision() == current_revision(engine)
        assert upgrade(engine) == head_revision()  # a second upgrade is a no-op
        with engine.connect() as conn:
            # The SQLite trigram index (a virtual table) is the one table the models cannot describe.
            diff = compare_metadata(MigrationContext.configure(conn, opts={"include_name": include_name}),
                                    Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_bad_database_is_a_clear_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["db", "upgrade", "--db", "nosuchdialect://x/y"])
    assert result.exit_code != 0 and "nosuchdialect://x/y" in result.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    try:
        make_engine(f"sqlite:///{blocker}/sub/marsad.db")
    except StoreError as exc:
        assert "cannot create the directory" in str(exc)
    else:
        raise AssertionError("expected StoreError")
