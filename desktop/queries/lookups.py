"""Small reads the windows make on the GUI thread through the plain sqlite3 connection
(``desktop.queries.db.connect``): a firm's name, a fapiao's number, this desk's settings,
how many changes wait to be sent. Here rather than in the views, so the SQL sits with the
rest of the read side, is type-checked with it and is tested without Qt.

Each tolerates a ledger too old to have the table (it answers as if nothing were set),
since a window may ask before the ledger has been upgraded."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.codes import OutboxState
from desktop.firm_fields import PROFILE
from desktop.queries.db import dashed
from desktop.search_keys import like_prefix

if TYPE_CHECKING:
    import uuid

#: the outbox state of a change not yet sent
PENDING = OutboxState.PENDING


def needs_setup(path: Path) -> bool:
    """No ledger yet, or one left without a firm (first run cancelled half-way): the first-run
    wizard is due. A file that is not a ledger is not ours to judge here (False): opening it
    reports the problem."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(conn.execute("SELECT COUNT(*) FROM firm").fetchone()[0] == 0)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def firm_name(conn: sqlite3.Connection) -> str:
    """The firm's short name for a title line; "" when there is none yet."""
    try:
        row = conn.execute("SELECT name FROM firm LIMIT 1").fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row else ""


def is_demo(conn: sqlite3.Connection) -> bool:
    """Whether this ledger is a demo (``services.demo`` records one audit entry, action
    "demo", against its firm): the window marks it 演示 so it is never taken for real books."""
    try:
        row = conn.execute("SELECT id FROM firm LIMIT 1").fetchone()
        if not row:
            return False
        firm_id = dashed(str(row[0]))
        return (
            conn.execute(
                "SELECT 1 FROM audit_log WHERE entity_id = ? AND entity = 'ledger'"
                " AND action = 'demo' LIMIT 1",
                (firm_id,),
            ).fetchone()
            is not None
        )
    except (sqlite3.Error, ValueError):
        return False


def uses_market(conn: sqlite3.Connection) -> bool:
    """Whether the firm uses the marketplace at all (any listing or any buyer): the
    dashboard shows the inbox only then. Read here, without the ORM, so a firm that does
    not use it starts its window without waiting for SQLAlchemy."""
    try:
        row = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM listing WHERE product_id IS NOT NULL)"
            " OR EXISTS (SELECT 1 FROM buyer)"
        ).fetchone()
    except sqlite3.Error:
        return False
    return bool(row[0])


def firm_profile(conn: sqlite3.Connection) -> dict[str, str]:
    """The firm's profile fields (``firm_fields.PROFILE``) as the window shows them."""
    keys = [f.key for f in PROFILE]
    try:
        row = conn.execute(f"SELECT {', '.join(keys)} FROM firm LIMIT 1").fetchone()
    except sqlite3.Error:
        row = None
    return {k: str(v or "") for k, v in zip(keys, row or [""] * len(keys), strict=True)}


def fapiao_number(conn: sqlite3.Connection, fapiao_id: uuid.UUID) -> str:
    """A fapiao's number as the dialogs show it; "" when it is not found."""
    row = conn.execute("SELECT number FROM fapiao WHERE id = ?", (fapiao_id.hex,)).fetchone()
    return str(row[0]) if row else ""


def pending_changes(conn: sqlite3.Connection) -> int:
    """How many recorded changes wait in the outbox to be sent."""
    row = conn.execute("SELECT COUNT(*) FROM outbox WHERE state = ?", (PENDING,)).fetchone()
    return int(row[0])


def local_settings(conn: sqlite3.Connection, prefix: str) -> dict[str, str]:
    """This desk's settings whose key starts with ``prefix`` (``print.`` ...)."""
    pattern = like_prefix(prefix)
    try:
        rows = conn.execute(
            "SELECT key, value FROM local_setting WHERE key LIKE ? ESCAPE '\\'", (pattern,)
        ).fetchall()
    except sqlite3.Error:
        return {}
    return {str(key): str(value) for key, value in rows if value is not None}


@dataclass(frozen=True)
class PersonRow:
    """A person of the firm as the window lists them (``services.people`` changes them)."""

    id: uuid.UUID
    name: str
    role: str
    active: bool
    has_password: bool


def people(conn: sqlite3.Connection) -> list[PersonRow]:
    """The firm's people, active first, then by name; none in a ledger that has no people
    table yet (opened before its upgrade)."""
    try:
        rows = conn.execute(
            "SELECT id, name, role, active, password_hash != '' FROM person "
            "ORDER BY active DESC, name_key"
        ).fetchall()
    except sqlite3.Error:
        return []
    return [PersonRow(_uuid(str(i)), str(n), str(r), bool(a), bool(p)) for i, n, r, a, p in rows]


def _uuid(text: str) -> uuid.UUID:
    import uuid  # not at import: the window's first paint reads lookups without it

    return uuid.UUID(text)
