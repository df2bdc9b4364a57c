"""Receipts from customers and payments to suppliers, allocated to bills."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from desktop.errors import ValidationError
from desktop.models import Document, FlowName
from desktop.money import MONEY, fmt_money
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.documents import get_document, new_document, party_for
from desktop.services.flow_kinds import FLOW_OF_KIND, FLOWS, Flow
from desktop.services.posting import allocate, post_entry
from desktop.services.receivables import open_items
from desktop.services.uow import UnitOfWork, intent_entry

Allocations = list[tuple[uuid.UUID | str, Decimal | str]]


@intent_entry
def record_payment(
    uow: UnitOfWork,
    party: uuid.UUID | str,
    amount: Decimal | str,
    *,
    flow: str = FlowName.SALES,
    doc_date: date | None = None,
    method: str = "",
    reference: str = "",
    notes: str = "",
    allocations: Allocations | None = None,
    auto_allocate: bool = True,
) -> Document:
    """Record money received (sales) or paid (purchases) and apply it to bills.

    With explicit ``allocations`` exactly those are applied; otherwise, with
    ``auto_allocate``, the oldest due bills are paid first. What is left stays on
    the party's account as unapplied credit (预收/预付).
    """
    chosen: Flow = FLOWS[flow]
    value = v.money_value(amount, "金额", "Amount", allow_zero=False)
    party_row = party_for(uow.session, chosen.pay, party)
    assert party_row is not None
    doc = new_document(
        uow, chosen.pay, party_row, doc_date, method=method, reference=reference, notes=notes
    )
    doc.net_total = doc.total = value
    lifecycle.apply(doc, "post")
    uow.session.flush()
    post_entry(uow, doc, chosen.account, -value)
    plan = (
        _explicit(uow, doc, allocations, value)
        if allocations
        else _oldest_first(uow, doc, value)
        if auto_allocate
        else []
    )
    for bill, part in plan:
        allocate(uow, doc, bill, part, doc.doc_date)
    uow.record(
        f"{chosen.pay}.record",
        {
            "id": doc.id,
            "number": doc.number,
            "party": party_row.id,
            "amount": value,
            "date": doc.doc_date,
            "method": method,
            "reference": reference,
            "notes": notes,
            "allocations": [(b.id, a) for b, a in plan],
        },
    )
    return doc


def _explicit(
    uow: UnitOfWork, doc: Document, allocations: Allocations, value: Decimal
) -> list[tuple[Document, Decimal]]:
    open_by_id = (
        {
            i.document_id: i
            for i in open_items(uow.session, doc.party_id, _account(doc))
            if i.open > 0
        }
        if doc.party_id
        else {}
    )
    plan: list[tuple[Document, Decimal]] = []
    total = Decimal(0)
    for key, raw in allocations:
        bill = get_document(uow.session, key)
        part = v.decimal_value(
            raw,
            f"{bill.number} 的核销金额",
            f"Amount for {bill.number}",
            allow_zero=False,
            column=MONEY,
        )
        item = open_by_id.get(bill.id)
        if item is None:
            raise ValidationError(
                "not_open",
                f"{bill.number} 不是 {doc.party.name if doc.party else ''} 的未结单据。",
                f"{bill.number} is not an open item of this party.",
            )
        if part > item.open:
            raise ValidationError(
                "over_allocated",
                f"{bill.number} 只欠 {fmt_money(item.open)} 元，不能核销 {fmt_money(part)} 元。",
                f"{bill.number} has only {fmt_money(item.open)} open; cannot apply {fmt_money(part)}.",
            )
        total += part
        plan.append((bill, part))
    if total > value:
        raise ValidationError(
            "over_allocated",
            f"核销合计 {fmt_money(total)} 元超过了本次金额 {fmt_money(value)} 元。",
            f"Allocations ({fmt_money(total)}) exceed the amount ({fmt_money(value)}).",
        )
    return plan


def _oldest_first(uow: UnitOfWork, doc: Document, value: Decimal) -> list[tuple[Document, Decimal]]:
    if doc.party_id is None:
        return []
    plan = []
    left = value
    for item in open_items(uow.session, doc.party_id, _account(doc)):
        if left <= 0:
            break
        if item.open <= 0 or item.document_id == doc.id:
            continue
        part = min(left, item.open)
        plan.append((get_document(uow.session, item.document_id), part))
        left -= part
    return plan


@intent_entry
def allocate_credit(
    uow: UnitOfWork,
    credit_id: uuid.UUID | str,
    debit_id: uuid.UUID | str,
    amount: Decimal | str,
    on: date | None = None,
) -> None:
    """Apply an unapplied credit (a receipt's or return's remainder) to an open bill later."""
    credit = get_document(uow.session, credit_id)
    debit = get_document(uow.session, debit_id)
    lifecycle.require(credit, "allocate")
    lifecycle.require(debit, "allocate")
    if credit.party_id != debit.party_id or credit.party_id is None:
        raise ValidationError(
            "other_party",
            "只能核销同一往来单位的单据。",
            "Both documents must belong to the same party.",
        )
    part = v.decimal_value(amount, "核销金额", "Amount", allow_zero=False, column=MONEY)
    items = {i.document_id: i for i in open_items(uow.session, credit.party_id, _account(credit))}
    credit_item, debit_item = items.get(credit.id), items.get(debit.id)
    if credit_item is None or credit_item.open >= 0 or -credit_item.open < part:
        left = fmt_money(-credit_item.open) if credit_item and credit_item.open < 0 else "0.00"
        raise ValidationError(
            "over_allocated",
            f"{credit.number} 可核销余额只有 {left} 元。",
            f"{credit.number} has only {left} left to apply.",
        )
    if debit_item is None or debit_item.open < part:
        left = fmt_money(debit_item.open) if debit_item else "0.00"
        raise ValidationError(
            "over_allocated",
            f"{debit.number} 只欠 {left} 元。",
            f"{debit.number} has only {left} open.",
        )
    on = v.date_value(on or date.today(), "核销日期", "The allocation date")
    allocate(uow, credit, debit, part, on)
    uow.record("allocation.create", {"from": credit.id, "to": debit.id, "amount": part, "date": on})


def _account(doc: Document) -> str:
    return FLOW_OF_KIND[doc.kind].account
