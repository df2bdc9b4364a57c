"""Fill a read-only QTableWidget with rows of text, figures right-aligned: the dashboard's
lists and the marketplace inbox show their rows this way."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

_FIGURE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], numeric: set[int]) -> None:
    """Replace the table's rows; the columns in ``numeric`` are right-aligned."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in numeric:
                item.setTextAlignment(_FIGURE)
            table.setItem(r, c, item)
