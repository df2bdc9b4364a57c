"""Issue 18 (flat costs): the set-based aging, the one-query overdue days and the balances
give the figures the per-party path gave, on the demo ledger and on a ledger where one
customer has thousands of orders; and an order costs the same number of SQL statements
whatever the customer's history."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from desktop.models import Account, Document, Party
from desktop.services import credit, documents, payments, receivables, reversal, trade, unbilled
from desktop.services.checks import run_checks
from desktop.services.demo import generate_demo
from desktop.services.ledger import Ledger
from tests.helpers import customer
from tests.history import add_history, order_lines, sales_flow, sales_template, setup_products

END = date(2026, 9, 30)


# --- the per-party path, as it was: the reference the set-based code must match -------------


def old_overdue_days(session: Session, party_id: uuid.UUID, as_of: date, account: str) -> int:
    items = receivables.open_items(session, party_id, account, as_of)
    return max((i.overdue_days(as_of) for i in items), default=0)


def old_aging(session: Session, account: str, as_of: date) -> list[tuple[Any, ...]]:
    rows = []
    for party, bal in receivables.balances(session, account, as_of):
        buckets = {label: Decimal(0) for _, label in receivables.BUCKETS}
        unapplied, worst = Decimal(0), 0
        for item in receivables.open_items(session, party.id, account, as_of):
            if item.open < 0:
                unapplied -= item.open
                continue
            days = item.overdue_days(as_of)
            worst = max(worst, days)
            label = next(
                lab for limit, lab in receivables.BUCKETS if limit is None or days <= limit
            )
            buckets[label] += item.open
        rows.append((party.code, party.name, bal, buckets, unapplied, worst))
    return rows


def new_aging(session: Session, account: str, as_of: date) -> list[tuple[Any, ...]]:
    return [
        (a.party.code, a.party.name, a.balance, a.buckets, a.unapplied, a.max_overdue_days)
        for a in receivables.aging(session, account, as_of)
    ]


def hand_balances(session: Session, account: str, as_of: date) -> list[tuple[str, str, Decimal]]:
    """Every party's balance by a hand-written query (fen to yuan), names included."""
    rows = session.execute(
        text(
            "SELECT p.code, p.name, SUM(e.amount) FROM party_entry e JOIN party p"
            " ON p.id = e.party_id WHERE e.account = :a AND e.entry_date <= :d"
            " GROUP BY p.id HAVING SUM(e.amount) != 0 ORDER BY p.code"
        ),
        {"a": account, "d": as_of.isoformat()},
    )
    return [(code, name, Decimal(fen) / 100) for code, name, fen in rows]


def assert_same_figures(ledger: Ledger, dates: list[date]) -> int:
    """Aging, balances and every party's overdue days, new path vs old, on each date;
    returns how many party-date pairs were compared."""
    compared = 0
    with ledger.read() as s:
        parties = list(s.scalars(select(Party)))
        for on in dates:
            for account in (Account.AR, Account.AP):
                assert new_aging(s, account, on) == old_aging(s, account, on)
                assert [
                    (p.code, p.name, b) for p, b in receivables.balances(s, account, on)
                ] == hand_balances(s, account, on)
                for party in parties:
                    assert receivables.overdue_days(s, party.id, on, account) == (
                        old_overdue_days(s, party.id, on, account)
                    ), (party.code, on, account)
                    compared += 1
    return compared


# --- the demo ledger --------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger.open(tmp_path / "demo.zhangfang", create=True, actor="tester")
    generate_demo(ledger, seed=5, customers=20, products=50, months=3, end=END)
    yield ledger
    ledger.close()


def test_aging_balances_and_overdue_match_the_per_party_path_on_the_demo(demo: Ledger) -> None:
    dates = [END - timedelta(days=d) for d in (95, 40, 0)] + [END + timedelta(days=75)]
    assert assert_same_figures(demo, dates) > 0
    with demo.read() as s:  # the figures are not all zero: there is something to age
        aged = receivables.aging(s, Account.AR, END + timedelta(days=75))
        assert any(a.max_overdue_days > 30 for a in aged)
        assert sum(a.buckets["90天以上"] for a in aged) > 0 or any(
            a.buckets["61-90天"] for a in aged
        )


