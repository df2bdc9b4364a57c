"""A sales story told figure by figure: quote → order → two partial deliveries → bill →
two partial payments, with the balance, the aging and the stock checked at every step."""

from __future__ import annotations

from datetime import date

from desktop.models import DocStatus
from desktop.services import credit, documents, payments, quotes, receivables, stock, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, supplier


def test_quote_to_paid_bill(ledger) -> None:
    zhang = customer(ledger, "张三五金", credit_limit="50000", terms_days=30)
    li = supplier(ledger)
    screw = product(ledger, tiers=[{"min_qty": 240, "price": "0.85"}])

    # Stock first: 200 boxes of 24 bought at 18.00 a box, tax included.
    with ledger.unit() as uow:
        po = documents.create_draft(
            uow, "purchase_order", li, [LineInput("000123", 200, "箱", "18")], date(2026, 11, 1)
        )
        credit.confirm_order(uow, po.id)
        trade.fulfil(uow, po.id, doc_date=date(2026, 11, 2))
    with ledger.read() as s:
        assert stock.on_hand(s, screw) == D(4800)
        # 3600 incl. 13% tax → 3185.84 net → 0.663717 a piece
        assert stock.stock_list(s)[0].avg_cost == D("0.663717")

    # The quote: 100 boxes = 2400 pieces reaches the 240-piece tier of 0.85 → 20.40 a box.
    with ledger.unit() as uow:
        quote = documents.create_draft(
            uow, "quote", zhang, [LineInput("000123", 100, "箱")], date(2026, 11, 3)
        )
        assert quote.lines[0].unit_price == D("20.40")
        assert (quote.total, quote.net_total, quote.tax_total) == (
            D("2040.00"),
            D("1805.31"),
            D("234.69"),
        )
        quotes.send_quote(uow, quote.id)
        assert quote.status == DocStatus.SENT
        order = quotes.order_from_quote(uow, quote.id, date(2026, 11, 3))
        order_id, line_id = order.id, order.lines[0].id
        assert quote.status == DocStatus.ACCEPTED
        assert order.total == D("2040.00")
        check = credit.confirm_order(uow, order.id, as_of=date(2026, 11, 3))
        assert check.ok and check.status.available == D("50000.00")

    with ledger.read() as s:
        status = credit.credit_status(s, documents.get_document(s, order_id).party)
        assert status.unbilled == D("2040.00") and status.available == D("47960.00")

    # First delivery: 60 of 100 boxes.
    with ledger.unit() as uow:
        first = trade.fulfil(uow, order_id, {line_id: D(60)}, date(2026, 11, 4))
        assert first.number.startswith("FH-A-2611-")
    with ledger.read() as s:
        order = documents.get_document(s, order_id)
        assert order.status == DocStatus.PARTIAL
        assert stock.on_hand(s, screw) == D(4800 - 1440)
        assert receivables.balance(s, zhang) == D(0)  # delivered, not billed yet

    # Second delivery: the remaining 40 boxes.
    with ledger.unit() as uow:
        trade.fulfil(uow, order_id, doc_date=date(2026, 11, 6))
    with ledger.read() as s:
        assert documents.get_document(s, order_id).status == DocStatus.FULFILLED
        assert stock.on_hand(s, screw) == D(2400)

    # One bill for everything delivered, due in 30 days.
    with ledger.unit() as uow:
        bill = trade.bill_order(uow, order_id, doc_date=date(2026, 11, 6))
        bill_id = bill.id
        assert bill.total == D("2040.00") and bill.due_date == date(2026, 12, 6)
    with ledger.read() as s:
        assert receivables.balance(s, zhang) == D("2040.00")
        assert credit.credit_status(s, documents.get_document(s, order_id).party).unbilled == 0

    # Two payments: 1000.00 on the bill, then the rest after it fell due.
    with ledger.unit() as uow:
        payments.record_payment(
            uow,
            zhang,
            "1000.00",
            doc_date=date(2026, 11, 20),
            method="银行转账",
            allocations=[(bill_id, "1000.00")],
        )
    with ledger.read() as s:
        assert receivables.balance(s, zhang) == D("1040.00")
        [item] = receivables.open_items(s, zhang)
        assert item.open == D("1040.00") and item.overdue_days(date(2026, 12, 9)) == 3
        [row] = receivables.aging(s, as_of=date(2026, 12, 9))
        assert row.buckets["1-30天"] == D("1040.00") and row.max_overdue_days == 3
    with ledger.unit() as uow:
        payments.record_payment(uow, zhang, "1040.00", doc_date=date(2026, 12, 10))

    with ledger.read() as s:
        assert receivables.balance(s, zhang) == D(0)
        assert receivables.balance(s, zhang, as_of=date(2026, 11, 30)) == D("1040.00")
        assert receivables.balance(s, zhang, as_of=date(2026, 11, 5)) == D(0)
        assert receivables.open_items(s, zhang) == []
        assert stock.on_hand(s, screw, as_of=date(2026, 11, 4)) == D(3360)
        assert run_checks(s) == []
