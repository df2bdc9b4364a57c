"""How every connection that writes a ledger is set up, whether the ORM or plain SQL
uses it (the models' engine, printing one document without the models)."""

from __future__ import annotations

import sqlite3

#: how far the write-ahead log may stay grown after a checkpoint (a big import makes it huge)
WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024
#: every writing connection's settings; the wait first: switching a new file to WAL takes a
#: lock another process may hold
WRITE_PRAGMAS = (
    "busy_timeout=5000",
    "foreign_keys=ON",
    "journal_mode=WAL",
    "synchronous=NORMAL",
    f"journal_size_limit={WAL_SIZE_LIMIT_BYTES}",
)
#: how long a connection keeps trying to switch a new file to WAL while others do too
WAL_SWITCH_SECONDS = 30.0


def set_write_pragmas(conn: sqlite3.Connection) -> None:
    """A connection that writes the ledger, set up alike whether the ORM or plain SQL uses it."""
    for pragma in WRITE_PRAGMAS:
        if pragma.startswith("journal_mode="):
            switch_to_wal(conn)
        else:
            conn.execute(f"PRAGMA {pragma}")


def is_busy(exc: BaseException) -> bool:
    """SQLite's "another connection holds the lock" (busy or locked), by its code if known."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def switch_to_wal(conn: sqlite3.Connection, seconds: float = WAL_SWITCH_SECONDS) -> None:
    """``PRAGMA journal_mode=WAL``, tried again while another connection switches the file.

    Two connections switching a new file at once each hold a shared lock and want the
    exclusive one; SQLite then refuses one at once ("database is locked") rather than wait
    for a lock that would never come, whatever the busy timeout. Its next try finds the
    file in WAL already. (Retries load only when needed: the first try nearly always does.)"""
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        return
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
    from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_random

    for attempt in Retrying(
        retry=retry_if_exception(is_busy),
        stop=stop_after_delay(seconds),
        wait=wait_random(0.01, 0.1),
        reraise=True,
    ):
        with attempt:
            conn.execute("PRAGMA journal_mode=WAL")
