"""Alembic environment: the engine comes from `marsad.store.db.upgrade` (no alembic.ini)."""

from alembic import context

from marsad.store.db import include_name
from marsad.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
