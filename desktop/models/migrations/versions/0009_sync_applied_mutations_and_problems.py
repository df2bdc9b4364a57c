"""what a ledger applied from other desks, and the problems sync raised for a person

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

Two new tables for sync (docs/sync.md). ``applied_mutation``: each mutation of another
desk applied to this copy, with its result, written in the same transaction as the change
(the ledger is the record of what it applied, so nothing is applied twice). ``sync_problem``:
what sync decided that a person should look at (a conflicting change kept out, stock sold
below zero on two desks, an order confirmed over credit elsewhere). New tables only.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_mutation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("desk_seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reason_zh", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applied_mutation")),
    )
    op.create_table(
        "sync_problem",
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=True),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=80), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_problem")),
    )
    op.create_index(
        op.f("ix_sync_problem_mutation_id"), "sync_problem", ["mutation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sync_problem_mutation_id"), table_name="sync_problem")
    op.drop_table("sync_problem")
    op.drop_table("applied_mutation")
