"""Guard against a PySide6 build that loses references to None/True/False.

PySide6 6.12.0 lowered ``sys.getrefcount(None)`` on every void Qt call and every signal
emit; on Python 3.11 the app then aborted within minutes ("none_dealloc"). The project
pins a version without the bug; this test fails if one slips in again.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(3000):
    w.update()
    w.setEnabled(True)
    w.windowTitleChanged.emit("x")
after = sys.getrefcount(None), sys.getrefcount(True)
print(after[0] - before[0], after[1] - before[1])
"""


def test_void_calls_and_emits_keep_singleton_refcounts() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    none_delta, true_delta = (int(x) for x in done.stdout.split())
    assert abs(none_delta) < 50 and abs(true_delta) < 50, done.stdout
