"""what each desk pulled (history compaction) and each refresh token's parent (grace window)

Revision ID: s0002
Revises: s0001
Create Date: 2026-12-06

``desk.pulled_seq``: the change-log position a desk has asked to pull from, so compaction
keeps what an active desk still needs. ``refresh_token.parent_id``: the token a rotation
took, so a retry of a rotation whose answer was lost (within the grace window) replaces
that answer's token instead of counting as a stolen copy.
"""

from alembic import op
import sqlalchemy as sa


revision = 's0002'
down_revision = 's0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('pulled_seq', sa.BigInteger(), nullable=False, server_default='0')
        )
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_id', sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f('ix_refresh_token_parent_id'), ['parent_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refresh_token_parent_id'))
        batch_op.drop_column('parent_id')
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.drop_column('pulled_seq')
