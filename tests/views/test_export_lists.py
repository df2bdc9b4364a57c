"""导出 Excel from a list and from the reports screen, read back with openpyxl."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.gui


def export(qtbot: Any, screen: Any, target: Path, fmt: str, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    button = next(b for b in screen.findChildren(_button()) if b.objectName().startswith("export_"))
    button.click()
    dialog = screen.export_dialog
    dialog.choices[fmt].setChecked(True)
    dialog.findChild(_button(), "export_browse").click()
    assert dialog.path.text() == str(target)
    dialog.findChild(_button(), "export_ok").click()
    qtbot.waitUntil(lambda: target.exists() and not dialog.running, timeout=20000)


def _button() -> Any:
    from PySide6.QtWidgets import QPushButton

    return QPushButton


def test_customers_list_exports_what_it_shows(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Any
) -> None:
    screen = window.show_screen("customers")
    spec = screen.spec
    header = screen.table.horizontalHeader()
    phone = spec.index("phone")
    screen.set_column_visible(phone, False)  # a hidden column is not exported
    screen.filter.setText("客户0")
    screen.apply_filter()
    while screen.model.canFetchMore():
        screen.model.fetchMore()
    order = [header.logicalIndex(v) for v in range(header.count())]
    shown = [i for i in order if not header.isSectionHidden(i)]
    assert phone not in shown
    target = tmp_path / "客户.xlsx"
    export(qtbot, screen, target, "xlsx", monkeypatch)

    ws = load_workbook(target).active
    assert ws["A1"].value == "客户"
    assert "制表日期" in ws["A2"].value
    assert ws.freeze_panes == "A4"
    labels = [c.value for c in ws[3]]
    assert labels == [screen.model.headerData(i, _horizontal()) for i in shown]
    n = screen.model.rowCount()
    assert n > 3
    for r in range(n):
        cells = [c.value for c in ws[4 + r]]
        for pos, i in enumerate(shown):
            col = spec.columns[i]
            value = screen.model.value(r, col.key)
            got = cells[pos]
            if col.kind in ("money", "int", "qty", "price"):  # numbers stay numbers
                assert isinstance(got, int | float | type(None)), (r, col.key, got)
                assert Decimal(str(got or 0)) == Decimal(str(value or 0)), (r, col.key)
            else:
                want = screen.model.index(r, i).data()
                assert (got if got is not None else "") == want, (r, col.key, got, want)
    total_row = [c.value for c in ws[4 + n]]
    assert total_row[0] == "合计"
    assert ws.max_row == 4 + n
    assert any("已导出" in title for title, _text in messages)


def test_csv_gbk_export(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.show_screen("products")
    target = tmp_path / "商品.csv"
    export(qtbot, screen, target, "csv-gbk", monkeypatch)
    with target.open(encoding="gb18030", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == screen.model.headerData(
        screen.table.horizontalHeader().logicalIndex(0), _horizontal()
    )
    assert len(rows) - 1 >= screen.model.rowCount() > 0
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_reports_export_uses_the_exporter(
    qtbot: Any, window: Any, tmp_path: Path, messages: Any
) -> None:
    screen = window.show_screen("reports")
    screen.run()
    qtbot.waitUntil(lambda: screen.export_button.isEnabled(), timeout=20000)
    target = tmp_path / "aging.xlsx"
    screen.export_to(target)
    qtbot.waitUntil(target.exists, timeout=20000)
    ws = load_workbook(target).active
    assert ws["A1"].value == "应收账龄（客户）"
    assert [c.value for c in ws[3]][:3] == ["编码", "客户", "余额"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[-1][0] == "合计"
    assert Decimal(str(rows[-1][2])) == sum((Decimal(str(r[2])) for r in rows[:-1]), Decimal(0))


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_bills_export_their_overdue_days(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = window.show_screen("sales_bills")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    target = tmp_path / "销售单.xlsx"
    export(qtbot, screen, target, "xlsx", monkeypatch)
    ws = load_workbook(target).active
    labels = [c.value for c in ws[3]]
    overdue = labels.index("逾期天数")
    shown = screen.model.index(0, screen.spec.index("overdue")).data()
    assert shown and ws.cell(4, overdue + 1).value == int(shown)
