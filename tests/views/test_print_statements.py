"""Month-end statements from the window (batch with progress and Cancel, one party) and
the printer offsets in Settings."""

from __future__ import annotations

import subprocess
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QPushButton

from desktop.printing import jobs
from desktop.views.printing.offsets import PrinterOffsetsDialog, read_settings
from desktop.views.printing.preview import PrintPreview
from desktop.views.printing.statements import BatchStatementsDialog, StatementDialog, last_month
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def bill_today(qtbot: Any, ctx: Any, customer: str) -> None:
    """李四建材 buys today: a second customer with a balance."""
    from desktop.services import credit, documents, trade
    from desktop.services.documents import LineInput

    def write(uow: Any) -> None:
        order = documents.create_draft(
            uow, "sales_order", customer, [LineInput("00456", 5, "包", "60")]
        )
        credit.confirm_order(uow, order.id)
        trade.fulfil(uow, order.id)
        trade.bill_order(uow, order.id)

    ctx.write(write)
    wait_idle(qtbot, ctx)


def batch_dialog(qtbot: Any, ctx: Any, folder: Path) -> BatchStatementsDialog:
    dialog = BatchStatementsDialog(ctx)
    qtbot.addWidget(dialog)
    today = date.today()  # the day the bills were made on, not the day the tests started
    start = today - timedelta(days=90)
    dialog.date_from.setDate(QDate(start.year, start.month, start.day))
    dialog.date_to.setDate(QDate(today.year, today.month, today.day))
    dialog.folder.setText(str(folder))
    dialog.show()
    return dialog


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_last_month_is_the_default_period() -> None:
    assert last_month(date(2026, 3, 15)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert last_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_batch_writes_one_pdf_per_customer_with_a_balance_plus_the_combined(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    bill_today(qtbot, ctx, "李四建材")
    folder = tmp_path / "statements"
    dialog = batch_dialog(qtbot, ctx, folder)
    start, end = last_month()
    assert dialog.isVisible()
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=60000)
    result = dialog.batch
    assert not result.cancelled
    names = sorted(f.party_name for f in result.files)
    assert names == ["张三五金", "李四建材"]
    pdfs = sorted(p.name for p in folder.glob("*.pdf"))
    assert len(pdfs) == 3 and any(p.startswith("对账单汇总_") for p in pdfs)
    combined = pdf_text(result.combined)
    assert "张三五金" in combined and "李四建材" in combined
    assert "已生成 2 份对账单" in dialog.message.text()
    assert dialog.preview_button.isEnabled()
    preview = dialog.preview_combined()
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.last is not None, timeout=30000)
    assert preview.document.pageCount() == result.combined_pages
    assert not preview.paper.isEnabled()  # a finished file
    assert start < end  # the default period was replaced above


def test_batch_also_writes_the_excel_statements_when_asked(
    qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    bill_today(qtbot, ctx, "李四建材")
    folder = tmp_path / "statements"
    dialog = batch_dialog(qtbot, ctx, folder)
    assert not dialog.excel.isChecked()  # off until the user asks once
    dialog.excel.setChecked(True)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=60000)
    book = dialog.batch.workbook
    assert book is not None and book.suffix == ".xlsx" and book.parent == folder
    assert load_workbook(book).sheetnames[0] == "汇总"
    assert len(load_workbook(book).sheetnames) == 3
    assert "Excel" in dialog.message.text()
    again = BatchStatementsDialog(ctx)  # the choice is remembered
    qtbot.addWidget(again)
    assert again.excel.isChecked()


def test_cancel_stops_the_batch_and_leaves_no_files(
    qtbot: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bill_today(qtbot, ctx, "李四建材")
    entered, release = threading.Event(), threading.Event()
    real = jobs.render_bytes

    def slow(*args: Any, **kw: Any) -> Any:
        entered.set()
        release.wait(20)
        return real(*args, **kw)

    monkeypatch.setattr(jobs, "render_bytes", slow)
    folder = tmp_path / "statements"
    dialog = batch_dialog(qtbot, ctx, folder)
    dialog.run_button.click()
    assert not dialog.run_button.isEnabled()
    qtbot.waitUntil(entered.is_set, timeout=20000)
    progress = dialog.progress_dialog
    assert progress is not None
    progress.findChild(QPushButton).click()  # the progress dialog's Cancel
    release.set()
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=30000)
    assert dialog.batch.cancelled
    assert list(folder.iterdir()) == []  # not even a temporary file
    assert "已取消" in dialog.message.text()
    assert dialog.run_button.isEnabled()


