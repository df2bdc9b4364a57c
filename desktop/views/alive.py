"""Whether a Qt object still exists: a window closed with WA_DeleteOnClose, or a dialog a
late worker answers, leaves a Python wrapper whose C++ object is gone."""

from __future__ import annotations

from typing import Any

import shiboken6


def alive(obj: Any) -> bool:
    """True while the C++ object behind ``obj`` has not been deleted."""
    return obj is not None and bool(shiboken6.isValid(obj))
