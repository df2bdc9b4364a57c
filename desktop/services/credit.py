"""Credit control: limit − open balance − unbilled orders = available; overdue counts too.

Checked when a sales order is confirmed, and when a sales bill made without an order (a
counter sale) is posted with something left on credit. The firm's policy decides: ``warn``
(confirm and log), ``block`` (refuse), or ``override`` (refuse unless a reason is
given, and the owner's password when one is set). Every breach confirmed is logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.codes import ProblemKind
from desktop.errors import CreditError, ValidationError
from desktop.models import Account, CreditOverride, CreditPolicy, DocKind, Document, Party
from desktop.money import ZERO, fmt_money
from desktop.services import lifecycle
from desktop.services.documents import get_document
from desktop.services.firm import get_firm
from desktop.services.owner import password_ok
from desktop.services.receivables import balance, overdue_days
from desktop.services.unbilled import order_unbilled, unbilled_order_amount
from desktop.services.uow import UnitOfWork, intent_entry


@dataclass(frozen=True)
class CreditStatus:
    limit: Decimal | None
    balance: Decimal
    unbilled: Decimal
    overdue_days: int

    @property
    def available(self) -> Decimal | None:
        """None when the customer has no limit."""
        if self.limit is None:
            return None
        return self.limit - self.balance - self.unbilled


def credit_status(
    session: Session,
    party: Party,
    as_of: date | None = None,
    exclude_order: uuid.UUID | None = None,
) -> CreditStatus:
    on = as_of or date.today()
    unbilled = unbilled_order_amount(session, party.id)
    if exclude_order is not None:
        order = session.get(Document, exclude_order)
        if order is not None:
            unbilled -= order_unbilled(session, order)
    return CreditStatus(
        party.credit_limit,
        balance(session, party.id, Account.AR),
        unbilled,
        overdue_days(session, party.id, on),
    )


@dataclass(frozen=True)
class CreditCheck:
    ok: bool
    status: CreditStatus
    order_total: Decimal
    reasons_zh: list[str]
    reasons_en: list[str]


def check_order(session: Session, order: Document, as_of: date | None = None) -> CreditCheck:
    """Would confirming ``order`` breach the customer's credit?"""
    assert order.party is not None
    return check_amount(session, order.party, order.total, as_of, exclude_order=order.id)


def check_amount(
    session: Session,
    party: Party,
    amount: Decimal,
    as_of: date | None = None,
    exclude_order: uuid.UUID | None = None,
) -> CreditCheck:
    """Would granting ``party`` a further ``amount`` on credit (an order confirmed, a
    counter sale not paid in full) breach its limit, or come while a bill is overdue?"""
    firm = get_firm(session)
    status = credit_status(session, party, as_of, exclude_order=exclude_order)
    zh: list[str] = []
    en: list[str] = []
    available = status.available
    if available is not None and amount > available:
        # by how much: "超过可用额度 -41,274.98 元" read oddly once the customer was over already
        over = fmt_money(amount - available)
        zh.append(
            f"本单 {fmt_money(amount)} 元，超出可用额度 {over} 元"
            f"（额度 {fmt_money(status.limit or ZERO)}，欠款 {fmt_money(status.balance)}，"
            f"未开单订单 {fmt_money(status.unbilled)}，可用 {fmt_money(available)}）"
        )
        en.append(
            f"the order of {fmt_money(amount)} is {over} over the available credit "
            f"(limit {fmt_money(status.limit or ZERO)}, owed {fmt_money(status.balance)}, "
            f"unbilled orders {fmt_money(status.unbilled)}, available {fmt_money(available)})"
        )
    if status.overdue_days > firm.credit_overdue_days:
        zh.append(f"有账款已逾期 {status.overdue_days} 天（允许 {firm.credit_overdue_days} 天）")
        en.append(
            f"a bill is {status.overdue_days} days overdue (allowed {firm.credit_overdue_days})"
        )
    return CreditCheck(not zh, status, amount, zh, en)


def check_counter_sale(
    uow: UnitOfWork,
    bill: Document,
    on_credit: Decimal,
    *,
    override_reason: str = "",
    owner_password: str | None = None,
    as_of: date | None = None,
    approved: bool | None = None,
) -> tuple[CreditCheck, bool]:
    """The credit check of a sales bill made without an order, for the part of it left on
    credit (``on_credit``: its total less what is paid at the counter). Nothing on credit,
    nothing to check: a sale paid in full adds nothing to what the customer owes, even a
    customer over the limit or overdue. Returns the check and whether the owner approved
    an override; refuses as :func:`confirm_order` does, by the firm's policy."""
    empty = CreditCheck(True, CreditStatus(None, ZERO, ZERO, 0), on_credit, [], [])
    if bill.kind != DocKind.SALES_BILL or bill.party is None or on_credit <= 0:
        return empty, False
    check = check_amount(uow.session, bill.party, on_credit, as_of or date.today())
    if check.ok:
        return check, False
    return check, _handle_breach(
        uow, bill, check, override_reason.strip(), owner_password, approved
    )


