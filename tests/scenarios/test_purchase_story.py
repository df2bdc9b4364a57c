"""The purchase mirror: order → two receipts → supplier bill → two payments; a return."""

from __future__ import annotations

from datetime import date

from desktop.models import DocStatus
from desktop.services import credit, documents, payments, receivables, stock, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, product, supplier


def test_purchase_order_to_paid_bill_and_return(ledger) -> None:
    li = supplier(ledger, terms_kind="month_end", terms_days=30)
    bolt = product(ledger, code="0042", name="六角螺栓 M8", units=[{"unit": "箱", "factor": 20}])

    with ledger.unit() as uow:
        po = documents.create_draft(
            uow, "purchase_order", li, [LineInput("0042", 50, "箱", "113.00")], date(2026, 10, 8)
        )
        assert po.total == D("5650.00") and po.net_total == D("5000.00")
        credit.confirm_order(uow, po.id)
        po_id, line = po.id, po.lines[0].id
        trade.fulfil(uow, po_id, {line: D(30)}, date(2026, 10, 10))
    with ledger.read() as s:
        assert stock.on_hand(s, bolt) == D(600)
        assert stock.stock_list(s)[0].avg_cost == D("5")  # 100.00 net a box of 20
        assert documents.get_document(s, po_id).status == DocStatus.PARTIAL

    with ledger.unit() as uow:
        trade.fulfil(uow, po_id, doc_date=date(2026, 10, 12))
        bill = trade.bill_order(uow, po_id, doc_date=date(2026, 10, 15))
        bill_id = bill.id
        # 月结30天: end of October + 30 days
        assert bill.due_date == date(2026, 11, 30) and bill.number.startswith("CG-")
    with ledger.read() as s:
        assert receivables.balance(s, li, "AP") == D("5650.00")
        assert receivables.balance(s, li, "AR") == D(0)
        assert stock.on_hand(s, bolt) == D(1000)

    # Return 5 damaged boxes: stock and the payable go down; the credit applies to the bill.
    with ledger.unit() as uow:
        bill = documents.get_document(uow.session, bill_id)
        ret = trade.return_goods(uow, bill_id, {bill.lines[0].id: D(5)}, date(2026, 10, 20))
        assert ret.total == D("565.00") and ret.number.startswith("CT-")
    with ledger.read() as s:
        assert stock.on_hand(s, bolt) == D(900)
        assert receivables.balance(s, li, "AP") == D("5085.00")
        [item] = receivables.open_items(s, li, "AP")
        assert item.open == D("5085.00")

    with ledger.unit() as uow:
        payments.record_payment(uow, li, "3000", flow="purchase", doc_date=date(2026, 11, 5))
        payments.record_payment(uow, li, "2085", flow="purchase", doc_date=date(2026, 11, 28))
    with ledger.read() as s:
        assert receivables.balance(s, li, "AP") == D(0)
        assert receivables.balance(s, li, "AP", as_of=date(2026, 11, 10)) == D("2085.00")
        assert receivables.open_items(s, li, "AP") == []
        assert run_checks(s) == []
