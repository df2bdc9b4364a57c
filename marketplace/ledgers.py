"""Each firm's authoritative ledger: a ledger file of the desk's own schema, one per firm.

``<data>/firms/<firm id>.zhangfang``, made the way ``zhangfang init`` makes a desk's
ledger (the desk's migrations, ``create_firm``). A process keeps an open :class:`Ledger`
per firm in use and a lock per firm for writes, so two pushes of one firm apply one after
the other while other firms' pushes go on.

Open ledgers are bounded: beyond ``max_open`` the least recently used are closed, and one
idle for ``idle_seconds`` is closed too (``evict``, called on each use and by the app's
sweeper), never one whose firm's lock is held (a write or a replacement under way). The
next use opens it again (a few milliseconds).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exists, select

from desktop.file_lock import lock_path
from desktop.models import Document, Party, Product
from desktop.services.desks import set_desk
from desktop.services.firm import create_firm
from desktop.services.ledger import Ledger

#: the server's own desk code in a firm ledger: never one handed to a desk (A…Z, A2…)
SERVER_DESK = "SRV"
#: who the firm ledger's audit trail names for what the server itself does
SERVER_ACTOR = "server"


class LedgerStore:
    """The firms' ledger files under one data folder."""

    def __init__(
        self,
        data: Path,
        *,
        max_open: int = 64,
        idle_seconds: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = data / "firms"
        self.max_open = max_open
        self.idle_seconds = idle_seconds
        self._clock = clock
        #: least recently used first
        self._open: OrderedDict[uuid.UUID, Ledger] = OrderedDict()
        self._used: dict[uuid.UUID, float] = {}
        self._locks: dict[uuid.UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    @property
    def open_firms(self) -> list[uuid.UUID]:
        """The firms whose ledgers are open now, least recently used first."""
        with self._guard:
            return list(self._open)

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
            self._used[firm_id] = self._clock()
        self.evict()
        return path

    def firm_ledger(self, firm_id: uuid.UUID) -> Ledger:
        """The firm's open ledger (opened on first use). Use it only with the firm's lock
        held (``writing``, ``replacing``): otherwise it may be closed as idle under you."""
        with self._guard:
            ledger = self._open.get(firm_id)
            if ledger is None:
                ledger = Ledger.open(self.path(firm_id), actor=SERVER_ACTOR)
                self._open[firm_id] = ledger
            self._open.move_to_end(firm_id)
            self._used[firm_id] = self._clock()
        self.evict()
        return ledger

    def evict(self) -> list[uuid.UUID]:
        """Close the ledgers beyond ``max_open`` (least recently used first) and those idle
        for ``idle_seconds``, skipping any whose firm's lock is held; returns the firms
        closed."""
        closing: list[tuple[Ledger, threading.Lock]] = []
        closed: list[uuid.UUID] = []
        with self._guard:
            now = self._clock()
            over = len(self._open) - self.max_open
            for firm_id in list(self._open):
                idle = now - self._used.get(firm_id, now) >= self.idle_seconds
                if over <= 0 and not idle:
                    continue
                lock = self._locks.setdefault(firm_id, threading.Lock())
                if not lock.acquire(blocking=False):
                    continue  # a write holds it: never closed under it
                closing.append((self._open.pop(firm_id), lock))
                self._used.pop(firm_id, None)
                closed.append(firm_id)
                over -= 1
        for ledger, lock in closing:  # the firm's lock held: its next use waits for this
            try:
                ledger.close()
            finally:
                lock.release()
        return closed

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
                self._used.pop(firm_id, None)
            if ledger is not None:
                ledger.close()
            yield self.path(firm_id)

    def has_data(self, firm_id: uuid.UUID) -> bool:
        """Whether the firm's ledger holds any party, product or document yet."""
        with self.writing(firm_id) as ledger, ledger.read() as session:
            return any(
                session.scalar(select(exists().where(model.id.is_not(None))))
                for model in (Party, Product, Document)
            )

    def discard(self, firm_id: uuid.UUID) -> None:
        """Close and delete the ledger of a firm that was not made after all."""
        with self._guard:
            ledger = self._open.pop(firm_id, None)
            self._used.pop(firm_id, None)
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
            self._used.clear()
