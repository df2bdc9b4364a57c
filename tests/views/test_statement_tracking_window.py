"""对账记录 in the window: a statement recorded as sent from the customers list, found in the
reports screen's 未确认对账单, disputed on a line picked from it, then confirmed; and the same
for a supplier's 应付对账单 — all through the widgets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from desktop.models import StatementRecord
from desktop.services.statement_tracking import lines_of
from desktop.views.statement_tracking import AnswerForm, StatementTrackingDialog, TrackForm
from tests.views.builder import TODAY as BUILT_ON  # the prepared ledger's dates count from it
from tests.views.conftest import wait_idle

pytestmark = pytest.mark.gui


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _records(window: Any, screen_key: str, row: int) -> StatementTrackingDialog:
    """The list's right-click 对账记录… on the row given."""
    screen = window.show_screen(screen_key)
    screen.table.setCurrentIndex(screen.model.index(row, 0))
    {a.objectName(): a for a in screen.table.actions()}["menu_statement_records"].trigger()
    dialog = window.findChild(StatementTrackingDialog)
    assert dialog is not None
    return dialog


def _track(qtbot: Any, dialog: StatementTrackingDialog, via: str) -> None:
    before = dialog.loaded
    dialog.track_button.click()
    form = dialog.form
    assert isinstance(form, TrackForm) and form.isVisible()
    today = date.today()  # the window's today, which may be a day after the tests started
    form.date_from.setDate(_qdate(today - timedelta(days=60)))
    form.date_to.setDate(_qdate(today))
    form.via.setCurrentText(via)
    form.ok.click()
    qtbot.waitUntil(lambda: dialog.loaded > before and dialog.table.rowCount() > 0, timeout=20000)


def _cells(dialog: StatementTrackingDialog, row: int = 0) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def _run_pending(qtbot: Any, screen: Any, by: str = "customer") -> list[str]:
    screen.result = None
    screen.pending_button.click()
    qtbot.waitUntil(lambda: screen.result is not None, timeout=20000)
    if by != "customer":
        screen.by.setCurrentIndex(screen.by.findData(by))
        screen.result = None
        screen.run()
        qtbot.waitUntil(lambda: screen.result is not None, timeout=20000)
    return [screen.table.item(r, 1).text() for r in range(screen.table.rowCount())]


def test_sent_pending_disputed_on_a_line_then_confirmed(qtbot: Any, window: Any) -> None:
    dialog = _records(window, "customers", 0)  # C001 张三五金
    qtbot.waitUntil(lambda: dialog.loaded > 0, timeout=20000)
    assert dialog.table.rowCount() == 0 and "张三五金" in dialog.windowTitle()
    assert not dialog.confirm_button.isEnabled() and not dialog.dispute_button.isEnabled()
    _track(qtbot, dialog, "微信")
    cells = _cells(dialog)
    assert "微信" in cells[2] and cells[3] == "待确认"
    assert dialog.confirm_button.isEnabled() and dialog.dispute_button.isEnabled()
    dialog.close()

    # 报表 → 未确认对账单: 张三五金 waits; 对账记录… opens the same party's list
    screen = window.show_screen("reports")
    assert not screen.records_button.isVisible() or not screen.records_button.isEnabled()
    assert _run_pending(qtbot, screen) == ["张三五金"]
    assert screen.name() == "statements" and screen.records_button.isVisible()
    assert screen.table.item(0, 6).text() == "未确认"
    screen.table.selectRow(0)
    assert screen.records_button.isEnabled()
    screen.records_button.click()
    dialog = screen.records_dialog
    qtbot.waitUntil(lambda: dialog.loaded > 0 and dialog.table.rowCount() == 1, timeout=20000)

    # 有异议…: the statement's documents to tick; a missing answer is refused in the form
    dialog.dispute_button.click()
    form = dialog.form
    assert isinstance(form, AnswerForm) and form.lines.count() >= 1
    with window.ctx.ledger.read() as s:
        on_it = lines_of(s, s.query(StatementRecord).one().id)
    listed = [form.lines.item(i).data(Qt.ItemDataRole.UserRole) for i in range(form.lines.count())]
    assert listed == [x.number for x in on_it]  # the bill 49 days back
    assert str(BUILT_ON - timedelta(days=49)) in form.lines.item(0).text()
    form.ok.click()
    assert form.isVisible() and "确认人" in form.error.text()
    form.by.setText("张会计")
    form.note.setPlainText("少算了一箱")
    form.lines.item(0).setCheckState(Qt.CheckState.Checked)
    picked = form.picked()
    assert len(picked) == 1
    before = dialog.loaded
    form.ok.click()
    qtbot.waitUntil(lambda: dialog.loaded > before, timeout=20000)
    cells = _cells(dialog)
    assert cells[3] == "有异议" and cells[5] == "张会计" and picked[0] in cells[6]
    with window.ctx.ledger.read() as s:
        record = s.query(StatementRecord).one()
        assert (record.status, record.note, record.disputed_lines) == (
            "disputed",
            "少算了一箱",
            picked,
        )
    assert _run_pending(qtbot, screen) == ["张三五金"]  # the report refreshed: disputed
    assert screen.table.item(0, 6).text() == "有异议"

    # 对方已确认…: the statement is settled; nobody is waiting any more
    dialog.confirm_button.click()
    form = dialog.form
    form.by.setText("张老板")
    before = dialog.loaded
    form.ok.click()
    qtbot.waitUntil(lambda: dialog.loaded > before, timeout=20000)
    assert _cells(dialog)[3] == "已确认"
    assert not dialog.confirm_button.isEnabled() and not dialog.dispute_button.isEnabled()
    assert _run_pending(qtbot, screen) == []
    dialog.close()


def test_a_suppliers_statement_takes_the_same_path(qtbot: Any, window: Any) -> None:
    """赵六供应 bills its delivery; its 应付对账单 is recorded as sent from the suppliers list
    and shows among the suppliers' statements not confirmed, not the customers'."""
    from sqlalchemy import select

    from desktop.models import Document
    from desktop.services import trade

    def bill(uow: Any) -> None:
        po = uow.session.scalars(select(Document).where(Document.kind == "purchase_order")).one()
        trade.bill_order(uow, po.id, doc_date=BUILT_ON - timedelta(days=58))

    window.ctx.write(bill)
    wait_idle(qtbot, window.ctx)
    screen = window.show_screen("suppliers")
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    dialog = _records(window, "suppliers", 0)
    qtbot.waitUntil(lambda: dialog.loaded > 0, timeout=20000)
    assert "供应商" in dialog.heading.text() and "赵六供应" in dialog.heading.text()
    _track(qtbot, dialog, "邮件")
    with window.ctx.ledger.read() as s:
        record = s.query(StatementRecord).one()
        assert (record.account, record.sent_via) == ("AP", "邮件") and record.closing > 0
    dialog.close()
    reports = window.show_screen("reports")
    assert _run_pending(qtbot, reports) == []
    assert _run_pending(qtbot, reports, "supplier") == ["赵六供应"]
    assert reports.table.horizontalHeaderItem(1).text() == "供应商"
    reports.table.selectRow(0)
    reports.records_button.click()
    again = reports.records_dialog
    assert again.account == "AP"
    qtbot.waitUntil(lambda: again.loaded > 0 and again.table.rowCount() == 1, timeout=20000)
    again.close()
