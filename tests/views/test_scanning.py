"""Scanning in the document editor: a scanner's burst of keys adds the product in the unit
its barcode belongs to, 1 at a time; a slow typist's digits stay typing; an unknown code
opens a new-product form with the barcode in it; an archived product's code says so.

The scan detector's clock is injected: each key "takes" 5 ms (a scanner) or 150 ms (a
person), so the tests never depend on how fast the machine runs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.editing.scan import ScanDetector
from desktop.views.editor.window import DocumentEditor
from tests.views.conftest import wait_idle
from tests.views.helpers import Clock, activate, focus, press

pytestmark = pytest.mark.gui

PIECE = "6901234567892"
CARTON = "6901234567809"
OLD = "96385074"


def _products(qtbot: Any, ctx: Any) -> None:
    from desktop.services import products

    def write(uow: Any) -> None:
        products.create_product(
            uow,
            code="T1",
            name="大白兔奶糖",
            barcode=PIECE,
            retail_price="2.50",
            units=[{"unit": "箱", "factor": 24, "barcode": CARTON}],
        )
        old = products.create_product(uow, code="T2", name="旧包装奶糖", barcode=OLD)
        products.update_product(uow, old.id, archived=True)

    ctx.write(write)
    wait_idle(qtbot, ctx)


def _editor(qtbot: Any, ctx: Any, step: float) -> DocumentEditor:
    editor = DocumentEditor(ctx, kind="sales_order")
    qtbot.addWidget(editor)
    activate(qtbot, editor)
    editor.view.scanner = ScanDetector(30, 6, Clock(step))
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    return editor


def _burst(qtbot: Any, code: str) -> None:
    for ch in code:
        qtbot.keyClick(focus(), ch)
    press(qtbot, Qt.Key.Key_Return)


def _lines(editor: DocumentEditor) -> list[tuple[str, str, Decimal | None]]:
    return [(i.product.code, i.unit, i.qty) for i in editor.model.filled() if i.product]


def test_scans_add_lines_per_unit_and_count_up(qtbot: Any, ctx: Any) -> None:
    _products(qtbot, ctx)
    editor = _editor(qtbot, ctx, step=5)
    _burst(qtbot, PIECE)
    assert _lines(editor) == [("T1", "个", 1)]
    assert editor.model.flash_row == 0  # lit to confirm
    assert editor.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    _burst(qtbot, PIECE)  # the same product and unit: one more on its line
    _burst(qtbot, CARTON)  # the carton is another unit: a line of its own
    _burst(qtbot, PIECE)
    assert _lines(editor) == [("T1", "个", 3), ("T1", "箱", 1)]
    assert editor.model.items[1].price == Decimal("60")  # 24 x 2.50 retail
    assert editor.totals.total.text() == "¥ 67.50"
    assert "大白兔奶糖" in editor.message.text()
    qtbot.waitUntil(lambda: editor.model.flash_row is None, timeout=3000)


def test_a_slow_typist_is_not_a_scan(qtbot: Any, ctx: Any) -> None:
    _products(qtbot, ctx)
    editor = _editor(qtbot, ctx, step=150)
    for ch in PIECE:
        qtbot.keyClick(focus(), ch)
    assert focus().objectName() == "product_lookup"
    assert focus().text() == PIECE  # the digits went into the cell, as typed
    press(qtbot, Qt.Key.Key_Return)
    # the ordinary lookup chose the product; the clerk types the quantity next
    assert _lines(editor) == [("T1", "个", None)]
    assert editor.model.flash_row is None


def test_unknown_code_opens_a_new_product_form(qtbot: Any, ctx: Any) -> None:
    _products(qtbot, ctx)
    editor = _editor(qtbot, ctx, step=5)
    _burst(qtbot, "6920000000005")
    form = editor.scans.form
    assert form is not None and form.isVisible()
    assert form.barcode.text() == "6920000000005"
    form.name.setText("新到果汁")
    form.submit()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(_lines(editor)), timeout=5000)
    assert [(u, q) for _c, u, q in _lines(editor)] == [("个", 1)]
    info = editor.model.filled()[0].product
    assert info is not None and info.name == "新到果汁"


def test_archived_product_says_so(qtbot: Any, ctx: Any) -> None:
    _products(qtbot, ctx)
    editor = _editor(qtbot, ctx, step=5)
    _burst(qtbot, OLD)
    assert _lines(editor) == []
    assert "已停用" in editor.message.text() and "旧包装奶糖" in editor.message.text()


def test_the_scan_gap_is_a_setting(qtbot: Any, ctx: Any) -> None:
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scan_gap.value() == 30
    dialog.scan_gap.setValue(60)
    dialog.save()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.prefs.scan_gap_ms == 60
    editor = DocumentEditor(ctx, kind="sales_order")
    qtbot.addWidget(editor)
    assert editor.view.scanner.max_gap_ms == 60


def test_receiving_a_purchase_order_by_scanning(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """扫码清点: each scan counts one of the line of that product and unit; the differences
    against what is left are shown; the goods received are the counted ones."""
    from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

    from desktop.services import documents, parties
    from desktop.services.documents import LineInput
    from desktop.views.editor import dialogs

    _products(qtbot, ctx)
    box: list[Any] = []

    def write(uow: Any) -> Any:
        supp = parties.create_party(uow, name="糖果批发部", is_customer=False, is_supplier=True)
        return documents.create_draft(
            uow, "purchase_order", supp.id, [LineInput("T1", 2, "箱"), LineInput("T1", 5)]
        ).id

    ctx.write(write, box.append)
    wait_idle(qtbot, ctx)
    editor = DocumentEditor(ctx, doc_id=box[0])
    qtbot.addWidget(editor)
    editor.show()
    editor.buttons["confirm"].click()
    wait_idle(qtbot, ctx)
    seen: dict[str, Any] = {}

    def count(dialog: dialogs.DeliverDialog) -> int:
        dialog.show()
        scan = dialog.findChild(QLineEdit, "receive_scan")
        summary = dialog.findChild(QLabel, "receive_scan_summary")
        for code in (CARTON, PIECE, PIECE, PIECE):
            qtbot.keyClicks(scan, code)
            qtbot.keyClick(scan, Qt.Key.Key_Return)
        assert dialog.isVisible()  # a scan's Enter did not press OK
        seen["qty"] = [dialog.table.item(r, 4).text() for r in range(2)]
        seen["summary"] = summary.text()
        qtbot.keyClicks(scan, "96385074")  # archived, and not on this order
        qtbot.keyClick(scan, Qt.Key.Key_Return)
        seen["other"] = summary.text()
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.DeliverDialog, "exec", count)
    editor.buttons["deliver"].click()
    wait_idle(qtbot, ctx)
    assert seen["qty"] == ["1", "3"]
    assert "少 1 箱" in seen["summary"] and "少 2 个" in seen["summary"]
    assert "96385074" in seen["other"]
    assert [(p["done"], p["left"]) for p in editor.state.progress] == [(1, 1), (3, 2)]


def test_labels_from_the_product_list(qtbot: Any, window: Any, ctx: Any, tmp_path: Any) -> None:
    """打印标签… on the product list: copies and a roll label size give that many pages,
    with the product's name on each; a sheet puts them on one page."""
    import subprocess

    _products(qtbot, ctx)
    screen = window.show_screen("products")
    screen.refresh()
    row = next(r for r in range(screen.model.rowCount()) if screen.model.value(r, "code") == "T1")
    screen.table.setCurrentIndex(screen.model.index(row, 0))
    screen.findChild(QPushButton, "labels_products").click()
    dialog = screen.findChild(QDialog, "labels_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.copies.setValue(3)
    dialog.stock.setCurrentIndex(dialog.stock.findData("40x30"))
    dialog.price.setChecked(True)
    out = tmp_path / "labels.pdf"
    assert dialog.write(out) == 3
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert text.count("大白兔奶糖") == 3 and "¥2.50" in text
    assert "3" in dialog.result_label.text() and str(out) in dialog.result_label.text()
    dialog.stock.setCurrentIndex(dialog.stock.findData("a4-3x8"))
    assert dialog.write(out) == 1
