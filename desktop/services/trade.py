"""The trade flows, sales and purchases alike: fulfil, bill, return, reverse.

Sales and purchases mirror each other, so one set of functions serves both,
driven by a :class:`Flow` that says which kinds, which account and which way
stock moves.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, literal_column, select, type_coerce, update
from sqlalchemy.orm import Session, aliased

from desktop.errors import ValidationError
from desktop.models import Account, DocKind, DocStatus, Document, DocumentLine, FlowName
from desktop.models.base import utcnow
from desktop.models.types import Money
from desktop.money import ZERO, fmt_qty
from desktop.services import lifecycle
from desktop.services.costing import net_unit_cost
from desktop.services.documents import (
    LineInput,
    get_document,
    new_document,
    posted_args,
    set_lines,
)
from desktop.services.posting import MoveSpec, allocate, post_entry, post_moves
from desktop.services.receivables import open_amount
from desktop.services.terms import due_date
from desktop.services.trade_messages import WORDING, refused
from desktop.services.uow import UnitOfWork, intent_entry


@dataclass(frozen=True)
class Flow:
    name: str
    order: str
    fulfil: str
    bill: str
    ret: str
    pay: str
    account: str
    #: which way goods move when the flow fulfils an order: −1 out (sales), +1 in (purchases)
    stock_sign: int


SALES = Flow(
    FlowName.SALES,
    DocKind.SALES_ORDER,
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.RECEIPT,
    Account.AR,
    -1,
)
PURCHASE = Flow(
    FlowName.PURCHASE,
    DocKind.PURCHASE_ORDER,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
    DocKind.PAYMENT,
    Account.AP,
    +1,
)
FLOWS = {f.name: f for f in (SALES, PURCHASE)}
FLOW_OF_KIND = {
    kind: f for f in (SALES, PURCHASE) for kind in (f.order, f.fulfil, f.bill, f.ret, f.pay)
}
#: posted lines of these statuses count (a reversed original and its reversal net out)
COUNTED = (DocStatus.POSTED, DocStatus.REVERSED)


def entry_sign(kind: str) -> int:
    """How a document of ``kind`` moves its party's balance: bills +, returns/payments −."""
    flow = FLOW_OF_KIND.get(kind)
    if flow is None:
        return 0
    return 1 if kind == flow.bill else -1 if kind in (flow.ret, flow.pay) else 0


@dataclass
class LineProgress:
    """Per order line, in base units: ordered, fulfilled and billed so far."""

    ordered: Decimal
    fulfilled: Decimal = ZERO
    billed: Decimal = ZERO

    @property
    def to_fulfil(self) -> Decimal:
        return self.ordered - self.fulfilled

    @property
    def to_bill(self) -> Decimal:
        return self.fulfilled - self.billed


def _counted_by_source(
    session: Session, source_ids: list[uuid.UUID], kind: str, exclude_doc: uuid.UUID | None = None
) -> dict[uuid.UUID, Decimal]:
    """Σ base quantity of posted ``kind`` lines per source line."""
    if not source_ids:
        return {}
    query = (
        select(DocumentLine.source_line_id, DocumentLine.qty, DocumentLine.unit_factor)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            DocumentLine.source_line_id.in_(source_ids),
            # ``kind || ''``: not an index term, so SQLite starts from the few lines made from
            # these sources instead of every document of ``kind`` (ledger-sized, not flat)
            Document.kind.concat("") == kind,
            Document.status.in_(COUNTED),
        )
    )
    if exclude_doc is not None:
        query = query.where(Document.id != exclude_doc)
    totals: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for source, qty, factor in session.execute(query):
        if source is not None:
            totals[source] += qty * factor
    return totals


def order_progress(session: Session, order: Document) -> dict[uuid.UUID, LineProgress]:
    flow = FLOW_OF_KIND[order.kind]
    ids = [line.id for line in order.lines]
    fulfilled = _counted_by_source(session, ids, flow.fulfil)
    billed = _counted_by_source(session, ids, flow.bill)
    return {
        line.id: LineProgress(
            line.qty * line.unit_factor, fulfilled.get(line.id, ZERO), billed.get(line.id, ZERO)
        )
        for line in order.lines
    }


