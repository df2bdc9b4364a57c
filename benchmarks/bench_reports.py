"""Benchmark: each report of ``desktop.reports`` and the whole KPI set against hand-written
SQL computing the same figures, in the same run, through the same connection.

Run: ``.venv/bin/python benchmarks/bench_reports.py --ledger demo.zhangfang [--from D --to D]``
(``benchmarks/bench_demo.py --keep demo.zhangfang`` or ``zhangfang demo`` makes one). The
period defaults to the last three months of the ledger; as-of reports read its last day.
Each side runs ``--repeats`` times, in turn; the best times are compared. Goal: ratio <= 1.5 and
each report under 1 s.

The baselines are the plain full read: the open amounts of every document with an entry up to
the day. The reports as of a day skip what was settled by then (``Document.settled_on``), so
for aging, payables aging, cash and the KPI set a second baseline, "SQL marked", is the same
hand-written SQL reading only the documents not settled by the day (the ratio beside it is
the fairer one).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from desktop.reports import ReportParams, run  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402
from desktop.services.open_amounts import open_amount_sql  # noqa: E402

DONE = "('posted', 'reversed', 'closed')"


def flow_sql(bill: str, ret: str, key: str) -> str:
    return (
        f"SELECT {key}, SUM(CASE WHEN d.kind = '{bill}' THEN l.total_amount ELSE 0 END),"
        f" SUM(CASE WHEN d.kind = '{bill}' THEN 0 ELSE l.total_amount END),"
        f" SUM(CASE WHEN d.kind = '{bill}' THEN l.net_amount ELSE -l.net_amount END),"
        f" SUM(CASE WHEN d.kind = '{bill}' THEN 1 ELSE -1 END * l.qty * l.unit_factor)"
        " FROM document d JOIN document_line l ON l.document_id = d.id"
        " JOIN product pr ON pr.id = l.product_id LEFT JOIN party pa ON pa.id = d.party_id"
        f" WHERE d.kind IN ('{bill}', '{ret}') AND d.status IN {DONE}"
        f" AND d.doc_date BETWEEN :a AND :b GROUP BY 1"
    )


COST_SQL = (
    "SELECT m.product_id, SUM(-(m.qty * m.unit_cost + 500000) / 1000000) FROM stock_move m"
    " JOIN document d ON d.id = m.document_id"
    " WHERE d.kind IN ('delivery', 'sales_bill', 'sales_return')"
    " AND m.move_date BETWEEN :a AND :b GROUP BY 1"
)
OPEN_SQL = (
    f"SELECT e.party_id, e.account, e.due, {open_amount_sql('d', ':b')} FROM"
    " (SELECT document_id, party_id, account, MAX(due_date) AS due FROM party_entry"
    " WHERE entry_date <= :b GROUP BY document_id, party_id, account) e"
    " JOIN document d ON d.id = e.document_id"
)
#: OPEN_SQL over the documents not settled by the day only, as one would write it by hand
OPEN_SQL_MARKED = (
    f"SELECT e.party_id, e.account, MAX(e.due_date), {open_amount_sql('d', ':b')}"
    " FROM document d CROSS JOIN party_entry e ON e.document_id = d.id"
    " WHERE (d.settled_on IS NULL OR d.settled_on > :b) AND e.entry_date <= :b"
    " GROUP BY d.id, e.party_id, e.account"
)
#: bill lines and the average cost of the goods behind each (its own moves, else its order
#: line's deliveries), as one would write it by hand
BELOW_COST_SQL = (
    "SELECT l.id, l.net_amount, l.qty * l.unit_factor,"
    " COALESCE((SELECT SUM(m.qty * m.unit_cost) * 1.0 / SUM(m.qty) FROM stock_move m"
    " WHERE m.line_id = l.id), (SELECT SUM(m.qty * m.unit_cost) * 1.0 / SUM(m.qty)"
    " FROM stock_move m JOIN document_line dl ON dl.id = m.line_id"
    " WHERE dl.source_line_id = l.source_line_id)) AS c"
    " FROM document d JOIN document_line l ON l.document_id = d.id"
    " WHERE d.kind = 'sales_bill' AND d.status IN ('posted', 'closed') AND d.reverses_id IS NULL"
    " AND d.doc_date BETWEEN :a AND :b"
)
BASELINES: dict[str, list[str]] = {
    "aging": [OPEN_SQL],
    "payables-aging": [OPEN_SQL],
    "sales": [flow_sql("sales_bill", "sales_return", "d.party_id")] * 2,
    "margin": [flow_sql("sales_bill", "sales_return", "l.product_id"), COST_SQL, BELOW_COST_SQL],
    "stock": [
        "SELECT p.code, s.qty, s.value, s.avg_cost FROM product p"
        " LEFT JOIN stock_balance s ON s.product_id = p.id WHERE NOT p.archived",
        COST_SQL,
    ],
    "slow-movers": [
        "SELECT p.code, s.qty, s.value FROM product p"
        " LEFT JOIN stock_balance s ON s.product_id = p.id WHERE NOT p.archived",
        "SELECT m.product_id, MAX(m.move_date) FROM stock_move m JOIN document d"
        " ON d.id = m.document_id WHERE d.kind IN ('delivery', 'sales_bill', 'sales_return')"
        " AND m.qty < 0 AND m.move_date <= :b GROUP BY 1",
    ],
    "purchases": [flow_sql("supplier_bill", "purchase_return", "d.party_id")] * 2,
    "suppliers": [
        flow_sql("supplier_bill", "purchase_return", "d.party_id"),
        "SELECT r.party_id, COUNT(*), SUM(r.doc_date <= o.due_date) FROM document r"
        " LEFT JOIN document o ON o.id = r.source_id WHERE r.kind = 'goods_receipt'"
        " AND r.status = 'posted' AND r.doc_date BETWEEN :a AND :b GROUP BY 1",
        flow_sql("supplier_bill", "purchase_return", "d.party_id || l.product_id"),
        flow_sql("supplier_bill", "purchase_return", "d.party_id || l.product_id"),
    ],
    "cash": [OPEN_SQL],
    "kpi": [
        flow_sql("sales_bill", "sales_return", "''"),
        COST_SQL,
        "SELECT party_id, COUNT(*) FROM document WHERE kind = 'sales_bill'"
        " AND status IN ('posted', 'closed') AND reverses_id IS NULL"
        " AND doc_date BETWEEN :a AND :b GROUP BY 1",
        "SELECT party_id, SUM(amount) FROM party_entry WHERE account = 'AR'"
        " AND entry_date <= :b GROUP BY 1",
        OPEN_SQL,
    ]
    * 2,
}
#: the baselines of the reports that read open amounts, over the unsettled documents only
MARKED: dict[str, list[str]] = {
    name: [OPEN_SQL_MARKED if sql == OPEN_SQL else sql for sql in sqls]
    for name, sqls in BASELINES.items()
    if OPEN_SQL in sqls
}
AS_OF = {"aging", "payables-aging", "cash"}
#: read as of today, from the stored positions (a past day replays every move up to it)
TODAY = {"stock", "slow-movers"}


def interleaved(sides: list[Callable[[], Any]], repeats: int) -> list[float]:
    """Best times of each side, run in turn (ours, base, ours, base...) so a change of load
    on a shared machine falls on all."""
    times: list[list[float]] = [[] for _ in sides]
    for _ in range(repeats):
        for fn, spent in zip(sides, times, strict=True):
            started = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - started)
    return [min(spent) for spent in times]


def bare(session: Session, sqls: list[str], a: date, b: date) -> None:
    for sql in sqls:
        session.execute(text(sql), {"a": a.isoformat(), "b": b.isoformat()}).all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, required=True)
    parser.add_argument("--from", dest="date_from", type=date.fromisoformat)
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--only", nargs="*", help="report names, by spaces or commas (default: all)"
    )
    args = parser.parse_args()
    ledger = Ledger.open(args.ledger, actor="bench")
    try:
        with ledger.read() as session:
            last = session.execute(text("SELECT MAX(doc_date) FROM document")).scalar()
            lines = session.execute(text("SELECT COUNT(*) FROM document_line")).scalar()
            end = args.date_to or date.fromisoformat(last)
            start = args.date_from or (end.replace(day=1) - timedelta(days=62)).replace(day=1)
            print(f"document lines {lines:,}; period {start} to {end}; best of {args.repeats}"
                  f" (interleaved); load average {os.getloadavg()[0]:.1f}")  # fmt: skip
            print(f"{'report':15} {'ours ms':>9} {'SQL ms':>9} {'ratio':>6}  rows"
                  f"  {'SQL marked ms':>13} {'ratio':>6}")  # fmt: skip
            only = [n for given in args.only or () for n in given.split(",") if n]
            for name in only or list(BASELINES):
                if name in TODAY:
                    params = ReportParams(date_from=start)
                elif name in AS_OF:
                    params = ReportParams(as_of=end)
                else:
                    params = ReportParams(date_from=start, date_to=end)
                found: list[Any] = []

                def ours(
                    name: str = name, params: ReportParams = params, found: list[Any] = found
                ) -> None:
                    session.expunge_all()
                    found[:] = [run(session, name, params)]

                sides = [ours, lambda n=name: bare(session, BASELINES[n], start, end)]
                if name in MARKED:
                    sides.append(lambda n=name: bare(session, MARKED[n], start, end))
                mine, base, *marked = interleaved(sides, args.repeats)
                extra = "".join(f"  {m * 1000:13.1f} {mine / m:6.2f}" for m in marked)
                print(
                    f"{name:15} {mine * 1000:9.1f} {base * 1000:9.1f} {mine / base:6.2f}"
                    f"  {len(found[0].rows):<5}{extra}",
                    flush=True,
                )
    finally:
        ledger.close()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