def test_credit_panel_on_the_demo_matches_the_per_party_path(demo: Ledger) -> None:
    on = END + timedelta(days=45)
    with demo.read() as s:
        customers = list(s.scalars(select(Party).where(Party.is_customer.is_(True))))
        overdue = 0
        for party in customers:
            status = credit.credit_status(s, party, on)
            assert status.overdue_days == old_overdue_days(s, party.id, on, Account.AR)
            assert status.balance == receivables.balance(s, party.id, Account.AR)
            overdue += status.overdue_days > 0
        assert overdue > 0


# --- one customer with thousands of orders ----------------------------------------------------


@pytest.fixture
def long_history(ledger: Ledger) -> tuple[Ledger, uuid.UUID]:
    setup_products(ledger)
    who = customer(ledger, "老主顾五金店", credit_limit="5000000", terms_days=30)
    template = sales_template(ledger, who)
    add_history(ledger, template, 2000, unpaid=60, today=END)
    return ledger, who


def test_figures_match_for_a_customer_with_two_thousand_orders(
    long_history: tuple[Ledger, uuid.UUID],
) -> None:
    ledger, who = long_history
    dates = [END - timedelta(days=150), END, END + timedelta(days=31), END + timedelta(days=100)]
    assert assert_same_figures(ledger, dates) > 0
    with ledger.read() as s:
        party = s.get(Party, who)
        assert party is not None
        status = credit.credit_status(s, party, END + timedelta(days=100))
        # sixty unpaid bills, the oldest due 100 - 30 + 6 days ago (ten orders a day)
        assert status.overdue_days == old_overdue_days(s, who, END + timedelta(days=100), "AR")
        assert status.overdue_days > 60 and status.balance > 0


def statements_of_one_order(ledger: Ledger, who: uuid.UUID) -> int:
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    event.listen(ledger.engine, "before_cursor_execute", counted)
    try:
        sales_flow(ledger, who)
    finally:
        event.remove(ledger.engine, "before_cursor_execute", counted)
    return count


def test_an_order_costs_the_same_statements_at_the_10th_and_the_2000th(ledger: Ledger) -> None:
    setup_products(ledger)
    who = customer(ledger, "老主顾五金店", credit_limit="5000000", terms_days=30)
    template = sales_template(ledger, who)
    add_history(ledger, template, 7)  # dated up to today: the credit check is today's
    sales_flow(ledger, who)  # the ninth
    tenth = statements_of_one_order(ledger, who)
    assert tenth <= 37  # the firm and the products kept between units (services.row_cache)
    add_history(ledger, template, 1989)
    with ledger.read() as s:
        orders = s.scalar(
            text("SELECT count(*) FROM document WHERE party_id = :p AND kind = 'sales_order'"),
            {"p": who.hex},
        )
    assert orders == 1999
    assert statements_of_one_order(ledger, who) == tenth


# --- the settled marks follow payments and reversals ------------------------------------------


def unbilled_without_marks(session: Session, party_id: uuid.UUID) -> Decimal:
    """Σ of every open order's unbilled part, order by order (the marks not used)."""
    orders = session.scalars(
        select(Document).where(Document.party_id == party_id, Document.kind == "sales_order")
    )
    return sum((unbilled.order_unbilled(session, o) for o in orders), Decimal(0))


