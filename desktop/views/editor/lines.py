"""The lines table: product lookup, unit, quantity, price, discount, tax; Tab visits every
cell, Enter the columns the clerk chose (``desktop.editing.stops``) and then a new line."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.editing import stops
from desktop.editing.catalog import Catalog
from desktop.editing.lines import (
    HUNDRED,
    LineItem,
    parse_percent,
    parse_price,
    parse_qty,
    reprice,
    take_product,
    totals,
)
from desktop.editing.scan import ScanDetector, add_scanned
from desktop.errors import DomainError
from desktop.money import fmt_money, fmt_qty
from desktop.views import labels
from desktop.views.i18n import language
from desktop.views.list_model import fmt_price
from desktop.views.lookup import LookupEdit
from desktop.views.scan_keys import scan_in_cell, scanner_key
from desktop.views.theme import current_colors

Index = QModelIndex | QPersistentModelIndex
PRODUCT, NAME, UNIT, QTY, PRICE, DISCOUNT, TAX, AMOUNT, LAST = range(len(stops.COLUMNS))
#: the columns typed into (Tab visits them all)
TYPED = tuple(stops.COLUMNS.index(name) for name in stops.TYPED)


class LinesModel(QAbstractTableModel):
    totals_changed = Signal()

    def __init__(
        self, catalog: Catalog, kind: str, default_tax: Decimal, prices_include_tax: bool
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.kind = kind
        self.default_tax = default_tax * HUNDRED
        self.prices_include_tax = prices_include_tax
        self.party_id: uuid.UUID | None = None
        self.items: list[LineItem] = [LineItem()]
        self.editable = True
        self.errors: dict[tuple[int, int], str] = {}
        #: the line a scan just changed, lit for a moment to confirm it
        self.flash_row: int | None = None
        self.headers = [
            self.tr("商品编码"),
            self.tr("名称"),
            self.tr("单位"),
            self.tr("数量"),
            self.tr("单价"),
            self.tr("折扣%"),
            self.tr("税率%"),
            self.tr("金额"),
            self.tr("上次价"),
        ]

    # ---------------------------------------------------------------- contents
    def set_items(self, items: list[LineItem], editable: bool) -> None:
        self.beginResetModel()
        self.items = items
        self.editable = editable
        if editable and (not items or items[-1].product is not None):
            self.items.append(LineItem())
        self.errors.clear()
        self.endResetModel()
        self.totals_changed.emit()

    def filled(self) -> list[LineItem]:
        return [i for i in self.items if i.product is not None]

    def ensure_blank(self) -> None:
        if self.editable and self.items[-1].product is not None:
            row = len(self.items)
            self.beginInsertRows(QModelIndex(), row, row)
            self.items.append(LineItem())
            self.endInsertRows()

    def remove_row(self, row: int) -> None:
        if self.editable and 0 <= row < len(self.items) and self.items[row].product is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self.endRemoveRows()
            self.errors.clear()
            self.totals_changed.emit()

    def totals(self) -> tuple[Decimal, Decimal, Decimal]:
        return totals(self.items, self.prices_include_tax)

    def set_party(self, party_id: uuid.UUID | None) -> None:
        """A new customer: prices not typed by hand follow their level and last price."""
        self.party_id = party_id
        for row, item in enumerate(self.items):
            if item.product is not None:
                self._reprice(item)
                self._row_changed(row)
        self.totals_changed.emit()

    def _reprice(self, item: LineItem) -> None:
        reprice(item, self.catalog, self.party_id, self.kind)

    def set_product(self, row: int, product_id: uuid.UUID) -> None:
        item = self.items[row]
        take_product(item, self.catalog.product(product_id), self.default_tax)
        self._reprice(item)
        self._row_changed(row)
        self.ensure_blank()
        self.totals_changed.emit()

    def add_scan(self, product_id: uuid.UUID, unit: str) -> int:
        """A scanned product in the unit its barcode belongs to: one more on its last line
        in that unit, else a new line of 1 (``editing.scan.add_scanned``); the row."""
        self.ensure_blank()
        info = self.catalog.product(product_id)
        row, new = add_scanned(self.items, info, unit)
        item = self.items[row]
        if new:
            take_product(item, info, self.default_tax)
            item.unit, item.qty = unit, Decimal(1)
        self._reprice(item)
        self.flash_row = row
        self._row_changed(row)
        self.ensure_blank()
        self.totals_changed.emit()
        return row

    def end_flash(self) -> None:
        row, self.flash_row = self.flash_row, None
        if row is not None and row < len(self.items):
            self._row_changed(row)

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.headers[section]
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable or index.column() not in TYPED:
            return base
        if index.column() != PRODUCT and self.items[index.row()].product is None:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(item, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= QTY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if (index.row(), col) in self.errors:
                return self.errors[(index.row(), col)]
            if col == PRICE and item.price_source:
                return self.tr("价格来源：{source}").format(
                    source=labels.price_source(item.price_source)
                )
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.flash_row:
            flash = QColor(current_colors()["good"])
            flash.setAlpha(70)
            return flash
        if role == Qt.ItemDataRole.ForegroundRole:
            if (index.row(), col) in self.errors:
                return current_colors()["bad"]
            if col == LAST:
                return current_colors()["muted"]
        return None

    def _text(self, item: LineItem, col: int, edit: bool) -> str:
        if item.product is None:
            return ""
        if col == PRODUCT:
            return item.product.code
        if col == NAME:
            spec = f" {item.product.spec}" if item.product.spec else ""
            return item.product.name + spec
        if col == UNIT:
            return item.unit
        if col == QTY:
            return fmt_qty(item.qty) if item.qty is not None else ""
        if col == PRICE:
            if item.price is None:
                return ""
            return fmt_qty(item.price) if edit else fmt_price(item.price)
        if col == DISCOUNT:
            return fmt_qty(item.discount) if item.discount or edit else ""
        if col == TAX:
            return fmt_qty(item.tax)
        if col == AMOUNT:
            got = item.amounts(self.prices_include_tax)
            return fmt_money(got.total) if got else ""
        if col == LAST:
            return fmt_price(item.last * item.factor) if item.last is not None else ""
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, col = index.row(), index.column()
        item = self.items[row]
        if col == PRODUCT:
            if isinstance(value, uuid.UUID):
                self.set_product(row, value)
                return True
            return False
        self.errors.pop((row, col), None)
        try:
            if col == UNIT:
                item.unit = str(value)
                self._reprice(item)
            elif col == QTY:
                item.qty = parse_qty(str(value))
                self._reprice(item)
            elif col == PRICE:
                number = parse_price(str(value))
                item.price, item.manual_price, item.price_source = number, True, "manual"
            elif col == DISCOUNT:
                item.discount = parse_percent(str(value))
            elif col == TAX:
                item.tax = parse_percent(str(value))
        except ValueError:
            self.errors[(row, col)] = self.tr("“{text}”不是有效的数字").format(text=value)
        except DomainError as exc:  # a number its column cannot hold (validate.fits)
            self.errors[(row, col)] = exc.message(language())
        self._row_changed(row)
        self.totals_changed.emit()
        return True

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


class LineDelegate(QStyledItemDelegate):
    """Editors per column; Enter commits and moves to the next cell."""

    def __init__(self, view: LinesView) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = self.view.lines()
        if index.column() == PRODUCT:
            editor = LookupEdit(model.catalog.find_products, parent)
            editor.setObjectName("product_lookup")
            return editor
        if index.column() == UNIT:
            combo = QComboBox(parent)
            item = model.items[index.row()]
            if item.product:
                for unit, factor in item.product.units:
                    label = (
                        unit
                        if factor == 1
                        else f"{unit} (={fmt_qty(factor)}{item.product.base_unit})"
                    )
                    combo.addItem(label, unit)
            return combo
        line = QLineEdit(parent)
        line.setAlignment(Qt.AlignmentFlag.AlignRight)
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, LookupEdit):
            return
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        if isinstance(editor, QLineEdit) and not editor.text():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, LookupEdit):
            if editor.payload is not None:
                model.setData(index, editor.payload)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        # a scan: what the scanner typed into the cell is dropped, the scan adds a line
        view = self.view
        if not view.forwarding and scan_in_cell(
            self, editor, event, view.scanner_key, view.scanned.emit
        ):
            return True
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            index = self.view.currentIndex()
            if (
                isinstance(editor, LookupEdit)
                and (editor.popup_visible() or editor.payload is None)
                and not editor.accept_current()
                and (editor.text().strip() or self.view.lines().items[index.row()].product is None)
            ):
                return True  # nothing found: stay in the cell (an empty one keeps its product)
            assert isinstance(editor, QWidget)
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.advance(index)
            return True
        return super().eventFilter(editor, event)


class LinesView(QTableView):
    #: a barcode scanned into the table (``editing.scan.ScanDetector`` tells it from typing)
    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scanner = ScanDetector()
        #: True while a key the view got is handed on to the editor it opens (seen once)
        self.forwarding = False
        self.setObjectName("lines_view")
        self.setItemDelegate(LineDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.horizontalHeader().setStretchLastSection(False)
        #: the columns Enter stops at, by name (the desk's preference, set by the editor)
        self.stops: tuple[str, ...] = stops.DEFAULT

    def lines(self) -> LinesModel:
        model = self.model()
        assert isinstance(model, LinesModel)
        return model

    def size_columns(self) -> None:
        em = self.fontMetrics().horizontalAdvance("0")
        for col, chars in (
            (PRODUCT, 12),
            (NAME, 22),
            (UNIT, 12),
            (QTY, 9),
            (PRICE, 10),
            (DISCOUNT, 7),
            (TAX, 7),
            (AMOUNT, 12),
            (LAST, 10),
        ):
            header_w = self.fontMetrics().horizontalAdvance(self.lines().headers[col]) + 24
            self.setColumnWidth(col, max(em * chars, header_w))
        self.horizontalHeader().setMinimumSectionSize(em * 4)
        self.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)

    def advance(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Move to the next column Enter stops at, starting a new line after the last."""
        model = self.lines()
        row, col = index.row(), index.column()
        if model.items[row].product is None:
            self.setCurrentIndex(model.index(row, PRODUCT))
            return
        later = stops.next_stop(stops.COLUMNS[col], self.stops)
        if later is not None:
            target = model.index(row, stops.COLUMNS.index(later))
        else:
            model.ensure_blank()
            target = model.index(row + 1, PRODUCT)
        self.setCurrentIndex(target)
        self.edit(target)

    def commit_open_cell(self) -> None:
        """What is typed in the cell being edited goes into the line (the cell stays open)."""
        editor = self.indexWidget(self.currentIndex())
        if editor is not None and self.state() == QAbstractItemView.State.EditingState:
            self.itemDelegate().commitData.emit(editor)

    def scanner_key(self, event: QKeyEvent) -> str | None:
        return scanner_key(self.scanner, event)

    def flash(self, row: int) -> None:
        """Show the line a scan changed, and light it for a moment."""
        model = self.lines()
        self.setCurrentIndex(model.index(row, QTY))
        self.scrollTo(model.index(row, QTY))
        QTimer.singleShot(600, model.end_flash)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState:
            code = self.scanner_key(event)
            if code is not None:
                self.scanned.emit(code)
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                index = self.currentIndex()
                if index.isValid():
                    if self.model().flags(index) & Qt.ItemFlag.ItemIsEditable:
                        self.edit(index)
                    else:
                        self.advance(index)
                return
            if key == Qt.Key.Key_Delete and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.lines().remove_row(self.currentIndex().row())
                return
        self.forwarding = True
        try:
            super().keyPressEvent(event)
        finally:
            self.forwarding = False
