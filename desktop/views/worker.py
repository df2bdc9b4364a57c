"""Work off the GUI thread: one writer thread for the ledger, and long tasks with progress.

* :class:`DbWriter` owns the only thread that writes the ledger. Jobs run in
  order; each result (or error) comes back to the GUI thread through a queued
  signal. What every unit of work committed during a job changed (the ledger's
  ``on_change``) comes back with it, merged, and goes out once through ``changed``
  just before the job's callback: screens refresh from that.
* :func:`run_task` runs a long job (backup, report, demo ledger...) on the writer
  or on its own thread behind a progress dialog with Cancel.

Jobs are plain Python callables; the core never sees Qt.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import DomainError
from desktop.views.errors import log_unexpected, show_error

log = logging.getLogger("zhangfang.gui")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


def queued() -> Any:
    """Qt's QueuedConnection, looked up when a connection is made: ``Qt`` itself is not
    imported at the start, as PySide builds all ~100 enum types of the Qt namespace at its
    first use (~25 ms, done after the first paint)."""
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.QueuedConnection


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


class Progress:
    """A plain progress sink and cancel token handed to long jobs."""

    def __init__(self, emit: Callable[[int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, percent: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._emit(int(percent), text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class DbWriter(QThread):
    """The single ledger-writing thread. ``open_ledger`` runs first, on this thread."""

    finished_job = Signal(int, object, object, object)  # token, result, error, changes
    progressed = Signal(int, int, str)  # token, percent, text
    ready = Signal()
    changed = Signal(object)  # the UnitOfWork's Changes, after each committed write
    #: seconds a write has waited for another desk's save so far; None once it went ahead
    busy = Signal(object)

    def __init__(self, open_ledger: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open = open_ledger
        self._jobs: queue.Queue[tuple[int, Callable[..., Any], bool, Progress] | None] = (
            queue.Queue()
        )
        self._tokens = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._pending = 0
        self.ledger: Any = None
        self.ledger_ready = threading.Event()
        self.open_error: BaseException | None = None
        self._thread_id: int | None = None
        self._collected: list[Any] | None = None  # the Changes of the running job's units
        self._unsubscribe: Callable[[], None] | None = None
        self._connected = False

    def start(self, *args: Any) -> None:
        """Start the thread; its results come back queued (connected here, not when made:
        the writer is made before the first paint and started after it)."""
        if not self._connected:
            self.finished_job.connect(self._deliver, queued())
            self._connected = True
        super().start(*args)

    def run(self) -> None:
        self._thread_id = threading.get_ident()
        try:
            self.ledger = self._open()
            self._unsubscribe = self.ledger.on_change(self._committed)
            self.ledger.on_busy(self.busy.emit)  # queued to the GUI thread
        except BaseException as exc:  # reported to the GUI, which shows it
            self.open_error = exc
            if not isinstance(exc, DomainError):
                log_unexpected(exc)
        self.ledger_ready.set()
        self.ready.emit()
        while True:
            item = self._jobs.get()
            if item is None:
                break
            token, fn, as_unit, progress = item
            self._collected = []
            result: Any = None
            error: BaseException | None = None
            try:
                if self.ledger is None:
                    raise self.open_error or RuntimeError("ledger not open")
                if as_unit:
                    with self.ledger.unit() as uow:
                        result = fn(uow)
                else:
                    result = fn(self.ledger, progress)
            except BaseException as exc:
                if not isinstance(exc, DomainError | Cancelled):
                    log_unexpected(exc)
                    exc._zf_logged = True  # type: ignore[attr-defined]
                error = exc
            collected, self._collected = self._collected, None
            self.finished_job.emit(token, result, error, _merged(collected))
        if self._unsubscribe is not None:
            self._unsubscribe()

    def _committed(self, changes: Any) -> None:
        """The ledger's listener: a unit committed (on this thread, or another one)."""
        if threading.get_ident() == self._thread_id and self._collected is not None:
            self._collected.append(changes)  # delivered with the job's result
        else:
            self.changed.emit(changes)  # queued to the GUI thread

    # ------------------------------------------------------------- GUI side
    def write(
        self, fn: Callable[[Any], Any], done: Done | None = None, failed: Failed | None = None
    ) -> int:
        """Run ``fn(uow)`` in one unit of work (committed whole or not at all)."""
        return self._put(fn, True, done, failed, Progress(lambda *_: None))

    def job(
        self,
        fn: Callable[[Any, Progress], Any],
        done: Done | None = None,
        failed: Failed | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Run ``fn(ledger, progress)`` on the writer thread (long writes, demo data)."""
        return self._put(fn, False, done, failed, progress or Progress(lambda *_: None))

    def _put(
        self,
        fn: Callable[..., Any],
        as_unit: bool,
        done: Done | None,
        failed: Failed | None,
        progress: Progress,
    ) -> int:
        token = next(self._tokens)
        self._callbacks[token] = (done, failed)
        self._pending += 1
        self._jobs.put((token, fn, as_unit, progress))
        return token

    def idle(self) -> bool:
        return self._pending == 0

    def stop(self) -> None:
        self._jobs.put(None)
        self.wait(10000)

    def _deliver(self, token: int, result: object, error: object, changes: object) -> None:
        self._pending -= 1
        done, failed = self._callbacks.pop(token, (None, None))
        if changes is not None:  # before the callback: a failed job may have committed a part
            self.changed.emit(changes)
        if error is not None:
            assert isinstance(error, BaseException)
            if failed is not None:
                failed(error)
            elif not isinstance(error, Cancelled):
                show_error(None, error)
            return
        if done is not None:
            done(result)


def _merged(collected: list[Any] | None) -> Any:
    """One Changes for all the units of a job (None when nothing was committed)."""
    if not collected:
        return None
    merged = type(collected[0])()
    for changes in collected:
        merged.merge(changes)
    return merged


class _Runner(QThread):
    result = Signal(object, object)  # result, error
    progressed = Signal(int, str)

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.progress = Progress(lambda p, t: self.progressed.emit(p, t))

    def run(self) -> None:
        try:
            self.result.emit(self.fn(self.progress), None)
        except BaseException as exc:
            if not isinstance(exc, DomainError | Cancelled):
                log_unexpected(exc)
                exc._zf_logged = True  # type: ignore[attr-defined]
            self.result.emit(None, exc)


_running: set[_Runner] = set()


def wait_for_threads(ms: int = 5000) -> None:
    """Wait (up to ``ms`` each) for the reads and file jobs still running on their threads."""
    for runner in list(_running):
        runner.wait(ms)


def run_in_thread(
    fn: Callable[[Progress], Any], done: Done | None = None, failed: Failed | None = None
) -> _Runner:
    """Run a read-only or file job on its own thread; results come back queued."""
    runner = _Runner(fn)
    _running.add(runner)

    def finish(result: object, error: object) -> None:
        if error is not None:
            assert isinstance(error, BaseException)
            if failed is not None:
                failed(error)
            elif not isinstance(error, Cancelled):
                show_error(None, error)
        elif done is not None:
            done(result)

    def release() -> None:
        # only once the thread has really ended: deleting a QThread that still runs aborts
        _running.discard(runner)
        runner.deleteLater()

    runner.result.connect(finish, queued())
    runner.finished.connect(release, queued())
    runner.start()
    return runner


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[..., Any],  # (progress), or with ``writer`` (ledger, progress)
    done: Done | None = None,
    failed: Failed | None = None,
    writer: DbWriter | None = None,
) -> QProgressDialog:
    """A long job behind a progress dialog with Cancel. With ``writer``, ``fn`` gets
    ``(ledger, progress)`` and runs on the writer thread; else ``fn(progress)`` on its own."""
    from PySide6.QtCore import Qt

    dialog = QProgressDialog(title, QCoreApplication.translate("Tasks", "取消"), 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)

    def on_progress(percent: int, text: str) -> None:
        dialog.setValue(percent)
        if text:
            dialog.setLabelText(text)

    def finish_ok(result: object) -> None:
        dialog.close()
        if done is not None:
            done(result)

    def finish_err(exc: BaseException) -> None:
        dialog.close()
        if isinstance(exc, Cancelled):
            return
        if failed is not None:
            failed(exc)
        else:
            show_error(parent, exc)

    if writer is not None:
        bridge = _Bridge(dialog)
        progress = Progress(lambda p, t: bridge.moved.emit(p, t))
        bridge.moved.connect(on_progress, queued())
        dialog.canceled.connect(progress.cancel)
        writer.job(fn, finish_ok, finish_err, progress)
    else:
        runner = run_in_thread(fn, finish_ok, finish_err)
        runner.progressed.connect(on_progress, queued())
        dialog.canceled.connect(runner.progress.cancel)
    return dialog


class _Bridge(QObject):
    moved = Signal(int, str)
