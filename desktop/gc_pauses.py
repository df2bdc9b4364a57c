"""Building many small objects without the cyclic collector's pauses, and telling a
collector that runs on a schedule (the window's, ``views.gc_guard``) to wait meanwhile."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Build rows by the tens or hundreds of thousands (none in a reference cycle) without the
    cyclic collector: their allocations set it off again and again, and each full pass walks
    every object the process holds. On a worker thread such a pass also holds the GIL, so
    the window stops answering while it runs."""
    global _paused
    was = gc.isenabled()
    gc.disable()
    with _lock:
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
        if was:
            gc.enable()


def paused() -> bool:
    """Whether some thread is inside :func:`no_gc_pauses` (a scheduled collection waits)."""
    return _paused > 0
