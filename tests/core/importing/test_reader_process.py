"""The reader process of a big history import (``parsed_stream``): same outcome as reading
in the importer's own process, errors worded the same, a dead reader reported plainly."""

from __future__ import annotations

import os
import pickle
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop import read_ahead
from desktop.importing import parsed_stream
from desktop.importing.errors import ImportFileError
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.parsed_stream import (
    LocalParsedStream,
    ProcessParsedStream,
    open_parsed_stream,
    pack,
    unpack,
)
from desktop.importing.plan import run_import
from desktop.importing.rows import Issue, ParsedColumns
from desktop.importing.values import DiscountCell
from desktop.models import Document, DocumentLine
from tests.core.importing.history_files import ROWS, history_xlsx
from tests.helpers import customer, product


def _always_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsed_stream, "READER_PROCESS_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def _recorded(take: Any, taken: list[Any]) -> Any:
    def recorded(*args: Any) -> Any:
        taken.append(take(*args))
        return taken[-1]

    return recorded


def _stacked(path: Path) -> Path:
    """A history table, a blank row, a title, then a second table: the title row is first
    taken as data and later taken back (across a chunk boundary with small chunks)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["销售明细"])
    for row in ROWS[:-1]:
        ws.append(row)
    for i in range(30):
        ws.append([f"T{i}", "2024-02-01", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 2, 2])
    ws.append([])
    ws.append(["第二张表"])
    ws.append(ROWS[0])
    ws.append(["Z1", "2024-02-02", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 2, 2])
    wb.save(path)
    return path


def _outcome(ledger: Any, path: Path, **kw: Any) -> tuple[Any, ...]:
    report = run_import(ledger, path, kind="sales_history", **kw)
    skipped = [(s.excel_row, s.reason, s.text) for s in report.prepared.table.skipped]
    summary = report.summary("en")
    summary.pop("batch", None)  # a new id in each ledger
    return summary, skipped, report.counts


@pytest.mark.parametrize("chunk_rows", [4, 20_000])
def test_reader_process_gives_what_reading_here_gives(
    ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    import shutil

    from desktop.importing import plan
    from desktop.services.ledger import Ledger

    monkeypatch.setattr(plan, "CHUNK_ROWS", chunk_rows)
    base = Ledger.open(ledger_path, actor="tester")
    customer(base, "甲公司", code="K1")
    product(base, "000123", "螺丝 M6")
    base.close()
    path = _stacked(tmp_path / "stacked.xlsx")
    results = []
    taken: list[Any] = []
    for reader in ("here", "process", "early"):
        copy = tmp_path / f"{reader}.zhangfang"
        shutil.copyfile(ledger_path, copy)
        with monkeypatch.context() as m:
            if reader == "process":
                _always_a_process(m)
                opened = open_parsed_stream(path, None, None)
                assert isinstance(opened, ProcessParsedStream)
                opened.close()
            if reader == "early":  # started by the command line before the import asks
                _always_a_process(m)
                m.setattr(read_ahead, "READER_PROCESS_BYTES", 0)
                m.setattr(read_ahead, "take", _recorded(read_ahead.take, taken))
                read_ahead.start(path)
            ledger = Ledger.open(copy, actor="tester")
            try:
                opts = ImportOptions(create_missing=True)
                preview = _outcome(ledger, path, dry_run=True, options=opts)
                done = _outcome(ledger, path, backup=False, options=opts)
                with ledger.read() as s:
                    lines = s.execute(
                        select(Document.reference, DocumentLine.line_no, DocumentLine.qty)
                        .join(DocumentLine, DocumentLine.document_id == Document.id)
                        .order_by(Document.reference, DocumentLine.line_no)
                    ).all()
                results.append((preview, done, lines))
            finally:
                ledger.close()
    assert results[0] == results[1] == results[2]
    assert taken[0] is not None and taken[1:] == [None]  # the preview took the early reader
    preview, done, lines = results[0]
    skipped = {reason for _, reason, _ in preview[1]}
    assert {"next_table_title", "blank"} <= skipped
    assert done[2]["new"] > 30 and len(lines) == done[2]["new"]


def test_an_early_reader_of_another_file_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _always_a_process(monkeypatch)
    monkeypatch.setattr(read_ahead, "READER_PROCESS_BYTES", 0)
    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    other = history_xlsx(tmp_path / "other.xlsx", ROWS)
    read_ahead.start(other)
    assert read_ahead._started is not None
    process = read_ahead._started[1]
    opened = open_parsed_stream(path, None, None)
    try:
        assert not process.is_alive() and read_ahead._started is None
        assert isinstance(opened, ProcessParsedStream)
        assert [ROWS[0][0]] in [row[:1] for row in opened.book.rows]  # this file read
    finally:
        opened.close()
    read_ahead.start(path)  # the same file, another sheet asked for: not taken either
    assert read_ahead.take(path, "Sheet2", None) is None and read_ahead._started is None


@pytest.mark.parametrize(
    ("argv", "started"),
    [
        (["import", "F.xlsx", "--kind", "sales_history", "--json"], "F.xlsx"),
        (["import", "--ledger", "L.zhangfang", "F.xlsx", "--create-missing"], "F.xlsx"),
        (["import", "--map=party=客户", "--date-order", "mdy", "F.csv"], "F.csv"),
        (["import", "F.xlsx", "--kind=purchase_history"], "F.xlsx"),
        (["import", "F.xlsx", "--kind", "products"], None),  # read whole, no reader
        (["import", "F.xlsx", "--sheet", "2"], None),  # sheet numbers: left to the import
        (["import", "--undo", "B1"], None),
        (["export", "customers", "F.xlsx"], None),
        ([], None),
    ],
)
def test_the_command_line_starts_the_reader_of_a_big_import_early(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], started: str | None
) -> None:
    from desktop.cli.main import _read_ahead

    calls: list[Path] = []
    monkeypatch.setattr(read_ahead, "start", calls.append)
    _read_ahead(argv)
    assert calls == ([Path(started)] if started else [])


def test_small_files_or_one_core_are_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    opened = open_parsed_stream(path, None, None)
    assert isinstance(opened, LocalParsedStream)
    opened.close()
    monkeypatch.setattr(parsed_stream, "READER_PROCESS_BYTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    opened = open_parsed_stream(path, None, None)
    assert isinstance(opened, LocalParsedStream)
    opened.close()


def test_a_file_the_reader_refuses_gets_the_same_message(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.xlsx"
    good = history_xlsx(tmp_path / "h.xlsx", ROWS)
    bad.write_bytes(good.read_bytes()[:2000])  # cut short: the zip is damaged
    with pytest.raises(ImportFileError) as here:
        run_import(ledger, bad, kind="sales_history")
    _always_a_process(monkeypatch)
    with pytest.raises(ImportFileError) as there:
        run_import(ledger, bad, kind="sales_history")
    assert (there.value.code, there.value.message_zh) == (here.value.code, here.value.message_zh)


def _die(conn: Any, *args: Any) -> None:
    """A reader that stops without a word (as when the system ends it for memory)."""
    conn.close()
    os._exit(3)


def test_a_reader_that_dies_is_reported_plainly(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    _always_a_process(monkeypatch)
    monkeypatch.setattr(parsed_stream, "_reader_main", _die)
    with pytest.raises(ImportFileError) as caught:
        run_import(ledger, path, kind="sales_history", options=ImportOptions(create_missing=True))
    assert caught.value.code == "reader_died"
    assert "内存" in caught.value.message_zh
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0


def test_import_errors_survive_the_pipe() -> None:
    err = ImportFileError("corrupt", "文件已损坏", "The file is damaged")
    back = pickle.loads(pickle.dumps(err))
    assert (back.code, back.message_zh, back.message_en) == (
        "corrupt",
        "文件已损坏",
        err.message_en,
    )


def test_pack_keeps_every_value_exactly() -> None:
    decimals = [Decimal("1.50"), None, Decimal("-0.001"), Decimal("1E+3"), Decimal("12"), None]
    mixed = ["A", None, 3, date(2024, 1, 2), DiscountCell(Decimal("0.9"), True), "B"]
    parsed = ParsedColumns(
        [2, 3, 4, 5, 6, 7],
        {"qty": decimals, "party": mixed, "empty": [None] * 6},
        {1: [Issue("缺少数量", "qty is missing", 8, "qty")]},
    )
    back = unpack(pickle.loads(pickle.dumps(pack(parsed))))
    assert back.excel_rows == parsed.excel_rows and back.problems == parsed.problems
    assert back.columns["party"] == mixed and back.columns["empty"] == [None] * 6
    assert [None if v is None else (str(v), v.as_tuple()) for v in back.columns["qty"]] == [
        None if v is None else (str(v), v.as_tuple()) for v in decimals
    ]


def test_lines_taken_back_leave_their_bill(ledger: Any) -> None:
    """Rows retracted after they were handed out (titles of a next table) come off the bill
    they were added to, totals included; a bill left without lines goes."""
    from desktop.importing.kinds.base import Context
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.importing.kinds.history_stream import HistoryStream

    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    handler = HistoryHandler("sales")
    columns = {
        "doc_number": ["S1", "S1", "S2"],
        "doc_date": [date(2024, 1, 5)] * 3,
        "party_code": ["K1"] * 3,
        "product_code": ["000123"] * 3,
        "qty": [Decimal(2), Decimal(3), Decimal(1)],
        "unit_price": [Decimal(10)] * 3,
    }
    with ledger.read() as session:
        stream = HistoryStream(handler, session, Context(ImportOptions()))
        stream.add_parsed(ParsedColumns([2, 3, 4], columns, {}))
        s1, s2 = stream.bills["imp:sales:S1"], stream.bills["imp:sales:S2"]
        assert [r[2] for r in s1[6]] == [1, 2] and s1[9] == 5000 and s2[9] == 1000
        stream.retract([3, 4])
        assert "imp:sales:S2" not in stream.bills
        assert [r[2] for r in s1[6]] == [1] and s1[7:] == [1770, 230, 2000]
        assert [line[0] for line in stream.lines] == [2]


def test_a_sheet_too_large_is_refused_by_the_reader_too(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader loads the sheet while it checks the extent; the check still decides."""
    from desktop.importing.safety import Limits

    path = history_xlsx(tmp_path / "h.xlsx", ROWS)
    limits = Limits(max_cells=20)
    with pytest.raises(ImportFileError) as here:
        run_import(ledger, path, kind="sales_history", limits=limits)
    _always_a_process(monkeypatch)
    with pytest.raises(ImportFileError) as there:
        run_import(ledger, path, kind="sales_history", limits=limits)
    assert here.value.code == there.value.code == "sheet_too_large"
    assert there.value.message_zh == here.value.message_zh


@pytest.mark.parametrize("sheet", [None, 1, "明细"])
def test_loading_ahead_reads_the_sheet_the_check_chooses(tmp_path: Path, sheet: Any) -> None:
    """An empty first sheet: the sheet loaded ahead is not the one chosen, and is dropped."""
    from desktop.importing.reader import stream_workbook

    wb = Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("明细")
    for row in ROWS:
        ws.append(row)
    path = tmp_path / "two.xlsx"
    wb.save(path)
    books = []
    for ahead in (False, True):
        stream = stream_workbook(path, sheet, load_ahead=ahead)
        books.append((stream.book.sheet, stream.book.rows, list(stream.rest())))
        stream.close()
    assert books[0] == books[1]
    assert books[1][0] == "明细" and len(books[1][1]) == len(ROWS)
