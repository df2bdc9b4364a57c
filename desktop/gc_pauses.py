"""Building many small objects without the cyclic collector's pauses."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Build rows by the tens or hundreds of thousands (none in a reference cycle) without the
    cyclic collector: their allocations set it off again and again, and each full pass walks
    every object the process holds. On a worker thread such a pass also holds the GIL, so
    the window stops answering while it runs."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
