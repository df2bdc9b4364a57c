"""The kind guessed for real files, and the columns mapped with no ``--map``.

Optional: the open examples in ``../shared/data`` (skipped when absent), and public exports
fetched by hand into the folder ``ZHANGFANG_REAL_FILES`` names (skipped when unset). The
files are never copied into the project.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.importing.errors import ImportFileError
from desktop.importing.header import find_table
from desktop.importing.kind_guess import guess_for_table
from desktop.importing.mapping import auto_map
from desktop.importing.reader import read_workbook

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "spreadsheets"
REAL = Path(os.environ.get("ZHANGFANG_REAL_FILES", "/nonexistent"))


def _guess(path: Path, sheet: str | None = None) -> tuple[str | None, str | None, list[str]]:
    table = find_table(read_workbook(path, sheet).rows)
    kind, runner_up = guess_for_table(table)
    return kind, runner_up, table.headers


# (file under ../shared/data/spreadsheets, sheet, the kind it holds)
SHARED_KINDS = [
    ("jsherp/customer_template.xls", None, "customer"),
    ("jsherp/vendor_template.xls", None, "supplier"),
    ("jsherp/goods_template.xls", None, "product"),
    ("easyexcel/compatibility_t01.xls", None, "product"),
    ("northwind/Northwind.xlsx", "Customers", "customer"),
    ("catering/catering_sale.xls", None, "sales_history"),
]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared spreadsheets not present")
@pytest.mark.parametrize(("name", "sheet", "kind"), SHARED_KINDS, ids=lambda v: str(v))
def test_shared_files_are_taken_for_what_they_hold(name: str, sheet: str | None, kind: str) -> None:
    guessed, runner_up, _headers = _guess(SHARED / name, sheet)
    assert guessed == kind
    assert runner_up != kind


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared spreadsheets not present")
def test_no_shared_sheet_with_a_date_per_row_is_taken_for_a_list_of_names() -> None:
    """A sheet whose rows carry dates is a history (or nothing), never customers/products."""
    seen = 0
    for path in sorted(SHARED.rglob("*")):
        if not path.is_file() or path.name in ("LICENSE", "SOURCES.tsv"):
            continue
        for sheet in read_workbook(path).sheet_names:
            try:
                table = find_table(read_workbook(path, sheet).rows)
            except ImportFileError:
                continue  # an empty sheet
            kind, _ = guess_for_table(table)
            if kind is None or not table.rows:
                continue
            mapping = auto_map(table.headers, "sales_history")
            col = mapping.fields.get("doc_date")
            dated = col is not None and sum(r.get(col) is not None for r in table.rows[:50]) > 10
            if dated and "qty" in mapping.fields:
                seen += 1
                assert kind in ("sales_history", "purchase_history"), (path.name, sheet, kind)
    assert seen >= 1


# (file name in ZHANGFANG_REAL_FILES, sheet, kind, fields that must map → header)
REAL_KINDS = [
    (
        "online_retail_small.xlsx",
        None,
        "sales_history",
        {"doc_number": "InvoiceNo", "product_code": "StockCode", "product_name": "Description"}
        | {"doc_date": "InvoiceDate", "unit_price": "UnitPrice", "party_code": "CustomerID"},
    ),
    (
        "superstore.csv",
        None,
        "sales_history",
        {"doc_number": "Order ID", "doc_date": "Order Date", "party_code": "Customer ID"}
        | {"party": "Customer Name", "product_code": "Product ID", "amount": "Sales"},
    ),
    (
        "financial_sample.xlsx",
        "Sheet1",
        "sales_history",
        {"product_name": "Product", "qty": "Units Sold", "doc_date": "Date"},
    ),
    (
        "meal_order_detail.xlsx",
        None,
        "sales_history",
        {"doc_number": "order_id", "product_name": "dishes_name", "qty": "counts"}
        | {"doc_date": "place_order_time"},
    ),
    ("lead_system_customers.xlsx", None, "customer", {"name": "名称", "contact": "联系人"}),
]


@pytest.mark.skipif(not REAL.is_dir(), reason="ZHANGFANG_REAL_FILES not set")
@pytest.mark.parametrize(("name", "sheet", "kind", "fields"), REAL_KINDS, ids=lambda v: str(v))
def test_public_exports_map_with_no_help(
    name: str, sheet: str | None, kind: str, fields: dict[str, str]
) -> None:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{name} not in {REAL}")
    guessed, _runner_up, headers = _guess(path, sheet)
    assert guessed == kind
    mapping = auto_map(headers, kind)
    got = {f: headers[c].strip() for f, c in mapping.fields.items()}
    assert {f: got.get(f) for f in fields} == fields
