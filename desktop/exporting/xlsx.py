"""Write a :class:`Sheet` to .xlsx with openpyxl's write-only mode (streams, any size).

Layout: row 1 the title, row 2 firm / period / date made, row 3 the Chinese headers (bold,
shaded, frozen), then the rows, then a 合计 row with the totals of the columns marked
``total`` (values, not formulas, so every reader sees them). Numbers keep their formats
(#,##0.00 for money, yyyy-mm-dd for dates), codes are text, and text that starts with
= + - @ is written as a quoted string so it never becomes a formula.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from desktop.exporting.safe import is_dangerous
from desktop.exporting.table import NUMERIC, Column, Sheet, display_width

TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
HEADER_ROW = 3


def _width(column: Column, sample: list[Any]) -> float:
    if column.width:
        return column.width
    widest = display_width(column.header)
    for value in sample:
        widest = max(widest, display_width(_shown(value)))
    minimum = 12 if column.kind in NUMERIC or column.kind == "date" else 6
    return float(min(max(widest + 2, minimum), 50))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime | date):
        return "2024-01-01"
    return str(value)


class _Styled:
    """Per-column prototype cells: one style each, reused for every row."""

    def __init__(self, ws: Any, columns: list[Column]) -> None:
        self.ws = ws
        self.protos: list[Cell] = []
        self.kinds = [c.kind for c in columns]
        for column in columns:
            proto = WriteOnlyCell(ws)
            proto.number_format = column.number_format
            self.protos.append(proto)
        self.quoted = WriteOnlyCell(ws)
        self.quoted.number_format = "@"
        self.quoted.quotePrefix = True

    def row(self, values: Any) -> list[Any]:
        out: list[Any] = []
        for i, value in enumerate(values):
            if value is None or value == "":
                out.append(None)
                continue
            if isinstance(value, str):
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if is_dangerous(value):
                    cell = WriteOnlyCell(self.ws)
                    cell._style = self.quoted._style
                    cell.value = value
                    cell.data_type = "s"
                    out.append(cell)
                    continue
                if self.kinds[i] in ("text", "code"):
                    out.append(value)
                    continue
            cell = WriteOnlyCell(self.ws)
            cell._style = self.protos[i]._style
            cell.value = value
            out.append(cell)
        return out


def write_xlsx(sheet: Sheet, path: str | Path) -> int:
    """Write the sheet; returns the number of data rows written."""
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet((sheet.sheet_name or sheet.title)[:31])
    rows = iter(sheet.rows)
    sample: list[list[Any]] = []
    for row in rows:
        sample.append(list(row))
        if len(sample) >= 200:
            break
    ncols = len(sheet.columns)
    for i, column in enumerate(sheet.columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(
            column, [r[i] if i < len(r) else None for r in sample]
        )
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    title = WriteOnlyCell(ws, sheet.title)
    title.font = TITLE_FONT
    ws.append([title])
    sub = WriteOnlyCell(ws, sheet.subtitle())
    sub.alignment = Alignment(horizontal="left")
    ws.append([sub])
    headers = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        headers.append(cell)
    ws.append(headers)
    styled = _Styled(ws, sheet.columns)
    totals: list[Decimal | None] = [Decimal(0) if c.total else None for c in sheet.columns]
    count = 0

    def emit(values: list[Any]) -> None:
        nonlocal count
        for i, acc in enumerate(totals):
            if acc is not None and i < len(values) and isinstance(values[i], int | Decimal):
                totals[i] = acc + values[i]
        ws.append(styled.row(values[:ncols]))
        count += 1

    for values in sample:
        emit(values)
    for row in rows:
        emit(list(row))
    if sheet.has_totals:
        total_row: list[Any] = [None] * ncols
        total_row[0] = "合计"
        for i, acc in enumerate(totals):
            if acc is not None:
                total_row[i] = acc
        cells = styled.row(total_row)
        first = WriteOnlyCell(ws, "合计")
        first.font = HEADER_FONT
        cells[0] = first
        for i, cell in enumerate(cells):
            if isinstance(cell, Cell) and i:
                cell.font = HEADER_FONT
        ws.append(cells)
    for note in sheet.notes:
        ws.append([note])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return count
