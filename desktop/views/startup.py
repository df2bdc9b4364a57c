"""The window's start, in two moments: the first paint (the dashboard's figures on screen)
and the dashboard filled (its overdue customers and best sellers too). What the first paint
does not need waits for them: the ORM ledger opens on the writer thread once the dashboard
is filled (importing SQLAlchemy and checking the schema would otherwise compete with the
first paint for the two cores of a shop's PC), so does the log's rotating handler, and what
the window hands ``Context.after_first_paint`` runs just after that paint (whatever touches
Qt's ``Qt`` namespace, whose ~100 enum types PySide builds in one go, ~25 ms).

Each moment is logged with the seconds since the process started; with
``ZHANGFANG_START_REPORT`` set it is also printed on standard output
(``benchmarks/bench_gui_start.py`` times a real start from it)."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

log = logging.getLogger("zhangfang")

#: when nothing says the dashboard is filled (an error reading it), the writer starts anyway
WRITER_FALLBACK_MS = 3000


def since_start() -> float:
    """Seconds since this process started: the kernel's clock of it on Linux (to 10 ms),
    elsewhere since this module loaded, which is early in the start."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            started = int(f.read().rsplit(")", 1)[1].split()[19])  # field 22: starttime
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - started / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _LOADED


_LOADED = time.perf_counter()


def skip_feature_scan() -> None:
    """Stop shiboken reading the source of every module imported after PySide6.

    For its ``from __feature__ import snake_case`` switch, shiboken looks for the word
    "PySide6" in the source file of each module imported (``inspect.getsource``): ~600
    modules, ~30 ms of CPU before the first paint, for a switch this program never uses.
    Without the scan a module is simply absent from shiboken's feature table, which reads
    as "no feature", as the scan's answers would; should anything ever import
    ``__feature__``, shiboken's own start of it scans every module loaded by then."""
    feature: Any = sys.modules.get("shibokensupport.feature")  # shiboken's, embedded
    if feature is not None and callable(getattr(feature, "feature_imported", None)):
        feature.feature_imported = _not_scanned


def _not_scanned(module: object) -> None:
    """Takes the place of shiboken's ``feature_imported``: no source read."""


def milestone(name: str) -> None:
    """Log (and, for the benchmark, print) that the start reached ``name``."""
    elapsed = since_start()
    log.info("start: %s after %.3f s", name, elapsed)
    if os.environ.get("ZHANGFANG_START_REPORT"):
        cpu = time.process_time()  # every thread's: on a busy machine, the start's own work
        print(f"ZF-START {name} {elapsed:.3f} {cpu:.3f}", file=sys.stdout, flush=True)


class _FirstPaint(QObject):
    """Calls ``done`` once, on the first paint of the widget it filters."""

    def __init__(self, widget: Any, done: Any) -> None:
        super().__init__(widget)
        self.widget = widget
        self.done = done
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.done is not None:
            done, self.done = self.done, None
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, done)  # after this paint has finished
        return False


def watch(window: Any, then: Callable[[], None] | None = None) -> None:
    """Note the first paint and the dashboard filled of ``window`` (a ``MainWindow`` just
    shown), then open the ORM ledger and call ``then`` (each may come twice: the fallback);
    when the window starts on another screen, at once."""
    ctx = window.ctx

    def go_on() -> None:
        ctx.start_writer()
        if then is not None:
            then()

    dashboard = window.screens.get("dashboard")
    if dashboard is None or not hasattr(dashboard, "filled"):
        ctx.release()
        go_on()
        return

    seen: set[str] = set()

    def reached(name: str) -> None:
        # "filled" is on screen only once painted: on a small ledger the figures can
        # arrive before the first paint, and are then reported just after it
        seen.add(name)
        if name == "painted":
            milestone("painted")
            ctx.release()  # after the report: the first frame is on screen without it
        if "painted" in seen and "filled" in seen and "reported" not in seen:
            seen.add("reported")
            milestone("filled")
            go_on()

    def filled() -> None:
        dashboard.filled.disconnect(filled)
        reached("filled")

    dashboard.filled.connect(filled)
    _FirstPaint(dashboard.cards["sales_today"].value, lambda: reached("painted"))

    def fallback() -> None:  # nothing said "painted" or "filled": go on anyway
        ctx.release()
        go_on()

    QTimer.singleShot(WRITER_FALLBACK_MS, ctx, fallback)  # not once the ledger is gone
