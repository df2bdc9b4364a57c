"""The demo ledger: a realistic, deterministic business history for an empty ledger.

``generate_demo`` creates the firm, customers, suppliers and products, then
simulates months of trade (see :mod:`desktop.services.demo_sim`) and writes the
rows with SQLAlchemy Core ``executemany`` in one transaction. Going through the
ORM services per document would take hours for a million lines; the simulation
applies the same pure rules instead, and ``checks.run_checks`` holds it to them.

The outbox holds one intent per simulated action, exactly as the services record
it (see :mod:`desktop.services.demo_sim`), so the demo's outbox applied again
through the services to an empty ledger makes the same books: the tests prove
it, which holds the simulation to the services' rules. (A demo ledger is sample
data: the audit entry below says so, for sync to refuse pushing it anywhere.)
Why one audit entry: the audit log records what people did; the demo records
that it was generated (with its counts) rather than millions of invented acts.

Cancelling rolls the whole transaction back, so the ledger stays empty.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, func, select

from desktop.errors import DomainError, ValidationError
from desktop.gc_pauses import no_gc_pauses
from desktop.models import Account, Document, Firm, Party, Product
from desktop.services import validate as v
from desktop.services.demo_catalog import Master, master_data, write_rows
from desktop.services.demo_market import publish_some
from desktop.services.demo_rows import Ids, RowSink
from desktop.services.demo_trade import Simulation
from desktop.services.ledger import Ledger
from desktop.services.posting import settle_allocated
from desktop.services.unbilled import mark_billed_orders

Q2 = Decimal("0.01")
FLUSH_ROWS = 200_000
#: the largest demo ledger: a big wholesaler's size (the benchmarks use 100,000 customers),
#: a few minutes to generate; beyond it the demo only fills the disk
MAX_CUSTOMERS = 200_000
MAX_PRODUCTS = 1_000_000
MAX_MONTHS = 120
#: page cache for the bulk write (KiB); the default 2 MB would thrash on big demos
BULK_CACHE_KIB = 1_000_000


class DemoCancelled(DomainError):
    """The user cancelled the demo; nothing was written."""


@dataclass(frozen=True)
class DemoSummary:
    """What the demo wrote, and how long generating and writing took."""

    firm: str
    start: date
    end: date
    rows: dict[str, int]
    documents: dict[str, int]
    lines: int
    seconds: float
    write_seconds: float
    features: dict[str, int] = field(default_factory=dict)

    @property
    def generate_seconds(self) -> float:
        return self.seconds - self.write_seconds


def check_size(customers: int, products: int, months: int, end: date | None = None) -> date:
    """Refuse a demo too small, too big or outside the ledger's dates (before anything is
    touched); the first day of its history (``end`` is today unless given)."""
    end = end or date.today()
    if customers < 1 or products < 1 or months < 1:
        raise ValidationError(
            "demo_size",
            "客户、商品和月数都至少为 1。",
            "Customers, products and months must each be at least 1.",
        )
    for count, most, zh, en in (
        (customers, MAX_CUSTOMERS, "客户", "customers"),
        (products, MAX_PRODUCTS, "商品", "products"),
        (months, MAX_MONTHS, "月数", "months"),
    ):
        if count > most:
            raise ValidationError(
                "demo_size",
                f"演示账本的{zh}最多 {most:,}（要求的是 {count:,}）。",
                f"A demo ledger has at most {most:,} {en} ({count:,} asked for).",
            )
    v.date_value(end, "演示账本的结束日期", "The demo's last day")
    first = end.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    v.date_value(first, "演示账本的开始日期", "The demo's first day")
    return first


def generate_demo(
    ledger: Ledger,
    *,
    customers: int = 60,
    products: int = 300,
    months: int = 12,
    seed: int = 1,
    end: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> DemoSummary:
    """Fill an empty ledger with ``months`` of trade ending on ``end`` (today unless given:
    the dashboard's today and this month then show trade); same seed and end, same ledger."""
    end = end or date.today()
    first = check_size(customers, products, months, end)
    started = time.perf_counter()
    steps = months + 2
    rng = random.Random(f"zhangfang-demo-{seed}")
    ids = Ids(seed)
    sink = RowSink()
    # Millions of live row dicts make every cyclic-GC pass scan them all again: a
    # 3x slowdown at full size. The simulation's objects are freed by reference
    # counting (they form no garbage cycles), so the collector pauses meanwhile.
    with no_gc_pauses():
        return _generate(
            ledger,
            rng,
            ids,
            sink,
            seed,
            customers,
            products,
            months,
            first,
            end,
            steps,
            started,
            progress,
            cancel,
        )


def _generate(
    ledger: Ledger,
    rng: random.Random,
    ids: Ids,
    sink: RowSink,
    seed: int,
    customers: int,
    products: int,
    months: int,
    first: date,
    end: date,
    steps: int,
    started: float,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> DemoSummary:
    """One transaction: refuse a non-empty ledger, then simulate with a large page cache."""
    with ledger.unit() as uow:
        uow.touch_all()  # a whole ledger written around the session: every screen reloads
        session = uow.session
        for model in (Firm, Party, Product, Document):
            if session.scalar(select(func.count()).select_from(model)):
                raise ValidationError(
                    "ledger_not_empty",
                    "示例账本只能建在空账本里。",
                    "The demo can only fill an empty ledger.",
                )
        conn = session.connection()
        # SQLite's default 2 MB page cache thrashes once the random-key indexes (product,
        # party) outgrow it; a large cache for this one bulk transaction, then back.
        previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            return _simulate(
                ledger,
                conn,
                rng,
                ids,
                sink,
                seed,
                customers,
                products,
                months,
                first,
                end,
                steps,
                started,
                progress,
                cancel,
            )
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or -2000)}")


