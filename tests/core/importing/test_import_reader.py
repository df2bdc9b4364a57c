"""Reading messy and hostile files: formats, encodings, delimiters and safety limits."""

from __future__ import annotations

import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop.importing.errors import ImportFileError
from desktop.importing.header import find_table
from desktop.importing.mapping import auto_map
from desktop.importing.reader import Limits, read_workbook, text_grid
from desktop.importing.values import parse_amount, parse_code, parse_date


def _messy_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户"
    ws["A1"] = "张三贸易有限公司 客户档案"
    ws.merge_cells("A1:F1")
    ws["B2"] = "说明：1、带*为必填；2、编码请保持文本格式。"
    ws.merge_cells("B2:F2")
    for col, text in enumerate(
        ["客户编码*", "客户名称\n(必填)", "条码", "期初应收", "开户日期"], 2
    ):
        ws.cell(row=3, column=col, value=text)
    data = [
        ("00123", "张三五金", 6901234567890, 1234.5, datetime(2023, 5, 6)),
        (None, None, None, None, None),
        ("A-7", "李四建材", "6.90123456789E+12", "￥1,000.00", "2023年5月7日"),
        (456, "王五", 6901234567891.0, 12.300000000000001, "2023/5/8"),
    ]
    for r, values in enumerate(data, 4):
        for c, v in enumerate(values, 2):
            ws.cell(row=r, column=c, value=v)
    ws.cell(row=8, column=2, value="合计")
    ws.cell(row=8, column=5, value="=SUM(E4:E7)")
    hidden = wb.create_sheet("lists")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_messy_xlsx_end_to_end(tmp_path: Path) -> None:
    book = read_workbook(_messy_xlsx(tmp_path / "客户.xlsx"))
    assert book.format == "xlsx"
    assert book.sheet == "客户"
    assert [s.visible for s in book.sheets] == [True, False]
    table = find_table(book.rows)
    assert table.header_row == 3
    assert table.first_col == 1
    assert [r.excel_row for r in table.rows] == [4, 6, 7]
    assert [(s.excel_row, s.reason) for s in table.skipped] == [(5, "blank"), (8, "total")]
    mapping = auto_map(table.headers, "customer")
    assert mapping.fields == {"code": 1, "name": 2, "opening_receivable": 4}
    codes = [parse_code(r.get(1)) for r in table.rows]
    assert codes == ["00123", "A-7", "456"]
    barcodes = [parse_code(r.get(3)) for r in table.rows]
    assert barcodes == ["6901234567890", "6901234567890", "6901234567891"]
    amounts = [parse_amount(r.get(4)) for r in table.rows]
    assert amounts == [Decimal("1234.5"), Decimal("1000"), Decimal("12.3")]
    dates = [parse_date(r.get(5)) for r in table.rows]
    assert [d.day for d in dates if d] == [6, 7, 8]


def test_sheet_choice(tmp_path: Path) -> None:
    path = _messy_xlsx(tmp_path / "book.xlsx")
    assert read_workbook(path, sheet="lists").rows == [["x"]]
    assert read_workbook(path, sheet=1).sheet == "lists"
    with pytest.raises(ImportFileError) as exc:
        read_workbook(path, sheet="nope")
    assert exc.value.code == "no_such_sheet"
    assert "客户" in exc.value.message_zh


def test_trailing_empty_area_is_trimmed_and_grid_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"], ws["B1"], ws["A2"], ws["B2"] = "编码", "数量", "007", 3.0
    ws.cell(row=400, column=60).font = openpyxl.styles.Font(bold=True)  # styled, no value
    ws.cell(row=300, column=30, value="")
    wb.save(tmp_path / "t.xlsx")
    book = read_workbook(tmp_path / "t.xlsx")
    assert book.rows == [["编码", "数量"], ["007", 3.0]]
    assert text_grid(book.rows) == [["编码", "数量"], ["007", "3"]]


