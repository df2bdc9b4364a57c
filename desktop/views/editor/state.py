"""A saved document read into plain data for the editor (no ORM objects leave the read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.views.editor.catalog import Catalog, PartyInfo
from desktop.views.editor.lines import HUNDRED, LineItem

ORDERS = {"sales_order", "purchase_order"}
BILLS = {"sales_bill", "supplier_bill"}


@dataclass
class DocState:
    id: uuid.UUID
    kind: str
    number: str
    status: str
    party: PartyInfo | None
    doc_date: date
    due_date: date | None
    ship_to: str
    notes: str
    net: Decimal
    tax: Decimal
    total: Decimal
    actions: list[str]
    items: list[LineItem]
    #: per order line: name, unit, factor, ordered/done/left in the line's unit
    progress: list[dict[str, Any]] = field(default_factory=list)
    billable: bool = False
    open_amount: Decimal = Decimal(0)
    print_count: int = 0


def load(ledger: Any, catalog: Catalog, doc_id: uuid.UUID) -> DocState:
    from desktop.services import lifecycle
    from desktop.services.documents import get_document

    with ledger.read() as s:
        doc = get_document(s, doc_id)
        party = doc.party
        items = [
            LineItem(
                product=catalog.product(line.product_id),
                unit=line.unit,
                qty=line.qty,
                price=line.unit_price,
                price_source="manual",
                manual_price=True,
                discount=line.discount_rate * HUNDRED,
                tax=line.tax_rate * HUNDRED,
                source_line_id=line.source_line_id,
            )
            for line in doc.lines
        ]
        state = DocState(
            doc.id,
            doc.kind,
            doc.number,
            doc.status,
            PartyInfo(party.id, party.code, party.name, party.phone, party.ship_to)
            if party
            else None,
            doc.doc_date,
            doc.due_date,
            doc.ship_to,
            doc.notes,
            doc.net_total,
            doc.tax_total,
            doc.total,
            lifecycle.allowed_actions(doc),
            items,
            print_count=doc.print_count,
        )
        if doc.kind in ORDERS and doc.status != "draft":
            _progress(s, doc, state)
        if doc.kind in BILLS and doc.status == "posted":
            _open_amount(s, doc, state)
        return state


def _progress(session: Any, doc: Any, state: DocState) -> None:
    from desktop.services.trade import order_progress

    progress = order_progress(session, doc)
    for line in doc.lines:
        p = progress[line.id]
        factor = line.unit_factor
        state.progress.append(
            {
                "line_id": line.id,
                "name": f"{line.product.code} {line.product.name}",
                "unit": line.unit,
                "factor": factor,
                "ordered": p.ordered / factor,
                "done": p.fulfilled / factor,
                "left": max(Decimal(0), p.to_fulfil / factor),
            }
        )
        if p.to_bill > 0:
            state.billable = True


def _open_amount(session: Any, doc: Any, state: DocState) -> None:
    from desktop.services.receivables import open_items

    account = "AR" if doc.kind == "sales_bill" else "AP"
    for item in open_items(session, doc.party_id, account):
        if item.document_id == doc.id:
            state.open_amount = item.open
