"""The import wizard end to end: a messy customers workbook → preview → import → undo."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.core.importing.test_wizard_pipeline import customers_book

pytestmark = pytest.mark.gui


def walk_to_preview(qtbot: Any, wizard: Any, path: Path) -> None:
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=20000)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    qtbot.waitUntil(lambda: wizard.idle() and wizard.mapping_page.isComplete(), timeout=20000)
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)


def open_on_mapping(qtbot: Any, window: Any, path: Path) -> Any:
    """The wizard opened on ``path`` and moved on to its columns page."""
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=20000)
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    return wizard


def sales_book(path: Path, *rows: list[Any]) -> Path:
    """A small sales log: number, date, customer, product, quantity, unit price."""
    book = Workbook()
    ws = book.active
    ws.append(["单号", "日期", "客户名称", "商品名称", "数量", "单价"])
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def commit(qtbot: Any, wizard: Any) -> None:
    assert wizard.preview_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.done_page
    qtbot.waitUntil(lambda: wizard.idle() and wizard.result is not None, timeout=30000)


def party(ctx: Any, name: str) -> Any:
    from sqlalchemy import select

    from desktop.importing.kinds.base import opening_amount
    from desktop.models import Party

    with ctx.ledger.read() as session:
        found = session.scalar(select(Party).where(Party.name == name))
        if found is None:
            return None
        return found.phone, found.archived, opening_amount(session, found.id, "sales")


def test_customers_import_preview_commit_rerun_and_undo(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    path = customers_book(tmp_path / "老客户.xlsx")
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    walk_to_preview(qtbot, wizard, path)
    a = wizard.analysis
    assert a.kind == "customer"
    assert a.table.header_row == 3  # found under the title and the blank line
    assert wizard.mapping_page.header_row.value() == 3
    assert "客户名称" in wizard.mapping_page.combos["name"].currentText()
    assert "期初应收" in wizard.mapping_page.combos["opening_receivable"].currentText()

    c = wizard.report.counts
    assert (c["new"], c["updated"], c["error"], c["skipped"]) == (2, 0, 1, 1)
    page = wizard.preview_page
    assert "新增 2" in page.counts.text() and "错误 1" in page.counts.text()
    for outcome in ("new", "update", "unchanged", "skipped"):
        page.filters[outcome].setChecked(False)
    model = page.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "6"  # the Excel row of 导入测试丙贸易
    assert model.index(0, 1).data() == "错误"
    reason = model.index(0, 2).data()
    assert "期初应收" in reason and "一千二" in reason
    assert "Traceback" not in reason

    commit(qtbot, wizard)
    report = wizard.result
    assert report.batch_id is not None and report.backup_path is not None
    assert "已导入" in wizard.done_page.summary.text()
    assert party(ctx, "导入测试甲五金") == ("13800000001", False, Decimal("1200.50"))
    assert party(ctx, "导入测试乙建材")[2] == Decimal("300.00")
    assert party(ctx, "导入测试丙贸易") is None
    customers = window.show_screen("customers")
    customers.filter.setText("导入测试")
    customers.apply_filter()
    qtbot.waitUntil(lambda: customers.model.rowCount() == 2, timeout=5000)

    # the rows with errors come back as a copy of the workbook with 错误原因
    errors = tmp_path / "errors.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(errors), ""))
    assert wizard.done_page.errors_button.isEnabled()
    wizard.done_page.errors_button.click()
    qtbot.waitUntil(lambda: errors.exists() and wizard.idle(), timeout=10000)
    ws = load_workbook(errors).active
    header = [c.value for c in ws[3]]
    assert "错误原因" in header
    reason_col = header.index("错误原因") + 1
    assert "期初应收" in str(ws.cell(row=6, column=reason_col).value)
    assert ws.cell(row=4, column=reason_col).value in (None, "")
    wizard.close()

    # the same file again: nothing new, nothing doubled
    again = window.import_excel()
    qtbot.addWidget(again)
    walk_to_preview(qtbot, again, path)
    c = again.report.counts
    assert (c["new"], c["updated"], c["unchanged"], c["error"]) == (0, 0, 2, 1)
    assert not again.preview_page.isComplete()
    again.close()

    # undo from the history dialog
    from desktop.views.importer.history import open_import_history

    history = open_import_history(ctx, window)
    qtbot.addWidget(history)
    qtbot.waitUntil(lambda: history.table.rowCount() >= 1, timeout=10000)
    assert history.table.item(0, 2).text() == "老客户.xlsx"
    assert history.table.item(0, 4).text() == "2"
    button = history.undo_button(0)
    assert button.isEnabled()
    button.click()
    qtbot.waitUntil(lambda: history.table.item(0, 7).text() == "已撤销", timeout=20000)
    assert not history.error.text()
    for name in ("导入测试甲五金", "导入测试乙建材"):  # gone, or archived with no balance
        left = party(ctx, name)
        assert left is None or (left[1] and not left[2]), left
    qtbot.waitUntil(lambda: history.table.item(0, 7).text() == "已撤销", timeout=10000)
    assert not history.undo_button(0).isEnabled()


def test_changed_mapping_is_remembered_for_the_same_headers(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path
) -> None:
    first = customers_book(tmp_path / "一月.xlsx", [("映射测试甲", "021-1", 10)])
    wizard = open_on_mapping(qtbot, window, first)
    mp = wizard.mapping_page
    assert mp.combos["phone"].currentData() == 1
    mp.set_field("phone", None)  # the user: do not take the phone column
    mp.set_field("mobile", 1)  # ... it is the mobile number
    assert mp.mapping().fields == {"name": 0, "mobile": 1, "opening_receivable": 2}
    wizard.next()
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    assert wizard.report.counts["new"] == 1
    commit(qtbot, wizard)
    assert wizard.result.batch_id is not None
    wizard.close()

    second = customers_book(tmp_path / "二月.xlsx", [("映射测试乙", "021-2", 20)])
    again = window.import_excel()
    qtbot.addWidget(again)
    again.load(second)
    qtbot.waitUntil(lambda: again.idle() and again.analysis is not None, timeout=20000)
    assert again.analysis.source == "saved"
    again.next()
    assert again.mapping_page.combos["phone"].currentData() is None
    assert again.mapping_page.combos["mobile"].currentData() == 1
    assert "上次" in again.mapping_page.source.text()


def test_header_row_can_be_changed(qtbot: Any, window: Any, tmp_path: Path) -> None:
    path = customers_book(tmp_path / "c.xlsx")
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=20000)
    wizard.next()
    mp = wizard.mapping_page
    mp.header_row.setValue(4)  # a data row taken as the header: nothing maps
    mp.header_row.editingFinished.emit()
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis.table.header_row == 4, timeout=10000)
    assert "导入测试甲五金" in mp.header_text.text()
    assert not mp.isComplete() and mp.error.text()
    mp.header_row.setValue(3)
    mp.header_row.editingFinished.emit()
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis.table.header_row == 3, timeout=10000)
    assert mp.isComplete()


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"PK\x03\x04 this is not really a workbook", "损坏"), (b"", "空")],
)
def test_bad_file_shows_a_plain_message(
    qtbot: Any, window: Any, tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(content)
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and bool(wizard.file_page.error.text()), timeout=10000)
    text = wizard.file_page.error.text()
    assert needle in text, text
    assert "Traceback" not in text and "意外错误" not in text
    assert wizard.book is None and not wizard.file_page.isComplete()


def test_unrecognisable_sheet_says_so(qtbot: Any, window: Any, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["甲", "乙"])
    wb.active.append([1, 2])
    path = tmp_path / "杂项.xlsx"
    wb.save(path)
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=10000)
    assert "找不到可识别的表头" in wizard.file_page.error.text()


def test_template_download_and_first_run_option(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.views.wizard import StartPage

    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    page = wizard.file_page
    page.template_kind.setCurrentIndex(page.template_kind.findData("product"))
    page.template_button.click()
    qtbot.waitUntil(lambda: target.exists() and wizard.idle(), timeout=10000)
    headers = [c.value for c in load_workbook(target).active[2]]
    assert any(str(h).startswith("商品名称") or str(h).startswith("名称") for h in headers)

    start = StartPage()
    qtbot.addWidget(start)
    assert start.excel.isEnabled()
    start.excel.setChecked(True)
    assert start.choice() == "excel"


def test_drop_on_main_window_and_menu_entry(qtbot: Any, window: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
    from PySide6.QtWidgets import QApplication

    from desktop.views.importer.wizard import ImportWizard

    actions = {a.shortcut().toString(): a.text() for a in window.findChildren(QAction)}
    assert actions.get(QKeySequence("Ctrl+I").toString()) == "导入 Excel…"
    path = customers_book(tmp_path / "拖进来.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    wizard = next(w for w in window.windows if isinstance(w, ImportWizard))
    qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=20000)
    assert wizard.analysis.kind == "customer"
    assert wizard.file_page.path.text() == str(path)


def test_a_big_history_file_is_previewed_and_imported_streamed(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the size where the wizard streams: the same pages, rows listed with outcome and
    reason, the cells of the rows with problems, and the import itself."""
    from desktop.importing import wizard as pipeline
    from tests.core.importing.history_files import ROWS, history_xlsx

    monkeypatch.setattr(pipeline, "STREAM_BYTES", 0)
    path = history_xlsx(tmp_path / "销售明细.xlsx", ROWS)
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    walk_to_preview(qtbot, wizard, path)
    assert wizard.analysis.kind == "sales_history" and wizard.analysis.book.partial
    page = wizard.preview_page
    wizard.report = None
    page.create_missing.setChecked(True)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    assert "文件较大" in page.counts.text()
    c = wizard.report.counts
    assert c["new"] >= 4 and c["error"] >= 2  # S2 in 盒: the new 螺丝 M6 has only 个
    model = page.model
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[:2] == ["3", "新增"] and "S1" in first and "2024-01-05" in first
    assert any(v in ("20", "20.00") for v in first)  # the line's amount
    for outcome in ("new", "update", "unchanged", "skipped"):
        page.filters[outcome].setChecked(False)
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    bad_qty = rows["11"]  # 数量 "abc"
    assert "数量" in model.index(bad_qty, 2).data()
    shown = [model.index(bad_qty, c).data() for c in range(3, model.columnCount())]
    assert "S4" in shown  # its parsed values, though the streamed lines keep no cells
    commit(qtbot, wizard)
    assert wizard.result.batch_id is not None
    assert "已导入" in wizard.done_page.summary.text()
    wizard.close()


