"""Steps the marketplace's end-to-end tests share: a desk publishing products, a buyer on
the JSON API, a clerk answering on the desk through the core's services (as the window
does)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import select

from desktop.models import Document
from desktop.services import credit, documents, market, quotes, trade
from desktop.services.ledger import Ledger
from desktop.services.opening import opening_stock
from tests.helpers import product

BUYER_PASSWORD = "buyer-pass-1"


def publish(
    ledger: Ledger, code: str, name: str, stock: str, *, buffer: str = "0", **values: Any
) -> uuid.UUID:
    """A product (base unit 个, a 箱 of 24, tiers 1.00 and 0.80 from 100) with ``stock`` on
    hand, published."""
    values.setdefault("tiers", [{"min_qty": 0, "price": "1.00"}, {"min_qty": 100, "price": "0.80"}])
    values.setdefault("spec", "M8×30")
    values.setdefault("category", "紧固件")
    ident = product(ledger, code=code, name=name, **values)
    with ledger.unit() as uow:
        if Decimal(stock):
            opening_stock(uow, {ident: (Decimal(stock), Decimal("0.5"))}, date.today())
        market.publish(uow, ident, safety_buffer=buffer)
    return uuid.UUID(str(ident))


class Buyer:
    """A buyer's own system on the JSON API."""

    def __init__(self, url: str, login: str, name: str = "王五", company: str = "王五建材") -> None:
        self.http = httpx.Client(base_url=url, timeout=60)
        answer = self.http.post(
            "/api/v1/market/buyers/signup",
            json={"login": login, "password": BUYER_PASSWORD, "name": name, "company": company},
        )
        assert answer.status_code == 200, answer.text
        self.id = uuid.UUID(answer.json()["buyer"]["id"])
        self.http.headers["Authorization"] = f"Bearer {answer.json()['token']}"

    def send(
        self,
        firm: str,
        kind: str,
        lines: list[tuple[uuid.UUID, str, str]],
        request_id: str | None = None,
        note: str = "",
    ) -> httpx.Response:
        body: dict[str, Any] = {
            "kind": kind,
            "lines": [{"product_id": str(p), "unit": u, "qty": q} for p, u, q in lines],
            "note": note,
        }
        if request_id:
            body["request_id"] = request_id
        return self.http.post(f"/api/v1/market/firms/{firm}/requests", json=body)

    def request(self, firm: str, ident: str) -> dict[str, Any]:
        answer = self.http.get(f"/api/v1/market/firms/{firm}/requests/{ident}")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def product(self, firm: str, ident: uuid.UUID) -> dict[str, Any]:
        answer = self.http.get(f"/api/v1/market/firms/{firm}/products/{ident}")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def close(self) -> None:
        self.http.close()


def drafts(
    ledger: Ledger,
) -> list[tuple[str, str, str, list[tuple[uuid.UUID, str, Decimal, Decimal]]]]:
    """The marketplace's documents on a desk (a buyer's): (kind, status, external ref,
    lines); an order made from an accepted quote has no ref of its own."""
    with ledger.read() as session:
        docs = session.scalars(
            select(Document).where(Document.buyer_id.is_not(None)).order_by(Document.number)
        ).all()
        return [
            (
                d.kind,
                d.status,
                str(d.external_ref or ""),
                [(x.product_id, x.unit, x.qty, x.unit_price) for x in d.lines],
            )
            for d in docs
        ]


def document_of(ledger: Ledger, ref: str) -> uuid.UUID:
    with ledger.read() as session:
        doc = session.scalar(select(Document).where(Document.external_ref == f"mkt:{ref}"))
        assert doc is not None, ref
        return doc.id


def confirm(ledger: Ledger, ref: str, buyer: uuid.UUID) -> uuid.UUID:
    """The clerk accepts the new buyer as a customer and confirms their order."""
    order = document_of(ledger, ref)
    with ledger.unit() as uow:
        market.accept_buyer(uow, buyer)
        credit.confirm_order(uow, order)
    return order


def deliver(ledger: Ledger, order: uuid.UUID) -> None:
    with ledger.unit() as uow:
        trade.fulfil(uow, order, None, date.today())


def bill(ledger: Ledger, order: uuid.UUID) -> None:
    with ledger.unit() as uow:
        trade.bill_order(uow, order, None, date.today())


def send_quote(ledger: Ledger, ref: str, price: str) -> None:
    """The clerk prices the buyer's inquiry (its draft quote) and sends the quote."""
    quote = document_of(ledger, ref)
    with ledger.unit() as uow:
        draft = documents.get_document(uow.session, quote)
        lines = [documents.LineInput(x.product_id, x.qty, x.unit, price) for x in draft.lines]
        documents.update_draft(uow, quote, lines, party=draft.party_id)
        quotes.send_quote(uow, quote)


def confirm_deliver_bill(ledger: Ledger, ref: str, buyer: uuid.UUID) -> None:
    """Confirmed, delivered whole and billed: three changes, as the window makes them."""
    order = confirm(ledger, ref, buyer)
    deliver(ledger, order)
    bill(ledger, order)
