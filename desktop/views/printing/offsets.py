"""Printer offsets per paper (x/y in mm) and rows per page on continuous forms.

Stored in this desk's ``local_setting`` rows that ``desktop.printing.jobs``
reads: ``print.offset.<paper>`` = "x,y" and ``print.rows.<paper>`` = n (empty:
as many as fit). Dot-matrix printers rarely feed the form exactly where the
layout expects it; a nudge of a few millimetres fixes that for every copy.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.queries.lookups import local_settings
from desktop.views.context import Context
from desktop.views.errors import show_inline
from desktop.views.printing.papers import PAPER_KEYS, paper_label
from desktop.views.theme import mark

MAX_OFFSET_MM = 30.0


def read_settings(ctx: Context) -> dict[str, tuple[float, float, int]]:
    """paper → (x mm, y mm, rows; 0 = as many as fit), as the print jobs read them."""
    from desktop.printing.jobs import paper_named, saved_setup

    values = local_settings(ctx.conn, "print.")
    out: dict[str, tuple[float, float, int]] = {}
    for key in PAPER_KEYS:
        saved = saved_setup(values.get, paper_named(key))
        out[key] = (saved.x, saved.y, saved.rows or 0)
    return out


def write_settings(ledger: Any, values: dict[str, tuple[float, float, int]]) -> None:
    """Store under the short names (which jobs prefers); runs on the writer thread."""
    from desktop.printing.jobs import save_setup

    for key, (x, y, rows) in values.items():
        save_setup(ledger, key, x, y, rows)


class PrinterOffsetsDialog(QDialog):
    """One row per paper: move right (x), move down (y), rows per page."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.printing.jobs import paper_named

        self.ctx = ctx
        self.setObjectName("printer_offsets")
        self.setWindowTitle(self.tr("打印机偏移"))
        self.offset_x: dict[str, QDoubleSpinBox] = {}
        self.offset_y: dict[str, QDoubleSpinBox] = {}
        self.rows: dict[str, QSpinBox] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("纸张")), 0, 0)
        grid.addWidget(QLabel(self.tr("向右 (毫米)")), 0, 1)
        grid.addWidget(QLabel(self.tr("向下 (毫米)")), 0, 2)
        grid.addWidget(QLabel(self.tr("每页行数")), 0, 3)
        saved = read_settings(ctx)
        for r, key in enumerate(PAPER_KEYS, start=1):
            paper = paper_named(key)
            x, y, rows = saved[key]
            grid.addWidget(QLabel(paper_label(key)), r, 0)
            for column, (store, value) in enumerate(
                ((self.offset_x, x), (self.offset_y, y)), start=1
            ):
                spin = QDoubleSpinBox()
                spin.setObjectName(f"offset_{'x' if column == 1 else 'y'}_{key}")
                spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
                spin.setDecimals(1)
                spin.setSingleStep(0.5)
                spin.setValue(value)
                spin.setAlignment(Qt.AlignmentFlag.AlignRight)
                store[key] = spin
                grid.addWidget(spin, r, column)
            count = QSpinBox()
            count.setObjectName(f"rows_{key}")
            fits = paper.rows_per_page or 0
            count.setRange(0, max(fits, 1))
            count.setSpecialValueText(self.tr("自动（{n} 行）").format(n=fits))
            count.setValue(min(rows, fits))
            count.setEnabled(paper.continuous)
            if not paper.continuous:
                count.setSpecialValueText(self.tr("不适用"))
                count.setToolTip(self.tr("单页纸按内容自动分页。"))
            self.rows[key] = count
            grid.addWidget(count, r, 3)
        hint = QLabel(
            self.tr(
                "打印出来整体偏右或偏下时，填负数往回移；连续纸（针式打印机）"
                "可按表单印好的格子设定每页行数。只影响这台电脑。"
            )
        )
        hint.setWordWrap(True)
        self.error = QLabel()
        mark(self.error, "error")
        self.error.setWordWrap(True)
        self.error.hide()
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 70)

    def values(self) -> dict[str, tuple[float, float, int]]:
        return {
            key: (self.offset_x[key].value(), self.offset_y[key].value(), self.rows[key].value())
            for key in PAPER_KEYS
        }

    def save(self, then: Any = None) -> None:
        values = self.values()

        def write(ledger: Any, _progress: Any) -> None:
            write_settings(ledger, values)

        def done(_result: object) -> None:
            self.accept()
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            show_inline(self.error, exc)

        self.ctx.writer.job(write, done, failed)


def settings_group(ctx: Context, parent: QWidget) -> QGroupBox:
    """The Settings dialog's 打印 group: a button to the printer offsets."""
    group = QGroupBox(QCoreApplication.translate("PrinterOffsetsDialog", "打印"))
    button = QPushButton(
        QCoreApplication.translate("PrinterOffsetsDialog", "打印机偏移和每页行数…")
    )
    button.setObjectName("printer_offsets_button")
    button.clicked.connect(lambda: PrinterOffsetsDialog(ctx, parent).exec())
    row = QHBoxLayout(group)
    row.addWidget(button)
    row.addStretch(1)
    return group
