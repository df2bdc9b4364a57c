"""the marketplace: buyer accounts and sessions, the catalog projection, requests

Revision ID: s0003
Revises: s0001
Create Date: 2026-12-06

Buyers' accounts (argon2id hashes) and sessions (by SHA-256 only); each firm's published
catalog projected from its ledger (``market_item``) with a substring index over its search
text: SQLite's FTS5 trigram table kept by triggers, PostgreSQL's pg_trgm GIN index where
the extension can be made (without it a search scans, correctly but slower); buyers'
inquiries and orders with their status.
"""

from alembic import op
import sqlalchemy as sa
import marketplace.models


revision = 's0003'
down_revision = 's0001'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
_AT = marketplace.models.UtcDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('buyer_account',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('login_key', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('company', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('created_at', _AT, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buyer_account')),
    sa.UniqueConstraint('login_key', name=op.f('uq_buyer_account_login_key'))
    )
    op.create_table('buyer_session',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('buyer_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', _AT, nullable=False),
    sa.Column('expires_at', _AT, nullable=False),
    sa.Column('revoked_at', _AT, nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyer_account.id'], name=op.f('fk_buyer_session_buyer_id_buyer_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buyer_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_buyer_session_token_hash'))
    )
    op.create_index('ix_buyer_session_buyer_id', 'buyer_session', ['buyer_id'])
    op.create_table('market_item',
    sa.Column('id', _ID, nullable=False),
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('spec', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('base_unit', sa.String(length=20), nullable=False),
    sa.Column('moq', sa.String(length=40), nullable=False),
    sa.Column('pack_units', sa.JSON(), nullable=False),
    sa.Column('tiers', sa.JSON(), nullable=False),
    sa.Column('avail_figure', sa.String(length=40), nullable=False),
    sa.Column('avail_level', sa.String(length=8), nullable=False),
    sa.Column('avail_shown', sa.String(length=8), nullable=False),
    sa.Column('pictures', sa.JSON(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', _AT, nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_market_item_firm_id_firm')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_item')),
    sa.UniqueConstraint('firm_id', 'product_id', name='uq_market_item_firm_product')
    )
    op.create_index('ix_market_item_listing', 'market_item', ['firm_id', 'published', 'code'])
    op.create_index(
        'ix_market_item_category', 'market_item', ['firm_id', 'published', 'category', 'code']
    )
    op.create_table('market_request',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('buyer_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('idem_key', sa.String(length=100), nullable=False),
    sa.Column('body_hash', sa.String(length=64), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', _AT, nullable=False),
    sa.Column('updated_at', _AT, nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_market_request_firm_id_firm')),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyer_account.id'], name=op.f('fk_market_request_buyer_id_buyer_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_request')),
    sa.UniqueConstraint('buyer_id', 'idem_key', name='uq_market_request_buyer_key')
    )
    op.create_index('ix_market_request_mine', 'market_request', ['firm_id', 'buyer_id', 'created_at'])
    op.create_index('ix_market_request_open', 'market_request', ['firm_id', 'status'])
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        _sqlite_search()
    elif bind.dialect.name == 'postgresql':
        _postgres_search(bind)


def _sqlite_search() -> None:
    """An FTS5 trigram index of ``market_item.search_text`` (an external-content table:
    the text is stored once), kept by triggers whoever writes the table."""
    op.execute(
        "CREATE VIRTUAL TABLE market_search USING fts5("
        "search_text, content='market_item', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER market_item_ai AFTER INSERT ON market_item BEGIN "
        "INSERT INTO market_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER market_item_ad AFTER DELETE ON market_item BEGIN "
        "INSERT INTO market_search(market_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        "CREATE TRIGGER market_item_au AFTER UPDATE OF search_text ON market_item BEGIN "
        "INSERT INTO market_search(market_search, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        "INSERT INTO market_search(rowid, search_text) VALUES (new.id, new.search_text); END"
    )


def _postgres_search(bind: sa.Connection) -> None:
    """pg_trgm's GIN index where the extension is there or may be made (a savepoint: a
    database user without the right keeps the scan, and the migration goes on)."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql(
                "CREATE INDEX ix_market_item_search ON market_item "
                "USING gin (search_text gin_trgm_ops)"
            )
    except sa.exc.DBAPIError:
        pass


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for trigger in ('market_item_ai', 'market_item_ad', 'market_item_au'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS market_search')
    op.drop_table('market_request')
    op.drop_table('market_item')
    op.drop_table('buyer_session')
    op.drop_table('buyer_account')
