"""Transactions that begin when we say so: ``BEGIN`` to read, ``BEGIN IMMEDIATE`` to write.

Left to itself, Python's sqlite3 driver begins a transaction only before the first INSERT,
UPDATE or DELETE, so everything a unit of work read first (the next document number, a
customer's open balance for the credit check) was read outside its transaction, and two
desks saving at once could both take number 0007, or both pass a credit limit only one of
them fitted in. Following SQLAlchemy's documented recipe for pysqlite ("Serializable
isolation / Savepoints / Transactional DDL"), the driver's own handling is switched off
(``isolation_level = None``) and the engine's ``begin`` event says ``BEGIN`` itself.

A connection carrying the execution option :data:`WRITE` (a :class:`WriteWait`) begins with
``BEGIN IMMEDIATE`` instead: it takes the write lock before reading anything, so what the
unit reads cannot change before it commits, and a second writer waits at its ``BEGIN``
rather than failing half-way. While another process holds the lock (a big import) the
attempt is repeated, and every second or so the wait is reported to whoever listens ("another
desk is saving…"); after :attr:`WriteWait.give_up_after` seconds it stops with a plain
:class:`~desktop.errors.LedgerBusy`.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, event

from desktop.errors import LedgerBusy
from desktop.sqlite_setup import is_busy

#: the execution option of a connection (or engine) whose transactions write: a WriteWait
WRITE = "zhangfang_write"

#: how long a writer waits for another process's write before giving up (seconds)
GIVE_UP_AFTER = 300.0
#: how long one attempt lets SQLite wait before the wait is reported (milliseconds)
ATTEMPT_MS = 1000

#: told how long the writer has waited so far (seconds), and None once it has the lock
WaitListener = Callable[[float | None], None]


@dataclass
class WriteWait:
    """How a ledger's writers wait for another process's write, and who hears about it."""

    give_up_after: float = field(default_factory=lambda: GIVE_UP_AFTER)
    attempt_ms: int = field(default_factory=lambda: ATTEMPT_MS)
    listeners: list[WaitListener] = field(default_factory=list)

    def tell(self, waited: float | None) -> None:
        for listener in list(self.listeners):
            listener(waited)

    def begin(self, dbapi_conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, attempted again while another connection writes."""
        (normal,) = dbapi_conn.execute("PRAGMA busy_timeout").fetchone()
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(self.attempt_ms)}")
        start = time.monotonic()
        waited = False
        try:
            while True:
                try:
                    dbapi_conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                seconds = time.monotonic() - start
                if seconds >= self.give_up_after:
                    raise LedgerBusy(
                        "ledger_busy",
                        f"另一台电脑正在保存，等了 {seconds:.0f} 秒仍未完成，这次的更改没有保存。"
                        "请稍后再试。",
                        f"Another desk is saving; after waiting {seconds:.0f} seconds this "
                        "change was not saved. Please try again in a moment.",
                    )
                waited = True
                self.tell(seconds)
        finally:
            dbapi_conn.execute(f"PRAGMA busy_timeout={int(normal)}")
            if waited:
                self.tell(None)


def _driver_manages_nothing(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _begin(conn: Connection) -> None:
    wait = conn.get_execution_options().get(WRITE)
    if isinstance(wait, WriteWait):
        dbapi = conn.connection.driver_connection
        assert isinstance(dbapi, sqlite3.Connection)
        wait.begin(dbapi)
    else:
        conn.exec_driver_sql("BEGIN")


def control_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the driver, begin transactions (see the module docstring)."""
    event.listen(engine, "connect", _driver_manages_nothing)
    event.listen(engine, "begin", _begin)


def for_writing(engine: Engine, wait: WriteWait) -> Engine:
    """The same engine (and pool) whose transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE: wait})
