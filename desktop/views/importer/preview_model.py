"""The preview table: every row of the file with its outcome and reason, filterable by outcome.

The model keeps references to the plan's rows and formats a cell only when the view asks for
it, so a file of 100,000 rows previews as fast as one of 100. The lines of a big history
import get their Row only when shown (``history_stream_rows.LineRows`` makes them on demand).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from desktop.gc_pauses import no_gc_pauses
from desktop.importing.plan import SKIP_ZH, ImportReport
from desktop.importing.read_as import read_as
from desktop.importing.rows import ERROR, NEW, OUTCOMES, SKIPPED, UNCHANGED, UPDATE, Row
from desktop.importing.values import cell_to_text
from desktop.views.i18n import language
from desktop.views.theme import current_colors

Index = QModelIndex | QPersistentModelIndex
FIXED = 3  # row number, outcome, reason


def outcome_text(outcome: str) -> str:
    names = {
        NEW: QCoreApplication.translate("ImportPreview", "新增"),
        UPDATE: QCoreApplication.translate("ImportPreview", "更新"),
        UNCHANGED: QCoreApplication.translate("ImportPreview", "无变化"),
        SKIPPED: QCoreApplication.translate("ImportPreview", "跳过"),
        ERROR: QCoreApplication.translate("ImportPreview", "错误"),
    }
    return names.get(outcome, outcome)


class _Entry:
    """One line of the preview: a planned row (``row`` is its index in the report's rows),
    or a row the table finder left out (``skip``)."""

    __slots__ = ("cells", "excel_row", "outcome", "row", "skip")

    def __init__(
        self, excel_row: int, outcome: str, row: int | None, cells: Any, skip: Any
    ) -> None:
        self.excel_row = excel_row
        self.outcome = outcome
        self.row = row
        self.cells = cells
        self.skip = skip


def preview_entries(report: ImportReport) -> list[_Entry]:
    """The preview's lines in row order: each planned row with its outcome, and the rows the
    table finder left out. Plain Python, so the wizard works it out on its worker thread."""
    with no_gc_pauses():  # half a million entries: see gc_pauses
        return _entries(report)


def _entries(report: ImportReport) -> list[_Entry]:
    cells = {d.excel_row: d.cells for d in report.prepared.table.rows}
    rows = report.rows
    entries: list[_Entry] = []
    lazy = getattr(rows, "outcome", None)  # lines of a streamed history import
    for i in range(len(rows)):
        if lazy is not None:
            excel_row, outcome = rows.excel_row(i), lazy(i)  # type: ignore[attr-defined]
        else:
            excel_row, outcome = rows[i].excel_row, rows[i].outcome or ERROR
        entries.append(_Entry(excel_row, outcome, i, cells.get(excel_row), None))
    for skip in report.skipped_rows:
        entries.append(_Entry(skip.excel_row, SKIPPED, None, None, skip))
    entries.sort(key=lambda e: e.excel_row)
    return entries


class PreviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[_Entry] = []
        self.rows: Sequence[Row] = []
        self.visible: list[int] = []
        self.shown = set(OUTCOMES)
        self.fields: list[tuple[str, str, int]] = []  # (name, label, column)
        self.lang = language()
        self._colors = current_colors()

    def set_report(self, report: ImportReport | None, entries: list[_Entry] | None = None) -> None:
        """Show ``report``; ``entries`` are :func:`preview_entries` of it when worked out
        already (off the GUI thread: half a million lines take most of a second)."""
        self.beginResetModel()
        self.entries = []
        self.rows = []
        self.fields = []
        self.lang = language()
        self._colors = current_colors()
        if report is not None:
            prepared = report.prepared
            self.rows = report.rows
            self.entries = preview_entries(report) if entries is None else entries
            mapped = prepared.mapping.fields
            # a streamed history lists each line's amount (the page says so), worked out
            # when the file has no amount column: shown from the line's values (column -1)
            computed = {"amount"} - mapped.keys() if hasattr(self.rows, "outcome") else set()
            for spec in prepared.handler.fields:
                if spec.name in mapped or spec.name in computed:
                    label = spec.zh if self.lang == "zh" else spec.en
                    self.fields.append((spec.name, label, mapped.get(spec.name, -1)))
        self._filter()
        self.endResetModel()

    def set_shown(self, outcomes: set[str]) -> None:
        self.beginResetModel()
        self.shown = set(outcomes)
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        shown = self.shown
        self.visible = [i for i, e in enumerate(self.entries) if e.outcome in shown]

    def entry(self, row: int) -> _Entry:
        return self.entries[self.visible[row]]

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIXED + len(self.fields)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None  # not super(): see list_model.headerData
        if section == 0:
            return self.tr("行号")
        if section == 1:
            return self.tr("结果")
        if section == 2:
            return self.tr("说明")
        if 0 <= section - FIXED < len(self.fields):
            return self.fields[section - FIXED][1]
        return None

    def row_of(self, e: _Entry) -> Row | None:
        """The planned row behind an entry (None for a row the table finder left out)."""
        return None if e.row is None else self.rows[e.row]

    def reason(self, e: _Entry) -> str:
        row = self.row_of(e)
        if row is not None:
            return str(row.reason(self.lang))
        zh, en = SKIP_ZH.get(e.skip.reason, (e.skip.reason, e.skip.reason))
        return zh if self.lang == "zh" else en

    def _bad_columns(self, e: _Entry) -> set[int]:
        row = self.row_of(e)
        if row is None:
            return set()
        return {i.column for i in row.errors if i.column is not None}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.visible):
            return None
        e = self.entry(index.row())
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if c == 0:
                return str(e.excel_row)
            if c == 1:
                return outcome_text(e.outcome)
            if c == 2:
                return self.reason(e)
            if e.cells is None or self.fields[c - FIXED][2] < 0:
                if e.skip is not None:
                    return e.skip.text if c == FIXED else ""
                # a streamed line keeps no cells: its values, when it kept them (problems)
                row = self.row_of(e)
                value = row.values.get(self.fields[c - FIXED][0]) if row is not None else None
                return "" if value is None else cell_to_text(value)
            name, _label, col = self.fields[c - FIXED]
            if col >= len(e.cells):
                return ""
            raw = cell_to_text(e.cells[col])
            row = self.row_of(e)
            read = read_as(e.cells[col], row.values.get(name)) if row is not None else None
            if read is None:
                return raw
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("文件中：{raw}\n读作：{read}").format(raw=raw, read=read)
            return f"{raw} → {read}"
        if role == Qt.ItemDataRole.ForegroundRole:
            k = self._colors
            if c in (1, 2):
                return {
                    NEW: k["good"],
                    UPDATE: k["info"],
                    UNCHANGED: k["muted"],
                    SKIPPED: k["warn"],
                    ERROR: k["bad"],
                }.get(e.outcome)
            if c >= FIXED and self.fields[c - FIXED][2] in self._bad_columns(e):
                return k["bad"]
            if e.outcome in (UNCHANGED, SKIPPED):
                return k["muted"]
        if role == Qt.ItemDataRole.FontRole and (
            (c == 1 and e.outcome == ERROR)
            or (c >= FIXED and self.fields[c - FIXED][2] in self._bad_columns(e))
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and c == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
