"""Opening a ledger file: SQLite in WAL mode, foreign keys on, schema migrated.

A file is identified read-only first (:func:`read_revision`): a file that is not a ledger,
or is one from a newer version, is refused without a single byte of it changed. An
existing ledger on an older schema is backed up before it is upgraded, under the
exclusive lock (``file_lock``), and the upgrade is one transaction (:func:`upgrade`): a
kill or a failure leaves the file as it was. Where backups go and how they are named is
the services' business (``desktop.services.backup``), a layer above this one, so the
caller hands the backup step in (``before_upgrade``) rather than this module importing it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool

from desktop.errors import LedgerFileError, disk_full, is_disk_full
from desktop.file_lock import LedgerLock
from desktop.migration_chain import MIGRATIONS, chain_head, revision_chain
from desktop.models.transactions import control_transactions
from desktop.sqlite_setup import set_write_pragmas

if TYPE_CHECKING:  # Alembic (a third of a second to load) only when a schema is upgraded
    from alembic.config import Config


#: SQLite's default: a commit that leaves the log longer than this copies it into the file.
WAL_AUTOCHECKPOINT_PAGES = 1000
#: Tables every ledger has had since the first schema: a file without them is not one.
LEDGER_TABLES = frozenset({"alembic_version", "firm", "party", "document", "audit_log"})
#: How long an upgrade waits for other programs to let go of the ledger.
UPGRADE_WAIT_SECONDS = 10.0

#: the trigram indexes of migration 0012 (FTS5 tables, each with its shadow tables
#: ``…_data``, ``…_idx``, ``…_docsize``, ``…_config``): SQL, not models, describes them
SEARCH_INDEX_TABLES = ("product_search", "party_search")


def described_by_models(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic's ``include_name``: compare everything with the models but the search
    indexes (autogenerate would otherwise offer to drop them)."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_INDEX_TABLES))


#: Keeps the ledger file as it is before its schema is upgraded: (file, the schema
#: revision it has, "none" for a file from before the first migration).
BeforeUpgrade = Callable[[Path, str], object]


class UpgradeFailed(LedgerFileError):
    """The schema upgrade did not complete; it was rolled back, the file is as it was."""

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            "upgrade_failed",
            f"账本升级没有完成，文件未改动：{path}。请用 zhangfang restore 从备份恢复。",
            f"The ledger's upgrade did not complete and the file was not changed: {path}. "
            "Restore it from a backup with 'zhangfang restore'.",
            revision=revision,
        )
        self.revision = revision


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    set_write_pragmas(dbapi_conn)


def make_engine(path: Path | str) -> Engine:
    # hide_parameters: an error's text (logged) never carries the values written
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    control_transactions(engine)
    return engine


def alembic_config(location: Path = MIGRATIONS) -> Config:
    """Alembic's configuration for the migrations in ``location`` (the ledger's, or the
    sync server's own: ``marketplace.db``)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(location))
    return cfg


def head_revision(location: Path = MIGRATIONS) -> str:
    head = chain_head(location)
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(location)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def read_only_uri(path: Path) -> str:
    """A ``sqlite3.connect(..., uri=True)`` name that opens ``path`` without writing to it
    or beside it. Without a write-ahead log next to it the file is read as it stands
    (``immutable``: SQLite would otherwise create empty -wal and -shm files for a WAL-mode
    file); with one, read-only through the log (a program may have it open)."""
    wal = Path(str(path) + "-wal")
    return path.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")


def read_revision(path: Path | str, *, known: bool = True) -> str:
    """Identify a ledger without touching it: opened read-only, its tables and schema
    revision read. Raises :class:`LedgerFileError` (naming ``path``) for a file that is
    not a ledger, cannot be read, or (``known``) was made by a newer version."""
    path = Path(path)
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            rows = (
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
                if tables >= LEDGER_TABLES
                else []
            )
    except sqlite3.Error as exc:
        raise LedgerFileError(
            "ledger_unreadable",
            f"无法打开账本文件（文件已损坏或不是账本）：{path}",
            f"Cannot open {path}: the file is damaged or not a ledger.",
        ) from exc
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise LedgerFileError(
            "not_a_ledger", f"这个文件不是账房账本：{path}", f"{path} is not a Zhangfang ledger."
        )
    revision: str = rows[0][0]
    if known:
        check_known(revision)
    return revision


