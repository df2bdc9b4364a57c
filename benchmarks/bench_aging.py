"""Benchmark: receivables aging for every party (``receivables.aging``, what the 报表 screen
and ``zhangfang report aging`` call) vs one hand-written SQL query giving the same figures.

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_aging.py [--ledger demo.zhangfang]``.
Without ``--ledger`` it uses the 1M-line demo cached by ``bench_sync.py``
(``$TMPDIR/zhangfang-bench-sync/demo-5000-20000-18.zhangfang``) when it is there, or
builds a demo (``--customers/--products/--months``). As of 30 days before the last entry.
The baseline is written by hand straight from the definitions (an open amount is the
document's entries less what was allocated to it plus what it allocated; days past due from
the latest due date of its entries; buckets 0/30/60/90 days; balances the sum of entries),
run through the same connection, rows fetched. Before timing, the two are compared row by
row (party code and name, balance, every bucket, unapplied, worst days). Interleaved
A/B, ``--repeats`` each (median and best). Goal: ratio <= 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desktop.services import receivables  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402

CACHED = Path(tempfile.gettempdir()) / "zhangfang-bench-sync" / "demo-5000-20000-18.zhangfang"

OPEN = (
    "COALESCE((SELECT SUM(amount) FROM party_entry x WHERE x.document_id = d.id"
    " AND x.entry_date <= :as_of), 0)"
    " - COALESCE((SELECT SUM(amount) FROM allocation a WHERE a.to_document_id = d.id"
    " AND a.alloc_date <= :as_of), 0)"
    " + COALESCE((SELECT SUM(amount) FROM allocation b WHERE b.from_document_id = d.id"
    " AND b.alloc_date <= :as_of), 0)"
)

#: the whole report in one statement, written by hand
BARE = text(
    f"""
WITH bal AS (
  SELECT party_id, SUM(amount) AS balance FROM party_entry
  WHERE account = :account AND entry_date <= :as_of GROUP BY party_id HAVING SUM(amount) != 0
), doc AS MATERIALIZED (
  SELECT e.party_id, e.due, {OPEN} AS open
  FROM (SELECT party_id, document_id, MAX(due_date) AS due FROM party_entry
        WHERE account = :account AND entry_date <= :as_of GROUP BY party_id, document_id) e
  JOIN document d ON d.id = e.document_id
), aged AS MATERIALIZED (
  SELECT party_id, open, CASE WHEN open > 0 AND due IS NOT NULL
    THEN MAX(0, CAST(julianday(:as_of) - julianday(due) AS INTEGER)) ELSE 0 END AS days
  FROM doc WHERE open != 0
), per AS (
  SELECT party_id,
    SUM(CASE WHEN open > 0 AND days <= 0 THEN open ELSE 0 END) AS b0,
    SUM(CASE WHEN open > 0 AND days > 0 AND days <= 30 THEN open ELSE 0 END) AS b30,
    SUM(CASE WHEN open > 0 AND days > 30 AND days <= 60 THEN open ELSE 0 END) AS b60,
    SUM(CASE WHEN open > 0 AND days > 60 AND days <= 90 THEN open ELSE 0 END) AS b90,
    SUM(CASE WHEN open > 0 AND days > 90 THEN open ELSE 0 END) AS b91,
    SUM(CASE WHEN open < 0 THEN -open ELSE 0 END) AS unapplied,
    MAX(days) AS worst
  FROM aged GROUP BY party_id
)
SELECT p.code, p.name, bal.balance, COALESCE(b0, 0), COALESCE(b30, 0), COALESCE(b60, 0),
  COALESCE(b90, 0), COALESCE(b91, 0), COALESCE(unapplied, 0), COALESCE(worst, 0)
FROM bal JOIN party p ON p.id = bal.party_id LEFT JOIN per ON per.party_id = bal.party_id
ORDER BY p.code
"""
)


def ours(session: Any, as_of: date) -> list[tuple[Any, ...]]:
    out = []
    for a in receivables.aging(session, "AR", as_of):
        fen = [int(v * 100) for v in a.buckets.values()]
        out.append(
            (
                a.party.code,
                a.party.name,
                int(a.balance * 100),
                *fen,
                int(a.unapplied * 100),
                a.max_overdue_days,
            )
        )
    return out


def bare(session: Any, as_of: date) -> list[tuple[Any, ...]]:
    rows = session.execute(BARE, {"account": "AR", "as_of": as_of.isoformat()}).all()
    return [tuple(r) for r in rows]


def measure(ledger: Ledger, repeats: int) -> None:
    with ledger.read() as session:
        last = session.execute(text("SELECT max(entry_date) FROM party_entry")).scalar()
        as_of = date.fromisoformat(last) - timedelta(days=30) if last else date.today()
        lines = session.execute(text("SELECT count(*) FROM document_line")).scalar()
        a, b = ours(session, as_of), bare(session, as_of)
        same = a == b
        print(f"document lines {lines:,}; as of {as_of}; parties in the report {len(a):,}")
        print(f"figures equal row by row: {same}")
        if not same:
            for x, y in zip(a, b, strict=False):
                if x != y:
                    print("  ours", x, "\n  bare", y)
                    break
            print(f"  rows: ours {len(a)}, bare {len(b)}")
        total = sum(Decimal(r[2]) for r in a) / 100
        print(f"total receivable {total:,.2f}")
        times: dict[str, list[float]] = {"ours": [], "bare": []}
        for _ in range(repeats):
            for name, fn in (("ours", ours), ("bare", bare)):
                session.expunge_all()
                started = time.perf_counter()
                fn(session, as_of)
                times[name].append(time.perf_counter() - started)
        for name, label in (("ours", "receivables.aging"), ("bare", "hand-written SQL ")):
            t = times[name]
            print(
                f"{label}  median {statistics.median(t) * 1000:9.1f} ms  "
                f"best {min(t) * 1000:9.1f} ms"
            )
        ratio = statistics.median(times["ours"]) / statistics.median(times["bare"])
        print(f"ratio (medians) {ratio:.2f}  (goal <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    path = args.ledger or (CACHED if CACHED.exists() else None)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHANGFANG_HOME"] = tmp
        if path is None:
            from desktop.services.demo import generate_demo

            path = Path(tmp) / "demo.zhangfang"
            ledger = Ledger.open(path, create=True, actor="bench")
            generate_demo(
                ledger, customers=args.customers, products=args.products, months=args.months
            )
        else:
            ledger = Ledger.open(path, actor="bench")
        print(f"ledger {path}")
        try:
            measure(ledger, args.repeats)
        finally:
            ledger.close()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
