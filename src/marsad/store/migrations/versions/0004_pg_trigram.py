"""PostgreSQL text search through a trigram index

On PostgreSQL the list's text search scanned every article's search text with `strpos()` (~35 ms
per new word over 100,000 articles).  With the `pg_trgm` extension, a GIN trigram index over
`document_search.body` serves `body LIKE '%word%'` (~9 ms); `strpos()` still confirms each match.
When the extension cannot be created (not installed, or not allowed for this role), nothing is
added and the scan keeps working.  SQLite already has its FTS5 trigram index (0003).  No data is
changed.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

INDEX = "ix_document_search_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # In "public", not in the store's own schema: one database may hold several stores (a team's
    # and its tests), and dropping one store's schema must not drop the others' operator class.
    for create in ("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", "CREATE EXTENSION IF NOT EXISTS pg_trgm"):
        try:
            with bind.begin_nested():
                bind.execute(sa.text(create))
            break
        except sa.exc.DBAPIError:
            continue
    else:
        return  # no pg_trgm here: the text search scans, as before
    # The operator class lives in the extension's schema, which need not be on the search path.
    schema = bind.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                  "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")).scalar_one()
    op.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON document_search USING gin (body "{schema}".gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
