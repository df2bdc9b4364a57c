"""Quotes (报价单): send, accept into an order, reject, or let them lapse by cancelling."""

from __future__ import annotations

import uuid
from datetime import date

from desktop.errors import ValidationError
from desktop.models import DocKind, Document
from desktop.services import lifecycle
from desktop.services.documents import LineInput, get_document, new_document, set_lines
from desktop.services.uow import UnitOfWork, intent_entry


def _quote(uow: UnitOfWork, quote_id: uuid.UUID | str) -> Document:
    quote = get_document(uow.session, quote_id)
    if quote.kind != DocKind.QUOTE:
        raise ValidationError(
            "not_a_quote", f"{quote.number} 不是报价单。", f"{quote.number} is not a quote."
        )
    return quote


@intent_entry
def send_quote(uow: UnitOfWork, quote_id: uuid.UUID | str) -> Document:
    """Mark a quote as sent to the customer (it can no longer be edited)."""
    quote = _quote(uow, quote_id)
    if not quote.lines:
        raise ValidationError(
            "no_lines", f"报价单 {quote.number} 没有明细。", f"Quote {quote.number} has no lines."
        )
    lifecycle.apply(quote, "send")
    uow.record("quote.send", {"id": quote.id})
    return quote


@intent_entry
def reject_quote(uow: UnitOfWork, quote_id: uuid.UUID | str, reason: str = "") -> Document:
    quote = _quote(uow, quote_id)
    lifecycle.apply(quote, "reject")
    if reason:
        quote.notes = (quote.notes + "\n" if quote.notes else "") + f"未成交原因：{reason}"
    uow.record("quote.reject", {"id": quote.id, "reason": reason})
    return quote


@intent_entry
def order_from_quote(
    uow: UnitOfWork, quote_id: uuid.UUID | str, doc_date: date | None = None
) -> Document:
    """Turn an accepted quote into a draft sales order with the same lines and prices."""
    quote = _quote(uow, quote_id)
    lifecycle.apply(quote, "accept")
    items = [
        LineInput(
            product=x.product_id,
            qty=x.qty,
            unit=x.unit,
            unit_price=x.unit_price,
            discount_rate=x.discount_rate,
            tax_rate=x.tax_rate,
            notes=x.notes,
        )
        for x in quote.lines
    ]
    order = new_document(
        uow, DocKind.SALES_ORDER, quote.party, doc_date, ship_to=quote.ship_to, notes=quote.notes
    )
    order.source_id = quote.id
    set_lines(uow, order, items)
    uow.session.flush()
    uow.record("quote.accept", {"id": quote.id, "date": order.doc_date})
    return order
