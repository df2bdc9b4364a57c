"""THE status a buyer sees of an inquiry or order, derived from the documents on the ledger.

received (a draft no clerk has acted on) → quoted (the quote sent, with its prices) →
confirmed (the order confirmed) → shipped (a delivery posted, with what was delivered) →
billed (a bill posted) → paid (every bill settled); or declined, with the reason.

Forward only: a status is never taken back. A delivery or bill that was posted and then
reversed (红冲) still counts as having happened — the order stays "shipped" (or "billed")
and the delivered quantities show the net. "paid" is the one that the ledger alone could
take back (a receipt reversed): whoever keeps the status a buyer was shown (the server)
passes it through :func:`advance`, which never lowers it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.codes import MarketStatusCode as M
from desktop.models import DocKind, DocStatus, Document, DocumentLine
from desktop.money import ZERO
from desktop.services.market_requests import REF_PREFIX, external_ref
from desktop.services.receivables import open_amount

#: the order of the statuses; declined ends any of the first three
RANK: dict[str, int] = {
    M.RECEIVED: 0,
    M.QUOTED: 1,
    M.CONFIRMED: 2,
    M.SHIPPED: 3,
    M.BILLED: 4,
    M.PAID: 5,
}
#: where the services write why a document was cancelled or a quote rejected
#: (``documents.cancel``, ``quotes.reject_quote``)
REASON_PREFIXES = ("作废原因：", "未成交原因：")
COUNTED = (DocStatus.POSTED, DocStatus.REVERSED)
ORDER_GOING = (DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.FULFILLED, DocStatus.CLOSED)


class StatusLine(NamedTuple):
    """One line as the buyer follows it, in the line's own unit."""

    product_id: uuid.UUID
    qty: Decimal
    unit_price: Decimal
    delivered_qty: Decimal
    unit: str


@dataclass(frozen=True)
class MarketStatus:
    status: str
    lines: list[StatusLine] = field(default_factory=list)
    total: Decimal = ZERO
    reason: str = ""
    #: the document the buyer's request is now followed on (quote, then its order)
    number: str = ""


def status_of(session: Session, refs: list[uuid.UUID]) -> dict[uuid.UUID, MarketStatus]:
    """The status of each request that reached the ledger (refs not here are left out)."""
    found: dict[uuid.UUID, MarketStatus] = {}
    by_ref = {external_ref(ref): ref for ref in refs}
    keys = list(by_ref)
    for start in range(0, len(keys), 500):
        docs = session.scalars(
            select(Document).where(Document.external_ref.in_(keys[start : start + 500]))
        )
        for doc in docs:
            assert doc.external_ref is not None
            found[by_ref[doc.external_ref]] = _status(session, doc)
    return found


#: how far a follow-up may be from the buyer's document (receipt's bill → delivery → order
#: → quote, and a reversal before any of them)
DEPTH = 6


def touched_refs(session: Session, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The requests whose status the documents ``ids`` may have moved: each named
    document's chain of sources (a bill's order, an order's quote) and what a reversal
    reverses, up to the buyer's own document. Lets the keeper of statuses re-read only
    what a change touched instead of every open request."""
    refs: set[uuid.UUID] = set()
    seen: set[uuid.UUID] = set()
    level = set(ids)
    for _ in range(DEPTH):
        level -= seen
        if not level:
            break
        seen |= level
        listed = list(level)
        level = set()
        for start in range(0, len(listed), 500):
            rows = session.execute(
                select(Document.external_ref, Document.source_id, Document.reverses_id).where(
                    Document.id.in_(listed[start : start + 500])
                )
            )
            for ref, source, reverses in rows:
                if ref and ref.startswith(REF_PREFIX):
                    with contextlib.suppress(ValueError):
                        refs.add(uuid.UUID(ref[len(REF_PREFIX) :]))
                level.update(x for x in (source, reverses) if x is not None)
    return refs


def _status(session: Session, doc: Document) -> MarketStatus:
    if doc.kind == DocKind.QUOTE:
        if doc.status in (DocStatus.REJECTED, DocStatus.CANCELLED):
            return _declined(doc)
        if doc.status == DocStatus.DRAFT:
            return _plain(M.RECEIVED, doc)
        order = session.scalar(
            select(Document)
            .where(Document.source_id == doc.id, Document.kind == DocKind.SALES_ORDER)
            .order_by(Document.created_at)
            .limit(1)
        )
        if order is None or order.status == DocStatus.DRAFT:
            return _plain(M.QUOTED, doc)
        return _order(session, order, M.QUOTED)
    return _order(session, doc, M.RECEIVED)


def _order(session: Session, order: Document, before: str) -> MarketStatus:
    if order.status == DocStatus.CANCELLED:
        return _declined(order)
    if order.status not in ORDER_GOING:
        return _plain(before, order)
    children = list(
        session.scalars(
            select(Document).where(
                Document.source_id == order.id,
                Document.kind.in_([DocKind.DELIVERY, DocKind.SALES_BILL]),
                Document.status.in_(COUNTED),
            )
        )
    )
    deliveries = [d for d in children if d.kind == DocKind.DELIVERY]
    bills = [d for d in children if d.kind == DocKind.SALES_BILL]
    delivered = _delivered(session, order)
    status: str = M.CONFIRMED
    if deliveries:
        status = M.SHIPPED
    if bills:
        status = M.BILLED
        standing = [b for b in bills if b.status == DocStatus.POSTED and b.reverses_id is None]
        if standing and all(open_amount(session, b.id) == 0 for b in standing):
            status = M.PAID
    return _plain(status, order, delivered)


def _delivered(session: Session, order: Document) -> dict[uuid.UUID, Decimal]:
    """Base quantity delivered per order line (posted deliveries, reversals netted)."""
    ids = [line.id for line in order.lines]
    rows = session.execute(
        select(DocumentLine.source_line_id, DocumentLine.qty, DocumentLine.unit_factor)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(
            DocumentLine.source_line_id.in_(ids),
            Document.kind == DocKind.DELIVERY,
            Document.status.in_(COUNTED),
        )
    )
    totals: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for source, qty, factor in rows:
        if source is not None:
            totals[source] += qty * factor
    return totals


def _plain(
    status: str, doc: Document, delivered: dict[uuid.UUID, Decimal] | None = None
) -> MarketStatus:
    done = delivered or {}
    return MarketStatus(
        status=status,
        lines=[
            StatusLine(
                line.product_id,
                line.qty,
                line.unit_price,
                (done.get(line.id, ZERO) / line.unit_factor).normalize() if done else ZERO,
                line.unit,
            )
            for line in doc.lines
        ],
        total=doc.total,
        number=doc.number,
    )


def _declined(doc: Document) -> MarketStatus:
    return replace(_plain(M.DECLINED, doc), reason=decline_reason(doc.notes))


def decline_reason(notes: str) -> str:
    """The reason the last cancellation or rejection of a document gave."""
    for line in reversed((notes or "").splitlines()):
        for prefix in REASON_PREFIXES:
            if line.startswith(prefix):
                return line[len(prefix) :].strip()
    return ""


def advance(previous: str | None, now: MarketStatus) -> MarketStatus:
    """``now``, but never behind the status a buyer was shown before (``previous``):
    declined is final, and the others only move up."""
    if previous is None or previous == now.status:
        return now
    if previous == M.DECLINED:
        return replace(now, status=M.DECLINED)
    if now.status == M.DECLINED:
        return now
    if RANK.get(previous, 0) > RANK.get(now.status, 0):
        return replace(now, status=previous)
    return now
