"""The importer over real spreadsheets from public repositories (skipped when they are absent).

Expectations were taken by looking at each file: where its header row is, how many data rows
follow, and values that must come through untouched (leading zeros, all-digit hex ids...).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.importing.header import Table, find_table, find_tables
from desktop.importing.mapping import auto_map, guess_kind, normalize_header
from desktop.importing.reader import Workbook, read_workbook
from desktop.importing.values import (
    column_is_text,
    parse_amount,
    parse_bool,
    parse_code,
    parse_date,
    parse_percent,
)

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "spreadsheets"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="shared spreadsheets not present")

ALL_FILES = (
    sorted(p for p in DATA.rglob("*") if p.is_file() and p.name not in ("LICENSE", "SOURCES.tsv"))
    if DATA.is_dir()
    else []
)


def _load(rel: str, sheet: str | int | None = None) -> tuple[Workbook, Table]:
    book = read_workbook(DATA / rel, sheet)
    return book, find_table(book.rows)


def _column(table: Table, header: str) -> list[object]:
    col = table.columns[header]
    return [r.get(col) for r in table.rows]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_file_and_sheet_reads(path: Path) -> None:
    book = read_workbook(path)
    assert book.rows
    for name in book.sheet_names:
        try:
            sheet = read_workbook(path, name)
        except Exception as exc:  # empty sheets are the only acceptable failure
            assert getattr(exc, "code", None) == "empty_sheet", exc
            continue
        tables = find_tables(sheet.rows)
        assert tables, name
        for table in tables:
            assert table.header_row <= 14
            assert table.rows
            assert table.totals == []  # none of these files has a totals row


@pytest.mark.parametrize(
    ("rel", "kind", "header_cells"),
    [
        ("jsherp/customer_template.xls", "customer", ["名称*", "联系人", "手机号码"]),
        ("jsherp/vendor_template.xls", "supplier", ["名称*", "联系人", "手机号码"]),
        ("jsherp/goods_template.xls", "product", ["名称*", "规格", "型号"]),
        ("jsherp/apply_item_template.xls", "product", ["条码*", "名称", "数量*"]),
        ("jsherp/order_item_template.xls", "product", ["条码*", "名称", "数量*"]),
        ("jsherp/buy_sale_item_template.xls", "opening_stock", ["仓库*", "条码*", "名称"]),
        ("jsherp/in_out_item_template.xls", "opening_stock", ["仓库*", "条码*", "名称"]),
        ("jsherp/member_template.xls", None, ["会员卡号*", "联系人", "手机号码"]),
    ],
)
def test_jsherp_templates(rel: str, kind: str | None, header_cells: list[str]) -> None:
    _book, table = _load(rel)
    assert table.header_row == 2  # below the merged instruction block
    assert table.title_lines[0].startswith("1、带星号的为必填项")
    assert table.headers[:3] == header_cells
    assert [r.excel_row for r in table.rows] == [3, 4]
    assert guess_kind(table.headers) == kind


def test_jsherp_customer_values() -> None:
    _book, table = _load("jsherp/customer_template.xls")
    mapping = auto_map(table.headers, "customer")
    assert mapping.fields["name"] == 0
    assert mapping.fields["opening_receivable"] == 6
    assert mapping.fields["tax_id"] == 7
    assert mapping.fields["bank"] == 9
    assert mapping.fields["bank_account"] == 10
    first = table.rows[0]
    assert first.get(0) == "客户a"
    assert parse_code(first.get(mapping.fields["mobile"])) == "13000000000"  # a float in the file
    assert parse_amount(first.get(6)) == Decimal("100")
    assert parse_percent(first.get(8)) == Decimal("0.07")
    vendor = auto_map(_load("jsherp/vendor_template.xls")[1].headers, "supplier")
    assert vendor.fields["opening_payable"] == 6


def test_jsherp_member_card_number() -> None:
    _book, table = _load("jsherp/member_template.xls")
    assert [parse_code(v) for v in _column(table, "会员卡号*")] == ["11112222", "33334444"]


def test_easyexcel_t01_thirteen_line_instructions() -> None:
    _book, table = _load("easyexcel/compatibility_t01.xls")
    assert table.header_row == 2
    assert table.title_lines[0].startswith("紧密产品同步执行导入模板")
    assert len(table.title_lines[0].splitlines()) >= 13
    assert table.headers[:5] == ["材质*", "等级", "标准号*", "规格*", "品名*"]
    assert len(table.rows) == 1
    mapping = auto_map(table.headers, "product")
    assert mapping.fields["name"] == 4
    assert mapping.fields["spec"] == 3
    assert mapping.fields["unit"] == 6
    assert table.rows[0].get(4) == "加大平垫圈"


def test_easyexcel_t02_leading_zero_codes() -> None:
    book, table = _load("easyexcel/compatibility_t02.xlsx")
    assert book.format == "xlsx"
    assert table.header_row == 2  # under the merged title row
    assert table.title_lines == ["测试配方1027"]
    assert normalize_header(table.headers[6]) == "原料中成分含量"  # line break inside the cell
    row = table.rows[0]
    assert row.get(1) == "01502200"
    assert parse_code(row.get(1)) == "01502200"
    assert parse_code(row.get(table.columns["成分序列号"])) == "00005"
    assert auto_map(table.headers, "product").fields["code"] == 1


@pytest.mark.parametrize("rel", ["easyexcel/dataformat.xls", "easyexcel/dataformat.xlsx"])
def test_easyexcel_dataformat(rel: str) -> None:
    _book, table = _load(rel)
    assert table.header_row == 1
    assert len(table.rows) == 27
    assert parse_date(table.rows[0].get(0)) == date(2020, 1, 1)
    cn = _column(table, "dateStringCn")
    assert parse_date(cn[0]) == date(2020, 1, 1)  # 2020-1-1 1:01
    assert parse_date(cn[2]) == date(2020, 1, 1)  # 2020/1/1
    assert parse_date(cn[3]) == date(2020, 1, 1)  # 2020年1月1日
    numbers = _column(table, "numberStringCn")
    assert parse_amount(numbers[2]) == Decimal("1.11")  # ¥1.11 or ￥1.11
    assert parse_amount(numbers[10]) == Decimal("1111.11")  # 1,111.11
    assert parse_percent(numbers[1]) == Decimal("1.1111")  # 111.11%
    assert parse_amount(_column(table, "number")[0]) == Decimal("1.1111")


def test_easyexcel_bom_csv() -> None:
    book, table = _load("easyexcel/office_bom.csv")
    assert book.encoding == "utf-8-sig"
    assert table.headers == ["姓名", "年纪"]
    assert len(table.rows) == 10
    assert table.rows[0].cells == ["姓名0", "20"]  # CSV cells stay text


def test_gbk_csv() -> None:
    book, table = _load("gbk_csv/GoodsOrder.csv")
    assert book.encoding == "gb18030"
    assert table.headers == ["id", "Goods"]
    assert len(table.rows) == 43367
    assert table.rows[0].cells == ["1", "柑橘类水果"]
    assert table.rows[-1].cells == ["9835", "醋"]
    book, table = _load("gbk_csv/GoodsTypes.csv")
    assert table.headers == ["Goods", "Types"]
    assert table.rows[0].cells == ["白饭", "熟食"]
    assert len(table.rows) == 169


def test_hutool_hidden_list_sheet() -> None:
    book, table = _load("hutool/readBySax.xls")
    assert book.sheet == "sheet"
    assert [(s.name, s.visible) for s in book.sheets] == [
        ("sheet", True),
        ("systemCodeDataSheet", False),
    ]
    assert table.header_row == 1
    assert normalize_header(table.headers[0]) == "设备设施名称"
    assert [r.get(0) for r in table.rows] == ["啤酒盖", "设备一"]


def test_catering_missing_value() -> None:
    _book, table = _load("catering/catering_sale.xls")
    assert table.headers == ["日期", "销量"]
    assert len(table.rows) == 201
    assert parse_date(table.rows[0].get(0)) == date(2015, 3, 1)
    missing = [r for r in table.rows if r.get(1) is None]
    assert [parse_date(r.get(0)) for r in missing] == [date(2015, 2, 14)]
    assert parse_amount(table.rows[1].get(1)) == Decimal("2618.2")


def test_northwind_customers_and_postal_codes() -> None:
    _book, table = _load("northwind/Northwind.xlsx", "Customers")
    assert table.header_row == 1
    assert len(table.rows) == 91
    mapping = auto_map(table.headers, "customer")
    assert mapping.fields["code"] == 0
    assert mapping.fields["name"] == 1
    assert mapping.fields["contact"] == 2
    postal = _column(table, "PostalCode")
    assert "05021" in postal
    assert column_is_text(postal)
    assert guess_kind(table.headers) == "customer"


def test_northwind_serial_dates_and_float_noise() -> None:
    _book, table = _load("northwind/Northwind for DAX Class.xlsx", "Employees")
    assert parse_date(table.rows[0].get(table.columns["BirthDate"])) == date(1968, 12, 8)
    _book, table = _load("northwind/Northwind for DAX Class.xlsx", "Product")
    cost = _column(table, "Unit Cost")
    assert parse_amount(cost[2]) == Decimal("2.8")  # 2.7999999999999994 in the file
    _book, table = _load("northwind/Northwind for DAX Class.xlsx", "Inventory")
    assert table.headers[4:7] == ["", "", ""]  # blank header cells
    assert "Reorder Level" in table.columns


@pytest.mark.parametrize("ext", ["xlsx", "xls", "xlsb"])
def test_python_for_excel_stores(ext: str) -> None:
    book, table = _load(f"python_for_excel/xl_stores.{ext}", "2019")
    assert book.format == ext
    assert table.header_row == 2
    assert table.first_col == 1  # the table starts at B2
    assert table.headers[1:] == ["Store", "Employees", "Manager", "Since", "Flagship"]
    assert len(table.rows) == 6
    flagship = [parse_bool(v) for v in _column(table, "Flagship")]
    assert flagship == [False, None, None, True, False, False]  # MISSING and blank → None
    book = read_workbook(DATA / f"python_for_excel/xl_stores.{ext}", "2019-2020")
    tables = find_tables(book.rows)
    assert [t.header_row for t in tables] == [3, 14]
    assert [len(t.rows) for t in tables] == [6, 6]
    assert tables[0].next_table_row == 14
    assert tables[1].rows[-1].get(3) == "Isla-Rae"


@pytest.mark.parametrize(
    ("rel", "rows", "digit_id"),
    [
        ("python_for_excel/existing_January.xls", 5098, "93578935"),
        ("python_for_excel/new_January.xlsx", 9493, None),
    ],
)
def test_python_for_excel_hex_ids(rel: str, rows: int, digit_id: str | None) -> None:
    _book, table = _load(rel)
    assert table.header_row == 1
    assert len(table.rows) == rows
    ids = _column(table, "transaction_id")
    assert all(isinstance(v, str) and len(v) == 8 for v in ids)
    all_digits = [v for v in ids if isinstance(v, str) and v.isdigit()]
    assert all_digits  # hex ids made only of digits stay text
    assert all(parse_code(v) == v for v in all_digits)
    if digit_id:
        assert digit_id in all_digits
    assert "01017a1a" in ids or rel.endswith("xlsx")
