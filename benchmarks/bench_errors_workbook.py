"""Benchmark: the errors workbook (``zhangfang import --errors``) of a workbook whose imported
sheet is small beside a big sheet nobody imports.

Run: ``.venv/bin/python benchmarks/bench_errors_workbook.py [--other-rows 95000]
[--code DIR]``. The workbook has a 5,000-product sheet (1 % of costs not numbers) and a
second sheet of ``--other-rows`` rows × 10 columns that is not imported. In a process of its
own, the sheet is previewed (not timed) and ``write_error_workbook`` is timed; the baseline,
in another process, is the least any copy does: calamine reads the imported sheet. ``--code DIR`` measures the code of another
checkout (for before/after figures).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_file(path: Path, other_rows: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(3)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("商品")
    ws.append(["商品编码", "商品名称", "规格", "单位", "进价", "零售价", "条码"])
    for i in range(5_000):
        cost = "待定" if i % 100 == 7 else rnd.randrange(100, 10_000) / 100
        ws.append([f"{i:06d}", f"商品{i}", "标准", "个", cost, 99.5, f"690{i:010d}"])
    other = wb.create_sheet("往年明细")
    other.append([f"列{c}" for c in range(10)])
    for i in range(other_rows):
        other.append([i, f"备注{i}", i * 1.5, "文本", i % 7, "2020-01-01", i, "x", 1.25, "完"])
    wb.save(path)


def phase_write(path: Path, ledger_path: Path, code: Path) -> dict[str, float]:
    sys.path.insert(0, str(code))
    from desktop.importing.error_workbook import write_error_workbook
    from desktop.importing.plan import run_import
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(ledger_path, create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "基准测试商贸有限公司")
    report = run_import(ledger, path, kind="product", dry_run=True)
    t, cpu = time.perf_counter(), time.process_time()
    bad = write_error_workbook(report, path.with_name("errors.xlsx"))
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    ledger.close()
    return {"seconds": seconds, "cpu": cpu, "bad_rows": bad}


def phase_baseline(path: Path) -> dict[str, float]:
    """What any copy must at least do: calamine reads the imported sheet."""
    import python_calamine as pc

    t, cpu = time.perf_counter(), time.process_time()
    rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("商品").to_python()
    return {
        "seconds": time.perf_counter() - t,
        "cpu": time.process_time() - cpu,
        "bad_rows": 0,
        "rows": len(rows),
    }


def run(args: list[str]) -> dict[str, float]:
    """One phase in a process of its own; its JSON line."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--other-rows", type=int, default=95_000)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--phase", choices=("write", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ledger-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "write":
        print(json.dumps(phase_write(args.file, args.ledger_file, args.code)))
        return
    if args.phase == "baseline":
        print(json.dumps(phase_baseline(args.file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        make_file(path, args.other_rows)
        print(f"file: {path.stat().st_size / 1e6:.1f} MB; code: {args.code}")
        for n in range(args.rounds):
            ledger = Path(tmp) / f"l{n}.zhangfang"
            phase = ["--file", str(path), "--ledger-file", str(ledger), "--code", str(args.code)]
            base = run(["--phase", "baseline", "--file", str(path)])
            write = run(["--phase", "write", *phase])
            print(
                f"round {n + 1}: errors workbook {write['seconds']:.2f}s (CPU {write['cpu']:.2f}s,"
                f" {write['bad_rows']:.0f} rows with errors), bare read of the imported sheet "
                f"{base['seconds']:.2f}s (CPU {base['cpu']:.2f}s), ratio "
                f"{write['seconds'] / base['seconds']:.2f} (CPU {write['cpu'] / base['cpu']:.2f})"
            )


if __name__ == "__main__":
    main()
