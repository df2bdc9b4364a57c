"""Plain sqlite3 connections for reading a ledger, and the schema check done without Alembic."""

from __future__ import annotations

import re
import sqlite3
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop.money import from_scaled

MIGRATIONS = Path(__file__).resolve().parent.parent / "models" / "migrations" / "versions"
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-only connection in autocommit mode, so each query sees the latest commit."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only=1")
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def head_revision() -> str | None:
    """The newest schema revision, read from the migration files' text (no Alembic import)."""
    revisions: dict[str, str | None] = {}
    for file in MIGRATIONS.glob("*.py"):
        text = file.read_text(encoding="utf-8")
        rev = _REVISION.search(text)
        down = _DOWN.search(text)
        if rev:
            revisions[rev.group(1)] = down.group(1) if down else None
    parents = {d for d in revisions.values() if d}
    heads = [r for r in revisions if r not in parents]
    return heads[0] if len(heads) == 1 else None


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
    head = head_revision()
    return row is not None and head is not None and row[0] == head


def uid(value: str | uuid.UUID) -> str:
    """The stored form of a UUID (32 hex digits, as SQLAlchemy's Uuid type writes it)."""
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(value).hex


def to_uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


def scaled(value: int | None, scale: int) -> Decimal | None:
    """Decode a scaled integer column (money ×100, quantities ×10⁴, prices ×10⁶)."""
    if value is None:
        return None
    return from_scaled(value, scale)


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None
