"""A saved document read into plain data for the editor (no ORM objects leave the read),
and the actions its state offers there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop.codes import DocKind, DocStatus
from desktop.editing.catalog import Catalog, PartyInfo
from desktop.editing.lines import HUNDRED, LineItem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.models import Document
    from desktop.services.ledger import Ledger

ORDERS = {DocKind.SALES_ORDER, DocKind.PURCHASE_ORDER}
BILLS = {DocKind.SALES_BILL, DocKind.SUPPLIER_BILL}
#: kinds whose draft is posted straight away (no order step in the editor)
POSTING = {
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
    DocKind.RECEIPT,
    DocKind.PAYMENT,
}


@dataclass
class DocState:
    """Everything the editor shows of a saved document, read in one session."""

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


def load(ledger: Ledger, catalog: Catalog, doc_id: uuid.UUID) -> DocState:
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
            PartyInfo.of(party) if party else None,
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
        if doc.kind in ORDERS and doc.status != DocStatus.DRAFT:
            _progress(s, doc, state)
        if doc.kind in BILLS and doc.status == DocStatus.POSTED:
            _open_amount(s, doc, state)
        return state


def _progress(session: Session, doc: Document, state: DocState) -> None:
    from desktop.services.trade import order_progress

    progress = order_progress(session, doc)
    for line in doc.lines:
        p = progress[line.id]
        factor = line.unit_factor
        state.progress.append(
            {
                "line_id": line.id,
                "product_id": line.product_id,
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


def _open_amount(session: Session, doc: Document, state: DocState) -> None:
    """This bill's open amount alone (not every open item of its party: flat costs)."""
    from desktop.services.receivables import open_amount

    if doc.party_id is None:  # a bill always has one; nothing open without it
        return
    state.open_amount = open_amount(session, doc.id)


def available_actions(kind: str, state: DocState | None, editable: bool) -> list[str]:
    """The editor's action keys, in button order, for a document of ``kind`` (``state`` None:
    not saved yet): what the lifecycle allows, narrowed to what has something to do (a
    delivery only with quantities left, a payment only on an open bill)."""
    out = ["save"] if editable else []
    allowed = state.actions if state else ["confirm"] if kind in ORDERS else []
    if state is None and kind in BILLS:  # a bill made at the counter, without an order
        allowed = ["post"]
    if "confirm" in allowed:
        out.append("confirm")
    if "post" in allowed and kind in POSTING:
        out.append("post")
        if kind in BILLS:  # and its payment taken at the counter in the same step
            out.append("post_paid")
    if state is None:
        return out
    if "deliver" in allowed and any(p["left"] > 0 for p in state.progress):
        out.append("deliver")
    if "bill" in allowed and state.billable:
        out.append("bill")
    if kind in BILLS and state.status == DocStatus.POSTED and state.open_amount > 0:
        out.append("collect")
    if kind == DocKind.QUOTE:
        out += [key for key in ("send", "accept", "reject") if key in allowed]
    out += [key for key in ("close", "cancel", "reverse") if key in allowed]
    out.append("print")
    return out