def refresh_order_status(session: Session, order: Document) -> None:
    if order.status not in (DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.FULFILLED):
        return
    progress = order_progress(session, order).values()
    if all(p.fulfilled >= p.ordered for p in progress):
        status = DocStatus.FULFILLED
    elif any(p.fulfilled != 0 for p in progress):
        status = DocStatus.PARTIAL
    else:
        status = DocStatus.CONFIRMED
    lifecycle.set_progress(order, status)
    # fully billed: the credit check's sum of unbilled orders skips it (Document.settled_on)
    settled = order.doc_date if order_unbilled(session, order) == 0 else None
    if order.settled_on != settled:
        session.execute(update(Document).where(Document.id == order.id).values(settled_on=settled))


def _from_order(
    order: Document,
    quantities: dict[uuid.UUID, Decimal] | None,
    available: dict[uuid.UUID, Decimal],
    taking: str,
) -> list[LineInput]:
    """Lines copied from an order for the given quantities (in the order line's unit).

    ``available`` is the base quantity still open per order line; ``taking`` says what the
    lines are for (a key of ``trade_messages.WORDING``: deliver, receive, bill, return).
    """
    wording = WORDING[taking]
    items: list[LineInput] = []
    by_id = {line.id: line for line in order.lines}
    unknown = set(quantities or {}) - set(by_id)
    if unknown:
        raise refused("unknown_line", wording.unknown_line, {}, number=order.number)
    for line in order.lines:
        open_base = available.get(line.id, ZERO)
        if quantities is None:
            qty = open_base / line.unit_factor
            if qty <= 0:
                continue
        else:
            if line.id not in quantities:
                continue
            qty = Decimal(str(quantities[line.id]))
            if qty <= 0:
                raise refused("bad_qty", wording.bad_qty, {}, line=line.line_no)
            if qty * line.unit_factor > open_base:
                raise refused(
                    "too_much",
                    wording.too_much,
                    {"line": line.line_no},
                    line=line.line_no,
                    name=line.product.name,
                    code=line.product.code,
                    left=fmt_qty(open_base / line.unit_factor),
                    unit=line.unit,
                    qty=fmt_qty(qty),
                )
        items.append(
            LineInput(
                product=line.product_id,
                qty=qty,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_rate=line.discount_rate,
                tax_rate=line.tax_rate,
                source_line_id=line.id,
            )
        )
    if not items:
        raise refused("nothing_left", wording.nothing_left, {}, number=order.number)
    return items


@intent_entry
def fulfil(
    uow: UnitOfWork,
    order_id: uuid.UUID | str,
    quantities: dict[uuid.UUID, Decimal] | None = None,
    doc_date: date | None = None,
    **header: str,
) -> Document:
    """Deliver (sales) or receive (purchases) all or part of an order, and post it."""
    return _post_from_order(uow, order_id, "deliver", quantities, doc_date, header)


@intent_entry
def bill_order(
    uow: UnitOfWork,
    order_id: uuid.UUID | str,
    quantities: dict[uuid.UUID, Decimal] | None = None,
    doc_date: date | None = None,
    **header: str,
) -> Document:
    """Bill what has been delivered (received) and not billed yet, and post the bill."""
    return _post_from_order(uow, order_id, "bill", quantities, doc_date, header)


def _post_from_order(
    uow: UnitOfWork,
    order_id: uuid.UUID | str,
    action: str,
    quantities: dict[uuid.UUID, Decimal] | None,
    doc_date: date | None,
    header: dict[str, str],
) -> Document:
    """Make and post the delivery/receipt (``deliver``) or bill (``bill``) of an order."""
    order = get_document(uow.session, order_id)
    lifecycle.require(order, action)
    flow = FLOW_OF_KIND[order.kind]
    progress = order_progress(uow.session, order)
    if action == "deliver":
        kind, open_qty = flow.fulfil, {k: p.to_fulfil for k, p in progress.items()}
    else:
        kind, open_qty = flow.bill, {k: p.to_bill for k, p in progress.items()}
    items = _from_order(order, quantities, open_qty, _taking(flow, kind))
    doc = _child(uow, kind, order, items, doc_date, **header)
    post(uow, doc.id)
    _record_child(uow, f"{order.kind}.{action}", order, doc, header)
    return doc