def test_marks_follow_payment_and_reversal(ledger: Ledger) -> None:
    setup_products(ledger)
    who = customer(ledger, "常客五金店", credit_limit="100000", terms_days=30)
    order_id = sales_flow(ledger, who, date(2026, 8, 1))  # billed 8-1, due 8-31
    with ledger.read() as s:
        order = s.get(Document, order_id)
        bill = s.scalar(
            select(Document).where(Document.source_id == order_id, Document.kind == "sales_bill")
        )
        assert order is not None and bill is not None
        assert order.settled_on == order.doc_date  # fully billed
        assert bill.settled_on is None and bill.due_date == date(2026, 8, 31)
        bill_id, total = bill.id, bill.total
        assert unbilled.unbilled_order_amount(s, who) == 0 == unbilled_without_marks(s, who)
    with ledger.unit() as uow:
        receipt = payments.record_payment(uow, who, total, doc_date=date(2026, 9, 20))
        receipt_id = receipt.id

    def figures(on: date) -> tuple[int, int]:
        with ledger.read() as s:
            return (
                receivables.overdue_days(s, who, on, Account.AR),
                old_overdue_days(s, who, on, Account.AR),
            )

    with ledger.read() as s:
        assert s.get(Document, bill_id).settled_on == date(2026, 9, 20)  # type: ignore[union-attr]
    assert figures(date(2026, 9, 10)) == (10, 10)  # not yet paid then: read in full
    assert figures(date(2026, 10, 1)) == (0, 0)  # paid: skipped
    with ledger.unit() as uow:  # the receipt taken back: the bill is open again
        reversal.reverse(uow, receipt_id, "收款记错", date(2026, 10, 5))
    with ledger.read() as s:
        assert s.get(Document, bill_id).settled_on is None  # type: ignore[union-attr]
    assert figures(date(2026, 10, 10)) == (40, 40)
    assert figures(date(2026, 9, 25)) == (0, 0)  # as of then it was paid
    with ledger.unit() as uow:  # the bill taken back: the order has its amount unbilled again
        reversal.reverse(uow, bill_id, "开错", date(2026, 10, 12))
    with ledger.read() as s:
        order = s.get(Document, order_id)
        assert order is not None and order.settled_on is None
        assert unbilled.unbilled_order_amount(s, who) == total == unbilled_without_marks(s, who)
        assert s.get(Document, bill_id).settled_on == date(2026, 10, 12)  # type: ignore[union-attr]
    assert figures(date(2026, 10, 20)) == (0, 0)
    with ledger.unit() as uow:  # billed again: settled again
        trade.bill_order(uow, order_id, doc_date=date(2026, 10, 21))
    with ledger.read() as s:
        assert unbilled.unbilled_order_amount(s, who) == 0 == unbilled_without_marks(s, who)
        assert run_checks(s) == []


def test_the_migration_marks_a_ledger_as_the_rules_did(
    long_history: tuple[Ledger, uuid.UUID],
) -> None:
    """0013 fills ``settled_on`` in an existing ledger as the posting rules set it: a ledger
    written by the services (paid, unpaid and reversed bills; billed and open orders) has
    its marks cleared and filled again by the migration's statements."""
    import importlib

    backfill = importlib.import_module(
        "desktop.models.migrations.versions.0013_document_settled_on"
    ).BACKFILL
    ledger, who = long_history
    orders = []
    for billed in (True, False):  # one billed, one delivered and not billed
        with ledger.unit() as uow:  # the customer is overdue: confirmed with a reason
            order = documents.create_draft(uow, "sales_order", who, order_lines(ledger), END)
            credit.confirm_order(uow, order.id, override_reason="老客户")
            trade.fulfil(uow, order.id, None, END)
            if billed:
                trade.bill_order(uow, order.id, doc_date=END)
            orders.append(order.id)
    open_order = orders[0]
    with ledger.read() as s:
        bill = s.scalar(
            select(Document.id).where(
                Document.source_id == open_order, Document.kind == "sales_bill"
            )
        )
    with ledger.unit() as uow:
        payments.record_payment(uow, who, "100.00", doc_date=END)
        reversal.reverse(uow, bill, "开错", END)
    marks = "SELECT id, settled_on FROM document ORDER BY id"
    with ledger.read() as s:
        before = s.execute(text(marks)).all()
        assert sum(1 for _, on in before if on) > 2000
        s.execute(text("UPDATE document SET settled_on = NULL"))
        for statement in backfill:
            s.execute(text(statement))
        assert s.execute(text(marks)).all() == before
        s.rollback()
