"""Benchmark: export 100,000 rows to .xlsx vs a bare openpyxl write-only write of the same cells.

Run: ``.venv/bin/python benchmarks/bench_export.py [--rows 100000]``. The rows look like a
sales detail list (date, number, codes, names, qty, price, rate, three money columns,
status). The baseline appends the same values to a write-only workbook with no styles, no
title, no widths and no totals. Each side runs three times; the best times are compared.
Goal: ratio <= 1.2.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
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


def best(fn: object, rows: list[list[object]], path: Path) -> float:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        fn(rows, path)  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rows = make_rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        base = best(bare, rows, Path(tmp) / "bare.xlsx")
        mine = best(ours, rows, Path(tmp) / "ours.xlsx")
    print(f"{args.rows} rows x {len(_LINE_COLS)} columns")
    print(f"bare openpyxl write-only: {base:.2f}s")
    print(f"export (styled ledger):   {mine:.2f}s")
    print(f"ratio {mine / base:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()
