"""Big-file paths: the streamed history import, the quick extent check, the table scanner.

The streamed history import must decide exactly what the whole-grid path decides (the GUI
uses that one), create missing customers and products in bulk with audit entries that undo
finds, and stay idempotent.
"""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.importing.header import find_table, is_total_row
from desktop.importing.kinds.base import Context, ImportOptions
from desktop.importing.plan import prepare, run_import
from desktop.importing.reader import read_workbook, stream_workbook
from desktop.importing.rows import parse_rows
from desktop.importing.safety import xlsx_extent, xlsx_extent_bound
from desktop.importing.undo import undo_batch
from desktop.importing.values import _tidy, float_to_decimal, parse_amount
from desktop.models import AuditEntry, Document, OutboxEntry, Party, Product
from desktop.services.checks import run_checks
from tests.helpers import customer, product, supplier

ROWS: list[list[Any]] = [
    [
        "单号",
        "日期",
        "客户编码",
        "客户名称",
        "商品编码",
        "商品名称",
        "单位",
        "数量",
        "单价",
        "金额",
    ],
    ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 10, 2, 20],
    ["S1", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 2, "2", 5],  # note
    ["S2", "2024-01-06", "K1", "甲公司", "000999", "新商品", "个", 1, 1, 1],
    ["S2", "2024-01-06", "K1", "甲公司", "000123", "螺丝 M6", "盒", 1, 1, 1],  # bad unit
    ["S3", "2024-01-07", "K9", "新客户", "000998", "另一新商品", "个", 3, 1.5, 4.5],
    ["S3", "2024-01-08", "K9", "新客户", "000998", "另一新商品", "个", 3, 1.5, 4.5],  # date
    [None, "2024-01-09", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 3, 3],
    [None, "2024-01-09", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 3, 3],
    ["S4", "2024-01-10", "K1", "甲公司", "000123", "螺丝 M6", "个", "abc", 3, 3],
    ["合计", None, None, None, None, None, None, None, None, 40],
]


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["销售明细"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _classic(
    ledger: Any, path: Path, options: ImportOptions, kind: str = "sales_history"
) -> list[tuple[int, str, str]]:
    prepared = prepare(path, kind)
    rows = parse_rows(prepared.table.rows, prepared.mapping, prepared.handler.fields)
    with ledger.read() as session:
        prepared.handler.evaluate(session, rows, Context(options, path.name))
    return [(r.excel_row, r.outcome, r.reason("en")) for r in rows]


def _classic_commit(
    ledger: Any, path: Path, options: ImportOptions, kind: str = "sales_history"
) -> dict[str, int]:
    """The row path end to end: every row evaluated and written by ``HistoryHandler``."""
    from desktop.importing.rows import counts

    prepared = prepare(path, kind)
    rows = parse_rows(prepared.table.rows, prepared.mapping, prepared.handler.fields)
    with ledger.unit() as uow:
        ctx = Context(options, path.name)
        prepared.handler.evaluate(uow.session, rows, ctx)
        prepared.handler.apply(uow, rows, ctx)
    return counts(rows, len([s for s in prepared.table.skipped if s.reason != "blank"]))


def test_streamed_history_matches_whole_grid_path(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    path = _xlsx(tmp_path / "h.xlsx", ROWS)
    for options in (ImportOptions(), ImportOptions(create_missing=True)):
        preview = run_import(ledger, path, kind="sales_history", dry_run=True, options=options)
        streamed = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
        assert streamed == _classic(ledger, path, options)
        assert [s.reason for s in preview.skipped_rows] == ["total"]
    opts = ImportOptions(create_missing=True)
    report = run_import(ledger, path, kind="sales_history", options=opts)
    assert report.counts["new"] == 4 and report.counts["error"] == 5
    assert report.rows[1].notes  # amount differs from qty × price: kept with its Row
    summary = report.summary("en")
    assert {e["row"] for e in summary["errors"]} == {5, 6, 7, 8, 11}
    with ledger.read() as s:
        assert run_checks(s) == []
        assert s.scalar(select(func.count()).select_from(Document)) == 3
        made = s.scalars(select(Party).where(Party.name == "新客户")).all()
        assert made == []  # S3 had an error: its new customer is not created
        new_products = s.scalar(select(func.count()).select_from(Product))
        assert new_products == 1
    again = run_import(ledger, path, kind="sales_history", options=opts)
    assert again.batch_id is None and again.counts["unchanged"] == 4
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert run_checks(s) == []


def test_bulk_created_records_are_audited_and_undone(ledger: Any, tmp_path: Path) -> None:
    rows = [ROWS[0]] + [
        [f"X{i}", "2024-02-01", f"C{i % 3}", f"客户{i % 3}", f"P{i}", f"商品{i}", "个", 1, 2, 2]
        for i in range(12)
    ]
    path = _xlsx(tmp_path / "new.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 12
    with ledger.read() as s:
        assert run_checks(s) == []
        party = s.scalars(select(Party).where(Party.name == "客户1")).one()
        assert party.code == "C1" and party.is_customer and "kehu" in party.search_key
        prod = s.scalars(select(Product).where(Product.code == "P3")).one()
        assert "shangpin" in prod.search_key and prod.base_unit == "个"
        entries = s.scalars(select(AuditEntry).where(AuditEntry.batch_id == report.batch_id)).all()
        assert sum(e.entity == "party" for e in entries) == 3
        assert sum(e.entity == "product" for e in entries) == 12
        intents = s.scalars(select(OutboxEntry.intent)).all()
        assert intents.count("party.create") == 3 and intents.count("product.create") == 12
    undo_batch(ledger, str(report.batch_id))
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Party)) == 0
        assert s.scalar(select(func.count()).select_from(Product)) == 0
        assert run_checks(s) == []


def test_stream_workbook_gives_the_same_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["C3"] = "标题"
    ws.append([None, None, "单号", "日期", "数量"])
    for i in range(300):
        ws.append([None, None, f"S{i}", datetime(2024, 1, 1), i if i % 7 else "  "])
    ws.append([])
    ws.append([None, None, "合计", None, 100])
    wb.save(tmp_path / "s.xlsx")
    whole = read_workbook(tmp_path / "s.xlsx").rows
    stream = stream_workbook(tmp_path / "s.xlsx", head_rows=10)
    assert stream.book.partial and len(stream.book.rows) < len(whole)
    rows = stream.book.rows + list(stream.rest())
    while rows and not rows[-1]:
        rows.pop()
    assert rows == whole


def test_quick_extent_bound(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["a", 1])
    wb.active["Z20"] = 5
    wb.save(tmp_path / "small.xlsx")
    with zipfile.ZipFile(tmp_path / "small.xlsx") as zf:
        assert xlsx_extent_bound(zf, "Sheet") == (999_999, 26)
        assert xlsx_extent(zf, "Sheet") == (20, 26)
    wb.active["AA2"] = 1
    wb.save(tmp_path / "wide.xlsx")
    with zipfile.ZipFile(tmp_path / "wide.xlsx") as zf:
        assert xlsx_extent_bound(zf, "Sheet") is None


def test_scanner_shortcuts_keep_the_answers() -> None:
    assert is_total_row(["合 计", None, 5])
    assert is_total_row([None, "ＴＯＴＡＬ", 5])
    assert is_total_row(["Sub-Total:", 5])
    assert not is_total_row(["XS0001", date(2024, 1, 1), "x", "合计"])  # 4th filled cell
    rows = [
        ["名称", "数量", "单价"],
        ["a", 1, 2],
        ["名称", "数量", "单价"],
        ["b", 2, 3],
        [],
        ["第二张表"],
        ["名称", "数量", "单价"],
        ["c", 3, 4],
    ]
    table = find_table(rows, header_index=0)
    assert [r.excel_row for r in table.rows] == [2, 4]
    assert [(s.excel_row, s.reason) for s in table.skipped] == [
        (3, "repeated_header"),
        (6, "next_table_title"),
    ]
    assert table.skipped[1].text == "第二张表"


def test_parse_amount_float_fast_path_matches() -> None:
    for x in (0.1, 12.3, 1e14, 12.0, -5.5, 0.30000000000000004, 1e-11, -0.0, 123456789.125):
        got = parse_amount(x)
        slow = _tidy(float_to_decimal(x))  # the general path
        assert got == slow and str(got) == str(slow)


def test_bulk_creation_conflict_aborts_the_whole_import(ledger: Any, tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        ["A1", "2024-03-01", "K7", "丙公司", "P1", "商品甲", "个", 1, 2, 2],
        ["A2", "2024-03-01", "K7", "丙公司", "P1", "商品乙", "个", 1, 2, 2],  # same code
    ]
    path = _xlsx(tmp_path / "dup.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.aborted is not None and report.batch_id is None
    assert "P1" in report.aborted.reason("en")
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Party)) == 0


