"""A big sheet read, scanned and parsed chunk by chunk, in a reader process when it is big.

Reading the file (calamine), finding the table's rows (``TableScanner``) and parsing the
cells (``parse_columns``) take about as long as evaluating and writing the lines do. With a
reader process the first half runs on one core while the importer does the second half on
another, chunk by chunk. The same functions run on either side, so the outcome is the same
whether the file is read in this process or in the reader (the tests compare both).

Only parsed values and row numbers cross between the processes (``ParsedColumns``), never
the cells; the pipe holds one chunk at a time, so a reader ahead of the importer waits.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from desktop import read_ahead
from desktop.importing.errors import ImportFileError
from desktop.importing.header import DataRow, SkippedRow, Table, TableScanner, row_text
from desktop.importing.isolated import (
    NeedsReaderProcess,
    enter_reader_process,
    reader_died_error,
    reader_unavailable_error,
)
from desktop.importing.mapping import Mapping
from desktop.importing.reader import Limits, RowStream, Workbook, stream_workbook
from desktop.importing.rows import (
    TRAILING_TOTALS,
    FieldSpec,
    ParsedColumns,
    parse_columns,
    trailing_totals,
    with_date_order,
)

log = logging.getLogger(__name__)

#: Files smaller than this are read in this process: starting a reader costs about 0.3 s.
READER_PROCESS_BYTES = read_ahead.READER_PROCESS_BYTES

OnChunk = Callable[[ParsedColumns], object]
OnRetract = Callable[[list[int]], object]


@dataclass
class ScanPlan:
    """What to scan for and how: the table under its header, the kind's mapping and fields,
    and how many rows make a chunk."""

    table: Table
    kind: str
    mapping: Mapping
    fields: tuple[FieldSpec, ...]
    chunk_rows: int
    date_order: str | None = None  # how ambiguous text dates read (the wizard asks)


@dataclass
class ScanEnd:
    """What the scan leaves once every row was handed out."""

    table: Table  # with the skipped rows (totals, blanks, repeated headers...)
    rows: int  # data rows handed out, those taken back not counted
    truncated_rows: bool
    truncated_columns: bool


def scan_chunks(
    head: Sequence[Sequence[Any]],
    rest: Iterable[list[Any]],
    plan: ScanPlan,
    on_chunk: OnChunk,
    on_retract: OnRetract,
) -> int:
    """Walk the rows below the table's header (``head`` then ``rest``), hand out the data
    rows parsed, ``plan.chunk_rows`` at a time; rows found later to be the next table's titles are
    taken back from the open chunk, and through ``on_retract`` from chunks already handed
    out. Returns how many data rows were handed out and kept."""
    table, mapping, fields, chunk_rows = plan.table, plan.mapping, plan.fields, plan.chunk_rows
    chunk: list[DataRow] = []
    count = 0
    memo: dict[str, dict[Any, Any]] = {}  # values parsed, for the next chunks

    def flush(upto: int | None = None) -> None:
        part = chunk if upto is None else chunk[:upto]
        if part:
            rows = with_date_order(part, mapping, fields, plan.date_order)
            on_chunk(parse_columns(rows, mapping, fields, memo))
            del chunk[: len(part)]

    def on_row(row: DataRow) -> None:
        nonlocal count
        chunk.append(row)
        count += 1
        # the last few rows are held back: they may be the table's totals rows
        if len(chunk) >= chunk_rows + TRAILING_TOTALS:
            flush(chunk_rows)

    def retract(excel_rows: list[int]) -> dict[int, str]:
        nonlocal count
        gone = set(excel_rows)
        texts = {r.excel_row: row_text(r.cells) for r in chunk if r.excel_row in gone}
        chunk[:] = [r for r in chunk if r.excel_row not in gone]
        on_retract(excel_rows)
        count -= len(gone)
        return texts

    scanner = TableScanner(table, plan.kind, on_row, retract)
    index = table.header_index + 1
    ended = False
    for cells in head[index:]:
        if not scanner.feed(index, list(cells)):
            ended = True
            break
        index += 1
    if not ended:
        for cells in rest:
            if not scanner.feed(index, cells):
                break
            index += 1
    for j in reversed(trailing_totals(chunk, mapping, fields)):
        table.skipped.append(SkippedRow(chunk[j].excel_row, "total", row_text(chunk[j].cells)))
        del chunk[j]
        count -= 1
    flush()
    scanner.finish(scanner.last_data or None)
    return count


class ParsedStream(Protocol):
    """A sheet's first rows (``book``), then its data rows parsed, through :meth:`run`."""

    @property
    def book(self) -> Workbook: ...

    def run(self, plan: ScanPlan, on_chunk: OnChunk, on_retract: OnRetract) -> ScanEnd: ...

    def close(self) -> None: ...


