"""Red reversal (红冲): a posted document is netted to zero by a new, negative one.

Nothing is edited or deleted. The reversal carries negated lines and totals,
negates the original's stock moves (at their original costs, newest first, each
position taken back to the value it came from) and balance entries, releases
allocations the original took part in, and marks the original ``reversed``. A
bill imported as history (``closed``) never moved a balance, so its reversal
moves none either and is ``closed`` like it.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import DocStatus, Document, DocumentLine, OwnerChange, StockMove
from desktop.models.base import utcnow
from desktop.services import lifecycle
from desktop.services.documents import get_document, new_document, posted_args
from desktop.services.flow_kinds import FLOW_OF_KIND, Flow, entry_sign
from desktop.services.owner import require
from desktop.services.posting import (
    MoveSpec,
    allocate,
    allocations_of,
    allocations_to,
    post_entry,
    post_moves,
)
from desktop.services.trade import _counted_by_source, _refresh_orders
from desktop.services.uow import UnitOfWork, intent_entry


@intent_entry
def reverse(
    uow: UnitOfWork,
    doc_id: uuid.UUID | str,
    reason: str,
    doc_date: date | None = None,
    *,
    import_undo: bool = False,
) -> Document:
    """Reverse a posted document; needs the owner when a password is set (``services.
    owner``), except when an import is undone (``import_undo``): it takes back only what
    the import itself made, most of it reversed in bulk without asking either."""
    session = uow.session
    original = get_document(session, doc_id)
    lifecycle.require(original, "reverse")
    if not reason.strip():
        raise ValidationError("reason_required", "红冲必须填写原因。", "A reversal needs a reason.")
    flow = FLOW_OF_KIND.get(original.kind)
    if flow is not None:
        _check_dependants(session, original, flow)
    if not import_undo:
        require(uow, OwnerChange.REVERSAL, original.id, reason=reason, detail=original.number)
    red = new_document(
        uow,
        original.kind,
        original.party,
        doc_date or original.doc_date,
        notes=f"红冲 {original.number}：{reason.strip()}",
    )
    red.source_id = original.source_id
    red.reverses_id = original.id
    red.method, red.reference = original.method, original.reference
    red.prices_include_tax = original.prices_include_tax
    red.lines = [
        DocumentLine(
            line_no=x.line_no,
            product_id=x.product_id,
            unit=x.unit,
            unit_factor=x.unit_factor,
            qty=-x.qty,
            unit_price=x.unit_price,
            discount_rate=x.discount_rate,
            tax_rate=x.tax_rate,
            net_amount=-x.net_amount,
            tax_amount=-x.tax_amount,
            total_amount=-x.total_amount,
            source_line_id=x.source_line_id,
            notes=x.notes,
        )
        for x in original.lines
    ]
    for line in red.lines:
        line.id = uow.new_key("document_line")[0]
    red.net_total, red.tax_total, red.total = (
        -original.net_total,
        -original.tax_total,
        -original.total,
    )
    history = original.status == DocStatus.CLOSED
    red.status = DocStatus.CLOSED if history else DocStatus.POSTED
    red.posted_at = None if history else utcnow()
    session.flush()
    moves = session.scalars(  # newest first, each taken back to the value it came from
        select(StockMove)
        .where(StockMove.document_id == original.id)
        .order_by(literal_column("stock_move.rowid").desc())
    )
    post_moves(
        uow, red, [MoveSpec(m.product_id, -m.qty, m.unit_cost) for m in moves], taking_back=True
    )
    sign = entry_sign(original.kind)
    if flow is not None and sign and not history:
        post_entry(uow, red, flow.account, -sign * original.total)
        _release_allocations(uow, original, red, sign)
    lifecycle.apply(original, "reverse")
    _refresh_orders(session, red)
    session.flush()
    uow.record(
        "document.reverse",
        {"id": original.id, "reason": reason, "date": red.doc_date, "posted": posted_args(red)},
    )
    return red


def _check_dependants(session: Session, doc: Document, flow: Flow) -> None:
    """Refuse to reverse a delivery already billed, or a bill with returns against it."""
    if doc.kind == flow.bill:
        returns = session.scalar(
            select(Document.number)
            .where(
                Document.source_id == doc.id,
                Document.kind == flow.ret,
                Document.status == DocStatus.POSTED,
                Document.reverses_id.is_(None),
            )
            .limit(1)
        )
        if returns:
            raise ValidationError(
                "has_returns",
                f"{doc.number} 已有退货单 {returns}，请先红冲退货单。",
                f"{doc.number} has return {returns}; reverse that first.",
            )
    if doc.kind == flow.fulfil and doc.source_id is not None:
        sources = [x.source_line_id for x in doc.lines if x.source_line_id is not None]
        fulfilled = _counted_by_source(session, sources, flow.fulfil)
        billed = _counted_by_source(session, sources, flow.bill)
        for line in doc.lines:
            if line.source_line_id is None:
                continue
            after = fulfilled.get(line.source_line_id, 0) - line.qty * line.unit_factor
            if billed.get(line.source_line_id, 0) > after:
                raise ValidationError(
                    "already_billed",
                    f"{doc.number} 的货物已经开单，请先红冲对应的销售单/采购账单。",
                    f"Goods of {doc.number} are billed; reverse the bill first.",
                )


def _release_allocations(uow: UnitOfWork, original: Document, red: Document, sign: int) -> None:
    """Undo what the original applied or received, then net original and reversal."""
    session = uow.session
    on = red.doc_date
    if sign > 0:  # a bill: credits applied to it become unapplied again
        for credit_id, amount in allocations_to(session, original.id):
            allocate(uow, _doc(session, credit_id), original, -amount, on)
        allocate(uow, red, original, original.total, on)
    else:  # a receipt/payment/return: release what it paid
        for debit_id, amount in allocations_of(session, original.id):
            allocate(uow, original, _doc(session, debit_id), -amount, on)
        allocate(uow, original, red, original.total, on)


def _doc(session: Session, doc_id: uuid.UUID) -> Document:
    doc = session.get(Document, doc_id)
    assert doc is not None
    return doc
