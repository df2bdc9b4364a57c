"""Returns are their own documents; mistakes are reversed (红冲), never edited or deleted."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import TransitionError, ValidationError
from desktop.models import DocStatus
from desktop.services import credit, documents, payments, receivables, reversal, stock, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product


def _sold(ledger, qty: int = 10):
    """A customer billed for ``qty`` boxes at 24.00 a box (delivered from an order)."""
    cust = customer(ledger)
    item = product(ledger)
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", qty, "箱", "24.00")], date(2026, 9, 1)
        )
        credit.confirm_order(uow, order.id)
        delivery = trade.fulfil(uow, order.id, doc_date=date(2026, 9, 2))
        bill = trade.bill_order(uow, order.id, doc_date=date(2026, 9, 3))
        return cust, item, order.id, delivery.id, bill.id


def test_sales_return_moves_stock_back_and_credits_the_bill(ledger) -> None:
    cust, item, _, _, bill_id = _sold(ledger)
    with ledger.read() as s:
        assert stock.on_hand(s, item) == D(-240)
    with ledger.unit() as uow:
        bill = documents.get_document(uow.session, bill_id)
        ret = trade.return_goods(uow, bill_id, {bill.lines[0].id: D(2)}, date(2026, 9, 10))
        assert ret.total == D("48.00") and ret.number.startswith("XT-")
    with ledger.read() as s:
        assert stock.on_hand(s, item) == D(-192)
        assert receivables.balance(s, cust) == D("192.00")
        assert [i.open for i in receivables.open_items(s, cust)] == [D("192.00")]
    # cannot return more than was billed
    with ledger.unit() as uow, pytest.raises(ValidationError, match="最多还能退货 8"):
        bill = documents.get_document(uow.session, bill_id)
        trade.return_goods(uow, bill_id, {bill.lines[0].id: D(9)})


def test_reversing_a_bill_with_a_payment_frees_the_payment(ledger) -> None:
    cust, _, order_id, _, bill_id = _sold(ledger)
    with ledger.unit() as uow:
        receipt = payments.record_payment(uow, cust, "100", doc_date=date(2026, 9, 5))
        receipt_id = receipt.id
    with ledger.unit() as uow:
        red = reversal.reverse(uow, bill_id, "单价开错")
        assert red.total == D("-240.00") and red.reverses_id == bill_id
        assert red.lines[0].qty == D(-10)
    with ledger.read() as s:
        assert documents.get_document(s, bill_id).status == DocStatus.REVERSED
        # the bill and its reversal net to zero; the payment is now an unapplied credit
        assert receivables.balance(s, cust) == D("-100.00")
        [item] = receivables.open_items(s, cust)
        assert item.document_id == receipt_id and item.open == D("-100.00")
        assert documents.get_document(s, order_id).status == DocStatus.FULFILLED
        assert run_checks(s) == []
    # the order can be billed again, and the freed payment applied to the new bill
    with ledger.unit() as uow:
        new_bill = trade.bill_order(uow, order_id, doc_date=date(2026, 9, 6))
        payments.allocate_credit(uow, receipt_id, new_bill.id, "100")
    with ledger.read() as s:
        assert receivables.balance(s, cust) == D("140.00")
        assert [i.open for i in receivables.open_items(s, cust)] == [D("140.00")]
    with ledger.unit() as uow, pytest.raises(TransitionError):
        reversal.reverse(uow, bill_id, "再冲一次")


def test_reversing_a_delivery_needs_its_bill_reversed_first(ledger) -> None:
    _, item, order_id, delivery_id, bill_id = _sold(ledger)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="请先红冲"):
        reversal.reverse(uow, delivery_id, "发错货")
    with ledger.unit() as uow:
        reversal.reverse(uow, bill_id, "发错货")
        reversal.reverse(uow, delivery_id, "发错货")
    with ledger.read() as s:
        assert stock.on_hand(s, item) == D(0)
        assert documents.get_document(s, order_id).status == DocStatus.CONFIRMED
        assert run_checks(s) == []


def test_reversing_a_receipt_reopens_the_bill(ledger) -> None:
    cust, _, _, _, bill_id = _sold(ledger)
    with ledger.unit() as uow:
        receipt = payments.record_payment(uow, cust, "240", doc_date=date(2026, 9, 5))
    with ledger.read() as s:
        assert receivables.balance(s, cust) == D(0)
    with ledger.unit() as uow:
        reversal.reverse(uow, receipt.id, "支票退票")
    with ledger.read() as s:
        assert receivables.balance(s, cust) == D("240.00")
        [item] = receivables.open_items(s, cust)
        assert item.document_id == bill_id and item.open == D("240.00")
        assert run_checks(s) == []


def test_a_reversal_needs_a_reason(ledger) -> None:
    _, _, _, _, bill_id = _sold(ledger)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="原因"):
        reversal.reverse(uow, bill_id, "  ")
