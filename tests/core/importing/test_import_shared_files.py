"""Real files from ../shared/data through the whole import, checked against what they hold.

Skipped when the shared folder is absent. Every file and sheet is previewed (never a crash,
every row accounted for); the ones that are lists we import are committed and compared
field by field with the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.importing.errors import ImportFileError
from desktop.importing.plan import run_import
from desktop.importing.reader import read_workbook
from desktop.models import Party, Product
from desktop.services.checks import run_checks

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "spreadsheets"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared spreadsheets not present")
FILES = (
    sorted(p for p in DATA.rglob("*") if p.is_file() and p.name not in ("LICENSE", "SOURCES.tsv"))
    if DATA.is_dir()
    else []
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_sheet_previews_or_says_why(ledger: Any, path: Path) -> None:
    for name in read_workbook(path).sheet_names:
        try:
            report = run_import(ledger, path, sheet=name, dry_run=True)
        except ImportFileError as exc:
            assert exc.code in {"unrecognised", "missing_columns", "empty_sheet", "no_rows"}
            assert exc.message("zh") and exc.message("en")
            continue
        c = report.counts
        assert c["total"] == c["new"] + c["updated"] + c["unchanged"] + c["skipped"] + c["error"]
        assert c["total"] >= len(report.prepared.table.rows)


def test_jsherp_customers_come_in_as_written(ledger: Any) -> None:
    report = run_import(ledger, DATA / "jsherp" / "customer_template.xls")
    assert report.prepared.kind == "customer" and report.counts["new"] == 2
    book = read_workbook(DATA / "jsherp" / "customer_template.xls")
    with ledger.read() as s:
        parties = {p.name: p for p in s.scalars(select(Party))}
        for row in book.rows[2:]:
            name = row[0]
            assert name in parties
            assert parties[name].contact == row[1]
            assert str(int(row[2])) in parties[name].phone  # 13000000000.0 → "13000000000"
        assert run_checks(s) == []
    assert run_import(ledger, DATA / "jsherp" / "customer_template.xls").batch_id is None


def test_northwind_lists(ledger: Any) -> None:
    nw = DATA / "northwind" / "Northwind.xlsx"
    for sheet, kind in (
        ("Customers", "customer"),
        ("Suppliers", "supplier"),
        ("Product", "product"),
    ):
        report = run_import(ledger, nw, sheet=sheet)
        assert report.prepared.kind == kind
        assert report.counts["error"] == 0 and report.counts["new"] == len(
            report.prepared.table.rows
        )
    book = read_workbook(nw, "Customers")
    header = book.rows[0]
    code_col, post_col = header.index("CustomerID"), header.index("PostalCode")
    with ledger.read() as s:
        codes = set(s.scalars(select(Party.code)))
        assert {str(r[code_col]) for r in book.rows[1:] if r and r[code_col]} <= codes
        # postal codes keep their leading zeros (stored in the notes as 邮编：…)
        zeros = [
            str(r[post_col])
            for r in book.rows[1:]
            if isinstance(r[post_col], str) and r[post_col].startswith("0")
        ]
        notes = " ".join(s.scalars(select(Party.notes)))
        assert all(f"邮编：{z}" in notes for z in zeros)
        assert s.scalar(select(Product).where(Product.code == "1")).name == "Chai"
        assert run_checks(s) == []
