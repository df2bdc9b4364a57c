"""index only the rows that carry a link

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

A document's ``source_id`` (the order a bill came from), ``reverses_id`` (the bill a
reversal undoes) and ``buyer_id`` (the marketplace buyer), and a line's ``source_line_id``
(the order line it fulfils), are empty on most rows: every line of an imported history,
every bill made without an order. Their indexes held an entry for each empty row too
(4.6 MB for the 541,909 lines of the UCI sales log), written with every line and sorted
again when a big import rebuilds them (0.15–0.3 s of that import). Every lookup through
them asks for the rows linked to a given one (``= ?``, ``IN``, a join), which SQLite
answers from a partial index ``WHERE … IS NOT NULL``; so they now hold only the rows that
have a link. Same names, same columns: nothing else changes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision: str | None = "0018"
branch_labels = None
depends_on = None

LINKS = (
    ("document", "source_id"),
    ("document", "reverses_id"),
    ("document", "buyer_id"),
    ("document_line", "source_line_id"),
)


def upgrade() -> None:
    for table, column in LINKS:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table, if_exists=True)
        op.create_index(name, table, [column], sqlite_where=sa.text(f"{column} IS NOT NULL"))


def downgrade() -> None:
    for table, column in LINKS:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table, if_exists=True)
        op.create_index(name, table, [column])
