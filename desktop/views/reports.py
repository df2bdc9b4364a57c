"""报表: the owner's reports (``desktop.reports``) with their filters, a sortable table with
totals, drill-down from a figure to the documents behind it, and export to Excel and PDF.
Every report is computed off the GUI thread; the screen only shows the core's figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.cells import cell_text, is_number
from desktop.reports.table import ReportParams, ReportRow, ReportTable
from desktop.views.context import Context
from desktop.views.i18n import language
from desktop.views.printing.statements import batch_button
from desktop.views.qdates import py_date
from desktop.views.reloading import ReloadingScreen
from desktop.views.worker import Progress, run_task

#: what each report is cut by ("" : the report's own default) and whether it reads a
#: period (from/to) or a day (as of)
BY: dict[str, tuple[str, ...]] = {
    "aging": ("customer", "salesperson", "region", "document"),
    "payables-aging": ("customer", "document"),
    "statements": ("customer", "supplier"),
    "sales": ("customer", "product", "category", "salesperson", "region", "none"),
    "margin": ("product", "customer", "salesperson", "category", "region", "line"),
    "stock": (),
    "slow-movers": (),
    "below-minimum": (),
    "purchases": ("supplier", "product", "category", "none"),
    "suppliers": (),
    "cash": (),
    "kpi": (),
}
AS_OF = {"aging", "payables-aging", "statements", "stock", "slow-movers", "below-minimum", "cash"}
#: the tables the reports read: a write to any of them runs the report shown again
READS = frozenset(
    {"document", "document_line", "stock_move", "stock_balance", "party_entry",
     "party_balance", "allocation", "party", "product", "statement_record"}
)  # fmt: skip
WITH_PERIOD = {"sales", "purchases", "margin"}


def report_names() -> dict[str, str]:
    t = QCoreApplication.translate
    return {
        "aging": t("ReportsScreen", "应收账龄（客户）"),
        "payables-aging": t("ReportsScreen", "应付账龄（供应商）"),
        "statements": t("ReportsScreen", "对账单未确认"),
        "sales": t("ReportsScreen", "销售汇总"),
        "margin": t("ReportsScreen", "毛利分析"),
        "stock": t("ReportsScreen", "库存及周转"),
        "slow-movers": t("ReportsScreen", "滞销商品"),
        "below-minimum": t("ReportsScreen", "低于最低库存"),
        "purchases": t("ReportsScreen", "采购汇总"),
        "suppliers": t("ReportsScreen", "供应商评估"),
        "cash": t("ReportsScreen", "资金预测"),
        "kpi": t("ReportsScreen", "经营指标"),
    }


def by_names() -> dict[str, str]:
    t = QCoreApplication.translate
    return {
        "customer": t("ReportsScreen", "按客户"),
        "supplier": t("ReportsScreen", "按供应商"),
        "product": t("ReportsScreen", "按商品"),
        "category": t("ReportsScreen", "按类别"),
        "salesperson": t("ReportsScreen", "按业务员"),
        "region": t("ReportsScreen", "按地区"),
        "document": t("ReportsScreen", "逾期单据"),
        "line": t("ReportsScreen", "低于成本明细"),
        "none": t("ReportsScreen", "合计"),
    }


class _Item(QTableWidgetItem):
    """A cell that sorts by its figure, not its words."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.key, getattr(other, "key", None)
        if isinstance(mine, Decimal | int) and isinstance(theirs, Decimal | int):
            return mine < theirs
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        return str(mine) < str(theirs)


