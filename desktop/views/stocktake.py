"""盘点: the stocktake window. Choose a scope (a category, or every product), scan to
count (each scan adds one of the scanned unit, counted in base units) or type a count,
see the differences against the book stock, and post them as one stocktake.

The rules are ``editing.stocktake`` / ``editing.counting``; posting is
``services.stock.stocktake`` through the writer's unit of work (so it syncs)."""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.editing.scan import ScanDetector, ScanFound, look_up
from desktop.editing.stocktake import ALL, SheetRow, StocktakeSheet
from desktop.money import fmt_qty
from desktop.views.context import Context
from desktop.views.errors import error_text
from desktop.views.scan_keys import scan_in_cell, scanner_key

CODE, NAME, UNIT, BOOK, COUNT, DIFF = range(6)
Index = QModelIndex | QPersistentModelIndex


class CountDelegate(QStyledItemDelegate):
    """The 实盘 cell's editor: a scanner's burst typed into it is a scan, not a count."""

    def __init__(self, table: CountTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        editor.setObjectName("stocktake_count_edit")
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # what the scanner typed into the cell is dropped; the scan counts one
        table = self.table
        if not table.forwarding and scan_in_cell(
            self, editor, event, table.scanner_key, table.scanned
        ):
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):  # the count, at once (Qt's own Enter commits it a turn of the event loop later)
            assert isinstance(editor, QWidget)
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class CountTable(QTableWidget):
    """The sheet: keys feed the scan detector first; a slow typist's digits edit the cell."""

    def __init__(self, window: StocktakeWindow) -> None:
        super().__init__(0, 6, window)
        self.window_ = window
        self.forwarding = False
        self.setItemDelegateForColumn(COUNT, CountDelegate(self))

    def scanner_key(self, event: QKeyEvent) -> str | None:
        return scanner_key(self.window_.scanner, event)

    def scanned(self, code: str) -> None:
        self.window_.scan(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            code = self.scanner_key(event)
            if code is not None:
                self.scanned(code)
                return
        self.forwarding = True
        try:
            super().keyPressEvent(event)
        finally:
            self.forwarding = False


class StocktakeWindow(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setObjectName("stocktake_window")
        self.setWindowTitle(self.tr("盘点"))
        self.scanner = ScanDetector(ctx.prefs.scan_gap_ms)
        self.sheet = StocktakeSheet()
        self._filling = False
        self.posted: str | None = None
        self._scope_at = 0
        #: the row a scan just lit (``flash``), None once it has gone out
        self.flash_row: int | None = None

        self.scope = QComboBox()
        self.scope.setObjectName("stocktake_scope")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.uncounted_zero = QCheckBox(self.tr("未盘到的商品按 0 计"))
        self.uncounted_zero.setObjectName("stocktake_uncounted_zero")
        self.uncounted_zero.setToolTip(self.tr("不勾选时只调整盘到的商品，其余商品库存不变。"))
        self.only_diffs = QCheckBox(self.tr("只看差异"))
        self.scan_edit = QLineEdit()
        self.scan_edit.setObjectName("stocktake_scan")
        self.scan_edit.setPlaceholderText(
            self.tr("扫码：每扫一次加一；手输编码或条码回车，再在“实盘”栏填数量")
        )
        self.scan_edit.installEventFilter(self)
        self.table = CountTable(self)
        self.table.setObjectName("stocktake_table")
        titles = [
            self.tr("编码"),
            self.tr("名称"),
            self.tr("单位"),
            self.tr("账面数量"),
            self.tr("实盘数量"),
            self.tr("差异"),
        ]
        self.table.setHorizontalHeaderLabels(titles)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.itemChanged.connect(self._count_typed)
        header = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("0")
        for col, chars in ((CODE, 14), (UNIT, 6), (BOOK, 12), (COUNT, 12), (DIFF, 12)):
            width = self.fontMetrics().horizontalAdvance(titles[col])
            self.table.setColumnWidth(col, max(em * chars, width + 24))
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("stocktake_message")
        self.message.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("stocktake_summary")
        self.summary.setWordWrap(True)
        self.post_button = QPushButton(self.tr("过账盘点(&P)…"))
        self.post_button.setObjectName("stocktake_post")
        self.post_button.clicked.connect(self.post)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("盘点范围")))
        top.addWidget(self.scope)
        top.addSpacing(em * 2)
        top.addWidget(self.uncounted_zero)
        top.addWidget(self.only_diffs)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.post_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scan_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

        self._fill_scopes()
        self.scope.currentIndexChanged.connect(lambda _i: self.load())
        self.uncounted_zero.toggled.connect(lambda _on: self._refresh_all())
        self.only_diffs.toggled.connect(lambda _on: self._refresh_all())
        self.load()
        self.resize(em * 110, self.fontMetrics().height() * 36)
        self.scan_edit.setFocus()

    # ---------------------------------------------------------------- sheet
    def _fill_scopes(self) -> None:
        from desktop.editing.stocktake import categories

        with self.ctx.ledger.read() as s:
            found = categories(s)
        self.scope.addItem(self.tr("全部商品"), ALL)
        for name in found:
            self.scope.addItem(self.tr("类别：{name}").format(name=name), name)

    def load(self) -> None:
        """The sheet for the chosen scope, book stock as of now; counts start afresh."""
        from desktop.editing.stocktake import load_sheet

        if self.sheet.count.counted and not self._ask(self.tr("换范围会清空已盘的数量，继续吗？")):
            self.scope.blockSignals(True)  # the counts stay, and so does their scope
            self.scope.setCurrentIndex(self._scope_at)
            self.scope.blockSignals(False)
            return
        self._scope_at = self.scope.currentIndex()
        with self.ctx.ledger.read() as s:
            self.sheet = load_sheet(s, str(self.scope.currentData() or ALL))
        self._filling = True
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(self.sheet.rows))
            for i, row in enumerate(self.sheet.rows):
                self._set_row(i, row)
        finally:
            self._filling = False
        self._refresh_all()

    def _set_row(self, i: int, row: SheetRow) -> None:
        for col, text in ((CODE, row.code), (NAME, row.name), (UNIT, row.unit)):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, col, item)
        for col in (BOOK, COUNT, DIFF):
            item = QTableWidgetItem("")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col != COUNT:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(i, col, item)
        self._item(i, BOOK).setText(fmt_qty(row.book))

    def _item(self, row: int, col: int) -> QTableWidgetItem:
        item = self.table.item(row, col)
        assert item is not None
        return item

    def _show_count(self, i: int) -> None:
        row = self.sheet.rows[i]
        counted = self.sheet.counted(row.product_id)
        zero = self.uncounted_zero.isChecked() and row.in_scope
        shown = counted if counted is not None else (Decimal(0) if zero else None)
        diff = None if shown is None else shown - row.book
        self._filling = True
        try:
            self._item(i, COUNT).setText("" if counted is None else fmt_qty(counted))
            diff_item = self._item(i, DIFF)
            diff_item.setText(signed(diff) if diff else "")
            diff_item.setForeground(
                Qt.GlobalColor.darkRed if diff and diff < 0 else Qt.GlobalColor.darkGreen
            )
        finally:
            self._filling = False
        self.table.setRowHidden(i, self.only_diffs.isChecked() and not diff)

    def _refresh_all(self) -> None:
        self.table.setUpdatesEnabled(False)
        try:
            for i in range(len(self.sheet.rows)):
                self._show_count(i)
        finally:
            self.table.setUpdatesEnabled(True)
        self._summarize()

    def _summarize(self) -> None:
        diffs = self.sheet.differences(self.uncounted_zero.isChecked())
        over = sum(1 for d in diffs if d.diff > 0)
        self.summary.setText(
            self.tr(
                "共 {n} 种商品，已盘 {counted} 种；差异 {diffs} 种（盘盈 {over}，盘亏 {short}）"
            ).format(
                n=len(self.sheet.rows),
                counted=len(self.sheet.count.counted),
                diffs=len(diffs),
                over=over,
                short=len(diffs) - over,
            )
        )

    # ---------------------------------------------------------------- counting
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scan_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            code = self.table.scanner_key(event)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                text = self.scan_edit.text().strip()
                self.scan_edit.clear()
                if code is not None:
                    self.scan(code)
                elif text:
                    self.typed(text)
                return True
        return super().eventFilter(watched, event)

    def _found_row(self, found: ScanFound) -> int | None:
        """The sheet row of a found product (added when the scope did not hold it); None,
        said in the window, for an unknown code or an archived product."""
        from desktop.editing.stocktake import outside_row

        if found.outcome == "unknown":
            self.message.setText(
                self.tr("条码 {code} 不是任何商品的条码。").format(code=found.code)
            )
            return None
        if found.outcome == "archived":
            self.message.setText(
                self.tr("条码 {code} 是已停用商品“{name}”的条码，不计入盘点。").format(
                    code=found.code, name=found.name
                )
            )
            return None
        assert found.product_id is not None
        at = self.sheet.row_of(found.product_id)
        if at is None:
            with self.ctx.ledger.read() as s:
                row = outside_row(s, found.product_id)
            at = self.sheet.add_row(row)
            self._filling = True
            try:
                self.table.setRowCount(len(self.sheet.rows))
                self._set_row(at, row)
            finally:
                self._filling = False
        return at

    def scan(self, code: str) -> None:
        """One scanned unit: added to the product's running count (base units)."""
        from desktop.editing.stocktake import scan_factor

        found = look_up(self.ctx.ledger, code)
        at = self._found_row(found)
        if at is None:
            return
        with self.ctx.ledger.read() as s:
            factor = scan_factor(s, found)
        total = self.sheet.scan(found, factor)
        row = self.sheet.rows[at]
        self._show_count(at)
        self._summarize()
        self.table.selectRow(at)
        self.table.scrollToItem(self._item(at, COUNT))
        self.flash(at)
        self.message.setText(
            self.tr("扫码 {code}：{name} +1 {unit}，已盘 {total} {base}").format(
                code=code, name=found.name, unit=found.unit, total=fmt_qty(total), base=row.unit
            )
        )
        self.scan_edit.setFocus()

    def flash(self, at: int) -> None:
        """Light the counted cell for a moment: the scan was taken (no popup, no sound)."""
        from desktop.views.theme import current_colors

        colour = QColor(current_colors()["good"])
        colour.setAlpha(110)
        item = self._item(at, COUNT)
        item.setBackground(colour)
        self.flash_row = at
        QTimer.singleShot(600, lambda: self._end_flash(item))

    def _end_flash(self, item: QTableWidgetItem) -> None:
        with contextlib.suppress(RuntimeError):  # the sheet was reloaded meanwhile
            item.setBackground(QBrush())
        self.flash_row = None

    def typed(self, text: str) -> None:
        """A code or barcode typed by hand (too slow for a scan): its row, with the 实盘
        cell open for the count."""
        at = self._found_row(look_up(self.ctx.ledger, text))
        if at is None:
            return
        self.table.setRowHidden(at, False)
        self.table.setCurrentCell(at, COUNT)
        self.table.setFocus()
        self.table.editItem(self._item(at, COUNT))
        self.message.setText(
            self.tr("请输入“{name}”的实盘数量（{unit}），回车确认。").format(
                name=self.sheet.rows[at].name, unit=self.sheet.rows[at].unit
            )
        )

    def _count_typed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != COUNT:
            return
        row = self.sheet.rows[item.row()]
        text = item.text().strip().replace(",", "")
        qty: Decimal | None = None
        if text:
            try:
                qty = Decimal(text)
            except InvalidOperation:
                qty = Decimal(-1)
            if qty < 0 or not qty.is_finite():
                self.message.setText(
                    self.tr("“{text}”不是数量：请输入 0 或正数。").format(text=item.text())
                )
                self._show_count(item.row())
                return
        self.sheet.type_count(row.product_id, qty)
        self._show_count(item.row())
        self._summarize()
        self.scan_edit.setFocus()

    # ---------------------------------------------------------------- posting
    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("盘点"), text)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_text(self) -> str:
        """What posting will change, for the owner to read before saying yes."""
        diffs = self.sheet.differences(self.uncounted_zero.isChecked())
        names = {r.product_id: (r.name, r.unit) for r in self.sheet.rows}
        lines = [
            self.tr("{name}：账面 {book}，实盘 {counted}，差异 {diff} {unit}").format(
                name=names[d.product_id][0],
                book=fmt_qty(d.expected),
                counted=fmt_qty(d.counted),
                diff=signed(d.diff),
                unit=names[d.product_id][1],
            )
            for d in diffs[:12]
        ]
        if len(diffs) > 12:
            lines.append(self.tr("……另有 {n} 种").format(n=len(diffs) - 12))
        if not diffs:
            lines.append(self.tr("盘点数量与账面一致，不调整库存。"))
        rest = (
            self.tr("未盘到的商品按 0 计。")
            if self.uncounted_zero.isChecked()
            else self.tr("只调整盘到的商品，其余库存不变。")
        )
        return "\n".join([*lines, "", rest, self.tr("过账这张盘点单吗？")])

    def post(self) -> None:
        counts = self.sheet.to_post(self.uncounted_zero.isChecked())
        if not counts:
            self.message.setText(self.tr("还没有盘点任何商品：先扫码或输入数量。"))
            return
        if not self._ask(self.confirm_text()):
            return
        from desktop.services import stock

        scope = self.scope.currentText()

        def write(uow: Any) -> str:
            doc = stock.stocktake(uow, counts, notes=self.tr("盘点（{scope}）").format(scope=scope))
            return str(getattr(doc, "number", ""))

        def done(number: Any) -> None:
            self.post_button.setEnabled(True)
            self.posted = str(number)
            self.sheet.count.counted.clear()  # the book is the count now: start afresh
            self.load()
            self.message.setText(self.tr("已过账盘点单 {number}。").format(number=number))

        def failed(exc: BaseException) -> None:
            self.post_button.setEnabled(True)
            self.message.setText(error_text(exc))

        self.post_button.setEnabled(False)
        self.ctx.write(write, done, failed)


def signed(qty: Decimal) -> str:
    """+5 / -3, as a difference is shown."""
    return ("+" if qty > 0 else "-") + fmt_qty(abs(qty))
