"""index documents by kind, status and settled mark

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-07

The dashboard counts open sales orders and drafts (kind and status) when the window starts:
with only ``(kind, doc_date)`` to go on, SQLite read every order and quote to look at its
status, 150 ms of the first paint on a ledger of a million lines (issue 18). With
``(kind, status, settled_on)`` both counts are read from the index alone, and the overdue
customers (posted bills not settled) skip the settled bills without reading them.
"""

from alembic import op

revision = "0018"
down_revision: str | None = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_document_kind_status",
        "document",
        ["kind", "status", "settled_on"],
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_index("ix_document_kind_status", "document")
