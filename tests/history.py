"""A customer with a long history, written fast: one order driven through the services as
the window drives it (save → confirm → deliver → bill, then a receipt paying the bill),
its rows read back and copied N times with Core inserts (fresh ids and numbers, dates
spread back in time). Shared by the flat-cost tests and ``benchmarks/bench_flow.py``.
"""

from __future__ import annotations

import uuid
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from desktop.codes import DocKind
from desktop.ids import new_id
from desktop.models import (
    Allocation,
    Document,
    DocumentLine,
    PartyBalance,
    PartyEntry,
    Product,
    StockBalance,
    StockMove,
)
from desktop.services import credit, documents, payments, trade
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger

RATE = Decimal("0.13")
#: five lines, as a trader's typical order (product code, quantity, unit, price)
LINES = [
    ("FLAT-1", 10, "箱", "25.50"),
    ("FLAT-2", 3, None, "118"),
    ("FLAT-3", 48, None, "0.85"),
    ("FLAT-4", 2, "箱", "260"),
    ("FLAT-5", 7, None, "12.30"),
]


def setup_products(ledger: Ledger) -> None:
    """The five products of :data:`LINES` (the first and fourth sold by the box of 24)."""
    from desktop.services import products

    with ledger.unit() as uow:
        for code, _qty, unit, price in LINES:
            products.create_product(
                uow,
                code=code,
                name=f"测试商品 {code}",
                base_unit="个",
                retail_price=price,
                units=[{"unit": "箱", "factor": 24}] if unit else [],
            )


_IDS: weakref.WeakKeyDictionary[Ledger, dict[str, uuid.UUID]] = weakref.WeakKeyDictionary()


def order_lines(ledger: Ledger) -> list[LineInput]:
    """The lines as the editor hands them over (``editing.lines.line_inputs``): product
    ids, unit, price, discount and tax rates."""
    ids = _IDS.get(ledger)
    if ids is None:
        with ledger.read() as s:
            ids = {code: ident for code, ident in s.execute(select(Product.code, Product.id))}
        _IDS[ledger] = ids
    return [
        LineInput(ids[code], Decimal(qty), unit or "个", Decimal(price), Decimal(0), RATE)
        for code, qty, unit, price in LINES
    ]


def sales_flow(ledger: Ledger, customer: uuid.UUID, on: date | None = None) -> uuid.UUID:
    """One sales order as the window makes it: four units of work, as the editor's
    save, confirm, deliver (all that is left) and bill buttons run them."""
    return _flow(ledger, DocKind.SALES_ORDER, customer, on)


def purchase_flow(ledger: Ledger, supplier: uuid.UUID, on: date | None = None) -> uuid.UUID:
    """The purchase mirror: order → confirm → receive → supplier bill."""
    return _flow(ledger, DocKind.PURCHASE_ORDER, supplier, on)


def _flow(ledger: Ledger, kind: str, party: uuid.UUID, on: date | None) -> uuid.UUID:
    with ledger.unit() as uow:
        order_id = documents.create_draft(
            uow, kind, party, order_lines(ledger), on, ship_to="", notes=""
        ).id
    with ledger.unit() as uow:
        credit.confirm_order(uow, order_id, override_reason="", owner_password=None)
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, None, on)
    with ledger.unit() as uow:
        trade.bill_order(uow, order_id, doc_date=on)
    return order_id


def renamer() -> Any:
    """A function giving each old id one fresh id (None stays None)."""
    ids: dict[uuid.UUID, uuid.UUID] = {}

    def fresh(old: uuid.UUID | None) -> uuid.UUID | None:
        if old is None:
            return None
        if old not in ids:
            ids[old] = new_id()
        return ids[old]

    return fresh


TABLES = {
    "document": Document.__table__,
    "document_line": DocumentLine.__table__,
    "stock_move": StockMove.__table__,
    "party_entry": PartyEntry.__table__,
    "allocation": Allocation.__table__,
}


