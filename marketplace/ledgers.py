"""Each firm's authoritative ledger: a ledger file of the desk's own schema, one per firm.

``<data>/firms/<firm id>.zhangfang``, made the way ``zhangfang init`` makes a desk's
ledger (the desk's migrations, ``create_firm``). A process keeps one open :class:`Ledger`
per firm and a lock per firm for writes, so two pushes of one firm apply one after the
other while other firms' pushes go on.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exists, select

from desktop.models import Document, Party, Product
from desktop.models.file_lock import lock_path
from desktop.services.desks import set_desk
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger

#: the server's own desk code in a firm ledger: never one handed to a desk (A…Z, A2…)
SERVER_DESK = "SRV"
#: who the firm ledger's audit trail names for what the server itself does
SERVER_ACTOR = "server"


class LedgerStore:
    """The firms' ledger files under one data folder."""

    def __init__(self, data: Path) -> None:
        self.folder = data / "firms"
        self._open: dict[uuid.UUID, Ledger] = {}
        self._locks: dict[uuid.UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    def path(self, firm_id: uuid.UUID) -> Path:
        return self.folder / f"{firm_id}.zhangfang"

    def create(self, firm_id: uuid.UUID, name: str) -> Path:
        """Make the firm's ledger file, holding only the firm's profile."""
        path = self.path(firm_id)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        ledger = Ledger.open(path, create=True, actor=SERVER_ACTOR)
        try:
            set_desk(ledger, SERVER_DESK)
            with ledger.unit() as uow:
                create_firm(uow, name)
        except BaseException:
            ledger.close()
            self.discard(firm_id)
            raise
        with self._guard:
            self._open[firm_id] = ledger
        return path

    def firm_ledger(self, firm_id: uuid.UUID) -> Ledger:
        """The firm's open ledger (opened on first use, then kept for the process)."""
        with self._guard:
            ledger = self._open.get(firm_id)
            if ledger is None:
                ledger = Ledger.open(self.path(firm_id), actor=SERVER_ACTOR)
                self._open[firm_id] = ledger
            return ledger

    @contextmanager
    def writing(self, firm_id: uuid.UUID) -> Iterator[Ledger]:
        """The firm's ledger, with this process's write lock of that firm held."""
        with self._guard:
            lock = self._locks.setdefault(firm_id, threading.Lock())
        with lock:
            yield self.firm_ledger(firm_id)

    @contextmanager
    def replacing(self, firm_id: uuid.UUID) -> Iterator[Path]:
        """The firm's ledger file with the write lock held and this process's handle on it
        closed, so that it can be replaced (a desk's upload becoming the firm's first
        state); the next use opens the new file."""
        with self._guard:
            lock = self._locks.setdefault(firm_id, threading.Lock())
        with lock:
            with self._guard:
                ledger = self._open.pop(firm_id, None)
            if ledger is not None:
                ledger.close()
            yield self.path(firm_id)

    def has_data(self, firm_id: uuid.UUID) -> bool:
        """Whether the firm's ledger holds any party, product or document yet."""
        with self.firm_ledger(firm_id).read() as session:
            return any(
                session.scalar(select(exists().where(model.id.is_not(None))))
                for model in (Party, Product, Document)
            )

    def discard(self, firm_id: uuid.UUID) -> None:
        """Close and delete the ledger of a firm that was not made after all."""
        with self._guard:
            ledger = self._open.pop(firm_id, None)
        if ledger is not None:
            ledger.close()
        path = self.path(firm_id)
        for leftover in (path, lock_path(path), *(Path(f"{path}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        with self._guard:
            for ledger in self._open.values():
                ledger.close()
            self._open.clear()
