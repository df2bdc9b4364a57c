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


def _opening_docs(ledger, party_ids) -> list[tuple]:
    from sqlalchemy import select

    from desktop.models import Document, OutboxEntry, PartyEntry

    with ledger.read() as s:
        docs = s.scalars(
            select(Document).where(Document.party_id.in_(party_ids)).order_by(Document.total)
        ).all()
        entries = {e.document_id: e for e in s.scalars(select(PartyEntry))}
        intents = [
            sorted(o.args) for o in s.scalars(select(OutboxEntry)) if o.intent == "opening.balance"
        ]
        return [
            (
                d.kind,
                d.status,
                d.total,
                d.due_date,
                d.reference,
                d.notes,
                d.salesperson,
                d.posted_at is not None,
                entries[d.id].amount,
                entries[d.id].due_date,
            )
            for d in docs
        ] + [intents[0]]


def test_bulk_opening_balances_match_the_service(ledger, ledger_path, tmp_path) -> None:
    """Imports post opening balances in bulk; the result must be what opening_balance writes
    one at a time (documents, entries, due dates from terms, balances, sync intents)."""
    from desktop.importing.kinds.bulk_opening import write_opening_balances
    from desktop.services.backup import backup_to
    from desktop.services.ledger import Ledger

    a = customer(ledger, "甲", code="A1", terms_kind="days", terms_days=30, salesperson="王五")
    b = customer(ledger, "乙", code="B1", terms_kind="month_end", terms_days=15)
    on = date(2026, 1, 31)
    items = [(a, D("1200.50"), on, ""), (b, D("-300"), on, "")]
    copy = tmp_path / "copy.zhangfang"
    backup_to(ledger_path, copy)  # the online backup: committed pages still in the WAL too
    with ledger.unit() as uow:
        for party, amount, when, _notes in items:
            opening_balance(uow, party, amount, when)
    other = Ledger.open(copy, actor="tester")
    try:
        with other.unit() as uow:
            write_opening_balances(uow, "sales", items, None)
        assert _opening_docs(other, [a, b]) == _opening_docs(ledger, [a, b])
        with other.read() as s:
            assert receivables.balance(s, a, "AR") == D("1200.50")
            assert receivables.balance(s, b, "AR") == D("-300")
            assert run_checks(s) == []
    finally:
        other.close()
