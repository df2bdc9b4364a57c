"""print layouts the owner adjusts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

Per document kind and paper, under a name, the layout the owner chose (columns, widths
and captions, header and footer wording, logo, seal, copies, rows per page, font size) as
JSON, with a version counting its saves. A new table only: existing ledgers have no rows
and print with the built-in default layouts, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "print_layout",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("paper", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_layout")),
        sa.UniqueConstraint("kind", "paper", "name", name="uq_print_layout_key"),
    )


def downgrade() -> None:
    op.drop_table("print_layout")
