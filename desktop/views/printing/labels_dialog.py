"""打印标签 from the product list: copies, label paper (A4 sheet or roll) and whether the
price shows, saved as a PDF for the label printer. The labels are ``printing.labels``'."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import DomainError
from desktop.views.context import Context
from desktop.views.i18n import language

#: A4 sheets (``a4-CxR``) and roll sizes (``WxH`` mm), as ``printing.labels.stock_named``
#: takes them
STOCKS = ("a4-3x8", "a4-4x10", "40x30", "50x30")


class LabelsDialog(QDialog):
    def __init__(
        self, ctx: Context, product_ids: list[uuid.UUID], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_ids = product_ids
        self.setObjectName("labels_dialog")
        self.setWindowTitle(self.tr("打印条码标签"))
        self.copies = QSpinBox()
        self.copies.setRange(1, 999)
        self.stock = QComboBox()
        for key in STOCKS:
            text = (
                self.tr("A4 标签纸 {size}").format(size=key[3:])
                if key.startswith("a4-")
                else self.tr("卷式标签 {size} 毫米").format(size=key)
            )
            self.stock.addItem(text, key)
        self.price = QCheckBox(self.tr("印零售价"))
        self.result_label = QLabel()
        self.result_label.setObjectName("labels_result")
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("每个商品张数"), self.copies)
        form.addRow(self.tr("标签纸"), self.stock)
        form.addRow("", self.price)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存 PDF…"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 50)

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存标签"), str(Path.home() / "labels.pdf"), "PDF (*.pdf)"
        )
        if path:
            self.write(Path(path))

    def write(self, out: Path) -> int | None:
        """Render the labels to ``out``; the page count (None, said in the dialog, on error)."""
        from desktop.printing import labels
        from desktop.services.products import get_product

        key = str(self.stock.currentData())
        try:
            if key.startswith("a4-"):
                stock = labels.stock_named(key)
            else:
                stock = labels.stock_named(roll_size=key)
            with self.ctx.ledger.read() as s:
                found = [get_product(s, pid) for pid in self.product_ids]
                wanted = labels.product_labels(
                    found, self.copies.value(), price=self.price.isChecked()
                )
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
