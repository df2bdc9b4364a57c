"""Read any spreadsheet the office has (.xlsx/.xlsm/.xlsb/.xls/.ods/.csv/.txt) into a plain grid.

The grid is a list of rows of Python values (str, int, float, bool, date, datetime, time,
timedelta or None), row 0 being Excel row 1, so every later message can point at the row the
user sees.  Nothing is interpreted here: CSV cells stay text and Excel numbers stay floats;
``values.py`` decides what they mean.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Union

import python_calamine as pc

from desktop.importing.errors import ImportFileError
from desktop.importing.extent import scan_moot, sheet_extent
from desktop.importing.isolated import NeedsReaderProcess, read_in_reader, require_reader_process
from desktop.importing.load_ahead import LoadAhead
from desktop.importing.safety import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    Limits,
    check_extent,
    check_file_size,
    check_zip,
    corrupt_error,
    encrypted_error,
    is_encrypted_ole,
    zip_kind,
)
from desktop.importing.text_files import decode_text, looks_binary, split_text
from desktop.importing.values import blank_to_none
from desktop.importing.xlsx_parts import PartedSheet, parted_sheet

__all__ = [
    "CellValue",
    "Limits",
    "RowStream",
    "SheetInfo",
    "Workbook",
    "read_workbook",
    "stream_workbook",
    "text_grid",
]

CellValue = Union[str, int, float, bool, date, datetime, time, timedelta, None]  # noqa: UP007

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".xltx", ".xltm", ".et"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}


@dataclass(frozen=True)
class SheetInfo:
    """A sheet's name and whether the user can see it (hidden sheets often hold list sources)."""

    name: str
    visible: bool = True


@dataclass
class Workbook:
    """The sheets of a file and the grid of the chosen one."""

    path: Path
    format: str
    sheets: list[SheetInfo]
    sheet: str
    rows: list[list[CellValue]]
    encoding: str | None = None
    delimiter: str | None = None
    truncated_rows: bool = False
    truncated_columns: bool = False
    notes: list[str] = field(default_factory=list)
    #: True when ``rows`` holds only the first rows (a streamed read, see ``stream_workbook``)
    partial: bool = False
    #: rows in the sheet (of a streamed read too: the first one and the blank ones counted)
    height: int | None = None

    @property
    def sheet_names(self) -> list[str]:
        """All sheet names, hidden ones included, in workbook order."""
        return [s.name for s in self.sheets]

    @property
    def row_count(self) -> int:
        """Rows in the sheet, also when only the first ones were read."""
        return self.height if self.height is not None else len(self.rows)

    @property
    def width(self) -> int:
        """Number of columns after trailing empty columns were trimmed."""
        return max((len(r) for r in self.rows), default=0)


def read_workbook(
    path: str | Path, sheet: str | int | None = None, limits: Limits | None = None
) -> Workbook:
    """Read one sheet of a spreadsheet or CSV file; raise ImportFileError with a plain message.

    ``sheet`` is a name or 0-based index; None picks the first visible sheet that has data.
    A sheet the checks cannot vouch for is read by a reader process (see ``isolated``).
    """
    try:
        return _read_workbook(path, sheet, limits)
    except NeedsReaderProcess:
        return read_in_reader(Path(path), sheet, limits)


def _read_workbook(path: str | Path, sheet: str | int | None, limits: Limits | None) -> Workbook:
    limits = limits or Limits()
    p = Path(path)
    check_file_size(p, limits)
    with p.open("rb") as fh:
        head = fh.read(8192)
    suffix = p.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        return _read_zip_book(p, sheet, limits)
    if head.startswith(OLE2_MAGIC):
        if is_encrypted_ole(_ole_probe(p, head)):
            raise encrypted_error()
        return _read_calamine(p, "xls", sheet, limits)
    if suffix in EXCEL_SUFFIXES or looks_binary(head):
        raise _not_spreadsheet(p, head)
    return _read_csv(p, limits)


