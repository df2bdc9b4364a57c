"""Benchmark: the sales flow as the window drives it, and its purchase mirror, vs a bare
SQLAlchemy Core write of the same rows; on a fresh ledger and on a customer with a long
history (issue 18: flat costs).

Run: ``PYTHONPATH=. .venv/bin/python benchmarks/bench_flow.py [--n 300] [--history 10000]``.

One sales order of five lines is saved, confirmed (the credit check), delivered (all that
is left) and billed: four units of work, as the editor's buttons run them
(``documents.create_draft``, ``credit.confirm_order``, ``trade.fulfil``,
``trade.bill_order``; see ``tests/history.py``). The purchase mirror: order → confirm →
receipt → supplier bill. Baseline, interleaved block by block: the same rows (3 documents,
15 lines, 5 stock moves, 1 entry: the rows the services wrote for the first order, with
fresh ids and numbers) written with Core inserts and the status/balance updates, one
transaction per step, four per order. Per block of ``--block`` orders: orders/s, CPU ms per
order (flatness: the same in every block, and on the long history), SQL statements per
order; then medians over the blocks and the ratio to the bare write.

The ledger with history (one customer with ``--history`` orders, all delivered and billed,
all but the last 20 bills paid) is written with Core inserts from one order driven through
the services and cached in ``$TMPDIR/zhangfang-bench-flow``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select, update  # noqa: E402

from desktop.codes import DocKind, DocStatus  # noqa: E402
from desktop.ids import new_id  # noqa: E402
from desktop.models import (  # noqa: E402
    Document,
    DocumentLine,
    Party,
    PartyBalance,
    PartyEntry,
    StockBalance,
    StockMove,
)
from desktop.services.firm import create_firm  # noqa: E402
from desktop.services.ledger import Ledger  # noqa: E402
from tests.helpers import customer, supplier  # noqa: E402
from tests.history import (  # noqa: E402
    add_history,
    purchase_flow,
    renamer,
    sales_flow,
    sales_template,
    setup_products,
)

CACHE = Path(tempfile.gettempdir()) / "zhangfang-bench-flow"
CUSTOMER, SUPPLIER = "历史客户五金店", "基准供应商"


def say(text: str) -> None:
    print(text, flush=True)


def build(path: Path, history: int) -> None:
    """A ledger with the firm, five products, a customer (``history`` earlier orders) and
    a supplier."""
    ledger = Ledger.open(path, create=True, actor="bench")
    try:
        with ledger.unit() as uow:
            create_firm(uow, "基准测试商贸有限公司")
        setup_products(ledger)
        who = customer(ledger, CUSTOMER, credit_limit="100000000", terms_days=30)
        supplier(ledger, SUPPLIER, terms_days=30)
        template = sales_template(ledger, who)
        if history > 1:
            add_history(ledger, template, history - 1)
    finally:
        ledger.close()


def ledger_with(history: int, work: Path) -> Path:
    """A fresh copy of the cached ledger whose customer has ``history`` orders."""
    cached = CACHE / f"flow-{history}.zhangfang"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        part = cached.with_suffix(".part")
        for leftover in CACHE.glob(part.name + "*"):
            leftover.unlink()
        started = time.perf_counter()
        build(part, history)
        part.rename(cached)
        say(f"built {cached.name} in {time.perf_counter() - started:.1f} s (cached)")
    target = work / f"flow-{history}.zhangfang"
    shutil.copyfile(cached, target)
    return target


# --- the bare write ---------------------------------------------------------------------------


def rows_of(ledger: Ledger, order_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """The rows the services wrote for one order and the documents made from it."""
    with ledger.read() as s:
        docs = [
            dict(r)
            for r in s.execute(
                select(Document.__table__).where(
                    (Document.id == order_id) | (Document.source_id == order_id)
                )
            ).mappings()
        ]
        ids = [d["id"] for d in docs]
        out = {"document": docs}
        for name, table in (
            ("document_line", DocumentLine.__table__),
            ("stock_move", StockMove.__table__),
            ("party_entry", PartyEntry.__table__),
        ):
            out[name] = [
                dict(r)
                for r in s.execute(select(table).where(table.c.document_id.in_(ids))).mappings()
            ]
    return out


def bare_flow(ledger: Ledger, rows: dict[str, list[dict[str, Any]]], n: int) -> None:
    """The same rows, fresh ids and numbers, four transactions as the four steps."""
    fresh = renamer()
    order = next(d for d in rows["document"] if d["source_id"] is None)
    children = sorted(
        (d for d in rows["document"] if d["source_id"] is not None),
        key=lambda d: 0 if d["kind"] in (DocKind.DELIVERY, DocKind.GOODS_RECEIPT) else 1,
    )

    def copied(table: str, doc: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for old in rows[table]:
            if old["document_id"] != doc["id"]:
                continue
            row = dict(old, id=fresh(old["id"]) if table == "document_line" else new_id())
            row["document_id"] = fresh(old["document_id"])
            for key in ("source_line_id", "line_id"):
                if key in row:
                    row[key] = fresh(row[key])
            out.append(row)
        return out

    def new_doc(doc: dict[str, Any], status: str) -> dict[str, Any]:
        return dict(
            doc,
            id=fresh(doc["id"]),
            number=f"B{n:06d}-{doc['number']}",
            source_id=fresh(doc["source_id"]),
            status=status,
        )

    engine = ledger.engine
    with engine.begin() as conn:  # save
        conn.execute(insert(Document), [new_doc(order, DocStatus.DRAFT)])
        conn.execute(insert(DocumentLine), copied("document_line", order))
    with engine.begin() as conn:  # confirm
        conn.execute(
            update(Document)
            .where(Document.id == fresh(order["id"]))
            .values(status=DocStatus.CONFIRMED)
        )
    for child in children:  # deliver, bill
        with engine.begin() as conn:
            conn.execute(insert(Document), [new_doc(child, child["status"])])
            conn.execute(insert(DocumentLine), copied("document_line", child))
            moves = copied("stock_move", child)
            if moves:
                conn.execute(insert(StockMove), moves)
                for move in moves:
                    conn.execute(
                        update(StockBalance)
                        .where(StockBalance.product_id == move["product_id"])
                        .values(qty=StockBalance.qty + move["qty"])
                    )
            for entry in copied("party_entry", child):
                conn.execute(insert(PartyEntry), [entry])
                conn.execute(
                    update(PartyBalance)
                    .where(
                        PartyBalance.party_id == entry["party_id"],
                        PartyBalance.account == entry["account"],
                    )
                    .values(balance=PartyBalance.balance + entry["amount"])
                )
            if child["kind"] in (DocKind.DELIVERY, DocKind.GOODS_RECEIPT):
                conn.execute(
                    update(Document)
                    .where(Document.id == fresh(order["id"]))
                    .values(status=DocStatus.FULFILLED)
                )


# --- measuring --------------------------------------------------------------------------------


class Counter:
    """SQL statements sent to SQLite through the ledger's engine."""

    def __init__(self, ledger: Ledger) -> None:
        self.count = 0
        event.listen(ledger.engine, "before_cursor_execute", self._on)

    def _on(self, *_args: Any) -> None:
        self.count += 1