@intent_entry
def confirm_order(
    uow: UnitOfWork,
    order_id: uuid.UUID | str,
    *,
    override_reason: str = "",
    owner_password: str | None = None,
    as_of: date | None = None,
    approved: bool | None = None,
) -> CreditCheck:
    """Confirm a draft order; sales orders pass the credit check first.

    ``approved``: only when a confirmation made and authorised on another copy of the
    ledger is applied again (its intent says whether the owner approved the override);
    the password is then not asked again.
    """
    as_of = as_of or date.today()
    session = uow.session
    order = get_document(session, order_id, with_party=True)
    lifecycle.require(order, "confirm")
    if not order.lines:
        raise ValidationError(
            "no_lines",
            f"订单 {order.number} 没有明细，不能确认。",
            f"Order {order.number} has no lines.",
        )
    if order.party_id is None:  # a marketplace buyer's order, before a clerk accepts them
        raise ValidationError(
            "party_required",
            f"订单 {order.number} 还没有客户：请先接受买家为客户，或选择客户。",
            f"Order {order.number} has no customer yet: accept the buyer as a customer, "
            "or choose one.",
        )
    check = (
        check_order(session, order, as_of)
        if order.kind == DocKind.SALES_ORDER
        else CreditCheck(True, CreditStatus(None, ZERO, ZERO, 0), order.total, [], [])
    )
    owner_approved = False
    if not check.ok:  # checked inside the unit's write transaction: no other desk can
        # confirm an order for this customer between the check and this confirmation
        owner_approved = _handle_breach(
            uow, order, check, override_reason.strip(), owner_password, approved
        )
    lifecycle.apply(order, "confirm")
    uow.write_now([order])  # the status with its audit row now, not by a flush
    uow.record(
        f"{order.kind}.confirm",
        {
            "id": order.id,
            "override_reason": override_reason,
            "as_of": as_of,
            "owner_approved": owner_approved,
        },
    )
    return check


def _given(uow: UnitOfWork) -> str:
    """The owner's password put on the unit (``services.owner.OwnerApproval``), if any."""
    return str(getattr(uow.owner, "password", "") or "")


def _handle_breach(
    uow: UnitOfWork,
    order: Document,
    check: CreditCheck,
    reason: str,
    owner_password: str | None,
    approved_elsewhere: bool | None = None,
) -> bool:
    """Refuse, or log the override; returns whether the owner approved it."""
    firm = get_firm(uow.session)
    name = order.party.name if order.party else ""
    what_zh, what_en = (
        ("不能过账销售单", "the bill cannot be posted")
        if order.kind == DocKind.SALES_BILL
        else ("不能确认订单", "the order cannot be confirmed")
    )
    summary_zh = "；".join(check.reasons_zh)
    summary_en = "; ".join(check.reasons_en)
    if uow.remote:  # decided at the desk that made it, on what it saw: it stands
        uow.problem(
            ProblemKind.CREDIT,
            f"{order.number}（{name}）在另一台电脑上确认时，按总账已超信用：{summary_zh}。",
            f"{order.number} ({name}) was confirmed at another desk while, on the firm's "
            f"ledger, over credit: {summary_en}.",
            entity="document",
            entity_id=order.id,
            document=order.number,
        )
        reason = reason or "（另一台电脑离线确认）"
    elif firm.credit_policy == CreditPolicy.BLOCK:
        raise CreditError(
            "credit_blocked",
            f"{name} 信用超限，{what_zh}：{summary_zh}。",
            f"{name} is over credit; {what_en}: {summary_en}.",
            check=check,
        )
    approved = bool(approved_elsewhere) if uow.remote else False
    if firm.credit_policy == CreditPolicy.OVERRIDE and not uow.remote:
        if not reason:
            raise CreditError(
                "credit_override_required",
                f"{name} 信用超限：{summary_zh}。如确需"
                + ("过账" if order.kind == DocKind.SALES_BILL else "确认")
                + "，请填写放行理由"
                + ("并输入老板密码" if firm.owner_password_hash else "")
                + "。",
                f"{name} is over credit: {summary_en}. Give a reason to override"
                + (" and the owner's password." if firm.owner_password_hash else "."),
                check=check,
            )
        if approved_elsewhere is not None:
            approved = approved_elsewhere
        elif firm.owner_password_hash:
            password = owner_password if owner_password is not None else _given(uow)
            if not password_ok(uow, password):
                raise CreditError(
                    "owner_password",
                    "老板密码不正确，不能放行。",
                    "The owner's password is wrong; cannot override.",
                    check=check,
                )
            approved = True
    assert order.party_id is not None
    uow.session.add(
        CreditOverride(
            document_id=order.id,
            party_id=order.party_id,
            actor=uow.actor,
            policy=firm.credit_policy,
            reason=reason or "（仅提醒）",
            owner_approved=approved,
            order_total=check.order_total,
            available=check.status.available or ZERO,
            overdue_days=check.status.overdue_days,
        )
    )
    uow.touch("credit_override", order.id)
    return approved
