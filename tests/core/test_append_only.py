"""History cannot be rewritten: the database refuses to change or delete entries."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from desktop.services import documents, trade
from desktop.services.documents import LineInput
from tests.helpers import customer, product


@pytest.mark.parametrize("table", ["stock_move", "party_entry", "audit_log"])
def test_entries_cannot_be_updated_or_deleted(ledger, ledger_path, table: str) -> None:
    cust = customer(ledger)
    product(ledger)
    with ledger.unit() as uow:
        bill = documents.create_draft(
            uow, "sales_bill", cust, [LineInput("000123", 1)], date(2026, 1, 1)
        )
        trade.post(uow, bill.id)
    conn = sqlite3.connect(ledger_path)
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    for statement in (f"UPDATE {table} SET rowid = rowid", f"DELETE FROM {table}"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
