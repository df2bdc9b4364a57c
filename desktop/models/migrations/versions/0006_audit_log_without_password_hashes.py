"""the audit log keeps no owner's password hash

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Until now every change of the firm row copied ``owner_password_hash`` into the append-only
audit log, so an old hash stayed readable there for good. The audit log now leaves that
column out (``Base.__secret__``) and notes "password set/changed" instead; here the hashes
already written are taken out of the firm's entries (the only rewrite of the log: its
append-only triggers are lifted for this statement and put back at once, in the same
transaction). An entry that held nothing but the hash says the password changed.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_KEY = "$.owner_password_hash"
_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    where = "WHERE entity = 'firm' AND json_valid({c}) AND json_type({c}, '" + _KEY + "') IS NOT NULL"
    op.execute(
        f"UPDATE audit_log SET before = json_remove(before, '{_KEY}') " + where.format(c="before")
    )
    op.execute(
        f"UPDATE audit_log SET after = CASE WHEN json_remove(after, '{_KEY}') = '{{}}' "
        """THEN '{"owner_password": "changed"}' """
        f"ELSE json_remove(after, '{_KEY}') END " + where.format(c="after")
    )
    op.execute(_TRIGGER)


def downgrade() -> None:
    """The hashes are gone for good; nothing to put back."""
