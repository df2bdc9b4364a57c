"""Drafting documents of every kind: lines, prices, totals, numbers; cancelling drafts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from desktop.errors import ValidationError, not_found
from desktop.labels import KIND_ZH
from desktop.models import DocKind, DocStatus, Document, DocumentLine, Firm, Party
from desktop.money import PRICE, QTY, ZERO, line_amounts
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.firm import get_firm
from desktop.services.numbering import next_number, observe
from desktop.services.parties import get_party
from desktop.services.plain_load import document_with_party
from desktop.services.posting import insert_document
from desktop.services.products import get_product, preload, suggest_price, unit_factor
from desktop.services.uow import UnitOfWork, intent_entry

SALES_KINDS = {
    DocKind.QUOTE,
    DocKind.SALES_ORDER,
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.RECEIPT,
}
PURCHASE_KINDS = {
    DocKind.PURCHASE_ORDER,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
    DocKind.PAYMENT,
}
HEADER_FIELDS = {
    "salesperson",
    "ship_to",
    "notes",
    "reference",
    "method",
    "due_date",
    "external_ref",
}


@dataclass
class LineInput:
    """One line as a clerk enters it; missing price or tax rate are filled in."""

    product: uuid.UUID | str
    qty: Decimal | str | int
    unit: str | None = None
    unit_price: Decimal | str | None = None
    discount_rate: Decimal | str = ZERO
    tax_rate: Decimal | str | None = None
    source_line_id: uuid.UUID | None = None
    notes: str = ""


#: the loader options of an order a step works on, made once
_WITH_PARTY = (joinedload(Document.party), joinedload(Document.lines))


def get_document(session: Session, key: uuid.UUID | str, *, with_party: bool = False) -> Document:
    """By id or number; ``with_party``: its party and lines read in the same query (an order
    a step works on: the credit check and the documents made from it need both)."""
    if with_party and isinstance(key, uuid.UUID):
        read = document_with_party(session, key)  # one plain statement, not the ORM's load
        if read is not None:
            return read
    options = _WITH_PARTY if with_party else ()
    doc = (
        session.get(Document, key, options=options)
        if isinstance(key, uuid.UUID)
        else session.scalar(select(Document).where(Document.number == key).options(*options))
    )
    if doc is None:
        raise not_found("单据", "Document", key)
    return doc


def party_for(session: Session, kind: str, key: uuid.UUID | str | None) -> Party | None:
    if key is None:
        if kind == DocKind.STOCKTAKE:
            return None
        raise ValidationError(
            "party_required", "请选择客户或供应商。", "Choose a customer or supplier."
        )
    party = get_party(session, key)
    if kind in SALES_KINDS and not party.is_customer:
        raise ValidationError(
            "not_customer", f"{party.name} 不是客户。", f"{party.name} is not a customer."
        )
    if kind in PURCHASE_KINDS and not party.is_supplier:
        raise ValidationError(
            "not_supplier", f"{party.name} 不是供应商。", f"{party.name} is not a supplier."
        )
    if party.archived:
        raise ValidationError("archived", f"{party.name} 已停用。", f"{party.name} is archived.")
    return party


def new_document(
    uow: UnitOfWork,
    kind: str,
    party: Party | None,
    doc_date: date | None,
    *,
    add: bool = True,
    **header: Any,
) -> Document:
    """A numbered, empty draft of ``kind``; ``add=False``: not added to the session (a
    document the posting rules insert themselves, ``posting.insert_posted``)."""
    unknown = set(header) - HEADER_FIELDS
    if unknown:
        raise ValidationError(
            "unknown_field",
            f"未知字段：{', '.join(sorted(unknown))}",
            f"Unknown fields: {', '.join(sorted(unknown))}",
        )
    v.plain_texts(header)
    firm = get_firm(uow.session)
    on = v.date_value(doc_date or date.today(), "单据日期", "The document date")
    doc_id, number = uow.new_key("document", lambda: next_number(uow.session, kind, uow.desk, on))
    if uow.replaying:
        observe(uow.session, number)
    uow.touch("number_series")
    doc = Document(
        id=doc_id,
        kind=kind,
        number=number,
        status=DocStatus.DRAFT,
        print_count=0,
        party=party,
        party_id=party.id if party else None,
        doc_date=on,
        salesperson=header.pop("salesperson", None) or (party.salesperson if party else ""),
        currency=firm.currency,
        prices_include_tax=firm.prices_include_tax,
        created_by=uow.actor,
        desk=uow.desk,
        **header,
    )
    if add:
        uow.session.add(doc)
    return doc


def build_line(
    session: Session,
    firm: Firm,
    doc: Document,
    no: int,
    item: LineInput,
    *,
    allow_negative: bool = False,
) -> DocumentLine:
    """Validate one line and fill its unit factor, price, tax rate and amounts."""
    product = get_product(session, item.product)
    if product.archived:
        raise ValidationError(
            "archived", f"商品 {product.code} 已停用。", f"Product {product.code} is archived."
        )
    minimum = None if allow_negative else Decimal(0)
    qty = v.decimal_value(
        item.qty,
        f"第 {no} 行数量",
        f"Quantity on line {no}",
        minimum=minimum,
        allow_zero=False,
        column=QTY,
    )
    unit, factor = unit_factor(product, item.unit)
    if item.unit_price is None or item.unit_price == "":
        suggestion = suggest_price(session, product, doc.party, abs(qty) * factor, doc.kind)
        price = suggestion.price * factor
    else:
        price = v.decimal_value(
            item.unit_price, f"第 {no} 行单价", f"Price on line {no}", column=PRICE
        )
    discount = v.rate_value(item.discount_rate or ZERO, f"第 {no} 行折扣", f"Discount on line {no}")
    rate_source = (
        item.tax_rate
        if item.tax_rate not in (None, "")
        else (product.tax_rate if product.tax_rate is not None else firm.default_tax_rate)
    )
    tax_rate = v.rate_value(rate_source, f"第 {no} 行税率", f"Tax rate on line {no}")
    amounts = line_amounts(qty, price, tax_rate, discount, doc.prices_include_tax)
    v.line_fits(qty * factor, amounts.total, f"第 {no} 行", f"line {no}")
    return DocumentLine(
        line_no=no,
        product_id=product.id,
        product=product,
        unit=unit,
        unit_factor=factor,
        qty=qty,
        unit_price=price.normalize() if price else Decimal(0),
        discount_rate=discount,
        tax_rate=tax_rate,
        net_amount=amounts.net,
        tax_amount=amounts.tax,
        total_amount=amounts.total,
        source_line_id=item.source_line_id,
        notes=item.notes,
    )


def set_lines(
    uow: UnitOfWork, doc: Document, items: list[LineInput], *, allow_negative: bool = False
) -> None:
    """Build and set the lines; their products (with units) read in one go, and nothing
    flushed meanwhile: a new document is inserted with its lines and totals in one flush."""
    firm = get_firm(uow.session)
    with uow.session.no_autoflush:
        kept = preload(uow.session, [x.product for x in items if isinstance(x.product, uuid.UUID)])
        lines = [
            build_line(uow.session, firm, doc, i, item, allow_negative=allow_negative)
            for i, item in enumerate(items, start=1)
        ]
    del kept
    for line in lines:
        line.id = uow.new_key("document_line")[0]
    doc.lines = lines
    recompute_totals(doc)


def recompute_totals(doc: Document) -> None:
    """Document totals are the sums of the line figures (reconciles to the fen)."""
    doc.net_total = sum((line.net_amount for line in doc.lines), ZERO)
    doc.tax_total = sum((line.tax_amount for line in doc.lines), ZERO)
    doc.total = sum((line.total_amount for line in doc.lines), ZERO)


@intent_entry
def create_draft(
    uow: UnitOfWork,
    kind: str,
    party: uuid.UUID | str | None,
    lines: list[LineInput],
    doc_date: date | None = None,
    **header: Any,
) -> Document:
    """Save a new draft of any kind with lines (quote, order, bill, return...)."""
    if kind not in KIND_ZH or kind in (DocKind.RECEIPT, DocKind.PAYMENT):
        raise ValidationError(
            "bad_kind",
            f"不能用这种方式创建{KIND_ZH.get(kind, kind)}。",
            f"Cannot draft a {kind} this way.",
        )
    party_row = party_for(uow.session, kind, party)
    with uow.session.no_autoflush:  # the draft goes in with its lines, in one insert each
        doc = new_document(uow, kind, party_row, doc_date, add=False, **header)
        set_lines(uow, doc, lines)
    insert_document(uow, doc, [])
    uow.record(
        f"{kind}.create",
        {
            "id": doc.id,
            "number": doc.number,
            "party": party_row.id if party_row else None,
            "date": doc.doc_date,
            "header": header,
            "lines": [_line_args(x) for x in doc.lines],
        },
    )
    return doc


@intent_entry
def update_draft(
    uow: UnitOfWork, doc_id: uuid.UUID, lines: list[LineInput] | None = None, **header: Any
) -> Document:
    doc = get_document(uow.session, doc_id)
    lifecycle.require(doc, "edit")
    unknown = set(header) - HEADER_FIELDS - {"doc_date", "party"}
    if unknown:
        raise ValidationError(
            "unknown_field",
            f"未知字段：{', '.join(sorted(unknown))}",
            f"Unknown fields: {', '.join(sorted(unknown))}",
        )
    if "party" in header:
        party = party_for(uow.session, doc.kind, header.pop("party"))
        doc.party, doc.party_id = party, party.id if party else None
    v.plain_texts(header)
    if header.get("doc_date") is not None:
        header["doc_date"] = v.date_value(header["doc_date"], "单据日期", "The document date")
    for key, value in header.items():
        setattr(doc, key, value)
    if lines is not None:
        set_lines(uow, doc, lines)
    uow.session.flush()
    uow.record(
        f"{doc.kind}.update",
        {
            "id": doc.id,
            "party": doc.party_id,
            "date": doc.doc_date,
            "header": {k: v for k, v in header.items() if k != "doc_date"},
            "lines": [_line_args(x) for x in doc.lines] if lines is not None else None,
        },
    )
    return doc


@intent_entry
def cancel(uow: UnitOfWork, doc_id: uuid.UUID, reason: str = "") -> Document:
    """Void a draft (or an order with nothing delivered)."""
    doc = get_document(uow.session, doc_id)
    lifecycle.require(doc, "cancel")
    if doc.kind in (DocKind.SALES_ORDER, DocKind.PURCHASE_ORDER) and doc.status != DocStatus.DRAFT:
        from desktop.services.trade import order_progress

        if any(p.fulfilled or p.billed for p in order_progress(uow.session, doc).values()):
            raise ValidationError(
                "order_in_progress",
                f"订单 {doc.number} 已有发货或开单，不能作废；可以“关闭”剩余部分。",
                f"Order {doc.number} has deliveries or bills; close it instead.",
            )
    lifecycle.apply(doc, "cancel")
    if reason:
        doc.notes = (doc.notes + "\n" if doc.notes else "") + f"作废原因：{reason}"
    uow.record("document.cancel", {"id": doc.id, "reason": reason})
    return doc


def _line_args(line: DocumentLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "product": line.product_id,
        "unit": line.unit,
        "qty": line.qty,
        "unit_price": line.unit_price,
        "discount_rate": line.discount_rate,
        "tax_rate": line.tax_rate,
        "source_line_id": line.source_line_id,
        "notes": line.notes,
    }


def posted_args(doc: Document) -> dict[str, Any]:
    """What a posted document carries in its intent: each line's quantity and amounts, and
    the totals, so a copy that applies it again can prove it posted the same."""
    return {
        "number": doc.number,
        "total": doc.total,
        "lines": [
            [line.id, line.product_id, line.qty * line.unit_factor, line.total_amount]
            for line in doc.lines
        ],
    }