def test_higher_credit_limits_in_a_file_ask_the_owner(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.owner import OwnerApproval
    from desktop.views import owner_dialog
    from tests.views.conftest import wait_idle
    from tests.views.test_credit_and_flow import set_firm

    set_firm(qtbot, ctx, password="laoban-2026")
    asked: list[str] = []

    def answer(_parent: Any, text: str, _reason: str = "") -> Any:
        asked.append(text)
        return OwnerApproval("laoban-2026", "年底提额")

    monkeypatch.setattr(owner_dialog, "ask_owner", answer)
    wb = Workbook()
    wb.active.append(["客户编码", "客户名称", "信用额度"])
    wb.active.append(["C003", "王五贸易", 8000])  # was 1,000.00
    path = tmp_path / "额度.xlsx"
    wb.save(path)
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    walk_to_preview(qtbot, wizard, path)
    assert wizard.report.counts["updated"] == 1
    commit(qtbot, wizard)
    wait_idle(qtbot, ctx)
    assert asked == ["提高客户信用额度需要老板批准：请填写原因并输入老板密码。"]
    assert wizard.result.batch_id is not None
    limit = ctx.conn.execute("SELECT credit_limit FROM party WHERE code = 'C003'").fetchone()
    assert limit[0] == 800000


def test_first_page_says_what_the_file_looks_like_and_the_runner_up(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """A restaurant's order log: 看起来是销售历史（次选：…）, and page b lists it first."""
    wb = Workbook()
    wb.active.append(["订单ID", "下单时间", "菜品名称", "数量", "价格"])
    for n in range(1, 6):
        wb.active.append([400 + n, f"2016-08-0{n} 11:05", "蒜蓉生蚝", n, 49])
    path = tmp_path / "点菜记录.xlsx"
    wb.save(path)
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    wizard.load(path)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.analysis is not None, timeout=20000)
    assert wizard.analysis.kind == "sales_history"
    runner_up = wizard.analysis.runner_up
    assert runner_up is not None and runner_up != "customer"
    text = wizard.file_page.guess.text()
    assert text.startswith("看起来是销售历史（次选：") and text.endswith("）。")
    assert wizard.kind_order[0] == "sales_history"


def test_walk_in_sales_have_a_box_ticked_by_the_import_rule(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path
) -> None:
    """A shop's sales log, some lines without a customer: the 散客 box shows ticked (most
    lines name one), the preview says once what it does, and unticking refuses those lines."""
    path = sales_book(
        tmp_path / "门店流水.xlsx",
        ["S1", "2024-01-05", "甲公司", "螺丝", 1, 2],
        ["S2", "2024-01-05", None, "螺丝", 2, 2],
        ["S3", "2024-01-06", "乙公司", "螺母", 1, "3.333"],
    )
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    walk_to_preview(qtbot, wizard, path)
    page = wizard.preview_page
    assert wizard.analysis.kind == "sales_history"
    assert page.walk_in.isVisible() and page.walk_in.isChecked()
    page.create_missing.setChecked(True)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    assert wizard.report.counts["new"] == 3
    text = page.counts.text()
    assert "1 行没有客户，记在“散客”名下" in text and "四舍五入到分" in text
    page.walk_in.setChecked(False)
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    assert wizard.report.counts["error"] == 1


def test_the_create_box_is_named_as_messages_name_it_and_ticked_in_a_new_ledger(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """A history whose customer and product the ledger lacks: in a ledger with records the
    box that creates them starts unticked and the rows say to tick it, by the name the box
    shows; in a ledger without customers, suppliers or products it starts ticked."""
    from PySide6.QtCore import QTranslator

    from desktop.importing.kinds.base import CREATE_MISSING_EN, CREATE_MISSING_ZH
    from desktop.services.firm import create_firm
    from desktop.services.ledger import Ledger
    from desktop.views.context import Context
    from desktop.views.i18n import qm_path
    from desktop.views.main_window import MainWindow
    from desktop.views.prefs import Prefs

    path = sales_book(
        tmp_path / "销售记录.xlsx", ["S1", "2024-01-05", "甲公司", "没见过的螺丝", 1, 2]
    )
    wizard = window.import_excel()
    qtbot.addWidget(wizard)
    walk_to_preview(qtbot, wizard, path)
    page = wizard.preview_page
    assert page.create_missing.text() == CREATE_MISSING_ZH
    english = QTranslator()
    assert english.load(str(qm_path("en")))
    assert english.translate("PreviewPage", CREATE_MISSING_ZH) == CREATE_MISSING_EN
    assert not page.create_missing.isChecked() and wizard.report.counts["error"] == 1
    assert f"“{CREATE_MISSING_ZH}”" in wizard.report.rows[0].reason("zh")
    wizard.close()

    new = tmp_path / "新账本.zhangfang"
    books = Ledger.open(new, create=True, actor="tester")
    with books.unit() as uow:
        create_firm(uow, "新开的商行")
    books.close()
    prefs = Prefs()
    prefs.backup_hours = 0
    fresh = Context(new, prefs)
    try:
        other = MainWindow(fresh)
        qtbot.addWidget(other)
        wizard = other.import_excel()
        qtbot.addWidget(wizard)
        walk_to_preview(qtbot, wizard, path)
        page = wizard.preview_page
        assert page.create_missing.isChecked() and wizard.report.counts["new"] == 1
        wizard.close()
        other.close()
    finally:
        fresh.close()


def test_dates_that_read_two_ways_are_asked_once_with_only_the_orders_that_fit(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    """12/01/2010 … 12/09/2010: month or day first, never year first. The columns page
    offers just those two and guesses neither: Next waits for a choice, with the reason."""
    from desktop.views.importer.texts import date_order_name

    path = tmp_path / "sales.csv"
    path.write_text(
        "InvoiceNo,InvoiceDate,CustomerID,StockCode,Description,Quantity,UnitPrice\n"
        + "".join(f"5363{d},12/0{d}/2010 08:26,17850,85123A,HOLDER,6,2.55\n" for d in range(1, 10)),
        encoding="utf-8",
    )
    wizard = open_on_mapping(qtbot, window, path)
    page = wizard.mapping_page
    box = page.date_order
    assert box.isVisible()
    offered = [box.itemData(i) for i in range(box.count())]
    assert offered == [None, "day_first", "month_first"]
    assert box.itemText(2) == date_order_name("month_first")
    assert not page.isComplete() and "12/01/2010 08:26" in page.error.text()
    box.setCurrentIndex(2)
    assert page.isComplete() and page.error.text() == ""
    wizard.next()
    qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    page = wizard.preview_page
    if not page.create_missing.isChecked():
        wizard.report = None
        page.create_missing.setChecked(True)
        qtbot.waitUntil(lambda: wizard.idle() and wizard.report is not None, timeout=20000)
    assert wizard.report.counts["new"] == 9
    dates = sorted(str(r.values.get("doc_date")) for r in wizard.report.rows)
    assert dates[0] == "2010-12-01" and dates[-1] == "2010-12-09"
    wizard.close()
