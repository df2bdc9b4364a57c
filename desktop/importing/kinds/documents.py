"""Payments (收款/付款) and the fapiao register (发票登记), through the ledger services.

Idempotency: a payment remembers where it came from in ``external_ref`` (its number, or a
fingerprint of date, party, amount and method); a fapiao is unique by code + number +
direction already. A cancelled (作废) fapiao is recorded and then cancelled; a negative row is
a red-letter fapiao.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import DomainError
from desktop.importing.kinds.base import Context, RowFailed
from desktop.importing.kinds.opening import ensure_party, find_party
from desktop.importing.matching import party_index
from desktop.importing.rows import NEW, UNCHANGED, UPDATE, FieldSpec, Row
from desktop.models import (
    DocKind,
    DocStatus,
    Document,
    Fapiao,
    FapiaoDirection,
    FapiaoKind,
    FapiaoStatus,
    FlowName,
)
from desktop.money import fmt_money
from desktop.services.fapiao import cancel_fapiao, record_fapiao
from desktop.services.payments import record_payment
from desktop.services.uow import UnitOfWork

_BILL_SPLIT = re.compile(r"[\s,，、;；/]+")


def _fingerprint(*parts: Any) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


class PaymentHandler:
    kind = "payment"
    fields: tuple[FieldSpec, ...] = (
        FieldSpec("doc_number", "code", "单号", "Number"),
        FieldSpec("date", "date", "日期", "Date", required=True),
        FieldSpec("party_code", "code", "往来单位编码", "Party code"),
        FieldSpec("party", "text", "往来单位", "Party"),
        FieldSpec("amount", "money", "金额", "Amount", required=True),
        FieldSpec("method", "text", "结算方式", "Method"),
        FieldSpec("account", "text", "结算账户", "Account"),
        FieldSpec("reference", "text", "参考号", "Reference"),
        FieldSpec("notes", "text", "备注", "Notes"),
    )
    extra_synonyms: ClassVar[dict[str, list[str]]] = {
        "flow": ["收支类型", "收付类型", "类型", "Type"]
    }

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        index = party_index(session)
        seen: Counter[str] = Counter()
        for row in rows:
            if not row.ok:
                continue
            vals = row.values
            if vals["amount"] <= 0:
                row.fail(
                    "金额必须大于 0（退款请单独处理）。",
                    "The amount must be above 0.",
                    None,
                    "amount",
                )
                continue
            party = find_party(session, index, row, ctx, "customer", ("往来单位", "party"))
            if not row.ok:
                continue
            flow = ctx.options.flow
            if flow is None:
                flow = (
                    FlowName.PURCHASE
                    if party and party.is_supplier and not party.is_customer
                    else FlowName.SALES
                )
            if vals.get("doc_number"):
                key = f"imp:pay:{flow}:{vals['doc_number']}"
            else:
                base = _fingerprint(
                    flow,
                    vals["date"],
                    vals.get("party_code"),
                    vals.get("party"),
                    vals["amount"],
                    vals.get("method"),
                    vals.get("reference"),
                )
                seen[base] += 1
                key = f"imp:pay:{base}:{seen[base]}"
            row.target = party.id if party else None
            row.changes = {**row.changes, "_ref": key, "_flow": flow}
            existing = session.scalar(select(Document).where(Document.external_ref == key))
            if existing is None:
                row.outcome = NEW
            elif existing.total == vals["amount"]:
                row.outcome = UNCHANGED
            else:
                row.fail(
                    f"单号 {vals.get('doc_number')} 已导入过（{existing.number}，金额 "
                    f"{fmt_money(existing.total)}），与本行金额不同。",
                    f"Number {vals.get('doc_number')} was imported before as {existing.number} "
                    f"with amount {fmt_money(existing.total)}.",
                )

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        created: dict[str, uuid.UUID] = {}
        for row in sorted((r for r in rows if r.outcome == NEW), key=lambda r: r.values["date"]):
            vals = row.values
            flow = row.changes["_flow"]
            try:
                party_id = ensure_party(
                    uow, row, "customer" if flow == FlowName.SALES else "supplier", created
                )
                method = " ".join(x for x in (vals.get("method"), vals.get("account")) if x)
                doc = record_payment(
                    uow,
                    party_id,
                    vals["amount"],
                    flow=flow,
                    doc_date=vals["date"],
                    method=method[:40],
                    reference=(vals.get("reference") or vals.get("doc_number") or "")[:120],
                    notes=vals.get("notes") or "",
                    auto_allocate=ctx.options.auto_allocate,
                )
                doc.external_ref = row.changes["_ref"]
                uow.session.flush()
            except DomainError as exc:
                row.fail(exc.zh, exc.en)
                raise RowFailed(row) from exc


_STATUS_WORDS = (
    ("作废", FapiaoStatus.CANCELLED),
    ("废", FapiaoStatus.CANCELLED),
    ("cancel", FapiaoStatus.CANCELLED),
    ("void", FapiaoStatus.CANCELLED),
    ("红", FapiaoStatus.RED),
    ("负数", FapiaoStatus.RED),
    ("red", FapiaoStatus.RED),
)
_KIND_WORDS = (
    ("数电", FapiaoKind.DIGITAL),
    ("全电", FapiaoKind.DIGITAL),
    ("专", FapiaoKind.SPECIAL),
    ("普", FapiaoKind.NORMAL),
    ("special", FapiaoKind.SPECIAL),
    ("normal", FapiaoKind.NORMAL),
    ("digital", FapiaoKind.DIGITAL),
)


def fapiao_status(text: str | None, total: Decimal) -> str:
    low = (text or "").lower()
    for word, status in _STATUS_WORDS:
        if word in low:
            return status
    return FapiaoStatus.RED if total < 0 else FapiaoStatus.VALID


def fapiao_kind(text: str | None) -> str:
    low = (text or "").lower()
    for word, kind in _KIND_WORDS:
        if word in low:
            return kind
    return FapiaoKind.SPECIAL


class FapiaoHandler:
    kind = "fapiao"
    fields: tuple[FieldSpec, ...] = (
        FieldSpec("number", "code", "发票号码", "Fapiao number", required=True),
        FieldSpec("code", "code", "发票代码", "Fapiao code"),
        FieldSpec("date", "date", "开票日期", "Issue date", required=True),
        FieldSpec("amount", "money", "金额", "Amount", required=True),
        FieldSpec("tax", "money", "税额", "Tax"),
        FieldSpec("total", "money", "价税合计", "Total"),
        FieldSpec("tax_rate", "percent", "税率", "Tax rate"),
        FieldSpec("status", "text", "发票状态", "Status"),
        FieldSpec("type", "text", "发票类型", "Type"),
        FieldSpec("party", "text", "购方名称", "Buyer"),
        FieldSpec("party_tax_id", "code", "购方税号", "Buyer tax id"),
        FieldSpec("seller", "text", "销方名称", "Seller"),
        FieldSpec("notes", "text", "备注", "Notes"),
        FieldSpec("bills", "text", "关联单号", "Bill numbers"),
    )
    extra_synonyms: ClassVar[dict[str, list[str]]] = {}

    def evaluate(self, session: Session, rows: list[Row], ctx: Context) -> None:
        index = party_index(session)
        seen: dict[tuple[str, str, str], int] = {}
        planned: dict[uuid.UUID, Decimal] = {}  # amounts earlier rows link to each bill
        for row in rows:
            if not row.ok:
                continue
            vals = row.values
            net = vals["amount"]
            tax = vals.get("tax")
            total = vals.get("total")
            if tax is None:
                tax = (total - net) if total is not None else Decimal("0.00")
            if total is not None and net + tax != total:
                row.fail(
                    f"金额 {fmt_money(net)} + 税额 {fmt_money(tax)} ≠ 价税合计 {fmt_money(total)}。",
                    f"Amount {fmt_money(net)} + tax {fmt_money(tax)} ≠ total {fmt_money(total)}.",
                    None,
                    "total",
                )
                continue
            if not vals.get("party") and not vals.get("party_tax_id"):
                row.fail("缺少购方（或销方）名称。", "The buyer (or seller) name is missing.")
                continue
            party = find_party(session, index, row, ctx, "customer", ("往来单位", "party"))
            if not row.ok:
                continue
            direction = ctx.options.direction or (
                FapiaoDirection.IN
                if party is not None and party.is_supplier and not party.is_customer
                else FapiaoDirection.OUT
            )
            status = fapiao_status(vals.get("status"), net + tax)
            key = (vals.get("code") or "", vals["number"], direction)
            if key in seen:
                row.fail(f"与第 {seen[key]} 行是同一张发票。", f"Same fapiao as row {seen[key]}.")
                continue
            seen[key] = row.excel_row
            row.target = party.id if party else None
            row.changes = {
                **row.changes,
                "net": net,
                "tax": tax,
                "status": status,
                "kind": fapiao_kind(vals.get("type")),
                "direction": direction,
            }
            existing = session.scalar(
                select(Fapiao).where(
                    Fapiao.code == key[0], Fapiao.number == key[1], Fapiao.direction == direction
                )
            )
            if existing is None:
                row.outcome = NEW
                if vals.get("bills"):
                    self._links(session, row, party, direction, status, net + tax, planned)
            elif (existing.net_amount, existing.tax_amount) != (net, tax):
                row.fail(
                    f"发票 {key[1]} 已登记，金额为 {fmt_money(existing.total_amount)}，与本行不同。",
                    f"Fapiao {key[1]} is recorded with total {fmt_money(existing.total_amount)}.",
                )
            elif existing.status == FapiaoStatus.VALID and status == FapiaoStatus.CANCELLED:
                row.outcome = UPDATE
                row.changes["_cancel"] = existing.id
                row.note(f"发票 {key[1]} 将标记为作废。", f"Fapiao {key[1]} will be cancelled.")
            else:
                row.outcome = UNCHANGED
                if existing.status != status:
                    row.note(
                        f"账上发票状态为 {existing.status}，未更改。",
                        f"Recorded status is {existing.status}; not changed.",
                    )

    @staticmethod
    def _links(
        session: Session,
        row: Row,
        party: Any,
        direction: str,
        status: str,
        total: Decimal,
        planned: dict[uuid.UUID, Decimal],
    ) -> None:
        """Link the fapiao to the bills its 关联单号 cell names: each takes what it has left
        un-invoiced, in the order given, up to the fapiao's total."""
        from desktop.services.fapiao import uninvoiced

        numbers = [n for n in _BILL_SPLIT.split(row.values["bills"]) if n]
        if status != FapiaoStatus.VALID or total <= 0:
            row.note(
                "作废或红字发票不关联单据。", "A cancelled or red-letter fapiao is not linked."
            )
            return
        kind = DocKind.SALES_BILL if direction == FapiaoDirection.OUT else DocKind.SUPPLIER_BILL
        prefix = "imp:sales:" if direction == FapiaoDirection.OUT else "imp:purchase:"
        left = total
        links: list[tuple[uuid.UUID, Decimal]] = []
        for number in numbers:
            bill = session.scalar(
                select(Document)
                .where(
                    Document.kind == kind,
                    or_(
                        Document.number == number,
                        Document.external_ref == prefix + number,
                        Document.reference == number,
                    ),
                )
                .order_by(Document.doc_date)
            )
            if bill is None or party is None or bill.party_id != party.id:
                row.fail(
                    f"找不到关联单据 {number}（{'该客户的销售单' if direction == FapiaoDirection.OUT else '该供应商的采购账单'}）。"
                    "请先导入或录入这张单据，或清空关联单号。",
                    f"No bill {number} of this party. Import or enter it first, or clear the "
                    "bill numbers.",
                    None,
                    "bills",
                )
                return
            if bill.status != DocStatus.POSTED:
                row.note(
                    f"单据 {number} 是不计应收应付的历史记录，发票不与它关联。",
                    f"Bill {number} is a history record without balances; not linked.",
                )
                continue
            room = uninvoiced(session, bill) - planned.get(bill.id, Decimal(0))
            amount = min(left, room)
            if amount <= 0:
                row.note(f"单据 {number} 已全部开票。", f"Bill {number} is fully invoiced.")
                continue
            links.append((bill.id, amount))
            planned[bill.id] = planned.get(bill.id, Decimal(0)) + amount
            left -= amount
        if left > 0 and links:
            row.note(
                f"发票金额比关联单据的未开票金额多 {fmt_money(left)} 元，多出部分未关联。",
                f"{fmt_money(left)} of the fapiao is more than the bills had un-invoiced.",
            )
        row.changes["links"] = links

    def apply(self, uow: UnitOfWork, rows: list[Row], ctx: Context) -> None:
        created: dict[str, uuid.UUID] = {}
        for row in rows:
            if row.outcome not in (NEW, UPDATE):
                continue
            ch = row.changes
            try:
                if row.outcome == UPDATE:
                    cancel_fapiao(uow, ch["_cancel"], "导入：发票状态为作废")
                    continue
                role = "supplier" if ch["direction"] == FapiaoDirection.IN else "customer"
                party_id = ensure_party(uow, row, role, created)
                fapiao = record_fapiao(
                    uow,
                    number=row.values["number"],
                    code=row.values.get("code") or "",
                    party=party_id,
                    issue_date=row.values["date"],
                    net_amount=ch["net"],
                    tax_amount=ch["tax"],
                    kind=ch["kind"],
                    direction=ch["direction"],
                    links=ch.get("links"),
                    notes=row.values.get("notes") or "",
                )
                if ch["status"] == FapiaoStatus.CANCELLED:
                    cancel_fapiao(uow, fapiao.id, "导入：发票状态为作废")
            except DomainError as exc:
                row.fail(exc.zh, exc.en)
                raise RowFailed(row) from exc
