"""The shortcuts a big history import takes (issue 15's throughput work) answer as the full
paths do: lines of records first seen in the same chunk, product names with the letters of
"total", and a sheet the extent checks cannot vouch for, loaded once in a reader process."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.importing.header import find_table, is_total_word
from desktop.importing.kinds.base import ImportOptions
from desktop.importing.plan import run_import
from desktop.models import Party, Product
from tests.core.importing.history_files import ROWS, classic_commit, classic_outcomes, history_xlsx
from tests.core.importing.test_import_history_paths import _line_figures

#: one new customer or product written several ways: full-width, spaces, case
PARTIES = [
    ("K7", "新客户七"),
    ("k7", "新客户七"),
    ("Ｋ７", "新客户七"),
    ("", "新客户 八"),
    ("", "新客户八"),
    ("", "ＡＢＣ Trading"),
    ("", "abc trading"),
    ("", "ABC  TRADING"),
    ("", ""),  # 散客
    ("8801", ""),  # known only by an ID
    ("８８０１", ""),
]
GOODS = [
    ("P1", "Widget"),
    ("p1", "widget"),
    ("Ｐ１", "WIDGET"),
    ("", "螺丝 M8"),
    ("", "螺丝M8"),
    ("", "螺丝 m8"),
    ("", "ＨＯＬＤＥＲ"),
    ("000123", "螺丝 M6"),  # in the ledger
]


def _tricky_rows() -> list[list[Any]]:
    rows: list[list[Any]] = [list(ROWS[0])]
    for i in range(150):
        code, name = PARTIES[(i // 3) % len(PARTIES)]  # a bill of three lines, one party
        pcode, pname = GOODS[(i * 5) % len(GOODS)]
        number = f"S{i // 3}" if i % 7 else None
        unit = "箱" if i % 23 == 7 else None  # a unit a new product lacks: the row path
        rows.append([number, "2024-03-01", code, name, pcode, pname, unit, 1 + i % 4, 2.5, None])
    return rows


def _records(ledger: Any) -> tuple[list[Any], list[Any]]:
    with ledger.read() as s:
        parties = sorted(s.execute(select(Party.code, Party.name)).all())
        products = sorted(s.execute(select(Product.code, Product.name, Product.base_unit)).all())
    return [tuple(p) for p in parties], [tuple(p) for p in products]


def test_new_records_repeated_within_a_chunk_decide_as_the_row_path(
    ledger_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All 150 lines are one chunk: a new customer or product goes through the row path on
    its first line, and its later lines (the same key, now cached) take the plain path
    again. Outcomes, notes, the records made and every line's figures are the row path's."""
    from desktop.importing.kinds.history import HistoryHandler
    from desktop.services.ledger import Ledger
    from tests.helpers import product

    evaluated = [0]
    evaluate = HistoryHandler.evaluate_rows

    def counting(self: HistoryHandler, rows: list[Any], ctx: Any) -> None:
        evaluated[0] += len(rows)
        evaluate(self, rows, ctx)

    base = Ledger.open(ledger_path, actor="tester")
    product(base, "000123", "螺丝 M6")
    base.close()
    paths = [tmp_path / "s.zhangfang", tmp_path / "c.zhangfang"]
    for copy in paths:
        shutil.copyfile(ledger_path, copy)
    streamed_ledger, classic_ledger = (Ledger.open(p, actor="tester") for p in paths)
    try:
        path = history_xlsx(tmp_path / "t.xlsx", _tricky_rows())
        options = ImportOptions(create_missing=True)
        preview = run_import(streamed_ledger, path, kind="sales_history", dry_run=True)
        streamed = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
        assert streamed == classic_outcomes(streamed_ledger, path, ImportOptions())
        monkeypatch.setattr(HistoryHandler, "evaluate_rows", counting)
        report = run_import(
            streamed_ledger, path, kind="sales_history", backup=False, options=options
        )
        monkeypatch.undo()
        classic = classic_commit(classic_ledger, path, options)
        assert report.counts == classic
        assert report.counts["new"] > 100 and report.counts["error"] > 5
        said = [(r.excel_row, r.outcome, r.reason("en")) for r in report.rows]
        assert any("An earlier row of this file creates" in reason for _, _, reason in said)
        assert _line_figures(streamed_ledger) == _line_figures(classic_ledger)
        assert _records(streamed_ledger) == _records(classic_ledger)
        # the row path saw the first lines of each record and the odd units, not all lines
        assert 0 < evaluated[0] < 80
    finally:
        streamed_ledger.close()
        classic_ledger.close()


def test_total_letters_in_a_name_keep_the_row_in_its_lane(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A product called "...HOLDER" has the letters of "total": the row is data, decided
    in its lane; a real totals row is still left out, exactly as the full tests decide."""
    from desktop.importing import header

    assert not is_total_word("WHITE HANGING HEART T-LIGHT HOLDER")
    assert is_total_word("ＴＯＴＡＬ") and is_total_word("合计：") and is_total_word("Sub-Total:")
    grid: list[list[Any]] = [["单号", "商品名称", "数量", "单价"]]
    names = [
        "T-LIGHT HOLDER BOTTLE",
        "Total Bag",
        "SUM UP SET",
        "小计划本",
        "Total",
        "合 计",
        "MUG",
    ]
    for i in range(70):
        grid.append([1000 + i, names[i % len(names)], 1 + i % 3, 2.5])
    grid.append(["Total", None, 140, None])
    quick = find_table(grid, kind="sales_history")
    monkeypatch.setattr(header._Lane, "for_signature", classmethod(lambda cls, sig, sc: None))
    full = find_table(grid, kind="sales_history")
    assert quick.rows == full.rows and quick.skipped == full.skipped
    totals = {s.text.split(" | ")[1] for s in full.skipped if s.excel_row <= 71}
    assert totals == {"Total", "合 计", "小计划本"}  # 小计… is read as 小计 (the rule's prefix)
    assert len(full.rows) == 40


def _two_sheets(path: Path, first_empty: bool) -> Path:
    wb = Workbook()
    wb.active.title = "说明"
    if not first_empty:
        for row in ROWS:
            wb.active.append(row)
    ws = wb.create_sheet("明细")
    for row in ROWS[:4]:
        ws.append(row)
    wb.save(path)
    return path


class _CountingBook:
    """A calamine workbook that counts the sheets it loads (and does everything else)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self.loads: list[str] = []

    def get_sheet_by_name(self, name: str) -> Any:
        self.loads.append(name)
        return self._book.get_sheet_by_name(name)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)