class RowStream:
    """A sheet read row by row: ``book.rows`` holds the first rows, ``rest()`` the others.

    Only .xlsx/.xlsm/.xlsb/.xls/.ods are streamed (calamine hands out one row at a time, so
    no Python copy of the whole grid is made); CSV files are read whole. Rows come cleaned as
    :func:`read_workbook` cleans them (blank text → None, trailing empty cells dropped, width
    capped), except that trailing empty rows are not trimmed.
    """

    def __init__(self, book: Workbook, rest: Iterator[list[CellValue]], close: Any = None):
        self.book = book
        self._rest = rest
        self._close = close

    def rest(self) -> Iterator[list[CellValue]]:
        """The rows after ``book.rows``, in order (row ``len(book.rows)`` first)."""
        try:
            yield from self._rest
        finally:
            self.close()

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None


HEAD_FILLED_ROWS = 60


def stream_workbook(
    path: str | Path,
    sheet: str | int | None = None,
    limits: Limits | None = None,
    head_rows: int = HEAD_FILLED_ROWS,
    *,
    load_ahead: bool = False,
) -> RowStream:
    """Like :func:`read_workbook`, but only the first ``head_rows`` non-empty rows are read
    up front; iterate ``rest()`` for the others (each row once). ``load_ahead`` (a reader
    process only) loads an xlsx sheet while its extent is checked, see ``LoadAhead``.

    Outside a reader process, a sheet the checks cannot vouch for raises
    :class:`NeedsReaderProcess` (``parsed_stream`` then streams it from a reader)."""
    limits = limits or Limits()
    p = Path(path)
    check_file_size(p, limits)
    with p.open("rb") as fh:
        head = fh.read(8)
    kind = None
    if head.startswith(ZIP_MAGIC):
        zf = check_zip(p, limits)
        try:
            kind = zip_kind(zf)
            if kind is None:
                raise _not_spreadsheet(p, b"PK")
            if kind == "xlsx" and p.suffix.lower() == ".xlsm":
                kind = "xlsm"
            return _stream_calamine(p, kind, sheet, limits, head_rows, zf, load_ahead)
        finally:
            zf.close()
    book = read_workbook(p, sheet, limits)
    rows = book.rows
    book.height = len(rows)
    book.rows = rows[: _head_length(rows, head_rows)]
    book.partial = len(book.rows) < len(rows)
    return RowStream(book, iter(rows[len(book.rows) :]))


def _head_length(rows: list[list[CellValue]], filled: int) -> int:
    seen = 0
    for i, row in enumerate(rows):
        if row:
            seen += 1
            if seen >= filled:
                return i + 1
    return len(rows)


