"""incident list speed: a change counter for list caches, normalised article text for search,
indexes for the type and admin1 filters

* `list_version` (one row) counts writes to the tables an incident list reads; triggers bump it,
  so every process serving lists sees any writer's change, from any program.  On PostgreSQL the
  count is a sequence bumped by deferred (commit-time) triggers: a counter row would make
  concurrent ingests wait on one another.
* indexes on the actor and outlet JSON columns as text (`CAST(actor1 AS TEXT)`, ...): the
  filters match the few distinct values in Python and look the incidents up by index.
* `document_search`: per article, `normalize(title) + "\n" + normalize(text)`, filled here for the
  articles already stored and written with each article from now on; the text search reads it
  instead of normalising every article per request.  On SQLite with FTS5, `document_fts`
  indexes it by trigrams (kept in step by triggers), so a search of 3+ characters is an index
  look-up.  No data is changed or removed.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

JSON_SEARCHED = ("actor1", "actor2", "assoc_actors", "outlets", "sources")
WATCHED = ("incidents", "incident_overrides", "incident_mentions", "document_search")


def upgrade() -> None:
    from marsad.store.models import document_search_text

    bind = op.get_bind()
    op.create_table('list_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.execute("INSERT INTO list_version (id, version) VALUES (1, 0)")
    search = op.create_table('document_search',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id')
    )
    docs = sa.table('documents', sa.column('id', sa.String), sa.column('title', sa.Text), sa.column('text', sa.Text))
    last = ""
    while True:  # in batches of ids, so a large store is never held in memory at once
        rows = bind.execute(sa.select(docs.c.id, docs.c.title, docs.c.text).where(docs.c.id > last)
                            .order_by(docs.c.id).limit(2000)).all()
        if not rows:
            break
        op.bulk_insert(search, [{"document_id": i, "body": document_search_text(title, text)}
                                for i, title, text in rows])
        last = rows[-1][0]
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_type_date', ['type', 'date', 'id'], unique=False)
        batch_op.create_index('ix_incidents_admin1_date', ['admin1', 'iso2', 'date', 'id'], unique=False)
    # The JSON columns the actor and outlet filters search, as text: their distinct values are
    # read from these indexes and the matching ones looked up through them.
    for col in JSON_SEARCHED:
        op.create_index(f'ix_incidents_{col}_text', 'incidents', [sa.text(f'CAST({col} AS TEXT)')], unique=False)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE marsad_list_version")
        op.execute("CREATE FUNCTION marsad_bump_list_version() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN PERFORM nextval(quote_ident(TG_TABLE_SCHEMA) || '.marsad_list_version'); RETURN NULL; "
                   "END $$")
        for table in WATCHED:
            op.execute(f"CREATE CONSTRAINT TRIGGER marsad_{table}_changed AFTER INSERT OR UPDATE OR DELETE "
                       f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                       "EXECUTE FUNCTION marsad_bump_list_version()")
    else:
        if _has_fts5_trigram(bind):
            # A trigram index over the search text: a substring of 3+ characters is found through
            # it instead of a pass over every article.  Kept in step by triggers.
            op.execute("CREATE VIRTUAL TABLE document_fts USING fts5(body, content='document_search', "
                       "content_rowid='rowid', tokenize='trigram')")
            op.execute("INSERT INTO document_fts(document_fts) VALUES ('rebuild')")
            op.execute("CREATE TRIGGER marsad_document_fts_insert AFTER INSERT ON document_search BEGIN "
                       "INSERT INTO document_fts(rowid, body) VALUES (new.rowid, new.body); END")
            op.execute("CREATE TRIGGER marsad_document_fts_delete AFTER DELETE ON document_search BEGIN "
                       "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.rowid, old.body); END")
            op.execute("CREATE TRIGGER marsad_document_fts_update AFTER UPDATE ON document_search BEGIN "
                       "INSERT INTO document_fts(document_fts, rowid, body) VALUES ('delete', old.rowid, old.body); "
                       "INSERT INTO document_fts(rowid, body) VALUES (new.rowid, new.body); END")
        for table in WATCHED:
            for op_name in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER marsad_{table}_{op_name.lower()} AFTER {op_name} ON {table} "
                           "BEGIN UPDATE list_version SET version = version + 1 WHERE id = 1; END")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS marsad_{table}_changed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS marsad_bump_list_version()")
        op.execute("DROP SEQUENCE IF EXISTS marsad_list_version")
    else:
        for table in WATCHED + ("document_fts",):
            for op_name in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS marsad_{table}_{op_name}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    for col in JSON_SEARCHED:
        op.drop_index(f'ix_incidents_{col}_text', table_name='incidents')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_admin1_date')
        batch_op.drop_index('ix_incidents_type_date')
    op.drop_table('document_search')
    op.drop_table('list_version')


def _has_fts5_trigram(bind) -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34+, compiled in)."""
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.marsad_fts_probe USING fts5(x, tokenize='trigram')")
        bind.exec_driver_sql("DROP TABLE temp.marsad_fts_probe")
        return True
    except Exception:
        return False
