"""Python's cyclic collector run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up: a
worker reading a file or writing a workbook, say. If the garbage it finds holds a Qt object
(a closed dialog whose Python side sits in a reference cycle with its slots), the object's
C++ destructor then runs on that worker while the GUI thread's event loop may be using it,
and the program can crash. So the window turns automatic collection off and collects on a
timer in the GUI thread instead, generation by generation as Python's own thresholds say,
except while a big import or report is being built (``gc_pauses``)."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from desktop.gc_pauses import paused

#: how often the GUI thread looks at the collector's counts
INTERVAL_MS = 500
#: a full collection walks every object the program holds (a big import's preview: two
#: million, half a second): at most this often
FULL_EVERY_SECONDS = 60.0


class GuiThreadCollector(QObject):
    """Created on the GUI thread; collects there from then on (see the module docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.thresholds = gc.get_threshold()
        self.last_full = time.monotonic()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> int | None:
        """Collect the generations whose counts passed their thresholds; the generation
        collected, or None."""
        if paused():
            return None
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return None
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 1
            full_due = time.monotonic() - self.last_full >= FULL_EVERY_SECONDS
            if counts[2] > self.thresholds[2] and full_due:
                generation = 2
                self.last_full = time.monotonic()
        gc.collect(generation)
        return generation


_installed: GuiThreadCollector | None = None


def install(parent: QObject | None = None) -> GuiThreadCollector:
    """Turn automatic collection off and collect on the GUI thread (once per process)."""
    global _installed
    if _installed is None:
        _installed = GuiThreadCollector(parent)
    return _installed
