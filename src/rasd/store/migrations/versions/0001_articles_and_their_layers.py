"""articles and their layers

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('doc', sa.JSON(), nullable=False),
    sa.Column('layers', sa.JSON(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hash')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source'), ['source'], unique=False)

    op.create_table('dates',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=True),
    sa.Column('end_char', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('value_start', sa.String(length=10), nullable=True),
    sa.Column('value_end', sa.String(length=10), nullable=True),
    sa.Column('precision', sa.String(length=10), nullable=True),
    sa.Column('qualifier', sa.String(length=20), nullable=True),
    sa.Column('relative', sa.Boolean(), nullable=False),
    sa.Column('calendar', sa.String(length=20), nullable=True),
    sa.Column('inferred', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dates_article_id'), ['article_id'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=True),
    sa.Column('end_char', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('label', sa.String(length=20), nullable=True),
    sa.Column('actor_id', sa.String(length=200), nullable=True),
    sa.Column('canonical', sa.Text(), nullable=True),
    sa.Column('latin', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=100), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('affiliation', sa.Text(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('inferred', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_label'), ['label'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('uid', sa.String(length=80), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=50), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('background', sa.Boolean(), nullable=False),
    sa.Column('trigger_start', sa.Integer(), nullable=True),
    sa.Column('trigger_end', sa.Integer(), nullable=True),
    sa.Column('trigger_text', sa.Text(), nullable=True),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.String(length=200), nullable=True),
    sa.Column('actor', sa.JSON(), nullable=True),
    sa.Column('target_name', sa.Text(), nullable=True),
    sa.Column('target_id', sa.String(length=200), nullable=True),
    sa.Column('target', sa.JSON(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source', sa.JSON(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('location', sa.JSON(), nullable=True),
    sa.Column('date_start', sa.String(length=10), nullable=True),
    sa.Column('date_end', sa.String(length=10), nullable=True),
    sa.Column('date_precision', sa.String(length=10), nullable=True),
    sa.Column('date', sa.JSON(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('injuries', sa.Integer(), nullable=True),
    sa.Column('instrument', sa.Text(), nullable=True),
    sa.Column('acled', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uid')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_date_start'), ['date_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)
        batch_op.create_index('ix_events_type_date', ['type', 'date_start'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=True),
    sa.Column('end_char', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=100), nullable=True),
    sa.Column('admin1', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('feature', sa.String(length=50), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('dateline', sa.Boolean(), nullable=False),
    sa.Column('inferred', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_country'), ['country'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('cue_text', sa.Text(), nullable=True),
    sa.Column('content_start', sa.Integer(), nullable=True),
    sa.Column('content_end', sa.Integer(), nullable=True),
    sa.Column('content_text', sa.Text(), nullable=True),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker_actor_id', sa.String(length=200), nullable=True),
    sa.Column('speaker', sa.JSON(), nullable=True),
    sa.Column('direct', sa.Boolean(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('outlet', sa.Text(), nullable=True),
    sa.Column('stance', sa.String(length=30), nullable=True),
    sa.Column('statement', sa.Boolean(), nullable=False),
    sa.Column('chain', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_speaker_actor_id'), ['speaker_actor_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_speaker_actor_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_article_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_country'))
        batch_op.drop_index(batch_op.f('ix_places_article_id'))

    op.drop_table('places')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type_date')
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_target_id'))
        batch_op.drop_index(batch_op.f('ix_events_status'))
        batch_op.drop_index(batch_op.f('ix_events_date_start'))
        batch_op.drop_index(batch_op.f('ix_events_country'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))
        batch_op.drop_index(batch_op.f('ix_events_actor_id'))

    op.drop_table('events')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_label'))
        batch_op.drop_index(batch_op.f('ix_entities_article_id'))
        batch_op.drop_index(batch_op.f('ix_entities_actor_id'))

    op.drop_table('entities')
    with op.batch_alter_table('dates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dates_article_id'))

    op.drop_table('dates')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source'))
        batch_op.drop_index(batch_op.f('ix_articles_published'))
        batch_op.drop_index(batch_op.f('ix_articles_duplicate_of'))

    op.drop_table('articles')