def upgrade(path: Path | str, revision: str = "head") -> None:
    """Run the migrations on a connection of their own, all in one transaction.

    Python's sqlite3 commits DDL (``CREATE TABLE``, ``ALTER``) on its own unless the driver
    is left in autocommit and the transaction begun explicitly (SQLAlchemy's recipe for
    pysqlite): otherwise a kill between two statements leaves a half-upgraded file that
    no later open can upgrade. Foreign keys stay off while tables are rebuilt (SQLite's
    advice for schema changes); links the upgrade broke are refused before the commit.
    """
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN EXCLUSIVE")

    from alembic import command

    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            before = _broken_links(conn)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if _broken_links(conn) - before:
                raise sqlite3.IntegrityError("the upgrade broke links between rows")
    finally:
        engine.dispose()


def _broken_links(conn: Connection) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check")}


def _create_private(path: Path) -> None:
    """A new, empty ledger file only its owner can read (SQLite gives the -wal and -shm
    files the same permissions)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def require_ledger(path: Path, create: bool) -> bool:
    """Whether ``path`` holds a (non-empty) file; refuses a missing one unless ``create``."""
    exists = path.exists() and (path.is_dir() or path.stat().st_size > 0)
    if not exists and not create:
        raise LedgerFileError(
            "ledger_missing",
            f"找不到账本文件：{path}。请先用 zhangfang init 创建账本。",
            f"No ledger at {path}. Create one first with 'zhangfang init'.",
        )
    return exists


def open_engine(
    path: Path | str,
    *,
    before_upgrade: BeforeUpgrade,
    create: bool = False,
    lock: LedgerLock | None = None,
) -> Engine:
    """Open (or with ``create``, make) a ledger and bring its schema to the newest version;
    an existing file goes through ``before_upgrade`` first (required: no upgrade without
    deciding how the old file is kept). ``lock``, held shared by the caller, is taken
    exclusive for an upgrade and handed back shared."""
    path = Path(path)
    exists = require_ledger(path, create)
    revision: str | None = read_revision(path) if exists else None
    if not exists:
        _create_private(path)
    head = head_revision()
    if revision != head:
        _upgrade_alone(path, exists, before_upgrade, lock)
    return make_engine(path)


def _upgrade_alone(
    path: Path, exists: bool, before_upgrade: BeforeUpgrade, lock: LedgerLock | None
) -> None:
    """Back up and upgrade ``path`` while no other program has it open."""
    if lock is not None and not _exclusive_or_done(path, exists, lock):
        return  # another program upgraded it meanwhile; the shared lock is held again
    try:
        revision = read_revision(path) if exists else None  # another program may have done it
        if revision == head_revision():
            return
        if exists:
            before_upgrade(path, revision or "none")
        try:
            upgrade(path)
        except Exception as exc:  # rolled back whatever it was; the cause goes to the log
            if is_disk_full(exc):
                raise disk_full(path.parent) from exc
            logging.getLogger("zhangfang").exception("schema upgrade of %s failed", path)
            raise UpgradeFailed(path, revision or "none") from exc
    finally:
        if lock is not None:
            lock.acquire("shared", UPGRADE_WAIT_SECONDS)


def _exclusive_or_done(path: Path, exists: bool, lock: LedgerLock) -> bool:
    """Take ``lock`` exclusive for the upgrade (True), or find that another program opening
    the ledger at the same moment upgraded it first (False, ``lock`` shared again)."""
    deadline = time.monotonic() + UPGRADE_WAIT_SECONDS
    while not lock.try_exclusive():
        if exists and read_revision(path) == head_revision():
            lock.acquire("shared", UPGRADE_WAIT_SECONDS)
            return False
        if time.monotonic() >= deadline:
            raise LedgerFileError(
                "ledger_in_use",
                f"账本需要升级，但正被其他程序使用：{path}。请先关闭其他打开它的账房窗口或命令。",
                f"The ledger needs an upgrade but another program is using it: {path}. "
                "Close the other Zhangfang windows or commands that have it open first.",
            )
        time.sleep(0.05)
    return True


def check_known(revision: str | None) -> None:
    """Refuse a schema revision this version does not know (a newer app's)."""
    if revision is None:
        return
    chain = revision_chain()
    if chain is not None and revision in chain:
        return
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

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