def _stream_calamine(
    p: Path,
    kind: str,
    sheet: str | int | None,
    limits: Limits,
    head_rows: int,
    zf: Any,
    load_ahead: bool = False,
) -> RowStream:
    if kind not in ("xlsx", "xlsm"):
        require_reader_process()  # extents of other formats are not checked
    book = _open_calamine(p)
    ahead: LoadAhead | None = None
    parted: PartedSheet | None = None
    try:
        sheets = [
            SheetInfo(m.name, m.visible == pc.SheetVisibleEnum.Visible)
            for m in book.sheets_metadata
            if m.typ == pc.SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise _empty_error(p.name)
        chosen = None
        if kind in ("xlsx", "xlsm"):
            if load_ahead:
                first = _explicit_sheet(sheets, sheet) if sheet is not None else None
                first = first or _default_order(sheets)[0]
                # a big sheet part by part (its first rows within a second), else whole
                parted = parted_sheet(p, zf, first)
                ahead = LoadAhead(book, first) if parted is None else None
            loading = ahead.name if ahead is not None else parted.name if parted else None
            chosen = _pick_xlsx_sheet(sheets, sheet, zf, limits, loading)
            if chosen is None and ahead is not None:
                chosen = ahead.pick(sheet is not None)
            if chosen is None and parted is not None:
                wanted = sheet is not None or parted.first_part() is not None
                chosen = parted.name if wanted else None
        if ahead is not None and ahead.name != chosen:
            ahead.wait()  # not the sheet wanted; the book serves one call at a time
            ahead = None
        if parted is not None and parted.name != chosen:
            parted.close()
            parted = None
        name = chosen or _pick_sheet(sheets, sheet, book)
        try:
            if parted is not None:
                start: tuple[int, int] | None = (0, 0)
                height, raw = parted.height, parted.rows()
            else:
                cs = ahead.result() if ahead is not None else book.get_sheet_by_name(name)
                start = cs.start
                height = cs.height
                raw = cs.iter_rows()
        except pc.PasswordError as exc:
            raise encrypted_error() from exc
        except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError) as exc:
            raise corrupt_error(str(exc)[:200]) from exc
    except BaseException:
        if parted is not None:
            parted.close()
        if ahead is None or ahead.done():
            book.close()  # else the load still holds the book; the reader process ends
        raise
    lead = [None] * (start[1] if start else 0)
    max_rows, max_cols = limits.max_rows, limits.max_columns
    state: dict[str, bool] = {"cut": False, "truncated": False}

    def cleaned() -> Iterator[list[CellValue]]:
        """The rows with empty cells as None and trailing ones dropped. Cells of spaces only
        are left to the table scanner, which cleans the few rows that hold any
        (``blank_to_none``): testing every cell here would cost a Python step per cell."""
        n = 0
        try:
            for row in raw:
                if n >= max_rows:
                    state["truncated"] = True
                    break
                n += 1
                cells: list[Any] = lead + row if lead else row
                end = len(cells)
                while end and (cells[end - 1] == "" or cells[end - 1] is None):
                    end -= 1
                if not end:
                    yield []
                    continue
                if end < len(cells):
                    del cells[end:]
                if "" in cells:
                    cells = [None if v == "" else v for v in cells]
                if end > max_cols:
                    cells = blank_to_none(cells)
                    if len(cells) > max_cols:
                        state["cut"] = True
                        del cells[max_cols:]
                yield cells
        except (pc.CalamineError, ValueError) as exc:
            raise corrupt_error(str(exc)[:200]) from exc

    rows_iter = cleaned()
    head: list[list[CellValue]] = []
    filled = 0
    for cells in rows_iter:
        cells = blank_to_none(cells)
        head.append(cells)
        if cells:
            filled += 1
            if filled >= head_rows:
                break
    last = len(head)
    while last and not head[last - 1]:
        last -= 1

    def close() -> None:
        if parted is not None:
            parted.close()
        book.close()

    if not last:
        close()
        raise _empty_error(p.name, name)
    wb = Workbook(p, kind, sheets, name, head, None, None, False, state["cut"], partial=True)
    wb.height = (start[0] if start else 0) + height

    def rest() -> Iterator[list[CellValue]]:
        yield from rows_iter
        wb.truncated_rows = bool(state["truncated"])
        wb.truncated_columns = bool(state["cut"])

    return RowStream(wb, rest(), close)


def text_grid(rows: list[list[CellValue]]) -> list[list[str]]:
    """The grid as the text a user would type: 123.0 → "123", dates as ISO, None → ""."""
    from desktop.importing.values import cell_to_text

    return [[cell_to_text(v) for v in row] for row in rows]


# --- binary workbooks ---------------------------------------------------------------------


