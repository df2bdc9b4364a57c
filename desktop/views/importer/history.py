"""导入记录: every import batch, with an Undo button for each one still applied."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.codes import ImportState
from desktop.importing import wizard as pipeline
from desktop.labels import IMPORT_STATE, name
from desktop.views.context import Context
from desktop.views.i18n import language
from desktop.views.importer.texts import kind_name, problem_text
from desktop.views.screen_fit import sized
from desktop.views.theme import mark
from desktop.views.worker import run_in_thread, run_task


class ImportHistoryDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_history")
        self.ctx = ctx
        self.batches: list[dict[str, Any]] = []
        self.loading = False
        self.setWindowTitle(self.tr("导入记录"))
        self.headers = [
            self.tr("时间"),
            self.tr("类型"),
            self.tr("文件"),
            self.tr("工作表"),
            self.tr("新增"),
            self.tr("更新"),
            self.tr("错误"),
            self.tr("状态"),
            "",
        ]
        self.table = QTableWidget(0, len(self.headers))
        self.table.setObjectName("import_batches")
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(
            self.tr("撤销会删除这批导入新建的资料和单据，恢复被它改动的字段；撤销前会自动备份。")
        )
        self.note.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.ctx.changed.connect(self._changed)
        self.reload()

    def sizeHint(self) -> QSize:
        char = self.fontMetrics().horizontalAdvance("0")
        return QSize(max(900, char * 120), max(480, self.fontMetrics().height() * 24))

    def _changed(self, changes: Any) -> None:
        try:
            if self.isVisible() and changes.touches({"import_batch"}):
                self.reload()
        except RuntimeError:  # closed meanwhile
            pass

    def reload(self) -> None:
        ledger = self.ctx.ledger
        self.loading = True

        def show(rows: object) -> None:
            try:
                self.loading = False
                assert isinstance(rows, list)
                self.show_batches(rows)
            except RuntimeError:
                pass

        def failed(exc: BaseException) -> None:
            self.loading = False
            self.error.setText(problem_text(exc))

        run_in_thread(lambda _p: pipeline.batches(ledger), show, failed)

    def show_batches(self, rows: list[dict[str, Any]]) -> None:
        self.batches = rows
        self.table.setRowCount(len(rows))
        for r, b in enumerate(rows):
            c = b["counts"]
            at = b["at"]
            if at is not None and getattr(at, "tzinfo", None) is not None:
                at = at.astimezone()
            values = [
                str(at)[:16],
                kind_name(b["kind"]),
                b["file"],
                b["sheet"],
                str(c.get("new", 0)),
                str(c.get("updated", 0)),
                str(c.get("error", 0)),
                name(IMPORT_STATE, b["state"], language()),
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if 4 <= col <= 6:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, col, item)
            button = QPushButton(self.tr("撤销"))
            button.setObjectName(f"undo_{r}")
            button.setEnabled(b["state"] == ImportState.APPLIED)
            button.clicked.connect(lambda _c=False, ident=b["id"]: self.undo(ident))
            self.table.setCellWidget(r, len(self.headers) - 1, button)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def undo_button(self, row: int) -> QPushButton:
        widget = self.table.cellWidget(row, len(self.headers) - 1)
        assert isinstance(widget, QPushButton)
        return widget

    def undo(self, batch_id: str, ask: bool = True) -> None:
        batch = next((b for b in self.batches if b["id"] == batch_id), None)
        if batch is None:
            return
        if ask:
            answer = QMessageBox.question(
                self,
                self.tr("撤销导入"),
                self.tr("撤销 {file} 的这次导入？").format(file=batch["file"]),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.error.clear()
        run_task(  # the list reloads from what the undo changed (_changed)
            self,
            self.tr("正在撤销导入…"),
            lambda ledger, _p: pipeline.undo(ledger, batch_id),
            None,
            lambda exc: self.error.setText(problem_text(exc)),
            writer=self.ctx.writer,
        )


def open_import_history(ctx: Context, parent: QWidget | None = None) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(ctx, parent)
    sized(dialog, dialog.sizeHint().width(), dialog.sizeHint().height())
    dialog.show()
    return dialog
