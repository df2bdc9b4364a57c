"""Every service validates before writing: a rejected call leaves the ledger untouched."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import DomainError, NotFound, StockError, TransitionError, ValidationError
from desktop.services import credit, documents, firm, lifecycle, payments, trade
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, row_counts


@pytest.fixture
def sold(ledger):
    cust = customer(ledger, credit_limit="100000")
    product(ledger)
    with ledger.unit() as uow:
        order = documents.create_draft(
            uow, "sales_order", cust, [LineInput("000123", 10, "箱", "24")], date(2026, 6, 1)
        )
        credit.confirm_order(uow, order.id)
        trade.fulfil(uow, order.id, {order.lines[0].id: D(4)}, date(2026, 6, 2))
        bill = trade.bill_order(uow, order.id, doc_date=date(2026, 6, 3))
    return ledger, cust, order.id, order.lines[0].id, bill.id


def _rejected(ledger, call, error=DomainError, match: str | None = None) -> DomainError:
    before = row_counts(ledger)
    with pytest.raises(error, match=match) as info, ledger.unit() as uow:
        call(uow)
    assert row_counts(ledger) == before, "a rejected call wrote something"
    assert info.value.zh and info.value.en
    return info.value


def test_negative_or_zero_quantities(sold) -> None:
    ledger, cust, *_ = sold
    _rejected(
        ledger,
        lambda u: documents.create_draft(u, "sales_order", cust, [LineInput("000123", -1)]),
        ValidationError,
        "不能小于",
    )
    _rejected(
        ledger,
        lambda u: documents.create_draft(u, "sales_order", cust, [LineInput("000123", 0)]),
        ValidationError,
        "不能为 0",
    )
    _rejected(
        ledger,
        lambda u: documents.create_draft(u, "sales_order", cust, [LineInput("000123", "abc")]),
        ValidationError,
        "必须是数字",
    )


def test_unknown_product_or_party(sold) -> None:
    ledger, cust, *_ = sold
    _rejected(
        ledger,
        lambda u: documents.create_draft(u, "sales_order", cust, [LineInput("NOPE", 1)]),
        NotFound,
        "找不到商品",
    )
    _rejected(
        ledger,
        lambda u: documents.create_draft(
            u, "sales_order", "没有这个客户", [LineInput("000123", 1)]
        ),
        NotFound,
        "找不到往来单位",
    )


def test_billing_more_than_delivered(sold) -> None:
    ledger, _, order_id, line_id, _ = sold
    _rejected(
        ledger,
        lambda u: trade.bill_order(u, order_id, {line_id: D(1)}),
        ValidationError,
        "最多还能开单 0",
    )


def test_delivering_more_than_ordered(sold) -> None:
    ledger, _, order_id, line_id, _ = sold
    _rejected(
        ledger,
        lambda u: trade.fulfil(u, order_id, {line_id: D(7)}),
        ValidationError,
        "最多还能发货 6",
    )


def test_allocating_beyond_a_bills_open_amount(sold) -> None:
    ledger, cust, _, _, bill_id = sold
    _rejected(
        ledger,
        lambda u: payments.record_payment(u, cust, "200", allocations=[(bill_id, "100")]),
        ValidationError,
        "只欠 96.00",
    )
    _rejected(
        ledger,
        lambda u: payments.record_payment(u, cust, "50", allocations=[(bill_id, "60")]),
        ValidationError,
        "超过了本次金额",
    )
    _rejected(ledger, lambda u: payments.record_payment(u, cust, "-5"), ValidationError)


def test_transitions_not_in_the_table(sold) -> None:
    ledger, _, order_id, _, bill_id = sold
    _rejected(ledger, lambda u: credit.confirm_order(u, order_id), TransitionError, "不能确认")
    _rejected(ledger, lambda u: trade.post(u, bill_id), TransitionError, "不能过账")
    _rejected(ledger, lambda u: documents.cancel(u, order_id), TransitionError, "不能作废")
    with ledger.read() as s:
        order = documents.get_document(s, order_id)
        assert "confirm" not in lifecycle.allowed_actions(order)
        assert {"deliver", "bill", "close"} <= set(lifecycle.allowed_actions(order))


def test_negative_stock_blocked_by_setting(sold) -> None:
    ledger, _, order_id, _, _ = sold
    with ledger.unit() as uow:
        firm.update_firm(uow, negative_stock="block")
    err = _rejected(ledger, lambda u: trade.fulfil(u, order_id), StockError, "库存不足")
    assert "现有 -96" in err.zh


def test_bad_firm_settings(ledger) -> None:
    _rejected(ledger, lambda u: firm.update_firm(u, credit_policy="maybe"), ValidationError)
    _rejected(ledger, lambda u: firm.update_firm(u, default_tax_rate="1.3"), ValidationError)
    _rejected(ledger, lambda u: firm.update_firm(u, colour="red"), ValidationError, "未知")


def test_a_failure_halfway_rolls_back_everything(sold) -> None:
    """The first line is valid, the second is not: no draft, number or audit row remains."""
    ledger, cust, *_ = sold
    _rejected(
        ledger,
        lambda u: documents.create_draft(
            u, "sales_order", cust, [LineInput("000123", 1), LineInput("000123", 1, "桶")]
        ),
        ValidationError,
        "没有单位",
    )
