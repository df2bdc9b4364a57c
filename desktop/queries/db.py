"""Plain sqlite3 connections for reading a ledger, and the schema check done without Alembic."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.migration_chain import chain_head
from desktop.money import from_scaled

if TYPE_CHECKING:
    import uuid


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-only connection in autocommit mode, so each query sees the latest commit."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only=1")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def schema_is_current(path: Path | str) -> bool:
    """True when the file is a ledger on the newest schema (so no upgrade is needed)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    head = chain_head()
    return row is not None and head is not None and row[0] == head


def uid(value: str | uuid.UUID) -> str:
    """The stored form of a UUID (32 hex digits, as SQLAlchemy's Uuid type writes it)."""
    import uuid  # here: uuid loads platform (~5 ms), not needed for the window's first paint

    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(value).hex


def to_uuid(value: str | None) -> uuid.UUID | None:
    import uuid

    return uuid.UUID(value) if value else None


def dashed(stored: str) -> str:
    """A stored id in the text form ``str(uuid.UUID(...))`` gives (8-4-4-4-12, lower case),
    without loading uuid: the window's first paint asks whether the ledger is a demo."""
    h = stored.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def scaled(value: int | None, scale: int) -> Decimal | None:
    """Decode a scaled integer column (money ×100, quantities ×10⁴, prices ×10⁶)."""
    if value is None:
        return None
    return from_scaled(value, scale)


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
