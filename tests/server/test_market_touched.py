"""Which requests a push re-reads (issue 17): the ids its changes name, walked up each
named document's sources to the buyer's (``market.touched_refs``). Every change that can
move a request's status — the quote sent, accepted, the order confirmed, delivered,
billed, paid, a delivery reversed, a decline — names its request; others name none."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from desktop.models import OutboxEntry, OutboxState
from desktop.services import credit, market, payments, quotes, reversal, trade
from desktop.services.ledger import Ledger
from marketplace.catalog import named_ids
from tests.core.market_helpers import buyer, listed, request
from tests.helpers import customer, product

ON = date(2026, 12, 3)


def _touched(ledger: Ledger) -> set[uuid.UUID]:
    """The requests the changes not yet sent touch; then they count as sent."""
    with ledger.read() as session:
        args: list[dict[str, Any]] = [
            dict(a)
            for a in session.scalars(
                select(OutboxEntry.args).where(OutboxEntry.state == OutboxState.PENDING)
            )
        ]
        found = market.touched_refs(session, named_ids(args))
        session.execute(update(OutboxEntry).values(state=OutboxState.APPLIED))
        session.commit()
    return found


def test_each_change_that_moves_a_status_names_its_request(ledger: Ledger) -> None:
    bolt = listed(ledger)
    who = buyer()
    order_req = request("order", who, [(bolt, "个", "10")])
    inquiry = request("inquiry", who, [(bolt, "个", "5")])
    with ledger.unit() as uow:
        order = market.receive_request(uow, order_req)
    with ledger.unit() as uow:
        quote = market.receive_request(uow, inquiry)
    assert _touched(ledger) == {order_req.ref, inquiry.ref}
    with ledger.unit() as uow:
        market.accept_buyer(uow, who.id)
    assert _touched(ledger) == {order_req.ref, inquiry.ref}  # it names their drafts
    with ledger.unit() as uow:
        quotes.send_quote(uow, quote.id)
    assert _touched(ledger) == {inquiry.ref}
    with ledger.unit() as uow:
        market.accept_quote(uow, inquiry.ref)
    assert _touched(ledger) == {inquiry.ref}
    with ledger.unit() as uow:
        credit.confirm_order(uow, order.id)
    assert _touched(ledger) == {order_req.ref}
    with ledger.unit() as uow:
        delivery = trade.fulfil(uow, order.id, None, ON)
    assert _touched(ledger) == {order_req.ref}
    with ledger.unit() as uow:
        reversal.reverse(uow, delivery.id, "送错了", ON)
    assert _touched(ledger) == {order_req.ref}
    with ledger.unit() as uow:
        trade.fulfil(uow, order.id, None, ON)
        bill = trade.bill_order(uow, order.id, None, ON)
    assert _touched(ledger) == {order_req.ref}
    with ledger.unit() as uow:  # paid without naming the bill: the oldest bills first
        payments.record_payment(uow, bill.party_id, "10.00", doc_date=ON)
    assert _touched(ledger) == {order_req.ref}
    with ledger.read() as session:
        assert market.status_of(session, [order_req.ref])[order_req.ref].status == "paid"

    # a sale of the desk's own, another customer: no request
    zhang = customer(ledger, "张三五金")
    product(ledger, code="0099", name="别的货")
    with ledger.unit() as uow:
        from desktop.services import documents

        other = documents.create_draft(
            uow, "sales_order", zhang, [documents.LineInput("0099", Decimal(1), "个", "10")], ON
        )
        credit.confirm_order(uow, other.id, as_of=ON)
    assert _touched(ledger) == set()