def _record_child(
    uow: UnitOfWork, intent: str, source: Document, doc: Document, header: dict[str, str]
) -> None:
    """A delivery, bill or return made from ``source``: the quantities per source line it
    took, its date and header, and what it posted."""
    quantities: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for line in doc.lines:
        assert line.source_line_id is not None
        quantities[line.source_line_id] += line.qty
    uow.record(
        intent,
        {
            "source": source.id,
            "quantities": dict(quantities),
            "date": doc.doc_date,
            "header": header,
            "posted": posted_args(doc),
        },
    )


def _child(
    uow: UnitOfWork,
    kind: str,
    source: Document,
    items: list[LineInput],
    doc_date: date | None,
    **header: str,
) -> Document:
    with uow.session.no_autoflush:  # the document goes in with its lines, in one flush
        doc = new_document(uow, kind, source.party, doc_date, **header)
        doc.source_id = source.id
        if not doc.ship_to and source.ship_to:
            doc.ship_to = source.ship_to
        set_lines(uow, doc, items)
    uow.session.flush()
    return doc


@intent_entry
def return_goods(
    uow: UnitOfWork,
    bill_id: uuid.UUID | str,
    quantities: dict[uuid.UUID, Decimal],
    doc_date: date | None = None,
    **header: str,
) -> Document:
    """A return (退货) against a posted bill: goods come back, the balance goes down."""
    bill = get_document(uow.session, bill_id)
    flow = FLOW_OF_KIND[bill.kind]
    if bill.kind != flow.bill or bill.status != DocStatus.POSTED:
        raise ValidationError(
            "bad_return",
            f"只能对已过账的销售单/采购账单退货：{bill.number}",
            f"Returns are made against posted bills: {bill.number}",
        )
    available = returnable(uow.session, bill)
    items = _from_order(bill, quantities, available, _taking(flow, flow.ret))
    doc = _child(uow, flow.ret, bill, items, doc_date, **header)
    post(uow, doc.id)
    _record_child(uow, f"{bill.kind}.return", bill, doc, header)
    return doc


def returnable(session: Session, bill: Document) -> dict[uuid.UUID, Decimal]:
    """What may still be returned of each line of a bill (base quantity): what it billed
    less what posted returns took back. The limit :func:`return_goods` enforces; an import
    of cancelled invoices checks its rows against it before writing."""
    flow = FLOW_OF_KIND[bill.kind]
    returned = _counted_by_source(session, [x.id for x in bill.lines], flow.ret)
    return {x.id: x.qty * x.unit_factor - returned.get(x.id, ZERO) for x in bill.lines}


@intent_entry
def post(uow: UnitOfWork, doc_id: uuid.UUID | str) -> Document:
    """Post a draft delivery, receipt, bill or return: stock, balances, allocations."""
    session = uow.session
    doc = get_document(session, doc_id)
    lifecycle.require(doc, "post")
    flow = FLOW_OF_KIND.get(doc.kind)
    if flow is None or doc.kind in (flow.order, flow.pay):
        raise ValidationError(
            "bad_kind",
            f"{doc.number} 不是可过账的单据。",
            f"{doc.number} is not a document that posts.",
        )
    if not doc.lines:
        raise ValidationError(
            "no_lines", f"单据 {doc.number} 没有明细，不能过账。", f"{doc.number} has no lines."
        )
    _check_sources(session, doc, flow)
    moves = _moves_for(doc, flow)
    if moves:
        post_moves(uow, doc, moves)
    sign = entry_sign(doc.kind)
    if sign and doc.party is not None:
        due = due_date(doc.party, doc.doc_date) if doc.kind == flow.bill else None
        doc.due_date = due
        post_entry(uow, doc, flow.account, sign * doc.total, due)
    if doc.kind == flow.ret and doc.source_id is not None:
        source = get_document(session, doc.source_id)
        still_owed = open_amount(session, source.id)
        allocate(uow, doc, source, min(still_owed, doc.total), doc.doc_date)
    lifecycle.apply(doc, "post")
    doc.posted_at = utcnow()
    _refresh_orders(session, doc)
    session.flush()
    uow.record(f"{doc.kind}.post", {"id": doc.id, "posted": posted_args(doc)})
    return doc


