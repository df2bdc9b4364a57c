"""Benchmark: month-end statements for 500 customers — time and peak memory.

Run: ``.venv/bin/python benchmarks/bench_batch_statements.py [--customers 500]
[--paper a4] [--keep DIR]``. The demo ledger is generated in a child process
(so this process's peak memory is the printing alone), then
``jobs.print_statements`` writes one PDF per customer with a balance or activity
in the demo's last month, plus the combined PDF. Printed: parties, pages, total
and per-statement time, the split between computing statements and rendering,
file sizes and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

END = date(2026, 10, 31)


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def generate(path: Path, customers: int) -> None:
    from sqlalchemy import select

    from desktop.models import Party
    from desktop.services.demo import generate_demo
    from desktop.services.ledger import Ledger
    from desktop.services.payments import record_payment
    from desktop.services.statements import parties_with_balance

    ledger = Ledger.open(path, create=True)
    try:
        summary = generate_demo(ledger, customers=customers, products=300, months=12, end=END)
        # every customer gets a statement: the quiet ones pay something on account
        with ledger.read() as s:
            due = {p.id for p in parties_with_balance(s, END.replace(day=1), END)}
            quiet = [p.id for p in s.scalars(select(Party).where(Party.is_customer))]
        for pid in quiet:
            if pid not in due:
                with ledger.unit() as uow:
                    record_payment(uow, pid, "100.00", doc_date=END, method="现金")
    finally:
        ledger.close()
    print(f"demo: {customers} customers, {summary.lines} lines in {summary.seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--paper", default="a4")
    parser.add_argument("--keep", type=Path, help="write the PDFs here and keep them")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.customers)
        return

    from desktop.printing import jobs
    from desktop.printing.fonts import register_fonts
    from desktop.services.ledger import Ledger
    from desktop.services.statements import parties_with_balance, statement

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.zhangfang"
        cmd = [sys.executable, __file__, "--generate", str(path), "--customers"]
        subprocess.run([*cmd, str(args.customers)], check=True)
        register_fonts()
        start_rss = peak_mb()
        ledger = Ledger.open(path)
        first = END.replace(day=1)
        out = args.keep or Path(tmp) / "out"
        setup = jobs.printer_setup(ledger, jobs.paper_named(args.paper))

        t0 = time.perf_counter()
        with ledger.read() as s:
            parties = parties_with_balance(s, first, END)
            lines = sum(len(statement(s, p, first, END).lines) for p in parties)
        t_data = time.perf_counter() - t0

        ticks: list[int] = []
        t0 = time.perf_counter()
        result = jobs.print_statements(
            ledger, first, END, out, setup, progress=lambda d, _t: ticks.append(d)
        )
        t_all = time.perf_counter() - t0
        ledger.close()
        sizes = sum(f.path.stat().st_size for f in result.files)
        combined = result.combined.stat().st_size if result.combined else 0
        n = max(1, result.count)
        print(
            f"statements: {result.count} parties (of {args.customers} customers), "
            f"{lines} lines, {sum(f.pages for f in result.files)} pages "
            f"({args.paper}), period {first} to {END}"
        )
        print(f"batch total        : {t_all:7.2f} s  ({t_all / n * 1000:.1f} ms per statement)")
        print(f"  statement data   : {t_data:7.2f} s  (queries and running balances)")
        print(f"  render + write   : {t_all - t_data:7.2f} s")
        print(
            f"files: {sizes / 1e6:.1f} MB in {result.count} PDFs, combined {combined / 1e6:.1f} MB"
        )
        print(f"progress callbacks : {len(ticks)}")
        print(f"peak memory (RSS)  : {peak_mb():.0f} MB  (before the batch {start_rss:.0f} MB)")


if __name__ == "__main__":
    main()
