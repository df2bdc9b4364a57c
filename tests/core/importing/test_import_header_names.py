"""English "<entity> Name/Description" headers feed the entity's name by the general rule
(``header_words``): Drug Name, Item Name, Customer Name, Product Description... need no
``--map``, in any kind that has that entity's name, and never another entity's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli.main import main
from desktop.importing.header_words import rule_fields
from desktop.importing.mapping import auto_map, normalize_header
from tests.conftest import SHARED_DATA


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Drug Name", "product", "name"),
        ("Drug Name", "sales_history", "product_name"),
        ("Medicine Name", "purchase_history", "product_name"),
        ("Product Description", "product", "name"),
        ("Product Description", "sales_history", "product_name"),
        ("Item Description", "opening_stock", "product_name"),
        ("Goods Name", "product", "name"),
        ("Customer Name", "customer", "name"),
        ("Customer Name", "sales_history", "party"),
        ("Customer Full Name", "customer", "name"),
        ("Client Name", "customer", "name"),
        ("Supplier Name", "supplier", "name"),
        ("Vendor Name", "purchase_history", "party"),
        ("药品名称", "product", "name"),
        ("供货商名称", "purchase_history", "party"),
    ],
)
def test_an_entity_word_and_name_is_that_entitys_name_by_rule(
    header: str, kind: str, field: str
) -> None:
    norm = normalize_header(header)
    found = rule_fields(norm, kind)
    assert found is not None and found[0] == field
    # the mapping takes it, beside the columns a list of that kind has
    assert auto_map(["Code", header, "Quantity", "Price"], kind).fields[field] == 1


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Drug Name", "customer"),  # a product's name is nobody's customer name
        ("Customer Name", "product"),
        ("Supplier Name", "sales_history"),  # nor a supplier the customer of a sale
        ("Ship Name", "customer"),
        ("Company Description", "product"),
    ],
)
def test_another_entitys_name_feeds_nothing(header: str, kind: str) -> None:
    assert rule_fields(normalize_header(header), kind) is None
    assert 0 not in auto_map([header, "Quantity"], kind).fields.values()


def test_an_english_pharmacy_log_imports_without_a_map(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ledger_path: Path
) -> None:
    rows = [
        ["Invoice No", "Date", "Customer Name", "Drug Name", "Product Description", "Qty", "Price"],
        ["INV-1", "2024-06-01", "City Clinic", "Amoxicillin", "250 mg capsules", "3", "12.5"],
        ["INV-1", "2024-06-01", "City Clinic", "Ibuprofen", "200 mg tablets", "2", "8"],
        ["INV-2", "2024-06-02", "Green Pharmacy", "Amoxicillin", "250 mg capsules", "1", "12.5"],
    ]
    path = tmp_path / "pharmacy.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    code = main(["import", str(path), "--ledger", str(ledger_path), "--json", "--create-missing"])
    out, err = capsys.readouterr()
    summary: dict[str, Any] = json.loads(out)
    assert code == 0, err
    assert summary["kind"] == "sales_history"
    mapped = {f: v["header"] for f, v in summary["mapping"].items()}
    assert mapped["party"] == "Customer Name"
    # two descriptive columns of the product: the first names it
    assert mapped["product_name"] == "Drug Name"
    assert summary["counts"]["new"] == 3


def _shared(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data)")
    return path


@pytest.mark.parametrize(
    ("sheet", "kind", "header", "field"),
    [
        ("Orders Details", "product", "Product Name", "name"),
        ("Product", "product", "ProductName", "name"),
        ("Customers", "customer", "CompanyName", "name"),
        ("Customers", "customer", "ContactName", "contact"),
        ("Suppliers", "supplier", "CompanyName", "name"),
    ],
)
def test_northwind_names_map_without_help(
    capsys: pytest.CaptureFixture[str],
    ledger_path: Path,
    sheet: str,
    kind: str,
    header: str,
    field: str,
) -> None:
    path = _shared("northwind/Northwind.xlsx")
    args = ["--json", "--dry-run", "--sheet", sheet, "--kind", kind]
    main(["import", str(path), "--ledger", str(ledger_path), *args])
    out, _err = capsys.readouterr()
    summary = json.loads(out)
    assert summary["mapping"][field]["header"] == header, summary["mapping"]
