"""A big .xlsx sheet loaded part by part, so its first rows are in use within a second.

calamine loads a whole sheet before it hands out any row: 2.7 s for the 541,909 rows of a
public sales log, during which the importer has nothing to do. Here the sheet's XML is
inflated as a stream and cut at row boundaries into parts of a few megabytes; each part is
wrapped in a small package of its own (the workbook's shared strings, styles and
relationships, the other sheets left empty) and loaded by calamine in a thread, which lets
go of the GIL while it parses, while the rows of the part before are scanned. calamine
itself places every cell, as in a whole load (the same values, dates and shared strings);
the parts only say where each one starts.

Only for a reader process (``parsed_stream``), where a calamine crash is a message, and only
for sheets where the cut is sure (:func:`parted_sheet` says which); any other sheet loads
whole, as before.
"""

from __future__ import annotations

import io
import logging
import queue
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as pc

from desktop.importing.errors import ImportFileError
from desktop.importing.safety import corrupt_error, xlsx_sheet_parts

log = logging.getLogger(__name__)

#: Sheets with less XML than this load whole: a whole load of 32 MB takes about half a
#: second, and the parts would save little of it.
MIN_SHEET_BYTES = 32 * 1024 * 1024
#: XML per part: about 20,000 rows of eight columns, loaded in about 0.1 s.
PART_BYTES = 8 * 1024 * 1024
#: The first part is smaller: its rows are the head the importer finds the table and
#: mapping in, and nothing downstream can start before they are there (an eighth of a
#: part: the UCI sales log's sheet opens in 0.13 s instead of 0.26 s).
FIRST_PART_SHARE = 8
#: Each part's package carries the workbook's other members (shared strings above all),
#: which calamine reads again per part: parts grow so that this stays a small share.
EXTRA_SHARE = 4
#: A workbook whose other members are bigger than this loads whole.
MAX_EXTRA_BYTES = 32 * 1024 * 1024

_READ = 1024 * 1024
_HEAD = 256 * 1024  # the sheet's start: root element, dimension, views, columns
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_SHEET_DATA = b"<sheetData>"
_SHEET_DATA_END = b"</sheetData>"
_CLOSE = b"</sheetData></worksheet>"
_ROW = b"<row "
_DIMENSION = re.compile(rb"<dimension\s+ref=\"[A-Za-z]{1,3}[0-9]+:[A-Za-z]{1,3}([0-9]+)\"\s*/>")
_ANY_DIMENSION = re.compile(rb"<dimension\b[^>]*>")
_ROW_REF = re.compile(rb"\sr=[\"']")


@dataclass
class Part:
    """One part loaded: where its grid starts in the sheet (0-based) and its rows."""

    first_row: int
    first_col: int
    rows: list[list[Any]]


