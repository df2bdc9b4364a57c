"""Write a :class:`Sheet` to .xlsx with openpyxl's write-only mode (streams, any size).

Layout: row 1 the title, row 2 firm / period / date made, row 3 the Chinese headers (bold,
shaded, frozen), then the rows, then a 合计 row with the totals of the columns marked
``total`` (values, not formulas, so every reader sees them). Numbers keep their formats
(#,##0.00 for money, yyyy-mm-dd for dates), codes are text, and text that starts with
= + - @ is written as a quoted string so it never becomes a formula.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from desktop.exporting.safe import is_dangerous
from desktop.exporting.table import FRACTION_FORMATS, NUMERIC, Column, Sheet, display_width
from desktop.money import fmt_money

#: named on every styled cell: a bold cell without a name falls back to a serif font
FONT_NAME = "宋体"


def font(size: float = 11, bold: bool = False, color: str | None = None) -> Font:
    """The exports' font (one name for every workbook we write)."""
    return Font(name=FONT_NAME, size=size, bold=bold, color=color)


TITLE_FONT = font(16, bold=True)
HEADER_FONT = font(bold=True)
DATA_FONT = font()
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
#: data cells are ruled like the header, lighter: a list reads as a table when printed
DATA_BORDER = Border(
    top=Side(style="thin", color="BFBFBF"),
    bottom=Side(style="thin", color="BFBFBF"),
    left=Side(style="thin", color="BFBFBF"),
    right=Side(style="thin", color="BFBFBF"),
)
HEADER_ROW = 3
#: the longest text a cell holds (openpyxl cuts longer text to this too)
MAX_TEXT = 32767


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
        return fmt_money(value)
    if isinstance(value, datetime | date):
        return "2024-01-01"
    return str(value)


class _FixedStyleCell(Cell):
    """A reused cell whose style never changes: its style id is looked up once, not per
    value written (openpyxl hashes the style on every write otherwise)."""

    __slots__ = ("_sid",)

    def freeze(self) -> None:
        """Call once the style is set; it is registered with the workbook when first used."""
        self._sid: int | None = None

    @property
    def style_id(self) -> int:
        sid = self._sid
        if sid is None:
            sid = self._sid = Cell.style_id.fget(self)
        return sid


class _Styled:
    """Per-column cells with the column's style, reused for every row.

    A write-only sheet serialises a row while ``append`` runs, so the same cell objects can
    carry the next row's values: no cell and no style lookup per value.
    """

    def __init__(self, ws: Any, columns: list[Column]) -> None:
        self.ws = ws
        self.protos: list[_FixedStyleCell] = []
        #: per column, the cell for values with a fraction when its kind has its own format
        self.fractions: list[_FixedStyleCell | None] = []
        self.kinds = [c.kind for c in columns]
        for column in columns:
            proto = self._proto(column.number_format)
            self.protos.append(proto)
            fraction = None
            if column.kind in FRACTION_FORMATS:
                fraction = self._proto(FRACTION_FORMATS[column.kind])
            self.fractions.append(fraction)
        #: an empty cell per column keeps the ruling
        self.blanks = [self._proto(c.number_format, blank=True) for c in columns]
        self.quoted_style = WriteOnlyCell(ws)
        self.quoted_style.number_format = "@"
        self.quoted_style.quotePrefix = True
        self.quoted_style.border = DATA_BORDER
        self.quoted_style.font = DATA_FONT
        self._quoted: list[Cell] = []

    def _proto(self, number_format: str, blank: bool = False) -> _FixedStyleCell:
        proto = _FixedStyleCell(self.ws, column=1, row=1)
        proto.number_format = number_format
        proto.border = DATA_BORDER
        proto.font = DATA_FONT
        proto.freeze()
        return proto

    def _quoted_cell(self, i: int, value: str) -> Cell:
        while len(self._quoted) <= i:
            self._quoted.append(WriteOnlyCell(self.ws))
            self._quoted[-1]._style = self.quoted_style._style
        cell = self._quoted[i]
        cell.value = value
        cell.data_type = "s"
        return cell

    def row(self, values: Any) -> list[Any]:
        """The cells to append now (valid until the next call).

        Text and numbers are put in the cell as they are, with their type: openpyxl's value
        setter would look the type up and check the text for illegal characters a second
        time for every cell. Anything else (dates, booleans, error codes) goes through it.
        """
        out: list[Any] = []
        protos = self.protos
        fractions = self.fractions
        for i, value in enumerate(values):
            if value is None or value == "":
                out.append(self.blanks[i])
                continue
            kind = type(value)
            if kind is str:
                if ILLEGAL_CHARACTERS_RE.search(value):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if is_dangerous(value):
                    out.append(self._quoted_cell(i, value))
                    continue
            cell = protos[i]
            fraction = fractions[i]
            if fraction is not None and _has_fraction(value, self.kinds[i]):
                cell = fraction
            if kind is str and value not in ERROR_CODES:
                cell._value = value[:MAX_TEXT]
                cell.data_type = "s"
            elif kind is Decimal or kind is int or kind is float:
                cell._value = value
                cell.data_type = "n"
            else:
                cell.value = value
            out.append(cell)
        return out


