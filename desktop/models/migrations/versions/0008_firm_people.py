"""the people of the firm, with their roles

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06

Documents printed 经办：root (the computer's login) where the person's name belongs. The
firm now keeps its people (``person``): a name unique within the firm (compared through
``name_key``: spaces dropped, case folded), a role (老板、财务、开单员、仓管), active or
archived, an optional password of their own (hashed like the owner's, never in the audit
log), and the desk they were added at. A new table only: existing ledgers start with no
people and keep working with the operator name typed on each computer.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("name_key", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("desk", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name_key", name=op.f("uq_person_name_key")),
    )


def downgrade() -> None:
    op.drop_table("person")
