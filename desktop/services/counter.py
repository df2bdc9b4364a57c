"""Counter sales and purchases: post a bill made without an order, and take (or make) its
payment at the counter in the same step.

One unit of work posts the bill (stock out or in, the receivable or payable with its due
date from the party's terms) and records the payment allocated to it, so a payment that is
refused leaves the bill a draft. A sales bill goes through the credit check for what is
left on credit; paid in full, nothing is left on credit and nothing is checked (a customer
over the limit or overdue may still buy for cash). A bill made from an order is not checked
again: its order was, when it was confirmed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop.errors import ValidationError
from desktop.models import Document, FlowName
from desktop.money import ZERO, fmt_money
from desktop.services import lifecycle
from desktop.services import validate as v
from desktop.services.credit import CreditCheck, check_counter_sale
from desktop.services.documents import get_document, posted_args
from desktop.services.flow_kinds import FLOW_OF_KIND
from desktop.services.payments import record_payment
from desktop.services.trade import post
from desktop.services.uow import UnitOfWork, intent_entry


@dataclass(frozen=True)
class CounterResult:
    """The posted bill, the payment taken with it (None when all is on credit) and the
    credit check made (``ok`` when nothing needed checking)."""

    bill: Document
    payment: Document | None
    check: CreditCheck

    @property
    def number(self) -> str:
        return self.bill.number


@intent_entry
def post_bill(
    uow: UnitOfWork,
    bill_id: uuid.UUID | str,
    *,
    paid: Decimal | str | None = None,
    method: str = "",
    reference: str = "",
    override_reason: str = "",
    owner_password: str | None = None,
    as_of: date | None = None,
    approved: bool | None = None,
) -> CounterResult:
    """Post the draft bill ``bill_id`` and, with ``paid``, record that much received
    (sales) or paid (purchases) on the bill's date, allocated to this bill.

    ``paid`` may not exceed the bill's total (change is given back at the counter, not
    kept on account). ``approved``: only when applied again from another copy's intent.
    """
    session = uow.session
    bill = get_document(session, bill_id)
    flow = FLOW_OF_KIND.get(bill.kind)
    if flow is None or bill.kind != flow.bill:
        raise ValidationError(
            "bad_kind",
            f"{bill.number} 不是销售单或采购账单，不能在柜台过账收付款。",
            f"{bill.number} is not a sales or purchase bill; it cannot be posted at the counter.",
        )
    lifecycle.require(bill, "post")
    amount = ZERO
    if paid is not None and str(paid).strip() != "":
        what_zh = "收款金额" if flow.name == FlowName.SALES else "付款金额"
        what_en = "The amount received" if flow.name == FlowName.SALES else "The amount paid"
        amount = v.money_value(paid, what_zh, what_en, allow_zero=False)
    if amount > bill.total:
        raise ValidationError(
            "over_paid",
            f"{bill.number} 共 {fmt_money(bill.total)} 元，不能收付 {fmt_money(amount)} 元；"
            "多出的部分请找零。",
            f"{bill.number} comes to {fmt_money(bill.total)}; {fmt_money(amount)} is more "
            "than that. Give the difference back as change.",
        )
    as_of = as_of or date.today()
    direct = all(line.source_line_id is None for line in bill.lines)
    on_credit = bill.total - amount if direct else ZERO
    check, owner_approved = check_counter_sale(
        uow,
        bill,
        on_credit,
        override_reason=override_reason,
        owner_password=owner_password,
        as_of=as_of,
        approved=approved,
    )
    post(uow, bill.id)
    payment = None
    if amount > 0:
        assert bill.party_id is not None
        payment = record_payment(
            uow,
            bill.party_id,
            amount,
            flow=flow.name,
            doc_date=bill.doc_date,
            method=method,
            reference=reference,
            allocations=[(bill.id, amount)],
        )
    uow.record(
        f"{bill.kind}.post_paid",
        {
            "id": bill.id,
            "paid": amount if payment is not None else None,
            "method": method,
            "reference": reference,
            "override_reason": override_reason,
            "as_of": as_of,
            "owner_approved": owner_approved,
            "posted": posted_args(bill),
        },
    )
    return CounterResult(bill, payment, check)
