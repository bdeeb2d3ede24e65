"""incidents.region_wide: a toll told over a whole region

An incident whose every report gives a toll across a region ("في أنحاء قطاع غزة", "across the
Gaza Strip") is flagged: the strikes in its towns may be incidents of their own, so a sum of
fatalities must not add the two.  Existing incidents are flagged from their mentions' stored
records (the `region_wide` signal), in batches; nothing else changes.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.add_column('incidents', sa.Column('region_wide', sa.Boolean(), server_default=sa.false(), nullable=False))
    bind = op.get_bind()
    links = sa.table('incident_mentions', sa.column('mention_id', sa.String), sa.column('incident_id', sa.String))
    mentions = sa.table('event_mentions', sa.column('id', sa.String), sa.column('record', sa.JSON))
    incidents = sa.table('incidents', sa.column('id', sa.String), sa.column('region_wide', sa.Boolean))
    last = ""
    while True:  # incidents in batches of ids: a large store is never held in memory at once
        ids = bind.execute(sa.select(incidents.c.id).where(incidents.c.id > last).order_by(incidents.c.id)
                           .limit(BATCH)).scalars().all()
        if not ids:
            break
        flags: dict[str, bool] = {}
        rows = bind.execute(sa.select(links.c.incident_id, mentions.c.record)
                            .join(mentions, mentions.c.id == links.c.mention_id)
                            .where(links.c.incident_id.in_(ids)))
        for incident_id, record in rows:
            wide = "region_wide" in ((record or {}).get("signals") or ())
            flags[incident_id] = flags.get(incident_id, True) and wide
        flagged = [i for i, wide in flags.items() if wide]
        if flagged:
            bind.execute(incidents.update().where(incidents.c.id.in_(flagged)).values(region_wide=True))
        last = ids[-1]


def downgrade() -> None:
    # (not in batch mode: recreating the table on SQLite would drop 0003's list-version triggers)
    op.drop_column('incidents', 'region_wide')