def _check_sources(session: Session, doc: Document, flow: Flow) -> None:
    """Lines made from an order or bill must not exceed what that line still allows."""
    sourced = [x for x in doc.lines if x.source_line_id is not None]
    if not sourced:
        no_order = WORDING[_taking(flow, doc.kind)].no_order
        if doc.kind == flow.fulfil and no_order is not None:
            raise refused("no_order", no_order, {}, number=doc.number)
        return
    ids = [x.source_line_id for x in sourced if x.source_line_id is not None]
    sources = {
        x.id: x for x in session.scalars(select(DocumentLine).where(DocumentLine.id.in_(ids)))
    }
    if doc.kind == flow.ret:
        limit = {k: s.qty * s.unit_factor for k, s in sources.items()}
        used = _counted_by_source(session, ids, flow.ret, exclude_doc=doc.id)
    else:
        progress_kind = flow.fulfil if doc.kind == flow.fulfil else flow.bill
        used = _counted_by_source(session, ids, progress_kind, exclude_doc=doc.id)
        if doc.kind == flow.fulfil:
            limit = {k: s.qty * s.unit_factor for k, s in sources.items()}
        else:
            limit = _counted_by_source(session, ids, flow.fulfil)
    wording = WORDING[_taking(flow, doc.kind)]
    wanted: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for line in sourced:
        assert line.source_line_id is not None
        wanted[line.source_line_id] += line.qty * line.unit_factor
    for source_id, qty in wanted.items():
        left = limit.get(source_id, ZERO) - used.get(source_id, ZERO)
        if qty > left:
            src = sources[source_id]
            raise refused(
                "too_much",
                wording.over_source,
                {},
                name=src.product.name,
                code=src.product.code,
                left=fmt_qty(left / src.unit_factor),
                unit=src.unit,
                qty=fmt_qty(qty / src.unit_factor),
            )


def _taking(flow: Flow, kind: str) -> str:
    """Which sentences (``trade_messages.WORDING``) speak of lines of ``kind`` in ``flow``."""
    if kind == flow.ret:
        return "return"
    if kind == flow.fulfil:
        return "deliver" if flow is SALES else "receive"
    return "bill" if flow is SALES else "bill_received"


def _moves_for(doc: Document, flow: Flow) -> list[MoveSpec]:
    """Fulfilments move stock; so do returns, and bills made without an order."""
    if doc.kind == flow.fulfil:
        sign = flow.stock_sign
    elif doc.kind == flow.ret:
        sign = -flow.stock_sign
    elif doc.kind == flow.bill and all(x.source_line_id is None for x in doc.lines):
        sign = flow.stock_sign
    else:
        return []
    incoming_cost = sign > 0 and (flow is PURCHASE)
    return [
        MoveSpec(
            product_id=x.product_id,
            qty=sign * x.qty * x.unit_factor,
            unit_cost=net_unit_cost(x.net_amount, x.qty * x.unit_factor) if incoming_cost else None,
            line_id=x.id,
        )
        for x in doc.lines
    ]


def _refresh_orders(session: Session, doc: Document) -> None:
    flow = FLOW_OF_KIND.get(doc.kind)
    if flow is None or doc.kind not in (flow.fulfil, flow.bill) or doc.source_id is None:
        return
    order = session.get(Document, doc.source_id)
    if order is not None and order.kind == flow.order:
        session.flush()
        refresh_order_status(session, order)


@intent_entry
def close_order(uow: UnitOfWork, order_id: uuid.UUID | str, reason: str = "") -> Document:
    """Close an order short: what is not delivered yet will not be."""
    order = get_document(uow.session, order_id)
    lifecycle.apply(order, "close")
    if reason:
        order.notes = (order.notes + "\n" if order.notes else "") + f"关闭原因：{reason}"
    uow.record("order.close", {"id": order.id, "reason": reason})
    return order


