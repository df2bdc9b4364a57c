"""Big-file paths: the streamed history import, the quick extent check, the table scanner.

The streamed history import must decide exactly what the whole-grid path decides (the GUI
uses that one), create missing customers and products in bulk with audit entries that undo
finds, and stay idempotent.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.importing.extent import xlsx_extent, xlsx_extent_bound
from desktop.importing.header import find_table, is_total_row
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.importing.reader import read_workbook, stream_workbook
from desktop.importing.undo import undo_batch
from desktop.importing.values import _tidy, blank_to_none, float_to_decimal, parse_amount
from desktop.models import AuditEntry, Document, OutboxEntry, Party, Product
from desktop.services.checks import run_checks
from tests.core.importing.history_files import ROWS, classic_outcomes, history_xlsx
from tests.helpers import customer, product


def test_streamed_history_matches_whole_grid_path(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    for options in (ImportOptions(), ImportOptions(create_missing=True)):
        preview = run_import(ledger, path, kind="sales_history", dry_run=True, options=options)
        streamed = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
        assert streamed == classic_outcomes(ledger, path, options)
        assert [s.reason for s in preview.skipped_rows] == ["total"]
    opts = ImportOptions(create_missing=True)
    report = run_import(ledger, path, kind="sales_history", options=opts)
    assert report.counts["new"] == 4 and report.counts["error"] == 5
    assert report.rows[1].notes  # amount differs from qty × price: kept with its Row
    summary = report.summary("en")
    assert {e["row"] for e in summary["errors"]} == {5, 6, 7, 8, 11}
    with ledger.read() as s:
        assert run_checks(s) == []
        assert s.scalar(select(func.count()).select_from(Document)) == 3
        made = s.scalars(select(Party).where(Party.name == "新客户")).all()
        assert made == []  # S3 had an error: its new customer is not created
        new_products = s.scalar(select(func.count()).select_from(Product))
        assert new_products == 1
    again = run_import(ledger, path, kind="sales_history", options=opts)
    assert again.batch_id is None and again.counts["unchanged"] == 4
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert run_checks(s) == []


def test_bulk_created_records_are_audited_and_undone(ledger: Any, tmp_path: Path) -> None:
    rows = [ROWS[0]] + [
        [f"X{i}", "2024-02-01", f"C{i % 3}", f"客户{i % 3}", f"P{i}", f"商品{i}", "个", 1, 2, 2]
        for i in range(12)
    ]
    path = history_xlsx(tmp_path / "new.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 12
    with ledger.read() as s:
        assert run_checks(s) == []
        party = s.scalars(select(Party).where(Party.name == "客户1")).one()
        assert party.code == "C1" and party.is_customer and "kehu" in party.search_key
        prod = s.scalars(select(Product).where(Product.code == "P3")).one()
        assert "shangpin" in prod.search_key and prod.base_unit == "个"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.batch_id == report.batch_id)).all()
        assert sum(e.entity == "party" for e in entries) == 3
        assert sum(e.entity == "product" for e in entries) == 12
        intents = s.scalars(select(OutboxEntry.intent)).all()
        assert intents.count("party.create") == 3 and intents.count("product.create") == 12
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 0
        assert s.scalar(select(func.count()).select_from(Product)) == 0
        assert run_checks(s) == []


def test_stream_workbook_gives_the_same_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["C3"] = "标题"
    ws.append([None, None, "单号", "日期", "数量"])
    for i in range(300):
        spaces = "\u3000 " if i % 3 else "  "  # XML keeps the ideographic space
        ws.append([None, None, f"S{i}", datetime(2024, 1, 1), i if i % 7 else spaces])
    ws.append([])
    ws.append([None, None, "合计", None, 100])
    wb.save(tmp_path / "s.xlsx")
    whole = read_workbook(tmp_path / "s.xlsx").rows
    stream = stream_workbook(tmp_path / "s.xlsx", head_rows=10)
    assert stream.book.partial and len(stream.book.rows) < len(whole)
    rest = list(stream.rest())
    # left for the table scanner to clean (a writer that marks xml:space="preserve", as
    # openpyxl does through lxml, keeps the ASCII space after it too)
    assert any(isinstance(c, str) and "\u3000" in c for row in rest for c in row)
    rows = stream.book.rows + [blank_to_none(row) for row in rest]
    while rows and not rows[-1]:
        rows.pop()
    assert rows == whole


def test_quick_extent_bound(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["a", 1])
    wb.active["Z20"] = 5
    wb.save(tmp_path / "small.xlsx")
    with zipfile.ZipFile(tmp_path / "small.xlsx") as zf:
        assert xlsx_extent_bound(zf, "Sheet") == (999_999, 26)
        assert xlsx_extent(zf, "Sheet") == (20, 26)
    wb.active["AA2"] = 1
    wb.save(tmp_path / "wide.xlsx")
    with zipfile.ZipFile(tmp_path / "wide.xlsx") as zf:
        assert xlsx_extent_bound(zf, "Sheet") is None


def test_scanner_shortcuts_keep_the_answers() -> None:
    assert is_total_row(["合 计", None, 5])
    assert is_total_row([None, "ＴＯＴＡＬ", 5])
    assert is_total_row(["Sub-Total:", 5])
    assert not is_total_row(["XS0001", date(2024, 1, 1), "x", "合计"])  # 4th filled cell
    rows = [
        ["名称", "数量", "单价"],
        ["a", 1, 2],
        ["名称", "数量", "单价"],
        ["b", 2, 3],
        [],
        ["第二张表"],
        ["名称", "数量", "单价"],
        ["c", 3, 4],
    ]
    table = find_table(rows, header_index=0)
    assert [r.excel_row for r in table.rows] == [2, 4]
    assert [(s.excel_row, s.reason) for s in table.skipped] == [
        (3, "repeated_header"),
        (6, "next_table_title"),
    ]
    assert table.skipped[1].text == "第二张表"


def test_parse_amount_float_fast_path_matches() -> None:
    for x in (0.1, 12.3, 1e14, 12.0, -5.5, 0.30000000000000004, 1e-11, -0.0, 123456789.125):
        got = parse_amount(x)
        slow = _tidy(float_to_decimal(x))  # the general path
        assert got == slow and str(got) == str(slow)


def test_a_code_with_two_names_creates_one_product(ledger: Any, tmp_path: Path) -> None:
    """Issue 15: a code seen with two names no longer aborts the whole import ("Code P1 is
    already used"): the first name wins and the later line goes to that product."""
    rows = [
        ROWS[0],
        ["A1", "2024-03-01", "K7", "丙公司", "P1", "商品甲", "个", 1, 2, 2],
        ["A2", "2024-03-01", "K7", "丙公司", "P1", "商品乙", "个", 1, 2, 2],  # same code
    ]
    path = history_xlsx(tmp_path / "dup.xlsx", rows)
    options = ImportOptions(create_missing=True)
    preview = run_import(ledger, path, kind="sales_history", options=options, dry_run=True)
    report = run_import(ledger, path, kind="sales_history", options=options)
    assert report.aborted is None and report.batch_id is not None
    assert report.counts == preview.counts and report.counts["new"] == 2
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 2
        assert list(s.execute(select(Product.code, Product.name))) == [("P1", "商品甲")]


def test_error_workbook_of_a_streamed_csv_has_every_row(ledger: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop.importing.error_workbook import write_error_workbook

    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    lines = ["单号,日期,客户名称,商品编码,数量,单价"]
    lines += [f"S{i},2024-01-05,甲公司,000123,{i + 1},2" for i in range(120)]
    lines.append("S999,2024-01-05,甲公司,000123,abc,2")
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = run_import(ledger, path, kind="sales_history", dry_run=True)
    assert report.prepared.book.partial and report.counts["error"] == 1
    out = tmp_path / "errors.xlsx"
    assert write_error_workbook(report, out) == 1
    ws = load_workbook(out).active
    assert ws.max_row == 122 and ws.cell(row=122, column=1).value == "S999"
    assert ws.cell(row=122, column=7).value


def _random_grid(seed: int) -> list[list[Any]]:
    import random

    rnd = random.Random(seed)
    header = ["序号", "单号", "日期", "客户", "商品", "数量", "单价", "金额"]
    grid: list[list[Any]] = [["销售明细表"], header]
    cells: list[Any] = [
        None,
        "",
        "  ",
        "合计",
        "小计：",
        "Total",
        "—",
        "NA",
        "S1",
        "甲公司",
        "螺丝",
        3,
        2.5,
        float("nan"),
        True,
        date(2024, 1, 2),
        "数量",
        "单价",
    ]
    for _ in range(300):
        kind = rnd.random()
        if kind < 0.05:
            grid.append([])
        elif kind < 0.08:
            grid.append(list(header))
        else:
            width = rnd.randrange(1, 11)
            row = [rnd.choice(cells) for _ in range(width)]
            if rnd.random() < 0.6:  # an ordinary line
                row = [rnd.randrange(99), "S1", date(2024, 1, 2), "甲公司", "螺丝", 3, 2.5, 7.5]
                if rnd.random() < 0.2:
                    row[rnd.randrange(8)] = rnd.choice(cells)
            grid.append(row)
    return grid


@pytest.mark.parametrize("seed", range(8))
def test_scanner_shortcut_gives_the_full_answers(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose cell types settle the table tests take a shortcut; it must answer exactly
    as the full tests do (repeated headers, totals, blanks, placeholders, NaN, bools)."""
    from desktop.importing import header

    grid = _random_grid(seed)
    quick = find_table(grid, kind="sales_history")
    monkeypatch.setattr(header._Lane, "for_signature", classmethod(lambda cls, sig, sc: None))
    full = find_table(grid, kind="sales_history")
    assert quick.rows == full.rows
    assert quick.skipped == full.skipped
    assert quick.next_table_index == full.next_table_index
    assert len(full.rows) > 50
