"""A one-sheet .xlsx written row by row as XML: the errors workbook of a big import.

openpyxl's write-only mode builds a Cell object and an lxml element for every cell: about
5,000 cells a second on the build box, so 540,000 lines of 8 columns took minutes. This
writes each row as text straight into the zip (inline strings, no shared-string table, a
fixed handful of styles), streamed: nothing but the current row is kept in memory.

Styles are a fixed set: plain, datetime, date, time and quoted text (text that starts with
``=`` stays text), each also with the red "bad cell" fill; the yellow reason cell and the
header of the reasons column.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

#: style ids of cellXfs below: base style + BAD for the red fill
PLAIN, DATETIME, DATE, TIME, QUOTED = 0, 1, 2, 3, 4
BAD = 5
REASON, HEADER = 10, 11
_BASE_XF = (
    '<xf numFmtId="0" fontId="0" fillId="{f}" borderId="0" xfId="0"{a}/>',
    '<xf numFmtId="164" fontId="0" fillId="{f}" borderId="0" xfId="0" applyNumberFormat="1"{a}/>',
    '<xf numFmtId="165" fontId="0" fillId="{f}" borderId="0" xfId="0" applyNumberFormat="1"{a}/>',
    '<xf numFmtId="166" fontId="0" fillId="{f}" borderId="0" xfId="0" applyNumberFormat="1"{a}/>',
    '<xf numFmtId="49" fontId="0" fillId="{f}" borderId="0" xfId="0" quotePrefix="1"'
    ' applyNumberFormat="1"{a}/>',
)
_XFS = [x.format(f=0, a="") for x in _BASE_XF] + [
    x.format(f=2, a=' applyFill="1"') for x in _BASE_XF
]
_XFS.append(
    '<xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"'
    ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
)
_XFS.append(
    '<xf numFmtId="0" fontId="1" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
)

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_NS}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="h:mm:ss"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><color rgb="FF9C0006"/><name val="Calibri"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/>'
    "</patternFill></fill>"
    '<fill><patternFill patternType="solid"><fgColor rgb="FFFFEB9C"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{len(_XFS)}">{"".join(_XFS)}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
#: characters XML 1.0 cannot hold (openpyxl refuses them too)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str | None) -> str:
    """A name Excel accepts for a sheet."""
    return _SHEET_NAME_BAD.sub("_", name or "Sheet1")[:31] or "Sheet1"


class SheetWriter:
    """Write one sheet's rows, in order, into a new .xlsx at ``path``."""

    def __init__(self, path: Path, name: str, widths: dict[int, float] | None = None) -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
            f'<sheet name="{escape(sheet_name(name), {chr(34): "&quot;"})}" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        cols = "".join(
            f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
            for c, w in sorted((widths or {}).items())
        )
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        head += f'<worksheet xmlns="{_NS}">' + (f"<cols>{cols}</cols>" if cols else "")
        self._sheet.write((head + "<sheetData>").encode())
        self._letters: list[str] = []
        self._buffer: list[str] = []
        self._size = 0

    def _letter(self, col: int) -> str:
        while len(self._letters) <= col:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters[col]

    def row(self, number: int, values: Iterable[Any], styles: dict[int, int] | None = None) -> None:
        """Write Excel row ``number`` (1-based, ascending); ``styles`` gives some columns
        (0-based) a style of their own: ``BAD`` adds the red fill to the value's style,
        ``REASON``/``HEADER`` are used as they are."""
        cells = []
        n = str(number)
        for c, value in enumerate(values):
            extra = styles.get(c) if styles else None
            if value is None or value == "":
                if extra is None:
                    continue
                style, body, kind = 0, "", ""
            else:
                style, body, kind = _cell(value)
            if extra is not None:
                style = style + BAD if extra == BAD else extra
            ref = self._letter(c) + n
            s = f' s="{style}"' if style else ""
            if kind == "s":
                cells.append(
                    f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'
                )
            elif kind:
                cells.append(f'<c r="{ref}"{s} t="{kind}"><v>{body}</v></c>')
            elif body:
                cells.append(f'<c r="{ref}"{s}><v>{body}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{s}/>')
        if not cells:
            return
        text = f'<row r="{n}">{"".join(cells)}</row>'
        self._buffer.append(text)
        self._size += len(text)
        if self._size > 1 << 20:
            self._flush()

    def _flush(self) -> None:
        self._sheet.write("".join(self._buffer).encode())
        self._buffer.clear()
        self._size = 0

    def close(self) -> None:
        self._flush()
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()

    def abort(self) -> None:
        """Close without finishing (the caller removes the file)."""
        try:
            self._sheet.close()
        finally:
            self._zip.close()


def text_cell(text: str) -> tuple[int, str, str]:
    """A text cell: escaped, illegal characters dropped, ``=…`` kept as text."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return (QUOTED if text.startswith("=") else PLAIN), escape(text), "s"


def _cell(value: Any) -> tuple[int, str, str]:
    """(style, XML body, cell type: "" for a number, "s" text, "b" boolean)."""
    kind = type(value)
    if kind is str:
        return text_cell(value)
    if kind is bool:
        return PLAIN, "1" if value else "0", "b"
    if kind is int or kind is Decimal:
        return PLAIN, str(value), ""
    if kind is float:
        return (PLAIN, repr(value), "") if math.isfinite(value) else text_cell(str(value))
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        return DATETIME, repr((value - _EPOCH) / timedelta(days=1)), ""
    if isinstance(value, date):
        return DATE, str((value - _EPOCH.date()).days), ""
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return TIME, repr(seconds / 86400), ""
    if isinstance(value, timedelta):
        return TIME, repr(value / timedelta(days=1)), ""
    return text_cell(str(value))