def _ole_probe(p: Path, head: bytes) -> bytes:
    """Bytes likely to hold the OLE directory: head, the first directory sector, and the tail.

    Encryption markers are stream names in that directory; reading all of a big file is not
    needed to find them.
    """
    chunks = [head]
    with p.open("rb") as fh:
        if len(head) >= 0x34:
            shift = int.from_bytes(head[0x1E:0x20], "little")
            first_dir = int.from_bytes(head[0x30:0x34], "little")
            if 7 <= shift <= 16 and first_dir < 0xFFFFFFFA:
                fh.seek((first_dir + 1) << shift)
                chunks.append(fh.read(1 << shift))
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 1024 * 1024))
        chunks.append(fh.read())
    return b"".join(chunks)


def _read_zip_book(p: Path, sheet: str | int | None, limits: Limits) -> Workbook:
    zf = check_zip(p, limits)
    try:
        kind = zip_kind(zf)
        if kind is None:
            raise _not_spreadsheet(p, b"PK")
        if kind == "xlsx" and p.suffix.lower() == ".xlsm":
            kind = "xlsm"
        return _read_calamine(p, kind, sheet, limits, zf)
    finally:
        zf.close()


def _open_calamine(p: Path) -> pc.CalamineWorkbook:
    try:
        with p.open("rb") as fh:
            return pc.CalamineWorkbook.from_filelike(fh)
    except pc.PasswordError as exc:
        raise encrypted_error() from exc
    except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError, OSError) as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise encrypted_error() from exc
        raise corrupt_error(str(exc)[:200]) from exc


def _explicit_sheet(sheets: list[SheetInfo], sheet: str | int) -> str:
    names = [s.name for s in sheets]
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise _no_such_sheet(str(sheet + 1), names)
        return names[sheet]
    if sheet not in names:
        raise _no_such_sheet(sheet, names)
    return sheet


def _default_order(sheets: list[SheetInfo]) -> list[str]:
    return [s.name for s in sheets if s.visible] + [s.name for s in sheets if not s.visible]


def _pick_sheet(sheets: list[SheetInfo], sheet: str | int | None, book: Any) -> str:
    """The chosen sheet, or the first visible one with data."""
    if sheet is not None:
        return _explicit_sheet(sheets, sheet)
    candidates = _default_order(sheets)
    for name in candidates:
        try:
            if book.get_sheet_by_name(name).height > 0:
                return name
        except Exception:
            continue
    return candidates[0]


def _pick_xlsx_sheet(
    sheets: list[SheetInfo],
    sheet: str | int | None,
    zf: zipfile.ZipFile,
    limits: Limits,
    loading: str | None = None,
) -> str | None:
    """Choose an xlsx sheet from its XML alone, refusing one whose extent is absurd.

    Loading is what could blow up, so nothing is loaded until the extent is known to be sane.
    A sheet whose extent cannot be vouched for is loaded only in a reader process (None:
    calamine decides there; elsewhere :class:`NeedsReaderProcess` is raised). ``loading``:
    the sheet a reader process is loading already (``LoadAhead``), see :func:`extent.scan_moot`.
    """
    candidates = [_explicit_sheet(sheets, sheet)] if sheet is not None else _default_order(sheets)
    for name in candidates:
        if name == loading and scan_moot(zf, name, limits):
            return None  # the load under way decides, as for a sheet not vouched for
        extent = sheet_extent(zf, name)
        if extent is None:
            require_reader_process()
            return None
        if extent[0] > 0 or sheet is not None:
            check_extent(extent[0], extent[1], limits)
            return name
    return candidates[0]