def open_parsed_stream(
    path: str | Path, sheet: str | int | None, limits: Limits | None
) -> ParsedStream:
    """A reader process for a big file on a machine with more than one core, or for a sheet
    the checks cannot vouch for (see ``isolated``), else this process reads. Raises
    :class:`ImportFileError` for a file that cannot be read."""
    p = Path(path)
    started = read_ahead.take(p, sheet, limits)  # the command line may have started it
    if started is not None:
        return ProcessParsedStream(p, sheet, limits, started)
    if _worth_a_process(p):
        try:
            return ProcessParsedStream(p, sheet, limits)
        except OSError as exc:  # no processes allowed, no pipes left...: read here
            log.warning("reader process not started (%s); reading in this process", exc)
    try:
        return LocalParsedStream(p, sheet, limits)
    except NeedsReaderProcess:
        try:
            return ProcessParsedStream(p, sheet, limits)
        except OSError as exc:
            raise reader_unavailable_error(exc) from exc


def _worth_a_process(p: Path) -> bool:
    return read_ahead.worth_a_process(p, READER_PROCESS_BYTES)


class LocalParsedStream:
    """Read, scan and parse in this process."""

    def __init__(self, path: Path, sheet: str | int | None, limits: Limits | None) -> None:
        self._stream: RowStream = stream_workbook(path, sheet, limits)
        self.book = self._stream.book

    def run(self, plan: ScanPlan, on_chunk: OnChunk, on_retract: OnRetract) -> ScanEnd:
        try:
            count = scan_chunks(self.book.rows, self._stream.rest(), plan, on_chunk, on_retract)
        finally:
            self._stream.close()
        book = self.book
        return ScanEnd(plan.table, count, book.truncated_rows, book.truncated_columns)

    def close(self) -> None:
        self._stream.close()


