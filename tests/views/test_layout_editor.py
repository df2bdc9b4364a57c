"""The print layout editor: the preview of a real bill follows the options; save, reset to
default and import go to the ledger; a layout that cannot print says what to change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog

from desktop.printing.layouts import default_layout, to_file
from desktop.views.printing.layout_editor import LayoutEditor
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def text_of(editor: LayoutEditor) -> str:
    doc = editor.document
    return "".join("".join(doc.getAllText(p).text().split()) for p in range(doc.pageCount()))


def settled(qtbot: Any, editor: LayoutEditor) -> None:
    """Wait for the debounced render to start and the newest one to be shown."""
    qtbot.waitUntil(lambda: not editor.timer.isActive(), timeout=5000)
    wanted = editor._generation
    qtbot.waitUntil(
        lambda: (
            (
                editor.document.status() == QPdfDocument.Status.Ready
                and editor.document.property("generation") == wanted
            )
            or editor.status.text().startswith(("各列", "The columns", "版式", "The layout"))
        ),
        timeout=30000,
    )


def rows(ctx: Any) -> list[tuple[str, str, str, int]]:
    return list(ctx.conn.execute("SELECT kind, paper, name, version FROM print_layout"))


def test_options_change_the_live_preview_and_save_and_reset(qtbot: Any, ctx: Any) -> None:
    editor = LayoutEditor(ctx, "sales_bill")
    qtbot.addWidget(editor)
    settled(qtbot, editor)
    assert "编码" in text_of(editor) and editor.document.pageCount() == 1
    editor.columns.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)  # 编码
    editor.copies.count.setValue(3)
    editor.header.setPlainText("温馨提示：货物当面点清")
    settled(qtbot, editor)
    text = text_of(editor)
    assert "编码" not in text and "温馨提示：货物当面点清" in text
    assert editor.document.pageCount() == 3 and "第三联回单" in text
    editor.columns.table.item(2, 2).setText("400")  # 品名 400 mm: over the paper
    settled(qtbot, editor)
    assert "超过纸张可打印宽度" in editor.status.text() or "wider than" in editor.status.text()
    editor.columns.table.item(2, 2).setText("40")
    editor.columns.table.setCurrentCell(3, 0)  # 规格 before 品名
    editor.columns.up.click()
    assert [c.key for c in editor.current().columns][:4] == ["no", "spec", "name", "unit"]
    settled(qtbot, editor)
    assert text_of(editor).index("规格") < text_of(editor).index("品名")
    editor.save_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: rows(ctx) == [("sales_bill", "a4", "默认", 1)], timeout=10000)
    editor.reset_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: rows(ctx) == [], timeout=10000)
    qtbot.waitUntil(lambda: editor.copies.count.value() == 1, timeout=5000)


def test_import_refuses_a_crafted_file_and_takes_a_good_one(
    qtbot: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = LayoutEditor(ctx, "sales_bill")
    qtbot.addWidget(editor)
    settled(qtbot, editor)
    good = default_layout("delivery", "c241x93").with_(name="给司机", footer_text="司机电话")
    data = json.loads(to_file(good))
    crafted = dict(data, body={**data["body"], "columns": []})
    files = {"bad": tmp_path / "bad.json", "good": tmp_path / "good.json"}
    files["bad"].write_text(json.dumps(crafted), encoding="utf-8")
    files["good"].write_text(to_file(good), encoding="utf-8")
    picked = iter([str(files["bad"]), str(files["good"])])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(picked), ""))
    editor.import_button.click()
    assert "没有导入" in editor.status.text() or "Nothing was imported" in editor.status.text()
    assert rows(ctx) == []
    editor.import_button.click()
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: rows(ctx) == [("delivery", "c241x93", "给司机", 1)], timeout=10000)
    qtbot.waitUntil(lambda: editor.name.currentText() == "给司机", timeout=5000)
    assert editor.kind.currentData() == "delivery" and editor.paper.currentData() == "c241x93"
    assert editor.footer.toPlainText() == "司机电话"
