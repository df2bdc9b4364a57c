"""Exports look like a hand-made ledger, never carry formulas from text, and import back."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.exporting.csv_out import write_csv
from desktop.exporting.reports import build_sheet
from desktop.exporting.table import Column, Sheet
from desktop.exporting.templates import template_headers, write_template
from desktop.exporting.xlsx import write_xlsx
from desktop.importing.mapping import KINDS
from desktop.importing.plan import prepare, run_import
from tests.helpers import customer, product

D = Decimal
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _sheet(rows: list[list[Any]]) -> Sheet:
    cols = [
        Column("编码", "code"),
        Column("名称"),
        Column("日期", "date"),
        Column("数量", "qty", total=True),
        Column("金额", "money", total=True),
    ]
    return Sheet(
        "测试清单", cols, rows, "上海测试商贸有限公司", date(2024, 1, 1), date(2024, 1, 31)
    )


ROWS = [
    ["00123", '=HYPERLINK("http://x")', date(2024, 1, 5), D("2.5"), D("1234.50")],
    ["00124", "+86 21", date(2024, 1, 6), D(3), D("-0.50")],
    ["00125", "@sum", None, D(1), D("10.00")],
]


def test_xlsx_layout_and_neutralised_text(tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    assert write_xlsx(_sheet(ROWS), out) == 3
    wb = load_workbook(out)
    ws = wb.active
    assert ws["A1"].value == "测试清单"
    assert "上海测试商贸有限公司" in ws["A2"].value and "2024-01-01 至 2024-01-31" in ws["A2"].value
    assert [c.value for c in ws[3]] == ["编码", "名称", "日期", "数量", "金额"]
    assert ws.freeze_panes == "A4"
    assert ws["A4"].value == "00123" and ws["A4"].data_type == "s"
    assert ws["B4"].data_type == "s" and ws["B4"].value.startswith("=HYPERLINK")
    assert ws["B4"].quotePrefix
    assert ws["E4"].number_format == "#,##0.00" and ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["A7"].value == "合计" and D(str(ws["E7"].value)) == D("1244.00")
    assert ws.column_dimensions["B"].width >= 6
    # no cell anywhere is a formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("gbk", b"")])
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    out = tmp_path / "a.csv"
    write_csv(_sheet(ROWS), out, encoding)
    data = out.read_bytes()
    assert data.startswith(bom) if bom else not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig" if bom else "gbk")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["编码", "名称", "日期", "数量", "金额"]
    assert rows[1] == ["00123", '\'=HYPERLINK("http://x")', "2024-01-05", "2.5", "1234.50"]
    assert rows[2][1] == "'+86 21"


@pytest.mark.parametrize("kind", KINDS)
def test_templates_map_every_column(tmp_path: Path, kind: str) -> None:
    out = write_template(kind, tmp_path / f"{kind}.xlsx")
    ws = load_workbook(out).active
    for i in range(len(template_headers(kind))):  # a data row so the table is complete
        ws.cell(row=3, column=i + 1, value="x")
    wb_path = tmp_path / f"{kind}-filled.xlsx"
    ws.parent.save(wb_path)
    prepared = prepare(wb_path, kind)
    assert prepared.table.header_row == 2
    assert set(prepared.mapping.fields) == {f for f, _h, _r in template_headers(kind)}


def test_template_filled_imports_back(ledger: Any, tmp_path: Path) -> None:
    out = write_template("customer", tmp_path / "t.xlsx")
    wb = load_workbook(out)
    ws = wb.active
    headers = [c.value for c in ws[2]]
    row = [None] * len(headers)
    row[headers.index("客户编码")] = "000777"
    row[headers.index("客户名称*")] = "丙公司"
    for i, v in enumerate(row, start=1):
        ws.cell(row=3, column=i, value=v)
    wb.save(out)
    report = run_import(ledger, out)
    assert report.prepared.kind == "customer" and report.counts["new"] == 1


def test_exported_lists_import_back_unchanged(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="00001", phone="021-1", credit_limit="5000")
    product(ledger, "000123", "螺丝 M6", tiers=[{"min_qty": 10, "price": "0.9"}])
    with ledger.read() as s:
        write_xlsx(build_sheet(s, "customers"), tmp_path / "c.xlsx")
        write_xlsx(build_sheet(s, "products"), tmp_path / "p.xlsx")
        write_csv(build_sheet(s, "products"), tmp_path / "p.csv", "gbk")
    assert (
        run_import(ledger, tmp_path / "c.xlsx", kind="customer", dry_run=True).counts["unchanged"]
        == 1
    )
    for name in ("p.xlsx", "p.csv"):
        rep = run_import(ledger, tmp_path / name, kind="product", dry_run=True)
        assert rep.counts["unchanged"] == 1, rep.summary()


def _soffice(args: list[str], cwd: Path) -> None:
    assert SOFFICE
    subprocess.run(
        [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{cwd}/lo", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_our_export(tmp_path: Path) -> None:
    write_xlsx(_sheet(ROWS), tmp_path / "a.xlsx")
    _soffice(
        [
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "a.xlsx"),
        ],
        tmp_path,
    )
    rows = list(csv.reader((tmp_path / "a.csv").read_text("utf-8").splitlines()))
    assert rows[2] == ["编码", "名称", "日期", "数量", "金额"]
    assert rows[3][0] == "00123" and rows[3][1].startswith("=HYPERLINK")
    assert rows[3][2] == "2024-01-05" and rows[3][4] == "1,234.50"
    assert rows[6][0] == "合计" and rows[6][4] == "1,244.00"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("fmt", ["xls", "xlsx"])
def test_libreoffice_written_files_import(ledger: Any, tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "src.csv"
    src.write_text(
        "客户资料\n客户编码,客户名称,电话\n00123,甲公司,021-1\n00124,乙公司,021-2\n", "utf-8"
    )
    filt = "MS Excel 97" if fmt == "xls" else "Calc MS Excel 2007 XML"
    _soffice(
        [
            "--infilter=CSV:44,34,76,1,1/2/2/2/3/2",
            "--convert-to",
            f"{fmt}:{filt}",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        tmp_path,
    )
    report = run_import(ledger, tmp_path / f"src.{fmt}", kind="customer")
    assert report.prepared.table.header_row == 2 and report.counts["new"] == 2
    from sqlalchemy import select

    from desktop.models import Party

    with ledger.read() as s:
        assert sorted(s.scalars(select(Party.code))) == ["00123", "00124"]


def test_totals_bold_does_not_leak_into_data_cells(tmp_path: Path) -> None:
    """Totals cells are bold; the data cells of the same column keep a plain font."""
    cols = [Column("名称"), Column("金额", "money", total=True)]
    rows = [["a", Decimal("1.50")], ["b", Decimal("2.00")]]
    write_xlsx(
        Sheet("清单", cols, rows, "F", date(2024, 1, 1), date(2024, 1, 31)), tmp_path / "t.xlsx"
    )
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert ws["B4"].value == 1.5 and not ws["B4"].font.b and ws["B4"].number_format == "#,##0.00"
    assert ws["B6"].value == 3.5 and ws["B6"].font.b and ws["B6"].number_format == "#,##0.00"


def test_aging_rows_are_the_report_screens_table(ledger: Any) -> None:
    from desktop.exporting.reports import aging_rows
    from desktop.services.receivables import BUCKETS, aging
    from tests.core.printing.printing_ledger import set_up

    set_up(ledger)  # a 2,062.50 bill of 2026-10-05, 1,000.00 received
    on = date(2027, 1, 20)
    with ledger.read() as session:
        rows = aging_rows(session, "AR", on)
        expected = aging(session, "AR", on)
    assert len(rows) == len(expected) == 1
    [row], [a] = rows, expected
    assert (
        row[:3]
        == ("C-A-0001", "张三五金店", Decimal("1062.50"))
        == (a.party.code, a.party.name, a.balance)
    )
    assert len(row) == 3 + len(BUCKETS) + 2
    assert sum(row[3:-2]) - row[-2] == row[2]  # buckets less unapplied credit: the balance
    assert row[-1] == a.max_overdue_days > 30
    with ledger.read() as session:
        assert aging_rows(session, "AP", on) == []


def test_number_formats_show_whole_values_without_a_dot(tmp_path: Path) -> None:
    """ "#,##0.####" showed 322 as "322." and "0.##%" 13 % as "13.%" in Excel and WPS."""
    sheet = Sheet(
        "格式",
        [Column("数量", "qty"), Column("税率", "rate"), Column("金额", "money")],
        [
            [Decimal("322"), Decimal("0.13"), Decimal("10")],
            [Decimal("322.5"), Decimal("0.065"), Decimal("10.5")],
        ],
    )
    path = tmp_path / "formats.xlsx"
    write_xlsx(sheet, path)
    ws = load_workbook(path).active
    first, second = 4, 5  # title, subtitle, header, then the rows
    assert ws.cell(first, 1).number_format == "#,##0" and ws.cell(first, 2).number_format == "0%"
    assert ws.cell(second, 1).number_format == "#,##0.0###"
    assert ws.cell(second, 2).number_format == "0.0##%"
    for row in ws.iter_rows(min_row=first):
        for cell in row:
            assert not str(cell.number_format).endswith((".####", ".##%"))
    # a list prints as people print one: filter on the header, one page wide, header repeated
    assert ws.auto_filter.ref == "A3:C5"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("3:3", "$3:$3")


def test_every_styled_cell_names_the_font_and_data_cells_are_ruled(tmp_path: Path) -> None:
    """Excel and WPS fall back to a serif font for a bold cell with no font name; a printed
    list reads as a table when its cells are ruled, empty ones included."""
    out = tmp_path / "a.xlsx"
    write_xlsx(_sheet(ROWS), out)
    ws = load_workbook(out).active
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            if cell.has_style and cell.value is not None:
                assert cell.font.name == "宋体", cell.coordinate
    for row in ws.iter_rows(min_row=4, max_row=6, max_col=5):
        for cell in row:
            assert cell.border.left.style == "thin", cell.coordinate
    assert ws["C6"].value is None and ws["C6"].border.bottom.style == "thin"  # an empty date
    template = load_workbook(write_template("product", tmp_path / "t.xlsx")).active
    assert all(c.font.name == "宋体" for c in template[2] if c.value)
