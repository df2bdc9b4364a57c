"""statements sent and their answers; a product's minimum stock

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06

``statement_record``: each statement sent to a party (period, closing as sent, date, how)
and the party's answer (confirmed by whom and when, or disputed with a note and the
document numbers in question). ``product.min_stock``: the quantity in base units under
which the stock report flags the product (0: none). A new table and a column with a
default; nothing existing changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statement_record",
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("account", sa.String(length=4), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("closing", sa.BigInteger(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("sent_via", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("disputed_lines", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_statement_record_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_record")),
    )
    op.create_index(
        op.f("ix_statement_record_party_id"), "statement_record", ["party_id"], unique=False
    )
    with op.batch_alter_table("product") as batch:
        batch.add_column(
            sa.Column("min_stock", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.drop_column("min_stock")
    op.drop_index(op.f("ix_statement_record_party_id"), table_name="statement_record")
    op.drop_table("statement_record")
