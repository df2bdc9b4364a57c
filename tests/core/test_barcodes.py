"""Barcodes: check digits of EAN-13/EAN-8/UPC-A, other codes as given, one per unit, and the
lookup a scan makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from stdnum import ean

from desktop.barcodes import by_barcode, checked_barcode, is_valid, symbology
from desktop.errors import ValidationError
from desktop.importing.plan import run_import
from desktop.services import products
from tests.helpers import product, row_counts

GOOD13 = "6901234567892"
GOOD8 = "96385074"
GOOD_UPC = "036000291452"


def test_symbology_by_length_and_digits() -> None:
    assert symbology(GOOD13) == "ean13"
    assert symbology(GOOD8) == "ean8"
    assert symbology(GOOD_UPC) == "upca"
    assert symbology("ABC-123") == "code128"
    assert symbology("12345") == "code128"
    assert symbology("1234567890") == "code128"


@pytest.mark.parametrize("good", [GOOD13, GOOD8, GOOD_UPC])
def test_every_wrong_check_digit_is_refused(good: str) -> None:
    assert checked_barcode(f" {good} ") == good
    for digit in "0123456789":
        code = good[:-1] + digit
        if digit == good[-1]:
            assert is_valid(code)
            continue
        assert not is_valid(code)
        with pytest.raises(ValidationError) as err:
            checked_barcode(code)
        assert err.value.code == "bad_barcode"
        assert f"应为 {good[-1]}" in err.value.zh
        assert f"should be {good[-1]}" in err.value.en


def test_other_symbologies_are_stored_as_given() -> None:
    for code in ("ABC-123", "12345", "", "HX2024/07", "10614141000415"):
        assert checked_barcode(code) == code.strip()


def test_service_refuses_a_bad_check_digit_and_writes_nothing(ledger: Any) -> None:
    before = row_counts(ledger)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="校验位"):
        products.create_product(uow, code="B1", name="糖", barcode="6901234567891")
    with ledger.unit() as uow, pytest.raises(ValidationError, match="check digit"):
        products.create_product(
            uow, code="B1", name="糖", units=[{"unit": "箱", "factor": 12, "barcode": "96385075"}]
        )
    assert row_counts(ledger) == before
    pid = product(ledger, "B2", barcode=GOOD13)
    with ledger.unit() as uow, pytest.raises(ValidationError, match="校验位"):
        products.update_product(uow, pid, barcode="6901234567890")


def test_by_barcode_finds_the_unit_the_code_belongs_to(ledger: Any) -> None:
    carton = ean.calc_check_digit("690123456780")
    pid = product(
        ledger,
        "S1",
        "大白兔奶糖",
        barcode=GOOD13,
        units=[{"unit": "箱", "factor": 24, "barcode": "690123456780" + carton}],
    )
    other = product(ledger, "S2", "旧包装奶糖", barcode=GOOD8, units=[])
    with ledger.unit() as uow:
        products.update_product(uow, other, archived=True)
    with ledger.read() as s:
        piece = by_barcode(s, GOOD13)
        assert piece is not None and piece.product.id == pid and piece.unit == "个"
        box = by_barcode(s, "690123456780" + carton)
        assert box is not None and box.product.id == pid and box.unit == "箱"
        gone = by_barcode(s, GOOD8)
        assert gone is not None and gone.archived and gone.product.id == other
        assert by_barcode(s, "0000000000000") is None
        assert by_barcode(s, "") is None


def test_import_reports_a_bad_check_digit_on_its_row(ledger: Any, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["商品编码", "商品名称", "条码", "单位"])
    ws.append(["T1", "奶糖", GOOD13, "个"])
    ws.append(["T2", "硬糖", "6901234567893", "个"])
    ws.append(["T3", "软糖", "IN-HOUSE-7", "个"])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    report = run_import(ledger, path)
    assert [r.outcome for r in report.rows] == ["new", "error", "new"]
    bad = report.rows[1]
    assert "校验位" in bad.reason("zh") and "check digit" in bad.reason("en")
    assert bad.errors[0].field == "barcode"
