"""Counter trade: a 销售单 and a 采购账单 made without an order, posted with the payment
taken (or made) at the counter in the same step; credit checked only for what is left on
credit. The outbox is replayed into an empty ledger by the scenarios' conftest."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import CreditError
from desktop.models import CreditOverride, DocStatus
from desktop.services import counter, documents, firm, receivables, stock
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, supplier


def test_counter_purchase_then_counter_sales(ledger) -> None:
    li = supplier(ledger, terms_kind="month_end", terms_days=30)
    zhang = customer(ledger, credit_limit="500", terms_days=15)
    bolt = product(ledger, code="0042", name="六角螺栓 M8", units=[{"unit": "箱", "factor": 20}])
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="override")

    # Buy 10 boxes over the counter at the wholesaler's, pay 1,000 in cash, owe the rest.
    with ledger.unit() as uow:
        bill = documents.create_draft(
            uow, "supplier_bill", li, [LineInput("0042", 10, "箱", "113.00")], date(2026, 10, 8)
        )
        done = counter.post_bill(uow, bill.id, paid="1000", method="现金")
        assert done.payment is not None and done.payment.number.startswith("FK-")
        assert done.bill.status == DocStatus.POSTED
        assert done.bill.due_date == date(2026, 11, 30)  # 月结30天
    with ledger.read() as s:
        assert stock.on_hand(s, bolt) == D(200)
        assert receivables.balance(s, li, "AP") == D("130.00")
        [item] = receivables.open_items(s, li, "AP")
        assert item.open == D("130.00")

    # Sell 3 boxes paid in full by WeChat: no credit is checked, nothing is owed.
    with ledger.unit() as uow:
        sale = documents.create_draft(
            uow, "sales_bill", zhang, [LineInput("0042", 3, "箱", "200")], date(2026, 10, 9)
        )
        done = counter.post_bill(uow, sale.id, paid=sale.total, method="微信")
        assert done.check.ok and done.payment is not None
        assert done.payment.number.startswith("SK-")
    with ledger.read() as s:
        assert stock.on_hand(s, bolt) == D(140)
        assert receivables.balance(s, zhang) == D(0)

    # Sell 4 boxes, 200 paid: 600 on credit is over the 500 limit; overridden with a reason.
    with ledger.unit() as uow:
        sale_id = documents.create_draft(
            uow, "sales_bill", zhang, [LineInput("0042", 4, "箱", "200")], date(2026, 10, 10)
        ).id
    with ledger.unit() as uow, pytest.raises(CreditError) as err:
        counter.post_bill(uow, sale_id, paid="200", method="现金")
    assert err.value.code == "credit_override_required"
    assert "本单 600.00 元，超出可用额度 100.00 元" in err.value.zh
    with ledger.unit() as uow:
        done = counter.post_bill(
            uow, sale_id, paid="200", method="现金", override_reason="老客户，月底结清"
        )
        assert not done.check.ok
        assert done.bill.due_date == date(2026, 10, 25)
    with ledger.read() as s:
        assert stock.on_hand(s, bolt) == D(60)
        assert receivables.balance(s, zhang) == D("600.00")
        [logged] = s.scalars(select(CreditOverride)).all()
        assert logged.order_total == D("600.00") and logged.document_id == sale_id

    # A sale all on credit (no payment) posts through the same service.
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="warn")
        sale = documents.create_draft(
            uow, "sales_bill", zhang, [LineInput("0042", 1, "箱", "200")], date(2026, 10, 11)
        )
        done = counter.post_bill(uow, sale.id)
        assert done.payment is None and not done.check.ok  # warned and logged
    with ledger.read() as s:
        assert receivables.balance(s, zhang) == D("800.00")
        assert stock.on_hand(s, bolt) == D(40)
        assert run_checks(s) == []
