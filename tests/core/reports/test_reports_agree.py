"""Property tests: over generated ledgers the reports agree with each other and with the
books. The aging total is the receivable balance as of the same date, and every customer's
statement closing adds up to it; sales less returns is what the bills and returns say;
margin is sales less the value the sales' stock moves took out of stock."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.errors import DomainError
from desktop.models import Document, PartyEntry, StockMove
from desktop.money import quantize, round_money
from desktop.reports import ReportParams, run
from desktop.reports import stock as stock_report
from desktop.services import (
    credit,
    documents,
    parties,
    payments,
    products,
    receivables,
    reversal,
    statements,
    trade,
)
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger

START = date(2026, 1, 1)

OPS = st.one_of(
    st.tuples(st.just("buy"), st.integers(1, 40), st.sampled_from(["2.5", "19.99", "0.37"])),
    st.tuples(
        st.just("sell"),
        st.integers(0, 1),
        st.integers(1, 30),
        st.sampled_from(["3.33", "24", "0.99"]),
        st.sampled_from(["0", "0.13"]),
    ),
    st.tuples(
        st.just("order"), st.integers(0, 1), st.integers(1, 20), st.sampled_from(["5", "1.1"])
    ),
    st.tuples(st.just("deliver_bill"), st.integers(0, 5), st.integers(1, 20)),
    st.tuples(st.just("pay"), st.integers(0, 1), st.integers(1, 5000)),
    st.tuples(st.just("return"), st.integers(0, 5), st.integers(1, 5)),
    st.tuples(st.just("reverse"), st.integers(0, 12)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=14), st.integers(0, 20), st.integers(0, 12))
def test_reports_agree(_template_ledger: Path, ops: list[tuple], cut: int, days: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.zhangfang"
        shutil.copyfile(_template_ledger, path)
        ledger = Ledger.open(path, actor="prop")
        try:
            _run(ledger, ops)
            as_of = START + timedelta(days=cut)
            _assert_agree(ledger, as_of, START + timedelta(days=days))
        finally:
            ledger.close()


def _run(ledger: Ledger, ops: list[tuple]) -> None:
    with ledger.unit() as uow:
        custs = [
            parties.create_party(uow, name="甲客户", terms_days=7).id,
            parties.create_party(uow, name="乙客户", terms_days=0, salesperson="王").id,
        ]
        supp = parties.create_party(uow, name="供应商", is_customer=False, is_supplier=True).id
        products.create_product(uow, code="0001", name="测试品", cost_price="1.50")
    day = START
    state: dict[str, list] = {"orders": [], "bills": [], "posted": []}
    for op in ops:
        day += timedelta(days=1)
        try:
            with ledger.unit() as uow:
                _apply(uow, op, custs, supp, day, state)
        except DomainError:
            pass


def _apply(uow, op, custs, supp, day, state) -> None:  # type: ignore[no-untyped-def]
    kind = op[0]
    if kind == "buy":
        po = documents.create_draft(
            uow, "purchase_order", supp, [LineInput("0001", op[1], None, op[2])], day
        )
        credit.confirm_order(uow, po.id)
        state["posted"].append(trade.fulfil(uow, po.id, doc_date=day).id)
    elif kind == "sell":
        bill = documents.create_draft(
            uow,
            "sales_bill",
            custs[op[1]],
            [LineInput("0001", op[2], None, op[3], tax_rate=op[4])],
            day,
        )
        trade.post(uow, bill.id)
        state["bills"].append(bill.id)
        state["posted"].append(bill.id)
    elif kind == "order":
        order = documents.create_draft(
            uow, "sales_order", custs[op[1]], [LineInput("0001", op[2], None, op[3])], day
        )
        credit.confirm_order(uow, order.id)
        state["orders"].append(order.id)
    elif kind == "deliver_bill" and state["orders"]:
        order = documents.get_document(uow.session, state["orders"][op[1] % len(state["orders"])])
        delivery = trade.fulfil(uow, order.id, {order.lines[0].id: Decimal(op[2])}, day)
        state["posted"].append(delivery.id)
        bill = trade.bill_order(uow, order.id, doc_date=day)
        state["bills"].append(bill.id)
        state["posted"].append(bill.id)
    elif kind == "pay":
        state["posted"].append(
            payments.record_payment(uow, custs[op[1]], Decimal(op[2]) / 100, doc_date=day).id
        )
    elif kind == "return" and state["bills"]:
        bill = documents.get_document(uow.session, state["bills"][op[1] % len(state["bills"])])
        state["posted"].append(
            trade.return_goods(uow, bill.id, {bill.lines[0].id: Decimal(op[2])}, day).id
        )
    elif kind == "reverse" and state["posted"]:
        reversal.reverse(uow, state["posted"][op[1] % len(state["posted"])], "性质测试")


def _assert_agree(ledger: Ledger, as_of: date, end: date) -> None:
    with ledger.read() as s:
        # aging total == the receivable balance as of the same date == Σ statement closings
        aged = run(s, "aging", ReportParams(as_of=as_of))
        buckets = [c.key for c in aged.columns if c.key[1:].isdigit()]
        in_buckets = sum((r.cells[b] for r in aged.rows for b in buckets), Decimal(0))
        balance = s.scalar(
            select(func.coalesce(func.sum(PartyEntry.amount), 0)).where(
                PartyEntry.account == "AR", PartyEntry.entry_date <= as_of
            )
        )
        assert aged.totals["balance"] == Decimal(balance)
        assert in_buckets - aged.totals["unapplied"] == Decimal(balance)
        closings = sum((st.closing for st in statements.statements(s, START, as_of)), Decimal(0))
        assert closings == aged.totals["balance"]
        assert_aging_rows_are_party_aging(s, as_of)

        # sales less returns == the bills less the returns, as the documents total them
        period = ReportParams(date_from=START, date_to=end)
        sold = run(s, "sales", period)
        docs = list(
            s.scalars(
                select(Document).where(
                    Document.kind.in_(("sales_bill", "sales_return")),
                    Document.status.in_(("posted", "reversed")),
                    Document.doc_date <= end,
                )
            )
        )
        bills = sum((d.total for d in docs if d.kind == "sales_bill"), Decimal(0))
        returns = sum((d.total for d in docs if d.kind == "sales_return"), Decimal(0))
        assert sold.totals["gross"] == bills and sold.totals["returns"] == returns
        assert sold.totals["net"] == bills - returns

        # margin == net sales less the value the sales flow's moves took out of stock
        net = sum((d.net_total * (1 if d.kind == "sales_bill" else -1) for d in docs), Decimal(0))
        moved = s.execute(
            select(StockMove.qty, StockMove.unit_cost)
            .join(Document, Document.id == StockMove.document_id)
            .where(
                Document.kind.in_(("delivery", "sales_bill", "sales_return")),
                StockMove.move_date <= end,
            )
        )
        cost = round_money(sum((-quantize(q * c, 4) for q, c in moved), Decimal(0)))
        whole = run(s, "margin", ReportParams(date_from=START, date_to=end, by="none"))
        assert whole.totals["net_ex_tax"] == net
        assert whole.totals["cost"] == cost
        assert whole.totals["margin"] == net - cost
        kpis = {r.cells["key"]: r.cells["value"] for r in run(s, "kpi", period).rows}
        assert_stock_set_based_equals_replay(s)
        assert kpis["margin"] == net - cost and kpis["net_sales"] == bills - returns


def assert_stock_set_based_equals_replay(s) -> None:  # type: ignore[no-untyped-def]
    """Today's stock and slow movers, read set-based from the stored positions, say what
    replaying every move by the costing rules says, row for row."""
    for name, params in (
        ("stock", ReportParams(date_from=START)),
        ("slow-movers", ReportParams(days=3)),
    ):
        stored = run(s, name, params)
        with mock.patch.object(stock_report, "_as_of", lambda p: p.day()):
            replayed = run(s, name, params)
        assert [(r.cells, r.flags) for r in stored.rows] == [
            (r.cells, r.flags) for r in replayed.rows
        ]


def assert_aging_rows_are_party_aging(s, as_of: date) -> None:  # type: ignore[no-untyped-def]
    """The aging report's one query (``receivables.aging_rows_sql``) gives each party what
    ``receivables.aging`` (the statements' and exports' reader) gives it, figure for figure,
    for receivables and payables, and its rows' drills name each party's open documents."""
    for account, name in (("AR", "aging"), ("AP", "payables-aging")):
        report = run(s, name, ReportParams(as_of=as_of))
        labels = [label for _limit, label in receivables.BUCKETS]
        expected = sorted(
            (
                (
                    a.party.code,
                    a.balance,
                    *(a.buckets[label] for label in labels),
                    a.unapplied,
                    a.max_overdue_days,
                    a.party.id,
                )
                for a in receivables.aging(s, account, as_of)
            ),
        )
        got = sorted(
            (
                r.cells["code"],
                r.cells["balance"],
                *(r.cells[f"b{i}"] for i in range(len(labels))),
                r.cells["unapplied"],
                r.cells["overdue_days"],
                r.drill.party_id if r.drill else None,
            )
            for r in report.rows
        )
        assert got == expected
