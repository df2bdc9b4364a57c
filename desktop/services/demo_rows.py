"""In-memory state and row buffers of the demo simulation.

The demo writes rows with Core ``executemany`` instead of the ORM services, so
this module holds what the services would otherwise keep in the database while
they work: stock positions, open bills, open orders, the number series; and
buffers the rows until the simulation flushes a month at a time — the intents
too, one outbox row per simulated action, as the services would record them.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update

from desktop.models import Base, OutboxState, Party
from desktop.services.serialize import json_text

ZERO = Decimal(0)
EPOCH = date(1970, 1, 1).toordinal()
#: the keys of the rows an intent made, as ``UnitOfWork.new_key`` notes them
Made = list[list[str]]
#: insert order within one flush: every foreign key points at a row already written
TABLES = (
    "document_line",
    "stock_move",
    "party_entry",
    "allocation",
    "fapiao",
    "fapiao_link",
    "credit_override",
)
#: the intents, as ``UnitOfWork.record_text`` writes them (the args already JSON text)
OUTBOX_SQL = "INSERT INTO outbox (id, at, actor, intent, args, state) VALUES (?, ?, ?, ?, ?, ?)"


class Ids:
    """Deterministic UUIDv7-shaped ids: simulated time in the high bits, seeded random below.

    Real UUIDv7 ids carry the wall clock, so two runs would differ; these carry
    the simulated business day instead, stay time-ordered (good for SQLite's
    B-trees) and repeat exactly for the same seed.
    """

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"zhangfang-demo-ids-{seed}")
        self._tick = 0
        self._side = 0

    def new(self, day: date) -> uuid.UUID:
        self._tick += 1
        ms = (day.toordinal() - EPOCH) * 86_400_000 + 30_600_000 + self._tick % 30_000_000
        r = self._rng.getrandbits(74)
        return uuid.UUID(
            int=(ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
        )

    def side(self) -> uuid.UUID:
        """An id for a row outside the books (an outbox entry), from a stream of its own so
        recording intents leaves the books' ids as they were."""
        self._side += 1
        return uuid.UUID(int=(self._side << 80) | (0x7 << 76) | (0b10 << 62) | self._side)

    def clock(self, day: date) -> datetime:
        """A time of day for ``created_at`` that is fixed by the sequence, not the wall clock."""
        return datetime(day.year, day.month, day.day, 8, 30) + timedelta(
            seconds=(self._tick * 37) % 36_000
        )


@dataclass(eq=False, slots=True)
class SimParty:
    id: uuid.UUID
    code: str
    index: int
    salesperson: str
    ship_to: str
    customer: bool
    #: a transient (never added) Party carrying the terms, so terms.due_date applies as is
    terms: Party
    limit: Decimal | None
    level: int
    behaviour: str  # "prompt", "installments" or "slow"
    activity: float
    fapiao_kind: str  # "" when the party takes no fapiao
    bill_each: bool  # bill every delivery rather than the whole order
    balance: Decimal = ZERO
    has_balance: bool = False
    bills: list[SimDoc] = field(default_factory=list)  # open debits, oldest first
    orders: list[SimDoc] = field(default_factory=list)  # orders counted by the credit check


@dataclass(eq=False, slots=True)
class SimProduct:
    id: uuid.UUID
    base_unit: str
    packs: tuple[tuple[str, Decimal], ...]
    tax: Decimal
    cost: Decimal
    retail: Decimal
    tiers: tuple[tuple[Decimal, Decimal], ...]  # (min base qty, price), ascending
    levels: dict[int, Decimal]
    supplier: SimParty
    line_base: float  # expected base quantity of one sales line
    weekly: float = 0.0  # expected base quantity sold per week
    qty: Decimal = ZERO
    value: Decimal = ZERO
    avg_cost: Decimal | None = None  # as services.costing keeps it
    moved: bool = False
    on_order: Decimal = ZERO  # purchased, not received
    demand: Decimal = ZERO  # sold on confirmed orders, not delivered


