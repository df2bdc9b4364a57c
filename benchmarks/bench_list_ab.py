"""Benchmark: the list screens' key press to repaint, this tree's code against another
checkout's (the code before a change), in alternating processes.

Run: ``TMPDIR=… .venv/bin/python benchmarks/bench_list_ab.py BEFORE_TREE [--runs 4]``
(``BEFORE_TREE``: e.g. ``git worktree add --detach /tmp/before <commit>``; the ledgers of
``bench_filter.py``, built once and kept in the temp folder). Each run is one process that
imports the app from one tree and types ``bench_filter``'s words into the products and the
customers list screens, one key every 60 ms, timing each key from the press to the
repainted table, as ``bench_filter.py`` does, once the screen has settled (ledger open,
whole list counted). Runs alternate before / after (each first in half of them), so the
neighbours' load falls on both alike; p50 / p90 per side, their ratios, the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, tempfile, time
root = sys.argv[1]
sys.path.insert(0, root)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZHANGFANG_HOME", tempfile.mkdtemp(prefix="zf-bench-home-"))
from pathlib import Path
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop.queries import lists
from desktop.views.context import Context
from desktop.views.list_screen import ListScreen
from desktop.views.theme import apply_appearance

def press(widget, ch):
    if ch.isascii():
        QTest.keyClick(widget, ch)
    else:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)

app = QApplication([])
apply_appearance(app, 100, False)
out = {}
for label, name, words in json.loads(sys.argv[2]):
    ctx = Context(Path(name))
    ctx.prefs.backup_hours = 0
    assert ctx.ledger is not None
    spec = lists.PRODUCTS if label == "products" else lists.CUSTOMERS
    screen = ListScreen(ctx, spec)
    screen.resize(1366, 768)
    screen.show()
    while not screen.count_label.text():
        app.processEvents()
        time.sleep(0.005)
    times = []
    for word in words:
        screen.filter.clear()
        screen.apply_filter()
        for n, ch in enumerate(word, start=1):
            QTest.qWait(60)
            started = time.perf_counter()
            press(screen.filter, ch)
            while screen.model.text != word[:n]:
                app.processEvents()
                time.sleep(0.0005)
            screen.table.viewport().repaint()
            times.append(time.perf_counter() - started)
    out[label] = times
    screen.close()
    ctx.close()
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="a checkout of the code before")
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE / "benchmarks"))
    import bench_filter

    sets = [
        ("products", str(bench_filter.ledger("products", 600_000)), bench_filter.PRODUCT_WORDS),
        ("customers", str(bench_filter.ledger("customers", 100_000)), bench_filter.CUSTOMER_WORDS),
    ]
    times: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    loads = []
    for run in range(args.runs):
        order = [("before", args.before), ("after", HERE)]
        for side, root in order if run % 2 == 0 else order[::-1]:
            loads.append(os.getloadavg()[0])
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(root), json.dumps(sets)],
                capture_output=True,
                text=True,
                check=True,
                cwd=root,
            )
            got = json.loads(done.stdout.strip().splitlines()[-1])
            for label, keys in got.items():
                times[side].setdefault(label, []).extend(keys)
            time.sleep(1)
    print(f"{args.runs} runs per side, alternating; one key every 60 ms; 1366x768, 100 % text")
    for label, *_ in sets:
        row = {}
        for side in ("before", "after"):
            ms = sorted(t * 1000 for t in times[side][label])
            row[side] = (statistics.median(ms), statistics.quantiles(ms, n=10)[-1], ms[-1], len(ms))
        b, a = row["before"], row["after"]
        print(
            f"  {label:<9} before p50 {b[0]:5.1f} p90 {b[1]:5.1f} max {b[2]:6.1f} | "
            f"after p50 {a[0]:5.1f} p90 {a[1]:5.1f} max {a[2]:6.1f} ms | ratio p50 "
            f"{a[0] / b[0]:.2f}, p90 {a[1] / b[1]:.2f} ({a[3]} keys a side); after p90 "
            f"{'< 30 ms: met' if a[1] < 30 else '>= 30 ms: NOT met'}"
        )
    print(f"load average (1 min) at each run's start: {' '.join(f'{x:.2f}' for x in loads)}")


if __name__ == "__main__":
    main()
