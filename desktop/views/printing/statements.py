"""对账单 from the window: the owner's month-end batch, and one party's statement.

The batch runs ``jobs.print_statements`` off the GUI thread behind a progress
dialog; Cancel stops it and the job removes what it wrote. Afterwards the
dialog offers the folder and a preview of the combined PDF.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import Account
from desktop.views.context import Context
from desktop.views.errors import show_error
from desktop.views.prefs import documents_dir
from desktop.views.printing.papers import PAPER_KEYS, paper_label
from desktop.views.qdates import py_date
from desktop.views.theme import mark
from desktop.views.worker import Cancelled, Progress, run_task

if TYPE_CHECKING:
    from desktop.printing.sources import StatementSource

EXCEL_PREF = "statements/excel"
FOLDER_PREF = "print/statements_folder"


def last_month(today: date | None = None) -> tuple[date, date]:
    """The first and last day of the month before ``today``."""
    first_this = (today or date.today()).replace(day=1)
    end = first_this - timedelta(days=1)
    return end.replace(day=1), end


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _paper_combo(ctx: Context) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("statement_paper")
    for key in PAPER_KEYS:
        combo.addItem(paper_label(key), key)
    wanted = str(ctx.prefs.get("print/paper/statement", "a4") or "a4")
    combo.setCurrentIndex(max(0, combo.findData(wanted)))
    return combo


#: how a statement is usually sent (statement tracking); the first: not recorded
SENT_VIA = ("", "打印", "微信", "邮件", "传真")


def _via_combo() -> QComboBox:
    t = QCoreApplication.translate
    shown = {
        "": t("StatementDialog", "不登记"),
        "打印": t("StatementDialog", "打印"),
        "微信": t("StatementDialog", "微信"),
        "邮件": t("StatementDialog", "邮件"),
        "传真": t("StatementDialog", "传真"),
    }
    combo = QComboBox()
    combo.setObjectName("statement_sent_via")
    for via in SENT_VIA:
        combo.addItem(shown[via], via)
    return combo


def record_sent(
    parent: QWidget,
    ctx: Context,
    parties: list[str | uuid.UUID],
    period: tuple[date, date],
    via: str,
    account: str | None,
) -> None:
    """Note the statements as sent today (``services.statement_tracking``), on the writer
    thread; a refusal is shown, the printing stands."""
    if not via or not parties:
        return

    def write(ledger: Any, _progress: object) -> None:
        from desktop.services.statement_tracking import track

        with ledger.unit() as uow:
            for party in parties:
                track(uow, party, period[0], period[1], date.today(), via,
                      account or Account.AR)  # fmt: skip

    ctx.start_writer()
    ctx.writer.job(write, lambda _r: None, lambda exc: show_error(parent, exc))


def default_folder(ctx: Context) -> str:
    saved = ctx.prefs.get(FOLDER_PREF)
    if saved:
        return str(saved)
    name = QCoreApplication.translate("BatchStatementsDialog", "账房对账单")
    return str(documents_dir() / name)


class BatchStatementsDialog(QDialog):
    """Statements for every customer (or supplier) with a balance or activity in the period."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("batch_statements")
        self.setWindowTitle(self.tr("批量打印对账单"))
        self.batch: Any = None
        self.progress_dialog: QProgressDialog | None = None
        start, end = last_month()
        self.date_from = _date_edit(start)
        self.date_from.setObjectName("statement_from")
        self.date_to = _date_edit(end)
        self.date_to.setObjectName("statement_to")
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.date_to)
        period.addStretch(1)
        self.account = QComboBox()
        self.account.setObjectName("statement_account")
        self.account.addItem(self.tr("客户（应收）"), Account.AR)
        self.account.addItem(self.tr("供应商（应付）"), Account.AP)
        self.paper = _paper_combo(ctx)
        self.folder = QLineEdit(default_folder(ctx))
        self.folder.setObjectName("statement_folder")
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("对账期间"), period)
        form.addRow(self.tr("对象"), self.account)
        form.addRow(self.tr("纸张"), self.paper)
        form.addRow(self.tr("保存到文件夹"), folder_row)
        self.sent_via = _via_combo()
        form.addRow(self.tr("登记为已寄出"), self.sent_via)
        self.excel = QCheckBox(self.tr("同时导出 Excel 对账单（每家一个工作表，另有汇总表）"))
        self.excel.setObjectName("statement_excel")
        self.excel.setChecked(str(ctx.prefs.get(EXCEL_PREF, "false")).lower() == "true")
        form.addRow("", self.excel)
        hint = QLabel(
            self.tr(
                "为期末有余额或本期有往来的每一家生成一份 PDF，另生成一份汇总 PDF 便于一次打印。"
            )
        )
        hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("statement_message")
        self.message.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        self.open_folder_button = QPushButton(self.tr("打开文件夹"))
        self.open_folder_button.setObjectName("statement_open_folder")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.preview_button = QPushButton(self.tr("预览汇总 PDF"))
        self.preview_button.setObjectName("statement_preview")
        self.preview_button.clicked.connect(self.preview_combined)
        for button in (self.open_folder_button, self.preview_button):
            button.setEnabled(False)
        after = QHBoxLayout()
        after.addWidget(self.open_folder_button)
        after.addWidget(self.preview_button)
        after.addStretch(1)
        self.box = QDialogButtonBox()
        self.run_button = self.box.addButton(
            self.tr("生成对账单"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.run_button.setObjectName("statement_run")
        self.box.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.box.accepted.connect(self.run)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addLayout(after)
        layout.addWidget(self.box)
        self.error.hide()
        self.message.hide()
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 80)

    @staticmethod
    def _note(label: QLabel, text: str) -> None:
        """Empty notes take no room (the dialog stays compact)."""
        label.setText(text)
        label.setVisible(bool(text))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("保存到文件夹"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def period(self) -> tuple[date, date]:
        return py_date(self.date_from.date()), py_date(self.date_to.date())

    def run(self) -> None:
        """Write the statements (Enter / 生成对账单); the dialog stays open for the result."""
        date_from, date_to = self.period()
        folder_text = self.folder.text().strip()
        self._note(self.error, "")
        if date_from > date_to:
            self._note(self.error, self.tr("开始日期不能晚于结束日期。"))
            return
        if not folder_text:
            self._note(self.error, self.tr("请选择保存对账单的文件夹。"))
            return
        out = Path(folder_text).expanduser()
        paper, account = str(self.paper.currentData()), self.account.currentData()
        excel = self.excel.isChecked()
        ledger = self.ctx.ledger
        self.ctx.prefs.set(FOLDER_PREF, str(out))
        self.ctx.prefs.set(EXCEL_PREF, excel)
        self.ctx.prefs.set("print/paper/statement", paper)
        step = self.tr("正在生成对账单：{done} / {total}")

        def work(progress: Progress) -> Any:
            from desktop.printing import jobs

            def report(done: int, total: int) -> None:
                if progress.cancelled:
                    return
                # Cancel pressed meanwhile: the job's own cancel check removes the files
                with contextlib.suppress(Cancelled):
                    progress(int(100 * done / max(1, total)), step.format(done=done, total=total))

            setup = jobs.printer_setup(ledger, jobs.paper_named(paper))
            result = jobs.print_statements(
                ledger,
                date_from,
                date_to,
                out,
                setup,
                account=account,
                progress=report,
                cancel=lambda: progress.cancelled,
            )
            if excel and result.count and not result.cancelled:
                from desktop.exporting.statements import export_statements

                book = out / f"对账单汇总_{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx"
                done = export_statements(
                    ledger, date_from, date_to, book, account=account, cancel=lambda: False
                )
                result.workbook = done.path if done is not None else None
            return result

        self.set_running(True)
        self._note(self.message, "")
        self.progress_dialog = run_task(
            self, self.tr("批量打印对账单"), work, self._finished, self._failed
        )

    def set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        if running:
            self.open_folder_button.setEnabled(False)
            self.preview_button.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.set_running(False)
        show_error(self, exc)

    def _finished(self, result: Any) -> None:
        self.set_running(False)
        self.batch = result
        if result.cancelled:
            self._note(self.message, self.tr("已取消，没有留下生成一半的文件。"))
            return
        if not result.count:
            self._note(self.message, self.tr("这段时间没有需要对账的往来单位。"))
            return
        text = self.tr("已生成 {n} 份对账单，汇总 PDF 共 {pages} 页：{path}").format(
            n=result.count, pages=result.combined_pages, path=result.combined
        )
        if result.workbook is not None:
            text += "\n" + self.tr("Excel 对账单：{path}").format(path=result.workbook)
        via = str(self.sent_via.currentData() or "")
        if via:
            record_sent(self, self.ctx, [f.party_code for f in result.files], self.period(), via,
                        self.account.currentData())  # fmt: skip
            text += "\n" + self.tr("已登记为以{via}寄出，待对方确认。").format(
                via=self.sent_via.currentText()
            )
        self._note(self.message, text)
        self.open_folder_button.setEnabled(True)
        self.preview_button.setEnabled(result.combined is not None)

    def open_folder(self) -> None:
        if self.batch is None or not self.batch.files:
            return
        folder = self.batch.files[0].path.parent
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def preview_combined(self) -> Any:
        if self.batch is None or self.batch.combined is None:
            return None
        from desktop.printing.sources import FileSource
        from desktop.views.printing.preview import show_preview

        date_from, date_to = self.period()
        title = self.tr("对账单 {start} 至 {end}").format(start=date_from, end=date_to)
        return show_preview(
            self.parentWidget() or self,
            self.ctx,
            FileSource(self.batch.combined, title),
            str(self.paper.currentData()),
        )


class StatementDialog(QDialog):
    """Which period (and paper) for one party's statement; OK opens its preview."""

    def __init__(
        self,
        ctx: Context,
        party: tuple[uuid.UUID, str, str],
        account: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.party = party
        self.account = account
        self.setObjectName("statement_dialog")
        self.setWindowTitle(self.tr("对账单 — {name}").format(name=party[2]))
        start, end = last_month()
        self.date_from = _date_edit(start)
        self.date_to = _date_edit(end)
        self.paper = _paper_combo(ctx)
        self.error = QLabel()
        mark(self.error, "error")
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel(self.tr("至")))
        period.addWidget(self.date_to)
        form = QFormLayout()
        form.addRow(self.tr("往来单位"), QLabel(f"{party[1]}  {party[2]}"))
        form.addRow(self.tr("对账期间"), period)
        form.addRow(self.tr("纸张"), self.paper)
        self.sent_via = _via_combo()
        form.addRow(self.tr("登记为已寄出"), self.sent_via)
        box = QDialogButtonBox()
        box.addButton(self.tr("预览"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def accept(self) -> None:
        if self.date_from.date() > self.date_to.date():
            self.error.setText(self.tr("开始日期不能晚于结束日期。"))
            return
        super().accept()

    def source(self) -> StatementSource:
        from desktop.printing.sources import StatementSource

        ident, code, name = self.party
        return StatementSource(
            ident,
            code,
            name,
            py_date(self.date_from.date()),
            py_date(self.date_to.date()),
            self.account,
            self.tr("对账单 {name}").format(name=name),
        )


def open_statement(parent: QWidget, ctx: Context, party_id: str, account: str) -> Any:
    """The customers/suppliers list's 对账单…: ask the period, then preview."""
    from desktop.services.parties import get_party
    from desktop.views.printing.preview import show_preview

    with ctx.ledger.read() as session:
        row = get_party(session, uuid.UUID(party_id))
        party = (row.id, row.code, row.name)
    dialog = StatementDialog(ctx, party, account, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    period = py_date(dialog.date_from.date()), py_date(dialog.date_to.date())
    record_sent(parent, ctx, [party[0]], period, str(dialog.sent_via.currentData() or ""), account)
    return show_preview(parent, ctx, dialog.source(), str(dialog.paper.currentData()))


def open_batch(parent: QWidget | None, ctx: Context) -> BatchStatementsDialog:
    dialog = BatchStatementsDialog(ctx, parent)
    dialog.show()
    return dialog


def batch_button(parent: QWidget, ctx: Context) -> QPushButton:
    """The Reports screen's entry to the month-end batch."""
    button = QPushButton(QCoreApplication.translate("BatchStatementsDialog", "批量打印对账单…"))
    button.setObjectName("batch_statements_button")
    button.clicked.connect(lambda: open_batch(parent, ctx))
    return button