def timed(
    fn: Callable[[int], Any], n: int, counter: Counter, start: int
) -> tuple[float, float, float]:
    """(wall s, CPU s, statements) per call of ``fn`` over ``n`` calls."""
    before = counter.count
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        fn(start + i)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall / n, cpu / n, (counter.count - before) / n


def measure(path: Path, label: str, n: int, block: int) -> dict[str, Any]:
    ledger = Ledger.open(path, actor="bench")
    counter = Counter(ledger)
    with ledger.read() as s:
        who = s.scalar(select(Party.id).where(Party.name == CUSTOMER))
        seller = s.scalar(select(Party.id).where(Party.name == SUPPLIER))
        history = s.scalar(
            select(Document.id)
            .where(Document.party_id == who, Document.kind == DocKind.SALES_ORDER)
            .order_by(Document.id.desc())
            .limit(1)
        )
    assert who and seller and history
    sales_rows = rows_of(ledger, history)
    first_po = purchase_flow(ledger, seller)
    purchase_rows = rows_of(ledger, first_po)
    results: dict[str, list[tuple[float, float, float]]] = {
        "sales": [],
        "sales bare": [],
        "purchase": [],
        "purchase bare": [],
    }
    say(f"\n== {label}: {n} orders in blocks of {block}, interleaved with the bare write ==")
    say(f"{'block':>5} {'flow':<14} {'orders/s':>9} {'CPU ms/order':>13} {'stmts/order':>12}")
    done = 0
    b = 0
    while done < n:
        size = min(block, n - done)
        for name, fn in (
            ("sales", lambda i: sales_flow(ledger, who)),
            ("sales bare", lambda i: bare_flow(ledger, sales_rows, i)),
            ("purchase", lambda i: purchase_flow(ledger, seller)),
            ("purchase bare", lambda i: bare_flow(ledger, purchase_rows, i + 500_000)),
        ):
            wall, cpu, stmts = timed(fn, size, counter, done)
            results[name].append((wall, cpu, stmts))
            say(f"{b + 1:>5} {name:<14} {1 / wall:>9.1f} {cpu * 1000:>13.1f} {stmts:>12.1f}")
        done += size
        b += 1
    ledger.close()
    summary: dict[str, Any] = {}
    for name, runs in results.items():
        summary[name] = (
            statistics.median(r[0] for r in runs),
            statistics.median(r[1] for r in runs),
            statistics.median(r[2] for r in runs),
            [r[1] for r in runs],
        )
    say(f"-- {label}: medians over {b} blocks")
    for flow in ("sales", "purchase"):
        ours, bare = summary[flow], summary[f"{flow} bare"]
        say(
            f"{flow:<9} {1 / ours[0]:6.1f} orders/s ({ours[2]:.0f} statements/order; "
            f"CPU ms/order by block {' → '.join(f'{c * 1000:.0f}' for c in ours[3])}); "
            f"bare {1 / bare[0]:6.1f} orders/s ({bare[2]:.0f} statements, "
            f"CPU {bare[1] * 1000:.1f} ms); ratio {ours[0] / bare[0]:.1f}x wall, "
            f"{ours[1] / bare[1]:.1f}x CPU (goal >= 40 orders/s, <= 8x)"
        )
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="orders per ledger")
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--history", type=int, default=10_000)
    args = parser.parse_args()
    say(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHANGFANG_HOME"] = tmp
        work = Path(tmp)
        fresh = measure(ledger_with(1, work), "fresh ledger", args.n, args.block)
        long = measure(
            ledger_with(args.history, work),
            f"customer with {args.history:,} orders",
            args.n,
            args.block,
        )
    say("\n== flatness: sales CPU ms per order, fresh vs long history (medians) ==")
    say(
        f"fresh {fresh['sales'][1] * 1000:.1f} ms, after {args.history:,} orders "
        f"{long['sales'][1] * 1000:.1f} ms ({long['sales'][1] / fresh['sales'][1]:.2f}x); "
        f"statements {fresh['sales'][2]:.0f} vs {long['sales'][2]:.0f}"
    )
    say(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
