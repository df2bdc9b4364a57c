"""The layout editor's two tables: the columns (shown, order, caption, width) and the
copies (联: caption and tint). Thin: they turn rows into ``LayoutColumn``/``CopySpec`` and
back; whether a layout can print is ``printing.layouts.validate``'s business."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from desktop.views.icons import icon

KEY = Qt.ItemDataRole.UserRole


class ColumnsTable(QWidget):
    """Every column the kind has: ticked ones print, in this order, with caption and width."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("layout_columns")
        self.table.setHorizontalHeaderLabels(
            [self.tr("列"), self.tr("标题"), self.tr("宽度（毫米）")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 8 + self.table.horizontalHeader().sizeHint().height())
        self.up = QPushButton(icon("previous"), self.tr("上移"))
        self.up.setObjectName("layout_column_up")
        self.down = QPushButton(icon("next"), self.tr("下移"))
        self.down.setObjectName("layout_column_down")
        self.total = QLabel()
        self.total.setObjectName("layout_width_total")
        buttons = QHBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.room = 0.0
        self.up.clicked.connect(lambda: self.move_row(-1))
        self.down.clicked.connect(lambda: self.move_row(1))
        self.table.itemChanged.connect(self._edited)

    def fill(self, catalog: Sequence[Any], shown: Sequence[Any], room: float) -> None:
        """``catalog``: the kind's columns (key, title); ``shown``: LayoutColumns ticked."""
        self.room = room
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        titles = {c.key: c.title for c in catalog}
        order = [c.key for c in shown] + [
            c.key for c in catalog if c.key not in {s.key for s in shown}
        ]
        by_key = {c.key: c for c in shown}
        defaults = {c.key: c.weight for c in catalog}
        total_weight = sum(defaults.values()) or 1.0
        for key in order:
            row = self.table.rowCount()
            self.table.insertRow(row)
            name = QTableWidgetItem(titles[key])
            name.setData(KEY, key)
            name.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            name.setCheckState(Qt.CheckState.Checked if key in by_key else Qt.CheckState.Unchecked)
            caption = QTableWidgetItem(by_key[key].caption if key in by_key else "")
            width = by_key[key].width_mm if key in by_key else room * defaults[key] / total_weight
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, caption)
            self.table.setItem(row, 2, QTableWidgetItem(f"{width:.1f}"))
        self.table.blockSignals(False)
        self._show_total()

    def columns(self) -> list[tuple[str, float, str]]:
        """(key, width mm, caption) of the ticked rows, in order; an unreadable width is 0
        (the layout's validation then says the column is too narrow)."""
        out = []
        for row in range(self.table.rowCount()):
            name = self._item(row, 0)
            if name.checkState() != Qt.CheckState.Checked:
                continue
            try:
                width = float(self._item(row, 2).text().replace("，", ".").strip())
            except ValueError:
                width = 0.0
            out.append((str(name.data(KEY)), width, self._item(row, 1).text().strip()))
        return out

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        self.table.blockSignals(True)
        items = [self.table.takeItem(row, c) for c in range(3)]
        others = [self.table.takeItem(target, c) for c in range(3)]
        for c in range(3):
            self.table.setItem(target, c, items[c])
            self.table.setItem(row, c, others[c])
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, 0)
        self._edited()

    def _edited(self, *_args: object) -> None:
        self._show_total()
        self.changed.emit()

    def _show_total(self) -> None:
        used = sum(w for _k, w, _c in self.columns())
        self.total.setText(
            self.tr("合计 {used:.0f} / 可用 {room:.0f} 毫米").format(used=used, room=self.room)
        )


class CopiesTable(QWidget):
    """How many copies (联), each with its caption and tint."""

    changed = Signal()

    def __init__(self, tints: dict[str, str], usual: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.tints = tints  # code → label
        self.usual = list(usual)
        self.count = QSpinBox()
        self.count.setObjectName("layout_copies")
        self.count.setRange(1, 6)
        self.count.setSuffix(self.tr(" 联"))
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("layout_copy_table")
        self.table.setHorizontalHeaderLabels([self.tr("名称"), self.tr("底色")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(rows * 4 + self.table.horizontalHeader().sizeHint().height())
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("联数")))
        top.addWidget(self.count)
        top.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.table)
        self.count.valueChanged.connect(self._resize)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())

    def fill(self, copies: Sequence[tuple[str, str]]) -> None:
        self.count.blockSignals(True)
        self.count.setValue(len(copies))
        self.count.blockSignals(False)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for caption, tint in copies:
            self._add(caption, tint)
        self.table.blockSignals(False)

    def _add(self, caption: str, tint: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(caption))
        combo = QComboBox()
        for code, label in self.tints.items():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(0, combo.findData(tint)))
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.table.setCellWidget(row, 1, combo)

    def _resize(self, n: int) -> None:
        self.table.blockSignals(True)
        while self.table.rowCount() > n:
            self.table.removeRow(self.table.rowCount() - 1)
        while self.table.rowCount() < n:
            row = self.table.rowCount()
            self._add(self.usual[row] if n > 1 and row < len(self.usual) else "", "")
        if n > 1 and not self._item(0, 0).text():
            self._item(0, 0).setText(self.usual[0])
        self.table.blockSignals(False)
        self.changed.emit()

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def copies(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 1)
            tint = str(combo.currentData()) if isinstance(combo, QComboBox) else ""
            out.append((self._item(row, 0).text().strip(), tint))
        return out
