"""Fill a read-only QTableWidget with rows of text, figures right-aligned: the dashboard's
lists and the marketplace inbox show their rows this way."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], numeric: set[int]) -> None:
    """Replace the table's rows; the columns in ``numeric`` are right-aligned."""
    table.setRowCount(len(rows))
    if not rows:
        return
    # here, not at import: the dashboard loads this module (and fills its tables, empty)
    # before its first paint, which goes without Qt's namespace of enums
    from PySide6.QtCore import Qt

    figure = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in numeric:
                item.setTextAlignment(figure)
            table.setItem(r, c, item)
