"""A small prepared ledger for GUI and query tests, built through the services."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

TODAY = date.today()


def build_ledger(path: Path) -> dict[str, Any]:
    """A small ledger: firm, customers (one 张三五金), a supplier, products with packs and tiers,
    stock bought in, and one earlier sale so 张三五金 has a last price and an open bill."""
    from desktop.services import credit, documents, firm, parties, products, trade
    from desktop.services.documents import LineInput as L
    from desktop.services.ledger import Ledger

    led = Ledger.open(path, create=True, actor="tester")
    with led.unit() as u:
        firm.create_firm(
            u, "测试商贸有限公司", tax_id="91310000MA1FL0XX0X", credit_policy="override"
        )
    with led.unit() as u:
        zs = parties.create_party(
            u,
            code="C001",
            name="张三五金",
            credit_limit="50000",
            terms_days=30,
            phone="13800001111",
            ship_to="上海市松江区",
        )
        parties.create_party(u, code="C002", name="李四建材", phone="13900002222")
        parties.create_party(u, code="C003", name="王五贸易", credit_limit="1000")
        for i in range(4, 40):
            parties.create_party(u, code=f"C{i:03d}", name=f"客户{i:03d}商行")
        sup = parties.create_party(
            u, code="S001", name="赵六供应", is_customer=False, is_supplier=True
        )
        products.create_product(
            u,
            code="00123",
            name="不锈钢螺丝",
            spec="M6×20",
            base_unit="个",
            retail_price="2.5",
            units=[{"unit": "箱", "factor": 24}],
            tiers=[{"min_qty": 1000, "price": "2.0"}],
        )
        products.create_product(
            u,
            code="00456",
            name="六角螺母",
            base_unit="个",
            retail_price="0.8",
            units=[{"unit": "包", "factor": 100}],
        )
        ids = {"zs": zs.id, "sup": sup.id}
    with led.unit() as u:
        po = documents.create_draft(
            u,
            "purchase_order",
            ids["sup"],
            [L("00123", 500, "箱", "36"), L("00456", 100, "包", "50")],
            TODAY - timedelta(days=60),
        )
        credit.confirm_order(u, po.id)
        trade.fulfil(u, po.id, doc_date=TODAY - timedelta(days=59))
    with led.unit() as u:
        so = documents.create_draft(
            u, "sales_order", ids["zs"], [L("00123", 10, "箱", "57.6")], TODAY - timedelta(days=50)
        )
        credit.confirm_order(u, so.id)
        trade.fulfil(u, so.id, doc_date=TODAY - timedelta(days=49))
        trade.bill_order(u, so.id, doc_date=TODAY - timedelta(days=49))
    led.close()
    return ids
