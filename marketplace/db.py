"""The server's database: SQLite (default, a file in the data folder) or PostgreSQL.

Writes that must serialize per firm (the change log, desk codes) lock the firm's row:
``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite, which has no row locks, a write
session starts with ``BEGIN IMMEDIATE`` (the database's one write lock) instead, so
either way the transaction that takes a number is the one that commits it first.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import db as ledger_db
from desktop.models.db import current_revision as current_revision
from desktop.sqlite_setup import switch_to_wal

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: the execution option a write session's connection carries (SQLite: BEGIN IMMEDIATE)
_WRITE = "zhangfang_server_write"
#: how long a SQLite writer waits for another's lock before "database is locked"
SQLITE_BUSY_MS = 30_000


def default_url(data: Path) -> str:
    return f"sqlite:///{data / 'server.db'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and explicit transactions."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not Path(path).exists():
            Path(path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # the owner's alone
        engine = create_engine(url, hide_parameters=True, pool_size=10, max_overflow=20)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url, hide_parameters=True, pool_size=10, max_overflow=20, pool_pre_ping=True
    )


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # the driver's own implicit BEGIN would defer the lock: begin explicitly (_sqlite_begin)
    dbapi_conn.isolation_level = None
    # the wait first: switching a new file to WAL takes a lock another starting server may hold
    dbapi_conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    switch_to_wal(dbapi_conn)  # servers starting together on a new file: see there
    dbapi_conn.execute("PRAGMA foreign_keys=ON")
    dbapi_conn.execute("PRAGMA synchronous=NORMAL")


def _sqlite_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


#: what the migrations make beside the models (s0003, s0004): each dialect's substring index
#: of the catalog's search text (SQLite's FTS5 table, its shadow tables and its terms;
#: pg_trgm's GIN index and the short pieces' GIN index)
SEARCH_INDEX = "market_search"
PG_SEARCH_INDEXES = ("ix_market_item_search", "ix_market_item_grams")


def include_object(_obj: Any, name: str | None, _kind: str, reflected: bool, _to: Any) -> bool:
    """For comparing the database with the models: leave out the search indexes."""
    return not (reflected and name and (name.startswith(SEARCH_INDEX) or name in PG_SEARCH_INDEXES))


def alembic_config() -> Config:
    return ledger_db.alembic_config(MIGRATIONS)


def head_revision() -> str:
    return ledger_db.head_revision(MIGRATIONS)


#: PostgreSQL advisory lock key that serializes start-up migrations ("zfsv")
_MIGRATION_LOCK = 0x7A667376


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision, in one transaction (both dialects run
    DDL inside a transaction). Server processes starting together take turns: on SQLite
    through ``BEGIN IMMEDIATE``, on PostgreSQL through an advisory lock held until the
    transaction ends; the second finds the work done."""
    cfg = alembic_config()
    with engine.execution_options(**{_WRITE: True}).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Database:
    """The engine and its two kinds of session."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False
        )

    def migrate(self) -> None:
        upgrade(self.engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits when the block ends (rolled back on an error)."""
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