def _simulate(
    ledger: Ledger,
    conn: Connection,
    rng: random.Random,
    ids: Ids,
    sink: RowSink,
    seed: int,
    customers: int,
    products: int,
    months: int,
    first: date,
    end: date,
    steps: int,
    started: float,
    progress: Callable[[int, int], None] | None,
    cancel: Callable[[], bool] | None,
) -> DemoSummary:
    """Master data, then the days one by one, flushing a month at a time."""
    firm = master_data(conn, rng, ids, sink, customers, products, first, ledger.actor)
    sim = Simulation(
        rng,
        ids,
        sink,
        firm.customers,
        firm.suppliers,
        firm.products,
        firm.weights,
        first,
        end,
        ledger.actor,
        ledger.desk,
    )
    if progress:
        progress(1, steps)
    done = 1
    day = first
    while day <= end:
        sim.run_day(day)
        if cancel and cancel():
            raise DemoCancelled("cancelled", "已取消生成示例账本。", "Demo cancelled.")
        month_end = (day + timedelta(days=1)).month != day.month or day == end
        if month_end or sink.pending() > FLUSH_ROWS:
            sink.flush(conn)
        if month_end:
            done += 1
            if progress:
                progress(done, steps)
        day += timedelta(days=1)
    publish_some(conn, sim, ids, sink, end)
    rows = _finish(conn, sim, sink, firm, ledger, seed, customers, products, months)
    if progress:
        progress(steps, steps)
    kinds = {str(k): v for k, v in sorted(sink.kinds.items())}
    return DemoSummary(
        firm.name,
        first,
        end,
        rows,
        kinds,
        sink.counts["document_line"],
        time.perf_counter() - started,
        sink.write_seconds,
        {str(k): v for k, v in sorted(sim.seen.items())},
    )


def _finish(
    conn: Connection,
    sim: Simulation,
    sink: RowSink,
    firm: Master,
    ledger: Ledger,
    seed: int,
    customers: int,
    products: int,
    months: int,
) -> dict[str, int]:
    """Balance caches equal to the sums, number series advanced, documents marked settled
    as the posting rules mark them, one summary audit entry."""
    sink.flush(conn)
    settle_allocated(conn)
    mark_billed_orders(conn)
    write_rows(
        conn,
        sink,
        "stock_balance",
        [
            {"product_id": p.id, "qty": p.qty, "value": p.value, "avg_cost": p.avg_cost}
            for p in sim.products
            if p.moved
        ],
    )
    write_rows(
        conn,
        sink,
        "party_balance",
        [
            {
                "party_id": p.id,
                "account": Account.AR if p.customer else Account.AP,
                "balance": p.balance,
            }
            for p in (*sim.customers, *sim.suppliers)
            if p.has_balance
        ],
    )
    write_rows(
        conn,
        sink,
        "number_series",
        [
            {"prefix": prefix, "desk": ledger.desk, "period": period, "last": last}
            for (prefix, period), last in sim.series.items()
        ],
    )
    rows = {k: v for k, v in sink.counts.items() if v and k != "document_update"}
    write_rows(
        conn,
        sink,
        "audit_log",
        [
            {
                "at": datetime.now(UTC).replace(tzinfo=None),
                "actor": ledger.actor,
                "desk": ledger.desk,
                "entity": "ledger",
                "entity_id": str(firm.id),
                "action": "demo",
                "before": None,
                "after": {
                    "seed": seed,
                    "customers": customers,
                    "products": products,
                    "months": months,
                    "rows": rows,
                    "documents": {str(k): v for k, v in sorted(sink.kinds.items())},
                },
            }
        ],
    )
    return {k: v for k, v in sink.counts.items() if v}
