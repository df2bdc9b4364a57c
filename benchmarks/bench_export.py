"""Benchmark: export 100,000 rows to .xlsx vs a bare openpyxl write-only write of the same cells.

Run: ``.venv/bin/python benchmarks/bench_export.py [--rows 100000]``. The rows look like a
sales detail list (date, number, codes, names, qty, price, rate, three money columns,
status). The baseline appends the same values to a write-only workbook with no styles, no
title, no widths and no totals. The two sides alternate (bare, ours, ours, bare, ...: each
goes first in half the rounds, so a noisy neighbour or a warming page cache hits both
alike); the medians and the best times are compared, and the load average printed. Then
both files are read back and their sheet and data cells compared (the same cells written).
Goal: ratio <= 1.1 (issue 18).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desktop.exporting.reports import _LINE_COLS  # noqa: E402
from desktop.exporting.table import Sheet  # noqa: E402
from desktop.exporting.xlsx import write_xlsx  # noqa: E402


def make_rows(n: int) -> list[list[object]]:
    rnd = random.Random(3)
    start = date(2024, 1, 1)
    rows: list[list[object]] = []
    for i in range(n):
        qty = Decimal(rnd.randrange(1, 500))
        price = Decimal(rnd.randrange(100, 99999)) / 100
        total = (qty * price).quantize(Decimal("0.01"))
        net = (total / Decimal("1.13")).quantize(Decimal("0.01"))
        rows.append(
            [
                start + timedelta(days=i % 365),
                f"XS-A-2401-{i:05d}",
                f"R{i}",
                f"C{i % 300:04d}",
                f"客户{i % 300:04d}商贸有限公司",
                f"{i % 3000:06d}",
                f"商品{i % 3000:05d}",
                "标准",
                "个",
                qty,
                price,
                Decimal("0.13"),
                net,
                total - net,
                total,
                "已过账",
            ]
        )
    return rows


def bare(rows: list[list[object]], path: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("销售明细")
    ws.append([c.header for c in _LINE_COLS])
    for row in rows:
        ws.append(row)
    wb.save(path)


def ours(rows: list[list[object]], path: Path) -> None:
    write_xlsx(
        Sheet(
            "销售明细",
            _LINE_COLS,
            rows,
            "基准测试商贸有限公司",
            date(2024, 1, 1),
            date(2024, 12, 31),
        ),
        path,
    )


def same_cells(bare_path: Path, our_path: Path, rows: int) -> str:
    """Check the two files hold the same sheet and data cells (read back with openpyxl): the
    baseline's header row and rows against ours below its title, firm line and header, above
    its totals. Returns what differs ("" when nothing)."""
    from openpyxl import load_workbook

    books = [load_workbook(p, read_only=True) for p in (bare_path, our_path)]
    try:
        if books[0].sheetnames != books[1].sheetnames:
            return f"sheets {books[0].sheetnames} / {books[1].sheetnames}"
        bare_rows = books[0].active.iter_rows(values_only=True)
        our_rows = books[1].active.iter_rows(min_row=3, max_row=3 + rows, values_only=True)
        n = -1
        for n, (theirs, mine) in enumerate(zip(bare_rows, our_rows, strict=True)):
            if list(theirs) != list(mine):
                return f"row {n}: {theirs} / {mine}"
        return "" if n == rows else f"{n} rows compared, not {rows}"
    finally:
        for book in books:
            book.close()


def _timed(
    fn: Callable[[list[list[object]], Path], None], rows: list[list[object]], path: Path
) -> tuple[float, float]:
    """Wall and CPU seconds (``process_time``: on a shared, loaded box the wall clock is
    mostly the neighbours; both sides are one thread, so CPU time is their own work)."""
    started, cpu = time.perf_counter(), time.process_time()
    fn(rows, path)
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    rows = make_rows(args.rows)
    base: list[tuple[float, float]] = []
    mine: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        bare_path, our_path = Path(tmp) / "bare.xlsx", Path(tmp) / "ours.xlsx"
        for n in range(args.rounds):
            if n % 2 == 0:
                base.append(_timed(bare, rows, bare_path))
                mine.append(_timed(ours, rows, our_path))
            else:
                mine.append(_timed(ours, rows, our_path))
                base.append(_timed(bare, rows, bare_path))
        differ = same_cells(bare_path, our_path, args.rows)
    print(f"{args.rows} rows x {len(_LINE_COLS)} columns, {args.rounds} alternating rounds")
    for which, index in (("wall", 0), ("CPU", 1)):
        b = [t[index] for t in base]
        m = [t[index] for t in mine]
        print(f"  {which}: bare openpyxl write-only " + " ".join(f"{t:.2f}" for t in b) + " s")
        print(f"  {which}: export (styled ledger)   " + " ".join(f"{t:.2f}" for t in m) + " s")
        ratios = [x / y for x, y in zip(m, b, strict=True)]
        print(
            f"  {which} ratio of medians {statistics.median(m) / statistics.median(b):.3f}, "
            f"of bests {min(m) / min(b):.3f}, per round "
            + " ".join(f"{r:.2f}" for r in ratios)
            + " (goal <= 1.1)"
        )
    print(
        "  same sheet and data cells in both files (read back): "
        + ("yes" if not differ else f"NO: {differ}")
        + "; ours adds the title, firm line, styles, number formats, widths and totals"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
