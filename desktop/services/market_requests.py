"""Buyers' inquiries and orders arriving on the firm's ledger, and the clerk's answers.

An inquiry becomes a DRAFT quote, an order a DRAFT sales order, with the buyer's prices
and ``external_ref = "mkt:<request id>"`` so a retried request never makes a second one.
From there they are ordinary documents: the clerk adjusts, sends, confirms, delivers and
bills them with the usual services. Accepting a buyer links it to a customer (new or
existing) and puts that customer on its open drafts; declining says why.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from desktop.codes import BuyerStatus
from desktop.errors import NotFound, ValidationError, not_found
from desktop.models import Buyer, DocKind, DocStatus, Document, Listing, Party
from desktop.money import PRICE_SCALE, QTY, ZERO, fmt_qty, quantize
from desktop.services import documents, parties, quotes
from desktop.services import validate as v
from desktop.services.documents import LineInput, get_document, new_document, set_lines
from desktop.services.market_listing import availability, buyer_price
from desktop.services.products import get_product, unit_factor
from desktop.services.uow import UnitOfWork, intent_entry

KINDS = {"inquiry": DocKind.QUOTE, "order": DocKind.SALES_ORDER}
MAX_LINES = 100
MAX_BASE_QTY = Decimal(1_000_000)
MAX_NOTE = 500
#: the prefix every marketplace document's ``external_ref`` starts with
REF_PREFIX = "mkt:"


@dataclass(frozen=True)
class BuyerInfo:
    """The buyer account as the server knows it."""

    id: uuid.UUID
    name: str
    company: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class MarketRequest:
    """An inquiry or order a buyer placed: ``lines`` are (product id, unit, quantity)."""

    ref: uuid.UUID
    kind: str
    buyer: BuyerInfo
    lines: list[tuple[uuid.UUID, str, Decimal | str | int]]
    note: str = ""


def external_ref(ref: uuid.UUID) -> str:
    return f"{REF_PREFIX}{ref}"


def find_request(session: Any, ref: uuid.UUID) -> Document | None:
    """The document a request made, if it came before."""
    found: Document | None = session.scalar(
        select(Document).where(Document.external_ref == external_ref(ref))
    )
    return found


def _refused(code: str, zh: str, en: str, **details: Any) -> ValidationError:
    return ValidationError(code, zh, en, **details)


def _buyer_text(value: str, zh: str, en: str, limit: int, *, required: bool = False) -> str:
    if required:
        return v.required_text(value, zh, en, limit)
    text = v.plain_text(str(value or "").strip(), zh, en)
    if len(text) > limit:
        raise _refused(
            "too_long", f"{zh}太长（最多 {limit} 个字）。", f"{en} is too long (at most {limit})."
        )
    return text


def _check_buyer(info: BuyerInfo) -> dict[str, str]:
    return {
        "name": _buyer_text(info.name, "买家姓名", "The buyer's name", 80, required=True),
        "company": _buyer_text(info.company, "买家公司", "The buyer's company", 200),
        "phone": _buyer_text(info.phone, "买家电话", "The buyer's phone", 40),
        "email": _buyer_text(info.email, "买家邮箱", "The buyer's email", 120),
    }


def _upsert_buyer(uow: UnitOfWork, info: BuyerInfo, details: dict[str, str]) -> Buyer:
    buyer = uow.session.get(Buyer, info.id)
    if buyer is None:
        buyer = Buyer(id=info.id, status=BuyerStatus.PENDING, reason="", **details)
        uow.session.add(buyer)
    elif buyer.status == BuyerStatus.DECLINED and not uow.replaying:
        # a copy applying a request the firm's ledger took stands by it (declined meanwhile)
        raise _refused(
            "buyer_declined",
            "商家暂不接受您的询价和订单。",
            "The seller does not take inquiries or orders from this account.",
        )
    else:
        for key, value in details.items():
            if getattr(buyer, key) != value:
                setattr(buyer, key, value)
    return buyer


@dataclass(frozen=True)
class _Line:
    product_id: uuid.UUID
    unit: str
    qty: Decimal
    factor: Decimal

    @property
    def base_qty(self) -> Decimal:
        return self.qty * self.factor


def _check_lines(uow: UnitOfWork, req: MarketRequest, *, strict: bool) -> list[_Line]:
    """Each line as a valid (product, unit, quantity); ``strict``: what the buyer may
    order now (published, minimum order, available) — not checked again on a copy that
    applies a request the firm's ledger took."""
    session = uow.session
    if not req.lines:
        raise _refused("no_lines", "请至少选择一个商品。", "Choose at least one product.")
    if len(req.lines) > MAX_LINES:
        raise _refused(
            "too_many_lines",
            f"一次最多 {MAX_LINES} 个商品。",
            f"At most {MAX_LINES} products at a time.",
        )
    checked: list[_Line] = []
    for no, (product_key, unit, raw_qty) in enumerate(req.lines, start=1):
        try:
            product = get_product(session, uuid.UUID(str(product_key)))
        except (ValueError, NotFound):
            product = None
        listing = session.get(Listing, product.id) if product is not None else None
        if product is None or (
            strict and (listing is None or not listing.published or product.archived)
        ):
            raise _refused(
                "not_offered",
                f"第 {no} 行的商品不在售。",
                f"The product on line {no} is not offered.",
                line=no,
            )
        qty = v.decimal_value(
            raw_qty,
            f"第 {no} 行数量",
            f"The quantity on line {no}",
            allow_zero=False,
            column=QTY,
        )
        name, factor = unit_factor(product, unit)
        base = qty * factor
        if base > MAX_BASE_QTY:
            raise _refused(
                "too_much",
                f"第 {no} 行数量太大（最多 {fmt_qty(MAX_BASE_QTY)} {product.base_unit}）。",
                f"The quantity on line {no} is too large (at most "
                f"{fmt_qty(MAX_BASE_QTY)} {product.base_unit}).",
                line=no,
            )
        if strict and req.kind == "order" and base < product.min_order_qty:
            raise _refused(
                "below_moq",
                f"第 {no} 行：{product.name} 起订量为 {fmt_qty(product.min_order_qty)} "
                f"{product.base_unit}。",
                f"Line {no}: the minimum order of {product.name} is "
                f"{fmt_qty(product.min_order_qty)} {product.base_unit}.",
                line=no,
            )
        checked.append(_Line(product.id, name, qty, factor))
    if strict and req.kind == "order":
        _check_available(uow, checked)
    return checked


