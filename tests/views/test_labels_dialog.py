"""打印标签 from the product list: several products selected, a quantity each (or the stock
on hand), an A4 sheet of chosen columns x rows and margins or a roll size, the price or
not; the PDF's bars read back by a barcode reader (zxing-cpp) as each product's
barcode, one per label."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.printing.labels import a4_sheet
from tests.core.printing.barcode_reader import read_barcodes
from tests.views.conftest import wait_idle

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm not installed"),
]

PIECE = "6901234567892"
JUICE = "6920000000005"


def _products(qtbot: Any, ctx: Any) -> None:
    from desktop.services import opening, products

    def write(uow: Any) -> None:
        t1 = products.create_product(
            uow, code="T1", name="大白兔奶糖", barcode=PIECE, retail_price="2.50"
        )
        products.create_product(uow, code="T2", name="鲜榨果汁", barcode=JUICE)
        products.create_product(uow, code="T3", name="不选的商品")
        opening.opening_stock(uow, {t1.id: ("4.5", "1")}, date(2026, 1, 1))

    ctx.write(write)
    wait_idle(qtbot, ctx)


def _dialog(qtbot: Any, window: Any, codes: tuple[str, ...]) -> Any:
    screen = window.show_screen("products")
    screen.refresh()
    selection = screen.table.selectionModel()
    for r in range(screen.model.rowCount()):
        if screen.model.value(r, "code") in codes:
            selection.select(
                screen.model.index(r, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
    screen.findChild(QPushButton, "labels_products").click()
    dialog = screen.findChild(QDialog, "labels_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def _texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return ["".join(page.split()) for page in out.split("\f") if page.strip()]


def test_several_products_a_quantity_each_on_a_roll(
    qtbot: Any, ctx: Any, window: Any, tmp_path: Path
) -> None:
    _products(qtbot, ctx)
    dialog = _dialog(qtbot, window, ("T1", "T2"))
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == [
        "T1",
        "T2",
    ]
    assert [s.value() for s in dialog.quantities] == [1, 1]  # the default
    dialog.quantities[0].setValue(2)
    dialog.stock.setCurrentIndex(dialog.stock.findData("50x30"))
    assert (dialog.roll_w.value(), dialog.roll_h.value()) == (50, 30)
    dialog.price.setChecked(True)
    out = tmp_path / "roll.pdf"
    assert dialog.write(out) == 3  # one label a page on a roll
    pages = _texts(out)
    assert [("大白兔奶糖" in p, "鲜榨果汁" in p) for p in pages] == [
        (True, False),
        (True, False),
        (False, True),
    ]
    assert "¥2.50" in pages[0]
    assert [read_barcodes(out, page) for page in (1, 2, 3)] == [
        [("EAN13", PIECE)],
        [("EAN13", PIECE)],
        [("EAN13", JUICE)],
    ]


def test_on_hand_quantities_on_a_sheet_of_chosen_size(
    qtbot: Any, ctx: Any, window: Any, tmp_path: Path
) -> None:
    _products(qtbot, ctx)
    dialog = _dialog(qtbot, window, ("T1", "T2"))
    dialog.findChild(QPushButton, "labels_by_stock").click()
    assert [s.value() for s in dialog.quantities] == [5, 0]  # 4.5 on hand: 5; none: 0
    dialog.stock.setCurrentIndex(dialog.stock.findData("a4-3x8"))
    dialog.cols.setValue(2)
    dialog.rows.setValue(2)
    dialog.margin_x.setValue(15)
    dialog.margin_y.setValue(20)
    out = tmp_path / "sheet.pdf"
    assert dialog.write(out) == 2  # 5 labels, 4 a page
    pages = _texts(out)
    assert [p.count("大白兔奶糖") for p in pages] == [4, 1] and "¥" not in "".join(pages)
    assert "5" in dialog.result_label.text()
    sheet = a4_sheet(2, 2, margin_x=15, margin_y=20)
    assert read_barcodes(out, 1, sheet) == [("EAN13", PIECE)] * 4
    assert read_barcodes(out, 2, sheet) == [("EAN13", PIECE)]
    dialog.cols.setValue(10)  # too small a label: said in the dialog, nothing written
    assert dialog.write(tmp_path / "none.pdf") is None
    assert "25" in dialog.result_label.text()
    dialog.copies.setValue(0)
    assert dialog.write(tmp_path / "none.pdf") is None
    assert "0" in dialog.result_label.text()


def test_labels_from_a_goods_receipt(qtbot: Any, ctx: Any, window: Any, tmp_path: Path) -> None:
    """打印到货标签… on the goods receipts list: one label per unit received, a carton's
    own barcode on the carton's labels."""
    from desktop.services import documents, parties, products
    from desktop.services.documents import LineInput

    carton = "6901234567809"

    def write(uow: Any) -> None:
        products.create_product(
            uow,
            code="T1",
            name="大白兔奶糖",
            barcode=PIECE,
            units=[{"unit": "箱", "factor": 24, "barcode": carton}],
        )
        products.create_product(uow, code="T2", name="鲜榨果汁", barcode=JUICE)
        supp = parties.create_party(uow, name="糖果批发部", is_customer=False, is_supplier=True)
        documents.create_draft(
            uow, "goods_receipt", supp.id, [LineInput("T1", 2, "箱"), LineInput("T2", 1)]
        )

    ctx.write(write)
    wait_idle(qtbot, ctx)
    screen = window.show_screen("goods_receipts")
    screen.refresh()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    action = next(a for a in screen.table.actions() if a.objectName() == "menu_receipt_labels")
    action.trigger()
    dialog = next(d for d in window.findChildren(QDialog, "labels_dialog") if d.isVisible())
    assert [s.value() for s in dialog.quantities] == [2, 1]  # the units received
    assert dialog.table.item(0, 2).text() == carton and not dialog.by_stock.isVisible()
    dialog.stock.setCurrentIndex(dialog.stock.findData("40x30"))
    out = tmp_path / "receipt.pdf"
    assert dialog.write(out) == 3
    pages = _texts(out)
    assert ["/箱" in p for p in pages] == [True, True, False]
    assert [read_barcodes(out, page) for page in (1, 2, 3)] == [
        [("EAN13", carton)],
        [("EAN13", carton)],
        [("EAN13", JUICE)],
    ]