def _has_fraction(value: Any, kind: str) -> bool:
    """Whether ``value`` shows decimals in its kind (a rate as a percentage)."""
    if not isinstance(value, Decimal | float | int):
        return False
    shown = value * 100 if kind == "rate" else value
    return bool(shown != int(shown))


def _pass_cells_through(ws: Any) -> None:
    """Let the write-only sheet take our styled cells without a failed assignment each.

    openpyxl's ``_values_to_row`` first tries ``cell.value = <our Cell>`` and uses the cell
    from the ValueError it raises; with half the cells of a ledger styled that costs more
    than writing them. This does the same without the exception (plain values still go
    through one reused cell, as in openpyxl).
    """
    if not callable(getattr(ws, "_values_to_row", None)):
        return

    def values_to_row(values: Any, row_idx: int) -> Any:
        plain = WriteOnlyCell(ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell
            if cell is plain and (plain.has_style or plain.hyperlink):
                plain = WriteOnlyCell(ws)

    ws._values_to_row = values_to_row


def _print_setup(ws: Any, columns: list[Column]) -> None:
    """Printed as people print a list: one page wide (as many tall as it takes), landscape
    when the columns are wide, the header row on every page, modest margins."""
    wide = sum(
        ws.column_dimensions[get_column_letter(i + 1)].width or 10 for i in range(len(columns))
    )
    ws.page_setup.orientation = "landscape" if wide > 100 else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True


def write_xlsx(sheet: Sheet, path: str | Path) -> int:
    """Write the sheet; returns the number of data rows written."""
    path = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet((sheet.sheet_name or sheet.title)[:31])
    _pass_cells_through(ws)
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
    _print_setup(ws, sheet.columns)  # before the first row: the sheet's head is written then
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    title = WriteOnlyCell(ws, sheet.title)
    title.font = TITLE_FONT
    ws.append([title])
    sub = WriteOnlyCell(ws, sheet.subtitle())
    sub.alignment = Alignment(horizontal="left")
    sub.font = DATA_FONT
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
    summed = [i for i, acc in enumerate(totals) if acc is not None]
    count = 0
    append, cells_of = ws.append, styled.row

    def emit(values: list[Any]) -> None:
        nonlocal count
        for i in summed:
            if i < len(values) and isinstance(values[i], int | Decimal):
                totals[i] += values[i]
        append(cells_of(values[:ncols]))
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
        first.border = DATA_BORDER
        cells[0] = first
        for i, cell in enumerate(cells):
            if isinstance(cell, Cell) and i and cell.value is not None:
                bold = WriteOnlyCell(ws, cell.value)
                bold._style = copy(cell._style)
                bold.font = HEADER_FONT
                cells[i] = bold
        ws.append(cells)
    for note in sheet.notes:
        ws.append([note])
    last = get_column_letter(max(1, ncols))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return count
