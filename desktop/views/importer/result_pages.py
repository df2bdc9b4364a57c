"""The last two pages of the import wizard: the preview of every row, then the import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.codes import FapiaoDirection, FlowName
from desktop.importing.kinds.base import CREATING_KINDS, ImportOptions, ledger_is_new
from desktop.importing.rows import OUTCOMES
from desktop.importing.wizard import walk_in_default
from desktop.views.importer.pages import _error_label
from desktop.views.importer.preview_model import PreviewModel, outcome_text
from desktop.views.importer.texts import counts_text
from desktop.views.qdates import ledger_date_edit, py_date
from desktop.views.theme import mark

if TYPE_CHECKING:
    from desktop.views.importer.wizard import ImportWizard

_COUNT_KEY = {"new": "new", "update": "updated", "unchanged": "unchanged", "skipped": "skipped"}
_OPENING_KINDS = {"customer", "supplier", "product", "opening_balance", "opening_stock"}


#: how many rows the preview's columns are fitted to
FIT_ROWS = 200


class PreviewPage(QWizardPage):
    """(c) Every row with what will happen to it, and the options that change that."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("预览"))
        self.setSubTitle(self.tr("下面是每一行将会怎样导入。现在还没有写入任何数据。"))
        self.setCommitPage(True)
        self.counts = QLabel()
        self.counts.setObjectName("import_counts")
        mark(self.counts, "title")
        self.counts.setWordWrap(True)
        self.filters: dict[str, QCheckBox] = {}
        frow = QHBoxLayout()
        frow.addWidget(QLabel(self.tr("显示：")))
        for outcome in OUTCOMES:
            box = QCheckBox(outcome_text(outcome))
            box.setObjectName(f"show_{outcome}")
            box.setChecked(True)
            box.toggled.connect(self._filter)
            self.filters[outcome] = box
            frow.addWidget(box)
        frow.addStretch(1)
        self.options = QGroupBox(self.tr("选项"))
        grid = QGridLayout(self.options)
        self.create_missing = QCheckBox(self.tr("自动建立账本里没有的客户、供应商和商品"))
        self.create_missing.setObjectName("opt_create_missing")
        self.move_stock = QCheckBox(self.tr("历史单据同时记入库存"))
        self.move_stock.setObjectName("opt_move_stock")
        self.post_balances = QCheckBox(self.tr("历史单据同时记入应收应付"))
        self.post_balances.setObjectName("opt_post_balances")
        self.walk_in = QCheckBox(self.tr("没有客户的行记在“散客”名下"))
        self.walk_in.setObjectName("opt_walk_in")
        self.walk_in.setToolTip(
            self.tr("零售、门店的流水常常没有客户：这些行记在一个“散客”客户名下（只建一次）")
        )
        self.skip_near = QCheckBox(self.tr("跳过与现有资料名称相近的行（可能是同一家）"))
        self.skip_near.setObjectName("opt_skip_near")
        self.opening_label = QLabel(self.tr("期初日期"))
        self.opening_date = ledger_date_edit()
        self.flow_label = QLabel(self.tr("收付方向"))
        self.flow = QComboBox()
        self.flow.addItem(self.tr("按往来单位判断"), None)
        self.flow.addItem(self.tr("收款（客户付给我们）"), FlowName.SALES)
        self.flow.addItem(self.tr("付款（我们付给供应商）"), FlowName.PURCHASE)
        self.direction_label = QLabel(self.tr("发票方向"))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("按往来单位判断"), None)
        self.direction.addItem(self.tr("我们开出的发票"), FapiaoDirection.OUT)
        self.direction.addItem(self.tr("收到的发票"), FapiaoDirection.IN)
        grid.addWidget(self.create_missing, 0, 0, 1, 4)
        grid.addWidget(self.move_stock, 1, 0, 1, 2)
        grid.addWidget(self.post_balances, 1, 2, 1, 2)
        grid.addWidget(self.skip_near, 2, 0, 1, 4)
        grid.addWidget(self.walk_in, 2, 0, 1, 4)  # for sales history, where skip_near is not
        grid.addWidget(self.opening_label, 3, 0)
        grid.addWidget(self.opening_date, 3, 1)
        grid.addWidget(self.flow_label, 4, 0)
        grid.addWidget(self.flow, 4, 1)
        grid.addWidget(self.direction_label, 5, 0)
        grid.addWidget(self.direction, 5, 1)
        grid.setColumnStretch(3, 1)
        for box in (
            self.create_missing,
            self.move_stock,
            self.post_balances,
            self.skip_near,
            self.walk_in,
        ):
            box.toggled.connect(lambda _on: self.w.preview())
        self.opening_date.editingFinished.connect(self.w.preview)
        self.flow.activated.connect(lambda _i: self.w.preview())
        self.direction.activated.connect(lambda _i: self.w.preview())
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # columns fitted to the first rows, not to 1,000 (Qt's default): every sampled cell of
        # a streamed line is worked out on the GUI thread (a third of a second for 500,000)
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addLayout(frow)
        layout.addWidget(self.options)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def show_options(self, kind: str) -> None:
        history = kind in ("sales_history", "purchase_history")
        self.create_missing.setVisible(kind in CREATING_KINDS)
        self.move_stock.setVisible(history)
        self.post_balances.setVisible(history)
        self.skip_near.setVisible(kind in ("customer", "supplier", "product"))
        self.walk_in.setVisible(kind == "sales_history")
        widget: QWidget
        for widget in (self.opening_label, self.opening_date):
            widget.setVisible(kind in _OPENING_KINDS)
        for widget in (self.flow_label, self.flow):
            widget.setVisible(kind == "payment")
        for widget in (self.direction_label, self.direction):
            widget.setVisible(kind == "fapiao")

    def import_options(self) -> ImportOptions:
        kind = self.w.analysis.kind if self.w.analysis else ""
        return ImportOptions(
            opening_date=py_date(self.opening_date.date()) if kind in _OPENING_KINDS else None,
            move_stock=self.move_stock.isChecked(),
            post_balances=self.post_balances.isChecked(),
            create_missing=self.create_missing.isChecked(),
            skip_near_duplicates=self.skip_near.isChecked(),
            flow=self.flow.currentData(),
            direction=self.direction.currentData(),
            walk_in=self.walk_in.isChecked() if kind == "sales_history" else None,
        )

    def initializePage(self) -> None:
        if self.w.analysis and self.w.analysis.kind:
            self.show_options(self.w.analysis.kind)
            mapping = self.w.mapping_page.mapping()
            if mapping is not None:
                self.walk_in.blockSignals(True)  # the preview below comes once
                self.walk_in.setChecked(walk_in_default(self.w.analysis, mapping))
                self.walk_in.blockSignals(False)
            self.create_missing.blockSignals(True)
            with self.w.ctx.ledger.read() as session:  # a new ledger: what the file names
                self.create_missing.setChecked(ledger_is_new(session))
            self.create_missing.blockSignals(False)
        self.model.set_report(None)
        self.counts.clear()
        self.w.preview()

    def show_report(self, entries: list[Any] | None = None) -> None:
        """The wizard's report in the table; ``entries``: its lines, when worked out already
        (``preview_model.preview_entries``)."""
        report = self.w.report
        self.error.clear()
        self.model.set_report(report, entries)
        if report is None:
            self.counts.clear()
        else:
            c = report.counts
            text = counts_text(c)
            if report.prepared.book.partial:
                text += self.tr("（文件较大，逐块读取：没有问题的行只列出单号、日期和金额）")
            # what the file as a whole is told once (a default pack unit, rows that clashed)
            text += "".join("\n" + n.message(self.w.lang()) for n in report.notes)
            self.counts.setText(text)
            for outcome, box in self.filters.items():
                n = c.get(_COUNT_KEY.get(outcome, outcome), 0)
                box.setText(f"{outcome_text(outcome)} ({n})")
            if not (c["new"] or c["updated"]):
                self.error.setText(
                    self.tr("没有需要导入的新行或变化：账本里已经有这些数据了。")
                    if c["unchanged"]
                    else self.tr("没有可以导入的行。请先改正下面标为“错误”的行。")
                )
            self.table.resizeColumnsToContents()
            width = self.table.fontMetrics().horizontalAdvance("0") * 60
            if self.table.columnWidth(2) > width:
                self.table.setColumnWidth(2, width)
        self.completeChanged.emit()

    def _filter(self) -> None:
        self.model.set_shown({o for o, box in self.filters.items() if box.isChecked()})

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        report = self.w.report
        return (
            not self.w.busy
            and report is not None
            and bool(report.counts["new"] or report.counts["updated"])
        )


