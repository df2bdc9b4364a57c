"""Benchmark: start to an interactive main window on a ledger with a million document lines.

Run: ``.venv/bin/python benchmarks/bench_gui_start.py [--lines 1000000] [--runs 5]``.
Builds (once, cached in the temp folder) a demo ledger with at least ``--lines``
document lines, then times, in fresh processes, from spawn until the event loop
runs with the window shown:

* baseline — a bare ``QApplication`` + ``QMainWindow``;
* app — ``desktop.app.start`` on the big ledger (dashboard figures, navigation, lists).

Prints the medians and their ratio. Goal: at most 4x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD_BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow()
w.resize(1280, 800)
w.show()
QTimer.singleShot(0, lambda: (print("READY", flush=True), app.quit()))
app.exec()
"""

CHILD_APP = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.app import start
app = QApplication(sys.argv)
window = start(Path({ledger!r}), app)
def ready():
    print("READY", window.nav.count(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def ledger_path(lines: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "zhangfang-bench"
    folder.mkdir(exist_ok=True)
    return folder / f"gui-{lines}.zhangfang"


def build(path: Path, lines: int) -> None:
    from desktop.services.demo import generate_demo
    from desktop.services.ledger import Ledger

    customers = max(60, lines // 215)  # the demo makes ~220 lines per customer in 24 months
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    ledger = Ledger.open(tmp, create=True, actor="bench")
    started = time.perf_counter()
    summary = generate_demo(ledger, customers=customers, products=2000, months=24, seed=3)
    ledger.close()
    print(
        f"built {summary.lines:,} lines for {customers:,} customers "
        f"in {time.perf_counter() - started:.0f} s"
    )
    tmp.replace(path)


def count_lines(path: Path) -> int:
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM document_line").fetchone()[0])


def time_child(code: str, home: Path) -> float:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        ZHANGFANG_HOME=str(home),
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError("child did not start")
    proc.wait(60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = ledger_path(args.lines)
    if path.exists() and count_lines(path) < args.lines:
        path.unlink()
    if not path.exists():
        build(path, args.lines)
    lines = count_lines(path)
    print(f"ledger: {path} ({lines:,} document lines)")
    home = Path(tempfile.mkdtemp(prefix="zf-bench-home-"))
    (home / "settings.ini").write_text("[backup]\nevery_hours=0\n", encoding="utf-8")
    app_code = CHILD_APP.format(root=str(ROOT), ledger=str(path))
    time_child(CHILD_BARE, home)  # warm the file cache for both
    time_child(app_code, home)
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(time_child(CHILD_BARE, home))
        app.append(time_child(app_code, home))
    b, a = statistics.median(bare), statistics.median(app)
    print(
        f"bare QApplication + QMainWindow: median {b * 1000:.0f} ms "
        f"({', '.join(f'{x * 1000:.0f}' for x in bare)})"
    )
    print(
        f"Zhangfang main window:           median {a * 1000:.0f} ms "
        f"({', '.join(f'{x * 1000:.0f}' for x in app)})"
    )
    print(f"ratio: {a / b:.2f}x (goal: at most 4x)")


if __name__ == "__main__":
    main()