class ProcessParsedStream:
    """Read, scan and parse in a reader process; chunks arrive here in order."""

    def __init__(
        self,
        path: Path,
        sheet: str | int | None,
        limits: Limits | None,
        started: tuple[Any, Any] | None = None,
    ) -> None:
        """``started``: a reader already reading this file (``read_ahead``): its process and
        pipe end."""
        self._book: Workbook | None = None
        if started is not None:
            self._process, self._conn = started
            return
        mp = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        self._conn, child_end = mp.Pipe()
        self._process = mp.Process(
            target=_reader_main,
            args=(child_end, str(path), sheet, limits),
            name="zhangfang-reader",
            daemon=True,
        )
        try:
            self._process.start()
        finally:
            child_end.close()

    @property
    def book(self) -> Workbook:
        """The sheet's first rows, once the reader has loaded the sheet: until then the
        importer is free to prepare (see ``stream_import``). Raises the reader's
        :class:`ImportFileError` for a file it cannot read; the caller closes the stream."""
        if self._book is None:
            self._book = self._expect("head")[1]
        return self._book

    def run(self, plan: ScanPlan, on_chunk: OnChunk, on_retract: OnRetract) -> ScanEnd:
        try:
            book = self.book  # the head comes first on the pipe
            self._conn.send(("go", plan))
            while True:
                message = self._expect("chunk", "retract", "end")
                if message[0] == "chunk":
                    on_chunk(unpack(message[1]))
                elif message[0] == "retract":
                    on_retract(message[1])
                else:
                    end: ScanEnd = message[1]
                    book.truncated_rows = end.truncated_rows
                    book.truncated_columns = end.truncated_columns
                    return end
        finally:
            self.close()

    def _expect(self, *kinds: str) -> tuple[Any, ...]:
        try:
            message = self._conn.recv()
        except (EOFError, OSError) as exc:
            raise reader_died_error() from exc
        if message[0] == "error":
            raise message[1]
        if message[0] == "crash":
            raise RuntimeError(f"the reader process failed:\n{message[1]}")
        if message[0] not in kinds:
            raise RuntimeError(f"the reader process sent {message[0]!r}, expected {kinds}")
        return message

    def close(self) -> None:
        """Stop the reader (if it still runs) and release the pipe."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        self._conn.close()


_SEP = "\x1f"  # the unit separator: never in str(Decimal)
_NONE_TYPE = type(None)


def pack(parsed: ParsedColumns) -> ParsedColumns:
    """``parsed`` ready for the pipe: a column of Decimals goes as one string. Pickling a
    Decimal costs a Python call each, and the amount and price columns hold mostly distinct
    ones: sending them as text halves the reader's pickling time."""
    columns: dict[str, Any] = {}
    for name, values in parsed.columns.items():
        if {Decimal, _NONE_TYPE}.issuperset(map(type, values)):
            columns[name] = _SEP.join(["" if v is None else str(v) for v in values])
        else:
            columns[name] = values
    return ParsedColumns(parsed.excel_rows, columns, parsed.problems)


def unpack(packed: ParsedColumns) -> ParsedColumns:
    """The inverse of :func:`pack`: each distinct text becomes one Decimal again."""
    columns: dict[str, list[Any]] = {}
    for name, values in packed.columns.items():
        if isinstance(values, str):
            texts = values.split(_SEP)
            distinct: dict[str, Decimal | None] = dict.fromkeys(texts)
            for text in distinct:
                distinct[text] = Decimal(text) if text else None
            columns[name] = list(map(distinct.__getitem__, texts))
        else:
            columns[name] = values
    return ParsedColumns(packed.excel_rows, columns, packed.problems)


def _reader_main(conn: Any, path: str, sheet: str | int | None, limits: Limits | None) -> None:
    """The reader process: send the first rows, wait for the table and mapping, then send
    the data rows parsed, chunk by chunk, and how the scan ended."""
    stream: RowStream | None = None
    enter_reader_process()
    try:
        stream = stream_workbook(path, sheet, limits, load_ahead=True)
        book = stream.book
        conn.send(("head", book))
        message = conn.recv()
        if message[0] != "go":
            return
        plan: ScanPlan = message[1]
        # as in the importer (see run_streamed): the rows come and go without reference
        # cycles, and the cyclic collector would walk every chunk again and again
        gc.disable()
        count = scan_chunks(
            book.rows,
            stream.rest(),
            plan,
            lambda parsed: conn.send(("chunk", pack(parsed))),
            lambda rows: conn.send(("retract", rows)),
        )
        end = ScanEnd(plan.table, count, book.truncated_rows, book.truncated_columns)
        conn.send(("end", end))
    except ImportFileError as exc:
        _send_quietly(conn, ("error", exc))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the importer stopped listening
    except BaseException:
        _send_quietly(conn, ("crash", traceback.format_exc()))
    finally:
        if stream is not None:
            stream.close()
        conn.close()


def _send_quietly(conn: Any, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError):  # the importer is gone: nobody to tell
        conn.send(message)
