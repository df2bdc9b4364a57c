"""Property tests: whatever sequence of business operations runs, the books stay whole.

Invariants: receivable = Σ bills − Σ receipts − Σ returns (reversals count negative);
stock = Σ moves; every check of ``zhangfang check`` passes; rejected operations change nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.errors import DomainError
from desktop.models import Document, StockMove
from desktop.services import (
    credit,
    documents,
    parties,
    payments,
    products,
    receivables,
    reversal,
    trade,
)
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger

OPS = st.one_of(
    st.tuples(st.just("order"), st.integers(1, 30), st.sampled_from(["3.33", "24", "0.99"])),
    st.tuples(st.just("receive"), st.integers(1, 40), st.sampled_from(["2.5", "19.99"])),
    st.tuples(st.just("deliver"), st.integers(0, 5), st.integers(1, 30)),
    st.tuples(st.just("bill"), st.integers(0, 5), st.integers(0, 1)),
    st.tuples(st.just("pay"), st.integers(1, 5000), st.booleans()),
    st.tuples(st.just("return"), st.integers(0, 5), st.integers(1, 5)),
    st.tuples(st.just("reverse"), st.integers(0, 12), st.booleans()),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=14))
def test_books_stay_whole(_template_ledger: Path, ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.zhangfang"
        shutil.copyfile(_template_ledger, path)
        ledger = Ledger.open(path, actor="prop")
        try:
            _run(ledger, ops)
            _assert_invariants(ledger)
        finally:
            ledger.close()


def _run(ledger: Ledger, ops: list[tuple]) -> None:
    with ledger.unit() as uow:
        cust = parties.create_party(uow, name="性质测试客户").id
        supp = parties.create_party(
            uow, name="性质测试供应商", is_customer=False, is_supplier=True
        ).id
        products.create_product(
            uow, code="0001", name="测试品", units=[{"unit": "箱", "factor": 12}]
        )
    day = date(2026, 1, 1)
    orders: list[object] = []
    bills: list[object] = []
    posted: list[object] = []
    for op in ops:
        day += timedelta(days=1)
        try:
            with ledger.unit() as uow:
                _apply(uow, op, cust, supp, day, orders, bills, posted)
        except DomainError:
            pass  # rejected as it should be; the invariants below prove nothing was written


def _apply(uow, op, cust, supp, day, orders, bills, posted) -> None:
    kind = op[0]
    if kind == "order":
        order = documents.create_draft(
            uow, "sales_order", cust, [LineInput("0001", op[1], "箱", op[2])], day
        )
        credit.confirm_order(uow, order.id)
        orders.append(order.id)
    elif kind == "receive":
        po = documents.create_draft(
            uow, "purchase_order", supp, [LineInput("0001", op[1], None, op[2])], day
        )
        credit.confirm_order(uow, po.id)
        posted.append(trade.fulfil(uow, po.id, doc_date=day).id)
    elif kind == "deliver" and orders:
        order = documents.get_document(uow.session, orders[op[1] % len(orders)])
        posted.append(trade.fulfil(uow, order.id, {order.lines[0].id: Decimal(op[2])}, day).id)
    elif kind == "bill" and orders:
        bill = trade.bill_order(uow, orders[op[1] % len(orders)], doc_date=day)
        bills.append(bill.id)
        posted.append(bill.id)
    elif kind == "pay":
        posted.append(
            payments.record_payment(
                uow, cust, Decimal(op[1]) / 100, doc_date=day, auto_allocate=op[2]
            ).id
        )
    elif kind == "return" and bills:
        bill = documents.get_document(uow.session, bills[op[1] % len(bills)])
        posted.append(trade.return_goods(uow, bill.id, {bill.lines[0].id: Decimal(op[2])}, day).id)
    elif kind == "reverse" and posted:
        reversal.reverse(uow, posted[op[1] % len(posted)], "性质测试")


def _assert_invariants(ledger: Ledger) -> None:
    with ledger.read() as s:
        assert run_checks(s) == []
        signed = {"sales_bill": 1, "receipt": -1, "sales_return": -1}
        expected = sum(
            (
                signed[d.kind] * d.total
                for d in s.scalars(
                    select(Document).where(
                        Document.kind.in_(list(signed)), Document.status.in_(("posted", "reversed"))
                    )
                )
            ),
            Decimal(0),
        )
        cust = parties.get_party(s, "性质测试客户")
        assert receivables.balance(s, cust.id) == expected
        items = receivables.open_items(s, cust.id)
        assert sum((i.open for i in items), Decimal(0)) == expected
        assert all(i.open <= i.total or i.total < 0 for i in items)
        product = products.get_product(s, "0001")
        moves = s.scalar(
            select(func.coalesce(func.sum(StockMove.qty), 0)).where(
                StockMove.product_id == product.id
            )
        )
        from desktop.services.stock import on_hand

        assert on_hand(s, product.id) == moves