def _check_available(uow: UnitOfWork, lines: list[_Line]) -> None:
    wanted: dict[uuid.UUID, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        wanted[line.product_id] += line.base_qty
    free = availability(uow.session, list(wanted))
    for product_id, qty in wanted.items():
        left = free[product_id].figure
        if qty > left:
            product = get_product(uow.session, product_id)
            raise _refused(
                "not_enough",
                f"{product.name} 只有 {fmt_qty(left)} {product.base_unit} 可订。",
                f"Only {fmt_qty(left)} {product.base_unit} of {product.name} available.",
                product=str(product_id),
                available=str(left),
            )


@intent_entry
def receive_request(
    uow: UnitOfWork,
    req: MarketRequest,
    *,
    doc_date: date | None = None,
    party: uuid.UUID | None = None,
    prices: list[Decimal | str] | None = None,
) -> Document:
    """Take a buyer's inquiry (→ draft quote) or order (→ draft sales order). The same
    ``req.ref`` again returns the document it made the first time and writes nothing.

    ``doc_date``, ``party`` and ``prices`` are for a copy applying the request the firm's
    ledger took (``market.receive``): the same date, customer and prices as there."""
    session = uow.session
    existing = find_request(session, req.ref)
    if existing is not None:
        return existing
    if req.kind not in KINDS:
        raise _refused(
            "bad_kind", "只能发送询价或订单。", "A request is either an inquiry or an order."
        )
    note = v.plain_text(str(req.note or "").strip(), "备注", "The note", multiline=True)
    if len(note) > MAX_NOTE:
        raise _refused(
            "too_long",
            f"备注太长（最多 {MAX_NOTE} 个字）。",
            f"The note is too long (at most {MAX_NOTE} characters).",
        )
    details = _check_buyer(req.buyer)
    replaying = uow.replaying
    lines = _check_lines(uow, req, strict=not replaying)
    buyer = _upsert_buyer(uow, req.buyer, details)
    if replaying:
        customer = session.get(Party, party) if party is not None else None
    else:
        customer = _usable(buyer.party) if buyer.status == BuyerStatus.ACCEPTED else None
    doc = new_document(
        uow,
        KINDS[req.kind],
        customer,
        doc_date,
        notes=note,
        external_ref=external_ref(req.ref),
    )
    doc.buyer_id = buyer.id
    items = []
    for no, line in enumerate(lines):
        if prices is not None:
            price: Decimal | str = prices[no]
        else:
            product = get_product(session, line.product_id)
            per_base = buyer_price(session, buyer.id, product, line.base_qty)
            price = quantize(per_base * line.factor, PRICE_SCALE).normalize()
        items.append(
            LineInput(product=line.product_id, qty=line.qty, unit=line.unit, unit_price=price)
        )
    set_lines(uow, doc, items)
    session.flush()
    uow.record(
        "market.receive",
        {
            "ref": req.ref,
            "kind": req.kind,
            "buyer": {"id": buyer.id, **details},
            "lines": [[x.product_id, x.unit, x.qty] for x in lines],
            "note": note,
            "date": doc.doc_date,
            "party": doc.party_id,
            "prices": [x.unit_price for x in doc.lines],
        },
    )
    return doc


def _usable(party: Party | None) -> Party | None:
    """The buyer's customer, when a document may name it (not archived, a customer)."""
    if party is None or party.archived or not party.is_customer:
        return None
    return party


def _reason(reason: str) -> str:
    text = v.plain_text(str(reason or "").strip(), "原因", "The reason", multiline=True)
    if not text:
        raise _refused("reason_required", "请写明原因。", "Give a reason.")
    if len(text) > MAX_NOTE:
        raise _refused(
            "too_long",
            f"原因太长（最多 {MAX_NOTE} 个字）。",
            f"The reason is too long (at most {MAX_NOTE} characters).",
        )
    return text


def _decline_doc(uow: UnitOfWork, doc: Document, reason: str) -> None:
    if doc.kind == DocKind.QUOTE:
        quotes.reject_quote(uow, doc.id, reason)
    else:
        documents.cancel(uow, doc.id, reason)


@intent_entry
def decline(uow: UnitOfWork, document_id: uuid.UUID, reason: str) -> Document:
    """Decline a buyer's inquiry or order, saying why (the buyer sees the reason): the
    quote is rejected, the order cancelled."""
    doc = get_document(uow.session, document_id)
    if doc.buyer_id is None:
        raise _refused(
            "not_from_market",
            f"{doc.number} 不是网店买家发来的单据。",
            f"{doc.number} did not come from a marketplace buyer.",
        )
    text = _reason(reason)
    _decline_doc(uow, doc, text)
    uow.record("market.decline", {"id": doc.id, "reason": text})
    return doc


@intent_entry
def accept_quote(uow: UnitOfWork, ref: uuid.UUID, doc_date: date | None = None) -> Document:
    """The buyer accepts the quote the firm sent for their inquiry ``ref``: a draft sales
    order with the quote's lines and prices, from the same buyer, for a clerk to confirm."""
    quote = find_request(uow.session, ref)
    if quote is None or quote.kind != DocKind.QUOTE or quote.status != DocStatus.SENT:
        raise _refused(
            "no_quote",
            "这条询价还没有可接受的报价。",
            "There is no quote to accept for this inquiry yet.",
        )
    order = quotes.order_from_quote(uow, quote.id, doc_date)
    order.buyer_id = quote.buyer_id
    uow.session.flush()
    uow.record("market.accept_quote", {"ref": ref, "date": order.doc_date})
    return order


def get_buyer(session: Any, buyer_id: uuid.UUID) -> Buyer:
    buyer: Buyer | None = session.get(Buyer, buyer_id)
    if buyer is None:
        raise not_found("网店买家", "Marketplace buyer", buyer_id)
    return buyer


def open_drafts(session: Any, buyer_id: uuid.UUID) -> list[Document]:
    """The buyer's inquiries and orders no clerk has acted on (draft, or a quote sent)."""
    return list(
        session.scalars(
            select(Document)
            .where(
                Document.buyer_id == buyer_id,
                Document.status.in_([DocStatus.DRAFT, DocStatus.SENT]),
            )
            .order_by(Document.created_at, Document.number)
        )
    )


@intent_entry
def accept_buyer(
    uow: UnitOfWork,
    buyer_id: uuid.UUID,
    party_id: uuid.UUID | None = None,
    *,
    drafts: list[uuid.UUID] | None = None,
) -> Buyer:
    """Accept a buyer as a customer: an existing one (``party_id``) or a new one made from
    the buyer's details. Their open drafts without a customer get this one, so the clerk
    sees the credit panel and their prices from now on.

    ``drafts``: for a copy applying the acceptance, the very drafts it attached there."""
    session = uow.session
    buyer = get_buyer(session, buyer_id)
    if buyer.status == BuyerStatus.ACCEPTED:
        raise _refused(
            "already_accepted",
            f"买家 {buyer.name} 已经接受过了。",
            f"Buyer {buyer.name} was accepted already.",
        )
    created = party_id is None
    if party_id is not None:
        party = parties.get_party(session, party_id)
        if not party.is_customer or party.archived:
            raise _refused(
                "not_customer",
                f"{party.name} 不是可用的客户。",
                f"{party.name} is not a customer in use.",
            )
    else:
        party = parties.create_party(
            uow,
            name=buyer.company or buyer.name,
            contact=buyer.name,
            phone=buyer.phone,
            contacts=[{"name": buyer.name, "phone": buyer.phone, "email": buyer.email}],
        )
    buyer.party_id, buyer.party = party.id, party
    buyer.status, buyer.reason = BuyerStatus.ACCEPTED, ""
    if drafts is None:
        attach = [d for d in open_drafts(session, buyer.id) if d.party_id is None]
    else:
        attach = [get_document(session, d) for d in drafts]
    for doc in attach:
        doc.party, doc.party_id = party, party.id
        if not doc.salesperson:
            doc.salesperson = party.salesperson
    session.flush()
    uow.record(
        "market.accept_buyer",
        {
            "buyer": buyer.id,
            "party": None if created else party.id,
            "drafts": [d.id for d in attach],
        },
    )
    return buyer


@intent_entry
def decline_buyer(
    uow: UnitOfWork, buyer_id: uuid.UUID, reason: str, *, drafts: list[uuid.UUID] | None = None
) -> Buyer:
    """Decline a buyer, saying why: their open inquiries and orders are declined with the
    same reason, and nothing more is taken from them."""
    session = uow.session
    buyer = get_buyer(session, buyer_id)
    text = _reason(reason)
    if buyer.status == BuyerStatus.DECLINED:
        raise _refused(
            "already_declined",
            f"买家 {buyer.name} 已经拒绝过了。",
            f"Buyer {buyer.name} was declined already.",
        )
    targets = (
        open_drafts(session, buyer.id)
        if drafts is None
        else [get_document(session, d) for d in drafts]
    )
    for doc in targets:
        _decline_doc(uow, doc, text)
    buyer.status, buyer.reason = BuyerStatus.DECLINED, text
    session.flush()
    uow.record(
        "market.decline_buyer",
        {"buyer": buyer.id, "reason": text, "drafts": [d.id for d in targets]},
    )
    return buyer
