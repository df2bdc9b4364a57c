"""Recording fapiao issued through the tax system, and what is still un-invoiced."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.models import (
    DocKind,
    DocStatus,
    Document,
    Fapiao,
    FapiaoDirection,
    FapiaoKind,
    FapiaoLink,
    FapiaoStatus,
)
from desktop.money import MONEY, ZERO, fmt_money
from desktop.services import validate as v
from desktop.services.documents import get_document
from desktop.services.parties import get_party
from desktop.services.uow import UnitOfWork, intent_entry

BILL_KINDS = (DocKind.SALES_BILL, DocKind.SUPPLIER_BILL)


@intent_entry
def record_fapiao(
    uow: UnitOfWork,
    *,
    number: str,
    party: uuid.UUID | str,
    issue_date: date,
    net_amount: Decimal | str,
    tax_amount: Decimal | str,
    kind: str = FapiaoKind.SPECIAL,
    code: str = "",
    direction: str = FapiaoDirection.OUT,
    links: list[tuple[uuid.UUID | str, Decimal | str]] | None = None,
    notes: str = "",
) -> Fapiao:
    """Record a fapiao and link it to bills (the amounts it covers on each)."""
    session = uow.session
    number = v.required_text(number, "发票号码", "Fapiao number", 40)
    issue_date = v.date_value(issue_date, "开票日期", "The issue date")
    if kind not in set(FapiaoKind):
        raise ValidationError(
            "bad_kind",
            "发票类型只能是专票、普票或数电票。",
            "The fapiao type must be special, normal or digital.",
        )
    if direction not in set(FapiaoDirection):
        raise ValidationError(
            "bad_direction",
            "发票方向只能是销项（开给客户）或进项（供应商开来）。",
            "A fapiao is either issued to a customer or received from a supplier.",
        )
    party_row = get_party(session, party)
    net = v.money_value(net_amount, "金额", "Net amount", minimum=None)
    tax = v.money_value(tax_amount, "税额", "Tax", minimum=None)
    if session.scalar(
        select(Fapiao.id).where(
            Fapiao.number == number, Fapiao.code == code, Fapiao.direction == direction
        )
    ):
        raise ValidationError(
            "duplicate_fapiao",
            f"发票 {code} {number} 已经登记过了。",
            f"Fapiao {code} {number} is already recorded.",
        )
    fapiao = Fapiao(
        id=uow.new_key("fapiao")[0],
        number=number,
        code=code,
        issue_date=issue_date,
        kind=kind,
        direction=direction,
        party_id=party_row.id,
        net_amount=net,
        tax_amount=tax,
        total_amount=net + tax,
        notes=notes,
        status=FapiaoStatus.RED if net + tax < 0 else FapiaoStatus.VALID,
    )
    for key, raw in links or []:
        bill = get_document(session, key)
        amount = v.decimal_value(
            raw, f"{bill.number} 开票金额", f"Amount on {bill.number}", minimum=None, column=MONEY
        )
        _check_link(session, bill, party_row.id, amount)
        fapiao.links.append(FapiaoLink(document_id=bill.id, amount=amount))
    session.add(fapiao)
    session.flush()
    uow.record(
        "fapiao.record",
        {
            "id": fapiao.id,
            "number": number,
            "code": code,
            "party": party_row.id,
            "date": issue_date,
            "net": net,
            "tax": tax,
            "kind": kind,
            "direction": direction,
            "links": [(str(x.document_id), x.amount) for x in fapiao.links],
            "notes": notes,
        },
    )
    return fapiao


def _check_link(session: Session, bill: Document, party_id: uuid.UUID, amount: Decimal) -> None:
    if bill.kind not in BILL_KINDS or bill.status not in (DocStatus.POSTED,):
        raise ValidationError(
            "not_a_bill",
            f"{bill.number} 不是已过账的销售单或采购账单。",
            f"{bill.number} is not a posted bill.",
        )
    if bill.party_id != party_id:
        raise ValidationError(
            "other_party",
            f"{bill.number} 属于其他往来单位。",
            f"{bill.number} belongs to another party.",
        )
    left = uninvoiced(session, bill)
    if amount > left:
        raise ValidationError(
            "over_invoiced",
            f"{bill.number} 未开票金额只有 {fmt_money(left)} 元，不能登记 {fmt_money(amount)} 元。",
            f"{bill.number} has only {fmt_money(left)} un-invoiced.",
        )


@intent_entry
def cancel_fapiao(uow: UnitOfWork, fapiao_id: uuid.UUID, reason: str = "") -> Fapiao:
    """作废: a cancelled fapiao no longer counts against its bills."""
    fapiao = uow.session.get(Fapiao, fapiao_id)
    if fapiao is None or fapiao.status != FapiaoStatus.VALID:
        raise ValidationError(
            "not_valid", "只有有效的发票才能作废。", "Only a valid fapiao can be cancelled."
        )
    fapiao.status = FapiaoStatus.CANCELLED
    if reason:
        fapiao.notes = (fapiao.notes + "\n" if fapiao.notes else "") + f"作废原因：{reason}"
    uow.record("fapiao.cancel", {"id": fapiao.id, "reason": reason})
    return fapiao


@intent_entry
def red_fapiao(
    uow: UnitOfWork, original_id: uuid.UUID, *, number: str, issue_date: date, code: str = ""
) -> Fapiao:
    """A red-letter (negative) fapiao that offsets ``original`` in full."""
    original = uow.session.get(Fapiao, original_id)
    if original is None or original.status != FapiaoStatus.VALID or original.total_amount <= 0:
        raise ValidationError(
            "not_valid",
            "只能对有效的蓝字发票开红字发票。",
            "Only a valid positive fapiao can be offset by a red one.",
        )
    red = record_fapiao(
        uow,
        number=number,
        code=code,
        party=original.party_id,
        issue_date=issue_date,
        net_amount=-original.net_amount,
        tax_amount=-original.tax_amount,
        kind=original.kind,
        direction=original.direction,
        links=[(x.document_id, -x.amount) for x in original.links],
    )
    red.red_of_id = original.id
    uow.record(
        "fapiao.red",
        {"original": original.id, "number": number, "date": issue_date, "code": code},
    )
    return red


def invoiced(session: Session, bill: Document) -> Decimal:
    """Σ of valid and red fapiao linked to the bill (cancelled ones do not count)."""
    total = session.scalar(
        select(func.coalesce(func.sum(FapiaoLink.amount), 0))
        .join(Fapiao, Fapiao.id == FapiaoLink.fapiao_id)
        .where(
            FapiaoLink.document_id == bill.id,
            Fapiao.status.in_((FapiaoStatus.VALID, FapiaoStatus.RED)),
        )
    )
    return Decimal(total or 0)


def uninvoiced(session: Session, bill: Document) -> Decimal:
    return bill.total - invoiced(session, bill)


@dataclass(frozen=True)
class Uninvoiced:
    bill: Document
    amount: Decimal


def uninvoiced_bills(
    session: Session, party_id: uuid.UUID | None = None, direction: str = FapiaoDirection.OUT
) -> list[Uninvoiced]:
    kind = DocKind.SALES_BILL if direction == FapiaoDirection.OUT else DocKind.SUPPLIER_BILL
    query = select(Document).where(Document.kind == kind, Document.status == DocStatus.POSTED)
    if party_id is not None:
        query = query.where(Document.party_id == party_id)
    result = []
    for bill in session.scalars(query.order_by(Document.doc_date)):
        left = uninvoiced(session, bill)
        if left != ZERO:
            result.append(Uninvoiced(bill, left))
    return result
