"""对账记录: the statements sent to one customer or supplier and their answers — record one
as sent, mark it confirmed, or disputed with a note and the documents in question.

A thin view over ``services.statement_tracking``: it reads the party's history off the GUI
thread, writes through the window's writer, and asks the lifecycle table which answers a
statement still takes.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import Account
from desktop.money import fmt_money
from desktop.services.lifecycle import STATEMENT
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.errors import show_inline
from desktop.views.printing.statements import SENT_VIA, last_month
from desktop.views.qdates import py_date
from desktop.views.table_fill import fill_table
from desktop.views.theme import mark
from desktop.views.worker import Progress, run_task


def tr(text: str) -> str:
    return QCoreApplication.translate("StatementTracking", text)


def status_text(status: str) -> str:
    return {"sent": tr("待确认"), "confirmed": tr("已确认"), "disputed": tr("有异议")}.get(
        status, status
    )


def can(action: str, status: str) -> bool:
    """Whether a statement in ``status`` still takes ``action`` (the lifecycle's table)."""
    return status in STATEMENT[action][0]


def _date_edit(value: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setObjectName(name)
    return edit


class _Form(QDialog):
    """A small form with an error line and OK/Cancel; ``ok`` is the OK button."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.error = QLabel()
        self.error.setObjectName("statement_form_error")
        mark(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        box = QDialogButtonBox()
        self.ok = box.addButton(tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class TrackForm(_Form):
    """登记寄出: the period, the day it went out and how."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("登记寄出对账单"), parent)
        start, end = last_month()
        self.date_from = _date_edit(start, "track_from")
        self.date_to = _date_edit(end, "track_to")
        self.sent_on = _date_edit(date.today(), "track_sent_on")
        self.via = QComboBox()
        self.via.setObjectName("track_via")
        self.via.setEditable(True)  # any other short word is kept as typed
        self.via.addItems(list(SENT_VIA[1:]))
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel(tr("至")))
        period.addWidget(self.date_to)
        period.addStretch(1)
        self.form.addRow(tr("对账期间"), period)
        self.form.addRow(tr("寄出日期"), self.sent_on)
        self.form.addRow(tr("寄送方式"), self.via)

    def accept(self) -> None:
        if self.date_from.date() > self.date_to.date():
            self.refuse(tr("开始日期不能晚于结束日期。"))
            return
        super().accept()

    def values(self) -> tuple[date, date, date, str]:
        return (py_date(self.date_from.date()), py_date(self.date_to.date()),
                py_date(self.sent_on.date()), self.via.currentText().strip())  # fmt: skip


class AnswerForm(_Form):
    """确认 or 有异议: when, who on the party's side; a dispute also says why and ticks the
    documents of the statement it is about."""

    def __init__(self, dispute: bool, lines: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(tr("登记对账异议") if dispute else tr("登记对方已确认"), parent)
        self.dispute = dispute
        self.on = _date_edit(date.today(), "answer_on")
        self.by = QLineEdit()
        self.by.setObjectName("answer_by")
        self.by.setPlaceholderText(tr("对方经办人，如：李会计"))
        self.form.addRow(tr("回复日期"), self.on)
        self.form.addRow(tr("对方确认人"), self.by)
        self.note = QPlainTextEdit()
        self.note.setObjectName("answer_note")
        self.lines = QListWidget()
        self.lines.setObjectName("answer_lines")
        if dispute:
            self.note.setPlaceholderText(tr("对方说哪里不对，如：退货 10 个未扣"))
            self.note.setMaximumHeight(self.fontMetrics().height() * 4)
            self.form.addRow(tr("异议说明"), self.note)
            for x in lines:
                text = f"{x.on}  {x.number}  {labels.kind(x.kind)}  {fmt_money(x.amount)}"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, x.number)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.lines.addItem(item)
            self.lines.setMinimumHeight(self.fontMetrics().height() * 6)
            self.form.addRow(tr("有异议的单据"), self.lines)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 60)

    def picked(self) -> list[str]:
        return [
            str(self.lines.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.lines.count())
            if self.lines.item(i).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        if not self.by.text().strip():
            self.refuse(tr("请填写对方确认人。"))
            return
        if self.dispute and not self.note.toPlainText().strip():
            self.refuse(tr("请写明异议说明。"))
            return
        super().accept()


class StatementTrackingDialog(QDialog):
    """One party's statements sent, newest first, with what each still takes."""

    def __init__(
        self,
        ctx: Context,
        party_id: uuid.UUID,
        account: str = Account.AR,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.party_id = party_id
        self.account = account
        self.records: list[Any] = []
        self.loaded = 0  # how many times the history was read (tests wait on it)
        self.form: QDialog | None = None
        self.setObjectName("statement_tracking")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(tr("对账记录"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("statement_records")
        self.table.setHorizontalHeaderLabels(
            [tr("对账期间"), tr("期末余额"), tr("寄出"), tr("状态"),
             tr("回复"), tr("对方确认人"), tr("异议")]
        )  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._enable)
        self.error = QLabel()
        self.error.setObjectName("statement_tracking_error")
        mark(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.track_button = QPushButton(tr("登记寄出…"))
        self.track_button.setObjectName("statement_track")
        self.track_button.clicked.connect(self.track)
        self.confirm_button = QPushButton(tr("对方已确认…"))
        self.confirm_button.setObjectName("statement_confirm")
        self.confirm_button.clicked.connect(lambda: self.answer(False))
        self.dispute_button = QPushButton(tr("有异议…"))
        self.dispute_button.setObjectName("statement_dispute")
        self.dispute_button.clicked.connect(lambda: self.answer(True))
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for b in (self.track_button, self.confirm_button, self.dispute_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        em = self.fontMetrics().horizontalAdvance("0")
        self.resize(em * 100, self.fontMetrics().height() * 22)
        self._enable()
        self.reload()

    # ---------------------------------------------------------------- reading
    def reload(self) -> None:
        party, account, ctx = self.party_id, self.account, self.ctx

        def load(_progress: Progress) -> tuple[str, str, list[Any]]:
            from desktop.services.parties import get_party
            from desktop.services.statement_tracking import history

            with ctx.ledger.read() as session:
                who = get_party(session, party)
                found = history(session, party, account)
                session.expunge_all()
                return who.code, who.name, found

        run_task(self, tr("正在读取对账记录…"), load, self._show)

    def _show(self, result: object) -> None:
        assert isinstance(result, tuple)
        code, name, self.records = result
        kind = tr("客户") if self.account == Account.AR else tr("供应商")
        self.setWindowTitle(tr("对账记录 — {name}").format(name=name))
        self.heading.setText(
            tr("{kind} {code} {name}：寄出的对账单及对方的答复（最新的在上）").format(
                kind=kind, code=code, name=name
            )
        )
        rows = []
        for rec in self.records:
            answered = f"{rec.answered_on}" if rec.answered_on else ""
            rows.append(
                [
                    f"{rec.period_from} ~ {rec.period_to}",
                    fmt_money(rec.closing),
                    f"{rec.sent_on} {rec.sent_via}",
                    status_text(rec.status),
                    answered,
                    rec.answered_by,
                    " ".join([rec.note, *rec.disputed_lines]).strip(),
                ]
            )
        fill_table(self.table, rows, {1})
        self.table.resizeColumnsToContents()
        if self.records:
            self.table.selectRow(0)
        self._enable()
        self.loaded += 1

    def current(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.records):
            return None
        return self.records[rows[0].row()]

    def _enable(self) -> None:
        rec = self.current()
        status = rec.status if rec is not None else ""
        self.confirm_button.setEnabled(rec is not None and can("confirm", status))
        self.dispute_button.setEnabled(rec is not None and can("dispute", status))

    # ---------------------------------------------------------------- writing
    def _write(self, fn: Any) -> None:
        self.error.hide()

        self.ctx.write(fn, lambda _r: self.reload(), lambda exc: show_inline(self.error, exc))

    def track(self) -> TrackForm:
        """登记寄出…: ask the period, day and way; a refusal shows under the list."""
        form = TrackForm(self)
        self.form = form
        party, account = self.party_id, self.account

        def done() -> None:
            start, end, on, via = form.values()

            def write(uow: Any) -> None:
                from desktop.services.statement_tracking import track

                track(uow, party, start, end, on, via, account)

            self._write(write)

        form.accepted.connect(done)
        form.open()
        return form

    def answer(self, dispute: bool) -> AnswerForm | None:
        """对方已确认… / 有异议…: about the statement selected."""
        rec = self.current()
        if rec is None:
            return None
        lines: list[Any] = []
        if dispute:
            from desktop.services.statement_tracking import lines_of

            with self.ctx.ledger.read() as session:
                lines = lines_of(session, rec.id)
        form = AnswerForm(dispute, lines, self)
        self.form = form
        ident = rec.id

        def done() -> None:
            on, by = py_date(form.on.date()), form.by.text().strip()
            note, picked = form.note.toPlainText().strip(), form.picked()

            def write(uow: Any) -> None:
                from desktop.services import statement_tracking as tracking

                if dispute:
                    tracking.dispute(uow, ident, on, by, note, picked)
                else:
                    tracking.confirm(uow, ident, on, by)

            self._write(write)

        form.accepted.connect(done)
        form.open()
        return form


def open_tracking(
    parent: QWidget, ctx: Context, party_id: uuid.UUID | str, account: str
) -> StatementTrackingDialog:
    ident = party_id if isinstance(party_id, uuid.UUID) else uuid.UUID(str(party_id))
    dialog = StatementTrackingDialog(ctx, ident, account, parent)
    dialog.show()
    return dialog