def test_error_workbook_of_a_streamed_csv_has_every_row(ledger: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop.importing.error_workbook import write_error_workbook

    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    lines = ["单号,日期,客户名称,商品编码,数量,单价"]
    lines += [f"S{i},2024-01-05,甲公司,000123,{i + 1},2" for i in range(120)]
    lines.append("S999,2024-01-05,甲公司,000123,abc,2")
    path = tmp_path / "h.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = run_import(ledger, path, kind="sales_history", dry_run=True)
    assert report.prepared.book.partial and report.counts["error"] == 1
    out = tmp_path / "errors.xlsx"
    assert write_error_workbook(report, out) == 1
    ws = load_workbook(out).active
    assert ws.max_row == 122 and ws.cell(row=122, column=1).value == "S999"
    assert ws.cell(row=122, column=7).value


def _random_history(seed: int, lines: int, who: str = "客户") -> list[list[Any]]:
    """A messy sales history: multi-line bills, rows without numbers (some identical), pack
    units, unknown units, zero quantities, prices from amounts, odd decimals, disagreeing
    amounts, tax rates, a bill whose later line has another date, new customers/products."""
    import random

    rnd = random.Random(seed)
    rows: list[list[Any]] = [
        [
            "单号",
            "日期",
            f"{who}编码",
            f"{who}名称",
            "商品编码",
            "商品名称",
            "单位",
            "数量",
            "单价",
            "金额",
            "税率",
            "业务员",
            "备注",
            "折扣",
        ]
    ]
    parties = [("K1", "甲公司"), ("K2", "乙公司"), ("K7", "新客户七"), ("", "无编码客户"), ("", "")]
    goods = [("000123", "螺丝 M6"), ("000124", "螺母 M6"), ("000777", "新商品"), ("", "无码商品")]
    n = 0
    while n < lines:
        number = rnd.choice([f"S{rnd.randrange(60)}", None, None])
        day = date(2024, 1, 1 + rnd.randrange(20))
        pcode, pname = rnd.choice(parties)
        for _ in range(rnd.choice([1, 1, 2, 3])):
            code, name = rnd.choice(goods)
            unit = rnd.choice(["个", "个", "箱", None, "盒"])
            qty: Any = rnd.choice([1, 2, 10, 0, 1.5, 1.23456, 3, "2"])
            price: Any = rnd.choice([2, 2.5, 0.333, 1.2345678, None, "¥3.10"])
            amount: Any = rnd.choice([None, "match", "match", 99])
            if amount == "match":
                q = float(qty)
                amount = round(q * float(str(price).strip("¥")), 2) if price is not None else q
            rate = rnd.choice([None, None, "13%", 0.09, 0])
            when = day if rnd.random() > 0.05 else date(2024, 2, 1)
            rows.append(
                [
                    number,
                    when,
                    pcode,
                    pname,
                    code,
                    name,
                    unit,
                    qty,
                    price,
                    amount,
                    rate,
                    rnd.choice(["王五", None]),
                    rnd.choice(["", "加急"]),
                    rnd.choice([None, None, 1, 0, "9折", 0.9, "10%", 0.1, "95折", "x", 1.5]),
                ]
            )
            n += 1
    return rows


def _line_figures(ledger: Any) -> list[tuple[Any, ...]]:
    from desktop.models import DocumentLine

    with ledger.read() as s:
        return sorted(
            (
                d.external_ref,
                d.doc_date,
                d.total,
                d.notes,
                d.salesperson,
                ln.line_no,
                ln.unit,
                ln.unit_factor,
                ln.qty,
                ln.unit_price,
                ln.tax_rate,
                ln.net_amount,
                ln.tax_amount,
                ln.total_amount,
            )
            for d, ln in s.execute(
                select(Document, DocumentLine).join(
                    DocumentLine, DocumentLine.document_id == Document.id
                )
            )
        )


def _standing(ledger: Any) -> tuple[list[Any], list[Any]]:
    """Balances by party name and stock by product code (ids differ between twin ledgers)."""
    from desktop.models import PartyBalance, StockBalance

    with ledger.read() as s:
        balances = s.execute(
            select(Party.name, PartyBalance.account, PartyBalance.balance).join(
                Party, Party.id == PartyBalance.party_id
            )
        ).all()
        stock = s.execute(
            select(Product.code, StockBalance.qty, StockBalance.value).join(
                Product, Product.id == StockBalance.product_id
            )
        ).all()
    return sorted(map(tuple, balances)), sorted(map(tuple, stock))


@pytest.mark.parametrize(
    ("kind", "posting"),
    [
        ("sales_history", {}),
        ("purchase_history", {"post_balances": True, "move_stock": True}),
    ],
)
def test_streamed_fast_path_matches_row_path_on_random_files(
    ledger_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    posting: dict[str, bool],
) -> None:
    """The streamed import works ordinary lines out on integers and sends the rest through
    the row path; on files full of odd lines it must decide and write exactly what the
    whole-grid path does."""
    import shutil

    from desktop.importing import plan
    from desktop.importing.kinds.history_stream import HistoryStream
    from desktop.services.ledger import Ledger

    monkeypatch.setattr(plan, "CHUNK_ROWS", 64)  # several chunks: caches carried across
    plain = HistoryStream._plain_lines
    taken = [0, 0]

    def counting(self: HistoryStream, parsed: Any) -> Any:
        out = plain(self, parsed)
        taken[0] += sum(1 for item in out if item is not None)
        taken[1] += len(out)
        return out

    monkeypatch.setattr(HistoryStream, "_plain_lines", counting)

    base = Ledger.open(ledger_path, actor="tester")
    party, who = (customer, "客户") if kind == "sales_history" else (supplier, "供应商")
    party(base, "甲公司", code="K1")
    party(base, "乙公司", code="K2")
    product(base, "000123", "螺丝 M6")
    product(base, "000124", "螺母 M6", tax_rate="0.06")
    base.close()
    for seed in (1, 2, 3):
        # a fresh pair per file: created parties get other ids in each ledger, and numberless
        # bills are recognised by a fingerprint that includes them
        paths = [tmp_path / f"s{seed}.zhangfang", tmp_path / f"c{seed}.zhangfang"]
        for copy in paths:
            shutil.copyfile(ledger_path, copy)
        streamed_ledger, classic_ledger = (Ledger.open(p, actor="tester") for p in paths)
        try:
            path = _xlsx(tmp_path / f"r{seed}.xlsx", _random_history(seed, 400, who))
            for options in (ImportOptions(), ImportOptions(create_missing=True)):
                preview = run_import(
                    streamed_ledger, path, kind=kind, dry_run=True, options=options
                )
                streamed = [(r.excel_row, r.outcome, r.reason("en")) for r in preview.rows]
                assert streamed == _classic(streamed_ledger, path, options, kind)
            options = ImportOptions(create_missing=True, **posting)
            report = run_import(streamed_ledger, path, kind=kind, backup=False, options=options)
            classic = _classic_commit(classic_ledger, path, options, kind)
            assert report.counts == classic
            assert report.counts["new"] > 50 and report.counts["error"] > 10
            assert _line_figures(streamed_ledger) == _line_figures(classic_ledger)
            assert _standing(streamed_ledger) == _standing(classic_ledger)
            if posting:  # balances and stock did move, so the comparison says something
                assert all(_standing(streamed_ledger))
            with streamed_ledger.read() as s:
                assert run_checks(s) == []
        finally:
            streamed_ledger.close()
            classic_ledger.close()
    # the integer path took its share (most random lines are odd on purpose)
    assert taken[0] > 150


def _random_grid(seed: int) -> list[list[Any]]:
    import random

    rnd = random.Random(seed)
    header = ["序号", "单号", "日期", "客户", "商品", "数量", "单价", "金额"]
    grid: list[list[Any]] = [["销售明细表"], header]
    cells: list[Any] = [
        None,
        "",
        "  ",
        "合计",
        "小计：",
        "Total",
        "—",
        "NA",
        "S1",
        "甲公司",
        "螺丝",
        3,
        2.5,
        float("nan"),
        True,
        date(2024, 1, 2),
        "数量",
        "单价",
    ]
    for _ in range(300):
        kind = rnd.random()
        if kind < 0.05:
            grid.append([])
        elif kind < 0.08:
            grid.append(list(header))
        else:
            width = rnd.randrange(1, 11)
            row = [rnd.choice(cells) for _ in range(width)]
            if rnd.random() < 0.6:  # an ordinary line
                row = [rnd.randrange(99), "S1", date(2024, 1, 2), "甲公司", "螺丝", 3, 2.5, 7.5]
                if rnd.random() < 0.2:
                    row[rnd.randrange(8)] = rnd.choice(cells)
            grid.append(row)
    return grid


@pytest.mark.parametrize("seed", range(8))
def test_scanner_shortcut_gives_the_full_answers(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows whose cell types settle the table tests take a shortcut; it must answer exactly
    as the full tests do (repeated headers, totals, blanks, placeholders, NaN, bools)."""
    from desktop.importing import header

    grid = _random_grid(seed)
    quick = find_table(grid, kind="sales_history")
    monkeypatch.setattr(header._Lane, "for_signature", classmethod(lambda cls, sig, sc: None))
    full = find_table(grid, kind="sales_history")
    assert quick.rows == full.rows
    assert quick.skipped == full.skipped
    assert quick.next_table_index == full.next_table_index
    assert len(full.rows) > 50


def _indexes(ledger: Any) -> list[tuple[str, str]]:
    with ledger.read() as s:
        return sorted(
            s.connection()
            .exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
            .all()
        )


def _big_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.importing.kinds import bulk

    monkeypatch.setattr(bulk, "DEFER_INDEX_ROWS", 5)  # as if the file were big
    monkeypatch.setattr(bulk, "SLICE_DOCS", 3)  # several slices


def test_bulk_write_rebuilds_the_indexes_it_defers(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _big_enough(monkeypatch)
    before = _indexes(ledger)
    rows = [ROWS[0]] + [
        [
            f"X{i}",
            "2024-02-01",
            f"C{i % 3}",
            f"客户{i % 3}",
            f"P{i % 4}",
            f"商品{i % 4}",
            "个",
            1,
            2,
            2,
        ]
        for i in range(40)
    ]
    path = _xlsx(tmp_path / "big.xlsx", rows)
    report = run_import(
        ledger, path, kind="sales_history", options=ImportOptions(create_missing=True)
    )
    assert report.counts["new"] == 40
    assert _indexes(ledger) == before
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 40
        assert run_checks(s) == []


def test_bulk_write_error_rolls_everything_back_indexes_included(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.importing.kinds import bulk

    _big_enough(monkeypatch)
    monkeypatch.setattr(bulk, "_LINE_SQL", bulk._LINE_SQL.replace("notes)", "no_such_column)"))
    before = _indexes(ledger)
    rows = [ROWS[0]] + [
        [f"X{i}", "2024-02-01", "C1", "客户1", "P1", "商品1", "个", 1, 2, 2] for i in range(20)
    ]
    path = _xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises((OperationalError, sqlite3.OperationalError)):
        run_import(ledger, path, kind="sales_history", options=ImportOptions(create_missing=True))
    assert _indexes(ledger) == before
    with ledger.read() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
        assert s.scalar(select(func.count()).select_from(Party)) == 0


@pytest.mark.parametrize(
    ("discount", "amount", "off", "total"),
    [
        (0.9, 90, "0.1", "90.00"),  # share paid, the amount agrees
        ("10%", 90, "0.1", "90.00"),  # share off, the amount agrees
        (0.1, 90, "0.1", "90.00"),
        (0.9, None, "0.1", "90.00"),  # no amount: more than half reads as the share paid
        (0.1, None, "0.1", "90.00"),  # ... and less as the share taken off
        ("9折", None, "0.1", "90.00"),
        ("95折", 95, "0.05", "95.00"),
        (0.9, 100, "0", "100.00"),  # the price already had it: the amount says so
        (1, None, "0", "100.00"),
        (0, None, "0", "100.00"),
    ],
)
def test_history_discounts_are_read_as_the_file_means_them(
    ledger: Any, tmp_path: Path, discount: Any, amount: Any, off: str, total: str
) -> None:
    from decimal import Decimal

    from desktop.models import DocumentLine

    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户名称", "商品编码", "数量", "单价", "折扣", "金额"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 10, discount, amount],
    ]
    report = run_import(ledger, _xlsx(tmp_path / "d.xlsx", rows), kind="sales_history")
    assert report.counts["new"] == 1, report.summary("en")["rows"]
    assert not report.rows[0].notes
    with ledger.read() as s:
        line = s.scalars(select(DocumentLine)).one()
        assert line.discount_rate == Decimal(off)
        assert line.total_amount == Decimal(total)


def test_a_discount_nobody_can_read_is_a_row_error(ledger: Any, tmp_path: Path) -> None:
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [
        ["单号", "日期", "客户名称", "商品编码", "数量", "单价", "折扣"],
        ["S1", "2024-01-05", "甲公司", "000123", 10, 10, "150"],
        ["S2", "2024-01-05", "甲公司", "000123", 10, 10, "0折"],
        ["S3", "2024-01-05", "甲公司", "000123", 10, 10, -1],
        ["S4", "2024-01-05", "甲公司", "000123", 10, 10, "打折"],
    ]
    report = run_import(ledger, _xlsx(tmp_path / "d.xlsx", rows), kind="sales_history")
    assert report.counts["error"] == 4
    assert all("折扣" in r.reason("zh") for r in report.rows)


def test_wizard_path_reports_progress_per_chunk_and_can_stop(
    ledger: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big history file in the wizard: progress moves chunk by chunk during evaluation,
    and stopping there (the step raises) writes nothing."""
    from desktop.importing import plan
    from desktop.importing.plan import commit_prepared
    from tests.helpers import row_counts

    monkeypatch.setattr(plan, "CHUNK_ROWS", 3)
    customer(ledger, "甲公司", code="K1")
    product(ledger, "000123", "螺丝 M6")
    rows = [ROWS[0]] + [
        [f"S{i}", "2024-01-05", "K1", "甲公司", "000123", "螺丝 M6", "个", 1, 2, 2]
        for i in range(12)
    ]
    prepared = prepare(_xlsx(tmp_path / "p.xlsx", rows), "sales_history")
    seen: list[int] = []

    class Stop(Exception):
        pass

    def step(percent: int, _text: str = "") -> None:
        seen.append(percent)
        if percent >= 20:
            raise Stop

    before = row_counts(ledger)
    with pytest.raises(Stop):
        commit_prepared(ledger, prepared, ImportOptions(), backup=False, step=step)
    assert seen[0] == 5 and len(seen) >= 3 and seen == sorted(seen)
    assert row_counts(ledger) == before
