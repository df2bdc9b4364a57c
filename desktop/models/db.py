"""Opening a ledger file: SQLite in WAL mode, foreign keys on, schema migrated.

An existing ledger on an older schema is backed up before it is upgraded. Where backups go
and how they are named is the services' business (``desktop.services.backup``), a layer
above this one, so the caller hands the backup step in (``before_upgrade``) rather than
this module importing it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError

from desktop.errors import LedgerFileError
from desktop.models.transactions import control_transactions

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: SQLite's default: a commit that leaves the log longer than this copies it into the file.
WAL_AUTOCHECKPOINT_PAGES = 1000
#: After a checkpoint the log file is cut back to this size (a big import leaves it huge).
WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

#: Keeps the ledger file as it is before its schema is upgraded: (engine, file, the schema
#: revision it has, "none" for a file from before the first migration).
BeforeUpgrade = Callable[[Engine, Path, str], object]


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT_BYTES}")
    cur.close()


def make_engine(path: Path | str) -> Engine:
    # hide_parameters: an error's text (logged) never carries the values written
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    control_transactions(engine)
    return engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_engine(path: Path | str, *, before_upgrade: BeforeUpgrade, create: bool = False) -> Engine:
    """Open (or with ``create``, make) a ledger and bring its schema to the newest version;
    an existing file goes through ``before_upgrade`` first (required: no upgrade without
    deciding how the old file is kept)."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise LedgerFileError(
            "ledger_missing",
            f"找不到账本文件：{path}。请先用 zhangfang init 创建账本。",
            f"No ledger at {path}. Create one first with 'zhangfang init'.",
        )
    engine = make_engine(path)
    try:
        revision = current_revision(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise LedgerFileError(
            "ledger_unreadable",
            f"无法打开账本文件（文件已损坏或不是账本）：{path}",
            f"Cannot open {path}: the file is damaged or not a ledger.",
        ) from exc
    head = head_revision()
    if exists and revision is None:
        engine.dispose()
        raise LedgerFileError(
            "not_a_ledger",
            f"这个文件不是账房账本：{path}",
            f"{path} is not a Zhangfang ledger.",
        )
    if revision != head:
        if exists:
            _check_known(revision)
            before_upgrade(engine, path, revision or "none")
        upgrade(engine)
    return engine


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    try:
        known = script.get_revision(revision) is not None
    except CommandError:
        known = False
    if not known:
        raise LedgerFileError(
            "ledger_too_new",
            "这个账本由更新版本的账房创建，请先升级软件。",
            "This ledger was made by a newer Zhangfang; please upgrade the app first.",
        )
