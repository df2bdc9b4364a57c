"""The cyclic collector runs on the GUI thread only (``views.gc_guard``): garbage a worker
thread's allocations would have collected there, Qt objects among it, waits for the GUI
thread; and a big import or report pauses the scheduled collection."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest

from desktop.gc_pauses import no_gc_pauses, paused
from desktop.views import gc_guard

pytestmark = pytest.mark.gui


class _Cycle:
    """Garbage only the cyclic collector frees; says on which thread it was freed."""

    freed_on: list[str] = []  # noqa: RUF012

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_garbage_waits_for_the_gui_thread(qapp: Any) -> None:
    collector = gc_guard.install(qapp)
    assert not gc.isenabled()  # no collection wherever an allocation happens to be
    _Cycle.freed_on.clear()
    _Cycle()  # unreachable at once, freed only by a collection

    def allocate() -> None:
        keep = [[i] for i in range(200_000)]  # far past every generation's threshold
        del keep

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_on == []  # the worker's allocations collected nothing
    for _ in range(3):  # the timer's check, as the GUI thread runs it
        collector.check()
    gc.collect()  # whatever generation it reached: the rest on this thread too
    assert _Cycle.freed_on and set(_Cycle.freed_on) == {threading.current_thread().name}


def test_the_check_follows_the_thresholds_and_waits_while_paused(qapp: Any) -> None:
    collector = gc_guard.install(qapp)
    gc.collect()
    assert collector.check() is None  # nothing allocated since
    garbage = [[i] for i in range(10_000)]
    with no_gc_pauses():
        assert paused() and collector.check() is None
    assert not paused()
    assert not gc.isenabled()  # the pause did not turn automatic collection back on
    assert collector.check() in (0, 1, 2)
    del garbage
