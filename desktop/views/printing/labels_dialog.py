"""打印标签 from the product list — the selected products with a quantity each (1, or the
stock on hand) — or from a goods receipt — one label per unit received —, the label paper (an A4 sheet of columns x rows with its margins, or a roll
label's size) and whether the price shows, saved as a PDF for the label printer. The
labels are ``printing.labels``' (no second drawing here)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError
from desktop.money import fmt_qty
from desktop.views.context import Context
from desktop.views.i18n import language

if TYPE_CHECKING:
    from desktop.printing.labels import Label

#: A4 sheets (``a4-CxR``) and roll sizes (``WxH`` mm) to start from, as
#: ``printing.labels.stock_named`` names them; the spin boxes below them can be changed
STOCKS = ("a4-3x8", "a4-4x10", "40x30", "50x30")
CODE, NAME, BARCODE, ON_HAND, COPIES = range(5)


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def _mm(low: float, high: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(1)
    box.setValue(value)
    box.setSuffix(" mm")
    return box


class LabelsDialog(QDialog):
    def __init__(
        self,
        ctx: Context,
        product_ids: list[uuid.UUID],
        parent: QWidget | None = None,
        *,
        receipt: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.receipt = receipt
        #: each row's label (priced: the price is left off when it should not show)
        self.templates: list[Label] = []
        self.setObjectName("labels_dialog")
        self.setWindowTitle(self.tr("打印条码标签"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("labels_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("编码"), self.tr("名称"), self.tr("条码"), self.tr("库存"), self.tr("张数")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.quantities: list[QSpinBox] = []
        self.on_hand: list[Decimal] = []
        if receipt:
            self._fill_receipt(receipt)
        else:
            self._fill(product_ids)
        self.copies = _spin(0, 9999, 1)
        self.copies.setObjectName("labels_copies")
        self.copies.valueChanged.connect(self._all_copies)
        self.by_stock = QPushButton(self.tr("按库存数量"))
        self.by_stock.setObjectName("labels_by_stock")
        self.by_stock.clicked.connect(self.copies_by_stock)
        self.by_stock.setHidden(bool(receipt))
        self.stock = QComboBox()
        for key in STOCKS:
            text = (
                self.tr("A4 标签纸 {size}").format(size=key[3:])
                if key.startswith("a4-")
                else self.tr("卷式标签 {size} 毫米").format(size=key)
            )
            self.stock.addItem(text, key)
        self.cols, self.rows = _spin(1, 10, 3), _spin(1, 20, 8)
        self.margin_x, self.margin_y = _mm(0, 40, 8), _mm(0, 40, 10)
        self.roll_w, self.roll_h = _mm(20, 120, 40), _mm(15, 120, 30)
        self.sheet_box = QWidget()
        sheet = QHBoxLayout(self.sheet_box)
        sheet.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel(self.tr("列")),
            self.cols,
            QLabel(self.tr("行")),
            self.rows,
            QLabel(self.tr("左右边距")),
            self.margin_x,
            QLabel(self.tr("上下边距")),
            self.margin_y,
        ):
            sheet.addWidget(widget)
        sheet.addStretch(1)
        self.roll_box = QWidget()
        roll = QHBoxLayout(self.roll_box)
        roll.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(self.tr("宽")), self.roll_w, QLabel(self.tr("高")), self.roll_h):
            roll.addWidget(widget)
        roll.addStretch(1)
        self.stock.currentIndexChanged.connect(lambda _i: self._preset())
        self._preset()
        self.price = QCheckBox(self.tr("印零售价"))
        self.result_label = QLabel()
        self.result_label.setObjectName("labels_result")
        self.result_label.setWordWrap(True)
        copies = QHBoxLayout()
        copies.addWidget(QLabel(self.tr("全部设为")))
        copies.addWidget(self.copies)
        copies.addWidget(QLabel(self.tr("张")))
        copies.addWidget(self.by_stock)
        copies.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("标签纸"), self.stock)
        form.addRow(self.tr("A4 排列"), self.sheet_box)
        form.addRow(self.tr("卷式尺寸"), self.roll_box)
        form.addRow("", self.price)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存 PDF…"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(copies)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("0")
        for col, chars in ((CODE, 10), (BARCODE, 15), (ON_HAND, 8), (COPIES, 9)):
            self.table.setColumnWidth(col, em * chars)
        self.setMinimumWidth(em * 80)
        self.resize(em * 90, self.fontMetrics().height() * 30)

    def _row(self, label: Label, shown: str, copies: int) -> None:
        i = self.table.rowCount()
        self.table.setRowCount(i + 1)
        self.templates.append(label)
        for col, text in ((CODE, label.code), (NAME, label.name), (BARCODE, label.barcode)):
            self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.setItem(i, ON_HAND, QTableWidgetItem(shown))
        spin = _spin(0, 9999, copies)
        spin.setObjectName(f"labels_copies_{i}")
        self.quantities.append(spin)
        self.table.setCellWidget(i, COPIES, spin)

    def _fill(self, product_ids: list[uuid.UUID]) -> None:
        from desktop.printing.labels import product_labels
        from desktop.services.products import get_product
        from desktop.services.stock import on_hand

        with self.ctx.ledger.read() as s:
            for pid in product_ids:
                p = get_product(s, pid)
                held = on_hand(s, p.id)
                self.on_hand.append(held)
                self._row(product_labels([p], price=True)[0], f"{fmt_qty(held)} {p.base_unit}", 1)

    def _fill_receipt(self, number: str) -> None:
        """A label per unit the receipt brought in (``printing.labels.receipt_labels``):
        a row per line, its count the units received."""
        from desktop.printing.labels import receipt_labels

        self.setWindowTitle(self.tr("打印到货标签 {number}").format(number=number))
        header = self.table.horizontalHeaderItem(ON_HAND)
        if header is not None:
            header.setText(self.tr("到货"))
        with self.ctx.ledger.read() as s:
            made = receipt_labels(s, number, price=True)
        for label, same in groupby(made):
            n = len(list(same))
            self._row(label, f"{n} {label.unit}", n)

    def _all_copies(self, n: int) -> None:
        for spin in self.quantities:
            spin.setValue(n)

    def copies_by_stock(self) -> None:
        """As many labels of each product as it has on hand (a part unit counts as one)."""
        for spin, held in zip(self.quantities, self.on_hand, strict=True):
            spin.setValue(max(0, int(held.to_integral_value(rounding=ROUND_CEILING))))

    def _preset(self) -> None:
        """The chosen paper's columns x rows, or roll size, into the boxes below it."""
        key = str(self.stock.currentData())
        a4 = key.startswith("a4-")
        if a4:
            cols, rows = key[3:].split("x")
            self.cols.setValue(int(cols))
            self.rows.setValue(int(rows))
        else:
            width, height = key.split("x")
            self.roll_w.setValue(float(width))
            self.roll_h.setValue(float(height))
        self.sheet_box.setEnabled(a4)
        self.roll_box.setEnabled(not a4)

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存标签"), str(Path.home() / "labels.pdf"), "PDF (*.pdf)"
        )
        if path:
            self.write(Path(path))

    def write(self, out: Path) -> int | None:
        """Render the labels to ``out``; the page count (None, said in the dialog, on error)."""
        from desktop.printing import labels

        try:
            if str(self.stock.currentData()).startswith("a4-"):
                stock = labels.a4_sheet(
                    self.cols.value(),
                    self.rows.value(),
                    self.margin_x.value(),
                    self.margin_y.value(),
                )
            else:
                stock = labels.roll(self.roll_w.value(), self.roll_h.value())
            priced = self.price.isChecked()
            wanted: list[labels.Label] = []
            for label, spin in zip(self.templates, self.quantities, strict=True):
                wanted += [label if priced else replace(label, price=None)] * spin.value()
            if not wanted:
                self.result_label.setText(self.tr("张数都是 0：没有要打印的标签。"))
                return None
            pages = labels.render_labels(wanted, stock, out)
        except (DomainError, OSError) as exc:
            text = exc.message(language()) if isinstance(exc, DomainError) else str(exc)
            self.result_label.setText(text)
            return None
        self.result_label.setText(
            self.tr("已保存 {n} 张标签（{pages} 页）到 {file}").format(
                n=len(wanted), pages=pages, file=out
            )
        )
        return pages
