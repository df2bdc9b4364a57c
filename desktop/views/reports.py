"""报表: receivables/payables aging as of any date, computed off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import Account
from desktop.money import fmt_money
from desktop.views.context import Context
from desktop.views.printing.statements import batch_button
from desktop.views.qdates import py_date
from desktop.views.worker import Progress, run_task


class ReportsScreen(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[tuple[Any, ...]] = []
        self.account = QComboBox()
        self.account.addItem(self.tr("应收账龄（客户）"), Account.AR)
        self.account.addItem(self.tr("应付账龄（供应商）"), Account.AP)
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton(self.tr("计算(&R)"))
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton(self.tr("导出 Excel(&E)"))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.account)
        top.addWidget(QLabel(self.tr("截止日期")))
        top.addWidget(self.as_of)
        top.addWidget(self.run_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        top.addWidget(batch_button(self, ctx))
        self.headers = [
            self.tr("编码"),
            self.tr("名称"),
            self.tr("余额"),
            self.tr("未到期"),
            self.tr("1-30天"),
            self.tr("31-60天"),
            self.tr("61-90天"),
            self.tr("90天以上"),
            self.tr("预收/预付"),
            self.tr("最长逾期天数"),
        ]
        self.table = QTableWidget(0, len(self.headers))
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def run(self) -> None:
        account = self.account.currentData()
        on = py_date(self.as_of.date())
        ctx = self.ctx

        def compute(progress: Progress) -> list[tuple[Any, ...]]:
            from desktop.exporting.reports import aging_rows

            progress(10, "")
            with ctx.ledger.read() as session:
                rows = aging_rows(session, account, on)
            progress(80, "")
            return rows

        run_task(self, self.tr("正在计算账龄…"), compute, self._show)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = fmt_money(value) if 2 <= c <= 8 else str(value)
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table_font_bad = c == 9 and int(value) > 0
                if table_font_bad:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        total = sum((row[2] for row in rows), start=0)
        self.summary.setText(
            self.tr("共 {n} 家，余额合计 {total}").format(n=len(rows), total=fmt_money(total))
        )
        self.export_button.setEnabled(bool(rows))

    def export(self) -> None:
        from desktop.views.importer.export import open_export

        self.export_dialog = open_export(self, self.ctx, self.sheet_builder(), self._title())

    def _title(self) -> str:
        return self.account.currentText()

    def sheet_builder(self) -> Any:
        """The aging table as :mod:`desktop.exporting` writes it (title, firm, totals)."""
        from desktop.exporting.table import Column, Sheet
        from desktop.queries.lookups import firm_name

        kinds = ["code", "text", *["money"] * 7, "int"]
        columns = [
            Column(h, k, total=k == "money") for h, k in zip(self.headers, kinds, strict=True)
        ]
        rows, title = list(self.rows), self._title()
        on, firm = py_date(self.as_of.date()), firm_name(self.ctx.conn)

        def build(_progress: Progress) -> Sheet:
            return Sheet(title, columns, rows, firm, None, on, sheet_name=title)

        return build

    def export_to(self, path: Path, fmt: str = "xlsx") -> None:
        from desktop.views.importer.export import write_sheet

        build = self.sheet_builder()

        def done(_n: object) -> None:
            QMessageBox.information(
                self, self.tr("已导出"), self.tr("已保存到：{path}").format(path=path)
            )

        run_task(
            self,
            self.tr("正在导出…"),
            lambda progress: write_sheet(build(progress), path, fmt),
            done,
        )
