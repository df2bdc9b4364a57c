"""An open ledger file: the engine, a session factory and who works at which desk."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import LocalSetting
from desktop.models.db import WAL_AUTOCHECKPOINT_PAGES, open_engine
from desktop.models.transactions import WRITE, WaitListener, WriteWait, for_writing
from desktop.services.backup import backup_before_upgrade
from desktop.services.desks import DEFAULT_DESK, DESK_SETTING, validate_desk_code
from desktop.services.uow import Changes, UnitOfWork, unit_of_work


class Ledger:
    """Hands out read sessions and units of work on one ledger file."""

    def __init__(self, engine: Engine, path: Path, actor: str | None = None) -> None:
        self.engine = engine
        self.path = path
        self.actor = actor or _default_actor()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: how a unit of work waits while another desk writes (``BEGIN IMMEDIATE``)
        self.write_wait = WriteWait()
        self._writes = sessionmaker(for_writing(engine, self.write_wait), expire_on_commit=False)
        self._listeners: list[Callable[[Changes], None]] = []
        self.desk = self.local_setting(DESK_SETTING) or DEFAULT_DESK

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, actor: str | None = None) -> Ledger:
        path = Path(path)
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = open_engine(path, create=create, before_upgrade=backup_before_upgrade)
        return cls(engine, path, actor)

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
        self, *, checkpoint_later: bool = False, preview: bool = False
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
        """
        if not checkpoint_later:
            session = self._sessions() if preview else self._writes()
            with unit_of_work(session, self.actor, self.desk) as uow:
                yield uow
            self._committed(uow.changes)
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            conn.commit()
            conn.execution_options(**{WRITE: self.write_wait})
            try:
                with unit_of_work(self._sessions(bind=conn), self.actor, self.desk) as uow:
                    yield uow
            finally:
                conn.execution_options(**{WRITE: None})
                conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
                conn.commit()
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


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "user"


def settings_keys(session: Session) -> list[str]:
    return list(session.scalars(select(LocalSetting.key)))
