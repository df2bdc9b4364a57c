"""The documents behind a report's figure (``reports.drill``): listed off the GUI thread;
double-click one to open it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QVBoxLayout, QWidget

from desktop.money import fmt_money
from desktop.reports.drill import DrillDocument, documents
from desktop.reports.table import Drill
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.table_fill import fill_table
from desktop.views.worker import Progress, run_task


class DrillDialog(QDialog):
    def __init__(self, ctx: Context, drill: Drill, figure: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.docs: list[DrillDocument] = []
        self.setWindowTitle(self.tr("单据明细"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.label = QLabel(self.tr("数字 {figure} 背后的单据（双击打开）").format(figure=figure))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("drill_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("日期"), self.tr("单号"), self.tr("类型"), self.tr("往来单位"),
             self.tr("状态"), self.tr("金额")]
        )  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self.open_document)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        self.resize(760, 420)

        def load(_progress: Progress) -> list[DrillDocument]:
            with ctx.ledger.read() as session:
                return documents(session, drill)

        run_task(self, self.tr("正在查找单据…"), load, self._show)

    def _show(self, found: object) -> None:
        assert isinstance(found, list)
        self.docs = found
        rows = [
            [d.doc_date.isoformat(), d.number, labels.kind(d.kind), d.party,
             labels.status(d.status), fmt_money(d.total)]
            for d in found
        ]  # fmt: skip
        fill_table(self.table, rows, {5})
        self.table.resizeColumnsToContents()

    def open_document(self, r: int, _c: int = 0) -> None:
        from desktop.views import opener

        if 0 <= r < len(self.docs):
            owner = self.parentWidget()
            main = owner.window() if owner is not None else self
            opener.open_record(main, self.ctx, "document", str(self.docs[r].id))
