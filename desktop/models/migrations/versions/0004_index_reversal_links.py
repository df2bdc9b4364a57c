"""index the two self-references that had none

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Deleting a document (undoing an imported history, say) makes SQLite look for documents that
point to it; ``document.reverses_id`` had no index, so each delete read the whole table:
undoing an import of 20,000 bills took over a minute. ``fapiao.red_of_id`` had the same gap.
Every other foreign key already had its index.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_document_reverses_id", "document", ["reverses_id"], if_not_exists=True)
    op.create_index("ix_fapiao_red_of_id", "fapiao", ["red_of_id"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_fapiao_red_of_id", "fapiao")
    op.drop_index("ix_document_reverses_id", "document")