class PartedSheet:
    """The rows of one sheet, loaded part by part in a thread, in order.

    ``height`` is the sheet's extent as its ``<dimension>`` declares it (for progress and
    the row count shown): Excel's used range, which may also count formatted empty rows at
    the end, where a whole load counts the rows holding values. :meth:`rows` hands out every row from the
    sheet's first, empty rows included, with its cells from column A, as a whole load
    cleaned by ``reader`` would.
    """

    def __init__(
        self,
        path: Path,
        name: str,
        member: str,
        sheets: set[str],
        prefix: bytes,
        height: int,
        part_bytes: int,
    ) -> None:
        """``member``: the sheet's part in the package; ``sheets``: every sheet's part."""
        self.name = name
        self.height = height
        self._path = path
        self._member = member
        self._sheets = sheets
        self._prefix = prefix
        self._part_bytes = part_bytes
        self._queue: queue.Queue[Part | BaseException | None] = queue.Queue(maxsize=1)
        self._stop = threading.Event()
        self._first: Part | None = None
        self._started = False  # the first part was taken from the queue
        self._thread = threading.Thread(target=self._produce, name="sheet-parts", daemon=True)
        self._thread.start()

    # -- the loading thread ---------------------------------------------------------------

    def _produce(self) -> None:
        try:
            with zipfile.ZipFile(self._path) as zf:
                package = _package_members(zf, self._member, self._sheets)
                with zf.open(self._member) as fh:
                    first = max(1, self._part_bytes // FIRST_PART_SHARE)
                    for xml in _cut(fh, self._part_bytes, first):
                        if self._stop.is_set():
                            return
                        xml = self._prefix + xml + _CLOSE
                        part = _load_part(package, self._member, self.name, xml)
                        if part is not None and not self._put(part):
                            return
            self._put(None)
        except BaseException as exc:  # handed to the reading thread by rows()
            self._put(exc)

    def _put(self, item: Part | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    # -- the reading side -----------------------------------------------------------------

    def _next(self) -> Part | None:
        item = self._queue.get()
        if isinstance(item, ImportFileError):
            raise item
        if isinstance(item, BaseException):
            raise corrupt_error(str(item)[:200]) from item
        return item

    def first_part(self) -> Part | None:
        """The first part (None: the sheet holds nothing), loaded if need be; it is the
        first that :meth:`rows` hands out."""
        if not self._started:
            self._first = self._next()
            self._started = True
        return self._first

    def rows(self) -> Iterator[list[Any]]:
        """Every row in order, from the sheet's row 1: gaps between parts as empty rows."""
        at = 0
        part = self.first_part()
        while part is not None:
            if part.first_row < at:
                raise _out_of_order(part.first_row + 1, at)
            for _ in range(part.first_row - at):
                yield []
            lead = [None] * part.first_col
            for row in part.rows:
                yield lead + row if lead else row
            at = part.first_row + len(part.rows)
            part.rows = []
            part = self._next()

    def close(self) -> None:
        """Stop loading (the thread ends after the part it is on)."""
        self._stop.set()
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass


def parted_sheet(
    path: Path, zf: zipfile.ZipFile, name: str, part_bytes: int | None = None
) -> PartedSheet | None:
    """A :class:`PartedSheet` loading sheet ``name`` when its XML is big and plainly
    written, else None (the caller loads it whole).

    Plainly written, as Excel, WPS, LibreOffice and openpyxl write it: the sheet's data in
    ``<sheetData>`` under an unprefixed root, a ``<dimension>`` giving its extent, and an
    ``r`` attribute on its first row (parts start only at such rows: calamine then places
    every part's rows where a whole load would).
    """
    part_bytes = part_bytes or PART_BYTES
    sheet_parts = xlsx_sheet_parts(zf)
    member = sheet_parts.get(name)
    if member is None:
        return None
    info = zf.getinfo(member)
    if info.file_size < max(MIN_SHEET_BYTES, part_bytes * 2):
        return None
    extra = sum(
        i.file_size
        for i in zf.infolist()
        if _carried(i.filename) and i.filename != member and i.filename not in sheet_parts.values()
    )
    if extra > MAX_EXTRA_BYTES:
        return None
    try:
        with zf.open(member) as fh:
            head = fh.read(_HEAD)
    except NotImplementedError:  # a compression Python's zipfile lacks: calamine's own
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise corrupt_error(str(exc)[:200]) from exc
    start = head.find(_SHEET_DATA)
    dimension = _DIMENSION.search(head, 0, max(start, 0))
    if start < 0 or dimension is None or b"<worksheet" not in head[:start]:
        return None
    first_row = head.find(_ROW, start)
    if first_row < 0 or not _ROW_REF.search(head[first_row : head.find(b">", first_row)]):
        return None
    prefix = _ANY_DIMENSION.sub(b"", head[: start + len(_SHEET_DATA)])
    height = int(dimension.group(1))
    part_bytes = max(part_bytes, EXTRA_SHARE * extra)
    return PartedSheet(path, name, member, set(sheet_parts.values()), prefix, height, part_bytes)


def _carried(name: str) -> bool:
    """Whether a member goes into each part's package: the XML and relationships calamine
    may read (workbook, shared strings, styles...), not pictures, macros or printer data."""
    return name.lower().endswith((".xml", ".rels"))


def _package_members(zf: zipfile.ZipFile, member: str, sheets: set[str]) -> dict[str, bytes]:
    """What each part's package carries besides its XML: the workbook's XML members, the
    other ``sheets`` emptied (calamine reads only the sheet asked for, but finds them
    listed)."""
    members: dict[str, bytes] = {}
    for info in zf.infolist():
        if info.filename == member or info.is_dir() or not _carried(info.filename):
            continue
        members[info.filename] = _EMPTY_SHEET if info.filename in sheets else zf.read(info)
    return members


def _cut(fh: Any, part_bytes: int, first_bytes: int | None = None) -> Iterator[bytes]:
    """The rows of ``<sheetData>`` in parts of at least ``part_bytes`` (the first: of at
    least ``first_bytes``; the last: what is left), each cut before a ``<row `` tag that
    has ``r`` (in XML text a ``<`` is always ``&lt;``)."""
    size = first_bytes or part_bytes
    buf = bytearray()
    started = False
    end = -1  # where </sheetData> is in buf, once read
    while True:
        chunk = fh.read(_READ)
        seen = len(buf)
        buf += chunk
        if not started:
            start = buf.find(_SHEET_DATA)
            if start < 0:
                if not chunk:
                    raise corrupt_error("sheetData")
                continue
            del buf[: start + len(_SHEET_DATA)]
            started, seen = True, 0
        if end < 0:
            end = buf.find(_SHEET_DATA_END, max(0, seen - len(_SHEET_DATA_END)))
        limit = end if end >= 0 else len(buf)
        while limit > size:
            cut = _row_start(buf, size, limit)
            if cut < 0:
                break
            yield bytes(buf[:cut])
            del buf[:cut]  # cheap: a bytearray drops its front without copying the rest
            limit -= cut
            size = part_bytes
            end = end - cut if end >= 0 else end
        if end >= 0 or not chunk:
            if end < 0:
                raise corrupt_error("sheetData")
            if buf.find(_ROW, 0, end) >= 0:
                yield bytes(buf[:end])
            return


def _row_start(buf: bytearray, at: int, limit: int) -> int:
    """The first row start tag from ``at`` on (before ``limit``) that has ``r``: calamine
    places a row without one after the row before it, so a part never starts there."""
    cut = buf.find(_ROW, at, limit)
    while cut >= 0:
        close = buf.find(b">", cut, limit)
        if close < 0:
            return -1
        if _ROW_REF.search(buf, cut, close):
            return cut
        cut = buf.find(_ROW, close, limit)
    return -1


def _load_part(package: dict[str, bytes], member: str, name: str, xml: bytes) -> Part | None:
    """A part's rows as calamine reads them and where its grid starts (its first row has
    ``r``: see :func:`_cut`); None when it holds no cell."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        for member_name, data in package.items():
            out.writestr(member_name, data)
        out.writestr(member, xml)
    buf.seek(0)
    book = pc.CalamineWorkbook.from_filelike(buf)
    try:
        sheet = book.get_sheet_by_name(name)
        if sheet.height == 0:
            return None
        start = sheet.start or (0, 0)
        return Part(start[0], start[1], sheet.to_python(skip_empty_area=True))
    finally:
        book.close()


def _out_of_order(row: int, after: int) -> ImportFileError:
    return ImportFileError(
        "rows_out_of_order",
        f"工作表的行没有按顺序存放（第 {row} 行存在第 {after} 行之后），无法读取。"
        "请在 Excel/WPS 中打开并另存为 .xlsx 后再导入。",
        f"The sheet's rows are stored out of order (row {row} after row {after}) and "
        "cannot be read. Open it in Excel/WPS, save it as .xlsx and import again.",
    )