def test_statement_for_the_selected_customer(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StatementDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    screen = window.show_screen("customers")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(0, 0))  # C001 张三五金
    menu = {a.objectName(): a for a in screen.table.actions()}
    menu["menu_statement"].trigger()
    qtbot.waitUntil(lambda: window.findChild(PrintPreview) is not None, timeout=10000)
    preview = window.findChild(PrintPreview)
    qtbot.waitUntil(lambda: preview.last is not None, timeout=30000)
    text = "".join(
        preview.document.getAllText(p).text() for p in range(preview.document.pageCount())
    )
    assert "张三五金" in text and "对账单" in text
    assert not preview.source.counts


def test_reports_screen_and_file_menu_open_the_batch(qtbot: Any, window: Any) -> None:
    screen = window.show_screen("reports")
    button = screen.findChild(QPushButton, "batch_statements_button")
    button.click()
    qtbot.waitUntil(lambda: window.findChild(BatchStatementsDialog) is not None)
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "批量打印对账单…" in texts


def test_printer_offsets_round_trip(qtbot: Any, ctx: Any) -> None:
    dialog = PrinterOffsetsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.offset_x["a4"].value() == 0 and dialog.rows["241x93"].value() == 0
    assert not dialog.rows["a4"].isEnabled()  # cut sheets flow
    dialog.offset_x["a4"].setValue(2.5)
    dialog.offset_y["a4"].setValue(-1.0)
    dialog.offset_y["241x93"].setValue(3.0)
    dialog.rows["241x93"].setValue(4)
    dialog.save()
    wait_idle(qtbot, ctx)
    assert dialog.result() == QDialog.DialogCode.Accepted
    ledger = ctx.ledger
    assert ledger.local_setting("print.offset.a4") == "2.5,-1"
    setup = jobs.printer_setup(ledger, jobs.paper_named("241x93"))
    assert setup.paper.rows_per_page == 4 and setup.offset.y_mm == 3.0
    assert jobs.printer_setup(ledger, jobs.paper_named("a4")).offset.x_mm == 2.5
    assert read_settings(ctx)["241x93"] == (0.0, 3.0, 4)
    again = PrinterOffsetsDialog(ctx)
    qtbot.addWidget(again)
    assert again.offset_x["a4"].value() == 2.5 and again.rows["241x93"].value() == 4
    again.rows["241x93"].setValue(0)  # back to "as many as fit"
    again.save()
    wait_idle(qtbot, ctx)
    setup = jobs.printer_setup(ledger, jobs.paper_named("241x93"))
    assert setup.paper.rows_per_page_setting is None


def test_settings_dialog_has_the_printer_page(qtbot: Any, ctx: Any, monkeypatch: Any) -> None:
    from desktop.views.settings_dialog import SettingsDialog

    opened: list[Any] = []
    monkeypatch.setattr(PrinterOffsetsDialog, "exec", lambda self: opened.append(self) or 0)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.findChild(QPushButton, "printer_offsets_button").click()
    assert len(opened) == 1


def test_printed_statements_are_recorded_as_sent_when_asked(
    qtbot: Any, window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.statement_tracking import pending

    def sent_by_wechat(self: StatementDialog) -> QDialog.DialogCode:
        self.sent_via.setCurrentIndex(self.sent_via.findData("微信"))
        return QDialog.DialogCode.Accepted

    def waiting() -> dict[str, str]:
        with ctx.ledger.read() as session:
            return {p.party_name: p.record.sent_via for p in pending(session)}

    monkeypatch.setattr(StatementDialog, "exec", sent_by_wechat)
    screen = window.show_screen("customers")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(0, 0))  # C001 张三五金
    {a.objectName(): a for a in screen.table.actions()}["menu_statement"].trigger()
    qtbot.waitUntil(lambda: waiting() == {"张三五金": "微信"}, timeout=20000)

    bill_today(qtbot, ctx, "李四建材")
    dialog = batch_dialog(qtbot, ctx, tmp_path / "statements")
    dialog.sent_via.setCurrentIndex(dialog.sent_via.findData("邮件"))
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.batch is not None, timeout=60000)
    qtbot.waitUntil(lambda: waiting() == {"张三五金": "邮件", "李四建材": "邮件"}, timeout=20000)
    assert "待对方确认" in dialog.message.text()
