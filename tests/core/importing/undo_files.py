"""Shared by the undo tests: a lived-in ledger, what an undo must give back (stock,
balances, append-only row counts), and import-then-undo with those checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.cli.main import main
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.importing.undo import undo_batch
from desktop.models import (
    Allocation,
    AuditEntry,
    PartyBalance,
    PartyEntry,
    StockBalance,
    StockMove,
)
from desktop.services import documents, opening, payments, trade
from desktop.services.checks import run_checks
from desktop.services.documents import LineInput
from desktop.services.ledger import Ledger
from tests.core.importing.history_files import ROWS
from tests.helpers import customer, product

APPEND_ONLY = (StockMove, PartyEntry, Allocation, AuditEntry)
HEADER = ROWS[0]  # the history file's header row


def append_only_counts(ledger: Ledger) -> dict[str, int]:
    with ledger.read() as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0 for m in APPEND_ONLY
        }


def position(ledger: Ledger) -> dict[str, Any]:
    """Stock (quantity and value) per product and balance per party and side, zeros left out:
    what an undo must give back exactly."""
    with ledger.read() as s:
        stock = {
            b.product_id: (b.qty, b.value)
            for b in s.scalars(select(StockBalance))
            if b.qty or b.value
        }
        balances = {
            (b.party_id, b.account): b.balance for b in s.scalars(select(PartyBalance)) if b.balance
        }
    return {"stock": stock, "balances": balances}


def assert_grew(before: dict[str, int], after: dict[str, int]) -> None:
    assert all(after[t] >= before[t] for t in before), (before, after)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def lived_in(ledger: Ledger) -> dict[str, Any]:
    """A ledger with stock, balances and allocations already in it, so that an undo giving
    back "zero" would not pass by luck."""
    both = {"is_customer": True, "is_supplier": True}
    k1 = customer(ledger, "甲公司", code="K1", **both)
    k2 = customer(ledger, "乙公司", code="K2", **both)
    screws = product(ledger, "000123", "螺丝 M6", cost_price="2.5")
    nuts = product(ledger, "000124", "螺母 M6")
    product(ledger, "000125", "垫圈 M6")
    with ledger.unit() as uow:
        opening.opening_stock(
            uow, {screws: ("100", "2.5"), nuts: ("7", "1.333333")}, date(2023, 12, 31)
        )
        opening.opening_balance(uow, k1, "500", date(2023, 12, 31))
        opening.opening_balance(uow, k2, "300", date(2023, 12, 31), flow="purchase")
        bill = documents.create_draft(
            uow, "sales_bill", k1, [LineInput("000123", 5, unit_price="4")], date(2024, 1, 2)
        )
        trade.post(uow, bill.id)
        payments.record_payment(uow, k1, "15", doc_date=date(2024, 1, 3))
    return {"k1": k1, "k2": k2, "screws": screws, "nuts": nuts, "bill": bill.id}


def undo_and_compare(ledger: Ledger, path: Path, kind: str, options: ImportOptions) -> Any:
    """Import, undo, and require the ledger as before: checks clean, same stock and
    balances, append-only tables only grown; returns the import's report."""
    before, counts = position(ledger), append_only_counts(ledger)
    report = run_import(ledger, path, kind=kind, options=options)
    assert report.batch_id is not None, report.summary("en")
    assert report.counts["new"] + report.counts["updated"], report.summary("en")
    with ledger.read() as s:
        assert run_checks(s) == []
    imported = append_only_counts(ledger)
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert run_checks(s) == []
    assert position(ledger) == before
    assert_grew(counts, imported)
    assert_grew(imported, append_only_counts(ledger))
    return report
