"""An open ledger file: the engine, a session factory and who works at which desk."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.actor import default_actor
from desktop.file_lock import OPEN_WAIT_SECONDS, LedgerLock, LockBusy, in_use
from desktop.models import LocalSetting
from desktop.models.db import (
    WAL_AUTOCHECKPOINT_PAGES,
    UpgradeFailed,
    open_engine,
    read_revision,
    require_ledger,
)
from desktop.models.transactions import WRITE, WaitListener, WriteWait, for_writing
from desktop.services import backup as backups
from desktop.services.desks import DEFAULT_DESK, DESK_SETTING, validate_desk_code
from desktop.services.new_row_refs import NewRowReferences
from desktop.services.row_cache import RowCache
from desktop.services.uow import Changes, UnitOfWork, unit_of_work

log = logging.getLogger(__name__)


class Ledger:
    """Hands out read sessions and units of work on one ledger file."""

    def __init__(
        self, engine: Engine, path: Path, actor: str | None = None, lock: LedgerLock | None = None
    ) -> None:
        self.engine = engine
        self.path = path
        self.lock = lock
        self.actor = actor or default_actor()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: how a unit of work waits while another desk writes (``BEGIN IMMEDIATE``)
        self.write_wait = WriteWait()
        self._writes = sessionmaker(for_writing(engine, self.write_wait), expire_on_commit=False)
        self._listeners: list[Callable[[Changes], None]] = []
        #: the firm and the products with their units, kept between units of work
        self.rows = RowCache()
        self.desk = self.local_setting(DESK_SETTING) or DEFAULT_DESK

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, actor: str | None = None) -> Ledger:
        """Open the ledger at ``path`` (with ``create``, make it), holding its shared lock
        until :meth:`close`: other programs may open it too, but none can restore over it.
        The first to open it cleans up what a killed program left (``remove_orphans``)."""
        path = Path(path)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if require_ledger(path, create):
            read_revision(path)  # a ledger at all, before anything is made beside it
        lock = _take_shared(path)
        engine: Engine | None = None
        try:
            engine = _open_engine(path, create, lock)
            return cls(engine, path, actor, lock)
        except BaseException:
            if engine is not None:
                engine.dispose()
            if lock is not None:
                lock.release()
            raise

    def session(self) -> Session:
        """A session for reading; the caller closes it."""
        return self._sessions()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()

    @contextmanager
    def unit(
        self,
        *,
        checkpoint_later: bool = False,
        preview: bool = False,
        refs_checked_at_commit: bool = False,
    ) -> Iterator[UnitOfWork]:
        """One change, committed whole or not at all.

        The unit holds the ledger's write lock from its first statement (``BEGIN
        IMMEDIATE``), so what it reads (numbers, balances) stays true until it commits;
        while another desk writes, it waits (see :meth:`on_busy`). A ``preview`` (a unit
        that rolls itself back, writing nothing) only reads, and keeps no other desk waiting.

        ``checkpoint_later`` is for a big write the user waits on (an import): its commit
        leaves the pages in the write-ahead log instead of also copying them into the file
        (SQLite's automatic checkpoint, about a second for a few hundred MB). The copy is
        done by :meth:`checkpoint`, or when the ledger closes, or by the next commit.

        ``refs_checked_at_commit`` (with ``checkpoint_later``) is for a bulk write that only
        adds rows, with references it made itself: SQLite's foreign keys are off for the
        unit, and the references of every row it added are checked once before it commits
        (``new_row_refs``), which stops the commit if one points at nothing. The rows may
        then go in in any order (an import's lines before their bills).
        """
        if refs_checked_at_commit and not checkpoint_later:
            raise ValueError("refs_checked_at_commit needs checkpoint_later")
        if not checkpoint_later:
            session = self._sessions() if preview else self._writes()
            with unit_of_work(session, self.actor, self.desk) as uow:
                if not preview:  # a preview reads without the write lock: never kept
                    self.rows.bind(session, lambda: uow.changes)
                yield uow
            self._committed(uow.changes)
            return
        with self.engine.connect() as conn:
            if refs_checked_at_commit:  # before any transaction: inside one it is ignored
                _foreign_keys(conn, on=False)
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            conn.commit()
            conn.execution_options(**{WRITE: self.write_wait})
            try:
                with unit_of_work(self._sessions(bind=conn), self.actor, self.desk) as uow:
                    self.rows.bind(uow.session, lambda: uow.changes)
                    refs = None
                    if refs_checked_at_commit:
                        dbapi = uow.session.connection().connection.driver_connection
                        refs = NewRowReferences(dbapi)
                    yield uow
                    if refs is not None:
                        uow.session.flush()
                        refs.check(uow.session.connection().connection.driver_connection)
            finally:
                try:
                    conn.execution_options(**{WRITE: None})
                    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
                    conn.commit()
                finally:
                    if refs_checked_at_commit:
                        _foreign_keys(conn, on=True)
        self._committed(uow.changes)

    def on_change(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call ``listener(changes)`` after every committed unit of work, on the thread that
        committed it (the GUI's writer moves it to the screens). Returns the unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def on_busy(self, listener: WaitListener) -> Callable[[], None]:
        """Call ``listener(seconds)`` while a unit of work waits for another desk's write to
        finish ("another desk is saving…"), and ``listener(None)`` once it goes ahead; on
        the waiting thread. Returns the unsubscribe."""
        self.write_wait.listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self.write_wait.listeners:
                self.write_wait.listeners.remove(listener)

        return unsubscribe

    def _committed(self, changes: Changes) -> None:
        if changes.empty:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception:  # the write is committed: a listener's fault must not undo that
                logging.getLogger("zhangfang").exception("change listener failed")

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the ledger file now, without waiting for readers
        to finish. True when everything was copied (the log then starts over)."""
        with self.engine.connect() as conn:
            busy, log_pages, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
            conn.commit()
        return not busy and log_pages == copied

    def local_setting(self, key: str) -> str | None:
        with self.read() as session:
            row = session.get(LocalSetting, key)
            return row.value if row else None

    def set_local_setting(self, key: str, value: str) -> None:
        """Store a setting of this desk; the desk code is checked first (see ``desks``)."""
        if key == DESK_SETTING:
            value = validate_desk_code(value)
        with self._writes() as session:
            session.merge(LocalSetting(key=key, value=value))
            session.commit()
        if key == DESK_SETTING:
            self.desk = value

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()


def _foreign_keys(conn: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys on ``conn``, outside any transaction (inside one SQLite
    ignores the switch). A connection that will not switch them back on is dropped rather
    than returned to the pool without them."""
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    try:
        if dbapi.in_transaction:
            raise RuntimeError("foreign keys switched inside a transaction")
        dbapi.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        state = dbapi.execute("PRAGMA foreign_keys").fetchone()[0]
    except Exception:
        if not on:
            raise
        state = None
    if state == int(on):
        return
    if not on:
        raise RuntimeError("SQLite did not switch foreign keys off")
    log.error("foreign keys could not be switched back on; the connection is dropped")
    conn.invalidate()


def _take_shared(path: Path) -> LedgerLock | None:
    lock = LedgerLock(path)
    try:
        if lock.try_exclusive():
            backups.remove_orphans(path)
        lock.acquire("shared", OPEN_WAIT_SECONDS)
    except LockBusy:
        lock.release()
        raise in_use(path) from None
    except OSError:  # no lock file possible (a read-only folder): nothing can replace it
        lock.release()
        return None
    return lock


def _open_engine(path: Path, create: bool, lock: LedgerLock | None) -> Engine:
    """The engine, the schema upgraded first when it is old. A failed upgrade left the file
    as it was, so its backup goes; a ledger an earlier version left half-upgraded is put
    back from the backup it made before (``recover_interrupted_upgrade``)."""
    made: list[Path] = []

    def before_upgrade(file: Path, revision: str) -> None:
        made.append(backups.backup_before_upgrade(file, revision))

    try:
        return open_engine(path, create=create, before_upgrade=before_upgrade, lock=lock)
    except UpgradeFailed as failed:
        for copy in made:
            copy.unlink(missing_ok=True)
        if lock is not None:
            try:
                lock.acquire("exclusive", OPEN_WAIT_SECONDS)
            except LockBusy:
                raise failed from None
        if backups.recover_interrupted_upgrade(path, failed.revision) is None:
            raise
        if lock is not None:
            lock.acquire("shared", OPEN_WAIT_SECONDS)
        return open_engine(path, create=create, before_upgrade=before_upgrade, lock=lock)


def settings_keys(session: Session) -> list[str]:
    return list(session.scalars(select(LocalSetting.key)))
