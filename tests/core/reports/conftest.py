"""The small hand-made ledger the golden and CLI report tests read (its story and figures:
``test_reports_golden``)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services import credit, documents, payments, trade
from desktop.services.documents import LineInput
from tests.helpers import D, customer, product, supplier


@pytest.fixture
def books(ledger):  # type: ignore[no-untyped-def]
    jia = customer(
        ledger, "甲五金", terms_days=30, salesperson="王五", bill_to="浙江省杭州市上城区1号"
    )
    yi = customer(ledger, "乙建材", terms_days=0, salesperson="赵六", ship_to="江苏省南京市2号")
    bing = supplier(ledger, "丙批发")
    product(ledger, "P1", "螺丝", category="紧固件", cost_price="2.00", units=[])
    product(ledger, "P2", "电钻", category="电动工具", cost_price="100.00", units=[])

    def bill(uow, party, lines, on):  # type: ignore[no-untyped-def]
        doc = documents.create_draft(uow, "sales_bill", party, lines, on)
        return trade.post(uow, doc.id)

    with ledger.unit() as uow:
        bill(uow, jia, [LineInput("P1", 5, None, "4.00", tax_rate="0")], date(2025, 3, 15))
    with ledger.unit() as uow:
        po = documents.create_draft(
            uow,
            "purchase_order",
            bing,
            [
                LineInput("P1", 100, None, "2.00", tax_rate="0"),
                LineInput("P2", 10, None, "100.00", tax_rate="0"),
            ],
            date(2026, 3, 1),
            due_date=date(2026, 3, 5),
        )
        credit.confirm_order(uow, po.id)
        trade.fulfil(uow, po.id, doc_date=date(2026, 3, 4))
        trade.bill_order(uow, po.id, doc_date=date(2026, 3, 4))
    with ledger.unit() as uow:
        march = bill(
            uow,
            jia,
            [
                LineInput("P1", 40, None, "5.00", tax_rate="0"),
                LineInput("P2", 2, None, "113.00", tax_rate="0.13"),
            ],
            date(2026, 3, 10),
        )
        march_id, screw_line = march.id, march.lines[0].id
    with ledger.unit() as uow:
        bill(uow, yi, [LineInput("P2", 1, None, "90.00", tax_rate="0")], date(2026, 3, 20))
    with ledger.unit() as uow:
        trade.return_goods(uow, march_id, {screw_line: D(10)}, date(2026, 3, 25))
    with ledger.unit() as uow:
        payments.record_payment(uow, jia, "100.00", doc_date=date(2026, 3, 30))
    return ledger
