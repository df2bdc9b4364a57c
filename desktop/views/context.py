"""One open ledger as the GUI sees it: fast reads, the writer thread, preferences.

Reads for lists go through a plain sqlite3 connection (``desktop.queries``),
so the window can show before SQLAlchemy has even been imported; the ORM
``Ledger`` opens on the writer thread and the editor waits for it when needed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.queries import db
from desktop.views.prefs import Prefs
from desktop.views.worker import DbWriter, Done, Failed


class Context(QObject):
    #: what committed writes changed (a ``services.uow.Changes``: tables, ids): every unit
    #: of work the writer thread commits arrives here once per job, on the GUI thread, and
    #: each screen reloads only when a table it shows is among them
    changed = Signal(object)
    #: language, text size or theme changed: windows rebuild their texts
    appearance_changed = Signal()

    def __init__(
        self,
        path: Path | str,
        prefs: Prefs | None = None,
        ledger: Any = None,
        *,
        writer_delay_ms: int | None = 50,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.prefs = prefs or Prefs()
        self.conn = db.connect(self.path)
        self._given = ledger
        self.closed = False
        #: what waits for the window's first paint (:meth:`hold`); None: nothing waits
        self._after_paint: list[Callable[[], None]] | None = None
        self.writer = DbWriter(self._open_ledger)
        self.writer.changed.connect(self.changed)
        # opening the ORM ledger imports SQLAlchemy and checks the schema: start it just
        # after the first paint so the window shows at once (or sooner when needed); None:
        # the caller starts it (the window's start does once its dashboard is filled)
        if writer_delay_ms is not None:
            QTimer.singleShot(writer_delay_ms, self.start_writer)

    def hold(self) -> None:
        """The window about to be built on this ledger is the program's start: what it hands
        :meth:`after_first_paint` waits for its first paint (``views.startup.watch``)."""
        self._after_paint = []

    def after_first_paint(self, job: Callable[[], None]) -> None:
        """Run ``job`` once the start's window has painted its first frame; at once when
        nothing is held (a window rebuilt, another ledger opened, a test's window)."""
        if self._after_paint is None:
            job()
        else:
            self._after_paint.append(job)

    def release(self) -> None:
        """Run what waited for the first paint (once; not on a ledger already left)."""
        jobs, self._after_paint = self._after_paint or [], None
        if not self.closed:
            for job in jobs:
                job()

    def start_writer(self) -> None:
        if self.closed:  # a late timer must not open a ledger the window has left
            return
        if not self.writer.isRunning() and not self.writer.isFinished():
            self.writer.start()

    def _open_ledger(self) -> Any:
        operator = self.prefs.operator or None  # the person, not the system login
        if self._given is not None:
            if operator:
                self._given.actor = operator
            return self._given
        from desktop.services.ledger import Ledger

        return Ledger.open(self.path, actor=operator)

    def set_operator(self, name: str) -> None:
        """Who works at this desk (a name ``services.people.sign_in`` gave): documents say
        so from the next change on (制单、经办), and the next start opens in their name."""
        self.prefs.operator = name
        self.ledger.actor = name

    @property
    def ledger(self) -> Any:
        """The ORM ledger (waits for the writer thread to have opened it)."""
        if self.closed:
            raise RuntimeError(f"ledger closed: {self.path}")
        self.start_writer()
        self.writer.ledger_ready.wait(60)
        if self.writer.ledger is None:
            raise self.writer.open_error or RuntimeError("ledger not open")
        return self.writer.ledger

    def write(
        self, fn: Callable[[Any], Any], done: Done | None = None, failed: Failed | None = None
    ) -> int:
        self.start_writer()
        return self.writer.write(fn, done, failed)

    def close(self) -> None:
        """Stop the writer and let go of the ledger (its lock too): the window is leaving it
        for another, or closing. Safe to call twice."""
        self.closed = True
        if self.writer.isRunning():
            self.writer.stop()
        ledger = self.writer.ledger or self._given
        if ledger is not None:
            ledger.close()
        self.writer.ledger = self._given = None
        self.conn.close()
