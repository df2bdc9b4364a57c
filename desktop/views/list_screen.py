"""A list screen: type-ahead filter, lazily loaded sortable table, remembered columns."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.queries import db, lists
from desktop.queries.search_index import SearchIndex
from desktop.views import labels
from desktop.views.context import Context
from desktop.views.icons import icon
from desktop.views.importer import hooks
from desktop.views.list_delegate import ListDelegate
from desktop.views.list_model import LazyListModel, display
from desktop.views.reloading import ReloadingScreen
from desktop.views.typing_pace import TypingPace
from desktop.views.worker import run_in_thread

if TYPE_CHECKING:  # the list shows before SQLAlchemy (which uow imports) is loaded
    pass

#: a person's key filters at once (a scanner's burst once it stops: ``typing_pace``)
FILTER_DELAY_MS = 0
#: the totals of a filter matching more than a page are added up once the typing rests
SETTLE_MS = 500
#: default column widths in digit widths (a Chinese character is about two)
DEFAULT_CHARS = {
    "name": 30,
    "party": 26,
    "notes": 30,
    "ship_to": 30,
    "number": 21,  # 数电票 numbers are 20 digits
    "reference": 24,  # 凭证号: bank references run to 20 digits and more
    "intent": 24,
    "at": 21,
    "doc_date": 12,
    "due_date": 12,
    "issue_date": 12,
    "spec": 16,
    "contact": 10,
    "phone": 14,
    "total": 14,
    "balance": 14,
    "open": 14,
    "overdue": 8,
    "status": 10,
}


class FilterEdit(QLineEdit):
    """Down arrow or Enter jumps from the filter into the list."""

    to_list = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_list.emit()
            return
        super().keyPressEvent(event)


class ListScreen(ReloadingScreen):
    """Shows one :class:`ListSpec`; emits ``open_requested(what, id)`` on double-click/Enter."""

    open_requested = Signal(str, str)
    new_requested = Signal(str)

    def filter_hint(self) -> str:
        """What the filter matches on this list (its spec's search columns), in words."""
        if self.spec.opens == "party":
            return self.tr("输入编码、名称、拼音首字母（如 zs）或电话筛选")
        if self.spec.opens == "product":
            return self.tr("输入编码、名称、拼音首字母或条码筛选")
        if self.spec.opens == "document":
            return self.tr("输入单号，或往来单位的编码、名称、拼音首字母、电话筛选")
        if self.spec.name == "fapiao":
            return self.tr("输入发票号码，或往来单位的编码、名称、拼音首字母筛选")
        return self.tr("输入文字筛选")

    def __init__(
        self, ctx: Context, spec: lists.ListSpec, new_what: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.new_what = new_what
        self.filter = FilterEdit()
        self.filter.setObjectName(f"filter_{spec.name}")
        self.filter.setPlaceholderText(self.filter_hint())
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        #: 合计 of the money columns over the rows the filter shows (lists.totals)
        self.totals_label = QLabel()
        self.totals_label.setObjectName(f"totals_{spec.name}")
        self.totals_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView()
        self.table.setObjectName(f"table_{spec.name}")
        self.model = LazyListModel(ctx.conn, spec)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ListDelegate(self.table, self.model))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection  # several products' labels
            if spec.opens == "product"
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._setup_columns()
        self.table.setSortingEnabled(True)
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        if new_what:
            self.new_button = QPushButton(icon("new"), self.tr("新建(&N)"))
            self.new_button.setObjectName(f"new_{spec.name}")
            self.new_button.clicked.connect(lambda: self.new_requested.emit(self.new_what))
            top.addWidget(self.new_button)
        for button in hooks.list_buttons(self):  # 导入… / 导出 Excel…
            top.addWidget(button)
        if spec.opens == "product":
            labels_button = QPushButton(self.tr("打印标签…"))
            labels_button.setObjectName(f"labels_{spec.name}")
            labels_button.clicked.connect(self.print_labels)
            top.addWidget(labels_button)
        if spec.name == "stock":
            stocktake_button = QPushButton(self.tr("盘点…"))
            stocktake_button.setObjectName("stocktake_stock")
            stocktake_button.clicked.connect(self.open_stocktake)
            top.addWidget(stocktake_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        self.totals_label.setHidden(not any(c.summed for c in spec.columns))

        self._pace = TypingPace(self, self.apply_filter)
        self.filter.textChanged.connect(self._pace.key)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._count_in_thread)
        self.filter.to_list.connect(self._focus_list)
        self.table.activated.connect(self._activated)
        #: the whole list's count and totals, kept until the ledger changes (``refresh``):
        #: clearing the filter shows them at once instead of reading every row again while
        #: the next word is typed; ``_generation`` tells a count started before a change
        self._whole: tuple[int | None, dict[str, Any]] | None = None
        self._generation = 0
        self.watch_ledger(ctx, spec.tables)
        self._update_count()
        self._load_index()

    # ---------------------------------------------------------------- columns
    def _char(self) -> float:
        return float(max(1, self.table.fontMetrics().horizontalAdvance("0")))

    def _min_width(self, section: int) -> int:
        text = labels.column(self.spec.columns[section].key)
        return self.table.horizontalHeader().fontMetrics().horizontalAdvance(text) + 28

    def _setup_columns(self) -> None:
        """Widths are remembered in characters, so they follow the text size."""
        header = self.table.horizontalHeader()
        # the last column takes what is left of the window's width (no empty band, and more
        # room for notes or the salesperson); the others keep their remembered widths
        header.setStretchLastSection(True)
        saved = self._saved()
        widths = saved.get("widths", {})
        hidden = set(saved.get("hidden", [c.key for c in self.spec.columns if c.hidden]))
        for i, col in enumerate(self.spec.columns):
            chars = widths.get(col.key) or DEFAULT_CHARS.get(col.key, 12)
            header.resizeSection(i, max(int(float(chars) * self._char()), self._min_width(i)))
            header.setSectionHidden(i, col.key in hidden)
        order = [k for k in saved.get("order", []) if k in [c.key for c in self.spec.columns]]
        for visual, key in enumerate(order):
            header.moveSection(header.visualIndex(self.spec.index(key)), visual)
        key, desc = saved.get("sort") or (self.spec.default_sort, self.spec.default_desc)
        if key and key in [c.key for c in self.spec.columns]:
            order_flag = Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(self.spec.index(key), order_flag)
            self.model.sort(self.spec.index(key), order_flag)  # no refetch when the default

    def _key(self) -> str:
        return f"lists/{self.spec.name}/layout"

    def _saved(self) -> dict[str, Any]:
        raw = self.ctx.prefs.get(self._key())
        try:
            data = json.loads(str(raw)) if raw else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def _save_header(self, *_args: object) -> None:
        header = self.table.horizontalHeader()
        cols = self.spec.columns
        layout: dict[str, Any] = {
            "widths": {
                c.key: round(header.sectionSize(i) / self._char(), 1)
                for i, c in enumerate(cols)
                if not header.isSectionHidden(i)
            },
            "hidden": [c.key for i, c in enumerate(cols) if header.isSectionHidden(i)],
            "order": [cols[header.logicalIndex(v)].key for v in range(header.count())],
            "sort": [self.model.sort_key, bool(self.model.sort_desc)]
            if self.model.sort_key
            else None,
        }
        old = self._saved().get("widths", {})
        layout["widths"] = {**old, **layout["widths"]}
        self.ctx.prefs.set(self._key(), json.dumps(layout))

    def _header_menu(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, col in enumerate(self.spec.columns):
            act = QAction(labels.column(col.key), menu)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(i))
            act.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
            menu.addAction(act)
        menu.popup(header.mapToGlobal(pos))

    def set_column_visible(self, section: int, visible: bool) -> None:
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(section, not visible)
        if visible and header.sectionSize(section) < self._min_width(section):
            header.resizeSection(section, max(self._min_width(section), int(12 * self._char())))
        self._save_header()

    # ---------------------------------------------------------------- filter/open
    def apply_filter(self) -> None:
        self._pace.cancel()
        text = self.filter.text()
        self._keeping_selection(lambda: self.model.set_filter(text), keep_scroll=False)
        self._update_count()

    def _keeping_selection(self, reload: Callable[[], None], keep_scroll: bool) -> None:
        """Run ``reload`` (a model reset clears the selection), then select again the rows
        that were selected and are still listed, the current one current again; a refresh
        keeps the scroll position too: a write elsewhere must not lose the clerk's place."""
        chosen = self.table.selectionModel()
        ids = {self.model.row_id(i.row()) for i in chosen.selectedRows()}
        current = self.current_id()
        bar = self.table.verticalScrollBar()
        position = bar.value()
        reload()
        model, last = self.model, self.model.columnCount() - 1
        again = QItemSelection()
        for r in range(model.rowCount() if ids or current is not None else 0):
            row_id = model.row_id(r)
            if row_id in ids:
                again.select(model.index(r, 0), model.index(r, last))
            if row_id == current:
                chosen.setCurrentIndex(
                    model.index(r, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        if not again.isEmpty():
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            chosen.select(again, flags)
        if keep_scroll:  # after the current row's own scrolling, and with the new row count
            self.table.updateGeometries()
            bar.setValue(position)

    def _focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.spec.opens != "none":
            self.open_requested.emit(self.spec.opens, self.model.row_id(index.row()))

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The ids of the selected rows, in the list's order; the current row's if none."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.row_id(r) for r in rows]
        current = self.current_id()
        return [i for i in ids if i] or ([current] if current else [])

    def print_labels(self) -> QWidget | None:
        """The barcode labels dialog for the selected products."""
        from desktop.views.printing.labels_dialog import LabelsDialog

        ids = self.selected_ids()
        if not ids:
            return None
        dialog = LabelsDialog(self.ctx, [uuid.UUID(i) for i in ids], self)
        dialog.show()
        return dialog

    def open_stocktake(self) -> QWidget:
        """The stocktake window (盘点), over this screen's window."""
        from desktop.views.stocktake import StocktakeWindow

        window = StocktakeWindow(self.ctx, self.window())
        window.show()
        return window

    # ---------------------------------------------------------------- refresh
    def refresh(self) -> None:
        self._whole = None
        self._generation += 1
        self.model.set_search_index(None)
        self._keeping_selection(self.model.refresh, keep_scroll=True)
        self._update_count()
        self._load_index()

    def _load_index(self) -> None:
        """Build the in-memory search index off the GUI thread (big lists filter fast)."""
        if not self.spec.key_sql:
            return
        path, spec = self.ctx.path, self.spec

        def load(_progress: object) -> SearchIndex:
            conn = db.connect(path)
            try:
                return SearchIndex.load(conn, spec)
            finally:
                conn.close()

        def ready(index: object) -> None:
            try:
                assert isinstance(index, SearchIndex)
                self.model.set_search_index(index)
            except RuntimeError:  # the screen was closed meanwhile
                pass

        run_in_thread(load, ready, lambda _e: None)

    def _update_count(self) -> None:
        """The row count and the totals line, for the rows the filter shows.

        A filter's count costs nothing: its rows are all fetched, or the index found them,
        or it is "more than a page" (``lists.count_capped``); its totals are read at once by
        the keys of the rows when all are fetched (no thread and connection per key), else
        in a thread, past a page once the typing rests (``SETTLE_MS``). Only the whole list
        is counted, off the GUI thread (a big list takes a moment to add up)."""
        self._settle.stop()
        model, text = self.model, self.filter.text()
        if text.strip() and text == model.text:
            n = lists.count_capped(model.rows, model.exhausted, model.ids)
            if n is None:
                self.count_label.setText(self.tr("共 {n}+ 条").format(n=len(model.rows)))
            else:
                self.count_label.setText(self.tr("共 {n} 条").format(n=n))
            if self.totals_label.isHidden():  # nothing to add up: no query per keystroke
                return
            if n is None:
                self.totals_label.setText("")
                self._settle.start()
                return
            if model.exhausted:  # every row is here: their totals by key, at once (< 1 ms)
                rows = [r.id for r in model.rows]
                sums = lists.totals(self.ctx.conn, self.spec, text, None, rows)
                self.totals_label.setText(self.totals_text(sums))
                return
            self._count_in_thread()  # the index's rows, more than a page
            return
        if not text.strip() and self._whole is not None:
            self._show_counted(*self._whole)
            return
        self._count_in_thread()

    def _count_in_thread(self) -> None:
        path, spec, text = self.ctx.path, self.spec, self.filter.text()
        ids = self.model.ids if text == self.model.text else None
        counted = not text.strip()  # the whole list: its count too
        generation = self._generation

        def count(_progress: object) -> tuple[int | None, dict[str, Any]]:
            conn = db.connect(path)
            try:
                n = lists.count_rows(conn, spec, text) if counted else None
                return n, lists.totals(conn, spec, text, ids)
            finally:
                conn.close()

        def show(result: object) -> None:
            try:
                assert isinstance(result, tuple)
                n, sums = result
                if counted and generation == self._generation:
                    self._whole = (n, sums)
                if text != self.filter.text():
                    return
                self._show_counted(n, sums)
            except RuntimeError:  # the screen was closed meanwhile
                pass

        run_in_thread(count, show, lambda _e: None)

    def _show_counted(self, n: int | None, sums: dict[str, Any]) -> None:
        if n is not None:
            self.count_label.setText(self.tr("共 {n} 条").format(n=n))
        self.totals_label.setText(self.totals_text(sums))

    def totals_text(self, sums: dict[str, Any]) -> str:
        """合计　欠款余额 12,345.00　未收 3,000.00 — each total named by its column."""
        if not sums:
            return ""
        parts = [
            f"{labels.column(key)} {display(self.spec.col(key), value)}"
            for key, value in sums.items()
        ]
        return self.tr("合计") + "\u3000" + "\u3000\u3000".join(parts)
