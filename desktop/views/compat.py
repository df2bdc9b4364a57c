"""Work around PySide6 6.12.0 on Python 3.11 dropping references to ``None``/``True``/``False``.

Measured here: every call of a void Qt method from Python (``widget.update()``,
``repaint()``, ``setEnabled(True)``...) lowers ``sys.getrefcount(None)`` by one,
and so does returning through ``super().headerData()``. ``None`` starts near
5,000 references, so after a few thousand calls CPython aborts with "Fatal
Python error: none_dealloc: deallocating None" — the app would die within
minutes of use. Emitting a signal drops a reference to ``True``/``False`` the same
way. Python 3.12+ makes these singletons immortal (PEP 683), which hides the bug;
on 3.11 we do the same by giving each a huge reference count once.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 50


def protect_none() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal on Python < 3.12."""
    if sys.version_info >= (3, 12):
        return False
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < RESERVE:
            refcount.value += RESERVE
    return True
