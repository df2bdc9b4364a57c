"""Days past due have one rule in two forms: SQL for the queries (aging, the credit
check, statements) and Python for a row already read (the bill lists). Both forms give
the same answer on the edge cases, and a statement's aging box is the aging report's row."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop.services.open_amounts import days_past_due, days_past_due_sql

AS_OF = date(2026, 12, 6)
CASES = [
    (Decimal("100"), AS_OF - timedelta(days=45)),  # owed, overdue
    (Decimal("100"), AS_OF),  # due today: 0
    (Decimal("100"), AS_OF + timedelta(days=3)),  # not yet due
    (Decimal("0"), AS_OF - timedelta(days=45)),  # paid
    (Decimal("-50"), AS_OF - timedelta(days=45)),  # an unapplied credit
    (Decimal("100"), None),  # no due date
    (Decimal("0.01"), date(2024, 2, 29)),  # a fen owed over a leap day
]


@pytest.mark.parametrize(("open_", "due"), CASES)
def test_sql_and_python_forms_agree(open_: Decimal, due: date | None) -> None:
    db = sqlite3.connect(":memory:")
    sql = days_past_due_sql(":open", ":due", ":as_of")
    [(in_sql,)] = db.execute(
        f"SELECT {sql}",
        {
            "open": int(open_ * 100),
            "due": due.isoformat() if due else None,
            "as_of": AS_OF.isoformat(),
        },
    ).fetchall()
    assert in_sql == days_past_due(open_, due, AS_OF)
    if due is not None and open_ > 0 and due < AS_OF:
        assert in_sql == (AS_OF - due).days
    else:
        assert in_sql == 0
