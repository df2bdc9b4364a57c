"""Who has a ledger open: an operating-system advisory lock on a file next to it.

Every open ledger holds a *shared* lock on ``<ledger>.lock``, so any number of windows and
``zhangfang`` commands work on one ledger together. A whole-file operation (restore, a
schema upgrade, replacing a demo ledger) needs the *exclusive* lock, which it gets only
when nobody else has the ledger open; it then refuses instead of pulling the file from
under another program. The operating system drops the locks of a process that dies
(``kill -9``, a power cut), so a crash never leaves the ledger "in use".

The lock sits on its own file, not the ledger: a restore renames a new file over the
ledger (the lock must outlive that), and SQLite's own POSIX locks on the ledger are lost
when the same process closes any other handle to it.

POSIX: ``flock`` (shared and exclusive, per open file). Windows: ``msvcrt`` byte-range
locks, which are exclusive only, so a shared holder takes one free byte of ``SLOTS`` and
an exclusive holder takes all of them; byte 0 is a gate held for the moment of taking.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from desktop.errors import LedgerFileError

#: how many programs may share a ledger on Windows
SLOTS = 256
#: how long opening a ledger waits for a restore or upgrade by another program to finish
OPEN_WAIT_SECONDS = 10.0


class LockBusy(Exception):
    """Someone else holds the lock in a conflicting mode."""


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(ledger.name + ".lock")


class LedgerLock:
    """The lock on one ledger; ``mode`` is None, "shared" or "exclusive"."""

    def __init__(self, ledger: Path | str) -> None:
        self.path = lock_path(Path(ledger))
        self.mode: str | None = None
        self._file: IO[bytes] | None = None
        self._slot = 0

    def _open(self) -> IO[bytes]:
        if self._file is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._file = os.fdopen(fd, "r+b", buffering=0)
        return self._file

    def try_shared(self) -> bool:
        return self._try("shared")

    def try_exclusive(self) -> bool:
        return self._try("exclusive")

    def acquire(self, mode: str, wait: float) -> None:
        """Take the lock in ``mode``, trying for up to ``wait`` seconds; LockBusy if not."""
        deadline = time.monotonic() + wait
        delay = 0.01
        while not self._try(mode):
            if time.monotonic() >= deadline:
                raise LockBusy(str(self.path))
            time.sleep(delay)
            delay = min(delay * 2, 0.2)

    def _try(self, mode: str) -> bool:
        if self.mode == mode:
            return True
        handle = self._open()
        if self.mode is not None:
            self._unlock(handle)  # a change of mode is release-then-take, on every OS
            self.mode = None
        if _take(handle, mode, self):
            self.mode = mode
            return True
        return False

    def release(self) -> None:
        if self._file is None:
            return
        if self.mode is not None:
            self._unlock(self._file)
            self.mode = None
        self._file.close()
        self._file = None

    def _unlock(self, handle: IO[bytes]) -> None:
        _drop(handle, self)


def in_use(ledger: Path) -> LedgerFileError:
    return LedgerFileError(
        "ledger_in_use",
        f"账本正被其他程序使用（打开着的账房窗口或命令）：{ledger}。请先关闭它们再试；账本未改动。",
        f"Another program is using the ledger (an open Zhangfang window or command): "
        f"{ledger}. Close it first and try again; the ledger was not changed.",
    )


@contextmanager
def held(ledger: Path | str, mode: str, wait: float = 2.0) -> Iterator[LedgerLock]:
    """Hold the ledger's lock in ``mode`` for a block; refuses (``ledger_in_use``) when
    another program holds it in a conflicting mode for longer than ``wait`` seconds."""
    lock = LedgerLock(ledger)
    try:
        lock.acquire(mode, wait)
    except LockBusy:
        lock.release()
        raise in_use(Path(ledger)) from None
    except OSError as exc:  # a folder without write access, a share without locks
        lock.release()
        raise LedgerFileError(
            "ledger_lock_failed",
            f"无法锁定账本（{exc.strerror or exc}）：{ledger}。账本未改动。",
            f"Cannot lock the ledger ({exc.strerror or exc}): {ledger}. It was not changed.",
        ) from exc
    try:
        yield lock
    finally:
        lock.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_bytes(handle: IO[bytes], start: int, count: int) -> bool:
        handle.seek(start)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, count)
        except OSError:
            return False
        return True

    def _unlock_bytes(handle: IO[bytes], start: int, count: int) -> None:
        handle.seek(start)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, count)

    def _take(handle: IO[bytes], mode: str, lock: LedgerLock) -> bool:
        if not _lock_bytes(handle, 0, 1):  # the gate: someone is taking or holds it whole
            return False
        try:
            if mode == "exclusive":
                if not _lock_bytes(handle, 1, SLOTS):
                    return False
                lock._slot = -1
                return True
            for slot in range(1, SLOTS + 1):
                if _lock_bytes(handle, slot, 1):
                    lock._slot = slot
                    return True
            return False
        finally:
            _unlock_bytes(handle, 0, 1)

    def _drop(handle: IO[bytes], lock: LedgerLock) -> None:
        if lock._slot == -1:
            _unlock_bytes(handle, 1, SLOTS)
        elif lock._slot:
            _unlock_bytes(handle, lock._slot, 1)
        lock._slot = 0

else:
    import fcntl

    def _take(handle: IO[bytes], mode: str, lock: LedgerLock) -> bool:
        flag = fcntl.LOCK_EX if mode == "exclusive" else fcntl.LOCK_SH
        try:
            fcntl.flock(handle.fileno(), flag | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _drop(handle: IO[bytes], lock: LedgerLock) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
