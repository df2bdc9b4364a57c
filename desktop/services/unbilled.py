"""What of an order is not billed yet: the one rule (:func:`_unbilled_part`), summed for a
party's open orders (the credit check), for one order, and for the orders marked fully
billed (``zhangfang check``); and the bulk marking of fully billed orders.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    func,
    literal_column,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, aliased

from desktop.models import DocStatus, Document, DocumentLine
from desktop.models.types import Money
from desktop.money import ZERO
from desktop.services.flow_kinds import COUNTED, FLOW_OF_KIND, PURCHASE, SALES, Flow
from desktop.services.raw_sql import RawStatement

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
    return _scalar(session, _BY_PARTY[flow.order], {"party": party_id})


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
    return _scalar(session, _BY_ORDER[flow.order], {"order": order.id})


def _unbilled(
    session: Session, flow: Flow, order: Any, where: tuple[ColumnElement[bool], ...]
) -> Decimal:
    """Σ of :func:`_unbilled_part` over the lines of the orders ``where`` picks."""
    return _scalar(session, _unbilled_query(flow, order, where), {})


def _unbilled_query(flow: Flow, order: Any, where: tuple[ColumnElement[bool], ...]) -> Any:
    return (
        select(
            type_coerce(func.coalesce(func.sum(_unbilled_part(flow)), literal_column("0")), Money())
        )
        .select_from(_LINE)
        .join(order, order.id == _LINE.document_id)
        .where(*where)
    )


def _scalar(session: Session, query: Any, params: dict[str, Any]) -> Decimal:
    if isinstance(query, RawStatement):  # one of the two asked on every order step
        if session.autoflush:  # what is pending goes first, as the session's query flushed it
            session.flush()
        total = query.scalar(session.connection(), params)
    else:
        total = session.scalar(query, params)
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


#: the two questions asked on every order step, built once (a statement this size costs
#: more to build and key for the cache than to run): per flow, by party and by order
_BY_PARTY = {
    flow.order: RawStatement(
        _unbilled_query(
            flow,
            _ORDER,
            (
                _ORDER.party_id == bindparam("party"),
                _ORDER.kind == flow.order,
                _ORDER.settled_on.is_(None),  # fully billed ones add nothing
                _ORDER.status.in_(OPEN_ORDER),
            ),
        )
    )
    for flow in (SALES, PURCHASE)
}
_BY_ORDER = {
    flow.order: RawStatement(_unbilled_query(flow, _ORDER, (_ORDER.id == bindparam("order"),)))
    for flow in (SALES, PURCHASE)
}


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
