"""Posting a bill made without an order and taking its payment in the same step
(``services.counter``): one transaction, one intent, credit only for what is on credit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import CreditError, TransitionError, ValidationError
from desktop.models import CreditOverride, DocStatus, OutboxEntry
from desktop.services import counter, credit, documents, firm, opening, receivables, stock
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, row_counts, supplier


def _bill(ledger, party, kind: str = "sales_bill", boxes: int = 2, price: str = "100"):
    with ledger.unit() as uow:
        return documents.create_draft(
            uow, kind, party, [LineInput("000123", boxes, "箱", price)], date(2026, 11, 2)
        ).id


@pytest.mark.parametrize(
    ("paid", "code"),
    [("250", "over_paid"), ("-5", "negative"), ("abc", "not_a_number"), ("0", "zero")],
)
def test_a_refused_payment_leaves_the_bill_a_draft(ledger, paid: str, code: str) -> None:
    cust = customer(ledger)
    product(ledger)
    bill = _bill(ledger, cust)  # 200.00
    before = row_counts(ledger)
    with pytest.raises(ValidationError) as err, ledger.unit() as uow:
        counter.post_bill(uow, bill, paid=paid, method="现金")
    assert err.value.code == code
    assert "收款金额" in err.value.zh or "请找零" in err.value.zh
    assert row_counts(ledger) == before
    with ledger.read() as s:
        assert documents.get_document(s, bill).status == DocStatus.DRAFT


def test_a_payment_refused_after_posting_takes_the_posting_back(ledger, monkeypatch) -> None:
    cust = customer(ledger)
    prod = product(ledger)
    bill = _bill(ledger, cust)
    before = row_counts(ledger)

    def refuse(*_a: object, **_k: object) -> None:
        raise ValidationError("refused", "收款被拒绝。", "The receipt was refused.")

    monkeypatch.setattr(counter, "record_payment", refuse)
    with pytest.raises(ValidationError), ledger.unit() as uow:
        counter.post_bill(uow, bill, paid="200")
    assert row_counts(ledger) == before
    with ledger.read() as s:
        assert documents.get_document(s, bill).status == DocStatus.DRAFT
        assert stock.on_hand(s, prod) == D(0)
        assert receivables.balance(s, cust) == D(0)


def test_one_intent_with_the_payment_it_made(ledger) -> None:
    cust = customer(ledger, terms_days=10)
    prod = product(ledger)
    bill = _bill(ledger, cust)
    with ledger.read() as s:
        seen = len(s.scalars(select(OutboxEntry)).all())
    with ledger.unit() as uow:
        done = counter.post_bill(uow, bill, paid="200.00", method="支付宝", reference="A1")
        assert done.payment is not None
        receipt = done.payment.number
        assert done.bill.due_date == date(2026, 11, 12)
    with ledger.read() as s:
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()[seen:]
        assert [r.intent for r in rows] == ["sales_bill.post_paid"]
        args = rows[0].args
        assert args["paid"] == "200.00" and args["method"] == "支付宝"
        assert [m[2] for m in args["made"] if m[0] == "document"] == [receipt]
        assert stock.on_hand(s, prod) == D(-48)
        assert receivables.balance(s, cust) == D(0)
        assert receivables.open_items(s, cust) == []
        pay = documents.get_document(s, receipt)
        assert pay.method == "支付宝" and pay.reference == "A1" and pay.total == D("200.00")


def test_paid_in_full_needs_no_credit_check(ledger) -> None:
    cust = customer(ledger, credit_limit="100")
    product(ledger)
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="block")
        opening.opening_balance(uow, cust, "90", date(2026, 1, 1))  # long overdue too
    bill = _bill(ledger, cust)
    with ledger.read() as s:
        party = documents.get_document(s, bill).party
        assert party is not None
        assert not credit.check_amount(s, party, D("200"), date(2026, 11, 2)).ok
    with ledger.unit() as uow:
        assert counter.post_bill(uow, bill, paid="200").check.ok
    with ledger.read() as s:
        assert s.scalars(select(CreditOverride)).all() == []
        assert receivables.balance(s, cust) == D("90.00")


def test_on_credit_the_block_policy_refuses_and_nothing_is_written(ledger) -> None:
    cust = customer(ledger, credit_limit="100")
    product(ledger)
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="block")
    bill = _bill(ledger, cust)
    before = row_counts(ledger)
    for paid in (None, "50"):  # 200 or 150 on credit, both over 100
        with pytest.raises(CreditError) as err, ledger.unit() as uow:
            counter.post_bill(uow, bill, paid=paid)
        assert err.value.code == "credit_blocked"
        assert "不能过账销售单" in err.value.zh
    assert row_counts(ledger) == before
    with ledger.unit() as uow:  # 100 paid: 100 left on credit fits the limit
        assert counter.post_bill(uow, bill, paid="100").check.ok
    with ledger.read() as s:
        assert receivables.balance(s, cust) == D("100.00")


def test_purchases_are_never_credit_checked_and_pay_suppliers(ledger) -> None:
    li = supplier(ledger)
    prod = product(ledger)
    bill = _bill(ledger, li, "supplier_bill", 5, "20")
    with ledger.unit() as uow:
        done = counter.post_bill(uow, bill, paid="60", method="银行转账")
        assert done.check.ok and done.payment is not None
        assert done.payment.kind == "payment"
    with ledger.read() as s:
        assert stock.on_hand(s, prod) == D(120)
        assert receivables.balance(s, li, "AP") == D("40.00")


def test_only_draft_bills_post_at_the_counter(ledger) -> None:
    cust = customer(ledger)
    product(ledger)
    bill = _bill(ledger, cust)
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", 1)], date(2026, 11, 2)
        )
        with pytest.raises(ValidationError) as err:
            counter.post_bill(uow, order.id, paid="1")
        assert err.value.code == "bad_kind"
    with ledger.unit() as uow:
        counter.post_bill(uow, bill)
    with pytest.raises(TransitionError), ledger.unit() as uow:
        counter.post_bill(uow, bill, paid="1")
