"""append-only entries enforced by the database

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Stock moves, balance entries, allocations and the audit log are never changed or
deleted: corrections are new rows. Triggers make SQLite itself refuse an UPDATE or
DELETE, so no code path (or hand edit) can rewrite history silently.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = ("stock_move", "party_entry", "allocation", "audit_log")


def upgrade() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} "
                f"BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
