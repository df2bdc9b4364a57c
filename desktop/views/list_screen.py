"""A list screen: type-ahead filter, lazily loaded sortable table, remembered columns."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
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
from desktop.views.list_model import LazyListModel, display
from desktop.views.reloading import ReloadingScreen
from desktop.views.worker import run_in_thread

if TYPE_CHECKING:  # the list shows before SQLAlchemy (which uow imports) is loaded
    pass

FILTER_DELAY_MS = 120
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
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)
        self.totals_label.setHidden(not any(c.summed for c in spec.columns))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.to_list.connect(self._focus_list)
        self.table.activated.connect(self._activated)
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
        self._timer.stop()
        self.model.set_filter(self.filter.text())
        self._update_count()

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

    def print_labels(self) -> QWidget | None:
        """The barcode labels dialog for the product under the cursor."""
        from desktop.views.printing.labels_dialog import LabelsDialog

        ident = self.current_id()
        if ident is None:
            return None
        dialog = LabelsDialog(self.ctx, [uuid.UUID(ident)], self)
        dialog.show()
        return dialog

    # ---------------------------------------------------------------- refresh
    def refresh(self) -> None:
        self.model.set_search_index(None)
        self.model.refresh()
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
        """The row count and the totals line, for the rows the filter shows (off the GUI
        thread: a big list takes a moment to add up)."""
        path, spec, text = self.ctx.path, self.spec, self.filter.text()
        ids = self.model.ids if text == self.model.text else None
        if ids is not None:
            self.count_label.setText(self.tr("共 {n} 条").format(n=len(ids)))
            if self.totals_label.isHidden():  # nothing to add up: no query per keystroke
                return

        def count(_progress: object) -> tuple[int, dict[str, Any]]:
            conn = db.connect(path)
            try:
                n = len(ids) if ids is not None else lists.count_rows(conn, spec, text)
                return n, lists.totals(conn, spec, text, ids)
            finally:
                conn.close()

        def show(result: object) -> None:
            try:
                if text != self.filter.text():
                    return
                assert isinstance(result, tuple)
                n, sums = result
                self.count_label.setText(self.tr("共 {n} 条").format(n=n))
                self.totals_label.setText(self.totals_text(sums))
            except RuntimeError:  # the screen was closed meanwhile
                pass

        run_in_thread(count, show, lambda _e: None)

    def totals_text(self, sums: dict[str, Any]) -> str:
        """合计　欠款余额 12,345.00　未收 3,000.00 — each total named by its column."""
        if not sums:
            return ""
        parts = [
            f"{labels.column(key)} {display(self.spec.col(key), value)}"
            for key, value in sums.items()
        ]
        return self.tr("合计") + "\u3000" + "\u3000\u3000".join(parts)
