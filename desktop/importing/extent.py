"""How far an .xlsx sheet's values reach, found from its XML before calamine loads it.

calamine builds a dense grid from a sheet's first to its last value: one stray value at
XFD1048576 makes it ask for hundreds of gigabytes and the allocator aborts the process.
Where calamine puts a cell (its reader, ``xlsx/cells_reader.rs``): from the cell's ``r``
attribute, in either case, however the attribute is quoted or spaced; without one, the
next column after the previous cell of the row, in the row after the previous row (or the
row's own ``r``). ``<dimension>`` plays no part in the grid; it is a hint and is ignored.

Two readings, both sound (never smaller than what calamine will build):

- :func:`xlsx_extent_bound`, a byte-level pass at memory speed for the sheets Excel, WPS,
  LibreOffice and openpyxl write: every cell's start tag begins ``<c r="``, every attribute
  is written ``name="value"``, and no reference has two column letters or a seven-digit row.
  The used range then fits in A1:Z999999. Anything else: no answer.
- :func:`xlsx_extent`, the sheet's XML parsed (defusedxml's parser, so entity tricks are
  refused) and calamine's placing of cells replayed, bounded in bytes and elements.

:func:`sheet_extent` tries the first, then the second. None means neither could vouch for
the sheet: the caller reads it in a reader process (``desktop.importing.isolated``), where
a crash is a message.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from desktop.importing.errors import ImportFileError
from desktop.importing.safety import Limits, check_extent, hostile_xml_error, xlsx_sheet_parts

#: The parsed reading runs on sheet parts up to this size and this many elements (about a
#: second at most, and only for sheets the byte-level pass cannot vouch for); a bigger sheet
#: is cheaper to read in a reader process than to parse twice.
EXACT_SCAN_BYTES = 8 * 1024 * 1024
EXACT_SCAN_ELEMENTS = 2_000_000

_SMALL_BOUND = (999_999, 26)
_CHUNK = 1024 * 1024  # small: in a reader process it runs while the sheet loads
_MAX_CARRY = 16 * 1024 * 1024

# A reference calamine would read as two or more column letters or a row of seven digits
# or more (lower case too: calamine folds it). Literal-led, so the regex engine skips ahead.
_BIG_REF = re.compile(rb'r="(?:[A-Za-z]{2}|[A-Za-z]?[0-9]{7})')
# ...except the namespace declaration xmlns:r="http…" on Excel's own worksheet root, which
# read as a wide reference left every Excel-saved sheet unvouched (see ``_big_ref``)
_NAMESPACE_R = b"xmlns:"

# A cell's start tag that does not begin <c r=": placed by counting, or r not first
_UNPLACED_C = re.compile(rb'<c(?:[>/\t\r\n]| (?!r="))')
_PREFIXED_C = re.compile(rb":c[ \t\r\n/>]")
# quick-xml and expat also take spaces around "=" and single quotes: an attribute r spelled
# so is not seen by _BIG_REF, and calamine takes the last of two r on one cell. Any "=" not
# followed by '"', or whitespace before one, sends the sheet to the parsed reading.
_ODD_EQUALS = re.compile(rb'=(?:(?!")|(?<=[ \t\r\n]=))')
_VALUE_TAG = re.compile(rb"<(?:[^\s<>/!?]+:)?(?:v|f|is)[\s>/]")


def _big_ref(data: bytes) -> bool:
    """Whether ``data`` holds a reference calamine would read as wide or deep. Any other
    name ending in r (a prefixed x:r too) still counts: only the declaration is let by."""
    return any(
        not data.endswith(_NAMESPACE_R, 0, found.start()) for found in _BIG_REF.finditer(data)
    )


def sheet_extent(zf: zipfile.ZipFile, sheet_name: str) -> tuple[int, int] | None:
    """(last row, last column) that calamine's grid of the sheet can reach, 1-based, or an
    upper bound of it; (0, 0) for a sheet without values. None: the sheet cannot be vouched
    for here (no such part, XML too big for the parsed reading, or not well-formed).

    Raises :class:`ImportFileError` for XML that declares entities (XML bombs, XXE).
    """
    part = _part(zf, sheet_name)
    if part is None:
        return None
    bound = _quick_bound(zf, part)
    if bound is not None:
        return bound
    return _parsed_extent(zf, part)


def scan_moot(zf: zipfile.ZipFile, name: str, limits: Limits) -> bool:
    """Whether checking the extent of a sheet a reader process is loading already would
    decide nothing: its XML is too big for the parsed reading, so the byte-level pass can
    only vouch for A1:Z999999, which these limits allow, or not vouch at all; either way
    the load goes on in the reader process, where a crash is a message. Skipping it saves
    a pass over all of the sheet's XML (about 2 s of CPU for 190 MB)."""
    part = xlsx_sheet_parts(zf).get(name)
    if part is None or zf.getinfo(part).file_size <= EXACT_SCAN_BYTES:
        return False
    try:
        check_extent(*_SMALL_BOUND, limits)
    except ImportFileError:
        return False
    return True


def xlsx_extent_bound(zf: zipfile.ZipFile, sheet_name: str) -> tuple[int, int] | None:
    """The byte-level pass alone (see the module docstring): (999999, 26), (0, 0) for a
    sheet without values, or None when it cannot vouch for the sheet."""
    part = _part(zf, sheet_name)
    return None if part is None else _quick_bound(zf, part)


