"""the server schema: firms, users, desks, tokens, the change log, mutation results

Revision ID: s0001
Revises:
Create Date: 2026-12-06

The server's own database (not a ledger): firms and their users (argon2id hashes), desks
with their codes and epochs, refresh tokens by SHA-256 only, the answer kept for every
mutation a desk sent (unique per firm, and per desk and desk sequence), the per-firm
change log desks pull, and failed sign-ins for the rate limit.
"""

from alembic import op
import sqlalchemy as sa
import marketplace.models


revision = 's0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('firm',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('change_seq', sa.BigInteger(), nullable=False),
    sa.Column('horizon', sa.BigInteger(), nullable=False),
    sa.Column('created_at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firm')),
    sa.UniqueConstraint('code', name=op.f('uq_firm_code'))
    )
    op.create_table('signin_attempt',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('firm_key', sa.String(length=40), nullable=False),
    sa.Column('user_key', sa.String(length=80), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signin_attempt'))
    )
    with op.batch_alter_table('signin_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_signin_attempt_account', ['firm_key', 'user_key', 'at'], unique=False)
        batch_op.create_index('ix_signin_attempt_address', ['address', 'at'], unique=False)

    op.create_table('change',
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('desk', sa.String(length=8), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('intent', sa.String(length=80), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_change_firm_id_firm')),
    sa.PrimaryKeyConstraint('firm_id', 'seq', name=op.f('pk_change'))
    )
    op.create_table('firm_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('name_key', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=12), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_firm_user_firm_id_firm')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_firm_user')),
    sa.UniqueConstraint('firm_id', 'name_key', name='uq_firm_user_name')
    )
    with op.batch_alter_table('firm_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_firm_user_firm_id'), ['firm_id'], unique=False)

    op.create_table('desk',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('ledger_id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('epoch', sa.String(length=64), nullable=True),
    sa.Column('token_generation', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', marketplace.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_seen', marketplace.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_desk_firm_id_firm')),
    sa.ForeignKeyConstraint(['user_id'], ['firm_user.id'], name=op.f('fk_desk_user_id_firm_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk')),
    sa.UniqueConstraint('firm_id', 'code', name='uq_desk_firm_code')
    )
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_firm_id'), ['firm_id'], unique=False)

    op.create_table('mutation_result',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('firm_id', sa.Uuid(), nullable=False),
    sa.Column('mutation_id', sa.Uuid(), nullable=False),
    sa.Column('desk_id', sa.Uuid(), nullable=False),
    sa.Column('desk_seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_zh', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_mutation_result_desk_id_desk')),
    sa.ForeignKeyConstraint(['firm_id'], ['firm.id'], name=op.f('fk_mutation_result_firm_id_firm')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mutation_result')),
    sa.UniqueConstraint('desk_id', 'desk_seq', name='uq_mutation_result_desk_seq'),
    sa.UniqueConstraint('firm_id', 'mutation_id', name='uq_mutation_result_firm_mutation')
    )
    op.create_table('refresh_token',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('desk_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family', sa.Uuid(), nullable=False),
    sa.Column('issued_at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', marketplace.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('used_at', marketplace.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', marketplace.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=12), nullable=True),
    sa.ForeignKeyConstraint(['desk_id'], ['desk.id'], name=op.f('fk_refresh_token_desk_id_desk')),
    sa.ForeignKeyConstraint(['user_id'], ['firm_user.id'], name=op.f('fk_refresh_token_user_id_firm_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refresh_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_refresh_token_token_hash'))
    )
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refresh_token_desk_id'), ['desk_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_token_desk_id'))

    op.drop_table('refresh_token')
    op.drop_table('mutation_result')
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_firm_id'))

    op.drop_table('desk')
    with op.batch_alter_table('firm_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_firm_user_firm_id'))

    op.drop_table('firm_user')
    op.drop_table('change')
    with op.batch_alter_table('signin_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_signin_attempt_address')
        batch_op.drop_index('ix_signin_attempt_account')

    op.drop_table('signin_attempt')
    op.drop_table('firm')