def _read_calamine(
    p: Path,
    kind: str,
    sheet: str | int | None,
    limits: Limits,
    zf: zipfile.ZipFile | None = None,
) -> Workbook:
    if kind not in ("xlsx", "xlsm") or zf is None:
        require_reader_process()  # extents of other formats are not checked
    book = _open_calamine(p)
    try:
        sheets = [
            SheetInfo(m.name, m.visible == pc.SheetVisibleEnum.Visible)
            for m in book.sheets_metadata
            if m.typ == pc.SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise _empty_error(p.name)
        chosen = None
        if kind in ("xlsx", "xlsm") and zf is not None:
            chosen = _pick_xlsx_sheet(sheets, sheet, zf, limits)
        name = chosen or _pick_sheet(sheets, sheet, book)
        try:
            cs = book.get_sheet_by_name(name)
            raw = cs.to_python(skip_empty_area=False, nrows=limits.max_rows + 1)
        except pc.PasswordError as exc:
            raise encrypted_error() from exc
        except (pc.CalamineError, pc.ZipError, pc.XmlError, ValueError) as exc:
            raise corrupt_error(str(exc)[:200]) from exc
    finally:
        book.close()
    truncated = len(raw) > limits.max_rows
    rows, cut_cols = _clean_grid(raw[: limits.max_rows], limits.max_columns)
    if not rows:
        raise _empty_error(p.name, name)
    return Workbook(p, kind, sheets, name, rows, None, None, truncated, cut_cols)


def _clean_grid(raw: list[list[Any]], max_columns: int) -> tuple[list[list[CellValue]], bool]:
    """Turn blank text into None, drop trailing empty rows and columns, cap the width."""
    rows: list[list[CellValue]] = []
    last_nonempty = -1
    width = 0
    for i, row in enumerate(raw):
        cells: list[CellValue] = [None if isinstance(v, str) and not v.strip() else v for v in row]
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        del cells[end:]
        if end:
            last_nonempty = i
            width = max(width, end)
        rows.append(cells)
    del rows[last_nonempty + 1 :]
    cut = width > max_columns
    if cut:
        rows = [r[:max_columns] for r in rows]
    return rows, cut


# --- CSV / text -----------------------------------------------------------------------------


def _read_csv(p: Path, limits: Limits) -> Workbook:
    data = p.read_bytes()
    text, encoding = decode_text(data)
    text = text.lstrip("\ufeff")
    try:
        rows, delimiter, truncated = split_text(text, limits.max_rows, limits.max_columns + 1)
    except csv.Error as exc:
        raise corrupt_error(str(exc)) from exc
    grid, cut_cols = _clean_grid(rows, limits.max_columns)
    if not grid:
        raise _empty_error(p.name)
    sheets = [SheetInfo(p.stem)]
    return Workbook(p, "csv", sheets, p.stem, grid, encoding, delimiter, truncated, cut_cols)


# --- errors ---------------------------------------------------------------------------------


def _not_spreadsheet(p: Path, head: bytes) -> ImportFileError:
    lowered = head[:1024].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in lowered:
        return ImportFileError(
            "html_disguised",
            f"{p.name} 实际上是网页（HTML）格式，不是真正的 Excel 文件。请用 Excel/WPS 打开它，"
            "另存为 .xlsx 后再导入。",
            f"{p.name} is really a web page (HTML), not an Excel file. Open it in Excel/WPS, "
            "save it as .xlsx and import again.",
        )
    return ImportFileError(
        "not_spreadsheet",
        f"{p.name} 不是可识别的表格文件。请选择 .xlsx、.xls、.ods 或 .csv 文件。",
        f"{p.name} is not a spreadsheet we can read. Choose an .xlsx, .xls, .ods or .csv file.",
    )


def _empty_error(filename: str, sheet: str | None = None) -> ImportFileError:
    where = f"工作表“{sheet}”" if sheet else "文件"
    where_en = f"sheet '{sheet}'" if sheet else "the file"
    return ImportFileError(
        "empty_sheet",
        f"{filename} 的{where}里没有数据。请确认选择了正确的工作表。",
        f"There is no data in {where_en} of {filename}. Check that you chose the right sheet.",
    )


def _no_such_sheet(wanted: str, names: list[str]) -> ImportFileError:
    listing = "、".join(names)
    return ImportFileError(
        "no_such_sheet",
        f"找不到工作表“{wanted}”。这个文件里的工作表有：{listing}。",
        f"There is no sheet '{wanted}'. The sheets in this file are: {', '.join(names)}.",
    )
