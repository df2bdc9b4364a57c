"""The outbox can be replayed: a desk's intents make the same books on an empty ledger.

Every scenario test already ends by replaying its outbox (tests/scenarios/conftest.py);
this story goes through every kind of change a clerk or owner can make in the services.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Document, OutboxEntry
from desktop.printing.jobs import print_document
from desktop.services import (
    counter,
    credit,
    documents,
    fapiao,
    firm,
    parties,
    payments,
    people,
    products,
    quotes,
    reversal,
    stock,
    trade,
)
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from desktop.services.opening import opening_balance, opening_stock
from desktop.services.owner import OwnerApproval
from desktop.services.uow import ReplayMismatch
from desktop.sync.intents import INTENTS, UnknownIntent, apply_intent
from tests.helpers import D, customer, product, supplier
from tests.replay import assert_same_books, replay_into_empty


def _a_month_of_everything(ledger: Ledger, tmp_path: Path) -> None:
    zhang = customer(ledger, terms_days=30, credit_limit="100000")
    wang = customer(ledger, "王五建材", contacts=[{"name": "王经理", "phone": "139"}])
    li = supplier(ledger)
    product(ledger, code="0042", name="六角螺栓 M8", cost_price="3")
    nut = product(ledger, code="0043", name="螺母 M8", units=[{"unit": "袋", "factor": 100}])
    with ledger.unit() as uow:
        firm.update_firm(uow, credit_policy="override", phone="021-88888888")
        firm.set_owner_password(uow, "laoban-2026")
        parties.update_party(uow, wang, credit_limit="500", salesperson="小李")
        products.update_product(
            uow, nut, tiers=[{"min_qty": "1000", "price": "0.08"}], levels={2: "0.09"}
        )
    with ledger.unit() as uow:
        opening_balance(uow, zhang, "1200.50", date(2026, 2, 28))
        opening_balance(uow, wang, "-80", date(2026, 2, 28))
        opening_stock(uow, {"0042": ("100", "2.5")}, date(2026, 2, 28))
    # purchases: order, two receipts, the bill, a payment on it, a return
    with ledger.unit() as uow:
        po = documents.create_draft(
            uow, "purchase_order", li, [LineInput("0043", 30, "袋", "6.5")], date(2026, 3, 1)
        )
        credit.confirm_order(uow, po.id)
        trade.fulfil(uow, po.id, {po.lines[0].id: D(10)}, date(2026, 3, 2))
        trade.fulfil(uow, po.id, doc_date=date(2026, 3, 3))
        bill = trade.bill_order(uow, po.id, doc_date=date(2026, 3, 4))
        payments.record_payment(
            uow,
            li,
            "100",
            flow="purchase",
            doc_date=date(2026, 3, 5),
            allocations=[(bill.id, "100")],
        )
        trade.return_goods(uow, bill.id, {bill.lines[0].id: D(2)}, date(2026, 3, 6))
    # sales: a quote becomes an order, edited, confirmed over the limit with the owner's
    # password, delivered in part, billed, paid, partly returned; the rest closed short
    with ledger.unit() as uow:
        quote = documents.create_draft(
            uow, "quote", wang, [LineInput("0042", 200, "个", "4")], date(2026, 3, 7)
        )
        quotes.send_quote(uow, quote.id)
        order = quotes.order_from_quote(uow, quote.id, date(2026, 3, 8))
        documents.update_draft(
            uow, order.id, [LineInput("0042", 150, "个", "4"), LineInput("0043", 5, "袋")]
        )
        credit.confirm_order(
            uow,
            order.id,
            override_reason="老客户",
            owner_password="laoban-2026",
            as_of=date(2026, 3, 8),
        )
        first = {line.id: line.qty / 2 for line in order.lines}
        trade.fulfil(uow, order.id, first, date(2026, 3, 9))
        sold = trade.bill_order(uow, order.id, doc_date=date(2026, 3, 10))
        trade.close_order(uow, order.id, "客户不要了")
        ret = trade.return_goods(uow, sold.id, {sold.lines[0].id: D(5)}, date(2026, 3, 11))
        receipt = payments.record_payment(
            uow, wang, "50", doc_date=date(2026, 3, 12), auto_allocate=False
        )
        payments.allocate_credit(uow, receipt.id, sold.id, "30", date(2026, 3, 12))
    with ledger.unit() as uow:
        dropped = documents.create_draft(
            uow, "quote", zhang, [LineInput("0043", 1, "袋")], date(2026, 3, 13)
        )
        quotes.reject_quote(uow, dropped.id, "太贵")
        draft = documents.create_draft(
            uow, "sales_order", zhang, [LineInput("0042", 1)], date(2026, 3, 13)
        )
        documents.cancel(uow, draft.id, "重复录入")
        wrong = documents.create_draft(
            uow, "sales_bill", zhang, [LineInput("0042", 10, "个", "5")], date(2026, 3, 14)
        )
        trade.post(uow, wrong.id)
        uow.owner = OwnerApproval("laoban-2026")  # the owner approves; the reason: the red's
        reversal.reverse(uow, wrong.id, "单价开错", date(2026, 3, 15))
        stock.stocktake(uow, {"0042": "40", "0043": "3100"}, date(2026, 3, 31), "月末盘点")
    with ledger.unit() as uow:
        blue = fapiao.record_fapiao(
            uow,
            number="04400001",
            party=wang,
            issue_date=date(2026, 3, 16),
            net_amount="100",
            tax_amount="13",
            links=[(sold.id, "113")],
        )
        fapiao.red_fapiao(uow, blue.id, number="04400002", issue_date=date(2026, 3, 17))
        spare = fapiao.record_fapiao(
            uow,
            number="04400003",
            party=zhang,
            issue_date=date(2026, 3, 18),
            net_amount="10",
            tax_amount="1.3",
        )
        fapiao.cancel_fapiao(uow, spare.id, "填错")
    with ledger.unit() as uow:  # what only the owner changes, approved: replayed unasked
        uow.owner = OwnerApproval("laoban-2026", "老客户，年底提额")
        parties.update_party(uow, zhang, credit_limit="200000")
        firm.update_firm(uow, credit_overdue_days=45)
        clerk = people.add_person(uow, "小李", "clerk")
        people.set_password(uow, clerk.id, "xiaoli-2026")
        people.update_person(uow, clerk.id, role="accountant")
    with ledger.unit() as uow:  # their own password, changed with the current one
        people.set_password(uow, clerk.id, "xiaoli-2027", "xiaoli-2026")
    with ledger.unit() as uow:  # counter trade: bills without orders, paid on the spot
        cash = documents.create_draft(
            uow, "sales_bill", wang, [LineInput("0043", 2, "袋", "9")], date(2026, 3, 20)
        )
        counter.post_bill(uow, cash.id, paid=cash.total, method="现金")
        bought = documents.create_draft(
            uow, "supplier_bill", li, [LineInput("0042", 50, "个", "3")], date(2026, 3, 20)
        )
        counter.post_bill(uow, bought.id, paid="100", method="银行转账", reference="HD001")
        owed = documents.create_draft(
            uow, "sales_bill", wang, [LineInput("0043", 100, "袋", "9")], date(2026, 3, 21)
        )
        counter.post_bill(
            uow,
            owed.id,
            paid="100",
            method="微信",
            override_reason="老客户",
            owner_password="laoban-2026",
            as_of=date(2026, 3, 21),
        )
    print_document(ledger, ret.number, tmp_path / "ret.pdf")
    with ledger.read() as s:
        assert run_checks(s) == []


def test_the_outbox_replays_into_the_same_books(ledger, tmp_path: Path) -> None:
    _a_month_of_everything(ledger, tmp_path)
    with ledger.read() as s:
        recorded = {row.intent for row in s.scalars(select(OutboxEntry))}
    assert recorded <= set(INTENTS), recorded - set(INTENTS)
    # the story really went through the kinds of change (not only a few)
    assert len(recorded) >= 30
    copy = tmp_path / "copy.zhangfang"
    replayed = replay_into_empty(ledger, copy)
    ledger.close()
    assert replayed > 40
    assert_same_books(ledger.path, copy)
    replica = Ledger.open(copy, actor="server")
    try:
        with replica.read() as s:
            assert run_checks(s) == []
        # the copy numbers its own new documents after the ones it was given
        with replica.unit() as uow:
            more = documents.create_draft(
                uow,
                "quote",
                parties.get_party(uow.session, "王五建材").id,
                [LineInput("0042", 1)],
                date(2026, 3, 7),
            )
            assert more.number == "BJ-A-2603-0003"
    finally:
        replica.close()


def test_a_copy_that_would_post_otherwise_is_refused(ledger, tmp_path: Path) -> None:
    cust = customer(ledger)
    product(ledger, code="0042", name="六角螺栓 M8")
    with ledger.unit() as uow:
        bill = documents.create_draft(
            uow, "sales_bill", cust, [LineInput("0042", 10, "个", "5")], date(2026, 3, 14)
        )
        trade.post(uow, bill.id)
    with ledger.read() as s:
        rows = [
            (r.intent, r.args) for r in s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]
    copy = Ledger.open(tmp_path / "copy.zhangfang", create=True, actor="server")
    try:
        for intent, args in rows[:-1]:
            with copy.unit() as uow:
                apply_intent(uow, intent, args)
        intent, args = rows[-1]
        assert intent == "sales_bill.post"
        tampered = {**args, "posted": {**args["posted"], "total": "49.00"}}
        with pytest.raises(ReplayMismatch, match="posted other"), copy.unit() as uow:
            apply_intent(uow, intent, tampered)
        with pytest.raises(UnknownIntent), copy.unit() as uow:
            apply_intent(uow, "sales_bill.teleport", {})
        with copy.read() as s:  # nothing of the refused change was written
            assert documents.get_document(s, bill.id).status == "draft"
    finally:
        copy.close()


def test_imported_records_and_opening_figures_replay(ledger, tmp_path: Path) -> None:
    """Customers with opening balances and products with opening stock, imported as a user
    does (``zhangfang import``), replay into the same books."""
    from desktop.cli.main import main

    customers = tmp_path / "customers.csv"
    customers.write_text(
        "客户编码,客户名称,联系电话,信用额度,期初应收\n"
        "K001,甲五金店,13800000001,5000,1200.50\n"
        "K002,乙建材,13800000002,,-300\n",
        encoding="utf-8",
    )
    goods = tmp_path / "products.csv"
    goods.write_text(
        "商品编码,商品名称,单位,零售价,进价,期初库存\n0042,六角螺栓 M8,个,0.5,0.3,1000\n",
        encoding="utf-8",
    )
    ledger.close()
    for file, kind in ((customers, "customer"), (goods, "product")):
        code = main(
            [
                "import",
                str(file),
                "--kind",
                kind,
                "--ledger",
                str(ledger.path),
                "--date",
                "2026-01-01",
            ]
        )
        assert code == 0
    source = Ledger.open(ledger.path, actor="tester")
    try:
        with source.read() as s:
            recorded = [row.intent for row in s.scalars(select(OutboxEntry))]
        assert {"party.create", "product.create", "opening.balance", "opening.stock"} <= set(
            recorded
        )
        copy = tmp_path / "copy.zhangfang"
        replay_into_empty(source, copy)
    finally:
        source.close()
    assert_same_books(ledger.path, copy)


def test_imported_history_replays_in_parts(ledger, tmp_path: Path, monkeypatch) -> None:
    """A sales and a purchase history imported with stock and balances (new customers,
    suppliers and products created, a cancelled invoice made a return) replay into the
    same books; the bills come in parts of
    two here, and the copy values the stock moves across all of them, as the import did."""
    from desktop.cli.main import main
    from desktop.importing.kinds import bulk

    monkeypatch.setattr(bulk, "SLICE_DOCS", 2)
    bought = tmp_path / "bought.csv"
    bought.write_text(
        "单号,日期,供应商名称,商品编码,商品名称,数量,单价,税率\n"
        "P9,2026-01-09,宏达五金,0042,六角螺栓 M8,100,2.26,0.13\n"
        "P1,2026-01-03,宏达五金,0042,六角螺栓 M8,50,1.13,0.13\n"
        "P2,2026-01-03,宏达五金,0043,螺母 M8,500,0.1,0\n"
        "P3,2026-01-05,宏达五金,0042,六角螺栓 M8,10,3.39,0.13\n",
        encoding="utf-8",
    )
    sold = tmp_path / "sold.csv"
    sold.write_text(
        "单号,日期,客户名称,商品编码,数量,单价\n"
        "S10,2026-01-04,甲五金店,0042,30,5\n"
        "S2,2026-01-04,甲五金店,0042,30,5\n"
        "S3,2026-01-06,乙建材,0043,600,0.5\n"
        "S3,2026-01-06,乙建材,0042,5,6\n"
        "S4,2026-01-10,甲五金店,0042,40,5\n"
        "7,2026-01-08,甲五金店,0042,10,5\n"
        "C7,2026-01-09,甲五金店,0042,-4,5\n",  # a cancellation: a return made from 7
        encoding="utf-8",
    )
    ledger.close()
    for file, kind in ((bought, "purchase_history"), (sold, "sales_history")):
        argv = ["import", str(file), "--kind", kind, "--ledger", str(ledger.path)]
        assert main([*argv, "--create-missing", "--move-stock", "--post-balances"]) == 0
    source = Ledger.open(ledger.path, actor="tester")
    try:
        with source.read() as s:
            parts = [r.args for r in s.scalars(select(OutboxEntry)) if r.intent == "import.bills"]
        assert [(p["part"], p["parts"]) for p in parts] == [
            *((1, 2), (2, 2)),
            *((1, 3), (2, 3), (3, 3)),
        ]
        with source.read() as s:
            kinds = s.execute(select(Document.kind, Document.source_id.is_not(None))).all()
        assert sorted(map(tuple, kinds)).count(("sales_return", True)) == 1
        copy = tmp_path / "copy.zhangfang"
        replay_into_empty(source, copy)
    finally:
        source.close()
    assert_same_books(ledger.path, copy)
    replica = Ledger.open(copy)
    try:
        with replica.read() as s:
            assert run_checks(s) == []
    finally:
        replica.close()
