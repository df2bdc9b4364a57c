"""Benchmark: ``receivables.balances`` for every party vs one hand-written SQL aggregate.

Run: ``.venv/bin/python benchmarks/bench_balance.py [--ledger demo.zhangfang]``; without
``--ledger`` a demo is built first (``--customers/--products/--months``). The baseline
is one hand-written query giving the same rows as ``balances``: each party with a balance
(not zero) as of the date, its code, name and balance, by code, through the same
connection, rows fetched. The two are compared row by row first; then each side runs
several times, interleaved, and the medians (and bests) are compared. Goal: ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desktop.services import receivables  # noqa: E402
from desktop.services.demo import generate_demo  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402

REPEATS = 7
SQL = text(
    "SELECT p.code, p.name, s.total FROM (SELECT party_id, SUM(amount) AS total"
    " FROM party_entry WHERE account = 'AR' AND entry_date <= :as_of GROUP BY party_id"
    " HAVING SUM(amount) != 0) s JOIN party p ON p.id = s.party_id ORDER BY p.code"
)


def measure(ledger: Ledger) -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with ledger.read() as session:
        last = session.execute(text("SELECT max(entry_date) FROM party_entry")).scalar()
        as_of = date.fromisoformat(last) - timedelta(days=30) if last else date.today()
        entries = session.execute(text("SELECT count(*) FROM party_entry")).scalar()
        result = receivables.balances(session, "AR", as_of)
        rows = session.execute(SQL, {"as_of": as_of.isoformat()}).all()
        same = [(p.code, p.name, int(b * 100)) for p, b in result] == [tuple(r) for r in rows]
        ours, bare = [], []
        for _ in range(REPEATS):
            session.expunge_all()
            started = time.perf_counter()
            result = receivables.balances(session, "AR", as_of)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = session.execute(SQL, {"as_of": as_of.isoformat()}).all()
            bare.append(time.perf_counter() - started)
        print(
            f"party_entry rows {entries:,}; as of {as_of}; parties with a balance "
            f"{len(result):,} (hand-written rows {len(rows):,}); same rows: {same}"
        )
        print(
            f"receivables.balances  best {min(ours) * 1000:8.1f} ms  "
            f"median {statistics.median(ours) * 1000:8.1f} ms"
        )
        print(
            f"hand-written SQL      best {min(bare) * 1000:8.1f} ms  "
            f"median {statistics.median(bare) * 1000:8.1f} ms"
        )
        print(
            f"ratio (medians) {statistics.median(ours) / statistics.median(bare):.2f}, "
            f"(best) {min(ours) / min(bare):.2f}  (goal <= 1.5)"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    if args.ledger:
        ledger = Ledger.open(args.ledger, actor="bench")
        measure(ledger)
        ledger.close()
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHANGFANG_HOME"] = tmp
        ledger = Ledger.open(Path(tmp) / "demo.zhangfang", create=True, actor="bench")
        generate_demo(ledger, customers=args.customers, products=args.products, months=args.months)
        measure(ledger)
        ledger.close()


if __name__ == "__main__":
    main()
