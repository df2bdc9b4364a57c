"""Benchmark: import a big sales ledger (.xlsx) into an empty ledger vs a bare calamine read.

Run: ``.venv/bin/python benchmarks/bench_import.py [--lines 500000]``. A sales history of
``--lines`` lines (5 lines per bill, 300 customers, 3,000 products, a title row above the
header) is written once to a temporary folder; then, each in its own process so peak memory
is measured cleanly (ru_maxrss):

* baseline: ``python_calamine`` opens the file and loads the sheet to Python values;
* import: ``run_import`` with ``--create-missing`` (customers and products are created from
  the file) into a freshly initialised ledger, committed. The commit leaves the pages in
  SQLite's write-ahead log; copying them into the ledger file (the checkpoint) comes after
  the result is shown and is timed separately. A file this big is read and
  parsed by a reader process beside the importer (``parsed_stream``); memory is the peak of
  both processes added up, sampled every 50 ms (and each one's own peak). ``--also-here``
  also times the import with this process reading, for comparison;
* checks: ``run_checks`` on the imported ledger, in a process of its own (the ORM checks load
  every line and are not part of the import; their peak is printed separately).

Goals: import time ≤ 3 × the bare read; peak memory of the import (both processes) < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_file(path: Path, lines: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("销售明细")
    ws.append(["2024 年销售明细（导出）"])
    ws.append(
        [
            "单号",
            "日期",
            "客户编码",
            "客户名称",
            "商品编码",
            "商品名称",
            "规格",
            "单位",
            "数量",
            "单价",
            "金额",
            "备注",
        ]
    )
    start = date(2023, 1, 1)
    for i in range(lines):
        doc = i // 5
        cust = doc % 300
        prod = rnd.randrange(3000)
        qty = rnd.randrange(1, 200)
        price = rnd.randrange(100, 100000) / 100
        ws.append(
            [
                f"XS{doc:07d}",
                start + timedelta(days=doc % 700),
                f"C{cust:04d}",
                f"客户{cust:04d}商贸有限公司",
                f"{prod:06d}",
                f"商品{prod:05d}",
                "标准",
                "个",
                qty,
                price,
                round(qty * price, 2),
                "",
            ]
        )
    wb.save(path)


def phase_read(path: Path) -> dict[str, float]:
    import python_calamine as pc

    t = time.perf_counter()
    book = pc.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    return {"seconds": time.perf_counter() - t, "rows": len(rows)}


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _MemoryTogether:
    """Peak RSS of this process and its reader process added up, sampled every 50 ms."""

    def __init__(self) -> None:
        import multiprocessing
        import threading

        self.peak = 0.0
        self._stop = threading.Event()

        def sample() -> None:
            while not self._stop.wait(0.05):
                kids = [p.pid for p in multiprocessing.active_children() if p.pid]
                now = _rss_mb(os.getpid()) + sum(_rss_mb(k) for k in kids)
                self.peak = max(self.peak, now)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def phase_import(path: Path, ledger_path: Path, reader: str) -> dict[str, float]:
    from desktop.importing import parsed_stream
    from desktop.importing.kinds.base import ImportOptions
    from desktop.importing.plan import run_import
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger

    if reader == "here":
        parsed_stream.READER_PROCESS_BYTES = 1 << 62
    ledger = Ledger.open(ledger_path, create=True, actor="bench")
    with ledger.unit() as uow:
        create_firm(uow, "基准测试商贸有限公司")
    memory = _MemoryTogether()
    t = time.perf_counter()
    report = run_import(
        ledger, path, kind="sales_history", backup=False, options=ImportOptions(create_missing=True)
    )
    seconds = time.perf_counter() - t
    together = memory.stop()
    t = time.perf_counter()
    ledger.checkpoint()  # copying the log into the file, after the import was shown done
    checkpoint = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reader_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = report.counts
    del report
    ledger.close()
    return {
        "seconds": seconds,
        "checkpoint": checkpoint,
        "new": counts["new"],
        "errors": counts["error"],
        "peak_mb": peak,
        "reader_peak_mb": reader_peak,
        "together_mb": max(together, peak),
    }


def phase_checks(ledger_path: Path) -> dict[str, float]:
    from desktop.services.checks import run_checks
    from desktop.services.ledger import Ledger

    ledger = Ledger.open(ledger_path, actor="bench")
    t = time.perf_counter()
    with ledger.read() as session:
        problems = run_checks(session)
    ledger.close()
    return {"seconds": time.perf_counter() - t, "check_problems": len(problems)}


def run_phase(args: list[str], script: str = __file__) -> dict[str, float]:
    """Run one phase in a fresh process (clean peak memory) and read back its JSON line."""
    out = subprocess.run(
        [sys.executable, script, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500_000)
    parser.add_argument("--phase", choices=("read", "import", "checks"))
    parser.add_argument("--file", type=Path)
    parser.add_argument("--ledger-file", type=Path)
    parser.add_argument("--keep-file", type=Path, help="reuse (or write once) this .xlsx")
    parser.add_argument(
        "--reader",
        choices=("auto", "here"),
        default="auto",
        help="auto: a reader process for big files (as the app does); here: this process reads",
    )
    parser.add_argument(
        "--also-here", action="store_true", help="also time the import read in one process"
    )
    args = parser.parse_args()
    if args.phase:
        if args.phase == "read":
            result = phase_read(args.file)
        elif args.phase == "import":
            result = phase_import(args.file, args.ledger_file, args.reader)
        else:
            result = phase_checks(args.ledger_file)
        result.setdefault("peak_mb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = args.keep_file or folder / "sales.xlsx"
        t = time.perf_counter()
        if not path.exists():
            make_file(path, args.lines)
        print(
            f"file: {args.lines} lines, {path.stat().st_size / 1e6:.1f} MB, "
            f"ready in {time.perf_counter() - t:.1f}s; load average {os.getloadavg()[0]:.2f}"
        )
        read = run_phase(["--phase", "read", "--file", str(path)])
        imports = {}
        for reader in ("auto", "here") if args.also_here else (args.reader,):
            ledger_file = folder / f"{reader}.zf"
            phase = ["--phase", "import", "--file", str(path), "--ledger-file", str(ledger_file)]
            imports[reader] = run_phase([*phase, "--reader", reader])
        imp = imports[args.reader]
        checks = run_phase(
            ["--phase", "checks", "--ledger-file", str(folder / f"{args.reader}.zf")]
        )
        ratio = imp["seconds"] / read["seconds"]
        print(f"bare calamine read: {read['seconds']:.2f}s, peak {read['peak_mb']:.0f} MB")
        for reader, result in imports.items():
            print(
                f"import ({reader:4}):      {result['seconds']:.2f}s "
                f"(ratio {result['seconds'] / read['seconds']:.2f}), "
                f"peak {result['peak_mb']:.0f} MB + reader {result['reader_peak_mb']:.0f} MB, "
                f"together {result['together_mb']:.0f} MB; "
                f"{result['new']:.0f} lines new, {result['errors']:.0f} errors; "
                f"then the WAL checkpoint {result['checkpoint']:.2f}s"
            )
        print(
            f"run_checks:         {checks['seconds']:.2f}s, peak {checks['peak_mb']:.0f} MB, "
            f"{checks['check_problems']:.0f} problems"
        )
        print(
            f"ratio {ratio:.2f} (goal <= 3.0); memory goal < 1024 MB: "
            f"{'ok' if imp['together_mb'] < 1024 else 'OVER'} ({imp['together_mb']:.0f} MB)"
        )


if __name__ == "__main__":
    main()
