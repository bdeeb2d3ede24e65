"""corpus store: documents, mentions, incidents

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 01:16:42.472245
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('record_id', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('publication_date', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('segments', sa.JSON(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('incidents',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('family', sa.String(length=32), nullable=True),
    sa.Column('plover_type', sa.String(length=32), nullable=True),
    sa.Column('plover_mode', sa.String(length=32), nullable=True),
    sa.Column('acled_event_type', sa.String(length=64), nullable=True),
    sa.Column('acled_sub_event_type', sa.String(length=128), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('window_start', sa.Date(), nullable=True),
    sa.Column('window_end', sa.Date(), nullable=True),
    sa.Column('actor1', sa.JSON(), nullable=True),
    sa.Column('actor2', sa.JSON(), nullable=True),
    sa.Column('assoc_actors', sa.JSON(), nullable=False),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('iso2', sa.String(length=2), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('admin2', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities_low', sa.Integer(), nullable=True),
    sa.Column('fatalities_best', sa.Integer(), nullable=True),
    sa.Column('fatalities_high', sa.Integer(), nullable=True),
    sa.Column('fatalities_note', sa.Text(), nullable=True),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('outlets', sa.JSON(), nullable=False),
    sa.Column('n_documents', sa.Integer(), nullable=False),
    sa.Column('first_reported', sa.Date(), nullable=True),
    sa.Column('last_reported', sa.Date(), nullable=True),
    sa.Column('merge_reasons', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_block', ['iso2', 'window_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_date'), ['date'], unique=False)

    op.create_table('merge_decisions',
    sa.Column('mention_a', sa.String(length=64), nullable=False),
    sa.Column('mention_b', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('mention_a', 'mention_b')
    )
    op.create_table('document_versions',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publication_date', sa.Date(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'version')
    )
    op.create_table('entities',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kb_id', sa.String(length=128), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('name_ar', sa.Text(), nullable=True),
    sa.Column('attrs', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_kb_id'), ['kb_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_label'), ['label'], unique=False)

    op.create_table('event_mentions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=128), nullable=False),
    sa.Column('type', sa.String(length=64), nullable=False),
    sa.Column('family', sa.String(length=32), nullable=True),
    sa.Column('plover_type', sa.String(length=32), nullable=True),
    sa.Column('plover_mode', sa.String(length=32), nullable=True),
    sa.Column('acled_event_type', sa.String(length=64), nullable=True),
    sa.Column('acled_sub_event_type', sa.String(length=128), nullable=True),
    sa.Column('actor1_id', sa.String(length=128), nullable=True),
    sa.Column('actor1_name', sa.Text(), nullable=True),
    sa.Column('actor1_inter', sa.Integer(), nullable=True),
    sa.Column('actor2_id', sa.String(length=128), nullable=True),
    sa.Column('actor2_name', sa.Text(), nullable=True),
    sa.Column('actor2_inter', sa.Integer(), nullable=True),
    sa.Column('location_name', sa.Text(), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('admin2', sa.Text(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('iso2', sa.String(length=2), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('where_prec', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('injured', sa.Integer(), nullable=True),
    sa.Column('arrested', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'event_id')
    )
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.create_index('ix_event_mentions_block', ['iso2', 'date'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_mentions_document_id'), ['document_id'], unique=False)

    op.create_table('quotes',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('verb', sa.Text(), nullable=True),
    sa.Column('attrs', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('removed_lines',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.Column('raw_start', sa.Integer(), nullable=False),
    sa.Column('raw_end', sa.Integer(), nullable=False),
    sa.Column('clean_offset', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('sentences',
    sa.Column('document_id', sa.String(length=32), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'idx')
    )
    op.create_table('incident_mentions',
    sa.Column('mention_id', sa.String(length=64), nullable=False),
    sa.Column('incident_id', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mention_id'], ['event_mentions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mention_id')
    )
    with op.batch_alter_table('incident_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_mentions_incident_id'), ['incident_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('incident_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_mentions_incident_id'))

    op.drop_table('incident_mentions')
    op.drop_table('sentences')
    op.drop_table('removed_lines')
    op.drop_table('quotes')
    with op.batch_alter_table('event_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_mentions_document_id'))
        batch_op.drop_index('ix_event_mentions_block')

    op.drop_table('event_mentions')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_label'))
        batch_op.drop_index(batch_op.f('ix_entities_kb_id'))

    op.drop_table('entities')
    op.drop_table('document_versions')
    op.drop_table('merge_decisions')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_date'))
        batch_op.drop_index('ix_incidents_block')

    op.drop_table('incidents')
    op.drop_table('documents')
