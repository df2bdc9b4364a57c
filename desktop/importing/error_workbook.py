"""The errors of an import, returned as a workbook the user fixes and imports again.

It holds the sheet that was imported, every row of it (values as read, dates as dates,
codes as text), an 错误原因 column after the table with each bad row's reasons, and a red
fill on each bad cell. Fixing those cells and importing the file again works as it is: the
rows already imported come back "unchanged", 错误原因 maps to no field.

The workbook's other sheets are left out, and the imported sheet is written from its values
(formats, formulas and merged cells are not copied): copying every sheet with openpyxl took
31 s instead of 3.6 s on a workbook with a 95,000-row sheet nobody imported, and the original
file stays as it was for everything else. Rows are streamed from the file into the new
sheet's XML (:mod:`desktop.importing.sheet_writer`), so a 500,000-line sheet never sits in
memory. Any input format (.xlsx, .xls, .ods, .csv…) comes back as .xlsx.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.importing import sheet_writer as sw
from desktop.importing.errors import ImportFileError
from desktop.importing.isolated import NeedsReaderProcess
from desktop.importing.plan import ImportReport
from desktop.importing.reader import Workbook, read_workbook, stream_workbook
from desktop.importing.rows import Row
from desktop.importing.sheet_writer import SheetWriter

#: the header of the reasons column; no import field takes it (tests check)
HEADER = "错误原因"


def error_workbook_path(out: str | Path) -> Path:
    """Where the errors workbook is written: ``out``, ending in .xlsx."""
    out = Path(out)
    return out if out.suffix.lower() == ".xlsx" else out.with_suffix(".xlsx")


def write_error_workbook(report: ImportReport, out: str | Path, lang: str = "zh") -> int:
    """Write the errors workbook at :func:`error_workbook_path`; returns how many rows carry
    an error."""
    out = error_workbook_path(out)
    prepared = report.prepared
    book = prepared.book
    bad: dict[int, Row] = {r.excel_row: r for r in _bad_rows(report)}
    col = _reason_column(book, prepared.table.last_col, bad)
    header_row = prepared.table.header_row
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        sheet = SheetWriter(tmp, book.sheet, {col: 60})
        try:
            for number, values in enumerate(_sheet_rows(book), start=1):
                row = bad.get(number)
                if row is not None:
                    _bad_row(sheet, number, values, row, col, lang)
                elif number == header_row:
                    cells = _padded(values, col)
                    cells[col - 1] = HEADER
                    sheet.row(number, cells, {col - 1: sw.HEADER})
                else:
                    sheet.row(number, values)
        except BaseException:
            sheet.abort()
            raise
        sheet.close()
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ImportFileError(
            "cannot_write",
            f"无法保存错误文件 {out.name}：{exc.strerror or exc}。如果它在 Excel 中打开着，请先关闭。",
            f"Cannot save {out.name}: {exc.strerror or exc}. Close it in Excel if it is open.",
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(bad)


def _bad_row(
    sheet: SheetWriter, number: int, values: list[Any], row: Row, col: int, lang: str
) -> None:
    """The row with its bad cells in red and its reasons in column ``col`` (after its last
    value when something already stands there)."""
    styles = {i.column: sw.BAD for i in row.errors if i.column is not None}
    at = col if len(values) < col or values[col - 1] is None else len(values) + 1
    cells = _padded(values, max(at, *(c + 1 for c in styles)) if styles else at)
    cells[at - 1] = row.reason(lang)
    styles[at - 1] = sw.REASON
    sheet.row(number, cells, styles)


def _padded(values: list[Any], width: int) -> list[Any]:
    return values + [None] * (width - len(values)) if len(values) < width else list(values)


def _bad_rows(report: ImportReport) -> list[Row]:
    issues = getattr(report.rows, "with_issues", None)  # a streamed history keeps only these
    candidates = issues() if issues is not None else report.rows
    bad = [r for r in candidates if r.errors]
    if report.aborted is not None and report.aborted not in bad:
        bad.append(report.aborted)
    return bad


def _reason_column(book: Workbook, last_col: int, bad: dict[int, Row]) -> int:
    """The reasons go right after the table (1-based column), or after the widest bad row
    when something already stands there; a streamed sheet is judged by its first rows, and a
    later bad row with a value in that column gets its reason after its last value."""
    col = max(last_col + 2, 1)
    taken = [
        len(values)
        for n, values in enumerate(book.rows, start=1)
        if (book.partial or n in bad) and len(values) >= col and values[col - 1] is not None
    ]
    return max([col, *(w + 1 for w in taken)])


def _sheet_rows(book: Workbook) -> Iterator[list[Any]]:
    """Every row of the imported sheet, as the import read it (row 1 first)."""
    if not book.partial:
        yield from book.rows
        return
    try:  # a streamed import kept only the first rows: stream the sheet again
        stream = stream_workbook(book.path, book.sheet)
    except NeedsReaderProcess:  # .xls/.ods/.xlsb sheets are read whole by a reader process
        yield from read_workbook(book.path, book.sheet).rows
        return
    try:
        yield from stream.book.rows
        yield from stream.rest()
    finally:
        stream.close()
