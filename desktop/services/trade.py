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

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from desktop.errors import ValidationError
from desktop.models import DocStatus, Document, DocumentLine
from desktop.models.base import utcnow
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
from desktop.services.flow_kinds import (
    COUNTED,
    FLOW_OF_KIND,
    PURCHASE,
    SALES,
    Flow,
    entry_sign,
)
from desktop.services.posting import MoveSpec, allocate, insert_document, post_entry, post_moves
from desktop.services.receivables import open_amount
from desktop.services.terms import due_date
from desktop.services.trade_messages import WORDING, refused
from desktop.services.unbilled import order_unbilled
from desktop.services.uow import UnitOfWork, intent_entry


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
    return _counted_by_kinds(session, source_ids, (kind,), exclude_doc)[kind]


def _counted_by_kinds(
    session: Session,
    source_ids: list[uuid.UUID],
    kinds: tuple[str, ...],
    exclude_doc: uuid.UUID | None = None,
) -> dict[str, dict[uuid.UUID, Decimal]]:
    """:func:`_counted_by_source` for several kinds at once, in one query."""
    totals: dict[str, dict[uuid.UUID, Decimal]] = {k: defaultdict(lambda: ZERO) for k in kinds}
    if not source_ids:
        return totals
    params: dict[str, Any] = {"ids": source_ids, "kinds": list(kinds)}
    query = _COUNTED
    if exclude_doc is not None:
        query, params["doc"] = _COUNTED_BUT, exclude_doc
    for kind, source, qty, factor in session.execute(query, params):
        if source is not None:
            totals[kind][source] += qty * factor
    return totals


#: posted lines of some kinds made from some source lines: built once (asked on every step)
_COUNTED = (
    select(Document.kind, DocumentLine.source_line_id, DocumentLine.qty, DocumentLine.unit_factor)
    .join(Document, Document.id == DocumentLine.document_id)
    .where(
        DocumentLine.source_line_id.in_(bindparam("ids", expanding=True)),
        # ``kind || ''``: not an index term, so SQLite starts from the few lines made from
        # these sources instead of every document of ``kind`` (ledger-sized, not flat)
        Document.kind.concat("").in_(bindparam("kinds", expanding=True)),
        Document.status.in_(COUNTED),
    )
)
_COUNTED_BUT = _COUNTED.where(Document.id != bindparam("doc"))


def order_progress(session: Session, order: Document) -> dict[uuid.UUID, LineProgress]:
    """Per line of ``order``: ordered, fulfilled and billed (base units), in one query."""
    flow = FLOW_OF_KIND[order.kind]
    ids = [line.id for line in order.lines]
    counted = _counted_by_kinds(session, ids, (flow.fulfil, flow.bill))
    fulfilled, billed = counted[flow.fulfil], counted[flow.bill]
    return {
        line.id: LineProgress(
            line.qty * line.unit_factor, fulfilled.get(line.id, ZERO), billed.get(line.id, ZERO)
        )
        for line in order.lines
    }


def _progress_with(
    progress: dict[uuid.UUID, LineProgress], doc: Document, flow: Flow
) -> dict[uuid.UUID, LineProgress]:
    """``progress`` of an order as it stands once ``doc`` (a fulfilment or bill made from
    it, being posted) counts too: what :func:`order_progress` would read after the post."""
    after = {k: LineProgress(p.ordered, p.fulfilled, p.billed) for k, p in progress.items()}
    for line in doc.lines:
        p = after.get(line.source_line_id) if line.source_line_id is not None else None
        if p is None:
            continue
        if doc.kind == flow.fulfil:
            p.fulfilled += line.qty * line.unit_factor
        elif doc.kind == flow.bill:
            p.billed += line.qty * line.unit_factor
    return after


