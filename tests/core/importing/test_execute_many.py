"""Bulk rows go in several hundred to a statement, every row once and in order.

``bulk.execute_many`` inserts whole statements of ``rows_per_statement`` rows and the rest
one row at a time; here around every boundary, and with SQLite allowing few bound values
(older builds allow 999), the rows read back are exactly the rows given, in their order.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from desktop.importing.kinds import bulk
from desktop.importing.kinds.bulk_rows import AUDIT, AuditRow
from desktop.services.ledger import Ledger


def _rows(n: int) -> list[AuditRow]:
    return [
        AuditRow(
            at="2026-12-07 10:00:00.000000",
            actor="测试",
            desk="A",
            entity="party",
            entity_id=f"id-{i:06d}",
            action="insert",
            before=None if i % 3 else '{"name": "旧"}',
            after=f'{{"name": "客户{i}"}}',
            batch_id=None,
        )
        for i in range(n)
    ]


def _written(ledger: Ledger, rows: list[AuditRow], *, limit: int | None = None) -> list[tuple]:
    with ledger.unit() as uow:
        conn = uow.session.connection()
        dbapi = conn.connection.driver_connection
        start = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM audit_log").scalar()
        if limit is not None:
            dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
        try:
            bulk.execute_many(conn, AUDIT, rows)
        finally:
            dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32766)
        columns = ", ".join(AUDIT.columns)
        return [
            tuple(r)
            for r in conn.execute(
                text(f"SELECT {columns} FROM audit_log WHERE rowid > :s ORDER BY rowid"),
                {"s": start},
            )
        ]


@pytest.mark.parametrize("extra", [-1, 0, 1, 3])
@pytest.mark.parametrize("statements", [0, 1, 2])
def test_every_row_goes_in_once_and_in_order(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, statements: int, extra: int
) -> None:
    monkeypatch.setattr(bulk, "STATEMENT_ROWS", 7)
    rows = _rows(max(0, 7 * statements + extra))
    assert _written(ledger, rows) == [tuple(r) for r in rows]


def test_a_build_that_allows_few_bound_values(ledger: Ledger) -> None:
    """Nine values a row: 999 allowed makes 111 rows a statement, whatever is asked."""
    rows = _rows(1000)
    assert _written(ledger, rows, limit=999) == [tuple(r) for r in rows]
    assert _written(ledger, rows[:5], limit=5) == [tuple(r) for r in rows[:5]]  # one a row
