"""A Qt table model over a :class:`~desktop.queries.lists.ListSpec`, fetched lazily by page."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.codes import DocStatus
from desktop.labels import terms_words
from desktop.money import fmt_money, fmt_qty
from desktop.queries import lists
from desktop.queries.search_index import SearchIndex
from desktop.views import i18n, labels
from desktop.views.theme import current_colors

#: rows fetched at a time: a tall window shows ~60; a word that one row in a few hundred
#: has is found by reading rows in the list's order until the page is full, so each key
#: costs in proportion to it (600,000 products, ``550w``: 20 ms for 200 rows, 10 ms for 100)
PAGE = 100
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
#: the roles a list's cells answer
_ROLES = frozenset({_DISPLAY, _ALIGN, _FOREGROUND, _FONT, _TOOLTIP})
Index = QModelIndex | QPersistentModelIndex
NUMERIC = {"money", "price", "cost", "qty", "rate", "int"}


COST_SHOWN = Decimal("0.0001")


def fmt_price(value: Decimal) -> str:
    text = fmt_qty(value)
    if "." not in text:
        return text + ".00"
    return text if len(text.split(".")[1]) >= 2 else text + "0"


def display(col: lists.Col, value: Any) -> str:
    if value is None:
        return ""
    kind = col.kind
    if kind == "money":
        return fmt_money(value)
    if kind == "price":
        return fmt_price(value)
    if kind == "cost":  # a moving average: stored to 6 places, shown to 4 (at least 2)
        return fmt_price(value.quantize(COST_SHOWN))
    if kind == "qty":
        return fmt_qty(value)
    if kind == "rate":
        return f"{fmt_qty(value * 100)}%"
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "datetime":
        return str(value)[:19]
    if kind == "status":
        return labels.status(value)
    if kind == "fkind":
        return labels.code_text(value)
    if kind == "bool":
        return "✓" if value else ""
    if kind == "terms":  # "month_end:30" → 月结30天
        terms, _, days = str(value).partition(":")
        return terms_words(terms, int(days or 0), i18n.language())
    return str(value)


class LazyListModel(QAbstractTableModel):
    """Rows are fetched ``PAGE`` at a time as the view scrolls; filter and sort run in SQL."""

    def __init__(
        self, conn: sqlite3.Connection, spec: lists.ListSpec, today: date | None = None
    ) -> None:
        super().__init__()
        self.conn = conn
        self.spec = spec
        #: a day given by the caller (tests) stays; else each reload takes the day anew, so a
        #: window left open overnight counts overdue days from the new day
        self._given_today = today
        self.today = today or date.today()
        self.text = ""
        self.sort_key: str | None = spec.default_sort or None
        self.sort_desc: bool | None = spec.default_desc
        self.rows: list[lists.Row] = []
        self.exhausted = False
        #: in-memory substring index (set when loaded), and the rowids it found for ``text``
        self.search_index: SearchIndex | None = None
        self.ids: list[int] | None = None
        self._cache: dict[int, tuple[list[str], list[Any], int]] = {}
        #: rows are fetched as stored and decoded when first shown (``lists.decoded``)
        self._values: dict[int, tuple[Any, ...]] = {}
        keys = [c.key for c in spec.columns]
        self._limit_col = keys.index("credit_limit") if "credit_limit" in keys else None
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._align = [right if c.kind in NUMERIC else left for c in spec.columns]
        #: a status may be struck out (cancelled, reversed): its cells take Qt's delegate
        self._struck = [c.kind == "status" for c in spec.columns]
        self._colors = current_colors()
        self._fetch(PAGE)

    # ---------------------------------------------------------------- loading
    def _fetch(self, count: int) -> None:
        page = lists.fetch_page(
            self.conn,
            self.spec,
            self.text,
            self.sort_key,
            self.sort_desc,
            len(self.rows),
            count,
            self.ids,
            raw=True,
        )
        if len(page) < count:
            self.exhausted = True
        if page:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def reload(self, keep: int | None = None) -> None:
        """Fetch again from the start (after a filter, a sort or a change in the ledger)."""
        want = max(PAGE, keep or 0)
        if not self.text.strip():
            self.ids = None
        elif self.spec.search_table is not None:
            self.ids = lists.matching_ids(self.conn, self.spec, self.text)
        elif self.search_index is not None:
            self.ids = self.search_index.find(self.text)
        else:
            self.ids = None
        self.beginResetModel()
        self.today = self._given_today or date.today()
        self._cache.clear()
        self._values.clear()
        self.rows = lists.fetch_page(
            self.conn,
            self.spec,
            self.text,
            self.sort_key,
            self.sort_desc,
            0,
            want,
            self.ids,
            raw=True,
        )
        self.exhausted = len(self.rows) < want
        self._colors = current_colors()
        self.endResetModel()

    def refresh(self) -> None:
        self.reload(len(self.rows))

    def set_search_index(self, index: SearchIndex | None) -> None:
        """Use ``index`` for the next filters (None: plain SQL until a fresh one loads)."""
        self.search_index = index

    def set_filter(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid() and not self.exhausted:
            self._fetch(PAGE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        col = self.spec.columns[column]
        desc = order == Qt.SortOrder.DescendingOrder
        if not col.sortable or (self.sort_key, self.sort_desc) == (col.key, desc):
            return
        self.sort_key, self.sort_desc = col.key, desc
        self.reload()

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.spec.columns):
            col = self.spec.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return labels.column(col.key)
            if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._legend(col.key)
        # not super().headerData(): in PySide6 6.x that path drops a reference to None
        # on every call, and Python 3.11 aborts once None's count reaches zero
        return None

    def _legend(self, key: str) -> str | None:
        """What the colours of a column mean (the header's tooltip)."""
        if key == "overdue":
            return self.tr("红色：已过到期日仍未收清（付清）的天数")
        if key == "balance" and self._limit_col is not None:
            return self.tr("红色：超过信用额度；蓝色：对方有预付（余额为负）")
        if key == "on_hand":
            return self.tr("红色：库存不足（负库存）")
        if key == "status":
            return self.tr("绿色：已完成或已过账；蓝色：进行中；灰色：草稿、作废、红冲或关闭")
        return None

    def row_id(self, row: int) -> str:
        return str(self.rows[row].id)

    def value(self, row: int, key: str) -> Any:
        return self.values(row)[self.spec.index(key)]

    def values(self, row: int) -> tuple[Any, ...]:
        """Row ``row``'s values, decoded (Decimal money, dates) the first time it is asked."""
        got = self._values.get(row)
        if got is None:
            got = self._values[row] = lists.decoded(self.spec, self.rows[row]).values
        return got

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # a repaint asks every visible cell for a dozen roles: the roles this model has
        # nothing for are answered first, without looking at the index
        if role not in _ROLES:
            return None
        r = index.row()
        if r < 0 or r >= len(self.rows):
            return None
        c = index.column()
        if role == _DISPLAY:
            return self.shown(r)[0][c]
        if role == _ALIGN:
            return self._align[c]
        if role == _FOREGROUND:
            return self.shown(r)[1][c]
        if role == _FONT:
            if self.spec.columns[c].kind == "status" and self.values(r)[c] in (
                DocStatus.CANCELLED,
                DocStatus.REVERSED,
            ):
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        days = self.shown(r)[2]  # the tooltip
        return self.tr("已逾期 {days} 天").format(days=days) if days else None

    def alignment(self, column: int) -> int:
        return self._align[column]

    def struck_column(self, column: int) -> bool:
        """Whether a cell of ``column`` may be drawn in a struck-out font."""
        return self._struck[column]

    def shown(self, r: int) -> tuple[list[str], list[Any], int]:
        """Display texts, colours and overdue days of row ``r``, worked out once per fetch
        (painting asks for each cell's roles again on every repaint)."""
        cached = self._cache.get(r)
        if cached is None:
            row = lists.Row(self.rows[r].id, self.values(r))
            days = lists.overdue_days(self.spec, row.values, self.today)
            texts = [
                (str(days) if days else "") if col.key == "overdue" else display(col, v)
                for col, v in zip(self.spec.columns, row.values, strict=True)
            ]
            fg = [
                self._foreground(row, col, v, days)
                for col, v in zip(self.spec.columns, row.values, strict=True)
            ]
            cached = self._cache[r] = (texts, fg, days)
        return cached

    def _foreground(self, row: lists.Row, col: lists.Col, value: Any, days: int) -> Any:
        """Red says one thing: this needs attention (overdue, over the credit limit, stock
        below zero), in its own cell; a status has its own colours; money in the party's
        favour (a negative balance, a red-letter document) is blue, not red."""
        c = self._colors
        if col.key == "overdue":
            return c["bad"] if days > 0 else None
        if col.kind == "status":
            if value in (
                DocStatus.DRAFT,
                DocStatus.CANCELLED,
                DocStatus.REVERSED,
                DocStatus.CLOSED,
            ):
                return c["muted"]
            if value in (DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.SENT):
                return c["info"]
            if value in (DocStatus.FULFILLED, DocStatus.POSTED, DocStatus.ACCEPTED):
                return c["good"]
        if col.kind == "qty" and isinstance(value, Decimal) and value < 0:
            return c["bad"]
        if col.kind == "money" and isinstance(value, Decimal) and value < 0:
            return c["info"]
        if col.key == "balance" and self._limit_col is not None:
            limit = row.values[self._limit_col]
            if limit is not None and value is not None and value > limit:
                return c["bad"]
        return None