#: the order statuses whose unbilled part the credit check counts
OPEN_ORDER = (DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.FULFILLED)


#: made once: an alias of a wide table costs milliseconds to build, more than the query
_ORDER, _BILL = aliased(Document), aliased(Document)
_LINE, _BILL_LINE = aliased(DocumentLine), aliased(DocumentLine)


def unbilled_order_amount(session: Session, party_id: uuid.UUID, flow: Flow = SALES) -> Decimal:
    """Σ over the party's open orders of what is ordered but not billed yet (for credit).

    One aggregate query on the ``(party_id, kind, settled_on)`` and ``source_line_id``
    indexes, over the orders not fully billed (:func:`refresh_order_status` marks those):
    a customer's ten-thousandth order is checked as fast as the first (issue 18)."""
    order = _ORDER
    return _unbilled(
        session,
        flow,
        order,
        (
            order.party_id == party_id,
            order.kind == flow.order,
            order.settled_on.is_(None),  # fully billed ones add nothing
            order.status.in_(OPEN_ORDER),
        ),
    )


def marked_but_unbilled(session: Session, flow: Flow) -> Decimal:
    """Σ unbilled over the open orders marked fully billed: 0 unless a mark is wrong."""
    return _unbilled(
        session,
        flow,
        _ORDER,
        (
            _ORDER.kind == flow.order,
            _ORDER.settled_on.is_not(None),
            _ORDER.status.in_(OPEN_ORDER),
        ),
    )


def order_unbilled(session: Session, order: Document) -> Decimal:
    """What of one order is not billed yet (0 for drafts, cancelled and closed orders)."""
    if order.status not in OPEN_ORDER:
        return ZERO
    flow = FLOW_OF_KIND[order.kind]
    session.flush()  # lines just added count
    return _unbilled(session, flow, _ORDER, (_ORDER.id == order.id,))


def _unbilled(
    session: Session, flow: Flow, order: Any, where: tuple[ColumnElement[bool], ...]
) -> Decimal:
    """Σ of :func:`_unbilled_part` over the lines of the orders ``where`` picks."""
    total = session.scalar(
        select(
            type_coerce(func.coalesce(func.sum(_unbilled_part(flow)), literal_column("0")), Money())
        )
        .select_from(_LINE)
        .join(order, order.id == _LINE.document_id)
        .where(*where)
    )
    return total if total is not None else ZERO


def _unbilled_part(flow: Flow) -> ColumnElement[Any]:
    """The one rule: an order line's (``_LINE``) unbilled part is its amount less what
    counted bills made from it came to, never below zero."""
    billed = (
        select(func.coalesce(func.sum(_BILL_LINE.total_amount), literal_column("0")))
        .join(_BILL, _BILL.id == _BILL_LINE.document_id)
        .where(
            _BILL_LINE.source_line_id == _LINE.id,
            _BILL.kind == flow.bill,
            _BILL.status.in_(COUNTED),
        )
        .scalar_subquery()
    )
    return func.max(literal_column("0"), _LINE.total_amount - billed)


def mark_billed_orders(conn: Connection | Session) -> None:
    """Mark, as :func:`refresh_order_status` does, every order something was delivered or
    billed from and nothing is left to bill of: for a ledger written in bulk (the demo)."""
    for flow in (SALES, PURCHASE):
        child = aliased(Document)
        billed = (
            select(_ORDER.id)
            .select_from(_LINE)
            .join(_ORDER, _ORDER.id == _LINE.document_id)
            .where(
                _ORDER.kind == flow.order,
                select(child.id)
                .where(child.source_id == _ORDER.id, child.kind.in_((flow.fulfil, flow.bill)))
                .exists(),
            )
            .group_by(_ORDER.id)
            .having(func.sum(_unbilled_part(flow)) == literal_column("0"))
        )
        conn.execute(
            update(Document)
            .where(Document.id.in_(billed))
            .values(settled_on=Document.doc_date)
            .execution_options(synchronize_session=False)
        )
