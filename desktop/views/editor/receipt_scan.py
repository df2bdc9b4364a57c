"""扫码清点 in the receive dialog: each scan adds one to the order line of that product and
unit, and the lines whose count differs from what is left are listed before receiving.
The rules are in ``editing.counting``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QLineEdit

from desktop.editing.counting import receipt_differences, receipt_row
from desktop.editing.scan import ScanFound
from desktop.money import fmt_qty
from desktop.views.editor.dialogs import DeliverDialog


class ReceiptCounting(QObject):
    """Adds a scan field and a differences line to a :class:`DeliverDialog`."""

    def __init__(self, dialog: DeliverDialog, look: Callable[[str], ScanFound]) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.look = look
        self.counted: dict[int, Decimal] = {}
        self.edit = QLineEdit()
        self.edit.setObjectName("receive_scan")
        self.edit.setPlaceholderText(self.tr("扫码清点：每扫一次加一"))
        self.edit.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setObjectName("receive_scan_summary")
        self.summary.setWordWrap(True)
        layout = dialog.layout()
        assert isinstance(layout, QBoxLayout)
        layout.insertWidget(0, self.edit)
        layout.insertWidget(2, self.summary)
        # room for the field and two lines of differences, the table keeping its rows
        dialog.resize(dialog.width(), dialog.height() + self.edit.sizeHint().height() * 3)
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):  # a scan's Enter counts; it must not press the dialog's OK
            self.scan(self.edit.text())
            self.edit.clear()
            return True
        return super().eventFilter(watched, event)

    def scan(self, code: str) -> None:
        code = code.strip()
        if not code:
            return
        rows = self.dialog.rows
        if not self.counted:  # counting starts from nothing, not from all that is left
            for i in range(len(rows)):
                self.dialog.set_quantity(i, Decimal(0))
        found = self.look(code)
        row = receipt_row(rows, found)
        if row is None:
            self.counted.setdefault(-1, Decimal(0))  # counting has started
            self.summary.setText(
                self.tr("条码 {code} 不在这张订单上（或单位不同）。").format(code=code)
            )
            return
        self.counted[row] = self.counted.get(row, Decimal(0)) + 1
        self.dialog.set_quantity(row, self.counted[row])
        diffs = receipt_differences(rows, self.counted)
        if not diffs:
            self.summary.setText(self.tr("清点数量与剩余数量一致。"))
            return
        parts = [
            (
                self.tr("{name} 少 {qty} {unit}") if diff < 0 else self.tr("{name} 多 {qty} {unit}")
            ).format(name=name, qty=fmt_qty(abs(diff)), unit=unit)
            for name, unit, diff in diffs
        ]
        self.summary.setText(self.tr("差异：") + self.tr("；").join(parts))