def refresh_order_status(
    session: Session,
    order: Document,
    progress: dict[uuid.UUID, LineProgress] | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Set an open order's status by what is fulfilled, and its fully-billed mark.

    ``progress``: the order's :func:`order_progress` when the caller knows it already (the
    step that posted a fulfilment or bill from it). ``uow``: the status is written at once
    (``UnitOfWork.write_now``), not by a flush."""
    if order.status not in (DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.FULFILLED):
        return
    progress_now = (progress if progress is not None else order_progress(session, order)).values()
    if all(p.fulfilled >= p.ordered for p in progress_now):
        status = DocStatus.FULFILLED
    elif any(p.fulfilled != 0 for p in progress_now):
        status = DocStatus.PARTIAL
    else:
        status = DocStatus.CONFIRMED
    lifecycle.set_progress(order, status)
    if uow is not None:
        uow.write_now([order])
    # fully billed: the credit check's sum of unbilled orders skips it (Document.settled_on)
    settled = order.doc_date if order_unbilled(session, order) == 0 else None
    if order.settled_on != settled:  # a mark, not a change anyone made: not audited
        session.execute(_SETTLED, {"doc": order.id, "on": settled})
        set_committed_value(order, "settled_on", settled)


#: an order's fully-billed mark (built once; the object is told by hand, not searched for)
_SETTLED = (
    update(Document)
    .where(Document.id == bindparam("doc"))
    .values(settled_on=bindparam("on"))
    .execution_options(synchronize_session=False)
)


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
    order = get_document(uow.session, order_id, with_party=True)
    lifecycle.require(order, action)
    flow = FLOW_OF_KIND[order.kind]
    progress = order_progress(uow.session, order)
    if action == "deliver":
        kind, open_qty = flow.fulfil, {k: p.to_fulfil for k, p in progress.items()}
    else:
        kind, open_qty = flow.bill, {k: p.to_bill for k, p in progress.items()}
    items = _from_order(order, quantities, open_qty, _taking(flow, kind))
    if "due_date" in header:  # a due date given by hand: the general path
        doc = _child(uow, kind, order, items, doc_date, **header)
        _post(uow, doc, (order, progress))
    else:
        doc = _post_new(uow, kind, items, doc_date, (order, progress), header)
    _record_child(uow, f"{order.kind}.{action}", order, doc, header)
    return doc


def _post_new(
    uow: UnitOfWork,
    kind: str,
    items: list[LineInput],
    doc_date: date | None,
    known: Known,
    header: dict[str, str],
) -> Document:
    """:func:`_child` and :func:`_post` of a delivery (receipt) or bill made from an order,
    in one go: the same checks and consequences, the document and its lines written once in
    their final state (``posting.insert_document``) instead of inserted, then updated twice
    through the unit of work."""
    session = uow.session
    order = known[0]
    flow = FLOW_OF_KIND[order.kind]
    with session.no_autoflush:
        doc = new_document(uow, kind, order.party, doc_date, add=False, **header)
        doc.source_id = order.id
        if not doc.ship_to and order.ship_to:
            doc.ship_to = order.ship_to
        set_lines(uow, doc, items)
    _check_sources(session, doc, flow, known)
    updates: list[dict[str, Any]] = []
    sign = entry_sign(doc.kind)
    due = None
    if sign and doc.party is not None:
        due = due_date(doc.party, doc.doc_date) if doc.kind == flow.bill else None
        updates.append({"due_date": due})
    updates.append({"status": lifecycle.after(doc, "post"), "posted_at": utcnow()})
    insert_document(uow, doc, updates)
    moves = _moves_for(doc, flow)
    if moves:
        post_moves(uow, doc, moves)
    if sign and doc.party is not None:
        post_entry(uow, doc, flow.account, sign * doc.total, due)
    # the document's audit rows are written: the order's status goes in with the balances
    refresh_order_status(session, order, _progress_with(known[1], doc, flow), uow)
    session.flush()
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
        doc = new_document(uow, kind, source.party, doc_date, add=True, **header)
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
    doc = _post(uow, get_document(uow.session, doc_id))
    uow.record(f"{doc.kind}.post", {"id": doc.id, "posted": posted_args(doc)})
    return doc


#: an order and its :func:`order_progress`, read by the step that makes a document from it
Known = tuple[Document, dict[uuid.UUID, LineProgress]]


def _post(uow: UnitOfWork, doc: Document, known: Known | None = None) -> Document:
    """:func:`post`, recording nothing; ``known``: the order ``doc`` was just made from and
    its progress, read in this same transaction (so they are not read again)."""
    session = uow.session
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
    _check_sources(session, doc, flow, known)
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
    _refresh_orders(session, doc, known)
    session.flush()
    return doc


def _check_sources(session: Session, doc: Document, flow: Flow, known: Known | None) -> None:
    """Lines made from an order or bill must not exceed what that line still allows."""
    sourced = [x for x in doc.lines if x.source_line_id is not None]
    if not sourced:
        no_order = WORDING[_taking(flow, doc.kind)].no_order
        if doc.kind == flow.fulfil and no_order is not None:
            raise refused("no_order", no_order, {}, number=doc.number)
        return
    ids = [x.source_line_id for x in sourced if x.source_line_id is not None]
    if known is not None and doc.kind in (flow.fulfil, flow.bill):
        order, progress = known
        sources = {x.id: x for x in order.lines}
        if doc.kind == flow.fulfil:
            limit = {k: p.ordered for k, p in progress.items()}
            used = {k: p.fulfilled for k, p in progress.items()}
        else:
            limit = {k: p.fulfilled for k, p in progress.items()}
            used = {k: p.billed for k, p in progress.items()}
        _within(doc, flow, sourced, sources, limit, used)
        return
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
    _within(doc, flow, sourced, sources, limit, used)


def _within(
    doc: Document,
    flow: Flow,
    sourced: list[DocumentLine],
    sources: dict[uuid.UUID, DocumentLine],
    limit: dict[uuid.UUID, Decimal],
    used: dict[uuid.UUID, Decimal],
) -> None:
    """Refuse a line that takes more of its source line than ``limit`` less ``used``."""
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


def _refresh_orders(session: Session, doc: Document, known: Known | None = None) -> None:
    flow = FLOW_OF_KIND.get(doc.kind)
    if flow is None or doc.kind not in (flow.fulfil, flow.bill) or doc.source_id is None:
        return
    if known is not None and known[0].id == doc.source_id:
        source, before = known
        session.flush()  # the document's own changes, audited before the order's
        refresh_order_status(session, source, _progress_with(before, doc, flow))
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