class ReportsScreen(ReloadingScreen):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: ReportTable | None = None
        self.watch_ledger(ctx, READS)
        self.report = QComboBox()
        self.report.setObjectName("report_choice")
        for name, caption in report_names().items():
            self.report.addItem(caption, name)
        self.by = QComboBox()
        self.by.setObjectName("report_by")
        self.period = QComboBox()
        self.period.setObjectName("report_period")
        # sized to a short name, not the longest (the list shows them whole): the filters
        # fit one row of a 1366-pixel screen at 175 % text in English too
        for combo, chars in ((self.report, 14), (self.by, 10), (self.period, 7)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(chars)
        periods: tuple[tuple[str, str | None], ...] = (
            (self.tr("不分期"), None),
            (self.tr("按日"), "day"),
            (self.tr("按月"), "month"),
            (self.tr("按季"), "quarter"),
            (self.tr("按年"), "year"),
        )
        for label, period in periods:
            self.period.addItem(label, period)
        today = QDate.currentDate()
        self.date_from = self._date(QDate(today.year(), today.month(), 1))
        self.date_to = self._date(today)
        self.as_of = self._date(today)
        self.from_label = QLabel(self.tr("从"))
        self.to_label = QLabel(self.tr("到"))
        self.as_of_label = QLabel(self.tr("截止日期"))
        self.run_button = QPushButton(self.tr("计算(&R)"))
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton(self.tr("导出 Excel(&E)"))
        self.export_button.clicked.connect(self.export)
        self.pdf_button = QPushButton(self.tr("导出 PDF(&P)"))
        self.pdf_button.clicked.connect(self.export_pdf)
        for b in (self.export_button, self.pdf_button):
            b.setEnabled(False)
        top = QHBoxLayout()
        for w in (
            self.report,
            self.by,
            self.period,
            self.from_label,
            self.date_from,
            self.to_label,
            self.date_to,
            self.as_of_label,
            self.as_of,
            self.run_button,
        ):
            top.addWidget(w)  # fmt: skip
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.pdf_button)
        actions.addStretch(1)
        self.pending_button = QPushButton(self.tr("未确认对账单"))
        self.pending_button.setObjectName("pending_statements_button")
        self.pending_button.setToolTip(self.tr("谁还没有确认寄出的对账单，或提出了异议"))
        self.pending_button.clicked.connect(self.show_pending)
        self.records_button = QPushButton(self.tr("对账记录…"))
        self.records_button.setObjectName("statement_records_button")
        self.records_button.setToolTip(self.tr("所选单位的对账单：登记寄出、确认或异议"))
        self.records_button.clicked.connect(self.open_records)
        actions.addWidget(self.pending_button)
        actions.addWidget(self.records_button)
        actions.addWidget(batch_button(self, ctx))
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("report_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.cellDoubleClicked.connect(self.drill)
        self.table.itemSelectionChanged.connect(self._enable_records)
        self.table.setToolTip(self.tr("双击数字查看其背后的单据"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.report.currentIndexChanged.connect(self._chosen)
        self._chosen()

    def _date(self, value: QDate) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def name(self) -> str:
        return str(self.report.currentData())

    def _chosen(self, *_args: object) -> None:
        """Show the filters the chosen report reads."""
        name = self.name()
        self.report.setToolTip(self.report.currentText())  # the box may show it cut short
        self.by.clear()
        words = by_names()
        for key in BY[name]:
            self.by.addItem(words[key], key)
        self.by.setVisible(bool(BY[name]))
        self.period.setVisible(name in WITH_PERIOD)
        dated = name in AS_OF
        for w in (self.as_of_label, self.as_of):
            w.setVisible(dated)
        for w in (self.from_label, self.date_from):
            w.setVisible(not dated or name == "stock")  # stock: the turnover window's start
        for w in (self.to_label, self.date_to):
            w.setVisible(not dated)
        self.records_button.setVisible(name == "statements")
        self._enable_records()

    def params(self) -> ReportParams:
        name = self.name()
        if name in AS_OF:
            start = py_date(self.date_from.date()) if name == "stock" else None
            return ReportParams(as_of=py_date(self.as_of.date()), date_from=start,
                                by=self.by.currentData())  # fmt: skip
        return ReportParams(
            date_from=py_date(self.date_from.date()),
            date_to=py_date(self.date_to.date()),
            by=self.by.currentData(),
            period=self.period.currentData() if name in WITH_PERIOD else None,
        )

    def refresh(self) -> None:
        """The ledger changed: the report shown is run again (none shown: nothing to do)."""
        if self.result is not None:
            self.run()

    def run(self) -> None:
        name, params, ctx = self.name(), self.params(), self.ctx

        def compute(progress: Progress) -> ReportTable:
            from desktop.reports import run

            progress(10, "")
            with ctx.ledger.read() as session:
                return run(session, name, params)

        run_task(self, self.tr("正在计算报表…"), compute, self._show)

    def _show(self, result: object) -> None:
        assert isinstance(result, ReportTable)
        self.result = result
        lang = language()
        table = self.table
        table.setSortingEnabled(False)
        table.clear()
        table.setColumnCount(len(result.columns))
        table.setHorizontalHeaderLabels([c.caption(lang) for c in result.columns])
        table.setRowCount(len(result.rows))
        red = QColor("#c62828")
        for r, row in enumerate(result.rows):
            for c, col in enumerate(result.columns):
                value = row.cells.get(col.key)
                if lang != "zh" and f"{col.key}_en" in row.cells:
                    value = row.cells[f"{col.key}_en"]
                item = _Item(cell_text(value, row.kind_of(col)), value)
                item.setData(Qt.ItemDataRole.UserRole, r)
                if is_number(col):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.flags and (c == 0 or (isinstance(value, Decimal) and value < 0)):
                    item.setForeground(red)
                table.setItem(r, c, item)
        table.setSortingEnabled(True)
        table.resizeColumnsToContents()
        self.summary.setText(self.summary_text(result, lang))
        for b in (self.export_button, self.pdf_button):
            b.setEnabled(True)

    def summary_text(self, result: ReportTable, lang: str) -> str:
        parts = [self.tr("共 {n} 行").format(n=len(result.rows))]
        for col in result.columns:
            if col.key in result.totals:
                parts.append(f"{col.caption(lang)} {cell_text(result.totals[col.key], col.kind)}")
        notes = [zh if lang == "zh" else en for zh, en in result.notes]
        return self.tr("合计：") + "，".join(parts) + ("\n" + " ".join(notes) if notes else "")

    # ---------------------------------------------------------------- statements
    def show_pending(self) -> None:
        """未确认对账单: the statements report (customers'; the chooser beside it says whose)
        as of today."""
        self.report.setCurrentIndex(self.report.findData("statements"))
        self.as_of.setDate(QDate.currentDate())
        self.run()

    def _party_row(self) -> ReportRow | None:
        """The statements report's selected row (it names the party)."""
        if self.result is None or self.result.name != "statements":
            return None
        picked = self.table.selectionModel().selectedRows() or self.table.selectedIndexes()
        return self.row_at(picked[0].row()) if picked else None

    def _enable_records(self) -> None:
        row = self._party_row()
        self.records_button.setEnabled(row is not None and row.drill is not None)

    def open_records(self) -> Any:
        """对账记录…: the selected party's statements sent, to confirm or dispute."""
        row = self._party_row()
        if row is None or row.drill is None or row.drill.party_id is None or not self.result:
            return None
        from desktop.models import Account
        from desktop.views.statement_tracking import open_tracking

        account = Account.AP if self.result.params.get("by") == "supplier" else Account.AR
        self.records_dialog = open_tracking(self, self.ctx, row.drill.party_id, account)
        return self.records_dialog

    def row_at(self, r: int) -> ReportRow | None:
        item = self.table.item(r, 0)
        if self.result is None or item is None:
            return None
        return self.result.rows[int(item.data(Qt.ItemDataRole.UserRole))]

    def drill(self, r: int, c: int) -> None:
        """The documents behind the figure double-clicked, in a list that opens them."""
        row = self.row_at(r)
        if row is None or self.result is None:
            return
        found = row.drill_for(self.result.columns[c].key)
        if found is None:
            return
        from desktop.views.report_drill import DrillDialog

        cell = self.table.item(r, c)
        figure = cell.text() if cell is not None else ""
        self.drill_dialog = DrillDialog(self.ctx, found, figure, self)
        self.drill_dialog.show()

    # ---------------------------------------------------------------- export
    def export(self) -> None:
        from desktop.views.importer.export import open_export

        self.export_dialog = open_export(self, self.ctx, self.sheet_builder(), self._title())

    def _title(self) -> str:
        return self.report.currentText()

    def sheet_builder(self) -> Any:
        """The report as :mod:`desktop.exporting` writes it (title, firm, totals)."""
        from desktop.exporting.report_sheet import report_sheet
        from desktop.exporting.table import Sheet
        from desktop.queries.lookups import firm_name

        result, title, lang = self.result, self._title(), language()
        firm = firm_name(self.ctx.conn)

        def build(_progress: Progress) -> Sheet:
            assert result is not None
            sheet = report_sheet(result, firm, lang)
            sheet.title = sheet.sheet_name = title
            return sheet

        return build

    def export_to(self, path: Path, fmt: str = "xlsx") -> None:
        from desktop.views.importer.export import write_sheet

        build = self.sheet_builder()
        run_task(
            self,
            self.tr("正在导出…"),
            lambda progress: write_sheet(build(progress), path, fmt),
            lambda _n: self._saved(path),
        )

    def export_pdf(self) -> None:
        stem = f"{self._title()}-{date.today().isoformat()}.pdf"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("导出 PDF"), stem, "PDF (*.pdf)")
        if name:
            self.pdf_to(Path(name).with_suffix(".pdf"))

    def pdf_to(self, path: Path) -> None:
        result, ctx, lang = self.result, self.ctx, language()

        def write(_progress: Progress) -> None:
            from desktop.printing.builders.report import build
            from desktop.printing.jobs import PrinterSetup, write_pdf
            from desktop.printing.paper import A4_PORTRAIT, Offset
            from desktop.services.firm import get_firm

            assert result is not None
            with ctx.ledger.read() as session:
                doc = build(get_firm(session), result, lang)
            write_pdf(doc, path, PrinterSetup(A4_PORTRAIT, Offset(0, 0)))

        run_task(self, self.tr("正在导出…"), write, lambda _n: self._saved(path))

    def _saved(self, path: Path) -> None:
        QMessageBox.information(
            self, self.tr("已导出"), self.tr("已保存到：{path}").format(path=path)
        )
