"""The errors of an import, returned as a copy of the user's own workbook.

An .xlsx/.xlsm file is copied with its formatting and formulas; an 错误原因 column is added
after the table, each bad row gets its reasons there and each bad cell a red fill. Fixing
those cells and importing the copy again works: the rows already imported come back as
"unchanged". Other formats (.xls, .xlsb, .ods, .csv) come back as a new .xlsx holding the
same grid, since we do not write those formats.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook as XlWorkbook
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop.importing.errors import ImportFileError
from desktop.importing.plan import ImportReport
from desktop.importing.reader import read_workbook

BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
REASON_FILL = PatternFill("solid", fgColor="FFEB9C")
HEADER = "错误原因"


def write_error_workbook(report: ImportReport, out: str | Path, lang: str = "zh") -> int:
    """Write the annotated copy; returns how many rows carry an error."""
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        out = out.with_suffix(".xlsx")
    prepared = report.prepared
    book = prepared.book
    source = Path(book.path)
    bad = [r for r in report.rows if r.errors]
    if report.aborted is not None and report.aborted not in bad:
        bad.append(report.aborted)
    if book.format in ("xlsx", "xlsm") and out.suffix.lower() == source.suffix.lower():
        wb = load_workbook(source, keep_vba=book.format == "xlsm")
        ws = wb[book.sheet]
    else:
        wb = XlWorkbook()
        ws = wb.active
        ws.title = (book.sheet or "Sheet1")[:31]
        grid = book.rows
        if book.partial:  # a streamed import kept only the first rows: read them all now
            grid = read_workbook(book.path, book.sheet).rows
        for r, values in enumerate(grid, start=1):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    _plain(ws.cell(row=r, column=c), value)
    header_row = prepared.table.header_row
    col = max(prepared.table.last_col + 2, 1)
    if any(ws.cell(row=r.excel_row, column=col).value not in (None, "") for r in bad):
        col = ws.max_column + 1
    head = ws.cell(row=header_row, column=col, value=HEADER)
    head.font = Font(bold=True, color="9C0006")
    head.fill = REASON_FILL
    ws.column_dimensions[get_column_letter(col)].width = 60
    for row in bad:
        cell = ws.cell(row=row.excel_row, column=col)
        cell.value = row.reason(lang)
        cell.data_type = "s"
        cell.fill = REASON_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for issue in row.errors:
            if issue.column is not None:
                ws.cell(row=row.excel_row, column=issue.column + 1).fill = BAD_FILL
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ImportFileError(
            "cannot_write",
            f"无法保存错误文件 {out.name}：{exc.strerror or exc}。如果它在 Excel 中打开着，请先关闭。",
            f"Cannot save {out.name}: {exc.strerror or exc}. Close it in Excel if it is open.",
        ) from exc
    return len(bad)


def _plain(cell: Cell, value: Any) -> None:
    """Copy a value as data: text that looks like a formula stays text."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