@dataclass(eq=False, slots=True)
class SimLine:
    id: uuid.UUID
    product: SimProduct
    unit: str
    factor: Decimal
    qty: Decimal
    price: Decimal
    disc: Decimal
    rate: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    source: SimLine | None
    done: Decimal = ZERO  # base qty fulfilled (order lines) or returned (bill lines)
    billed: Decimal = ZERO  # base qty billed (order lines)
    billed_amt: Decimal = ZERO  # Σ total_amount of bill lines made from this order line


@dataclass(eq=False, slots=True)
class SimDoc:
    row: dict[str, Any]
    party: SimParty
    day: date
    lines: list[SimLine]
    total: Decimal
    open: Decimal = ZERO  # bills: still owed
    written: bool = False
    moves: list[tuple[SimProduct, Decimal, Decimal]] = field(default_factory=list)
    invoiced: list[tuple[dict[str, Any], Decimal]] = field(default_factory=list)  # valid fapiao
    ret_net: Decimal = ZERO
    ret_tax: Decimal = ZERO

    @property
    def status(self) -> str:
        return str(self.row["status"])


class RowSink:
    """Rows waiting to be written, and status changes of documents already written."""

    def __init__(self) -> None:
        self.docs: list[SimDoc] = []
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.updates: list[dict[str, Any]] = []
        self.outbox: list[tuple[str, ...]] = []
        self.counts: dict[str, int] = {
            "document": 0,
            "document_update": 0,
            "outbox": 0,
            **{t: 0 for t in TABLES},
        }
        self.kinds: dict[str, int] = {}
        self.write_seconds = 0.0

    def pending(self) -> int:
        return len(self.docs) + len(self.outbox) + sum(len(r) for r in self.rows.values())

    def record(
        self, ids: Ids, day: date, actor: str, intent: str, args: dict[str, Any], made: Made
    ) -> None:
        """One intent, as ``UnitOfWork.record`` writes it: its arguments and the keys made."""
        self.outbox.append(
            (
                ids.side().hex,
                ids.clock(day).isoformat(sep=" "),
                actor,
                intent,
                json_text({**args, "made": made}),
                str(OutboxState.PENDING),
            )
        )

    def change(self, doc: SimDoc, at: datetime, **values: Any) -> None:
        """Change a document's status or notes; an UPDATE only if it is already on disk."""
        doc.row.update(values)
        doc.row["updated_at"] = at
        if doc.written:
            self.updates.append(
                {
                    "u_id": doc.row["id"],
                    "u_status": doc.row["status"],
                    "u_notes": doc.row["notes"],
                    "u_at": at,
                }
            )

    def flush(self, conn: Connection) -> None:
        """Write everything buffered, in foreign-key order, with Core executemany."""
        started = time.perf_counter()
        tables = Base.metadata.tables
        if self.docs:
            conn.execute(insert(tables["document"]), [d.row for d in self.docs])
            for doc in self.docs:
                doc.written = True
                kind = doc.row["kind"]
                self.kinds[kind] = self.kinds.get(kind, 0) + 1
            self.counts["document"] += len(self.docs)
            self.docs = []
        if self.updates:
            table = tables["document"]
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("u_id"))
                .values(
                    status=bindparam("u_status"),
                    notes=bindparam("u_notes"),
                    updated_at=bindparam("u_at"),
                ),
                self.updates,
            )
            self.counts["document_update"] += len(self.updates)
            self.updates = []
        for name in TABLES:
            rows = self.rows[name]
            if rows:
                conn.execute(insert(tables[name]), rows)
                self.counts[name] += len(rows)
                self.rows[name] = []
        if self.outbox:
            conn.exec_driver_sql(OUTBOX_SQL, self.outbox)
            self.counts["outbox"] += len(self.outbox)
            self.outbox = []
        self.write_seconds += time.perf_counter() - started
