"""Opening balances and opening stock when books move in."""

from __future__ import annotations

from datetime import date

from desktop.services import payments, receivables, stock
from desktop.services.checks import run_checks
from desktop.services.opening import opening_balance, opening_stock
from tests.helpers import D, customer, product, supplier


def test_opening_receivable_payable_and_prepayment(ledger) -> None:
    cust = customer(ledger, terms_days=30)
    other = customer(ledger, "预付客户")
    supp = supplier(ledger)
    with ledger.unit() as uow:
        bill = opening_balance(uow, cust, "12000.50", date(2025, 12, 31))
        assert bill.kind == "sales_bill" and bill.due_date == date(2026, 1, 30)
        opening_balance(uow, other, "-300", date(2025, 12, 31))
        opening_balance(uow, supp, "8000", date(2025, 12, 31), flow="purchase")
    with ledger.read() as s:
        assert receivables.balance(s, cust) == D("12000.50")
        assert receivables.balance(s, other) == D("-300.00")
        assert receivables.balance(s, supp, "AP") == D("8000.00")
        assert receivables.overdue_days(s, cust, date(2026, 2, 9)) == 10
    with ledger.unit() as uow:
        payments.record_payment(uow, cust, "2000.50", doc_date=date(2026, 1, 5))
    with ledger.read() as s:
        assert [i.open for i in receivables.open_items(s, cust)] == [D("10000.00")]
        assert run_checks(s) == []


def test_opening_stock_sets_quantity_and_cost(ledger) -> None:
    item = product(ledger)
    with ledger.unit() as uow:
        opening_stock(uow, {"000123": ("480", "0.62")}, date(2025, 12, 31))
    with ledger.read() as s:
        [row] = stock.stock_list(s)
        assert row.qty == D(480) and row.avg_cost == D("0.62") and row.value == D("297.6")
        assert stock.on_hand(s, item, as_of=date(2025, 12, 30)) == D(0)
        assert run_checks(s) == []
