"""Fapiao records against bills (un-invoiced derived), and stocktake adjustments."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from desktop.services import documents, fapiao, stock, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product


def _bill(ledger, cust, boxes: int = 10):
    with ledger.unit() as uow:
        bill = documents.create_draft(
            uow, "sales_bill", cust, [LineInput("000123", boxes, "箱", "113")], date(2026, 3, 1)
        )
        trade.post(uow, bill.id)  # a bill without an order also takes the goods out
        return bill.id


def test_fapiao_cover_bills_and_cancel_and_red(ledger) -> None:
    cust = customer(ledger)
    item = product(ledger)
    bill_id = _bill(ledger, cust)
    with ledger.read() as s:
        assert stock.on_hand(s, item) == D(-240)
        bill = documents.get_document(s, bill_id)
        assert fapiao.uninvoiced(s, bill) == D("1130.00")
    with ledger.unit() as uow:
        first = fapiao.record_fapiao(
            uow,
            number="04400001",
            party=cust,
            issue_date=date(2026, 3, 2),
            net_amount="600",
            tax_amount="78",
            links=[(bill_id, "678")],
        )
    with ledger.read() as s:
        assert fapiao.uninvoiced(s, documents.get_document(s, bill_id)) == D("452.00")
    with ledger.unit() as uow, pytest.raises(ValidationError, match=r"未开票金额只有 452\.00"):
        fapiao.record_fapiao(
            uow,
            number="04400002",
            party=cust,
            issue_date=date(2026, 3, 2),
            net_amount="500",
            tax_amount="65",
            links=[(bill_id, "565")],
        )
    with ledger.unit() as uow, pytest.raises(ValidationError, match="已经登记过"):
        fapiao.record_fapiao(
            uow,
            number="04400001",
            party=cust,
            issue_date=date(2026, 3, 2),
            net_amount="1",
            tax_amount="0",
        )
    with ledger.unit() as uow:
        red = fapiao.red_fapiao(uow, first.id, number="04400009", issue_date=date(2026, 3, 9))
        assert red.status == "red" and red.total_amount == D("-678.00")
    with ledger.read() as s:
        assert fapiao.uninvoiced(s, documents.get_document(s, bill_id)) == D("1130.00")
    with ledger.unit() as uow:
        second = fapiao.record_fapiao(
            uow,
            number="04400010",
            party=cust,
            issue_date=date(2026, 3, 10),
            net_amount="1000",
            tax_amount="130",
            kind="digital",
            links=[(bill_id, "1130")],
        )
        fapiao.cancel_fapiao(uow, second.id, "抬头错误")
    with ledger.read() as s:
        assert [u.amount for u in fapiao.uninvoiced_bills(s, cust)] == [D("1130.00")]


def test_stocktake_adjusts_to_the_count(ledger) -> None:
    customer(ledger)
    item = product(ledger, cost_price="0.5")
    with ledger.unit() as uow:
        stock.stocktake(uow, {"000123": "100"}, date(2026, 4, 1), notes="月末盘点")
    with ledger.unit() as uow:
        stock.stocktake(uow, {"000123": "97"}, date(2026, 4, 30))
    with ledger.read() as s:
        assert stock.on_hand(s, item) == D(97)
        assert stock.on_hand(s, item, as_of=date(2026, 4, 2)) == D(100)
        [row] = stock.stock_list(s)
        assert row.avg_cost == D("0.5") and row.value == D("48.5")
        assert run_checks(s) == []