@dataclass
class Template:
    """The rows one sales order and its receipt wrote, table by table."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def sales_template(ledger: Ledger, customer: uuid.UUID) -> Template:
    """Drive one order (and a receipt paying its bill) and read back every row it wrote."""
    order_id = sales_flow(ledger, customer)
    with ledger.read() as s:
        bill = s.scalar(
            select(Document).where(
                Document.source_id == order_id, Document.kind == DocKind.SALES_BILL
            )
        )
        assert bill is not None
        total = bill.total
    with ledger.unit() as uow:
        receipt_id = payments.record_payment(uow, customer, total).id
    with ledger.read() as s:
        made = s.scalars(select(Document.id).where(Document.source_id == order_id))
        docs = [order_id, receipt_id, *made]
        t = Template()
        for name, table in TABLES.items():
            key = {"document": "id", "allocation": "from_document_id"}.get(name, "document_id")
            column = table.c[key]
            t.rows[name] = [
                dict(r) for r in s.execute(select(table).where(column.in_(docs))).mappings()
            ]
    return t


def add_history(
    ledger: Ledger, template: Template, count: int, *, unpaid: int = 20, today: date | None = None
) -> None:
    """Copy the template ``count`` times, the oldest first (ten orders a day up to
    ``today``); all but the last ``unpaid`` bills are paid by their receipt. Balances
    (party and stock) move by what the copies add, as the posting module would move them."""
    today = today or date.today()
    table_rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    party_delta: dict[tuple[uuid.UUID, str], Decimal] = {}
    stock_delta: dict[uuid.UUID, tuple[Decimal, Decimal]] = {}
    bill_kind = DocKind.SALES_BILL
    batch = new_id().hex[-5:]  # numbers of another call's copies differ
    receipt = next(r for r in template.rows["document"] if r["kind"] == DocKind.RECEIPT)
    for i in range(count):
        on = today - timedelta(days=(count - 1 - i) // 10 + 1)
        paid = i < count - unpaid
        fresh = renamer()

        for doc in template.rows["document"]:
            if doc["id"] == receipt["id"] and not paid:
                continue
            row = dict(doc)
            shift = on - doc["doc_date"]
            row.update(
                id=fresh(doc["id"]),
                number=f"H{batch}{i:05d}-{doc['number']}",
                source_id=fresh(doc["source_id"]),
                doc_date=on,
                due_date=doc["due_date"] + shift if doc["due_date"] else None,
                external_ref=None,
            )
            if "settled_on" in doc:  # as the posting rules mark them: a bill once paid
                settled = doc["settled_on"] is not None and (doc["kind"] != bill_kind or paid)
                row["settled_on"] = on if settled else None
            table_rows["document"].append(row)
        for name in ("document_line", "stock_move", "party_entry", "allocation"):
            for old in template.rows[name]:
                doc_key = "from_document_id" if name == "allocation" else "document_id"
                if not paid and old[doc_key] == receipt["id"]:
                    continue
                row = dict(old)
                row["id"] = new_id()
                for key in ("document_id", "from_document_id", "to_document_id", "line_id"):
                    if key in row:
                        row[key] = fresh(row[key])
                if name == "document_line":
                    row["id"] = fresh(old["id"])
                    row["source_line_id"] = fresh(old["source_line_id"])
                if name == "party_entry":
                    row["entry_date"] = on
                    if old["due_date"] is not None:
                        row["due_date"] = on + (old["due_date"] - old["entry_date"])
                    key = (old["party_id"], old["account"])
                    party_delta[key] = party_delta.get(key, Decimal(0)) + old["amount"]
                if name == "stock_move":
                    row["move_date"] = on
                    qty, value = stock_delta.get(old["product_id"], (Decimal(0), Decimal(0)))
                    stock_delta[old["product_id"]] = (
                        qty + old["qty"],
                        value + old["qty"] * old["unit_cost"],
                    )
                if name == "allocation":
                    row["alloc_date"] = on
                table_rows[name].append(row)
    with ledger.read() as s:
        for name in ("document", "document_line", "stock_move", "party_entry", "allocation"):
            rows = table_rows[name]
            for start in range(0, len(rows), 20000):
                s.execute(insert(TABLES[name]), rows[start : start + 20000])
        for (party, account), amount in party_delta.items():
            s.execute(
                update(PartyBalance)
                .where(PartyBalance.party_id == party, PartyBalance.account == account)
                .values(balance=PartyBalance.balance + amount)
            )
        for product, (qty, value) in stock_delta.items():
            s.execute(
                update(StockBalance)
                .where(StockBalance.product_id == product)
                .values(qty=StockBalance.qty + qty, value=StockBalance.value + value)
            )
        s.commit()
