"""Benchmark: a list screen's repaint after each key, its own cell painter vs Qt's delegate.

Run: ``TMPDIR=… .venv/bin/python benchmarks/bench_list_paint.py [--rounds 2]`` (the ledgers
of ``bench_filter.py``, built once and kept in the temp folder). Offscreen, 1366×768, the
app's look (``apply_appearance``): the products and customers list screens are filtered
word by word as ``bench_filter.py`` types; the table is painted with the screen's own
delegate (``views/list_delegate.py``) and, word by word in turn (each first in half the
words), with Qt's ``QStyledItemDelegate``. For every key: the CPU of the first repaint
(new rows: new texts to lay out) and of a second one (what hover, selection and
scrolling back cost). Medians and p90, the ratio, and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ZHANGFANG_HOME", tempfile.mkdtemp(prefix="zf-bench-home-"))

import bench_filter  # noqa: E402


def _cpu_ms(fn: Any) -> float:
    started = time.process_time()
    fn()
    return (time.process_time() - started) * 1000


def measure(app: Any, path: Path, spec: Any, words: list[str], rounds: int) -> dict[str, Any]:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyledItemDelegate

    ctx, screen = bench_filter.open_list(app, path, spec)
    delegates = {"ours": screen.table.itemDelegate(), "Qt": QStyledItemDelegate(screen.table)}
    times: dict[str, list[float]] = {f"{k} {n}": [] for k in delegates for n in ("1st", "2nd")}
    turn = 0
    for _round in range(rounds):
        for word in words:
            for name in ("ours", "Qt") if turn % 2 == 0 else ("Qt", "ours"):
                screen.table.setItemDelegate(delegates[name])
                screen.filter.clear()
                screen.apply_filter()
                for ch in word:
                    QTest.qWait(30)
                    bench_filter.press(screen.filter, ch)
                    repaint = screen.table.viewport().repaint
                    times[f"{name} 1st"].append(_cpu_ms(repaint))
                    times[f"{name} 2nd"].append(_cpu_ms(repaint))
            turn += 1
    screen.table.setItemDelegate(delegates["ours"])
    screen.close()
    ctx.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=600_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--text", type=int, default=100, help="text size, percent")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from desktop.queries import lists
    from desktop.views.theme import apply_appearance

    app = QApplication.instance() or QApplication([])
    apply_appearance(app, args.text, False)
    print(f"repaint CPU ms per key, text {args.text} %, 1366x768, {args.rounds} rounds")
    for label, path, spec, words in (
        ("products", bench_filter.ledger("products", args.products), lists.PRODUCTS,
         bench_filter.PRODUCT_WORDS),
        ("customers", bench_filter.ledger("customers", args.customers), lists.CUSTOMERS,
         bench_filter.CUSTOMER_WORDS),
    ):  # fmt: skip
        times = measure(app, path, spec, words, args.rounds)
        for which in ("1st", "2nd"):
            ours, qts = times[f"ours {which}"], times[f"Qt {which}"]
            p90 = [statistics.quantiles(t, n=10)[-1] for t in (ours, qts)]
            print(
                f"  {label:<9} {which} repaint: ours p50 {statistics.median(ours):5.1f} "
                f"p90 {p90[0]:5.1f} | Qt's delegate p50 {statistics.median(qts):5.1f} "
                f"p90 {p90[1]:5.1f} | ratio of medians "
                f"{statistics.median(ours) / statistics.median(qts):.2f} ({len(ours)} keys)"
            )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