def xlsx_extent(zf: zipfile.ZipFile, sheet_name: str) -> tuple[int, int] | None:
    """The parsed reading alone: the exact (last row, last column) holding a value."""
    part = _part(zf, sheet_name)
    return None if part is None else _parsed_extent(zf, part)


def _part(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    return xlsx_sheet_parts(zf).get(sheet_name)


def _quick_bound(zf: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    has_value = False
    carry = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            buf = carry + chunk
            # every pattern below starts at a "<" or holds none: cutting before the last
            # "<" leaves no pattern across the cut
            cut = len(buf) if not chunk else buf.rfind(b"<")
            if cut <= 0 and chunk:
                if len(buf) > _MAX_CARRY:
                    return None
                carry = buf
                continue
            done, carry = buf[:cut], buf[cut:]
            if (
                _big_ref(done)
                or _UNPLACED_C.search(done)
                or _ODD_EQUALS.search(done)
                or _PREFIXED_C.search(done)
                or b"<!DOCTYPE" in done
            ):
                return None
            if not has_value and _VALUE_TAG.search(done):
                has_value = True
            if not chunk:
                break
    return _SMALL_BOUND if has_value else (0, 0)


def _parsed_extent(zf: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    if zf.getinfo(part).file_size > EXACT_SCAN_BYTES:
        return None
    scan = CellPlacer(EXACT_SCAN_ELEMENTS)
    with zf.open(part) as fh:
        return scan.extent(iter(lambda: fh.read(_CHUNK), b""), EXACT_SCAN_BYTES)


def _ignore_text(_text: str) -> None:
    """Text between tags: not needed to place cells."""


class _Unvouched(Exception):
    """The scan stops: too many elements for the parsed reading."""


class CellPlacer:
    """Replays calamine's placing of a sheet's cells over its XML (see the module
    docstring) and keeps the furthest cell holding anything: a cell with any child element
    counts, which is never less than calamine keeps."""

    def __init__(self, max_elements: int = EXACT_SCAN_ELEMENTS) -> None:
        self.max_elements = max_elements
        self.elements = 0
        self.depth = 0
        self.in_data = False
        self.finished = False
        self.cell_depth = 0  # depth of the open <c>, 0 outside one
        self.cell: tuple[int, int] | None = None
        self.cell_filled = False
        self.row = self.col = 0  # calamine's counters, 0-based
        self.last_row = self.last_col = -1

    def extent(self, chunks: Any, max_bytes: int) -> tuple[int, int] | None:
        """Feed the XML ``chunks``; the 1-based extent, or None when the XML is not
        well-formed or exceeds ``max_bytes`` or the element bound."""
        parser = DefusedXMLParser(forbid_dtd=True)
        expat = parser.parser  # the defused expat parser: entity handlers stay as set
        expat.StartElementHandler = self._start
        expat.EndElementHandler = self._end
        # text plays no part (no tree is built), but a handler must take it: without one a
        # character reference (&#21517;, as lxml writes non-ASCII) goes to ElementTree's
        # default handler, which calls it an undefined entity, and the sheet went unvouched
        expat.CharacterDataHandler = _ignore_text
        expat.ordered_attributes = False
        seen = 0
        try:
            for chunk in chunks:
                seen += len(chunk)
                if seen > max_bytes:
                    return None
                expat.Parse(chunk, False)
                if self.finished:
                    break
            else:
                expat.Parse(b"", True)
        except DefusedXmlException as exc:
            raise hostile_xml_error() from exc
        except (ExpatError, _Unvouched):
            return None
        return self.last_row + 1, self.last_col + 1

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise _Unvouched
        self.depth += 1
        if self.finished:
            return
        local = name.rpartition("}")[2]
        if not self.in_data:
            self.in_data = local == "sheetData"
            return
        if self.cell_depth:
            if self.depth == self.cell_depth + 1:
                self.cell_filled = True  # <v>, <f> or <is>; calamine reads it to its end
            return
        if local == "row":
            ref = attrs.get("r")
            place = cell_position(ref) if ref is not None else None
            if place is not None:
                self.row = place[0]
        elif local == "c":
            self.cell_depth = self.depth
            self.cell_filled = False
            ref = attrs.get("r")
            if ref is None:
                self.cell = (self.row, self.col)
            else:
                place = cell_position(ref)
                if place is None or place[1] is None:
                    self.cell = None  # calamine refuses the reference: no grid at all
                else:
                    self.cell = (place[0], place[1])
                    self.col = place[1]

    def _end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if not self.in_data or self.finished:
            return
        local = name.rpartition("}")[2]
        if self.cell_depth:
            if depth == self.cell_depth:
                self.cell_depth = 0
                if self.cell_filled and self.cell is not None:
                    self.last_row = max(self.last_row, self.cell[0])
                    self.last_col = max(self.last_col, self.cell[1])
                self.col += 1
            return
        if local == "row":
            self.row += 1
            self.col = 0
        elif local == "sheetData":
            self.finished = True


def cell_position(ref: str) -> tuple[int, int | None] | None:
    """A reference as calamine reads it: letters (either case) then digits, 0-based
    (row, column or None when there are no letters); None when calamine refuses it."""
    col = 0
    i, n = 0, len(ref)
    while i < n and ("A" <= ref[i] <= "Z" or "a" <= ref[i] <= "z"):
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    digits = ref[i:]
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    row = int(digits)
    if row == 0:
        return None
    return row - 1, (col - 1 if col else None)
