"""Aging, payables aging, cash expected and the KPI set read only the documents not settled by
their day (``open_amounts.maybe_open_sql``); balances are the kept ones less the entries after
the day. On a ledger with years of settled history, every figure as of days before, between
and after the settlements equals the full read (the same reports with every mark cleared,
and the per-party path of ``test_flat_costs``), and ``zhangfang check`` refuses a mark that
something dated after it would contradict."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models import Account
from desktop.reports import ReportParams, run
from desktop.services import receivables
from desktop.services.checks import run_checks
from desktop.services.demo import generate_demo
from desktop.services.ledger import Ledger
from tests.core.test_flat_costs import hand_balances, new_aging, old_aging

END = date(2026, 9, 30)
#: before the first settlement, inside the history, the last day, after it
DAYS = [END - timedelta(days=d) for d in (200, 120, 61, 30, 7, 0)] + [END + timedelta(days=45)]


@pytest.fixture(scope="module")
def settled_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    path: Path = tmp_path_factory.mktemp("settled") / "demo.zhangfang"
    ledger = Ledger.open(path, create=True, actor="tester")
    generate_demo(ledger, seed=11, customers=15, products=40, months=8, end=END)
    yield ledger
    ledger.close()


def figures(session: Session, on: date) -> list[Any]:
    """Every figure that reads open amounts or balances as of ``on``."""
    out: list[Any] = []
    for account in (Account.AR, Account.AP):
        out.append(new_aging(session, account, on))
        out.append([(p.code, b) for p, b in receivables.balances(session, account, on)])
    for name in ("aging", "payables-aging", "cash"):
        out.append([(r.cells, r.flags) for r in run(session, name, ReportParams(as_of=on)).rows])
    start = on.replace(day=1) - timedelta(days=60)
    kpi = run(session, "kpi", ReportParams(date_from=start, date_to=on))
    out.append([(r.cells, r.flags) for r in kpi.rows])
    return out


def test_the_ledger_has_settled_history_open_before_its_mark(settled_ledger: Ledger) -> None:
    """The case the marks skip is there: bills settled after some of the days read (open
    then), and bills and credits settled before them (skipped)."""
    with settled_ledger.read() as s:
        for on in DAYS[1:5]:
            settled_before, open_then = s.execute(
                text(
                    "SELECT SUM(settled_on <= :d), SUM(settled_on > :d AND doc_date <= :d)"
                    " FROM document WHERE kind IN ('sales_bill', 'supplier_bill', 'receipt',"
                    " 'payment') AND settled_on IS NOT NULL"
                ),
                {"d": on.isoformat()},
            ).one()
            assert settled_before > 10 and open_then > 0, on


def test_figures_equal_the_full_read_on_every_day(settled_ledger: Ledger) -> None:
    with settled_ledger.read() as s:
        assert run_checks(s) == []
        marked = [figures(s, on) for on in DAYS]
        for on in DAYS:  # and the per-party path, which never reads a mark
            for account in (Account.AR, Account.AP):
                assert new_aging(s, account, on) == old_aging(s, account, on)
                assert [
                    (p.code, p.name, b) for p, b in receivables.balances(s, account, on)
                ] == hand_balances(s, account, on)
        s.execute(text("UPDATE document SET settled_on = NULL"))  # the full read
        assert [figures(s, on) for on in DAYS] == marked
        s.rollback()
    assert any(row for day in marked for row in day[0])  # something was aged


def test_a_mark_before_a_later_allocation_is_a_problem(settled_ledger: Ledger) -> None:
    """A mark older than the document's last allocation would hide what was open between
    them: the check names it."""
    with settled_ledger.read() as s:
        number, doc_id = s.execute(
            text(
                "SELECT d.number, d.id FROM document d WHERE d.kind = 'sales_bill'"
                " AND d.settled_on IS NOT NULL AND d.settled_on > d.doc_date LIMIT 1"
            )
        ).one()
        s.execute(text("UPDATE document SET settled_on = doc_date WHERE id = :id"), {"id": doc_id})
        problems = [p for p in run_checks(s) if p.code == "settled_mark"]
        s.rollback()
    assert len(problems) == 1 and number in problems[0].zh