def test_row_limit_truncates_and_flags(tmp_path: Path) -> None:
    lines = ["code,qty"] + [f"{i:05d},{i}" for i in range(50)]
    (tmp_path / "big.csv").write_text("\n".join(lines), encoding="utf-8")
    book = read_workbook(tmp_path / "big.csv", limits=Limits(max_rows=10))
    assert len(book.rows) == 10
    assert book.truncated_rows


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected_encoding"),
    [
        ("gbk", ",", "gb18030"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-8", "\t", "utf-8"),
        ("utf-16", "\t", "utf-16"),
        ("gb18030", "|", "gb18030"),
    ],
)
def test_csv_encodings_and_delimiters(
    tmp_path: Path, encoding: str, delimiter: str, expected_encoding: str
) -> None:
    rows = [
        ["客户编码", "客户名称", "期初应收", "备注"],
        ["00123", "张三五金（无锡）", "1,234.50", "含;分号,逗号"],
        ["00456", "李四建材", "-12", ""],
    ]
    text = "\r\n".join(
        delimiter.join(f'"{c}"' if (delimiter in c or "," in c or ";" in c) else c for c in row)
        for row in rows
    )
    path = tmp_path / "客户.csv"
    path.write_bytes(text.encode(encoding))
    book = read_workbook(path)
    assert book.format == "csv"
    assert book.encoding == expected_encoding
    assert book.delimiter == delimiter
    assert book.rows[0][0] == "客户编码"
    assert book.rows[1] == ["00123", "张三五金（无锡）", "1,234.50", "含;分号,逗号"]
    assert book.rows[2][:3] == ["00456", "李四建材", "-12"]


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = _messy_xlsx(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.xml", b"\0" * (25 * 1024 * 1024))
    with pytest.raises(ImportFileError) as exc:
        read_workbook(path)
    assert exc.value.code == "zip_bomb"
    small = _messy_xlsx(tmp_path / "small.xlsx")
    with zipfile.ZipFile(small, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.xml", b"a" * 200_000)
    with pytest.raises(ImportFileError):
        read_workbook(small, limits=Limits(zip_ratio_floor_bytes=1024, max_zip_ratio=50))
    assert read_workbook(small).rows  # harmless at normal limits


def test_stray_far_cell_is_refused_not_crashing(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "名称"
    ws["A2"] = "x"
    ws["XFD1048576"] = "oops"
    wb.save(tmp_path / "stray.xlsx")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(tmp_path / "stray.xlsx")
    assert exc.value.code == "sheet_too_large"
    assert "1048576" in exc.value.message_zh


def test_corrupt_truncated_file(tmp_path: Path) -> None:
    data = _messy_xlsx(tmp_path / "ok.xlsx").read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError) as exc:
        read_workbook(bad)
    assert exc.value.code == "corrupt"
    assert "损坏" in exc.value.message_zh


def test_non_spreadsheet_renamed(tmp_path: Path) -> None:
    png = tmp_path / "photo.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(ImportFileError) as exc:
        read_workbook(png)
    assert exc.value.code == "not_spreadsheet"
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(docx)
    assert exc.value.code == "not_spreadsheet"
    html = tmp_path / "export.xls"
    html.write_text("<html><body><table><tr><td>1</td></tr></table></body></html>")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(html)
    assert exc.value.code == "html_disguised"


def test_encrypted_workbook(tmp_path: Path) -> None:
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x30:0x34] = (0).to_bytes(4, "little")
    directory = "EncryptedPackage".encode("utf-16-le").ljust(512, b"\0")
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes(header) + directory + b"\0" * 2048)
    with pytest.raises(ImportFileError) as exc:
        read_workbook(path)
    assert exc.value.code == "encrypted"
    assert "密码" in exc.value.message_zh


def test_empty_and_missing(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(tmp_path / "empty.xlsx")
    assert exc.value.code == "empty_sheet"
    (tmp_path / "blank.csv").write_text("\n , \n\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(tmp_path / "blank.csv")
    assert exc.value.code == "empty_sheet"
    (tmp_path / "zero.csv").write_bytes(b"")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(tmp_path / "zero.csv")
    assert exc.value.code == "empty_file"
    with pytest.raises(ImportFileError) as exc:
        read_workbook(tmp_path / "missing.xlsx")
    assert exc.value.code == "not_found"


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n" * 100, encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        read_workbook(path, limits=Limits(max_file_bytes=100))
    assert exc.value.code == "too_large"
    assert exc.value.message("en").startswith("The file is larger")


def test_ods_via_calamine(tmp_path: Path) -> None:
    odf = pytest.importorskip("odf.opendocument")
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = odf.OpenDocumentSpreadsheet()
    table = Table(name="商品")
    for values in (["商品编码", "品名"], ["00077", "螺丝"]):
        tr = TableRow()
        for v in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=v))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(tmp_path / "p.ods"))
    book = read_workbook(tmp_path / "p.ods")
    assert book.format == "ods"
    assert book.rows == [["商品编码", "品名"], ["00077", "螺丝"]]