@pytest.mark.parametrize(
    ("sheet", "first_empty", "loads"),
    [
        (None, False, ["说明"]),  # the sheet loaded ahead is the one chosen: loaded once
        ("说明", False, ["说明"]),
        (1, False, ["明细"]),
        (None, True, ["说明", "说明", "明细", "明细"]),  # empty: the others are tried
    ],
)
def test_a_sheet_the_checks_cannot_vouch_for_is_loaded_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sheet: Any,
    first_empty: bool,
    loads: list[str],
) -> None:
    """In a reader process, a sheet whose extent is not vouched for (as Excel's own files
    of more than 8 MB) is chosen from the load already made ahead, not loaded again; the
    rows are those a read without loading ahead gives."""
    from desktop.importing import isolated, reader

    path = _two_sheets(tmp_path / "two.xlsx", first_empty)
    monkeypatch.setattr(isolated, "_in_reader", True)
    monkeypatch.setattr(reader, "sheet_extent", lambda zf, name: None)
    opened: list[_CountingBook] = []
    open_calamine = reader._open_calamine

    def counting_open(p: Path) -> Any:
        opened.append(_CountingBook(open_calamine(p)))
        return opened[-1]

    monkeypatch.setattr(reader, "_open_calamine", counting_open)
    books = []
    for ahead in (False, True):
        stream = reader.stream_workbook(path, sheet, load_ahead=ahead)
        books.append((stream.book.sheet, stream.book.rows, list(stream.rest())))
        stream.close()
    assert books[0] == books[1]
    assert books[1][1] and books[1][0] == (loads[-1])
    assert opened[1].loads == loads


def test_values_parsed_in_earlier_chunks_read_as_parsed_afresh() -> None:
    """A scan keeps what it parsed for its next chunks: 1, 1.0, "1" and True are equal
    keys but do not parse alike, a bad value stays a problem in every chunk, and a column
    whose types change between chunks reads as it reads alone."""
    from desktop.importing.header import DataRow
    from desktop.importing.mapping import Mapping
    from desktop.importing.plan import handler_for
    from desktop.importing.rows import parse_columns

    fields = handler_for("sales_history").fields
    columns = {"doc_number": 0, "product_code": 1, "qty": 2, "doc_date": 3}
    mapping = Mapping("sales_history", columns, ["单号", "商品编码", "数量", "日期"])
    values: list[Any] = [1, 1.0, True, "1", "0001", " 1 ", float("nan"), "abc", None, "2024-13-40"]
    chunks = [
        [[values[(i * k) % len(values)] for k in (1, 3, 7, 9)] for i in range(j, j + 12)]
        for j in range(0, 60, 12)
    ]
    memo: dict[str, dict[Any, Any]] = {}
    for n, cells in enumerate(chunks):
        rows = [DataRow(i + 2, row) for i, row in enumerate(cells)]
        alone = parse_columns(rows, mapping, fields)
        kept = parse_columns(rows, mapping, fields, memo)
        for name, column in alone.columns.items():
            got = kept.columns[name]
            assert [(type(a), str(a)) for a in column] == [(type(b), str(b)) for b in got], n
        assert alone.problems == kept.problems
        assert alone.problems  # bad values in every chunk
    assert memo["product_code"]


def test_a_lines_figures_are_worked_out_once_and_alike() -> None:
    """The (qty, price, rate) cache gives what ``line_cents`` gives on the scaled values,
    None where the row path must decide, and the same answer for equal values however
    many decimals they are written with."""
    from decimal import Decimal as D

    from desktop.importing.kinds.history_figures import NOT_YET, Scaled
    from desktop.money import line_cents

    scaled = Scaled()
    cases = [
        (D("3"), D("2.55"), D("0.13")),
        (D("-12"), D("0.85"), D("0")),
        (D("1.5"), D("0.333"), D("0.09")),
        (D("1.00005"), D("2"), D("0.13")),  # more decimals than stored
        (D("1"), D("2.1234567"), D("0.13")),
        (D("1"), D("1E+15"), D("0.13")),  # beyond the stored limits
        (D("1"), D("2"), D("-1")),
    ]
    for qty, price, rate in cases:
        assert scaled.lines.get((qty, price, rate), NOT_YET) is NOT_YET
        got = scaled.line(qty, price, rate)
        assert scaled.lines[(qty, price, rate)] == got
        q4, p6, r6 = (qty.scaleb(4), price.scaleb(6), rate.scaleb(6))
        whole = all(x == x.to_integral_value() for x in (q4, p6, r6))
        if not whole or r6 <= -1_000_000 or abs(price) >= 10**9:
            assert got is None
        else:
            assert got == (int(q4), int(p6), int(r6), *line_cents(int(q4), int(p6), int(r6)))
    assert scaled.lines.get((D("3.0"), D("2.550"), D("0.130"))) == scaled.lines[cases[0]]