class DonePage(QWizardPage):
    """(d) The import itself, then what it did, the errors workbook and undo."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("导入"))
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.errors_button = QPushButton(self.tr("将错误行另存为工作簿…"))
        self.errors_button.setObjectName("import_save_errors")
        self.errors_button.clicked.connect(self.save_errors)
        self.undo_button = QPushButton(self.tr("撤销这次导入"))
        self.undo_button.setObjectName("import_undo")
        self.undo_button.clicked.connect(self.w.undo_import)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = _error_label()
        row = QHBoxLayout()
        row.addWidget(self.errors_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.summary.setText(self.tr("正在导入…"))
        self.errors_button.setEnabled(False)
        self.undo_button.setEnabled(False)
        self.note.clear()
        self.error.clear()
        self.w.commit()

    def show_result(self) -> None:
        report = self.w.result
        if report is None:
            self.summary.setText(self.tr("导入已取消，账本没有任何改动。"))
            self.completeChanged.emit()
            return
        c = report.counts
        if report.aborted is not None:
            text = self.tr("第 {row} 行无法写入，整批已撤回，账本没有任何改动：{reason}").format(
                row=report.aborted.excel_row, reason=report.aborted.reason(self.w.lang())
            )
        elif report.batch_id is None:
            text = self.tr("没有需要导入的内容，账本没有改动。") + "\n" + counts_text(c)
        else:
            text = (
                self.tr("已导入。")
                + counts_text(c)
                + "\n"
                + self.tr("导入前的备份：{path}").format(path=report.backup_path)
            )
        self.summary.setText(text)
        self.errors_button.setEnabled(bool(c["error"] or report.aborted))
        self.undo_button.setEnabled(report.batch_id is not None)
        self.completeChanged.emit()

    def save_errors(self) -> None:
        report = self.w.result
        if report is None:
            return
        source = Path(report.prepared.book.path)
        name, _ = QFileDialog.getSaveFileName(  # always .xlsx: see importing.error_workbook
            self,
            self.tr("将错误行另存为"),
            str(source.with_name(source.stem + "-" + self.tr("错误") + ".xlsx")),
            "Excel (*.xlsx)",
        )
        if name:
            self.w.save_errors(Path(name))

    def show_undone(self) -> None:
        self.undo_button.setEnabled(False)
        self.errors_button.setEnabled(False)
        self.summary.setText(self.tr("这次导入已撤销，账本已恢复到导入之前。"))

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.w.busy
