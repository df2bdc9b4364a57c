"""Benchmark: the demo ledger generator against a bare Core ``executemany`` of its rows.

Run: ``.venv/bin/python benchmarks/bench_demo.py [--customers 5000 --products 20000
--months 24]``. Builds the demo into a temporary ledger and prints the total time,
simulation (CPU) vs database write time, the number of document lines and the
peak memory (max RSS). Then it reads every table of the generated ledger back and
inserts the same rows, table by table in rowid order, into a fresh empty ledger with
nothing but ``connection.execute(insert(table), rows)``; only the inserts are timed.
Goal: demo write time <= 3x that baseline.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from desktop.models import Base  # noqa: E402
from desktop.services.demo import BULK_CACHE_KIB, generate_demo  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402

CHUNK = 50_000


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def baseline_copy(source: Ledger, target: Ledger) -> tuple[float, int]:
    """Insert every row of ``source`` into ``target`` with Core executemany; time the inserts."""
    spent = 0.0
    rows_total = 0
    with source.engine.connect() as src, target.engine.begin() as dst:
        # the same page cache the demo gives its bulk transaction, so only the work differs
        dst.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        for table in Base.metadata.sorted_tables:
            result = src.execution_options(stream_results=True).execute(
                select(table).order_by(text("rowid"))
            )
            for part in result.mappings().partitions(CHUNK):
                rows = [dict(row) for row in part]
                started = time.perf_counter()
                dst.execute(insert(table), rows)
                spent += time.perf_counter() - started
                rows_total += len(rows)
    return spent, rows_total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="also copy the generated ledger here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHANGFANG_HOME"] = tmp
        path = Path(tmp) / "demo.zhangfang"
        ledger = Ledger.open(path, create=True, actor="bench")
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 15 or done == total:
                last[0] = now
                print(f"  ... {done}/{total}", flush=True)

        started = time.perf_counter()
        summary = generate_demo(
            ledger,
            customers=args.customers,
            products=args.products,
            months=args.months,
            seed=args.seed,
            progress=progress,
        )
        total = time.perf_counter() - started
        peak = peak_mb()
        print(f"demo {args.customers} customers, {args.products} products, {args.months} months")
        print(f"  document lines     {summary.lines:,}")
        print(f"  documents          {summary.rows['document']:,}")
        print(f"  rows (all tables)  {sum(summary.rows.values()):,}")
        print(f"  total time         {total:8.1f} s (incl. commit)")
        print(f"  simulation (CPU)   {summary.generate_seconds:8.1f} s")
        print(f"  database writes    {summary.write_seconds:8.1f} s")
        print(f"  peak memory (RSS)  {peak:8.0f} MB")
        print(f"  file size          {path.stat().st_size / 1e6:8.0f} MB")
        if args.keep:
            ledger.engine.dispose()
            import sqlite3

            with sqlite3.connect(path) as s_conn, sqlite3.connect(args.keep) as d_conn:
                s_conn.backup(d_conn)
        target = Ledger.open(Path(tmp) / "baseline.zhangfang", create=True, actor="bench")
        spent, copied = baseline_copy(ledger, target)
        ratio = summary.write_seconds / spent
        print(f"baseline executemany of the same {copied:,} rows: {spent:.1f} s")
        print(f"ratio demo write / baseline: {ratio:.2f}  (goal <= 3.0)")
        ledger.close()
        target.close()


if __name__ == "__main__":
    main()
